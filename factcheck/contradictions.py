"""Contradictions: linked figures whose intervals cannot both hold, and events dated apart.

A stated revision of one count for one period ("raising the number from 232 to 873") is reported as
a contradiction whose message says it is a revision. Republications never contradict their original.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Mapping, Sequence

from factcheck.compare import compatible, in_unit
from factcheck.records import Claim, Document, Finding

MAX_PER_GROUP = 50  # findings per linked group: beyond that the group itself is the story
_REVISION = re.compile(
    r"\b(?:revis\w*|correct(?:ed|ing|ion)|restat\w*|updat(?:ed|ing)|adjust(?:ed|ing)|"
    r"(?:rais|lower|cut|inflat|bump|mark)\w*\s+(?:the|its|their|that)\s+(?:number|count|figure|tally|total|toll|"
    r"estimate))\b", re.IGNORECASE)


def where(claim: Claim, documents: Mapping[str, Document]) -> str:
    """ "doc, line 3, NPR, 2021-05, per Matthew Donahue": where a figure stands and who says it."""
    doc = documents.get(claim.doc)
    parts = [claim.doc, f"line {claim.line}"]
    if doc is not None and doc.source:
        parts.append(doc.source)
    if doc is not None and doc.published:
        parts.append(str(doc.published))
    a = claim.attribution
    if a is None or a.kind == "none":
        parts.append("no named source")
    else:
        parts.append(f"per {a.source}" if a.kind != "unnamed" else f"per unnamed {a.source or 'sources'}")
    return ", ".join(parts)


def republished_pair(a: Claim, b: Claim, documents: Mapping[str, Document]) -> bool:
    """The two claims' documents are a republication and its original (or two copies of one)."""
    da, db = documents.get(a.doc), documents.get(b.doc)
    if da is None or db is None or da.id == db.id:
        return False
    return da.original == db.id or db.original == da.id or (da.original is not None and da.original == db.original)


def _period(c: Claim) -> str:
    p = c.period
    if p is None or p.start is None:
        return "an unknown period"
    return str(p.start) if p.start == p.end else f"{p.start} to {p.end}"


def _pairs(group: Sequence[Claim], checked: set[str] | None):
    """The pairs worth comparing: at least one claim in a checked document (None: all are checked)."""
    for i, a in enumerate(group):
        for b in group[i + 1:]:
            if checked is None or a.doc in checked or b.doc in checked:
                yield a, b


def _ordered(a: Claim, b: Claim, checked: set[str] | None) -> tuple[Claim, Claim]:
    """A checked document's claim first (a finding is reported where its first claim stands), then by
    document and place, so messages are stable."""
    return tuple(sorted((a, b), key=lambda c: (checked is not None and c.doc not in checked, c.doc, c.start)))


def _superseded(a: Claim, b: Claim) -> bool:
    """The old figure of a stated change is an earlier state or a revised count: compared with
    anything but its own change it says nothing about the fact as it now stands — unless each end of
    the change has its own period (`Change.dated`: "fell from 398 in 2023 to 289 in 2024")."""
    same_change = a.change is not None and b.change is not None and a.change.group == b.change.group
    return not same_change and any(c.change is not None and c.change.role == "old" and not c.change.dated
                                   for c in (a, b))


def _disjoint_pairs(group: Sequence[Claim], checked: set[str] | None):
    """The pairs of a group whose intervals do not overlap, found by sorting rather than by trying every
    pair: a group of the same fact reported a thousand times costs k log k, not k²."""
    unit = group[0].unit
    spans = []
    for c in group:
        iv = in_unit(c, unit) if unit is not None else None
        if iv is not None:
            spans.append((iv[1], iv[0], c))
    spans.sort(key=lambda s: s[0])
    by_low = sorted(spans, key=lambda s: s[1])
    lows = [s[1] for s in by_low]
    for high, _low, a in spans:
        pad = 1e-9 * max(1.0, abs(high) if math.isfinite(high) else 1.0)
        for _h, _l, b in by_low[bisect.bisect_right(lows, high + pad):]:
            if checked is None or a.doc in checked or b.doc in checked:
                yield a, b


def figure_contradictions(groups: Sequence[Sequence[Claim]], documents: Mapping[str, Document],
                          checked: set[str] | None = None) -> list[Finding]:
    out: list[Finding] = []
    for group in groups:
        found = 0
        for a, b in _disjoint_pairs(group, checked):
            if found >= MAX_PER_GROUP:
                break
            a, b = _ordered(a, b, checked)
            if not _superseded(a, b):
                finding = _figure_pair(a, b, documents)
                if finding is not None:
                    out.append(finding)
                    found += 1
    return out


def _figure_pair(a: Claim, b: Claim, documents: Mapping[str, Document]) -> Finding | None:
    """Two figures of one sentence are a comparison ("54.2 percent of the vote to 45.8 percent for
    Jones"), not two claims of one fact — unless they are the two ends of a stated change."""
    same_change = a.change is not None and b.change is not None and a.change.group == b.change.group
    if republished_pair(a, b, documents) or compatible(a, b) or (a.doc == b.doc and a.sentence == b.sentence
                                                          and not same_change):
        return None
    fact = f"{a.measure or 'the same measure'}{' in ' + a.place if a.place else ''}, {_period(a)}"
    if same_change:
        if not _REVISION.search(a.sentence):
            return None  # a change over the period ("rose from 3.5% to 4.6% in 2023"), not two claims of one fact
        old, new = (a, b) if a.change.role == "old" else (b, a)
        return Finding(kind="contradiction", severity="warning", rule="contradiction.revision",
                       message=f"Revision: {fact} was first {old.text} and then {new.text} "
                               f"({where(new, documents)}); the text revises one count for one period — "
                               f"say which figure stands and why.",
                       claims=(old, new))
    return Finding(kind="contradiction", severity="error", rule="contradiction.figure",
                   message=f"'{a.text}' ({where(a, documents)}) and '{b.text}' ({where(b, documents)}) "
                           f"both give {fact} and cannot both hold.",
                   claims=(a, b))


def _different_people(a: Claim, b: Claim) -> bool:
    """ "Tom Ortega" and "Paul Ortega" share a surname, not a person."""
    na, nb = (c.subject.split() if c.subject else [] for c in (a, b))
    return len(na) > 1 and len(nb) > 1 and na[-2].lower() != nb[-2].lower()


def event_contradictions(groups: Sequence[Sequence[Claim]], documents: Mapping[str, Document],
                         checked: set[str] | None = None) -> list[Finding]:
    """The same event of the same subject dated to periods that do not overlap. Two dates in one
    sentence are not two claims about one event ("4.3% in June, up from 3.9% in May, … released Thursday")."""
    out: list[Finding] = []
    for group in groups:
        found = 0
        for a, b in _pairs(group, checked):
            if found >= MAX_PER_GROUP:
                break
            a, b = _ordered(a, b, checked)
            if (a.doc == b.doc and a.sentence == b.sentence) or republished_pair(a, b, documents) \
                    or periods_overlap(a, b) or _different_people(a, b):
                continue
            out.append(Finding(
                kind="contradiction", severity="error", rule="contradiction.date",
                message=f"{a.subject} {a.event} '{a.text}' ({_period(a)}; {where(a, documents)}) and "
                        f"'{b.text}' ({_period(b)}; {where(b, documents)}): the dates do not agree.",
                claims=(a, b)))
            found += 1
    return out


def periods_overlap(a: Claim, b: Claim) -> bool:
    """Whether two dated claims' periods share a day (both must have a bounded period)."""
    pa, pb = a.period, b.period
    assert pa is not None and pb is not None and pa.start and pa.end and pb.start and pb.end
    return max(pa.start, pb.start) <= min(pa.end, pb.end)
