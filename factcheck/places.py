"""Places named or implied in news text: "the U.S.", "Americans", "Mexico City", "Calif.".

The lexicon (rules/lexicons/places.yaml, format documented there) is compiled once into one
case-sensitive regex, a character trie, so a text is read in one pass, longest name first ("New
Mexico" before "Mexico", "Mexico City" before "Mexico"). Each hit is then checked against its
senses: a form that is also a first name, a food or an abbreviation ("Jordan", "Turkey", "Mass.")
carries guards, and a form shared by two places ("Georgia") picks the one whose context cues are
near. `place_lexicon(extra)` merges entries from rule packs into a new, cached lexicon.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from factcheck import lexicons

KINDS = ("country", "state", "province", "city")
CONTEXT_WINDOW = 1000  # characters either side of a form in which its context cues are looked for

_SECTIONS: dict[str, tuple[str | None, str | None]] = {  # section → (kind, parent) it implies
    "countries": ("country", None),
    "us_states": ("state", "United States"),
    "canadian_provinces": ("province", "Canada"),
    "mexican_states": ("state", "Mexico"),
    "subdivisions": (None, None),
    "cities": ("city", None),
}
_ENTRY_KEYS = frozenset({"names", "demonyms", "parent", "kind"})
_FORM_KEYS = frozenset({"name", "context", "person", "not_before", "not_after", "after_city"})
_PERSON = frozenset({"before", "after", "both"})
_QUALIFIER = re.compile(r"\s*\([^)]*\)$")



class PlaceLexiconError(ValueError):
    """A malformed places lexicon entry (shipped or from a rule pack); the message names it."""


@dataclass(frozen=True, slots=True)
class PlaceMention:
    start: int
    end: int
    name: str  # canonical, e.g. "United States"
    kind: str  # country|state|province|city
    demonym: bool  # True for "Americans", "Mexican"


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    kind: str
    parent: str | None


@dataclass(frozen=True, slots=True)
class Sense:
    """One meaning of one surface form, with the conditions under which it holds."""

    place: Place
    demonym: bool
    context: re.Pattern[str] | None = None
    person: str | None = None
    not_before: tuple[tuple[str, ...], ...] = ()
    not_after: tuple[tuple[str, ...], ...] = ()
    after_city: bool = False

    @property
    def conditional(self) -> bool:
        return self.context is not None or self.after_city


@dataclass(frozen=True, slots=True)
class PlaceLexicon:
    places: Mapping[str, Place]  # canonical name → place
    senses: Mapping[str, tuple[Sense, ...]]  # normalised surface → senses, conditional first; () = blocked
    regex: re.Pattern[str]
    demonym_not_before: tuple[tuple[str, ...], ...]
    demonym_not_after: tuple[tuple[str, ...], ...]
    exempt_before: frozenset[str]
    exempt_after: frozenset[str]

    def ancestors(self, name: str) -> list[str]:
        """The places containing `name`, nearest first ("Houston" → Texas, United States)."""
        out: list[str] = []
        place = self.places.get(name)
        while place is not None and place.parent is not None and place.parent not in out:
            out.append(place.parent)
            place = self.places.get(place.parent)
        return out


# --------------------------------------------------------------------------------------------------
# Loading


def _norm(surface: str) -> str:
    return " ".join(surface.replace("’", "'").split())


def _phrases(values: Any, where: str) -> tuple[tuple[str, ...], ...]:
    if values is None:
        return ()
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise PlaceLexiconError(f"{where}: expected a list of words or phrases, got {values!r}")
    return tuple(tuple(re.split(r"[\s-]+", v.strip().lower())) for v in values)


def _cue_regex(cues: Any, where: str) -> re.Pattern[str]:
    if not isinstance(cues, list) or not cues or not all(isinstance(c, str) and c.strip() for c in cues):
        raise PlaceLexiconError(f"{where}: `context` must be a non-empty list of cue words, got {cues!r}")
    alternatives = sorted({re.escape(_norm(c)).replace(r"\ ", r"\s+").replace("'", "['’]") for c in cues},
                          key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


def _form(raw: Any, place: Place, demonym: bool, where: str) -> tuple[str, Sense]:
    if isinstance(raw, str):
        if not raw.strip():
            raise PlaceLexiconError(f"{where}: empty name")
        return _norm(raw), Sense(place, demonym)
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not raw["name"].strip():
        raise PlaceLexiconError(f"{where}: a form is a string or a mapping with `name`, got {raw!r}")
    unknown = set(raw) - _FORM_KEYS
    if unknown:
        raise PlaceLexiconError(f"{where}: unknown option(s) {sorted(unknown)} for {raw['name']!r}; "
                                f"known: {sorted(_FORM_KEYS)}")
    person = raw.get("person")
    if person is not None and person not in _PERSON:
        raise PlaceLexiconError(f"{where}: `person` must be one of {sorted(_PERSON)}, got {person!r}")
    after_city = raw.get("after_city", False)
    if not isinstance(after_city, bool):
        raise PlaceLexiconError(f"{where}: `after_city` must be true or false, got {after_city!r}")
    name = raw["name"]
    context = _cue_regex(raw["context"], f"{where} {name!r}") if "context" in raw else None
    return _norm(name), Sense(place, demonym, context, person,
                              _phrases(raw.get("not_before"), f"{where} {name!r} not_before"),
                              _phrases(raw.get("not_after"), f"{where} {name!r} not_after"), after_city)


def _entries(data: Mapping[str, Any], extra: Iterable[Mapping[str, Any]]) -> list[tuple[str, dict, str]]:
    """(canonical name, entry with kind and parent filled in, where) for every place."""
    out: list[tuple[str, dict, str]] = []
    for section, (kind, parent) in _SECTIONS.items():
        body = data.get(section) or {}
        if not isinstance(body, dict):
            raise PlaceLexiconError(f"places.yaml: section {section!r} must be a mapping")
        for name, entry in body.items():
            entry = dict(entry or {})
            if kind is not None:
                entry.setdefault("kind", kind)
            if parent is not None:
                entry.setdefault("parent", parent)
            out.append((str(name), entry, f"places.yaml {section}.{name}"))
    for i, raw in enumerate(extra):
        if not isinstance(raw, Mapping) or not isinstance(raw.get("name"), str):
            raise PlaceLexiconError(f"extra place #{i + 1}: a mapping with `name` is needed, got {raw!r}")
        entry = {k: v for k, v in raw.items() if k != "name"}
        out.append((raw["name"], entry, f"extra place {raw['name']!r}"))
    return out


def _build(data: Mapping[str, Any], extra: Iterable[Mapping[str, Any]]) -> PlaceLexicon:
    entries = _entries(data, extra)
    places: dict[str, Place] = {}
    merged: dict[str, dict[str, Any]] = {}
    for name, entry, where in entries:
        unknown = set(entry) - _ENTRY_KEYS
        if unknown:
            raise PlaceLexiconError(f"{where}: unknown key(s) {sorted(unknown)}; known: {sorted(_ENTRY_KEYS)}")
        if not isinstance(entry.get("parent"), str | None):
            raise PlaceLexiconError(f"{where}: parent must be a place name, got {entry['parent']!r}")
        for key in ("names", "demonyms"):
            if not isinstance(entry.get(key), list | None):  # a bare string would become one name per letter
                raise PlaceLexiconError(f"{where}: {key} must be a list, got {entry[key]!r}")
        if name in merged:  # a rule pack adding names to a shipped place
            old = merged[name]
            for key in ("kind", "parent"):
                if entry.get(key) is not None and entry[key] != old.get(key):
                    raise PlaceLexiconError(f"{where}: {key} {entry[key]!r} contradicts {old.get(key)!r}")
            old["names"] = [*old.get("names", []), *entry.get("names", [])]
            old["demonyms"] = [*old.get("demonyms", []), *entry.get("demonyms", [])]
            continue
        kind = entry.get("kind")
        if kind not in KINDS:
            raise PlaceLexiconError(f"{where}: kind must be one of {KINDS}, got {kind!r}")
        merged[name] = {**entry, "names": list(entry.get("names") or []),
                        "demonyms": list(entry.get("demonyms") or []), "where": where}
        places[name] = Place(name, kind, entry.get("parent"))
    for name, place in places.items():
        if place.parent is not None and place.parent not in places:
            raise PlaceLexiconError(f"{merged[name]['where']}: parent {place.parent!r} is not a place")
        if place.kind == "city" and place.parent is None:
            raise PlaceLexiconError(f"{merged[name]['where']}: a city needs a parent")

    senses: dict[str, list[Sense]] = {}
    for name, entry in merged.items():
        place, where = places[name], entry["where"]
        forms = [_form(f, place, False, where) for f in entry["names"]]
        forms += [_form(f, place, True, where) for f in entry["demonyms"]]
        listed = {surface for surface, _ in forms}
        qualified = _QUALIFIER.search(name) or (place.parent and name.endswith(", " + place.parent))
        if not qualified and _norm(name) not in listed:
            forms.insert(0, (_norm(name), Sense(place, False)))
        for surface, sense in forms:
            have = senses.setdefault(surface, [])
            if any(s.place == place and s.demonym == sense.demonym for s in have):
                raise PlaceLexiconError(f"{where}: {surface!r} is listed twice for {name!r}")
            have.append(sense)
    blocked = data.get("blocked") or []
    for surface in blocked:
        if not isinstance(surface, str) or _norm(surface) in senses:
            raise PlaceLexiconError(f"places.yaml blocked: {surface!r} is not a string or also names a place")
        senses[_norm(surface)] = []
    for surface, have in senses.items():
        defaults = [s.place.name for s in have if not s.conditional]
        if len(defaults) > 1:
            raise PlaceLexiconError(f"{surface!r} names {defaults} without context or after_city on "
                                    "all but one: which is meant would depend on file order")
    guard = data.get("demonym_guard") or {}
    person = data.get("person_guard") or {}
    return PlaceLexicon(
        places=MappingProxyType(places),
        senses=MappingProxyType({s: tuple(sorted(v, key=lambda x: not x.conditional)) for s, v in senses.items()}),
        regex=_compile(senses),
        demonym_not_before=_phrases(guard.get("not_before"), "places.yaml demonym_guard.not_before"),
        demonym_not_after=_phrases(guard.get("not_after"), "places.yaml demonym_guard.not_after"),
        exempt_before=frozenset(person.get("exempt_before") or ()),
        exempt_after=frozenset(person.get("exempt_after") or ()),
    )


def _compile(surfaces: Iterable[str]) -> re.Pattern[str]:
    """One regex over every surface form, as a character trie: greedy optional tails make the
    longest form win at each position, and backtracking falls back to shorter ones."""
    trie: dict[str, Any] = {}
    for surface in surfaces:
        node = trie
        for ch in surface:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: dict[str, Any]) -> str:
        branches = []
        for ch in sorted(k for k in node if k):
            if ch == " ":
                atom = r"\s+"
            elif ch == "'":
                atom = "['’]"
            else:
                atom = re.escape(ch)
            branches.append(atom + pattern(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return re.compile(r"(?<!\w)" + pattern(trie) + r"(?!\w)")




def place_lexicon(extra: tuple[Mapping[str, Any], ...] = ()) -> PlaceLexicon:
    """The shipped places lexicon, with `extra` entries merged in (cached per distinct `extra`).

    An extra entry is a mapping like a YAML entry plus its canonical `name`: {"name": "Ciudad
    Obregón", "kind": "city", "parent": "Sonora", "names": ["Ciudad Obregon"]}. An entry whose
    name is already a place adds its names and demonyms to it.
    """
    return _lexicon(lexicons.frozen_entries(extra, PlaceLexiconError, "places"))


@functools.cache
def _lexicon(frozen: tuple[str, ...]) -> PlaceLexicon:
    return _build(lexicons.read("places.yaml"), [json.loads(e) for e in frozen])


# --------------------------------------------------------------------------------------------------
# Matching

_WORDS_AFTER = re.compile(r"(?:[^\S\r\n]*-[^\S\r\n]*|[^\S\r\n]+)([\w'’&]+)")
_CITY_COMMA = re.compile(r"(?:[A-Z][a-z][\w.'’-]*,\s+|[(\s][DRI]-)$")  # "Baton Rouge, LA", "(D-Mass.)"
_APPOSITION = re.compile(r",[^\S\r\n]+")
_TITLES = frozenset("Mr Mrs Ms Dr Gen Sen Rep Gov Lt Col Capt Sgt Maj Adm Cmdr Prof Rev St Sr Jr Pres Supt "
                    "Det Insp Hon Gov Atty Amb".split())


def _words_after(text: str, pos: int, n: int) -> list[str]:
    out = []
    while len(out) < n:
        m = _WORDS_AFTER.match(text, pos)
        if not m:
            break
        out.append(m.group(1))
        pos = m.end()
    return out


def _words_before(text: str, pos: int, n: int) -> list[str]:
    """Up to n words right before pos (nearest last), joined by spaces or hyphens only."""
    out: list[str] = []
    while len(out) < n:
        j = pos
        while j > 0 and text[j - 1] in " \t\u00a0-":
            j -= 1
        if j == pos:
            break
        k = j
        while k > 0 and (text[k - 1].isalnum() or text[k - 1] in "_'’&.,"):
            k -= 1
        while k < j and text[k] in ".,":
            k += 1
        word = text[k:j]
        if word.endswith(".") and word[:-1] not in _TITLES:
            break  # the end of the previous sentence
        if not word or word[-1] == ",":
            break
        out.insert(0, word)
        pos = k
    return out


def _blocked_by(phrases: tuple[tuple[str, ...], ...], words: list[str], *, before: bool) -> bool:
    low = [w.lower() for w in words]
    for phrase in phrases:
        if phrase == ("#",):
            if low and re.fullmatch(r"[\d,.]+", low[-1] if before else low[0]):
                return True
            continue
        n = len(phrase)
        got = low[-n:] if before else low[:n]
        if len(got) == n and tuple(got) == phrase:
            return True
    return False


def _capitalised(word: str) -> bool:
    return bool(word) and word[0].isupper()


class _Resolver:
    def __init__(self, text: str, lex: PlaceLexicon):
        self.text = text
        self.lex = lex

    def holds(self, sense: Sense, s: int, e: int) -> bool:
        text, lex = self.text, self.lex
        if sense.not_before or sense.demonym:
            after = _words_after(text, e, 3)
            if _blocked_by(sense.not_before, after, before=False):
                return False
            if sense.demonym and _blocked_by(lex.demonym_not_before, after, before=False):
                return False
        if sense.not_after or sense.demonym:
            before = _words_before(text, s, 3)
            if _blocked_by(sense.not_after, before, before=True):
                return False
            if sense.demonym and _blocked_by(lex.demonym_not_after, before, before=True):
                return False
        if sense.person in ("before", "both"):
            before = _words_before(text, s, 1)
            if before and _capitalised(before[0]) and before[0] not in lex.exempt_before:
                return False
        if sense.person in ("after", "both"):
            after = _words_after(text, e, 1)
            if after and _capitalised(after[0]) and after[0] not in lex.exempt_after:
                return False
        if sense.after_city and not _CITY_COMMA.search(text, max(0, s - 40), s):
            return False
        if sense.context is not None:
            lo, hi = max(0, s - CONTEXT_WINDOW), min(len(text), e + CONTEXT_WINDOW)
            if not any((m.start(), m.end()) != (s, e) for m in sense.context.finditer(text, lo, hi)):
                return False
        return True

    def choose(self, senses: tuple[Sense, ...], s: int, e: int) -> Sense | None:
        for sense in senses:
            if self.holds(sense, s, e):
                return sense
        return None


def _mention(s: int, e: int, sense: Sense) -> PlaceMention:
    return PlaceMention(s, e, sense.place.name, sense.place.kind, sense.demonym)


def find_places(text: str, start: int = 0, end: int | None = None, *,
                lexicon: PlaceLexicon | None = None) -> list[PlaceMention]:
    """Places named or implied in text[start:end], in text order, offsets into `text`.

    Context cues for ambiguous forms are read within CONTEXT_WINDOW characters of the form, also
    outside [start, end).
    """
    lex = lexicon or place_lexicon()
    n = len(text)
    start = max(0, min(start, n))
    end = n if end is None else max(start, min(end, n))
    resolver = _Resolver(text, lex)
    found: list[tuple[int, int, str, Sense]] = []
    for m in lex.regex.finditer(text, start, end):
        surface = _norm(m.group())
        sense = resolver.choose(lex.senses.get(surface, ()), m.start(), m.end())
        if sense is not None:
            found.append((m.start(), m.end(), surface, sense))
    return [_mention(s, e, sense) for s, e, _, sense in _appositions(text, found, lex, resolver)]


def _appositions(text: str, found: list[tuple[int, int, str, Sense]], lex: PlaceLexicon,
                 resolver: _Resolver) -> list[tuple[int, int, str, Sense]]:
    """"City, Region": the region says which city is meant ("Portland, Maine"), or that it is some
    other town of that name ("Paris, Texas"), which is dropped; "Buffalo, New York" makes New York
    the state."""
    out = list(found)
    drop: set[int] = set()
    for i in range(len(out) - 1):
        s1, e1, surface1, first = out[i]
        s2, e2, surface2, second = out[i + 1]
        if not _APPOSITION.fullmatch(text, e1, s2) or first.place.kind not in ("city", "country"):
            continue
        if first.place.kind == "city" and second.place.kind == "city":
            # "Buffalo, New York": the second may have a state sense that contains the first.
            ancestors = lex.ancestors(first.place.name)
            for sense in lex.senses.get(surface2, ()):
                if sense.place.kind != "city" and sense.place.name in ancestors and \
                        sense.demonym == second.demonym:
                    out[i + 1] = (s2, e2, surface2, sense)
                    break
            continue
        if second.place.kind not in ("state", "province", "country"):
            continue
        if first.place.kind == "country":
            # "Lebanon, Pa.", "Mexico, Mo.": a town named after a country, before a state abbreviation.
            abbreviation = "." in surface2 or (surface2.isupper() and len(surface2) <= 3)
            if second.place.kind in ("state", "province") and abbreviation and \
                    first.place.name not in lex.ancestors(second.place.name):
                drop.add(i)
            continue
        if second.place.name in lex.ancestors(first.place.name):
            continue
        for sense in lex.senses.get(surface1, ()):
            if sense.place.kind == "city" and second.place.name in lex.ancestors(sense.place.name) and \
                    resolver.holds(dataclasses.replace(sense, context=None), s1, e1):
                out[i] = (s1, e1, surface1, sense)
                break
        else:
            drop.add(i)
    return [item for i, item in enumerate(out) if i not in drop]


def place_of(phrase: str, *, lexicon: PlaceLexicon | None = None) -> str | None:
    """The canonical place a short phrase names or implies: "Americans" → "United States",
    "U.S. citizens" → "United States", "Mexican cartels" → "Mexico"; the first place when it
    names several; None when it names none. Context-dependent forms ("Chad", "Georgia" the
    country) need their cues inside the phrase."""
    if not phrase:
        return None
    found = find_places(phrase, lexicon=lexicon)
    return found[0].name if found else None
