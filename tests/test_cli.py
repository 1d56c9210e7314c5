"""The `factcheck` command line: formats, the output contract, stdin and bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck.cli import main

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
CONTRACT = {"id": str, "doc": str, "text": str, "start": int, "end": int, "line": int, "column": int,
            "sentence": str, "kind": str, "value": (int, float, type(None)), "low": (int, float, type(None)),
            "high": (int, float, type(None)), "unit": (str, type(None)), "entity": (str, type(None)),
            "measure": (str, type(None)), "place": (str, type(None)), "period": (dict, type(None)),
            "rate": (str, type(None)), "attribution": (dict, type(None))}
KINDS = {"count", "money", "percent", "measurement", "date", "period", "duration"}


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_extract_json_keeps_the_contract(capsys):
    code, out, err = run(capsys, "extract", str(SEEDS), "--format", "json")
    assert code == 0, err
    claims = json.loads(out)
    assert len(claims) > 30
    texts = {p.name: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    by_id = {"npr-2021-dea-mexico": "000", "reuters-2021-cartel-standoff": "001"}
    for c in claims:
        for key, typ in CONTRACT.items():
            assert key in c, f"{c['id']} lacks {key}"
            assert isinstance(c[key], typ) and not isinstance(c[key], bool), f"{c['id']}: {key}={c[key]!r}"
        assert c["kind"] in KINDS
        prefix = by_id.get(c["doc"])
        if prefix:
            text = next(t for name, t in texts.items() if name.startswith(prefix))
            assert text[c["start"]:c["end"]] == c["text"]
            assert text.count("\n", 0, c["start"]) + 1 == c["line"]


def test_jsonl_is_one_claim_a_line(capsys):
    code, out, _ = run(capsys, "extract", str(SEEDS / "000_5d08b504465bb4fc.txt"), "--format", "jsonl")
    lines = out.splitlines()
    assert code == 0 and lines
    figures = [json.loads(x) for x in lines if json.loads(x)["kind"] == "count"]
    assert figures[0]["text"] == "more than 90,000 Americans"


def test_table_lists_claims(capsys):
    code, out, _ = run(capsys, "extract", str(SEEDS / "004_0f7587aa79fd9e51.txt"))
    assert code == 0
    assert "751 pages of evidence" in out and "$3 billion" in out
    assert "one-third" in out and "since 2008" in out


def test_stdin_with_id_and_published(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", _Stdin("Crews evacuated 4,100 residents.\n"))
    code, out, _ = run(capsys, "extract", "-", "--id", "draft", "--published", "2024-03", "--format", "json")
    assert code == 0
    [claim] = json.loads(out)
    assert claim["doc"] == "draft" and claim["value"] == 4100 and claim["entity"] == "residents"


def test_bad_published_flag_is_a_usage_error(capsys):
    code, _, err = run(capsys, "extract", "-", "--published", "last spring")
    assert code == 2 and "--published 'last spring' is not a date" in err


@pytest.mark.parametrize(("name", "content", "phrase"), [
    ("empty.txt", b"", "empty file"),
    ("binary.txt", b"\x00\x01\x02PNG\x00", "binary file"),
    ("latin.txt", "caf\u00e9 costs 5 euros".encode("latin-1"), "not valid utf-8"),
    ("front.md", b"---\ntitle: [unclosed\n---\nText 5 cats.\n", "invalid YAML"),
])
def test_bad_files_exit_2_and_others_still_processed(capsys, tmp_path, name, content, phrase):
    (tmp_path / name).write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text("The council approved $12.25 million.\n", encoding="utf-8")
    code, out, err = run(capsys, "extract", str(tmp_path / name), str(good), "--format", "json")
    assert code == 2
    assert str(tmp_path / name) in err and phrase in err
    assert "Traceback" not in err
    assert [c["text"] for c in json.loads(out)] == ["$12.25 million"]


def test_missing_path(capsys, tmp_path):
    code, out, err = run(capsys, "extract", str(tmp_path / "nope.txt"), "--format", "json")
    assert code == 2 and "no such file or folder" in err and json.loads(out) == []


def test_unknown_format_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["extract", str(SEEDS), "--format", "xml"])
    assert exc.value.code == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err


def test_schema_describes_the_contract(capsys):
    code, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    assert code == 0 and set(CONTRACT) <= set(schema["properties"])


def test_console_script_runs_cold(tmp_path):
    """The installed entry point, as a separate process, as an editor would run it."""
    doc = tmp_path / "draft.md"
    doc.write_text("---\ntitle: Draft\npublished: 2024-03-12\n---\nTurnout rose to 71 percent.\n",
                   encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "factcheck", "extract", str(doc), "--format", "json"],
                       capture_output=True, text=True, check=False)
    assert p.returncode == 0, p.stderr
    [claim] = json.loads(p.stdout)
    assert (claim["text"], claim["line"], claim["column"]) == ("71 percent", 5, 17)


class _Stdin:
    def __init__(self, text: str):
        import io

        self.buffer = io.BytesIO(text.encode("utf-8"))


def test_figures_only_skips_time_and_context(capsys):
    code, out, _ = run(capsys, "extract", str(SEEDS / "004_0f7587aa79fd9e51.txt"), "--format", "json",
                       "--figures-only")
    claims = json.loads(out)
    assert code == 0 and [c["text"] for c in claims] == ["751 pages of evidence", "$3 billion", "70%", "one-third"]
    assert all(c["period"] is None and c["attribution"] is None for c in claims)
    code, out, _ = run(capsys, "extract", str(SEEDS / "004_0f7587aa79fd9e51.txt"), "--format", "json")
    full = json.loads(out)
    assert {"date", "period"} & {c["kind"] for c in full}
    assert next(c for c in full if c["text"] == "$3 billion")["period"]["start"] == "2008-01-01"
