"""`--format sarif`: the report as SARIF 2.1.0 (one run), for GitHub code scanning and other SARIF
viewers (docs/editors.md).

Each finding is a result at its first claim, with the other claims as related locations. Columns count
Unicode code points (`columnKind`), as `Claim.column` does. Paths inside the working directory are
relative URIs against `%SRCROOT%` (the working directory, in `originalUriBaseIds`); others are absolute
`file:` URIs; a document without a file is named by its id. Rule metadata comes from
`factcheck.rulehelp`. `partialFingerprints` hash the rule, the file and the claims' text (not their
lines), so a finding keeps its identity when text above it moves.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from factcheck.records import Claim
from factcheck.render.diagnostics import diagnostics, document_path, end_position, related_message
from factcheck.rulehelp import RuleHelp, rule_help

if TYPE_CHECKING:
    from factcheck.checker import CheckResult
    from factcheck.render.diagnostics import Diagnostic

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT = "factcheckFinding/v1"
_MIME = {".md": "text/markdown", ".markdown": "text/markdown"}


def render_sarif(result: CheckResult, *, width: int, color: bool) -> str:
    return json.dumps(sarif_log(result, Path.cwd()), indent=2, ensure_ascii=False) + "\n"


def sarif_log(result: CheckResult, base: Path) -> dict[str, Any]:
    """The SARIF log of `result`, with file paths made relative to `base` where they lie inside it."""
    found = diagnostics(result)
    severities = {d.rule: d.finding.severity for d in reversed(found)}  # the first finding's, per rule
    helps = [rule_help(rule, result.rules, default_level=severities[rule]) for rule in sorted(severities)]
    rule_index = {h.id: i for i, h in enumerate(helps)}
    artifacts = _Artifacts(result, base)
    for doc in sorted(result.checked, key=lambda d: document_path(result, d)):
        artifacts.index(doc)
    seen: Counter[str] = Counter()
    results = [_result(d, rule_index[d.rule], artifacts, seen) for d in found]
    run: dict[str, Any] = {"tool": {"driver": _driver(helps)}}
    if artifacts.uses_base:
        run["originalUriBaseIds"] = {SRCROOT: {"uri": base.as_uri().rstrip("/") + "/"}}
    run |= {"artifacts": artifacts.entries, "columnKind": "unicodeCodePoints", "results": results}
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _driver(helps: list[RuleHelp]) -> dict[str, Any]:
    driver: dict[str, Any] = {"name": "factcheck"}
    version, uri = _package_info()
    if version:
        driver["version"] = version
    if uri:
        driver["informationUri"] = uri
    driver["rules"] = [_descriptor(h) for h in helps]
    return driver


def _package_info() -> tuple[str | None, str | None]:
    """The installed package's version and home page (its first project URL), when it has them."""
    try:
        meta = metadata.metadata("factcheck")
    except metadata.PackageNotFoundError:
        return None, None
    urls = [u.partition(",")[2].strip() for u in meta.get_all("Project-URL") or []]
    home = meta.get("Home-page")
    return meta.get("Version"), next((u for u in [*urls, home] if u), None)


def _descriptor(h: RuleHelp) -> dict[str, Any]:
    return {"id": h.id, "name": h.name, "shortDescription": {"text": h.short}, "fullDescription": {"text": h.full},
            "help": {"text": h.full}, "defaultConfiguration": {"level": LEVELS[h.level]},
            "properties": {"tags": [h.kind]}}


def _result(d: Diagnostic, rule_index: int, artifacts: _Artifacts, seen: Counter[str]) -> dict[str, Any]:
    f = d.finding
    out: dict[str, Any] = {"ruleId": d.rule, "ruleIndex": rule_index, "level": LEVELS[f.severity],
                           "message": {"text": f.message}}
    if d.claim is not None:
        out["locations"] = [_location(d.claim, artifacts)]
    if d.related:
        out["relatedLocations"] = [{"id": i, **_location(c, artifacts), "message": {"text": related_message(c)}}
                                   for i, c in enumerate(d.related, 1)]
    key = "\x1f".join([d.rule, *(f"{artifacts.uri(c.doc)[0]}\x1e{c.text}" for c in f.claims)])
    seen[key] += 1  # the n-th finding with the same rule and texts (a figure repeated in one file)
    digest = hashlib.sha256(f"{key}\x1d{seen[key]}".encode()).hexdigest()
    out["partialFingerprints"] = {FINGERPRINT: digest}
    return out


def _location(claim: Claim, artifacts: _Artifacts) -> dict[str, Any]:
    end_line, end_column = end_position(claim)
    region = {"startLine": claim.line, "startColumn": claim.column, "endLine": end_line, "endColumn": end_column,
              "charOffset": claim.start, "charLength": claim.end - claim.start, "snippet": {"text": claim.text}}
    return {"physicalLocation": {"artifactLocation": artifacts.location(claim.doc), "region": region}}


class _Artifacts:
    """The run's artifacts, added as locations name them; each document is one entry."""

    def __init__(self, result: CheckResult, base: Path):
        self._result, self._base = result, base
        self._index: dict[str, int] = {}
        self.entries: list[dict[str, Any]] = []
        self.uses_base = False

    def uri(self, doc: str) -> tuple[str, str | None]:
        """(uri, uriBaseId) of a document's file: relative to %SRCROOT% inside `base`, else absolute."""
        document = self._result.documents.get(doc)
        if document is None or not document.path:
            return quote(doc, safe=""), None
        path = Path(os.path.normpath(self._base / document.path))
        try:
            relative = path.relative_to(self._base)
        except ValueError:
            return path.as_uri(), None
        return quote(PurePosixPath(*relative.parts).as_posix()), SRCROOT

    def index(self, doc: str) -> int:
        if doc not in self._index:
            uri, base_id = self.uri(doc)
            location = {"uri": uri, **({"uriBaseId": base_id} if base_id else {})}
            self.uses_base |= base_id is not None
            entry: dict[str, Any] = {"location": location}
            if doc in self._result.checked:
                entry["roles"] = ["analysisTarget"]
            document = self._result.documents.get(doc)
            suffix = Path(document.path).suffix.lower() if document is not None and document.path else ""
            entry["mimeType"] = _MIME.get(suffix, "text/plain")
            self._index[doc] = len(self.entries)
            self.entries.append(entry)
        return self._index[doc]

    def location(self, doc: str) -> dict[str, Any]:
        i = self.index(doc)
        return {**self.entries[i]["location"], "index": i}
