"""Fuzz targets: hostile-input strategies and the invariants every entry point must keep on them.

Shared by tests/test_fuzz.py (a few hundred examples per target in the suite) and benchmarks/fuzz.py
(the same targets for minutes). Each target draws one input, runs one entry point (extraction, the
check, document loading, manifests, front matter, rule packs, YAML) and asserts its invariants:
nothing but `InputError` escapes, errors name the path and a line inside the file, claims' offsets,
text, line/column, ids and intervals agree, JSON output is valid, and nothing outside a corpus or
pack folder is ever read.
"""

from __future__ import annotations

import json
import math
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st
from test_extract_properties import line_and_column

from factcheck.checker import check
from factcheck.config import ExtractConfig
from factcheck.documents import METADATA_KEYS, load_documents
from factcheck.errors import InputError
from factcheck.extract import extract, extract_text
from factcheck.lexicons import read
from factcheck.records import Claim, Document
from factcheck.rulepacks import KINDS, load_rules_checked
from factcheck.yamlio import load_yaml

SECRET = "SECRET-OUTSIDE-THE-FOLDER"
"""Text of a file next to (outside) every fuzzed corpus or pack folder: it must never be loaded."""

# Characters that break naive parsers: separators and signs inside numbers, invisible and bidi marks,
# control characters, mojibake pieces, quotes of every sort, line endings, full-width and other digits.
HOSTILE_CHARS = (
    "0123456789,.-+ $€£¥%½¾⅓" "\u00a0\u2009\u202f\u2007\u3000" "\u200b\u200c\u200d\u2060\u00ad\ufeff"
    "\u200e\u200f\u202a\u202e\u2066\u2069\u061c" "\x00\x01\x1b\x7f\x85\x93\x94\x96\x9d" "ÃÂâ€™œ©¶±³Å"
    "\"'“”‘’«»„" "\r\n\t\x0b\x0c\u2028\u2029" "\uff10\uff11\uff19\u0661\u0969" "\u0301\u0308\u20dd"
    "−–—‐" "x×^eE:/()[]{}#*&!?;" "\ufffd\U0001f600"
)

NEWS_WORDS = (
    "The", "the", "council", "said", "more", "than", "about", "nearly", "up", "to", "at", "least", "an",
    "estimated", "from", "between", "and", "rose", "fell", "per", "cent", "percent", "million", "billion",
    "thousand", "dozens", "of", "hundreds", "a", "year", "month", "last", "since", "in", "on", "ago", "police",
    "officials", "according", "told", "reporters", "Reuters", "“We", "found", "”", "he", "she", "Mr.", "Dr.",
    "Jan.", "Feb.", "March", "2021", "1999", "Monday", "yesterday", "today", "week", "decade", "one-third",
    "half", "twenty-five", "was", "were", "deaths", "arrests", "homicides", "fire", "acres", "people",
)


@cache
def vocabulary() -> tuple[str, ...]:
    """Every short string in the shipped lexicons plus news words, so fuzzed text hits real paths."""
    found: set[str] = set(NEWS_WORDS)

    def walk(node: Any) -> None:
        if isinstance(node, str):
            if 0 < len(node) <= 40:
                found.add(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                walk(key)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for name in ("units.yaml", "currencies.yaml", "measures.yaml", "places.yaml", "events.yaml",
                 "not_figures.yaml", "outlets.yaml"):
        walk(read(name))
    return tuple(sorted(found))


@st.composite
def numbers(draw: st.DrawFn) -> str:
    """Numbers as news (and broken copy) writes them, huge and tiny ones included."""
    n = draw(st.integers(0, 10**12) | st.integers(0, 10**400))
    form = draw(st.sampled_from(["plain", "grouped", "decimal", "dollar", "percent", "exp", "spaced",
                                 "invisible", "fullwidth", "negative", "range"]))
    if form == "grouped":
        return f"{n:,}"
    if form == "decimal":
        return f"{n}.{draw(st.integers(0, 10**6))}"
    if form == "dollar":
        return f"${n:,} {draw(st.sampled_from(['', 'million', 'billion', 'bn', 'm']))}"
    if form == "percent":
        return f"{n}{draw(st.sampled_from(['%', ' percent', ' per cent', ' percentage points']))}"
    if form == "exp":
        return f"{n % 100}{draw(st.sampled_from(['e', 'E', 'x10^', '×10', ' x 10**']))}{draw(st.integers(-999, 999))}"
    if form == "spaced":
        return f"{n:,}".replace(",", draw(st.sampled_from(["\u00a0", "\u2009", "\u202f", " ", "\u2007"])))
    if form == "invisible":
        return f"{n:,}".replace(",", draw(st.sampled_from(["\u200b", "\u00ad", "\ufeff", ",\u200b", "\u200d"])))
    if form == "fullwidth":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if form == "negative":
        return f"{draw(st.sampled_from(['-', '−', '–']))}{n % 1000}"
    if form == "range":
        return f"{n % 1000}{draw(st.sampled_from(['-', '–', ' to ', ' and ']))}{n % 10000}"
    return str(n)


@st.composite
def hostile_texts(draw: st.DrawFn, max_parts: int = 40) -> str:
    """News-like word salad mixed with hostile characters and broken numbers."""
    part = st.one_of(st.sampled_from(vocabulary()), numbers(), st.text(HOSTILE_CHARS, max_size=6),
                     st.sampled_from(NEWS_WORDS))
    sep = st.sampled_from([" ", " ", " ", "", "\n", "\r\n", "\r", "\t", "\u00a0", ". ", ", ", "\n\n", "\u200b"])
    parts = draw(st.lists(part, max_size=max_parts))
    return "".join(p + draw(sep) for p in parts)


any_text = st.one_of(hostile_texts(), st.text(max_size=300), st.text(HOSTILE_CHARS, max_size=300))
published_dates = st.none() | st.sampled_from(["2021", "2021-05", "2024-02-29", "1999-12-31", "0001", "9999-12"])


# --------------------------------------------------------------------------------------------------
# invariants


def assert_claims_valid(text: str, claims: list[Claim], doc_id: str, body_start: int = 0) -> None:
    """Offsets, text, line/column, ids, order, intervals and JSON of one document's claims."""
    keys = [(c.start, c.end) for c in claims]
    assert keys == sorted(keys), f"claims not in text order: {keys}"
    ids = [c.id for c in claims]
    assert len(ids) == len(set(ids)), f"duplicate claim ids: {ids}"
    for c in claims:
        where = f"{c.text!r} [{c.start}:{c.end}] in {text!r}"
        assert body_start <= c.start < c.end <= len(text), f"offsets outside the body: {where}"
        assert c.text == text[c.start:c.end], f"text is not text[start:end]: {where}"
        assert c.id == f"{doc_id}:{c.start}-{c.end}" and c.doc == doc_id, f"bad id {c.id!r}: {where}"
        assert (c.line, c.column) == line_and_column(text, c.start), f"line/column {c.line}:{c.column}: {where}"
        for name in ("value", "low", "high"):
            x = getattr(c, name)
            assert x is None or math.isfinite(x), f"{name} is {x}: {where}"
        if c.value is not None:
            assert c.low is None or c.low <= c.value, f"low {c.low} above value {c.value}: {where}"
            assert c.high is None or c.value <= c.high, f"value {c.value} above high {c.high}: {where}"
        if c.low is not None and c.high is not None:
            assert c.low <= c.high, f"low {c.low} above high {c.high}: {where}"
        a = c.attribution
        if a is not None and a.start is not None:
            assert a.end is not None and 0 <= a.start < a.end <= len(text), f"attribution span {a}: {where}"
        json.dumps(c.model_dump(mode="json"), allow_nan=False)


def assert_error_valid(error: Any, path: str | Path, text: str | None = None) -> None:
    """An error names `path` (or a file under the folder `path`), and a line inside the file when it has one."""
    assert isinstance(error, InputError), f"not an InputError: {error!r}"
    assert error.message.strip(), f"empty message: {error!r}"
    assert str(error).startswith(error.path), str(error)
    assert error.path == str(path) or error.path.startswith(str(path)), f"{error.path!r} is not under {path}"
    if error.line is not None:
        assert error.line >= 1, str(error)
        if text is not None and error.path == str(path):
            lines = text.count("\n") + text.count("\r") - text.count("\r\n") + 1
            assert error.line <= lines, f"line {error.line} of a {lines}-line file: {error}"


# --------------------------------------------------------------------------------------------------
# targets


@dataclass(frozen=True)
class Target:
    """One entry point under fuzz: a strategy of inputs and a function that runs it and asserts."""

    name: str
    strategy: st.SearchStrategy[Any]
    run: Callable[[Any], None]


@contextmanager
def folder() -> Iterator[Path]:
    """A fresh folder `root/in` with `root/secret.txt` beside it (outside it)."""
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        root = Path(tmp)
        (root / "secret.txt").write_text(f"{SECRET} 12,000 people.\n", encoding="utf-8")
        inside = root / "in"
        inside.mkdir()
        yield inside


def run_extract(case: tuple[str, str | None, bool]) -> None:
    text, published, context = case
    claims = extract_text(text, published=published, config=ExtractConfig(context=context))
    assert_claims_valid(text, claims, "text")


def run_check(case: list[tuple[str, str | None]]) -> None:
    docs = [Document(id=f"d{i}", text=text, published=published) for i, (text, published) in enumerate(case)]
    texts = {d.id: d.text for d in docs}
    report = check(docs[:1], against=docs[1:])
    keys = [f.sort_key for f in report.findings]
    assert keys == sorted(keys), "findings are not sorted"
    for f in report.findings:
        assert f.claims and f.claims[0].doc == "d0", f"finding not reported on the checked document: {f}"
        for c in f.claims:
            assert c.text == texts[c.doc][c.start:c.end], f"finding claim {c.text!r} not at its offsets"


@st.composite
def front_matter_values(draw: st.DrawFn) -> str:
    return draw(st.one_of(
        st.sampled_from(["2021", "2021-05", "2021-02-30", "'2021-05-01'", "[2021]", "{a: 1}", "yes", "null", "~",
                         "!!python/object/apply:os.system ['true']", "&a x", "*a", "!!binary aGVsbG8=", "''",
                         "|\n  block\n  text", "'quoted: colon'", "a: b", "- item", ".inf", "0x1F", "1e400",
                         "!!timestamp 2021-01-01", "!!int abc", "\"\\x00\"", "\"\\ud800\""]),
        st.text(HOSTILE_CHARS, max_size=20)))


@st.composite
def front_matter_documents(draw: st.DrawFn) -> str:
    keys = st.sampled_from([*METADATA_KEYS, "titel", "", "1", "id id", "? complex", "<<", "date"])
    lines = [f"{draw(keys)}: {draw(front_matter_values())}" for _ in range(draw(st.integers(0, 6)))]
    opener = draw(st.sampled_from(["---\n", "---\r\n", "--- \n", "---\r", "\ufeff---\n", "---"]))
    closer = draw(st.sampled_from(["---\n", "...\n", "---\r\n", "---", "", "--\n"]))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return opener + newline.join(lines) + newline + closer + draw(hostile_texts(max_parts=15))


def run_stdin(case: tuple[str, str | None]) -> None:
    text, published = case
    result = load_documents(["-"], stdin_text=text, stdin_published=published)
    assert len(result.documents) + len(result.errors) == 1, result
    for e in result.errors:
        assert_error_valid(e, "<stdin>", text)
    for doc in result.documents:
        assert doc.text == text
        assert 0 <= doc.body_start <= len(text)
        assert_claims_valid(text, extract(doc), doc.id, doc.body_start)


ENCODINGS = (None, "utf-8", "cp1252", "latin-1", "utf-16", "utf-8-sig", "shift_jis", "ascii")


@st.composite
def file_bytes(draw: st.DrawFn) -> bytes:
    prefix = draw(st.sampled_from([b"", b"\xef\xbb\xbf", b"---\n", b"\xff\xfe", b"\x00", b"---\nid: x\n---\n"]))
    body = draw(st.one_of(st.binary(max_size=300), hostile_texts().map(lambda t: t.encode("utf-8", "surrogatepass")),
                          front_matter_documents().map(lambda t: t.encode("utf-8", "surrogatepass"))))
    return prefix + body


def run_file(case: tuple[bytes, str, str | None]) -> None:
    data, name, encoding = case
    with folder() as inside:
        path = inside / name
        path.write_bytes(data)
        for given in (path, inside):
            result = load_documents([str(given)], encoding=encoding)
            for e in result.errors:
                assert_error_valid(e, given)
            for doc in result.documents:
                assert doc.path == str(path)
                assert_claims_valid(doc.text, extract(doc), doc.id, doc.body_start)


MANIFEST_FILES = ("a.txt", "./a.txt", "sub/b.md", "../secret.txt", "/etc/hostname", "link.txt", "loop.txt",
                  "sub", "", ".", "..", "sub/../../secret.txt", "a.txt\x00", "~/x.txt", "nope.txt", "A.TXT",
                  "x" * 300, "sub/../a.txt", "linkdir/secret.txt", "a.txt/", "%2e%2e/secret.txt")


@st.composite
def yaml_values(draw: st.DrawFn) -> Any:
    """Plain YAML data: scalars of every type, lists and mappings."""
    scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(),
                        st.text(HOSTILE_CHARS, max_size=12), st.sampled_from(vocabulary()),
                        st.sampled_from(["2021", "2021-13", "count", "USD", "percent", "error", "warning"]))
    return draw(st.recursive(scalars, lambda kids: st.lists(kids, max_size=4)
                             | st.dictionaries(st.text(max_size=8) | st.sampled_from(METADATA_KEYS), kids,
                                               max_size=4), max_leaves=12))


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@st.composite
def manifests(draw: st.DrawFn) -> str:
    entry = st.fixed_dictionaries({"file": st.sampled_from(MANIFEST_FILES) | st.text(HOSTILE_CHARS, max_size=10)},
                                  optional={k: yaml_values() for k in (*METADATA_KEYS, "extra")})
    shape = draw(st.sampled_from(["good", "raw", "any"]))
    if shape == "any":
        return dump(draw(yaml_values()))
    text = dump({"documents": draw(st.lists(entry, max_size=6))})
    if shape == "raw":  # cut it anywhere and add hostile text: broken YAML
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + draw(st.text(HOSTILE_CHARS, max_size=20)) + text[cut:]
    return text


def run_manifest(case: tuple[str, bool]) -> None:
    manifest, named = case
    with folder() as inside:
        (inside / "a.txt").write_text("About 500 people marched.\n", encoding="utf-8")
        (inside / "sub").mkdir()
        (inside / "sub" / "b.md").write_text("---\nid: bee\n---\nNearly 40% voted.\n", encoding="utf-8")
        (inside / "link.txt").symlink_to(inside.parent / "secret.txt")
        (inside / "linkdir").symlink_to(inside.parent, target_is_directory=True)
        (inside / "loop.txt").symlink_to(inside / "loop.txt")
        (inside / "corpus.yaml").write_text(manifest, encoding="utf-8")
        given = inside / "a.txt" if named else inside
        result = load_documents([str(given)])
        for e in result.errors:
            assert_error_valid(e, inside, manifest if e.path.endswith("corpus.yaml") else None)
        for doc in result.documents:
            assert SECRET not in doc.text, f"a file outside the corpus folder was read: {doc.path}"
            assert doc.path is not None and Path(doc.path).resolve().is_relative_to(inside.resolve())


RULE_KEYS = ("id", "kind", "description", "examples", "measure", "place", "period", "value", "low", "high",
             "tolerance", "unit", "rate", "source", "severity", "share", "min", "max", "replaces", "first", "then",
             "subject", "claim_kinds", "measures", "estimates_only", "estimate_without_source", "no_source",
             "unnamed_source", "min_count", "places")


@st.composite
def rule_values(draw: st.DrawFn, key: str) -> Any:
    plausible = {
        "id": st.sampled_from(["r1", "r2", "bad id", "", "r1"]), "kind": st.sampled_from([*KINDS, "nope", ""]),
        "period": st.sampled_from(["2021", "2021-05", "2021-02-30", 2021, "last year"]),
        "measure": st.sampled_from(["overdose deaths", "overdose_deaths", "homicides", "area burned", ""]),
        "place": st.sampled_from(["United States", "Colorado", "Nowhere", ""]),
        "unit": st.sampled_from(["count", "percent", "USD", "acre", "hectare", "furlong", "kilogram ** 2"]),
        "severity": st.sampled_from(["error", "warning", "info", "fatal"]),
        "replaces": st.sampled_from(["sanity.share-range", "sanity.period-order", "x"]),
        "first": st.sampled_from(["arrested", "charged", "opened", "nope"]),
        "then": st.sampled_from(["charged", "convicted", "closed"]),
        "claim_kinds": st.lists(st.sampled_from(["count", "money", "date", "x"]), max_size=3),
        "examples": st.fixed_dictionaries({}, optional={"pass": st.lists(hostile_texts(max_parts=8), max_size=2),
                                                        "fail": st.lists(hostile_texts(max_parts=8), max_size=2)}),
        "measures": st.lists(st.fixed_dictionaries(
            {"key": st.sampled_from(["bridge_closures", "homicides", "Bad Key"]) | yaml_values(),
             "phrase": st.sampled_from(["bridge closures", ""]) | yaml_values()},
            optional={k: yaml_values() | st.lists(st.sampled_from(["bridges closed", "closures", "x...", "[a]"]))
                      for k in ("patterns", "nouns", "things", "events", "refines", "is_rate", "rate")}), max_size=2),
        "places": st.lists(st.fixed_dictionaries(
            {"name": st.sampled_from(["Springfield", "Colorado", ""]) | yaml_values(),
             "kind": st.sampled_from(["city", "state", "country", "moon"]) | yaml_values()},
            optional={k: yaml_values() | st.sampled_from(["Illinois", "Colorado"])
                      | st.lists(st.sampled_from(["Springfield", "Spfld", "Springfielders", ""]))
                      for k in ("parent", "names", "demonyms")}), max_size=2),
    }
    numeric = st.one_of(st.integers(-10**6, 10**9), st.floats(), st.sampled_from([".nan", ".inf", "-.inf"]))
    strategy = plausible.get(key, numeric if key in ("value", "low", "high", "tolerance", "min", "max",
                                                     "min_count") else yaml_values())
    return draw(st.one_of(strategy, yaml_values()) if draw(st.integers(0, 4)) == 0 else strategy)


@st.composite
def rule_packs(draw: st.DrawFn) -> str:
    shape = draw(st.sampled_from(["good", "good", "raw", "any"]))
    if shape == "any":
        return dump(draw(yaml_values()))
    rules = []
    for _ in range(draw(st.integers(0, 3))):
        keys = draw(st.lists(st.sampled_from(RULE_KEYS), max_size=8, unique=True))
        rules.append({"id": "r", "kind": draw(st.sampled_from(list(KINDS))),
                      **{k: draw(rule_values(k)) for k in keys}})
    text = dump({"pack": draw(st.sampled_from(["p", "p q", "", "p.1"])), "rules": rules})
    for old, new in (("'.nan'", ".nan"), ("'.inf'", ".inf"), ("'-.inf'", "-.inf")):
        text = text.replace(old, new)
    if shape == "raw":
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + draw(st.text(HOSTILE_CHARS, max_size=20)) + text[cut:]
    return text


CHECK_TEXT = ("In 2021, 106,699 Americans died of drug overdoses, according to the CDC. Nearly 60% of the "
              "700 acres burned. The suspect was charged on May 3 and arrested on May 5, 2021.")


def run_rule_pack(case: tuple[str, bool]) -> None:
    text, in_folder = case
    with folder() as inside:
        path = inside / "pack.yaml"
        path.write_text(text, encoding="utf-8")
        (inside / "link.yaml").symlink_to(inside.parent / "secret.txt")
        rules, errors = load_rules_checked([inside if in_folder else path])
        for e in errors:
            assert_error_valid(e, inside if in_folder else path, text if e.path == str(path) else None)
        assert in_folder or not errors or all(e.path == str(path) for e in errors)
        if in_folder:
            assert any(e.path.endswith("link.yaml") for e in errors), "the symlink out of the folder was not refused"
        doc = Document(id="d", text=CHECK_TEXT, published="2022-01-01")
        report = check([doc], rules=rules)
        for f in report.findings:
            assert f.claims, f"finding without claims: {f}"
        for r in rules:
            if r.examples is not None:
                for e in (*r.examples.passing, *r.examples.failing):
                    rules.check(extract(e.document()))


def run_yaml(text: str) -> None:
    try:
        load_yaml(text, "fuzz.yaml")
    except InputError as e:
        assert_error_valid(e, "fuzz.yaml", text)


TARGETS: dict[str, Target] = {t.name: t for t in (
    Target("extract", st.tuples(any_text, published_dates, st.booleans()), run_extract),
    Target("check", st.lists(st.tuples(hostile_texts(), published_dates), min_size=1, max_size=3), run_check),
    Target("front-matter", st.tuples(front_matter_documents() | any_text, published_dates), run_stdin),
    Target("file", st.tuples(file_bytes(), st.sampled_from(["a.txt", "b.md", "c.markdown"]),
                             st.sampled_from(ENCODINGS)), run_file),
    Target("manifest", st.tuples(manifests(), st.booleans()), run_manifest),
    Target("rule-pack", st.tuples(rule_packs(), st.booleans()), run_rule_pack),
    Target("yaml", st.one_of(st.text(max_size=300), manifests(), rule_packs(),
                             front_matter_documents().map(lambda t: t.split("---")[1] if "---" in t else t)), run_yaml),
)}
"""Every fuzz target by name."""
