"""The pytest plugin (factcheck.pytest_plugin) and the assertion helpers (factcheck.testing), run with pytester."""

from __future__ import annotations

import pytest

from factcheck import Document, check
from factcheck.testing import assert_all_sourced, assert_no_findings

pytest_plugins = ["pytester"]

WRONG = ("---\npublished: 2022-05-01\n---\n"
         "Drug overdose deaths in the United States reached 93,000 in 2021, according to the CDC.\n")
RIGHT = ("---\npublished: 2022-05-01\n---\n"
         "Drug overdose deaths in the United States reached 106,699 in 2021, according to the CDC.\n")
PACK = """\
pack: od
rules:
  - id: od-2021
    kind: reference
    measure: overdose deaths
    place: United States
    period: "2021"
    value: 106699
    tolerance: 0.01
    source: "CDC/NCHS, final 2021 mortality data"
  - id: shares
    kind: range
    share: true
    min: 0
    max: 100
"""
BROKEN = "pack: bad\nrules:\n  - id: x\n    kind: magic\n"


def _setup(pytester: pytest.Pytester, text: str = WRONG, broken: bool = False) -> None:
    pytester.mkdir("corpus")
    pytester.mkdir("rules")
    (pytester.path / "corpus" / "a.md").write_text(text, encoding="utf-8")
    (pytester.path / "rules" / "od.yaml").write_text(PACK, encoding="utf-8")
    if broken:
        (pytester.path / "rules" / "bad.yaml").write_text(BROKEN, encoding="utf-8")


ARGS = ("--factcheck-corpus", "corpus", "--factcheck-rules", "rules", "-p", "no:cacheprovider")


def test_rules_are_items_and_a_violation_fails_readably(pytester: pytest.Pytester) -> None:
    _setup(pytester)
    result = pytester.runpytest(*ARGS, "-v")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines([
        "rules/od.yaml::od::od-2021 FAILED*",
        "rules/od.yaml::od::shares PASSED*",
        "*rule od::od-2021 (rules*od.yaml:3): 1 offending claim*",
        "*corpus*a.md:4:51*[[]error[]] [[]od::od-2021[]]*",
        "*sentence: Drug overdose deaths in the United States reached 93,000 in 2021, according to the CDC.",
        "*expected: 106,699 (±1%) for overdose deaths in United States, 2021",
        "*found:    '93,000' (read as 93,000)",
        "*source:   CDC/NCHS, final 2021 mortality data",
    ])
    out = result.stdout.str()
    assert "Traceback" not in out and "def runtest" not in out and "RuleViolation" not in out


def test_a_corpus_that_agrees_passes(pytester: pytest.Pytester) -> None:
    _setup(pytester, RIGHT)
    result = pytester.runpytest(*ARGS)
    result.assert_outcomes(passed=2)


def test_ini_options(pytester: pytest.Pytester) -> None:
    _setup(pytester)
    pytester.makepyprojecttoml("""
        [tool.pytest.ini_options]
        factcheck_corpus = ["corpus"]
        factcheck_rules = ["rules"]
    """)
    result = pytester.runpytest("-v", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["rules/od.yaml::od::od-2021 FAILED*", "*corpus/a.md:4:51*"])


def test_fail_on_threshold(pytester: pytest.Pytester) -> None:
    _setup(pytester)
    (pytester.path / "rules" / "od.yaml").write_text(PACK.replace("0.01\n", "0.01\n    severity: warning\n"),
                                                     encoding="utf-8")
    pytester.runpytest(*ARGS).assert_outcomes(passed=1, failed=1)
    pytester.runpytest(*ARGS, "--factcheck-fail-on", "error").assert_outcomes(passed=2)


def test_a_broken_pack_is_a_collection_error_of_that_file_only(pytester: pytest.Pytester) -> None:
    _setup(pytester, broken=True)
    result = pytester.runpytest(*ARGS, "--continue-on-collection-errors", "-v")
    result.assert_outcomes(passed=1, failed=1, errors=1)
    result.stdout.fnmatch_lines([
        "rules/od.yaml::od::od-2021 FAILED*",
        "*ERROR collecting rules/bad.yaml*",
        "*rules*bad.yaml:4: rules[[]0[]] (x).kind: unknown rule kind 'magic'*",
    ])
    assert "Traceback" not in result.stdout.str()
    # without --continue-on-collection-errors pytest stops, as for any collection error, but the good pack collected
    result = pytester.runpytest(*ARGS)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["collected 2 items / 1 error*", "ERROR rules/bad.yaml*"])


def test_default_packs_without_rules_option(pytester: pytest.Pytester) -> None:
    _setup(pytester)
    result = pytester.runpytest("--factcheck-corpus", "corpus", "--collect-only", "-q", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["factcheck-rules/us-overdose-deaths.yaml::us-overdose-deaths::cdc-overdose-deaths-2021"])


def test_a_corpus_that_does_not_load_is_a_usage_error(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--factcheck-corpus", "missing", "-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*the corpus does not load*", "*missing*"])


HAND_WRITTEN = '''
import pytest
from factcheck.testing import assert_all_sourced, assert_no_findings

def test_fixtures(corpus, claims, report):
    assert [d.id for d in corpus] == ["a"]
    assert any(c.value == 93000 for c in claims)
    assert report.documents == 1 and report.claims == len(claims)

def test_claims_are_extracted_once(claims, request):
    assert request.getfixturevalue("claims") is claims

def test_sourced(claims):
    assert_all_sourced(claims)

def test_no_arithmetic_findings(report):
    assert_no_findings(report, kind="arithmetic")

def test_no_reference_findings(report):
    assert_no_findings(report, rule="od::*")
'''


def test_fixtures_and_helpers_in_hand_written_tests(pytester: pytest.Pytester) -> None:
    _setup(pytester)
    pytester.makepyfile(test_corpus=HAND_WRITTEN)
    result = pytester.runpytest(*ARGS, "test_corpus.py", "-k", "not od::")
    result.assert_outcomes(passed=4, failed=1)
    result.stdout.fnmatch_lines([
        "*AssertionError: 1 finding (rule='od::*'):*",
        "*a:4:51*[[]error[]] [[]od::od-2021[]]*",
        "*sentence: Drug overdose deaths in the United States reached 93,000 in 2021*",
        "*found:    '93,000' (read as 93,000)*",
    ])


def test_without_options_nothing_is_collected(pytester: pytest.Pytester) -> None:
    _setup(pytester)
    pytester.makepyfile(test_plain="def test_one():\n    assert True\n")
    result = pytester.runpytest("-p", "no:cacheprovider", "--collect-only", "-q")
    assert ".yaml" not in result.stdout.str()
    result.stdout.fnmatch_lines(["test_plain.py::test_one", "1 test collected*"])
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_fixtures_without_a_corpus_fail_clearly(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_x="def test_x(report):\n    pass\n")
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*no factcheck corpus: pass --factcheck-corpus DIR*"])


# --------------------------------------------------------------------------------------------------
# factcheck.testing on its own


def _report(text: str):
    return check([Document(id="d", text=text, published="2022-05-01")])


def test_assert_no_findings_filters_and_lists() -> None:
    report = _report("Some 20 people were arrested, the police said.")
    assert_no_findings(report, kind="contradiction")
    assert_no_findings(report, severity="warning")
    with pytest.raises(AssertionError) as e:
        assert_no_findings(report, kind="attribution_gap")
    text = str(e.value)
    assert "1 finding (kind='attribution_gap'):" in text
    assert "d:1:1" in text and "sentence: Some 20 people were arrested, the police said." in text
    assert "source:   the police (unnamed)" in text
    with pytest.raises(ValueError):
        assert_no_findings(report, severity="fatal")


def test_assert_all_sourced() -> None:
    from factcheck import extract

    text = "Some 20 people were arrested, the police said. In 2021, 300 people died of overdoses, the CDC said."
    doc = Document(id="d", text=text, published="2022-05-01")
    claims = extract(doc)
    assert_all_sourced(claims, named=False)
    with pytest.raises(AssertionError) as e:
        assert_all_sourced(claims)
    text = str(e.value)
    assert text.startswith("1 claim without a named source:")
    assert "expected: a named source" in text and "'Some 20 people'" in text
