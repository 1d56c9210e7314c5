"""The language server: the pure mapping to LSP records (positions in UTF-16, severities, hover text),
the settings, and a real client session with `python -m factcheck lsp` over stdio."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lsp_client import LspClient
from lsprotocol.types import DiagnosticSeverity, Position, PositionEncodingKind
from pygls.workspace import Workspace

from factcheck.checker import check_documents
from factcheck.errors import InputError
from factcheck.extract import extract_text
from factcheck.lsp import server as lsp_server
from factcheck.lsp.engine import check_buffer, open_engine
from factcheck.lsp.mapping import (
    INPUT_ERROR,
    INTERNAL_ERROR,
    SEVERITY,
    PositionMap,
    claim_at,
    error_diagnostic,
    finding_diagnostics,
    hover,
    hover_markdown,
)
from factcheck.lsp.settings import Settings, read_settings, section
from factcheck.records import Document, PartialDate

UTF8, UTF16, UTF32 = PositionEncodingKind.Utf8, PositionEncodingKind.Utf16, PositionEncodingKind.Utf32

ARCHIVE = """\
---
id: journal-jobs
title: Arizona unemployment ticks up as hiring slows
source: Desert Business Journal
published: 2024-07-19
---
Arizona's unemployment rate rose to 4.1% in June from 3.9% in May, the state Office of Economic Opportunity
reported Thursday.

Economists at Arizona State University said the labor market was cooling.
"""
# the emoji before the figure takes two UTF-16 code units: "4.3%" starts at character 40, not 39
DRAFT = """\
---
published: 2024-07-22
---
Jobs 🎉 Arizona's unemployment rate was 4.3% in June, the state Office of Economic Opportunity said.

Employers added 6,800 jobs in June.
"""


# ------------------------------------------------------------------------------------------------ positions
@pytest.mark.parametrize(("text", "offset", "encoding", "line", "character"), [
    ("abc", 2, UTF16, 0, 2),
    ("a🎉b", 1, UTF16, 0, 1),
    ("a🎉b", 2, UTF16, 0, 3),  # after the emoji: one character, two UTF-16 code units
    ("a🎉b", 2, UTF8, 0, 5),  # four UTF-8 bytes
    ("a🎉b", 2, UTF32, 0, 2),
    ("é5", 1, UTF8, 0, 2),
    ("é5", 1, UTF16, 0, 1),
    ("x\r\ny", 3, UTF16, 1, 0),  # CR LF is one line break
    ("x\ry", 2, UTF16, 1, 0),  # a lone CR ends a line too
    ("x\n\ny", 3, UTF16, 2, 0),
    ("ab\n", 3, UTF16, 1, 0),  # the end of a text that ends with a line break
    ("ab", 99, UTF16, 0, 2),  # past the end: the end
])
def test_position_counts_code_units_of_the_encoding(text, offset, encoding, line, character):
    assert PositionMap(text, encoding).position(offset) == Position(line=line, character=character)


@pytest.mark.parametrize(("text", "line", "character", "offset"), [
    ("a🎉b", 0, 3, 2),
    ("a🎉b", 0, 2, 2),  # inside the emoji's surrogate pair: the character after it starts there
    ("ab\ncd", 0, 9, 2),  # past a line's end: the line's end, not the next line
    ("ab\r\ncd", 1, 1, 5),
    ("ab\ncd", 7, 0, 5),  # past the last line: the end of the text
])
def test_offset_of_a_position(text, line, character, offset):
    assert PositionMap(text).offset(Position(line=line, character=character)) == offset


@given(st.lists(st.sampled_from(["a", "é", "🎉", "\n", "\r", "\r\n", " ", "5"]), max_size=40).map("".join),
       st.sampled_from([UTF8, UTF16, UTF32]), st.data())
def test_offset_inverts_position(text, encoding, data):
    offset = data.draw(st.integers(0, len(text)))
    if 0 < offset < len(text) and text[offset - 1:offset + 1] == "\r\n":
        offset -= 1  # between CR and LF is no position
    positions = PositionMap(text, encoding)
    assert positions.offset(positions.position(offset)) == offset


# ------------------------------------------------------------------------------------------------ diagnostics
def test_severities_map_to_lsp_severities():
    expected = {"error": DiagnosticSeverity.Error, "warning": DiagnosticSeverity.Warning,
                "info": DiagnosticSeverity.Information}
    assert expected == SEVERITY


def _documents(tmp_path: Path) -> tuple[Document, Document]:
    archive = tmp_path / "journal-jobs.md"
    archive.write_text(ARCHIVE, encoding="utf-8")
    return (Document(id="draft", text=DRAFT, published=PartialDate.model_validate("2024-07-22")),
            Document(id="journal-jobs", text=ARCHIVE, path=str(archive), source="Desert Business Journal",
                     published=PartialDate.model_validate("2024-07-19")))


def test_findings_become_diagnostics_at_the_figure_with_the_other_side_related(tmp_path):
    draft, archive = _documents(tmp_path)
    result = check_documents([draft], [archive])
    got = finding_diagnostics(result, "draft", "untitled:draft", PositionMap(DRAFT))
    assert [(d.code, d.severity, d.source, d.range.start.line, d.range.start.character, d.range.end.character)
            for d in got] == [("contradiction.figure", DiagnosticSeverity.Error, "factcheck", 3, 40, 44),
                              ("attribution.none", DiagnosticSeverity.Information, "factcheck", 5, 16, 26)]
    assert got[0].message == result.report.findings[0].message
    (related,) = got[0].related_information
    assert related.location.uri == (tmp_path / "journal-jobs.md").as_uri()
    assert (related.location.range.start.line, related.location.range.start.character) == (6, 36)
    assert related.message == "related claim '4.1%' in journal-jobs"
    assert got[1].related_information is None


def test_an_input_error_is_a_diagnostic_on_its_line():
    text = "---\ntitle: x\npublished: 2024-13-02\n---\nBody.\n"
    own = error_diagnostic(InputError("b.md", "published: month 13 does not exist", line=3, hint="write YYYY-MM"),
                           PositionMap(text), "b.md")
    assert (own.range.start.line, own.range.start.character, own.range.end.character) == (2, 0, 21)
    assert (own.code, own.severity, own.message) == (INPUT_ERROR, DiagnosticSeverity.Error,
                                                     "published: month 13 does not exist (write YYYY-MM)")
    other = error_diagnostic(InputError("corpus.yaml", "bad entry", line=7), PositionMap(text), "b.md")
    assert (other.range.start.line, other.message) == (0, "corpus.yaml:7: bad entry")


# ------------------------------------------------------------------------------------------------ hover
@pytest.mark.parametrize(("text", "expected"), [
    ("About 5,000 people were evacuated in Denver on May 3, 2024, officials said.",
     ["**About 5,000 people** · count · line 1, column 1", "- **value:** 5,000", "- **interval:** 4,500–5,500",
      "- **unit:** count", "- **counted:** people", "- **period:** May 3, 2024 (2024-05-03 – 2024-05-03)",
      "- **measure:** evacuations", "- **place:** Denver", '- **attribution:** unnamed: officials (cue "said")',
      "- **qualifier:** about", "- **approximate:** yes"]),
    ("Between 3 and 5 percent of voters in Ohio stayed home in 2020, according to a survey.",
     ["**Between 3 and 5 percent** · percent · line 1, column 1", "- **interval:** 3–5", "- **unit:** percent",
      "- **counted:** voters", "- **period:** 2020 (2020-01-01 – 2020-12-31)", "- **measure:** voters",
      "- **place:** Ohio", '- **attribution:** unnamed: a survey (cue "according to")']),
    ("More than 90,000 Americans died of overdoses last year.",
     ["**More than 90,000 Americans** · count · line 1, column 1", "- **value:** 90,000",
      "- **interval:** at least 90,000", "- **unit:** count", "- **counted:** Americans",
      "- **period:** last year (2023-01-01 – 2023-12-31)", "- **measure:** overdose deaths",
      "- **place:** United States", "- **attribution:** none: no source in the text", "- **qualifier:** more than"]),
])
def test_hover_shows_the_record(text, expected):
    claim = extract_text(text, published="2024-06-01")[0]
    assert hover_markdown(claim).splitlines() == [expected[0], "", *expected[1:]]


def test_hover_escapes_markdown_and_lists_findings(tmp_path):
    draft, archive = _documents(tmp_path)
    result = check_documents([draft], [archive])
    got = hover(result, "draft", PositionMap(DRAFT), Position(line=3, character=42))
    lines = got.contents.value.splitlines()
    assert lines[0] == "**4.3%** · percent · line 4, column 40"
    assert "- **period:** June (2024-06-01 – 2024-06-30)" in lines
    assert lines[-2:] == ["", f"- error `contradiction.figure`: {result.report.findings[0].message}"]
    assert (got.range.start.character, got.range.end.character) == (40, 44)
    assert hover(result, "draft", PositionMap(DRAFT), Position(line=3, character=2)) is None
    claim = extract_text("The *budget* [was] $5 million.")[0].model_copy(update={"text": "*5* `x` |y|"})
    assert hover_markdown(claim).splitlines()[0].startswith(r"**\*5\* \`x\` \|y\|**")


@pytest.mark.parametrize(("offset", "expected"), [
    (0, None), (4, "5 people"), (8, "5 people"), (12, "5 people"), (13, None), (14, "6 cars"), (20, "6 cars"),
    (21, None)])
def test_claim_at_a_cursor(offset, expected):
    claims = extract_text("Yes 5 people, 6 cars.")  # "5 people" 4-12, "6 cars" 14-20
    claim = claim_at(claims, offset)
    assert (claim.text if claim else None) == expected


def test_claim_at_prefers_the_claim_that_starts_at_the_cursor():
    first = extract_text("5 people")[0]
    second = first.model_copy(update={"id": "b", "start": first.end, "end": first.end + 3})
    assert claim_at([first, second], first.end) is second


# ------------------------------------------------------------------------------------------------ settings
def test_settings_resolve_inside_the_workspace_and_refuse_the_rest(tmp_path):
    root = (tmp_path / "ws").resolve()
    (root / "archive").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    (root / "archive" / "escape").symlink_to(tmp_path / "outside")
    (root / "linked").symlink_to(tmp_path / "outside")
    (root / "plain").mkdir()
    settings, problems = read_settings({"against": ["plain", "../outside", "linked", "archive"],
                                        "rules": "plain", "debounceMs": 120}, [root])
    assert settings == Settings(against=(str(root / "plain"),), rules=(str(root / "plain"),), debounce_ms=120)
    assert len(problems) == 3 and all("refused" in p for p in problems)
    assert "resolves to" in problems[0] and "outside the workspace" in problems[0]
    assert "escape is a symlink" in problems[2]
    assert read_settings({"against": ["plain"]}, [])[1][0].startswith("factcheck.against: 'plain' refused")


@pytest.mark.parametrize(("raw", "problem"), [
    ({"debounceMs": -1}, "factcheck.debounceMs must be a number of milliseconds from 0 to 10000, not -1"),
    ({"debounceMs": True}, "factcheck.debounceMs must be a number of milliseconds from 0 to 10000, not True"),
    ({"published": "2024-02-30"}, "factcheck.published '2024-02-30' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)"),
    ({"noDefaultRules": "yes"}, "factcheck.noDefaultRules must be true or false, not 'yes'"),
    ({"against": [3]}, "factcheck.against must be a path or a list of paths, not [3]"),
    ({"colour": 1}, "factcheck: unknown setting 'colour' (known: against, rules, noDefaultRules, published, "
                    "debounceMs)"),
])
def test_bad_settings_keep_their_defaults_with_a_message(raw, problem, tmp_path):
    settings, problems = read_settings(raw, [tmp_path])
    assert (settings, problems) == (Settings(), [problem])


def test_settings_as_vs_code_sends_its_defaults(tmp_path):
    raw = {"against": [], "rules": [], "noDefaultRules": False, "published": None, "debounceMs": 300}
    assert read_settings(raw, [tmp_path]) == (Settings(), [])


@pytest.mark.parametrize(("raw", "expected"), [
    ({"factcheck": {"against": ["a"]}}, {"against": ["a"]}),
    ({"against": ["a"]}, {"against": ["a"]}),
    ({"pylsp": {"x": 1}}, None),
    ({}, None),
    (None, None),
])
def test_the_factcheck_section(raw, expected):
    assert section(raw) == expected


def test_the_published_setting_fills_in_only_for_a_buffer_without_a_date():
    engine, errors = open_engine(Settings(published=PartialDate.model_validate("2021-05")))
    assert errors == []
    undated = check_buffer(engine, "Police made 40 arrests last year.", None, "note")
    assert undated.result.documents["note"].published == PartialDate.model_validate("2021-05")
    dated = check_buffer(engine, "---\npublished: 2019\n---\nPolice made 40 arrests.\n", None, "note")
    assert dated.result.documents["note"].published == PartialDate.model_validate("2019")


def test_a_failing_check_becomes_a_diagnostic_not_a_crash(monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(lsp_server, "check_buffer", broken)
    server = lsp_server.FactcheckServer()
    server.protocol._workspace = Workspace(None)  # what initialize would set up
    server.engine = open_engine(Settings())[0]
    logged = []
    monkeypatch.setattr(server, "log_message", lambda message, kind: logged.append(message))

    async def run():
        server.configured.set()
        return await server.check("file:///nowhere/x.md", "Police made 40 arrests.")

    # on a thread of its own: a test that drives a browser may leave an event loop running on this one
    with ThreadPoolExecutor(max_workers=1) as pool:
        checked, diagnostics = pool.submit(asyncio.run, run()).result(timeout=60)
    assert checked is None
    assert [(d.code, d.message) for d in diagnostics] == [
        (INTERNAL_ERROR, "factcheck failed on this text: ZeroDivisionError: boom (the language server log has "
                         "the details)")]
    assert "ZeroDivisionError: boom" in logged[0]


# ------------------------------------------------------------------------------------------------ a session
@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    (root / "archive").mkdir(parents=True)
    (root / "drafts").mkdir()
    (root / "archive" / "journal-jobs.md").write_text(ARCHIVE, encoding="utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.md").write_text(ARCHIVE, encoding="utf-8")
    return root


def _open(client: LspClient, uri: str, text: str, version: int = 1) -> None:
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown",
                                                            "version": version, "text": text}})


def _change(client: LspClient, uri: str, text: str, version: int) -> None:
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                             "contentChanges": [{"text": text}]})


def _summary(message: dict) -> list[tuple]:
    return [(d["code"], d["severity"], d["range"]["start"]["line"], d["range"]["start"]["character"],
             d["range"]["end"]["line"], d["range"]["end"]["character"]) for d in message["params"]["diagnostics"]]


def test_editor_session(workspace: Path):
    client = LspClient(workspace, timeout=30)
    try:
        init = client.initialize(workspace, {"factcheck": {"against": ["archive"], "debounceMs": 200}})
        capabilities = init["result"]["capabilities"]
        assert capabilities["hoverProvider"] is True
        assert capabilities["positionEncoding"] == "utf-16"
        assert capabilities["textDocumentSync"]["change"] == 1  # full text on every change
        _change(client, (workspace / "ghost.md").as_uri(), "never opened", 2)  # logged, not fatal

        # open: the contradiction with the archive and the attribution gap, at the figures
        uri = (workspace / "drafts" / "draft.md").as_uri()
        _open(client, uri, DRAFT)
        opened = client.diagnostics(uri, version=1)
        assert _summary(opened) == [("contradiction.figure", 1, 3, 40, 3, 44), ("attribution.none", 3, 5, 16, 5, 26)]
        contradiction = opened["params"]["diagnostics"][0]
        assert contradiction["source"] == "factcheck"
        assert "'4.3%' (draft, line 4" in contradiction["message"]
        (related,) = contradiction["relatedInformation"]
        assert related["location"]["uri"] == (workspace / "archive" / "journal-jobs.md").resolve().as_uri()
        assert related["location"]["range"]["start"] == {"line": 6, "character": 36}

        # hover on the figure: its record and the finding
        got = client.call("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 3,
                                                                                             "character": 41}})
        value = got["result"]["contents"]["value"]
        assert got["result"]["contents"]["kind"] == "markdown"
        for line in ("**4.3%** · percent · line 4, column 40", "- **value:** 4.3", "- **unit:** percent",
                     "- **period:** June (2024-06-01 – 2024-06-30)", "- **measure:** unemployment rate",
                     "- **place:** Arizona",
                     '- **attribution:** organization: the state Office of Economic Opportunity (cue "said")'):
            assert line in value.splitlines()
        assert "- error `contradiction.figure`: '4.3%' (draft, line 4" in value

        # two quick changes: only the second is checked and published (the first is debounced away)
        start = len(client.received)
        _change(client, uri, DRAFT.replace("4.3%", "4.4%"), 2)
        _change(client, uri, DRAFT.replace("4.3%", "4.1%"), 3)
        changed = client.diagnostics(uri, after=start)
        assert changed["params"]["version"] == 3
        assert _summary(changed) == [("attribution.none", 3, 5, 16, 5, 26)]
        start = len(client.received)
        client.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
        assert _summary(client.diagnostics(uri, version=3, after=start)) == _summary(changed)

        # a malformed request gets an error response, and the server still answers
        bad = client.call("textDocument/hover", {"textDocument": 5, "position": {"line": 3}})
        assert bad["error"]["code"] == -32602
        assert "position.character" in bad["error"]["message"]
        unknown = client.call("factcheck/noSuchMethod", {})
        assert unknown["error"]["code"] == -32601
        as_request = client.call("textDocument/didSave", {"textDocument": {"uri": uri}})  # found by the fuzz test
        assert as_request["error"]["code"] == -32600 and "notification" in as_request["error"]["message"]
        client.send_raw(b"{not json")
        assert client.call("textDocument/hover", {"textDocument": {"uri": uri},
                                                  "position": {"line": 0, "character": 0}})["result"] is None

        # a buffer that cannot be read: a diagnostic on the line that is wrong
        broken = (workspace / "drafts" / "broken.md").as_uri()
        _open(client, broken, "---\ntitle: Jobs\npublished: 2024-13-02\n---\nEmployers added 6,800 jobs.\n")
        (diagnostic,) = client.diagnostics(broken, version=1)["params"]["diagnostics"]
        assert (diagnostic["code"], diagnostic["range"]["start"]["line"]) == ("input-error", 2)
        assert diagnostic["message"].startswith("published: month 13 does not exist")
        binary = (workspace / "drafts" / "image.md").as_uri()
        _open(client, binary, "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
        (diagnostic,) = client.diagnostics(binary, version=1)["params"]["diagnostics"]
        assert diagnostic["message"].startswith("binary file, not text")

        # close: its diagnostics are cleared
        start = len(client.received)
        client.notify("textDocument/didClose", {"textDocument": {"uri": broken}})
        assert client.diagnostics(broken, after=start)["params"]["diagnostics"] == []

        # a configuration that points outside the workspace is refused; the server keeps serving
        start = len(client.received)
        client.notify("workspace/didChangeConfiguration",
                      {"settings": {"factcheck": {"against": ["../outside", "missing"], "debounceMs": 0}}})
        refused = client.wait_for(lambda m: m.get("method") == "window/showMessage" and m["params"]["type"] == 2,
                                  after=start)["params"]["message"]
        assert "'../outside' refused" in refused and "outside the workspace folders" in refused
        missing = client.wait_for(lambda m: m.get("method") == "window/showMessage" and m["params"]["type"] == 1,
                                  after=start)["params"]["message"]
        assert "missing: no such file or folder" in missing
        rechecked = client.diagnostics(uri, version=3, after=start)
        assert _summary(rechecked) == [("attribution.none", 3, 5, 16, 5, 26)]  # nothing read from outside

        # a buffer outside the workspace is checked, but the corpus.yaml beside it is not read
        outside = workspace.parent / "outside"
        (outside / "corpus.yaml").write_text("documents:\n  - file: note.md\n    published: 1999\n", encoding="utf-8")
        (outside / "note.md").write_text("Employers added 6,800 jobs in June.\n", encoding="utf-8")
        note = (outside / "note.md").as_uri()
        _open(client, note, "Employers added 6,800 jobs in June.\n")
        got = client.call("textDocument/hover", {"textDocument": {"uri": note}, "position": {"line": 0,
                                                                                              "character": 17}})
        assert "- **period:** June (unresolved" in got["result"]["contents"]["value"]  # no 1999 from the manifest

        assert client.stop() == 0
    finally:
        client.kill()
