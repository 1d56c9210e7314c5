"""Fuzzing the language server's message handling: arbitrary requests and notifications over a real
stdio session never kill it — every request gets a response (a result or an LSP error) and the server
still answers a well-formed hover afterwards. Positions and hovers are fuzzed on the pure mapping too."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lsp_client import LspClient
from lsprotocol.types import Position

from factcheck.checker import check_documents
from factcheck.documents import load_documents
from factcheck.lsp.mapping import PositionMap, hover

DRAFT = "---\npublished: 2024-07-01\n---\nArizona's unemployment rate was 4.3% in June 😀, officials said.\n"
METHODS = ["textDocument/hover", "textDocument/didOpen", "textDocument/didChange", "textDocument/didSave",
           "textDocument/didClose", "workspace/didChangeConfiguration", "initialize", "$/cancelRequest",
           "textDocument/completion", "no/such/method", ""]
JSON = st.recursive(st.none() | st.booleans() | st.integers(-2**40, 2**40) | st.floats(allow_nan=False)
                    | st.text(max_size=30),
                    lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=12), inner, max_size=4),
                    max_leaves=12)
PARAM_KEYS = ["textDocument", "position", "uri", "version", "text", "contentChanges", "settings", "factcheck",
              "line", "character", "against", "rules", "published", "debounceMs"]
PARAMS = st.none() | JSON | st.dictionaries(st.sampled_from(PARAM_KEYS), JSON, max_size=4)


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LspClient, str]]:
    root = tmp_path_factory.mktemp("fuzz-ws")
    client = LspClient(root, timeout=30)
    client.initialize(root, {"factcheck": {"debounceMs": 0}})
    uri = (root / "draft.md").as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1,
                                                            "text": DRAFT}})
    client.diagnostics(uri, version=1)
    yield client, uri
    assert client.stop() == 0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(method=st.sampled_from(METHODS), params=PARAMS, request=st.booleans(),
       raw=st.none() | st.binary(max_size=40))
def test_no_message_kills_the_server(session: tuple[LspClient, str], method: str, params: object,
                                     request: bool, raw: bytes | None) -> None:
    client, uri = session
    if method == "textDocument/didClose" or (method == "initialize" and request):
        method = "no/such/method"  # keep the buffer open and the session initialized for the check below
    if raw is not None:
        client.send_raw(raw)  # not JSON-RPC at all (or not even JSON)
    if request:
        answer = client.call(method, params)
        assert ("result" in answer) != ("error" in answer), answer
    else:
        client.notify(method, params)
    alive = client.call("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 3,
                                                                                          "character": 32}})
    assert alive.get("error") is None and "4.3" in json.dumps(alive["result"]), alive


@pytest.fixture(scope="module")
def checked():
    (document,) = load_documents(["-"], stdin_text=DRAFT, stdin_filename="draft.md").documents
    return check_documents([document]), document


@settings(max_examples=200, deadline=None)
@given(line=st.integers(-5, 50), character=st.integers(-5, 500))
def test_any_position_maps_and_hovers_without_error(checked, line: int, character: int) -> None:
    result, document = checked
    positions = PositionMap(document.text)
    offset = positions.offset(Position(line=max(line, 0), character=max(character, 0)))
    assert 0 <= offset <= len(document.text)
    got = hover(result, document.id, positions, Position(line=max(line, 0), character=max(character, 0)))
    assert got is None or "**" in got.contents.value


@given(text=st.text(max_size=200))
def test_positions_round_trip_on_any_text(text: str) -> None:
    positions = PositionMap(text)
    for offset in range(len(text) + 1):
        if text[offset - 1:offset + 1] == "\r\n":
            continue  # inside one line break: no LSP position stands there
        back = positions.offset(positions.position(offset))
        assert back == offset, (text, offset)

