"""The editor and CI formats of `factcheck check`: gnu, sarif and github (docs/editors.md).

The fixture (tests/fixtures/editor/) is a draft with a contradiction against an archive article, an
arithmetic error and an estimate with no source; the draft is read as an editor sends an unsaved
buffer (stdin with --stdin-filename draft.md) and the archive from `archive/`, both relative to the
fixture folder, so paths print as an editor in that folder sees them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.checker import CheckResult, check_documents
from factcheck.cli import main
from factcheck.documents import load_documents
from factcheck.records import Document, Finding, Report
from factcheck.render.diagnostics import one_line
from factcheck.render.formats import REPORT_FORMATS, render_report
from factcheck.render.github import escape_data, escape_property
from factcheck.render.sarif import sarif_log
from factcheck.render.visible import visible
from factcheck.rulehelp import BUILTIN_HELP, rule_help
from factcheck.rulepacks import BUILTIN_CHECKS, default_rules
from factcheck.textpos import LineIndex

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "editor"
DRAFT = (FIXTURE / "draft.md").read_bytes().decode("utf-8")
ARCHIVE = "archive/city-herald-transit.md"
SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
# Vim's errorformat %f:%l:%c: %t%*[^:]: %m (and the same with %v, as docs/editors.md sets it), as a Python re:
# %f before a literal ':' is Vim's .\{-1,} (shortest), %t one character, %*[^:] the rest of the word.
VIM_EFM = re.compile(r"(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<type>[^:])[^:]*: (?P<message>.*)")

CONTRADICTION = ("'1.8 million riders' (draft, line 3, 2024-03-12, per the Metro Transit Authority) and "
                 "'1.2 million riders' (city-herald-transit, line 7, City Herald, 2024-02-20, per the Metro "
                 "Transit Authority) both give ridership, 2023-01-01 to 2023-12-31 and cannot both hold.")
GNU = [
    f"draft.md:3:54: error: [contradiction.figure] {CONTRADICTION}",
    "archive/city-herald-transit.md:7:25: note: [contradiction.figure] related claim '1.2 million riders'",
    "draft.md:5:12: error: [arithmetic.percent_change] 'rose 50%' does not match $2.00 → $2.50, which is +25.0%",
    "draft.md:7:1: warning: [attribution.estimate] 'An estimated 3,000 people' has an estimate with no named "
    "source: say who stands behind it.",
]
GITHUB = [
    "::error file=draft.md,line=3,col=54,endLine=3,endColumn=71,title=factcheck [contradiction.figure]::"
    + CONTRADICTION,
    "::error file=draft.md,line=5,col=12,endLine=5,endColumn=14,title=factcheck [arithmetic.percent_change]::"
    "'rose 50%25' does not match $2.00 → $2.50, which is +25.0%25",
    "::warning file=draft.md,line=7,col=1,endLine=7,endColumn=25,title=factcheck [attribution.estimate]::"
    "'An estimated 3,000 people' has an estimate with no named source: say who stands behind it.",
]
CLI_ARGS = ["check", "-", "--stdin-filename", "draft.md", "--published", "2024-03-12", "--against", "archive",
            "--format", "gnu"]


@functools.cache
def fixture_result() -> CheckResult:
    with contextlib.chdir(FIXTURE):
        draft = load_documents(["-"], stdin_text=DRAFT, stdin_published="2024-03-12", stdin_filename="draft.md")
        archive = load_documents(["archive"])
    assert not draft.errors and not archive.errors
    return check_documents(draft.documents, archive.documents, rules=default_rules())


def render(name: str, result: CheckResult | None = None) -> str:
    return render_report(name, result or fixture_result())


def file_text(path: str) -> str:
    return (FIXTURE / path).read_bytes().decode("utf-8")


def with_findings(*findings: Finding) -> CheckResult:
    base = fixture_result()
    return dataclasses.replace(base, report=Report(findings=findings, documents=1, claims=0))


# --------------------------------------------------------------------------------------------------
# gnu


def test_gnu_lines():
    assert render("gnu").splitlines() == GNU


def test_gnu_points_at_the_claims():
    """Every line (notes too) names the file, line and column where its claim's text starts."""
    claims = {(fixture_result().documents[c.doc].path, c.line, c.column): c.text
              for f in fixture_result().report.findings for c in f.claims}
    for line in render("gnu").splitlines():
        m = VIM_EFM.fullmatch(line)
        assert m, line
        key = (m["file"], int(m["line"]), int(m["column"]))
        assert key in claims, line
        row = file_text(m["file"]).splitlines()[key[1] - 1]
        assert row[key[2] - 1:].startswith(claims[key]), (line, row)


def test_gnu_vim_types_and_sorting():
    parsed = [VIM_EFM.fullmatch(line) for line in render("gnu").splitlines()]
    assert [m["type"] for m in parsed] == ["e", "n", "e", "w"]
    main_lines = [(m["file"], int(m["line"]), int(m["column"])) for m in parsed if m["type"] != "n"]
    assert main_lines == sorted(main_lines)


def test_gnu_sorts_by_path_when_both_documents_are_checked():
    """Checked together, the contradiction is reported once, at the first document's claim."""
    with contextlib.chdir(FIXTURE):
        loaded = load_documents(["-", "archive"], stdin_text=DRAFT, stdin_published="2024-03-12",
                                stdin_filename="draft.md")
    lines = render("gnu", check_documents(loaded.documents, rules=default_rules())).splitlines()
    located = [(m["file"], int(m["line"]), int(m["column"]), m["type"])
               for m in map(VIM_EFM.fullmatch, lines)]
    assert located[:2] == [(ARCHIVE, 7, 25, "e"), ("draft.md", 3, 54, "n")]
    main_lines = [x[:3] for x in located if x[3] != "n"]
    assert main_lines == sorted(main_lines)
    assert {x[0] for x in main_lines} == {ARCHIVE, "draft.md"}


def test_gnu_without_findings_prints_nothing():
    assert render("gnu", with_findings()) == ""


def test_gnu_names_a_document_without_a_file_by_its_id():
    loaded = load_documents(["-"], stdin_text="An estimated 3,000 people attended.\n", stdin_published="2024")
    out = render("gnu", check_documents(loaded.documents))
    assert out == ("stdin:1:1: warning: [attribution.estimate] 'An estimated 3,000 people' has an estimate with "
                   "no named source: say who stands behind it.\n")


def test_a_finding_without_claims_is_still_reported():
    lost = Finding(kind="rule", severity="error", rule=None, message="something is wrong", claims=())
    result = with_findings(lost)
    assert render("gnu", result) == "factcheck: error: [rule] something is wrong\n"
    assert render("github", result) == "::error title=factcheck [rule]::something is wrong\n"
    log = json.loads(render("sarif", result))
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    [res] = log["runs"][0]["results"]
    assert res["ruleId"] == "rule" and "locations" not in res


MESSAGE_PARTS = st.one_of(st.text(max_size=6), st.sampled_from(
    ["\n", "\r\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", ":", "::", "%", "%0A", ",", ": error: ",
     "draft.md:1:1: error: x", "[rule]"]))


@settings(max_examples=150, deadline=None)
@given(message=st.lists(MESSAGE_PARTS, max_size=8).map("".join),
       severity=st.sampled_from(["error", "warning", "info"]),
       rule=st.sampled_from(["contradiction.figure", "pack::id", "a,b:c%", None]))
def test_any_message_stays_one_parseable_line(message, severity, rule):
    base = fixture_result().report.findings[0]  # the contradiction: one note line in gnu
    finding = base.model_copy(update={"message": message, "severity": severity, "rule": rule})
    result = with_findings(finding)
    gnu = render("gnu", result)
    lines = gnu.split("\n")
    assert lines[-1] == "" and gnu.splitlines() == lines[:-1] and len(lines[:-1]) == 2
    first = VIM_EFM.fullmatch(lines[0])
    assert first and first["type"] == severity[0]
    assert first["message"] == f"[{rule or 'contradiction'}] {one_line(message)}"
    assert VIM_EFM.fullmatch(lines[1])["type"] == "n"
    github = render("github", result)
    assert github.count("\n") == 1 and github.endswith("\n") and "\r" not in github
    shown = "\r".join(visible(part) for part in message.split("\r"))  # control characters as escapes
    assert unescape(github.rstrip("\n").split("::", 2)[2]) == shown


# --------------------------------------------------------------------------------------------------
# github


def unescape(text: str) -> str:
    """What the Actions runner does to a command's data and properties (%25 last)."""
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


def test_github_lines():
    assert render("github").splitlines() == GITHUB


@pytest.mark.parametrize(("text", "data", "prop"), [
    ("plain text", "plain text", "plain text"),
    ("100%", "100%25", "100%25"),
    ("a\nb", "a%0Ab", "a%0Ab"),
    ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
    ("%0A is not a newline", "%250A is not a newline", "%250A is not a newline"),
    ("us-overdose-deaths::cdc-2019", "us-overdose-deaths::cdc-2019", "us-overdose-deaths%3A%3Acdc-2019"),
    ("up 50%, from $2.00", "up 50%25, from $2.00", "up 50%25%2C from $2.00"),
    ("drafts/a b.md", "drafts/a b.md", "drafts/a b.md"),
    ("‘curly’ — dash", "‘curly’ — dash", "‘curly’ — dash"),
])
def test_github_escaping(text, data, prop):
    assert escape_data(text) == data
    assert escape_property(text) == prop
    assert unescape(data) == text and unescape(prop) == text


def test_github_escapes_properties_and_levels():
    claim = fixture_result().report.findings[0].claims[0]
    finding = Finding(kind="rule", severity="info", rule="news, room::rule", message="50% off\nnext", claims=(claim,))
    assert render("github", with_findings(finding)) == (
        "::notice file=draft.md,line=3,col=54,endLine=3,endColumn=71,title=factcheck [news%2C room%3A%3Arule]::"
        "50%25 off%0Anext\n")


def test_a_claim_over_two_lines():
    """GitHub takes columns on one line only; SARIF and gnu give both ends."""
    text = "The fire burned more than\n12,000 acres in 2023.\n"
    loaded = load_documents(["-"], stdin_text=text, stdin_published="2024", stdin_filename="fire.md")
    result = check_documents(loaded.documents)
    assert render("github", result) == ("::notice file=fire.md,line=1,endLine=2,title=factcheck [attribution.none]::"
                                        "'more than%0A12,000 acres' has no named source: say who stands behind it.\n")
    assert render("gnu", result) == ("fire.md:1:17: info: [attribution.none] 'more than 12,000 acres' has no named "
                                     "source: say who stands behind it.\n")
    region = sarif_log(result, Path.cwd())["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (1, 17, 2, 13)


# --------------------------------------------------------------------------------------------------
# sarif


def sarif(result: CheckResult | None = None) -> dict:
    log = sarif_log(result or fixture_result(), FIXTURE)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    return log


def test_sarif_validates_and_describes_its_rules():
    [run] = sarif()["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "factcheck" and driver["version"]
    rules = driver["rules"]
    assert [r["id"] for r in rules] == ["arithmetic.percent_change", "attribution.estimate", "contradiction.figure"]
    for r in rules:
        assert r["shortDescription"]["text"] and r["fullDescription"]["text"] and r["help"]["text"]
    assert {r["id"]: r["defaultConfiguration"]["level"] for r in rules} == {
        "arithmetic.percent_change": "error", "attribution.estimate": "warning", "contradiction.figure": "error"}
    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("contradiction.figure", "error"), ("arithmetic.percent_change", "error"), ("attribution.estimate", "warning")]
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == FIXTURE.as_uri() + "/"


def test_sarif_locations_match_the_text():
    """Every region (primary and related) is the claim's text at its line and columns, from the files."""
    [run] = sarif()["runs"]
    artifacts = [a["location"]["uri"] for a in run["artifacts"]]
    assert artifacts == ["draft.md", ARCHIVE]
    assert run["artifacts"][0]["roles"] == ["analysisTarget"] and "roles" not in run["artifacts"][1]
    seen = 0
    for res in run["results"]:
        for loc in [*res["locations"], *res.get("relatedLocations", [])]:
            phys = loc["physicalLocation"]
            where, region = phys["artifactLocation"], phys["region"]
            assert where["uriBaseId"] == "%SRCROOT%" and artifacts[where["index"]] == where["uri"]
            text = file_text(where["uri"])
            start, end = region["charOffset"], region["charOffset"] + region["charLength"]
            assert text[start:end] == region["snippet"]["text"]
            lines = LineIndex(text)
            assert lines.position(start) == (region["startLine"], region["startColumn"])
            assert lines.position(end) == (region["endLine"], region["endColumn"])
            seen += 1
    assert seen == 3 + 1 + 2  # three results; the contradiction's other side; the arithmetic's two figures


def test_sarif_contradiction_has_its_other_side():
    contradiction = sarif()["runs"][0]["results"][0]
    [related] = contradiction["relatedLocations"]
    assert related["id"] == 1 and related["message"]["text"] == "related claim '1.2 million riders'"
    phys = related["physicalLocation"]
    assert phys["artifactLocation"]["uri"] == ARCHIVE
    assert (phys["region"]["startLine"], phys["region"]["startColumn"]) == (7, 25)


def test_sarif_fingerprints_survive_moved_lines():
    before = sarif()["runs"][0]["results"]
    with contextlib.chdir(FIXTURE):
        draft = load_documents(["-"], stdin_text="A new first paragraph.\n\n" + DRAFT, stdin_published="2024-03-12",
                               stdin_filename="draft.md")
        archive = load_documents(["archive"])
    after = sarif(check_documents(draft.documents, archive.documents, rules=default_rules()))["runs"][0]["results"]
    prints = [r["partialFingerprints"]["factcheckFinding/v1"] for r in before]
    assert len(set(prints)) == 3
    assert [r["partialFingerprints"]["factcheckFinding/v1"] for r in after] == prints
    lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in (*before, *after)]
    assert lines == [3, 5, 7, 5, 7, 9]


def test_sarif_fingerprints_tell_repeated_figures_apart():
    text = "An estimated 3,000 people came.\nAn estimated 3,000 people came.\n"
    loaded = load_documents(["-"], stdin_text=text, stdin_published="2024", stdin_filename="repeat.md")
    results = sarif(check_documents(loaded.documents))["runs"][0]["results"]
    assert len(results) == 2 and len({r["partialFingerprints"]["factcheckFinding/v1"] for r in results}) == 2


def test_sarif_describes_rule_pack_rules_and_paths_outside_the_base(tmp_path):
    """A pack rule's help comes from its pack; a file outside the base directory is an absolute URI."""
    doc = tmp_path / "jobs.md"
    doc.write_text("---\npublished: 2024-01-15\n---\nThe city reported -5 jobs in 2023, the mayor's office said.\n",
                   encoding="utf-8")
    log = sarif(check_documents(load_documents([str(doc)]).documents, rules=default_rules()))
    [run] = log["runs"]
    [rule] = [r for r in run["tool"]["driver"]["rules"] if r["id"] == "sanity::no-negative-counts"]
    assert rule["shortDescription"]["text"] == "A count of people or things is never negative."
    assert rule["defaultConfiguration"]["level"] == "warning" and rule["name"] == "SanityNoNegativeCounts"
    assert "rule pack 'sanity'" in rule["help"]["text"] and "Fails: The city reported -5 jobs" in rule["help"]["text"]
    assert run["artifacts"][0]["location"] == {"uri": doc.as_uri()} and "originalUriBaseIds" not in run


def test_sarif_names_a_document_without_a_file_by_its_id():
    result = check_documents([Document(id="wire copy", text="An estimated 3,000 people came.\n", published="2024")])
    [run] = sarif(result)["runs"]
    assert run["artifacts"][0]["location"] == {"uri": "wire%20copy"}


def builtin_rule_ids() -> set[str]:
    """Every rule id the built-in checks can emit, read from their source (so a new one must get help)."""
    source = {name: (ROOT / "factcheck" / name).read_text(encoding="utf-8")
              for name in ("contradictions.py", "sanity.py", "gaps.py", "arithmetic.py")}
    ids = set(re.findall(r'rule="([a-z]+\.[a-z_-]+)"', source["contradictions.py"] + source["sanity.py"]))
    ids |= set(re.findall(r'"(attribution\.[a-z_]+)"', source["gaps.py"]))
    ids |= {f"arithmetic.{x}" for x in re.findall(r'_finding\("(\w+)"', source["arithmetic.py"])}
    ids |= {f"arithmetic.{x}" for x in re.findall(r'_judge\([^)]*"(\w+)", involved\)', source["arithmetic.py"])}
    for pack in (ROOT / "rules").glob("*.yaml"):
        ids |= set(re.findall(r"^\s*replaces:\s*(\S+)", pack.read_text(encoding="utf-8"), re.MULTILINE))
    return ids | BUILTIN_CHECKS


def test_every_builtin_rule_has_help():
    ids = builtin_rule_ids()
    assert len(ids) >= 14
    assert ids == set(BUILTIN_HELP), "add help for new rule ids to factcheck/rulehelp.py (and drop stale ones)"
    for rule_id in ids:
        h = rule_help(rule_id)
        assert h.short.endswith(".") and len(h.full) > len(h.short) and h.level in ("error", "warning", "info")


# --------------------------------------------------------------------------------------------------
# the command line, as an editor runs it


class _Stdin:
    def __init__(self, text: str):
        import io

        self.buffer = io.BytesIO(text.encode("utf-8"))


def test_editor_flow_through_main(capsys, monkeypatch):
    monkeypatch.chdir(FIXTURE)
    monkeypatch.setattr(sys, "stdin", _Stdin(DRAFT))
    code = main(CLI_ARGS)
    out, err = capsys.readouterr()
    assert (code, out.splitlines(), err) == (1, GNU, "")


def test_editor_flow_as_a_process():
    p = subprocess.run([sys.executable, "-m", "factcheck", *CLI_ARGS], input=DRAFT.encode("utf-8"), cwd=FIXTURE,
                       capture_output=True, check=False)
    assert p.returncode == 1, p.stderr
    assert p.stdout.decode("utf-8").splitlines() == GNU and p.stderr == b""


@pytest.mark.parametrize("name", ["sarif", "github"])
def test_cli_prints_the_other_formats(capsys, monkeypatch, name):
    monkeypatch.chdir(FIXTURE)
    monkeypatch.setattr(sys, "stdin", _Stdin(DRAFT))
    code = main([*CLI_ARGS[:-1], name])
    out, err = capsys.readouterr()
    assert code == 1 and err == ""
    if name == "github":
        assert out.splitlines() == GITHUB
    else:
        jsonschema.Draft4Validator(SCHEMA).validate(json.loads(out))


def test_unknown_format_lists_the_formats(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["check", "draft.md", "--format", "xml"])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and "invalid choice: 'xml'" in err
    assert {"gnu", "sarif", "github"} <= set(REPORT_FORMATS)
    for name in REPORT_FORMATS:
        assert f"'{name}'" in err


# --------------------------------------------------------------------------------------------------
# the documented set-ups say what the code does


def doc_blocks(language: str) -> list[str]:
    text = (ROOT / "docs" / "editors.md").read_text(encoding="utf-8")
    return re.findall(rf"```{language}\n(.*?)```", text, re.DOTALL)


def test_documented_vim_errorformat_is_the_one_tested():
    vim = "".join(doc_blocks("vim"))
    assert r"errorformat=%f:%l:%v:\ %t%*[^:]:\ %m" in vim


def test_documented_vscode_problem_matcher_reads_the_output():
    [tasks] = [json.loads(b) for b in doc_blocks("json") if '"problemMatcher"' in b]
    pattern = tasks["tasks"][0]["problemMatcher"]["pattern"]
    matcher = re.compile(pattern["regexp"])
    found = [m for line in render("gnu").splitlines() if (m := matcher.match(line))]
    assert [(m[pattern["file"]], m[pattern["line"]], m[pattern["column"]], m[pattern["severity"]], m[pattern["code"]])
            for m in found] == [("draft.md", "3", "54", "error", "contradiction.figure"),
                                ("draft.md", "5", "12", "error", "arithmetic.percent_change"),
                                ("draft.md", "7", "1", "warning", "attribution.estimate")]
    assert found[2][pattern["message"]].startswith("'An estimated 3,000 people' has")


def test_pre_commit_hook():
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert (hook["id"], hook["entry"], hook["language"], hook["pass_filenames"]) == (
        "factcheck", "factcheck check", "python", True)
    files = re.compile(hook["files"])
    assert [bool(files.search(p)) for p in ("drafts/a.md", "b.txt", "c.markdown", "d.py", "e.md.bak")] == [
        True, True, True, False, False]
