"""Every fuzz target of tests/fuzz_targets.py, a short run each (benchmarks/fuzz.py runs them for minutes).

The invariants are in fuzz_targets.py: nothing but `InputError` escapes extraction, the check, document
loading (files, front matter, manifests), rule-pack loading or YAML parsing; errors name the file and a
line inside it; claims' offsets, text, line/column, ids and intervals agree and their JSON is valid; nothing
outside a corpus or pack folder is read. The `@example`s are crashes the long runs found, kept as
regressions.
"""

from __future__ import annotations

import pytest
from fuzz_targets import TARGETS, run_extract, run_manifest, run_rule_pack, run_stdin, run_yaml
from hypothesis import HealthCheck, example, given, settings

EXAMPLES = {"extract": 150, "check": 25, "front-matter": 100, "file": 60, "manifest": 15, "rule-pack": 40,
            "yaml": 60}


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_fuzz_target(name: str) -> None:
    target = TARGETS[name]

    @settings(max_examples=EXAMPLES[name], deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(target.strategy)
    def run(case: object) -> None:
        target.run(case)

    run()


def test_every_target_has_a_budget() -> None:
    assert set(EXAMPLES) == set(TARGETS)


# Crashes found by benchmarks/fuzz.py, replayed every run.
@given(case=TARGETS["extract"].strategy)
@settings(max_examples=1, deadline=None, database=None)
@example(case=("182367246774820189855318266198068362079594506814548584724518845787820480803868274212024848283813592908424"
               "188304151360146141116571270803288256482003253408292511789524062329301607250491396751404312122908536287621"
               "858208834649079600802498066809894190708079833133733588514268455659169504426718893580572017728716204 ",
               None, False))  # a 300-digit number: value inf
@example(case=("# 0 0/½ ", None, False))  # ValueError: float('½') in a mixed fraction after a slash
@example(case=("1e999 people", None, True))
def test_extract_regressions(case: tuple[str, str | None, bool]) -> None:
    run_extract(case)


@given(case=TARGETS["front-matter"].strategy)
@settings(max_examples=1, deadline=None, database=None)
@example(case=("---\n\n---\n" + "2" * 320 + " ", None))  # an infinite value after front matter
def test_front_matter_regressions(case: tuple[str, str | None]) -> None:
    run_stdin(case)


@given(case=TARGETS["manifest"].strategy)
@settings(max_examples=1, deadline=None, database=None)
@example(case=("documents: []\n", False))  # the folder's self-looping symlink crashed the walk (RuntimeError)
@example(case=("documents:\n- file: " + "x" * 300 + "\n", False))  # OSError: file name too long
def test_manifest_regressions(case: tuple[str, bool]) -> None:
    run_manifest(case)


@given(case=TARGETS["rule-pack"].strategy)
@settings(max_examples=1, deadline=None, database=None)
@example(case=("pack: p\nrules:\n  - id: a\n    kind: lexicon\n    places:\n"
               "      - {name: Springfield, kind: city, parent: [a]}\n", False))  # TypeError: unhashable list
@example(case=("pack: p\nrules:\n  - id: a\n    kind: lexicon\n    measures:\n"
               "      - {key: k, phrase: x, patterns: [foo bar], refines: [a]}\n", True))  # the same in measures
def test_rule_pack_regressions(case: tuple[str, bool]) -> None:
    run_rule_pack(case)


@given(text=TARGETS["yaml"].strategy)
@settings(max_examples=1, deadline=None, database=None)
@example(text="\x85:")  # YAML counts NEL as a line break: the error's line was past the file's last line
def test_yaml_regressions(text: str) -> None:
    run_yaml(text)
