"""Properties of the comparison and of the check (hypothesis).

- `compare.compatible` is symmetric, and every claim is compatible with itself, for claims built
  directly with random intervals in comparable units (acres/hectares/square miles, kilograms/pounds,
  counts, dollars);
- `units.convert` there and back returns the value;
- `check` never reports a contradiction between a document and a word-for-word copy marked as its
  republication (`republishes: <the original's outlet>`), and the copy changes nothing in the report.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.checker import check
from factcheck.compare import compatible
from factcheck.records import Claim, Document
from factcheck.units import convert

FAMILIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "area": ("measurement", ("acre", "hectare", "square_mile")),
    "mass": ("measurement", ("kilogram", "pound")),
    "count": ("count", ("count",)),
    "money": ("money", ("USD",)),
}
CONVERTIBLE = [("acre", "hectare"), ("acre", "square_mile"), ("hectare", "square_mile"), ("kilogram", "pound"),
               ("mile", "kilometer"), ("inch", "millimeter"), ("foot", "meter"), ("liter", "gallon"),
               ("metric_ton", "pound"), ("degree_Fahrenheit", "degree_Celsius")]

# values as news writes them: whole numbers, or a few decimals
values = st.one_of(
    st.integers(min_value=1, max_value=10**9).map(float),
    st.builds(lambda n, k: round(n / 10**k, k), st.integers(min_value=1, max_value=10**6), st.integers(1, 3)),
)
SHAPES = ("exact", "more_than", "up_to", "about", "nearly", "range", "vague")


@st.composite
def claims_in(draw, family: str) -> Claim:
    kind, units = FAMILIES[family]
    unit = draw(st.sampled_from(units))
    v = draw(values)
    shape = draw(st.sampled_from(SHAPES))
    approximate = shape in ("about", "nearly", "vague")
    value: float | None = v
    if shape == "exact":
        low, high = v, v
    elif shape == "more_than":
        low, high = v, None
    elif shape == "up_to":
        low, high = None, v
    elif shape == "about":
        low, high = v * 0.9, v * 1.1
    elif shape == "nearly":
        low, high = v * 0.9, v
    else:
        other = draw(values)
        low, high = min(v, other), max(v, other)
        value = None
    n = draw(st.integers(0, 10**6))
    return Claim(id=f"d:{n}-{n + 1}", doc="d", text=f"{v:g} {unit}", start=n, end=n + 1, line=1, column=1,
                 sentence=f"It was {v:g} {unit}.", kind=kind, value=value, low=low, high=high, unit=unit,
                 approximate=approximate, measure="area burned", measure_key="area_burned")


@st.composite
def claim_pairs(draw) -> tuple[Claim, Claim]:
    family = draw(st.sampled_from(sorted(FAMILIES)))
    return draw(claims_in(family)), draw(claims_in(family))


@settings(max_examples=500, deadline=None)
@given(claim_pairs())
def test_compatible_is_symmetric(pair):
    a, b = pair
    assert compatible(a, b) == compatible(b, a), (a.model_dump(), b.model_dump())


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(FAMILIES)).flatmap(claims_in))
def test_a_claim_is_compatible_with_itself(claim):
    assert compatible(claim, claim)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(CONVERTIBLE), st.booleans(),
       st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False))
def test_convert_round_trips(units, reverse, x):
    a, b = reversed(units) if reverse else units
    back = convert(convert(x, a, b), b, a)
    assert math.isclose(back, x, rel_tol=1e-9, abs_tol=1e-6), (x, a, b, back)


@pytest.mark.parametrize(("x", "a", "b", "expected"), [
    (1, "acre", "hectare", 0.40468564224), (1, "square_mile", "acre", 640), (1, "pound", "kilogram", 0.45359237),
    (20000, "acre", "hectare", 8093.71), (212, "degree_Fahrenheit", "degree_Celsius", 100),
])
def test_convert_known_values(x, a, b, expected):
    # 1e-5: pint's acre is the U.S. survey acre (1 square mile = 639.9974 of them), 4 ppm off the
    # international acre -- far below any rounding a news figure carries
    assert math.isclose(convert(x, a, b), expected, rel_tol=1e-5)


# ----------------------------------------------------------------------------- republication
TEMPLATES = (
    "The Pine Hollow Fire had burned {q} {n:,} acres by Aug. {d}, fire officials said.",
    "The fire had charred {q} {h:,} hectares by Aug. {d}, according to the Forest Service.",
    "Denver recorded {m} homicides in {y}, police said in a statement.",
    "The unemployment rate in Colorado was {p}% in June {y}, the state labor department reported.",
    "Marcus Hale was arrested on March {d} after a three-week investigation, police said.",
    "Nearly {r} inches of rain fell on Denver on May {d}, the National Weather Service said.",
    "The council approved a ${b} million budget for fiscal {y} by a wide margin on Tuesday.",
    "Turnout in the county was {t}%, and officials said {m} ballots were still being counted.",
)
QUALIFIERS = ("", "more than", "about", "nearly")


@st.composite
def sentences(draw) -> str:
    template = draw(st.sampled_from(TEMPLATES))
    return template.format(
        q=draw(st.sampled_from(QUALIFIERS)), n=draw(st.integers(1, 400)) * 100, h=draw(st.integers(1, 200)) * 50,
        d=draw(st.integers(1, 28)), m=draw(st.integers(10, 900)), y=draw(st.sampled_from((2022, 2023, 2024))),
        p=draw(st.sampled_from(("3.1", "3.4", "4.0", "4.6"))), r=draw(st.sampled_from(("1.2", "2.5", "3", "4.8"))),
        b=draw(st.sampled_from(("310", "335", "1,200"))), t=draw(st.integers(30, 120)),
    ).replace("  ", " ")


def _signature(report) -> list[tuple]:
    return sorted((f.rule, tuple(c.id for c in f.claims)) for f in report.findings if f.kind == "contradiction")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(sentences(), min_size=2, max_size=8), st.booleans())
def test_republication_never_contradicts_its_original(body, paragraphs):
    text = ("\n\n" if paragraphs else " ").join(body) + "\n"
    original = Document(id="wire", text=text, source="Mountain Wire", published="2024-09-01")
    copy = Document(id="local", text=text, source="Foothills Daily", published="2024-09-02",
                    republishes="Mountain Wire")
    report = check([original, copy])
    for f in report.findings:
        if f.kind == "contradiction":
            assert not any(c.doc == "local" for c in f.claims), f.message
    # the copy adds no contradiction and hides none of the original's own
    assert _signature(report) == _signature(check([original]))
