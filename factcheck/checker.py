"""The check: extract every document, link claims about the same fact, and report what cannot hold.

`check(documents, against=archive)` reports on `documents` only: their contradictions with each other
and with the archive, their arithmetic, the built-in sanity rules and their attribution gaps. Two
archive documents that disagree with each other are not the draft's problem and are not reported.

With `rules` (a `factcheck.rulepacks.RuleSet`), the rules' findings are added; a rule that `replaces` a
built-in sanity check switches it off, and attribution rules replace `policy` (docs/rules.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from factcheck.arithmetic import check_arithmetic
from factcheck.claimindex import ClaimIndex, MemoryIndex, Related
from factcheck.config import ExtractConfig
from factcheck.contradictions import event_contradictions, figure_contradictions
from factcheck.errors import InputError
from factcheck.extract import DEFAULT_CONFIG, extract_each
from factcheck.gaps import DEFAULT_POLICY, AttributionPolicy, attribution_gaps
from factcheck.linking import link
from factcheck.records import Claim, Document, Finding, Report
from factcheck.republication import find_republications
from factcheck.rulepacks import RuleSet
from factcheck.sanity import sanity_findings


@dataclass(frozen=True)
class CheckResult:
    """A report with what it was made from, for renderers that show more than the findings
    (the HTML report highlights every claim; the language server hovers on them)."""

    report: Report
    documents: Mapping[str, Document]  # every document taken into account, checked and archive
    claims: Mapping[str, Sequence[Claim]]  # claims by document id (archive documents: those at hand)
    checked: frozenset[str]  # ids of the documents reported on
    rules: RuleSet | None = None
    errors: tuple[InputError, ...] = ()  # documents the extractor failed on (a bug): left out of the check


def check(documents: Sequence[Document], against: Sequence[Document] = (), *,
          config: ExtractConfig = DEFAULT_CONFIG, policy: AttributionPolicy = DEFAULT_POLICY,
          rules: RuleSet | None = None) -> Report:
    """Check `documents`, also against `against` (an archive of earlier reporting), and `rules` if given.
    Raises the `InputError` naming a document the extractor failed on (`check_documents` lists them all)."""
    result = check_documents(documents, against, config=config, policy=policy, rules=rules)
    if result.errors:
        raise result.errors[0]
    return result.report


def check_documents(documents: Sequence[Document], against: Sequence[Document] = (), *,
                    config: ExtractConfig = DEFAULT_CONFIG, policy: AttributionPolicy = DEFAULT_POLICY,
                    rules: RuleSet | None = None) -> CheckResult:
    """`check`, keeping the documents and claims the report was made from."""
    config = rule_config(config, rules)
    return check_against(documents, MemoryIndex(against, config) if against else None, config=config,
                         policy=policy, rules=rules)


def rule_config(config: ExtractConfig, rules: RuleSet | None) -> ExtractConfig:
    """The extraction config with the rules' `lexicon` entries added (they extend extraction)."""
    if rules is None or not (rules.measure_extra or rules.place_extra):
        return config
    return config.model_copy(update={"measure_extra": config.measure_extra + rules.measure_extra,
                                     "place_extra": config.place_extra + rules.place_extra})


def check_against(documents: Sequence[Document], archive: ClaimIndex | None, *,
                  config: ExtractConfig = DEFAULT_CONFIG, policy: AttributionPolicy = DEFAULT_POLICY,
                  rules: RuleSet | None = None) -> CheckResult:
    """Check `documents` against the claims of `archive` that link with theirs (`config` must already
    include the rules' lexicon entries: see `rule_config`; the archive was extracted with it)."""
    claims, errors = extract_each(documents, config)
    documents = [d for d in documents if d.id in claims]  # one the extractor failed on is left out, and named
    related = archive.related(c for cs in claims.values() for c in cs) if archive is not None else Related()
    own = find_republications([*documents, *related.documents.values()])[:len(documents)]
    by_id = {**related.documents, **{d.id: d for d in own}}
    every = {**related.claims, **claims}
    checked = frozenset(d.id for d in documents)
    return CheckResult(check_claims(every, by_id, set(checked), policy, rules), by_id, every, checked, rules,
                       tuple(errors))


def check_claims(claims: dict[str, list[Claim]], documents: dict[str, Document], checked: set[str],
                 policy: AttributionPolicy = DEFAULT_POLICY, rules: RuleSet | None = None) -> Report:
    """The check over already extracted claims (an archive may hold them ready-made)."""
    own = [c for doc in checked for c in claims.get(doc, [])]
    # a republication's claims are its original's: linking both would report every finding twice
    independent = [c for doc, cs in claims.items() if documents[doc].original not in documents for c in cs]
    figure_groups, event_groups = link(independent)
    findings: list[Finding] = []
    findings += figure_contradictions(figure_groups, documents, checked)
    findings += event_contradictions(event_groups, documents, checked)
    for doc in checked:
        document = documents[doc]
        findings += check_arithmetic(claims.get(doc, []), document.text)
    replaced = rules.replaces if rules is not None else frozenset()
    findings += [f for f in sanity_findings(own, documents) if f.rule not in replaced]
    if rules is None or not rules.attribution_rules:
        findings += attribution_gaps(own, policy)
    if rules is not None:
        findings += rules.check(own, documents)
    findings.sort(key=lambda f: f.sort_key)
    return Report(findings=tuple(findings), documents=len(checked), claims=len(own))
