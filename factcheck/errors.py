"""Errors that carry where the problem is and what the user can do about it."""

from __future__ import annotations


class FactcheckError(Exception):
    """Base of every error factcheck raises on purpose."""


class InputError(FactcheckError):
    """Bad input (a file, a manifest, a rule pack): names the path, the line when known, and a fix."""

    def __init__(self, path: str, message: str, line: int | None = None, hint: str | None = None):
        self.path = path
        self.line = line
        self.message = message
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        tail = f" ({self.hint})" if self.hint else ""
        return f"{where}: {self.message}{tail}"
