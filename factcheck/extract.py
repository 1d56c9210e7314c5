"""Extraction pipeline: a document's text → tokens → figures and time expressions → claims in context."""

from __future__ import annotations

import bisect

from factcheck.config import ExtractConfig
from factcheck.context import DocumentContext
from factcheck.exclusions import blocked_tokens
from factcheck.numeric import Mention, find_numbers
from factcheck.records import Change, Claim, Document, PartialDate
from factcheck.sentences import sentence_spans
from factcheck.temporal import TimeMention, find_times
from factcheck.textpos import LineIndex
from factcheck.tokens import tokenize

DEFAULT_CONFIG = ExtractConfig()
_TIME_KINDS = {"date": "date", "period": "period", "duration": "duration"}


def extract(document: Document, config: ExtractConfig = DEFAULT_CONFIG) -> list[Claim]:
    """Every figure and time expression in the document's body as a claim, in text order, with its
    context: period, measure, place and attribution for figures; event and subject for dates."""
    text, start = document.text, document.body_start
    tokens = tokenize(text, start)
    numbers = find_numbers(text, tokens, blocked_tokens(text, tokens, start, len(text)), config)
    lines = LineIndex(text)
    if not config.context:
        sentences = sentence_spans(text, start)
        return [_bare_claim(document, m, sentences, lines) for m in numbers]
    times = find_times(text, document.published, start)
    numbers, times = _without_overlaps(numbers, times)
    context = DocumentContext(document, tokens, sentence_spans(text, start), times, numbers, config)
    claims = [_figure_claim(document, m, context, lines) for m in numbers]
    claims += [_time_claim(document, t, context, lines) for t in times]
    return sorted(claims, key=lambda c: (c.start, c.end))


def extract_text(text: str, *, doc_id: str = "text", published: str | None = None,
                 config: ExtractConfig = DEFAULT_CONFIG) -> list[Claim]:
    """Extract from a bare string (a convenience for scripts and tests)."""
    date = PartialDate.model_validate(published) if published else None
    return extract(Document(id=doc_id, text=text, published=date), config)


def _without_overlaps(numbers: list[Mention], times: list[TimeMention]) -> tuple[list[Mention], list[TimeMention]]:
    """Where a figure and a time expression share text, one claim stays: a date or period wins over
    the duration inside it ("the past two years" is a period, not "two years"); a duration stays the
    figure's ("for 18 months" is the duration "18 months"); otherwise the longer span wins."""
    if not times:
        return numbers, times
    kept = []
    k = 0
    for m in numbers:
        while k < len(times) and times[k].end <= m.start:
            k += 1
        overlaps = k < len(times) and times[k].start < m.end
        if not overlaps:
            kept.append(m)
        elif m.kind == "duration":
            if times[k].kind == "duration":
                kept.append(m)
        elif (m.end - m.start) > (times[k].end - times[k].start):
            kept.append(m)
    spans = [(m.start, m.end) for m in kept]
    times = [t for t in times if not any(s < t.end and t.start < e for s, e in spans)]
    return kept, times


def _base(document: Document, start: int, end: int, lines: LineIndex, sentence: tuple[int, int]) -> dict:
    line, column = lines.position(start)
    return {"id": f"{document.id}:{start}-{end}", "doc": document.id, "text": document.text[start:end],
            "start": start, "end": end, "line": line, "column": column,
            "sentence": document.text[sentence[0]:max(sentence[1], end)]}


def _figure_fields(document: Document, m: Mention) -> dict:
    change = None
    if m.change_group is not None and m.change_role is not None:
        change = Change(group=f"{document.id}:change@{m.change_group}", role=m.change_role)
    return {"kind": m.kind, "value": m.value, "low": m.low, "high": m.high, "unit": m.unit, "entity": m.entity,
            "rate": m.rate, "approximate": m.approximate, "qualifier": m.qualifier, "estimate": m.estimate,
            "change": change}


def _bare_claim(document: Document, m: Mention, sentences: list[tuple[int, int]], lines: LineIndex) -> Claim:
    k = bisect.bisect_right(sentences, (m.start, len(document.text))) - 1
    sentence = sentences[k] if k >= 0 else (m.start, m.end)
    return Claim(**_base(document, m.start, m.end, lines, sentence), **_figure_fields(document, m))


def _figure_claim(document: Document, m: Mention, context: DocumentContext, lines: LineIndex) -> Claim:
    ctx = context.figure(m)
    sentence = context.sentences[context.sentence_index(m.start)]
    return Claim(**_base(document, m.start, m.end, lines, (sentence.start, sentence.end)),
                 **{**_figure_fields(document, m), "estimate": ctx.estimate}, measure=ctx.measure,
                 measure_key=ctx.measure_key, place=ctx.place, period=ctx.period, attribution=ctx.attribution)


def _time_claim(document: Document, t: TimeMention, context: DocumentContext, lines: LineIndex) -> Claim:
    event, subject, attribution = context.event(t)
    value, unit = t.duration if t.kind == "duration" and t.duration else (None, None)
    sentence = context.sentences[context.sentence_index(t.start)]
    return Claim(
        **_base(document, t.start, t.end, lines, (sentence.start, sentence.end)), kind=_TIME_KINDS[t.kind],
        value=value, low=value, high=value, unit=unit, period=t.period, attribution=attribution, event=event,
        subject=subject,
    )
