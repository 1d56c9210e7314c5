"""Whether two figures can both hold: intervals widened by their rounding, in one unit.

"more than 12,000 acres" and "about 9,500 acres" cannot both hold; "nearly 8,100 hectares" and
"20,000 acres" can (8,094 ha); "12,000" and "12,100" can (12,000 is rounded to the thousand).
"""

from __future__ import annotations

import math

from factcheck.records import Claim

INF = math.inf
_MONEY_OR_COUNT = {"count", "money", "percent"}


def rounding(value: float) -> float:
    """Half a unit of the last significant digit of a stated value: 12,000 → 500, 106,699 → 0.5,
    4.7 million → 50,000, 33.3 → 0.05."""
    if value == 0 or not math.isfinite(value):
        return 0.0
    v = abs(value)
    if v == int(v):
        n = int(v)
        step = 1
        while n % (step * 10) == 0 and step < 10**15:
            step *= 10
        return step / 2
    digits = len(f"{v:.10f}".rstrip("0").split(".")[1])
    return 10 ** -min(digits, 10) / 2


def interval(claim: Claim) -> tuple[float, float]:
    """The claim's interval widened by the rounding of its stated bounds; None bounds are infinite."""
    low = -INF if claim.low is None else claim.low
    high = INF if claim.high is None else claim.high
    if claim.value is not None and not claim.approximate:
        pad = rounding(claim.value)
        low = low - pad if claim.low == claim.value else low
        high = high + pad if claim.high == claim.value else high
    return low, high


def in_unit(claim: Claim, unit: str) -> tuple[float, float] | None:
    """The claim's interval expressed in `unit`, or None when the units cannot be compared."""
    low, high = interval(claim)
    if claim.unit == unit:
        return low, high
    if claim.kind in _MONEY_OR_COUNT or claim.unit is None:
        return None  # no exchange rates; percent and percentage points never mix
    from factcheck.units import convert

    try:
        return (_convert(low, claim.unit, unit, convert), _convert(high, claim.unit, unit, convert))
    except (TypeError, ValueError, AttributeError):
        return None


def _convert(x: float, a: str, b: str, convert) -> float:
    return x if math.isinf(x) else convert(x, a, b)


def compatible(a: Claim, b: Claim) -> bool:
    """True when both claims' intervals overlap (after converting b into a's unit). Claims whose units
    cannot be compared are treated as compatible: no finding without a comparison."""
    if a.unit is None or b.unit is None:
        return True
    other = in_unit(b, a.unit)
    if other is None:
        return True
    low, high = interval(a)
    lo, hi = max(low, other[0]), min(high, other[1])
    return lo <= hi + 1e-9 * max(1.0, abs(hi) if math.isfinite(hi) else 1.0)
