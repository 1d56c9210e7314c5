#!/usr/bin/env python3
"""factcheck and quantulum3 on other projects' test suites (Recognizers-Text, quantulum3).

    python benchmarks/external.py [--data DIR] [--out benchmarks/out] [--markdown] [--no-extra]
                                  [--reuse quantulum3] [--files rt_number,rt_percent]

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
"""

from __future__ import annotations

import argparse
import importlib.util
import json
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
SYSTEMS = ["factcheck", "quantulum3"]
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


def error_records(scorer: ModuleType, stem: str, gold: list[dict[str, Any]],
                  preds: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per case: unmatched gold, unmatched predictions, matched pairs with a wrong value."""
    by_id = {str(r["id"]): r.get("predicted") or [] for r in preds}
    out = []
    for case in gold:
        exp = [e for e in case.get("expected", []) if not e.get("unit_only")]
        prd = by_id.get(str(case["id"]), [])
        pairs = scorer.match(exp, prd)
        got_e = {i for i, _ in pairs}
        got_p = {j for _, j in pairs}
        slim = ("text", "start", "end", "kind", "value", "low", "high", "unit")
        rec = {
            "file": stem, "id": case["id"], "text": case["text"],
            "missed": [{k: exp[i].get(k) for k in slim} for i in range(len(exp)) if i not in got_e],
            "spurious": [{k: prd[j].get(k) for k in slim} for j in range(len(prd)) if j not in got_p],
            "wrong_value": [{"gold": {k: exp[i].get(k) for k in slim},
                             "pred": {k: prd[j].get(k) for k in slim}}
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with the suites and score.py")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where predictions are written")
    ap.add_argument("--files", help="comma-separated file stems (default: the six main files + extras)")
    ap.add_argument("--no-extra", action="store_true",
                    help="skip the extra rows (rt_number_range, rt_age, rt_temperature)")
    ap.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated: factcheck,quantulum3")
    ap.add_argument("--reuse", default="",
                    help="comma-separated systems whose predictions are read from --out instead of rerun")
    ap.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    a = ap.parse_args(argv)

    scorer = load_scorer(a.data)
    systems = [s for s in a.systems.split(",") if s]
    reuse = {s for s in a.reuse.split(",") if s}
    for s in systems:
        if s not in MAKERS:
            ap.error(f"unknown system {s!r}; choose from {', '.join(MAKERS)}")
    if a.files:
        main_files, extra_files = [f.removesuffix(".jsonl") for f in a.files.split(",")], []
    else:
        main_files, extra_files = MAIN_FILES, ([] if a.no_extra else EXTRA_FILES)

    predictors: dict[str, Predictor] = {}
    for s in systems:
        if s in reuse:
            continue
        t0 = time.perf_counter()
        try:
            predictors[s] = MAKERS[s]()
        except ImportError as exc:
            raise SystemExit(f"{s} is not available: {exc}") from exc
        print(f"[{s}] ready in {time.perf_counter() - t0:.1f} s", file=sys.stderr)

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
    print(render(results, systems, a.markdown))
    print()
    print(textwrap.fill(NOTE, 110))
    print(f"predictions and errors: {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
