"""Every example of every shipped rule pack: `pass` texts give no finding of the rule, `fail` texts at
least one. A reference rule's pass examples must also confirm (link to) the reference."""

from __future__ import annotations

import pytest

from factcheck import extract_text
from factcheck.rulepacks import LexiconRule, ReferenceRule, default_rules

RULES = [r for r in default_rules() if not isinstance(r, LexiconRule)]
CASES = [pytest.param(rule, outcome, example, id=f"{rule.name}:{outcome}:{i}")
         for rule in RULES
         for outcome, examples in (("pass", rule.examples.passing if rule.examples else ()),
                                   ("fail", rule.examples.failing if rule.examples else ()))
         for i, example in enumerate(examples)]


def test_shipped_packs_load():
    assert {"us-overdose-deaths", "sanity", "attribution"} <= set(default_rules().packs)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_every_shipped_rule_has_pass_and_fail_examples(rule):
    assert rule.examples is not None and rule.examples.passing and rule.examples.failing, rule.name


@pytest.mark.parametrize(("rule", "outcome", "example"), CASES)
def test_rule_example(rule, outcome, example):
    document = example.document()
    claims = extract_text(example.text, doc_id=document.id,
                          published=str(example.published) if example.published else None)
    findings = rule.check(claims, {document.id: document})
    shown = "\n".join(f"  {f.rule}: {f.message}" for f in findings)
    if outcome == "pass":
        assert not findings, f"{rule.name} must pass {example.text!r} but reported:\n{shown}"
        if isinstance(rule, ReferenceRule):
            assert rule.confirmations(claims), f"{rule.name}: no claim of {example.text!r} links to the reference"
    else:
        assert findings, f"{rule.name} must fail {example.text!r} but reported nothing"
