"""A check's report as JSON (the contract) or as text for the terminal, grouped by document."""

from __future__ import annotations

import io
import json
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from factcheck.records import SEVERITY_ORDER, Finding, Report
from factcheck.render.claims import claim_json
from factcheck.render.visible import visible

if TYPE_CHECKING:
    from factcheck.checker import CheckResult

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def finding_json(f: Finding) -> dict[str, Any]:
    return {"kind": f.kind, "severity": f.severity, "rule": f.rule, "message": f.message,
            "claims": [claim_json(c) for c in f.claims]}


def report_json(report: Report) -> dict[str, Any]:
    return {"findings": [finding_json(f) for f in report.findings], "summary": report.summary,
            "documents": report.documents, "claims": report.claims}


def render_json(report: Report) -> str:
    return json.dumps(report_json(report), indent=2, ensure_ascii=False) + "\n"


def summary_line(report: Report) -> str:
    s = report.summary
    counts = ", ".join(f"{s[k]} {k}{'s' if s[k] != 1 and k != 'info' else ''}" for k in ("error", "warning", "info"))
    return f"{counts} in {report.documents} documents ({report.claims} claims)"


def render_text(report: Report, *, width: int = 100, color: bool = False) -> str:
    """Findings grouped by document, each with line:column, severity, rule and message."""
    from rich.console import Console
    from rich.text import Text

    out = io.StringIO()
    console = Console(file=out, width=width, force_terminal=color, no_color=not color, highlight=False)
    by_doc: dict[str, list[Finding]] = defaultdict(list)
    for f in report.findings:
        by_doc[f.claims[0].doc if f.claims else ""].append(f)
    for doc in sorted(by_doc):
        console.print(Text(visible(doc), style="bold underline"))
        for f in sorted(by_doc[doc], key=lambda f: (f.claims[0].line, f.claims[0].column, -SEVERITY_ORDER[f.severity])):
            c = f.claims[0]
            line = Text(f"  {c.line}:{c.column}".ljust(10))
            line.append(f"{f.severity:<8}", style=_STYLE[f.severity])
            line.append(f"[{visible(f.rule or '')}] ", style="dim")
            line.append(visible(f.message))
            console.print(line)
        console.print()
    console.print(summary_line(report) if report.findings else f"No findings. {summary_line(report)}")
    return out.getvalue()


def render_json_result(result: CheckResult, *, width: int, color: bool) -> str:
    return render_json(result.report)


def render_text_result(result: CheckResult, *, width: int, color: bool) -> str:
    return render_text(result.report, width=width, color=color)
