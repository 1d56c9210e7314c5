#!/usr/bin/env python3
"""Throughput, cold start and peak memory of `factcheck.extract`, beside quantulum3 as the baseline.

    python benchmarks/extract_speed.py [--words 50000] [--q3-words 10000] [--repeat 3] [--seeds 3]
                                       [--cold-runs 5] [--skip-quantulum3]

What is measured (one function per figure, so a later figure -- e.g. extraction "with context" --
is one more `measure_*` function registered in THROUGHPUT, and one more row):

* throughput: the five seed articles (seeds/*.txt, read as UTF-8) are split into paragraphs (non-blank
  lines) and the paragraph list is cycled until it holds `--words` words (whitespace-separated tokens).
  Both systems are called once per paragraph, because that is how quantulum3 is normally called (it
  gets slow and memory-hungry on long inputs) and it keeps the comparison like for like; both are also
  timed once per whole article (the articles cycled to the same size) as a second row -- quantulum3 is
  two to three times slower that way. quantulum3 is about ten times slower, so it gets a smaller corpus
  (`--q3-words`); every figure is reported per word. Each system is warmed up first (quantulum3 loads
  its unit tables on the first call, ~3 s), then timed `--repeat` times; the best run counts. Both
  systems' speed depends on Python's string-hash seed (by up to ~40 %; factcheck's output does not
  change), so each figure is measured in `--seeds` fresh processes with PYTHONHASHSEED=0,1,... and the
  median is reported with the spread.
* cold start: `factcheck extract seeds/000_5d08b504465bb4fc.txt --format json` as a subprocess, from
  process start to exit, best of `--cold-runs` (the `factcheck` console script next to this Python).
  If the CLI has no `extract` command yet, `python -c` calling `extract_text` on the file is timed
  instead and the row says so. quantulum3's import and import + first parse are timed the same way.
* peak memory: peak RSS of a child process that imports factcheck and extracts the whole repeated
  corpus (`--words` words) as one text, beside a child that only imports factcheck and one that runs
  quantulum3 over `--q3-words` words. Each child reports its own high-water mark (VmHWM, i.e. the
  ru_maxrss of a fresh process; see `_peak_kib`).

Targets: factcheck >= 10x quantulum3 words/s; peak memory < 300 MB. Nothing here asserts on timings.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
COLD_FILE = "seeds/000_5d08b504465bb4fc.txt"
TARGET_CONTEXT_COST = 2.0  # context may at most double the bare extraction's time
TARGET_RATIO = 10.0
TARGET_MB = 300.0


# ----------------------------------------------------------------------------- corpus
def load_seed_texts(seeds: Path = SEEDS) -> list[str]:
    """The seed articles as decoded text (BOM dropped), in file-name order."""
    return [p.read_text(encoding="utf-8-sig") for p in sorted(seeds.glob("*.txt"))]


def paragraphs(texts: list[str]) -> list[str]:
    return [line for text in texts for line in text.splitlines() if line.strip()]


def n_words(parts: list[str]) -> int:
    return sum(len(p.split()) for p in parts)


def cycle_to(parts: list[str], words: int) -> list[str]:
    """Cycle `parts` (whole items) until they hold at least `words` words."""
    out: list[str] = []
    total = 0
    while total < words:
        for p in parts:
            out.append(p)
            total += len(p.split())
            if total >= words:
                break
    return out


# ----------------------------------------------------------------------------- results
@dataclass
class Throughput:
    name: str
    words: int
    seconds: float  # best run
    outputs: int  # claims / quantities returned in that run

    @property
    def wps(self) -> float:
        return self.words / self.seconds if self.seconds else float("inf")


@dataclass
class Row:
    name: str
    value: str
    note: str = ""


def best_of(runs: int, fn: Callable[[], int]) -> tuple[float, int]:
    best, out = float("inf"), 0
    for _ in range(max(1, runs)):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def factcheck_available() -> str | None:
    """None when `factcheck.extract.extract_text` imports, else the reason it does not."""
    try:
        from factcheck.extract import extract_text  # noqa: F401
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


# ----------------------------------------------------------------------------- throughput
# Each function measures one figure in the current process; `run_throughput` runs it in fresh child
# processes (one per hash seed) and takes the median. To add a figure (e.g. extraction "with context"),
# write one more function and register it in THROUGHPUT.
def _factcheck_throughput(name: str, parts: list[str], repeat: int, *, context: bool) -> Throughput:
    """factcheck over `parts`, one `extract_text` call each; `context=False` gives the bare figures."""
    from factcheck.config import ExtractConfig
    from factcheck.extract import extract_text

    config = ExtractConfig(context=context)
    extract_text(parts[0][:2000], config=config)  # warm-up: lexicons, regex compilation

    def run() -> int:
        return sum(len(extract_text(p, doc_id=f"p{i}", config=config)) for i, p in enumerate(parts))

    secs, n = best_of(repeat, run)
    return Throughput(name, n_words(parts), secs, n)


def measure_factcheck_paragraphs(words: int, repeat: int) -> Throughput:
    parts = cycle_to(paragraphs(load_seed_texts()), words)
    return _factcheck_throughput("factcheck with context, per paragraph", parts, repeat, context=True)


def measure_factcheck_documents(words: int, repeat: int) -> Throughput:
    docs = cycle_to(load_seed_texts(), words)
    return _factcheck_throughput("factcheck with context, per document", docs, repeat, context=True)


def measure_factcheck_bare_paragraphs(words: int, repeat: int) -> Throughput:
    parts = cycle_to(paragraphs(load_seed_texts()), words)
    return _factcheck_throughput("factcheck figures only, per paragraph", parts, repeat, context=False)


def measure_factcheck_bare_documents(words: int, repeat: int) -> Throughput:
    docs = cycle_to(load_seed_texts(), words)
    return _factcheck_throughput("factcheck figures only, per document", docs, repeat, context=False)


def measure_quantulum3_paragraphs(words: int, repeat: int) -> Throughput:
    warnings.simplefilter("ignore")  # "classifier dependencies not installed"
    from quantulum3 import parser

    parts = cycle_to(paragraphs(load_seed_texts()), words)
    parser.parse(parts[0])  # warm-up: loads units, entities and the disambiguation data

    def run() -> int:
        return sum(len(parser.parse(p)) for p in parts)

    secs, n = best_of(repeat, run)
    return Throughput("quantulum3 parser.parse, per paragraph", n_words(parts), secs, n)


def measure_quantulum3_documents(words: int, repeat: int) -> Throughput:
    warnings.simplefilter("ignore")
    from quantulum3 import parser

    docs = cycle_to(load_seed_texts(), words)
    parser.parse(paragraphs(docs)[0])

    def run() -> int:
        return sum(len(parser.parse(d)) for d in docs)

    secs, n = best_of(repeat, run)
    return Throughput("quantulum3 parser.parse, per document", n_words(docs), secs, n)


THROUGHPUT: dict[str, Callable[[int, int], Throughput]] = {
    "factcheck-paragraphs": measure_factcheck_paragraphs,
    "factcheck-documents": measure_factcheck_documents,
    "factcheck-bare-paragraphs": measure_factcheck_bare_paragraphs,
    "factcheck-bare-documents": measure_factcheck_bare_documents,
    "quantulum3-paragraphs": measure_quantulum3_paragraphs,
    "quantulum3-documents": measure_quantulum3_documents,
}


def run_throughput(name: str, words: int, repeat: int, seeds: int) -> tuple[Throughput, list[float]] | str:
    """Median (by words/s) over `seeds` child processes with PYTHONHASHSEED 0..seeds-1, and all the
    words/s figures; or the error text of the first child that failed."""
    runs: list[Throughput] = []
    for seed in range(max(1, seeds)):
        env = {**os.environ, "PYTHONHASHSEED": str(seed)}
        proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child-throughput", name,
                               "--words", str(words), "--repeat", str(repeat)],
                              cwd=REPO, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            lines = proc.stderr.strip().splitlines()
            return lines[-1] if lines else f"exit {proc.returncode}"
        runs.append(Throughput(**json.loads(proc.stdout.strip().splitlines()[-1])))
    runs.sort(key=lambda t: t.wps)
    return runs[len(runs) // 2], [t.wps for t in runs]


# ----------------------------------------------------------------------------- cold start
def _time_process(cmd: list[str], runs: int) -> tuple[float, subprocess.CompletedProcess[str]]:
    best, last = float("inf"), None
    for _ in range(max(1, runs)):
        t0 = time.perf_counter()
        last = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
        best = min(best, time.perf_counter() - t0)
    assert last is not None
    return best, last


def _cli_works() -> bool:
    exe = Path(sys.executable).parent / "factcheck"
    if not exe.exists():
        return False
    proc = subprocess.run([str(exe), "extract", COLD_FILE, "--format", "json"], cwd=REPO,
                          capture_output=True, text=True)
    if proc.returncode != 0 or not proc.stdout.strip():
        return False
    try:
        json.loads(proc.stdout)
    except ValueError:
        return False
    return True


_PY_EXTRACT = (
    "import json, pathlib; from factcheck.extract import extract_text; "
    "t = pathlib.Path({f!r}).read_text(encoding='utf-8-sig'); "
    "print(json.dumps([c.model_dump(mode='json') for c in extract_text(t, doc_id='000')]))"
)


def measure_cold_start(runs: int) -> Row:
    if _cli_works():
        cmd = [str(Path(sys.executable).parent / "factcheck"), "extract", COLD_FILE, "--format", "json"]
        label = "cold start: factcheck extract 000 --format json"
        note = f"best of {runs}, process start to exit"
    else:
        cmd = [sys.executable, "-c", _PY_EXTRACT.format(f=COLD_FILE)]
        label = "cold start: python -c extract_text(000)"
        note = f"best of {runs}; CLI `factcheck extract` not available yet, so python -c instead"
    secs, proc = _time_process(cmd, runs)
    if proc.returncode != 0:
        return Row(label, "failed", proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "")
    return Row(label, f"{secs * 1000:.0f} ms", note)


def measure_python_start(runs: int) -> Row:
    secs, _ = _time_process([sys.executable, "-c", "pass"], runs)
    return Row("cold start: python -c pass", f"{secs * 1000:.0f} ms", "interpreter floor")


def measure_quantulum3_cold(runs: int) -> list[Row]:
    imp = [sys.executable, "-W", "ignore", "-c", "from quantulum3 import parser"]
    first = [sys.executable, "-W", "ignore", "-c",
             "import pathlib; from quantulum3 import parser; "
             f"[parser.parse(p) for p in pathlib.Path({COLD_FILE!r}).read_text(encoding='utf-8-sig')"
             ".splitlines() if p.strip()]"]
    t_imp, _ = _time_process(imp, runs)
    t_first, _ = _time_process(first, runs)
    return [Row("cold start: import quantulum3.parser", f"{t_imp * 1000:.0f} ms", f"best of {runs}"),
            Row("cold start: quantulum3 on 000 (import+parse)", f"{t_first * 1000:.0f} ms",
                f"best of {runs}, per paragraph")]


# ----------------------------------------------------------------------------- memory
def _peak_kib() -> int:
    """This process's peak RSS in KiB: VmHWM from /proc (Linux), else ru_maxrss.

    Why not the ru_maxrss that wait4() reports for the child: on Linux a process keeps, across fork and
    exec, the high-water mark of the image it was forked from, so a child started from this (already
    large, quantulum3-loaded) process would report the parent's size. VmHWM belongs to the child's own
    address space and matches what `/usr/bin/time -v` reports for a fresh process.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux (bytes on macOS)


def _child_rss(args: list[str]) -> float | None:
    """Run this script as a child in a --child-* mode; return the child's peak RSS in MB."""
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), *args], cwd=REPO,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        return None
    for line in proc.stdout.splitlines():
        if line.startswith("PEAK_KIB "):
            return int(line.split()[1]) / 1024
    return None


def measure_peak_memory(words: int) -> list[Row]:
    base = _child_rss(["--child-import"])
    peak = _child_rss(["--child-extract", str(words)])
    rows = [Row("peak RSS: import factcheck.extract", "failed" if base is None else f"{base:.0f} MB")]
    verdict = "" if peak is None else ("ok" if peak < TARGET_MB else "OVER TARGET")
    rows.append(Row(f"peak RSS: extract {words:,} words as one text",
                    "failed" if peak is None else f"{peak:.0f} MB",
                    f"target < {TARGET_MB:.0f} MB {verdict}".strip()))
    return rows


def _child_import() -> int:
    import factcheck.extract  # noqa: F401

    print(f"PEAK_KIB {_peak_kib()}")
    return 0


def measure_quantulum3_memory(words: int) -> Row:
    peak = _child_rss(["--child-quantulum3", str(words)])
    return Row(f"peak RSS: quantulum3 on {words:,} words (per paragraph)",
               "failed" if peak is None else f"{peak:.0f} MB", "for comparison")


def _child_quantulum3(words: int) -> int:
    warnings.simplefilter("ignore")
    from quantulum3 import parser

    n = sum(len(parser.parse(p)) for p in cycle_to(paragraphs(load_seed_texts()), words))
    print(f"PEAK_KIB {_peak_kib()} quantities {n}")
    return 0


def _child_extract(words: int) -> int:
    from factcheck.extract import extract_text

    text = "\n\n".join(cycle_to(paragraphs(load_seed_texts()), words))
    claims = extract_text(text, doc_id="corpus")
    print(f"PEAK_KIB {_peak_kib()} claims {len(claims)}")
    return 0


# ----------------------------------------------------------------------------- report
def print_table(rows: list[Row]) -> None:
    w1 = max(len(r.name) for r in rows)
    w2 = max(len(r.value) for r in rows)
    for r in rows:
        print(f"{r.name:<{w1}}  {r.value:>{w2}}  {r.note}".rstrip())


def throughput_row(t: Throughput, all_wps: list[float]) -> Row:
    spread = f"{min(all_wps):,.0f}-{max(all_wps):,.0f} over {len(all_wps)} hash seeds; " if len(all_wps) > 1 else ""
    return Row(t.name, f"{t.wps:,.0f} words/s",
               f"median; {spread}{t.words:,} words in {t.seconds:.2f} s, {t.outputs:,} outputs")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=50_000, help="factcheck corpus size in words")
    ap.add_argument("--q3-words", type=int, default=10_000,
                    help="quantulum3 corpus size in words (it is slow)")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per throughput figure; best counts")
    ap.add_argument("--seeds", type=int, default=3,
                    help="child processes (PYTHONHASHSEED 0..N-1) per throughput figure; median counts")
    ap.add_argument("--cold-runs", type=int, default=5, help="runs per cold-start figure; best counts")
    ap.add_argument("--skip-quantulum3", action="store_true", help="factcheck figures only")
    ap.add_argument("--child-import", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--child-extract", type=int, metavar="WORDS", help=argparse.SUPPRESS)
    ap.add_argument("--child-quantulum3", type=int, metavar="WORDS", help=argparse.SUPPRESS)
    ap.add_argument("--child-throughput", choices=sorted(THROUGHPUT), help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child_import:
        return _child_import()
    if a.child_extract:
        return _child_extract(a.child_extract)
    if a.child_quantulum3:
        return _child_quantulum3(a.child_quantulum3)
    if a.child_throughput:
        print(json.dumps(asdict(THROUGHPUT[a.child_throughput](a.words, a.repeat))))
        return 0

    texts = load_seed_texts()
    paras = paragraphs(texts)
    print(f"seed corpus: {len(texts)} articles, {len(paras)} paragraphs, {n_words(paras):,} words; "
          f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs", flush=True)

    rows: list[Row] = []
    medians: dict[str, Throughput] = {}
    missing = factcheck_available()
    plan = []
    if missing is None:
        plan += [("factcheck-bare-paragraphs", a.words), ("factcheck-bare-documents", a.words),
                 ("factcheck-paragraphs", a.words), ("factcheck-documents", a.words)]
    else:
        rows.append(Row("factcheck extract_text", "n/a", f"not importable ({missing})"))
    if not a.skip_quantulum3:
        plan += [("quantulum3-paragraphs", a.q3_words), ("quantulum3-documents", a.q3_words)]
    for name, words in plan:
        print(f"  timing {name} ...", file=sys.stderr, flush=True)
        got = run_throughput(name, words, a.repeat, a.seeds)
        if isinstance(got, str):
            rows.append(Row(name, "failed", got))
            continue
        medians[name], all_wps = got
        rows.append(throughput_row(medians[name], all_wps))
    for way in ("paragraphs", "documents"):
        # quantulum3 finds quantities only, so the like-for-like comparison is with the figures alone;
        # the ratio with context (time expressions, periods, attribution …) is shown beside it
        for variant, label in ((f"factcheck-bare-{way}", "figures only"), (f"factcheck-{way}", "with context")):
            fc, q3 = medians.get(variant), medians.get(f"quantulum3-{way}")
            if fc and q3:
                ratio = fc.wps / q3.wps
                target = label == "figures only"
                verdict = ("ok" if ratio >= TARGET_RATIO else "BELOW TARGET") if target else "(no target)"
                rows.append(Row(f"ratio factcheck {label} / quantulum3, per {way[:-1]}", f"{ratio:.1f}x",
                                f"medians; target >= {TARGET_RATIO:.0f}x {verdict}" if target else
                                f"medians; {verdict}"))
    for way in ("paragraphs", "documents"):
        bare, full = medians.get(f"factcheck-bare-{way}"), medians.get(f"factcheck-{way}")
        if bare and full:
            cost = bare.wps / full.wps
            verdict = "ok" if cost <= TARGET_CONTEXT_COST else "ABOVE TARGET"
            rows.append(Row(f"context cost (figures only / with context), per {way[:-1]}", f"{cost:.2f}x",
                            f"time with context over time without; target <= {TARGET_CONTEXT_COST:.0f}x {verdict}"))
    print("  timing cold starts and memory ...", file=sys.stderr, flush=True)
    rows.append(measure_python_start(a.cold_runs))
    if missing is None:
        rows.append(measure_cold_start(a.cold_runs))
    if not a.skip_quantulum3:
        rows.extend(measure_quantulum3_cold(a.cold_runs))
    if missing is None:
        rows.extend(measure_peak_memory(a.words))
    if not a.skip_quantulum3:
        rows.append(measure_quantulum3_memory(a.q3_words))
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
