#!/usr/bin/env python3
"""A long fuzz run over every hostile-input target of tests/fuzz_targets.py, for as many minutes as asked.

    python benchmarks/fuzz.py --minutes 10                   # all targets, round robin
    python benchmarks/fuzz.py --minutes 3 --target extract --target manifest --seed 7

Hypothesis drives it (the suite's own strategies and invariants, so what a long run finds a short run
can replay): targets take turns in batches of `--batch` examples, each batch with its own seed; a
failure is shrunk to its smallest input, printed with its traceback and the batch seed, and the run
goes on. At the end: examples run and distinct failures per target. Exit 1 when anything failed.
Every failure found belongs in tests/test_hostile.py (or the example tables) as a regression case.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from fuzz_targets import TARGETS, Target  # noqa: E402
from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402


def batch(target: Target, examples: int, batch_seed: int, counts: Counter[str]) -> tuple[object, str] | None:
    """Run one batch; on failure, the shrunk input and its traceback."""
    last: list[object] = []

    @seed(batch_seed)
    @settings(max_examples=examples, deadline=None, database=None, derandomize=False, report_multiple_bugs=False,
              phases=(Phase.generate, Phase.shrink), suppress_health_check=list(HealthCheck))
    @given(target.strategy)
    def fuzz(case: object) -> None:
        counts[target.name] += 1
        last[:] = [case]
        target.run(case)

    try:
        fuzz()
    except Exception:  # a failure of the target: shrunk by hypothesis, the last input run is the minimal one
        return (last[0] if last else None), traceback.format_exc(limit=8)
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=1.0, help="how long to run (default 1)")
    parser.add_argument("--target", action="append", choices=sorted(TARGETS), help="fuzz only these (repeatable)")
    parser.add_argument("--batch", type=int, default=200, help="examples per batch (default 200)")
    parser.add_argument("--seed", type=int, default=None, help="seed of the batch seeds (default: random)")
    args = parser.parse_args(argv)
    names = args.target or sorted(TARGETS)
    master = args.seed if args.seed is not None else random.randrange(2**32)
    rng = random.Random(master)
    print(f"fuzzing {', '.join(names)} for {args.minutes:g} min (--seed {master})", flush=True)
    counts: Counter[str] = Counter()
    failures: dict[tuple[str, str], tuple[object, int]] = {}
    deadline = time.monotonic() + args.minutes * 60
    started = time.monotonic()
    turn = 0
    while time.monotonic() < deadline:
        name = names[turn % len(names)]
        turn += 1
        batch_seed = rng.randrange(2**32)
        found = batch(TARGETS[name], args.batch, batch_seed, counts)
        if found is None:
            continue
        case, trace = found
        key = (name, trace.strip().splitlines()[-1][:200])
        if key not in failures:
            failures[key] = (case, batch_seed)
            print(f"\n=== FAILURE in {name} (batch seed {batch_seed}) ===\ninput: {case!r}\n{trace}", flush=True)
    elapsed = time.monotonic() - started
    print(f"\n{elapsed / 60:.1f} min, {sum(counts.values())} examples")
    for name in names:
        distinct = sum(1 for (target, _) in failures if target == name)
        print(f"  {name:14} {counts[name]:8} examples  {distinct} distinct failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
