"""Pathological inputs and the regexes they are aimed at, shared by tests/test_pathological.py (small sizes,
work counts) and benchmarks/pathological.py (full sizes, seconds and memory)."""

from __future__ import annotations

import functools
import importlib
import pkgutil
import re
import sys
import time
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import factcheck

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _pump(unit: str, suffix: str = "!") -> Callable[[int], str]:
    """`unit` repeated to about n characters, then a suffix that makes a match fail late."""
    return lambda n: unit * max(1, n // len(unit)) + suffix


ADVERSARIAL_STRINGS: dict[str, Callable[[int], str]] = {
    "letters": _pump("a"),
    "capitalised words": _pump("Abc "),
    "capitals": _pump("A"),
    "initials": _pump("A."),
    "digits": _pump("1"),
    "digits and commas": _pump("1,"),
    "digit groups": _pump("123,"),
    "digits and spaces": _pump("1 "),
    "digits and dots": _pump("1."),
    "spaces": _pump(" "),
    "nbsp": _pump("\u00a0"),
    "newlines": _pump("\n"),
    "crlf": _pump("\r\n"),
    "dashes": _pump("-"),
    "dollar signs": _pump("$"),
    "percent signs": _pump("%"),
    "quotes": _pump("\u201c"),
    "straight quotes": _pump('"'),
    "apostrophes": _pump("'"),
    "dots": _pump("."),
    "sentences": _pump("He said. "),
    "words and hyphens": _pump("a-b "),
    "number words": _pump("one hundred "),
    "months": _pump("May "),
    "the of": _pump("the of "),
    "more than": _pump("more than "),
    "from to": _pump("from 1 to "),
    "per": _pump("per "),
    "zero-width": _pump("1\u200b"),
}
"""Strings that make naive patterns backtrack: one unit pumped, a failing character at the end."""


def _nested_quotes(n: int) -> str:
    depth = max(1, n // 40)
    return "".join(f"“He said ‘{i} people’ " for i in range(depth)) + "”’" * depth


def _news(n: int) -> str:
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    return (text * (n // len(text) + 1))[:n]


DOCUMENTS: dict[str, tuple[Callable[[int], str], int]] = {
    "10 MB of news": (_news, 10_000_000),
    "1 MB line without spaces": (lambda n: ("a1,b2$c3%" * (n // 9 + 1))[:n], 1_000_000),
    "100,000 digits with commas": (lambda n: ",".join("1" * (n // 2)), 200_000),
    "100,000 groups 1,000,000,...": (lambda n: "1" + ",000" * (n // 4), 400_000),
    "a million '$' signs": (lambda n: "$" * n, 1_000_000),
    "a million '%' signs": (lambda n: "%" * n, 1_000_000),
    "100k lines of one figure": (lambda n: "About 12 people.\n" * (n // 17), 1_700_000),
    "100k empty lines": (lambda n: "\r\n" * (n // 2) + "12 people.", 200_000),
    "deeply nested quotes": (_nested_quotes, 1_000_000),
    "one sentence of capitalised words": (lambda n: "Abc " * (n // 4) + "said 5 people.", 1_000_000),
    "number words without end": (lambda n: "one hundred and " * (n // 16) + "people", 1_000_000),
    "qualifiers without end": (lambda n: "more than " * (n // 10) + "5", 1_000_000),
    "zero-width inside digits": (lambda n: "1\u200b" * (n // 2), 1_000_000),
    "years without spaces": (lambda n: ",".join(str(1990 + i % 40) for i in range(n // 5)), 1_000_000),
    "a numbered list of 100k items": (lambda n: "".join(f"{i}. About {i} people.\n" for i in range(n // 24)),
                                      2_400_000),
}
"""Whole documents: (make(size in characters), full size for the benchmark)."""


def _seconds(run: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    run()
    return time.perf_counter() - t0


def regex_growth(run: Callable[[str], object], make: Callable[[int], str], small: int, factor: int = 4,
                 floor: float = 0.002) -> tuple[float, float] | None:
    """(seconds at `factor` x `small` characters, growth of the time for `factor` x the input) of `run`, or
    None when the larger run takes under `floor` seconds (too fast to judge). The small string is run
    `factor` times in a row against one run of the large one -- equal work when `run` is linear, so
    warm-up and timer noise weigh alike -- best of three each, interleaved: linear gives about `factor`,
    quadratic `factor` squared."""
    short, long = make(small), make(factor * small)
    if _seconds(lambda: run(long)) < floor:
        return None
    t_small = t_big = float("inf")
    for _ in range(3):
        t_small = min(t_small, _seconds(lambda: [run(short) for _ in range(factor)]))
        t_big = min(t_big, _seconds(lambda: run(long)))
    return t_big, factor * t_big / max(t_small, 1e-7)


# --------------------------------------------------------------------------------------------------
# every regex factcheck uses


def _walk(value: Any, found: dict[tuple[str, int], tuple[str, re.Pattern[str]]], origin: str, depth: int) -> None:
    if isinstance(value, re.Pattern):
        found.setdefault((value.pattern, value.flags), (origin, value))
    elif depth <= 0:
        return
    elif isinstance(value, dict | MappingProxyType):
        for v in value.values():
            _walk(v, found, origin, depth - 1)
    elif isinstance(value, list | tuple | set | frozenset):
        for v in value:
            _walk(v, found, origin, depth - 1)
    elif is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            _walk(getattr(value, f.name), found, origin, depth - 1)
    elif isinstance(getattr(value, "__slots__", None), tuple) and not isinstance(value, type):
        for name in value.__slots__:
            _walk(getattr(value, name, None), found, origin, depth - 1)


def _caller_in_factcheck() -> str | None:
    """`module:function` of the factcheck code that is compiling or using a pattern right now, if any."""
    frame = sys._getframe(2)
    while frame is not None and frame.f_globals.get("__name__") in ("re", "functools"):
        frame = frame.f_back
    name = frame.f_globals.get("__name__", "") if frame is not None else ""
    return f"{name}:{frame.f_code.co_name}" if frame is not None and name.startswith("factcheck.") else None


@functools.cache
def all_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(origin, pattern) for every distinct regex factcheck uses: module globals, what the argument-less
    cached builders return (lexicon matchers), and every pattern factcheck code compiles or passes to
    `re.search`/`re.match`/... while the seeds are checked (inline and lexicon-built patterns)."""
    from factcheck.checker import check
    from factcheck.documents import load_documents

    found: dict[tuple[str, int], tuple[str, re.Pattern[str]]] = {}
    compile_ = re._compile  # type: ignore[attr-defined]

    def recording(pattern: Any, flags: Any) -> Any:
        compiled = compile_(pattern, flags)
        origin = _caller_in_factcheck()
        if origin is not None and isinstance(compiled.pattern, str):
            found.setdefault((compiled.pattern, compiled.flags), (origin, compiled))
        return compiled

    modules = [importlib.import_module(info.name) for info in pkgutil.walk_packages(factcheck.__path__, "factcheck.")
               if not info.name.endswith("__main__")]
    for module in modules:  # cached builders compile their patterns again, under the recorder
        for value in vars(module).values():
            if hasattr(value, "cache_clear") and getattr(value, "__module__", "") == module.__name__:
                value.cache_clear()
    re._compile = recording  # type: ignore[attr-defined]
    try:
        check(load_documents([str(SEEDS)]).documents)
    finally:
        re._compile = compile_  # type: ignore[attr-defined]
    for module in modules:
        for name, value in vars(module).items():
            if callable(value) and hasattr(value, "cache_info") and getattr(value, "__module__", "") == module.__name__:
                try:
                    value = value()
                except TypeError:  # needs arguments: its patterns were recorded while the seeds were checked
                    continue
            _walk(value, found, f"{module.__name__}.{name}", depth=4)
    return tuple(found.values())
