"""What a figure counts or is of ("200,000 guns", "70% of firearms"), and rates ("annually").

No part-of-speech tagger: a noun phrase is read word by word until a function word, a verb-like
word, punctuation or a time word, which is right for the short phrases that follow figures in news.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from factcheck.exclusions import named_year
from factcheck.tokens import Token

STOP = frozenset("""
a an the this that these those its their his her our your my some any each every all both no not nor
and or but if then than as so yet because while when where whereas which who whom whose what why how
of in on at by for from to into onto with without within over under about after before since until
during between among across through against toward towards per via despite upon amid near off up down
out around behind beyond beside besides inside outside along
is are was were be been being am has have had having do does did done will would shall should can could
may might must ought get gets got said says say told tell according reported report estimated
last next this past previous coming recent recently ago later earlier now today yesterday tomorrow
year years month months week weeks day days decade decades annually yearly monthly weekly daily hourly
also only just even still already more most less least many much few several such other another same
morning afternoon evening night overnight midday trading session early late
very too quite rather nearly almost about some roughly around approximately
i you he she it we they me him us them there here
percent per cent
""".split())

# Words that can head "N <noun> of <thing>" where the thing is what is counted ("751 pages of evidence").
_CONTAINERS = frozenset("""
pages page tons tonnes pounds kilos kilograms grams ounces bags boxes bottles barrels gallons liters
litres doses rounds pieces units packages shipments loads acres hectares tablets vials bales bushels
cartons crates containers truckloads sacks sheets cups servings batches kinds types pairs sets cases
counts rolls bundles blocks plots parcels lots bricks bars cans jars packs cartridges head
""".split())

# Words that stand after a noun and are not part of it ("sources familiar with", "residents evacuated").
_POSTMODIFIERS = frozenset("""
familiar available eligible involved affected present responsible alike apiece old aged total
combined overall altogether worldwide nationwide statewide countywide abroad apart together alone
""".split())

# Verb forms that end a noun phrase but do not end in -ed ("cocaine hidden in", "buses ran late").
_IRREGULAR_VERBS = frozenset("""
hidden stolen taken given seen known shown held found made sold built left lost kept paid sent spent ran
went came took got gave saw fell rose grew won told began became stood hit put set led fled brought
bought thought caught fought taught sought meant felt heard met slept wore drove flew drew threw knew
broke spoke chose froze stole woke wrote written driven flown drawn thrown broken spoken chosen frozen
eaten fallen risen grown blown sworn torn worn shot struck stuck swept dug hung spun sank sunk shrank
remain remains include includes cost costs need needs want wants face faces
""".split())

# Participles that belong to the noun before them: "ballots cast", "votes counted".
_FIXED_POSTMODIFIERS = frozenset({"cast", "counted", "tallied"})

_IRREGULAR_PLURALS = frozenset("""
people men women children police personnel staff cattle livestock data media feet teeth mice geese
sheep deer fish aircraft troops crew faculty clergy offspring youth head
""".split())

_RATES: dict[str, str] = {
    "annually": "year", "yearly": "year", "per annum": "year", "a year": "year", "per year": "year",
    "each year": "year", "every year": "year", "a month": "month", "per month": "month",
    "each month": "month", "every month": "month", "monthly": "month", "a week": "week",
    "per week": "week", "each week": "week", "every week": "week", "weekly": "week", "a day": "day",
    "per day": "day", "each day": "day", "every day": "day", "daily": "day", "an hour": "hour",
    "per hour": "hour", "each hour": "hour", "every hour": "hour", "hourly": "hour",
}
_ADJACENT_RATE = re.compile(
    r"\s*(?:,\s*)?(" + "|".join(sorted((re.escape(k).replace(r"\ ", r"\s+") for k in _RATES), key=len,
                                  reverse=True)) + r")(?![^\W_])"
    r"(?!\s+(?:earlier|later|ago|after|before|prior|since|from\s+now)\b)",  # "a year earlier" dates, not rates
    re.IGNORECASE,
)
# Rates that may stand further along the clause ("30,000 Mexicans are killed per year").
_LOOSE_RATE = frozenset(k for k in _RATES if not k.startswith(("a ", "an ")))
_CLAUSE_BREAKS = frozenset({"and", "but", "or", "while", "whereas", "which", "who", "that", "than"})


@dataclass(frozen=True, slots=True)
class Phrase:
    text: str
    start: int
    end: int
    end_token: int  # index after the phrase's last token


def _is_wordlike(t: Token) -> bool:
    return t.kind in ("word", "abbr")


def _plural(word: str) -> bool:
    return word in _IRREGULAR_PLURALS or (len(word) > 2 and word.endswith("s") and not word.endswith("ss"))


def noun_phrase(text: str, tokens: list[Token], i: int, *, head_plural: bool | None) -> Phrase | None:
    """The noun phrase starting at token i, or None. With `head_plural`, the phrase ends at its
    last plural noun ("guns", "U.S. citizens"), dropping trailing words that are not part of it;
    with None, it does so only when it has a plural noun ("renters spend" → "renters", but
    "security assistance" stays whole)."""
    words: list[int] = []
    j = i
    while j < len(tokens) and len(words) < 6:
        t = tokens[j]
        if t.kind == "p" and t.text == "-" and words and j + 1 < len(tokens) and \
                tokens[j - 1].end == t.start == tokens[j + 1].start - 1 and _is_wordlike(tokens[j + 1]):
            j += 1  # "law-enforcement": hyphenated compounds stay whole
            words.append(j)
            j += 1
            continue
        if not _is_wordlike(t) or t.low in STOP or t.low in _POSTMODIFIERS or "'" in t.low or "’" in t.low:
            break
        if words and t.low in _IRREGULAR_VERBS:
            break
        if words and (t.low.endswith("ed") or t.low.endswith("ing") or t.low.endswith("ly")) \
                and not _plural(t.low):
            break  # "residents evacuated", "guns annually smuggled"
        if words and j > 0 and text[tokens[j - 1].end:t.start] not in (" ", "\u00a0"):
            break  # a line break or double space ends the phrase
        words.append(j)
        j += 1
    if not words:
        return None
    if head_plural or (head_plural is None and any(_plural(tokens[k].low) for k in words)):
        while words and not _plural(tokens[words[-1]].low) and not (
                len(words) > 1 and tokens[words[-1]].low in _FIXED_POSTMODIFIERS):
            words.pop()
        if not words:
            return None
    first, last = tokens[words[0]], tokens[words[-1]]
    return Phrase(text[first.start:last.end], first.start, last.end, words[-1] + 1)


def counted_thing(text: str, tokens: list[Token], i: int, value: float | None) -> Phrase | None:
    """What a count at the token before i counts: "200,000 [guns]", "751 [pages of evidence]"."""
    if i < len(tokens) and tokens[i].low == "of":
        i += 1  # "dozens of agents", "thousands of kilos"
    phrase = noun_phrase(text, tokens, i, head_plural=value is None or value != 1)
    if phrase is None:
        return None
    j = phrase.end_token
    if tokens[j - 1].low in _CONTAINERS and j < len(tokens) and tokens[j].low == "of":
        rest = noun_phrase(text, tokens, j + 1, head_plural=False)
        if rest is not None:
            return Phrase(text[phrase.start:rest.end], phrase.start, rest.end, rest.end_token)
    if j + 1 < len(tokens) and tokens[j].low == "and":
        other = noun_phrase(text, tokens, j + 1, head_plural=True)
        if other is not None and other.end_token - j <= 3:  # "homes and businesses": one class
            return Phrase(text[phrase.start:other.end], phrase.start, other.end, other.end_token)
    return phrase


_DETERMINERS = frozenset({"the", "all", "its", "their", "his", "her", "our", "those", "these", "this", "that"})


def of_thing(text: str, tokens: list[Token], i: int, connectors: tuple[str, ...] = ("of",)) -> str | None:
    """The thing after "of"/"in" at token i: "70% [of] firearms", "$3 billion [in] security assistance"."""
    if i >= len(tokens) or tokens[i].low not in connectors:
        return None
    j = i + 1
    if j < len(tokens) and tokens[j].low in _DETERMINERS:
        j += 1
    phrase = noun_phrase(text, tokens, j, head_plural=None)
    if phrase is None or (phrase.end_token < len(tokens) and named_year(tokens, phrase.end_token)):
        return None  # "$394 million in fiscal 2009": a time, not a thing
    return phrase.text


def adjacent_rate(text: str, pos: int) -> tuple[str, int] | None:
    """A rate phrase right at `pos` ("annually", " a year", ", per month"): (unit, end offset)."""
    m = _ADJACENT_RATE.match(text, pos)
    if not m:
        return None
    return _RATES[" ".join(m.group(1).lower().split())], m.end()


def clause_rate(tokens: list[Token], i: int, limit: int = 8) -> str | None:
    """A rate further along the same clause ("are killed per year"), up to `limit` tokens on."""
    for j in range(i, min(len(tokens), i + limit)):
        t = tokens[j]
        if (t.kind == "p" and t.text in ".,;:!?()\"“”") or t.kind == "num" or t.low in _CLAUSE_BREAKS:
            return None  # the rate belongs to another figure or clause
        if t.low in _LOOSE_RATE:
            return _RATES[t.low]
        if j + 1 < len(tokens):
            pair = f"{t.low} {tokens[j + 1].low}"
            if pair in _LOOSE_RATE:
                return _RATES[pair]
    return None
