"""Split text into word, number, abbreviation and punctuation tokens with their offsets.

One regex pass over the text; whitespace is not a token (callers read gaps from the offsets).
"""

from __future__ import annotations

import re
from typing import NamedTuple

# Numbers: thousands separated by commas or the no-break, thin and figure spaces some wire copy uses
# ("10 000"); plain spaces only where the grouping is unmistakable ("40 000", "3 400 000"); Indian
# lakh grouping ("12,34,567"); a leading decimal point (".5"); scientific notation ("2.5e-3",
# "5.5x10-3"); and the vulgar fraction characters.
_TOKEN = re.compile(
    r"(?=[\d.½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞])(?P<num>(?:\d{1,3}(?: \d{3}(?!\d)){2,}|\d{1,3} 0\d\d(?!\d)|\d{1,2}(?:,\d\d)+,\d{3}(?!\d)"
    r"|\d+(?:[,\u00a0\u202f\u2009\u2007]\d{3}(?!\d))*|(?<![\w.])(?=\.\d))(?:\.\d+)?"
    r"(?:[eE][+\-−]?\d+(?![\w])|\s?[x×]\s?10(?:\^|\*\*)?[+\-−]?\d+(?![\w]))?"
    r"|[½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞])"
    r"|(?=[^\W\d_])(?P<abbr>(?:[^\W\d_]\.){2,}(?![^\W\d_]))"
    r"|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*)"
    r"|(?P<p>\S)"
)


class Token(NamedTuple):
    kind: str  # "num", "abbr", "word" or "p"
    start: int
    end: int
    text: str
    low: str  # lower-cased text


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of text[start:end], offsets into `text`."""
    out = []
    append = out.append
    for m in _TOKEN.finditer(text, start, len(text) if end is None else end):
        s = m.group()
        append(Token(m.lastgroup or "p", m.start(), m.end(), s, s.lower()))
    return out
