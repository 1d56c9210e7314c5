"""Findings placed in files, as the editor and CI formats (gnu, sarif, github) print them: the file each
claim stands in, where a claim ends, messages on one line, and one stable order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from factcheck.records import SEVERITY_ORDER, Claim, Finding
from factcheck.render.visible import visible
from factcheck.textpos import LineIndex

if TYPE_CHECKING:
    from factcheck.checker import CheckResult


@dataclass(frozen=True)
class Diagnostic:
    """A finding at the claim it is reported at (its first), with the path of that claim's file."""

    finding: Finding
    path: str | None  # None for a finding without claims (nowhere to point at)

    @property
    def claim(self) -> Claim | None:
        return self.finding.claims[0] if self.finding.claims else None

    @property
    def related(self) -> Sequence[Claim]:
        return self.finding.claims[1:]

    @property
    def rule(self) -> str:
        return rule_id(self.finding)


def rule_id(finding: Finding) -> str:
    """The finding's rule id; its kind when a rule added from Python gave none."""
    return finding.rule or finding.kind


def document_path(result: CheckResult, doc_id: str) -> str:
    """The file a document was read from, as given; its id when it has none (standard input without
    --stdin-filename, a document built in Python)."""
    document = result.documents.get(doc_id)
    return document.path if document is not None and document.path else doc_id


def diagnostics(result: CheckResult) -> list[Diagnostic]:
    """The report's findings sorted by path, line and column (then severity, worst first, rule, message)."""
    out = [Diagnostic(f, document_path(result, f.claims[0].doc) if f.claims else None) for f in result.report.findings]

    def key(d: Diagnostic) -> tuple:
        c = d.claim
        return (d.path or "", c.line if c else 0, c.column if c else 0, -SEVERITY_ORDER[d.finding.severity],
                d.rule, d.finding.message)

    return sorted(out, key=key)


def one_line(text: str) -> str:
    """`text` with every line break (any that str.splitlines knows) replaced by a space, and control
    characters shown as escapes (render/visible.py)."""
    return visible(" ".join(text.splitlines()))


def end_position(claim: Claim) -> tuple[int, int]:
    """(line, column), 1-based, of the character just after the claim: its text is the document's
    text from start to end, so counting its own line breaks is enough."""
    lines, column = LineIndex(claim.text).position(len(claim.text))
    return claim.line + lines - 1, (claim.column + column - 1 if lines == 1 else column)


def related_message(claim: Claim) -> str:
    return f"related claim '{claim.text}'"
