"""The pytest plugin: run rule packs over a corpus as tests (docs/rules.md, "Running rule packs with pytest").

    pytest --factcheck-corpus drafts/ --factcheck-rules newsroom/

collects every rule of every pack as an item `pack::rule-id` under its pack file; an item fails when a
claim of the corpus violates the rule, listing each offending claim. Fixtures `corpus`, `claims` and
`report` serve hand-written tests. Without a corpus the plugin adds nothing; factcheck itself is only
imported when an option asks for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

_SEVERITIES = ("error", "warning", "info")


def _paths(config: pytest.Config, name: str) -> list[str]:
    """The option's paths as given (relative to where pytest was started), else the ini's paths
    (relative to the ini file), shown relative to where pytest was started when under it."""
    given = config.getoption(f"factcheck_{name}") or []
    if given:
        return [str(p) for p in given]
    here = Path(config.invocation_params.dir)
    out = []
    for p in config.getini(f"factcheck_{name}") or []:
        try:
            out.append(str(Path(p).relative_to(here)))
        except ValueError:
            out.append(str(p))
    return out


class _State:
    """What one session loads, lazily and once: corpus, claims, rules, report."""

    def __init__(self, config: pytest.Config):
        self.config = config
        self.corpus_paths = _paths(config, "corpus")
        self.rules_paths = _paths(config, "rules")
        fail_on = config.getoption("factcheck_fail_on") or config.getini("factcheck_fail_on") or "info"
        if fail_on not in _SEVERITIES:
            raise pytest.UsageError(f"factcheck_fail_on must be one of {', '.join(_SEVERITIES)}, got {fail_on!r}")
        self.fail_on = fail_on
        self._documents: Any = None
        self._claims: Any = None
        self._rules: Any = None
        self._report: Any = None

    @property
    def active(self) -> bool:
        return bool(self.corpus_paths)

    def documents(self) -> list:
        if self._documents is None:
            if not self.corpus_paths:
                raise pytest.UsageError("no factcheck corpus: pass --factcheck-corpus DIR or set factcheck_corpus")
            from factcheck.documents import load_documents

            loaded = load_documents(self.corpus_paths)
            if loaded.errors:
                raise pytest.UsageError("factcheck: the corpus does not load:\n"
                                        + "\n".join(f"  {e}" for e in loaded.errors))
            self._documents = loaded.documents
        return self._documents

    def by_id(self) -> dict:
        from factcheck.republication import find_republications

        return {d.id: d for d in find_republications(self.documents())}

    def claims(self) -> list:
        if self._claims is None:
            from factcheck.extract import extract

            self._claims = [c for d in self.by_id().values() for c in extract(d)]
        return self._claims

    def load_rules(self) -> tuple[Any, list, list[Path]]:
        """The rule set, the load errors and the pack files, in order."""
        from factcheck.rulepacks import default_rules, load_rules_checked, pack_files

        if not self.rules_paths:
            rules = default_rules()
            files = sorted({Path(r.path) for r in rules.rules if r.path})
            self._rules = rules
            return rules, [], files
        files = [f for given in self.rules_paths for f, _ in pack_files(Path(given))]
        rules, errors = load_rules_checked(self.rules_paths)
        self._rules = rules
        return rules, errors, list(dict.fromkeys(files))

    def rules(self) -> Any:
        if self._rules is None:
            self.load_rules()
        return self._rules

    def report(self) -> Any:
        if self._report is None:
            from factcheck.checker import check

            self._report = check(self.documents(), rules=self.rules())
        return self._report


_STATE = pytest.StashKey[_State]()


def _state(config: pytest.Config) -> _State:
    if _STATE not in config.stash:
        config.stash[_STATE] = _State(config)
    return config.stash[_STATE]


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector):
    report = yield
    if isinstance(collector, pytest.Session) and report.passed:
        state = _state(collector.config)
        if state.active:
            state.documents()  # a corpus that does not load is a usage error, before any rule runs
            report.result.extend(_pack_nodes(collector, state))
    return report


def _pack_nodes(session: pytest.Session, state: _State) -> list[RulePackFile]:
    rules, errors, files = state.load_rules()
    by_file: dict[str, list] = {}
    for r in rules.rules:
        by_file.setdefault(str(Path(r.path)), []).append(r)
    errs: dict[str, list] = {}
    for e in errors:
        errs.setdefault(str(Path(e.path)), []).append(e)
    for path in errs:  # a path that is no pack file (a missing folder) still gets its error reported
        if Path(path) not in files:
            files.append(Path(path))
    nodes = []
    root = session.config.rootpath
    for f in files:
        try:
            nodeid = f.resolve().relative_to(root.resolve()).as_posix()
        except (ValueError, OSError):
            nodeid = f"factcheck-rules/{f.name}" if not state.rules_paths else f.as_posix()
        node = RulePackFile.from_parent(session, path=f.resolve() if f.exists() else f.absolute(), nodeid=nodeid)
        node.pack_rules = by_file.get(str(f), [])
        node.pack_errors = errs.get(str(f), [])
        nodes.append(node)
    return nodes


class RulePackFile(pytest.File):
    """A rule pack file: its rules are the items; a broken pack is a collection error of this file."""

    pack_rules: list
    pack_errors: list

    def collect(self):
        if self.pack_errors:
            raise self.CollectError("factcheck: broken rule pack\n" + "\n".join(f"  {e}" for e in self.pack_errors))
        for rule in self.pack_rules:
            yield RuleItem.from_parent(self, name=rule.name, rule=rule)


class RuleViolation(Exception):
    """A rule's findings over the corpus."""

    def __init__(self, text: str):
        super().__init__(text)
        self.text = text


class RuleItem(pytest.Item):
    """One rule, run over every claim of the corpus."""

    def __init__(self, *, rule: Any, **kwargs: Any):
        super().__init__(**kwargs)
        self.rule = rule

    def runtest(self) -> None:
        from factcheck.records import SEVERITY_ORDER
        from factcheck.testing import format_offences, offences_of_findings

        state = _state(self.config)
        findings = [f for f in self._findings(state)
                    if SEVERITY_ORDER[f.severity] >= SEVERITY_ORDER[state.fail_on]]
        if not findings:
            return
        expected, source = _expected(self.rule), getattr(self.rule, "source", None)
        offences = offences_of_findings(findings, expected=expected, source=source)
        n = len(offences)
        where = f"{self.rule.path}:{self.rule.line}" if self.rule.line else self.rule.path
        title = f"rule {self.rule.name} ({where}): {n} offending claim{'s' if n != 1 else ''}"
        raise RuleViolation(format_offences(offences, state.by_id(), title))

    def _findings(self, state: _State) -> list:
        from factcheck.gaps import attribution_gaps
        from factcheck.rulepacks import AttributionRule

        claims, documents = state.claims(), state.by_id()
        if not isinstance(self.rule, AttributionRule):
            return self.rule.check(claims, documents)
        # as RuleSet.check: a claim is judged by the first attribution rule that selects it
        attribution = [r for r in state.rules().attribution_rules]
        mine = [c for c in claims
                if next((r for r in attribution if r.selects(c)), None) is self.rule]
        return attribution_gaps(mine, self.rule.policy)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, RuleViolation):
            return excinfo.value.text
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Any, int | None, str]:
        return self.path, (self.rule.line - 1) if self.rule.line else None, self.rule.name


def _expected(rule: Any) -> str | None:
    kind = getattr(rule, "kind_name", "")
    if kind == "reference":
        return f"{rule.expected()} for {rule.describe()}"
    if kind == "range":
        lo = "" if rule.min is None else f"{rule.min:g}"
        hi = "" if rule.max is None else f"{rule.max:g}"
        return f"between {lo} and {hi}" if lo and hi else (f"at least {lo}" if lo else f"at most {hi}")
    if kind == "order":
        return f"{rule.first} before {rule.then}"
    if kind == "attribution":
        return "a named source"
    return None


# --------------------------------------------------------------------------------------------------
# Fixtures


def fixture_value(request: pytest.FixtureRequest, what: str) -> Any:
    """The value of the `corpus`, `claims` or `report` fixture (declared in factcheck_pytest)."""
    try:
        return getattr(_state(request.config), what)()
    except pytest.UsageError as e:
        pytest.fail(str(e), pytrace=False)
