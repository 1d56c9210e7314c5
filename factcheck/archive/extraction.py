"""The unit of work of an index run, the same in every engine: a document in, its stored form out
(claims with their key hashes, compressed text, shingles), or the reason it failed.

Workers (processes, Dask) do everything but the writing, so the single writer only runs SQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from factcheck.archive import codec
from factcheck.archive.stable import fingerprint, key_hash, shingle_hash
from factcheck.claimindex import link_keys
from factcheck.config import ExtractConfig
from factcheck.extract import extract
from factcheck.records import Document
from factcheck.republication import shingles


@dataclass(frozen=True)
class Job:
    """A document to index, read from `file` (its resolved path), whose content digest is `hash`."""

    document: Document
    file: str
    hash: bytes


@dataclass(frozen=True)
class Indexed:
    """A document ready to write: its rows' values."""

    file: str
    path: str  # as given, for messages
    hash: bytes
    id: str
    document: str
    text: bytes
    claims: tuple[tuple[int | None, bytes], ...]  # (key hash or None, claim) in text order
    shingles: frozenset[int]


@dataclass(frozen=True)
class Failed:
    """A document that could not be indexed, and why."""

    file: str
    path: str
    message: str


def index_document(job: Job, config: ExtractConfig) -> Indexed:
    doc = job.document
    claims = extract(doc, config)
    rows = tuple((key_hash(key) if (key := link_keys(c)) is not None else None, codec.encode_claim(c)) for c in claims)
    return Indexed(job.file, doc.path or job.file, job.hash, doc.id, codec.encode_document(doc),
                   codec.encode_text(doc.text), rows, frozenset(body_shingles(doc)))


def body_shingles(document: Document) -> set[int]:
    """The stable shingles of a document's body (what republication compares)."""
    return shingles(document.text[document.body_start:], shingle_hash)


def index_chunk(jobs: Sequence[Job], config: ExtractConfig, expected: str) -> list[Indexed | Failed]:
    """Index each job; a document that fails is reported and the others go on. `expected` is the writer's
    fingerprint: a worker with another factcheck version or other lexicons (another machine) refuses."""
    here = fingerprint(config)
    if here != expected:
        return [Failed(job.file, job.document.path or job.file, f"the worker extracts as {here}, the archive "
                                                                f"writer as {expected}: install the same factcheck "
                                                                "on every worker") for job in jobs]
    out: list[Indexed | Failed] = []
    for job in jobs:
        try:
            out.append(index_document(job, config))
        except Exception as e:  # any bug in extraction must not stop a batch of thousands
            out.append(Failed(job.file, job.document.path or job.file,
                              f"extraction failed ({type(e).__name__}: {e})"))
    return out
