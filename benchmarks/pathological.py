#!/usr/bin/env python3
"""Pathological inputs: does any regex backtrack catastrophically, and does extraction stay linear?

    python benchmarks/pathological.py                      # both parts at full size
    python benchmarks/pathological.py --part regexes       # every regex in factcheck/, adversarial strings
    python benchmarks/pathological.py --part inputs --scale 0.1

`regexes`: every pattern factcheck uses (module globals, the lexicon matchers its cached builders
return, and every pattern factcheck code compiled or passed to `re.search` & co. while the seeds were
checked: see `all_patterns`) is run on each adversarial string of `tests/pathological_inputs.py` at
two sizes (`--chars` n and 4n characters; `regex_growth` there: four runs of the short string against
one of the long, best of three), anchored (`match`) and unanchored (`finditer`); the table lists what
grows more than 6x (linear is 4x, quadratic 16x). A pattern that is only ever `match`ed at one
position may grow quadratically under `finditer` without harm (tests/test_pathological.py lists them);
under `match` it must not.

`inputs`: each pathological document of the same module at full size (a 10 MB document, a 1 MB line
with no spaces, 100,000 comma-separated digits, a million '$' signs, 100k lines, deeply nested
quotes ...) and at a quarter of it, extracted with context: seconds, claims, the growth ratio, and
the peak of Python allocations (tracemalloc, a separate run, since tracing slows it). Nothing here
asserts; tests/test_pathological.py checks the same growth at small sizes (call counts for documents,
growth ratios for regexes).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from pathological_inputs import ADVERSARIAL_STRINGS, DOCUMENTS, all_patterns, regex_growth  # noqa: E402

from factcheck.extract import extract_text  # noqa: E402


def regexes(n: int) -> None:
    patterns = all_patterns()
    print(f"{len(patterns)} patterns x {len(ADVERSARIAL_STRINGS)} adversarial strings, {n} and {4 * n} chars; "
          "`match` is anchored at the start (how most are used), `search` tries every start")
    rows = []
    for origin, pattern in patterns:
        for name, make in ADVERSARIAL_STRINGS.items():
            for how in ("match", "search"):
                run = pattern.match if how == "match" else (lambda s, p=pattern: sum(1 for _ in p.finditer(s)))
                measured = regex_growth(run, make, n)
                if measured is not None and measured[1] > 6:
                    rows.append((measured[1], measured[0], how, origin, pattern.pattern, name))
    rows.sort(key=lambda r: (r[2], -r[0]))
    print(f"{len(rows)} (pattern, string, use) triples grow over 6x for 4x the input (linear: 4x, quadratic: 16x):")
    print(f"{'use':6} {'ratio':>7} {'seconds':>8}  {'string':18} origin: pattern")
    for ratio, t, how, origin, source, name in rows:
        print(f"{how:6} {ratio:7.1f} {t:8.3f}  {name:18} {origin}: {source[:80]!r}")


def inputs(scale: float) -> None:
    print(f"{'input':34} {'size':>11} {'seconds':>8} {'1/4 size s':>10} {'ratio':>6} {'claims':>7} {'peak MB':>8}")
    for name, (make, full) in DOCUMENTS.items():
        size = max(1000, int(full * scale))
        text, quarter = make(size), make(size // 4)
        t0 = time.perf_counter()
        extract_text(quarter)
        t_quarter = time.perf_counter() - t0
        t0 = time.perf_counter()
        claims = extract_text(text)
        seconds = time.perf_counter() - t0
        tracemalloc.start()
        extract_text(text)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        ratio = seconds / max(t_quarter, 1e-6)
        print(f"{name:34} {len(text):>11,} {seconds:8.2f} {t_quarter:10.2f} {ratio:6.1f} {len(claims):>7,} {peak:8.1f}",
              flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("regexes", "inputs", "all"), default="all")
    parser.add_argument("--chars", type=int, default=1000, help="small size of the regex audit's strings")
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full input sizes")
    args = parser.parse_args(argv)
    if args.part in ("regexes", "all"):
        regexes(args.chars)
    if args.part in ("inputs", "all"):
        inputs(args.scale)
    return 0


if __name__ == "__main__":
    re.purge()
    sys.exit(main())
