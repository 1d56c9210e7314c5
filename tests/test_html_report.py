"""The HTML report (`factcheck check --format html`): statuses, escaping, overlapping claims, charts, and
the page itself in a real headless Chromium (no network, no console errors, no script from the documents)."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import tomllib
from collections.abc import Iterator, Sequence
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.checker import CheckResult, check_documents
from factcheck.cli import main
from factcheck.documents import load_documents
from factcheck.records import Claim, Document, Finding, Period, Report
from factcheck.render.chart import (
    Chart,
    Point,
    Reference,
    chart_svg,
    compact,
    measure_charts,
    nice_step,
    x_ticks,
    y_domain,
)
from factcheck.render.formats import REPORT_FORMATS
from factcheck.render.highlight import Close, Open, Text, claim_marks, finding_status, nest, status_of
from factcheck.render.html import render_html
from factcheck.rulepacks import default_rules

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
HOSTILE = Path(__file__).resolve().parent / "fixtures" / "html" / "hostile"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def claim(doc: str, start: int, end: int, text: str, **fields) -> Claim:
    values = {"kind": "count", "value": None, "low": None, "high": None, "unit": None, "line": 1,
              "column": start + 1, "sentence": text} | fields
    return Claim(id=f"{doc}:{start}-{end}", doc=doc, text=text[start:end], start=start, end=end, **values)


def result_of(documents: Sequence[Document], claims: dict[str, list[Claim]],
              findings: Sequence[Finding] = ()) -> CheckResult:
    own = sum(len(cs) for cs in claims.values())
    return CheckResult(Report(findings=tuple(findings), documents=len(documents), claims=own),
                       {d.id: d for d in documents}, claims, frozenset(d.id for d in documents))


class Page(HTMLParser):
    """The tags of a page, checked to nest, with the text of each document's `.text` block."""

    VOID = frozenset({"meta", "link", "br", "hr", "img", "input", "rect", "line", "circle", "path"})

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []
        self.in_text = 0  # depth inside a div.text, 0 outside
        self.in_marker = False  # inside a footnote marker (a.fn): not the document's text
        self.feed(html)
        self.close()
        assert not self.stack, f"unclosed: {self.stack}"

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag in self.VOID:
            return
        self.stack.append(tag)
        if self.in_text:
            self.in_text += 1
            self.in_marker = tag == "a" and attributes.get("class") == "fn"
        elif tag == "div" and attributes.get("class") == "text":
            self.in_text = 1
            self.texts.append("")

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()
        self.in_marker = False
        if self.in_text:
            self.in_text -= 1

    def handle_data(self, data):
        if self.in_text and not self.in_marker:
            self.texts[-1] += data

    def count(self, tag: str, cls: str | None = None) -> int:
        return sum(1 for t, a in self.tags if t == tag and (cls is None or cls in (a.get("class") or "").split()))


# --------------------------------------------------------------------------------------------------
# Status


@pytest.mark.parametrize(("statuses", "shown"), [
    ((), "plain"),
    (("confirmed",), "confirmed"),
    (("unsourced",), "unsourced"),
    (("contradicted",), "contradicted"),
    (("confirmed", "unsourced"), "unsourced"),
    (("confirmed", "contradicted"), "contradicted"),
    (("unsourced", "contradicted"), "contradicted"),
    (("confirmed", "unsourced", "contradicted"), "contradicted"),
])
def test_status_precedence(statuses, shown):
    assert status_of(statuses) == shown


@pytest.mark.parametrize(("kind", "severity", "status"), [
    ("contradiction", "error", "contradicted"),
    ("contradiction", "warning", "contradicted"),
    ("arithmetic", "error", "contradicted"),
    ("rule", "error", "contradicted"),
    ("rule", "warning", "contradicted"),
    ("rule", "info", None),
    ("arithmetic", "info", None),
    ("attribution_gap", "info", "unsourced"),
    ("attribution_gap", "warning", "unsourced"),
])
def test_finding_status(kind, severity, status):
    c = claim("d", 0, 2, "12 apples")
    assert finding_status(Finding(kind=kind, severity=severity, rule="r", message="m", claims=(c,))) == status


def test_claim_marks_of_a_checked_corpus():
    docs = [Document(id="right", text="In 2021, 106,699 Americans died of drug overdoses, according to the CDC.",
                     published="2023-03"),
            Document(id="wrong", text="In 2020, 50,000 Americans died of drug overdoses, according to the CDC.",
                     published="2023-03"),
            Document(id="bare", text="In 2021, 107,000 Americans died of drug overdoses.", published="2023-03")]
    result = check_documents(docs, rules=default_rules())
    marks = claim_marks(result)
    figure = {doc: next(marks[c.id] for c in result.claims[doc] if c.kind == "count") for doc in result.checked}
    assert figure["right"].status == "confirmed"
    assert any("cdc-overdose-deaths-2021" in x for x in figure["right"].confirmations)
    assert any("agrees with '107,000 Americans' (bare, line 1" in x for x in figure["right"].confirmations)
    assert figure["wrong"].status == "contradicted"
    assert figure["bare"].status == "unsourced"  # it agrees with the reference too: needing a source wins
    assert figure["bare"].confirmations
    assert set(marks) == {c.id for cs in result.claims.values() for c in cs}


def test_a_copy_does_not_confirm_its_original():
    text = "Drug overdose deaths in Ohio reached 5,215 in 2021, the state said."
    docs = [Document(id="orig", text=text, source="Wire"), Document(id="copy", text=text, republishes="Wire")]
    result = check_documents(docs)
    assert result.documents["copy"].original == "orig"
    assert all(not m.confirmations for m in claim_marks(result).values())


# --------------------------------------------------------------------------------------------------
# Nesting overlapping spans


def shown(text: str, spans: Sequence[tuple[int, int]], start: int = 0, end: int | None = None) -> str:
    """Events as a string: <0> opens span 0, <0+> reopens it, </0> closes it, </0.> closes it for good."""
    out = []
    for ev in nest(spans, start, len(text) if end is None else end):
        if isinstance(ev, Text):
            out.append(text[ev.start:ev.end])
        elif isinstance(ev, Open):
            out.append(f"<{ev.span}{'' if ev.first else '+'}>")
        elif isinstance(ev, Close):
            out.append(f"</{ev.span}{'.' if ev.last else ''}>")
    return "".join(out)


@pytest.mark.parametrize(("spans", "expected"), [
    ([], "abcdefgh"),
    ([(0, 8)], "<0>abcdefgh</0.>"),
    ([(2, 4)], "ab<0>cd</0.>efgh"),
    ([(0, 6), (2, 4)], "<0>ab<1>cd</1.>ef</0.>gh"),  # nested: a date inside a figure's text
    ([(2, 4), (0, 6)], "<1>ab<0>cd</0.>ef</1.>gh"),  # given in any order
    ([(0, 4), (2, 6)], "<0>ab<1>cd</1></0.><1+>ef</1.>gh"),  # crossing: the second is continued
    ([(0, 3), (0, 3)], "<0><1>abc</1.></0.>defgh"),  # the same span twice
    ([(0, 2), (2, 4)], "<0>ab</0.><1>cd</1.>efgh"),  # adjacent
    ([(0, 4), (0, 2)], "<0><1>ab</1.>cd</0.>efgh"),  # same start: the longer is outside
    ([(3, 3)], "abc<0></0.>defgh"),  # empty
    ([(0, 5), (1, 3), (2, 7)], "<0>a<1>b<2>c</2></1.><2+>de</2></0.><2+>fg</2.>h"),  # reopened twice
    ([(-4, 2), (6, 99)], "<0>ab</0.>cdef<1>gh</1.>"),  # clipped into the text
])
def test_nest(spans, expected):
    assert shown("abcdefgh", spans) == expected


def test_nest_within_a_window():
    assert shown("abcdefgh", [(1, 3), (5, 6)], start=2, end=6) == "<0>c</0.>de<1>f</1.>"


spans_strategy = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)).map(sorted).map(tuple), max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab <>&\"'\n", min_size=0, max_size=40), spans_strategy)
def test_nest_keeps_the_text_and_nests(text, spans):
    spans = [(min(s, len(text)), min(e, len(text))) for s, e in spans]
    events = nest(spans, 0, len(text))
    assert "".join(text[ev.start:ev.end] for ev in events if isinstance(ev, Text)) == text
    stack: list[int] = []
    for ev in events:
        if isinstance(ev, Open):
            stack.append(ev.span)
        elif isinstance(ev, Close):
            assert stack.pop() == ev.span
    assert not stack
    assert sorted(ev.span for ev in events if isinstance(ev, Open) and ev.first) == list(range(len(spans)))
    assert sorted(ev.span for ev in events if isinstance(ev, Close) and ev.last) == list(range(len(spans)))
    covered: dict[int, str] = {i: "" for i in range(len(spans))}
    inside: list[int] = []
    for ev in events:
        if isinstance(ev, Open):
            inside.append(ev.span)
        elif isinstance(ev, Close):
            inside.pop()
        else:
            for i in inside:
                covered[i] += text[ev.start:ev.end]
    assert covered == {i: text[s:e] for i, (s, e) in enumerate(spans)}


# --------------------------------------------------------------------------------------------------
# The page: escaping and markup

HOSTILE_STRINGS = [
    "<script>window.__pwned = 1</script>",
    '"><img src=x onerror="window.__pwned = 2">',
    "'><svg onload=window.__pwned=3>",
    "</textarea></title></style><script>window.__pwned = 4</script>",
    '<!-- x --><a href="javascript:window.__pwned = 5">click</a>',
    "&lt;b&gt; already &amp; escaped &#x3C;script&#x3E;",
    "]]><![CDATA[<script>window.__pwned = 6</script>",
    "</mark></div></article><div onclick=\"window.__pwned = 7\">",
    "${window.__pwned = 8} {{7*7}} \u2028\u2029 `x`",
]


def _hostile_result(bad: str) -> tuple[CheckResult, str]:
    text = f"{bad} In 2021, 106,699 Americans died of drug overdoses, {bad} the CDC said. {bad}"
    doc = Document(id=bad, text=text, title=bad, source=bad, author=bad, url="javascript:window.__pwned = 9",
                   published="2023-03")
    return check_documents([doc], rules=default_rules()), text


ALLOWED_TAGS = {"html", "head", "meta", "link", "title", "style", "body", "header", "div", "p", "h1", "h2", "ul",
                "ol", "li", "b", "span", "code", "nav", "a", "main", "section", "article", "mark", "dl", "dt", "dd",
                "figure", "figcaption", "details", "summary", "svg", "g", "line", "rect", "circle", "path", "text",
                "script"}


@pytest.mark.parametrize("bad", HOSTILE_STRINGS)
def test_hostile_text_is_escaped(bad):
    result, text = _hostile_result(bad)
    page = Page(render_html(result))
    assert {t for t, _ in page.tags} <= ALLOWED_TAGS
    assert page.count("script") == 1 and page.count("style") == 1
    assert not [(t, k) for t, a in page.tags for k in a if k.startswith("on")]
    hrefs = [a["href"] for t, a in page.tags if "href" in a]
    assert all(h.startswith("#") or h == "data:," for h in hrefs), hrefs
    assert page.texts == [text.strip()]
    assert page.count("mark", "claim") == result.report.claims > 0


def test_every_checked_claim_is_highlighted_once_with_a_card():
    documents = load_documents([str(HOSTILE)]).documents
    result = check_documents(documents, rules=default_rules())
    html = render_html(result)
    page = Page(html)
    assert page.count("mark", "claim") == result.report.claims == sum(len(result.claims[d]) for d in result.checked)
    marks = [a for t, a in page.tags if t == "mark" and "claim" in (a.get("class") or "").split()]
    cards = {a["id"] for t, a in page.tags if "card-src" in (a.get("class") or "").split()}
    assert len({a["id"] for a in marks}) == len(marks) and {a["aria-describedby"] for a in marks} == cards
    assert {a["data-claim"] for a in marks} == {c.id for d in result.checked for c in result.claims[d]}
    findings = {a["id"] for t, a in page.tags if t == "li" and "finding" in (a.get("class") or "").split()}
    assert len(findings) == len(result.report.findings)
    targets = {a["href"][1:] for t, a in page.tags if t == "a" and a["href"].startswith("#")}
    assert targets <= {a["id"] for a in marks} | findings | {a["id"] for t, a in page.tags if t == "article"}
    assert findings <= targets  # every finding is linked from a highlight


def test_overlapping_claims_render_as_nested_marks():
    text = "The city spent more than $3 billion in 2020 and 2021 on roads."
    a, b, c = text.index("more"), text.index("2020"), text.index("and")
    doc = Document(id="d", text=text)
    claims = [claim("d", a, b + 4, text, kind="money", value=3e9, low=3e9, unit="USD"),  # the figure and its year
              claim("d", b, b + 4, text, kind="date"),
              claim("d", c + 4, c + 8, text, kind="date")]
    page = Page(render_html(result_of([doc], {"d": claims})))
    assert page.texts == [text]
    assert page.count("mark", "claim") == 3
    assert page.count("mark", "claim-cont") == 0
    crossing = [claim("d", a, b + 2, text, kind="money", value=3e9, unit="USD"), claim("d", b, c, text, kind="date")]
    page = Page(render_html(result_of([doc], {"d": crossing})))
    assert page.texts == [text]
    assert page.count("mark", "claim") == 2 and page.count("mark", "claim-cont") == 1


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="x <>&\"'\n", min_size=1, max_size=30), spans_strategy)
def test_any_spans_render_as_well_formed_markup(text, spans):
    doc = Document(id="d", text=text)
    claims = [claim("d", min(s, len(text)), min(e, len(text)), text) for s, e in spans]
    claims = list({c.id: c for c in claims}.values())
    page = Page(render_html(result_of([doc], {"d": claims})))
    assert page.count("mark", "claim") == len(claims)
    assert text.strip() in page.texts[0] and page.texts[0] in text


def test_the_html_format_is_registered(capsys):
    assert "html" in REPORT_FORMATS
    code = main(["check", str(SEEDS), "--format", "html"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.startswith("<!DOCTYPE html>") and out.count("<script>") == 1


def test_assets_are_package_data():
    cfg = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    patterns = cfg["package-data"]["factcheck.render"]
    assets = list((ROOT / "factcheck" / "render" / "html_assets").iterdir())
    assert assets and all(any(a.match(p.split("/")[-1]) for p in patterns) for a in assets)


# --------------------------------------------------------------------------------------------------
# Charts

D = dt.date


def point(value=None, low=None, high=None) -> Point:
    return Point(D(2021, 1, 1), D(2021, 12, 31), value, low, high, "label")


@pytest.mark.parametrize(("span", "step"), [(100, 20), (113_000, 25_000), (1, 0.2), (7, 2), (0, 1.0), (900, 200)])
def test_nice_step(span, step):
    assert nice_step(span) == pytest.approx(step)


@pytest.mark.parametrize(("x", "label"), [(0, "0"), (500, "500"), (25_000, "25k"), (1_500_000, "1.5M"),
                                          (3e9, "3B"), (0.25, "0.25"), (-2000, "-2k")])
def test_compact(x, label):
    assert compact(x) == label


@pytest.mark.parametrize(("points", "refs", "domain"), [
    ([point(90_000, 90_000, None), point(106_699, 106_699, 106_699)], [], (0, 125_000)),
    ([point(232, 232, 232), point(873, 873, 873), point(None, 200, 999)], [], (0, 1200)),
    ([point(3e6, 3e6, 3e6), point(None, 2e6, 999_999_999)], [], (0, 4e6)),  # "millions" does not flatten 3 million
    ([point(-5, -5, -5), point(10, 10, 10)], [], (-5, 15)),
    ([point(90_000, 90_000, 90_000)], [Reference(D(2020, 1, 1), D(2020, 12, 31), 91_799, 90_881, 92_717, "r")],
     (0, 100_000)),
])
def test_y_domain(points, refs, domain):
    assert y_domain(Chart("t", "count", tuple(points), tuple(refs))) == pytest.approx(domain)


@pytest.mark.parametrize(("first", "last", "labels"), [
    (D(2019, 1, 1), D(2024, 1, 31), ["2019", "2020", "2021", "2022", "2023", "2024"]),
    (D(2020, 12, 15), D(2021, 4, 20), ["Jan 2021", "Feb 2021", "Mar 2021", "Apr 2021"]),
    (D(1990, 6, 1), D(2024, 1, 1), ["1991", "1996", "2001", "2006", "2011", "2016", "2021"]),
])
def test_x_ticks(first, last, labels):
    assert [label for _, label in x_ticks(first.toordinal(), last.toordinal())] == labels


@pytest.mark.parametrize(("points", "refs", "dots", "bars", "arrows"), [
    ([point(1, 1, 1), point(2, 2, 2)], [], 2, 0, 0),
    ([point(90_000, 90_000, None), point(100_000, 100_000, 100_000)], [], 2, 1, 1),  # "more than 90,000"
    ([point(None, 200, 999), point(232, 232, 232)], [], 1, 1, 0),  # "hundreds" and 232
    ([point(200_000, 180_000, 220_000), point(None, 2_000, 9_999)], [], 1, 2, 0),  # an estimate's interval
    ([point(1, 1, 1), point(2, 2, 2)], [Reference(D(2020, 1, 1), D(2020, 12, 31), 2, 1.9, 2.1, "r")], 2, 0, 0),
])
def test_chart_svg_draws_each_figure(points, refs, dots, bars, arrows):
    svg = chart_svg(Chart("t", "count", tuple(points), tuple(refs)))
    page = Page(svg)
    assert (page.count("circle", "dot"), page.count("rect", "bar"), page.count("path", "open")) == (dots, bars, arrows)
    assert page.count("g", "ref") == len(refs)
    assert svg.count("<title>") == len(points) + len(refs)


def test_chart_svg_escapes_labels_and_links_points():
    bad = HOSTILE_STRINGS[1]
    chart = Chart(bad, bad, (Point(D(2021, 1, 1), D(2021, 1, 1), 1, 1, 1, bad, "#c1", "unsourced"),
                             Point(D(2021, 2, 1), D(2021, 2, 1), 2, 2, 2, bad)))
    page = Page(chart_svg(chart))
    assert page.count("img") == 0 and not [k for _, a in page.tags for k in a if k.startswith("on")]
    assert [a["href"] for t, a in page.tags if t == "a"] == ["#c1"]


def _figure(doc: str, text: str, value: float, measure: str | None = "overdose deaths", unit: str = "count",
            place: str | None = "United States", year: int | None = 2021, **fields) -> Claim:
    period = Period(start=D(year, 1, 1), end=D(year, 12, 31), text=str(year)) if year else None
    return claim(doc, 0, len(text), text, value=value, low=value, high=value, unit=unit, measure=measure,
                 place=place, period=period, measure_key=measure and measure.replace(" ", "_"), **fields)


def test_measure_charts_groups_by_measure_place_rate_and_unit():
    docs = {d: Document(id=d, text="x" * 40, published="2022-06") for d in ("a", "b", "c")}
    docs["copy"] = Document(id="copy", text="x" * 40, original="a")
    claims = {
        "a": [_figure("a", "106,699 deaths", 106_699), _figure("a", "12% of deaths", 12, unit="percent"),
              _figure("a", "5 deaths a day", 5, rate="day")],
        "b": [_figure("b", "107,000 deaths", 107_000, year=2022), _figure("b", "4 deaths a day", 4, rate="day"),
              _figure("b", "100 deaths", 100, place="Ohio"), _figure("b", "no measure", 3, measure=None)],
        "c": [_figure("c", "90,000 deaths", 90_000, year=None)],  # x: the publication date
        "copy": [_figure("copy", "1 death", 1), _figure("copy", "2% of deaths", 2, unit="percent")],
    }
    charts = measure_charts(claims, docs, checked={"a", "b"}, rules=default_rules())
    assert [(ch.title, ch.unit, len(ch.points)) for ch in charts] == [
        ("overdose deaths, United States", "count", 3), ("overdose deaths, United States, per day", "count", 2)]
    deaths = charts[0]
    assert [p.value for p in deaths.points] == [106_699, 107_000, 90_000]
    assert deaths.points[2].start == D(2022, 6, 1)
    assert {r.start.year for r in deaths.references} == {2019, 2020, 2021, 2022, 2023}
    assert charts[1].references == ()
    assert [ch.title for ch in measure_charts(claims, docs, checked={"c"})] == ["overdose deaths, United States"]
    assert measure_charts(claims, docs, checked=set()) == []


# --------------------------------------------------------------------------------------------------
# In a real browser


def ensure_chromium(chromium: Path = CHROMIUM) -> Path:
    """Debian's Chromium, installed with apt-get when missing and this runs as root (as CI does)."""
    if chromium.exists():
        return chromium
    how = "install Debian's Chromium: `sudo apt-get install -y chromium` (it must be at /usr/bin/chromium)"
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for command in (["apt-get", "update"], ["apt-get", "install", "-y", "--no-install-recommends", "chromium"]):
            done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                pytest.fail(f"`{' '.join(command)}` failed ({done.returncode}): {done.stderr[-2000:]}\n{how}")
        if chromium.exists():
            return chromium
    pytest.fail(f"the HTML report's browser tests need Chromium{' (CI)' if os.environ.get('CI') else ''}: {how}")


def test_missing_chromium_fails_with_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setattr(os, "geteuid", lambda: 1000)  # not root: nothing is installed
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"need Chromium \(CI\): install Debian's Chromium: `sudo apt-get"):
        ensure_chromium(tmp_path / "chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator:
    path = ensure_chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the HTML report's browser tests need playwright: pip install -e '.[dev]'")
    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=str(path), headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Loaded:
    """A report open in a fresh page, with every console message, page error and request it made."""

    def __init__(self, browser, html: str, folder: Path) -> None:
        file = folder / "report.html"
        file.write_text(html, encoding="utf-8")
        self.url = file.as_uri()
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, reduced_motion="reduce")
        self.console: list[str] = []
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.context.route(re.compile(r"^(?!file:).*"), lambda route: route.abort())
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda err: self.console.append(f"pageerror: {err}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("requestfailed", lambda r: self.failed.append(r.url))
        self.page.goto(self.url)
        self.page.wait_for_load_state("load")

    def clean(self) -> None:
        assert self.console == []
        assert self.requests == [self.url] and self.failed == []


@pytest.fixture(scope="module")
def seed_report(browser, tmp_path_factory):
    result = check_documents(load_documents([str(SEEDS)]).documents, rules=default_rules())
    loaded = Loaded(browser, render_html(result), tmp_path_factory.mktemp("seeds"))
    yield loaded, result
    loaded.context.close()


def test_seed_report_loads_offline_without_errors(seed_report):
    loaded, result = seed_report
    loaded.clean()
    page = loaded.page
    assert page.locator("mark.claim").count() == result.report.claims > 50
    assert page.locator("li.finding").count() == len(result.report.findings)
    assert page.locator("svg.chart").count() >= 1
    assert page.locator("#card").is_hidden()


def test_hovering_and_focusing_a_highlight_shows_its_card(seed_report):
    from playwright.sync_api import expect

    loaded, result = seed_report
    page = loaded.page
    card = page.locator("#card")
    confirmed = page.locator("mark.claim.st-confirmed").first
    confirmed.hover()
    card.wait_for(state="visible")
    assert "confirmed" in card.inner_text() and confirmed.inner_text() in card.inner_text()
    figure = next(c for d in result.checked for c in result.claims[d] if c.value and c.value >= 1000)
    page.locator(f'mark.claim[data-claim="{figure.id}"]').hover()
    expect(card).to_contain_text(f"{figure.value:,.0f}")
    assert figure.text in card.inner_text()
    page.keyboard.press("Escape")
    card.wait_for(state="hidden")
    page.mouse.move(0, 0)
    other = page.locator("mark.claim.st-unsourced").first
    other.focus()
    card.wait_for(state="visible")
    assert other.inner_text() in card.inner_text()
    assert "attribution" in card.inner_text()


def test_clicking_a_finding_targets_its_highlight_and_back(seed_report):
    from playwright.sync_api import expect

    loaded, _ = seed_report
    page = loaded.page
    link = page.locator("li.finding a.to-claim").first
    target = link.get_attribute("href")
    link.click()
    expect(page).to_have_url(loaded.url + target)
    assert page.evaluate("document.querySelector(':target').id") == target[1:]
    assert page.evaluate("document.querySelector(':target').classList.contains('claim')")
    expect(page.locator(target)).to_be_in_viewport()
    back = page.locator(f"{target} + a.fn").first
    finding = back.get_attribute("href")
    back.click()
    expect(page).to_have_url(loaded.url + finding)
    assert page.evaluate("document.querySelector(':target').classList.contains('finding')")
    expect(page.locator(finding)).to_be_in_viewport()


def test_hostile_documents_run_no_script(browser, tmp_path):
    from playwright.sync_api import expect

    note, draft = sorted(load_documents([str(HOSTILE)]).documents, key=lambda d: d.id == "note-2021", reverse=True)
    assert "<script>" in draft.text and "<script>" in (draft.title or "")
    result = check_documents([draft], [note], rules=default_rules())
    loaded = Loaded(browser, render_html(result), tmp_path)
    try:
        loaded.clean()
        page = loaded.page
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.locator("img").count() == 0 and page.locator("script").count() == 1
        assert page.locator("mark.claim").count() == result.report.claims == len(result.claims[draft.id])
        text = page.locator("article.doc .text").inner_text()
        assert "<script>window.__pwned = 'body'</script>" in text
        assert page.locator("article.doc h2").inner_text() == draft.title
        assert page.locator(".archived").count() >= 1  # the archive's side of a contradiction, not linked
        info = page.locator("details.info-notes li.finding").first.get_attribute("id")
        assert page.locator("details.info-notes").get_attribute("open") is None  # folded: errors come first
        page.locator(f'a.fn[href="#{info}"]').first.click()
        expect(page.locator(f"#{info}")).to_be_in_viewport()  # unfolded to show it
        for mark in page.locator("mark.claim").all()[:4]:
            mark.hover()
            page.locator("#card").wait_for(state="visible")
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert loaded.console == []
    finally:
        loaded.context.close()
