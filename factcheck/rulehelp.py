"""What each rule id means, for reports that describe their rules (SARIF's rule metadata, editors' hovers).

The built-in checks' help is the data below, the one place it is written; a rule pack's help comes from
the rule itself (its description, kind, pack and examples).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from factcheck.records import FindingKind, Severity

if TYPE_CHECKING:
    from factcheck.rulepacks import Rule, RuleSet


@dataclass(frozen=True)
class RuleHelp:
    """One rule id described: a one-line summary, the full text, and the severity it reports at by default."""

    id: str
    kind: FindingKind
    level: Severity
    short: str
    full: str

    @property
    def name(self) -> str:
        """A friendly name in PascalCase ("contradiction.figure" → "ContradictionFigure")."""
        return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", self.id) if part)


BUILTIN_HELP: dict[str, RuleHelp] = {h.id: h for h in (
    RuleHelp("contradiction.figure", "contradiction", "error",
             "Two figures for the same fact cannot both hold.",
             "Two claims give the same measure for the same place and period (within a document, across the "
             "checked documents, or against the archive given with --against), and their intervals cannot "
             "overlap even after allowing for qualifiers ('more than', 'about'), the rounding of the stated "
             "numbers and unit conversion. Say which figure is right, or why both stand (a different place, "
             "period or definition). See docs/checks.md, 'Contradictions'."),
    RuleHelp("contradiction.revision", "contradiction", "warning",
             "One sentence revises a count for one period.",
             "A sentence gives two figures for one count and one period with a verb of revising ('raising the "
             "number from 232 to 873', 'revised', 'corrected'). Say which figure stands now and why it "
             "changed. See docs/checks.md, 'Contradictions'."),
    RuleHelp("contradiction.date", "contradiction", "error",
             "The same event of the same subject is dated to periods that do not overlap.",
             "Two claims date the same event ('arrested', 'opened' …) of the same named subject, and the "
             "periods they resolve to (relative dates resolved against each article's publication date) do "
             "not overlap. Check which date is right. See docs/checks.md, 'Contradictions'."),
    RuleHelp("arithmetic.percent_change", "arithmetic", "error",
             "A stated percentage change does not match its old and new figures.",
             "A percentage or fraction of change ('up 30 percent', 'cut by one-third') does not match the "
             "relative change new/old − 1 of the figures it describes, even allowing for the rounding of "
             "every figure. See docs/checks.md, 'Arithmetic'."),
    RuleHelp("arithmetic.point_change", "arithmetic", "error",
             "A stated change in percentage points does not match the two percentages.",
             "A change in percentage points ('a rise of 1.1 percentage points', 'a 6-point gain') does not "
             "match the difference new − old of the two percentages it describes. Percentage points are "
             "differences of percentages, never relative changes. See docs/checks.md, 'Arithmetic'."),
    RuleHelp("arithmetic.difference", "arithmetic", "error",
             "A stated difference does not match its old and new figures.",
             "A difference in the figures' own unit ('a drop of 30', '5,000 more', 'an increase of $40 "
             "million') does not match new − old, even allowing for rounding. See docs/checks.md, "
             "'Arithmetic'."),
    RuleHelp("arithmetic.multiple", "arithmetic", "error",
             "A stated multiple does not match its old and new figures.",
             "'Doubled', 'tripled', 'halved', 'tenfold' … does not match the ratio new/old of the figures it "
             "describes (words allow ±10%). See docs/checks.md, 'Arithmetic'."),
    RuleHelp("arithmetic.direction", "arithmetic", "error",
             "A stated change goes the wrong way.",
             "A stated change, multiple or verb says the figure rose where it fell, or fell where it rose "
             "('up 20%' with 150 → 120; 'rose from 873 to 232'). See docs/checks.md, 'Arithmetic'."),
    RuleHelp("sanity.share-range", "rule", "error",
             "A percentage that is a share of a whole lies outside 0–100.",
             "A percentage of something ('112% of registered voters') or of a measure that is a share "
             "(turnout, approval, unemployment …) must lie between 0 and 100 percent. A change ('up 150%') "
             "is not a share. See docs/checks.md, 'Built-in sanity rules'."),
    RuleHelp("sanity.period-order", "rule", "error",
             "A period ends before it starts.",
             "The period a claim states ends before it starts ('from 2024 to 2019'). See docs/checks.md, "
             "'Built-in sanity rules'."),
    RuleHelp("sanity.future-past-event", "rule", "error",
             "A past event is dated after the article's publication.",
             "The text reports an event as past ('was arrested on June 3') but dates it after the article's "
             "publication date. Future wording ('will reopen', 'is scheduled') is left alone. See "
             "docs/checks.md, 'Built-in sanity rules'."),
    RuleHelp("attribution.estimate", "attribution_gap", "warning",
             "An estimate has no named source.",
             "The text calls the figure an estimate ('an estimated 3,000 people') and nobody is named behind "
             "it. Say who made the estimate. See docs/checks.md, 'Attribution gaps' (rule packs may change "
             "the severity: docs/rules.md)."),
    RuleHelp("attribution.none", "attribution_gap", "info",
             "A figure has no named source.",
             "Money, a percentage, a measurement, a figure of a known measure or a count of 10 or more stands "
             "with nobody named behind it. Say who stands behind it. See docs/checks.md, 'Attribution gaps'."),
    RuleHelp("attribution.unnamed", "attribution_gap", "info",
             "A figure rests only on unnamed sources.",
             "The figure is attributed only to unnamed sources ('officials said', 'sources familiar with the "
             "matter'). Name a source if you can. See docs/checks.md, 'Attribution gaps'."),
)}


def rule_help(rule_id: str, rules: RuleSet | None = None, *, default_level: Severity = "warning") -> RuleHelp:
    """The help of `rule_id`: a built-in check's, a rule pack rule's (`pack::id` in `rules`), or a bare
    description naming the id (a rule added from Python) at `default_level`."""
    builtin = BUILTIN_HELP.get(rule_id)
    if builtin is not None:
        return builtin
    rule = rules.get(rule_id) if rules is not None else None
    if rule is not None:
        return _pack_rule_help(rule, default_level)
    return RuleHelp(rule_id, "rule", default_level, f"Findings of the rule {rule_id}.",
                    f"Findings reported under the rule id {rule_id}, which neither the built-in checks nor the "
                    "rule packs in use describe.")


def _pack_rule_help(rule: Rule, default_level: Severity) -> RuleHelp:
    pack = rule.name.partition("::")[0]
    where = f"{Path(rule.path).name}, line {rule.line}" if rule.line is not None else Path(rule.path).name
    short = rule.description or f"The {rule.kind} rule {rule.name}."
    parts = [rule.description or short, f"A {rule.kind} rule of the rule pack '{pack}' ({where}); see docs/rules.md."]
    if rule.examples is not None:
        parts += [f"Fails: {e.text}" for e in rule.examples.failing[:2]]
        parts += [f"Passes: {e.text}" for e in rule.examples.passing[:2]]
    level = getattr(rule, "severity", default_level)  # kinds that report have a severity; the others none
    return RuleHelp(rule.name, "rule", level, short, "\n".join(parts))
