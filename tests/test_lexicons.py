"""The shipped lexicons are well-formed and agree with pint, the one source of unit definitions."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck import lexicons, units


def test_unit_names_are_pint_normalised():
    lex = lexicons.units()
    scales = set(lexicons.read("units.yaml")["scales"])
    names = {s.unit for s in (*lex.words.values(), *lex.attached.values())} - scales
    reg = units.registry()
    for name in names:
        assert str(reg.parse_units(name)) == name, f"{name!r} is not pint's own spelling"


def test_duration_senses_are_time():
    reg = units.registry()
    for surface, sense in lexicons.units().words.items():
        if sense.kind == "duration":
            assert reg.parse_units(sense.unit).dimensionality == reg.parse_units("year").dimensionality, surface


def test_currency_codes_are_iso_shaped():
    cur = lexicons.currencies()
    for sense in (*cur.symbols.values(), *cur.codes.values(), *cur.words.values()):
        assert re.fullmatch(r"[A-Z]{3}", sense.unit), sense


def test_no_surface_means_two_things():
    """A surface form listed twice would silently take the last meaning."""
    for name in ("units.yaml", "currencies.yaml"):
        data = lexicons.read(name)
        sections = [data["units"], data["scales"], data["durations"]] if name == "units.yaml" else [data["currencies"]]
        seen: dict[str, str] = {}
        for section in sections:
            for key, entry in section.items():
                for w in [*entry.get("words", []), *entry.get("symbols", []), *entry.get("codes", [])]:
                    norm = " ".join(w.lower().split()) if w not in entry.get("symbols", []) else w
                    assert norm not in seen or seen[norm] == key, f"{w!r} in {seen.get(norm)} and {key}"
                    seen[norm] = key


@pytest.mark.parametrize(("value", "a", "b"), [(20000, "acre", "hectare"), (3, "mile", "kilometer"),
                                               (1, "metric_ton", "pound")])
def test_conversion_round_trips(value, a, b):
    assert units.convert(units.convert(value, a, b), b, a) == pytest.approx(value)


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
       st.sampled_from(["acre", "hectare", "square_mile", "kilogram", "pound", "liter", "gallon", "mile"]))
def test_conversion_round_trip_property(value, unit):
    reg = units.registry()
    same_dim = [u for u in ("acre", "hectare", "square_mile", "kilogram", "pound", "liter", "gallon", "mile")
                if reg.parse_units(u).dimensionality == reg.parse_units(unit).dimensionality]
    for other in same_dim:
        back = units.convert(units.convert(value, unit, other), other, unit)
        assert back == pytest.approx(value, rel=1e-9, abs=1e-6)
