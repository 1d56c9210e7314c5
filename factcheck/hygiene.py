"""Text hygiene: what the parser reads in place of broken or invisible characters, and what is worth a warning.

Copy pasted from CMSs, PDFs and old databases carries zero-width spaces and soft hyphens inside numbers
("1\u200b000"), bidirectional marks, control characters, Windows-1252 quotes decoded as Latin-1 control
characters ("\x93quoted\x94") and mojibake (UTF-8 read as Windows-1252: "LÃ³pez", "â€œ"). The document
text is never changed -- claims' offsets index it as it is. Instead `parse_view` gives the extractor a
cleaned copy with a map back to the original offsets, and `text_issues` lists what a person should know
about (mojibake, control characters, bidi overrides, ...); `documents.load_documents` turns those into
warnings naming the file and line.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from factcheck.errors import InputWarning
from factcheck.textpos import LineIndex

__all__ = ["ISSUES", "IssueCode", "TextIssue", "TextView", "parse_view", "text_issues", "text_warnings"]

IssueCode = Literal["mojibake", "c1-control", "control", "replacement", "bidi-override", "line-separator"]

ISSUES: dict[IssueCode, tuple[str, str]] = {
    "mojibake": ("looks like UTF-8 read as Windows-1252 (mojibake)",
                 "re-export the text as UTF-8 from where it came; factcheck reads it repaired"),
    "c1-control": ("has Windows-1252 characters decoded as Latin-1 control characters",
                   "read the file with --encoding cp1252, or re-save it as UTF-8; factcheck reads them as cp1252"),
    "control": ("has a control character",
                "remove it; factcheck reads it as a space"),
    "replacement": ("has U+FFFD replacement characters: bytes were lost when the text was decoded upstream",
                    "get the text again from its source"),
    "bidi-override": ("has a bidirectional override: the text is shown in another order than it is stored",
                      "remove the override characters (U+202A-U+202E, U+2066-U+2069)"),
    "line-separator": ("has a Unicode line or paragraph separator (U+2028, U+2029)",
                       "replace it with a line break: editors disagree on whether it ends a line"),
}
"""What each issue means and what to do about it, for warnings."""

# Continuation bytes 0x80-0xBF as Windows-1252 shows them (Latin-1 for the five bytes cp1252 leaves undefined)
_CONT = "[\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]"
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_OVERRIDES = "\u202a-\u202e\u2066-\u2069"
_SUSPECT = re.compile(  # the lookahead lets the engine skip clean text by character class
    rf"(?=[\u00c2-\u00f4\u00ad\u061c\u180e\u200b-\u200f\u2060-\u2064\ufeff{_OVERRIDES}\x00-\x08\x0e-\x1f"
    rf"\x7f-\x9f\u2028\u2029\ufffd{_MARKS}])"
    rf"(?:(?P<mojibake>[\u00c2-\u00df]{_CONT}|[\u00e0-\u00ef]{_CONT}{{2}}|[\u00f0-\u00f4]{_CONT}{{3}})"
    rf"|(?P<invisible>[\u00ad\u061c\u180e\u200b-\u200f\u2060-\u2064\ufeff{_OVERRIDES}])"
    r"|(?P<control>\x1b\[[0-9;?]*[ -/]*[@-~]|[\x00-\x08\x0e-\x1f\x7f])"  # a terminal escape sequence is one
    r"|(?P<c1>[\x80-\x9f])"
    r"|(?P<separator>[\u2028\u2029])"
    r"|(?P<replacement>\ufffd)"
    rf"|(?P<marks>(?<=[^\W_])[{_MARKS}]+))"
)

_OVERRIDE = re.compile(f"[{_OVERRIDES}]")
_GROUP = re.compile(r"\d{3}(?!\d)")


@dataclass(frozen=True, slots=True)
class TextIssue:
    """One suspicious place in a text: offsets into it and the issue's code (a key of `ISSUES`)."""

    start: int
    end: int
    code: IssueCode


@dataclass(frozen=True, slots=True)
class _Edit:
    start: int  # offsets in the original text
    end: int
    replacement: str
    issue: IssueCode | None


def _cp1252(ch: str) -> bytes | None:
    """The byte a character stands for when Windows-1252 (or Latin-1 for its holes) decoded it."""
    try:
        return ch.encode("cp1252")
    except UnicodeEncodeError:
        return ch.encode("latin-1") if "\x80" <= ch <= "\xff" else None


def _single(ch: str, start: int) -> _Edit:
    """The edit for one C1 control character: its Windows-1252 meaning."""
    b = ch.encode("latin-1")
    try:
        return _Edit(start, start + 1, b.decode("cp1252"), "c1-control")
    except UnicodeDecodeError:
        return _Edit(start, start + 1, " ", "c1-control")


def _between_digits(text: str, start: int, end: int) -> str:
    """What an invisible character reads as: a thousands separator between digit groups ("1\u200b000" is
    "1,000", not the year-like "1000"), otherwise nothing."""
    return "," if start and text[start - 1].isdigit() and _GROUP.match(text, end) else ""


def _edits(text: str) -> list[_Edit]:
    """Every repair the parser's view makes, left to right, non-overlapping."""
    out: list[_Edit] = []
    for m in _SUSPECT.finditer(text):
        kind, s, e, found = m.lastgroup, m.start(), m.end(), m.group()
        if kind == "mojibake":
            raw = b"".join(_cp1252(ch) or b"" for ch in found)
            try:
                out.append(_Edit(s, e, raw.decode("utf-8"), "mojibake"))
            except UnicodeDecodeError:  # not UTF-8 after all: its C1 characters, if any, are still suspect
                out += [_single(ch, s + i) for i, ch in enumerate(found) if "\x80" <= ch <= "\x9f"]
        elif kind == "invisible":
            out.append(_Edit(s, e, _between_digits(text, s, e), "bidi-override" if _OVERRIDE.match(found) else None))
        elif kind == "control":
            out.append(_Edit(s, e, " " * (e - s), "control"))
        elif kind == "c1":
            out.append(_single(found, s))
        elif kind == "separator":
            out.append(_Edit(s, e, "\n", "line-separator"))
        elif kind == "replacement":
            out.append(_Edit(s, e, found, "replacement"))
        elif not (out and out[-1].end > s - 1):  # combining marks: composed onto a letter, dropped after a digit
            base = text[s - 1]
            if base.isdigit():
                out.append(_Edit(s, e, _between_digits(text, s, e), None))
            else:
                composed = unicodedata.normalize("NFC", base + found)
                if len(composed) < 1 + len(found):
                    out.append(_Edit(s - 1, e, composed, None))
    return out


def text_issues(text: str) -> list[TextIssue]:
    """The places in `text` a person should know about, in text order."""
    return [TextIssue(e.start, e.end, e.issue) for e in _edits(text) if e.issue is not None]


def text_warnings(text: str, path: str) -> list[InputWarning]:
    """One warning per kind of issue in `text`, at the line of its first place, saying how many there are
    and what the parser reads there."""
    issues = text_issues(text)
    counts = Counter(i.code for i in issues)
    lines = LineIndex(text)
    out = []
    for issue in {i.code: i for i in reversed(issues)}.values():
        what, hint = ISSUES[issue.code]
        shown = text[max(0, issue.start - 8):issue.end + 8].splitlines()  # a little context, on its own line
        sample = next((part for part in shown if text[issue.start:issue.end] in part), text[issue.start:issue.end])
        reading = f", read as {parse_view(sample).text!r}" if issue.code in ("mojibake", "c1-control") else ""
        more = f"; {counts[issue.code]} places, the first here" if counts[issue.code] > 1 else ""
        out.append(InputWarning(path, f"text {what}: {sample!r}{reading}{more}",
                                line=lines.position(issue.start)[0], hint=hint))
    return sorted(out, key=lambda w: w.line or 0)


class TextView:
    """The text the extractor reads, with each offset mapped back to the original text.

    Built from sparse edits, so a clean text costs one regex scan and no copy (`identity`).
    """

    __slots__ = ("_edits", "_view_starts", "text")

    def __init__(self, original: str, edits: list[_Edit]):
        self._edits = edits
        self._view_starts: list[int] = []
        parts: list[str] = []
        pos = shift = 0
        for e in edits:
            parts += [original[pos:e.start], e.replacement]
            self._view_starts.append(e.start + shift)
            shift += len(e.replacement) - (e.end - e.start)
            pos = e.end
        parts.append(original[pos:])
        self.text = "".join(parts) if edits else original

    @property
    def identity(self) -> bool:
        return not self._edits

    def start(self, offset: int) -> int:
        """The original offset where the view's character at `offset` comes from."""
        i = bisect.bisect_right(self._view_starts, offset) - 1
        if i < 0:
            return offset
        e, at = self._edits[i], self._view_starts[i]
        return e.start if offset < at + len(e.replacement) else e.end + offset - at - len(e.replacement)

    def end(self, offset: int) -> int:
        """The original end (exclusive) of a view span ending at `offset`."""
        if offset <= 0:
            return 0
        i = bisect.bisect_right(self._view_starts, offset - 1) - 1
        if i < 0:
            return offset
        e, at = self._edits[i], self._view_starts[i]
        return e.end if offset - 1 < at + len(e.replacement) else e.end + offset - at - len(e.replacement)

    def view_offset(self, original: int) -> int:
        """The view's offset of an original offset (the start of an edit that covers it)."""
        shift = 0
        for e, at in zip(self._edits, self._view_starts, strict=True):
            if e.start >= original:
                break
            if e.end > original:
                return at
            shift = at + len(e.replacement) - e.end
        return original + shift


def parse_view(text: str) -> TextView:
    """What the extractor reads: invisible characters (zero-width spaces and joiners, soft hyphens, BOMs,
    bidi marks) dropped, mojibake repaired, C1 controls read as Windows-1252, other controls as spaces,
    line separators as line breaks, combining marks composed (dropped after a digit)."""
    return TextView(text, _edits(text))
