"""`factcheck index`: bring an archive up to date with files and folders, incrementally and in parallel.

Files whose text and metadata are unchanged (same content hash, same extraction fingerprint) are skipped;
changed ones are extracted again and replace their stored version; stored files that are gone from the
given folders are dropped. This process lists and reads the files and is the only writer; an engine
(serial, processes, Dask) extracts.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TextIO

from factcheck.archive.engines import Engine, ProcessEngine, SerialEngine
from factcheck.archive.extraction import Failed, Job
from factcheck.archive.progress import Progress, progress
from factcheck.archive.schema import ArchiveError, archive_errors, open_archive, transaction
from factcheck.archive.stable import content_hash, fingerprint
from factcheck.archive.writer import ArchiveWriter
from factcheck.config import ExtractConfig
from factcheck.documents import list_documents, read_document
from factcheck.errors import InputError

CHUNK = {"serial": 1, "process": 8, "dask": 32}  # documents per task: Dask's per-task overhead is higher


@dataclass(frozen=True)
class IndexSummary:
    """What an index run did."""

    archive: str
    files: int  # document files found under the paths
    new: int
    changed: int
    unchanged: int
    removed: int
    failed: int
    claims: int  # claims written by this run
    documents: int  # documents in the archive after the run
    seconds: float
    engine: str
    workers: int

    def line(self) -> str:
        rate = (self.new + self.changed) / self.seconds if self.seconds > 0 else 0.0
        return (f"{self.archive}: {self.new:,} new, {self.changed:,} changed, {self.unchanged:,} unchanged, "
                f"{self.removed:,} removed, {self.failed:,} failed; {self.claims:,} claims written; "
                f"{self.documents:,} documents in the archive ({self.seconds:.1f} s, {rate:.1f} documents/s, "
                f"{self.engine} x{self.workers})")

    def json(self) -> str:
        return json.dumps(asdict(self))


def default_jobs() -> int:
    """Every core this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def make_engine(config: ExtractConfig, fp: str, *, engine: str, jobs: int, scheduler: str | None) -> Engine:
    if engine == "dask":
        if not scheduler:
            raise InputError("--engine dask", "needs the scheduler's address",
                             hint="pass --scheduler tcp://HOST:8786 (docs/scale.md)")
        from factcheck.archive.dask_engine import DaskEngine

        return DaskEngine(config, fp, scheduler)
    return SerialEngine(config, fp) if jobs <= 1 else ProcessEngine(config, fp, jobs)


def index(paths: Sequence[str], db: str, *, config: ExtractConfig, engine: str = "process", jobs: int | None = None,
          scheduler: str | None = None, encoding: str | None = None, stream: TextIO | None = None,
          show_progress: bool = True, batch: int = 200) -> tuple[IndexSummary, list[InputError]]:
    """Index the documents under `paths` into the archive `db`; returns what was done and the problems met
    (each bad document is reported and skipped). Raises ArchiveError when the archive cannot be used."""
    started = time.monotonic()
    listed = list_documents(paths, encoding=encoding)
    errors: list[InputError] = list(listed.errors)
    conn = open_archive(db, create=True)
    try:
        fp = fingerprint(config)
        seen = {str(path.resolve()) for path, _ in listed.files}
        writer = ArchiveWriter(conn, db, fp, batch=batch, replaceable=seen.__contains__)
        writer.lock()
        removed = writer.remove(_gone(conn, db, paths, seen))
        workers = 1
        with progress(stream or sys.stderr, len(listed.files), db, enabled=show_progress) as shown, \
                make_engine(config, fp, engine=engine, jobs=jobs or default_jobs(), scheduler=scheduler) as runner:
            workers = runner.workers
            jobs_ = _jobs(conn, db, listed.files, fp, encoding, errors, shown)
            try:
                chunk = CHUNK[runner.name]
                for results in runner.run(_chunks(jobs_, chunk), window(batch, chunk, runner.workers)):
                    for result in results:
                        if isinstance(result, Failed):
                            _failed([result], errors, shown)
                            continue
                        shown.advance(indexed=1, claims=len(result.claims))
                        _failed(writer.add(result), errors, shown)
                _failed(writer.flush(), errors, shown)
            except BaseException as e:  # Ctrl-C, a worker lost: what was extracted is kept, the next run goes on
                if not isinstance(e, ArchiveError):
                    writer.flush()
                raise
        _finish(conn, db, paths)
        with archive_errors(db):
            documents = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        conn.close()
    summary = IndexSummary(db, len(listed.files), writer.new, writer.changed, shown.unchanged, removed, shown.failed,
                           writer.claims, documents, time.monotonic() - started, runner.name, workers)
    return summary, errors


def window(batch: int, chunk: int, workers: int) -> int:
    """How many chunks to keep submitted: a writer's batch and two chunks a worker. While the writer commits
    a batch it takes no results, so the workers go on only with what was submitted before: with less than
    a batch queued they sat idle for most of each commit (2 processes were 1.6x one instead of 1.9x)."""
    return -(-batch // chunk) + 2 * workers


def _failed(failures: list[Failed], errors: list[InputError], shown: Progress) -> None:
    """Report documents that could not be indexed."""
    for f in failures:
        errors.append(InputError(f.path, f.message, hint="the other documents were indexed; fix this one and run "
                                                         "again"))
        shown.advance(failed=1)


def _jobs(conn: sqlite3.Connection, db: str, files: list[tuple[Path, dict | None]], fp: str, encoding: str | None,
          errors: list[InputError], shown: Progress) -> Iterator[Job]:
    """Read each file and yield those to (re)extract; unchanged and unreadable files are counted."""
    ids: dict[str, str] = {}
    for path, metadata in files:
        try:
            doc = read_document(path, metadata=metadata, encoding=encoding)
            if doc.id in ids:
                raise InputError(str(path), f"document id {doc.id!r} is already used by {ids[doc.id]}",
                                 hint="give one of them another id (front matter or corpus.yaml 'id:')")
        except InputError as e:
            errors.append(e)
            shown.advance(failed=1)
            continue
        ids[doc.id] = str(path)
        file, digest = str(path.resolve()), content_hash(doc)
        with archive_errors(db):
            stored = conn.execute("SELECT hash, fingerprint FROM documents WHERE file = ?", (file,)).fetchone()
        if stored == (digest, fp):
            shown.advance(unchanged=1)
            continue
        yield Job(doc, file, digest)


def _chunks(jobs: Iterator[Job], size: int) -> Iterator[list[Job]]:
    chunk: list[Job] = []
    for job in jobs:
        chunk.append(job)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _gone(conn: sqlite3.Connection, db: str, paths: Sequence[str], seen: set[str]) -> list[str]:
    """Stored files inside the given folders (or named) that are no longer there. A path that does not
    exist removes nothing: it is more likely a typo than a deleted folder."""
    gone: list[str] = []
    with archive_errors(db):
        for given in paths:
            root = Path(given)
            if not root.exists():
                continue
            root_s = str(root.resolve())
            if root.is_dir():
                prefix = root_s.rstrip(os.sep) + os.sep
                rows = conn.execute("SELECT file FROM documents WHERE file >= ? AND file < ?",
                                    (prefix, prefix[:-1] + chr(ord(os.sep) + 1)))
            else:
                rows = conn.execute("SELECT file FROM documents WHERE file = ?", (root_s,))
            gone += [f for (f,) in rows if f not in seen]
    return sorted(set(gone))


def _finish(conn: sqlite3.Connection, db: str, paths: Sequence[str]) -> None:
    """Note the run and keep the indexed paths, so that advice to re-index can name them."""
    with archive_errors(db), transaction(conn):
        row = conn.execute("SELECT value FROM meta WHERE key = 'roots'").fetchone()
        roots = json.loads(row[0]) if row else []
        roots += [r for r in (str(Path(p).resolve()) for p in paths if Path(p).exists()) if r not in roots]
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", [("roots", json.dumps(roots)), ("last_run", now)])
