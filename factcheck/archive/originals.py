"""Republication inside the archive, kept up to date as documents come and go.

`republication.find_republications` compares a set of documents in memory; the archive keeps each
document's stable shingles in a table indexed by hash and decides each document's `original` with the
same rule (`republication.choose_original`) from the documents it shares shingles with. When a document
comes or goes, only a few others can change their answer, and only they are decided again:
- one comes: those that copy most of it, those that declare an outlet they republish, and the copies
  among the holders of a shingle it turns into boilerplate;
- one goes: those whose original it was, and the holders of a shingle it turns back from boilerplate.
So the cost grows with the copies of a story, not with the archive (`Changes`).

A stored document's shingles are recomputed from its text (to delete them, or decide it again): a change
to `republication.shingles` needs a migration that rebuilds the table (`rebuild`).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Set
from dataclasses import dataclass

from factcheck.archive import codec
from factcheck.archive.extraction import body_shingles
from factcheck.republication import COMMON, Candidate, choose_original, copies_most_of

# Rows of two kinds. 0: per document sharing a shingle with the given ones, counting only shingles held
# by 2 to COMMON + 1 documents (more: boilerplate before and after the change), how many it shares that
# are not boilerplate. 1: per shingle held by exactly COMMON + 1 (the change tips it into or out of
# boilerplate), its holders.
_SHARING = """
    WITH mine(h) AS (SELECT value FROM json_each(:hashes)),
         held(h, n) AS (
             SELECT h, (SELECT count(*) FROM (SELECT 1 FROM shingles WHERE hash = h LIMIT :over)) FROM mine)
    SELECT 0, s.doc, sum(held.n <= :common) FROM held JOIN shingles AS s ON s.hash = held.h
    WHERE held.n BETWEEN 2 AND :common + 1 GROUP BY s.doc
    UNION ALL
    SELECT 1, held.h, group_concat(s.doc) FROM held JOIN shingles AS s ON s.hash = held.h
    WHERE held.n = :common + 1 GROUP BY held.h"""


@dataclass(frozen=True)
class _Sharing:
    """What the shingle table says about one document's shingles."""

    shared: Counter[int]  # not-boilerplate shingles shared with each other document
    tipped: dict[int, list[int]]  # shingles one holder past the boilerplate limit, and their holders
    touched: set[int]  # every other document whose counts change when this one comes or goes

    @property
    def tipping(self) -> set[int]:
        """The holders of the shingles this one tips into or out of boilerplate."""
        return {d for docs in self.tipped.values() for d in docs}


def _sharing(conn: sqlite3.Connection, num: int, hashes: Iterable[int]) -> _Sharing:
    rows = conn.execute(_SHARING, {"hashes": json.dumps(list(hashes)), "over": COMMON + 2, "common": COMMON})
    shared: Counter[int] = Counter()
    tipped: dict[int, list[int]] = {}
    touched: set[int] = set()
    for kind, key, value in rows:
        if kind == 1:
            tipped[key] = [d for d in map(int, value.split(",")) if d != num]
        elif key != num:
            touched.add(key)
            if value:
                shared[key] = value
    return _Sharing(shared, tipped, touched)


class Changes:
    """The documents that come and go in one transaction, and the originals to decide again at its end.

    A document's shingle counts, looked up when it arrives, are kept for deciding it at the end, and kept
    true as others come and go (see `_look_up`)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.affected: set[int] = set()
        self._shingles: dict[int, Set[int]] = {}
        self._shared: dict[int, Counter[int]] = {}

    def departing(self, num: int, hashes: Set[int]) -> None:
        """Document `num` is about to be deleted: those whose original it is, and the holders of a shingle
        it turns back from boilerplate, are decided again."""
        sharing = self._look_up(num, hashes, arriving=False)
        self._shared.pop(num, None)
        self._shingles.pop(num, None)
        copies = {d for (d,) in self.conn.execute(
            "SELECT c.num FROM documents AS c JOIN documents AS o ON c.original = o.id WHERE o.num = ?", (num,))}
        self.affected |= copies | sharing.tipping
        self.affected.discard(num)

    def arrived(self, num: int, hashes: Set[int]) -> None:
        """Document `num` was inserted: it is decided, and so are those that copy most of it (it may be
        their original), those that declare an outlet they republish (it may be it), and those with an
        original among the holders of a shingle it turns into boilerplate (fewer shared shingles can take
        an original away, never give one)."""
        sharing = self._look_up(num, hashes, arriving=True)
        self._shingles[num], self._shared[num] = hashes, sharing.shared
        copies = {d for d, n in sharing.shared.items() if copies_most_of(n, len(hashes))}
        declaring = self._having("json_extract(document, '$.republishes') IS NOT NULL", sharing.shared)
        copying = self._having("original IS NOT NULL", sharing.tipping)
        self.affected |= copies | declaring | copying | {num}

    def decide(self) -> int:
        """Decide again the original of every affected document still there; returns how many changed."""
        changed = 0
        for num in sorted(self.affected):
            row = self.conn.execute("SELECT document, shingles, original FROM documents WHERE num = ?",
                                    (num,)).fetchone()
            if row is None:
                continue
            doc = codec.decode_document(row[0])
            shared = self._shared.get(num)
            if shared is None:
                hashes = self._shingles.get(num) or stored_shingles(self.conn, num)
                shared = _sharing(self.conn, num, hashes).shared
            original = choose_original(doc, row[1], _candidates(self.conn, shared, everyone=bool(doc.republishes)))
            new = original.id if original is not None else None
            if new != row[2]:
                self.conn.execute("UPDATE documents SET original = ? WHERE num = ?", (new, num))
                changed += 1
        self.affected.clear()
        return changed

    def _look_up(self, num: int, hashes: Set[int], *, arriving: bool) -> _Sharing:
        """The sharing of document `num`, which is arriving or departing; the counts kept for others are
        brought up to date: `num` shares `sharing.shared[d]` shingles with `d`, now or no longer, and a
        shingle tipped into boilerplate stops counting between its other holders (one tipped out of it
        starts counting again)."""
        sharing = _sharing(self.conn, num, hashes)
        for d in sharing.touched:
            kept = self._shared.get(d)
            if kept is None:
                continue
            if arriving and sharing.shared.get(d):
                kept[num] = sharing.shared[d]
            elif not arriving:
                kept.pop(num, None)
        step = -1 if arriving else 1
        for holders in sharing.tipped.values():
            for d in holders:
                kept = self._shared.get(d)
                if kept is None:
                    continue
                for e in holders:
                    if e != d:
                        kept[e] += step
                        if kept[e] <= 0:
                            del kept[e]
        return sharing

    def _having(self, condition: str, nums: Iterable[int]) -> set[int]:
        nums = list(nums)
        if not nums:
            return set()
        return {d for (d,) in self.conn.execute(
            f"SELECT num FROM documents WHERE num IN (SELECT value FROM json_each(?)) AND {condition}",
            (json.dumps(nums),))}


def rebuild(conn: sqlite3.Connection, step: int = 1000) -> None:
    """Recompute every stored document's shingles from its text and decide every original again: what a
    change to `republication.shingles` needs (run by a schema migration, inside its transaction)."""
    conn.execute("DELETE FROM shingles")
    changes, last = Changes(conn), 0
    while rows := conn.execute("SELECT num, document, text FROM documents WHERE num > ? ORDER BY num LIMIT ?",
                               (last, step)).fetchall():
        for num, stored, text in rows:
            hashes = body_shingles(codec.decode_document(stored, codec.decode_text(text)))
            conn.executemany("INSERT INTO shingles VALUES (?, ?)", ((h, num) for h in sorted(hashes)))
            conn.execute("UPDATE documents SET shingles = ? WHERE num = ?", (len(hashes), num))
            changes.affected.add(num)
        last = rows[-1][0]
    changes.decide()


def stored_shingles(conn: sqlite3.Connection, num: int) -> set[int]:
    row = conn.execute("SELECT document, text FROM documents WHERE num = ?", (num,)).fetchone()
    return body_shingles(codec.decode_document(row[0], codec.decode_text(row[1]))) if row else set()


def _candidates(conn: sqlite3.Connection, shared: Counter[int], everyone: bool) -> list[Candidate]:
    """The documents sharing shingles with one, in archive order (ties go to the later, as in memory):
    only those it copies most of, unless it declares an outlet it republishes (`everyone`)."""
    if not shared:
        return []
    sizes = conn.execute("SELECT num, shingles FROM documents WHERE num IN (SELECT value FROM json_each(?))",
                         (json.dumps(list(shared)),)).fetchall()
    wanted = [num for num, size in sizes if everyone or copies_most_of(shared[num], size)]
    if not wanted:
        return []
    rows = conn.execute("SELECT num, document, shingles FROM documents WHERE num IN (SELECT value FROM json_each(?)) "
                        "ORDER BY num", (json.dumps(wanted),))
    return [Candidate(codec.decode_document(doc), shared[num], size) for num, doc, size in rows]
