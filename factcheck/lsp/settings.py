"""The language server's configuration, read from the client's `factcheck` section (initializationOptions,
workspace/didChangeConfiguration), with every path held inside the workspace folders.

A relative path resolves against the first workspace folder. A path that resolves (symlinks followed)
outside every workspace folder, or a folder holding a symlink that leads outside them, is refused: the
server reads only inside the workspace it was opened on.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from factcheck.records import PartialDate

SECTION = "factcheck"
KEYS = ("against", "rules", "noDefaultRules", "published", "debounceMs")
DEFAULT_DEBOUNCE_MS = 300
MAX_DEBOUNCE_MS = 10_000


@dataclass(frozen=True)
class Settings:
    """What one configuration asks for; paths are absolute and inside the workspace."""

    against: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    default_rules: bool = True
    published: PartialDate | None = None
    debounce_ms: int = DEFAULT_DEBOUNCE_MS


def section(raw: Any) -> dict[str, Any] | None:
    """The `factcheck` section of what a client sent: `{"factcheck": {...}}` or the keys themselves;
    None when it holds neither (another server's settings, an empty notification)."""
    if not isinstance(raw, Mapping):
        return None
    if isinstance(raw.get(SECTION), Mapping):
        return dict(raw[SECTION])
    return dict(raw) if any(k in raw for k in KEYS) else None


def read_settings(raw: Mapping[str, Any], roots: Sequence[Path]) -> tuple[Settings, list[str]]:
    """Settings from a `factcheck` section, with one message per value refused (a refused path is left
    out, any other refused value keeps its default). `roots` are the workspace folders."""
    problems = [f"factcheck: unknown setting {k!r} (known: {', '.join(KEYS)})" for k in raw if k not in KEYS]
    against = _paths(raw.get("against"), "against", roots, problems)
    rules = _paths(raw.get("rules"), "rules", roots, problems)
    no_defaults = raw.get("noDefaultRules", False)
    if not isinstance(no_defaults, bool):
        problems.append(f"factcheck.noDefaultRules must be true or false, not {no_defaults!r}")
        no_defaults = False
    published = None
    if raw.get("published") is not None:
        try:
            published = PartialDate.model_validate(raw["published"])
        except ValidationError:
            problems.append(f"factcheck.published {raw['published']!r} is not a date (use YYYY, YYYY-MM or "
                            "YYYY-MM-DD)")
    debounce = raw.get("debounceMs", DEFAULT_DEBOUNCE_MS)
    if isinstance(debounce, bool) or not isinstance(debounce, int | float) or not 0 <= debounce <= MAX_DEBOUNCE_MS:
        problems.append(f"factcheck.debounceMs must be a number of milliseconds from 0 to {MAX_DEBOUNCE_MS}, "
                        f"not {debounce!r}")
        debounce = DEFAULT_DEBOUNCE_MS
    return Settings(against, rules, not no_defaults, published, int(debounce)), problems


def inside(path: Path, roots: Sequence[Path]) -> bool:
    """Whether `path`, symlinks resolved, lies in one of `roots` (themselves resolved)."""
    real = path.resolve()
    return any(real.is_relative_to(root) for root in roots)


def _paths(value: Any, key: str, roots: Sequence[Path], problems: list[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    given = [value] if isinstance(value, str) else value
    if not isinstance(given, list) or not all(isinstance(p, str) and p.strip() for p in given):
        problems.append(f"factcheck.{key} must be a path or a list of paths, not {value!r}")
        return ()
    out = []
    for p in given:
        resolved = _resolve(p, key, roots, problems)
        if resolved is not None:
            out.append(str(resolved))
    return tuple(out)


def _resolve(given: str, key: str, roots: Sequence[Path], problems: list[str]) -> Path | None:
    """`given` made absolute against the first root, or None (with a message) when it leads outside them."""
    path = Path(given).expanduser()
    if not roots:
        problems.append(f"factcheck.{key}: {given!r} refused: the server has no workspace folder to read from "
                        "(open a folder, or give the client a root)")
        return None
    if not path.is_absolute():
        path = roots[0] / path
    if not inside(path, roots):
        problems.append(f"factcheck.{key}: {given!r} refused: it resolves to {path.resolve()}, outside the "
                        f"workspace folders ({', '.join(map(str, roots))}); the server reads only inside them")
        return None
    escape = _link_out(path.resolve(), roots) if path.is_dir() else None
    if escape is not None:
        problems.append(f"factcheck.{key}: {given!r} refused: {escape} is a symlink to {escape.resolve()}, "
                        "outside the workspace folders")
        return None
    return path.resolve()


def _link_out(folder: Path, roots: Sequence[Path]) -> Path | None:
    """The first symlink under `folder` that leads outside `roots`, if any."""
    for parent, dirs, files in os.walk(folder):
        for name in sorted([*dirs, *files]):
            entry = Path(parent) / name
            if entry.is_symlink() and not inside(entry, roots):
                return entry
    return None
