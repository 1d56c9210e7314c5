"""`--format gnu`: one line per finding, `path:line:column: severity: [rule] message`, as compilers print
them, so Vim's quickfix, Emacs' compilation mode and VS Code problem matchers read them (docs/editors.md).

Each related claim that stands elsewhere (another file or another line) follows its finding as a
GCC-style `path:line:column: note: [rule] related claim '…'` line, so an editor can jump to the other
side of a contradiction. Nothing else is printed: no summary (the exit code says whether there are
findings), nothing at all when there are none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from factcheck.render.diagnostics import diagnostics, document_path, one_line, related_message

if TYPE_CHECKING:
    from factcheck.checker import CheckResult


def render_gnu(result: CheckResult, *, width: int, color: bool) -> str:
    lines: list[str] = []
    for d in diagnostics(result):
        f, claim = d.finding, d.claim
        if claim is None or d.path is None:
            lines.append(f"factcheck: {f.severity}: [{d.rule}] {one_line(f.message)}")  # as GCC names itself
            continue
        lines.append(f"{one_line(d.path)}:{claim.line}:{claim.column}: {f.severity}: [{d.rule}] {one_line(f.message)}")
        for c in d.related:
            if c.doc != claim.doc or c.line != claim.line:
                path = one_line(document_path(result, c.doc))
                lines.append(f"{path}:{c.line}:{c.column}: note: [{d.rule}] {one_line(related_message(c))}")
    return "".join(f"{line}\n" for line in lines)
