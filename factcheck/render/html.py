"""The report as one self-contained HTML page (docs/report.md): summary, findings, charts, and every checked
document with each claim highlighted by status, a hover card per claim, and links both ways.

Everything from the documents is escaped; the page loads nothing (inline CSS, JS and SVG, and a
Content-Security-Policy that allows only this page's own style and script, by hash).
"""

from __future__ import annotations

import base64
import functools
import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from html import escape
from importlib import resources
from typing import TYPE_CHECKING

from factcheck.records import FIGURE_KINDS, SEVERITY_ORDER, Claim, Document, Finding, Report
from factcheck.render.chart import chart_svg, measure_charts
from factcheck.render.highlight import STATUS_LABEL, STATUS_PRECEDENCE, ClaimMarks, Close, Open, Text, claim_marks, nest

if TYPE_CHECKING:
    from factcheck.checker import CheckResult

MAX_CHARTS = 24
_SEVERITIES = ("error", "warning", "info")


@functools.cache
def _asset(name: str) -> str:
    return resources.files("factcheck.render").joinpath("html_assets", name).read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def e(text: object) -> str:
    """Text or an attribute value, escaped (quotes included)."""
    return escape(str(text), quote=True)


def num(x: float) -> str:
    """106699.0 → '106,699'; 33.333 → '33.333'."""
    return f"{int(x):,}" if x.is_integer() and abs(x) < 1e15 else f"{x:,.6g}"


class _Ids:
    """The page's element ids: claims c1…, their cards k1…, findings f1…, documents d1…; never taken from
    the documents (their ids may hold anything)."""

    def __init__(self, claims: Iterable[Claim], findings: Sequence[int], documents: Iterable[str]) -> None:
        self.claim = {c.id: f"c{i}" for i, c in enumerate(claims, 1)}
        self.finding = {f: f"f{i}" for i, f in enumerate(findings, 1)}  # index in report.findings → id
        self.document = {d: f"d{i}" for i, d in enumerate(documents, 1)}


def render_html(result: CheckResult, *, width: int = 100, color: bool = False) -> str:
    """The whole page. `width` and `color` are for terminals and are ignored."""
    docs = [d for d in result.documents if d in result.checked]
    claims = {d: sorted(result.claims.get(d, ()), key=lambda c: (c.start, -c.end)) for d in docs}
    findings = result.report.findings
    order = sorted(range(len(findings)), key=lambda i: (-SEVERITY_ORDER[findings[i].severity], findings[i].sort_key))
    ids = _Ids((c for d in docs for c in claims[d]), order, docs)
    marks = claim_marks(result)
    css, js = _asset("report.css"), _asset("report.js")
    csp = (f"default-src 'none'; style-src '{_sha256(css)}'; script-src '{_sha256(js)}'; img-src data:; "
           "base-uri 'none'; form-action 'none'")
    body = [
        _masthead(result.report, marks),
        _toc(docs, result.documents, result.report, ids),
        '<main class="wrap">',
        _findings(findings, order, result.documents, ids),
        _charts(result, ids, marks),
        '<section id="documents" aria-label="Documents">',
        *(_document(result.documents[d], claims[d], marks, ids) for d in docs),
        "</section></main>",
        '<div id="card" class="card" role="tooltip" hidden></div>',
        '<div id="card-sources" hidden>',
        *(_card(c, marks.get(c.id, ClaimMarks()), findings, ids)
          for d in docs for c in claims[d]),
        "</div>",
    ]
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{e(csp)}">\n'
            f'<link rel="icon" href="data:,">\n<title>factcheck report: {e(_counts(result.report))}</title>\n'
            f"<style>{css}</style>\n</head>\n<body>\n" + "\n".join(body)
            + f"\n<script>{js}</script>\n</body>\n</html>\n")


def _counts(report: Report) -> str:
    s = report.summary
    return ", ".join(f"{s[k]} {k}{'s' if s[k] != 1 and k != 'info' else ''}" for k in _SEVERITIES)


def _headline(report: Report) -> tuple[str, str]:
    s = report.summary
    if s["error"]:
        return "error", f"{s['error']} error{'s' if s['error'] != 1 else ''} to fix before publication"
    if s["warning"]:
        return "warning", f"{s['warning']} warning{'s' if s['warning'] != 1 else ''} to review before publication"
    return "ok", "No errors or warnings"


def _masthead(report: Report, marks: dict[str, ClaimMarks]) -> str:
    verdict, headline = _headline(report)
    s = report.summary
    counts = "".join(f'<li class="count sev-{k}"><b>{s[k]}</b> {k}{"s" if s[k] != 1 and k != "info" else ""}</li>'
                     for k in _SEVERITIES)
    counts += (f'<li class="count"><b>{report.documents}</b> document{"s" if report.documents != 1 else ""}</li>'
               f'<li class="count"><b>{report.claims}</b> claim{"s" if report.claims != 1 else ""}</li>')
    by_status = Counter(m.status for m in marks.values())
    legend = "".join(f'<li><mark class="swatch st-{st}">{st}</mark> {e(STATUS_LABEL[st])} <b>{by_status[st]}</b></li>'
                     for st in STATUS_PRECEDENCE)
    return (f'<header class="masthead verdict-{verdict}"><div class="wrap">'
            f'<p class="kicker">factcheck · pre-publication report</p><h1>{e(headline)}</h1>'
            f'<ul class="counts" aria-label="Summary">{counts}</ul>'
            f'<ul class="legend" aria-label="Claim colours">{legend}</ul></div></header>')


def _title(document: Document) -> str:
    return document.title or document.id


def _toc(docs: Sequence[str], documents: dict[str, Document], report: Report, ids: _Ids) -> str:
    per_doc: dict[str, Counter[str]] = {d: Counter() for d in docs}
    for f in report.findings:
        if f.claims and f.claims[0].doc in per_doc:
            per_doc[f.claims[0].doc][f.severity] += 1
    items = []
    for d in docs:
        badges = "".join(f'<span class="badge sev-{k}" title="{k}">{per_doc[d][k]}</span>'
                         for k in _SEVERITIES if per_doc[d][k])
        items.append(f'<li><a href="#{ids.document[d]}">{e(_title(documents[d]))}</a>{badges}</li>')
    return (f'<nav class="toc wrap" aria-label="Documents"><span class="toc-head">Documents</span>'
            f'<ul>{"".join(items)}</ul></nav>')


def _where(c: Claim, documents: dict[str, Document], ids: _Ids) -> str:
    """A link to the claim's highlight; a claim of an archive document (not shown) as plain text."""
    doc = documents.get(c.doc)
    label = f"{_title(doc) if doc else c.doc}, line {c.line}:{c.column}"
    if c.id in ids.claim:
        return (f'<a class="to-claim" href="#{ids.claim[c.id]}">‘{e(c.text)}’</a> '
                f'<span class="at">{e(label)}</span>')
    return f'<span class="archived">‘{e(c.text)}’ <span class="at">archive: {e(label)}</span></span>'


def _findings(findings: Sequence[Finding], order: Sequence[int], documents: dict[str, Document], ids: _Ids) -> str:
    """Errors and warnings first; info notes folded away unless they are all there is."""
    if not findings:
        return '<section id="findings"><h2>Findings</h2><p class="none">No findings.</p></section>'
    rows: dict[bool, list[str]] = {True: [], False: []}
    for i in order:
        f = findings[i]
        where = "".join(f"<li>{_where(c, documents, ids)}</li>" for c in f.claims)
        rows[f.severity == "info"].append(
            f'<li id="{ids.finding[i]}" class="finding sev-{f.severity}"><span class="sev">{f.severity}</span>'
            f'<div><p class="msg">{e(f.message)}</p><ul class="where"><li><code class="rule">'
            f'{e(f.rule or f.kind)}</code></li>{where}</ul></div></li>')
    serious, info = rows[False], rows[True]
    folded = ""
    if info:
        n = len(info)
        folded = (f'<details class="info-notes"{"" if serious else " open"}><summary>{n} info '
                  f'note{"s" if n != 1 else ""} <span class="none">(sources to name and the like)</span></summary>'
                  f'<ol class="findings">{"".join(info)}</ol></details>')
    return (f'<section id="findings"><h2>Findings <span class="n">{len(findings)}</span></h2>'
            + (f'<ol class="findings">{"".join(serious)}</ol>' if serious else "") + folded + "</section>")


def _charts(result: CheckResult, ids: _Ids, marks: dict[str, ClaimMarks]) -> str:
    def point_of(c: Claim) -> tuple[str, str]:
        return (f"#{ids.claim[c.id]}" if c.id in ids.claim else "",
                marks[c.id].status if c.id in marks else "plain")

    charts = measure_charts(result.claims, result.documents, result.checked, result.rules or (), point_of)
    if not charts:
        return ""
    figures = [f'<figure class="chart-box">{chart_svg(ch)}<figcaption><b>{e(ch.title)}</b> '
               f'<span class="unit">{e(ch.unit)}</span> · {len(ch.points)} figures'
               f'{f" · {len(ch.references)} reference values" if ch.references else ""}</figcaption></figure>'
               for ch in charts[:MAX_CHARTS]]
    more = (f'<p class="none">{len(charts) - MAX_CHARTS} more measures with two or more figures are not drawn.</p>'
            if len(charts) > MAX_CHARTS else "")
    key = ('<p class="chart-key"><span class="k-dot"></span> a figure (bar: the interval its wording allows, '
           'arrow: no upper bound; line: its period) · <span class="k-ref"></span> reference value with its '
           'tolerance · click a figure to see it in its text</p>')
    return (f'<section id="charts"><h2>Figures across documents and time</h2>{key}'
            f'<div class="charts">{"".join(figures)}</div>{more}</section>')


def _document(document: Document, claims: Sequence[Claim], marks: dict[str, ClaimMarks], ids: _Ids) -> str:
    text = document.text
    body = text[document.body_start:]
    start = document.body_start + len(body) - len(body.lstrip())
    end = len(text.rstrip())
    if claims:
        start, end = min(start, claims[0].start), max(end, max(c.end for c in claims))
    out = []
    for ev in nest([(c.start, c.end) for c in claims], start, end):
        if isinstance(ev, Text):
            out.append(e(text[ev.start:ev.end]))
            continue
        c = claims[ev.span]
        m = marks.get(c.id, ClaimMarks())
        if isinstance(ev, Open):
            k = ids.claim[c.id]
            out.append(f'<mark class="claim st-{m.status}" id="{k}" tabindex="0" data-card="k{k[1:]}" '
                       f'aria-describedby="k{k[1:]}" data-claim="{e(c.id)}">' if ev.first else
                       f'<mark class="claim-cont st-{m.status}" data-card="k{k[1:]}">')
        elif isinstance(ev, Close):
            out.append("</mark>")
            if ev.last:
                out += [f'<a class="fn" href="#{ids.finding[i]}" aria-label="finding {ids.finding[i][1:]}">'
                        f'{ids.finding[i][1:]}</a>' for i in m.findings]
    meta = [x for x in (document.source, document.author, str(document.published) if document.published else None,
                        document.path or document.id, document.url) if x]
    copy = f'<p class="copy">republishes {e(document.republishes)}</p>' if document.republishes else ""
    return (f'<article class="doc" id="{ids.document[document.id]}"><header><h2>{e(_title(document))}</h2>'
            f'<p class="meta">{" · ".join(e(x) for x in meta)} · {len(claims)} claims</p>{copy}</header>'
            f'<div class="text">{"".join(out)}</div></article>')


def _interval(c: Claim) -> str | None:
    """low – high; "" (no row) when it is just the value; None ("—") when there is neither."""
    if c.low == c.high and (c.value is None or c.value == c.low):
        return None if c.low is None else ("" if c.value is not None else num(c.low))
    return f"{num(c.low) if c.low is not None else '−∞'} – {num(c.high) if c.high is not None else '∞'}"


def _card(c: Claim, m: ClaimMarks, findings: Sequence[Finding], ids: _Ids) -> str:
    p, a = c.period, c.attribution
    period = None
    if p is not None:
        span = f"{p.start or '…'} – {p.end or '…'}"
        period = f"{p.text} ({span})" if p.text else span
        period += f", {p.resolution}" if p.resolution else ""
        period += f": {p.note}" if p.note else ""
    attribution = None
    if a is not None:
        attribution = ", ".join(x for x in (a.kind, a.source, f"“{a.cue}”" if a.cue else None) if x)
    unit = ", ".join(x for x in (c.unit, c.qualifier, "approximate" if c.approximate else None,
                                 "estimate" if c.estimate else None) if x)
    rows: list[tuple[str, str | None]] = [
        ("value", num(c.value) if c.value is not None else None),
        ("interval", _interval(c)),
        ("unit", unit or None),
        ("period", period),
        ("measure", f"{c.measure} ({c.measure_key})" if c.measure and c.measure_key else c.measure or c.measure_key),
        ("place", c.place),
        ("rate", f"per {c.rate}" if c.rate else ""),
        ("attribution", attribution),
        ("entity", c.entity or ""),
        ("event", " ".join(x for x in (c.subject, c.event) if x) if c.event else ""),
        ("change", f"{c.change.role} value" if c.change else ""),
        ("where", f"{c.doc}, line {c.line}:{c.column}"),
    ]
    figure = c.kind in FIGURE_KINDS  # a figure's card shows its missing fields as "—"; a date's leaves them out
    dl = "".join(f"<dt>{k}</dt><dd>{e(v)}</dd>" if v is not None else f'<dt>{k}</dt><dd class="none">—</dd>'
                 for k, v in rows if v != "" and (v is not None or figure))
    related = "".join(f'<li><a href="#{ids.finding[i]}"><span class="sev sev-{findings[i].severity}">'
                      f'{findings[i].severity}</span> {e(findings[i].rule or findings[i].kind)}</a> '
                      f'{e(findings[i].message)}</li>' for i in m.findings)
    confirmed = "".join(f"<li>{e(x)}</li>" for x in m.confirmations)
    k = ids.claim[c.id]
    return (f'<div class="card-src" id="k{k[1:]}"><p class="card-head"><span class="chip st-{m.status}">'
            f'{e(STATUS_LABEL[m.status])}</span> <span class="kind">{e(c.kind)}</span></p>'
            f'<p class="card-text">‘{e(c.text)}’</p><dl>{dl}</dl>'
            + (f'<ul class="card-findings">{related}</ul>' if related else "")
            + (f'<ul class="card-confirmed">{confirmed}</ul>' if confirmed else "") + "</div>")
