"""Find the unit, currency or percent wording that stands right after (or before) a number.

Matchers are compiled once from the shipped lexicons; each works at a position of the text and
returns the meaning and where the wording ends.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from factcheck import lexicons
from factcheck.lexicons import UnitSense, fold

PERCENT = UnitSense("percent", 1.0, "percent")
PERCENT_POINT = UnitSense("percentage_point", 1.0, "percent")
BASIS_POINT = UnitSense("percentage_point", 0.01, "percent")

_PERCENT_WORDS = {"%": PERCENT, "percent": PERCENT, "per cent": PERCENT, "pct": PERCENT,
                  "percentage point": PERCENT_POINT, "percentage points": PERCENT_POINT,
                  "percent point": PERCENT_POINT, "percent points": PERCENT_POINT,
                  "per cent point": PERCENT_POINT, "per cent points": PERCENT_POINT,
                  "pct point": PERCENT_POINT, "pct points": PERCENT_POINT,
                  "of a percentage point": PERCENT_POINT, "of a percent point": PERCENT_POINT,
                  "basis point": BASIS_POINT, "basis points": BASIS_POINT, "bps": BASIS_POINT, "bp": BASIS_POINT}
_WORD_END = r"(?![^\W_])"


@dataclass(frozen=True, slots=True)
class UnitMatch:
    sense: UnitSense
    start: int
    end: int
    surface: str


def _alternation(surfaces: list[str]) -> str:
    parts = sorted(surfaces, key=len, reverse=True)
    return "|".join(re.escape(s).replace(r"\ ", r"\s+") for s in parts)


class _Matcher:
    """One compiled pattern over a surface→meaning table, matched right after a number."""

    def __init__(self, table: dict[str, UnitSense | None], *, glued_only: bool = False,
                 hyphen: bool = True):
        self._table = {fold(k): v for k, v in table.items()}
        lead = "" if glued_only else (r"(?:\s?-\s?|\s{0,2})" if hyphen else r"\s{0,2}")
        # Lower-case surfaces match in any case; others ("kWh", glued "L") only as written.
        insensitive = [s for s in table if s == s.lower() and not glued_only]
        sensitive = [s for s in table if s != s.lower() or glued_only]
        self._patterns = [re.compile(f"{lead}({_alternation(group)}){_WORD_END}", flags)
                          for group, flags in ((insensitive, re.IGNORECASE), (sensitive, 0)) if group]

    def match(self, text: str, pos: int) -> UnitMatch | None:
        best: re.Match[str] | None = None
        for p in self._patterns:
            m = p.match(text, pos)
            if m and (best is None or m.end() > best.end()):
                best = m
        if best is None:
            return None
        sense = self._table.get(fold(best.group(1)))
        if sense is None:
            return None
        return UnitMatch(sense, best.start(1), best.end(), best.group(1))


@dataclass(frozen=True, slots=True)
class UnitMatchers:
    percent: _Matcher
    currency_words: _Matcher
    currency_codes: _Matcher
    units: _Matcher
    glued_units: _Matcher
    prefix_symbols: re.Pattern[str]
    prefix_codes: re.Pattern[str]
    symbol_senses: dict[str, UnitSense]
    code_senses: dict[str, UnitSense]


@functools.cache
def matchers() -> UnitMatchers:
    units = lexicons.units()
    cur = lexicons.currencies()
    # "%" needs no word boundary after it and may be glued; the rest are words.
    symbols = sorted(cur.symbols, key=len, reverse=True)
    return UnitMatchers(
        percent=_Matcher(_PERCENT_WORDS, hyphen=False),
        currency_words=_Matcher(dict(cur.words)),
        currency_codes=_Matcher(dict(cur.codes), hyphen=False),
        units=_Matcher(dict(units.words)),
        glued_units=_Matcher(dict(units.attached), glued_only=True),
        prefix_symbols=re.compile(f"(?:{'|'.join(re.escape(s) for s in symbols)})\\s?$"),
        prefix_codes=re.compile(f"\\b({'|'.join(re.escape(c) for c in cur.codes)})\\s?$"),
        symbol_senses=dict(cur.symbols),
        code_senses=dict(cur.codes),
    )


def prefix_currency(text: str, pos: int) -> tuple[UnitSense, int] | None:
    """A currency symbol or code right before offset `pos` ("$", "US$", "€ ", "USD "): sense and start."""
    m = matchers()
    window = text[max(0, pos - 6):pos]
    hit = m.prefix_symbols.search(window)
    if hit:
        symbol = hit.group().rstrip()
        return m.symbol_senses[symbol], pos - len(window) + hit.start()
    hit = m.prefix_codes.search(window)
    if hit:
        return m.code_senses[hit.group(1)], pos - len(window) + hit.start()
    return None
