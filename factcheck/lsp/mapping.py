"""What the language server sends for a check, as LSP records: a diagnostic per finding or input error,
hover markdown for a claim. Pure functions of the check's records (no server), so they are tested alone.

LSP positions count code units of the negotiated encoding (UTF-16 unless the client offers another), on
lines ended by CR LF, CR or LF; `Claim.start`/`end` count characters of `Document.text`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from lsprotocol.types import (
    Diagnostic,
    DiagnosticRelatedInformation,
    DiagnosticSeverity,
    Hover,
    Location,
    MarkupContent,
    MarkupKind,
    Position,
    PositionEncodingKind,
    Range,
)

from factcheck.errors import InputError
from factcheck.records import Claim, Document, Finding, Period
from factcheck.render.diagnostics import related_message, rule_id
from factcheck.textpos import LineIndex

if TYPE_CHECKING:
    from factcheck.checker import CheckResult

SOURCE = "factcheck"
INPUT_ERROR = "input-error"
INTERNAL_ERROR = "internal-error"
SEVERITY: dict[str, DiagnosticSeverity] = {"error": DiagnosticSeverity.Error, "warning": DiagnosticSeverity.Warning,
                                           "info": DiagnosticSeverity.Information}

_UNITS: dict[str, Callable[[str], int]] = {
    PositionEncodingKind.Utf16: lambda s: len(s.encode("utf-16-le", "surrogatepass")) // 2,
    PositionEncodingKind.Utf8: lambda s: len(s.encode("utf-8", "surrogatepass")),
    PositionEncodingKind.Utf32: len,
}
_LINE_END = re.compile(r"[\r\n]|\Z")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")


class PositionMap:
    """Character offsets into one text ⇄ LSP positions, in the code units of `encoding`."""

    def __init__(self, text: str, encoding: str = PositionEncodingKind.Utf16):
        self.text = text
        self.encoding = encoding if encoding in _UNITS else PositionEncodingKind.Utf16
        self._units = _UNITS[self.encoding]
        self._lines = LineIndex(text)
        self._last_line = self._lines.position(len(text))[0] - 1  # 0-based

    def position(self, offset: int) -> Position:
        offset = max(0, min(offset, len(self.text)))
        line, column = self._lines.position(offset)
        return Position(line=line - 1, character=self._units(self.text[offset - column + 1:offset]))

    def range(self, start: int, end: int) -> Range:
        return Range(start=self.position(start), end=self.position(end))

    def line_range(self, line: int) -> Range:
        """The whole of 0-based `line` (the last line when past the end), without its line break."""
        start = self._line_start(line)
        return self.range(start, _LINE_END.search(self.text, start).start())

    def offset(self, position: Position) -> int:
        """The character offset of `position`; past a line's end is its end, past the last line the text's end."""
        if position.line > self._last_line:
            return len(self.text)
        start = self._line_start(position.line)
        end = _LINE_END.search(self.text, start).start()
        units = 0
        for i in range(start, end):
            if units >= position.character:
                return i
            units += self._units(self.text[i])
        return end

    def _line_start(self, line: int) -> int:
        return self._lines.offset(max(0, min(line, self._last_line)) + 1, 1)


def finding_diagnostics(result: CheckResult, doc_id: str, uri: str, positions: PositionMap) -> list[Diagnostic]:
    """One diagnostic per finding reported at document `doc_id` (the buffer at `uri`, whose text `positions`
    maps), with the finding's other claims as related information where they can be pointed at."""
    maps: dict[str, PositionMap] = {doc_id: positions}
    out = []
    for f in result.report.findings:
        if f.claims and f.claims[0].doc != doc_id:
            continue
        where = positions.range(f.claims[0].start, f.claims[0].end) if f.claims else positions.range(0, 0)
        related = [r for c in f.claims[1:] if (r := _related(c, result.documents, doc_id, uri, maps)) is not None]
        out.append(Diagnostic(range=where, message=f.message, severity=SEVERITY[f.severity], code=rule_id(f),
                              source=SOURCE, related_information=related or None))
    return out


def _related(claim: Claim, documents: Mapping[str, Document], doc_id: str, uri: str,
             maps: dict[str, PositionMap]) -> DiagnosticRelatedInformation | None:
    """Where a finding's other claim stands: in the buffer, or in a document read from a file (`maps` holds
    the buffer's position map and caches the others')."""
    document = documents.get(claim.doc)
    if claim.doc == doc_id:
        target = uri
    elif document is not None and document.path:
        target = Path(document.path).absolute().as_uri()
        if claim.doc not in maps:
            maps[claim.doc] = PositionMap(document.text, maps[doc_id].encoding)
    else:
        return None
    message = related_message(claim) + ("" if claim.doc == doc_id else f" in {claim.doc}")
    where = Location(uri=target, range=maps[claim.doc].range(claim.start, claim.end))
    return DiagnosticRelatedInformation(location=where, message=message)


def error_diagnostic(error: InputError, positions: PositionMap, buffer_path: str) -> Diagnostic:
    """An input error as a diagnostic: on its line when it is about the buffer itself, else on the first
    line naming the file it is about (a corpus.yaml beside the buffer)."""
    own = error.path == buffer_path
    line = (error.line or 1) - 1 if own else 0
    message = error.message if own else f"{error.path}{f':{error.line}' if error.line else ''}: {error.message}"
    if error.hint:
        message += f" ({error.hint})"
    return Diagnostic(range=positions.line_range(line), message=message, severity=DiagnosticSeverity.Error,
                      code=INPUT_ERROR, source=SOURCE)


def failure_diagnostic(message: str, positions: PositionMap) -> Diagnostic:
    """The check itself failed (a bug): say so on the first line instead of going quiet."""
    return Diagnostic(range=positions.line_range(0), message=message, severity=DiagnosticSeverity.Error,
                      code=INTERNAL_ERROR, source=SOURCE)


# --------------------------------------------------------------------------------------------------
# Hover


def claim_at(claims: Sequence[Claim], offset: int) -> Claim | None:
    """The claim under a cursor at `offset`: the narrowest that covers it, its end included (a cursor just
    after a figure), preferring one that covers it strictly."""
    hits = [c for c in claims if c.start <= offset <= c.end]
    return min(hits, key=lambda c: (offset == c.end, c.end - c.start, c.start), default=None)


def hover(result: CheckResult, doc_id: str, positions: PositionMap, position: Position) -> Hover | None:
    """The record of the claim at `position` in document `doc_id` and the findings it is part of."""
    claim = claim_at(result.claims.get(doc_id, ()), positions.offset(position))
    if claim is None:
        return None
    findings = [f for f in result.report.findings if any(c.id == claim.id for c in f.claims)]
    return Hover(contents=MarkupContent(kind=MarkupKind.Markdown, value=hover_markdown(claim, findings)),
                 range=positions.range(claim.start, claim.end))


def hover_markdown(claim: Claim, findings: Sequence[Finding] = ()) -> str:
    """A claim's record as Markdown: value or interval, unit, period, measure, place, attribution, and the
    findings it is part of."""
    rows = [("value", _number(claim.value) if claim.value is not None else None),
            ("interval", _interval(claim)),
            ("unit", claim.unit),
            ("counted", claim.entity),
            ("rate", claim.rate),
            ("period", _period(claim.period) if claim.period is not None else None),
            ("measure", claim.measure),
            ("place", claim.place),
            ("attribution", _attribution(claim)),
            ("qualifier", claim.qualifier),
            ("approximate", "yes" if claim.approximate else None),
            ("estimate", "yes" if claim.estimate else None),
            ("change", f"{claim.change.role} value of change {claim.change.group}" if claim.change else None),
            ("event", " ".join(x for x in (claim.subject, claim.event) if x) or None)]
    lines = [f"**{_escape(claim.text)}** · {claim.kind} · line {claim.line}, column {claim.column}", ""]
    lines += [f"- **{name}:** {_escape(value)}" for name, value in rows if value]
    if findings:
        lines += ["", "**Findings**", ""]
        lines += [f"- {f.severity} `{rule_id(f)}`: {_escape(f.message)}" for f in findings]
    return "\n".join(lines) + "\n"


def _number(v: float) -> str:
    return f"{v:,.6f}".rstrip("0").rstrip(".")


def _interval(claim: Claim) -> str | None:
    """low–high, shown when the wording allows more than the one value."""
    low, high = claim.low, claim.high
    if low is None and high is None:
        return None if claim.value is not None or claim.unit is None else "unbounded"
    if low == high == claim.value:
        return None
    if low is None:
        return f"at most {_number(high)}"  # type: ignore[arg-type]
    if high is None:
        return f"at least {_number(low)}"
    return f"{_number(low)}–{_number(high)}"


def _period(period: Period) -> str:
    if period.start is None and period.end is None:
        span = f"unresolved: {period.note}" if period.note else "unresolved"
    else:
        span = f"{period.start or '…'} – {period.end or '…'}"
    return f"{period.text} ({span})" if period.text else span


def _attribution(claim: Claim) -> str | None:
    a = claim.attribution
    if a is None:
        return None
    if a.kind == "none":
        return "none: no source in the text"
    text = a.kind + (f": {a.source}" if a.source else "")
    return text + (f' (cue "{a.cue}")' if a.cue else "")


def _escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))
