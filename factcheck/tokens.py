"""Split text into word, number, abbreviation and punctuation tokens with their offsets.

One regex pass over the text; whitespace is not a token (callers read gaps from the offsets).
"""

from __future__ import annotations

import re
from typing import NamedTuple

# Thousands separators: comma, and the no-break and thin spaces some wire copy uses ("10 000").
_TOKEN = re.compile(
    r"(?P<num>\d+(?:[,\u00a0\u202f\u2009]\d{3}(?!\d))*(?:\.\d+)?)"
    r"|(?P<abbr>(?:[^\W\d_]\.){2,}(?![^\W\d_]))"
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
