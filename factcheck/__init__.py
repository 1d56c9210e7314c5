"""factcheck: check the facts and figures in news text before it is published.

The public API: load documents, extract their figures as typed claims.
"""

from factcheck.config import ExtractConfig
from factcheck.documents import LoadResult, load_documents, read_document
from factcheck.errors import FactcheckError, InputError
from factcheck.extract import extract, extract_text
from factcheck.records import Attribution, Change, Claim, Document, PartialDate, Period, Quantity, Span

__all__ = [
    "Attribution", "Change", "Claim", "Document", "ExtractConfig", "FactcheckError", "InputError",
    "LoadResult", "PartialDate", "Period", "Quantity", "Span", "extract", "extract_text", "load_documents",
    "read_document",
]
