"""Settings that change how text is read, with documented defaults."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class ExtractConfig(BaseModel):
    """How wide the interval of an approximate figure is (see docs/extraction.md, "Qualifiers")."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    about_tolerance: float = Field(0.10, ge=0, lt=1, description='"about X" allows X·(1±t)')
    nearly_tolerance: float = Field(0.10, ge=0, lt=1, description='"nearly X" allows X·(1−t) to X')
    measure_extra: tuple[dict, ...] = Field((), description="extra measure lexicon entries (from `lexicon` rules)")
    place_extra: tuple[dict, ...] = Field((), description="extra place lexicon entries (from `lexicon` rules)")
    context: bool = Field(True, description="time expressions and each figure's period, measure, place and "
                                            "attribution; False gives the bare figures, about twice as fast")
