"""The typed records that flow through factcheck: documents, spans, quantities and claims.

All records are frozen pydantic models. `Claim` is flat so that its JSON form is the public output
contract of docs/output.md (field names never change; new fields may be added).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_serializer, model_validator

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Precision(StrEnum):
    """How much of a date is known."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"


_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


class PartialDate(BaseModel):
    """A calendar date known to a year, a month or a day; serialised as YYYY, YYYY-MM or YYYY-MM-DD."""

    model_config = _FROZEN

    year: int
    month: int | None = None
    day: int | None = None

    @model_validator(mode="before")
    @classmethod
    def _coerce(cls, data: Any) -> Any:
        if isinstance(data, dt.datetime):
            data = data.date()
        if isinstance(data, dt.date):
            return {"year": data.year, "month": data.month, "day": data.day}
        if isinstance(data, int) and not isinstance(data, bool):
            return {"year": data}
        if isinstance(data, str):
            m = _PARTIAL_DATE.match(data.strip())
            if not m:
                raise ValueError(f"{data!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
            y, mo, d = (int(g) if g else None for g in m.groups())
            return {"year": y, "month": mo, "day": d}
        return data

    @model_validator(mode="after")
    def _check(self) -> PartialDate:
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year {self.year} is out of range")
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} does not exist")
        if self.day is not None:
            last = calendar.monthrange(self.year, self.month or 1)[1]
            if not 1 <= self.day <= last:
                raise ValueError(f"{self.year:04d}-{self.month:02d} has no day {self.day}")
        return self

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        return Precision.MONTH if self.month is not None else Precision.YEAR

    @property
    def first_day(self) -> dt.date:
        """The earliest calendar day this date may stand for."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        """The latest calendar day this date may stand for."""
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @model_serializer
    def _serialise(self) -> str:
        return str(self)


class Document(BaseModel):
    """One text with its metadata. Offsets everywhere are character offsets into `text`."""

    model_config = _FROZEN

    id: str
    text: str
    path: str | None = None
    title: str | None = None
    source: str | None = None
    author: str | None = None
    published: PartialDate | None = None
    url: str | None = None
    republishes: str | None = None
    original: str | None = Field(None, description="id of the document this one republishes, when known")
    body_start: int = Field(0, description="offset where the body starts (after any front matter)")


class Span(BaseModel):
    """Where a claim stands: character offsets into its document and the 1-based line and column."""

    model_config = _FROZEN

    doc: str
    start: int
    end: int
    line: int
    column: int


Unit = str
"""A unit name: `count`, `percent`, `percentage_point`, an ISO 4217 code, or a pint unit expression."""


class Quantity(BaseModel):
    """A value as the text states it: a central value and the interval the wording allows.

    `low`/`high` of None mean unbounded on that side; `value` is None for vague magnitudes
    ("dozens") and ranges ("5 to 6") that have no single central value.
    """

    model_config = _FROZEN

    value: float | None
    low: float | None
    high: float | None
    unit: Unit
    approximate: bool = False
    qualifier: str | None = None


ClaimKind = Literal["count", "money", "percent", "measurement", "date", "period", "duration"]
FIGURE_KINDS: frozenset[ClaimKind] = frozenset({"count", "money", "percent", "measurement"})
"""The kinds of claim that state a figure (the others state a date, a period or a duration)."""
ChangeRole = Literal["old", "new"]
AttributionKind = Literal["person", "organization", "publication", "unnamed", "none"]


class Change(BaseModel):
    """Marks a figure as the old or new value of one stated change ("from 232 to 873")."""

    model_config = _FROZEN

    group: str
    role: ChangeRole
    dated: bool = False
    """Each end states its own period ("fell from 398 in 2023 to 289 in 2024"): the old figure is the earlier
    period's, a claim in its own right; otherwise it is an earlier state or a revised count."""


Granularity = Literal["day", "week", "month", "season", "quarter", "year", "decade", "range"]
Resolution = Literal["absolute", "relative", "inherited", "unresolved"]


class Period(BaseModel):
    """A stretch of calendar time a claim refers to: first and last day, both inclusive.

    `start`/`end` are None when the text does not fix them: an open start, or an expression that could
    not be resolved (no publication date; `note` says why). `resolution` says how it was fixed:
    `absolute` from the text alone, `relative` against the publication date or an earlier time in the
    text, `inherited` from another sentence, `unresolved` when it could not be.
    """

    model_config = _FROZEN

    start: dt.date | None
    end: dt.date | None
    text: str | None = None
    granularity: Granularity | None = None
    resolution: Resolution | None = None
    note: str | None = None


class Attribution(BaseModel):
    """Who stands behind a claim."""

    model_config = _FROZEN

    kind: AttributionKind
    source: str | None = None
    start: int | None = Field(None, description="offset of the source's name in the text, when named")
    end: int | None = None
    cue: str | None = Field(None, description='the wording that attributes: "said", "according to", …')


class Claim(BaseModel):
    """A figure or temporal mention with its place in the text; the public JSON contract."""

    model_config = _FROZEN

    id: str
    doc: str
    text: str = Field(description="surface of the figure with its qualifiers and counted thing")
    start: int
    end: int
    line: int
    column: int
    sentence: str
    kind: ClaimKind
    value: float | None
    low: float | None
    high: float | None
    unit: Unit | None
    entity: str | None = None
    measure: str | None = None
    place: str | None = None
    period: Period | None = None
    rate: str | None = None
    attribution: Attribution | None = None
    approximate: bool = False
    qualifier: str | None = None
    estimate: bool = False
    change: Change | None = None
    measure_key: str | None = Field(None, description="the measure's key in the measure lexicon, if any")
    event: str | None = Field(None, description='normalised event of a dated claim: "arrested", "opened" …')
    subject: str | None = Field(None, description="who or what the event happened to")

    @property
    def span(self) -> Span:
        return Span(doc=self.doc, start=self.start, end=self.end, line=self.line, column=self.column)

    @property
    def quantity(self) -> Quantity | None:
        if self.unit is None:
            return None
        return Quantity(value=self.value, low=self.low, high=self.high, unit=self.unit,
                        approximate=self.approximate, qualifier=self.qualifier)


def claim_json_schema() -> dict[str, Any]:
    """The JSON Schema of one claim as `factcheck extract --format json` prints it."""
    return Claim.model_json_schema(mode="serialization")


Severity = Literal["error", "warning", "info"]
FindingKind = Literal["contradiction", "arithmetic", "rule", "attribution_gap"]
SEVERITY_ORDER: dict[str, int] = {"error": 3, "warning": 2, "info": 1}


class Finding(BaseModel):
    """One problem found: what kind, how bad, which rule, a message naming the figures, and the claims."""

    model_config = _FROZEN

    kind: FindingKind
    severity: Severity
    rule: str | None
    message: str
    claims: tuple[Claim, ...]

    @property
    def sort_key(self) -> tuple:
        first = self.claims[0] if self.claims else None
        return (first.doc if first else "", first.start if first else 0, -SEVERITY_ORDER[self.severity],
                self.kind, self.rule or "", self.message)


class Report(BaseModel):
    """The findings of one check, sorted by document and place, with counts."""

    model_config = _FROZEN

    findings: tuple[Finding, ...]
    documents: int
    claims: int

    @property
    def summary(self) -> dict[str, int]:
        counts = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            counts[f.severity] += 1
        return counts
