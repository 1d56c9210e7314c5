"""What the HTML report colours a claim by, and how overlapping claim spans become properly nested markup.

A claim's status is the first of `STATUS_PRECEDENCE` that applies to it: a figure that is both confirmed
by a reference and unsourced shows as unsourced (what needs work wins); its hover card lists them all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, NamedTuple

from factcheck.compare import compatible
from factcheck.contradictions import periods_overlap, republished_pair, where
from factcheck.linking import event_key, figure_key
from factcheck.records import Claim, Document, Finding

if TYPE_CHECKING:
    from factcheck.checker import CheckResult

Status = Literal["contradicted", "unsourced", "confirmed", "plain"]
STATUS_PRECEDENCE: tuple[Status, ...] = ("contradicted", "unsourced", "confirmed", "plain")
STATUS_LABEL: dict[Status, str] = {
    "contradicted": "contradicted or fails a check",
    "unsourced": "needs a source",
    "confirmed": "confirmed elsewhere",
    "plain": "no finding",
}


def finding_status(finding: Finding) -> Status | None:
    """The status a finding gives each of its claims: every contradiction, and arithmetic or rule findings
    of severity error or warning, contradict; attribution gaps leave a claim unsourced."""
    if finding.kind == "contradiction" or (finding.kind in ("arithmetic", "rule") and finding.severity != "info"):
        return "contradicted"
    return "unsourced" if finding.kind == "attribution_gap" else None


def status_of(statuses: Iterable[Status]) -> Status:
    """The status shown: the first of STATUS_PRECEDENCE among those that apply, else plain."""
    present = set(statuses)
    return next(s for s in STATUS_PRECEDENCE if s in present or s == "plain")


@dataclass(frozen=True)
class ClaimMarks:
    """Everything the report says about one claim: its findings (indexes into report.findings), what
    confirms it, and the status shown."""

    findings: tuple[int, ...] = ()
    confirmations: tuple[str, ...] = ()
    status: Status = "plain"


def claim_marks(result: CheckResult) -> dict[str, ClaimMarks]:
    """Marks of every claim of the checked documents, by claim id."""
    own = [c for doc in result.checked for c in result.claims.get(doc, ())]
    findings: dict[str, list[int]] = defaultdict(list)
    statuses: dict[str, set[Status]] = defaultdict(set)
    for i, f in enumerate(result.report.findings):
        status = finding_status(f)
        for c in f.claims:
            if i not in findings[c.id]:
                findings[c.id].append(i)
            if status is not None:
                statuses[c.id].add(status)
    confirmations = linked_confirmations(result.claims, result.documents, result.checked)
    if result.rules is not None:
        for x in result.rules.confirmations(own):
            confirmations[x.claim.id].append(f"agrees with the reference {x.rule}: {x.expected} per {x.source}")
    for cid in confirmations:
        statuses[cid].add("confirmed")
    return {c.id: ClaimMarks(tuple(findings[c.id]), tuple(confirmations[c.id]), status_of(statuses[c.id]))
            for c in own}


def linked_confirmations(claims: Mapping[str, Sequence[Claim]], documents: Mapping[str, Document],
                         checked: Iterable[str]) -> defaultdict[str, list[str]]:
    """Claims of the checked documents that another, independent document's claim about the same fact
    (the same `figure_key` or `event_key`) agrees with: overlapping intervals, or overlapping dates."""
    groups: dict[tuple, list[Claim]] = defaultdict(list)
    for cs in claims.values():
        for c in cs:
            key = figure_key(c) or event_key(c)
            if key is not None:
                groups[key].append(c)
    checked = set(checked)
    out: defaultdict[str, list[str]] = defaultdict(list)
    for group in groups.values():
        for a in group:
            if a.doc not in checked:
                continue
            b = next((b for b in group
                      if b.doc != a.doc and not republished_pair(a, b, documents) and _agree(a, b)), None)
            if b is not None:
                out[a.id].append(f"agrees with '{b.text}' ({where(b, documents)})")
    return out


def _agree(a: Claim, b: Claim) -> bool:
    return periods_overlap(a, b) if a.kind in ("date", "period") else compatible(a, b)


# --------------------------------------------------------------------------------------------------
# Nesting overlapping spans


class Open(NamedTuple):
    span: int  # index into the spans given
    first: bool  # False: a continuation, reopened after a span it crosses closed


class Close(NamedTuple):
    span: int
    last: bool  # the span ends here (it is not reopened)


class Text(NamedTuple):
    start: int
    end: int


Event = Open | Close | Text


def nest(spans: Sequence[tuple[int, int]], start: int, end: int) -> list[Event]:
    """Markup events for `spans` (start, end) over text[start:end], properly nested: a span inside another
    opens inside it; a span that crosses another's end is closed there and reopened as a continuation.
    Every span opens exactly once with first=True (clipped into [start, end]; an empty span opens and
    closes at its place)."""
    clipped = [(min(max(s, start), end), min(max(e, s, start), end)) for s, e in spans]
    order = sorted(range(len(spans)), key=lambda i: (clipped[i][0], -clipped[i][1], i))
    starting: dict[int, list[int]] = defaultdict(list)
    empty: dict[int, list[int]] = defaultdict(list)
    for i in order:
        (empty if clipped[i][0] == clipped[i][1] else starting)[clipped[i][0]].append(i)
    points = sorted({start, end, *(p for span in clipped for p in span)})
    events: list[Event] = []
    stack: list[int] = []  # the spans open now, outermost first
    active: list[int] = []  # the spans covering the text from this point on, in nesting order
    for a, b in zip(points, [*points[1:], None], strict=True):
        active = [i for i in active if clipped[i][1] > a] + starting[a]
        keep = 0
        while keep < min(len(stack), len(active)) and stack[keep] == active[keep]:
            keep += 1
        events += [Close(i, clipped[i][1] == a) for i in reversed(stack[keep:])]
        del stack[keep:]
        for i in empty[a]:
            events += [Open(i, True), Close(i, True)]
        for i in active[keep:]:
            events.append(Open(i, clipped[i][0] == a))
            stack.append(i)
        if b is not None:
            events.append(Text(a, b))
    return events
