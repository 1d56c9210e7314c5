"""Properties of factcheck.temporal.find_times that hold for every publication date and every text.

* For any publication day from 1950 to 2100, each relative expression resolves to the right calendar
  unit: "last year" is exactly the previous calendar year, "last month" the previous calendar month,
  "last week" the seven days before, and so on.
* A publication known only to the month resolves to a period that contains every day-precision reading.
* No publication date: relative expressions are unresolved, never guessed.
* Resolution never depends on today's date: the module reads no clock, and the output of a fixed input
  is identical across calls and with `time.time` patched.
* Arbitrary text never raises, and what comes back is well formed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import inspect
import re
import time
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck import temporal
from factcheck.records import PartialDate
from factcheck.temporal import find_times

DAYS = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 12, 31))
Span = tuple[dt.date, dt.date]


def _month(y: int, m: int) -> Span:
    return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])


def _prev_month(d: dt.date) -> Span:
    first = d.replace(day=1) - dt.timedelta(days=1)
    return _month(first.year, first.month)


def _next_month(d: dt.date) -> Span:
    after = d.replace(day=28) + dt.timedelta(days=4)
    return _month(after.year, after.month)


def _last_october(d: dt.date) -> Span:
    return _month(d.year if d.month > 10 else d.year - 1, 10)


EXPECTED: dict[str, Callable[[dt.date], Span]] = {
    "last year": lambda d: (dt.date(d.year - 1, 1, 1), dt.date(d.year - 1, 12, 31)),
    "this year": lambda d: (dt.date(d.year, 1, 1), dt.date(d.year, 12, 31)),
    "next year": lambda d: (dt.date(d.year + 1, 1, 1), dt.date(d.year + 1, 12, 31)),
    "last month": _prev_month,
    "next month": _next_month,
    "last week": lambda d: (d - dt.timedelta(days=7), d - dt.timedelta(days=1)),
    "yesterday": lambda d: (d - dt.timedelta(days=1), d - dt.timedelta(days=1)),
    "last October": _last_october,
}
GRANULARITY = {"last year": "year", "this year": "year", "next year": "year", "last month": "month",
               "next month": "month", "last week": "week", "yesterday": "day", "last October": "month"}
RELATIVE = [*EXPECTED, "Monday", "last fall", "earlier this month", "the past two years", "since January",
            "Feb. 15", "last weekend", "two years ago", "later this year"]


def _one(text: str, expr: str, published: PartialDate | None) -> temporal.TimeMention:
    found = find_times(text, published)
    assert len(found) == 1, f"{text!r}: {found}"
    (t,) = found
    assert text[t.start:t.end] == expr, f"{text!r}: span {text[t.start:t.end]!r}"
    return t


@settings(max_examples=300)
@given(day=DAYS, expr=st.sampled_from(sorted(EXPECTED)))
def test_relative_expressions_resolve_to_the_right_calendar_unit(day: dt.date, expr: str) -> None:
    t = _one(f"The ministry said {expr} that prices rose.", expr, PartialDate.model_validate(day))
    p = t.period
    assert p is not None and p.start is not None and p.end is not None
    assert p.start <= p.end
    assert (p.start, p.end) == EXPECTED[expr](day), f"{expr} published {day}: {p.start}..{p.end}"
    assert p.granularity == GRANULARITY[expr]
    assert p.resolution == "relative"
    assert t.kind == "date"


@settings(max_examples=200)
@given(day=DAYS)
def test_weekday_is_the_last_such_day_within_six_days(day: dt.date) -> None:
    for name in ("Monday", "Wednesday", "Sunday"):
        p = _one(f"Police said {name} that two men were held.", name, PartialDate.model_validate(day)).period
        assert p is not None and p.start == p.end and p.start is not None
        assert p.start.strftime("%A") == name
        assert 0 <= (day - p.start).days <= 6


@settings(max_examples=200)
@given(day=DAYS, expr=st.sampled_from(RELATIVE))
def test_month_precision_contains_every_day_reading(day: dt.date, expr: str) -> None:
    text = f"Officials said {expr} the plan had changed."
    exact = _one(text, expr, PartialDate.model_validate(day)).period
    month = _one(text, expr, PartialDate(year=day.year, month=day.month)).period
    assert exact is not None and month is not None
    assert exact.start is not None and exact.end is not None and month.start is not None and month.end is not None
    assert month.start <= exact.start <= exact.end <= month.end
    assert month.resolution == "relative"


@settings(max_examples=60)
@given(expr=st.sampled_from(RELATIVE))
def test_no_publication_date_leaves_relative_expressions_unresolved(expr: str) -> None:
    p = _one(f"Officials said {expr} the plan had changed.", expr, None).period
    assert p is not None
    assert (p.start, p.end, p.resolution, p.note) == (None, None, "unresolved", "no publication date")


def test_module_reads_no_clock() -> None:
    source = inspect.getsource(temporal)
    for call in ("today()", ".now(", "utcnow", "time.time", "time()", "localtime", "gmtime", "datetime.today"):
        assert call not in source, f"temporal.py calls {call}"


def test_output_does_not_depend_on_the_clock(monkeypatch) -> None:
    text = ("Last week the council met. Since January, prices rose; yesterday they fell, and on Monday "
            "officials said Feb. 15 and last October were the worst days since 2008. A year later, it "
            "recovered; over the past two years, within a month, for three weeks.")
    published = PartialDate.model_validate("2021-05-10")
    first = find_times(text, published)
    assert len(first) >= 10
    assert find_times(text, published) == first
    for fake in (0.0, 4102444800.0, 1e10):  # 1970, 2100, 2286
        monkeypatch.setattr(time, "time", lambda fake=fake: fake)
        monkeypatch.setattr(time, "time_ns", lambda fake=fake: int(fake * 1e9))
        assert find_times(text, published) == first


def test_start_and_end_limit_the_scan() -> None:
    text = "In 2019 it fell. Last year it rose. Since 2008 it has doubled."
    published = PartialDate.model_validate("2021-05-10")
    everything = find_times(text, published)
    window = find_times(text, published, start=17, end=35)
    assert [text[t.start:t.end] for t in window] == ["Last year"]
    assert window[0] in everything


VOCAB = ["in", "since", "from", "to", "between", "and", "the", "last", "next", "this", "past", "over", "early",
         "mid-", "late", "end", "of", "a", "two", "few", "years", "year", "month", "week", "day", "ago", "later",
         "earlier", "before", "after", "that", "following", "October", "May", "Feb.", "15", "31", "30", "2021",
         "1999", "2012-18", "1990s", "'90s", "Q3", "fall", "winter", "spring", "Monday", "Sun.", ",", ".",
         "yesterday", "today", "within", "for", "recent", "quarter", "first", "half", "2:49", "10", "a.m.",
         "-", "–", "/", "11/18/2020", "2020-11-18", "2020-02-30", "9999", "1000", "century", "21st", "now",
         "24", "hours", "decade", "decades", "centuries", "99", "999"]
PUBS = st.one_of(st.none(), DAYS.map(PartialDate.model_validate),
                 st.builds(lambda d: PartialDate(year=d.year, month=d.month), DAYS),
                 st.builds(lambda d: PartialDate(year=d.year), DAYS))


def _check_well_formed(text: str, found: list[temporal.TimeMention]) -> None:
    last_end = 0
    for t in found:
        assert last_end <= t.start < t.end <= len(text)
        last_end = t.end
        assert t.kind in ("date", "period", "duration")
        assert (t.period is None) == (t.kind == "duration")
        if t.period is not None:
            p = t.period
            assert p.text == text[t.start:t.end]
            if p.start is not None and p.end is not None:
                assert p.start <= p.end
                assert p.resolution in ("absolute", "relative")
            else:
                assert p.resolution == "unresolved" and p.note
        else:
            assert t.duration is not None and t.duration[0] > 0


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(words=st.lists(st.sampled_from(VOCAB), max_size=25), published=PUBS)
def test_temporal_word_salad_never_raises(words: list[str], published: PartialDate | None) -> None:
    text = " ".join(words)
    _check_well_formed(text, find_times(text, published))


@settings(max_examples=300)
@given(text=st.text(max_size=200), published=PUBS)
def test_arbitrary_text_never_raises(text: str, published: PartialDate | None) -> None:
    _check_well_formed(text, find_times(text, published))


def test_no_clock_words_in_spans() -> None:
    text = "At 2:49 and 10 a.m. on Monday the 9:50 p.m. train left."
    spans = [text[t.start:t.end] for t in find_times(text, PartialDate.model_validate("2021-05-10"))]
    assert spans == ["Monday"]
    assert not any(re.search(r"\d:\d\d|a\.m\.", s) for s in spans)
