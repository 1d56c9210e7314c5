"""The built-in sanity rules: impossible shares, periods that end before they start, and past events
dated after the article that reports them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from factcheck.events import past_forms
from factcheck.records import Claim, Document, Finding

_SHARE = re.compile(r"turnout|share|completion|graduation|approval|participation|occupancy|enrol|vaccinat|"
                    r"literacy|positivity|unemployment|poverty|of ", re.IGNORECASE)
_FUTURE = re.compile(r"\b(?:will|would|is|are)\s+(?:be\s+)?(?:scheduled|set|expected|due|slated|planned)\b|"
                     r"\bwill\b|\bplans?\s+to\b|\bscheduled\b|\bupcoming\b", re.IGNORECASE)


def share_context(claim: Claim) -> str | None:
    """The wording that makes a percentage a share of a whole ("of firearms", turnout), or None."""
    if claim.kind != "percent" or claim.unit != "percent":
        return None
    context = " ".join(x for x in (claim.entity and f"of {claim.entity}", claim.measure, claim.measure_key) if x)
    return context.strip() if context and _SHARE.search(context) else None


def share_out_of_range(claim: Claim) -> Finding | None:
    """A percentage that is a share of a whole ("70% of firearms", turnout) outside 0–100."""
    context = share_context(claim)
    if context is None:
        return None
    low = claim.low if claim.low is not None else claim.value
    high = claim.high if claim.high is not None else claim.value
    if (low is not None and low > 100) or (high is not None and high < 0):
        return Finding(kind="rule", severity="error", rule="sanity.share-range",
                       message=f"'{claim.text}' is a share of a whole ({context}) and must lie between "
                               f"0 and 100 percent.", claims=(claim,))
    return None


def period_backwards(claim: Claim) -> Finding | None:
    p = claim.period
    if p is None or p.start is None or p.end is None or p.start <= p.end:
        return None
    return Finding(kind="rule", severity="error", rule="sanity.period-order",
                   message=f"'{claim.text}' ends ({p.end}) before it starts ({p.start}).", claims=(claim,))


def event_after_publication(claim: Claim, document: Document | None) -> Finding | None:
    """An event the text reports as past ("was arrested on June 3") dated after the publication date."""
    if claim.event is None or claim.period is None or claim.period.start is None or document is None \
            or document.published is None or claim.period.start <= document.published.last_day:
        return None
    sentence = claim.sentence.lower()
    past = past_forms().get(claim.event, frozenset())
    if _FUTURE.search(sentence) or not any(re.search(rf"\b{re.escape(w)}\b", sentence) for w in past):
        return None
    return Finding(kind="rule", severity="error", rule="sanity.future-past-event",
                   message=f"'{claim.text}' dates a past event ({claim.event}) after the article's publication "
                           f"({document.published}).", claims=(claim,))


def sanity_findings(claims: Iterable[Claim], documents: Mapping[str, Document]) -> list[Finding]:
    out = []
    for c in claims:
        for finding in (share_out_of_range(c), period_backwards(c), event_after_publication(c, documents.get(c.doc))):
            if finding is not None:
                out.append(finding)
    return out
