"""Assertion helpers for hand-written pytest suites over a corpus (docs/rules.md).

    from factcheck.testing import assert_no_findings, assert_all_sourced

    def test_no_contradictions(report):
        assert_no_findings(report, kind="contradiction")

    def test_estimates_are_sourced(claims):
        assert_all_sourced(claims, estimates_only=True)

Each helper raises `AssertionError` listing every offending claim with its document, line:column, the
sentence, what was expected, what was found and the source — the same listing the rule items of the
pytest plugin print.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase

from factcheck.records import SEVERITY_ORDER, Claim, Document, Finding, Report

__all__ = ["Offence", "assert_all_sourced", "assert_no_findings", "format_offences", "found_text",
           "offences_of_findings"]

FIGURE_KINDS = ("count", "money", "percent", "measurement")


@dataclass(frozen=True)
class Offence:
    """One offending claim and what to say about it."""

    claim: Claim
    message: str
    severity: str | None = None
    rule: str | None = None
    expected: str | None = None
    source: str | None = None


def found_text(claim: Claim) -> str:
    """The figure as written, with the value factcheck read from it."""
    if claim.value is not None:
        value = f"{claim.value:,g}"
    elif claim.low is not None or claim.high is not None:
        lo = "" if claim.low is None else f"{claim.low:,g}"
        hi = "" if claim.high is None else f"{claim.high:,g}"
        value = f"{lo} to {hi}".strip()
    elif claim.period is not None and claim.period.start is not None:
        value = str(claim.period.start) if claim.period.start == claim.period.end else \
            f"{claim.period.start} to {claim.period.end}"
    else:
        value = ""
    unit = "" if claim.unit in (None, "count") else f" {claim.unit}"
    read = f" (read as {value}{unit})" if value else ""
    return f"'{claim.text}'{read}"


def _claim_source(claim: Claim) -> str:
    a = claim.attribution
    if a is None or a.kind == "none":
        return "none given"
    return f"{a.source} ({a.kind})" if a.source else a.kind


def _where(claim: Claim, documents: Mapping[str, Document] | None) -> str:
    doc = (documents or {}).get(claim.doc)
    name = doc.path if doc is not None and doc.path else claim.doc
    return f"{name}:{claim.line}:{claim.column}"


def format_offences(offences: Sequence[Offence], documents: Mapping[str, Document] | None = None,
                    title: str | None = None) -> str:
    """A readable listing: one block per offending claim."""
    lines = [title] if title else []
    for o in offences:
        c = o.claim
        head = _where(c, documents)
        tags = " ".join(f"[{x}]" for x in (o.severity, o.rule) if x)
        lines.append("")
        lines.append(f"  {head}  {tags}".rstrip())
        lines.append(f"    sentence: {' '.join(c.sentence.split())}")
        if o.expected is not None:
            lines.append(f"    expected: {o.expected}")
        lines.append(f"    found:    {found_text(c)}")
        lines.append(f"    source:   {o.source if o.source is not None else _claim_source(c)}")
        lines.append(f"    why:      {o.message}")
    return "\n".join(lines)


def offences_of_findings(findings: Iterable[Finding], expected: str | None = None,
                         source: str | None = None) -> list[Offence]:
    """One offence per claim of each finding (a finding without claims is listed by its message)."""
    out = []
    for f in findings:
        for c in f.claims:
            out.append(Offence(claim=c, message=f.message, severity=f.severity, rule=f.rule,
                               expected=expected, source=source))
    return out


def _selected(f: Finding, kind: str | None, rule: str | None, severity: str | None) -> bool:
    if kind is not None and f.kind != kind:
        return False
    if rule is not None and not fnmatchcase(f.rule or "", rule):
        return False
    return severity is None or SEVERITY_ORDER[f.severity] >= SEVERITY_ORDER[severity]


def assert_no_findings(report: Report | Iterable[Finding], kind: str | None = None, rule: str | None = None,
                       severity: str | None = None, documents: Mapping[str, Document] | None = None) -> None:
    """Fail when the report has a finding of `kind` (contradiction, arithmetic, rule, attribution_gap),
    of a `rule` (a name or a glob: "us-overdose-deaths::*") and at or above `severity`; None means any."""
    if severity is not None and severity not in SEVERITY_ORDER:
        raise ValueError(f"severity must be one of {', '.join(SEVERITY_ORDER)}, got {severity!r}")
    findings = report.findings if isinstance(report, Report) else tuple(report)
    bad = [f for f in findings if _selected(f, kind, rule, severity)]
    if not bad:
        return
    what = ", ".join(f"{k}={v!r}" for k, v in (("kind", kind), ("rule", rule), ("severity", severity)) if v)
    title = f"{len(bad)} finding{'s' if len(bad) != 1 else ''}{' (' + what + ')' if what else ''}:"
    listing = format_offences(offences_of_findings(bad), documents, title)
    loose = [f for f in bad if not f.claims]
    if loose:
        listing += "\n" + "\n".join(f"\n  [{f.severity}] {f.rule or f.kind}: {f.message}" for f in loose)
    raise AssertionError(listing)


def assert_all_sourced(claims: Iterable[Claim], kinds: Sequence[str] | None = FIGURE_KINDS, *,
                       named: bool = True, estimates_only: bool = False,
                       documents: Mapping[str, Document] | None = None) -> None:
    """Fail when a claim (of `kinds`; figures by default; estimates only if asked) has no source, or
    only an unnamed one ("officials said") when `named` is true."""
    bad = []
    for c in claims:
        if kinds is not None and c.kind not in kinds:
            continue
        if estimates_only and not c.estimate:
            continue
        a = c.attribution
        if a is None or a.kind == "none":
            bad.append(Offence(c, "no source is given for this figure",
                               expected="a named source" if named else "a source"))
        elif named and a.kind == "unnamed":
            bad.append(Offence(c, "the source is not named", expected="a named source"))
    if bad:
        title = f"{len(bad)} claim{'s' if len(bad) != 1 else ''} without a{' named' if named else ''} source:"
        raise AssertionError(format_offences(bad, documents, title))
