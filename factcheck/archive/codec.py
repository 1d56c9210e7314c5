"""How the archive stores records: a document as its JSON without the text, texts and claims as
zlib-compressed UTF-8 (claims as their JSON, the output contract, rebuilt with `model_validate_json`)."""

from __future__ import annotations

import zlib

from factcheck.records import Claim, Document

_LEVEL = 6


def encode_document(document: Document) -> str:
    """The metadata (text emptied, `original` left out: the archive computes it)."""
    return document.model_copy(update={"text": ""}).model_dump_json(exclude={"original"})


def decode_document(stored: str, text: str = "", original: str | None = None) -> Document:
    """A stored document, with its text when given (metadata alone is enough to judge republication)."""
    return Document.model_validate_json(stored).model_copy(update={"text": text, "original": original})


def encode_text(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), _LEVEL)


def decode_text(blob: bytes) -> str:
    return zlib.decompress(blob).decode("utf-8")


def encode_claim(claim: Claim) -> bytes:
    return zlib.compress(claim.model_dump_json().encode("utf-8"), _LEVEL)


def decode_claim(blob: bytes) -> Claim:
    return Claim.model_validate_json(zlib.decompress(blob))
