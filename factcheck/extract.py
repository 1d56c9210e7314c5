"""Extraction pipeline: a document's text → tokens → figures and time expressions → claims in context."""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from factcheck.config import ExtractConfig
from factcheck.context import DocumentContext
from factcheck.errors import InputError
from factcheck.exclusions import blocked_tokens
from factcheck.hygiene import TextView, parse_view
from factcheck.numeric import Mention, find_numbers
from factcheck.records import Attribution, Change, Claim, Document, PartialDate
from factcheck.sentences import sentence_spans
from factcheck.temporal import TimeMention, find_times
from factcheck.textpos import LineIndex
from factcheck.tokens import tokenize

DEFAULT_CONFIG = ExtractConfig()
REVISION = 2
"""Bumped when the same text and settings give other claims (2: changes with a year at each end, fiscal
years), so that archives indexed before say they need re-indexing (`archive.stable.fingerprint`)."""
_TIME_KINDS = {"date": "date", "period": "period", "duration": "duration"}


def extract(document: Document, config: ExtractConfig = DEFAULT_CONFIG) -> list[Claim]:
    """Every figure and time expression in the document's body as a claim, in text order, with its
    context: period, measure, place and attribution for figures; event and subject for dates.

    The parser reads `hygiene.parse_view` of the text (zero-width characters dropped, mojibake repaired);
    every offset in the claims is mapped back to `document.text`."""
    view = parse_view(document.text)
    parsed = document if view.identity else document.model_copy(
        update={"text": view.text, "body_start": view.view_offset(document.body_start)})
    text, start = parsed.text, parsed.body_start
    at = _Positions(document, view)
    tokens = tokenize(text, start)
    numbers = find_numbers(text, tokens, blocked_tokens(text, tokens, start, len(text)), config)
    if not config.context:
        sentences = sentence_spans(text, start)
        return [_bare_claim(at, m, sentences) for m in numbers]
    times = find_times(text, document.published, start)
    numbers, times = _without_overlaps(numbers, times)
    context = DocumentContext(parsed, tokens, sentence_spans(text, start), times, numbers, config)
    claims = _dated_changes([_figure_claim(at, m, context) for m in numbers])
    claims += [_time_claim(at, t, context) for t in times]
    return sorted(claims, key=lambda c: (c.start, c.end))


def extract_each(documents: Iterable[Document], config: ExtractConfig = DEFAULT_CONFIG,
                 ) -> tuple[dict[str, list[Claim]], list[InputError]]:
    """`extract` over a batch, by document id: a document it fails on (a bug) becomes an `InputError`
    naming the file, and the others go on."""
    claims: dict[str, list[Claim]] = {}
    errors: list[InputError] = []
    for document in documents:
        try:
            claims[document.id] = extract(document, config)
        except Exception as e:  # any bug, reported per document
            errors.append(InputError.internal(document.path or document.id, e))
    return claims, errors


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
    starts, ends = [m.start for m in kept], [m.end for m in kept]  # sorted and non-overlapping, so ends are too

    def free(t: TimeMention) -> bool:  # only the last figure starting before t ends can reach into it
        k = bisect.bisect_left(starts, t.end) - 1
        return k < 0 or ends[k] <= t.start

    return kept, [t for t in times if free(t)]


class _Positions:
    """Offsets of the parsed view mapped back to the document: spans, line/column, sentences, attributions."""

    def __init__(self, document: Document, view: TextView):
        self.document, self.view, self.lines = document, view, LineIndex(document.text)

    def base(self, start: int, end: int, sentence: tuple[int, int]) -> dict:
        view, doc = self.view, self.document
        s, e = view.start(start), view.end(end)
        line, column = self.lines.position(s)
        return {"id": f"{doc.id}:{s}-{e}", "doc": doc.id, "text": doc.text[s:e], "start": s, "end": e, "line": line,
                "column": column, "sentence": doc.text[view.start(sentence[0]):view.end(max(sentence[1], end))]}

    def attribution(self, a: Attribution | None) -> Attribution | None:
        if a is None or a.start is None or a.end is None or self.view.identity:
            return a
        return a.model_copy(update={"start": self.view.start(a.start), "end": self.view.end(a.end)})

    def figure_fields(self, m: Mention) -> dict:
        change = None
        if m.change_group is not None and m.change_role is not None:
            change = Change(group=f"{self.document.id}:change@{self.view.start(m.change_group)}", role=m.change_role)
        return {"kind": m.kind, "value": m.value, "low": m.low, "high": m.high, "unit": m.unit,
                "entity": m.entity, "rate": m.rate, "approximate": m.approximate, "qualifier": m.qualifier,
                "estimate": m.estimate, "change": change}


def _dated_changes(claims: list[Claim]) -> list[Claim]:
    """Mark the changes whose two ends got different periods (`Change.dated`)."""
    ends: dict[str, set[tuple]] = {}
    for c in claims:
        if c.change is not None:
            ends.setdefault(c.change.group, set()).add(c.period and (c.period.start, c.period.end))
    dated = {group for group, periods in ends.items() if len(periods) == 2 and None not in periods}
    return [c.model_copy(update={"change": c.change.model_copy(update={"dated": True})})
            if c.change is not None and c.change.group in dated else c for c in claims]


def _bare_claim(at: _Positions, m: Mention, sentences: list[tuple[int, int]]) -> Claim:
    k = bisect.bisect_right(sentences, (m.start, len(at.view.text))) - 1
    sentence = sentences[k] if k >= 0 else (m.start, m.end)
    return Claim(**at.base(m.start, m.end, sentence), **at.figure_fields(m))


def _figure_claim(at: _Positions, m: Mention, context: DocumentContext) -> Claim:
    ctx = context.figure(m)
    sentence = context.sentences[context.sentence_index(m.start)]
    return Claim(**at.base(m.start, m.end, (sentence.start, sentence.end)),
                 **{**at.figure_fields(m), "estimate": ctx.estimate}, measure=ctx.measure,
                 measure_key=ctx.measure_key, place=ctx.place, period=ctx.period,
                 attribution=at.attribution(ctx.attribution))


def _time_claim(at: _Positions, t: TimeMention, context: DocumentContext) -> Claim:
    event, subject, attribution = context.event(t)
    value, unit = t.duration if t.kind == "duration" and t.duration else (None, None)
    sentence = context.sentences[context.sentence_index(t.start)]
    return Claim(
        **at.base(t.start, t.end, (sentence.start, sentence.end)), kind=_TIME_KINDS[t.kind],
        value=value, low=value, high=value, unit=unit, period=t.period, attribution=at.attribution(attribution),
        event=event, subject=subject,
    )
