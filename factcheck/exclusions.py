"""Digits that are not figures: clock times, numeric dates, phone numbers, URLs, handles, names,
ordinals, years, days of the month and list markers."""

from __future__ import annotations

import re

from factcheck import lexicons
from factcheck.tokens import Token

_MASKS = re.compile(
    "|".join([
        r"https?://\S+|www\.\S+",  # URLs
        r"(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.]+",  # e-mail addresses (from the start of a word: linear)
        r"(?<![\w@])[@#]\w+(?::\d\d)?",  # handles and hashtags ("@9:50" in comment threads)
        r"(?<![\d:])\d{1,2}:\d\d(?::\d\d)?(?:\s*[ap]\.?m\.?)?(?![\d:])",  # clock times
        r"(?<![\d.,])\d{1,2}(?:[.:]\d\d)?(?:\s*(?:a\.m\.|p\.m\.)|\s*(?:am|pm|o['’]clock)\b)",  # "10 a.m.", "2.13 am"
        r"(?<![\d/.-])\d{1,4}([/.-])\d{1,2}\1\d{1,4}(?![\d/])",  # numeric dates 11/18/2020, 2020-11-18
        r"(?<![\d/.,-])(?:1[89]|20)\d\d[-–/]\d\d(?![\d/])",  # school and fiscal years: 2022-23, 2019/20
        # 9/11, 24/7 — not the common fractions ("1/4 mile") nor the 1/2 of "2 1/2"
        r"(?<![\d/.,])(?<!\d\s)(?!(?:1/[2-8]|[23]/[34]|[2-4]/5|[35]/8|[1-9]/16)(?![\d/]))\d{1,4}/\d{1,4}(?![\d/])",
        r"(?<![\w+])(?:\+?1[\s.-])?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?!\d)",  # phones
        r"(?<![\w+])\+\d{1,3}(?:[\s.-]\d{2,4}){2,4}(?!\d)",  # international phone numbers
        r"(?i:\b(?:at|call|dial|phone|tel|number|line)\.?:?\s+)\d{3}-\d{4}(?![\w-])",  # local numbers: at 555-0199
        # the service line, not a figure ending a range or change ("from 1,000 to 911")
        r"(?<![\w.,$€£])(?<!\bto )(?<!\band )(?<!\bfrom )(?<!\bby )911"
        r"(?![\w,%]|\.\d|\s*(?:percent|per\b|million|billion|thousand))",
        r"(?i:\b(?:call|dial|text)(?:ing|ed|s)?\s+)[2-8]11\b",
        r"\bS&P\s?\d+|\b\d{3}\([a-z]\)",  # S&P 500, 401(k)
        # street addresses: "2100 Main St.", "350 Fifth Avenue"
        r"\b\d{1,6}\s+(?:[NSEW]\.?\s+)?(?:[A-Z][\w'’-]*\s+){1,3}(?:St|Street|Ave|Avenue|Blvd|Boulevard|Rd|Road|"
        r"Dr|Drive|Ln|Lane|Way|Pl|Place|Ct|Court|Pkwy|Parkway|Hwy|Highway|Sq|Square|Plaza|Terrace|Circle)\b",
        # days of the month and day ranges: "Nov. 18", "Jan. 10-14", "August 12–15"
        r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|"
        r"Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{1,2}(?:st|nd|rd|th)?)?"
        r"(?!\d|,\d{3})",
        r"(?i:\b(?:january|february|april|june|july|august|september|october|november|december|jan|feb|apr|"
        r"jun|jul|aug|sept|sep|oct|nov|dec)\.?\s+\d{1,2}(?:st|nd|rd|th)?\b(?!,\d{3}))",  # lower-case dates
        r"(?i:\bon\s+(?:may|march)\s+\d{1,2}\b)",
    ])
)

MONTHS = frozenset(
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split()
)
# Words after which a four-digit number is a year ("in 2021", "since 2008", "the 2022 midterms").
_YEAR_CONTEXT = frozenset(
    "in since by from until till to of during before after between and or the this that early late mid "
    "through throughout circa fall spring summer winter autumn year fiscal fy class 's ’s than around "
    "at on for as".split()
)


_DIGITS = re.compile(r"\d+")
_REACH = 40  # how far a mask reaches from its digits ("Sept. 30", "call 211", "2100 Main Street")


def _windows(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Stretches of the text around its digits, widened to whitespace so a URL is seen whole.
    Every mask contains a digit, so the masks need only be searched there (news text is mostly words)."""
    out: list[tuple[int, int]] = []
    for m in _DIGITS.finditer(text, start, end):
        lo = max(start, m.start() - _REACH)
        hi = min(end, m.end() + _REACH)
        if out and hi <= out[-1][1]:
            continue  # inside the last window already (digits without spaces between them stay linear)
        if not out or lo > out[-1][1]:
            lo = max(start, text.rfind(" ", start, lo) + 1) if lo > start and not text[lo - 1].isspace() else lo
        space = text.find(" ", hi, end)
        hi = end if space < 0 else space
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(hi, out[-1][1]))
        else:
            out.append((lo, hi))
    return out


# Words after which a four-digit number can only be a year ("in 2021 votes were cast").
_YEAR_PREPOSITIONS = frozenset("in since by until till during before after early late mid throughout fiscal fy "
                               "class spring summer fall autumn winter".split())
_YEAR_KINDS = frozenset("fiscal calendar school academic financial model tax budget".split())  # "___ year 2009"
# Words before a year used as an adjective ("the 2022 midterms", "this 2024 race").
_YEAR_ADJECTIVE_BEFORE = frozenset("the this that its their his her our 's ’s".split())
# Words ending in "s" that are no plural noun: "2019 was hot" is a year.
NOT_PLURAL = frozenset("was is has does his its this thus as us plus yes less unless across whereas news always "
                       "series species".split())
# Verbs that change a value: after them "from 1800 to 2000" is a change of a figure, not a stretch of
# time (temporal.py), and "rose 6 cents to $3.41" is a change and a level (numeric.py adds its own).
VALUE_CHANGE_VERBS = frozenset("rose fell increased decreased grew jumped climbed dropped declined risen fallen soared "
                               "surged plunged rising falling increasing decreasing growing up down raised cut reduced "
                               "boosted slashed".split())


def blocked_tokens(text: str, tokens: list[Token], start: int, end: int) -> bytearray:
    """One flag per token: 1 when the token lies inside a time, date, phone number, URL or handle."""
    flags = bytearray(len(tokens))
    if not tokens:
        return flags
    k = 0
    for lo, hi in _windows(text, start, end):
        for m in _MASKS.finditer(text, lo, hi):
            while k < len(tokens) and tokens[k].end <= m.start():
                k += 1
            j = k
            while j < len(tokens) and tokens[j].start < m.end():
                flags[j] = 1
                j += 1
    return flags


def named_year(tokens: list[Token], i: int) -> bool:
    """Token i follows words that name a year ("fiscal 2009", "FY 2009", "fiscal year 2009"), whatever
    comes after it ("fiscal 2009 totals")."""
    prev = tokens[i - 1].low if i > 0 else ""
    return prev in ("fiscal", "fy") or (prev == "year" and i > 1 and tokens[i - 2].low in _YEAR_KINDS)


def glued(tokens: list[Token], i: int) -> bool:
    """Tokens i and i+1 touch."""
    return i >= 0 and i + 1 < len(tokens) and tokens[i].end == tokens[i + 1].start


def is_name_number(text: str, tokens: list[Token], i: int) -> bool:
    """The number token i is part of a name: "H2", "COVID-19", "F-16", "Route 66", "No. 5", "#1"."""
    if i == 0:
        return False
    prev = tokens[i - 1]
    if glued(tokens, i - 1):
        if prev.kind in ("word", "abbr"):
            return True  # "H2", "MH17"
        if prev.text in "-‐" and i >= 2 and glued(tokens, i - 2) and tokens[i - 2].kind == "word" \
                and tokens[i - 2].text[:1].isupper():
            return True  # "COVID-19", "F-16", "H-2" (not "twenty-5")
        if prev.text in "#№":
            return True
    if prev.kind == "word" and prev.text in lexicons.name_labels() and text[prev.end:tokens[i].start] == " ":
        return True  # "Route 66", "Section 230"
    return prev.text == "." and i >= 2 and tokens[i - 2].text in ("No", "Nos", "Vol", "Art", "Sec", "Ch", "p", "pp")


def is_list_marker(text: str, tokens: list[Token], i: int) -> bool:
    """A number opening a line and followed by "." or ")" and a space: "1. ", "2) "."""
    t = tokens[i]
    j = _blank_before(text, t.start)
    if j > 0 and text[j - 1] == "(":
        j = _blank_before(text, j - 1)
    if j > 0 and text[j - 1] not in "\r\n":
        return False
    nxt = t.end
    return text[nxt:nxt + 1] in (".", ")") and text[nxt + 1:nxt + 2] in (" ", "\t") \
        and _NON_SPACE.search(text, nxt + 2) is not None


_NON_SPACE = re.compile(r"\S")


def _blank_before(text: str, end: int) -> int:
    """Where the run of blanks (whitespace other than line breaks) that ends at `end` starts."""
    while end > 0 and text[end - 1].isspace() and text[end - 1] not in "\r\n":
        end -= 1
    return end


def is_day_of_month(tokens: list[Token], i: int) -> bool:
    """A day next to a month name: "November 18", "Feb. 15", "18 November", "15th of March"."""
    t = tokens[i]
    if len(t.text) > 2 or not t.text.isdigit() or not 1 <= int(t.text) <= 31:
        return False
    j = i - 1
    if j >= 0 and tokens[j].text == "." and j >= 1:
        j -= 1
    if j >= 0 and tokens[j].text in MONTHS:
        return True
    k = i + 1
    if k < len(tokens) and tokens[k].low == "of":
        k += 1
    return (k < len(tokens) and tokens[k].text in MONTHS and tokens[k].text != "May") or \
        (k < len(tokens) and tokens[k].text == "May" and k + 1 < len(tokens) and tokens[k + 1].kind == "num")


def looks_like_year(tokens: list[Token], i: int) -> bool:
    """A four-digit number from 1000 to 2099 written without separators, in a year's context."""
    t = tokens[i]
    if len(t.text) != 4 or not t.text.isdigit() or not 1000 <= int(t.text) <= 2099:
        return False
    if named_year(tokens, i):
        return True
    prev = tokens[i - 1].low if i > 0 else ""
    if (i > 0 and tokens[i - 1].text in MONTHS) or prev in _YEAR_PREPOSITIONS or prev in (",", "(", "–", "-", "/"):
        return True
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    # "1500 troops" is a count; "2021 election", "2019 and", "2019 was" and "the 2022 midterms" are years.
    counted = (nxt is not None and nxt.kind == "word" and nxt.text.islower() and nxt.low.endswith("s")
               and nxt.low not in _YEAR_CONTEXT and nxt.low not in NOT_PLURAL)
    return not counted or prev in _YEAR_ADJECTIVE_BEFORE
