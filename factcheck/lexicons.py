"""The shipped lexicons (rules/lexicons/*.yaml): units, currencies and name labels, loaded once.

Lexicons are data so that users can read and extend them without touching code. Each loader is
cached: the parsed lexicon is immutable and every extraction shares it.
"""

from __future__ import annotations

import functools
import json
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read(name: str) -> Any:
    """A shipped lexicon file, parsed (callers cache what they build from it)."""
    text = resources.files("factcheck.rules.lexicons").joinpath(name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=_Loader)


def frozen_entries(extra: Iterable[Mapping[str, Any]], error: type[Exception], what: str) -> tuple[str, ...]:
    """Extra lexicon entries (from rule packs) as a hashable key, so a lexicon built with them is cached."""
    try:
        return tuple(json.dumps(e, sort_keys=True, ensure_ascii=False) for e in extra)
    except (TypeError, ValueError) as exc:
        raise error(f"extra {what} must be plain data (dicts, lists, strings): {exc}") from exc


@dataclass(frozen=True, slots=True)
class UnitSense:
    """What a unit word means: a unit name, a factor on the stated value, and the claim kind."""

    unit: str
    factor: float
    kind: str


@dataclass(frozen=True, slots=True)
class UnitLexicon:
    """Surface forms (lower-cased, space-normalised) → meaning; `attached` forms (case kept) only glued
    to a number."""

    words: dict[str, UnitSense]
    attached: dict[str, UnitSense]
    max_words: int


@dataclass(frozen=True, slots=True)
class CurrencyLexicon:
    symbols: dict[str, UnitSense]
    codes: dict[str, UnitSense]
    words: dict[str, UnitSense]
    max_words: int


def fold(surface: str) -> str:
    """A surface form as lexicons key it: NFC-normalised, case-folded ("µ" → "μ"), single-spaced."""
    return " ".join(unicodedata.normalize("NFC", surface).casefold().split())


@functools.cache
def units() -> UnitLexicon:
    data = read("units.yaml")
    words: dict[str, UnitSense] = {}
    attached: dict[str, UnitSense] = {}
    for section, kind in (("units", "measurement"), ("scales", "measurement"), ("durations", "duration")):
        for key, entry in data[section].items():
            sense = UnitSense(entry.get("unit", key), float(entry.get("factor", 1)), kind)
            for w in entry.get("words", []):
                words[fold(w)] = sense
            for w in entry.get("attached", []):
                attached[w] = sense  # case matters when glued: "5g" is grams, "5G" a network
    return UnitLexicon(words, attached, max(len(w.split()) for w in words))


@functools.cache
def currencies() -> CurrencyLexicon:
    data = read("currencies.yaml")
    symbols: dict[str, UnitSense] = {}
    codes: dict[str, UnitSense] = {}
    words: dict[str, UnitSense] = {}
    for key, entry in data["currencies"].items():
        sense = UnitSense(entry.get("code", key), float(entry.get("factor", 1)), "money")
        symbols.update((s, sense) for s in entry.get("symbols", []))
        codes.update((c, sense) for c in entry.get("codes", []))
        words.update((fold(w), sense) for w in entry.get("words", []))
    for symbol, code in data["default_symbol"].items():
        symbols[symbol] = UnitSense(code, 1.0, "money")
    return CurrencyLexicon(symbols, codes, words, max(len(w.split()) for w in words))


@functools.cache
def name_labels() -> frozenset[str]:
    return frozenset(read("not_figures.yaml")["name_labels"])
