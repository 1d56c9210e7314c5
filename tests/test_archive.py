"""The SQLite claim archive (factcheck/archive): a draft checked against it gets what it gets against the
folder; indexing is incremental; the schema migrates; bad archives and interrupted runs leave the file
as it was (or consistent) with a clear message and exit 2."""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from archive_helpers import FIXTURES, consistent, contents, rain_reports, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.archive import ArchiveError, SqliteIndex, index, open_archive
from factcheck.archive import schema as schema_module
from factcheck.archive.extraction import Job, body_shingles, index_document
from factcheck.archive.stable import content_hash, fingerprint
from factcheck.archive.writer import ArchiveWriter
from factcheck.checker import check_against, rule_config
from factcheck.claimindex import CombinedIndex, MemoryIndex, open_against
from factcheck.cli import main
from factcheck.config import ExtractConfig
from factcheck.documents import load_documents
from factcheck.extract import extract
from factcheck.records import Document, PartialDate
from factcheck.republication import find_republications
from factcheck.rulepacks import default_rules

RULES = default_rules()
CONFIG = rule_config(ExtractConfig(), RULES)  # what `factcheck check` and `factcheck index` extract with


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def build(paths: list[Path], db: Path, **options) -> tuple:
    options.setdefault("jobs", 1)
    options.setdefault("show_progress", False)
    return index([str(p) for p in paths], str(db), config=CONFIG, **options)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def fixture_archive(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("archive") / "fixtures.sqlite"
    summary, errors = build([FIXTURES], db)
    assert not errors and summary.new == summary.documents > 10
    return db


# ----------------------------------------------------------------------------- round trip
def test_a_draft_gets_the_same_report_against_the_archive_as_against_the_folder(fixture_archive):
    docs = load_documents([str(FIXTURES)]).documents
    memory, archive = MemoryIndex(docs, CONFIG), SqliteIndex(fixture_archive, CONFIG)
    across = 0
    for draft in docs:  # each draft is in both archives too: both give way to the draft itself
        folder = check_against([draft], memory, config=CONFIG, rules=RULES)
        stored = check_against([draft], archive, config=CONFIG, rules=RULES)
        assert stored.report.model_dump_json() == folder.report.model_dump_json(), draft.id
        across += sum(len({c.doc for c in f.claims}) > 1 for f in stored.report.findings)
    assert across > 5  # findings that need the archive's claims


def test_archive_documents_come_back_as_loaded_with_their_originals(fixture_archive):
    docs = {d.id: d for d in find_republications(load_documents([str(FIXTURES)]).documents)}
    archive = SqliteIndex(fixture_archive, CONFIG)
    assert len(archive) == len(docs)
    related = archive.related(c for d in docs.values() for c in extract(d, CONFIG))
    assert related.documents
    for doc_id, doc in related.documents.items():
        want = docs[doc_id]
        assert doc.model_dump(exclude={"path"}) == want.model_dump(exclude={"path"})
        assert Path(doc.path or "").name == Path(want.path or "").name


def test_cli_check_against_an_archive_equals_against_the_folder(tmp_path, capsys):
    archive, draft = rain_reports(tmp_path)
    db = tmp_path / "news.db"
    code, out, err = run(capsys, "index", str(archive), "--db", str(db), "--jobs", "1")
    assert code == 0, err
    assert out.count("\n") == 1 and "2 new" in out
    code_f, by_folder, _ = run(capsys, "check", str(draft), "--against", str(archive), "--format", "json")
    code_a, by_archive, err = run(capsys, "check", str(draft), "--against", str(db), "--format", "json")
    assert (code_a, by_archive) == (code_f, by_folder) == (1, by_folder), err
    pairs = sorted(sorted(c["doc"] for c in f["claims"]) for f in json.loads(by_archive)["findings"]
                   if f["kind"] == "contradiction")
    assert pairs == [["draft", "old-a"], ["draft", "old-b"]]


def test_an_archive_is_recognised_by_its_first_bytes_and_combines_with_folders(tmp_path, capsys, fixture_archive):
    plain = tmp_path / "archive-file"  # no suffix: the SQLite header says what it is
    shutil.copy(fixture_archive, plain)
    extra = write(tmp_path / "extra", "new.md", "Sacramento received 2.9 inches of rain on May 10, the National "
                  "Weather Service said.", source="Sac Daily", published="2021-05-12")
    index_, errors = open_against([str(plain), str(extra.parent)], CONFIG)
    assert not errors and isinstance(index_, CombinedIndex)
    docs = load_documents([str(FIXTURES), str(extra.parent)]).documents
    draft = next(d for d in docs if d.id == "post-river-flood")
    together = check_against([draft], MemoryIndex(docs, CONFIG), config=CONFIG, rules=RULES)
    combined = check_against([draft], index_, config=CONFIG, rules=RULES)
    assert combined.report.model_dump_json() == together.report.model_dump_json()
    assert "new" in {c.doc for f in combined.report.findings for c in f.claims}


def test_related_looks_keys_up_in_the_index(fixture_archive):
    conn = open_archive(fixture_archive)
    plan = " ".join(r[3] for r in conn.execute(
        "EXPLAIN QUERY PLAN SELECT doc, claim FROM claims WHERE key IN (SELECT value FROM json_each(?)) "
        "ORDER BY doc, rowid", ("[1]",)))
    conn.close()
    assert "USING INDEX claims_key" in plan and "SCAN claims" not in plan


# ----------------------------------------------------------------------------- incremental
def test_unchanged_files_are_skipped_changed_replaced_and_removed_dropped(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "weather", corpus / "weather")
    shutil.copytree(FIXTURES / "wildfires", corpus / "wildfires")
    db = tmp_path / "a.sqlite"
    first, errors = build([corpus], db)
    assert not errors
    assert (first.files, first.new, first.changed, first.unchanged, first.removed) == (6, 6, 0, 0, 0)
    again, _ = build([corpus], db)
    assert (again.new, again.changed, again.unchanged, again.removed, again.claims) == (0, 0, 6, 0, 0)

    flood = corpus / "weather" / "bee-river-flood.md"
    flood.write_text(flood.read_text(encoding="utf-8").replace("81 millimeters", "90 millimeters"), encoding="utf-8")
    (corpus / "wildfires" / "kmph-cedar-ridge.md").unlink()
    write(corpus / "weather", "late.md", "Sacramento received 2.9 inches of rain on May 10, the National Weather "
          "Service said.", source="Late Edition", published="2021-05-13")
    third, errors = build([corpus], db)
    assert not errors
    assert (third.files, third.new, third.changed, third.unchanged, third.removed) == (6, 1, 1, 4, 1)
    assert third.documents == consistent(db) == 6

    fresh = tmp_path / "fresh.sqlite"
    build([corpus], fresh)
    assert contents(db) == contents(fresh)


def test_a_path_outside_the_run_keeps_its_documents(tmp_path):
    db = tmp_path / "a.sqlite"
    build([FIXTURES / "weather"], db)
    summary, _ = build([FIXTURES / "courts"], db)
    assert (summary.new, summary.removed, summary.documents) == (2, 0, 4)
    missing, errors = build([tmp_path / "no-such-folder"], db)
    assert missing.removed == 0 and missing.documents == 4
    assert errors and "no-such-folder" in str(errors[0])


def test_a_moved_file_keeps_its_id(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "health", corpus)
    db = tmp_path / "a.sqlite"
    build([corpus], db)
    (corpus / "moved").mkdir()
    (corpus / "herald-measles.md").rename(corpus / "moved" / "herald-measles.md")
    summary, errors = build([corpus], db)
    assert not errors
    assert (summary.new, summary.removed, summary.unchanged, summary.documents) == (1, 1, 1, 2)


def test_an_id_taken_by_a_file_outside_the_run_is_refused_and_the_stored_version_kept(tmp_path):
    db = tmp_path / "a.sqlite"
    write(tmp_path / "one", "a.md", "In 2023, 12 bridges closed.", id="same")
    write(tmp_path / "two", "b.md", "In 2023, 14 bridges closed.", id="own")
    build([tmp_path / "one"], db)
    build([tmp_path / "two"], db)
    write(tmp_path / "two", "b.md", "In 2023, 15 bridges closed.", id="same")
    summary, errors = build([tmp_path / "two"], db)
    assert (summary.new, summary.changed, summary.failed, summary.documents) == (0, 0, 1, 2)
    assert "b.md" in errors[0].path and "'same' is already used by" in errors[0].message
    assert set(contents(db)) == {"same", "own"}


def test_another_factcheck_version_re_extracts_everything(tmp_path, monkeypatch, capsys):
    db = tmp_path / "a.sqlite"
    build([FIXTURES / "weather"], db)
    monkeypatch.setattr("factcheck.archive.stable.factcheck_version", lambda: "99.0")
    code, _, err = run(capsys, "check", str(FIXTURES / "courts"), "--against", str(db))
    assert code == 2
    assert "indexed by factcheck 0.1.0, not 99.0" in err and f"factcheck index {FIXTURES / 'weather'}" in err
    summary, _ = build([FIXTURES / "weather"], db)
    assert (summary.changed, summary.unchanged) == (2, 0)
    assert run(capsys, "check", str(FIXTURES / "courts"), "--against", str(db))[0] in (0, 1)


def test_other_lexicon_rules_at_check_time_are_an_error_with_advice(tmp_path, capsys):
    pack = tmp_path / "packs" / "bridges.yaml"
    pack.parent.mkdir()
    pack.write_text("pack: bridges\nrules:\n  - id: words\n    kind: lexicon\n    measures:\n"
                    "      - {key: bridge_closures, phrase: bridge closures, patterns: [bridges closed]}\n",
                    encoding="utf-8")
    db = tmp_path / "a.sqlite"
    assert run(capsys, "index", str(FIXTURES / "weather"), "--db", str(db), "--jobs", "1")[0] == 0
    code, out, err = run(capsys, "check", str(FIXTURES / "courts"), "--against", str(db), "--rules", str(pack.parent))
    assert code == 2 and out  # the report is still printed
    assert "other extraction settings" in err and "--rules" in err
    assert run(capsys, "index", str(FIXTURES / "weather"), "--db", str(db), "--jobs", "1", "--rules",
               str(pack.parent))[0] == 0
    code, _, err = run(capsys, "check", str(FIXTURES / "courts"), "--against", str(db), "--rules", str(pack.parent))
    assert code in (0, 1), err


# ----------------------------------------------------------------------------- republication
STORY = ("The county board voted on Tuesday to close three libraries after a budget shortfall of $4.2 million, "
         "officials said, and the closures will take effect in the spring. Residents packed the meeting to oppose "
         "the plan, which the board had debated for two months. ")
OTHER = ("Firefighters contained the blaze near the river after a week of work, and the evacuation order for "
         "the valley was lifted on Sunday evening by the county sheriff. ")
EXTRA = ("Comment: this is outrageous. ", "Editor's note: updated with the vote. ", "")


def _variant(k: int, rng: random.Random) -> Document:
    text = rng.choice([STORY, OTHER, STORY + OTHER]) + rng.choice(EXTRA)
    return Document(id=f"d{k}", text=text, source=rng.choice(["AP", "Reuters", "Daily", None]),
                    republishes=rng.choice([None, None, "AP"]),
                    published=PartialDate.model_validate(f"2024-05-0{rng.randint(1, 4)}"))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), common=st.sampled_from([20, 2]))
def test_originals_kept_incrementally_equal_a_comparison_of_the_whole_archive(tmp_path, seed, common):
    """Documents come and go in batches; after each commit every stored original is what
    find_republications says over the documents then in the archive (with a boilerplate limit of 2
    documents too, so that shingles turn into boilerplate and back)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("factcheck.republication.COMMON", common)
        patch.setattr("factcheck.archive.originals.COMMON", common)
        _come_and_go(tmp_path / f"o{seed}-{common}.sqlite", random.Random(seed))


def _come_and_go(db: Path, rng: random.Random) -> None:
    db.unlink(missing_ok=True)
    conn = open_archive(db, create=True)
    writer = ArchiveWriter(conn, str(db), fingerprint(CONFIG), batch=rng.randint(1, 4))
    present: dict[str, Document] = {}
    for step in range(14):
        if present and rng.random() < 0.3:
            gone = rng.choice(sorted(present))
            writer.flush()
            writer.remove([f"/{gone}"])
            del present[gone]
        else:
            doc = _variant(step if rng.random() < 0.8 or not present else int(rng.choice(sorted(present))[1:]), rng)
            writer.add(index_document(Job(doc, f"/{doc.id}", content_hash(doc)), CONFIG))
            present[doc.id] = doc
        if rng.random() < 0.4 or step == 13:
            writer.flush()
            stored = dict(conn.execute("SELECT id, original FROM documents"))
            order = sorted(present.values(), key=lambda d: conn.execute(
                "SELECT num FROM documents WHERE id = ?", (d.id,)).fetchone()[0])
            assert stored == {d.id: d.original for d in find_republications(order)}
    conn.close()


# ----------------------------------------------------------------------------- schema versions
def test_an_older_archive_is_migrated_in_one_transaction(tmp_path, monkeypatch):
    db = tmp_path / "a.sqlite"
    build([FIXTURES / "weather"], db)
    before = contents(db)

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE documents ADD COLUMN language TEXT")
        raise sqlite3.OperationalError("migration bug")

    current = schema_module.SCHEMA_VERSION
    monkeypatch.setattr(schema_module, "SCHEMA_VERSION", current + 1)
    monkeypatch.setattr(schema_module, "MIGRATIONS", (*schema_module.MIGRATIONS, broken))
    with pytest.raises(ArchiveError, match="migration bug"):
        open_archive(db)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == current
    assert "language" not in [r[1] for r in conn.execute("PRAGMA table_info(documents)")]
    conn.close()

    def add_language(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE documents ADD COLUMN language TEXT")
        conn.execute("UPDATE documents SET language = 'en'")

    monkeypatch.setattr(schema_module, "MIGRATIONS", (*schema_module.MIGRATIONS[:current], add_language))
    open_archive(db).close()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == current + 1
    assert {r[0] for r in conn.execute("SELECT language FROM documents")} == {"en"}
    conn.close()
    assert contents(db) == before


def test_a_version_1_archive_gets_sampled_shingles_and_the_same_originals(tmp_path, monkeypatch):
    """Version 1 kept every 8-word window; version 2 keeps a sample: the migration recomputes each document's
    from its stored text and decides the originals again, which then agree with the comparison in memory."""
    db = tmp_path / "v1.sqlite"
    with monkeypatch.context() as v1:
        v1.setattr(schema_module, "SCHEMA_VERSION", 1)
        v1.setattr("factcheck.republication.SHINGLE_SAMPLE", 1)
        build([FIXTURES], db)
        conn = sqlite3.connect(db)
        conn.execute("UPDATE documents SET original = NULL")  # what a version-1 bug could have left
        every = conn.execute("SELECT count(*) FROM shingles").fetchone()[0]
        conn.commit()
        conn.close()
    before = contents(db)
    conn = open_archive(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    docs = {d.id: d for d in load_documents([str(FIXTURES)]).documents}
    stored = {}
    for num, doc_id, count in conn.execute("SELECT num, id, shingles FROM documents"):
        hashes = {h for (h,) in conn.execute("SELECT hash FROM shingles WHERE doc = ?", (num,))}
        assert hashes == body_shingles(docs[doc_id]) and count == len(hashes)
        stored[doc_id] = len(hashes)
    assert sum(stored.values()) < every / 2
    originals = dict(conn.execute("SELECT id, original FROM documents"))
    conn.close()
    assert originals == {d.id: d.original for d in find_republications(list(docs.values()))}
    assert any(originals.values())
    after = contents(db)
    assert {k: (h, n, c) for k, (h, _, n, c) in after.items()} == \
        {k: (h, stored[k], c) for k, (h, _, _, c) in before.items()}  # claims and digests untouched


def test_a_new_archive_runs_every_migration(tmp_path):
    conn = open_archive(tmp_path / "new.sqlite", create=True)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema_module.SCHEMA_VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == schema_module.APPLICATION_ID
    conn.close()


# ----------------------------------------------------------------------------- bad archives
def _random_bytes(path: Path, fixture: Path) -> None:
    path.write_bytes(random.Random(3).randbytes(5000))


def _truncated(path: Path, fixture: Path) -> None:
    data = fixture.read_bytes()
    path.write_bytes(data[:len(data) // 2])


def _foreign(path: Path, fixture: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.execute("INSERT INTO invoices VALUES (1, 9.5)")
    conn.commit()
    conn.close()


def _newer(path: Path, fixture: Path) -> None:
    shutil.copy(fixture, path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema_module.SCHEMA_VERSION + 1}")
    conn.close()


BAD_ARCHIVES = [  # (how the file is made, what the message says)
    (_random_bytes, "not an SQLite database"),
    (_truncated, "truncated"),
    (_foreign, "not a factcheck archive (its tables are invoices)"),
    (_newer, f"schema version {schema_module.SCHEMA_VERSION + 1} is newer"),
]


@pytest.mark.parametrize(("make", "says"), BAD_ARCHIVES, ids=[m.__name__.strip("_") for m, _ in BAD_ARCHIVES])
def test_a_bad_archive_is_refused_untouched(tmp_path, capsys, fixture_archive, make, says):
    db = tmp_path / "bad.sqlite"
    make(db, fixture_archive)
    before = digest(db)
    code, out, err = run(capsys, "index", str(FIXTURES / "weather"), "--db", str(db), "--jobs", "1")
    assert code == 2 and not out
    assert f"{db}: " in err and says in err and "Traceback" not in err
    code, _, err = run(capsys, "check", str(FIXTURES / "courts"), "--against", str(db))
    assert code == 2 and f"{db}: " in err and says in err
    code, _, err = run(capsys, "archive", "stats", str(db))
    assert code == 2 and says in err
    assert digest(db) == before
    assert not Path(f"{db}-journal").exists()


def test_a_locked_archive_is_reported_and_left_as_it_was(tmp_path, capsys, monkeypatch):
    db = tmp_path / "a.sqlite"
    build([FIXTURES / "weather"], db)
    monkeypatch.setattr(schema_module, "BUSY_TIMEOUT", 0.05)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO meta VALUES ('held', 'yes')")
    try:
        code, out, err = run(capsys, "index", str(FIXTURES / "courts"), "--db", str(db), "--jobs", "1")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 2 and not out
    assert "locked by another process" in err and str(db) in err
    assert consistent(db) == 2


def test_a_full_disk_rolls_the_batch_back(tmp_path, capsys, monkeypatch):
    db = tmp_path / "a.sqlite"
    build([FIXTURES / "weather"], db)
    before = digest(db)
    connect = schema_module.connect

    def small_disk(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
        conn = connect(path, read_only=read_only)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite reports SQLITE_FULL past this
        return conn

    monkeypatch.setattr(schema_module, "connect", small_disk)
    code, out, err = run(capsys, "index", str(FIXTURES / "wildfires"), "--db", str(db), "--jobs", "1")
    assert code == 2 and not out
    assert "disk is full" in err and "run the same command again" in err
    assert digest(db) == before


def test_an_injected_disk_full_error_on_a_later_batch_keeps_the_earlier_ones(tmp_path, monkeypatch):
    from factcheck.archive.originals import Changes

    db, calls, decide = tmp_path / "a.sqlite", [], Changes.decide

    def fill_up(self: Changes) -> int:
        calls.append(1)
        if len(calls) == 3:
            raise sqlite3.OperationalError("database or disk is full")
        return decide(self)

    open_archive(db, create=True).close()  # the migrations' own decide calls come before
    monkeypatch.setattr(Changes, "decide", fill_up)
    with pytest.raises(ArchiveError, match="disk is full"):
        build([FIXTURES], db, batch=2)
    assert consistent(db) == 2  # the first batch of two (the removal pass made the first call)


def test_a_missing_archive_for_check_says_how_to_make_one(tmp_path, capsys):
    code, _, err = run(capsys, "check", str(FIXTURES / "courts"), "--against", str(tmp_path / "none.sqlite"))
    assert code == 2 and "no archive here" in err and "factcheck index" in err
    assert not (tmp_path / "none.sqlite").exists()


# ----------------------------------------------------------------------------- interruption, bad documents
def test_an_interrupted_run_keeps_what_it_extracted_and_the_next_run_resumes(tmp_path, monkeypatch):
    db = tmp_path / "a.sqlite"
    from factcheck.archive import extraction

    extract, calls = extraction.extract, []

    def interrupted(document, config):
        calls.append(document.id)
        if len(calls) == 6:
            raise KeyboardInterrupt
        return extract(document, config)

    monkeypatch.setattr(extraction, "extract", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build([FIXTURES], db, batch=2)
    monkeypatch.setattr(extraction, "extract", extract)
    kept = consistent(db)
    assert kept == 5  # every document extracted before the interrupt, in committed batches
    summary, errors = build([FIXTURES], db)
    assert not errors and (summary.unchanged, summary.new) == (5, summary.files - 5)
    fresh = tmp_path / "fresh.sqlite"
    build([FIXTURES], fresh)
    assert contents(db) == contents(fresh)


def test_ctrl_c_in_the_cli_exits_130(tmp_path, capsys, monkeypatch):
    from factcheck.archive import extraction

    def interrupted(document, config):
        raise KeyboardInterrupt

    monkeypatch.setattr(extraction, "extract", interrupted)
    code, _, err = run(capsys, "index", str(FIXTURES / "weather"), "--db", str(tmp_path / "a.sqlite"), "--jobs", "1")
    assert code == 130 and "interrupted" in err


_KILLED_RUN = """
import sys
from factcheck.archive.batch import index
from factcheck.config import ExtractConfig
index([sys.argv[1]], sys.argv[2], config=ExtractConfig(), jobs=1, batch=1, show_progress=False)
"""


def test_a_killed_run_leaves_a_consistent_archive_that_the_next_run_completes(tmp_path):
    corpus = tmp_path / "corpus"
    for i in range(150):
        write(corpus, f"n{i:03d}.md", f"Crews in Fresno repaired {i + 3} bridges in 2023, the state said.",
              published="2024-01-05")
    db = tmp_path / "a.sqlite"
    proc = subprocess.Popen([sys.executable, "-c", _KILLED_RUN, str(corpus), str(db)])
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with sqlite3.connect(db, timeout=0.01) as conn:
                    if conn.execute("SELECT count(*) FROM documents").fetchone()[0] >= 3:
                        break
            except sqlite3.Error:
                pass  # not created yet, or being written
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    conn = open_archive(db)  # rolls back a transaction the kill cut short
    conn.close()
    kept = consistent(db)
    summary, errors = index([str(corpus)], str(db), config=ExtractConfig(), jobs=1, show_progress=False)
    assert not errors and summary.unchanged == kept and summary.new == 150 - kept
    assert consistent(db) == 150


def test_a_document_that_fails_is_reported_and_the_others_indexed(tmp_path, capsys, monkeypatch):
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "wildfires", corpus)
    (corpus / "binary.md").write_bytes(b"\x00\x01\x02 not text")
    write(corpus, "boom.md", "In 2023, 12 bridges closed.", id="boom")
    from factcheck.archive import extraction

    extract = extraction.extract

    def fails_on_boom(document, config):
        if document.id == "boom":
            raise ValueError("a bug in extraction")
        return extract(document, config)

    monkeypatch.setattr(extraction, "extract", fails_on_boom)
    db = tmp_path / "a.sqlite"
    code, out, err = run(capsys, "index", str(corpus), "--db", str(db), "--jobs", "1", "--format", "json")
    assert code == 2
    summary = json.loads(out)
    assert (summary["new"], summary["failed"], summary["documents"]) == (4, 2, 4)
    assert f"{corpus / 'binary.md'}: binary file" in err
    assert f"{corpus / 'boom.md'}: extraction failed (ValueError: a bug in extraction)" in err
    assert consistent(db) == 4


def test_index_refuses_standard_input_and_bad_jobs(tmp_path, capsys):
    assert run(capsys, "index", "-", "--db", str(tmp_path / "a.sqlite"))[0] == 2
    assert run(capsys, "index", str(FIXTURES), "--db", str(tmp_path / "a.sqlite"), "--jobs", "0")[0] == 2
    assert not (tmp_path / "a.sqlite").exists()


# ----------------------------------------------------------------------------- stats
def test_stats_summarise_the_archive(capsys, fixture_archive):
    code, out, _ = run(capsys, "archive", "stats", str(fixture_archive), "--format", "json")
    assert code == 0
    stats = json.loads(out)
    docs = load_documents([str(FIXTURES)]).documents
    claims = sum(len(extract(d, CONFIG)) for d in docs)
    assert (stats["documents"], stats["claims"], stats["stale_documents"]) == (len(docs), claims, 0)
    assert stats["republications"] == sum(d.original is not None for d in find_republications(docs))
    assert 0 < stats["linking_keys"] <= stats["linkable_claims"] < stats["claims"]
    assert stats["roots"] == [str(FIXTURES)]
    code, text, _ = run(capsys, "archive", "stats", str(fixture_archive))
    assert code == 0 and f"documents  {len(docs)}" in text and "every document was indexed" in text
