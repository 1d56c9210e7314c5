"""Where extraction runs: in this process (`--jobs 1`) or in a pool of processes on this machine
(`dask_engine` runs it on a Dask cluster). Every engine yields results in the order the chunks were given,
so the archive comes out the same whichever engine made it."""

from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol

from factcheck.archive.extraction import Failed, Indexed, Job, index_chunk
from factcheck.config import ExtractConfig
from factcheck.errors import InputError

Results = list[Indexed | Failed]


class Engine(Protocol):
    """Runs `index_chunk` over chunks of jobs; a context manager that stops its workers on exit."""

    name: str
    workers: int

    def run(self, chunks: Iterable[Sequence[Job]], window: int) -> Iterator[Results]:
        """Results chunk by chunk, in order, with at most `window` chunks submitted and not yet taken."""
        ...

    def __enter__(self) -> Engine: ...

    def __exit__(self, *exc: object) -> None: ...


def in_order(submit: Callable[[Sequence[Job]], Any], chunks: Iterable[Sequence[Job]], window: int) -> Iterator[Results]:
    """Submit chunks with at most `window` in flight (memory stays flat) and yield their results in order;
    `submit` returns a future (concurrent.futures or Dask)."""
    pending: deque[Any] = deque()
    try:
        for chunk in chunks:
            pending.append(submit(chunk))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()


class SerialEngine:
    """Extraction in this process, chunk after chunk."""

    name = "serial"
    workers = 1

    def __init__(self, config: ExtractConfig, fingerprint: str):
        self.config, self.fingerprint = config, fingerprint

    def run(self, chunks: Iterable[Sequence[Job]], window: int) -> Iterator[Results]:
        for chunk in chunks:
            yield index_chunk(chunk, self.config, self.fingerprint)

    def __enter__(self) -> SerialEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def _ignore_interrupt() -> None:
    """Workers leave Ctrl-C to the parent, which stops them after committing what is done."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class ProcessEngine:
    """Extraction in `workers` processes (forkserver: a clean interpreter, not a copy of the writer with its
    open archive and progress thread)."""

    name = "process"

    def __init__(self, config: ExtractConfig, fingerprint: str, workers: int):
        self.config, self.fingerprint, self.workers = config, fingerprint, workers
        self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("forkserver"),
                                         initializer=_ignore_interrupt)

    def run(self, chunks: Iterable[Sequence[Job]], window: int) -> Iterator[Results]:
        try:
            yield from in_order(lambda chunk: self._pool.submit(index_chunk, chunk, self.config, self.fingerprint),
                                chunks, window)
        except BrokenProcessPool:
            raise InputError("factcheck index", "an extraction process died (killed, or out of memory)",
                             hint="run the same command again: what was written is kept; fewer --jobs need "
                                  "less memory") from None

    def __enter__(self) -> ProcessEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
