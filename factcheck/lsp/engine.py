"""A configuration opened once (rules, extraction config, archive) and the check of one editor buffer
against it, as `factcheck check - --stdin-filename PATH --against …` would check it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from factcheck.checker import CheckResult, check_against, rule_config
from factcheck.claimindex import ClaimIndex, open_against
from factcheck.config import ExtractConfig
from factcheck.documents import STDIN_PATH, load_documents
from factcheck.errors import InputError
from factcheck.lsp.settings import Settings
from factcheck.records import Document
from factcheck.rulepacks import RuleSet, rule_set


@dataclass(frozen=True)
class Engine:
    """What checking needs that is expensive to build: opened once per configuration, not per keystroke."""

    settings: Settings
    rules: RuleSet
    config: ExtractConfig
    archive: ClaimIndex | None


@dataclass(frozen=True)
class BufferCheck:
    """One check of a buffer's text: the result (None when the text could not be read as a document)
    and the input errors met reading it."""

    text: str
    where: str  # the path errors about the buffer name (its file, or <stdin> for an unsaved buffer)
    doc_id: str | None
    result: CheckResult | None
    errors: tuple[InputError, ...] = ()


def open_engine(settings: Settings) -> tuple[Engine, list[InputError]]:
    """The rules and archive `settings` name, with the problems met loading them (what loads is used)."""
    rules, rule_errors = rule_set(settings.rules, defaults=settings.default_rules)
    config = rule_config(ExtractConfig(), rules)
    archive, archive_errors = open_against(settings.against, config)
    return Engine(settings, rules, config, archive), [*rule_errors, *archive_errors]


def check_buffer(engine: Engine, text: str, filename: str | None, name: str) -> BufferCheck:
    """Check a buffer's text. `filename` is its file inside the workspace (front matter aside, its metadata
    may come from a corpus.yaml beside it), None for a buffer that may not read beside itself; `name`
    (the file's stem) is then its id. The configured `published` date fills in for a buffer without one."""
    where = filename or STDIN_PATH
    if not text.strip():
        return BufferCheck(text, where, None, None)  # a new, empty file: nothing to say yet
    loaded = load_documents(["-"], stdin_text=text, stdin_filename=filename, stdin_id=None if filename else name)
    documents = [_with_published(d, engine) for d in loaded.documents]
    if not documents:
        return BufferCheck(text, where, None, None, tuple(loaded.errors))
    result = check_against(documents, engine.archive, config=engine.config, rules=engine.rules)
    return BufferCheck(text, where, documents[0].id, result, (*loaded.errors, *result.errors))


def buffer_name(path: str) -> str:
    return Path(path).stem or "buffer"


def _with_published(document: Document, engine: Engine) -> Document:
    published = engine.settings.published
    return document if document.published or published is None else document.model_copy(update={"published": published})
