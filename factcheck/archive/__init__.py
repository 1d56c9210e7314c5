"""The claim archive: documents, claims and their linking keys in an SQLite file (`factcheck index`), and
the batch that fills it on one machine or a Dask cluster. docs/scale.md tells how to use it.

Modules: `schema` (the file, its migrations and errors), `stable` (hashes that do not change between
processes), `codec` (stored forms), `extraction` (one document's work), `writer` (the single writer),
`originals` (republication inside the archive), `reader` (`SqliteIndex`), `batch` (`index`), `engines`
and `dask_engine` (where extraction runs), `progress`, `stats`, `command` (the CLI).
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {"ArchiveError": "schema", "IndexSummary": "batch", "SqliteIndex": "reader", "index": "batch",
            "is_archive": "schema", "open_archive": "schema"}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    """The public names, imported when first used: `factcheck --help` need not load the batch machinery."""
    if name not in _EXPORTS:
        raise AttributeError(f"module 'factcheck.archive' has no attribute {name!r}")
    return getattr(importlib.import_module(f"factcheck.archive.{_EXPORTS[name]}"), name)
