"""Rule packs: loading, validation errors (file, line, key), each kind, and the check/CLI integration."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

import factcheck
from factcheck import Document, InputError, extract_text, load_rules, load_rules_checked
from factcheck.cli import main

MINIMAL = """\
pack: us-overdose
rules:
  - id: cdc-overdose-deaths-2021
    kind: reference
    measure: overdose deaths        # matched like claims are linked: measure key or phrase
    place: United States
    period: "2021"                  # YYYY, YYYY-MM or YYYY-MM-DD
    value: 106699                   # or low/high
    tolerance: 0.01                 # relative; optional
    unit: count                     # optional
    source: "CDC/NCHS, final 2021 mortality data"
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str) -> InputError:
    path = write(tmp_path, "pack.yaml", text)
    with pytest.raises(InputError) as caught:
        load_rules(path)
    assert caught.value.path == str(path)
    return caught.value


def doc(text: str, doc_id: str = "draft", published: str | None = None) -> Document:
    return Document(id=doc_id, text=text, published=published)


# ---- the minimal reference form, as the issue writes it


def test_minimal_reference_pack_works_as_written(tmp_path):
    rules = load_rules(write(tmp_path, "pack.yaml", MINIMAL))
    assert [r.name for r in rules] == ["us-overdose::cdc-overdose-deaths-2021"]
    bad = doc("Drug overdose deaths in the United States reached 80,000 in 2021.")
    report = factcheck.check([bad], rules=rules)
    found = [f for f in report.findings if f.rule == "us-overdose::cdc-overdose-deaths-2021"]
    assert len(found) == 1 and found[0].kind == "rule" and found[0].severity == "error"
    assert "CDC/NCHS, final 2021 mortality data" in found[0].message and "'80,000'" in found[0].message
    good = extract_text("In 2021, 106,699 Americans died of drug overdoses, according to the CDC.")
    assert [c.claim.text for c in rules.confirmations(good)] == ["106,699 Americans"]
    assert not rules.check(good)


def test_reference_other_year_or_place_does_not_link(tmp_path):
    rules = load_rules(write(tmp_path, "pack.yaml", MINIMAL))
    for text in ("Drug overdose deaths in the United States reached 80,000 in 2020.",
                 "Drug overdose deaths in Mexico reached 80,000 in 2021.",
                 "Drug overdose deaths in the United States reached 80,000 in March 2021."):
        assert not rules.check(extract_text(text)), text


def test_reference_low_high_and_no_tolerance(tmp_path):
    rules = load_rules(write(tmp_path, "p.yaml", """\
        pack: p
        rules:
          - {id: r, kind: reference, measure: overdose_deaths, place: United States, period: "2021",
             low: 100000, high: 110000, source: S, severity: warning}
        """))
    assert not rules.check(extract_text("In 2021, 106,699 Americans died of drug overdoses."))
    found = rules.check(extract_text("In 2021, 96,000 Americans died of drug overdoses."))
    assert [f.severity for f in found] == ["warning"]


# ---- the other kinds


def test_range_rule_on_a_measure(tmp_path):
    rules = load_rules(write(tmp_path, "p.yaml", """\
        pack: p
        rules:
          - id: turnout
            kind: range
            measure: voter turnout
            unit: percent
            min: 0
            max: 100
        """))
    assert [f.rule for f in rules.check(extract_text("Turnout was 112 percent in 2020.", published="2021"))] \
        == ["p::turnout"]
    assert not rules.check(extract_text("Turnout was 61 percent in 2020.", published="2021"))


def test_order_rule(tmp_path):
    rules = load_rules(write(tmp_path, "p.yaml", """\
        pack: courts
        rules:
          - id: convicted-before-sentenced
            kind: order
            first: convicted
            then: sentenced
        """))
    bad = "Mayor John Ortega was sentenced on March 3, 2021. Ortega was convicted on May 5, 2021."
    good = "Mayor John Ortega was convicted on March 3, 2021. Ortega was sentenced on May 5, 2021."
    found = rules.check(extract_text(bad, published="2021-06-01"))
    assert [f.rule for f in found] == ["courts::convicted-before-sentenced"]
    assert "March 3, 2021" in found[0].message and "May 5, 2021" in found[0].message
    assert not rules.check(extract_text(good, published="2021-06-01"))


def test_attribution_rule_replaces_the_default_policy(tmp_path):
    text = "The fire burned 6,200 acres. The city spent $2 million."
    default = factcheck.check([doc(text, published="2024-06-12")])
    assert {f.rule for f in default.findings} == {"attribution.none"}
    rules = load_rules(write(tmp_path, "p.yaml", """\
        pack: house
        rules:
          - id: money-needs-a-source
            kind: attribution
            claim_kinds: [money]
            no_source: error
        """))
    report = factcheck.check([doc(text, published="2024-06-12")], rules=rules)
    assert [(f.kind, f.rule, f.severity, f.claims[0].text) for f in report.findings] == \
        [("attribution_gap", "attribution.none", "error", "$2 million")]


def test_lexicon_rule_is_validated_and_used_for_rule_measures(tmp_path):
    rules = load_rules(write(tmp_path, "p.yaml", """\
        pack: p
        rules:
          - id: words
            kind: lexicon
            measures:
              - {key: bridge_closures, phrase: bridge closures, patterns: [bridge closures]}
        """))
    assert rules.measure_extra[0]["key"] == "bridge_closures"
    assert rules.check(extract_text("Nothing here.")) == []
    error = error_of(tmp_path, """\
        pack: p
        rules:
          - id: words
            kind: lexicon
            measures:
              - {phrase: no key}
        """)
    assert error.line == 3 and "measures" in error.message


def test_replacing_rule_keeps_the_builtin_id_and_reports_once():
    text = "Turnout reached 112% of registered voters in the 2024 election."
    plain = factcheck.check([doc(text, published="2024-11-10")])
    ruled = factcheck.check([doc(text, published="2024-11-10")], rules=factcheck.default_rules())
    assert [f.rule for f in plain.findings if f.kind == "rule"] == ["sanity.share-range"]
    assert [f.rule for f in ruled.findings if f.kind == "rule"] == ["sanity.share-range"]


def test_folder_is_loaded_recursively_in_path_order(tmp_path):
    write(tmp_path, "b.yaml", "pack: b\nrules:\n  - {id: x, kind: range, unit: count, min: 0}\n")
    write(tmp_path, "sub/a.yaml", "pack: a\nrules:\n  - {id: x, kind: range, unit: count, min: 0}\n")
    write(tmp_path, "notes.txt", "not a pack")
    rules = load_rules(tmp_path)
    assert [r.name for r in rules] == ["b::x", "a::x"]  # b.yaml sorts before sub/a.yaml
    assert rules.packs == ("b", "a")


# ---- bad input: file, line, key


def test_yaml_syntax_error(tmp_path):
    error = error_of(tmp_path, "pack: p\nrules:\n  - id: x\n    kind: [range\n")
    assert error.line is not None and "invalid YAML" in error.message


def test_unknown_kind(tmp_path):
    error = error_of(tmp_path, "pack: p\nrules:\n  - id: x\n    kind: magic\n")
    assert error.line == 4 and "kind" in error.message and "magic" in error.message
    assert "reference" in (error.hint or "")


def test_missing_field(tmp_path):
    error = error_of(tmp_path, 'pack: p\nrules:\n  - id: x\n    kind: reference\n    measure: m\n'
                               '    period: "2021"\n    value: 5\n')
    assert error.line == 3 and "source" in error.message and "missing" in error.message


def test_missing_pack_name(tmp_path):
    error = error_of(tmp_path, "rules: []\n")
    assert "pack" in error.message


def test_wrong_type(tmp_path):
    error = error_of(tmp_path, 'pack: p\nrules:\n  - id: x\n    kind: reference\n    measure: m\n'
                               '    period: "2021"\n    value: lots\n    source: S\n')
    assert error.line == 7 and "value" in error.message
    error = error_of(tmp_path, "pack: p\nrules: {id: x}\n")
    assert error.line == 2 and "rules" in error.message


def test_unknown_field(tmp_path):
    error = error_of(tmp_path, "pack: p\nrules:\n  - id: x\n    kind: range\n    unit: count\n    min: 0\n"
                               "    maximum: 5\n")
    assert error.line == 7 and "maximum" in error.message


def test_impossible_period(tmp_path):
    error = error_of(tmp_path, 'pack: p\nrules:\n  - id: x\n    kind: reference\n    measure: m\n'
                               '    period: "2021-13"\n    value: 5\n    source: S\n')
    assert error.line == 6 and "period" in error.message and "13" in error.message


def test_duplicate_id_within_a_pack(tmp_path):
    error = error_of(tmp_path, "pack: p\nrules:\n  - {id: x, kind: range, unit: count, min: 0}\n"
                               "  - {id: x, kind: range, unit: count, min: 0}\n")
    assert error.line == 4 and "duplicate" in error.message and "'x'" in error.message


def test_duplicate_id_across_packs(tmp_path):
    write(tmp_path, "a.yaml", "pack: p\nrules:\n  - {id: x, kind: range, unit: count, min: 0}\n")
    write(tmp_path, "b.yaml", "pack: p\nrules:\n  - {id: x, kind: range, unit: count, min: 0}\n")
    rules, errors = load_rules_checked([tmp_path])
    assert len(rules) == 1 and len(errors) == 1
    assert errors[0].path.endswith("b.yaml") and errors[0].line == 3 and "p::x" in errors[0].message
    assert "a.yaml:3" in errors[0].message


def test_folder_collects_every_error(tmp_path):
    write(tmp_path, "a.yaml", "pack: a\nrules:\n  - {id: x, kind: nope}\n  - {id: y, kind: range}\n")
    write(tmp_path, "b.yaml", "pack: b\nrules: [\n")
    write(tmp_path, "c.yaml", "pack: c\nrules:\n  - {id: ok, kind: range, unit: count, min: 0}\n")
    rules, errors = load_rules_checked([tmp_path])
    assert [r.name for r in rules] == ["c::ok"]
    assert sorted(Path(e.path).name for e in errors) == ["a.yaml", "a.yaml", "b.yaml"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_path_outside_the_folder_is_refused(tmp_path):
    outside = write(tmp_path, "outside/secret.yaml", "pack: s\nrules: []\n")
    packs = tmp_path / "packs"
    packs.mkdir()
    try:
        (packs / "link.yaml").symlink_to(outside)
        (packs / "dir").symlink_to(outside.parent, target_is_directory=True)
    except OSError:
        pytest.skip("cannot create symlinks")
    rules, errors = load_rules_checked([packs])
    assert len(rules) == 0 and errors and all("outside" in e.message for e in errors)


def test_yaml_tags_never_run_code(tmp_path):
    error = error_of(tmp_path, "pack: !!python/object/apply:os.system ['echo hi']\nrules: []\n")
    assert "YAML" in error.message


def test_missing_path():
    with pytest.raises(InputError, match="no such"):
        load_rules("/nonexistent/rules")


# ---- the command line


def test_cli_rules_options(tmp_path, capsys):
    draft = write(tmp_path, "draft.txt", "Drug overdose deaths in the United States reached 80,000 in 2021.\n")
    assert main(["check", str(draft), "--format", "json"]) == 1
    out = capsys.readouterr().out
    assert "us-overdose-deaths::cdc-overdose-deaths-2021" in out
    assert main(["check", str(draft), "--no-default-rules"]) == 0
    capsys.readouterr()
    packs = tmp_path / "packs"
    write(packs, "p.yaml", MINIMAL)
    assert main(["check", str(draft), "--no-default-rules", "--rules", str(packs)]) == 1
    assert "us-overdose::cdc-overdose-deaths-2021" in capsys.readouterr().out


def test_cli_broken_pack_is_exit_2_with_file_and_line(tmp_path, capsys):
    draft = write(tmp_path, "draft.txt", "Nothing to see.\n")
    bad = write(tmp_path / "packs", "bad.yaml", "pack: p\nrules:\n  - id: x\n    kind: magic\n")
    assert main(["check", str(draft), "--rules", str(bad.parent)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:4: " in err and "magic" in err


def test_cli_pack_duplicating_a_shipped_rule(tmp_path, capsys):
    draft = write(tmp_path, "draft.txt", "Nothing to see.\n")
    write(tmp_path / "packs", "dup.yaml",
          "pack: sanity\nrules:\n  - {id: share-range, kind: range, unit: percent, max: 100}\n")
    assert main(["check", str(draft), "--rules", str(tmp_path / "packs")]) == 2
    assert "duplicate" in capsys.readouterr().err


def test_seeds_still_pass_with_the_shipped_packs():
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    assert main(["check", str(seeds), "--format", "json"]) == 0


def test_lexicon_rules_extend_extraction(tmp_path):
    """A pack's own measure wording links a claim the shipped lexicon does not know."""
    (tmp_path / "bridges.yaml").write_text(
        "pack: bridges\n"
        "rules:\n"
        "  - id: words\n"
        "    kind: lexicon\n"
        "    measures:\n"
        "      - {key: bridge_closures, phrase: bridge closures, patterns: [bridges closed, bridge closures]}\n"
        "  - id: closures-2023\n"
        "    kind: reference\n"
        "    measure: bridge_closures\n"
        "    period: '2023'\n"
        "    value: 12\n"
        "    source: State DOT annual report 2023\n", encoding="utf-8")
    rules = factcheck.load_rules(tmp_path)
    wrong = factcheck.Document(id="d", text="In 2023, 19 bridges closed for repairs.",
                               published=factcheck.PartialDate.model_validate("2024-02"))
    right = wrong.model_copy(update={"id": "e", "text": "In 2023, 12 bridges closed for repairs."})
    flagged = [f for f in factcheck.check([wrong], rules=rules).findings if f.rule == "bridges::closures-2023"]
    assert [c.text for f in flagged for c in f.claims] == ["19 bridges"]
    assert not [f for f in factcheck.check([right], rules=rules).findings if f.rule == "bridges::closures-2023"]
