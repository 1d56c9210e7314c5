"""Progress of an index run on standard error: a rich bar on a terminal (documents, claims, rate, time
left), plain lines every few seconds otherwise (a log, CI), so no escape codes end up in a file."""

from __future__ import annotations

import time
from typing import TextIO

PLAIN_EVERY = 5.0  # seconds between plain lines


class Progress:
    """Counts what an index run did with its files and shows it."""

    def __init__(self, stream: TextIO, total: int, archive: str):
        self.stream, self.total, self.archive = stream, total, archive
        self.indexed = self.unchanged = self.failed = self.claims = 0
        self.started = time.monotonic()

    @property
    def done(self) -> int:
        return self.indexed + self.unchanged + self.failed

    def rate(self) -> float:
        """Documents extracted per second (unchanged files cost next to nothing and are not counted)."""
        elapsed = time.monotonic() - self.started
        return self.indexed / elapsed if elapsed > 0 else 0.0

    def advance(self, *, indexed: int = 0, unchanged: int = 0, failed: int = 0, claims: int = 0) -> None:
        self.indexed += indexed
        self.unchanged += unchanged
        self.failed += failed
        self.claims += claims
        self.show()

    def show(self) -> None: ...

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


class PlainProgress(Progress):
    """A line now and then, and one at the end."""

    def __init__(self, stream: TextIO, total: int, archive: str):
        super().__init__(stream, total, archive)
        self._last = self.started

    def show(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last < PLAIN_EVERY:
            return
        self._last = now
        left = self.total - self.done
        eta = f", {_duration(left / self.rate())} left" if left and self.rate() > 0 else ""
        self.stream.write(f"factcheck: indexing into {self.archive}: {self.done:,}/{self.total:,} documents "
                          f"({self.indexed:,} indexed, {self.unchanged:,} unchanged, {self.failed:,} failed), "
                          f"{self.claims:,} claims, {self.rate():.1f} documents/s{eta}\n")
        self.stream.flush()

    def __exit__(self, *exc: object) -> None:
        self.show(force=True)


class RichProgress(Progress):
    """rich's live bar on the terminal."""

    def __init__(self, stream: TextIO, total: int, archive: str):
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as Bar

        super().__init__(stream, total, archive)
        self._bar = Bar(TextColumn("[bold]indexing"), BarColumn(bar_width=None), TaskProgressColumn(),
                        MofNCompleteColumn(), TextColumn("{task.fields[claims]:,} claims"),
                        TextColumn("{task.fields[rate]:.1f} docs/s"), TimeElapsedColumn(), TextColumn("ETA"),
                        TimeRemainingColumn(), console=Console(file=stream), transient=False)
        self._task = self._bar.add_task("indexing", total=total, claims=0, rate=0.0)

    def show(self) -> None:
        self._bar.update(self._task, completed=self.done, claims=self.claims, rate=self.rate())

    def __enter__(self) -> RichProgress:
        self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.show()
        self._bar.stop()


def progress(stream: TextIO, total: int, archive: str, *, enabled: bool = True) -> Progress:
    """The progress display for `stream`: rich on a terminal, plain lines otherwise, nothing if disabled."""
    if not enabled:
        return Progress(stream, total, archive)
    kind = RichProgress if stream.isatty() else PlainProgress
    return kind(stream, total, archive)


def _duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"
