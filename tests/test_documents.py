"""Document loading: files, folders with corpus.yaml, stdin, front matter, and every kind of bad input."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from factcheck.documents import STDIN_PATH, LoadResult, load_documents, read_document
from factcheck.errors import InputError
from factcheck.records import Precision
from factcheck.textpos import LineIndex
from factcheck.yamlio import MAX_ALIAS_NODES, load_yaml

SEEDS = Path(__file__).parent.parent / "seeds"


def write(folder: Path, files: dict[str, str | bytes]) -> Path:
    """Write `files` (relative name → text or bytes) under `folder`; text is written as UTF-8 bytes."""
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return folder


def only_error(result: LoadResult) -> InputError:
    assert len(result.errors) == 1, [str(e) for e in result.errors]
    return result.errors[0]


# --- the seed corpus ---------------------------------------------------------------------------------

SEED_EXPECTED = [
    ("npr-2021-dea-mexico", "NPR", "2021-05", Precision.MONTH, None),
    ("reuters-2021-cartel-standoff", "Reuters", "2021-03", Precision.MONTH, None),
    ("brookings-2023-mexico-cooperation", "Brookings Institution", "2023-03", Precision.MONTH, None),
    ("borderlandbeat-2021-reuters-repost", "Borderland Beat", "2021-03-31", Precision.DAY, "Reuters"),
    ("mexicodailypost-2021-bloomberg", "Mexico Daily Post (Bloomberg editorial)", "2021-01", Precision.MONTH,
     None),
]


def test_seeds_folder_loads_with_manifest_metadata() -> None:
    result = load_documents([str(SEEDS)])
    assert result.errors == []
    got = [(d.id, d.source, str(d.published), d.published.precision if d.published else None, d.republishes)
           for d in result.documents]
    assert got == SEED_EXPECTED
    brookings = result.documents[2]
    assert brookings.title == "Mexico's withdrawal from security cooperation with the United States"
    assert brookings.author == "Vanda Felbab-Brown"
    for doc in result.documents:
        assert doc.path is not None and Path(doc.path).parent == SEEDS
        assert doc.text == Path(doc.path).read_bytes().decode("utf-8")
        assert doc.body_start == 0


def test_seed_file_named_directly_takes_metadata_from_manifest_beside_it() -> None:
    path = SEEDS / "003_803e7421587bc3d0.txt"
    result = load_documents([str(path), str(SEEDS)])
    assert result.errors == []
    assert result.documents[0].id == "borderlandbeat-2021-reuters-repost"
    assert len(result.documents) == 5  # reached twice, loaded once


# --- front matter ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("---\nid: a1\ntitle: T\nsource: S\nauthor: A\nurl: https://x.test/a\nrepublishes: R\n"
         "published: 2021-05-14\n---\nBody here.\n",
         {"id": "a1", "title": "T", "source": "S", "author": "A", "url": "https://x.test/a",
          "republishes": "R", "published": ("2021-05-14", Precision.DAY)}),
        ("---\npublished: 2021\n...\nBody.\n", {"id": "doc", "published": ("2021", Precision.YEAR)}),
        ("---\npublished: '2021-05'\n---\nBody.\n", {"published": ("2021-05", Precision.MONTH)}),
        ("---   \nid: 42\n---\t\nBody.\n", {"id": "42"}),
        ("---\n---\nBody.\n", {"id": "doc", "title": None, "published": None}),
        ("---\nauthor:\n---\nBody.\n", {"author": None}),
        ("No front matter.\n---\nid: nope\n---\n", {"id": "doc"}),
    ],
    ids=["all-keys", "year-dots", "month", "int-id", "empty", "null", "not-at-start"],
)
def test_front_matter_fields(tmp_path: Path, content: str, expected: dict[str, object]) -> None:
    doc = read_document(write(tmp_path, {"doc.md": content}) / "doc.md")
    assert doc.text == content
    for key, want in expected.items():
        value = getattr(doc, key)
        if key == "published" and want is not None:
            assert (str(value), value.precision) == want
        else:
            assert value == want


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_body_start_is_after_closing_line(tmp_path: Path, newline: str) -> None:
    content = newline.join(["---", "title: T", "---", "# Heading", "Body"])
    doc = read_document(write(tmp_path, {"a.md": content}) / "a.md")
    assert doc.text == content
    assert doc.text[doc.body_start:].startswith("# Heading")
    assert LineIndex(doc.text).position(doc.body_start) == (4, 1)


def test_front_matter_wins_over_manifest_metadata(tmp_path: Path) -> None:
    path = write(tmp_path, {"a.md": "---\ntitle: From file\n---\nBody.\n"}) / "a.md"
    doc = read_document(path, metadata={"title": "From manifest", "source": "Outlet", "id": "m1"})
    assert (doc.title, doc.source, doc.id) == ("From file", "Outlet", "m1")
    assert doc.path == str(path)


# --- encodings and line breaks -----------------------------------------------------------------------

def test_crlf_is_kept_and_offsets_match_editor_lines(tmp_path: Path) -> None:
    content = b"First line\r\nSecond line\r\nThe figure 42 is here\r\n"
    doc = read_document(write(tmp_path, {"crlf.txt": content}) / "crlf.txt")
    assert doc.text == content.decode()
    assert doc.text.count("\r\n") == 3
    offset = doc.text.index("figure")
    assert LineIndex(doc.text).position(offset) == (3, 5)


def test_bom_is_dropped(tmp_path: Path) -> None:
    write(tmp_path, {"bom.txt": b"\xef\xbb\xbfHello world\n",
                     "bomfm.md": b"\xef\xbb\xbf---\nid: b\n---\nHi\n"})
    doc = read_document(tmp_path / "bom.txt")
    assert doc.text == "Hello world\n"
    assert not doc.text.startswith("\ufeff")
    with_front_matter = read_document(tmp_path / "bomfm.md")
    assert with_front_matter.id == "b"
    assert with_front_matter.body_start == len("---\nid: b\n---\n")


@pytest.mark.parametrize(
    ("encoding", "data", "text"),
    [
        ("cp1252", b"caf\xe9 costs \x80 5\r\n", "café costs € 5\r\n"),
        ("latin-1", b"na\xefve\n", "naïve\n"),
        ("utf-16", "Text with 2 figures\n".encode("utf-16"), "Text with 2 figures\n"),
    ],
)
def test_encoding_override(tmp_path: Path, encoding: str, data: bytes, text: str) -> None:
    path = write(tmp_path, {"a.txt": data}) / "a.txt"
    assert read_document(path, encoding=encoding).text == text
    result = load_documents([str(path)], encoding=encoding)
    assert result.errors == []
    assert result.documents[0].text == text


# --- standard input ----------------------------------------------------------------------------------

def test_stdin_text() -> None:
    result = load_documents(["-"], stdin_text="Draft with 3 figures.\n", stdin_id="draft",
                            stdin_published="2021-05")
    assert result.errors == []
    (doc,) = result.documents
    assert (doc.id, doc.text, doc.path) == ("draft", "Draft with 3 figures.\n", None)
    assert str(doc.published) == "2021-05"


def test_stdin_bytes_are_decoded_like_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    piped = b"\xef\xbb\xbf---\nid: piped\n---\nA\r\nB\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(piped)))
    (doc,) = load_documents(["-"]).documents
    assert (doc.id, doc.text, doc.body_start) == ("piped", "---\nid: piped\n---\nA\r\nB\n", 18)


def test_stdin_filename_names_the_buffer_and_takes_manifest_metadata(tmp_path: Path) -> None:
    (tmp_path / "corpus.yaml").write_text("documents:\n  - file: draft.md\n    source: Gazette\n"
                                          "    published: 2024-03-12\n", encoding="utf-8")
    (tmp_path / "draft.md").write_text("The saved text, older than the buffer.\n", encoding="utf-8")
    result = load_documents(["-"], stdin_text="Unsaved 3 figures.\n", stdin_filename=str(tmp_path / "draft.md"))
    assert result.errors == []
    (doc,) = result.documents
    assert (doc.id, doc.path, doc.source, str(doc.published)) == ("draft", str(tmp_path / "draft.md"), "Gazette",
                                                                   "2024-03-12")


def test_stdin_filename_in_errors() -> None:
    error = only_error(load_documents(["-"], stdin_text="  \n", stdin_filename="drafts/new.md"))
    assert error.path == "drafts/new.md" and "empty file" in error.message


def test_stdin_bad_published() -> None:
    error = only_error(load_documents(["-"], stdin_text="Text.", stdin_published="last spring"))
    assert error.path == STDIN_PATH
    assert "not a date" in error.message


# --- bad files ---------------------------------------------------------------------------------------

BAD_FILES = [
    ("nul", b"GIF89a\x00\x01\x02text", None, "binary file, not text"),
    ("controls", bytes(range(1, 9)) * 20 + b"a few letters", None, "binary file, not text"),
    ("undecodable", b"fine\nstill fine\nbad \xff byte\n", 3, "is not valid utf-8"),
    ("empty", b"", None, "empty file"),
    ("blank", b"  \n\t\r\n  ", None, "empty file"),
    ("bom-only", b"\xef\xbb\xbf\n", None, "empty file"),
    ("front-matter-only", b"---\nid: x\n---\n\n", 4, "only front matter"),
    ("yaml-syntax", b"---\nid: x\ntitle: a: b\n---\nBody\n", 3, "invalid YAML"),
    ("yaml-control-char", b"---\nid: x\ntitle: a\x01b\n---\nBody\n", 3, "control characters"),
    ("not-mapping", b"---\n- a\n- b\n---\nBody\n", 2, "must be 'key: value' lines"),
    ("unclosed", b"---\ntitle: T\nBody with no end\n", 1, "never closed"),
    ("unknown-key", b"---\nid: x\ntitel: T\n---\nBody\n", 3, "unknown front matter key 'titel'"),
    ("bad-day", b"---\nid: x\npublished: 2021-02-30\n---\nBody\n", 3, "2021-02 has no day 30"),
    ("not-a-date", b"---\nid: x\n\npublished: last spring\n---\nBody\n", 4, "'last spring' is not a date"),
    ("date-list", b"---\npublished: [2021]\n---\nBody\n", 2, "published must be a date"),
    ("title-list", b"---\ntitle: [a, b]\n---\nBody\n", 2, "title must be text"),
    ("title-bool", b"---\ntitle: yes\n---\nBody\n", 2, "title must be text"),
    ("empty-id", b"---\nid: ' '\n---\nBody\n", 2, "id is empty"),
    ("duplicate-key", b"---\nid: a\nid: b\n---\nBody\n", 3, "appears twice"),
    ("two-yaml-docs", b"---\nid: a\n---\nBody\n---\nmore\n", None, None),  # a later '---' is body text
]


@pytest.mark.parametrize(("name", "data", "line", "phrase"), BAD_FILES, ids=[case[0] for case in BAD_FILES])
def test_bad_file(tmp_path: Path, name: str, data: bytes, line: int | None, phrase: str | None) -> None:
    path = write(tmp_path, {f"{name}.md": data}) / f"{name}.md"
    result = load_documents([str(path)])
    if phrase is None:
        assert result.errors == [] and len(result.documents) == 1
        return
    error = only_error(result)
    assert (error.path, error.line) == (str(path), line)
    assert phrase in error.message
    assert error.hint or "use YYYY" in error.message  # every error says what to do
    with pytest.raises(InputError):
        read_document(path)


def test_undecodable_hint_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, {"a.txt": "é ok\r\n".encode() + b"ab\x92cd\n"}) / "a.txt"
    error = only_error(load_documents([str(path)]))
    assert error.line == 2
    assert "0x92 at column 3" in error.message
    assert "re-save it as UTF-8 or pass --encoding" in (error.hint or "")


def test_missing_path_and_unknown_encoding(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.txt")
    error = only_error(load_documents([missing]))
    assert (error.path, error.line) == (missing, None)
    assert "no such file or folder" in error.message
    with pytest.raises(InputError, match="no such file"):
        read_document(Path(missing))
    bad = only_error(load_documents([missing], encoding="no-such-codec"))
    assert "unknown text encoding" in bad.message
    assert "unknown text encoding" in only_error(load_documents([missing], encoding="base64")).message


def test_empty_folder_and_hidden_files(tmp_path: Path) -> None:
    write(tmp_path, {".hidden.txt": "x", ".git/a.txt": "x", "notes.pdf": b"%PDF", "sub/readme.rst": "x"})
    error = only_error(load_documents([str(tmp_path)]))
    assert (error.path, error.line) == (str(tmp_path), None)
    assert "no documents in this folder" in error.message


def test_folder_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    write(tmp_path, {"b.txt": "B", "a.md": "A", "sub/c.markdown": "C", "sub/.d.txt": "D", ".e/f.txt": "F",
                     "g.TXT": "G", "h.json": "{}"})
    result = load_documents([str(tmp_path)])
    assert result.errors == []
    assert [d.id for d in result.documents] == ["a", "b", "g", "c"]


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    write(tmp_path, {"a.txt": "Good one.", "b.txt": b"\x00\x01binary", "c.md": "---\ntitle: [\n---\nBody",
                     "d.md": "Good two."})
    result = load_documents([str(tmp_path), str(tmp_path / "missing.txt")])
    assert [d.id for d in result.documents] == ["a", "d"]
    assert [Path(e.path).name for e in result.errors] == ["b.txt", "c.md", "missing.txt"]


def test_duplicate_ids_error_on_the_second(tmp_path: Path) -> None:
    write(tmp_path, {"one/a.txt": "First.", "two/a.txt": "Second.", "x.md": "---\nid: a\n---\nThird.\n"})
    result = load_documents([str(tmp_path / "one"), str(tmp_path / "two"), str(tmp_path / "x.md")])
    assert [d.text for d in result.documents] == ["First."]
    assert [e.path for e in result.errors] == [str(tmp_path / "two" / "a.txt"), str(tmp_path / "x.md")]
    assert all("document id 'a' is already used by" in e.message for e in result.errors)


# --- manifests ---------------------------------------------------------------------------------------

def test_manifest_metadata_and_unlisted_files(tmp_path: Path) -> None:
    write(tmp_path, {
        "corpus.yaml": "documents:\n  - file: a.txt\n    id: alpha\n    published: 2020\n"
                       "  - file: sub/b.txt\n    title: Bee\n    published: 2020-07-04\n",
        "a.txt": "A.", "sub/b.txt": "B.", "c.txt": "C.", "d.md": "---\nid: dee\n---\nD.",
    })
    result = load_documents([str(tmp_path)])
    assert result.errors == []
    docs = {d.id: d for d in result.documents}
    assert list(docs) == ["alpha", "c", "dee", "b"]
    assert (str(docs["alpha"].published), docs["alpha"].published.precision) == ("2020", Precision.YEAR)
    assert (docs["b"].title, str(docs["b"].published)) == ("Bee", "2020-07-04")


def test_manifest_in_subfolder_and_conflicting_manifests(tmp_path: Path) -> None:
    write(tmp_path, {
        "corpus.yaml": "documents:\n  - file: sub/b.txt\n    id: from-top\n",
        "sub/corpus.yaml": "documents:\n  - file: b.txt\n    id: from-sub\n  - file: c.txt\n    id: sea\n",
        "sub/b.txt": "B.", "sub/c.txt": "C.",
    })
    result = load_documents([str(tmp_path)])
    assert sorted(d.id for d in result.documents) == ["from-top", "sea"]
    error = only_error(result)
    assert (error.path, error.line) == (str(tmp_path / "sub" / "corpus.yaml"), 2)
    assert "already described by" in error.message


BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{b}: &{b} [{', '.join([f'*{a}'] * 10)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True))
BAD_MANIFESTS = [
    ("yaml-error", "documents:\n  - file: a.txt\n    title: x: y\n", 3, "invalid YAML"),
    ("not-utf8", b"documents:\n  - file: a.txt\n    title: caf\xe9\n", 3, "not valid utf-8"),
    ("top-list", "- file: a.txt\n", 1, "mapping with only a 'documents' list"),
    ("documents-not-list", "documents:\n  file: a.txt\n", 1, "mapping with only a 'documents' list"),
    ("extra-top-key", "documents: []\nsettings: {}\n", 2, "mapping with only a 'documents' list"),
    ("entry-not-mapping", "documents:\n  - a.txt\n", 2, "needs a 'file:'"),
    ("entry-without-file", "documents:\n  - id: x\n", 2, "needs a 'file:'"),
    ("missing-file", "documents:\n  - file: a.txt\n  - id: z\n    file: nope.txt\n", 4, "does not exist"),
    ("absolute", "documents:\n  - file: /etc/hostname\n", 2, "absolute path"),
    ("dot-dot", "documents:\n  - file: ../outside.txt\n", 2, "outside the manifest's folder"),
    ("bad-date", "documents:\n  - file: a.txt\n\n    published: 2021-13\n", 4, "month 13 does not exist"),
    ("unknown-key", "documents:\n  - file: a.txt\n    date: 2021\n", 3, "unknown corpus.yaml entry key"),
    ("duplicate-entry", "documents:\n  - file: a.txt\n  - file: ./a.txt\n", 3, "already described by"),
    ("alias-bomb", BOMB, None, f"more than {MAX_ALIAS_NODES} nodes"),
]


@pytest.mark.parametrize(("name", "manifest", "line", "phrase"), BAD_MANIFESTS,
                         ids=[case[0] for case in BAD_MANIFESTS])
def test_bad_manifest(tmp_path: Path, name: str, manifest: str | bytes, line: int | None,
                      phrase: str) -> None:
    folder = write(tmp_path / "corpus", {"corpus.yaml": manifest, "a.txt": "Text of a."})
    write(tmp_path, {"outside.txt": "Not in the corpus."})
    result = load_documents([str(folder)])
    error = only_error(result)
    assert error.path == str(folder / "corpus.yaml")
    if line is not None:
        assert error.line == line
    assert phrase in error.message
    assert error.hint
    assert [d.id for d in result.documents] == ["a"]  # the documents still load


def test_encoding_applies_to_manifests(tmp_path: Path) -> None:
    folder = write(tmp_path, {"corpus.yaml": b"documents:\n  - file: a.txt\n    title: Caf\xe9\n",
                              "a.txt": b"Caf\xe9 prices rose 5%.\n"})
    result = load_documents([str(folder)], encoding="cp1252")
    assert result.errors == []
    assert (result.documents[0].title, result.documents[0].text) == ("Café", "Café prices rose 5%.\n")


def test_manifest_symlink_pointing_outside(tmp_path: Path) -> None:
    folder = write(tmp_path / "corpus", {"corpus.yaml": "documents:\n  - file: link.txt\n    id: l\n",
                                         "a.txt": "A."})
    write(tmp_path, {"secret.txt": "Outside."})
    (folder / "link.txt").symlink_to(tmp_path / "secret.txt")
    result = load_documents([str(folder)])
    error = result.errors[0]
    assert (error.path, error.line) == (str(folder / "corpus.yaml"), 2)
    assert "outside the manifest's folder" in error.message
    assert "l" not in [d.id for d in result.documents]


# --- yamlio ------------------------------------------------------------------------------------------

def test_load_yaml_line_map() -> None:
    text = "# comment\ndocuments:\n  - file: a.txt\n    id: a\n  - file: b.txt\n\n    published: 2021-03-31\n"
    data, lines = load_yaml(text, "m.yaml", first_line=10)
    assert data["documents"][1]["published"] == "2021-03-31"  # dates stay strings
    assert lines.line() == 11
    assert lines.line("documents") == 11
    assert lines.line("documents", 1) == 14
    assert lines.line("documents", 1, "published") == 16
    assert lines.line("documents", 1, "title") == 14  # absent: nearest enclosing node
    assert lines.line("documents", 0, "id") == 13


@pytest.mark.parametrize(
    ("text", "line", "phrase"),
    [
        ("a: 1\nb: [1,\n", 3, "did not find expected"),
        ("a: !!python/object/apply:os.system ['true']\n", 1, "could not determine a constructor"),
        ("a: !!int abc\n", None, "invalid YAML value"),
        ("a: &x [*x]\n", 1, "aliases expand"),
        ("--- 1\n--- 2\n", 2, "expected a single document"),
    ],
)
def test_load_yaml_errors(text: str, line: int | None, phrase: str) -> None:
    with pytest.raises(InputError) as info:
        load_yaml(text, "r.yaml")
    assert (info.value.path, info.value.line) == ("r.yaml", line)
    assert phrase in info.value.message


def test_load_yaml_empty_and_small_aliases() -> None:
    assert load_yaml("", "e.yaml")[0] is None
    data, lines = load_yaml("base: &b {unit: count}\nx: *b\ny: *b\n", "a.yaml")
    assert data["x"] == data["y"] == {"unit": "count"}
    assert lines.line("y", "unit") == 1


# --- round trip --------------------------------------------------------------------------------------

_TEXT = st.text(st.characters(exclude_categories=("Cs", "Cc"), include_characters="\t\n\r"), min_size=1)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_TEXT)
def test_text_round_trips_exactly(tmp_path: Path, text: str) -> None:
    assume(text.strip() and not text.startswith(("---", "\ufeff")))
    path = tmp_path / "round.txt"
    path.write_bytes(text.encode("utf-8"))
    doc = read_document(path)
    assert doc.text == text
    assert doc.body_start == 0
