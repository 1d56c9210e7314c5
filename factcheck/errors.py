"""Errors that carry where the problem is and what the user can do about it."""

from __future__ import annotations

from dataclasses import dataclass


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
        return _located(self.path, self.line, self.message, self.hint)

    @classmethod
    def internal(cls, path: str, error: Exception) -> InputError:
        """A document factcheck failed on through a fault of its own: reported like bad input, so a batch
        names the file and goes on with the others (exit code 2)."""
        return cls(path, f"factcheck failed on this document ({type(error).__name__}: {error})",
                   hint="a bug in factcheck, not in the file: please report it with the file; "
                        "the other documents were processed")


@dataclass(frozen=True)
class InputWarning:
    """Input factcheck can read but a person should look at (mojibake, control characters): the path,
    the line of the first place, what is wrong and what to do. Never raised; collected beside the errors."""

    path: str
    message: str
    line: int | None = None
    hint: str | None = None

    def __str__(self) -> str:
        return _located(self.path, self.line, self.message, self.hint)


def _located(path: str, line: int | None, message: str, hint: str | None) -> str:
    where = f"{path}:{line}" if line is not None else path
    tail = f" ({hint})" if hint else ""
    return f"{where}: {message}{tail}"
