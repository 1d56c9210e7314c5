"""Extraction on a Dask cluster (`factcheck index --engine dask --scheduler ADDRESS`): chunks of documents
go to the workers as tasks, their results come back to this process, the archive's only writer.

Documents travel as text (this process reads every file anyway, for its content hash), so workers need
no shared file system, only the same factcheck: a worker with another version refuses its chunks.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from factcheck.archive.engines import Results, in_order
from factcheck.archive.extraction import Job, index_chunk
from factcheck.config import ExtractConfig
from factcheck.errors import InputError

if TYPE_CHECKING:
    from distributed import Future

CONNECT_TIMEOUT = "20s"


class DaskEngine:
    """A client of the Dask scheduler at `address`, with about three chunks in flight per worker thread."""

    name = "dask"

    def __init__(self, config: ExtractConfig, fingerprint: str, address: str):
        try:
            from distributed import Client
        except ImportError:
            raise InputError("--engine dask", "needs Dask's distributed scheduler, which is not installed",
                             hint="pip install 'factcheck[dask]'") from None
        self.config, self.fingerprint, self.address = config, fingerprint, address
        try:
            self._client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as e:
            raise InputError(address, f"cannot reach the Dask scheduler: {e}",
                             hint="start one with 'dask scheduler' and workers with 'dask worker ADDRESS', "
                                  "and pass its address, e.g. tcp://10.0.0.5:8786") from None
        self.workers = max(1, sum(self._client.nthreads().values()))

    def run(self, chunks: Iterable[Sequence[Job]], window: int) -> Iterator[Results]:
        def submit(chunk: Sequence[Job]) -> Future:
            return self._client.submit(index_chunk, list(chunk), self.config, self.fingerprint, pure=False)

        try:
            yield from in_order(submit, chunks, window)
        except (InputError, KeyboardInterrupt):
            raise
        except Exception as e:  # a worker lost for good (KilledWorker), the scheduler gone, a bad pickle
            raise InputError(self.address, f"the Dask cluster failed: {type(e).__name__}: {e}",
                             hint="run the same command again: what was written is kept") from None

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self._client.close()
