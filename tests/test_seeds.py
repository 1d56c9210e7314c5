"""The seed corpus: every figure a careful reader finds in each article, and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck import extract, load_documents

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

# doc id → [(span text, {field: expected})]: every count, money, percent and measurement figure of the
# document, and nothing else.
REUTERS = [
    ("two sources", {"value": 2, "entity": "sources", "kind": "count"}),
    ("dozens of U.S. law enforcement agents", {"value": None, "low": 24, "high": 144,
                                               "entity": "U.S. law enforcement agents"}),
    ("thousands of kilos", {"kind": "measurement", "unit": "kilogram", "low": 2000, "high": 9999,
                            "entity": "heroin"}),
    ("estimated 200,000 guns annually", {"value": 200000, "entity": "guns", "rate": "year",
                                         "estimate": True, "approximate": True}),
    ("Two current senior U.S. officials", {"value": 2}),
]
EXPECTED: dict[str, list[tuple[str, dict]]] = {
    "npr-2021-dea-mexico": [
        ("more than 90,000 Americans", {"value": 90000, "low": 90000, "high": None, "unit": "count",
                                        "entity": "Americans", "qualifier": "more than"}),
    ],
    "reuters-2021-cartel-standoff": REUTERS,
    "brookings-2023-mexico-cooperation": [
        ("two U.S. citizens", {"value": 2, "entity": "U.S. citizens"}),
        ("two others", {"value": 2}),
        ("more than 30,000 Mexicans", {"low": 30000, "high": None, "entity": "Mexicans", "rate": "year"}),
        ("more than 112,000", {"low": 112000, "high": None}),
        ("some 52,000 bodies", {"value": 52000, "low": 46800, "high": 57200, "entity": "bodies"}),
        ("Tens of thousands of Americans", {"low": 20000, "high": 99999, "entity": "Americans",
                                            "rate": "year"}),
        ("106,699", {"value": 106699, "kind": "count"}),
        ("107,477", {"value": 107477, "kind": "count"}),
        ("half a million fentanyl pills", {"value": 500000, "entity": "fentanyl pills"}),
        ("hundreds of labs", {"low": 200, "high": 999, "entity": "labs"}),
        ("232", {"value": 232, "change": "old"}),
        ("873", {"value": 873, "change": "new"}),
    ],
    "borderlandbeat-2021-reuters-repost": [
        *REUTERS,
        # the reader comments under the repost
        ("millions each year", {"low": 2e6, "rate": "year"}),
        ("millions", {"low": 2e6}),
        ("100%", {"kind": "percent", "value": 100}),
        ("zero cojones", {"value": 0}),
        ("thousands of uneducated illegals", {"low": 2000, "high": 9999}),
        ("5 to 6 drug busts", {"value": None, "low": 5, "high": 6, "entity": "drug busts"}),
        ("5", {"value": 5}),
        ("6", {"value": 6}),
        ("millions", {"low": 2e6}),
        ("100%", {"kind": "percent", "value": 100}),
    ],
    "mexicodailypost-2021-bloomberg": [
        ("751 pages of evidence", {"value": 751, "entity": "pages of evidence"}),
        ("$3 billion", {"kind": "money", "value": 3e9, "unit": "USD", "entity": "security assistance"}),
        ("70%", {"kind": "percent", "value": 70, "unit": "percent", "entity": "firearms"}),
        ("one-third", {"kind": "percent", "value": pytest.approx(100 / 3)}),
    ],
}


FIGURE_KINDS = {"count", "money", "percent", "measurement"}


@pytest.fixture(scope="module")
def all_claims_by_doc():
    loaded = load_documents([str(SEEDS)])
    assert not loaded.errors
    return {d.id: extract(d) for d in loaded.documents}


@pytest.fixture(scope="module")
def claims_by_doc(all_claims_by_doc):
    """The numeric figures; time expressions and durations are tested in test_seed_context.py."""
    return {doc: [c for c in cs if c.kind in FIGURE_KINDS] for doc, cs in all_claims_by_doc.items()}


def test_every_seed_has_a_table(claims_by_doc):
    assert set(claims_by_doc) == set(EXPECTED)


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_seed_figures(claims_by_doc, doc_id):
    claims = claims_by_doc[doc_id]
    assert [c.text for c in claims] == [text for text, _ in EXPECTED[doc_id]]
    for claim, (text, fields) in zip(claims, EXPECTED[doc_id], strict=True):
        for key, want in fields.items():
            got = claim.change.role if key == "change" and claim.change else getattr(claim, key)
            assert got == want, f"{doc_id}: {text!r} {key}: expected {want!r}, got {got!r}"


def test_seed_non_figures_are_not_claims(claims_by_doc):
    texts = " | ".join(c.text for cs in claims_by_doc.values() for c in cs)
    for not_a_figure in ("H-2", "H2", "2:49", "9:50", "21st", "2012", "2018", "2019", "2020", "2008",
                         "November 18", "February 15", "the two countries"):
        assert not_a_figure not in texts
