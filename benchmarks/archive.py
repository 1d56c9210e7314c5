#!/usr/bin/env python3
"""The SQLite claim archive at scale: indexing speed with 1 and 2 processes, archive size, and the latency
and memory of checking a 1,000-word draft against archives of 1k, 10k and 100k documents.

    python benchmarks/archive.py [--sizes 1000 10000 100000] [--rate-docs 1000] [--work DIR] [--repeat 5]

* Corpora come from benchmarks/make_corpus.py (600-word articles with front matter, seed 1), written
  once into `--work` (default $TMPDIR/factcheck-archive-bench) and reused, like the archives: an archive
  that is already complete is brought up to date (every file unchanged) instead of being rebuilt.
* Indexing rate: `factcheck index CORPUS --db NEW --jobs N` on the `--rate-docs` corpus into a fresh
  archive, for N = 1 and 2, as a subprocess; documents per second from the command's own summary
  (listing, reading, extracting and writing; not the interpreter's start). Targets: >= 50 documents/s
  per core; 2 processes >= 1.7x one.
* Archives of each size are built with every core (`--jobs` default); size = the file's bytes.
* Check latency: a fresh process opens the archive (`SqliteIndex`) and checks a 1,000-word draft about
  one of the archive's stories (make_corpus's article generator, 1,000 words) with
  `check_against(draft, archive)` `--repeat` + 1 times: the first call (lexicons and pint built) and
  the warm ones (best, median), `related()` alone (warm), and the process's peak memory (VmHWM). Then
  the whole command, `factcheck check DRAFT --against ARCHIVE --format json`, best of 3. Targets:
  warm check < 500 ms at 100k; memory flat as the archive grows.
* The load average is printed beside each timing: the machine may be shared.

Nothing here asserts; the figures go into docs/scale.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import generate  # noqa: E402
from text_table import table  # noqa: E402

SEED = 1
TARGET_RATE, TARGET_SPEEDUP, TARGET_WARM = 50.0, 1.7, 0.5

_PROBE = r"""
import json, statistics, sys, time
from pathlib import Path
from factcheck.archive import SqliteIndex
from factcheck.checker import check_against, rule_config
from factcheck.config import ExtractConfig
from factcheck.documents import read_document
from factcheck.extract import extract
from factcheck.rulepacks import default_rules

archive, draft_path, repeat = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
rules = default_rules()
config = rule_config(ExtractConfig(), rules)
t = time.perf_counter()
index = SqliteIndex(archive, config)
opened = time.perf_counter() - t
draft = read_document(draft_path)
times = []
for _ in range(repeat + 1):
    t = time.perf_counter()
    result = check_against([draft], index, config=config, rules=rules)
    times.append(time.perf_counter() - t)
claims = extract(draft, config)
related_times = []
for _ in range(repeat):
    t = time.perf_counter()
    related = index.related(claims)
    related_times.append(time.perf_counter() - t)
status = Path("/proc/self/status").read_text() if Path("/proc/self/status").exists() else ""
hwm = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), 0)
print(json.dumps({"open": opened, "first": times[0], "warm_best": min(times[1:]),
                  "warm_median": statistics.median(times[1:]), "related_best": min(related_times),
                  "related_documents": len(related.documents),
                  "related_claims": sum(len(c) for c in related.claims.values()), "draft_claims": len(claims),
                  "findings": len(result.report.findings), "peak_kib": hwm}))
"""


def factcheck_command() -> list[str]:
    exe = Path(sys.executable).parent / "factcheck"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "factcheck"]


def load() -> str:
    return f"load {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""


def corpus(work: Path, documents: int) -> Path:
    """The make_corpus archive of `documents` articles, written once."""
    out = work / f"corpus-{documents}"
    gold = out / "gold.yaml"
    if not (gold.exists() and re.search(rf"^documents: {documents}$", gold.read_text(encoding="utf-8")[:2000], re.M)):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, str(REPO / "benchmarks" / "make_corpus.py"), str(out), "--documents",
                        str(documents), "--seed", str(SEED)], check=True, stdout=subprocess.DEVNULL)
        print(f"  made {documents:,} articles in {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    return out


def index(folder: Path, db: Path, jobs: int | None) -> dict:
    """`factcheck index` as a subprocess; its JSON summary."""
    cmd = [*factcheck_command(), "index", str(folder), "--db", str(db), "--format", "json"]
    cmd += ["--jobs", str(jobs)] if jobs else []
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"factcheck index failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return json.loads(proc.stdout)


def draft(work: Path, words: int = 1000) -> Path:
    """A 1,000-word article about the archive's first story, as the draft."""
    article = next(generate(1, SEED, words))
    path = work / "draft.md"
    path.write_text(re.sub(r"^id: .*$", "id: draft", article.markdown(), count=1, flags=re.M), encoding="utf-8")
    return path


def probe(db: Path, draft_path: Path, repeat: int) -> dict:
    proc = subprocess.run([sys.executable, "-c", _PROBE, str(db), str(draft_path), str(repeat)], capture_output=True,
                          text=True, check=True)
    return json.loads(proc.stdout)


def cli_check(db: Path, draft_path: Path, runs: int = 3) -> float:
    cmd = [*factcheck_command(), "check", str(draft_path), "--against", str(db), "--format", "json"]
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        best = min(best, time.perf_counter() - t0)
        if proc.returncode not in (0, 1):
            raise SystemExit(f"factcheck check failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return best


def rates(work: Path, documents: int) -> None:
    folder = corpus(work, documents)
    per_jobs = {}
    for jobs in (1, 2):
        db = work / f"rate-{documents}-j{jobs}.sqlite"
        db.unlink(missing_ok=True)
        before = load()
        s = index(folder, db, jobs)
        per_jobs[jobs] = s["new"] / s["seconds"]
        print(f"index {documents:,} documents, --jobs {jobs}: {s['seconds']:.1f} s, {per_jobs[jobs]:.1f} documents/s "
              f"({per_jobs[jobs] / jobs:.1f} per process; target >= {TARGET_RATE:g}/core) [{before} -> {load()}]",
              flush=True)
        db.unlink(missing_ok=True)
    speedup = per_jobs[2] / per_jobs[1]
    print(f"2 processes / 1: {speedup:.2f}x (target >= {TARGET_SPEEDUP:g}x; {os.cpu_count()} cores)", flush=True)


def sizes(work: Path, counts: list[int], repeat: int) -> None:
    draft_path = draft(work)
    rows = [["documents", "build s", "docs/s", "MiB", "KiB/doc", "MiB/1k docs", "related docs/claims",
             "first s", "warm best s", "warm median s", "related s", "peak MiB", "CLI s"]]
    for n in counts:
        folder = corpus(work, n)
        db = work / f"archive-{n}.sqlite"
        before = load()
        s = index(folder, db, None)
        built = s["new"] + s["changed"]
        size = db.stat().st_size
        p = probe(db, draft_path, repeat)
        cli = cli_check(db, draft_path)
        rate = f"{built / s['seconds']:.1f}" if built else "(reused)"
        rows.append([f"{n:,}", f"{s['seconds']:.0f}" if built else "-", rate, f"{size / 2**20:,.1f}",
                     f"{size / n / 1024:.1f}", f"{size / n * 1000 / 2**20:.1f}",
                     f"{p['related_documents']}/{p['related_claims']}", f"{p['first']:.3f}", f"{p['warm_best']:.3f}",
                     f"{p['warm_median']:.3f}", f"{p['related_best']:.3f}", f"{p['peak_kib'] / 1024:.0f}",
                     f"{cli:.2f}"])
        print(f"  {n:,}: {rows[-1]} [{before} -> {load()}]", file=sys.stderr, flush=True)
    print(table(rows))
    print(f"draft: {draft_path} (1,000 words); warm = check_against in a process that has checked once; "
          f"target warm < {TARGET_WARM * 1000:.0f} ms at 100k")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000, 100000], help="archive sizes (documents)")
    ap.add_argument("--rate-docs", type=int, default=1000, help="corpus size for the 1 vs 2 processes rate (0: skip)")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "factcheck-archive-bench",
                    help="where corpora and archives are kept between runs")
    ap.add_argument("--repeat", type=int, default=5, help="warm checks per archive")
    args = ap.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    if args.rate_docs:
        rates(args.work, args.rate_docs)
    if args.sizes:
        sizes(args.work, args.sizes, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
