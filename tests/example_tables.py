"""Example tables: YAML files of sentences, each with every claim expected from it.

The format is described in tests/examples/README.md. This module only loads, validates and compares;
it does not know which extractor runs, so the numeric tables (tests/examples/numbers/) and later
tables (time, attribution) share it:

    cases = load_tables(Path("tests/examples/numbers"))
    problems = compare(case, extract_text(case.text), kinds=NUMERIC_KINDS)

`load_table` refuses a malformed table (a case without text, an expected span that is not in the
text, an unknown field, a number written as a string, a duplicated key ...) with a `TableError`
naming the file and line, so that a table can never silently test nothing.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

NUMERIC_KINDS = frozenset({"count", "money", "percent", "measurement", "duration"})
"""Claim kinds the numeric tables speak about; date/period claims are left to the time tables."""

ALL_KINDS = frozenset({"count", "money", "percent", "measurement", "date", "period", "duration"})

REL_TOL = 1e-6
ABS_TOL = 1e-9


class TableError(ValueError):
    """A malformed example table; the message starts with `file:line`."""

    def __init__(self, path: Path | str, line: int | None, message: str):
        self.path = str(path)
        self.line = line
        where = f"{Path(path).name}:{line}" if line is not None else Path(path).name
        super().__init__(f"{where}: {message}")


# --------------------------------------------------------------------------------------------------
# Fields an expected claim may name


@dataclass(frozen=True)
class FieldSpec:
    """How one field of an expected claim is validated in YAML and read from an extracted claim."""

    name: str
    types: tuple[type, ...]
    get: Callable[[Any], Any]
    numeric: bool = False
    nullable: bool = True
    choices: frozenset[str] | None = None


def _attr(name: str) -> Callable[[Any], Any]:
    return lambda claim: getattr(claim, name, None)


def _change_role(claim: Any) -> Any:
    change = getattr(claim, "change", None)
    return None if change is None else change.role


NUMBER_FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in (
        FieldSpec("kind", (str,), _attr("kind"), nullable=False, choices=ALL_KINDS),
        FieldSpec("value", (int, float), _attr("value"), numeric=True),
        FieldSpec("low", (int, float), _attr("low"), numeric=True),
        FieldSpec("high", (int, float), _attr("high"), numeric=True),
        FieldSpec("unit", (str,), _attr("unit")),
        FieldSpec("entity", (str,), _attr("entity")),
        FieldSpec("rate", (str,), _attr("rate"), choices=frozenset({"year", "month", "week", "day", "hour"})),
        FieldSpec("qualifier", (str,), _attr("qualifier")),
        FieldSpec("approximate", (bool,), _attr("approximate"), nullable=False),
        FieldSpec("estimate", (bool,), _attr("estimate"), nullable=False),
        FieldSpec("role", (str,), _change_role, choices=frozenset({"old", "new"})),
    )
}
"""The fields of the numeric tables. Other tables pass their own mapping (e.g. a superset)."""

_CLAIM_KEYS = frozenset({"text", "occurrence", "group"})
_CASE_KEYS = frozenset({"text", "claims", "published", "note"})


# --------------------------------------------------------------------------------------------------
# Cases


@dataclass(frozen=True)
class Expected:
    """One claim a case expects: its exact span and the fields the case checks."""

    text: str
    start: int
    end: int
    line: int
    fields: Mapping[str, Any]
    group: str | None = None

    def describe(self) -> str:
        return repr(self.text)


@dataclass(frozen=True)
class Case:
    """One sentence (or short passage) and every claim expected from it."""

    path: Path
    line: int
    text: str
    expected: tuple[Expected, ...]
    published: str | None = None
    note: str | None = None
    field_specs: Mapping[str, FieldSpec] = field(default_factory=lambda: NUMBER_FIELDS, repr=False,
                                                 compare=False)

    @property
    def id(self) -> str:
        return f"{self.path.name}:{self.line}"

    @property
    def negative(self) -> bool:
        """True when nothing at all may be extracted from the text."""
        return not self.expected


def _find_duplicate_keys(node: yaml.Node, path: Path) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    raise TableError(path, key.start_mark.line + 1,
                                     f"key {key.value!r} given twice in one mapping "
                                     f"(first on line {seen[key.value]})")
                seen[key.value] = key.start_mark.line + 1
            _find_duplicate_keys(value, path)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _find_duplicate_keys(item, path)


def _parse(source: str, path: Path) -> tuple[yaml.Node | None, Any]:
    loader = yaml.SafeLoader(source)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        _find_duplicate_keys(node, path)
        return node, loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise TableError(path, line, f"not valid YAML: {exc.problem}") from exc
    finally:
        loader.dispose()


def _check_field(path: Path, line: int, spec: FieldSpec, value: Any) -> None:
    if value is None:
        if not spec.nullable:
            raise TableError(path, line, f"field {spec.name!r} may not be null")
        return
    if isinstance(value, bool) and bool not in spec.types:
        raise TableError(path, line, f"field {spec.name!r} must be {_type_names(spec)}, got {value!r}")
    if not isinstance(value, spec.types):
        hint = ""
        if spec.numeric and isinstance(value, str):
            hint = " (YAML reads 1e9 as a string: write 1000000000 or 1.0e+9)"
        raise TableError(path, line,
                         f"field {spec.name!r} must be {_type_names(spec)}, got {value!r}{hint}")
    if spec.numeric and not math.isfinite(value):
        raise TableError(path, line, f"field {spec.name!r} must be a finite number, got {value!r}")
    if spec.choices is not None and value not in spec.choices:
        raise TableError(path, line,
                         f"field {spec.name!r} must be one of {sorted(spec.choices)}, got {value!r}")


def _type_names(spec: FieldSpec) -> str:
    names = {"int": "a number", "float": "a number", "str": "a string", "bool": "true or false"}
    return " or ".join(dict.fromkeys(names[t.__name__] for t in spec.types))


def _occurrences(text: str, sub: str) -> list[int]:
    found, at = [], text.find(sub)
    while at != -1:
        found.append(at)
        at = text.find(sub, at + 1)
    return found


def _load_expected(path: Path, case_text: str, raw: Any, line: int,
                   specs: Mapping[str, FieldSpec]) -> Expected:
    if not isinstance(raw, dict):
        raise TableError(path, line, f"an expected claim must be a mapping, got {raw!r}")
    unknown = set(raw) - _CLAIM_KEYS - set(specs)
    if unknown:
        raise TableError(path, line, f"unknown field(s) {sorted(unknown)} in an expected claim; "
                                     f"known: {sorted(_CLAIM_KEYS | set(specs))}")
    span = raw.get("text")
    if not isinstance(span, str) or not span:
        raise TableError(path, line, "an expected claim needs `text`: the exact span, as a non-empty string")
    if span != span.strip():
        raise TableError(path, line, f"expected span {span!r} starts or ends with white space")
    occurrence = raw.get("occurrence", 1)
    if isinstance(occurrence, bool) or not isinstance(occurrence, int) or occurrence < 1:
        raise TableError(path, line, f"`occurrence` must be a whole number >= 1, got {occurrence!r}")
    starts = _occurrences(case_text, span)
    if not starts:
        raise TableError(path, line, f"expected span {span!r} is not in the case text {case_text!r}")
    if occurrence > len(starts):
        raise TableError(path, line, f"expected span {span!r} occurs {len(starts)} time(s) in the case "
                                     f"text, not {occurrence}")
    if "occurrence" not in raw and len(starts) > 1:
        raise TableError(path, line, f"expected span {span!r} occurs {len(starts)} times in the case "
                                     "text: say which with `occurrence: N`")
    fields = {k: v for k, v in raw.items() if k in specs}
    for name, value in fields.items():
        _check_field(path, line, specs[name], value)
    low, high, value = fields.get("low"), fields.get("high"), fields.get("value")
    if low is not None and high is not None and low > high:
        raise TableError(path, line, f"low {low} is above high {high} for {span!r}")
    if value is not None and ((low is not None and value < low) or (high is not None and value > high)):
        raise TableError(path, line, f"value {value} lies outside [low, high] = [{low}, {high}] for {span!r}")
    group = raw.get("group")
    if group is not None:
        if not isinstance(group, str | int) or isinstance(group, bool):
            raise TableError(path, line, f"`group` must be a label (string), got {group!r}")
        if "role" not in fields or fields["role"] is None:
            raise TableError(path, line, f"`group` without a `role` for {span!r}")
        group = str(group)
    start = starts[occurrence - 1]
    return Expected(text=span, start=start, end=start + len(span), line=line, fields=fields, group=group)


def _load_case(path: Path, raw: Any, node: yaml.Node, specs: Mapping[str, FieldSpec]) -> Case:
    line = node.start_mark.line + 1
    if not isinstance(raw, dict):
        raise TableError(path, line, f"a case must be a mapping with `text` and `claims`, got {raw!r}")
    unknown = set(raw) - _CASE_KEYS
    if unknown:
        raise TableError(path, line, f"unknown key(s) {sorted(unknown)} in a case; known: {sorted(_CASE_KEYS)}")
    text = raw.get("text")
    if not isinstance(text, str) or not text.strip():
        raise TableError(path, line, "a case needs `text`: the sentence, as a non-empty string")
    if "claims" not in raw:
        raise TableError(path, line, "a case needs `claims`: the list of every expected claim "
                                     "(write `claims: []` when nothing may be extracted)")
    claims = raw["claims"]
    if not isinstance(claims, list):
        raise TableError(path, line, f"`claims` must be a list, got {claims!r}")
    published = raw.get("published")
    if published is not None:
        published = str(published)  # YAML reads 2021-05-03 as a date
    note = raw.get("note")
    if note is not None and not isinstance(note, str):
        raise TableError(path, line, "`note` must be a string")

    claim_nodes = _mapping_value(node, "claims")
    expected: list[Expected] = []
    for i, item in enumerate(claims):
        item_line = claim_nodes.value[i].start_mark.line + 1 if claim_nodes is not None else line
        expected.append(_load_expected(path, text, item, item_line, specs))
    ordered = sorted(expected, key=lambda e: (e.start, e.end))
    for a, b in itertools.pairwise(ordered):
        if b.start < a.end:
            raise TableError(path, b.line, f"expected spans {a.text!r} and {b.text!r} overlap")
    return Case(path=path, line=line, text=text, expected=tuple(expected), published=published,
                note=note, field_specs=specs)


def _mapping_value(node: yaml.Node, key: str) -> yaml.SequenceNode | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key and isinstance(v, yaml.SequenceNode):
                return v
    return None


def load_table_text(source: str, path: Path | str = "<string>",
                    specs: Mapping[str, FieldSpec] = NUMBER_FIELDS) -> list[Case]:
    """The cases of one table given as YAML text; `path` only names it in ids and errors."""
    path = Path(path)
    node, data = _parse(source, path)
    if node is None or data is None:
        raise TableError(path, None, "the table has no cases")
    if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode):
        raise TableError(path, node.start_mark.line + 1, "a table must be a YAML list of cases")
    if not data:
        raise TableError(path, node.start_mark.line + 1, "the table has no cases")
    return [_load_case(path, raw, item, specs) for raw, item in zip(data, node.value, strict=True)]


def load_table(path: Path | str, specs: Mapping[str, FieldSpec] = NUMBER_FIELDS) -> list[Case]:
    """The cases of one YAML table file."""
    path = Path(path)
    return load_table_text(path.read_text(encoding="utf-8"), path, specs)


def table_files(directory: Path | str) -> list[Path]:
    return sorted(Path(directory).glob("*.yaml"))


def load_tables(directory: Path | str, specs: Mapping[str, FieldSpec] = NUMBER_FIELDS) -> list[Case]:
    """Every case of every *.yaml table in `directory`, in file order."""
    files = table_files(directory)
    if not files:
        raise TableError(directory, None, "no *.yaml tables in this directory")
    return [case for path in files for case in load_table(path, specs)]


# --------------------------------------------------------------------------------------------------
# Comparing extracted claims with a case


def fmt(value: Any) -> str:
    """A value as a person would write it: 12000 not 12000.0, strings quoted."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    if isinstance(value, float):
        return f"{value:.12g}"
    if isinstance(value, str):
        return repr(value)
    return str(value)


def same(expected: Any, actual: Any, numeric: bool) -> bool:
    if expected is None or actual is None:
        return expected is None and actual is None
    if numeric:
        if isinstance(actual, bool) or not isinstance(actual, int | float):
            return False
        return math.isclose(float(expected), float(actual), rel_tol=REL_TOL, abs_tol=ABS_TOL)
    return expected == actual


def describe_claim(claim: Any) -> str:
    """One line naming a claim's span and its main fields, for failure messages."""
    parts = [f"{claim.text!r} [{claim.start}:{claim.end}]", f"kind={getattr(claim, 'kind', None)}"]
    for name in ("value", "low", "high", "unit", "entity", "rate", "qualifier"):
        value = getattr(claim, name, None)
        if value is not None:
            parts.append(f"{name}={fmt(value)}")
    for name in ("approximate", "estimate"):
        if getattr(claim, name, False):
            parts.append(name)
    change = getattr(claim, "change", None)
    if change is not None:
        parts.append(f"change={change.role}/{change.group}")
    return " ".join(parts)


def compare(case: Case, claims: Iterable[Any], kinds: Iterable[str] | None = NUMERIC_KINDS) -> list[str]:
    """Every way `claims` differ from what `case` expects, as sentences; empty when they agree.

    Only claims whose kind is in `kinds` take part (None: all claims). An expected claim is found
    by its exact offsets; a claim overlapping it instead is a partial span.
    """
    wanted = None if kinds is None else frozenset(kinds)
    actual = [c for c in claims if wanted is None or getattr(c, "kind", None) in wanted]
    problems: list[str] = []

    for claim in actual:
        if not (0 <= claim.start < claim.end <= len(case.text)):
            problems.append(f"claim {claim.text!r} has impossible offsets [{claim.start}:{claim.end}] "
                            f"in a text of {len(case.text)} characters")
        elif case.text[claim.start:claim.end] != claim.text:
            problems.append(f"claim text {claim.text!r} is not the text at its offsets "
                            f"[{claim.start}:{claim.end}], which is {case.text[claim.start:claim.end]!r}")

    by_span: dict[tuple[int, int], list[Any]] = {}
    for claim in actual:
        by_span.setdefault((claim.start, claim.end), []).append(claim)
    explained: set[int] = set()
    matched: dict[int, Any] = {}

    for i, exp in enumerate(case.expected):
        hits = by_span.get((exp.start, exp.end), [])
        if hits:
            claim = hits[0]
            matched[i] = claim
            explained.update(id(c) for c in hits)
            if len(hits) > 1:
                problems.append(f"{len(hits)} claims for the one span {exp.text!r}: "
                                + "; ".join(describe_claim(c) for c in hits))
            for name, value in exp.fields.items():
                spec = case.field_specs[name]
                got = spec.get(claim)
                if not same(value, got, spec.numeric):
                    label = "change role" if name == "role" else name
                    problems.append(f"wrong {label} for {exp.text!r}: expected {fmt(value)}, got {fmt(got)}")
            continue
        overlapping = [c for c in actual if c.start < exp.end and exp.start < c.end]
        if overlapping:
            explained.update(id(c) for c in overlapping)
            got = ", ".join(repr(c.text) for c in overlapping)
            problems.append(f"partial span: expected {exp.text!r}, got {got}")
        else:
            problems.append(f"nothing found for {exp.text!r}")

    for claim in actual:
        if id(claim) not in explained:
            problems.append(f"unexpected extra claim {claim.text!r} ({describe_claim(claim)})")

    problems.extend(_compare_groups(case, matched))
    return problems


def _compare_groups(case: Case, matched: Mapping[int, Any]) -> list[str]:
    """Expected claims with a role and the same `group` label (default: one label per case) must
    share one change.group; different labels must not."""
    problems: list[str] = []
    labelled: list[tuple[str, Expected, Any]] = []
    for i, exp in enumerate(case.expected):
        if exp.fields.get("role") and i in matched and getattr(matched[i], "change", None) is not None:
            labelled.append((exp.group or "", exp, matched[i].change.group))
    for a, (label_a, exp_a, group_a) in enumerate(labelled):
        for label_b, exp_b, group_b in labelled[a + 1:]:
            if label_a == label_b and group_a != group_b:
                problems.append(f"{exp_a.text!r} and {exp_b.text!r} belong to one change but have "
                                f"change.group {group_a!r} and {group_b!r}")
            elif label_a != label_b and group_a == group_b:
                problems.append(f"{exp_a.text!r} and {exp_b.text!r} belong to different changes but "
                                f"share change.group {group_a!r}")
    return problems


def failure_report(case: Case, problems: Sequence[str], claims: Iterable[Any],
                   kinds: Iterable[str] | None = NUMERIC_KINDS) -> str:
    """The message of a failing case: where it is, the text, each problem, and what was extracted."""
    wanted = None if kinds is None else frozenset(kinds)
    lines = [f"{case.path}:{case.line}", f"  text: {case.text!r}"]
    if case.note:
        lines.append(f"  note: {case.note}")
    lines += [f"  - {p}" for p in problems]
    got = [c for c in claims if wanted is None or getattr(c, "kind", None) in wanted]
    lines.append("  extracted:" if got else "  extracted: nothing")
    lines += [f"    {describe_claim(c)}" for c in got]
    return "\n".join(lines)
