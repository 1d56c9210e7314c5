"""The time example tables (tests/examples/time/*.yaml) run against `factcheck.temporal.find_times`.

One generic test runs every case; its id is `file.yaml:line`. A failing case says why, one line per
problem ("nothing found for ...", "partial span: ...", "wrong start for ...", "unexpected extra claim
..."), followed by everything that was found. The format is the numeric tables' (tests/examples/README.md)
with `times` in place of `claims` and the fields of `example_tables.TIME_FIELDS`; the specification
the tables are written against is docs/temporal.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from example_tables import (
    TIME_FIELDS,
    Case,
    TableError,
    assert_tables_complete,
    compare,
    failure_report,
    load_table_text,
    load_tables,
)

from factcheck.records import PartialDate, Period
from factcheck.temporal import TimeMention, find_times

TIME = Path(__file__).parent / "examples" / "time"
CASES = load_tables(TIME, TIME_FIELDS, items_key="times")

TABLES = ("absolute", "ranges", "relative", "durations", "negatives", "precision")
MIN_CASES = 120
MIN_NEGATIVES = 25


@dataclass(frozen=True)
class Found:
    """A TimeMention with its surface text, the shape `example_tables.compare` reads."""

    text: str
    start: int
    end: int
    kind: str
    period: Period | None
    duration: tuple[float, str] | None


def found_times(case: Case) -> list[Found]:
    published = PartialDate.model_validate(case.published) if case.published is not None else None
    return [Found(case.text[t.start:t.end], t.start, t.end, t.kind, t.period, t.duration)
            for t in find_times(case.text, published)]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_time_example(case: Case) -> None:
    found = found_times(case)
    problems = compare(case, found, kinds=None)
    if problems:
        pytest.fail(failure_report(case, problems, found, kinds=None), pytrace=False)


# --------------------------------------------------------------------------------------------------
# The tables themselves


def test_time_tables_are_all_there_and_big_enough() -> None:
    assert_tables_complete(CASES, TIME, TABLES, "time", min_cases=MIN_CASES, min_negatives=MIN_NEGATIVES)


def test_every_kind_granularity_and_resolution_is_exercised() -> None:
    seen: dict[str, set[Any]] = {"kind": set(), "granularity": set(), "resolution": set()}
    for case in CASES:
        for exp in case.expected:
            for name, values in seen.items():
                if name in exp.fields:
                    values.add(exp.fields[name])
    assert seen["kind"] == {"date", "period", "duration"}
    assert seen["granularity"] >= {"day", "week", "month", "season", "quarter", "year", "decade", "range"}
    assert seen["resolution"] >= {"absolute", "relative", "unresolved"}


def _load(source: str) -> list[Case]:
    return load_table_text(source, "t.yaml", TIME_FIELDS, items_key="times")


@pytest.mark.parametrize(("source", "message"), [
    ('- text: "in 2021"\n  claims: []\n', "unknown key(s) ['claims']"),
    ('- text: "in 2021"\n', "a case needs `times`"),
    ('- text: "in 2021"\n  times:\n    - {text: "2021", start: "2021-01-01"}\n', "must be a date written YYYY-MM-DD"),
    ('- text: "in 2021"\n  times:\n    - {text: "2021", start: 2021-12-31, end: 2021-01-01}\n',
     "start 2021-12-31 is after end 2021-01-01"),
    ('- text: "in 2021"\n  times:\n    - {text: "2021", granularity: century}\n', "must be one of"),
    ('- text: "in 2021"\n  times:\n    - {text: "2021", value: 1, colour: red}\n', "unknown field(s) ['colour']"),
])
def test_loader_refuses_malformed_time_tables(source: str, message: str) -> None:
    with pytest.raises(TableError, match=r"^t\.yaml:") as info:
        _load(source)
    assert message in str(info.value)


def test_time_dates_load_as_dates() -> None:
    (case,) = _load('- text: "in 2021"\n  published: 2021-05-10\n  times:\n'
                    '    - {text: "2021", kind: date, start: 2021-01-01, end: 2021-12-31}\n')
    assert case.published == "2021-05-10"
    assert case.expected[0].fields["start"] == dt.date(2021, 1, 1)


def test_comparison_gives_readable_reasons() -> None:
    (case,) = _load('- text: "It fell in October 2020 and rose last year."\n  published: 2021-05-10\n  times:\n'
                    '    - {text: "October 2020", start: 2020-09-01}\n'
                    '    - {text: "rose last year"}\n')
    found = found_times(case)
    problems = compare(case, found, kinds=None)
    assert "wrong start for 'October 2020': expected 2020-09-01, got 2020-10-01" in problems
    assert "partial span: expected 'rose last year', got 'last year'" in problems
    (empty,) = _load('- text: "It fell in October 2020."\n  times: []\n')
    problems = compare(empty, found_times(empty), kinds=None)
    assert problems and problems[0].startswith("unexpected extra claim 'October 2020'")
    (missing,) = _load('- text: "It fell in the autumn."\n  times:\n    - {text: "the autumn"}\n')
    assert compare(missing, found_times(missing), kinds=None) == ["nothing found for 'the autumn'"]
    report = failure_report(case, problems, found, kinds=None)
    assert "period=2020-10-01..2020-10-31 month absolute" in report


def test_time_mention_is_the_documented_record() -> None:
    (t,) = find_times("It fell within a month.", None)
    assert t == TimeMention(8, 22, "duration", None, (1.0, "month"))
