"""An archive file as a `ClaimIndex`: `related(claims)` looks the claims' linking keys up in the index on
`claims.key` and reads only the claims and documents found, so a check costs the same against a thousand
documents as against a million (memory too)."""

from __future__ import annotations

import json
import threading
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from factcheck.archive import codec
from factcheck.archive.schema import archive_errors, open_archive, snapshot
from factcheck.archive.stable import fingerprint, key_hash
from factcheck.claimindex import LinkKey, Related, link_keys
from factcheck.config import ExtractConfig
from factcheck.errors import InputError
from factcheck.extract import DEFAULT_CONFIG
from factcheck.records import Claim

_CLAIMS = "SELECT doc, claim FROM claims WHERE key IN (SELECT value FROM json_each(?)) ORDER BY doc, rowid"
_DOCUMENTS = "SELECT num, document, text, original FROM documents WHERE num IN (SELECT value FROM json_each(?))"


class SqliteIndex:
    """Claims of an archive written by `factcheck index`, by linking key. Safe to share between threads."""

    def __init__(self, path: str | Path, config: ExtractConfig = DEFAULT_CONFIG):
        self.path = str(path)
        self.fingerprint = fingerprint(config)
        self._conn = open_archive(path)
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock, archive_errors(self.path):
            return self._conn.execute("SELECT count(*) FROM documents").fetchone()[0]

    def close(self) -> None:
        self._conn.close()

    def related(self, claims: Iterable[Claim]) -> Related:
        keys: set[LinkKey] = {k for c in claims if (k := link_keys(c)) is not None}
        if not keys:
            return Related()
        with self._lock, archive_errors(self.path), snapshot(self._conn):
            found: dict[int, list[Claim]] = defaultdict(list)
            for num, blob in self._conn.execute(_CLAIMS, (json.dumps([key_hash(k) for k in keys]),)):
                claim = codec.decode_claim(blob)
                if link_keys(claim) in keys:  # 64-bit hashes may collide: the key itself decides
                    found[num].append(claim)
            rows = self._conn.execute(_DOCUMENTS, (json.dumps(list(found)),)).fetchall()
        documents = {num: codec.decode_document(doc, codec.decode_text(text), original)
                     for num, doc, text, original in rows}
        return Related({d.id: d for d in documents.values()},
                       {documents[num].id: claims for num, claims in found.items()})

    def stale(self) -> InputError | None:
        """Why the archive's claims may not link with claims extracted now (another factcheck version or
        other extraction settings, such as other rule packs' lexicon entries), or None."""
        with self._lock, archive_errors(self.path), snapshot(self._conn):
            counts = dict(self._conn.execute("SELECT fingerprint, count(*) FROM documents GROUP BY fingerprint"))
            roots = self._conn.execute("SELECT value FROM meta WHERE key = 'roots'").fetchone()
        other = {f: n for f, n in counts.items() if f != self.fingerprint}
        if not other:
            return None
        version = self.fingerprint.split("/")[0]
        versions = sorted({f.split("/")[0] for f in other})
        why = (f"factcheck {', '.join(versions)}, not {version}" if versions != [version]
               else "other extraction settings (rule packs with lexicon entries, or edited lexicons)")
        paths = " ".join(json.loads(roots[0])) if roots else "PATH…"
        return InputError(self.path, f"{sum(other.values()):,} of {sum(counts.values()):,} archive documents were "
                                     f"indexed by {why}: their claims may not link with the draft's, so findings "
                                     "can be missing",
                          hint=f"index again with the same --rules as this check: factcheck index {paths} "
                               f"--db {self.path}")

