"""factcheck: check the facts and figures in news text before it is published.

The public API: load documents, extract their figures as typed claims, check them (with rule packs).
"""

from factcheck.checker import check
from factcheck.config import ExtractConfig
from factcheck.documents import LoadResult, load_documents, read_document
from factcheck.errors import FactcheckError, InputError
from factcheck.extract import extract, extract_text
from factcheck.records import Attribution, Change, Claim, Document, Finding, PartialDate, Period, Quantity, Report, Span
from factcheck.rulepacks import RuleSet, default_rules, load_rules, load_rules_checked

__all__ = [
    "Attribution", "Change", "Claim", "Document", "ExtractConfig", "FactcheckError", "Finding", "InputError",
    "LoadResult", "PartialDate", "Period", "Quantity", "Report", "RuleSet", "Span", "check", "default_rules",
    "extract", "extract_text", "load_documents", "load_rules", "load_rules_checked", "read_document",
]
