"""Text from documents made safe to print on a terminal or in an editor's message list: control
characters, terminal escape sequences and bidirectional overrides are shown as escapes, never obeyed."""

from __future__ import annotations

import re

# C0 controls but tab and line feed, DEL, C1 controls, and the bidi embeddings, overrides and isolates
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    r"""`text` with every unsafe character written as its escape: "\x1b[41m" prints as `\x1b[41m`."""
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
