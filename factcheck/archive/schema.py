"""The archive file: its SQLite schema, versioned by `PRAGMA user_version` and brought up to date by
migrations, and every way opening or writing it can fail turned into an `ArchiveError` that says what to do.

An archive is a factcheck archive when its `application_id` is ours; any other SQLite file is refused
untouched, and so is one whose schema is newer than this factcheck knows.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

from factcheck.archive import originals
from factcheck.archive.stable import factcheck_version
from factcheck.errors import InputError

SCHEMA_VERSION = 2
APPLICATION_ID = 0x46434B41  # "FCKA"
BUSY_TIMEOUT = 5.0  # seconds to wait for another process's write lock
CACHE_KIB = 32768  # page cache of a reading connection: bounded, whatever the archive's size
WRITER_CACHE_KIB = 262144  # the writer's: a batch's dirty pages stay in memory until its commit
WRITER_MMAP = 1 << 32  # the writer reads the shingles table through a memory map (the OS page cache)
_HEADER = b"SQLite format 3\x00"
_REINDEX_HINT = "make a new archive with 'factcheck index PATH… --db FILE'"

_V1 = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    # one row per document file; `num` is what claims and shingles point at
    """CREATE TABLE documents (
        num INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,           -- Document.id
        file TEXT NOT NULL UNIQUE,         -- the resolved path it was read from: its identity across runs
        hash BLOB NOT NULL,                -- digest of its text and metadata (stable.content_hash)
        fingerprint TEXT NOT NULL,         -- factcheck version / extraction settings its claims were made with
        document TEXT NOT NULL,            -- the Document as JSON, without text and original
        text BLOB NOT NULL,                -- the text, zlib-compressed UTF-8
        original TEXT,                     -- id of the archive document it republishes (republication.py)
        claims INTEGER NOT NULL,           -- how many claims it has
        shingles INTEGER NOT NULL,         -- how many distinct shingles its body has
        indexed TEXT NOT NULL              -- when, UTC ISO 8601
    )""",
    "CREATE INDEX documents_fingerprint ON documents (fingerprint)",
    "CREATE INDEX documents_original ON documents (original) WHERE original IS NOT NULL",
    """CREATE TABLE claims (
        doc INTEGER NOT NULL REFERENCES documents (num) ON DELETE CASCADE,
        key INTEGER,                       -- stable.key_hash(link_keys(claim)); NULL when it cannot link
        claim BLOB NOT NULL                -- the claim's JSON (the output contract), zlib-compressed
    )""",
    "CREATE INDEX claims_key ON claims (key) WHERE key IS NOT NULL",
    "CREATE INDEX claims_doc ON claims (doc)",
    # a document's shingles, for republication inside the archive; a row per (shingle, document)
    "CREATE TABLE shingles (hash INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (hash, doc)) WITHOUT ROWID",
)


def _v1(conn: sqlite3.Connection) -> None:
    for statement in _V1:
        conn.execute(statement)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    conn.executemany("INSERT INTO meta VALUES (?, ?)", [("created", now), ("created_by", factcheck_version())])


def _v2(conn: sqlite3.Connection) -> None:
    """Shingles became a sample of a text's windows (one in `republication.SHINGLE_SAMPLE`): each document's
    are recomputed from its stored text and every original decided again."""
    originals.rebuild(conn)


Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: tuple[Migration, ...] = (_v1, _v2)  # MIGRATIONS[i] takes an archive from version i to i + 1


class ArchiveError(InputError):
    """The archive file cannot be used as it is: names the file and what to do."""


def is_archive(path: str) -> bool:
    """Whether `--against PATH` names an archive: by its suffix or, for any other file, its first bytes."""
    p = Path(path)
    if p.suffix.lower() in (".sqlite", ".sqlite3", ".db"):
        return True
    try:
        with p.open("rb") as f:
            return f.read(len(_HEADER)) == _HEADER
    except OSError:
        return False


def connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A connection with our settings: transactions are explicit (`transaction`), a bounded page cache,
    usable from the thread that holds it (the language server's worker)."""
    target, uri = (path.resolve().as_uri() + "?mode=ro", True) if read_only else (str(path), False)
    conn = sqlite3.connect(target, uri=uri, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def open_archive(path: str | Path, *, create: bool = False) -> sqlite3.Connection:
    """Open an archive (a new one when `create` and the file does not exist, and then as its writer),
    checked and migrated to SCHEMA_VERSION; raises ArchiveError and leaves the file as it was when it
    cannot be used. Archives are in WAL mode: checks read while `factcheck index` writes."""
    where, p = str(path), Path(path)
    if p.is_dir():
        raise ArchiveError(where, "is a folder, not an archive file", hint="name a file, e.g. archive.sqlite")
    if not p.exists() and not create:
        raise ArchiveError(where, "no archive here", hint=f"make one with 'factcheck index PATH… --db {where}'")
    if p.exists():
        _check_header(p, where)
    with archive_errors(where):
        read_only = p.exists() and not os.access(p, os.W_OK)
        conn = connect(p, read_only=read_only)
    try:
        with archive_errors(where):
            _check_and_migrate(conn, where, create)
            if not read_only:
                conn.execute("PRAGMA journal_mode = WAL")  # kept in the file; a no-op once set
                conn.execute("PRAGMA synchronous = NORMAL")  # WAL stays whole on a crash; commits skip fsync
            if create:
                conn.execute(f"PRAGMA cache_size = -{WRITER_CACHE_KIB}")
                conn.execute(f"PRAGMA mmap_size = {WRITER_MMAP}")
    except BaseException:
        conn.close()
        raise
    return conn


def _check_header(p: Path, where: str) -> None:
    """Refuse what is not an SQLite file, or one shorter than its header says, before SQLite reads it."""
    with archive_errors(where):
        with p.open("rb") as f:
            head = f.read(100)
        size = p.stat().st_size
    if size == 0:
        return  # an empty file is an empty database
    if len(head) < 100 or not head.startswith(_HEADER):
        raise ArchiveError(where, "not an SQLite database, so not a factcheck archive",
                           hint=f"pass the file 'factcheck index --db' wrote, or {_REINDEX_HINT}")
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    header_valid = head[24:28] == head[92:96]
    recovering = any(Path(where + suffix).exists() for suffix in ("-journal", "-wal"))  # SQLite restores these
    if header_valid and not recovering and size < page_size * pages:
        raise ArchiveError(where, f"the archive is truncated: {size:,} bytes of the {page_size * pages:,} its header "
                                  "gives", hint=f"restore it from a backup, or {_REINDEX_HINT}")


def _check_and_migrate(conn: sqlite3.Connection, where: str, create: bool) -> None:
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")]
    if app_id != APPLICATION_ID:
        if app_id or tables:
            what = f"its tables are {', '.join(tables[:5])}" if tables else f"its application id is {app_id:#x}"
            raise ArchiveError(where, f"an SQLite database but not a factcheck archive ({what})",
                               hint=f"it was left untouched; pass the archive 'factcheck index --db' wrote, or "
                                    f"{_REINDEX_HINT} under another name")
        if not create:
            raise ArchiveError(where, "an empty database, not an archive yet",
                               hint=f"index documents into it with 'factcheck index PATH… --db {where}'")
    elif version > SCHEMA_VERSION:
        raise ArchiveError(where, f"the archive's schema version {version} is newer than this factcheck's "
                                  f"({SCHEMA_VERSION}): it was written by a later factcheck",
                           hint="upgrade factcheck (pip install -U factcheck); the archive was left untouched")
    if app_id != APPLICATION_ID or version < SCHEMA_VERSION:
        migrate(conn)


def migrate(conn: sqlite3.Connection, target: int | None = None) -> None:
    """Run the migrations from the archive's version to `target` (SCHEMA_VERSION) in one transaction:
    all or none."""
    target = SCHEMA_VERSION if target is None else target
    with transaction(conn):
        version = conn.execute("PRAGMA user_version").fetchone()[0]  # again, under the write lock
        for step in MIGRATIONS[version:target]:
            step(conn)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {max(version, target)}")


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """A write transaction that takes the write lock at once (so a locked archive fails before any
    work) and commits on success, rolls back on any error or interrupt."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:  # SQLite rolls back by itself on some errors (a full disk)
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


@contextlib.contextmanager
def snapshot(conn: sqlite3.Connection) -> Iterator[None]:
    """A read transaction: the queries in it see one state of the archive, whatever a writer commits."""
    conn.execute("BEGIN")
    try:
        yield
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")


@contextlib.contextmanager
def archive_errors(where: str) -> Iterator[None]:
    """Turn SQLite's and the file system's errors on the archive into an ArchiveError naming it."""
    try:
        yield
    except sqlite3.Error as e:
        raise _archive_error(where, e) from None
    except OSError as e:
        raise ArchiveError(where, f"cannot read it: {e.strerror or e}", hint="check the path and its permissions") \
            from None


def _archive_error(where: str, e: sqlite3.Error) -> ArchiveError:
    name = getattr(e, "sqlite_errorname", None) or ""
    text = str(e).lower()
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        return ArchiveError(where, "the archive is locked by another process (a 'factcheck index' still running?)",
                            hint="wait for it to finish and run again; the archive was left as it was")
    if name == "SQLITE_FULL" or "disk is full" in text:
        return ArchiveError(where, "the disk is full (or the archive reached its size limit): the batch being "
                                   "written was rolled back",
                            hint="free some space and run the same command again: what was committed is kept "
                                 "and the run resumes")
    if name in ("SQLITE_NOTADB", "SQLITE_CORRUPT") or "not a database" in text or "malformed" in text:
        return ArchiveError(where, f"the archive is damaged or not an SQLite database ({e})",
                            hint=f"restore it from a backup, or {_REINDEX_HINT}")
    if name.startswith("SQLITE_READONLY") or "readonly" in text:
        return ArchiveError(where, "cannot write to the archive: the file or its folder is read-only",
                            hint="check the permissions of the file and of its folder")
    if name.startswith("SQLITE_CANTOPEN") or "unable to open" in text:
        return ArchiveError(where, "cannot open or create the archive file",
                            hint="check that its folder exists and that you may write there")
    return ArchiveError(where, f"SQLite error: {e}", hint="check the file and the disk; the last batch was rolled back")
