"""Sentence boundaries for English news text: line breaks and sentence-final punctuation."""

from __future__ import annotations

import re

# Words whose trailing period does not end a sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr gen sen rep gov lt col capt sgt maj adm cmdr prof rev st mt ft jr sr inc corp co ltd "
    "no nos vol vs etc jan feb mar apr jun jul aug sep sept oct nov dec est approx dept univ ave blvd "
    "u.s u.k u.n e.g i.e a.m p.m d.c".split()
)
_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|\r?\n|\r")
_PREVIOUS_WORD = re.compile(r"([\w.]+)[.!?…]*$")


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence in text[start:end], whitespace trimmed, empty ones dropped."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    begin = start
    for m in _END.finditer(text, start, end):
        if m.group()[0] == ".":
            word = _PREVIOUS_WORD.search(text, max(begin, m.start() - 12), m.start() + 1)
            if word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
                continue
        _add(text, begin, m.end(), spans)
        begin = m.end()
    _add(text, begin, end, spans)
    return spans


def _add(text: str, s: int, e: int, spans: list[tuple[int, int]]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        spans.append((s, e))
