"""Find the numeric figures in a text: counts, money, percentages, measurements and durations.

The scanner walks the tokens once; at a token that can start a number it reads the number (digits,
written words, vague magnitudes, fractions, shares), then the scale, unit or currency, the qualifier
before it, a range, tally or stated change it is part of, the counted thing and a rate. It returns
`Mention`s: the partial parse, before a claim gets its document context.
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from dataclasses import dataclass, replace

from factcheck import entities, exclusions, numwords, units
from factcheck.config import ExtractConfig
from factcheck.lexicons import UnitSense
from factcheck.qualifiers import Bound, Qualifier, interval, qualifier_after, qualifier_before
from factcheck.tokens import Token
from factcheck.unitwords import PERCENT, PERCENT_POINT, UnitMatch, matchers, prefix_currency

COUNT = UnitSense("count", 1.0, "count")
RATIO = UnitSense("ratio", 1.0, "count")
AGE = UnitSense("year", 1.0, "duration")
MAGNITUDE = UnitSense("magnitude", 1.0, "measurement")
KILOMETER = UnitSense("kilometer", 1.0, "measurement")
_SCALE_WORDS = {**numwords.SCALES, "hundred": 100.0}
_SPACED_SCALE_ABBREVIATIONS = {"bn", "mn", "mln", "bln", "tn", "trn", "k"}
_DETERMINERS = frozenset({"the", "these", "those"})
_RANGE_WORDS = frozenset({"to", "-", "–", "—", "through"})
_PAIR_WORDS = _RANGE_WORDS | {"and"}
_RACES = frozenset({"race", "races", "run", "runs", "walk", "walks", "course", "run/walk"})
_AGE_WORDS = frozenset({"aged", "ages", "age"})
_RELATIVE_TIME = frozenset({"ago", "earlier", "later"})
_CHANGE_VERBS = exclusions.VALUE_CHANGE_VERBS | frozenset("""
accelerated accelerating balloon ballooned boost boosting bring bringing brought change changed changing climb
climbing climbs cooled cooling creeping crept cuts cutting decline declines declining decrease decreases
dipped dipping double doubled doubling drop dropping drops eased easing edge edged expand expanded expanding
fall falls going gone grow grown grows hike hiked inch inched increase increases jump jumping jumps lift
lifted lifting lower lowered lowering narrowed narrowing plunge plunging push pushed pushing raise raises
raising rebounded rebounding recovered reduce reduces reducing revise revised revising rise rises sank shrank
shrink shrinking shrunk sink sinking slash slashing slid slide sliding slip slipped slipping slow slowed
slowing soar soaring surge surging swell swelled swollen tick ticked triple tripled tripling quadruple
quadrupled quadrupling quintupled trebled trebling halve halved halving tumble tumbled went widened
widening
""".split())
# Verbs with "up to"/"down to" as a particle ("edged up to 7.1%"), not the qualifier ("dropped up to 3 feet").
_PARTICLE_VERBS = frozenset("""
tick ticks ticked ticking edge edges edged edging inch inches inched inching creep creeps crept creeping
move moves moved moving go goes went going gone shoot shoots shot climb climbs climbed climbing ramp
ramped bump bumped pick picked rise rises rose risen ratchet ratcheted revise revised revising drift
drifted drifting come comes came slide slid sliding trend trended
""".split())
_SECURITIES = frozenset("treasury treasuries note notes bond bonds yield yields gilt gilts bund bunds".split())
# Second parts of compound measurements: "6-foot-10", "7 feet 2 inches", "27 minutes 43.2 seconds".
_COMPOUNDS: dict[str, tuple[re.Pattern[str], float]] = {
    "foot": (re.compile(r"(-)?\s*(\d{1,2}(?:\.\d+)?)(\s*(?:inch|inches|in\.)(?![\w]))?"), 12.0),
    "minute": (re.compile(r"(,?\s+(?:and\s+)?)(\d{1,2}(?:\.\d+)?)(\s*(?:seconds?|secs?))(?![\w])"), 60.0),
    "hour": (re.compile(r"(,?\s+(?:and\s+)?)(\d{1,2})(\s*(?:minutes?|mins?))(?![\w])"), 60.0),
    "pound": (re.compile(r"(,?\s+(?:and\s+)?)(\d{1,2}(?:\.\d+)?)(\s*(?:ounces?|oz))(?![\w])"), 16.0),
}
_AGE_SUFFIX = re.compile(r"-olds?(?![\w])")
_TO_LIFE = re.compile(r"\s+to\s+life(?![\w])")
_WEATHER = re.compile(r"\b(?:temperatures?|heat|hot|cold|warm|warmer|colder|high of|low of|highs?|lows?|wind chills?|"
                      r"weather|forecast|freezing|frost|thermometers?|heat index|degrees? (?:above|below))\b",
                      re.IGNORECASE)
_CELSIUS = re.compile(r"Celsius|°C|centigrade", re.IGNORECASE)
_FAHRENHEIT = re.compile(r"Fahrenheit|°F", re.IGNORECASE)


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
    high: float | None
    sense: UnitSense | None
    scale: float = 1.0  # the scale word's factor ("million" → 1e6), 1 when there is none
    written: bool = False
    vague: str | None = None
    share: bool = False  # "one in five adults": a share whose counted thing follows directly


def _exact(first: int, last: int, start: int, end: int, value: float, sense: UnitSense | None, *,
           written: bool = False, share: bool = False) -> _Figure:
    return _Figure(first, last, start, end, value, value, value, sense, written=written, share=share)


class _Scanner:
    def __init__(self, text: str, tokens: list[Token], blocked: bytearray, config: ExtractConfig):
        self.text = text
        self.tokens = tokens
        self.blocked = blocked
        self.config = config
        self.starts = [t.start for t in tokens]
        self.m = matchers()
        self.celsius = bool(_CELSIUS.search(text)) and not _FAHRENHEIT.search(text)

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
            i = max(fig.last, self.token_at(found[-1].end)) if found else fig.last
        return out

    def token_at(self, offset: int) -> int:
        """Index of the first token starting at or after `offset`."""
        return bisect.bisect_left(self.starts, offset)

    def word(self, k: int) -> str:
        return self.tokens[k].low if 0 <= k < len(self.tokens) else ""

    def glued(self, k: int) -> bool:
        """Tokens k and k+1 touch."""
        return k >= 0 and k + 1 < len(self.tokens) and self.tokens[k].end == self.tokens[k + 1].start

    # ---------------------------------------------------------------- one figure
    def figure(self, i: int, *, after_connector: bool = False) -> _Figure | None:
        t = self.tokens[i]
        if t.kind == "num":
            return self.digits(i)
        return self.words(i, after_connector) if t.kind == "word" else None

    def words(self, i: int, after_connector: bool) -> _Figure | None:
        tokens, t = self.tokens, self.tokens[i]
        core = numwords.fraction(tokens, i)
        if core is not None:
            return self.point_fraction(i, core) or self.fraction_of_quantity(i, core) or _exact(
                i, core.end, t.start, tokens[core.end - 1].end, core.value or 0.0, PERCENT, written=True)
        core = numwords.vague(tokens, i) or numwords.written(tokens, i)
        if core is None or not self.plausible_written(i, core, after_connector):
            return None
        share = self.share(core.end, core.value)
        if share is not None:
            value, last = share
            return _exact(i, last, t.start, tokens[last - 1].end, value, PERCENT, written=True, share=True)
        if core.end == i + 1 and t.low == "one" and not after_connector and not self.negative_sign(i):
            fig = self.finish(i, core.end, t.start, 1.0, 1.0, 1.0, written=True)
            return fig if fig is not None and fig.sense is not None else None  # "one mile", not "one of"
        scale = _SCALE_WORDS.get(tokens[core.end - 1].low, 1.0) if core.vague is None else 1.0
        start, value = t.start, core.value
        if value is not None and core.vague is None and self.negative_sign(i):
            start, value = tokens[i - 1].start, -value  # "minus five percent"
        fig = self.finish(i, core.end, start, value, value if value is not None else core.low,
                          value if value is not None else core.high, written=True, scale=scale, vague=core.vague)
        if fig is not None and fig.sense is None and core.vague is None and self.word(i - 1) in _DETERMINERS:
            return None  # "the two countries" points back; it states nothing new
        return fig

    def fraction_of_quantity(self, i: int, core: numwords.WordNumber) -> _Figure | None:
        """A fraction of a scale or unit is a value, not a share: "three quarters billion",
        "two thirds of a million", "one-half mile", "three-quarters of a mile"."""
        share = (core.value or 0.0) / 100
        k = core.end
        if self.word(k) == "of":
            k += 1
        if self.word(k) in ("a", "an"):
            k += 1
        for last in dict.fromkeys((core.end, k)):
            if last >= len(self.tokens):
                continue
            fig = self.finish(i, last, self.tokens[i].start, share, share, share, written=True)
            if fig is not None and (fig.scale > 1 or (fig.sense is not None and fig.sense.kind != "percent")):
                return fig
        return None

    def point_fraction(self, i: int, core: numwords.WordNumber) -> _Figure | None:
        """A fraction of a percentage point: "a quarter percentage point", "three-quarters of a
        percentage point", "quarter-point"."""
        k = core.end
        if self.word(k) == "-" and self.word(k + 1) == "point" and self.glued(k - 1) and self.glued(k):
            end, last = self.tokens[k + 1].end, k + 2
            if self.word(i) in ("a", "an"):
                i += 1  # "a quarter-point cut": the figure is "quarter-point"
        else:
            if self.word(k) == "of":
                k += 1
            if self.word(k) in ("a", "an"):
                k += 1
            hit = self.m.percent.match(self.text, self.tokens[k - 1].end)
            if hit is None or hit.sense is not PERCENT_POINT:
                return None
            end, last = hit.end, self.token_at(hit.end)
        value = (core.value or 0.0) / 100
        return _exact(i, last, self.tokens[i].start, end, value, PERCENT_POINT, written=True)

    def share(self, k: int, numerator: float | None) -> tuple[float, int] | None:
        """ "one in five", "1 in every 6", "4 out of 5": the share as a percentage and the index after it."""
        tokens = self.tokens
        if numerator is None or not float(numerator).is_integer():
            return None
        if self.word(k) == "in":
            k += 1
            if self.word(k) == "every":
                k += 1
        elif self.word(k) == "out" and self.word(k + 1) == "of":
            k += 2
        else:
            return None
        if k >= len(tokens):
            return None
        nxt = tokens[k]
        if nxt.kind == "num":
            if not nxt.text.replace(",", "").isdigit() or exclusions.looks_like_year(tokens, k):
                return None  # "21.6 in 2019" is a figure and a year
            denominator, last = float(nxt.text.replace(",", "")), k + 1
        else:
            word = numwords.written(tokens, k)
            if word is None or word.value is None:
                return None
            denominator, last = word.value, word.end
        if not 0 < numerator < denominator:
            return None
        return 100 * numerator / denominator, last

    def plausible_written(self, i: int, core: numwords.WordNumber, after_connector: bool) -> bool:
        tokens = self.tokens
        t = tokens[i]
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
        if i >= 2 and tokens[i - 1].text == "/" and self.glued(i - 2) and self.glued(i - 1) \
                and tokens[i - 2].kind == "num":
            return None  # the denominator of "1/4"
        value = _number(t.text)
        if nxt is not None and nxt.start == t.end and nxt.text == "/" and i + 2 < len(tokens) \
                and tokens[i + 2].kind == "num" and tokens[i + 2].start == nxt.end:
            denominator = _number(tokens[i + 2].text)
            if not (0 < value < denominator <= 16):
                return None  # "24/7", "9/11", "2019/20"
            fig = self.finish(i, i + 3, t.start, value / denominator, value / denominator, value / denominator,
                              written=False)
            return fig if fig is not None and fig.sense is not None else None  # "1/4 mile"
        ratio = self.ratio(i, value)
        if ratio is not None:
            return ratio
        last = i + 1
        value, last = self.fraction_part(value, last)
        half = numwords.and_a_half(tokens, last)
        if half is not None:
            value, last = value + half[0], half[1]  # "2 and a half years"
        share = self.share(last, value)
        if share is not None:
            pct, last = share
            return _exact(i, last, t.start, tokens[last - 1].end, pct, PERCENT, share=True)
        start = t.start
        if self.negative_sign(i):
            value, start = -value, tokens[i - 1].start  # "-4 degrees", "minus 30"
        fig = self.finish(i, last, start, value, value, value, written=False)
        if fig is None or fig.sense is not None or fig.scale != 1:
            return fig
        if exclusions.looks_like_year(tokens, i) and not self.ends_a_range_of_numbers(fig):
            return None
        if self.word(fig.last) == "-" and self.glued(fig.last - 1) and self.glued(fig.last) \
                and tokens[fig.last + 1].text[:1].isupper():
            return None  # "7-Eleven", "23-CR-04512"
        if self.is_age(i, fig):
            return replace(fig, sense=AGE)
        if self.word(i - 1) in ("us", "u.s.", "sr", "fm") and tokens[i - 1].text.isupper() and fig.value < 1000 \
                and not self.followed_by_noun(fig.last):
            return None  # highways: "US 1", "U.S. 101", "SR 99"
        return fig

    def ends_a_range_of_numbers(self, fig: _Figure) -> bool:
        """ "1000-5000": a four-digit number joined to one that cannot be a year is a number, not a year."""
        k = fig.last
        if self.word(k) not in ("-", "–", "to") or k + 1 >= len(self.tokens) or self.tokens[k + 1].kind != "num":
            return False
        other = self.tokens[k + 1].text
        return not (len(other) == 4 and other.isdigit() and 1000 <= int(other) <= 2099) and \
            not (len(other) == 2 and other.isdigit() and self.word(k) != "to")

    def negative_sign(self, i: int) -> bool:
        """A minus sign (not a hyphen between words) or the word "minus" before the number at i."""
        tokens = self.tokens
        if i == 0:
            return False
        prev = tokens[i - 1]
        if prev.low in ("minus", "negative"):
            return self.word(i - 2) not in ("or", "plus")  # "plus or minus 3 points" is a margin
        return tokens[i].kind == "num" and prev.text in ("-", "−") and prev.end == tokens[i].start and (
            i == 1 or tokens[i - 2].end < prev.start or tokens[i - 2].text in ("(", "$"))

    def ratio(self, i: int, a: float) -> _Figure | None:
        """ "2-to-1", "10-for-1": one ratio, not two counts."""
        tokens = self.tokens
        if i + 4 < len(tokens) and all(self.glued(k) for k in range(i, i + 4)) and tokens[i + 1].text == "-" \
                and tokens[i + 2].low in ("to", "for") and tokens[i + 3].text == "-" and tokens[i + 4].kind == "num":
            b = _number(tokens[i + 4].text)
            if b:
                return _exact(i, i + 5, tokens[i].start, tokens[i + 4].end, a / b, RATIO)
        return None

    def is_age(self, i: int, fig: _Figure) -> bool:
        """ "aged 18", "Smith, 34, was charged": an age in years."""
        tokens = self.tokens
        if self.word(i - 1) in _AGE_WORDS:
            return True
        value = fig.value or 0
        return (i >= 2 and tokens[i - 1].text == "," and tokens[i - 2].kind == "word"
                and tokens[i - 2].text[:1].isupper() and self.word(fig.last) in (",", ".", ";")
                and float(value).is_integer() and 0 < value < 125)

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
            a, b = _number(tokens[last].text), _number(tokens[last + 2].text)
            if 0 < a < b <= 16:
                return value + a / b, last + 3
        return value, last

    def finish(self, first: int, last: int, start: int, value: float | None, low: float, high: float, *,
               written: bool, scale: float = 1.0, vague: str | None = None) -> _Figure | None:
        """Add scale, currency and unit to a bare number that ends before token `last`."""
        tokens, text = self.tokens, self.text
        end = tokens[last - 1].end
        sense: UnitSense | None = None
        prefix = prefix_currency(text, start)
        if prefix is not None:
            sense, start = prefix
        elif "magnitude" in (self.word(first - 1), self.word(first - 2)):
            sense = MAGNITUDE  # "a magnitude of 6.4"
        if last < len(tokens) and tokens[last].text in ("K", "k") and self.glued(last - 1) \
                and self.word(last + 1) in _RACES:
            return _exact(first, last + 1, start, tokens[last].end, value or 0.0, KILOMETER)  # a 5K race
        factor, last, end = self.scale(last, end, money=sense is not None)
        if factor != 1:
            scale = factor
            value = None if value is None else _times(value, factor)
            low, high = _times(low, factor), _times(high, factor)
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
            value = None if value is None else _times(value, sense.factor)
            low, high = _times(low, sense.factor), _times(high, sense.factor)
        fig = _Figure(first, last, start, end, value, low, high, sense, scale, written, vague)
        return self.unit_tail(fig)

    def unit_tail(self, fig: _Figure) -> _Figure | None:
        """What may follow a unit: the second part of a compound ("6-foot-10"), "-old" after an age,
        "to life" after a sentence, and "ago"/"later", which make a duration a point in time."""
        if fig.sense is None:
            return fig
        unit, text = fig.sense.unit, self.text
        if fig.sense.kind == "duration":
            if self.word(fig.last) in _RELATIVE_TIME:
                return None  # "four years ago" is a date, for time extraction
            if self.word(fig.last) in _SECURITIES and "-" in text[fig.start:fig.end]:
                return None  # "the 10-year Treasury" names a security
            tail = _AGE_SUFFIX.match(text, fig.end) if unit == "year" else None
            if tail is None and unit == "year":
                life = _TO_LIFE.match(text, fig.end)
                if life is not None:
                    return replace(fig, end=life.end(), last=self.token_at(life.end()), high=None, value=None)
            if tail is not None:
                return replace(fig, end=tail.end(), last=self.token_at(tail.end()))
        compound = _COMPOUNDS.get(unit)
        if compound is not None and fig.value is not None:
            pattern, per = compound
            m = pattern.match(text, fig.end)
            # the second unit must be written, except in the hyphenated height "6-foot-10"
            if m and (m.group(3) or (unit == "foot" and m.group(1))) and float(m.group(2)) < per:
                v = fig.value + float(m.group(2)) / per
                return replace(fig, end=m.end(), last=self.token_at(m.end()), value=v, low=v, high=v)
        return fig

    def scale(self, last: int, end: int, *, money: bool) -> tuple[float, int, int]:
        """A scale word after the number: "million", "bn", "10K", "$5m", "$5-million"."""
        tokens = self.tokens
        if last >= len(tokens):
            return 1.0, last, end
        k = last
        if tokens[k].text == "-" and tokens[k].start == end and self.glued(k):
            k += 1
        t = tokens[k]
        glued_ = t.start == end or k > last
        if t.kind != "word":
            return 1.0, last, end
        if t.low in numwords.DIGIT_SCALES:
            return numwords.DIGIT_SCALES[t.low], k + 1, t.end
        factor = numwords.SCALE_ABBREVIATIONS.get(t.low)
        if factor is None:
            return 1.0, last, end
        if t.low == "m":  # "$5m", "10M", "5m people" are millions; "100m" alone is metres
            ok = glued_ and (t.text == "M" or money or self.followed_by_noun(k + 1))
        elif t.low == "mm":  # finance: "US$ 1MM"; "5mm" is millimetres
            ok = glued_ and t.text == "MM"
        else:
            ok = glued_ or t.low in _SPACED_SCALE_ABBREVIATIONS
        return (factor, k + 1, t.end) if ok else (1.0, last, end)

    def followed_by_noun(self, k: int) -> bool:
        w = self.word(k)
        return w.isalpha() and w not in entities.STOP and w.endswith("s")

    def suffix_unit(self, end: int, vague: bool, scaled: bool) -> UnitMatch | None:
        """Percent, currency or unit wording right after offset `end` (after "of" for vague numbers)."""
        if vague:
            k = self.token_at(end)
            if self.word(k) == "of":
                end = self.tokens[k].end
            hit = self._unit_at(end, scaled=True)
            return hit if hit is None or hit.sense.kind != "percent" else None
        hit = self.m.percent.match(self.text, end)
        return hit if hit is not None else self._unit_at(end, scaled)

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
        if best is not None and best.sense.unit == "degree" and self.weather(pos):
            scale = "degree_Celsius" if self.celsius else "degree_Fahrenheit"
            best = replace(best, sense=UnitSense(scale, 1.0, "measurement"))  # "118 degrees in Phoenix"
        return best

    def weather(self, pos: int) -> bool:
        """Whether the words around `pos` speak of temperature (bare "degrees" is then not an angle)."""
        return bool(_WEATHER.search(self.text, max(0, pos - 120), min(len(self.text), pos + 80)))

    # ---------------------------------------------------------------- context of the figure
    def complete(self, fig: _Figure) -> list[Mention]:
        """Qualifier, range, tally or change, counted thing and rate of a figure."""
        tokens = self.tokens
        lead = self.token_at(fig.start)
        qual = qualifier_before(tokens, lead)
        if qual is not None and not self.qualifies(qual, fig):
            qual = None
        after = qualifier_after(tokens, fig.last) if fig.value is not None else None
        if after is not None:  # "100 or more": the bound follows the figure
            post, last = after
            fig = replace(fig, last=last, end=tokens[last - 1].end)
            qual = replace(post, start_token=qual.start_token if qual else lead)
        before = (qual.start_token if qual else lead) - 1
        if fig.last < len(tokens) and tokens[fig.last].low in _PAIR_WORDS:
            paired = self.pair(fig, qual, before)
            if paired is not None:
                return paired
        return self.dated_change(fig, qual, before) or self.reverse_change(fig, qual, before) \
            or [self.mention(fig, qual)]

    def qualifies(self, qual: Qualifier, fig: _Figure) -> bool:
        """ "edged up to 7.1%" and "a raise over two years" use the words, not as qualifiers."""
        if qual.words in ("up to", "down to"):
            return self.word(qual.start_token - 1) not in _PARTICLE_VERBS
        return not (qual.words == "over" and fig.sense is not None and fig.sense.kind == "duration")

    def second_figure(self, k: int) -> _Figure | None:
        """The figure after a connector ("to", "and", "from"), past any currency symbol ("$5 to $6")."""
        tokens = self.tokens
        limit = k + 2
        while k < limit and k + 1 < len(tokens) and tokens[k].kind in ("p", "word") and \
                prefix_currency(self.text, tokens[k + 1].start):
            k += 1
        if k >= len(tokens) or self.blocked[k]:
            return None
        return self.figure(k, after_connector=True)

    def pair(self, fig: _Figure, qual: Qualifier | None, before: int) -> list[Mention] | None:
        """A range ("5 to 6", "between 20 and 35"), a tally ("2-1") or a change ("from 232 to 873")."""
        tokens = self.tokens
        connector = fig.last
        if self.word(connector) == "-" and self.glued(connector - 1) and self.word(connector + 1) in ("to", "and"):
            connector += 1  # "8- to 16-meter"
        word = tokens[connector].low
        between = self.word(before) == "between"
        if word == "and" and not between:
            return None
        hyphen = word in ("-", "–", "—")
        if hyphen and tokens[connector].start - fig.end > 1:
            return None
        from_ = self.word(before) == "from"
        if word == "to" and not from_ and self.after_change_verb(before):
            return None  # "rose 6 cents to $3.41": the change and the new level, two figures
        second = self.second_figure(connector + 1)
        if second is None or second.vague or fig.vague:
            return None
        first, second = _share(fig, second)
        if first is None or second is None:
            return None
        if from_ and self.change_verb_before(before):
            return self.change(first, qual, second, None)
        if first.high is None or second.high is None or first.low > second.low:
            if hyphen:  # "won 3-2", "the 2-1 vote": a tally of two counts
                return [self.mention(first, qual, counted=False), self.mention(second, None, counted=False)]
            return None
        start = tokens[before].start if between else first.start
        merged = replace(second, start=start if qual is None else tokens[qual.start_token].start,
                         value=None, low=first.low, high=second.high)
        return [self.mention(merged, None, qualifier=qual.words if qual else None,
                             approximate=bool(qual and qual.bound in (Bound.ABOUT, Bound.NEARLY)))]

    def past_own_year(self, k: int) -> int:
        """The token after "in 2020", "in March 2020", "during fiscal 2019" starting at token k (a figure's
        own time), or k when there is none."""
        tokens = self.tokens
        if self.word(k) not in ("in", "during"):
            return k
        j = k + 1
        while j < min(len(tokens), k + 4) and tokens[j].kind == "word":
            j += 1
        return j + 1 if j < len(tokens) and exclusions.looks_like_year(tokens, j) else k

    def dated_change(self, fig: _Figure, qual: Qualifier | None, before: int) -> list[Mention] | None:
        """A change whose first figure has its own year: "rose from 232 in 2020 to 873 (in 2021)"."""
        k = self.past_own_year(fig.last)
        if k == fig.last or self.word(k) != "to" or self.word(before) != "from" or not self.change_verb_before(before):
            return None
        new = self.second_figure(k + 1)
        if new is None or new.vague or fig.vague:
            return None
        old, new = _share(fig, new)
        if old is None or new is None:
            return None
        return self.change(old, qual, new, None)

    def reverse_change(self, fig: _Figure, qual: Qualifier | None, before: int) -> list[Mention] | None:
        """Changes stated new-first: "fell to $2.1 billion from $2.5 billion", "38 percent, down from 44"."""
        tokens = self.tokens
        k = self.past_own_year(fig.last)  # "fell to 1.2 million in March 2020 from 2.9 million"
        if not (self.word(k) == "from" and self.word(before) == "to" and self.change_verb_before(before)):
            k = fig.last
            while k < min(len(tokens), fig.last + 8) and not (
                    tokens[k].low == "from" and self.word(k - 1) in ("up", "down")):
                if tokens[k].kind == "num" or tokens[k].text in ".;:!?":
                    return None
                k += 1
            if k >= len(tokens) or tokens[k].low != "from":
                return None
        old = self.second_figure(k + 1)
        if old is None or old.vague or fig.vague:
            return None
        new, old = _share(fig, old)
        if new is None or old is None:
            return None
        return self.change(old, None, new, qual)

    def change(self, old: _Figure, old_qual: Qualifier | None, new: _Figure,
               new_qual: Qualifier | None) -> list[Mention]:
        group = min(old.start, new.start)
        pair = [self.mention(old, old_qual, change=(group, "old")), self.mention(new, new_qual, change=(group, "new"))]
        return sorted(pair, key=lambda m: m.start)

    def after_change_verb(self, before: int) -> bool:
        """The token at `before` (or the one before "by") is a verb of change: "rose 12", "rose by 12"."""
        k = before - 1 if self.word(before) == "by" else before
        return self.word(k) in _CHANGE_VERBS

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
        low, high, value = fig.low, fig.high, fig.value
        if qual is not None:
            start = tokens[qual.start_token].start
            qualifier = qual.words
            approximate = qual.bound in (Bound.ABOUT, Bound.NEARLY)
            if value is not None:
                low, high = interval(value, qual.bound, self.config)
        if fig.vague:
            qualifier = qualifier or fig.vague
            approximate = True
        entity, end, nxt = self.entity(fig, sense, counted, end)
        base = self.per_base(nxt) if sense.kind != "duration" else None
        rate = None
        if base is not None:
            rate, end, nxt = base
        elif sense.kind != "duration":
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

    def entity(self, fig: _Figure, sense: UnitSense, counted: bool, end: int) -> tuple[str | None, int, int]:
        """(entity, span end, next token): the counted thing of a count, what a share is of."""
        tokens, text = self.tokens, self.text
        if fig.share:
            phrase = entities.noun_phrase(text, tokens, fig.last, head_plural=True)
            return (phrase.text if phrase else None), end, fig.last
        if sense is RATIO or not counted:
            return None, end, fig.last
        if sense.kind == "count":
            phrase = entities.counted_thing(text, tokens, fig.last, fig.value)
            if phrase is not None:
                return phrase.text, phrase.end, phrase.end_token
            return entities.of_thing(text, tokens, fig.last), end, fig.last
        if sense.kind in ("percent", "measurement", "money"):
            connectors = ("of", "in") if sense.kind == "money" else ("of",)
            thing = entities.of_thing(text, tokens, fig.last, connectors)
            if thing is None and sense is PERCENT and tokens[fig.first].low == "half":
                thing = entities.of_thing(text, tokens, fig.last, ("the", "its", "their", "all"))  # "half the vote"
            return thing, end, fig.last
        return None, end, fig.last

    def per_base(self, k: int) -> tuple[str, int, int] | None:
        """ "per 100,000 residents", "per $100": the base of a rate, part of the figure's span."""
        if self.word(k) != "per":
            return None
        base = self.second_figure(k + 1)
        if base is None or base.value is None or (base.sense is not None and base.sense.kind != "money"):
            return None
        end, last = base.end, base.last
        phrase = entities.noun_phrase(self.text, self.tokens, last, head_plural=False) if base.sense is None else None
        if phrase is not None:
            end, last = phrase.end, phrase.end_token
        return " ".join(self.text[self.tokens[k].start:end].split()), end, last


_SEPARATORS = str.maketrans({",": None, " ": None, "\u00a0": None, "\u202f": None, "\u2009": None, "\u2007": None,
                             "−": "-"})
_TIMES_TEN = re.compile(r"\s?[x×]\s?10(?:\^|\*\*)?")


def _number(digits: str) -> float:
    """The value of a number token: "106,699", "40 000", ".5", "2.5e-3", "5.5x10-3", "½"."""
    if len(digits) == 1 and not digits.isdigit():
        return unicodedata.numeric(digits)
    return float(_TIMES_TEN.sub("e", digits).translate(_SEPARATORS))


def _share(a: _Figure, b: _Figure) -> tuple[_Figure, _Figure] | tuple[None, None]:
    """Let the two ends of a range or change share scale and unit ("5 to 6 million", "$5 to $6")."""
    if a.sense is None and b.sense is not None:
        a = replace(a, sense=b.sense)
    elif b.sense is None and a.sense is not None:
        b = replace(b, sense=a.sense)
    if a.sense and b.sense and a.sense.unit != b.sense.unit:
        return None, None
    if b.scale > 1 and a.scale == 1 and a.value is not None and b.value is not None \
            and a.value * b.scale <= b.value:
        f = b.scale
        high = None if a.high is None else a.high * f
        a = replace(a, value=a.value * f, low=a.low * f, high=high, scale=f)
    return a, b


def _sentence_start(text: str, tokens: list[Token], i: int) -> bool:
    prev = tokens[i - 1]
    gap = text[prev.end:tokens[i].start]
    return "\n" in gap or "\r" in gap or prev.text in (".", "!", "?", "“", '"', ":", "—", "–")


def find_numbers(text: str, tokens: list[Token], blocked: bytearray, config: ExtractConfig) -> list[Mention]:
    """Every numeric figure among `tokens` of `text`, in text order, non-overlapping. A figure beyond what a
    float holds ("1e999", a 400-digit number) is not a figure: its value would be infinite."""
    return [m for m in _Scanner(text, tokens, blocked, config).scan() if _finite(m)]


def _finite(m: Mention) -> bool:
    return all(x is None or math.isfinite(x) for x in (m.value, m.low, m.high))


def _times(x: float, factor: float) -> float:
    """x × factor without binary noise ("8.05 billion" is 8,050,000,000, not 8050000000.000001), so the
    rounding margin of the comparison stays the wording's."""
    product = x * factor
    return float(f"{product:.15g}") if math.isfinite(product) else product
