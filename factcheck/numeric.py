"""Find the numeric figures in a text: counts, money, percentages, measurements and durations.

The scanner walks the tokens once; at a token that can start a number it reads the number (digits,
written words, vague magnitudes, fractions), then the scale, unit or currency, the qualifier before
it, a range or stated change it is part of, the counted thing and a rate. It returns `Mention`s:
the partial parse, before a claim gets its document context.
"""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass, replace

from factcheck import entities, exclusions, numwords, units
from factcheck.config import ExtractConfig
from factcheck.lexicons import UnitSense
from factcheck.qualifiers import Bound, Qualifier, interval, qualifier_before
from factcheck.tokens import Token
from factcheck.unitwords import PERCENT, UnitMatch, matchers, prefix_currency

COUNT = UnitSense("count", 1.0, "count")
_SCALE_WORDS = {**numwords.SCALES, "hundred": 100.0}
_SPACED_SCALE_ABBREVIATIONS = {"bn", "mn", "mln", "bln", "tn", "trn"}
_MILLION_M = ("m", "M")
_DETERMINERS = frozenset({"the", "these", "those"})
_RANGE_WORDS = frozenset({"to", "-", "–", "—", "through"})
_PAIR_WORDS = _RANGE_WORDS | {"and"}
_CHANGE_VERBS = frozenset("""
rise rises rose risen rising raise raises raised raising increase increases increased increasing
grow grows grew grown growing climb climbs climbed climbing jump jumps jumped jumping soar soared
soaring surge surged surging double doubled doubling triple tripled fall falls fell fallen falling
drop drops dropped dropping decline declines declined declining decrease decreases decreased
decreasing cut cuts cutting reduce reduces reduced reducing shrink shrank shrunk shrinking slip
slipped slipping plunge plunged plunging lower lowered lowering boost boosted boosting lift lifted
lifting went gone going up down change changed changing revise revised revising expand expanded
expanding slash slashed slashing hike hiked tumble tumbled sank sink sinking edge edged inch inched
swell swelled swollen balloon ballooned bring brought bringing push pushed pushing
""".split())


@dataclass(frozen=True, slots=True)
class Mention:
    """A figure as read from the text, before document context is attached."""

    start: int
    end: int
    kind: str
    value: float | None
    low: float | None
    high: float | None
    unit: str
    qualifier: str | None = None
    approximate: bool = False
    estimate: bool = False
    entity: str | None = None
    rate: str | None = None
    change_group: int | None = None  # offset that names the change both figures belong to
    change_role: str | None = None


@dataclass(frozen=True, slots=True)
class _Figure:
    """A number with its scale and unit: token range, offsets, value or vague interval, meaning."""

    first: int  # token index of the number
    last: int  # token index after the figure
    start: int  # offset (currency symbol or sign included)
    end: int
    value: float | None
    low: float
    high: float
    sense: UnitSense | None
    scale: float  # the scale word's factor ("million" → 1e6), 1 when there is none
    written: bool
    vague: str | None = None
    ratio: bool = False  # "one in five": a share whose counted thing follows directly


class _Scanner:
    def __init__(self, text: str, tokens: list[Token], blocked: bytearray, config: ExtractConfig):
        self.text = text
        self.tokens = tokens
        self.blocked = blocked
        self.config = config
        self.starts = [t.start for t in tokens]
        self.m = matchers()

    # ---------------------------------------------------------------- the walk
    def scan(self) -> list[Mention]:
        out: list[Mention] = []
        tokens = self.tokens
        i = 0
        while i < len(tokens):
            t = tokens[i]
            if self.blocked[i] or (t.kind != "num" and t.low not in numwords.TRIGGERS):
                i += 1
                continue
            fig = self.figure(i)
            if fig is None:
                i += 1
                continue
            found = self.complete(fig)
            out.extend(found)
            i = max(fig.last, self.token_at(found[-1].end))
        return out

    def token_at(self, offset: int) -> int:
        """Index of the first token starting at or after `offset`."""
        return bisect.bisect_left(self.starts, offset)

    # ---------------------------------------------------------------- one figure
    def figure(self, i: int, *, after_connector: bool = False) -> _Figure | None:
        t = self.tokens[i]
        if t.kind == "num":
            return self.digits(i)
        if t.kind != "word":
            return None
        core = numwords.fraction(self.tokens, i)
        if core is not None:
            return self.finish(i, core.end, t.start, core.value, core.value, core.value, written=True,
                               sense=PERCENT)
        core = numwords.vague(self.tokens, i) or numwords.written(self.tokens, i)
        if core is None or not self.plausible_written(i, core, after_connector):
            return None
        ratio = self.ratio(core.end, core.value)
        if ratio is not None:
            value, last = ratio
            return _Figure(i, last, t.start, self.tokens[last - 1].end, value, value, value, PERCENT, 1.0, True,
                           ratio=True)
        last_word = self.tokens[core.end - 1].low
        scale = _SCALE_WORDS.get(last_word, 1.0) if core.vague is None else 1.0
        return self.finish(i, core.end, t.start, core.value, core.low, core.high, written=True, scale=scale,
                           vague=core.vague)

    def ratio(self, k: int, numerator: float | None) -> tuple[float, int] | None:
        """ "one in five", "1 in 4": the share as a percentage and the token index after it."""
        tokens = self.tokens
        if numerator is None or k + 1 >= len(tokens) or tokens[k].low != "in":
            return None
        nxt = tokens[k + 1]
        if nxt.kind == "num" and nxt.text.isdigit():
            denominator, last = float(nxt.text), k + 2
        else:
            word = numwords.written(tokens, k + 1)
            if word is None or word.value is None:
                return None
            denominator, last = word.value, word.end
        if not 0 < numerator < denominator:
            return None
        return 100 * numerator / denominator, last

    def plausible_written(self, i: int, core: numwords.WordNumber, after_connector: bool) -> bool:
        tokens = self.tokens
        t = tokens[i]
        single = core.end == i + 1
        if single and t.low == "one" and not after_connector and self.ratio(i + 1, 1) is None:
            return False  # "one of the", "no one": too ambiguous to count
        if core.vague is None and i > 0 and tokens[i - 1].low in _DETERMINERS:
            return False  # "the two countries" points back; it states nothing new
        if t.text[0].isupper() and i > 0 and not _sentence_start(self.text, tokens, i) and \
                core.vague is None and tokens[i - 1].text not in ("“", '"', "(", "‘"):
            return False  # "the Big Three", "Group of Seven", "Fantastic Four"
        return True

    def digits(self, i: int) -> _Figure | None:
        text, tokens = self.text, self.tokens
        t = tokens[i]
        if exclusions.is_name_number(text, tokens, i) or exclusions.is_list_marker(text, tokens, i) \
                or exclusions.is_day_of_month(tokens, i):
            return None
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is not None and nxt.start == t.end and nxt.low in ("st", "nd", "rd", "th", "s", "’s", "'s"):
            return None  # ordinals and decades: "21st", "1990s"
        if nxt is not None and nxt.start == t.end and nxt.text == "/" and i + 2 < len(tokens) \
                and tokens[i + 2].kind == "num" and tokens[i + 2].start == nxt.end:
            return None  # "24/7", "9/11", "2019/20"
        value = float(t.text.replace(",", "").replace("\u00a0", "").replace("\u202f", "").replace("\u2009", ""))
        last = i + 1
        value, last = self.fraction_part(value, last)
        ratio = self.ratio(last, value)
        if ratio is not None:
            share, last = ratio
            return _Figure(i, last, t.start, tokens[last - 1].end, share, share, share, PERCENT, 1.0, False,
                           ratio=True)
        start = t.start
        if i > 0 and tokens[i - 1].text in "-−" and tokens[i - 1].end == t.start and \
                (i == 1 or tokens[i - 2].end < tokens[i - 1].start or tokens[i - 2].text in "($"):
            value, start = -value, tokens[i - 1].start
        fig = self.finish(i, last, start, value, value, value, written=False)
        if fig is not None and fig.sense is None and fig.scale == 1 and exclusions.looks_like_year(tokens, i):
            return None
        return fig

    def fraction_part(self, value: float, last: int) -> tuple[float, int]:
        """A mixed fraction after whole digits: "2 1/2", "2½"."""
        tokens = self.tokens
        if last < len(tokens) and tokens[last].start == tokens[last - 1].end and len(tokens[last].text) == 1:
            frac = unicodedata.numeric(tokens[last].text, None)
            if frac is not None and 0 < frac < 1:
                return value + frac, last + 1
        if last + 2 < len(tokens) and tokens[last].kind == "num" and tokens[last + 1].text == "/" \
                and tokens[last].end == tokens[last + 1].start == tokens[last + 2].start - 1 \
                and tokens[last + 2].kind == "num":
            a, b = float(tokens[last].text), float(tokens[last + 2].text)
            if 0 < a < b <= 16:
                return value + a / b, last + 3
        return value, last

    def finish(self, first: int, last: int, start: int, value: float | None, low: float, high: float, *,
               written: bool, scale: float = 1.0, sense: UnitSense | None = None,
               vague: str | None = None) -> _Figure | None:
        """Add scale, currency and unit to a bare number that ends before token `last`."""
        tokens, text = self.tokens, self.text
        end = tokens[last - 1].end
        if sense is not None:
            return _Figure(first, last, start, end, value, low, high, sense, scale, written, vague)
        prefix = prefix_currency(text, start)
        if prefix is not None:
            sense, start = prefix
        factor, last, end = self.scale(last, end, money=sense is not None)
        if factor != 1:
            scale = factor
            value = None if value is None else value * factor
            low, high = low * factor, high * factor
        if sense is None:
            unit = self.suffix_unit(end, vague is not None, scale > 1)
            if unit is not None:
                sense = unit.sense
                last, end = self.token_at(unit.end), unit.end
        elif sense.kind == "money":
            code = self.m.currency_codes.match(text, end)
            if code is not None and code.sense.unit == sense.unit:
                last, end = self.token_at(code.end), code.end  # "$5 USD"
        if last < len(tokens) and tokens[last].start == end and tokens[last].kind == "word" and not written:
            return None  # glued letters that are no unit: "5G", "3D", "737MAX"
        if sense is not None and sense.factor != 1:
            value = None if value is None else value * sense.factor
            low, high = low * sense.factor, high * sense.factor
        return _Figure(first, last, start, end, value, low, high, sense, scale, written, vague)

    def scale(self, last: int, end: int, *, money: bool) -> tuple[float, int, int]:
        """A scale word after the number: "million", "bn", "10K", "$5m", "$5-million"."""
        tokens = self.tokens
        if last >= len(tokens):
            return 1.0, last, end
        k = last
        if tokens[k].text == "-" and tokens[k].start == end and k + 1 < len(tokens) and \
                tokens[k + 1].start == tokens[k].end:
            k += 1
        t = tokens[k]
        glued_ = t.start == end or k > last
        if t.kind != "word":
            return 1.0, last, end
        if t.low in numwords.SCALES:
            return numwords.SCALES[t.low], k + 1, t.end
        if t.low in numwords.SCALE_ABBREVIATIONS and (glued_ or t.low in _SPACED_SCALE_ABBREVIATIONS) \
                and (t.low != "b" or money or t.text == "B"):
            return numwords.SCALE_ABBREVIATIONS[t.low], k + 1, t.end
        if t.text in _MILLION_M and glued_ and (money or self.followed_by_noun(k + 1)):
            return 1e6, k + 1, t.end
        return 1.0, last, end

    def followed_by_noun(self, k: int) -> bool:
        tokens = self.tokens
        return k < len(tokens) and tokens[k].kind == "word" and tokens[k].low.isalpha() and \
            tokens[k].low not in entities._STOP and tokens[k].low.endswith("s")

    def suffix_unit(self, end: int, vague: bool, scaled: bool) -> UnitMatch | None:
        """Percent, currency or unit wording right after offset `end` (after "of" for vague numbers)."""
        text, m = self.text, self.m
        if vague:
            k = self.token_at(end)
            if k < len(self.tokens) and self.tokens[k].low == "of":
                end = self.tokens[k].end
            hit = self._unit_at(end, scaled=True)
            return hit if hit is None or hit.sense.kind != "percent" else None
        hit = m.percent.match(text, end)
        if hit is not None:
            return hit
        return self._unit_at(end, scaled)

    def _unit_at(self, pos: int, scaled: bool) -> UnitMatch | None:
        m = self.m
        best = None
        for matcher in (m.currency_codes, m.currency_words, m.units, m.glued_units):
            hit = matcher.match(self.text, pos)
            if hit is not None and (best is None or hit.end > best.end):
                best = hit
        compound = units.compound_unit(self.text, pos)
        if compound is not None and (best is None or compound[1] > best.end):
            name, end = compound
            best = UnitMatch(UnitSense(name, 1.0, "measurement"), pos, end, self.text[pos:end].strip())
        if best is not None and best.sense.unit == "pound" and scaled:
            best = replace(best, sense=UnitSense("GBP", 1.0, "money"))  # "20 million pounds"
        return best

    # ---------------------------------------------------------------- context of the figure
    def complete(self, fig: _Figure) -> list[Mention]:
        """Qualifier, range or change, counted thing and rate of a figure."""
        tokens = self.tokens
        lead = self.token_at(fig.start)
        qual = qualifier_before(tokens, lead)
        before = (qual.start_token if qual else lead) - 1
        if fig.last < len(tokens) and tokens[fig.last].low in _PAIR_WORDS:
            paired = self.pair(fig, qual, before)
            if paired is not None:
                return paired
        return [self.mention(fig, qual)]

    def pair(self, fig: _Figure, qual: Qualifier | None, before: int) -> list[Mention] | None:
        """A range ("5 to 6", "between 20 and 35") or a stated change ("from 232 to 873")."""
        tokens = self.tokens
        word = tokens[fig.last].low
        between = before >= 0 and tokens[before].low == "between"
        if (word == "and") != between:
            return None
        if word in "-–—" and not (tokens[fig.last].start - fig.end <= 1):
            return None
        k = fig.last + 1
        while k < len(tokens) and tokens[k].kind in ("p", "word") and tokens[k].end < len(self.text) and \
                k < fig.last + 3 and prefix_currency(self.text, tokens[k + 1].start if k + 1 < len(tokens) else 0):
            k += 1  # "$5 to $6", "US$ 5 to US$ 6": the number after the symbol
        if k >= len(tokens) or self.blocked[k]:
            return None
        second = self.figure(k, after_connector=True)
        if second is None or second.vague or fig.vague:
            return None
        first, second = _share(fig, second)
        if first is None:
            return None
        change = before >= 0 and tokens[before].low == "from" and self.change_verb_before(before)
        if change:
            group = first.start
            old = self.mention(first, qual, change=(group, "old"), counted=False)
            new = self.mention(second, None, change=(group, "new"))
            return [old, new]
        if first.low > second.low:
            return None  # "won 3-2" is a score, not a range
        start = tokens[before].start if between else first.start
        merged = replace(second, start=start if qual is None else tokens[qual.start_token].start,
                         value=None, low=first.low, high=second.high)
        return [self.mention(merged, None, qualifier=qual.words if qual else None,
                             approximate=bool(qual and qual.bound in (Bound.ABOUT, Bound.NEARLY)))]

    def change_verb_before(self, i: int) -> bool:
        for j in range(i - 1, max(-1, i - 20), -1):  # back to the sentence start: "rose from … and from …"
            t = self.tokens[j]
            if t.kind == "p" and t.text in ".;:!?":
                return False
            if t.low in _CHANGE_VERBS:
                return True
        return False

    def mention(self, fig: _Figure, qual: Qualifier | None, *, change: tuple[int, str] | None = None,
                counted: bool = True, qualifier: str | None = None, approximate: bool = False) -> Mention:
        tokens, text = self.tokens, self.text
        sense = fig.sense or COUNT
        start, end = fig.start, fig.end
        low: float | None = fig.low
        high: float | None = fig.high
        value = fig.value
        if qual is not None:
            start = tokens[qual.start_token].start
            qualifier = qual.words
            approximate = qual.bound in (Bound.ABOUT, Bound.NEARLY)
            if value is not None:
                low, high = interval(value, qual.bound, self.config)
        if fig.vague:
            qualifier = qualifier or fig.vague
            approximate = True
        entity = None
        nxt = fig.last
        if fig.ratio:
            phrase = entities.noun_phrase(text, tokens, fig.last, head_plural=True)
            entity = phrase.text if phrase else None
        elif sense.kind == "count" and counted:
            phrase = entities.counted_thing(text, tokens, fig.last, value)
            if phrase is not None:
                entity, end, nxt = phrase.text, phrase.end, phrase.end_token
            else:
                entity = entities.of_thing(text, tokens, fig.last)
        elif sense.kind in ("percent", "measurement") or (sense.kind == "money"):
            connectors = ("of", "in") if sense.kind == "money" else ("of",)
            entity = entities.of_thing(text, tokens, fig.last, connectors)
        rate = None
        if sense.kind != "duration":
            adjacent = entities.adjacent_rate(text, end)
            if adjacent is not None:
                rate, end = adjacent
                if entity is None and sense.kind == "money":
                    entity = entities.of_thing(text, tokens, self.token_at(end), ("of", "in"))
            else:
                rate = entities.clause_rate(tokens, nxt)
        return Mention(start, end, sense.kind, value, low, high, sense.unit, qualifier, approximate,
                       bool(qual and qual.estimate), entity, rate,
                       change[0] if change else None, change[1] if change else None)

def _share(a: _Figure, b: _Figure) -> tuple[_Figure, _Figure] | tuple[None, None]:
    """Let the two ends of a range or change share scale and unit ("5 to 6 million", "$5 to $6")."""
    if a.sense is None and b.sense is not None:
        a = replace(a, sense=b.sense)
    elif b.sense is None and a.sense is not None:
        b = replace(b, sense=a.sense)
    if (a.sense and b.sense and a.sense.unit != b.sense.unit):
        return None, None
    if b.scale > 1 and a.scale == 1 and a.value is not None and b.value is not None \
            and a.value * b.scale <= b.value:
        f = b.scale
        a = replace(a, value=a.value * f, low=a.low * f, high=a.high * f, scale=f)
    return a, b


def _sentence_start(text: str, tokens: list[Token], i: int) -> bool:
    prev = tokens[i - 1]
    gap = text[prev.end:tokens[i].start]
    return "\n" in gap or "\r" in gap or prev.text in (".", "!", "?", "“", '"', ":", "—", "–")


def find_numbers(text: str, tokens: list[Token], blocked: bytearray, config: ExtractConfig) -> list[Mention]:
    """Every numeric figure among `tokens` of `text`, in text order, non-overlapping."""
    return _Scanner(text, tokens, blocked, config).scan()
