"""Hashes that stay the same across processes and machines, for what the archive stores: linking keys,
shingles, document contents and the extraction fingerprint (Python's `hash` of a str is salted per process)."""

from __future__ import annotations

import functools
import hashlib
from importlib import metadata, resources

from factcheck.claimindex import LinkKey
from factcheck.config import ExtractConfig
from factcheck.extract import REVISION
from factcheck.records import Document


def int64(data: bytes) -> int:
    """An 8-byte BLAKE2b digest as a signed 64-bit integer (SQLite's INTEGER)."""
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big", signed=True)


def key_hash(key: LinkKey) -> int:
    """The stored form of a linking key (parts never contain the unit separator)."""
    return int64("\x1f".join(key).encode())


def shingle_hash(words: tuple[str, ...]) -> int:
    """The stored form of a shingle (`republication.shingles` digest; words hold no spaces)."""
    return int64(" ".join(words).encode())


def content_hash(document: Document) -> bytes:
    """What decides whether a file changed: its text and metadata, not where it was read from."""
    return hashlib.blake2b(document.model_dump_json(exclude={"path", "original"}).encode(), digest_size=16).digest()


def factcheck_version() -> str:
    try:
        return metadata.version("factcheck")
    except metadata.PackageNotFoundError:
        return "unknown"


@functools.cache
def _lexicons_digest() -> str:
    """The shipped lexicons (rules/lexicons/*.yaml): editing one changes what is extracted."""
    h = hashlib.blake2b(digest_size=8)
    for entry in sorted(resources.files("factcheck.rules.lexicons").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            h.update(entry.name.encode() + b"\0" + entry.read_bytes() + b"\0")
    return h.hexdigest()


def fingerprint(config: ExtractConfig) -> str:
    """`VERSION/SETTINGS`: the factcheck version and a digest of the extraction settings (with the rule
    packs' lexicon entries), the lexicons and the extractor's `REVISION`. Claims made under another
    fingerprint may link differently."""
    h = hashlib.blake2b(f"{config.model_dump_json()}/{_lexicons_digest()}/{REVISION}".encode(), digest_size=8)
    return f"{factcheck_version()}/{h.hexdigest()}"
