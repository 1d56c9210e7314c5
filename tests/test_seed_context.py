"""The seed articles' key claims in context: period, measure, place, attribution, events — as a careful
reader of each article would give them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from factcheck import extract, load_documents
from factcheck.republication import find_republications

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
D = dt.date


@pytest.fixture(scope="module")
def claims():
    docs = load_documents([str(SEEDS)]).documents
    return {d.id: extract(d) for d in docs}


def claim(claims, doc, text, occurrence=1):
    found = [c for c in claims[doc] if c.text == text]
    assert len(found) >= occurrence, f"{doc}: no claim {text!r} (have {[c.text for c in claims[doc]]})"
    return found[occurrence - 1]


# (doc, text, period start, period end, measure key, place, attribution kind, source contains)
FIGURES = [
    ("npr-2021-dea-mexico", "more than 90,000 Americans", D(2020, 1, 1), D(2020, 12, 31), "overdose_deaths",
     "United States", "unnamed", "officials"),
    ("brookings-2023-mexico-cooperation", "Tens of thousands of Americans", D(2013, 3, 2), D(2023, 3, 31),
     "overdose_deaths", "United States", "none", None),
    ("brookings-2023-mexico-cooperation", "106,699", D(2021, 1, 1), D(2021, 12, 31), "overdose_deaths",
     "United States", "none", None),
    ("brookings-2023-mexico-cooperation", "107,477", D(2022, 1, 1), D(2022, 12, 31), "overdose_deaths",
     "United States", "none", None),
    ("brookings-2023-mexico-cooperation", "more than 30,000 Mexicans", D(2017, 1, 1), D(2023, 3, 31), "deaths",
     "Mexico", "none", None),
    ("brookings-2023-mexico-cooperation", "half a million fentanyl pills", D(2023, 2, 1), D(2023, 2, 28),
     "drug_seizures", "Mexico", "organization", "Mexican military"),
    ("brookings-2023-mexico-cooperation", "232", D(2019, 1, 1), D(2022, 6, 30), "labs_dismantled", "Mexico",
     "organization", "Mexican military"),
    ("brookings-2023-mexico-cooperation", "873", D(2019, 1, 1), D(2022, 6, 30), "labs_dismantled", "Mexico",
     "organization", "Mexican military"),
    ("mexicodailypost-2021-bloomberg", "$3 billion", D(2008, 1, 1), D(2021, 1, 31), "aid", "Mexico", "none", None),
    ("reuters-2021-cartel-standoff", "estimated 200,000 guns annually", None, None, "guns_trafficked", None,
     "none", None),
    ("reuters-2021-cartel-standoff", "two sources", None, None, None, None, "unnamed", "sources familiar"),
]


@pytest.mark.parametrize(("doc", "text", "start", "end", "key", "place", "kind", "source"), FIGURES,
                         ids=[f"{d.split('-')[0]}:{t}" for d, t, *_ in FIGURES])
def test_seed_figure_context(claims, doc, text, start, end, key, place, kind, source):
    c = claim(claims, doc, text)
    got_period = (c.period.start, c.period.end) if c.period else (None, None)
    assert got_period == (start, end), f"{text}: period"
    assert c.measure_key == key, f"{text}: measure {c.measure!r}"
    if place is not None:
        assert c.place == place
    assert c.attribution is not None and c.attribution.kind == kind, f"{text}: {c.attribution}"
    if source is not None:
        assert source in (c.attribution.source or "")


def test_estimates_and_rates(claims):
    guns = claim(claims, "reuters-2021-cartel-standoff", "estimated 200,000 guns annually")
    assert guns.estimate and guns.rate == "year"
    assert claim(claims, "brookings-2023-mexico-cooperation", "107,477").estimate
    assert not claim(claims, "brookings-2023-mexico-cooperation", "106,699").estimate
    assert claim(claims, "brookings-2023-mexico-cooperation", "more than 30,000 Mexicans").rate == "year"


def test_revision_is_a_change(claims):
    old = claim(claims, "brookings-2023-mexico-cooperation", "232")
    new = claim(claims, "brookings-2023-mexico-cooperation", "873")
    assert old.change and new.change and old.change.group == new.change.group
    assert (old.change.role, new.change.role) == ("old", "new")


# (doc, text, kind, start, end, event, subject contains)
TIMES = [
    ("npr-2021-dea-mexico", "last October", "date", D(2020, 10, 1), D(2020, 10, 31), "arrested", None),
    ("npr-2021-dea-mexico", "last year", "date", D(2020, 1, 1), D(2020, 12, 31), None, None),
    ("reuters-2021-cartel-standoff", "October 2020", "date", D(2020, 10, 1), D(2020, 10, 31), "arrested",
     "Cienfuegos"),
    ("reuters-2021-cartel-standoff", "from 2012 to 2018", "period", D(2012, 1, 1), D(2018, 12, 31), None, None),
    ("reuters-2021-cartel-standoff", "2019", "date", D(2019, 1, 1), D(2019, 12, 31), "indicted", None),
    ("reuters-2021-cartel-standoff", "since January", "period", D(2021, 1, 1), D(2021, 3, 31), None, None),
    ("brookings-2023-mexico-cooperation", "October 2020", "date", D(2020, 10, 1), D(2020, 10, 31), "arrested",
     "Cienfuegos"),
    ("brookings-2023-mexico-cooperation", "between January 2019 and June 2022", "period", D(2019, 1, 1),
     D(2022, 6, 30), None, None),
    ("mexicodailypost-2021-bloomberg", "last fall", "period", D(2020, 9, 1), D(2020, 11, 30), "arrested", None),
    ("mexicodailypost-2021-bloomberg", "since 2008", "period", D(2008, 1, 1), D(2021, 1, 31), None, None),
]


@pytest.mark.parametrize(("doc", "text", "kind", "start", "end", "event", "subject"), TIMES,
                         ids=[f"{d.split('-')[0]}:{t}" for d, t, *_ in TIMES])
def test_seed_time_claims(claims, doc, text, kind, start, end, event, subject):
    c = claim(claims, doc, text)
    assert c.kind == kind
    assert (c.period.start, c.period.end) == (start, end)
    if event is not None:
        assert c.event == event
    if subject is not None:
        assert subject in (c.subject or ""), c.subject


def test_names_are_not_times(claims):
    texts = {c.text for c in claims["brookings-2023-mexico-cooperation"]}
    assert "Today" not in texts and "21st Century" not in texts


def test_repost_marks_its_original():
    docs = find_republications(load_documents([str(SEEDS)]).documents)
    by_id = {d.id: d for d in docs}
    assert by_id["borderlandbeat-2021-reuters-repost"].original == "reuters-2021-cartel-standoff"
    assert by_id["reuters-2021-cartel-standoff"].original is None
