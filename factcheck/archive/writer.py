"""The one writer of an archive: documents in, replaced or removed, in transactions of a batch each.

Each commit leaves a consistent archive (every document with its claims and shingles, every original
decided again), so an interrupted run loses at most the batch being written and the next run resumes.
Only the process that runs `factcheck index` writes; engines only send it `Indexed` records.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from collections.abc import Callable, Iterable

from factcheck.archive.extraction import Failed, Indexed
from factcheck.archive.originals import Changes, stored_shingles
from factcheck.archive.schema import archive_errors, transaction

_INSERT_DOCUMENT = """INSERT INTO documents (id, file, hash, fingerprint, document, text, claims, shingles, indexed)
                      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"""


class ArchiveWriter:
    """Buffers indexed documents and writes them `batch` at a time (or every `seconds`).

    `replaceable(file)` says whether another file's document may give up its id to a new one (it is being
    re-indexed in this run); otherwise a clash of ids is reported as a failure of the new document."""

    def __init__(self, conn: sqlite3.Connection, where: str, fingerprint: str, *, batch: int = 200,
                 seconds: float = 2.0, replaceable: Callable[[str], bool] = lambda file: False):
        self.conn, self.where, self.fingerprint = conn, where, fingerprint
        self.batch, self.seconds, self.replaceable = batch, seconds, replaceable
        self._pending: list[Indexed] = []
        self._since = time.monotonic()
        self.new = self.changed = self.claims = 0  # written and committed

    def add(self, item: Indexed) -> list[Failed]:
        """Queue a document; writes the queue when it is full or old enough. Returns the failures."""
        self._pending.append(item)
        if len(self._pending) >= self.batch or time.monotonic() - self._since >= self.seconds:
            return self.flush()
        return []

    def flush(self) -> list[Failed]:
        """Write the queued documents in one transaction."""
        items, self._since = self._pending, time.monotonic()
        if not items:
            return []
        failed: list[Failed] = []
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        new = changed = claims = 0
        with archive_errors(self.where), transaction(self.conn):
            changes = Changes(self.conn)
            for item in items:
                clash = self.conn.execute("SELECT file FROM documents WHERE id = ?", (item.id,)).fetchone()
                if clash is not None and clash[0] != item.file and not self.replaceable(clash[0]):
                    failed.append(Failed(item.file, item.path, f"document id {item.id!r} is already used by "
                                                               f"{clash[0]} in the archive"))
                    continue  # and its stored version, if any, stays
                replaced = self._drop("file", item.file, changes)
                self._drop("id", item.id, changes)  # a file of this run that had the id: its turn comes
                changes.arrived(self._insert(item, now), item.shingles)
                if replaced:
                    changed += 1
                else:
                    new += 1
                claims += len(item.claims)
            changes.decide()
        self.new, self.changed, self.claims = self.new + new, self.changed + changed, self.claims + claims
        self._pending = []  # only now: a batch rolled back (Ctrl-C while writing) is written by the next flush
        return failed

    def remove(self, files: Iterable[str]) -> int:
        """Drop the documents read from `files` (gone from disk) in one transaction; returns how many."""
        with archive_errors(self.where), transaction(self.conn):
            changes = Changes(self.conn)
            removed = sum(self._drop("file", file, changes) for file in files)
            changes.decide()
        return removed

    def lock(self) -> None:
        """Take and release the write lock, so that a locked archive fails before any work (nothing is
        written: a run that fails leaves the file as it was)."""
        with archive_errors(self.where), transaction(self.conn):
            pass

    def _drop(self, column: str, value: str, changes: Changes) -> bool:
        """Delete the document whose `column` is `value`, if there is one."""
        row = self.conn.execute(f"SELECT num FROM documents WHERE {column} = ?", (value,)).fetchone()
        if row is None:
            return False
        num = row[0]
        hashes = stored_shingles(self.conn, num)
        changes.departing(num, hashes)
        self.conn.executemany("DELETE FROM shingles WHERE hash = ? AND doc = ?", ((h, num) for h in hashes))
        self.conn.execute("DELETE FROM documents WHERE num = ?", (num,))  # claims go with it (ON DELETE CASCADE)
        return True

    def _insert(self, item: Indexed, now: str) -> int:
        cur = self.conn.execute(_INSERT_DOCUMENT, (item.id, item.file, item.hash, self.fingerprint, item.document,
                                                   item.text, len(item.claims), len(item.shingles), now))
        num = cur.lastrowid
        assert num is not None
        self.conn.executemany("INSERT INTO claims (doc, key, claim) VALUES (?, ?, ?)",
                              ((num, key, blob) for key, blob in item.claims))
        self.conn.executemany("INSERT INTO shingles VALUES (?, ?)", ((h, num) for h in sorted(item.shingles)))
        return num
