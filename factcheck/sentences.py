"""Sentence boundaries for English news text: line breaks and sentence-final punctuation."""

from __future__ import annotations

import re

# Words whose trailing period does not end a sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr gen sen rep gov lt col capt sgt maj adm cmdr prof rev st mt ft jr sr inc corp co ltd "
    "no nos vol vs etc jan feb mar apr jun jul aug sep sept oct nov dec est approx dept univ ave blvd "
    "u.s u.k u.n e.g i.e a.m p.m d.c".split()
)
# Only at the start of a run of end marks: inside a run the match could only fail again, so a line of a
# million dots stays linear.
_END = re.compile(r"(?<![.!?…])[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|\r?\n|\r")
_BLANK_LINE = re.compile(r"\n[ \t]*\r?\n|\r[ \t]*\r")
_WRAP_LINE = 50  # a line at least this long that ends mid-sentence was wrapped, not ended
_LOOK_BACK = 1000
_PREVIOUS_WORD = re.compile(r"([\w.]+)[.!?…]*$")
_MIDDLE_INITIAL = re.compile(r"\b[A-Z][a-z]+\s+[A-Z]$")  # "Marcus J. Hale", "George W. Bush"


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence in text[start:end], whitespace trimmed, empty ones dropped."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    begin = start
    # In text whose paragraphs are separated by blank lines, a single line break inside a long line
    # that does not end a sentence is a hard wrap ("…25 percent from\n$80 million…"), not a break.
    wrapped = bool(_BLANK_LINE.search(text, start, end))
    for m in _END.finditer(text, start, end):
        if wrapped and m.group()[0] in "\r\n" and _is_wrap(text, m.start(), m.end(), end):
            continue
        if m.group()[0] == ".":
            word = _PREVIOUS_WORD.search(text, max(begin, m.start() - 12), m.start() + 1)
            if word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
                continue
            if m.group() == "." and _MIDDLE_INITIAL.search(text, max(begin, m.start() - 40), m.start()):
                continue
        _add(text, begin, m.end(), spans)
        begin = m.end()
    _add(text, begin, end, spans)
    return spans


def _is_wrap(text: str, s: int, e: int, end: int) -> bool:
    lo = max(0, s - _LOOK_BACK)  # enough to tell a long line; searching back to the text's start is quadratic
    line_start = max(text.rfind("\n", lo, s), text.rfind("\r", lo, s), lo - 1) + 1
    line = text[line_start:s].rstrip()
    nxt = text[e:min(end, e + 2)]
    return len(line) >= _WRAP_LINE and not line.endswith((".", "!", "?", ":", '"', "”", "’", "…")) \
        and bool(nxt) and not nxt[0].isspace() and nxt[0] not in "-*•#>"


def _add(text: str, s: int, e: int, spans: list[tuple[int, int]]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        spans.append((s, e))
