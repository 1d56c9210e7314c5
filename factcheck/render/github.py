"""`--format github`: GitHub Actions workflow commands, one per finding, which the runner turns into
annotations on the files of a pull request (docs/editors.md).

    ::error file=drafts/a.md,line=3,col=54,endLine=3,endColumn=71,title=factcheck [contradiction.figure]::…

Severity info becomes `::notice`. Values are escaped as the Actions toolkit does (data: % CR LF;
properties also : and ,), so no message can end a command early or start another. GitHub takes columns
only on one line: a claim that spans lines is annotated by its lines alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from factcheck.render.diagnostics import diagnostics, end_position
from factcheck.render.visible import visible

if TYPE_CHECKING:
    from factcheck.checker import CheckResult

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """Escaped as the toolkit does, control characters shown as escapes (render/visible.py)."""
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(name: str, properties: dict[str, str | int], message: str) -> str:
    """`::name key=value,…::message` with every part escaped."""
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def render_github(result: CheckResult, *, width: int, color: bool) -> str:
    lines = []
    for d in diagnostics(result):
        properties: dict[str, str | int] = {}
        claim = d.claim
        if claim is not None and d.path is not None:
            end_line, end_column = end_position(claim)
            properties |= {"file": d.path, "line": claim.line}
            if end_line == claim.line:  # GitHub's end column is the last character's (inclusive)
                properties |= {"col": claim.column, "endLine": end_line,
                               "endColumn": max(claim.column, end_column - 1)}
            else:
                properties["endLine"] = end_line
        properties["title"] = f"factcheck [{d.rule}]"
        lines.append(workflow_command(COMMANDS[d.finding.severity], properties, d.finding.message))
    return "".join(f"{line}\n" for line in lines)
