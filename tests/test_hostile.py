"""Hostile inputs and what factcheck does with each (docs/security.md): one table, one readable id a row.

A row names the entry point it goes through and what must come out: the figure read, or the `InputError`
(message fragment and line), or the warning (fragment and line). Every row is a thing an attacker, a
broken CMS or a careless copy-paste can hand in; fuzz regressions (benchmarks/fuzz.py) land here too.
Text hygiene cases that only concern the figures read are in tests/examples/hygiene/*.yaml (run below).
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from example_tables import NUMERIC_KINDS, compare, extract_case, failure_report, load_tables

from factcheck import yamlio
from factcheck.documents import MAX_DOCUMENT_BYTES, MAX_FRONT_MATTER_CHARS, MAX_MANIFEST_BYTES, load_documents
from factcheck.errors import InputError
from factcheck.extract import extract
from factcheck.rulepacks import MAX_PACK_BYTES, load_rules_checked
from factcheck.yamlio import MAX_ALIAS_NODES, MAX_NESTING_DEPTH

SECRET = "Secret text from outside: 99 figures."
BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{b}: &{b} [{', '.join([f'*{a}'] * 10)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True))
DEEP = "[" * 5000 + "]" * 5000


@dataclass(frozen=True)
class Hostile:
    """One hostile input. `via`: how it goes in -- "text" (a document's text, loaded as stdin), "file" (bytes
    of a file in a folder), "manifest" (a corpus.yaml beside a.txt), "pack" (a rule pack file), "folder"
    (a folder prepared by `setup`). Expected: `claims` as (text, value) pairs, `error` (fragment, line) or
    `warning` (fragment, line); unset expectations are not checked, `error=None` asserts no error."""

    name: str
    via: str
    data: str | bytes = ""
    claims: list[tuple[str, float]] | None = None
    error: tuple[str, int | None] | None = None
    warning: tuple[str, int] | None = None
    setup: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


CASES = [
    # ------------------------------------------------------------------ text hygiene: read right, warned
    Hostile("mojibake-name", "text", "AndrÃ©s Manuel LÃ³pez Obrador said 40,000 troops were deployed.",
            claims=[("40,000 troops", 40000)], warning=("UTF-8 read as Windows-1252 (mojibake): 'AndrÃ©s Manuel', "
                                                        "read as 'Andrés Manuel'", 1)),
    Hostile("mojibake-quotes", "text", "Calm.\nâ€œWe found 52,000 bodies,â€\x9d the mayor said.",
            claims=[("52,000 bodies", 52000)], warning=("mojibake", 2)),
    Hostile("mojibake-euro-sign", "text", "It cost â‚¬5 million.", claims=[("â‚¬5 million", 5e6)],
            warning=("read as 'It cost €5 millio'", 1)),
    Hostile("cp1252-quotes-read-as-latin1", "text", "\x93We found 52,000 bodies,\x94 he said.",
            claims=[("52,000 bodies", 52000)], warning=("Windows-1252 characters decoded as Latin-1", 1)),
    Hostile("control-character-inside-a-number", "text", "Intro.\n\nThe count was 9,\x01100.",
            claims=[("9", 9), ("100", 100)], warning=("control character", 3)),
    Hostile("escape-character", "text", "Turnout was 61% \x1b[31mred\x1b[0m.", claims=[("61%", 61)],
            warning=("control character", 1)),
    Hostile("bidi-override-around-figure", "text", "Revenue rose to \u202e$5 million\u202c.",
            claims=[("$5 million", 5e6)], warning=("bidirectional override", 1)),
    Hostile("replacement-characters", "text", "The mayor\ufffds office logged 300 complaints.",
            claims=[("300 complaints", 300)], warning=("U+FFFD replacement characters", 1)),
    Hostile("unicode-line-separator", "text", "Crews cleared 40 roads.\u2028Another 12 stayed shut.",
            claims=[("40 roads", 40), ("12", 12)], warning=("line or paragraph separator", 1)),
    Hostile("zero-width-space-in-number", "text", "Officials counted 12\u200b000 ballots.",
            claims=[("12\u200b000 ballots", 12000)]),
    Hostile("soft-hyphen-in-number", "text", "The city hired 2\u00ad500 workers.",
            claims=[("2\u00ad500 workers", 2500)]),
    Hostile("bom-mid-text", "text", "First part.\ufeff About 7\ufeff500 homes lost power.",
            claims=[("About 7\ufeff500 homes", 7500)]),
    Hostile("full-width-digits", "text", "The firm lost \uff14\uff10\uff10 jobs.",
            claims=[("\uff14\uff10\uff10 jobs", 400)]),
    Hostile("exponent-beyond-float", "text", "Voters cast 1e999 ballots.", claims=[]),
    Hostile("four-hundred-digit-number", "text", "About " + "9" * 400 + " people.", claims=[]),
    Hostile("fraction-after-slash", "text", "A # 0 0/½ mark.", claims=[("0", 0)]),  # fuzz: ValueError float('½')
    Hostile("crlf-and-cr-line-ends", "text", "First line.\r\nSecond line.\rThe blaze burned 300 acres.",
            claims=[("300 acres", 300)]),
    # ------------------------------------------------------------------ files: refused with file and line
    Hostile("utf16-without-encoding", "file", "Report: 40 arrests.".encode("utf-16"), error=("binary file", None)),
    Hostile("overlong-utf8", "file", b"Fine line.\nbad \xc0\xaf slash\n", error=("is not valid utf-8", 2)),
    Hostile("utf8-surrogate-bytes", "file", b"a\nb\nc \xed\xa0\x80 d\n", error=("is not valid utf-8", 3)),
    Hostile("nul-after-the-sniffed-start", "file", b"About 12 people. " * 600 + b"\n\x00 more", error=None,
            warning=("control character", 2)),
    Hostile("front-matter-python-tag", "file", b"---\ntitle: !!python/object/apply:os.system ['echo hi']\n---\nBody\n",
            error=("could not determine a constructor", 2)),
    Hostile("front-matter-alias-bomb", "file", ("---\n" + BOMB + "---\nBody 12 people.\n").encode(),
            error=(f"more than {MAX_ALIAS_NODES} nodes", 2)),
    Hostile("front-matter-deep-nesting", "file", ("---\ntitle: " + DEEP + "\n---\nBody\n").encode(),
            error=("nested more than 100 levels deep", 2)),
    Hostile("front-matter-never-closed-and-huge", "file", b"---\n" + b"title: x\n" * (MAX_FRONT_MATTER_CHARS // 8),
            error=(f"front matter longer than {MAX_FRONT_MATTER_CHARS:,} characters", 1)),
    Hostile("front-matter-nel-line-break", "file", "---\nid: x\x85title: a: b\n---\nBody\n".encode(),
            error=("invalid YAML", 2)),  # YAML breaks lines at NEL (U+0085); editors and factcheck do not
    Hostile("document-too-large", "file", b"a" * (MAX_DOCUMENT_BYTES + 1), error=("larger than", None)),
    # ------------------------------------------------------------------ manifests: never read outside the folder
    Hostile("manifest-absolute-path", "manifest", "documents:\n  - file: /etc/passwd\n", error=("absolute path", 2)),
    Hostile("manifest-dot-dot-escape", "manifest", "documents:\n  - file: sub/../../secret.txt\n",
            error=("outside the manifest's folder", 2)),
    Hostile("manifest-symlinked-folder-escape", "manifest", "documents:\n  - file: linkdir/secret.txt\n",
            error=("outside the manifest's folder", 2), setup="linkdir"),
    Hostile("manifest-symlink-loop", "manifest", "documents:\n  - file: a.txt\n  - file: loop.txt\n",
            error=("symbolic link that loops", 3), setup="loop"),
    Hostile("manifest-nul-in-name", "manifest", 'documents:\n  - file: "a.txt\\0.md"\n',
            error=("NUL character", 2)),
    Hostile("manifest-name-too-long", "manifest", "documents:\n  - file: " + "x" * 300 + "\n",
            error=("cannot be read: File name too long", 2)),
    Hostile("manifest-python-tag", "manifest", "documents: !!python/object/apply:os.system ['true']\n",
            error=("could not determine a constructor", 1)),
    Hostile("manifest-alias-bomb", "manifest", BOMB, error=(f"more than {MAX_ALIAS_NODES} nodes", 1)),
    Hostile("manifest-too-large", "manifest", "documents: []\n" + "#" * MAX_MANIFEST_BYTES,
            error=(f"larger than {MAX_MANIFEST_BYTES:,} bytes", None)),
    Hostile("manifest-line-after-nel", "manifest", "documents:\n  - file: a.txt\x85    title: a: b\n",
            error=("invalid YAML", 2)),
    # ------------------------------------------------------------------ folders
    Hostile("folder-symlink-to-outside-file", "folder", setup="outside-link",
            error=("outside the folder", None)),
    Hostile("folder-symlink-loop", "folder", setup="loop", error=("symbolic link that loops", None)),
    # ------------------------------------------------------------------ rule packs: data, never code
    Hostile("pack-python-tag", "pack", "pack: p\nrules: !!python/object/apply:os.system ['true']\n",
            error=("could not determine a constructor", 2)),
    Hostile("pack-nan-value", "pack", "pack: p\nrules:\n  - id: a\n    kind: reference\n    measure: homicides\n"
            "    period: '2021'\n    value: .nan\n    source: x\n", error=("finite number", 7)),
    Hostile("pack-infinite-bound", "pack", "pack: p\nrules:\n  - id: a\n    kind: range\n    unit: percent\n"
            "    max: .inf\n", error=("finite number", 6)),
    Hostile("pack-too-large", "pack", "pack: p\nrules: []\n" + "#" * MAX_PACK_BYTES, error=("larger than", None)),
    Hostile("pack-not-utf8", "pack", b"pack: caf\xe9\nrules: []\n", error=("not UTF-8", None)),
    Hostile("pack-nul-character", "pack", "pack: p\x00\nrules: []\n", error=("control characters", 1)),
    Hostile("pack-deep-block-nesting", "pack", "pack: p\nrules:\n" + "".join("  " * i + "-\n" for i in range(1, 150)),
            error=("nested more than 100 levels deep", 102)),
    Hostile("pack-deep-nesting", "pack", "pack: p\nrules: " + DEEP + "\n",
            error=("nested more than 100 levels deep", 2)),
    Hostile("pack-alias-bomb", "pack", BOMB, error=(f"more than {MAX_ALIAS_NODES} nodes", 1)),
    Hostile("pack-place-parent-list", "pack", "pack: p\nrules:\n  - id: a\n    kind: lexicon\n    places:\n"
            "      - {name: Springfield, kind: city, parent: [a]}\n", error=("parent must be a place name", 3)),
    Hostile("pack-place-names-string", "pack", "pack: p\nrules:\n  - id: a\n    kind: lexicon\n    places:\n"
            "      - {name: Springfield, kind: city, parent: Illinois, names: abc}\n",
            error=("names must be a list", 3)),  # a bare string became one place name per letter
    Hostile("pack-measure-refines-list", "pack", "pack: p\nrules:\n  - id: a\n    kind: lexicon\n    measures:\n"
            "      - {key: k, phrase: x, patterns: [foo bar], refines: [a]}\n", error=("which is not a measure", 3)),
    Hostile("pack-symlink-out-of-folder", "folder", setup="pack-link", error=("outside its folder", None)),
]


def _prepare(case: Hostile, tmp_path: Path) -> Path:
    """The path to hand in: the input in a folder `in`, with `secret.txt` outside it."""
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("About 500 people marched.\n", encoding="utf-8")
    if case.setup == "linkdir":
        (folder / "linkdir").symlink_to(tmp_path, target_is_directory=True)
    elif case.setup == "loop":
        (folder / "loop.txt").symlink_to(folder / "loop.txt")
    elif case.setup == "outside-link":
        (folder / "link.txt").symlink_to(tmp_path / "secret.txt")
    elif case.setup == "pack-link":
        (tmp_path / "outside.yaml").write_text("pack: outside\nrules: []\n", encoding="utf-8")
        (folder / "link.yaml").symlink_to(tmp_path / "outside.yaml")
        (folder / "a.txt").unlink()
    raw = case.data.encode("utf-8") if isinstance(case.data, str) else case.data
    if case.via == "manifest":
        (folder / "corpus.yaml").write_bytes(raw)
        return folder
    if case.via in ("file", "pack"):
        name = "pack.yaml" if case.via == "pack" else "hostile.md"
        (folder / name).write_bytes(raw)
        return folder / name
    return folder


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input(case: Hostile, tmp_path: Path) -> None:
    if case.via == "text":
        result = load_documents(["-"], stdin_text=case.data)  # type: ignore[arg-type]
        errors, warnings = result.errors, result.warnings
        assert not errors, errors
        claims = [c for c in extract(result.documents[0]) if c.kind in NUMERIC_KINDS]
    elif case.via == "pack" or case.setup == "pack-link":
        errors = load_rules_checked([_prepare(case, tmp_path)])[1]
        warnings, claims = [], []
    else:
        result = load_documents([str(_prepare(case, tmp_path))])
        errors, warnings = result.errors, result.warnings
        claims = []
        assert all(SECRET not in d.text for d in result.documents), "a file outside the folder was read"
        if case.via == "manifest":
            assert "a" in [d.id for d in result.documents], "the other documents still load"
    if case.claims is not None:
        assert [(c.text, c.value) for c in claims] == case.claims
    if case.error is None:
        assert not errors, [str(e) for e in errors]
    else:
        fragment, line = case.error
        found = [e for e in errors if fragment in str(e)]
        assert found, f"no error with {fragment!r}: {[str(e) for e in errors]}"
        assert found[0].line == line, str(found[0])
        assert found[0].path.startswith(str(tmp_path)), found[0].path  # names the file
    if case.warning is not None:
        fragment, line = case.warning
        found = [w for w in warnings if fragment in str(w)]
        assert found, f"no warning with {fragment!r}: {[str(w) for w in warnings]}"
        assert found[0].line == line, str(found[0])
        assert found[0].hint, str(found[0])


def test_the_table_is_big_and_names_are_unique() -> None:
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)


# ---------------------------------------------------------------------- figures in hostile characters

HYGIENE = load_tables(Path(__file__).parent / "examples" / "hygiene")


@pytest.mark.parametrize("case", HYGIENE, ids=[case.id for case in HYGIENE])
def test_hygiene_example(case) -> None:
    claims = extract_case(case)
    problems = compare(case, claims, kinds=NUMERIC_KINDS)
    if problems:
        pytest.fail(failure_report(case, problems, claims, kinds=NUMERIC_KINDS), pytrace=False)


def test_clean_text_has_no_warnings_and_seeds_load_clean() -> None:
    result = load_documents([str(Path(__file__).resolve().parent.parent / "seeds")])
    assert (result.errors, result.warnings) == ([], [])


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_folder_link_inside_the_folder_is_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("About 500 people marched.\n", encoding="utf-8")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    result = load_documents([str(tmp_path)])
    assert result.errors == [] and [d.id for d in result.documents] == ["a"]  # the same file, read once


# ---------------------------------------------------------------------- failure behaviour in a batch


@pytest.fixture
def one_document_breaks_the_extractor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Extraction raises (as a bug would) on any text containing BOOM."""
    pipeline = importlib.import_module("factcheck.extract")  # the package's `extract` function shadows the name
    real = pipeline.tokenize

    def tokenize(text: str, *args: object) -> list:
        if "BOOM" in text:
            raise ZeroDivisionError("simulated bug")
        return real(text, *args)

    monkeypatch.setattr(pipeline, "tokenize", tokenize)


@pytest.mark.parametrize("command", ["extract", "check"])
def test_a_document_the_extractor_fails_on_is_named_and_the_rest_go_on(
        command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], one_document_breaks_the_extractor: None,
) -> None:
    from factcheck.cli import main

    (tmp_path / "a.txt").write_text("About 500 people marched on Monday, police said.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("BOOM: 12 people.\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("Nearly 40% of 1,200 voters stayed home, officials said.\n", encoding="utf-8")
    code = main([command, str(tmp_path), "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 2  # an input error, as docs/guide.md says, and the others are still processed
    assert f"{tmp_path / 'b.txt'}: factcheck failed on this document (ZeroDivisionError: simulated bug)" in err
    assert "please report it" in err
    assert '"a"' in out and '"c"' in out and '"b"' not in out  # the other documents' claims or report


def test_a_file_the_loader_fails_on_is_named_and_the_rest_load(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import factcheck.documents as documents

    real = documents._document

    def document(text: str, *args: object) -> object:
        if "BOOM" in text:
            raise KeyError("simulated bug")
        return real(text, *args)

    monkeypatch.setattr(documents, "_document", document)
    (tmp_path / "a.txt").write_text("About 500 people marched.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("BOOM\n", encoding="utf-8")
    result = load_documents([str(tmp_path)])
    assert [d.id for d in result.documents] == ["a"]
    assert [(e.path, "KeyError" in e.message) for e in result.errors] == [(str(tmp_path / "b.txt"), True)]


# --- terminal and editor output: document words are shown, never obeyed ----------------------------------

@pytest.mark.parametrize(("text", "shown"), [
    ("plain words", "plain words"),
    ("about\x1b[41m 500 people", "about\\x1b[41m 500 people"),
    ("bell\x07 and backspace\x08", "bell\\x07 and backspace\\x08"),
    ("C1 \x9b31m control", "C1 \\x9b31m control"),
    ("trojan \u202eevil\u202c source", "trojan \\u202eevil\\u202c source"),
    ("isolate \u2066x\u2069", "isolate \\u2066x\\u2069"),
    ("tab\tand line\nstay", "tab\tand line\nstay"),
    ("López 1\u00a0000 €", "López 1\u00a0000 €"),
])
def test_visible_escapes_what_a_terminal_would_obey(text: str, shown: str) -> None:
    from factcheck.render.visible import visible

    assert visible(text) == shown


@pytest.mark.parametrize("fmt", ["table", "text", "gnu", "github"])
def test_escape_sequences_and_rich_markup_in_a_document_reach_no_terminal(fmt: str, tmp_path: Path, capsys) -> None:
    from factcheck.cli import main

    doc = tmp_path / "[bold]x[red].md"
    doc.write_text("An estimated\x1b]0;pwned\x07 [red]500[/red] people \x1b[2J attended, about\x1b[41m 500 "
                   "people.\n", encoding="utf-8")
    command = ["extract", str(doc)] if fmt == "table" else ["check", str(doc), "--fail-on", "error", "--format", fmt]
    main(command)
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "\\x1b" in out or fmt == "text"  # the text report shows findings, and a claim's text only in them
    assert "[bold]x[red]" in out  # the id and path print as they are, not as rich markup


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_a_named_pipe_is_refused_not_waited_on(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("Crews evacuated 4,100 residents.\n", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")  # nothing ever writes to it: reading it would block for ever
    result = load_documents([str(tmp_path)])
    assert [d.id for d in result.documents] == ["ok"]
    [error] = result.errors
    assert error.path.endswith("pipe.txt") and "not a regular file" in error.message


def test_the_library_check_raises_on_a_document_the_extractor_fails_on(one_document_breaks_the_extractor: None) -> None:
    from factcheck.checker import check, check_documents
    from factcheck.errors import InputError
    from factcheck.records import Document

    docs = [Document(id="a", text="About 500 people marched."), Document(id="b", text="BOOM: 12 people.")]
    assert [e.path for e in check_documents(docs).errors] == ["b"]
    with pytest.raises(InputError, match="factcheck failed on this document"):
        check(docs)


def test_the_language_server_shows_a_buffer_the_extractor_fails_on(one_document_breaks_the_extractor: None) -> None:
    from factcheck.lsp.engine import check_buffer, open_engine
    from factcheck.lsp.settings import Settings

    engine, problems = open_engine(Settings())
    assert problems == []
    checked = check_buffer(engine, "BOOM: 12 people.\n", None, "draft")
    assert any("factcheck failed on this document" in e.message for e in checked.errors)


@pytest.mark.parametrize("text", [DEEP, "".join("  " * i + "- x\n" + "  " * i + "-\n" for i in range(150))],
                         ids=["flow", "block"])
@pytest.mark.parametrize("loader", ["installed", "pure-python"])
def test_deep_nesting_is_refused_the_same_way_by_every_yaml_parser(text: str, loader: str,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Whether libyaml limits nesting, and where, depends on its version (the installed parser is libyaml
    when PyYAML has it); factcheck's own limit does not."""
    if loader == "pure-python":
        class PurePython(yaml.SafeLoader):
            yaml_implicit_resolvers = yamlio._Loader.yaml_implicit_resolvers

        monkeypatch.setattr(yamlio, "_Loader", PurePython)
    with pytest.raises(InputError, match=f"nested more than {MAX_NESTING_DEPTH} levels deep"):
        yamlio.load_yaml(text, "deep.yaml")
    deepest = MAX_NESTING_DEPTH - 1  # under the top-level mapping
    assert yamlio.load_yaml("a: " + "[" * deepest + "]" * deepest, "ok.yaml")[0]["a"]
