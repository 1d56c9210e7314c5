#!/usr/bin/env python3
"""Recall and precision of `factcheck.check` on a generated archive, against its gold file.

    python benchmarks/corpus_recall.py [--documents 200] [--seed 1] [--contradiction-rate 0.1]
                                       [--republication-rate 0.05] [--keep DIR]

Generates an archive with benchmarks/make_corpus.py (into a temporary folder, or `--keep DIR`), loads it
with `factcheck.load_documents`, checks every document against all the others (`check_documents`) and
compares the contradiction findings with gold.yaml:

* a finding is **right** when one of its claims is a planted claim and another is a mention the gold
  file lists as disagreeing with it (or another planted claim); a claim matches a gold mention when
  it is in the same document, on the same line, and their spans overlap;
* **recall**: share of the planted contradictions that have a disagreeing mention (the others cannot
  be found) for which at least one right finding is reported; **pair recall**: share of the (planted,
  disagreeing) pairs reported;
* **precision**: right findings / all contradiction findings;
* republications: `find_republications` against the gold copies (a copy pointing at another copy of its
  original counts as right).
Findings of other kinds are counted too: the archive's arithmetic is right, so every arithmetic or
rule finding is a false alarm. Nothing here asserts; the test (tests/test_make_corpus.py) does.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from factcheck import Claim, Report, load_documents  # noqa: E402
from factcheck.checker import check_documents  # noqa: E402
from factcheck.republication import find_republications  # noqa: E402


def load_generator() -> ModuleType:
    """benchmarks/make_corpus.py as a module (benchmarks/ is not a package)."""
    spec = importlib.util.spec_from_file_location("make_corpus", HERE / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_corpus", module)
    spec.loader.exec_module(module)
    return module


def matches(claim: Claim, mention: Mapping[str, Any]) -> bool:
    """The claim stands where the gold mention does: same document and line, overlapping spans."""
    if claim.doc != mention["doc"] or claim.line != mention["line"]:
        return False
    start, end = mention["column"], mention["column"] + len(mention["text"])
    return claim.column < end and start < claim.column + len(claim.text)


def claim_at(claims: Iterable[Claim], mention: Mapping[str, Any]) -> list[Claim]:
    return [c for c in claims if matches(c, mention)]


@dataclass(frozen=True)
class Scores:
    """How a report's contradictions compare with the gold file."""

    planted: int  # planted contradictions
    detectable: int  # of which with at least one disagreeing mention
    found: int  # detectable ones with a right finding
    pairs: int  # (planted, disagreeing) pairs
    pairs_found: int
    findings: int  # contradiction findings
    right: int  # contradiction findings that are right
    by_domain: Mapping[str, tuple[int, int]]  # domain -> (found, detectable)
    missed: tuple[str, ...]  # gold ids of the detectable plants not found
    other: Mapping[str, int]  # findings of other kinds, by rule

    @property
    def recall(self) -> float:
        return self.found / self.detectable if self.detectable else 1.0

    @property
    def pair_recall(self) -> float:
        return self.pairs_found / self.pairs if self.pairs else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.findings if self.findings else 1.0


def score(report: Report, gold: Mapping[str, Any]) -> Scores:
    """Compare the report's findings with the gold file's planted contradictions."""
    plants = gold["contradictions"]
    contradictions = [f for f in report.findings if f.kind == "contradiction"]
    found: set[str] = set()
    pairs_found: set[tuple[str, int]] = set()
    right = 0
    for finding in contradictions:
        hits = [p for p in plants if any(matches(c, p["planted"]) for c in finding.claims)]
        is_right = False
        for p in hits:
            others = [c for c in finding.claims if not matches(c, p["planted"])]
            pairs = {(p["id"], n) for n, m in enumerate(p["disagreeing"]) if any(matches(c, m) for c in others)}
            if pairs or any(matches(c, q["planted"]) for c in others for q in hits if q is not p):
                is_right = True
                pairs_found |= pairs
                found.update([p["id"]] if p["disagreeing"] else [])
        right += is_right
    detectable = [p for p in plants if p["disagreeing"]]
    domains = Counter(p["domain"] for p in detectable)
    by_domain = {d: (sum(p["domain"] == d and p["id"] in found for p in detectable), n)
                 for d, n in sorted(domains.items())}
    return Scores(len(plants), len(detectable), len(found), sum(len(p["disagreeing"]) for p in plants),
                  len(pairs_found), len(contradictions), right, by_domain,
                  tuple(p["id"] for p in detectable if p["id"] not in found),
                  Counter(f.rule or f.kind for f in report.findings if f.kind != "contradiction"))


def republication_scores(originals: Mapping[str, str | None], gold: Mapping[str, Any]) -> tuple[int, int, int]:
    """(right, reported, gold) copies. A copy is right when it points at its original or at another copy of
    the same original (two outlets that run one story on the same day copy each other's text too)."""
    source = {r["copy"]: r["original"] for r in gold["republications"]}
    reported = {c: o for c, o in originals.items() if o is not None}
    right = sum(c in source and source.get(o, o) == source[c] for c, o in reported.items())
    return right, len(reported), len(source)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--documents", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--words-per-doc", type=int, default=600)
    ap.add_argument("--contradiction-rate", type=float, default=0.1)
    ap.add_argument("--republication-rate", type=float, default=0.05)
    ap.add_argument("--keep", type=Path, help="write the archive here (and keep it) instead of a temporary folder")
    args = ap.parse_args(argv)
    if args.keep is not None and args.keep.exists() and (not args.keep.is_dir() or any(args.keep.iterdir())):
        ap.error(f"--keep {args.keep}: pass a new or empty folder (an older archive in it would be checked too)")
    generator = load_generator()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp)
        t0 = time.perf_counter()
        gold = generator.write_corpus(out, args.documents, args.seed, args.words_per_doc, args.contradiction_rate,
                                      args.republication_rate)
        t1 = time.perf_counter()
        loaded = load_documents([str(out)])
        t2 = time.perf_counter()
    if loaded.errors:
        print("\n".join(str(e) for e in loaded.errors), file=sys.stderr)
        return 2
    result = check_documents(loaded.documents)
    t3 = time.perf_counter()
    s = score(result.report, gold)
    originals = {d.id: d.original for d in find_republications(loaded.documents)}
    rep_right, rep_predicted, rep_gold = republication_scores(originals, gold)
    claims = sum(len(c) for c in result.claims.values())
    words = sum(len(d.text[d.body_start:].split()) for d in loaded.documents)

    print(f"archive: {args.documents:,} articles ({words:,} words, seed {args.seed}, contradiction rate "
          f"{args.contradiction_rate:g}, republication rate {args.republication_rate:g}); {claims:,} claims")
    print(f"time: generate {t1 - t0:.2f} s, load {t2 - t1:.2f} s, check {t3 - t2:.2f} s")
    print(f"planted contradictions: {s.planted} ({s.detectable} with a disagreeing mention)")
    print(f"recall: {s.found}/{s.detectable} = {s.recall:.3f}   pair recall: {s.pairs_found}/{s.pairs} = "
          f"{s.pair_recall:.3f}")
    print(f"precision: {s.right}/{s.findings} contradiction findings right = {s.precision:.3f}")
    for domain, (found, n) in s.by_domain.items():
        print(f"  {domain:<14} {found}/{n}")
    if s.missed:
        print("missed: " + ", ".join(s.missed))
    print(f"republications: {rep_right}/{rep_gold} found, {rep_right}/{rep_predicted} of those reported right")
    print("other findings: " + (", ".join(f"{k} {v}" for k, v in sorted(s.other.items())) or "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
