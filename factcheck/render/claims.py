"""Claims as JSON (the public contract), JSON Lines, or a table for the terminal."""

from __future__ import annotations

import io
import json
import math
from collections.abc import Sequence
from typing import Any

from factcheck.records import Claim
from factcheck.render.visible import visible

CLAIM_FORMATS = ("json", "jsonl", "table")


def claim_json(claim: Claim) -> dict[str, Any]:
    """One claim in the JSON contract form; whole-number values print as integers."""
    data = claim.model_dump(mode="json")
    for key in ("value", "low", "high"):
        v = data[key]
        if isinstance(v, float) and v.is_integer() and math.isfinite(v) and abs(v) < 2**53:
            data[key] = int(v)
    return data


def render_json(claims: Sequence[Claim]) -> str:
    return json.dumps([claim_json(c) for c in claims], indent=2, ensure_ascii=False) + "\n"


def render_jsonl(claims: Sequence[Claim]) -> str:
    return "".join(json.dumps(claim_json(c), ensure_ascii=False) + "\n" for c in claims)


def _number(v: float | None) -> str:
    if v is None:
        return "…"
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.4g}" if abs(v) < 1000 else f"{v:,.2f}"


def _interval(c: Claim) -> str:
    if c.value is not None and c.low == c.high == c.value:
        return _number(c.value)
    core = "" if c.value is None else f"{_number(c.value)} "
    return f"{core}[{_number(c.low)} – {_number(c.high)}]"


def render_table(claims: Sequence[Claim], *, width: int | None = None, color: bool = False) -> str:
    """A readable table: where, what kind, the surface text, the value or interval, unit and entity."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=False, header_style="bold", expand=False)
    for name, opts in (("doc", {"overflow": "fold"}), ("line:col", {"no_wrap": True}), ("kind", {}),
                       ("text", {"overflow": "fold"}), ("value", {"justify": "right"}), ("unit", {}),
                       ("entity", {"overflow": "fold"}), ("rate", {})):
        table.add_column(name, **opts)
    for c in claims:
        cells = (c.doc, f"{c.line}:{c.column}", c.kind, c.text, _interval(c), c.unit or "", c.entity or "",
                 c.rate or "")
        table.add_row(*(Text(visible(cell)) for cell in cells))  # Text: document words are never rich markup
    out = io.StringIO()
    console = Console(file=out, width=width or 160, force_terminal=color, no_color=not color,
                      highlight=False)
    console.print(table)
    console.print(f"{len(claims)} claims in {len({c.doc for c in claims})} documents")
    return out.getvalue()
