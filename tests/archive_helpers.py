"""What tests/test_archive.py and tests/test_batch.py compare archives by, and the documents that
tests/test_archive.py and tests/test_check.py write for checks against an archive."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from factcheck.archive.codec import decode_claim

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "check"


def write(folder: Path, name: str, body: str, **meta: str) -> Path:
    """A document file: `meta` as front matter (none when empty); its id is the file's stem."""
    folder.mkdir(parents=True, exist_ok=True)
    front = "".join(f"{k}: {v}\n" for k, v in meta.items())
    path = folder / name
    path.write_text(f"---\n{front}---\n{body}\n" if meta else body + "\n", encoding="utf-8")
    return path


def rain_reports(root: Path) -> tuple[Path, Path]:
    """(archive folder, draft): three different texts (no republications of each other) giving three
    rainfalls for one day in Sacramento; the draft's contradicts both archive documents."""
    archive = root / "archive"
    write(archive, "old-a.md", "Sacramento received 2.1 inches of rain on May 10, the National Weather Service "
          "said.", source="Capital Bee", published="2021-05-12")
    write(archive, "old-b.md", "Streets flooded downtown when 4.4 inches of rain fell on Sacramento on May 10, "
          "according to the National Weather Service.", source="Valley Times", published="2021-05-12")
    draft = write(root / "draft", "draft.md", "Crews pumped out basements after a storm dropped 3.2 inches "
                  "of rain on Sacramento on May 10, the National Weather Service reported.",
                  source="Sacramento Post", published="2021-05-12")
    return archive, draft


def contents(db: Path) -> dict[str, tuple]:
    """What an archive holds, by document id, independent of row numbers and times."""
    conn = sqlite3.connect(db)
    try:
        nums = {num: doc_id for num, doc_id in conn.execute("SELECT num, id FROM documents")}
        claims: dict[str, list] = {doc_id: [] for doc_id in nums.values()}
        for doc, key, blob in conn.execute("SELECT doc, key, claim FROM claims ORDER BY doc, rowid"):
            claims[nums[doc]].append((key, decode_claim(blob).model_dump_json()))
        return {doc_id: (h, original, n, claims[doc_id]) for doc_id, h, original, n in
                conn.execute("SELECT id, hash, original, shingles FROM documents")}
    finally:
        conn.close()


def consistent(db: Path) -> int:
    """Assert the archive is whole (SQLite's own checks; every document has all its claims and shingles);
    returns its number of documents."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        rows = conn.execute("SELECT d.claims, (SELECT count(*) FROM claims c WHERE c.doc = d.num), d.shingles, "
                            "(SELECT count(*) FROM shingles s WHERE s.doc = d.num) FROM documents d").fetchall()
        assert all(a == b and c == d for a, b, c, d in rows), rows
        ids = {i for (i,) in conn.execute("SELECT id FROM documents")}
        originals = {o for (o,) in conn.execute("SELECT original FROM documents WHERE original IS NOT NULL")}
        assert originals <= ids
        return len(rows)
    finally:
        conn.close()
