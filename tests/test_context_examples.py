"""The context example tables (tests/examples/context/*.yaml) run through the whole pipeline.

Each case goes through `factcheck.extract_text(text, published=...)`; the claims it names are found by their
exact span and their context is compared: a figure's period (`period_start`, `period_end`,
`period_resolution`), `measure_key`, `measure` and `place`; a time claim's `event` and `subject`. Unlike the
numeric and time tables, a context case lists only the claims it is about: other claims in the text are
not reported. One generic test runs every case; its id is `file.yaml:line`. A failing case says why, one
line per problem ("period of '61': expected 2019-01-01..2019-12-31 (absolute), got None", "wrong subject
for 'May 3': expected to contain 'bridge', got None"), then everything that was extracted with its context.

Format: tests/examples/README.md ("Context tables"). Specifications: docs/extraction.md, docs/temporal.md,
factcheck/context.py, rules/lexicons/events.yaml and rules/lexicons/measures.yaml.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from example_tables import (
    CONTEXT_FIELDS,
    Case,
    FieldSpec,
    TableError,
    compare,
    extract_case,
    failure_report,
    load_table_text,
    load_tables,
    table_files,
)

from factcheck import lexicons
from factcheck.records import Claim, Period

CONTEXT = Path(__file__).parent / "examples" / "context"
TABLES = ("periods", "events", "places_measures")
MIN_CASES_PER_TABLE = 60
PERIOD_FIELDS = ("period_start", "period_end", "period_resolution")
# What each table must check in every claim it names.
REQUIRED: dict[str, tuple[str, ...]] = {
    "periods": PERIOD_FIELDS,
    "events": ("event",),
    "places_measures": (),  # place or measure_key, see test_context_tables_are_all_there_and_big_enough
}


def context_specs() -> dict[str, FieldSpec]:
    """CONTEXT_FIELDS with the lexicons' keys as the only allowed events and measure keys, so that a
    misspelt key in a table is refused instead of failing forever."""
    events = frozenset(lexicons.read("events.yaml")["events"])
    measures = frozenset(lexicons.read("measures.yaml")["measures"])
    specs = dict(CONTEXT_FIELDS)
    specs["event"] = dataclasses.replace(specs["event"], choices=events)
    specs["measure_key"] = dataclasses.replace(specs["measure_key"], choices=measures)
    return specs


SPECS = context_specs()
CASES = load_tables(CONTEXT, SPECS)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_context_example(case: Case) -> None:
    claims = extract_case(case)
    problems = compare(case, claims, kinds=None, exhaustive=False)
    if case.known_limitation:
        if not problems:
            pytest.fail(f"{case.id} is marked as a known limitation ({case.known_limitation}) but now passes: "
                        "remove the mark", pytrace=False)
        pytest.xfail(case.known_limitation)
    if problems:
        pytest.fail(failure_report(case, problems, claims, kinds=None, context=True), pytrace=False)


# --------------------------------------------------------------------------------------------------
# The tables themselves


def _table(case: Case) -> str:
    return case.path.stem


def test_context_tables_are_all_there_and_big_enough() -> None:
    names = {path.stem for path in table_files(CONTEXT)}
    missing = [t for t in TABLES if t not in names]
    assert not missing, f"missing context tables: {missing}"
    per_table = Counter(_table(case) for case in CASES)
    small = {t: per_table[t] for t in TABLES if per_table[t] < MIN_CASES_PER_TABLE}
    assert not small, f"tables with fewer than {MIN_CASES_PER_TABLE} cases: {small}"

    expected = [(case, exp) for case in CASES for exp in case.expected]
    empty = [case.id for case in CASES if not case.expected]
    assert not empty, f"context cases must name the claims they are about: {empty}"
    for case, exp in expected:
        table = _table(case)
        absent = [f for f in REQUIRED.get(table, ()) if f not in exp.fields]
        assert not absent, f"{case.id}: {exp.text!r} does not check {absent}"
        if table == "places_measures":
            assert {"place", "measure_key"} & set(exp.fields), f"{case.id}: {exp.text!r} checks neither"

    def count(table: str, test: Callable[[Mapping[str, Any]], bool]) -> int:
        return sum(1 for case, exp in expected if _table(case) == table and test(exp.fields))

    def no_period(f: Mapping[str, Any]) -> bool:
        return all(f.get(k) is None for k in PERIOD_FIELDS)

    wants = {
        "figures without a period": (count("periods", no_period), 20),
        "inherited periods": (count("periods", lambda f: f.get("period_resolution") == "inherited"), 10),
        "relative periods": (count("periods", lambda f: f.get("period_resolution") == "relative"), 15),
        "time claims without an event": (count("events", lambda f: f.get("event") is None), 15),
        "events with a subject": (count("events", lambda f: f.get("subject") is not None), 35),
        "figures with a place": (count("places_measures", lambda f: f.get("place") is not None), 20),
        "figures with no lexicon measure": (
            count("places_measures", lambda f: "measure_key" in f and f["measure_key"] is None), 8),
    }
    short = {name: f"{have} < {want}" for name, (have, want) in wants.items() if have < want}
    assert not short, f"the context tables are thin: {short}"
    events = {exp.fields["event"] for case, exp in expected if exp.fields.get("event")}
    keys = {exp.fields["measure_key"] for case, exp in expected if exp.fields.get("measure_key")}
    assert len(events) >= 15, f"only {len(events)} distinct events: {sorted(events)}"
    assert len(keys) >= 30, f"only {len(keys)} distinct measure keys: {sorted(keys)}"


# --------------------------------------------------------------------------------------------------
# The loader and the comparison on context tables


def _load(source: str) -> list[Case]:
    return load_table_text(source, "t.yaml", SPECS)


@pytest.mark.parametrize(("source", "message"), [
    ('- text: "It rose in 2021."\n  claims:\n    - {text: "2021", event: rose}\n', "field 'event' must be one of"),
    ('- text: "It had 5 deaths."\n  claims:\n    - {text: "5 deaths", measure_key: death}\n',
     "field 'measure_key' must be one of"),
    ('- text: "It had 5 deaths."\n  claims:\n    - {text: "5 deaths", period_start: "2021-01-01"}\n',
     "must be a date written YYYY-MM-DD"),
    ('- text: "It had 5 deaths."\n  claims:\n'
     '    - {text: "5 deaths", period_start: 2021-12-31, period_end: 2021-01-01}\n',
     "period_start 2021-12-31 is after period_end 2021-01-01"),
    ('- text: "It had 5 deaths."\n  claims:\n    - {text: "5 deaths", period_resolution: guessed}\n',
     "field 'period_resolution' must be one of"),
    ('- text: "It had 5 deaths."\n  claims:\n    - {text: "5 deaths", city: Paris}\n', "unknown field(s) ['city']"),
])
def test_loader_refuses_malformed_context_tables(source: str, message: str) -> None:
    with pytest.raises(TableError, match=r"^t\.yaml:") as info:
        _load(source)
    assert message in str(info.value)


def _claim(case: Case, text: str, **fields: Any) -> Claim:
    start = case.text.index(text)
    base: dict[str, Any] = {"kind": "count", "value": None, "low": None, "high": None, "unit": "count"}
    base.update(fields)
    return Claim(id=f"t:{start}", doc="t", text=text, start=start, end=start + len(text), line=1,
                 column=start + 1, sentence=case.text, **base)


def test_comparison_gives_readable_reasons() -> None:
    (case,) = _load('- text: "In 2021, 412 people died. The bridge reopened on May 3."\n  published: 2021-06-01\n'
                    '  claims:\n'
                    '    - {text: "412 people", period_start: 2021-01-01, period_end: 2021-12-31, '
                    'period_resolution: absolute, measure_key: deaths}\n'
                    '    - {text: "May 3", event: opened, subject: bridge}\n')
    year = Period(start=dt.date(2021, 1, 1), end=dt.date(2021, 12, 31), text="2021", granularity="year",
                  resolution="absolute")
    people = _claim(case, "412 people")
    may = _claim(case, "May 3", kind="date", unit=None)
    problems = compare(case, [people, may], kinds=None, exhaustive=False)
    assert problems == [
        "wrong measure_key for '412 people': expected 'deaths', got None",
        "period of '412 people': expected 2021-01-01..2021-12-31 (absolute), got None",
        "wrong event for 'May 3': expected 'opened', got None",
        "wrong subject for 'May 3': expected to contain 'bridge', got None",
    ]
    right = [people.model_copy(update={"period": year, "measure_key": "deaths"}),
             may.model_copy(update={"event": "opened", "subject": "the old bridge"})]
    assert compare(case, right, kinds=None, exhaustive=False) == []
    inherited = right[0].model_copy(update={"period": year.model_copy(update={"resolution": "inherited"})})
    assert compare(case, [inherited, right[1]], kinds=None, exhaustive=False) == [
        "period of '412 people': expected 2021-01-01..2021-12-31 (absolute), "
        "got 2021-01-01..2021-12-31 (inherited)"]
    report = failure_report(case, problems, [people, may], kinds=None, context=True)
    assert "published: 2021-06-01" in report and "'May 3' [" in report


def test_no_period_expected() -> None:
    (case,) = _load('- text: "The jail holds 900 inmates."\n  claims:\n'
                    '    - {text: "900 inmates", period_start: null, period_end: null, period_resolution: null}\n')
    inmates = _claim(case, "900 inmates")
    assert compare(case, [inmates], kinds=None, exhaustive=False) == []
    dated = inmates.model_copy(update={"period": Period(start=dt.date(1994, 1, 1), end=dt.date(1994, 12, 31),
                                                        text="1994", granularity="year", resolution="absolute")})
    assert compare(case, [dated], kinds=None, exhaustive=False) == [
        "period of '900 inmates': expected None, got 1994-01-01..1994-12-31 (absolute)"]


def test_context_tables_are_not_exhaustive_but_name_missing_claims() -> None:
    (case,) = _load('- text: "Police arrested 3 men on Friday."\n  claims:\n'
                    '    - {text: "Friday", event: arrested, subject: 3 men}\n')
    friday = _claim(case, "Friday", kind="date", unit=None, event="arrested", subject="3 men")
    extra = _claim(case, "3 men")
    assert compare(case, [friday, extra], kinds=None, exhaustive=False) == []
    assert compare(case, [extra], kinds=None, exhaustive=False) == ["nothing found for 'Friday'"]
    # the numeric tables' behaviour is unchanged: there, every claim must be listed
    assert any(p.startswith("unexpected extra claim '3 men'") for p in compare(case, [friday, extra], kinds=None))
