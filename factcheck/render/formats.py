"""The formats `factcheck check --format` prints: name → renderer of a `CheckResult`, with a description.

Renderers are imported only when used, so a format's dependencies cost nothing to the others. Each
renderer is `render(result: CheckResult, *, width: int, color: bool) -> str`.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from factcheck.checker import CheckResult


class Renderer(Protocol):
    def __call__(self, result: CheckResult, *, width: int, color: bool) -> str: ...


REPORT_FORMATS: dict[str, tuple[str, str]] = {
    "text": ("factcheck.render.report:render_text_result", "findings grouped by document, for people (default)"),
    "json": ("factcheck.render.report:render_json_result", "the JSON contract (docs/output.md)"),
    "html": ("factcheck.render.html:render_html",
             "one self-contained HTML page: documents with every claim highlighted, findings, charts (docs/report.md)"),
    "gnu": ("factcheck.render.gnu:render_gnu", "path:line:column: severity: [rule] message, one a line, "
                                               "for Vim, Emacs and VS Code (docs/editors.md)"),
    "sarif": ("factcheck.render.sarif:render_sarif", "SARIF 2.1.0 for code scanning (docs/editors.md)"),
    "github": ("factcheck.render.github:render_github", "GitHub Actions annotations (docs/editors.md)"),
}


def renderer(name: str) -> Renderer:
    """The renderer of format `name`; KeyError when there is none."""
    module, _, function = REPORT_FORMATS[name][0].partition(":")
    return getattr(import_module(module), function)


def render_report(name: str, result: CheckResult, *, width: int = 100, color: bool = False) -> str:
    return renderer(name)(result, width=width, color=color)


def formats_help() -> str:
    return "; ".join(f"{name}: {description}" for name, (_, description) in REPORT_FORMATS.items())
