"""Rule packs: house knowledge written as YAML data (docs/rules.md), validated on load, run by the check.

    rules = load_rules("newsroom/rules")            # one pack file, or every *.yaml under a folder
    report = factcheck.check(documents, rules=rules)
    rules.confirmations(claims)                      # claims that agree with a `reference` rule

A pack is `pack: <name>` and `rules: [...]`; every rule has an `id` (unique as `pack::id`), a `kind`
from `KINDS` and optional `examples: {pass: [...], fail: [...]}`. Loading never runs code and never
reads a file outside the folder it was given (a symlink out of it is refused). Every problem is an
`InputError` naming the file, the line and the key.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator, model_validator

from factcheck.errors import InputError
from factcheck.gaps import AttributionPolicy, attribution_gaps
from factcheck.records import FIGURE_KINDS, Claim, Document, Finding, PartialDate, Severity
from factcheck.sanity import share_context
from factcheck.yamlio import LineMap, load_yaml

__all__ = ["KINDS", "AttributionRule", "Confirmation", "Example", "LexiconRule", "OrderRule", "RangeRule",
           "ReferenceRule", "Rule", "RuleSet", "default_rules", "load_rules", "load_rules_checked",
           "rule_set"]

# an int or a float; never a string, a boolean, .nan or .inf
Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
_NAME = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
BUILTIN_CHECKS = frozenset({"sanity.share-range", "sanity.period-order", "sanity.future-past-event"})
"""Built-in checks a rule may take over with `replaces:` (the built-in is then switched off)."""
MAX_PACK_BYTES = 1_000_000


# --------------------------------------------------------------------------------------------------
# Matching claims as linking does


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("_", " ").split())


@functools.cache
def _measure_names(measure: str, extra: tuple[str, ...] = ()) -> frozenset[str]:
    """Normalised names a rule's `measure` stands for: itself, and the lexicon key it is the key,
    the phrase or a wording of ("overdose deaths", "drug overdose deaths" → overdose_deaths)."""
    import json

    from factcheck.measures import find_measures, measure_lexicon

    lex = measure_lexicon(tuple(json.loads(e) for e in extra))
    wanted = _norm(measure)
    names = {wanted}
    for key, m in lex.measures.items():
        if _norm(key) == wanted or _norm(m.phrase) == wanted:
            names.add(_norm(key))
    if len(names) == 1:
        found = find_measures(measure, lexicon=lex)
        if len(found) == 1 and found[0].end - found[0].start >= len(measure.strip()) - 1:
            names.add(_norm(found[0].key))
    return frozenset(names)


def _claim_measure_names(claim: Claim) -> set[str]:
    return {_norm(x) for x in (claim.measure_key, claim.measure) if x}


def _canonical_place(place: str) -> str:
    from factcheck.places import place_of

    return place_of(place) or place


def _bounds(claim: Claim) -> tuple[float | None, float | None]:
    low = claim.low if claim.low is not None else claim.value
    high = claim.high if claim.high is not None else claim.value
    return low, high


# --------------------------------------------------------------------------------------------------
# Examples


class Example(BaseModel):
    """A text a rule must pass or fail; `published` (YYYY, YYYY-MM or YYYY-MM-DD) resolves relative dates."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str
    published: PartialDate | None = None

    @model_validator(mode="before")
    @classmethod
    def _bare_text(cls, data: Any) -> Any:
        return {"text": data} if isinstance(data, str) else data

    def document(self, doc_id: str = "example") -> Document:
        return Document(id=doc_id, text=self.text, published=self.published)


class Examples(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    passing: tuple[Example, ...] = Field((), alias="pass")
    failing: tuple[Example, ...] = Field((), alias="fail")


# --------------------------------------------------------------------------------------------------
# Rule kinds


class Rule(BaseModel):
    """Fields every rule has. `name` (`pack::id`), `path` and `line` are set by the loader."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    kind_name: ClassVar[str] = ""

    id: str = Field(pattern=_NAME)
    kind: str
    description: str | None = None
    examples: Examples | None = None
    _name: str = PrivateAttr("")
    _path: str = PrivateAttr("")
    _line: int | None = PrivateAttr(None)
    _extra_measures: tuple[str, ...] = PrivateAttr(())

    @property
    def name(self) -> str:
        return self._name or self.id

    @property
    def path(self) -> str:
        return self._path

    @property
    def line(self) -> int | None:
        return self._line

    def check(self, claims: Sequence[Claim], documents: Mapping[str, Document] | None = None) -> list[Finding]:
        """The findings of this rule over `claims` (of the documents in `documents`, by id)."""
        return []


class ReferenceRule(Rule):
    """A known figure: a linked claim (same measure, place, period, rate, comparable unit) that cannot
    hold with `value` (or `low`–`high`) widened by `tolerance` is a finding citing `source`."""

    kind_name: ClassVar[str] = "reference"

    measure: str = Field(min_length=1)
    place: str | None = None
    period: PartialDate
    value: Number | None = None
    low: Number | None = None
    high: Number | None = None
    tolerance: Number = Field(0.0, ge=0, lt=1)
    unit: str = "count"
    rate: str | None = None
    source: str = Field(min_length=1)
    severity: Severity = "error"

    @model_validator(mode="after")
    def _value_or_bounds(self) -> ReferenceRule:
        if self.value is None and self.low is None and self.high is None:
            raise ValueError("give `value`, or `low` and/or `high`")
        if self.value is not None and (self.low is not None or self.high is not None):
            raise ValueError("give either `value` or `low`/`high`, not both")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"`low` ({self.low:g}) is above `high` ({self.high:g})")
        return self

    def links(self, claim: Claim) -> bool:
        """True when the claim speaks of this reference's fact (as `factcheck.linking` would link it)."""
        p = claim.period
        if claim.kind not in FIGURE_KINDS or p is None or p.start is None or p.end is None \
                or (claim.change is not None and claim.change.role == "old" and not claim.change.dated):
            return False
        if (p.start, p.end) != (self.period.first_day, self.period.last_day):
            return False
        if (claim.rate or None) != (self.rate or None):
            return False
        if (claim.place or "") != (_canonical_place(self.place) if self.place else ""):
            return False
        if not _claim_measure_names(claim) & _measure_names(self.measure, self._extra_measures):
            return False
        return self._claim_interval(claim) is not None

    def _claim_interval(self, claim: Claim) -> tuple[float, float] | None:
        from factcheck.compare import in_unit

        if claim.unit is None:
            return None
        return in_unit(claim, self.unit)

    def reference_interval(self) -> tuple[float, float]:
        lo = self.value if self.value is not None else (-math.inf if self.low is None else self.low)
        hi = self.value if self.value is not None else (math.inf if self.high is None else self.high)
        t = self.tolerance
        return (min(lo * (1 - t), lo * (1 + t)), max(hi * (1 - t), hi * (1 + t)))

    def agrees(self, claim: Claim) -> bool:
        got = self._claim_interval(claim)
        if got is None:
            return True
        lo, hi = self.reference_interval()
        return max(lo, got[0]) <= min(hi, got[1]) + 1e-9

    def expected(self) -> str:
        if self.value is not None:
            figure = f"{self.value:,g}"
        else:
            figure = f"{self.low:,g} to {self.high:,g}" if self.low is not None and self.high is not None else \
                (f"at least {self.low:,g}" if self.low is not None else f"at most {self.high:,g}")
        unit = "" if self.unit == "count" else f" {self.unit}"
        tol = f" (±{self.tolerance * 100:g}%)" if self.tolerance else ""
        return f"{figure}{unit}{tol}"

    def describe(self) -> str:
        where = f" in {_canonical_place(self.place)}" if self.place else ""
        return f"{self.measure}{where}, {self.period}"

    def check(self, claims: Sequence[Claim], documents: Mapping[str, Document] | None = None) -> list[Finding]:
        out = []
        for c in claims:
            if self.links(c) and not self.agrees(c):
                out.append(Finding(
                    kind="rule", severity=self.severity, rule=self.name,
                    message=f"'{c.text}' disagrees with the reference for {self.describe()}: "
                            f"{self.expected()} per {self.source}.", claims=(c,)))
        return out

    def confirmations(self, claims: Iterable[Claim]) -> list[Confirmation]:
        return [Confirmation(rule=self.name, claim=c, expected=self.expected(), source=self.source)
                for c in claims if self.links(c) and self.agrees(c)]


class RangeRule(Rule):
    """Bounds on figures of a measure and/or unit: a claim whose whole interval lies outside
    [`min`, `max`] is a finding. `share: true` limits it to shares of a whole (as sanity.share-range)."""

    kind_name: ClassVar[str] = "range"

    measure: str | None = Field(None, min_length=1)
    unit: str | None = None
    share: bool = False
    min: Number | None = None
    max: Number | None = None
    severity: Severity = "error"
    replaces: Literal["sanity.share-range"] | None = None

    @model_validator(mode="after")
    def _something_to_bound(self) -> RangeRule:
        if self.min is None and self.max is None:
            raise ValueError("give `min`, `max` or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"`min` ({self.min:g}) is above `max` ({self.max:g})")
        if self.measure is None and self.unit is None and not self.share:
            raise ValueError("say which figures it bounds: `measure`, `unit` or `share: true`")
        return self

    def applies(self, claim: Claim) -> bool:
        if claim.kind not in FIGURE_KINDS or claim.unit is None:
            return False
        if self.unit is not None and claim.unit != self.unit:
            return False
        if self.measure is not None and not _claim_measure_names(claim) & _measure_names(
                self.measure, self._extra_measures):
            return False
        return not self.share or share_context(claim) is not None

    def check(self, claims: Sequence[Claim], documents: Mapping[str, Document] | None = None) -> list[Finding]:
        out = []
        for c in claims:
            if not self.applies(c):
                continue
            low, high = _bounds(c)
            if (self.max is not None and low is not None and low > self.max) or \
                    (self.min is not None and high is not None and high < self.min):
                out.append(Finding(kind="rule", severity=self.severity, rule=self.replaces or self.name,
                                   message=self._message(c), claims=(c,)))
        return out

    def _message(self, c: Claim) -> str:
        lo = "" if self.min is None else f"{self.min:g}"
        hi = "" if self.max is None else f"{self.max:g}"
        bounds = f"between {lo} and {hi}" if lo and hi else (f"at least {lo}" if lo else f"at most {hi}")
        unit = {"percent": " percent", "count": "", None: ""}.get(self.unit, f" {self.unit}")
        if self.share:
            return f"'{c.text}' is a share of a whole ({share_context(c)}) and must lie {bounds}{unit}."
        what = self.measure or c.measure or "figure"
        return f"'{c.text}' is {what} and must be {bounds}{unit}."


@functools.cache
def _event_names() -> frozenset[str]:
    from factcheck.lexicons import read

    return frozenset(read("events.yaml")["events"])


class OrderRule(Rule):
    """Event `first` must not be dated after event `then` for the same subject (by surname, as
    linking meets them): a `then` date that ends before the `first` date starts is a finding."""

    kind_name: ClassVar[str] = "order"

    first: str
    then: str
    subject: str | None = None
    severity: Severity = "error"

    @field_validator("first", "then")
    @classmethod
    def _known_event(cls, value: str) -> str:
        if value not in _event_names():
            raise ValueError(f"unknown event {value!r}: use one of {', '.join(sorted(_event_names()))}")
        return value

    def check(self, claims: Sequence[Claim], documents: Mapping[str, Document] | None = None) -> list[Finding]:
        from factcheck.linking import event_key, subject_key

        wanted = subject_key(self.subject) if self.subject else None
        firsts: dict[str, list[Claim]] = {}
        thens: dict[str, list[Claim]] = {}
        for c in claims:
            key = event_key(c)
            if key is None or (wanted is not None and key[1] != wanted):
                continue
            if c.event == self.first:
                firsts.setdefault(key[1], []).append(c)
            elif c.event == self.then:
                thens.setdefault(key[1], []).append(c)
        out = []
        for subject, befores in firsts.items():
            for b in thens.get(subject, []):
                for a in befores:
                    if b.period.end < a.period.start:  # type: ignore[union-attr, operator]
                        out.append(Finding(
                            kind="rule", severity=self.severity, rule=self.name, claims=(a, b),
                            message=f"{a.subject} {self.then} on '{b.text}' ({b.doc}, line {b.line}) before "
                                    f"{self.first} on '{a.text}' ({a.doc}, line {a.line}): {self.first} "
                                    f"comes first."))
        return out


class AttributionRule(Rule):
    """Which figures need a named source, and how loudly to say so. Present in a rule set, attribution
    rules replace the default policy; a claim is judged by the first rule whose selection takes it.
    Findings keep the kind `attribution_gap` and the ids attribution.estimate/none/unnamed."""

    kind_name: ClassVar[str] = "attribution"

    claim_kinds: tuple[Literal["count", "money", "percent", "measurement"], ...] | None = None
    measures: tuple[str, ...] | None = None
    estimates_only: bool = False
    estimate_without_source: Severity | None = "warning"
    no_source: Severity | None = "info"
    unnamed_source: Severity | None = "info"
    min_count: Number = 10

    @property
    def policy(self) -> AttributionPolicy:
        return AttributionPolicy(estimate_without_source=self.estimate_without_source, no_source=self.no_source,
                                 unnamed_source=self.unnamed_source, min_count=self.min_count)

    def selects(self, claim: Claim) -> bool:
        if self.claim_kinds is not None and claim.kind not in self.claim_kinds:
            return False
        if self.estimates_only and not claim.estimate:
            return False
        if self.measures is not None:
            names = _claim_measure_names(claim)
            if not any(names & _measure_names(m, self._extra_measures) for m in self.measures):
                return False
        return True

    def check(self, claims: Sequence[Claim], documents: Mapping[str, Document] | None = None) -> list[Finding]:
        return attribution_gaps([c for c in claims if self.selects(c)], self.policy)


class LexiconRule(Rule):
    """Extra measures and places, shaped like entries of rules/lexicons/measures.yaml (plus `key`) and
    places.yaml (plus `name`). Validated on load; reference, range and attribution rules resolve their
    `measure` against them. Extraction does not use them yet (it reads the shipped lexicons)."""

    kind_name: ClassVar[str] = "lexicon"

    measures: tuple[dict[str, Any], ...] = ()
    places: tuple[dict[str, Any], ...] = ()

    @model_validator(mode="after")
    def _builds(self) -> LexiconRule:
        from factcheck.measures import MeasureLexiconError, measure_lexicon
        from factcheck.places import PlaceLexiconError, place_lexicon

        if not self.measures and not self.places:
            raise ValueError("give `measures`, `places` or both")
        try:
            measure_lexicon(self.measures)
        except MeasureLexiconError as e:
            raise ValueError(f"measures: {e}") from None
        try:
            place_lexicon(self.places)
        except PlaceLexiconError as e:
            raise ValueError(f"places: {e}") from None
        return self


KINDS: dict[str, type[Rule]] = {k.kind_name: k for k in (ReferenceRule, RangeRule, OrderRule, AttributionRule,
                                                          LexiconRule)}
"""The registry of rule kinds by name: a new kind is a `Rule` subclass with a `check` method."""


# --------------------------------------------------------------------------------------------------
# Rule sets


@dataclass(frozen=True)
class Confirmation:
    """A claim that agrees with a reference rule."""

    rule: str
    claim: Claim
    expected: str
    source: str


@dataclass(frozen=True)
class RuleSet:
    """Loaded rules, in load order (files sorted by path, rules in file order)."""

    rules: tuple[Rule, ...] = ()
    packs: tuple[str, ...] = field(default=())

    def __iter__(self):
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, name: str) -> Rule | None:
        return next((r for r in self.rules if r.name == name), None)

    @property
    def replaces(self) -> frozenset[str]:
        """Built-in checks switched off because a rule took them over."""
        return frozenset(r.replaces for r in self.rules if isinstance(r, RangeRule) and r.replaces)

    @property
    def attribution_rules(self) -> tuple[AttributionRule, ...]:
        return tuple(r for r in self.rules if isinstance(r, AttributionRule))

    @property
    def measure_extra(self) -> tuple[dict[str, Any], ...]:
        return tuple(m for r in self.rules if isinstance(r, LexiconRule) for m in r.measures)

    @property
    def place_extra(self) -> tuple[dict[str, Any], ...]:
        return tuple(p for r in self.rules if isinstance(r, LexiconRule) for p in r.places)

    def check(self, claims: Sequence[Claim], documents: Mapping[str, Document] | None = None) -> list[Finding]:
        """Every rule's findings; attribution rules split the claims (first selecting rule wins)."""
        out: list[Finding] = []
        for r in self.rules:
            if not isinstance(r, AttributionRule):
                out += r.check(claims, documents)
        attribution = self.attribution_rules
        if attribution:
            judged: dict[int, list[Claim]] = {}
            for c in claims:
                k = next((i for i, r in enumerate(attribution) if r.selects(c)), None)
                if k is not None:
                    judged.setdefault(k, []).append(c)
            for k, group in judged.items():
                out += attribution_gaps(group, attribution[k].policy)
        return out

    def confirmations(self, claims: Iterable[Claim]) -> list[Confirmation]:
        """Claims that link to a reference rule and agree with it."""
        claims = list(claims)
        return [x for r in self.rules if isinstance(r, ReferenceRule) for x in r.confirmations(claims)]

    def merged(self, other: RuleSet) -> tuple[RuleSet, list[InputError]]:
        """Both sets' rules; a `pack::id` already present is an error and the second copy is dropped."""
        seen = {r.name: r for r in self.rules}
        errors, extra = [], []
        for r in other.rules:
            if r.name in seen:
                errors.append(_duplicate(r, seen[r.name]))
            else:
                seen[r.name] = r
                extra.append(r)
        packs = tuple(dict.fromkeys([*self.packs, *other.packs]))
        return _finish(RuleSet(tuple([*self.rules, *extra]), packs)), errors


def _finish(rules: RuleSet) -> RuleSet:
    """Give every measure-matching rule the set's extra lexicon measures."""
    import json

    extra = tuple(json.dumps(m, sort_keys=True, ensure_ascii=False) for m in rules.measure_extra)
    if all(r._extra_measures == extra for r in rules.rules):
        return rules
    copies = []
    for r in rules.rules:  # copies: a cached set (default_rules) must not see another set's lexicon
        r = r.model_copy()
        r._extra_measures = extra
        copies.append(r)
    return RuleSet(tuple(copies), rules.packs)


def _duplicate(rule: Rule, first: Rule) -> InputError:
    where = f"{first.path}:{first.line}" if first.line is not None else first.path
    return InputError(rule.path, f"rules: duplicate rule id {rule.name!r} (first defined at {where})",
                      line=rule.line, hint="give each rule of a pack its own id")


# --------------------------------------------------------------------------------------------------
# Loading


def load_rules(path: str | Path) -> RuleSet:
    """One pack file, or every `*.yaml` pack under a folder (recursively, sorted by path).
    Raises the first `InputError` (file, line, key) when a pack is broken."""
    rules, errors = load_rules_checked([path])
    if errors:
        raise errors[0]
    return rules


def load_rules_checked(paths: Iterable[str | Path]) -> tuple[RuleSet, list[InputError]]:
    """Load every pack under `paths`, collecting errors instead of stopping at the first one.
    Broken rules are left out of the returned set; the rest are usable."""
    rules: list[Rule] = []
    packs: list[str] = []
    errors: list[InputError] = []
    seen: dict[str, Rule] = {}
    for given in paths:
        try:
            files = pack_files(Path(given))
        except (OSError, ValueError) as e:  # a name too long for the system, a NUL in it
            files = [(Path(given), InputError(str(given), f"cannot read it: {getattr(e, 'strerror', None) or e}",
                                              hint="check the path"))]
        for file, problem in files:
            if problem is not None:
                errors.append(problem)
                continue
            pack, loaded, errs = _load_file(file)
            errors += errs
            if pack is not None and pack not in packs:
                packs.append(pack)
            for r in loaded:
                if r.name in seen:
                    errors.append(_duplicate(r, seen[r.name]))
                else:
                    seen[r.name] = r
                    rules.append(r)
    return _finish(RuleSet(tuple(rules), tuple(packs))), errors


def rule_set(paths: Sequence[str | Path] = (), *, defaults: bool = True) -> tuple[RuleSet, list[InputError]]:
    """The rules a check runs (`factcheck check --rules`, the language server's `rules`): the shipped packs
    unless `defaults` is False, plus the packs under `paths`; broken packs and duplicate ids are errors."""
    rules = default_rules() if defaults else RuleSet()
    if not paths:
        return rules, []
    extra, errors = load_rules_checked(paths)
    rules, duplicates = rules.merged(extra)
    return rules, [*errors, *duplicates]


@functools.cache
def default_rules() -> RuleSet:
    """The shipped packs: the top-level `*.yaml` files of the `factcheck.rules` package (rules/)."""
    folder = Path(str(resources.files("factcheck.rules")))
    rules, errors = load_rules_checked(sorted(folder.glob("*.yaml")))
    if errors:
        raise errors[0]
    return rules


def _within(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop (Python 3.11)
        return False
    return True


def pack_files(given: Path) -> list[tuple[Path, InputError | None]]:
    """The rule-pack files a `--rules` path names (a file, or a folder's YAML files), each with the reason it
    is refused (a symlink out of the folder), if any."""
    if given.is_dir():
        root = given
        found = sorted(p for p in given.rglob("*") if p.suffix in (".yaml", ".yml"))
        out: list[tuple[Path, InputError | None]] = []
        for p in found:
            if not _within(p, root):
                out.append((p, InputError(str(p), f"the pack points outside its folder {str(root)!r}",
                                          hint="rule packs are read only from inside the folder given")))
            elif p.is_file():
                out.append((p, None))
        return out
    if not given.exists():
        return [(given, InputError(str(given), "no such rule pack file or folder"))]
    if given.suffix not in (".yaml", ".yml"):
        return [(given, InputError(str(given), "a rule pack is a .yaml file",
                                   hint="give a .yaml file or a folder of them"))]
    if given.is_symlink() and not _within(given, given.parent):
        return [(given, InputError(str(given), "the pack points outside its folder",
                                   hint="rule packs are read only from inside the folder given"))]
    return [(given, None)]


def _load_file(file: Path) -> tuple[str | None, list[Rule], list[InputError]]:
    path = str(file)
    try:
        if file.stat().st_size > MAX_PACK_BYTES:
            return None, [], [InputError(path, f"the pack is larger than {MAX_PACK_BYTES} bytes")]
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        return None, [], [InputError(path, f"not UTF-8 text ({e.reason})")]
    except OSError as e:
        return None, [], [InputError(path, f"cannot read: {e.strerror or e}")]
    try:
        data, lines = load_yaml(text, path)
    except InputError as e:
        return None, [], [e]
    if not isinstance(data, dict):
        return None, [], [InputError(path, "a rule pack is a mapping with `pack` and `rules`", line=1,
                                     hint="start the file with 'pack: <name>' and 'rules:'")]
    errors: list[InputError] = []
    unknown = sorted(str(k) for k in data if k not in ("pack", "rules", "description"))
    for k in unknown:
        errors.append(InputError(path, f"unknown key {k!r} at the top of the pack", line=lines.line(k),
                                 hint="the top level holds `pack`, `description` and `rules`"))
    pack = data.get("pack")
    if not isinstance(pack, str) or not pack.strip() or not _valid_name(pack):
        what = "is missing" if pack is None else f"must be a name of letters, digits, '-', '_' or '.', got {pack!r}"
        errors.append(InputError(path, f"pack: the pack name {what}", line=lines.line("pack")))
        pack = None
    items = data.get("rules")
    if not isinstance(items, list):
        what = "is missing" if items is None else f"must be a list of rules, got {type(items).__name__}"
        errors.append(InputError(path, f"rules: {what}", line=lines.line("rules")))
        items = []
    rules: list[Rule] = []
    ids: dict[str, int | None] = {}
    for i, item in enumerate(items):
        rule = _load_rule(item, i, path, lines, errors)
        if rule is None or pack is None:
            continue
        line = lines.line("rules", i)
        if rule.id in ids:
            errors.append(InputError(path, f"rules[{i}].id: duplicate rule id {rule.id!r} (first at line "
                                     f"{ids[rule.id]})", line=lines.line("rules", i, "id"),
                                     hint="give each rule of a pack its own id"))
            continue
        ids[rule.id] = lines.line("rules", i, "id")
        rule._name, rule._path, rule._line = f"{pack}::{rule.id}", path, line
        rules.append(rule)
    return pack, rules, errors


def _valid_name(name: str) -> bool:
    import re

    return re.match(_NAME, name) is not None


def _load_rule(item: Any, i: int, path: str, lines: LineMap, errors: list[InputError]) -> Rule | None:
    where = f"rules[{i}]"
    if not isinstance(item, dict):
        errors.append(InputError(path, f"{where}: a rule is a mapping with `id` and `kind`",
                                 line=lines.line("rules", i)))
        return None
    label = f"{where} ({item['id']})" if isinstance(item.get("id"), str) else where
    kind = item.get("kind")
    if kind is None:
        errors.append(InputError(path, f"{label}.kind: missing field", line=lines.line("rules", i),
                                 hint=f"one of: {', '.join(KINDS)}"))
        return None
    cls = KINDS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        errors.append(InputError(path, f"{label}.kind: unknown rule kind {kind!r}", line=lines.line("rules", i, "kind"),
                                 hint=f"one of: {', '.join(KINDS)}"))
        return None
    try:
        return cls.model_validate(item)
    except ValidationError as e:
        for err in e.errors():
            loc = tuple(err["loc"])
            key = ".".join(str(x) for x in loc)
            line = lines.line("rules", i, *loc)
            message = err["msg"].removeprefix("Value error, ")
            if err["type"] == "missing":
                message = "missing field"
            elif err["type"] == "extra_forbidden":
                message = f"unknown field for a {kind} rule"
            errors.append(InputError(path, f"{label}{'.' + key if key else ''}: {message}", line=line))
        return None
