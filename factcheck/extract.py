"""Extraction pipeline: a document's text → tokens → numeric mentions → `Claim` records."""

from __future__ import annotations

import bisect

from factcheck.config import ExtractConfig
from factcheck.exclusions import blocked_tokens
from factcheck.numeric import Mention, find_numbers
from factcheck.records import Change, Claim, Document, PartialDate
from factcheck.sentences import sentence_spans
from factcheck.textpos import LineIndex
from factcheck.tokens import tokenize

DEFAULT_CONFIG = ExtractConfig()


def extract(document: Document, config: ExtractConfig = DEFAULT_CONFIG) -> list[Claim]:
    """Every figure in the document's body as a claim, in text order."""
    text, start = document.text, document.body_start
    tokens = tokenize(text, start)
    mentions = find_numbers(text, tokens, blocked_tokens(text, tokens, start, len(text)), config)
    sentences = sentence_spans(text, start)
    sentence_starts = [s for s, _ in sentences]
    lines = LineIndex(text)
    claims = []
    for m in mentions:
        k = bisect.bisect_right(sentence_starts, m.start) - 1
        s, e = sentences[k] if k >= 0 else (m.start, m.end)
        claims.append(_claim(document, m, text[s:max(e, m.end)], lines))
    return claims


def extract_text(text: str, *, doc_id: str = "text", published: str | None = None,
                 config: ExtractConfig = DEFAULT_CONFIG) -> list[Claim]:
    """Extract from a bare string (a convenience for scripts and tests)."""
    doc = Document(id=doc_id, text=text, published=PartialDate.model_validate(published) if published else None)
    return extract(doc, config)


def _claim(document: Document, m: Mention, sentence: str, lines: LineIndex) -> Claim:
    line, column = lines.position(m.start)
    change = None
    if m.change_group is not None and m.change_role is not None:
        change = Change(group=f"{document.id}:change@{m.change_group}", role=m.change_role)
    return Claim(
        id=f"{document.id}:{m.start}-{m.end}", doc=document.id, text=document.text[m.start:m.end],
        start=m.start, end=m.end, line=line, column=column, sentence=sentence, kind=m.kind,
        value=m.value, low=m.low, high=m.high, unit=m.unit, entity=m.entity, rate=m.rate,
        approximate=m.approximate, qualifier=m.qualifier, estimate=m.estimate, change=change,
    )
