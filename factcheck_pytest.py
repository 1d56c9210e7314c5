"""The pytest entry point of factcheck, kept outside the package so that merely having factcheck
installed costs pytest nothing: it declares the options and loads `factcheck.pytest_plugin` (and with
it the library) only when a corpus is configured."""

from __future__ import annotations

import importlib

import pytest

_SEVERITIES = ("error", "warning", "info")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("factcheck", "factcheck rule packs")
    group.addoption("--factcheck-corpus", action="append", default=[], metavar="DIR",
                    help="documents (a file or folder; repeatable) whose claims the rule packs are run over")
    group.addoption("--factcheck-rules", action="append", default=[], metavar="DIR",
                    help="a rule pack file or folder of packs (repeatable); default: the shipped packs")
    group.addoption("--factcheck-fail-on", choices=_SEVERITIES, default=None,
                    help="lowest finding severity that fails a rule item (default: info, i.e. any finding)")
    parser.addini("factcheck_corpus", "factcheck corpus folders or files", type="paths", default=[])
    parser.addini("factcheck_rules", "factcheck rule pack folders or files", type="paths", default=[])
    parser.addini("factcheck_fail_on", "lowest finding severity that fails a rule item", default="info")


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("factcheck_corpus") or config.getini("factcheck_corpus"):
        config.pluginmanager.register(_plugin(), "factcheck-rule-packs")


def _plugin():
    return importlib.import_module("factcheck.pytest_plugin")


@pytest.fixture(scope="session")
def corpus(request: pytest.FixtureRequest) -> list:
    """The documents of the configured corpus (--factcheck-corpus / factcheck_corpus)."""
    return _plugin().fixture_value(request, "documents")


@pytest.fixture(scope="session")
def claims(request: pytest.FixtureRequest) -> list:
    """Every claim of the corpus, extracted once per session."""
    return _plugin().fixture_value(request, "claims")


@pytest.fixture(scope="session")
def report(request: pytest.FixtureRequest) -> object:
    """The check's Report over the corpus, with the configured rule packs (else the shipped ones)."""
    return _plugin().fixture_value(request, "report")
