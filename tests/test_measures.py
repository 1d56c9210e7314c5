"""Measures (factcheck/measures.py) against the tables in tests/examples/measures/, plus the lexicon.

Table format (a YAML list; a file may mix these kinds of case):

    - text: "Drug overdoses killed 107,000 Americans last year."     # measure_for
      figure: "107,000 Americans"   # exact span of the figure (`occurrence: N` if it repeats)
      entity: Americans             # the figure's entity, or absent
      clause: "..."                 # the clause holding the figure (default: the whole text)
      key: overdose_deaths          # the expected key; null = no measure
      match: overdoses killed       # optional: the signalling words expected
      note: why the case is there

    - text: "Overdose deaths fell while homicides rose."             # find_measures
      measures: [{text: Overdose deaths, key: overdose_deaths}, {text: homicides, key: homicides}]

    - same: overdose_deaths          # every wording must get this key
      wordings: [{text: ..., figure: ..., entity: ...}, ...]

    - near_miss: homes without power are not homes destroyed        # both keys checked, and differ
      a: {text: ..., figure: ..., entity: ..., key: power_outages}
      b: {text: ..., figure: ..., entity: ..., key: homes_destroyed}
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.measures import (
    MeasureLexiconError,
    MeasureMatch,
    find_measures,
    measure_for,
    measure_lexicon,
)

TABLES = Path(__file__).parent / "examples" / "measures"
MIN_CASES = 60

_FOR_KEYS = frozenset({"text", "figure", "occurrence", "entity", "clause", "key", "match", "note"})
_FIND_KEYS = frozenset({"text", "measures", "note"})


@dataclass(frozen=True)
class ForCase:
    id: str
    text: str
    figure: tuple[int, int]
    clause: tuple[int, int]
    entity: str | None
    key: str | None
    match: str | None = None
    note: str | None = None
    group: str | None = None  # the `same:` key or `near_miss:` label it belongs to


@dataclass(frozen=True)
class FindCase:
    id: str
    text: str
    expected: tuple[tuple[int, int, str], ...]
    note: str | None = None


class TableError(ValueError):
    pass


def _span(where: str, text: str, sub: Any, occurrence: Any = None, what: str = "span") -> tuple[int, int]:
    if not isinstance(sub, str) or not sub:
        raise TableError(f"{where}: the {what} must be a non-empty string, got {sub!r}")
    starts = [i for i in range(len(text)) if text.startswith(sub, i)]
    if not starts:
        raise TableError(f"{where}: {what} {sub!r} is not in {text!r}")
    if len(starts) > 1 and occurrence is None:
        raise TableError(f"{where}: {what} {sub!r} occurs {len(starts)} times; say which with `occurrence`")
    n = 1 if occurrence is None else occurrence
    if not isinstance(n, int) or not 1 <= n <= len(starts):
        raise TableError(f"{where}: bad occurrence {occurrence!r}")
    return starts[n - 1], starts[n - 1] + len(sub)


def _for_case(where: str, raw: Any, group: str | None = None, key: Any = "missing") -> ForCase:
    if not isinstance(raw, dict) or set(raw) - _FOR_KEYS:
        raise TableError(f"{where}: a measure_for case has keys from {sorted(_FOR_KEYS)}, got {raw!r}")
    if key == "missing":
        if "key" not in raw:
            raise TableError(f"{where}: `key` is required (null for no measure)")
        key = raw["key"]
    if key is not None and not isinstance(key, str):
        raise TableError(f"{where}: `key` must be a string or null")
    text = raw.get("text")
    if not isinstance(text, str):
        raise TableError(f"{where}: `text` is required")
    figure = _span(where, text, raw.get("figure"), raw.get("occurrence"), "figure")
    clause = _span(where, text, raw["clause"], None, "clause") if "clause" in raw else (0, len(text))
    if not (clause[0] <= figure[0] and figure[1] <= clause[1]):
        raise TableError(f"{where}: the clause does not hold the figure")
    entity = raw.get("entity")
    if entity is not None and (not isinstance(entity, str) or entity not in text):
        raise TableError(f"{where}: entity {entity!r} is not in the text")
    if "match" in raw:
        _span(where, text, raw["match"], None, "match")
    return ForCase(where, text, figure, clause, entity, key, raw.get("match"), raw.get("note"), group)


def load_cases(folder: Path = TABLES) -> tuple[list[ForCase], list[FindCase], list[tuple[str, ForCase, ForCase]]]:
    fors: list[ForCase] = []
    finds: list[FindCase] = []
    pairs: list[tuple[str, ForCase, ForCase]] = []
    for path in sorted(folder.glob("*.yaml")):
        source = path.read_text(encoding="utf-8")
        data = yaml.safe_load(source)
        if not isinstance(data, list) or not data:
            raise TableError(f"{path.name}: a table is a non-empty YAML list of cases")
        lines = [item.start_mark.line + 1 for item in yaml.compose(source).value]
        for line, raw in zip(lines, data, strict=True):
            where = f"{path.name}:{line}"
            if not isinstance(raw, dict):
                raise TableError(f"{where}: a case is a mapping, got {raw!r}")
            if "same" in raw:
                if set(raw) - {"same", "wordings", "note"} or not isinstance(raw.get("wordings"), list):
                    raise TableError(f"{where}: a `same:` group has `wordings` (a list)")
                if len(raw["wordings"]) < 2:
                    raise TableError(f"{where}: a `same:` group needs at least two wordings")
                fors += [_for_case(f"{where}[{i}]", w, group=raw["same"], key=raw["same"])
                         for i, w in enumerate(raw["wordings"], 1)]
            elif "near_miss" in raw:
                if set(raw) != {"near_miss", "a", "b"}:
                    raise TableError(f"{where}: a near miss has `near_miss`, `a` and `b`")
                a = _for_case(f"{where}[a]", raw["a"], group=raw["near_miss"])
                b = _for_case(f"{where}[b]", raw["b"], group=raw["near_miss"])
                if a.key == b.key:
                    raise TableError(f"{where}: a near miss needs two different keys")
                pairs.append((f"{where}: {raw['near_miss']}", a, b))
                fors += [a, b]
            elif "measures" in raw:
                if set(raw) - _FIND_KEYS or not isinstance(raw["measures"], list):
                    raise TableError(f"{where}: a find case has `text`, `measures` (a list) and maybe `note`")
                expected = []
                for m in raw["measures"]:
                    if not isinstance(m, dict) or set(m) - {"text", "key", "occurrence"} or "key" not in m:
                        raise TableError(f"{where}: an expected measure is {{text, key}}, got {m!r}")
                    expected.append((*_span(where, raw["text"], m.get("text"), m.get("occurrence")), m["key"]))
                finds.append(FindCase(where, raw["text"], tuple(expected), raw.get("note")))
            else:
                fors.append(_for_case(where, raw))
    return fors, finds, pairs


FOR_CASES, FIND_CASES, NEAR_MISSES = load_cases()


def _show(m: MeasureMatch | None, text: str) -> str:
    return "nothing" if m is None else f"{m.key} ({m.phrase!r}, from {text[m.start:m.end]!r} [{m.start}:{m.end}])"


@pytest.mark.parametrize("case", FOR_CASES, ids=[c.id for c in FOR_CASES])
def test_measure_for(case: ForCase) -> None:
    got = measure_for(case.text, case.clause[0], case.clause[1], case.figure[0], case.figure[1], case.entity)
    problems = []
    if (got.key if got else None) != case.key:
        problems.append(f"expected {case.key}, got {_show(got, case.text)}")
    elif case.match is not None and got is not None and case.text[got.start:got.end] != case.match:
        problems.append(f"right key, but from {case.text[got.start:got.end]!r}, expected {case.match!r}")
    if problems:
        figure = case.text[case.figure[0]:case.figure[1]]
        lines = [f"{case.id}: {case.text!r}", f"  figure {figure!r}, entity {case.entity!r}",
                 *(f"  - {p}" for p in problems)]
        if case.group:
            lines.append(f"  group: {case.group}")
        if case.note:
            lines.append(f"  note: {case.note}")
        found = find_measures(case.text, *case.clause)
        lines.append("  clause matches: " + ("; ".join(_show(m, case.text) for m in found) or "none"))
        pytest.fail("\n".join(lines), pytrace=False)


@pytest.mark.parametrize("case", FIND_CASES, ids=[c.id for c in FIND_CASES])
def test_find_measures(case: FindCase) -> None:
    found = find_measures(case.text)
    got = {(m.start, m.end): m for m in found}
    problems = []
    for s, e, key in case.expected:
        m = got.pop((s, e), None)
        if m is None:
            near = [x for x in found if x.start < e and s < x.end]
            problems.append(f"nothing found for {case.text[s:e]!r} ({key})" if not near else
                            f"partial span: expected {case.text[s:e]!r}, got "
                            + "; ".join(_show(x, case.text) for x in near))
            for x in near:
                got.pop((x.start, x.end), None)
        elif m.key != key:
            problems.append(f"wrong key for {case.text[s:e]!r}: expected {key}, got {m.key}")
    problems += [f"unexpected extra match {_show(m, case.text)}" for m in got.values()]
    if problems:
        note = [f"  note: {case.note}"] if case.note else []
        pytest.fail("\n".join([f"{case.id}: {case.text!r}", *(f"  - {p}" for p in problems), *note]),
                    pytrace=False)


@pytest.mark.parametrize("label, a, b", NEAR_MISSES, ids=[n[0].split(":")[0] + ":" + n[0].split(":")[1]
                                                          for n in NEAR_MISSES])
def test_near_misses_do_not_meet(label: str, a: ForCase, b: ForCase) -> None:
    ka, kb = (measure_for(c.text, *c.clause, *c.figure, c.entity) for c in (a, b))
    assert (ka and ka.key) != (kb and kb.key), f"{label}: both sides got {ka and ka.key}"


def test_tables_are_big_enough() -> None:
    total = len(FOR_CASES) + len(FIND_CASES)
    assert total >= MIN_CASES, f"only {total} cases in {TABLES}"
    groups = Counter(c.group for c in FOR_CASES if c.group and c.key == c.group)
    assert len(groups) >= 8 and all(n >= 3 for n in groups.values()), groups
    assert len(NEAR_MISSES) >= 15
    assert sum(1 for c in FOR_CASES if c.key is None) >= 3


def test_every_expected_key_is_in_the_lexicon() -> None:
    lex = measure_lexicon()
    known = set(lex.measures) | {m.rate for m in lex.measures.values() if m.rate}
    keys = {c.key for c in FOR_CASES if c.key} | {k for c in FIND_CASES for *_, k in c.expected}
    assert keys <= known, sorted(keys - known)


def test_loader_refuses_bad_tables(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text('- text: "Deaths rose."\n  figure: "12"\n  key: deaths\n')
    with pytest.raises(TableError, match=r"bad\.yaml:1: figure '12' is not in"):
        load_cases(tmp_path)


# --------------------------------------------------------------------------------------------------
# The lexicon


def test_lexicon_size_and_shape() -> None:
    lex = measure_lexicon()
    assert len(lex.measures) >= 60
    for key, m in lex.measures.items():
        assert m.key == key and m.phrase
        assert m.refines is None or m.refines in lex.measures
        assert (m.rate is None) == m.is_rate
        assert m.rate is None or m.rate not in lex.measures or lex.measures[m.rate].is_rate


def test_lexicon_is_built_once_and_cached_per_extra() -> None:
    assert measure_lexicon() is measure_lexicon()
    extra = ({"key": "bridge_closures", "phrase": "bridge closures", "patterns": ["bridge closures"]},)
    assert measure_lexicon(extra) is measure_lexicon(extra)
    assert measure_lexicon(extra) is not measure_lexicon()


def test_extra_entries_add_measures_and_wordings() -> None:
    extra = ({"key": "bridge_closures", "phrase": "bridge closures", "patterns": ["bridges closed", "bridge closures"]},
             {"key": "overdose_deaths", "patterns": ["poisoning deaths"]})
    lex = measure_lexicon(extra)
    text = "Officials said 14 bridges closed and 300 poisoning deaths were recorded."
    assert [m.key for m in find_measures(text, lexicon=lex)] == ["bridge_closures", "overdose_deaths"]
    assert [m.key for m in find_measures(text)] == ["deaths"]  # the shipped lexicon is unchanged
    assert measure_lexicon().measures.keys() == measure_lexicon().measures.keys() - {"bridge_closures"}
    with pytest.raises(TypeError):
        lex.measures["x"] = None  # type: ignore[index]


@pytest.mark.parametrize("extra, message", [
    ({"key": "Bad Key", "phrase": "x", "patterns": ["x"]}, "snake_case"),
    ({"key": "widgets", "patterns": ["widgets"]}, "phrase"),
    ({"key": "widgets", "phrase": "widgets"}, "nothing would signal it"),
    ({"key": "widgets", "phrase": "widgets", "patterns": ["homicides"]}, "also listed under"),
    ({"key": "widgets", "phrase": "widgets", "patterns": ["... widgets"]}, "must stand between"),
    ({"key": "widgets", "phrase": "widgets", "patterns": ["[many] widgets"]}, "not first"),
    ({"key": "widgets", "phrase": "widgets", "patterns": ["widgets [sold"]}, "closed"),
    ({"key": "widgets", "phrase": "widgets", "things": ["widget*"]}, "go together"),
    ({"key": "widgets", "phrase": "widgets", "patterns": ["widgets"], "refines": "gadgets"}, "not a measure"),
    ({"key": "widgets", "phrase": "widgets", "patterns": ["widgets"], "colour": "blue"}, "unknown field"),
    ({"key": "deaths", "phrase": "fatalities"}, "contradicts"),
    ({"key": "widgets", "phrase": "widgets", "patterns": [3]}, "list of strings"),
])
def test_bad_extra_entries_are_refused(extra: dict, message: str) -> None:
    with pytest.raises(MeasureLexiconError, match=message):
        measure_lexicon((extra,))


def test_pattern_syntax() -> None:
    lex = measure_lexicon(({"key": "widget_sales", "phrase": "widget sales",
                            "patterns": ["sold|shipped [blue] widget*", "widgets ... recalled"]},))

    def keys(text: str) -> list[tuple[str, str]]:
        return [(m.key, text[m.start:m.end]) for m in find_measures(text, lexicon=lex)]

    assert keys("They sold widgets.") == [("widget_sales", "sold widgets")]
    assert keys("They SHIPPED blue widgetry.") == [("widget_sales", "SHIPPED blue widgetry")]
    assert keys("Widgets were quickly recalled.") == [("widget_sales", "Widgets were quickly recalled")]
    assert keys("Widgets, sadly, were recalled.") == []
    assert keys("Widgets one two three four five recalled.") == []


def test_start_and_end_limit_the_search() -> None:
    text = "Homicides fell. Overdose deaths rose."
    assert [m.key for m in find_measures(text, 15)] == ["overdose_deaths"]
    assert [m.key for m in find_measures(text, 0, 15)] == ["homicides"]
    assert find_measures(text, 100) == [] and find_measures(text, 10, 3) == []


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(), st.integers(-5, 200), st.one_of(st.none(), st.integers(-5, 200)))
def test_arbitrary_text_never_raises(text: str, start: int, end: int | None) -> None:
    last = -1
    for m in find_measures(text, start, end):
        assert 0 <= m.start < m.end <= len(text) and m.start >= last
        last = m.end


WORDY = st.lists(st.sampled_from(["deaths", "overdose", "killed", "rate", "per", "100,000", "homes", "destroyed",
                                  "guns", "smuggled", ",", "-", "fatal", "non", "and", "the", "12", "were",
                                  "without", "power", "evacuated", "cases", "measles", "  ", "\n", "..."]),
                 max_size=40).map(" ".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(WORDY, st.data())
def test_measure_for_never_raises(text: str, data: st.DataObject) -> None:
    n = len(text)
    ints = st.integers(-3, n + 3)
    cs, ce, fs, fe = (data.draw(ints) for _ in range(4))
    entity = data.draw(st.one_of(st.none(), st.sampled_from(["guns", "homes", "people", "", "deaths", "x y"])))
    got = measure_for(text, cs, ce, fs, fe, entity)
    if got is not None:
        assert 0 <= got.start < got.end <= n and got.key and got.phrase


@settings(max_examples=200, deadline=None)
@given(st.text(), st.data())
def test_measure_for_on_arbitrary_text_never_raises(text: str, data: st.DataObject) -> None:
    ints = st.integers(-3, len(text) + 3)
    measure_for(text, data.draw(ints), data.draw(ints), data.draw(ints), data.draw(ints),
                data.draw(st.one_of(st.none(), st.text(max_size=10))))
