"""Example tables: YAML files of sentences, each with every claim expected from it.

The format is described in tests/examples/README.md. This module only loads, validates and compares;
it does not know which extractor runs, so the numeric tables (tests/examples/numbers/) and later
tables (time, attribution) share it:

    cases = load_tables(Path("tests/examples/numbers"))
    problems = compare(case, extract_text(case.text), kinds=NUMERIC_KINDS)

Time tables (tests/examples/time/) list their expected mentions under `times` instead of `claims` and
name their own fields (`start`/`end` dates of the period, `granularity`, `resolution`, ...):

    cases = load_tables(Path("tests/examples/time"), TIME_FIELDS, items_key="times")

Context tables (tests/examples/context/) check a claim's context (its period, measure, place, event and
subject) and list only the claims a case is about, so they compare with `exhaustive=False`:

    cases = load_tables(Path("tests/examples/context"), CONTEXT_FIELDS)
    problems = compare(case, extract_text(case.text), kinds=None, exhaustive=False)

`load_table` refuses a malformed table (a case without text, an expected span that is not in the
text, an unknown field, a number written as a string, a duplicated key ...) with a `TableError`
naming the file and line, so that a table can never silently test nothing.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections import Counter
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
    contains: bool = False
    """Compare strings as "the expected value is contained in the extracted one" (a subject "bridge"
    matches "the Golden Gate bridge"); null still asserts None."""
    part_of: str | None = None
    """Fields with the same `part_of` label are one value to a reader (a period's start, end and
    resolution): when any of them is wrong, one problem names all of them together."""


def _attr(name: str) -> Callable[[Any], Any]:
    return lambda claim: getattr(claim, name, None)


def _change_role(claim: Any) -> Any:
    change = getattr(claim, "change", None)
    return None if change is None else change.role


def _change_dated(claim: Any) -> Any:
    change = getattr(claim, "change", None)
    return None if change is None else change.dated


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


def _period_attr(name: str) -> Callable[[Any], Any]:
    def get(mention: Any) -> Any:
        period = getattr(mention, "period", None)
        return None if period is None else getattr(period, name, None)
    return get


def _duration_part(index: int) -> Callable[[Any], Any]:
    def get(mention: Any) -> Any:
        duration = getattr(mention, "duration", None)
        return None if duration is None else duration[index]
    return get


TIME_FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in (
        FieldSpec("kind", (str,), _attr("kind"), nullable=False, choices=frozenset({"date", "period", "duration"})),
        FieldSpec("start", (dt.date,), _period_attr("start")),
        FieldSpec("end", (dt.date,), _period_attr("end")),
        FieldSpec("granularity", (str,), _period_attr("granularity"),
                  choices=frozenset({"day", "week", "month", "season", "quarter", "year", "decade", "range"})),
        FieldSpec("resolution", (str,), _period_attr("resolution"),
                  choices=frozenset({"absolute", "relative", "inherited", "unresolved"})),
        FieldSpec("note", (str,), _period_attr("note")),
        FieldSpec("value", (int, float), _duration_part(0), numeric=True),
        FieldSpec("unit", (str,), _duration_part(1)),
    )
}
"""The fields of the time tables: the mention's kind, its period (start and end as YAML dates, YYYY-MM-DD),
and for durations and "the past N years" the (value, unit) of `duration`."""

CONTEXT_FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in (
        FieldSpec("kind", (str,), _attr("kind"), nullable=False, choices=ALL_KINDS),
        FieldSpec("period_start", (dt.date,), _period_attr("start"), part_of="period"),
        FieldSpec("period_end", (dt.date,), _period_attr("end"), part_of="period"),
        FieldSpec("period_resolution", (str,), _period_attr("resolution"), part_of="period",
                  choices=frozenset({"absolute", "relative", "inherited", "unresolved"})),
        FieldSpec("measure", (str,), _attr("measure")),
        FieldSpec("measure_key", (str,), _attr("measure_key")),
        FieldSpec("place", (str,), _attr("place")),
        FieldSpec("event", (str,), _attr("event")),
        FieldSpec("subject", (str,), _attr("subject"), contains=True),
        FieldSpec("change_dated", (bool,), _change_dated),
    )
}
"""The fields of the context tables (tests/examples/context/): a figure's period (`period_start`, `period_end`
as YAML dates and `period_resolution`; all three null = the claim has no period), `measure`, `measure_key`
and `place`, `change_dated` (null: not part of a change; else whether each end of its change has its own
period), and a time claim's `event` and `subject` (the expected subject need only be contained in the
extracted one)."""

_CLAIM_KEYS = frozenset({"text", "occurrence", "group"})
_CASE_KEYS = frozenset({"text", "published", "note", "known_limitation"})  # plus the list key: `claims` (or `times`)


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
    known_limitation: str | None = None  # why the code does not meet this case yet; the test is a strict xfail
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
    if isinstance(value, dt.datetime) and dt.date in spec.types:
        raise TableError(path, line, f"field {spec.name!r} must be a date without a time, got {value!r}")
    if spec.numeric and not math.isfinite(value):
        raise TableError(path, line, f"field {spec.name!r} must be a finite number, got {value!r}")
    if spec.choices is not None and value not in spec.choices:
        raise TableError(path, line,
                         f"field {spec.name!r} must be one of {sorted(spec.choices)}, got {value!r}")


def _type_names(spec: FieldSpec) -> str:
    names = {"int": "a number", "float": "a number", "str": "a string", "bool": "true or false",
             "date": "a date written YYYY-MM-DD (unquoted)"}
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
    for first_key, last_key in (("start", "end"), ("period_start", "period_end")):
        first, last = fields.get(first_key), fields.get(last_key)
        if isinstance(first, dt.date) and isinstance(last, dt.date) and first > last:
            raise TableError(path, line, f"{first_key} {first} is after {last_key} {last} for {span!r}")
    group = raw.get("group")
    if group is not None:
        if not isinstance(group, str | int) or isinstance(group, bool):
            raise TableError(path, line, f"`group` must be a label (string), got {group!r}")
        if "role" not in fields or fields["role"] is None:
            raise TableError(path, line, f"`group` without a `role` for {span!r}")
        group = str(group)
    start = starts[occurrence - 1]
    return Expected(text=span, start=start, end=start + len(span), line=line, fields=fields, group=group)


def _load_case(path: Path, raw: Any, node: yaml.Node, specs: Mapping[str, FieldSpec],
               items_key: str = "claims") -> Case:
    line = node.start_mark.line + 1
    if not isinstance(raw, dict):
        raise TableError(path, line, f"a case must be a mapping with `text` and `{items_key}`, got {raw!r}")
    known = _CASE_KEYS | {items_key}
    unknown = set(raw) - known
    if unknown:
        raise TableError(path, line, f"unknown key(s) {sorted(unknown)} in a case; known: {sorted(known)}")
    text = raw.get("text")
    if not isinstance(text, str) or not text.strip():
        raise TableError(path, line, "a case needs `text`: the sentence, as a non-empty string")
    if items_key not in raw:
        raise TableError(path, line, f"a case needs `{items_key}`: the list of every expected "
                                     f"{'claim' if items_key == 'claims' else 'item'} "
                                     f"(write `{items_key}: []` when nothing may be extracted)")
    claims = raw[items_key]
    if not isinstance(claims, list):
        raise TableError(path, line, f"`{items_key}` must be a list, got {claims!r}")
    published = raw.get("published")
    if published is not None:
        published = str(published)  # YAML reads 2021-05-03 as a date
    note = raw.get("note")
    if note is not None and not isinstance(note, str):
        raise TableError(path, line, "`note` must be a string")
    limitation = raw.get("known_limitation")
    if limitation is not None and (not isinstance(limitation, str) or not limitation.strip()):
        raise TableError(path, line, "`known_limitation` must say why, as a non-empty string")

    claim_nodes = _mapping_value(node, items_key)
    expected: list[Expected] = []
    for i, item in enumerate(claims):
        item_line = claim_nodes.value[i].start_mark.line + 1 if claim_nodes is not None else line
        expected.append(_load_expected(path, text, item, item_line, specs))
    ordered = sorted(expected, key=lambda e: (e.start, e.end))
    for a, b in itertools.pairwise(ordered):
        if b.start < a.end:
            raise TableError(path, b.line, f"expected spans {a.text!r} and {b.text!r} overlap")
    return Case(path=path, line=line, text=text, expected=tuple(expected), published=published,
                note=note, known_limitation=limitation, field_specs=specs)


def _mapping_value(node: yaml.Node, key: str) -> yaml.SequenceNode | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key and isinstance(v, yaml.SequenceNode):
                return v
    return None


def load_table_text(source: str, path: Path | str = "<string>",
                    specs: Mapping[str, FieldSpec] = NUMBER_FIELDS, items_key: str = "claims") -> list[Case]:
    """The cases of one table given as YAML text; `path` only names it in ids and errors. `items_key` names
    the list of expected items in each case (`claims`; `times` in the time tables)."""
    path = Path(path)
    node, data = _parse(source, path)
    if node is None or data is None:
        raise TableError(path, None, "the table has no cases")
    if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode):
        raise TableError(path, node.start_mark.line + 1, "a table must be a YAML list of cases")
    if not data:
        raise TableError(path, node.start_mark.line + 1, "the table has no cases")
    return [_load_case(path, raw, item, specs, items_key) for raw, item in zip(data, node.value, strict=True)]


def load_table(path: Path | str, specs: Mapping[str, FieldSpec] = NUMBER_FIELDS,
               items_key: str = "claims") -> list[Case]:
    """The cases of one YAML table file."""
    path = Path(path)
    return load_table_text(path.read_text(encoding="utf-8"), path, specs, items_key)


def table_files(directory: Path | str) -> list[Path]:
    return sorted(Path(directory).glob("*.yaml"))


def load_tables(directory: Path | str, specs: Mapping[str, FieldSpec] = NUMBER_FIELDS,
                items_key: str = "claims") -> list[Case]:
    """Every case of every *.yaml table in `directory`, in file order."""
    files = table_files(directory)
    if not files:
        raise TableError(directory, None, "no *.yaml tables in this directory")
    return [case for path in files for case in load_table(path, specs, items_key)]


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


def same(expected: Any, actual: Any, numeric: bool, contains: bool = False) -> bool:
    if expected is None or actual is None:
        return expected is None and actual is None
    if contains:
        return isinstance(actual, str) and str(expected) in actual
    if numeric:
        if isinstance(actual, bool) or not isinstance(actual, int | float):
            return False
        return math.isclose(float(expected), float(actual), rel_tol=REL_TOL, abs_tol=ABS_TOL)
    return expected == actual


def describe_claim(claim: Any, context: bool = False) -> str:
    """One line naming a claim's span and its main fields, for failure messages; with `context`, also
    its measure, place, event and subject."""
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
    period = getattr(claim, "period", None)
    if period is not None:
        parts.append(f"period={period.start}..{period.end} {period.granularity} {period.resolution}"
                     + (f" ({period.note})" if period.note else ""))
    duration = getattr(claim, "duration", None)
    if duration is not None:
        parts.append(f"duration={fmt(duration[0])} {duration[1]}")
    if context:
        for name in ("measure", "measure_key", "place", "event", "subject"):
            value = getattr(claim, name, None)
            if value is not None:
                parts.append(f"{name}={fmt(value)}")
    return " ".join(parts)


def _describe_period(start: Any, end: Any, resolution: Any) -> str:
    if start is None and end is None and resolution is None:
        return "None"
    return f"{start}..{end} ({resolution})"


def _field_problems(case: Case, exp: Expected, claim: Any) -> list[str]:
    """How one matched claim differs from the fields `exp` names. Fields that are `part_of` one value are
    reported together: "period of 'X': expected 2021-01-01..2021-12-31 (absolute), got None"."""
    problems: list[str] = []
    joint: dict[str, list[str]] = {}
    for name, value in exp.fields.items():
        spec = case.field_specs[name]
        got = spec.get(claim)
        if spec.part_of is not None:
            joint.setdefault(spec.part_of, []).append(name)
            continue
        if not same(value, got, spec.numeric, spec.contains):
            label = "change role" if name == "role" else name
            wanted = f"to contain {fmt(value)}" if spec.contains and value is not None else fmt(value)
            problems.append(f"wrong {label} for {exp.text!r}: expected {wanted}, got {fmt(got)}")
    for label, names in joint.items():
        specs = [case.field_specs[n] for n in names]
        if all(same(exp.fields[s.name], s.get(claim), s.numeric, s.contains) for s in specs):
            continue
        related = [s for s in case.field_specs.values() if s.part_of == label]
        wanted = [exp.fields.get(s.name, "?") for s in related]
        got = [s.get(claim) for s in related]
        if len(related) == 3:  # start, end, resolution
            problems.append(f"{label} of {exp.text!r}: expected {_describe_period(*wanted)}, "
                            f"got {_describe_period(*got)}")
        else:
            problems.append(f"{label} of {exp.text!r}: expected "
                            + ", ".join(f"{s.name}={fmt(w)}" for s, w in zip(related, wanted, strict=True))
                            + ", got " + ", ".join(f"{s.name}={fmt(g)}" for s, g in zip(related, got, strict=True)))
    return problems


def compare(case: Case, claims: Iterable[Any], kinds: Iterable[str] | None = NUMERIC_KINDS,
            exhaustive: bool = True) -> list[str]:
    """Every way `claims` differ from what `case` expects, as sentences; empty when they agree.

    Only claims whose kind is in `kinds` take part (None: all claims). An expected claim is found
    by its exact offsets; a claim overlapping it instead is a partial span. With `exhaustive` (the
    numeric and time tables) every other claim is an unexpected extra; without it (the context
    tables, which list only the claims a case is about) other claims are not reported.
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
            problems.extend(_field_problems(case, exp, claim))
            continue
        overlapping = [c for c in actual if c.start < exp.end and exp.start < c.end]
        if overlapping:
            explained.update(id(c) for c in overlapping)
            got = ", ".join(repr(c.text) for c in overlapping)
            problems.append(f"partial span: expected {exp.text!r}, got {got}")
        else:
            problems.append(f"nothing found for {exp.text!r}")

    for claim in actual:
        if exhaustive and id(claim) not in explained:
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
                   kinds: Iterable[str] | None = NUMERIC_KINDS, context: bool = False) -> str:
    """The message of a failing case: where it is, the text, each problem, and what was extracted
    (with `context`, each claim's measure, place, event and subject too)."""
    wanted = None if kinds is None else frozenset(kinds)
    lines = [f"{case.path}:{case.line}", f"  text: {case.text!r}"]
    if context and case.published:
        lines.append(f"  published: {case.published}")
    if case.note:
        lines.append(f"  note: {case.note}")
    lines += [f"  - {p}" for p in problems]
    got = [c for c in claims if wanted is None or getattr(c, "kind", None) in wanted]
    lines.append("  extracted:" if got else "  extracted: nothing")
    lines += [f"    {describe_claim(c, context)}" for c in got]
    return "\n".join(lines)


def extract_case(case: Case) -> list[Any]:
    """The claims factcheck extracts from a case's text, with its publication date when it has one."""
    from factcheck.extract import extract_text

    return extract_text(case.text, published=case.published)


def assert_tables_complete(cases: Sequence[Case], directory: Path, tables: Sequence[str], what: str, *,
                           min_cases: int, min_negatives: int) -> None:
    """Every named table exists and has cases, and the tables together are as big as promised, so a
    table cannot shrink into testing nothing."""
    per_file = Counter(case.path.name for case in cases)
    names = {path.stem for path in table_files(directory)}
    missing = [t for t in tables if t not in names]
    assert not missing, f"missing {what} tables: {missing}"
    empty = [path.name for path in table_files(directory) if per_file[path.name] == 0]
    assert not empty, f"tables without cases: {empty}"
    assert len(cases) >= min_cases, f"only {len(cases)} cases in {directory}, want at least {min_cases}"
    negatives = sum(case.negative for case in cases)
    assert negatives >= min_negatives, f"only {negatives} negative cases, want at least {min_negatives}"
