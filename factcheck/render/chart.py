"""Small inline SVG charts of the values reported for one measure over time, with reference values.

`measure_charts` picks the data (claims → `Chart`s), `chart_svg` draws one (`Chart` → SVG text); both pure.
A chart holds the figures of one measure, place, rate and unit (one y axis means one unit); x is the
claim's period, else its document's publication date; intervals are bars, open ones end in an arrow.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

from factcheck.records import FIGURE_KINDS, Claim, Document, Period
from factcheck.rulepacks import ReferenceRule, Rule

WIDTH, HEIGHT = 460, 190
_LEFT, _RIGHT, _TOP, _BOTTOM = 58, 16, 12, 28
_UNIT_LABEL = {"count": "", "percent": "%", "percentage_point": " pp"}  # else " <unit>" after the number
_CURRENCY_SIGN = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}


@dataclass(frozen=True)
class Point:
    """One claim on the chart: its time extent, value and/or interval (None = open side), link and status."""

    start: dt.date
    end: dt.date
    value: float | None
    low: float | None
    high: float | None
    label: str
    href: str = ""
    status: str = "plain"


@dataclass(frozen=True)
class Reference:
    """A reference value for a period: `value` (or None) and the interval it allows with its tolerance."""

    start: dt.date
    end: dt.date
    value: float | None
    low: float
    high: float
    label: str


@dataclass(frozen=True)
class Chart:
    title: str
    unit: str
    points: tuple[Point, ...]
    references: tuple[Reference, ...] = ()


# --------------------------------------------------------------------------------------------------
# Data


def measure_charts(claims: Mapping[str, Sequence[Claim]], documents: Mapping[str, Document],
                   checked: Iterable[str], rules: Iterable[Rule] = (),
                   point_of: Callable[[Claim], tuple[str, str]] = lambda c: ("", "plain")) -> list[Chart]:
    """One chart per measure, place, rate and unit that two or more figures give (at least one in a checked
    document; republished copies left out, as linking leaves them out), most figures first.
    `point_of(claim)` gives the point's link and status."""
    checked = set(checked)
    groups: dict[tuple[str, str, str, str], list[Claim]] = defaultdict(list)
    for doc, cs in claims.items():
        document = documents.get(doc)
        if document is None or document.original in documents:
            continue
        for c in cs:
            key = _chart_key(c)
            if key is not None and _when(c, document) is not None:
                groups[key].append(c)
    references = [r for r in rules if isinstance(r, ReferenceRule)]
    charts = []
    for (_, place, rate, unit), group in groups.items():
        if len(group) < 2 or not any(c.doc in checked for c in group):
            continue
        points = tuple(sorted((_point(c, documents[c.doc], point_of) for c in group), key=lambda p: (p.start, p.end)))
        refs = tuple(_reference(r) for r in references if r.unit == unit and _about(r, group[0]))
        title = " ".join((group[0].measure or group[0].measure_key or "").replace("_", " ").split())
        title += (f", {place}" if place else "") + (f", per {rate}" if rate else "")
        charts.append(Chart(title, unit, points, tuple(sorted(refs, key=lambda r: r.start))))
    return sorted(charts, key=lambda ch: (-len(ch.points), ch.title, ch.unit))


def _chart_key(c: Claim) -> tuple[str, str, str, str] | None:
    measure = c.measure_key or (" ".join(c.measure.lower().split()) if c.measure else None)
    if c.kind not in FIGURE_KINDS or not measure or c.unit is None or (c.value, c.low, c.high) == (None, None, None):
        return None
    return measure, c.place or "", c.rate or "", c.unit


def _when(c: Claim, document: Document) -> tuple[dt.date, dt.date] | None:
    p = c.period
    if p is not None and (p.start or p.end):
        return (p.start or p.end, p.end or p.start)  # type: ignore[return-value]
    if document.published is not None:
        return document.published.first_day, document.published.last_day
    return None


def _point(c: Claim, document: Document, point_of: Callable[[Claim], tuple[str, str]]) -> Point:
    start, end = _when(c, document)  # type: ignore[misc]
    href, status = point_of(c)
    where = c.period.text if c.period is not None and c.period.text else f"published {document.published}"
    return Point(start, end, c.value, c.low, c.high, f"'{c.text}' ({where}; {c.doc}, line {c.line})", href, status)


def _about(rule: ReferenceRule, claim: Claim) -> bool:
    """The rule is about the claim's measure, place, rate and unit: the claim would link to it if it were
    about the rule's period."""
    period = Period(start=rule.period.first_day, end=rule.period.last_day)
    return rule.links(claim.model_copy(update={"period": period, "change": None}))


def _reference(rule: ReferenceRule) -> Reference:
    low, high = rule.reference_interval()
    return Reference(rule.period.first_day, rule.period.last_day, rule.value, low, high,
                     f"{rule.describe()}: {rule.expected()} per {rule.source}")


# --------------------------------------------------------------------------------------------------
# Scales


def nice_step(span: float, ticks: int = 5) -> float:
    """A round tick step (1, 2, 2.5 or 5 × 10^k) giving about `ticks` steps over `span`."""
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / ticks
    base = 10 ** math.floor(math.log10(raw))
    return next(m * base for m in (1, 2, 2.5, 5, 10) if m * base >= raw)


def y_domain(chart: Chart) -> tuple[float, float]:
    """0 (or the lowest figure) to a round number above the figures. An interval's far bound joins only
    when it is within 5 times the stated figures ("millions", up to 999,999,999, must not flatten "3 million")."""
    core = [x for p in chart.points for x in (p.value if p.value is not None else p.low if p.low is not None
                                              else p.high,) if x is not None]
    core += [x for r in chart.references for x in (r.value, r.low, r.high) if x is not None and math.isfinite(x)]
    if not core:
        return 0.0, 1.0
    top = max(core)
    spread = [x for p in chart.points for x in (p.low, p.high) if x is not None]
    top = max([top, *(x for x in spread if x <= 5 * top or top <= 0)])
    low = min(0.0, *core, *(x for x in spread if x >= -5 * abs(top)))
    step = nice_step((top - low) or abs(top) or 1.0)
    return math.floor(low / step) * step, math.ceil(top * 1.04 / step) * step if top > 0 else step


def compact(x: float) -> str:
    """A tick label: 0, 25k, 1.5M, 3B, 0.25."""
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(x) >= size:
            return f"{x / size:.3g}{suffix}"
    return f"{x:.3g}"


def _day(d: dt.date) -> int:
    return d.toordinal()


def x_domain(chart: Chart) -> tuple[int, int]:
    """First and last day on the chart (ordinal days), padded so nothing sits on the edge."""
    days = [_day(d) for p in (*chart.points, *chart.references) for d in (p.start, p.end + dt.timedelta(days=1))]
    lo, hi = min(days), max(days)
    pad = max(15, (hi - lo) // 20)
    return lo - pad, hi + pad


def x_ticks(lo: int, hi: int) -> list[tuple[int, str]]:
    """Year starts (at most 8, thinned evenly) for spans over 18 months, else month starts."""
    first, last = dt.date.fromordinal(lo), dt.date.fromordinal(hi)
    if hi - lo > 548:
        dates = [dt.date(y, 1, 1) for y in range(first.year + (first > dt.date(first.year, 1, 1)), last.year + 1)]
        label = "%Y"
    else:
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        dates = [dt.date(first.year + (first.month - 1 + k) // 12, (first.month - 1 + k) % 12 + 1, 1)
                 for k in range(months)]
        dates = [d for d in dates if lo <= _day(d) <= hi]
        label = "%b %Y"
    every = max(1, math.ceil(len(dates) / 8))
    return [(_day(d), d.strftime(label)) for d in dates[::every]]


# --------------------------------------------------------------------------------------------------
# Drawing


def chart_svg(chart: Chart, width: int = WIDTH, height: int = HEIGHT) -> str:
    """The chart as an inline SVG element (no scripts, no external references)."""
    (x0, x1), (y0, y1) = x_domain(chart), y_domain(chart)
    plot_w, plot_h = width - _LEFT - _RIGHT, height - _TOP - _BOTTOM

    def x(day: float) -> float:
        return _LEFT + (day - x0) / (x1 - x0) * plot_w

    def y(v: float) -> float:
        return _TOP + plot_h - (min(max(v, y0), y1) - y0) / (y1 - y0) * plot_h

    sign = _CURRENCY_SIGN.get(chart.unit, "")
    unit = "" if sign else _UNIT_LABEL.get(chart.unit, f" {chart.unit}")
    out = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
           f'aria-label="{escape(chart.title)} ({escape(chart.unit)}), {len(chart.points)} figures">']
    step = nice_step(y1 - y0)
    for k in range(round((y1 - y0) / step) + 1):
        tick = y0 + k * step
        out.append(f'<line class="grid" x1="{_LEFT}" x2="{width - _RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}"/>'
                   f'<text class="ytick" x="{_LEFT - 6}" y="{y(tick) + 4:.1f}">'
                   f'{escape(sign + compact(tick) + unit)}</text>')
    for day, label in x_ticks(x0, x1):
        out.append(f'<line class="xtick" x1="{x(day):.1f}" x2="{x(day):.1f}" y1="{_TOP + plot_h}" '
                   f'y2="{_TOP + plot_h + 4}"/><text class="xlabel" x="{x(day):.1f}" '
                   f'y="{height - 8}">{escape(label)}</text>')
    for r in chart.references:
        xa, xb = x(_day(r.start)), x(_day(r.end) + 1)
        top, bottom = y(r.high), y(r.low)
        out.append(f'<g class="ref"><title>{escape(r.label)}</title>'
                   f'<rect x="{xa:.1f}" y="{top:.1f}" width="{xb - xa:.1f}" height="{max(bottom - top, 1.5):.1f}"/>')
        if r.value is not None:
            out.append(f'<line x1="{xa:.1f}" x2="{xb:.1f}" y1="{y(r.value):.1f}" y2="{y(r.value):.1f}"/>')
        out.append("</g>")
    for p, dx in zip(chart.points, _dodge(chart.points, x), strict=True):
        out.append(_point_svg(p, x, y, dx, (y0, y1)))
    out.append("</svg>")
    return "".join(out)


def _dodge(points: Sequence[Point], x: Callable[[float], float]) -> list[float]:
    """Horizontal offsets so points at the same place stand side by side."""
    seen: dict[int, int] = defaultdict(int)
    out = []
    for p in points:
        at = round(_mid(p, x) / 6)
        k = seen[at]
        seen[at] += 1
        out.append(((k + 1) // 2) * 9.0 * (1 if k % 2 else -1))
    return out


def _mid(p: Point, x: Callable[[float], float]) -> float:
    return (x(_day(p.start)) + x(_day(p.end) + 1)) / 2


def _point_svg(p: Point, x: Callable[[float], float], y: Callable[[float], float], dx: float,
               domain: tuple[float, float]) -> str:
    cx = _mid(p, x) + dx
    parts = [f'<title>{escape(p.label)}</title>']
    if p.value is not None:
        parts.append(f'<line class="span" x1="{x(_day(p.start)):.1f}" x2="{x(_day(p.end) + 1):.1f}" '
                     f'y1="{y(p.value):.1f}" y2="{y(p.value):.1f}"/>')
    if p.low != p.high or p.value is None:
        open_top = p.high is None or p.high > domain[1]
        top, bottom = y(domain[1] if open_top else p.high), y(domain[0] if p.low is None else p.low)  # type: ignore[arg-type]
        parts.append(f'<rect class="bar" x="{cx - 3:.1f}" y="{top:.1f}" width="6" height="{max(bottom - top, 2):.1f}" '
                     f'rx="3"/>')
        if open_top:
            parts.append(f'<path class="open" d="M{cx - 5:.1f},{top + 5:.1f} L{cx:.1f},{top - 2:.1f} '
                         f'L{cx + 5:.1f},{top + 5:.1f} Z"/>')
    if p.value is not None:
        parts.append(f'<circle class="dot" cx="{cx:.1f}" cy="{y(p.value):.1f}" r="4.5"/>')
    body = "".join(parts)
    if p.href:
        return f'<a class="pt st-{escape(p.status)}" href="{escape(p.href)}">{body}</a>'
    return f'<g class="pt st-{escape(p.status)}">{body}</g>'
