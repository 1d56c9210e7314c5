"""English number words: written numbers, scale words, vague magnitudes and fractions.

Each parser reads tokens from position i and returns what it found and the index after it, or None.
"""

from __future__ import annotations

from dataclasses import dataclass

from factcheck.tokens import Token

SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "lakh": 1e5, "lakhs": 1e5,
          "crore": 1e7, "crores": 1e7}
# Words that multiply digits before them: "4.7 million", "3 dozen", "322 hundred".
DIGIT_SCALES = {**SCALES, "hundred": 100.0, "dozen": 12.0, "dozens": 12.0}
# Abbreviated scales after digits: "10K", "$5bn", "4.7m" (m only for money: otherwise metres).
SCALE_ABBREVIATIONS = {"k": 1e3, "mn": 1e6, "mln": 1e6, "mil": 1e6, "bn": 1e9, "b": 1e9, "bln": 1e9, "m": 1e6,
                       "tn": 1e12, "trn": 1e12, "tr": 1e12, "mm": 1e6}
_PLURAL_SCALES = {"hundreds": 100, "thousands": 1e3, "millions": 1e6, "billions": 1e9, "trillions": 1e12}
_FEW = {"several", "few", "couple"}

# Fractions read as percentages.
FRACTIONS = {
    "half": 50.0, "halves": 50.0, "third": 100 / 3, "thirds": 100 / 3, "quarter": 25.0, "quarters": 25.0,
    "fourth": 25.0, "fourths": 25.0, "fifth": 20.0, "fifths": 20.0, "sixth": 100 / 6, "sixths": 100 / 6,
    "eighth": 12.5, "eighths": 12.5, "tenth": 10.0, "tenths": 10.0,
}

# Words around a singular fraction that make it a share: "by a third", "nearly a quarter",
# "a third of", "a quarter percentage point".
_SHARE_BEFORE = frozenset({"by", "nearly", "almost", "about", "roughly", "some", "than", "around", "over",
                           "under", "approximately", "just"})
_SHARE_AFTER = frozenset({"of", "percentage", "percent", "point", "points"})
_HALF_OF_TIME = frozenset({"first", "second", "latter", "back", "front", "other", "last", "earlier", "later"})

TRIGGERS = frozenset(
    [*SMALL, *TENS, *SCALES, "hundred", "a", "an", "half", "quarter", "dozen", "dozens", "scores", "tens",
     *_PLURAL_SCALES, *_FEW]
)


@dataclass(frozen=True, slots=True)
class WordNumber:
    """A number read from words: exact (value) or vague (low/high, value None)."""

    value: float | None
    low: float
    high: float
    end: int  # token index after the number
    vague: str | None = None  # the vague wording, e.g. "dozens", "tens of thousands"


def _word(tokens: list[Token], i: int) -> str:
    return tokens[i].low if i < len(tokens) and tokens[i].kind == "word" else ""


def _glued(tokens: list[Token], i: int) -> bool:
    """True when tokens i and i+1 touch (no space between)."""
    return i + 1 < len(tokens) and tokens[i].end == tokens[i + 1].start


_MULTIPLIERS = {"hundred": 100.0, "dozen": 12.0, **SCALES}


_PART_OF_SCALE = {"half": 0.5, "quarter": 0.25}


def written(tokens: list[Token], i: int) -> WordNumber | None:
    """A written cardinal: "two", "twenty-five", "one hundred and five", "a dozen", "half a million",
    "a quarter million", "two and a half"."""
    w = _word(tokens, i)
    k = i + 1 if w in ("a", "an") and _word(tokens, i + 1) in _PART_OF_SCALE else i
    part = _word(tokens, k)
    if part in _PART_OF_SCALE:  # "half a million", "a half million", "a quarter million", "half million"
        m = k + 2 if _word(tokens, k + 1) == "a" else k + 1
        mult = _MULTIPLIERS.get(_word(tokens, m))
        if not mult or (m == k + 1 and mult == 12):
            return None
        v = mult * _PART_OF_SCALE[part]
        return WordNumber(v, v, v, m + 1)
    total = current = 0.0
    seen = False
    j = i
    if w in ("a", "an"):
        if _word(tokens, i + 1) not in _MULTIPLIERS:
            return None
        current, seen, j = 1.0, True, i + 1
    while j < len(tokens):
        w = _word(tokens, j)
        if w in SMALL or w in TENS:
            v = SMALL[w] if w in SMALL else TENS[w]
            if seen and not _fits(current, v):
                break  # "five six" is two numbers
            current += v
            seen = True
            j += 1
            if w in TENS and j + 1 < len(tokens) and tokens[j].text == "-" and _glued(tokens, j - 1) \
                    and _glued(tokens, j) and 0 < SMALL.get(tokens[j + 1].low, 0) < 10:
                current += SMALL[tokens[j + 1].low]
                j += 2
        elif w == "hundred" and seen and 0 < current < 100:
            current *= 100
            j += 1
        elif w in ("dozen", "dozens") and seen and 0 < current < 100:
            current *= 12
            j += 1
        elif w in SCALES and seen and current > 0:
            total += current * SCALES[w]
            current = 0.0
            j += 1
        elif w == "and" and seen and tokens[j - 1].low in _MULTIPLIERS and \
                (_word(tokens, j + 1) in SMALL or _word(tokens, j + 1) in TENS) and \
                _word(tokens, j + 2) not in FRACTIONS:
            j += 1
        else:
            break
    if not seen:
        return None
    half = and_a_half(tokens, j)
    if half is not None:  # "two and a half", "five and a half million"
        extra, j = half
        current += extra
        if _word(tokens, j) in SCALES:
            total, current, j = total + current * SCALES[tokens[j].low], 0.0, j + 1
    return WordNumber(total + current, total + current, total + current, j)


def and_a_half(tokens: list[Token], j: int) -> tuple[float, int] | None:
    """ "and a half", "and a quarter", "and three quarters" after a number: the part and the index after."""
    if _word(tokens, j) != "and":
        return None
    w = _word(tokens, j + 1)
    if w in ("a", "one") and _word(tokens, j + 2) in _PART_OF_SCALE:
        return _PART_OF_SCALE[tokens[j + 2].low], j + 3
    if w == "three" and _word(tokens, j + 2) == "quarters":
        return 0.75, j + 3
    return None


def _fits(current: float, v: int) -> bool:
    """Whether word value v can continue the number read so far ("twenty" + "five", "hundred" + "six")."""
    rest = current % 100
    return rest == 0 or (rest % 10 == 0 and rest >= 20 and v < 10)


def vague(tokens: list[Token], i: int) -> WordNumber | None:
    """Vague magnitudes: "dozens", "hundreds", "tens of thousands", "several hundred", "scores of"."""
    w = _word(tokens, i)
    if w == "dozens":
        return WordNumber(None, 24, 144, i + 1, "dozens")
    if w == "scores" and _word(tokens, i + 1) == "of":
        return WordNumber(None, 40, 200, i + 1, "scores")
    if w == "tens" and _word(tokens, i + 1) == "of" and _word(tokens, i + 2) in _PLURAL_SCALES:
        m = _PLURAL_SCALES[tokens[i + 2].low]
        return WordNumber(None, 20 * m, 100 * m - 1, i + 3, f"tens of {tokens[i + 2].low}")
    if w in _PLURAL_SCALES:
        m = _PLURAL_SCALES[w]
        if _word(tokens, i + 1) == "of" and _word(tokens, i + 2) in _PLURAL_SCALES and \
                _PLURAL_SCALES[tokens[i + 2].low] > m:
            n = _PLURAL_SCALES[tokens[i + 2].low]
            return WordNumber(None, 2 * m * n, 10 * m * n - 1, i + 3, f"{w} of {tokens[i + 2].low}")
        return WordNumber(None, 2 * m, (1000 if m >= 1e6 else 10) * m - 1, i + 1, w)
    if w in _FEW or (w == "a" and _word(tokens, i + 1) in ("few", "couple")):
        k = i + 1 if w in _FEW else i + 2
        if _word(tokens, k) == "of":
            k += 1
        unit = _word(tokens, k)
        m = 100 if unit == "hundred" else 12 if unit == "dozen" else SCALES.get(unit)
        if m is None:
            return None
        couple = "couple" in (w, _word(tokens, i + 1))
        wording = " ".join(t.low for t in tokens[i:k + 1])
        return WordNumber(None, 2 * m, (3 if couple else 10) * m - (0 if couple else 1), k + 1, wording)
    return None


def fraction(tokens: list[Token], i: int) -> WordNumber | None:
    """Fractions as percentages: "one-third", "two thirds", "three-quarters", "a third of", "half of"."""
    w = _word(tokens, i)
    before = tokens[i - 1].low if i > 0 else ""
    share_context = before in _SHARE_BEFORE or _word(tokens, i + 1) in _SHARE_AFTER
    if w == "half":
        if before in _HALF_OF_TIME:
            return None  # "the first half of 2021" is a period
        ok = share_context or _word(tokens, i + 1) in ("the", "its", "their", "all", "his", "her")
        return WordNumber(50.0, 50.0, 50.0, i + 1) if ok else None
    if w not in ("a", "an", "one") and w not in SMALL:
        return None
    hyphen = i + 2 < len(tokens) and tokens[i + 1].text == "-" and _glued(tokens, i) and _glued(tokens, i + 1)
    k = i + 2 if hyphen else i + 1
    f = _word(tokens, k)
    if f not in FRACTIONS:
        return None
    n = 1 if w in ("a", "an", "one") else SMALL[w]
    if (n > 1) != f.endswith("s") or (f == "half" and w != "one"):
        return None
    if n == 1 and not hyphen and not (before in _SHARE_BEFORE or _word(tokens, k + 1) in _SHARE_AFTER
                                      or (k + 2 < len(tokens) and tokens[k + 1].text == "-"
                                          and _word(tokens, k + 2) == "point")):
        return None  # "a third term", "one quarter" (of a year) are not shares
    v = n * FRACTIONS[f]
    return WordNumber(v, v, v, k + 1)
