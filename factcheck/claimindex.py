"""Earlier reporting to check against, as an index of claims by linking key.

A draft is checked against an archive by asking it for the claims that share a linking key with the
draft's claims (and their documents), never by walking the whole archive. `MemoryIndex` extracts a set
of documents once and keeps them in memory (a folder given to `--against`, the language server's
archive); `factcheck.archive` keeps them in SQLite. Both answer `related(claims)`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from factcheck.config import ExtractConfig
from factcheck.documents import load_documents
from factcheck.errors import InputError
from factcheck.extract import DEFAULT_CONFIG, extract
from factcheck.linking import event_key, figure_key
from factcheck.records import Claim, Document
from factcheck.republication import find_republications

LinkKey = tuple[str, ...]


def link_keys(claim: Claim) -> LinkKey | None:
    """The one key a claim links by ("figure", …) or ("event", …), or None when it cannot link."""
    key = figure_key(claim)
    if key is not None:
        return ("figure", *key)
    ekey = event_key(claim)
    return ("event", *ekey) if ekey is not None else None


@dataclass(frozen=True)
class Related:
    """What an archive holds about some claims: the documents and, per document, the claims that share a key."""

    documents: Mapping[str, Document] = field(default_factory=dict)
    claims: Mapping[str, Sequence[Claim]] = field(default_factory=dict)


class ClaimIndex(Protocol):
    """An archive of earlier reporting that answers which of its claims link with given claims."""

    def related(self, claims: Iterable[Claim]) -> Related: ...


class MemoryIndex:
    """Documents extracted once and indexed in memory by linking key."""

    def __init__(self, documents: Sequence[Document], config: ExtractConfig = DEFAULT_CONFIG):
        self.config = config
        self.documents = {d.id: d for d in find_republications(documents)}
        self._by_key: dict[LinkKey, list[Claim]] = defaultdict(list)
        for doc in self.documents.values():
            for claim in extract(doc, config):
                key = link_keys(claim)
                if key is not None:
                    self._by_key[key].append(claim)

    def __len__(self) -> int:
        return len(self.documents)

    def related(self, claims: Iterable[Claim]) -> Related:
        found: dict[str, list[Claim]] = defaultdict(list)
        for key in {k for c in claims if (k := link_keys(c)) is not None}:
            for claim in self._by_key.get(key, ()):
                found[claim.doc].append(claim)
        return Related({doc: self.documents[doc] for doc in found}, dict(found))


class CombinedIndex:
    """Several archives answering as one (an SQLite archive and a folder of the latest reporting): the
    answers are merged; where two hold a document with the same id, the later one given wins."""

    def __init__(self, indexes: Sequence[ClaimIndex]):
        self.indexes = list(indexes)

    def related(self, claims: Iterable[Claim]) -> Related:
        claims = list(claims)
        documents: dict[str, Document] = {}
        found: dict[str, Sequence[Claim]] = {}
        for index in self.indexes:
            related = index.related(claims)
            documents |= related.documents
            found |= related.claims
        return Related(documents, found)


def open_against(paths: Sequence[str], config: ExtractConfig = DEFAULT_CONFIG, *,
                 encoding: str | None = None) -> tuple[ClaimIndex | None, list[InputError]]:
    """The archive that `--against PATH…` names, with the problems met opening it; None when no path is
    given. Files and folders of documents are extracted into one `MemoryIndex`; each SQLite archive
    (`factcheck index`; by its suffix .sqlite/.sqlite3/.db or its first bytes) is a `SqliteIndex`, whose
    claims must have been made with `config` (else a problem says to re-index). Several combine."""
    if not paths:
        return None, []
    from factcheck.archive import ArchiveError, SqliteIndex, is_archive

    indexes: list[ClaimIndex] = []
    errors: list[InputError] = []
    files = [p for p in paths if not is_archive(p)]
    if files:
        loaded = load_documents(files, encoding=encoding)
        indexes.append(MemoryIndex(loaded.documents, config))
        errors += loaded.errors
    for path in paths:
        if path not in files:
            try:
                archive = SqliteIndex(path, config)
                stale = archive.stale()
            except ArchiveError as e:
                errors.append(e)
                continue
            indexes.append(archive)
            errors += [stale] if stale is not None else []
    if not indexes:
        return None, errors
    return (indexes[0] if len(indexes) == 1 else CombinedIndex(indexes)), errors
