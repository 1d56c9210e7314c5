"""Arithmetic checks (factcheck.arithmetic): example tables and properties.

The tables are tests/examples/arithmetic/*.yaml, one per news domain. Each case is a sentence with
**every** finding `check_arithmetic` must report for it:

    - text: "Revenue grew 25 percent from $80 million to $120 million."
      findings:
        - rule: arithmetic.percent_change
          claims: ["25 percent", "$80 million", "$120 million"]   # texts of the claims involved
          message: "which is +50.0%"                              # optional: part of the message
      note: why the case is there (optional; printed when it fails)
      blocked: what the extractor misreads (optional: the case is an expected failure until fixed)

    - text: "Visits were up 30 percent from 5,000 to 6,500."
      findings: []        # nothing may be reported

The claims are extracted with `factcheck.extract_text(text)`; findings are compared by rule and by the
texts of their claims (in any order). A failing case names what is missing or unexpected and lists
every finding and every extracted figure.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from factcheck import extract_text
from factcheck.arithmetic import check_arithmetic
from factcheck.records import Claim, Finding

TABLES = Path(__file__).parent / "examples" / "arithmetic"
DOMAINS = ("city_budgets", "labour", "health", "elections", "business", "crime", "weather")
RULES = frozenset({"arithmetic.percent_change", "arithmetic.point_change", "arithmetic.difference",
                   "arithmetic.multiple", "arithmetic.direction"})
MIN_CASES = 60
_CASE_KEYS = frozenset({"text", "findings", "note", "blocked"})
_FINDING_KEYS = frozenset({"rule", "claims", "message"})


class TableError(ValueError):
    """A malformed arithmetic table; the message names the file and the case."""


@dataclass(frozen=True)
class ExpectedFinding:
    rule: str
    claims: tuple[str, ...]
    message: str | None = None

    def key(self) -> tuple[str, tuple[str, ...]]:
        return self.rule, tuple(sorted(self.claims))

    def describe(self) -> str:
        return f"{self.rule} on {list(self.claims)}"


@dataclass(frozen=True)
class Case:
    path: Path
    index: int
    text: str
    findings: tuple[ExpectedFinding, ...]
    note: str | None = None
    blocked: str | None = None

    @property
    def id(self) -> str:
        return f"{self.path.name}#{self.index}"

    @property
    def negative(self) -> bool:
        return not self.findings


def _require(cond: bool, where: str, message: str) -> None:
    if not cond:
        raise TableError(f"{where}: {message}")


def load_table_text(source: str, path: Path) -> list[Case]:
    """Cases of one table; refuses anything malformed (missing keys, unknown keys or rules, claim texts
    that are not in the case text, wrong types) so that a table can never silently test nothing."""
    data = yaml.safe_load(source)
    _require(isinstance(data, list) and bool(data), path.name, "a table is a non-empty list of cases")
    cases = []
    for i, raw in enumerate(data, 1):
        where = f"{path.name} case {i}"
        _require(isinstance(raw, dict), where, "a case is a mapping")
        unknown = set(raw) - _CASE_KEYS
        _require(not unknown, where, f"unknown keys {sorted(unknown)}")
        _require(isinstance(raw.get("text"), str) and raw["text"].strip() != "", where, "needs a text")
        _require("findings" in raw and isinstance(raw["findings"], list), where,
                 "needs a findings list (`findings: []` for a negative)")
        for key in ("note", "blocked"):
            _require(raw.get(key) is None or isinstance(raw[key], str), where, f"{key} must be a string")
        text, expected = raw["text"], []
        for f in raw["findings"]:
            _require(isinstance(f, dict), where, "a finding is a mapping")
            unknown = set(f) - _FINDING_KEYS
            _require(not unknown, where, f"unknown finding keys {sorted(unknown)}")
            _require(f.get("rule") in RULES, where, f"rule must be one of {sorted(RULES)}, got {f.get('rule')!r}")
            claims = f.get("claims")
            _require(isinstance(claims, list) and bool(claims) and all(isinstance(c, str) for c in claims),
                     where, "a finding needs a non-empty list of claim texts")
            for c in claims:
                _require(c in text, where, f"claim text {c!r} is not in the case text")
            _require(f.get("message") is None or isinstance(f["message"], str), where, "message must be a string")
            expected.append(ExpectedFinding(f["rule"], tuple(claims), f.get("message")))
        cases.append(Case(path, i, text, tuple(expected), raw.get("note"), raw.get("blocked")))
    return cases


def load_tables(folder: Path = TABLES) -> list[Case]:
    return [case for path in sorted(folder.glob("*.yaml"))
            for case in load_table_text(path.read_text(encoding="utf-8"), path)]


CASES = load_tables()


def _describe_claim(c: Claim) -> str:
    change = f" change={c.change.role}" if c.change else ""
    return f"{c.text!r} [{c.start}:{c.end}] {c.kind} value={c.value} unit={c.unit}{change}"


def compare(case: Case, findings: list[Finding]) -> list[str]:
    """How the findings differ from what the case expects, one sentence per problem."""
    problems: list[str] = []
    got = Counter((f.rule, tuple(sorted(c.text for c in f.claims))) for f in findings)
    want = Counter(e.key() for e in case.findings)
    for e in case.findings:
        if got[e.key()] == 0:
            problems.append(f"missing finding {e.describe()}")
    for f in findings:
        key = (f.rule, tuple(sorted(c.text for c in f.claims)))
        if want[key] == 0:
            problems.append(f"unexpected finding {f.rule} on {[c.text for c in f.claims]}: {f.message}")
    for rule_claims, n in want.items():
        if got[rule_claims] and got[rule_claims] != n:
            problems.append(f"{got[rule_claims]} findings {rule_claims}, expected {n}")
    for e in case.findings:
        if e.message is None:
            continue
        messages = [f.message for f in findings if (f.rule, tuple(sorted(c.text for c in f.claims))) == e.key()]
        if messages and not any(e.message in m for m in messages):
            problems.append(f"message of {e.describe()} should contain {e.message!r}, got {messages[0]!r}")
    for f in findings:
        if f.kind != "arithmetic" or f.severity != "error" or not f.claims:
            problems.append(f"finding {f.rule} must be kind=arithmetic, severity=error, with claims: {f!r}")
    return problems


def failure_report(case: Case, problems: list[str], claims: list[Claim], findings: list[Finding]) -> str:
    lines = [f"{case.id}", f"  text: {case.text!r}"]
    if case.note:
        lines.append(f"  note: {case.note}")
    lines += [f"  - {p}" for p in problems]
    lines.append("  reported:" if findings else "  reported: nothing")
    lines += [f"    {f.rule}: {f.message}" for f in findings]
    figures = [c for c in claims if c.kind not in ("date", "period")]
    lines.append("  extracted:" if figures else "  extracted: nothing")
    lines += [f"    {_describe_claim(c)}" for c in figures]
    return "\n".join(lines)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_example(case: Case) -> None:
    claims = extract_text(case.text)
    findings = check_arithmetic(claims, case.text)
    problems = compare(case, findings)
    if problems and case.blocked:
        pytest.xfail(f"blocked by the extractor: {case.blocked}")
    if problems:
        pytest.fail(failure_report(case, problems, claims, findings), pytrace=False)
    if case.blocked:
        pytest.fail(f"{case.id} passes now: remove its `blocked:` ({case.blocked})", pytrace=False)


def test_tables_cover_the_domains_in_equal_measure() -> None:
    names = {p.stem for p in TABLES.glob("*.yaml")}
    assert not set(DOMAINS) - names, f"missing tables: {sorted(set(DOMAINS) - names)}"
    assert len(CASES) >= MIN_CASES, f"only {len(CASES)} cases, want at least {MIN_CASES}"
    negatives = sum(c.negative for c in CASES)
    positives = len(CASES) - negatives
    assert abs(positives - negatives) <= len(CASES) // 10, f"{positives} positives vs {negatives} negatives"
    for name in DOMAINS:
        mine = [c for c in CASES if c.path.stem == name]
        assert any(c.negative for c in mine) and any(not c.negative for c in mine), name
    rules = {f.rule for c in CASES for f in c.findings}
    assert rules == RULES, f"rules without a positive case: {sorted(RULES - rules)}"


@pytest.mark.parametrize("source, message", [
    ("- text: 'a'\n", "needs a findings list"),
    ("- findings: []\n", "needs a text"),
    ("- text: 'up 5%'\n  findings: []\n  colour: red\n", "unknown keys"),
    ("- text: 'up 5%'\n  findings:\n    - {rule: arithmetic.nope, claims: ['5%']}\n", "rule must be one of"),
    ("- text: 'up 5%'\n  findings:\n    - {rule: arithmetic.direction, claims: ['6%']}\n", "is not in the case text"),
    ("- text: 'up 5%'\n  findings:\n    - {rule: arithmetic.direction}\n", "non-empty list of claim texts"),
    ("[]\n", "non-empty list of cases"),
])
def test_loader_refuses_malformed_tables(source: str, message: str) -> None:
    with pytest.raises(TableError, match=message):
        load_table_text(source, Path("bad.yaml"))


def test_compare_reports_missing_and_unexpected() -> None:
    text = "Revenue grew 25 percent from $80 million to $120 million."
    findings = check_arithmetic(extract_text(text), text)
    negative = Case(Path("x.yaml"), 1, text, ())
    assert any(p.startswith("unexpected finding arithmetic.percent_change") for p in compare(negative, findings))
    wrong = Case(Path("x.yaml"), 1, text, (ExpectedFinding("arithmetic.multiple", ("$80 million",)),))
    problems = compare(wrong, findings)
    assert any(p.startswith("missing finding arithmetic.multiple") for p in problems)


def test_findings_name_claims_in_text_order_and_are_sorted() -> None:
    text = ("Burglaries were down from 150 to 120, a drop of 40, or 25 percent. "
            "Revenue grew 25 percent from $80 million to $120 million.")
    findings = check_arithmetic(extract_text(text), text)
    assert [f.rule for f in findings] == ["arithmetic.difference", "arithmetic.percent_change",
                                         "arithmetic.percent_change"]
    for f in findings:
        assert [c.start for c in f.claims] == sorted(c.start for c in f.claims)
    assert findings == sorted(findings, key=lambda f: f.sort_key)


def test_hard_wrapped_sentence_is_one_sentence() -> None:
    text = ("Budget news.\n\nRevenue grew 25 percent from\n$80 million to $120 million, the\n"
            "finance director said. Burglaries were down from 150 to 120, a drop\r\nof 40.")
    findings = check_arithmetic(extract_text(text), text)
    assert [(f.rule, [c.text for c in f.claims]) for f in findings] == [
        ("arithmetic.percent_change", ["25 percent", "$80 million", "$120 million"]),
        ("arithmetic.difference", ["150", "120", "40"]),
    ]
    assert "'a drop of 40'" in findings[1].message


def test_relations_do_not_cross_sentences_or_list_items() -> None:
    for text in ("Revenue grew 25 percent. Costs went from $80 million to $120 million.",
                 "Burglaries fell from 150 to 120. That is a drop of 40.",
                 "- Revenue grew 25 percent\n- costs went from $80 million to $120 million"):
        assert check_arithmetic(extract_text(text), text) == [], text


def test_no_claims_no_findings() -> None:
    assert check_arithmetic([], "") == []
    text = "The mayor spoke for an hour."
    assert check_arithmetic(extract_text(text), text) == []


# --------------------------------------------------------------------------------------------------
# Properties

SUBJECTS = ("Sales", "Arrests", "Enrollment", "Bus ridership", "Hospital admissions", "Reported burglaries")
_PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def old_new(draw: Any) -> tuple[int, int]:
    old = draw(st.integers(min_value=1_000, max_value=999_999))
    new = draw(st.integers(min_value=max(1, old // 10), max_value=min(9_999_999, old * 10)))
    assume(new != old)
    return old, new


def _sentence(subject: str, old: int, new: int, stated: float) -> str:
    verb = "rose" if new > old else "fell"
    return f"{subject} {verb} {stated:.1f} percent from {old:,} to {new:,}."


def _true_change(old: int, new: int) -> float:
    return abs(new / old - 1) * 100


@_PROPERTY_SETTINGS
@given(pair=old_new(), subject=st.sampled_from(SUBJECTS))
def test_a_correctly_computed_change_is_never_reported(pair: tuple[int, int], subject: str) -> None:
    old, new = pair
    text = _sentence(subject, old, new, round(_true_change(old, new), 1))
    claims = extract_text(text)
    assert check_arithmetic(claims, text) == [], text


@_PROPERTY_SETTINGS
@given(pair=old_new(), subject=st.sampled_from(SUBJECTS), off=st.floats(min_value=2.1, max_value=60),
       up=st.booleans())
def test_a_change_off_by_more_than_two_points_is_always_reported(pair: tuple[int, int], subject: str, off: float,
                                                                 up: bool) -> None:
    old, new = pair
    stated = round(_true_change(old, new) + (off if up else -off), 1)
    assume(stated > 0)
    text = _sentence(subject, old, new, stated)
    claims = extract_text(text)
    changes = [c for c in claims if c.change is not None]
    assert len(changes) == 2, f"the extractor did not read the change in {text!r}: {claims!r}"
    findings = check_arithmetic(claims, text)
    assert [f.rule for f in findings] == ["arithmetic.percent_change"], text
