"""Dated events: the normalised event a time expression dates, and who or what it happened to.

"Cienfuegos was arrested … in October 2020", "U.S. agents arrested Cienfuegos last October" and
"the arrest of Cienfuegos" all give event `arrested`, subject `Cienfuegos`, so the same event can
be compared across documents. The event words are data: rules/lexicons/events.yaml.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from factcheck import lexicons
from factcheck.exclusions import MONTHS
from factcheck.tokens import Token

_BE = frozenset("was were is are been being be has have had got".split())
_DETERMINERS = frozenset("the a an this that these those its his her their our".split())
_STOP = frozenset("""
and or but when after before while since until as because if then than that which who whom whose where
to in on at by for from with of about into over under during said says told according
""".split())
MAX_GAP = 12  # tokens between an event word and the time expression it is dated by


@dataclass(frozen=True, slots=True)
class EventSense:
    event: str
    transitive: bool


@dataclass(frozen=True, slots=True)
class EventMatch:
    event: str
    subject: str | None
    start: int
    end: int


@functools.cache
def _ambiguity() -> tuple[frozenset[str], frozenset[str], dict[str, frozenset[str]]]:
    """The ambiguous event words, the persons after which they report their event, and per event the
    things it happens to (after or before the word)."""
    data = lexicons.read("events.yaml")
    return frozenset(data["ambiguous"]), frozenset(data["persons"]), \
        {event: frozenset(words) for event, words in data["things"].items()}


@functools.cache
def _lexicon() -> tuple[re.Pattern[str], dict[str, EventSense]]:
    data = lexicons.read("events.yaml")["events"]
    senses = {" ".join(w.lower().split()): EventSense(key, bool(entry.get("transitive")))
              for key, entry in data.items() for w in entry["words"]}
    words = sorted(senses, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")(?![\w-])",
                         re.IGNORECASE)
    return pattern, senses


def event_for_time(text: str, tokens: list[Token], sentence: tuple[int, int], time_start: int,
                   time_end: int, starts: list[int] | None = None,
                   source: tuple[int, int] | None = None) -> EventMatch | None:
    """The event a time expression dates: the nearest event word in its sentence within MAX_GAP tokens,
    outside `source`, the words naming who says it ("election officials said" is no election).
    `starts` are the tokens' start offsets (pass them when calling often: it saves rebuilding them)."""
    pattern, senses = _lexicon()
    starts = starts if starts is not None else [t.start for t in tokens]
    best: tuple[int, re.Match[str], EventSense] | None = None
    for m in pattern.finditer(text, sentence[0], sentence[1]):
        if source is not None and source[0] <= m.start() < source[1]:
            continue
        word = " ".join(m.group(1).lower().split())
        if not _same_clause(text, sentence[0], m.start(), m.end(), time_start, time_end) \
                or not _meant(tokens, starts, word, m.start(), m.end(), senses[word].event):
            continue
        gap = _token_gap(starts, m.start(), m.end(), time_start, time_end)
        if gap <= MAX_GAP and (best is None or gap < best[0]):
            best = (gap, m, senses[word])
    if best is None:
        return None
    _, m, sense = best
    subject = _subject(tokens, starts, sentence, m.start(), m.end(), sense)
    if subject is not None and subject.split()[-1].strip(".").capitalize() in _TIME_WORDS:
        subject = None  # "on Tuesday approved …": a day is no subject
    return EventMatch(sense.event, subject, m.start(), m.end())


_COMMA = re.compile(r",(?!\d)")  # a clause comma, not the one in "2,000"
_WHEN = re.compile(r"\s*,\s*(?:when|as|while|after which|during which)\b[^,]*$", re.IGNORECASE)


def _meant(tokens: list[Token], starts: list[int], word: str, start: int, end: int, event: str) -> bool:
    """An ambiguous event word reports the event only in the passive, before a name or a person, or
    next to a thing the event happens to."""
    ambiguous, persons, things = _ambiguity()
    if word not in ambiguous:
        return True
    i, j = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
    if i > 0 and tokens[i - 1].low in _BE:
        return True
    k = j + 1 if j < len(tokens) and tokens[j].low in _DETERMINERS else j
    if k < len(tokens) and (tokens[k].text[:1].isupper() or tokens[k].low in persons):
        return True
    own = things.get(event, frozenset())
    after = (t.low for t in tokens[k:k + 3] if t.kind == "word")  # "passed the infrastructure bill"
    before = (t.low for t in tokens[max(0, i - 2):i] if t.kind == "word")  # "the clinic closed", "hostages, released"
    return any(w in own for w in (*after, *before))


def _same_clause(text: str, sentence_start: int, e_start: int, e_end: int, t_start: int, t_end: int) -> bool:
    """No comma between the event word and the time expression, unless the time opens the clause
    ("In October 2020, agents arrested …"): "arrested Cienfuegos, defense minister from 2012 to 2018"
    does not date the arrest."""
    if t_end <= e_start:
        between = text[t_end:e_start]
        if not _COMMA.search(between) or _WHEN.match(between):  # "until October 2020, when … was arrested"
            return True
        before = text[sentence_start:t_start].rstrip()
        return not before or before.endswith(",") or before.split()[-1].lower() in ("in", "on", "since", "by")
    return not _COMMA.search(text[e_end:t_start])


def _token_gap(starts: list[int], a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    lo, hi = (a_end, b_start) if a_end <= b_start else (b_end, a_start)
    return max(0, bisect.bisect_left(starts, hi) - bisect.bisect_left(starts, lo))


_TITLES = frozenset("""
gen gen. general mr mr. mrs mrs. ms ms. dr dr. president secretary minister sen sen. senator rep rep.
gov gov. governor mayor judge lt col capt sgt adm chief former retired ex
""".split())
_PRONOUNS = frozenset("him her them it me us you himself herself themselves".split())
_OBJECT_END = frozenset("for in on at after before during since until while when because with by from to over "
                        "as and but who which that last next this earlier later outside inside near across into "
                        "onto along against among under".split())


def _subject(tokens: list[Token], starts: list[int], sentence: tuple[int, int], start: int, end: int,
             sense: EventSense) -> str | None:
    """Who or what the event happened to: the object of an active transitive verb ("arrested X"),
    the "of" phrase of a noun ("the arrest of X"), otherwise the phrase before the verb."""
    i, j = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
    before = i - 1
    passive = before >= 0 and tokens[before].low in _BE
    if sense.transitive and not passive:
        k = j + 1 if j < len(tokens) and tokens[j].low == "of" else j
        obj = _object(tokens, k, sentence[1])
        if obj is not None:
            return obj or None  # "" marks a pronoun object: better no subject than a wrong one
    while before >= 0 and tokens[before].low in _BE | {"not", "also", "later", "then", "reportedly"}:
        before -= 1
    if before >= 1 and tokens[before].low in ("who", "which", "that") and tokens[before - 1].text == ",":
        before -= 2  # "The senator, who was arrested in 2019": the relative pronoun stands for the senator
    if before >= 0 and tokens[before].text == ",":  # skip an appositive back to the comma that opens it
        k = before - 1
        while k >= 0 and before - k < 12 and tokens[k].text != "," and tokens[k].start >= sentence[0]:
            k -= 1
        if k >= 0 and tokens[k].text == ",":
            before = k - 1
        else:  # "The hostages, released on Thursday, …": the participle's noun
            before -= 1
    if before >= 0 and tokens[before].end <= start and tokens[before].start >= sentence[0]:
        return _phrase_ending_at(tokens, before, sentence[0])
    return None


def _object(tokens: list[Token], k: int, limit: int) -> str | None:
    """The object phrase after a verb, reduced to its name when it has one: "former Mexican Secretary
    of Defense Gen. Salvador Cienfuegos" → "Salvador Cienfuegos"; "" for a pronoun; None if none."""
    words: list[Token] = []
    while k < len(tokens) and tokens[k].end <= limit and len(words) < 12:
        t = tokens[k]
        if t.low in _OBJECT_END or (t.kind == "p" and t.text != "."):
            break
        words.append(t)
        k += 1
    if not words or words[0].low in _BE:  # "the 2020 election was …": a noun, no object
        return None
    if words[0].low in _PRONOUNS:
        return ""
    run: list[str] = []
    for n in range(len(words) - 1, -1, -1):  # the last capitalised run, after any title, is the name
        t = words[n]
        if t.low in _TITLES or t.text in MONTHS:
            break
        if t.kind in ("word", "abbr") and t.text[:1].isupper():
            run.append(t.text + "." if _initial(words, n + 1) else t.text)
        elif t.text == "." or not run:
            continue
        else:
            break
    if run:
        return " ".join(reversed(run))
    plain = [t.text for n, t in enumerate(words)
             if (t.kind in ("word", "abbr") and t.low not in _DETERMINERS) or (n == 0 and t.kind == "num")]
    return " ".join(plain) if any(t.kind in ("word", "abbr") for t in words) else None  # "45 protesters"


def _initial(tokens: list[Token], k: int) -> bool:
    """Token k is the period of a name's initial ("J." in "Marcus J. Hale")."""
    return 0 < k < len(tokens) and tokens[k].text == "." and len(tokens[k - 1].text) == 1 \
        and tokens[k - 1].text.isupper() and tokens[k - 1].end == tokens[k].start


def _phrase_ending_at(tokens: list[Token], k: int, floor: int) -> str | None:
    """The noun phrase ending at token k ("the bridge", "former minister Salvador Cienfuegos")."""
    words: list[str] = []
    while k >= 0 and tokens[k].start >= floor and len(words) < 6:
        t = tokens[k]
        if _initial(tokens, k) and words:  # "Marcus J. Hale"
            words.append(tokens[k - 1].text + ".")
            k -= 2
            continue
        if t.text in ("-", "‐") and words and k > 0 and tokens[k - 1].kind in ("word", "num") \
                and tokens[k - 1].end == t.start and t.end == tokens[k + 1].start:  # "the 57-year-old": one word
            words[-1] = f"{tokens[k - 1].text}-{words[-1]}"
            k -= 2
            continue
        low = t.low.removesuffix("’s").removesuffix("'s")
        if t.kind not in ("word", "abbr") or low in _STOP:
            break
        if low in _DETERMINERS:
            words.append(t.text)
            break
        words.append(t.text.removesuffix("’s").removesuffix("'s"))
        k -= 1
    words.reverse()
    while words and words[0].lower() in _DETERMINERS:
        words.pop(0)
    return " ".join(words) or None


_TIME_WORDS = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Today Yesterday Tomorrow Tonight Week Month Year "
    "Morning Afternoon Evening Night Weekend".split()) | MONTHS

_IRREGULAR_PAST = frozenset("began begun broke out struck shut quit took office took power made landfall sworn in "
                            "found guilty slain shot dead".split())


@functools.cache
def past_forms() -> dict[str, frozenset[str]]:
    """Event → its past-tense wordings in the lexicon ("arrested", "broke out"), to tell a report of
    something that happened from an announcement of something to come."""
    _, senses = _lexicon()
    out: dict[str, set[str]] = {}
    for word, sense in senses.items():
        if word.endswith("ed") or word in _IRREGULAR_PAST or word.split()[0] in _IRREGULAR_PAST:
            out.setdefault(sense.event, set()).add(word)
    return {k: frozenset(v) for k, v in out.items()}
