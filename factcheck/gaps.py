"""Attribution gaps: figures that stand with no named source, or only "officials said".

Which figures need a source, and how loudly to say so, is a policy: the default is below and rule
packs may change it.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from factcheck.records import Claim, Finding, Severity


class AttributionPolicy(BaseModel):
    """Severity per attribution kind; None skips that kind. Estimates with no source rank highest."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    estimate_without_source: Severity | None = "warning"
    no_source: Severity | None = "info"
    unnamed_source: Severity | None = "info"
    min_count: float = Field(10, description="counts below this with no known measure are narrative, not statistics")


DEFAULT_POLICY = AttributionPolicy()


def is_statistic(claim: Claim, policy: AttributionPolicy) -> bool:
    """A figure that needs a source: money, a percentage, a measurement, a known measure, or a count
    large enough to be a statistic ("two others" in a narrative is not one)."""
    if claim.kind in ("money", "percent", "measurement") or claim.measure_key:
        return True
    if claim.kind != "count":
        return False
    size = claim.value if claim.value is not None else (claim.low or 0)
    return size >= policy.min_count


def _is_its_own_source(claim: Claim) -> bool:
    a = claim.attribution
    return a is not None and a.start is not None and a.end is not None and a.start <= claim.start \
        and claim.end <= a.end


def attribution_gaps(claims: Iterable[Claim], policy: AttributionPolicy = DEFAULT_POLICY) -> list[Finding]:
    out = []
    for c in claims:
        a = c.attribution
        if a is None or not is_statistic(c, policy) or _is_its_own_source(c):
            continue
        if a.kind == "none":
            severity = policy.estimate_without_source if c.estimate else policy.no_source
            what = "an estimate with no named source" if c.estimate else "no named source"
            rule = "attribution.estimate" if c.estimate else "attribution.none"
            message = f"'{c.text}' has {what}: say who stands behind it."
        elif a.kind == "unnamed":
            severity = policy.unnamed_source
            rule = "attribution.unnamed"
            message = f"'{c.text}' rests only on unnamed sources ({a.source or 'unnamed'}): name one if you can."
        else:
            continue
        if severity is not None:
            out.append(Finding(kind="attribution_gap", severity=severity, rule=rule, message=message, claims=(c,)))
    return out
