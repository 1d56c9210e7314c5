"""The one pint unit registry: built lazily on first use (it costs ~0.2–0.6 s) and then shared.

Extraction recognises unit words through the lexicon (rules/lexicons/units.yaml), whose entries are
pint unit names; pint itself is needed only for compound units the lexicon lacks ("kg/cm³") and for
converting between units when figures are compared.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pint

_COMPOUND = re.compile(r"\s?((?:[A-Za-zµ°]{1,6}[²³]?)(?:\s?[/·*]\s?[A-Za-zµ°]{1,6}[²³]?)+)(?![^\W_])")
_POWERS = str.maketrans({"²": "**2", "³": "**3", "·": "*"})


@functools.cache
def registry() -> pint.UnitRegistry:
    """The shared registry (pint's definition cache on disk makes later starts faster). pint itself is
    imported here, not at module load, so that extraction without compound units never pays for it."""
    import pint

    try:
        return pint.UnitRegistry(cache_folder=":auto:")
    except OSError:
        return pint.UnitRegistry()


def normalise(expression: str) -> str | None:
    """pint's name for a unit expression ("km/h" → "kilometer / hour"), or None if pint does not know it."""
    reg = registry()
    try:
        unit = reg.parse_units(expression.translate(_POWERS))
    except (AttributeError, TypeError, ValueError, SyntaxError, AssertionError):
        return None  # pint's errors derive from these
    return None if unit.dimensionless else str(unit)


def compound_unit(text: str, pos: int) -> tuple[str, int] | None:
    """A compound unit written with "/" or "·" right at `pos` ("kg/cm³", "m/s"): (pint name, end offset)."""
    m = _COMPOUND.match(text, pos)
    if not m:
        return None
    name = normalise(m.group(1))
    return (name, m.end()) if name else None


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """`value` in `from_unit` expressed in `to_unit`; raises pint's DimensionalityError when incompatible."""
    reg = registry()
    return float(reg.Quantity(value, from_unit).to(to_unit).magnitude)
