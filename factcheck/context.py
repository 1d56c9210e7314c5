"""Claim context: each figure's period, measure, place and attribution, and each dated event.

Built once per document from the document-wide passes (time expressions, places, measures, the
attributor), then asked per mention. Everything is read from the text and the document's metadata;
nothing depends on today's date.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from dataclasses import dataclass

from factcheck import places
from factcheck.attribution import Attributor
from factcheck.config import ExtractConfig
from factcheck.events import event_for_time
from factcheck.measures import MeasureLexicon, MeasureMatch, measure_for, measure_lexicon
from factcheck.numeric import Mention
from factcheck.records import Attribution, Document, Period
from factcheck.temporal import TimeMention
from factcheck.tokens import Token

_CLAUSE_BREAK = re.compile(r";|,\s+(?:and|but|while|whereas)\s|(?<!\s)\s+—\s")  # a dash only from a run's start
# Words that point back to a figure or time in an earlier sentence.
# Words that point back to a figure or time in an earlier sentence: "the number was", "that year",
# "of those". A noun after them ("the number of drivers", "the total cost") makes a new subject instead.
_ANAPHORA = re.compile(
    r"\b(?:the|that|this|those|these)\s+(?:number|numbers|figure|figures|total|totals|count|tally|toll|"
    r"same\s+(?:year|period|month|time)|year|period|month)\b(?!\s+of\b)(?=\s*(?:[,.;:]|$|"
    r"(?:was|is|were|are|has|had|have|rose|fell|stood|stands|reached|included|includes|came|hit|climbed|"
    r"dropped|jumped|remains|remained|grew|topped|doubled|tripled|increased|decreased|declined|"
    r"would|will|could|may|might|also|still|then|alone|from|to|by|at|in)\b))|\bthat\s+year\b|\bby\s+then\b|"
    r"\b(?:of|among)\s+(?:those|them|these)\b",
    re.IGNORECASE,
)
_PART_OF = re.compile(r"\s+of\s+(?:them|those|these|whom|which|it|the\s+total)\b", re.IGNORECASE)
# An aside in commas ("The stadium, which opened in 1994, holds …"): a relative clause, or a participle with
# its time ("built in 1987", "elected in 2019", "founded in 1968"). A time inside it dates the aside, not
# the figures outside it.
_RELATIVE_CLAUSE = re.compile(r",\s+(?:(?:which|who|whose|where|when)\b|(?:[a-z]{2,20}ed|built|born|begun|won|held|"
                              r"made|sold|run|known|chosen|taken)\s+(?:in|on|since|during)\s)[^,;]*,")


@dataclass(frozen=True, slots=True)
class FigureContext:
    period: Period | None
    measure: str | None
    measure_key: str | None
    place: str | None
    attribution: Attribution
    estimate: bool


@dataclass(frozen=True, slots=True)
class _Sentence:
    start: int
    end: int
    paragraph: int
    clauses: tuple[tuple[int, int], ...]


class DocumentContext:
    """Per-document context finder; `figure()` and `event()` answer per mention."""

    def __init__(self, document: Document, tokens: list[Token], sentences: list[tuple[int, int]],
                 times: list[TimeMention], figures: list[Mention], config: ExtractConfig):
        self.document = document
        self.text = text = document.text
        self.tokens = tokens
        self.token_starts = [t.start for t in tokens]
        breaks = _paragraph_breaks(text, document.body_start)
        self.sentences = [_Sentence(s, e, bisect.bisect_right(breaks, s), _clauses(text, s, e))
                          for s, e in sentences]
        self.sentence_starts = [s.start for s in self.sentences]
        self.times = [t for t in times if t.period is not None]
        self.time_starts = [t.start for t in self.times]
        self.place_lexicon = places.place_lexicon(config.place_extra) if config.place_extra else None
        self.measure_lexicon = measure_lexicon(config.measure_extra) if config.measure_extra else None
        self.places = places.find_places(text, document.body_start, lexicon=self.place_lexicon)
        self.place_starts = [p.start for p in self.places]
        self.attributor = Attributor(text, document.body_start, tokens=tokens, sentences=sentences)
        self._previous: dict[int, FigureContext] = {}  # sentence index → last figure context in it
        self._bounds = [(f.start, f.end) for f in figures]  # where each figure's own stretch of text ends
        self._by_group: dict[int, FigureContext] = {}  # change group → the first figure's context
        self._last_in_sentence: tuple[int, int, FigureContext] | None = None  # (sentence, offset, context)
        self._names: dict[str, list[tuple[int, str]]] = {}  # head word → (offset, capitalised name before it)
        self._anaphoric: dict[int, bool] = {}  # sentence index → whether it points back
        self._asides: dict[int, list[tuple[int, int]]] = {}  # sentence start → its relative clauses

    # ---------------------------------------------------------------- lookups
    def sentence_index(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.sentence_starts, offset) - 1)

    def _in(self, starts: list[int], items: list, lo: int, hi: int) -> list:
        return items[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)]

    # ---------------------------------------------------------------- figures
    def figure(self, m: Mention) -> FigureContext:
        """Context of one numeric figure; mentions must be asked for in text order."""
        k = self.sentence_index(m.start)
        sentence = self.sentences[k]
        clause = _clause_at(sentence, m.start)
        if k not in self._anaphoric:  # once per sentence: a sentence may hold thousands of figures
            self._anaphoric[k] = bool(_ANAPHORA.search(self.text, sentence.start, sentence.end))
        anaphoric = self._anaphoric[k]
        earlier = self._earlier(k, m.start) if anaphoric else None
        if m.change_group is not None and m.change_group in self._by_group:
            earlier = self._by_group[m.change_group]  # the second figure of a change speaks of the first's fact

        period = None if m.kind == "duration" else self._period(m, clause, sentence)
        if period is None and m.kind != "duration" and earlier is not None and earlier.period is not None:
            period = earlier.period.model_copy(update={"resolution": "inherited"})

        attribution = self.attributor.attribution(m.start, m.end)
        # a figure that is part of who says it ("according to two sources") counts its source, no measure
        is_source = attribution.start is not None and attribution.start <= m.start and m.end <= (attribution.end or 0)
        own = self._own_stretch(m, clause)
        if attribution.end is not None and attribution.start is not None and attribution.start >= m.end:
            own = (own[0], max(m.end, min(own[1], attribution.start)))  # "…, budget documents show": who, not what
        part = bool(_PART_OF.match(self.text, m.end))  # "about 2,500 of them" is a share of another figure
        match = None if is_source or part else measure_for(self.text, own[0], own[1], m.start, m.end, m.entity,
                                                          lexicon=self.measure_lexicon)
        measure, key = _measure_fields(match, m.entity)
        if match is None and not is_source and not part and earlier is not None and earlier.measure_key is not None:
            measure, key = earlier.measure, earlier.measure_key
        parallel = None if is_source or part else self._parallel(k, m)
        if parallel is not None and parallel.measure_key is not None and (
                match is None or self._lexicon().refines(parallel.measure_key, match.key)):
            measure, key = parallel.measure, parallel.measure_key

        place = self._place(m, clause, attribution)
        if place is None and earlier is not None:
            place = earlier.place

        estimate = m.estimate or self.attributor.is_estimate(m.start, m.end)
        ctx = FigureContext(period, measure, key, place, attribution, estimate)
        self._previous[k] = ctx
        self._last_in_sentence = (k, m.start, ctx)
        if m.change_group is not None:
            self._by_group.setdefault(m.change_group, ctx)
        return ctx

    def _parallel(self, k: int, m: Mention) -> FigureContext | None:
        """The previous figure of sentence k when both follow the same word, an ellipsis: "Ohio recorded
        1,200 overdose deaths, while Michigan recorded 900" (900 overdose deaths)."""
        last = self._last_in_sentence
        if last is None or last[0] != k:
            return None
        before = self._word_before(m.start)
        return last[2] if before is not None and before == self._word_before(last[1]) else None

    def _word_before(self, offset: int) -> str | None:
        i = bisect.bisect_left(self.token_starts, offset) - 1
        return self.tokens[i].low if i >= 0 and self.tokens[i].kind == "word" else None

    def _lexicon(self) -> MeasureLexicon:
        return self.measure_lexicon or measure_lexicon()

    def _own_stretch(self, m: Mention, clause: tuple[int, int]) -> tuple[int, int]:
        """The part of the clause between the neighbouring figures: a measure word past another figure
        is that figure's ("a quota of 5 or 6 …, yet the U.S. sent millions in aid")."""
        i = bisect.bisect_left(self._bounds, (m.start, m.end))
        lo = max(clause[0], self._bounds[i - 1][1]) if i > 0 else clause[0]
        hi = min(clause[1], self._bounds[i + 1][0]) if i + 1 < len(self._bounds) else clause[1]
        return lo, max(hi, m.end)

    def _earlier(self, k: int, offset: int) -> FigureContext | None:
        """The context of the last figure before `offset` in this sentence or earlier ones of the same
        paragraph: what "the number" means."""
        last = self._last_in_sentence
        if last is not None and last[0] == k and last[1] < offset:
            return last[2]
        paragraph = self.sentences[k].paragraph
        for j in range(k - 1, -1, -1):
            if self.sentences[j].paragraph != paragraph:
                return None
            if j in self._previous:
                return self._previous[j]
        return None

    def _period(self, m: Mention, clause: tuple[int, int], sentence: _Sentence) -> Period | None:
        """The nearest time expression in the figure's own stretch (between its neighbouring figures),
        else in its clause, else in its sentence; never one inside a relative clause the figure is not in."""
        if sentence.start not in self._asides:  # once per sentence: a sentence may hold thousands of figures
            self._asides[sentence.start] = [(r.start(), r.end()) for r in
                                            _RELATIVE_CLAUSE.finditer(self.text, sentence.start, sentence.end)]
        asides = [(a, b) for a, b in self._asides[sentence.start] if not a <= m.start < b]
        for lo, hi in (self._own_stretch(m, clause), clause, (sentence.start, sentence.end)):
            near = [t for t in self._in(self.time_starts, self.times, lo, hi)
                    if t.kind != "duration" and (t.end <= m.start or t.start >= m.end)
                    and not any(a <= t.start < b for a, b in asides) and not self._anothers(t, m)]
            if near:
                best = min(near, key=lambda t: t.start - m.end if t.start >= m.end else m.start - t.end)
                return best.period
        return None

    def _anothers(self, t: TimeMention, m: Mention) -> bool:
        """Whether time `t`, before figure `m`, is another figure's: "from 232 in 2020 to 873" (2020 is 232's)."""
        if t.end > m.start:
            return False
        i = bisect.bisect_left(self._bounds, (t.start,)) - 1
        return i >= 0 and self._bounds[i][1] <= t.start and bool(
            _TIME_OF_FIGURE.fullmatch(self.text, self._bounds[i][1], t.start))

    def _place(self, m: Mention, clause: tuple[int, int], attribution: Attribution) -> str | None:
        """The place the entity names ("Americans"), else the nearest place in the clause, one outside the
        source's words first ("Officials in Texas said 3,000 migrants crossed into Arizona": Arizona)."""
        if m.entity:
            named = places.place_of(m.entity, lexicon=self.place_lexicon)
            if named:
                return named
        near = [p for p in self._in(self.place_starts, self.places, clause[0], clause[1])
                if p.end <= m.start or p.start >= m.end]
        if attribution.start is not None and attribution.end is not None:
            outside = [p for p in near if not attribution.start <= p.start < attribution.end]
            near = outside or near
        if not near:
            return None
        return min(near, key=lambda p: abs(p.start - m.start)).name

    # ---------------------------------------------------------------- dated events
    def event(self, t: TimeMention) -> tuple[str | None, str | None, Attribution]:
        """(event, subject, attribution) of a time expression."""
        sentence = self.sentences[self.sentence_index(t.start)]
        attribution = self.attributor.attribution(t.start, t.end)
        source = (attribution.start, attribution.end) if attribution.start is not None and attribution.end is not None \
            else None
        match = event_for_time(self.text, self.tokens, (sentence.start, sentence.end), t.start, t.end,
                               self.token_starts, source)
        if match is None:
            return None, None, attribution
        return match.event, self._named(match.subject, t.start), attribution

    def _named(self, subject: str | None, before: int) -> str | None:
        """A generic subject ("the bridge") named by an earlier mention of it in the document ("the
        Howe Avenue bridge"), so the same thing can be recognised in other documents."""
        if subject and subject.split()[0] in ("The", "A", "An") and len(subject.split()) > 1:
            subject = subject.split(maxsplit=1)[1]
        if not subject or subject[:1].isupper():
            return subject
        head = subject.split()[-1]
        if head not in self._names:
            self._names[head] = _names_before(self.text, self.document.body_start, head)
        found = self._names[head]
        k = bisect.bisect_right(found, (before - len(head),)) - 1
        while k >= 0 and found[k][0] + len(head) > before:
            k -= 1
        return f"{found[k][1]}{head}" if k >= 0 else subject


_TIME_OF_FIGURE = re.compile(r"\s+(?:in|during)\s+")  # what joins a figure to its own time: "232 in 2020"
_NAME_WORDS = re.compile(r"(?:[A-Z][\w.'’-]*\s+)+$")
_NAME_REACH = 300  # how far back a name may start before its head word


def _names_before(text: str, start: int, head: str) -> list[tuple[int, str]]:
    """(offset of `head`, the capitalised words right before it) for each time `head` follows capitalised
    words in text[start:] ("the Howe Avenue bridge"): one pass per head word, not per question."""
    out = []
    for m in re.finditer(rf"{re.escape(head)}\b", text[start:]):
        at = start + m.start()
        name = _NAME_WORDS.search(text, max(start, at - _NAME_REACH), at)
        if name:
            words = name.group().removeprefix("The ").removeprefix("A ")
            if words.strip():
                out.append((at, words))
    return out


def _measure_fields(match: MeasureMatch | None, entity: str | None) -> tuple[str | None, str | None]:
    if match is not None:
        return match.phrase, match.key
    return (entity.lower() if entity else None), None


_BLANK_LINE = re.compile(r"\r?\n[ \t]*\r?\n|\r[ \t]*\r")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _paragraph_breaks(text: str, start: int) -> list[int]:
    """Offsets where paragraphs end: blank lines where the text has them, else every line break
    (wire copy often holds one paragraph per line)."""
    blank = [m.end() for m in _BLANK_LINE.finditer(text, start)]
    return blank or [m.end() for m in _LINE_BREAK.finditer(text, start)]


def _clause_at(sentence: _Sentence, offset: int) -> tuple[int, int]:
    """The clause of `sentence` that holds `offset` (the whole sentence when none does)."""
    k = bisect.bisect_right(sentence.clauses, (offset, math.inf)) - 1
    if k >= 0 and sentence.clauses[k][0] <= offset < sentence.clauses[k][1]:
        return sentence.clauses[k]
    return sentence.start, sentence.end


def _clauses(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    cuts = [start, *(m.start() for m in _CLAUSE_BREAK.finditer(text, start, end)), end]
    return tuple((a, b) for a, b in itertools.pairwise(cuts) if b > a)
