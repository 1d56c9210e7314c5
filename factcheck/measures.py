"""Measures: what a figure is a figure of, keyed so that different wordings of one statistic meet.

"Overdose deaths", "died of drug overdoses" and "fatal overdoses" are all `overdose_deaths`. The
lexicon (rules/lexicons/measures.yaml, format and decisions documented there) is compiled once into
one case-insensitive regex; `find_measures` reads a text in one pass, `measure_for` picks the match
that a given figure asserts. `measure_lexicon(extra)` merges entries from rule packs into a new,
cached, immutable lexicon.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from factcheck import lexicons

MAX_GAP = 4  # words a `...` gap, or a thing-event pair, may have between them
_ENTRY_KEYS = frozenset({"key", "phrase", "patterns", "nouns", "things", "events", "refines", "is_rate", "rate"})
_LISTS = ("patterns", "nouns", "things", "events")
_KEY = re.compile(r"[a-z][a-z0-9_]*")

_SEP = r"(?:\s*-\s*|\s+)"
_GAP_WORD = r"(?:[$€£]?\d+(?:[.,]\d+)*%?|[^\W\d_][\w'’]*)"
_GAP = rf"(?:{_SEP}(?!(?:and|or|but|while|whereas|nor)(?![\w'’])){_GAP_WORD}){{0,{MAX_GAP}}}?"
_RATE_SUFFIX = re.compile(
    r"[^\S\r\n]*(?:-[^\S\r\n]*)?(?:rates?|per[^\S\r\n]+capita|per[^\S\r\n]+(?:\d[\d,.]*|one|a|ten|hundred|thousand|"
    r"million|a[^\S\r\n]+(?:hundred|thousand|million))(?:[^\S\r\n]+(?:thousand|million))?)(?![\w])",
    re.IGNORECASE)
_TOKEN = re.compile(_GAP_WORD)
_CONJUNCTIONS = frozenset({"and", "but", "or", "while", "whereas", "compared", "versus", "vs", "nor", "yet"})


class MeasureLexiconError(ValueError):
    """A malformed measures lexicon entry (shipped or from a rule pack); the message names it."""


@dataclass(frozen=True, slots=True)
class MeasureMatch:
    key: str
    phrase: str  # canonical phrase
    start: int
    end: int  # where the signalling words are


@dataclass(frozen=True, slots=True)
class Measure:
    key: str
    phrase: str
    refines: str | None
    rate: str | None  # key of this count's rate; None for a rate
    is_rate: bool


@dataclass(frozen=True, slots=True)
class _Composite:
    key: str
    things: re.Pattern[str]
    events: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class _Alternative:
    key: str
    weak: bool
    body: str  # the pattern, compiled on first use by _anchored (most never are in one document)
    required: int  # words that must be present
    literal: bool  # not a thing-event pair


@dataclass(frozen=True, slots=True)
class MeasureLexicon:
    measures: Mapping[str, Measure]
    alternatives: tuple[_Alternative, ...]  # every pattern, noun and thing-event pair, best first
    first_words: Mapping[str, tuple[int, ...]]  # lower-cased first word → alternatives starting with it
    first_prefixes: Mapping[str, tuple[int, ...]]  # "overdose" for "overdose*" → alternatives
    composites: tuple[_Composite, ...]

    def phrase(self, key: str) -> str:
        measure = self.measures.get(key)
        return measure.phrase if measure is not None else key.replace("_", " ")

    def refines(self, narrow: str, broad: str) -> bool:
        """True when `narrow` is a specialisation of `broad` (through any number of steps)."""
        seen: set[str] = set()
        key: str | None = narrow
        while key is not None and key not in seen:
            seen.add(key)
            measure = self.measures.get(key)
            key = measure.refines if measure is not None else None
            if key == broad:
                return True
        return False


# --------------------------------------------------------------------------------------------------
# Pattern syntax


_FirstWords = frozenset[tuple[str, bool]]  # (lower-cased word, is a prefix)


def _slot(token: str, where: str) -> tuple[str, _FirstWords]:
    alternatives = token.split("|")
    out = []
    first = set()
    for alt in alternatives:
        if not alt or alt == "*" or "[" in alt or "]" in alt or "*" in alt[:-1] or \
                not re.fullmatch(r"[\w'’.]+\*?", alt):
            raise MeasureLexiconError(f"{where}: bad word {alt!r} in {token!r}")
        prefix = alt.endswith("*")
        out.append(re.escape(alt[:-1]) + r"[\w'’]*" if prefix else re.escape(alt))
        first.add((alt.rstrip("*").lower(), prefix))
    out.sort(key=len, reverse=True)
    return (out[0] if len(out) == 1 else "(?:" + "|".join(out) + ")"), frozenset(first)


def _pattern(pattern: str, where: str) -> tuple[str, int, _FirstWords]:
    """The regex for one pattern (without boundaries), how many words it requires, and the words it
    may start with."""
    if not isinstance(pattern, str) or not pattern.strip():
        raise MeasureLexiconError(f"{where}: a pattern must be a non-empty string, got {pattern!r}")
    tokens = pattern.replace("-", " ").split()
    parts: list[str] = []
    required = 0
    first: _FirstWords = frozenset()
    for i, token in enumerate(tokens):
        if token == "...":
            if i == 0 or i == len(tokens) - 1 or tokens[i - 1] == "...":
                raise MeasureLexiconError(f"{where}: `...` must stand between two words in {pattern!r}")
            parts.append(_GAP)
            continue
        optional = token.startswith("[")
        if optional:
            if not token.endswith("]") or i == 0:
                raise MeasureLexiconError(f"{where}: an optional [word] must be closed and not first in {pattern!r}")
            token = token[1:-1]
        elif "[" in token or "]" in token:
            raise MeasureLexiconError(f"{where}: unbalanced [ ] in {pattern!r}")
        slot, words = _slot(token, f"{where} {pattern!r}")
        if i == 0:
            parts.append(slot)
            first = words
        elif optional:
            parts.append(f"(?:{_SEP}{slot})?")
        else:
            parts.append(_SEP + slot)
        required += not optional
    return "".join(parts), required, first


def _alternation(patterns: list[str], where: str) -> tuple[str, int, _FirstWords]:
    compiled = [_pattern(p, where) for p in patterns]
    body = "|".join(r for r, _, _ in sorted(compiled, key=lambda c: (-c[1], -len(c[0]))))
    return "(?:" + body + ")", min(n for _, n, _ in compiled), frozenset().union(*(f for _, _, f in compiled))


def _norm(pattern: str) -> str:
    return " ".join(pattern.lower().replace("-", " ").split())


# --------------------------------------------------------------------------------------------------
# Loading


def _entries(data: Any, extra: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    if not isinstance(data, dict) or not isinstance(data.get("measures"), dict):
        raise MeasureLexiconError("measures.yaml: a `measures:` mapping is needed")
    merged: dict[str, dict[str, Any]] = {}
    sources = [(key, entry, f"measures.yaml {key}") for key, entry in data["measures"].items()]
    for i, raw in enumerate(extra):
        if not isinstance(raw, Mapping) or not isinstance(raw.get("key"), str):
            raise MeasureLexiconError(f"extra measure #{i + 1}: a mapping with `key` is needed, got {raw!r}")
        sources.append((raw["key"], {k: v for k, v in raw.items() if k != "key"}, f"extra measure {raw['key']!r}"))
    for key, entry, where in sources:
        if not isinstance(key, str) or not _KEY.fullmatch(key):
            raise MeasureLexiconError(f"{where}: a key is snake_case, got {key!r}")
        if not isinstance(entry, dict):
            raise MeasureLexiconError(f"{where}: an entry is a mapping, got {entry!r}")
        unknown = set(entry) - _ENTRY_KEYS
        if unknown:
            raise MeasureLexiconError(f"{where}: unknown field(s) {sorted(unknown)}; "
                                      f"known: {sorted(_ENTRY_KEYS - {'key'})}")
        for name in _LISTS:
            value = entry.get(name, [])
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                raise MeasureLexiconError(f"{where}: `{name}` must be a list of strings, got {value!r}")
        if key in merged:  # a rule pack adding wordings to a shipped measure
            old = merged[key]
            for name in ("phrase", "refines", "is_rate", "rate"):
                if name in entry and entry[name] != old.get(name):
                    raise MeasureLexiconError(f"{where}: {name} {entry[name]!r} contradicts {old.get(name)!r}")
            for name in _LISTS:
                old[name] = [*old.get(name, []), *entry.get(name, [])]
            continue
        if not isinstance(entry.get("phrase"), str) or not entry["phrase"].strip():
            raise MeasureLexiconError(f"{where}: a `phrase` (the canonical wording) is needed")
        merged[key] = {**entry, **{name: list(entry.get(name, [])) for name in _LISTS}, "where": where}
    return merged


def _build(data: Any, extra: Iterable[Mapping[str, Any]]) -> MeasureLexicon:
    merged = _entries(data, extra)
    measures: dict[str, Measure] = {}
    alternatives: list[tuple[tuple[int, bool, int], _Alternative, _FirstWords]] = []
    composites: list[_Composite] = []
    owner: dict[str, str] = {}
    for key, entry in merged.items():
        where = entry["where"]
        is_rate = entry.get("is_rate", False)
        if not isinstance(is_rate, bool):
            raise MeasureLexiconError(f"{where}: `is_rate` must be true or false")
        rate = entry.get("rate")
        if rate is not None and (is_rate or not isinstance(rate, str) or not _KEY.fullmatch(rate)):
            raise MeasureLexiconError(f"{where}: `rate` must be a snake_case key, and only on a count")
        refines = entry.get("refines")
        if refines is not None and (not isinstance(refines, str) or refines not in merged):
            raise MeasureLexiconError(f"{where}: refines {refines!r}, which is not a measure")
        if bool(entry["things"]) != bool(entry["events"]):
            raise MeasureLexiconError(f"{where}: `things` and `events` go together")
        if not (entry["patterns"] or entry["nouns"] or entry["things"]):
            raise MeasureLexiconError(f"{where}: no patterns, nouns or things: nothing would signal it")
        measures[key] = Measure(key, entry["phrase"].strip(), refines,
                                None if is_rate else (rate or f"{key}_rate"), is_rate)
        for name, weak in (("patterns", False), ("nouns", True)):
            for pattern in entry[name]:
                norm = _norm(pattern)
                if norm in owner:
                    raise MeasureLexiconError(f"{where}: pattern {pattern!r} is also listed under {owner[norm]!r}")
                owner[norm] = key
                regex, required, first = _pattern(pattern, where)
                alternatives.append(((-required, False, -len(pattern)),
                                     _Alternative(key, weak, regex, required, True), first))
        if entry["things"]:
            things, n_things, first_things = _alternation(entry["things"], f"{where} things")
            events, n_events, first_events = _alternation(entry["events"], f"{where} events")
            for regex, first in ((things + _GAP + _SEP + events, first_things),
                                 (events + _GAP + _SEP + things, first_events)):
                alternatives.append(((-(n_things + n_events), True, 0),
                                     _Alternative(key, False, regex, n_things + n_events, False), first))
            composites.append(_Composite(key, _bounded(things), _bounded(events)))
    for key, measure in measures.items():
        if measure.rate is not None and measure.rate in measures and not measures[measure.rate].is_rate:
            raise MeasureLexiconError(f"{merged[key]['where']}: its rate {measure.rate!r} is not `is_rate`")
    alternatives.sort(key=lambda a: a[0])
    words: dict[str, list[int]] = {}
    prefixes: dict[str, list[int]] = {}
    for i, (_, _, first) in enumerate(alternatives):
        for word, prefix in first:
            (prefixes if prefix else words).setdefault(word, []).append(i)
    return MeasureLexicon(MappingProxyType(measures), tuple(a for _, a, _ in alternatives),
                          MappingProxyType({w: tuple(v) for w, v in words.items()}),
                          MappingProxyType({w: tuple(v) for w, v in prefixes.items()}), tuple(composites))


@functools.cache
def _anchored(body: str) -> re.Pattern[str]:
    return re.compile(body + r"(?![\w])", re.IGNORECASE)


def _bounded(body: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + body + r"(?![\w])", re.IGNORECASE)




def measure_lexicon(extra: tuple[Mapping[str, Any], ...] = ()) -> MeasureLexicon:
    """The shipped measures lexicon with `extra` entries merged in (cached per distinct `extra`).

    An extra entry is shaped like a YAML entry plus its `key`: {"key": "bridge_closures", "phrase":
    "bridge closures", "patterns": ["bridges closed", "bridge closures"]}. An entry whose key is
    already a measure adds its patterns, nouns, things and events to it.
    """
    return _lexicon(lexicons.frozen_entries(extra, MeasureLexiconError, "measures"))


@functools.cache
def _lexicon(frozen: tuple[str, ...]) -> MeasureLexicon:
    return _build(lexicons.read("measures.yaml"), [json.loads(e) for e in frozen])


# --------------------------------------------------------------------------------------------------
# Matching


_WORD_START = re.compile(r"(?<![\w-])[\w'’.]+")


def _scan(text: str, start: int, end: int, lex: MeasureLexicon) -> list[tuple[MeasureMatch, bool]]:
    """Leftmost-longest matches: one regex pass finds the words; at each word only the alternatives
    that can start with it are tried, and the longest match wins (ties: more required words, a
    pattern before a thing-event pair, file order)."""
    out = []
    words, prefixes, alternatives = lex.first_words, lex.first_prefixes, lex.alternatives
    pos = start
    for w in _WORD_START.finditer(text, start, end):
        if w.start() < pos:
            continue
        low = w.group().lower().rstrip(".")
        candidates = set(words.get(low, ()))
        for k in range(1, len(low) + 1):
            candidates.update(prefixes.get(low[:k], ()))
        best: tuple[int, int] | None = None  # (end, alternative index)
        for i in sorted(candidates):
            m = _anchored(alternatives[i].body).match(text, w.start(), end)
            if m and (best is None or m.end() > best[0]):
                best = (m.end(), i)
        if best is None:
            continue
        key, weak = alternatives[best[1]].key, alternatives[best[1]].weak
        s, e = w.start(), best[0]
        pos = e
        measure = lex.measures[key]
        if measure.rate is not None:
            suffix = _RATE_SUFFIX.match(text, e, end)
            if suffix:
                key, e = measure.rate, suffix.end()
        out.append((MeasureMatch(key, lex.phrase(key), s, e), weak))
    return out


def _bounds(text: str, start: int, end: int | None) -> tuple[int, int]:
    n = len(text)
    start = max(0, min(start, n))
    return start, (n if end is None else max(start, min(end, n)))


def find_measures(text: str, start: int = 0, end: int | None = None, *,
                  lexicon: MeasureLexicon | None = None) -> list[MeasureMatch]:
    """Every lexicon match in text[start:end], in text order, offsets into `text`."""
    lex = lexicon or measure_lexicon()
    start, end = _bounds(text, start, end)
    return [match for match, _ in _scan(text, start, end, lex)]


def _adjacent(text: str, a: int, b: int, limit: int) -> bool:
    """True when text[a:b] is at most `limit` words or numbers, with no punctuation or conjunction."""
    if b < a or b - a > 24 * limit:
        return False
    words = [w for w in re.split(r"\s+|-", text[a:b]) if w]
    return len(words) <= limit and all(_TOKEN.fullmatch(w) and w.lower() not in _CONJUNCTIONS for w in words)


def _overlaps(s: int, e: int, span: tuple[int, int] | None) -> bool:
    return span is not None and s < span[1] and span[0] < e


def _distance(s: int, e: int, fs: int, fe: int) -> int:
    return 0 if s < fe and fs < e else (s - fe if s >= fe else fs - e)


_PEOPLE = frozenset("""
people persons residents citizens adults children kids men women individuals victims patients users
voters workers students americans
""".split())


def _people(entity: str | None) -> bool:
    """Whether a counted thing is just people ("90,000 Americans"), which says nothing of the measure."""
    if not entity:
        return False
    head = entity.split()[-1].lower()
    return head in _PEOPLE or (head.endswith("ns") and head[:1].isalpha() and entity.split()[-1][:1].isupper())


def measure_for(text: str, clause_start: int, clause_end: int, figure_start: int, figure_end: int,
                entity: str | None, *, lexicon: MeasureLexicon | None = None) -> MeasureMatch | None:
    """The measure a figure asserts: the lexicon match in its clause that fits the figure best.

    Ranked, best first: (0) a pattern on the figure or its entity ("200,000 guns smuggled",
    "$3 billion in aid"); (1) a pattern right after the figure (up to 4 words) or right before it
    (up to 2 words), with no punctuation or conjunction between ("killed 12 people", "12 people
    were killed"), or a thing-event pair split between the entity and the clause ("200,000 guns"
    ... "smuggled"); (2) a weak noun on or next to the figure ("1.2 million refugees"); (3) any
    other pattern in the clause; (4) any other weak noun — tiers 3 and 4 only for a figure with no
    counted thing ("the number was 106,699"). Ties go to the nearest. A narrower
    measure on or next to the figure, or paired with its entity, then replaces a broader winner
    ("Crashes ... causing 1,200 deaths": deaths → traffic_deaths).
    None when nothing in the clause matches.
    """
    lex = lexicon or measure_lexicon()
    n = len(text)
    fs, fe = max(0, min(figure_start, n)), max(0, min(figure_end, n))
    lo, hi = _bounds(text, min(clause_start, fs), max(clause_end, fe))
    entity_span = None
    if entity:
        at = text.find(entity, fs, hi)
        if at < 0:
            at = text.find(entity, lo, hi)
        if at >= 0:
            entity_span = (at, at + len(entity))
    far_end = max(fe, entity_span[1]) if entity_span and entity_span[0] >= fs else fe

    ranked: list[tuple[int, int, int, MeasureMatch]] = []
    for match, weak in _scan(text, lo, hi, lex):
        s, e = match.start, match.end
        if _overlaps(s, e, (fs, fe)) or _overlaps(s, e, entity_span):
            tier = 2 if weak else 0
        elif (s >= far_end and _adjacent(text, far_end, s, MAX_GAP)) or (e <= fs and _adjacent(text, e, fs, 2)):
            tier = 2 if weak else 1
        else:
            tier = 4 if weak else 3
        ranked.append((tier, _distance(s, e, fs, fe), s, match))
    if entity:
        for comp in lex.composites:
            for inside, outside in ((comp.things, comp.events), (comp.events, comp.things)):
                if not inside.search(entity):
                    continue
                for m in outside.finditer(text, lo, hi):
                    if _overlaps(m.start(), m.end(), (fs, fe)) or _overlaps(m.start(), m.end(), entity_span):
                        continue
                    match = MeasureMatch(comp.key, lex.phrase(comp.key), m.start(), m.end())
                    ranked.append((1, _distance(m.start(), m.end(), fs, fe), m.start(), match))
    if not ranked:
        return None
    best = min(ranked, key=lambda r: r[:3])
    if entity_span is not None and best[0] >= 3 and not _people(entity):
        return None  # a counted thing names what is counted; a measure elsewhere in the clause is not its
    narrower = [r for r in ranked if r[0] <= max(best[0], 1) and lex.refines(r[3].key, best[3].key)]
    if narrower:
        best = min(narrower, key=lambda r: r[:3])
    return best[3]
