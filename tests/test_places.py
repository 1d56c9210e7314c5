"""Places (factcheck/places.py) against the tables in tests/examples/places/, plus the lexicon itself.

Table format (a YAML list; a file may mix both kinds of case):

    - text: "Overdose deaths among Americans topped 100,000, the U.S. government said."
      places:                     # EVERY place find_places must return; [] = none at all
        - {text: Americans, name: United States, kind: country, demonym: true}
        - {text: U.S., name: United States}
      note: why the case is there (printed when it fails)

    - {phrase: U.S. citizens, place: United States}     # place_of(phrase); null = no place

An expected place names its exact span (`occurrence: N` when the span occurs more than once) and its
canonical `name`; `kind` and `demonym` are checked when given.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.places import (
    KINDS,
    PlaceLexiconError,
    PlaceMention,
    find_places,
    place_lexicon,
    place_of,
)

TABLES = Path(__file__).parent / "examples" / "places"
MIN_CASES = 60
MIN_NEGATIVES = 30

_FIND_KEYS = frozenset({"text", "places", "note"})
_OF_KEYS = frozenset({"phrase", "place", "note"})
_PLACE_KEYS = frozenset({"text", "occurrence", "name", "kind", "demonym"})


@dataclass(frozen=True)
class Expected:
    text: str
    start: int
    end: int
    name: str
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Case:
    id: str
    text: str  # the case text, or the phrase for place_of
    expected: tuple[Expected, ...] | None  # find_places cases
    place: str | None = None  # place_of cases
    note: str | None = None

    @property
    def is_place_of(self) -> bool:
        return self.expected is None


def _fail(where: str, message: str) -> None:
    raise ValueError(f"{where}: {message}")


def _expected(where: str, text: str, raw: Any) -> Expected:
    if not isinstance(raw, dict) or set(raw) - _PLACE_KEYS:
        _fail(where, f"an expected place is a mapping with keys from {sorted(_PLACE_KEYS)}, got {raw!r}")
    span, name = raw.get("text"), raw.get("name")
    if not isinstance(span, str) or not span or not isinstance(name, str):
        _fail(where, f"an expected place needs `text` and `name`: {raw!r}")
    starts = [i for i in range(len(text)) if text.startswith(span, i)]
    occurrence = raw.get("occurrence", 1)
    if not starts:
        _fail(where, f"{span!r} is not in {text!r}")
    if len(starts) > 1 and "occurrence" not in raw:
        _fail(where, f"{span!r} occurs {len(starts)} times: say which with `occurrence`")
    if not isinstance(occurrence, int) or not 1 <= occurrence <= len(starts):
        _fail(where, f"bad occurrence {occurrence!r} for {span!r}")
    if "kind" in raw and raw["kind"] not in KINDS:
        _fail(where, f"kind must be one of {KINDS}")
    if "demonym" in raw and not isinstance(raw["demonym"], bool):
        _fail(where, "demonym must be true or false")
    start = starts[occurrence - 1]
    return Expected(span, start, start + len(span), name, {k: raw[k] for k in ("kind", "demonym") if k in raw})


def load_cases(folder: Path = TABLES) -> list[Case]:
    cases: list[Case] = []
    for path in sorted(folder.glob("*.yaml")):
        source = path.read_text(encoding="utf-8")
        data = yaml.safe_load(source)
        if not isinstance(data, list) or not data:
            _fail(path.name, "a table is a non-empty YAML list of cases")
        lines = [item.start_mark.line + 1 for item in yaml.compose(source).value]
        for line, raw in zip(lines, data, strict=True):
            where = f"{path.name}:{line}"
            if isinstance(raw, dict) and "phrase" in raw:
                if set(raw) - _OF_KEYS or "place" not in raw:
                    _fail(where, f"a place_of case has keys {sorted(_OF_KEYS)} (and needs `place`)")
                cases.append(Case(where, str(raw["phrase"]), None, raw["place"], raw.get("note")))
                continue
            if not isinstance(raw, dict) or set(raw) - _FIND_KEYS or "text" not in raw or "places" not in raw:
                _fail(where, f"a case has `text` and `places` (and maybe `note`), got {raw!r}")
            if not isinstance(raw["places"], list):
                _fail(where, "`places` must be a list ([] for none)")
            expected = tuple(_expected(where, raw["text"], p) for p in raw["places"])
            cases.append(Case(where, raw["text"], expected, note=raw.get("note")))
    return cases


CASES = load_cases()
FIND = [c for c in CASES if not c.is_place_of]
PLACE_OF = [c for c in CASES if c.is_place_of]


def _describe(m: PlaceMention, text: str) -> str:
    return f"{text[m.start:m.end]!r} [{m.start}:{m.end}] → {m.name} ({m.kind}{', demonym' if m.demonym else ''})"


def compare(case: Case, found: list[PlaceMention]) -> list[str]:
    problems = []
    by_span = {(m.start, m.end): m for m in found}
    explained: set[tuple[int, int]] = set()
    for exp in case.expected or ():
        got = by_span.get((exp.start, exp.end))
        if got is None:
            overlapping = [m for m in found if m.start < exp.end and exp.start < m.end]
            if overlapping:
                explained.update((m.start, m.end) for m in overlapping)
                problems.append(f"partial span: expected {exp.text!r} → {exp.name}, got "
                                + "; ".join(_describe(m, case.text) for m in overlapping))
            else:
                problems.append(f"nothing found for {exp.text!r} (expected {exp.name})")
            continue
        explained.add((exp.start, exp.end))
        if got.name != exp.name:
            problems.append(f"wrong place for {exp.text!r}: expected {exp.name}, got {got.name}")
        for key, value in exp.fields.items():
            if getattr(got, key) != value:
                problems.append(f"wrong {key} for {exp.text!r}: expected {value}, got {getattr(got, key)}")
    problems += [f"unexpected extra place {_describe(m, case.text)}" for m in found
                 if (m.start, m.end) not in explained]
    return problems


@pytest.mark.parametrize("case", FIND, ids=[c.id for c in FIND])
def test_find_places(case: Case) -> None:
    found = find_places(case.text)
    problems = compare(case, found)
    if problems:
        lines = [f"{case.id}: {case.text!r}", *(f"  - {p}" for p in problems)]
        if case.note:
            lines.append(f"  note: {case.note}")
        lines.append("  found: " + ("; ".join(_describe(m, case.text) for m in found) or "nothing"))
        pytest.fail("\n".join(lines), pytrace=False)


@pytest.mark.parametrize("case", PLACE_OF, ids=[c.id for c in PLACE_OF])
def test_place_of(case: Case) -> None:
    got = place_of(case.text)
    if got != case.place:
        note = f" ({case.note})" if case.note else ""
        pytest.fail(f"{case.id}: place_of({case.text!r}) should be {case.place!r}, got {got!r}{note}", pytrace=False)


def test_tables_are_big_enough_and_unique() -> None:
    assert len(CASES) >= MIN_CASES, f"only {len(CASES)} cases in {TABLES}"
    negatives = sum(1 for c in FIND if not c.expected) + sum(1 for c in PLACE_OF if c.place is None)
    assert negatives >= MIN_NEGATIVES, f"only {negatives} negative cases"
    repeated = [t for t, n in Counter(c.text for c in CASES).items() if n > 1]
    assert not repeated, f"repeated case texts: {repeated}"


def test_loader_refuses_a_span_not_in_the_text(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text('- text: "In Texas."\n  places: [{text: Ohio, name: Ohio}]\n')
    with pytest.raises(ValueError, match="not in"):
        load_cases(tmp_path)


# --------------------------------------------------------------------------------------------------
# The lexicon


def test_lexicon_is_well_formed_and_large() -> None:
    lex = place_lexicon()
    kinds = Counter(p.kind for p in lex.places.values())
    assert kinds["country"] >= 200, kinds  # 193 UN members and others
    assert sum(1 for p in lex.places.values() if p.kind == "state" and p.parent == "United States") == 51
    assert sum(1 for p in lex.places.values() if p.kind == "state" and p.parent == "Mexico") >= 31
    assert sum(1 for p in lex.places.values() if p.parent == "Canada") == 13
    assert kinds["city"] >= 150, kinds
    for place in lex.places.values():
        assert place.kind in KINDS
        assert place.parent is None or place.parent in lex.places, place
        if place.kind == "city":
            assert lex.ancestors(place.name)[-1] in lex.places
            assert lex.places[lex.ancestors(place.name)[-1]].kind == "country", place


def test_every_us_state_has_its_name_and_cities_their_parents() -> None:
    lex = place_lexicon()
    assert lex.ancestors("Houston") == ["Texas", "United States"]
    assert lex.ancestors("Culiacán") == ["Sinaloa", "Mexico"]
    for name, place in lex.places.items():
        # Bare "New York" is the city and bare "Washington" the capital (places.yaml, decisions).
        if place.parent == "United States" and place.kind == "state" and \
                name not in ("District of Columbia", "New York", "Washington"):
            found = find_places(f"They live in {name}.")
            assert [m.name for m in found] == [name], (name, found)


def test_the_lexicon_is_built_once() -> None:
    assert place_lexicon() is place_lexicon()


def test_extra_entries_merge_into_a_new_lexicon() -> None:
    extra = ({"name": "Ciudad Obregón", "kind": "city", "parent": "Sonora", "names": ["Ciudad Obregon"]},
             {"name": "Mexico", "demonyms": ["Mexicanos"]})
    lex = place_lexicon(extra)
    assert lex is place_lexicon(extra)
    assert lex is not place_lexicon()
    text = "Ciudad Obregon recorded 300 killings, and Mexicanos voted."
    assert [(m.name, m.demonym) for m in find_places(text, lexicon=lex)] == [
        ("Ciudad Obregón", False), ("Mexico", True)]
    assert find_places(text) == []
    assert lex.ancestors("Ciudad Obregón") == ["Sonora", "Mexico"]


@pytest.mark.parametrize("extra, message", [
    ({"name": "Atlantis", "kind": "city"}, "needs a parent"),
    ({"name": "Atlantis", "kind": "continent"}, "kind must be"),
    ({"name": "Atlantis", "kind": "city", "parent": "Nowhere"}, "not a place"),
    ({"name": "Mexico", "kind": "city"}, "contradicts"),
    ({"name": "Atlantis", "kind": "country", "names": [{"name": "Atl", "person": "sometimes"}]}, "person"),
    ({"name": "Atlantis", "kind": "country", "names": [{"name": "Atl", "colour": "blue"}]}, "unknown option"),
    ({"name": "Atlantis", "kind": "country", "names": ["Mexico"]}, "without context"),
    ({"name": "Atlantis", "kind": "country", "size": 3}, "unknown key"),
])
def test_bad_extra_entries_are_refused(extra: dict, message: str) -> None:
    with pytest.raises(PlaceLexiconError, match=message):
        place_lexicon((extra,))


def test_start_and_end_limit_the_search() -> None:
    text = "Texas and Ohio and Iowa"
    assert [m.name for m in find_places(text, 5)] == ["Ohio", "Iowa"]
    assert [m.name for m in find_places(text, 0, 14)] == ["Texas", "Ohio"]
    assert find_places(text, 30) == [] and find_places(text, 10, 2) == []


def test_line_breaks_inside_names() -> None:
    text = "The storm hit New\nMexico and Mexico\u00a0City."
    assert [(text[m.start:m.end], m.name) for m in find_places(text)] == [
        ("New\nMexico", "New Mexico"), ("Mexico\u00a0City", "Mexico City")]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(), st.integers(-5, 300), st.one_of(st.none(), st.integers(-5, 300)))
def test_arbitrary_text_never_raises(text: str, start: int, end: int | None) -> None:
    found = find_places(text, start, end)
    last = -1
    for m in found:
        assert 0 <= m.start < m.end <= len(text)
        assert m.start >= last
        last = m.end
        assert m.kind in KINDS
    place_of(text)


PLACEY = st.lists(st.sampled_from(["Georgia", "Washington", "Jordan", "Paris", ", ", "Texas", "New York",
                                   "Mexican", "food", "D.C.", "Ga.", "LA", "Chad", "Sahel", " ", "City",
                                   "Mexico", "Michael", "(D-", "Mass.", "500", "B.C.", "in", "Tbilisi"]),
                  max_size=30).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(PLACEY)
def test_place_like_text_never_raises(text: str) -> None:
    for m in find_places(text):
        assert text[m.start:m.end].strip() == text[m.start:m.end]
