"""The numeric example tables (tests/examples/numbers/*.yaml) run against the extractor.

One generic test runs every case of every table; its id is `file.yaml:line`. A failing case says
why, one line per problem ("nothing found for ...", "partial span: ...", "wrong value for ...",
"unexpected extra claim ..."), followed by everything that was extracted. The remaining tests guard
the tables themselves: the loader refuses malformed cases, the comparison reports what it should, and
the tables keep their size.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from example_tables import (
    NUMERIC_KINDS,
    Case,
    TableError,
    assert_tables_complete,
    compare,
    extract_case,
    failure_report,
    load_table_text,
    load_tables,
)

from factcheck.records import Change, Claim

NUMBERS = Path(__file__).parent / "examples" / "numbers"
CASES = load_tables(NUMBERS)

TABLES = ("digits", "words", "vague", "qualifiers", "money", "percent", "units", "entities",
          "ranges_changes", "rates", "negatives")
MIN_CASES = 170
MIN_NEGATIVES = 40


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_example(case: Case) -> None:
    claims = extract_case(case)
    problems = compare(case, claims, kinds=NUMERIC_KINDS)
    if problems:
        pytest.fail(failure_report(case, problems, claims, kinds=NUMERIC_KINDS), pytrace=False)


# --------------------------------------------------------------------------------------------------
# The tables themselves


def test_tables_are_all_there_and_big_enough() -> None:
    assert_tables_complete(CASES, NUMBERS, TABLES, "example", min_cases=MIN_CASES, min_negatives=MIN_NEGATIVES)


def test_case_texts_are_unique() -> None:
    seen: dict[str, str] = {}
    for case in CASES:
        assert case.text not in seen, f"{case.id} repeats the text of {seen[case.text]}"
        seen[case.text] = case.id


# --------------------------------------------------------------------------------------------------
# The loader refuses malformed tables


MALFORMED = {
    "missing text": ("- claims: []\n", "needs `text`"),
    "empty text": ('- text: ""\n  claims: []\n', "needs `text`"),
    "missing claims": ('- text: "The fire burned 12,000 acres."\n', "needs `claims`"),
    "claims not a list": ('- text: "The fire burned 12,000 acres."\n  claims: none\n', "must be a list"),
    "span not in text": (
        '- text: "The fire burned 12,000 acres."\n  claims:\n    - {text: "12,000 hectares"}\n',
        "is not in the case text"),
    "span without text": (
        '- text: "The fire burned 12,000 acres."\n  claims:\n    - {value: 12000}\n',
        "needs `text`"),
    "ambiguous span": (
        '- text: "5 trucks and 5 vans"\n  claims:\n    - {text: "5"}\n',
        "occurrence"),
    "occurrence too high": (
        '- text: "5 trucks and 5 vans"\n  claims:\n    - {text: "5 vans"}\n    - {text: "5", occurrence: 3}\n',
        "occurs 2 time(s)"),
    "unknown field": (
        '- text: "The fire burned 12,000 acres."\n  claims:\n    - {text: "12,000 acres", valu: 12000}\n',
        "unknown field"),
    "unknown case key": ('- text: "No one was hurt."\n  claim: []\n', "unknown key"),
    "number as string": (
        '- text: "A $5bn bailout."\n  claims:\n    - {text: "$5bn", value: 5e9}\n',
        "must be a number"),
    "bad kind": (
        '- text: "The fire burned 12,000 acres."\n  claims:\n    - {text: "12,000 acres", kind: area}\n',
        "must be one of"),
    "bad role": (
        '- text: "It rose from 2 to 3."\n  claims:\n    - {text: "2", role: before}\n    - {text: "3"}\n',
        "must be one of"),
    "value outside interval": (
        '- text: "Nearly 3,000 homes."\n  claims:\n    - {text: "Nearly 3,000 homes", value: 3000, '
        'low: 2700, high: 2900}\n',
        "outside [low, high]"),
    "low above high": (
        '- text: "5 to 6 inches."\n  claims:\n    - {text: "5 to 6 inches", low: 6, high: 5}\n',
        "above high"),
    "overlapping spans": (
        '- text: "more than 12,000 acres"\n  claims:\n    - {text: "more than 12,000 acres"}\n'
        '    - {text: "12,000"}\n',
        "overlap"),
    "duplicate key": (
        '- text: "The fire burned 12,000 acres."\n  claims:\n    - {text: "12,000 acres", value: 1, '
        'value: 12000}\n',
        "given twice"),
    "empty table": ("", "no cases"),
    "empty list": ("[]\n", "no cases"),
    "not a list": ("text: hello\n", "YAML list of cases"),
    "case not a mapping": ("- just a sentence\n", "must be a mapping"),
    "group without role": (
        '- text: "It rose from 2 to 3."\n  claims:\n    - {text: "2", group: a}\n',
        "without a `role`"),
}


@pytest.mark.parametrize("source, message", MALFORMED.values(), ids=MALFORMED.keys())
def test_loader_rejects_malformed_cases(source: str, message: str) -> None:
    with pytest.raises(TableError, match=None) as info:
        load_table_text(source, "bad.yaml")
    assert message in str(info.value), str(info.value)
    assert str(info.value).startswith("bad.yaml"), "the error must name the table"


def test_loader_reports_line_numbers() -> None:
    source = ('# comment\n\n- text: "Seven thousand runners finished."\n  claims:\n'
              '    - {text: "Seven thousand runners", value: 7000}\n\n'
              '- text: "No one was hurt."\n  claims: []\n'
              '- text: "The fire burned 12,000 acres."\n  claims:\n    - {text: "12,000 hectares"}\n')
    with pytest.raises(TableError) as info:
        load_table_text(source, "t.yaml")
    assert str(info.value).startswith("t.yaml:11:"), str(info.value)
    cases = load_table_text(source.rsplit("- text", 1)[0], "t.yaml")
    assert [c.id for c in cases] == ["t.yaml:3", "t.yaml:7"]
    assert cases[0].expected[0].start == 0 and cases[0].expected[0].end == len("Seven thousand runners")
    assert cases[1].negative


def test_occurrence_picks_the_right_span() -> None:
    (case,) = load_table_text('- text: "5 trucks and 5 vans"\n  claims:\n    - {text: "5", occurrence: 2}\n')
    assert (case.expected[0].start, case.expected[0].end) == (13, 14)


# --------------------------------------------------------------------------------------------------
# The comparison says why


def _claim(text: str, doc: str, occurrence: int = 1, **fields: Any) -> Claim:
    start = -1
    for _ in range(occurrence):
        start = doc.index(text, start + 1)
    base: dict[str, Any] = {"kind": "count", "value": None, "low": None, "high": None, "unit": "count"}
    base.update(fields)
    return Claim(id=f"t:{start}", doc="t", text=text, start=start, end=start + len(text), line=1,
                 column=start + 1, sentence=doc, **base)


def _case(yaml_text: str) -> Case:
    (case,) = load_table_text(yaml_text, "t.yaml")
    return case


FIRE = ('- text: "The fire burned more than 12,000 acres near Paradise."\n  claims:\n'
        '    - {text: "more than 12,000 acres", kind: measurement, value: 12000, low: 12000, high: null, '
        'unit: acre}\n')


def test_compare_accepts_a_match() -> None:
    case = _case(FIRE)
    good = _claim("more than 12,000 acres", case.text, kind="measurement", value=12000.0, low=12000.0,
                  unit="acre")
    assert compare(case, [good]) == []


def test_compare_nothing_found() -> None:
    assert compare(_case(FIRE), []) == ["nothing found for 'more than 12,000 acres'"]


def test_compare_partial_span() -> None:
    case = _case(FIRE)
    partial = _claim("more than 12,000", case.text, kind="measurement", value=12000.0)
    assert compare(case, [partial]) == [
        "partial span: expected 'more than 12,000 acres', got 'more than 12,000'"]


def test_compare_wrong_fields() -> None:
    case = _case(FIRE)
    wrong = _claim("more than 12,000 acres", case.text, kind="measurement", value=1200.0, low=12000.0,
                   high=13000.0, unit="acre")
    assert compare(case, [wrong]) == [
        "wrong value for 'more than 12,000 acres': expected 12000, got 1200",
        "wrong high for 'more than 12,000 acres': expected None, got 13000",
    ]


def test_compare_unexpected_extra_and_other_kinds() -> None:
    case = _case('- text: "The H-2 program hired 40 workers in 2021."\n  claims:\n'
                 '    - {text: "40 workers", value: 40}\n')
    found = [_claim("40 workers", case.text, value=40.0, low=40.0, high=40.0),
             _claim("2", case.text, value=2.0),
             _claim("2021", case.text, kind="date", unit=None)]
    problems = compare(case, found)
    assert len(problems) == 1 and problems[0].startswith("unexpected extra claim '2' ("), problems
    report = failure_report(case, problems, found)
    assert "unexpected extra claim '2'" in report and "'40 workers'" in report and "'2021' [" not in report


def test_compare_checks_offsets() -> None:
    case = _case('- text: "No one was hurt."\n  claims: []\n')
    bogus = _claim("one", case.text).model_copy(update={"text": "two"})
    problems = compare(case, [bogus])
    assert any("is not the text at its offsets" in p for p in problems), problems


def test_compare_change_roles_and_groups() -> None:
    case = _case('- text: "Bus fares rose from $2 to $3 and rail fares from $4 to $5."\n  claims:\n'
                 '    - {text: "$2", role: old, group: bus}\n    - {text: "$3", role: new, group: bus}\n'
                 '    - {text: "$4", role: old, group: rail}\n    - {text: "$5", role: new, group: rail}\n')

    def money(text: str, group: str, role: str) -> Claim:
        return _claim(text, case.text, kind="money", unit="USD", change=Change(group=group, role=role))

    right = [money("$2", "g1", "old"), money("$3", "g1", "new"), money("$4", "g2", "old"),
             money("$5", "g2", "new")]
    assert compare(case, right) == []
    one_group = [money("$2", "g1", "old"), money("$3", "g1", "new"), money("$4", "g1", "old"),
                 money("$5", "g1", "new")]
    assert any("different changes but share change.group 'g1'" in p for p in compare(case, one_group))
    swapped = [money("$2", "g1", "new"), money("$3", "g1", "old"), money("$4", "g2", "old"),
               money("$5", "g2", "new")]
    assert "wrong change role for '$2': expected 'old', got 'new'" in compare(case, swapped)
    no_change = [_claim(t, case.text, kind="money", unit="USD") for t in ("$2", "$3", "$4", "$5")]
    assert "wrong change role for '$2': expected 'old', got None" in compare(case, no_change)


def test_compare_floats_with_relative_tolerance() -> None:
    case = _case('- text: "One-third of voters stayed home."\n  claims:\n'
                 '    - {text: "One-third", kind: percent, value: 33.3333333333, unit: percent}\n')
    assert compare(case, [_claim("One-third", case.text, kind="percent", value=100 / 3, unit="percent")]) == []
    problems = compare(case, [_claim("One-third", case.text, kind="percent", value=33.3, unit="percent")])
    assert problems == ["wrong value for 'One-third': expected 33.3333333333, got 33.3"]
