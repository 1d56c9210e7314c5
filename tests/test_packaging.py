"""The wheel holds every package and data file: an installed factcheck must run outside the checkout."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_subpackage_is_listed():
    listed = set(_config()["packages"])
    on_disk = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "factcheck").rglob("__init__.py")}
    assert on_disk <= listed, f"add to [tool.setuptools] packages: {sorted(on_disk - listed)}"


def test_rule_packs_and_lexicons_are_package_data():
    cfg = _config()
    assert cfg["package-dir"]["factcheck.rules"] == "rules"
    for package in ("factcheck.rules", "factcheck.rules.lexicons"):
        assert "*.yaml" in cfg["package-data"][package]
    assert list((ROOT / "rules").glob("*.yaml")) and list((ROOT / "rules" / "lexicons").glob("*.yaml"))
