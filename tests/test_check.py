"""The check end to end: the domain fixtures against what a careful editor expects, the report, the CLI.

Each folder under tests/fixtures/check/ holds a few short articles on one news event and an
`expected.yaml`:

    findings:            # every contradiction, arithmetic and rule finding (exhaustive for those kinds);
      - {kind: contradiction, rule: contradiction.figure, claims: ["12,000 acres", "9,500 acres"]}
      - {kind: attribution_gap, rule: attribution.none, claims: ["6,200 acres"], docs: [some-doc]}
    sourced:             # figures with a named source: no attribution gap may be reported for them
      - "more than 12,000 acres"
      - {doc: some-doc, text: "4,100 residents"}

Attribution gaps listed under `findings` must be reported; others may be. Claims are matched by their
text (order does not matter); `docs`, when given, names the documents of the finding's claims.

`known_problems` lists, word for word, the differences the check gets wrong today (each with a comment
saying which sentence and why). The expectations above them stay as an editor wants them; the test
fails on any other difference, and on a known problem that has gone away, so that it is removed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from archive_helpers import rain_reports, write

from factcheck.checker import check
from factcheck.cli import main
from factcheck.compare import compatible
from factcheck.documents import load_documents
from factcheck.extract import extract
from factcheck.linking import link
from factcheck.records import Document, Finding, Report
from factcheck.republication import find_republications

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "check"
DOMAINS = sorted(p for p in FIXTURES.iterdir() if p.is_dir())
EXHAUSTIVE = frozenset({"contradiction", "arithmetic", "rule"})
KINDS = EXHAUSTIVE | {"attribution_gap"}
CLAIM_FIELDS = {"doc": str, "text": str, "start": int, "end": int, "line": int, "column": int}


# ----------------------------------------------------------------------------- expectations
def load_expected(folder: Path) -> dict[str, Any]:
    data = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8")) or {}
    for entry in data.get("findings") or []:
        assert entry["kind"] in KINDS, f"{folder.name}/expected.yaml: unknown kind {entry['kind']!r}"
        assert entry.get("rule") and entry.get("claims"), f"{folder.name}/expected.yaml: {entry} needs rule, claims"
    return data


def _matches(entry: dict[str, Any], finding: Finding) -> bool:
    if entry["kind"] != finding.kind or entry["rule"] != finding.rule:
        return False
    if Counter(entry["claims"]) != Counter(c.text for c in finding.claims):
        return False
    docs = entry.get("docs")
    return docs is None or set(docs) == {c.doc for c in finding.claims}


def _describe_expected(entry: dict[str, Any]) -> str:
    docs = f" in {', '.join(entry['docs'])}" if entry.get("docs") else ""
    return f"{entry['kind']} [{entry['rule']}] {entry['claims']}{docs}"


def describe(finding: Finding) -> str:
    claims = ", ".join(f"{c.doc}:{c.line}:{c.column} {c.text!r}" for c in finding.claims)
    return f"{finding.kind} [{finding.rule}] {claims}\n      {finding.message}"


def compare(report: Report, expected: dict[str, Any]) -> list[str]:
    """Every difference between a report and the expectations, one readable line each."""
    problems: list[str] = []
    left = list(report.findings)
    for entry in expected.get("findings") or []:
        hit = next((f for f in left if _matches(entry, f)), None)
        if hit is None:
            problems.append(f"missing finding: {_describe_expected(entry)}")
        else:
            left.remove(hit)
    problems += [f"unexpected finding: {describe(f)}" for f in left if f.kind in EXHAUSTIVE]
    for item in expected.get("sourced") or []:
        doc, text = (item.get("doc"), item["text"]) if isinstance(item, dict) else (None, item)
        for f in report.findings:
            if f.kind == "attribution_gap" and any(c.text == text and doc in (None, c.doc) for c in f.claims):
                problems.append(f"attribution gap for a sourced figure: {describe(f)}")
    return problems


@pytest.mark.parametrize("folder", DOMAINS, ids=[p.name for p in DOMAINS])
def test_domain_findings(folder: Path):
    loaded = load_documents([str(folder)])
    assert not loaded.errors, loaded.errors
    assert 2 <= len(loaded.documents) <= 4
    expected = load_expected(folder)
    problems = compare(check(loaded.documents), expected)
    known = expected.get("known_problems") or []
    new = [p for p in problems if p.split("\n")[0] not in known]
    fixed = [k for k in known if k not in {p.split("\n")[0] for p in problems}]
    assert not new and not fixed, f"{folder.name}:\n  " + "\n  ".join(
        [*new, *(f"fixed (remove it from known_problems): {k}" for k in fixed)])


def test_every_domain_has_positives_and_negatives():
    assert len(DOMAINS) >= 6
    for folder in DOMAINS:
        expected = load_expected(folder)
        kinds = {e["kind"] for e in expected.get("findings") or []}
        assert kinds & EXHAUSTIVE, f"{folder.name} expects no contradiction, arithmetic or rule finding"
        assert "Negatives" in (folder / "expected.yaml").read_text(encoding="utf-8"), folder.name


def test_expected_claims_exist_in_the_fixtures():
    """A typo in expected.yaml would make a 'sourced' or negative expectation pass vacuously."""
    for folder in DOMAINS:
        texts = "\n".join(p.read_text(encoding="utf-8") for p in folder.glob("*.md"))
        expected = load_expected(folder)
        wanted = [t for e in expected.get("findings") or [] for t in e["claims"]]
        wanted += [s["text"] if isinstance(s, dict) else s for s in expected.get("sourced") or []]
        for text in wanted:
            assert text in texts, f"{folder.name}/expected.yaml names {text!r}, which no article contains"


def test_republication_is_not_checked_against_its_original():
    folder = FIXTURES / "wildfires"
    docs = load_documents([str(folder)]).documents
    marked = {d.id: d.original for d in find_republications(docs)}
    assert marked["kmph-cedar-ridge"] == "ap-cedar-ridge"
    report = check(docs)
    copies = [f for f in report.findings if f.kind != "attribution_gap"
              and any(c.doc == "kmph-cedar-ridge" for c in f.claims)]
    assert not copies, "\n".join(describe(f) for f in copies)


# Pairs that the check must link as one fact (or one event) and find compatible: without the link the
# negative in expected.yaml would pass for the wrong reason.
LINKED_NEGATIVES = [
    ("wildfires", "nearly 8,100 hectares", "20,000 acres"),
    ("weather", "3.2 inches", "81 millimeters"),
    ("weather", "last October", "October 2020"),
    ("elections", "last November", "November 2024"),
]


@pytest.mark.parametrize(("domain", "a", "b"), LINKED_NEGATIVES)
def test_negatives_are_linked_and_compatible(domain: str, a: str, b: str):
    docs = find_republications(load_documents([str(FIXTURES / domain)]).documents)
    claims = [c for d in docs if d.original is None for c in extract(d)]
    figures, events = link(claims)
    group = next((g for g in [*figures, *events] if {a, b} <= {c.text for c in g}), None)
    assert group is not None, f"{a!r} and {b!r} are not linked, so their agreement is never checked"
    ca, cb = (next(c for c in group if c.text == t) for t in (a, b))
    if ca.kind in ("date", "period"):
        assert max(ca.period.start, cb.period.start) <= min(ca.period.end, cb.period.end)
    else:
        assert compatible(ca, cb) and compatible(cb, ca)


def _wrap(text: str, width: int = 100) -> str:
    return "\n\n".join(textwrap.fill(p, width) for p in text.split("\n\n"))


def test_soft_wrapped_paragraphs_read_like_unwrapped_ones():
    """Markdown drafts are often hard-wrapped: a line break inside a paragraph is not a sentence end."""
    loaded = load_documents([str(FIXTURES / "weather")]).documents
    wrapped = [d.model_copy(update={"text": d.text[:d.body_start] + _wrap(d.text[d.body_start:])}) for d in loaded]

    def signature(report: Report) -> list[tuple]:
        return sorted((f.kind, f.rule, tuple(c.text for c in f.claims)) for f in report.findings)

    one_line, soft = signature(check(loaded)), signature(check(wrapped))
    lost = [f for f in one_line if f not in soft]
    gained = [f for f in soft if f not in one_line]
    assert not lost and not gained, f"wrapping the paragraphs lost {lost} and added {gained}"


def test_report_is_sorted_and_counts_documents_and_claims():
    docs = load_documents([str(FIXTURES / "weather")]).documents
    report = check(docs)
    assert report.documents == len(docs)
    assert report.claims > 0
    assert [f.sort_key for f in report.findings] == sorted(f.sort_key for f in report.findings)
    assert sum(report.summary.values()) == len(report.findings)


# ----------------------------------------------------------------------------- CLI
def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_keeps_the_output_contract(capsys):
    folder = FIXTURES / "weather"
    code, out, err = run(capsys, "check", str(folder), "--format", "json")
    assert code == 1, err
    data = json.loads(out)
    assert isinstance(data, dict) and isinstance(data["findings"], list) and data["findings"]
    texts = {p.stem: p.read_text(encoding="utf-8") for p in folder.glob("*.md")}
    ids = {d.id: d.path for d in load_documents([str(folder)]).documents}
    for f in data["findings"]:
        assert f["kind"] in KINDS
        assert f["severity"] in ("error", "warning", "info")
        assert isinstance(f["rule"], str) and isinstance(f["message"], str) and f["message"]
        assert f["claims"]
        for c in f["claims"]:
            for key, typ in CLAIM_FIELDS.items():
                assert isinstance(c[key], typ), f"{key}={c.get(key)!r} in {f}"
            text = texts[Path(ids[c["doc"]]).stem]
            assert text[c["start"]:c["end"]] == c["text"]
            assert text.count("\n", 0, c["start"]) + 1 == c["line"]
            assert c["start"] - (text.rfind("\n", 0, c["start"]) + 1) + 1 == c["column"]


def test_exit_codes_follow_fail_on(tmp_path, capsys):
    clean = write(tmp_path / "clean", "clean.md", "The council met on Tuesday and adjourned early.",
                  published="2024-05-02")
    code, out, err = run(capsys, "check", str(clean))
    assert code == 0, err
    assert "No findings" in out
    # only an info-level attribution gap: clean by default, failing at --fail-on info
    info = write(tmp_path / "info", "info.md", "The city hired 45 new bus drivers in 2023.", published="2024-05-02")
    code, out, _ = run(capsys, "check", str(info), "--format", "json")
    severities = {f["severity"] for f in json.loads(out)["findings"]}
    assert severities == {"info"}, out
    assert code == 0
    assert run(capsys, "check", str(info), "--fail-on", "warning")[0] == 0
    assert run(capsys, "check", str(info), "--fail-on", "info")[0] == 1
    # errors fail at the default threshold
    assert run(capsys, "check", str(FIXTURES / "weather"))[0] == 1


def test_missing_path_exits_2(tmp_path, capsys):
    code, _, err = run(capsys, "check", str(tmp_path / "no-such-draft.md"))
    assert code == 2
    assert "no-such-draft.md" in err


def test_bad_format_exits_2(capsys):
    with pytest.raises(SystemExit) as e:
        main(["check", str(FIXTURES / "weather"), "--format", "xml"])
    assert e.value.code == 2
    assert "--format" in capsys.readouterr().err


def test_against_reports_only_on_the_checked_documents(tmp_path, capsys):
    archive, draft = rain_reports(tmp_path)
    code, out, err = run(capsys, "check", str(draft), "--against", str(archive), "--format", "json")
    assert code == 1, err
    contradictions = [f for f in json.loads(out)["findings"] if f["kind"] == "contradiction"]
    pairs = sorted(sorted(c["doc"] for c in f["claims"]) for f in contradictions)
    # the draft against each archive article; the two archive articles' disagreement is not reported
    assert pairs == [["draft", "old-a"], ["draft", "old-b"]], pairs
    for f in json.loads(out)["findings"]:
        assert any(c["doc"] == "draft" for c in f["claims"]), f
    # checked alone, the archive does disagree with itself
    code, out, _ = run(capsys, "check", str(archive), "--format", "json")
    assert [f["kind"] for f in json.loads(out)["findings"]].count("contradiction") == 1


def test_text_format_groups_by_document_with_line_and_column(capsys):
    folder = FIXTURES / "weather"
    code, out, _ = run(capsys, "check", str(folder))
    assert code == 1
    report = check(load_documents([str(folder)]).documents)
    lines = out.splitlines()
    for doc in {f.claims[0].doc for f in report.findings}:
        assert doc in lines, f"no heading for {doc}:\n{out}"
    for f in report.findings:
        c = f.claims[0]
        heading = lines.index(c.doc)
        section = lines[heading + 1:]
        section = section[:section.index("")] if "" in section else section
        assert any(x.strip().startswith(f"{c.line}:{c.column}") and f"[{f.rule}]" in x for x in section), \
            f"{c.doc} {c.line}:{c.column} [{f.rule}] not under its document:\n{out}"
    assert "error" in lines[-1] and "documents" in lines[-1]


def test_module_entry_point_in_a_subprocess():
    folder = FIXTURES / "elections"
    proc = subprocess.run([sys.executable, "-m", "factcheck", "check", str(folder), "--format", "json"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    assert any(f["rule"] == "sanity.share-range" for f in data["findings"])


def test_memory_index_answers_with_linked_claims_only(tmp_path):
    from factcheck.claimindex import MemoryIndex, link_keys

    archive = tmp_path / "archive"
    write(archive, "old-a.md", "Sacramento received 2.1 inches of rain on May 10, the National Weather Service "
          "said. The city has 12 libraries.", source="Capital Bee", published="2021-05-12")
    write(archive, "old-b.md", "Fresno counted 40 new buses in 2020, the transit agency said.", source="Valley Times",
          published="2021-01-12")
    index = MemoryIndex(load_documents([str(archive)]).documents)
    draft = load_documents([str(write(tmp_path / "d", "draft.md", "A storm dropped 3.2 inches of rain on "
                                      "Sacramento on May 10, the National Weather Service reported.",
                                      published="2021-05-12"))]).documents
    related = index.related(extract(draft[0]))
    assert list(related.documents) == ["old-a"]
    assert [c.text for c in related.claims["old-a"]] == ["2.1 inches"]
    assert all(link_keys(c) is not None for cs in related.claims.values() for c in cs)
    assert index.related([]).documents == {}


def test_checking_against_an_index_finds_the_draft_contradictions_of_one_check_over_all():
    from factcheck.checker import check_against
    from factcheck.claimindex import MemoryIndex

    def contradictions(report: Report, draft: str) -> list[tuple]:
        return sorted((f.rule, sorted(c.id for c in f.claims)) for f in report.findings
                      if f.kind == "contradiction" and any(c.doc == draft for c in f.claims))

    seen = 0
    for folder in DOMAINS:
        docs = load_documents([str(folder)]).documents
        for i, draft in enumerate(docs):
            archive = docs[:i] + docs[i + 1:]
            together = contradictions(check(docs), draft.id)
            indexed = check_against([draft], MemoryIndex(archive))
            assert contradictions(indexed.report, draft.id) == together, (folder.name, draft.id)
            assert indexed.checked == frozenset({draft.id})
            assert all(f.claims[0].doc == draft.id for f in indexed.report.findings)
            seen += len(together)
    assert seen > 5


@pytest.mark.parametrize("sentence", [
    "Smith won the 2022 governor race in Utah with 54.2 percent of the vote to 45.8 percent for Jones.",
    "In 2023, Phoenix recorded 1,204 overdose deaths among men and 402 among women, the county said.",
])
def test_two_figures_of_one_sentence_are_a_comparison_not_a_contradiction(sentence):
    report = check([Document(id="a", text=sentence, published="2023-11-10")])
    assert [f for f in report.findings if f.kind == "contradiction"] == []


def test_the_same_figures_in_two_documents_still_contradict():
    texts = ["Smith won the 2022 governor race in Utah with 54.2 percent of the vote, officials said.",
             "Smith won the 2022 governor race in Utah with 45.8 percent of the vote, officials said."]
    report = check([Document(id=f"d{i}", text=t, published="2022-11-10") for i, t in enumerate(texts)])
    assert [f.rule for f in report.findings if f.kind == "contradiction"] == ["contradiction.figure"]
