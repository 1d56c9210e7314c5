"""The index batch (factcheck/archive/batch.py): processes and a Dask cluster make the archive one process
makes; progress is a rich bar on a terminal and plain lines elsewhere."""

from __future__ import annotations

import io
import json
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from archive_helpers import FIXTURES, contents

from factcheck.archive import index
from factcheck.archive.batch import window
from factcheck.archive.engines import ProcessEngine, in_order
from factcheck.archive.extraction import Failed, Job, index_chunk
from factcheck.archive.stable import content_hash, fingerprint
from factcheck.checker import rule_config
from factcheck.cli import main
from factcheck.config import ExtractConfig
from factcheck.documents import load_documents
from factcheck.errors import InputError
from factcheck.rulepacks import default_rules

CONFIG = rule_config(ExtractConfig(), default_rules())


@pytest.fixture(scope="module")
def serial(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("serial") / "serial.sqlite"
    summary, errors = index([str(FIXTURES)], str(db), config=CONFIG, jobs=1, show_progress=False)
    assert not errors and summary.engine == "serial"
    return db


def test_two_processes_make_the_archive_one_process_makes(tmp_path, serial):
    db = tmp_path / "parallel.sqlite"
    summary, errors = index([str(FIXTURES)], str(db), config=CONFIG, jobs=2, show_progress=False)
    assert not errors and (summary.engine, summary.workers) == ("process", 2)
    assert contents(db) == contents(serial)


def test_a_dask_cluster_makes_the_archive_one_process_makes(tmp_path, serial):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) \
            as cluster:
        db = tmp_path / "dask.sqlite"
        summary, errors = index([str(FIXTURES)], str(db), config=CONFIG, engine="dask",
                                scheduler=cluster.scheduler_address, show_progress=False)
    assert not errors and (summary.engine, summary.workers) == ("dask", 2)
    assert contents(db) == contents(serial)


def test_dask_needs_a_scheduler_it_can_reach(tmp_path, capsys, monkeypatch):
    pytest.importorskip("distributed")
    db = tmp_path / "a.sqlite"
    assert main(["index", str(FIXTURES), "--db", str(db), "--engine", "dask"]) == 2
    assert "needs the scheduler's address" in capsys.readouterr().err
    monkeypatch.setattr("factcheck.archive.dask_engine.CONNECT_TIMEOUT", "0.5s")
    assert main(["index", str(FIXTURES), "--db", str(db), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"]) == 2
    err = capsys.readouterr().err
    assert "tcp://127.0.0.1:9: cannot reach the Dask scheduler" in err and "dask scheduler" in err


def test_a_worker_with_other_extraction_settings_refuses_its_chunk():
    doc = load_documents([str(FIXTURES / "weather")]).documents[0]
    job = Job(doc, "/x", content_hash(doc))
    other = fingerprint(ExtractConfig(about_tolerance=0.2))
    [result] = index_chunk([job], CONFIG, other)
    assert isinstance(result, Failed) and "install the same factcheck on every worker" in result.message


def test_a_dead_extraction_process_is_a_message_not_a_traceback():
    class DeadPool:
        def submit(self, *args: object) -> Future:
            future: Future = Future()
            future.set_exception(BrokenProcessPool("a child process terminated abruptly"))
            return future

        def shutdown(self, **kwargs: object) -> None:
            return None

    doc = load_documents([str(FIXTURES / "weather")]).documents[0]
    engine = ProcessEngine(CONFIG, fingerprint(CONFIG), 2)
    engine._pool.shutdown()
    engine._pool = DeadPool()  # type: ignore[assignment]
    with engine, pytest.raises(InputError, match="an extraction process died"):
        list(engine.run([[Job(doc, "/x", content_hash(doc))]], window=1))


def test_chunks_are_submitted_ahead_of_the_consumer_and_come_back_in_order():
    submitted: list[int] = []

    def submit(chunk: list[int]) -> Future:
        submitted.append(chunk[0])
        future: Future = Future()
        future.set_result([chunk[0] * 10])
        return future

    taken = []
    for results in in_order(submit, ([n] for n in range(10)), window=4):
        taken += results
        assert len(submitted) - len(taken) == min(3, 10 - len(taken))  # still queued while this one is written
    assert taken == [n * 10 for n in range(10)]


@pytest.mark.parametrize(("batch", "chunk", "workers"), [(200, 8, 2), (200, 32, 16), (1, 8, 1), (1000, 8, 64)])
def test_while_the_writer_commits_a_batch_every_worker_has_work_queued(batch, chunk, workers):
    queued = window(batch, chunk, workers) - 1  # chunks in flight while the one taken is being written
    assert (queued - workers) * chunk >= batch - chunk  # each worker busy, and a batch more behind them


def test_progress_is_plain_lines_when_standard_error_is_not_a_terminal(tmp_path, capsys):
    code = main(["index", str(FIXTURES / "weather"), "--db", str(tmp_path / "a.sqlite"), "--jobs", "1"])
    out, err = capsys.readouterr()
    assert code == 0
    assert out.count("\n") == 1 and out.startswith(f"{tmp_path / 'a.sqlite'}: 2 new")
    assert "\x1b[" not in err and "\r" not in err
    last = err.splitlines()[-1]
    assert last.startswith("factcheck: indexing into") and "2/2 documents" in last and "claims" in last


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_a_rich_bar_on_a_terminal(tmp_path):
    stream = _Terminal()
    summary, _ = index([str(FIXTURES / "weather")], str(tmp_path / "a.sqlite"), config=CONFIG, jobs=1, stream=stream)
    shown = stream.getvalue()
    assert "\x1b[" in shown and "docs/s" in shown and f"{summary.claims} claims" in shown and "2/2" in shown


def test_json_summary(tmp_path, capsys):
    assert main(["index", str(FIXTURES / "courts"), "--db", str(tmp_path / "a.sqlite"), "--jobs", "1",
                 "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert {k: summary[k] for k in ("files", "new", "changed", "unchanged", "removed", "failed", "documents")} == \
        {"files": 2, "new": 2, "changed": 0, "unchanged": 0, "removed": 0, "failed": 0, "documents": 2}
