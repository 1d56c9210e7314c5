"""`factcheck archive stats`: what an archive holds, how big it is, and whether its claims were made
with this factcheck's extraction settings."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from factcheck.archive.schema import archive_errors, snapshot


def archive_stats(conn: sqlite3.Connection, where: str, current: str) -> dict[str, Any]:
    """The summary as plain data; `current` is the fingerprint this factcheck extracts with."""
    with archive_errors(where), snapshot(conn):
        one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        meta = dict(conn.execute("SELECT key, value FROM meta"))
        fingerprints = dict(conn.execute("SELECT fingerprint, count(*) FROM documents GROUP BY fingerprint"))
        first, last = conn.execute("SELECT min(json_extract(document, '$.published')), "
                                   "max(json_extract(document, '$.published')) FROM documents").fetchone()
        documents = one("SELECT count(*) FROM documents")
        size = sum(Path(where + s).stat().st_size for s in ("", "-journal", "-wal") if Path(where + s).exists())
        return {
            "archive": where, "schema_version": one("PRAGMA user_version"), "created": meta.get("created"),
            "created_by": meta.get("created_by"), "last_run": meta.get("last_run"),
            "roots": json.loads(meta.get("roots", "[]")),
            "documents": documents, "republications": one("SELECT count(*) FROM documents WHERE original IS NOT NULL"),
            "sources": one("SELECT count(DISTINCT json_extract(document, '$.source')) FROM documents"),
            "published": {"first": first, "last": last},
            "claims": one("SELECT count(*) FROM claims"),
            "linkable_claims": one("SELECT count(*) FROM claims WHERE key IS NOT NULL"),
            "linking_keys": one("SELECT count(DISTINCT key) FROM claims WHERE key IS NOT NULL"),
            "shingles": one("SELECT count(*) FROM shingles"),
            "bytes": size, "bytes_per_document": round(size / documents) if documents else None,
            "fingerprints": fingerprints, "current_fingerprint": current,
            "stale_documents": sum(n for f, n in fingerprints.items() if f != current),
        }


def render_stats(s: dict[str, Any]) -> str:
    """The summary for reading."""
    per_doc = f" ({s['bytes_per_document'] / 1024:,.1f} KiB per document)" if s["bytes_per_document"] else ""
    span = f", published {s['published']['first']} to {s['published']['last']}" if s["published"]["first"] else ""
    stale = ("every document was indexed with this factcheck's extraction settings" if not s["stale_documents"]
             else f"{s['stale_documents']:,} documents were indexed with other settings or another factcheck "
                  "version: index again to refresh them")
    lines = [
        f"{s['archive']}  (schema {s['schema_version']}, created {s['created']} by factcheck {s['created_by']}, "
        f"last run {s['last_run']})",
        f"  documents  {s['documents']:,}  ({s['republications']:,} republications, {s['sources']:,} sources{span})",
        f"  claims     {s['claims']:,}  ({s['linkable_claims']:,} with a linking key, {s['linking_keys']:,} distinct "
        "keys)",
        f"  shingles   {s['shingles']:,}",
        f"  size       {s['bytes'] / 1024 ** 2:,.1f} MiB{per_doc}",
        f"  claims     {stale}",
    ]
    if s["roots"]:
        lines.append(f"  indexed    {', '.join(s['roots'])}")
    return "\n".join(lines) + "\n"
