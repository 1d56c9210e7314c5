"""No pathological slowness: extraction work grows linearly with the input, and no regex backtracks badly.

Whole documents (tests/pathological_inputs.py: one line without spaces, thousands of comma-separated
digits, nested quotes, numbered lists, ...) are extracted at two sizes and the Python calls counted
(cProfile counts built-in calls too, so a character-by-character walk shows): four times the text may
cost at most six times the calls. Regexes run in C where no call is counted, so every pattern factcheck
uses is timed on adversarial strings at two sizes (1,000 and 4,000 characters; smaller ones are too fast to
compare); only the growth ratio is judged (linear 4x, quadratic 16x: over 10x fails, measured against four
runs of the small string so that both sides do equal work when linear), and only when the larger run takes
over 2 ms. Full sizes and
seconds: benchmarks/pathological.py.
"""

from __future__ import annotations

import cProfile
import pstats
import re
from collections.abc import Callable

import pytest
from pathological_inputs import ADVERSARIAL_STRINGS, DOCUMENTS, all_patterns, regex_growth

from factcheck import arithmetic, context, entities, events, measures, numeric, places, temporal
from factcheck.extract import extract_text

SIZES = {"10 MB of news": 6000, "100,000 digits with commas": 1000}  # the others: 2,000 characters, then 8,000
MAX_CALL_GROWTH = 6.0  # for 4x the text; linear is 4, quadratic 16


def _calls(text: str) -> int:
    profile = cProfile.Profile()
    profile.enable()
    extract_text(text)
    profile.disable()
    return sum(s[1] for s in pstats.Stats(profile).stats.values())  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_extraction_work_grows_linearly(name: str) -> None:
    make, _ = DOCUMENTS[name]
    n = SIZES.get(name, 2000)
    extract_text(make(4 * n))  # warm: lexicons and caches are built once, not per size
    small, big = _calls(make(n)), _calls(make(4 * n))
    assert big <= MAX_CALL_GROWTH * small, f"{name}: {small} calls at {n} chars, {big} at {4 * n}"


# Patterns only ever `match`ed (or `fullmatch`ed) at one position, or searched in a short bounded window: a
# leading \s* makes them quadratic under finditer over a run of spaces, which never happens to them.
ANCHORED_ONLY = {p.pattern for p in (
    entities._ADJACENT_RATE, arithmetic._POINTS_AFTER, arithmetic._FOLD_DOWN_AFTER, arithmetic._UP_FROM,
    arithmetic._BLOCK_START, arithmetic._CUE_AFTER, context._PART_OF, context._NAME_WORDS, context._TIME_OF_FIGURE,
    events._WHEN,
    numeric._TO_LIFE, temporal._CAPITAL_AFTER, temporal._CAPITAL_BEFORE, temporal._X, places._WORDS_AFTER,
    places._QUALIFIER, measures._RATE_SUFFIX, *(p for p, _ in numeric._COMPOUNDS.values()),
)} | {r"\s*(?:,\s*or|\(|or|[—–]\s*or)\s*"}  # arithmetic: a restated figure, fullmatch on the gap
ANCHORED_MODULES = ("factcheck.unitwords",)  # its matchers work at a position, or on the 12 characters before it
SMALL, GROWTH, MAX_GROWTH, FLOOR = 1000, 4, 10.0, 0.002  # 4x the string: linear 4x the time, quadratic 16x


def _too_slow(run: Callable[[str], object], make: Callable[[int], str]) -> tuple[float, float] | None:
    measured = regex_growth(run, make, SMALL, GROWTH, FLOOR)
    return measured if measured is not None and measured[1] > MAX_GROWTH else None


def test_no_regex_backtracks_badly() -> None:
    problems = []
    for origin, pattern in all_patterns():
        uses: dict[str, Callable[[str], object]] = {"match": pattern.match}
        if pattern.pattern not in ANCHORED_ONLY and not origin.startswith(ANCHORED_MODULES):
            uses["finditer"] = lambda s, p=pattern: sum(1 for _ in p.finditer(s))
        for name, make in ADVERSARIAL_STRINGS.items():
            for how, run in uses.items():
                slow = _too_slow(run, make)
                for _ in range(2):  # a busy machine can upset one measurement, not three in a row
                    slow = slow and _too_slow(run, make)
                if slow:
                    problems.append(f"{origin} {how} on {name!r}: {slow[0] * 1000:.1f} ms at {GROWTH * SMALL} chars, "
                                    f"x{slow[1]:.0f} for {GROWTH}x: {pattern.pattern[:80]!r}")
    assert not problems, "\n".join(problems)


def test_the_audit_sees_the_patterns_it_should() -> None:
    found = {p.pattern for _, p in all_patterns()}
    assert len(found) > 150  # module globals, lexicon-built and inline patterns
    assert ANCHORED_ONLY - found == set(), "an anchored-only pattern is no longer used: drop it from the list"
    assert any(re.escape("overdose") in p or "overdose" in p for p in found)  # a lexicon-built measure pattern
