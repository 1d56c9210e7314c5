"""A plain-text table for benchmark output: first column left-aligned, the rest right-aligned."""

from __future__ import annotations


def table(rows: list[list[str]]) -> str:
    """`rows[0]` is the header; a rule of dashes goes under it."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.rjust(w) if j else c.ljust(w) for j, (c, w) in enumerate(zip(r, widths, strict=True)))
             for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
