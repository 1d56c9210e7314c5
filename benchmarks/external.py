#!/usr/bin/env python3
"""factcheck, quantulum3 and dateparser on other projects' test suites (Recognizers-Text, quantulum3).

    python benchmarks/external.py [--data DIR] [--out benchmarks/out] [--markdown] [--no-extra]
                                  [--no-datetime] [--reuse quantulum3,dateparser]
                                  [--files rt_number,rt_percent] [--files rt_datetime]

For each suite file and each system this writes predictions in the scorer's format
(`{"id", "predicted": [{"start", "end", "value", "unit", "kind", "low", "high"}]}`) to
`OUT/<file>.<system>.jsonl`, scores them with the `score`/`metrics` functions of `score.py` from the
data folder (imported from there, not copied), and prints one side-by-side row per file plus a TOTAL
(micro-average over the main files). It also writes `OUT/<system>.errors.jsonl`: per case, the gold
items nothing matched (`missed`), the predictions that matched nothing (`spurious`) and the matched
pairs whose value is wrong (`wrong_value`).

The headline is score.py's ALL row: a prediction matches a gold item when the spans overlap, kinds need
not agree. It is scored with `--drop-unit-only` semantics: Recognizers-Text also annotates bare unit
words with no number ("dollars", "percent"); those are not claims in factcheck's design, so they are
dropped from the gold (the quantulum3 files have no such items). Kinds are still mapped to each file's
gold vocabulary (see `GOLD_KIND`) so that the per-kind rows in the prediction files make sense.

factcheck deliberately does not extract years, dates, ordinals and the other "not figures" of
docs/extraction.md; the Recognizers-Text number file annotates some of them. Nothing is special-cased:
the figures below count them as misses.

Dates and times are a section of their own: `rt_datetime` (Recognizers-Text's DateTimeModel cases) scores
factcheck's date, period and duration claims beside dateparser's `search_dates`, each case's
`reference_date` being the publication date (dateparser's `RELATIVE_BASE`). Predictions carry a TIMEX-like
string: see `period_timex` and `make_dateparser`. Its errors go to `OUT/rt_datetime.<system>.errors.jsonl`.
`--files rt_datetime` runs that section alone; `--no-datetime` skips it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import re
import sys
import textwrap
import time
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "benchmarks" / "external"
DEFAULT_OUT = REPO / "benchmarks" / "out"

MAIN_FILES = ["rt_number", "rt_percent", "rt_currency", "rt_dimension",
              "quantulum3_quantities", "quantulum3_ambiguity"]
EXTRA_FILES = ["rt_number_range", "rt_age", "rt_temperature"]
SYSTEMS = ["factcheck", "quantulum3"]  # the number files
DATETIME_FILES = ["rt_datetime"]
DATETIME_SYSTEMS = ["factcheck", "dateparser"]
RT_TOTAL = "TOTAL rt_* only"  # the main files without quantulum3's own tests (it scores 1.0 there)

# A system's figure class (factcheck's claim kinds: count, percent, money, measurement, duration, plus
# "range" for a count with no single value and "temperature" for a measurement in a temperature unit)
# -> the kind each suite file uses for that sort of item. Default first, then per-file overrides.
DEFAULT_KIND = {"count": "number", "range": "number", "percent": "percent", "money": "currency",
                "measurement": "quantity", "temperature": "quantity", "duration": "quantity"}
GOLD_KIND: dict[str, dict[str, str]] = {
    "rt_number_range": {"count": "number_range", "range": "number_range"},
    "rt_age": {"duration": "age"},
    "rt_temperature": {"temperature": "temperature"},
    # the converted quantulum3 gold labels its two percentages "currency" (unit "percentage")
    "quantulum3_quantities": {"percent": "currency"},
    "quantulum3_ambiguity": {"percent": "currency"},
}
NUMERIC_KINDS = {"count", "percent", "money", "measurement", "duration"}
TEMPERATURE_WORDS = ("celsius", "fahrenheit", "kelvin")


def gold_kind(stem: str, figure_class: str) -> str:
    return GOLD_KIND.get(stem, {}).get(figure_class) or DEFAULT_KIND.get(figure_class, figure_class)


def _is_temperature(unit: str | None) -> bool:
    return unit is not None and any(w in unit.lower() for w in TEMPERATURE_WORDS)


def load_scorer(data: Path) -> ModuleType:
    """Import score.py from the data folder (it is stdlib-only and lives with the suites)."""
    spec = importlib.util.spec_from_file_location("external_score", data / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {data / 'score.py'}")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# ----------------------------------------------------------------------------- systems
Predictor = Callable[[dict[str, Any], str], list[dict[str, Any]]]


def make_factcheck() -> Predictor:
    from factcheck.extract import extract_text

    def predict(case: dict[str, Any], stem: str) -> list[dict[str, Any]]:
        out = []
        for c in extract_text(case["text"], doc_id=str(case["id"])):
            if c.kind not in NUMERIC_KINDS:
                continue  # dates and periods are scored by the temporal benchmark, not here
            cls = c.kind
            if cls == "count" and c.value is None:
                cls = "range"
            elif cls == "measurement" and _is_temperature(c.unit):
                cls = "temperature"
            out.append({"start": c.start, "end": c.end, "value": c.value, "unit": c.unit,
                        "kind": gold_kind(stem, cls), "low": c.low, "high": c.high,
                        "text": c.text, "fc_kind": c.kind})
        return out

    return predict


def make_quantulum3() -> Predictor:
    warnings.filterwarnings("ignore", module="quantulum3")
    from quantulum3 import parser

    def predict(case: dict[str, Any], stem: str) -> list[dict[str, Any]]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            quantities = parser.parse(case["text"])
        out = []
        for q in quantities:
            unit, entity = q.unit.name, q.unit.entity.name
            if entity == "currency":
                cls = "money"
            elif unit == "percentage":
                cls = "percent"
            elif entity == "dimensionless":
                cls = "range" if q.uncertainty else "count"
            elif entity == "temperature" or _is_temperature(unit):
                cls = "temperature"
            elif entity == "time":
                cls = "duration"
            else:
                cls = "measurement"
            value = float(q.value)
            low = high = value
            if q.uncertainty:  # quantulum3 gives "5 to 6" as midpoint 5.5 +/- 0.5
                low, high = value - float(q.uncertainty), value + float(q.uncertainty)
            out.append({"start": q.span[0], "end": q.span[1], "value": value, "unit": unit,
                        "kind": gold_kind(stem, cls), "low": low, "high": high,
                        "text": q.surface, "entity": entity})
        return out

    return predict


MAKERS: dict[str, Callable[[], Predictor]] = {"factcheck": make_factcheck, "quantulum3": make_quantulum3}


# ----------------------------------------------------------------------------- dates and times
# Recognizers-Text's gold (rt_datetime.jsonl) writes a resolved period as "start/end" with an exclusive end
# ("2019-08-01/2019-09-01" for August 2019) and its `timex` at the period's own grain: "2019-08-04",
# "2019-08", "2019", ISO weeks "2019-W32", seasons "2016-SU"; quarters, decades and other stretches only as
# "(start,end,PnD)" with the same interval in `resolved_values`. Durations are "P3M" with `value` in
# seconds (a month is 30 days, a year 365). score.py accepts a prediction's `timex`, `iso` or a numeric
# duration `value`, so each claim carries its granular TIMEX as `timex` and the interval as `iso`: two
# spellings of one period, not two guesses.
TEMPORAL_KINDS = {"date", "period", "duration"}
SEASON_CODE = {3: "SP", 6: "SU", 9: "FA", 12: "WI"}  # the first month of a meteorological season
DURATION_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 7 * 86400,
                    "month": 30 * 86400, "quarter": 90 * 86400, "year": 365 * 86400,
                    "decade": 3650 * 86400, "century": 36500 * 86400}
DURATION_TIMEX = {"year": ("Y", 1), "decade": ("Y", 10), "century": ("Y", 100), "month": ("M", 1),
                  "quarter": ("M", 3), "week": ("W", 1), "day": ("D", 1),
                  "hour": ("TH", 1), "minute": ("TM", 1), "second": ("TS", 1)}
# a clock time inside a dateparser hit ("8:45a", "7pm", "noon"): the hit is then a datetime, not a date
CLOCK_RE = re.compile(r"\d:\d|\d\s*[ap]\.?m\b|\d[ap]\b|\b(?:noon|midnight)\b", re.IGNORECASE)


def period_timex(start: dt.date | None, end: dt.date | None, granularity: str | None
                 ) -> tuple[str | None, str | None]:
    """(timex, iso) for a period with inclusive `start`/`end`, as Recognizers-Text would write it."""
    if start is None and end is None:
        return None, None
    after = end + dt.timedelta(days=1) if end is not None else None
    iso = f"{start.isoformat() if start else ''}/{after.isoformat() if after else ''}"
    if start is None or end is None:
        return iso, iso  # open ("start/"): RT writes "since X" this way
    if start == end:
        return start.isoformat(), start.isoformat()
    timex = iso
    assert after is not None
    whole_months = start.day == 1 and after.day == 1
    if granularity == "month" and whole_months and (start.year, start.month) == (end.year, end.month):
        timex = f"{start:%Y-%m}"
    elif granularity == "year" and whole_months and start.year == end.year and (start.month, end.month) == (1, 12):
        timex = f"{start.year:04d}"
    elif granularity == "week" and start.weekday() == 0 and (end - start).days == 6:
        year, week, _ = start.isocalendar()
        timex = f"{year:04d}-W{week:02d}"
    elif granularity == "season" and whole_months and start.month in SEASON_CODE:
        # the gold has no winter to copy; a winter (Dec-Feb) is given the year of its January
        year = end.year if start.month == 12 else start.year
        timex = f"{year:04d}-{SEASON_CODE[start.month]}"
    return timex, iso


def _num_str(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def duration_timex(value: float | None, unit: str | None) -> tuple[str | None, float | None]:
    """("P3M", seconds) for a duration claim; (None, None) when it has no single value or unknown unit."""
    if value is None or unit not in DURATION_SECONDS:
        return None, None
    code, mult = DURATION_TIMEX[unit]
    n = _num_str(value * mult)
    timex = f"PT{n}{code[1]}" if code.startswith("T") else f"P{n}{code}"
    return timex, value * DURATION_SECONDS[unit]


def make_factcheck_dates() -> Predictor:
    """factcheck's date, period and duration claims, with each case's reference_date as publication date."""
    from factcheck.extract import extract_text

    extract_text("It began on Jan. 4, 2019, a year ago.", published="2020-01-10")  # warm up (regex compile)

    def predict(case: dict[str, Any], stem: str) -> list[dict[str, Any]]:
        out = []
        for c in extract_text(case["text"], doc_id=str(case["id"]), published=case.get("reference_date")):
            if c.kind not in TEMPORAL_KINDS:
                continue
            pred: dict[str, Any] = {"start": c.start, "end": c.end, "text": c.text, "fc_kind": c.kind}
            if c.kind == "duration":
                timex, seconds = duration_timex(c.value, c.unit)
                pred.update(kind="duration", timex=timex, value=seconds, unit=c.unit)
            else:
                p = c.period
                gran = p.granularity if p is not None else None
                timex, iso = period_timex(p.start, p.end, gran) if p is not None else (None, None)
                # RT's vocabulary: a single day is a "date", a month, week, year or any stretch a "date_range"
                day = gran == "day" or (p is not None and p.start is not None and p.start == p.end)
                pred.update(kind="date" if day else "date_range", timex=timex, iso=iso, granularity=gran,
                            note=p.note if p is not None else None)
            out.append(pred)
        return out

    return predict


def reference_datetime(case: dict[str, Any]) -> dt.datetime | None:
    if case.get("reference_datetime"):
        return dt.datetime.fromisoformat(case["reference_datetime"])
    if case.get("reference_date"):
        return dt.datetime.fromisoformat(case["reference_date"])
    return None


def make_dateparser() -> Predictor:
    """dateparser's search_dates, called the documented way that favours it most on this file.

    `languages=["en"]` skips language detection, `RELATIVE_BASE` is the case's reference datetime (so
    "tomorrow" and "last week" resolve as the gold expects) and `PREFER_DATES_FROM: "past"` as for news.
    (The four cases without a reference date run without RELATIVE_BASE; none of them is relative.)
    Each (substring, datetime) hit is located in the text left to right, never reusing text already
    located; a hit that cannot be found is dropped and counted in `unlocated`. It gives one datetime, so
    every hit is a day, YYYY-MM-DD, kind "date"; a hit with a clock time in it is a "datetime" and also
    carries the full ISO datetime as `iso`, which RT's datetime gold accepts.
    """
    warnings.filterwarnings("ignore", module="dateparser")
    from dateparser.search import search_dates

    search_dates("It began on Jan. 4, 2019, a year ago.", languages=["en"],
                 settings={"RELATIVE_BASE": dt.datetime(2020, 1, 10), "PREFER_DATES_FROM": "past"})  # warm up
    unlocated = {"n": 0}

    def predict(case: dict[str, Any], stem: str) -> list[dict[str, Any]]:
        text = case["text"]
        settings: dict[str, Any] = {"PREFER_DATES_FROM": "past"}
        base = reference_datetime(case)
        if base is not None:
            settings["RELATIVE_BASE"] = base
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            hits = search_dates(text, languages=["en"], settings=settings) or []
        out, pos = [], 0
        for sub, when in hits:
            i = text.find(sub, pos)
            if i < 0:
                unlocated["n"] += 1
                continue
            pos = i + len(sub)
            pred: dict[str, Any] = {"start": i, "end": pos, "text": sub, "kind": "date",
                                    "timex": when.date().isoformat()}
            if CLOCK_RE.search(sub):
                pred.update(kind="datetime", iso=when.isoformat(timespec="seconds"))
            out.append(pred)
        return out

    predict.unlocated = unlocated  # type: ignore[attr-defined]
    return predict


DATETIME_MAKERS: dict[str, Callable[[], Predictor]] = {"factcheck": make_factcheck_dates,
                                                       "dateparser": make_dateparser}


# ----------------------------------------------------------------------------- running
def run_system(system: str, predict: Predictor, stem: str, gold: list[dict[str, Any]]
               ) -> tuple[list[dict[str, Any]], int, float]:
    """Predictions for every case; returns (rows, cases that raised, seconds)."""
    rows, failures = [], 0
    tty = sys.stderr.isatty()
    t0 = time.perf_counter()
    for i, case in enumerate(gold, 1):
        try:
            pred = predict(case, stem)
        except Exception as exc:
            failures += 1
            if failures <= 3:
                print(f"\n[{system}] {case['id']}: {type(exc).__name__}: {exc}", file=sys.stderr)
            pred = []
        rows.append({"id": case["id"], "predicted": pred})
        if tty and (i % 10 == 0 or i == len(gold)):
            print(f"\r[{system}] {stem}: {i}/{len(gold)}", end="", file=sys.stderr, flush=True)
    secs = time.perf_counter() - t0
    end = "\r" if tty else ""
    print(f"{end}[{system}] {stem}: {len(gold)} cases in {secs:.1f} s"
          + (f", {failures} raised" if failures else ""), file=sys.stderr, flush=True)
    return rows, failures, secs


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


NUMBER_SLIM = ("text", "start", "end", "kind", "value", "low", "high", "unit")
DATETIME_GOLD_SLIM = ("text", "start", "end", "kind", "timex", "timex_alternatives", "resolved_values", "value")
DATETIME_PRED_SLIM = ("text", "start", "end", "kind", "timex", "iso", "value", "unit", "granularity", "note")


def error_records(scorer: ModuleType, stem: str, gold: list[dict[str, Any]],
                  preds: list[dict[str, Any]], gold_slim: tuple[str, ...] = NUMBER_SLIM,
                  pred_slim: tuple[str, ...] = NUMBER_SLIM, case_keys: tuple[str, ...] = ()
                  ) -> list[dict[str, Any]]:
    """Per case: unmatched gold, unmatched predictions, matched pairs with a wrong value."""
    by_id = {str(r["id"]): r.get("predicted") or [] for r in preds}
    out = []
    for case in gold:
        exp = [e for e in case.get("expected", []) if not e.get("unit_only")]
        prd = by_id.get(str(case["id"]), [])
        pairs = scorer.match(exp, prd)
        got_e = {i for i, _ in pairs}
        got_p = {j for _, j in pairs}
        rec = {
            "file": stem, "id": case["id"], "text": case["text"], **{k: case.get(k) for k in case_keys},
            "missed": [{k: exp[i].get(k) for k in gold_slim} for i in range(len(exp)) if i not in got_e],
            "spurious": [{k: prd[j].get(k) for k in pred_slim} for j in range(len(prd)) if j not in got_p],
            "wrong_value": [{"gold": {k: exp[i].get(k) for k in gold_slim},
                             "pred": {k: prd[j].get(k) for k in pred_slim}}
                            for i, j in pairs if scorer.value_status(exp[i], prd[j]) is False],
        }
        if rec["missed"] or rec["spurious"] or rec["wrong_value"]:
            out.append(rec)
    return out


# ----------------------------------------------------------------------------- report
def fmt(x: float | None) -> str:
    return "  n/a" if x is None else f"{x:5.3f}"


def add_counts(into: dict[str, int], c: dict[str, int]) -> None:
    for k, v in c.items():
        into[k] = into.get(k, 0) + v


def render(results: list[tuple[str, int, dict[str, dict[str, Any]]]], systems: list[str],
           markdown: bool) -> str:
    """results: (row label, cases, {system: metrics}) rows, in order."""
    lines = []
    if markdown:
        head = ["file", "cases", "gold"]
        for s in systems:
            head += [f"{s} pred", f"{s} P / R / F1", f"{s} value acc (n)"]
        lines.append("| " + " | ".join(head) + " |")
        lines.append("|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|")
        for label, cases, ms in results:
            any_m = next(iter(ms.values()))
            cells = [f"**{label}**" if label.startswith("TOTAL") else label, str(cases), str(any_m["n_exp"])]
            for s in systems:
                m = ms[s]
                cells += [str(m["n_pred"]), f"{fmt(m['precision'])} / {fmt(m['recall'])} / {fmt(m['f1'])}",
                          f"{fmt(m['value_acc'])} ({m['val_n']})"]
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)
    w = max(len(r[0]) for r in results) + 2
    top = f"{'':<{w}}{'':>6}{'':>6}" + "".join(f"  {s:^36}" for s in systems)
    head = f"{'file':<{w}}{'cases':>6}{'gold':>6}" + "".join(
        f"  {'pred':>5}{'P':>6}{'R':>6}{'F1':>6}{'val':>6}{'(n)':>6}" for _ in systems)
    lines += [top, head]
    for label, cases, ms in results:
        if label == "TOTAL" or label.startswith("--"):
            lines.append("-" * len(head))
        if label.startswith("--"):
            lines.append(label)
            continue
        any_m = next(iter(ms.values()))
        row = f"{label:<{w}}{cases:>6}{any_m['n_exp']:>6}"
        for s in systems:
            m = ms[s]
            row += (f"  {m['n_pred']:>5}{fmt(m['precision']):>6}{fmt(m['recall']):>6}{fmt(m['f1']):>6}"
                    f"{fmt(m['value_acc']):>6}{m['val_n']:>6}")
        lines.append(row)
    return "\n".join(lines)


NOTE = ("score.py ALL row per file: spans overlap-match, kinds need not agree; --drop-unit-only (bare unit "
        "words such as 'dollars' with no number are not claims in factcheck's design). TOTAL = micro-average "
        "over the six main files; 'TOTAL rt_* only' leaves out quantulum3's own tests. "
        "val = value accuracy over matched gold items with a value, (n) = how many. "
        "Years, dates and ordinals are deliberately not figures in factcheck; they count as misses here.")


DATETIME_KIND_ROWS = ("date", "date_range", "duration")
CLOCK_KINDS = ("time", "time_range", "datetime", "datetime_range")
DATETIME_NOTE = (
    "{stem}: score.py's ALL row (spans overlap-match, kinds need not agree) and per-kind rows in the gold's "
    "kinds; 'other' = {other}. Predictions take those kinds: factcheck's single days are 'date', its weeks, "
    "months, years and other periods 'date_range', its durations 'duration'; a dateparser hit is a 'date', "
    "or a 'datetime' when it contains a clock time. val = value accuracy: the predicted TIMEX (YYYY-MM-DD, "
    "YYYY-MM, YYYY, YYYY-Www, YYYY-SU, or start/end with the end exclusive as the gold writes it; durations "
    "as P3M or seconds) equals the gold timex, an alternative or a resolved value. The reference_date of each "
    "case is the publication date. factcheck does not extract clock times, by design: the {n_clock} gold "
    "items of kinds time, time_range, datetime and datetime_range count as misses for it (or match only "
    "their date part, with a wrong value). dateparser is called the favourable, documented way: "
    "search_dates(text, languages=['en'], settings={{'RELATIVE_BASE': the case's reference datetime, "
    "'PREFER_DATES_FROM': 'past'}}); it returns one datetime per hit, so a month, year, week or range "
    "comes out as a single day (YYYY-MM-DD) and cannot score a right value. Times are for the whole file, "
    "after setup (the import, unless the number section did it, and one warm-up call).")


def datetime_rows(scorer: ModuleType, per: dict[Any, dict[str, int]], total: dict[str, int]
                  ) -> list[tuple[str, dict[str, Any]]]:
    """ALL, date, date_range, duration and 'other' (every other gold kind) metrics."""
    rows = [("ALL", scorer.metrics(total))]
    for k in DATETIME_KIND_ROWS:
        rows.append((k, scorer.metrics(per.get(k) or scorer.new_counts())))
    other = scorer.new_counts()
    for k, c in per.items():
        if k not in DATETIME_KIND_ROWS:
            add_counts(other, c)
    rows.append(("other", scorer.metrics(other)))
    return rows


def render_datetime(stem: str, n_cases: int, rows: dict[str, list[tuple[str, dict[str, Any]]]],
                    timing: dict[str, tuple[float | None, float | None]], systems: list[str],
                    markdown: bool) -> str:
    """rows: {system: [(kind, metrics)]}, same kinds in the same order; timing: {system: (file s, setup s)}."""
    labels = [k for k, _ in rows[systems[0]]]
    n_cases_txt = f"{n_cases} cases"

    def secs(s: str) -> str:
        run, load = timing[s]
        if run is None:
            return f"{s}: reused predictions"
        return f"{s} {run:.2f} s ({run / n_cases * 1000:.2f} ms per case; setup {load:.2f} s)"

    time_line = f"time for the {n_cases_txt}: " + ", ".join(secs(s) for s in systems)
    lines = []
    if markdown:
        head = ["kind", "gold"]
        for s in systems:
            head += [f"{s} pred", f"{s} P / R / F1", f"{s} value acc (n)"]
        lines.append("| " + " | ".join(head) + " |")
        lines.append("|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|")
        for i, label in enumerate(labels):
            any_m = rows[systems[0]][i][1]
            cells = ["**ALL**" if label == "ALL" else label, str(any_m["n_exp"])]
            for s in systems:
                m = rows[s][i][1]
                cells += [str(m["n_pred"]), f"{fmt(m['precision'])} / {fmt(m['recall'])} / {fmt(m['f1'])}",
                          f"{fmt(m['value_acc'])} ({m['val_n']})"]
            lines.append("| " + " | ".join(cells) + " |")
        lines += ["", time_line]
        return "\n".join(lines)
    w = max(len(lab) for lab in labels) + 2
    lines.append(f"{stem} (Recognizers-Text date-time), {n_cases_txt}")
    top = f"{'':<{w}}{'':>6}" + "".join(f"  {s:^35}" for s in systems)
    head = f"{'kind':<{w}}{'gold':>6}" + "".join(
        f"  {'pred':>5}{'P':>6}{'R':>6}{'F1':>6}{'val':>6}{'(n)':>6}" for _ in systems)
    lines += [top, head]
    for i, label in enumerate(labels):
        any_m = rows[systems[0]][i][1]
        row = f"{label:<{w}}{any_m['n_exp']:>6}"
        for s in systems:
            m = rows[s][i][1]
            row += (f"  {m['n_pred']:>5}{fmt(m['precision']):>6}{fmt(m['recall']):>6}{fmt(m['f1']):>6}"
                    f"{fmt(m['value_acc']):>6}{m['val_n']:>6}")
        lines.append(row)
        if label == "ALL":
            lines.append("-" * len(head))
    lines.append(time_line)
    return "\n".join(lines)


def make_predictors(makers: dict[str, Callable[[], Predictor]], systems: list[str], reuse: set[str],
                    tag: str = "") -> tuple[dict[str, Predictor], dict[str, float]]:
    predictors: dict[str, Predictor] = {}
    load: dict[str, float] = {}
    for s in systems:
        if s in reuse:
            continue
        t0 = time.perf_counter()
        try:
            predictors[s] = makers[s]()
        except ImportError as exc:
            raise SystemExit(f"{s} is not available: {exc}") from exc
        load[s] = time.perf_counter() - t0
        print(f"[{s}{tag}] ready in {load[s]:.1f} s", file=sys.stderr)
    return predictors, load


def run_numbers(a: argparse.Namespace, scorer: ModuleType, systems: list[str], reuse: set[str],
                main_files: list[str], extra_files: list[str]) -> str:
    """The number files: one row per file, TOTAL rows, and the errors file per system."""
    predictors, _load = make_predictors(MAKERS, systems, reuse)
    results: list[tuple[str, int, dict[str, dict[str, Any]]]] = []
    totals: dict[str, dict[str, int]] = {s: {} for s in systems}
    rt_totals: dict[str, dict[str, int]] = {s: {} for s in systems}  # without quantulum3's own tests

    def total_rows() -> list[tuple[str, int, dict[str, dict[str, Any]]]]:
        rows = [("TOTAL", 0, {s: scorer.metrics(totals[s]) for s in systems})]
        if any(f.startswith("rt_") for f in main_files) and not all(f.startswith("rt_") for f in main_files):
            rows.append((RT_TOTAL, 0, {s: scorer.metrics(rt_totals[s]) for s in systems}))
        return rows

    errors: dict[str, list[dict[str, Any]]] = {s: [] for s in systems}
    seconds = dict.fromkeys(systems, 0.0)
    for group, stems in (("main", main_files), ("extra", extra_files)):
        if group == "extra" and stems:
            results.extend(total_rows())
            results.append(("-- extra rows (not in TOTAL)", 0, {}))
        for stem in stems:
            gold = scorer.read_jsonl(str(a.data / f"{stem}.jsonl"))
            ms = {}
            for s in systems:
                path = a.out / f"{stem}.{s}.jsonl"
                if s in reuse:
                    preds = read_jsonl(path)
                else:
                    preds, _, secs = run_system(s, predictors[s], stem, gold)
                    seconds[s] += secs
                    write_jsonl(path, preds)
                _per, total, _phk, _unknown = scorer.score(gold, preds, drop_unit_only=True)
                if group == "main":
                    add_counts(totals[s], total)
                    if stem.startswith("rt_"):
                        add_counts(rt_totals[s], total)
                ms[s] = scorer.metrics(total)
                errors[s].extend(error_records(scorer, stem, gold, preds))
            results.append((stem if group == "main" else f"{stem} (extra)", len(gold), ms))
    if not extra_files:
        results.extend(total_rows())
    for s in systems:
        write_jsonl(a.out / f"{s}.errors.jsonl", errors[s])
    for s in systems:
        if s not in reuse:
            print(f"[{s}] {seconds[s]:.1f} s over all cases", file=sys.stderr)

    n_cases = sum(c for label, c, _ in results if label in main_files)
    n_rt = sum(c for label, c, _ in results if label in main_files and label.startswith("rt_"))
    results = [(lab, n_cases if lab == "TOTAL" else n_rt if lab == RT_TOTAL else c, ms)
               for lab, c, ms in results]
    if a.markdown:
        results = [r for r in results if not r[0].startswith("--")]
    return render(results, systems, a.markdown) + "\n\n" + textwrap.fill(NOTE, 110)


def run_datetime(a: argparse.Namespace, scorer: ModuleType, systems: list[str], reuse: set[str],
                 stem: str) -> str:
    """One date-time file, every system on the same cases: per-kind rows, timing, an errors file each."""
    predictors, load = make_predictors(DATETIME_MAKERS, systems, reuse, tag=" dates")
    gold = scorer.read_jsonl(str(a.data / f"{stem}.jsonl"))
    rows: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    timing: dict[str, tuple[float | None, float | None]] = {}
    other: set[str] = set()
    for s in systems:
        path = a.out / f"{stem}.{s}.jsonl"
        if s in reuse:
            preds, timing[s] = read_jsonl(path), (None, None)
        else:
            preds, _, secs = run_system(s, predictors[s], stem, gold)
            timing[s] = (secs, load[s])
            write_jsonl(path, preds)
            lost = getattr(predictors[s], "unlocated", {}).get("n")
            if lost:
                print(f"[{s}] {stem}: {lost} hits not found in their text (dropped)", file=sys.stderr)
        per, total, _phk, _unknown = scorer.score(gold, preds, drop_unit_only=True)
        other |= {str(k) for k, c in per.items() if k not in DATETIME_KIND_ROWS and c["n_exp"]}
        rows[s] = datetime_rows(scorer, per, total)
        write_jsonl(a.out / f"{stem}.{s}.errors.jsonl",
                    error_records(scorer, stem, gold, preds, DATETIME_GOLD_SLIM, DATETIME_PRED_SLIM,
                                  ("reference_date",)))
    n_clock = sum(1 for case in gold for e in case.get("expected", []) if e.get("kind") in CLOCK_KINDS)
    note = DATETIME_NOTE.format(stem=stem, other=", ".join(sorted(other)), n_clock=n_clock)
    return render_datetime(stem, len(gold), rows, timing, systems, a.markdown) + "\n\n" + textwrap.fill(note, 110)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with the suites and score.py")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where predictions are written")
    ap.add_argument("--files", help="comma-separated file stems (default: the six main files + extras + "
                                    "rt_datetime); rt_datetime alone runs only the date-time section")
    ap.add_argument("--no-extra", action="store_true",
                    help="skip the extra rows (rt_number_range, rt_age, rt_temperature)")
    ap.add_argument("--no-datetime", action="store_true", help="skip the date-time section (rt_datetime)")
    ap.add_argument("--systems", default=",".join(dict.fromkeys(SYSTEMS + DATETIME_SYSTEMS)),
                    help="comma-separated: factcheck,quantulum3 (number files), factcheck,dateparser "
                         "(rt_datetime); each section runs the ones it knows")
    ap.add_argument("--reuse", default="",
                    help="comma-separated systems whose predictions are read from --out instead of rerun")
    ap.add_argument("--markdown", action="store_true", help="print the tables as Markdown")
    a = ap.parse_args(argv)

    scorer = load_scorer(a.data)
    systems = [s for s in a.systems.split(",") if s]
    reuse = {s for s in a.reuse.split(",") if s}
    for s in systems:
        if s not in MAKERS and s not in DATETIME_MAKERS:
            ap.error(f"unknown system {s!r}; choose from {', '.join(dict.fromkeys([*MAKERS, *DATETIME_MAKERS]))}")
    if a.files:
        stems = [f.removesuffix(".jsonl") for f in a.files.split(",") if f]
        main_files, extra_files = [f for f in stems if f not in DATETIME_FILES], []
        datetime_files = [f for f in stems if f in DATETIME_FILES]
    else:
        main_files, extra_files = MAIN_FILES, ([] if a.no_extra else EXTRA_FILES)
        datetime_files = [] if a.no_datetime else DATETIME_FILES
    number_systems = [s for s in systems if s in MAKERS]
    datetime_systems = [s for s in systems if s in DATETIME_MAKERS]
    missing = [f"{stem}.{s}.jsonl" for s in reuse
               for stem in [*(main_files + extra_files if s in number_systems else []),
                            *(datetime_files if s in datetime_systems else [])]
               if not (a.out / f"{stem}.{s}.jsonl").exists()]
    if missing:
        ap.error(f"--reuse: no earlier predictions in {a.out} ({', '.join(missing[:3])}"
                 f"{', …' if len(missing) > 3 else ''}); run once without --reuse, or pass that run's --out")

    sections = []
    if main_files and number_systems:
        sections.append(run_numbers(a, scorer, number_systems, reuse, main_files, extra_files))
    for stem in datetime_files:
        if datetime_systems:
            heading = "### Dates and times (Recognizers-Text date-time)\n\n" if a.markdown else ""
            sections.append(heading + run_datetime(a, scorer, datetime_systems, reuse, stem))
    if not sections:
        ap.error("nothing to run: no file has a system among --systems")
    print("\n\n".join(sections))
    print(f"predictions and errors: {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
