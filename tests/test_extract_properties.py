"""Hypothesis properties of numeric extraction (docs/extraction.md).

(a) a number rendered in any supported style parses back to the same value;
(b) arbitrary Unicode text never makes the extractor raise;
(c) on text mixing words, numbers and punctuation, every claim's offsets, text, line and column agree.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from factcheck.extract import extract_text
from factcheck.records import Claim

NUMERIC_KINDS = frozenset({"count", "money", "percent", "measurement", "duration"})
PROPERTY_SETTINGS = settings(deadline=None, max_examples=200,
                             suppress_health_check=[HealthCheck.too_slow])


def extract(text: str) -> list[Claim]:
    return extract_text(text)


# --------------------------------------------------------------------------------------------------
# (a) rendering round trip


ONES = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
SCALES = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12}


def words(n: int) -> str:
    """0 < n < 100 in words, the way newspapers hyphenate: "twenty-five"."""
    assert 0 < n < 100
    if n < 20:
        return ONES[n]
    return TENS[n // 10] + (f"-{ONES[n % 10]}" if n % 10 else "")


@dataclass(frozen=True)
class Rendering:
    """A number as it stands in the carrier sentence and what the extractor must read from it."""

    style: str
    surface: str
    value: Decimal
    kind: str
    unit: str
    sentence: str

    def __str__(self) -> str:
        return f"{self.style}: {self.sentence!r} -> {self.value} {self.unit}"


COUNT_CARRIER = "The report counted {} cases."
MONEY_CARRIER = "The audit found {} in losses."
PERCENT_CARRIER = "The report found {} of cases were late."


def _reads_as_year(integer_part: int) -> bool:
    return 1000 <= integer_part <= 2099


@st.composite
def decimals(draw: st.DrawFn, max_integer: int, max_places: int = 3, allow_year: bool = False) -> Decimal:
    """A non-negative decimal with 0..max_places decimal places, written exactly as drawn."""
    integer = draw(st.integers(0, max_integer))
    if not allow_year and _reads_as_year(integer):
        integer = draw(st.integers(2100, max(2100, max_integer)))
    places = draw(st.integers(0, max_places))
    if places == 0:
        return Decimal(integer)
    fraction = draw(st.integers(0, 10**places - 1))
    return Decimal(f"{integer}.{fraction:0{places}d}")


def plain(d: Decimal) -> str:
    return f"{d:f}"


def grouped(d: Decimal) -> str:
    return f"{d:,f}"


@st.composite
def bare_numbers(draw: st.DrawFn) -> tuple[str, str, Decimal]:
    """(style, surface, value) of a number without currency or percent sign."""
    style = draw(st.sampled_from(["digits", "grouped", "scaled", "words"]))
    if style == "digits":
        d = draw(decimals(10**12).filter(lambda d: d > 0))
        return style, plain(d), d
    if style == "grouped":
        d = draw(decimals(10**12, allow_year=True).filter(lambda d: d >= 1000))
        return style, grouped(d), d
    if style == "scaled":
        mantissa = draw(decimals(999, max_places=2, allow_year=True).filter(lambda d: d > 0))
        scale = draw(st.sampled_from(sorted(SCALES)))
        return style, f"{plain(mantissa)} {scale}", mantissa.scaleb(SCALES[scale])
    n = draw(st.integers(2, 99))  # a lone "one" is not a figure (spec)
    return style, words(n), Decimal(n)


@st.composite
def renderings(draw: st.DrawFn) -> Rendering:
    kind = draw(st.sampled_from(["count", "money", "percent"]))
    if kind == "count":
        style, surface, value = draw(bare_numbers())
        return Rendering(style, surface, value, "count", "count", COUNT_CARRIER.format(surface))
    if kind == "money":
        style, surface, value = draw(bare_numbers().filter(lambda r: r[0] != "words"))
        surface = "$" + surface
        return Rendering(f"dollar {style}", surface, value, "money", "USD", MONEY_CARRIER.format(surface))
    d = draw(decimals(999, max_places=2, allow_year=True).filter(lambda d: d > 0))
    sign = draw(st.sampled_from(["%", " percent", " per cent"]))
    surface = plain(d) + sign
    return Rendering(f"percent{sign}", surface, d, "percent", "percent", PERCENT_CARRIER.format(surface))


def _numeric(claims: list[Any]) -> list[Any]:
    return [c for c in claims if c.kind in NUMERIC_KINDS]


@PROPERTY_SETTINGS
@given(renderings())
@example(Rendering("grouped", "106,699", Decimal(106699), "count", "count",
                   COUNT_CARRIER.format("106,699")))
@example(Rendering("scaled", "4.7 million", Decimal("4.7e6"), "count", "count",
                   COUNT_CARRIER.format("4.7 million")))
@example(Rendering("dollar scaled", "$12.25 million", Decimal("12.25e6"), "money", "USD",
                   MONEY_CARRIER.format("$12.25 million")))
@example(Rendering("words", "twenty-five", Decimal(25), "count", "count", COUNT_CARRIER.format("twenty-five")))
@example(Rendering("percent%", "70%", Decimal(70), "percent", "percent", PERCENT_CARRIER.format("70%")))
@example(Rendering("percent%", "911%", Decimal(911), "percent", "percent", PERCENT_CARRIER.format("911%")))
def test_rendered_numbers_parse_back(r: Rendering) -> None:
    claims = _numeric(extract(r.sentence))
    at = r.sentence.index(r.surface)
    summary = [f"{c.text!r}@{c.start} kind={c.kind} value={c.value} unit={c.unit}" for c in claims]
    assert len(claims) == 1, f"{r}: expected one figure, got {summary}"
    (claim,) = claims
    assert claim.start == at and claim.text.startswith(r.surface), (
        f"{r}: the figure should start at {at} with {r.surface!r}, got {summary}")
    assert claim.value is not None and math.isclose(claim.value, float(r.value), rel_tol=1e-9), (
        f"{r}: wrong value {claim.value}")
    assert (claim.kind, claim.unit) == (r.kind, r.unit), f"{r}: got kind={claim.kind} unit={claim.unit}"


def test_renderer_itself() -> None:
    assert [words(n) for n in (2, 13, 20, 25, 99)] == ["two", "thirteen", "twenty", "twenty-five", "ninety-nine"]
    assert grouped(Decimal("1234567.50")) == "1,234,567.50"
    assert plain(Decimal("4.7").scaleb(6)) == "4700000"


# --------------------------------------------------------------------------------------------------
# (b) never raises


@PROPERTY_SETTINGS
@given(st.text())
@example("")
@example("\ufeff$")
@example("1.\n2)\r\n3")
@example("between and from to $ % per cent")
def test_arbitrary_text_never_raises(text: str) -> None:
    claims = extract(text)
    assert isinstance(claims, list)


# --------------------------------------------------------------------------------------------------
# (c) offsets, text, line and column agree


WORDS = ["the", "council", "said", "more", "than", "about", "nearly", "up", "to", "at", "least", "an",
         "estimated", "acres", "hectares", "kilos", "tons", "miles", "km", "percent", "per", "cent",
         "percentage", "points", "million", "billion", "bn", "m", "K", "thousand", "dozens", "of",
         "thousands", "tens", "hundreds", "from", "between", "and", "rose", "fell", "cut", "a", "month",
         "year", "annually", "each", "day", "one", "two", "twenty-five", "half", "third", "two-thirds",
         "degrees", "Fahrenheit", "Celsius", "dollars", "euros", "pesos", "pounds", "sterling", "USD",
         "MXN", "Route", "H-2", "COVID-19", "F-16", "Boeing", "in", "since", "Feb.", "November", "a.m.",
         "p.m.", "no", "fewer", "both", "sides", "Americans", "guns", "of evidence", "café", "naïve"]
PUNCT = [".", ",", ";", ":", "-", "–", "—", "(", ")", "\"", "'", "?", "!", "/", "$", "€", "£", "US$", "%",
         "°F", "1.", "2)", "…", "“", "”"]
SEPARATORS = [" ", " ", " ", "  ", "", "\n", "\r\n", "\r", "\t", "\n\n", "\u00a0"]


@st.composite
def number_tokens(draw: st.DrawFn) -> str:
    n = draw(st.integers(0, 10**10))
    form = draw(st.sampled_from(["plain", "grouped", "decimal", "dollar", "percent", "K", "bn", "time",
                                 "phone", "range"]))
    if form == "grouped":
        return f"{n:,}"
    if form == "decimal":
        return f"{n % 100000}.{draw(st.integers(0, 99))}"
    if form == "dollar":
        return f"${n:,}"
    if form == "percent":
        return f"{n % 1000}%"
    if form in ("K", "bn"):
        return f"{n % 1000}{form}"
    if form == "time":
        return f"{n % 12 + 1}:{n % 60:02d}"
    if form == "phone":
        return f"555-{n % 1000:03d}-{n % 10000:04d}"
    if form == "range":
        return f"{n % 100}-{n % 1000}"
    return str(n)


@st.composite
def newsy_texts(draw: st.DrawFn) -> str:
    tokens = draw(st.lists(st.one_of(st.sampled_from(WORDS), number_tokens(), st.sampled_from(PUNCT)),
                           max_size=40))
    parts = []
    for token in tokens:
        parts.append(token)
        parts.append(draw(st.sampled_from(SEPARATORS)))
    return "".join(parts)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of `offset`; CR LF, CR and LF each end one line."""
    line, line_start = 1, 0
    for m in _LINE_BREAK.finditer(text, 0, offset):
        if m.end() > offset:
            break
        line, line_start = line + 1, m.end()
    return line, offset - line_start + 1


def test_line_and_column_helper() -> None:
    text = "ab\r\ncd\ref\ngh"
    assert [line_and_column(text, text.index(ch)) for ch in "acegh"] == [(1, 1), (2, 1), (3, 1), (4, 1),
                                                                          (4, 2)]


@PROPERTY_SETTINGS
@given(newsy_texts())
@example("The fire burned more than 12,000 acres.\r\nIt cost $4.7 million, up from $2 million.")
@example("1. Hire 40 inspectors\n2) Cut 5%\r\n\r\n  about 300 kilos of heroin")
def test_claim_offsets_text_and_positions_agree(text: str) -> None:
    for claim in extract(text):
        assert 0 <= claim.start < claim.end <= len(text), (
            f"impossible offsets [{claim.start}:{claim.end}] for {claim.text!r} in {text!r}")
        assert claim.text == text[claim.start:claim.end], (
            f"claim text {claim.text!r} is not text[{claim.start}:{claim.end}] = "
            f"{text[claim.start:claim.end]!r} in {text!r}")
        expected = line_and_column(text, claim.start)
        assert (claim.line, claim.column) == expected, (
            f"{claim.text!r} at offset {claim.start} has line/column {(claim.line, claim.column)}, "
            f"expected {expected} in {text!r}")


@given(units=st.integers(1, 999), cents=st.integers(0, 99), scale=st.sampled_from(["million", "billion", "trillion"]))
def test_a_scaled_decimal_is_its_exact_value(units: int, cents: int, scale: str) -> None:
    """"$8.05 billion" is 8,050,000,000, not 8050000000.000001: float noise would shrink the rounding
    margin the comparison allows to almost nothing."""
    from decimal import Decimal

    figure = f"{units}.{cents:02d}"
    factor = {"million": 10**6, "billion": 10**9, "trillion": 10**12}[scale]
    [claim] = extract_text(f"The plan costs ${figure} {scale}.")
    assert claim.value == float(Decimal(figure) * factor)
