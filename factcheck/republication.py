"""Which documents republish another: by metadata (`republishes: Reuters`) or by shared text.

Shared text is measured with word 8-gram shingles indexed by hash, so the cost grows with the
corpus size, not with the number of document pairs.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from factcheck.records import Document

SHINGLE_WORDS = 8
SHINGLE_SAMPLE = 4  # one window in this many is kept (see `shingles`)
CONTAINED = 0.5  # share of a document's shingles found in another for it to count as copied
MIN_SHARED = 3  # fewer shared shingles are a quote or a stock phrase, and too few to estimate a share from
COMMON = 20  # a shingle in more documents than this is boilerplate (a footer, a template), not a copy
_WORD = re.compile(r"[^\W_]+")


def shingles(text: str, digest: Callable[[tuple[str, ...]], int] = hash) -> set[int]:
    """Hashes of a sample of the overlapping 8-word windows of a text, case and punctuation ignored.

    A window is kept when a checksum of its words is divisible by SHINGLE_SAMPLE: the choice depends on the
    words alone, so two texts keep the same windows of the passages they share, and shares of shingles
    estimate shares of text (Broder's mod-m sampling) at a fraction of the cost of keeping every window.
    `hash` is salted per process: anything stored across processes (the archive) passes a stable `digest`.
    """
    words = _WORD.findall(text.lower())
    windows = (tuple(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1))
    return {digest(w) for w in windows if zlib.crc32(" ".join(w).encode()) % SHINGLE_SAMPLE == 0}


@dataclass(frozen=True)
class Candidate:
    """A document that shares `shared` (not boilerplate) shingles with another, out of its `size`."""

    document: Document
    shared: int
    size: int


def find_republications(documents: Sequence[Document]) -> list[Document]:
    """The documents, each copy marked with `original` = the id of the document it republishes."""
    sets = [shingles(d.text[d.body_start:]) for d in documents]
    index: dict[int, list[int]] = defaultdict(list)
    for i, s in enumerate(sets):
        for h in s:
            index[h].append(i)
    out = list(documents)
    for i, doc in enumerate(documents):
        shared: Counter[int] = Counter()
        for h in sets[i]:
            holders = index[h]
            if len(holders) > COMMON:
                continue
            for j in holders:
                if j != i:
                    shared[j] += 1
        candidates = [Candidate(documents[j], shared[j], len(sets[j])) for j in sorted(shared)]
        original = choose_original(doc, len(sets[i]), candidates)
        if original is not None:
            out[i] = doc.model_copy(update={"original": original.id})
    return out


def choose_original(doc: Document, size: int, candidates: Sequence[Candidate]) -> Document | None:
    """The document that `doc` (with `size` shingles) copies, if any, among the documents it shares text
    with (in a stable order; ties go to the last): it must share most of the other's text, and be the
    later or declared copy of the two."""
    copied = [c for c in candidates if copies_most_of(c.shared, c.size)]
    for c in sorted(copied[::-1], key=lambda c: c.shared, reverse=True):  # most shared first
        other = c.document
        if _declares(doc, other) or (not _declares(other, doc) and _later(doc, other, size, c.size)):
            return other
    if doc.republishes:
        named = [c for c in candidates if _declares(doc, c.document)]
        return max(named, key=lambda c: c.shared).document if named else None
    return None


def copies_most_of(shared: int, size: int) -> bool:
    """Whether a document that shares `shared` shingles with one of `size` shingles copies most of it."""
    return shared >= MIN_SHARED and shared >= CONTAINED * size


def _declares(copy: Document, original: Document) -> bool:
    """`copy` says in its metadata that it republishes `original`'s outlet."""
    return bool(copy.republishes and original.source and copy.republishes.casefold() in original.source.casefold())


def _later(a: Document, b: Document, size_a: int, size_b: int) -> bool:
    """Whether `a` is the copy of `b`: published later, or (same or unknown dates) the longer text."""
    if a.published and b.published and a.published.first_day != b.published.first_day:
        return a.published.first_day > b.published.first_day
    return (size_a, a.id) > (size_b, b.id)
