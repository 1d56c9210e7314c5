"""Map character offsets to 1-based line and column numbers, the way editors count them."""

from __future__ import annotations

import bisect
import re

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class LineIndex:
    """Line starts of one text, built once; CR LF, lone CR and LF each end one line."""

    __slots__ = ("_starts",)

    def __init__(self, text: str):
        self._starts = [0, *(m.end() for m in _LINE_BREAK.finditer(text))]

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column), both 1-based, of the character at `offset`."""
        i = bisect.bisect_right(self._starts, offset) - 1
        return i + 1, offset - self._starts[i] + 1

    def offset(self, line: int, column: int) -> int:
        """The character offset of a 1-based (line, column)."""
        return self._starts[line - 1] + column - 1
