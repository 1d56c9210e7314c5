"""Which documents republish another: by metadata (`republishes: Reuters`) or by shared text.

Shared text is measured with word 8-gram shingles indexed by hash, so the cost grows with the
corpus size, not with the number of document pairs.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from factcheck.records import Document

SHINGLE_WORDS = 8
CONTAINED = 0.5  # share of a document's shingles found in another for it to count as copied
COMMON = 20  # a shingle in more documents than this is boilerplate (a footer, a template), not a copy
_WORD = re.compile(r"[^\W_]+")


def shingles(text: str) -> set[int]:
    """Hashes of the overlapping 8-word windows of a text, case and punctuation ignored."""
    words = _WORD.findall(text.lower())
    return {hash(tuple(words[i:i + SHINGLE_WORDS])) for i in range(len(words) - SHINGLE_WORDS + 1)}


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
        original = _original(doc, i, documents, sets, shared)
        if original is not None:
            out[i] = doc.model_copy(update={"original": documents[original].id})
    return out


def _original(doc: Document, i: int, documents: Sequence[Document], sets: list[set[int]],
              shared: Counter[int]) -> int | None:
    """The document that `doc` copies, if any: it must share most of the other's text, and be the
    later or declared copy of the two."""
    best = None
    copied = [(n, j) for j, n in shared.items() if sets[j] and n / len(sets[j]) >= CONTAINED]
    for _n, j in sorted(copied, reverse=True):  # only the documents this one copies most of, most shared first
        other = documents[j]
        if _declares(doc, other) or (not _declares(other, doc) and _later(doc, other, len(sets[i]), len(sets[j]))):
            best = j
            break
    if best is None and doc.republishes:
        named = [j for j, d in enumerate(documents) if j != i and _declares(doc, d) and shared[j]]
        best = max(named, key=lambda j: shared[j]) if named else None
    return best


def _declares(copy: Document, original: Document) -> bool:
    """`copy` says in its metadata that it republishes `original`'s outlet."""
    return bool(copy.republishes and original.source and copy.republishes.casefold() in original.source.casefold())


def _later(a: Document, b: Document, size_a: int, size_b: int) -> bool:
    """Whether `a` is the copy of `b`: published later, or (same or unknown dates) the longer text."""
    if a.published and b.published and a.published.first_day != b.published.first_day:
        return a.published.first_day > b.published.first_day
    return (size_a, a.id) > (size_b, b.id)
