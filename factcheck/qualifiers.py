"""Qualifier words before a figure ("more than", "nearly", "an estimated") and the interval each allows."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from factcheck.config import ExtractConfig
from factcheck.tokens import Token


class Bound(Enum):
    ABOVE = "above"  # X or more
    NEARLY = "nearly"  # a little under X
    ABOUT = "about"  # X give or take
    BELOW = "below"  # X or less


_PHRASES: dict[Bound, tuple[str, ...]] = {
    Bound.ABOVE: ("more than", "over", "above", "exceeding", "in excess of", "upwards of", "upward of",
                  "just over", "well over", "just above", "well above", "at least", "no fewer than",
                  "no less than", "a minimum of", "not less than", "not fewer than", "more then", "greater than",
                  "larger than", "higher than", "bigger than", "exceeds", "exceeded", "exceed", "topping", "topped",
                  "surpassing", "more than or equal to", "greater than or equal to", ">", "≥", "> =", "in excess of"),
    Bound.NEARLY: ("nearly", "almost", "close to", "just under", "just below", "approaching", "nearing",
                   "just shy of", "shy of", "not quite"),
    Bound.ABOUT: ("about", "some", "roughly", "around", "approximately", "near", "an estimated", "estimated",
                  "circa", "an average of", "approx.", "approx", "about an estimated",
                  "more or less", "an approximate", "a projected", "projected"),
    Bound.BELOW: ("up to", "as many as", "at most", "no more than", "a maximum of", "fewer than",
                  "less than", "under", "below", "not more than", "as much as", "as high as",
                  "well under", "well below", "lower than", "smaller than", "less than or equal to", "<", "≤",
                  "< ="),
}
_ESTIMATE_WORDS = frozenset({"estimated", "an estimated", "about an estimated", "projected", "a projected"})
_BY_WORDS: dict[tuple[str, ...], Bound] = {
    tuple(p.split()): bound for bound, phrases in _PHRASES.items() for p in phrases
}
_MAX_WORDS = max(len(k) for k in _BY_WORDS)


@dataclass(frozen=True, slots=True)
class Qualifier:
    words: str
    bound: Bound
    start_token: int  # index of the qualifier's first token

    @property
    def estimate(self) -> bool:
        return self.words in _ESTIMATE_WORDS


def qualifier_before(tokens: list[Token], i: int) -> Qualifier | None:
    """The longest qualifier phrase ending right before token i."""
    for n in range(min(_MAX_WORDS, i), 0, -1):
        words = tuple(t.low for t in tokens[i - n:i])
        bound = _BY_WORDS.get(words)
        if bound is not None:
            return Qualifier(" ".join(words), bound, i - n)
    return None


_AFTER: dict[tuple[str, ...], Bound] = {
    **{("or", w): Bound.ABOVE for w in ("more", "greater", "higher", "above", "over", "larger")},
    ("and", "up"): Bound.ABOVE, ("and", "above"): Bound.ABOVE, ("and", "over"): Bound.ABOVE,
    ("or", "so"): Bound.ABOUT,
    **{("or", w): Bound.BELOW for w in ("less", "fewer", "lower", "below", "under", "smaller")},
}


def qualifier_after(tokens: list[Token], i: int) -> tuple[Qualifier, int] | None:
    """A qualifier right after a figure ("100 or more", "500 or fewer", "60 or so"): it and the index after."""
    words = tuple(t.low for t in tokens[i:i + 2])
    bound = _AFTER.get(words)
    if bound is None:
        return None
    return Qualifier(" ".join(words), bound, i), i + 2


def interval(value: float, bound: Bound | None, config: ExtractConfig) -> tuple[float | None, float | None]:
    """(low, high) that a qualifier allows around a stated value; None is unbounded."""
    if bound is None:
        return value, value
    if bound is Bound.ABOVE:
        return value, None
    if bound is Bound.BELOW:
        return None, value
    if bound is Bound.NEARLY:
        lo, hi = sorted((value, value * (1 - config.nearly_tolerance)))
        return lo, hi
    spread = abs(value) * config.about_tolerance
    return value - spread, value + spread
