"""Group claims that speak of the same fact, by blocking keys, so checking grows near-linearly.

Two figures are about the same fact when they share the measure (lexicon key, else the normalised
measure phrase), the place, the period (same start and end: the same granularity), the rate and the
kind of unit. Figures with no resolved period are never linked: "200,000 guns a year" and "250,000
guns a year" with no time may well be about different years. Dated events link by event and subject.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from factcheck.records import FIGURE_KINDS, Claim

FigureKey = tuple[str, str, str, str, str, str]
EventKey = tuple[str, str]

def unit_class(claim: Claim) -> str:
    """Units that can be compared share a class: count; percent; percentage_point; one currency;
    one physical dimension (acres and hectares are both an area)."""
    if claim.kind != "measurement" or claim.unit is None:
        return f"{claim.kind}:{claim.unit}"
    from factcheck.units import registry

    try:
        return f"measurement:{registry().parse_units(claim.unit).dimensionality}"
    except (AttributeError, TypeError, ValueError):
        return f"measurement:{claim.unit}"


def figure_key(claim: Claim) -> FigureKey | None:
    """The blocking key of a figure, or None when it cannot be linked (no measure or no period)."""
    if claim.kind not in FIGURE_KINDS or claim.period is None or claim.period.start is None \
            or claim.period.end is None:
        return None
    measure = claim.measure_key or (" ".join(claim.measure.lower().split()) if claim.measure else None)
    if not measure:
        return None
    return (measure, claim.place or "", claim.period.start.isoformat(), claim.period.end.isoformat(),
            claim.rate or "", unit_class(claim))


def subject_key(subject: str) -> str:
    """A person by surname ("Gen. Salvador Cienfuegos" and "Cienfuegos" meet); a named thing whole
    ("Howe Avenue bridge" does not meet "Main Street bridge")."""
    words = [w.strip(".,’'") for w in subject.split()]
    words = [w for w in words if w and w.lower() not in {"the", "a", "an", "former", "new"}]
    if not words:
        return ""
    return words[-1].lower() if words[-1][:1].isupper() else " ".join(words).lower()


def event_key(claim: Claim) -> EventKey | None:
    """Only events of a named subject link ("Cienfuegos", "the Golden Gate Bridge"): "the council
    approved a budget" in one city and another are different events."""
    if claim.kind not in ("date", "period") or not claim.event or not claim.subject or claim.period is None \
            or claim.period.start is None or claim.period.end is None \
            or not any(w[:1].isupper() for w in claim.subject.split() if w not in ("The", "A", "An")):
        return None
    subject = subject_key(claim.subject)
    return (claim.event, subject) if subject else None


def link(claims: Iterable[Claim]) -> tuple[list[list[Claim]], list[list[Claim]]]:
    """(figure groups, event groups): claims sharing a key, groups of two or more only."""
    figures: dict[FigureKey, list[Claim]] = defaultdict(list)
    events: dict[EventKey, list[Claim]] = defaultdict(list)
    for c in claims:
        key = figure_key(c)
        if key is not None:
            figures[key].append(c)
            continue
        ekey = event_key(c)
        if ekey is not None:
            events[ekey].append(c)
    return ([g for g in figures.values() if len(g) > 1], [g for g in events.values() if len(g) > 1])
