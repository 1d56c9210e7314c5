#!/usr/bin/env python3
"""How the check grows with the corpus: extraction and `check_claims` on ~1k, 10k and 100k claims, and a
cold `factcheck check DRAFT --against seeds/`.

    python benchmarks/check_scale.py [--sizes 1000 10000 100000] [--repeat 3] [--cold-runs 5] [--seed 7]

* Corpus. Synthetic news articles built from sentence templates over 14 measures (acres burned,
  homicides, unemployment rate, jobs added, rainfall, votes, budgets, measles cases, evacuations, power
  outages, arrests (dated events), changes with a stated percentage ...), 60 places and 25 years, so
  that the facts repeat across articles about as often as they do in an archive. Each fact has one true
  value, written in varying wording ("about", "more than", hectares for acres); about 2% of the figures
  are planted contradictions (the value x1.6) and about 2% of the arrests are dated a few days off.
  (Most date contradictions reported are not planted: the check links "the council approved" and "the
  mayoral election" sentences of different cities and years as one event.)
  Articles are 6-14 sentences in paragraphs of 1-3 sentences. The number of articles is chosen so
  that extraction yields about the requested number of claims (dates and periods count as claims).
* Extraction: `factcheck.extract` over every article (context on, as `check` uses it); best of
  `--repeat` below 50k claims, one run above.
* `check_claims`: the linking and findings stage over the pre-extracted claims, every article checked
  (the worst case: every finding is reported); best of `--repeat`. Republication detection
  (`find_republications`, which `check` runs before it) is timed on its own as a further column.
* Growth: the time ratio between successive sizes, per 10x claims. Target: at most 12x.
* Cold start: `factcheck check <generated 1,000-word draft> --against seeds/` as a subprocess (the
  console script next to this Python, else `python -m factcheck`), process start to exit; best and
  median of `--cold-runs`. Target: under 1.5 s.

Nothing here asserts: the figures are printed as a table to be recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from text_table import table  # noqa: E402

from factcheck.checker import check_claims  # noqa: E402
from factcheck.extract import extract  # noqa: E402
from factcheck.records import Claim, Document  # noqa: E402
from factcheck.republication import find_republications  # noqa: E402

TARGET_GROWTH = 12.0
TARGET_COLD = 1.5
PUBLISHED = "2025-01-15"

PLACES = (
    "Phoenix Tucson Denver Dallas Houston Austin Seattle Portland Boston Chicago Detroit Atlanta Miami "
    "Orlando Tampa Memphis Nashville Louisville Baltimore Milwaukee Albuquerque Fresno Sacramento Omaha "
    "Raleigh Oakland Minneapolis Tulsa Cleveland Honolulu Anchorage Pittsburgh Cincinnati Buffalo Newark "
    "Boise Richmond Hartford Providence Albany Harrisburg Trenton Tallahassee Juneau Annapolis Mobile "
    "Toronto Montreal Vancouver Ottawa Calgary Edmonton Winnipeg Halifax London Manchester Liverpool "
    "Dublin Glasgow Edinburgh"
).split()
MONTHS = "January February March April May June July August September October November December".split()
FIRST = "Ana Marcus Dana Luis Karen Omar Priya Tom Rosa Ben Nina Paul Elena Jorge Amy Sam".split()
LAST = "Hale Ruiz Ortega Baca Chen Salas Reyes Patel Greer Lopez Vigil Grant Shaw Kim Nair Becker".split()
SOURCES = "Daily Courier,Evening Post,Valley News,Metro Herald,Record,Tribune,Gazette,Sentinel".split(",")
FIRE = "Cedar Pine Oak Ridge Creek Canyon Mesa Willow Aspen Bear Elk Hawk".split()


KINDS = ("acres", "acres", "homicides", "rate", "jobs", "rain", "votes", "budget", "measles", "evacuated",
         "outages", "change", "arrest", "arrest")
RANGES = {"acres": (500, 300000), "homicides": (20, 900), "rate": (2.5, 9.5), "jobs": (1000, 40000),
          "rain": (0.5, 6.0), "votes": (5000, 400000), "budget": (100, 9000), "measles": (5, 400),
          "evacuated": (300, 60000), "outages": (1000, 200000), "change": (10, 900), "arrest": (0, 1)}
SYLLABLES = "ka lo mi ren sa to vel dor an bri co das fen gil har".split()


@dataclass
class Fact:
    """One fact of the synthetic world: what it measures, where, when, its true value and who it is about."""

    kind: str
    place: str
    year: int
    month: int
    day: int
    value: float
    person: str


def stable(*key: object) -> int:
    """A hash that does not change between processes (str hashes do, with PYTHONHASHSEED)."""
    return zlib.crc32(repr(key).encode())


class World:
    """A pool of facts that grows with the corpus (about four mentions per fact at every size), so that
    more articles mean more stories, not only more mentions of the same ones. A fact's true value
    depends only on its (measure, place, period), so two facts that happen to share one agree."""

    def __init__(self, rng: random.Random, facts: int, seed: int):
        self.rng, self.facts, self.seed = rng, max(50, facts), seed

    def fact(self) -> Fact:
        i = self.rng.randrange(self.facts)
        r = random.Random(stable(self.seed, i))
        kind, place, year = r.choice(KINDS), r.choice(PLACES), r.randint(2000, 2024)
        month, day = r.randint(1, 12), r.randint(1, 28)
        key = (kind, place, year) if kind in ("homicides", "votes", "budget", "measles") else \
            (kind, place, year, month) if kind in ("rate", "jobs") else (kind, place, year, month, day)
        value = random.Random(stable(*key)).uniform(*RANGES[kind])
        last = "".join(r.choice(SYLLABLES) for _ in range(4)).capitalize()  # 50,625 surnames
        return Fact(kind, place, year, month, day, value, f"{r.choice(FIRST)} {last}")


def _q(rng: random.Random) -> str:
    return rng.choice(("", "", "", "about ", "more than ", "nearly "))


def _num(v: float, step: int) -> str:
    return f"{max(step, round(v / step) * step):,}"


def sentence(world: World, rng: random.Random) -> str:
    f = world.fact()
    kind = f.kind
    plant = rng.random() < 0.02
    v = f.value * (1.6 if plant else 1.0)
    when_day = f"{MONTHS[f.month - 1]} {f.day}, {f.year}"
    when_month = f"{MONTHS[f.month - 1]} {f.year}"
    who = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    if kind == "acres":
        fire = f"{FIRE[stable(f.place, f.year) % len(FIRE)]} Fire"
        if rng.random() < 0.3:
            return f"The {fire} near {f.place} had burned {_q(rng)}{_num(v * 0.4047, 10)} hectares by {when_day}, " \
                   f"spokesperson {who} said."
        return f"By {when_day}, the {fire} near {f.place} had burned {_q(rng)}{_num(v, 100)} acres, {who} said."
    if kind == "homicides":
        return f"{f.place} recorded {_num(v, 1)} homicides in {f.year}, according to police chief {who}."
    if kind == "rate":
        return f"The unemployment rate in {f.place} was {v:.1f}% in {when_month}, economist {who} said."
    if kind == "jobs":
        return f"Employers in {f.place} added {_q(rng)}{_num(v, 100)} jobs in {when_month}, {who} reported."
    if kind == "rain":
        return f"{f.place} got {v:.1f} inches of rain on {when_day}, meteorologist {who} said."
    if kind == "votes":
        return f"{f.person} received {_num(v, 1)} votes in {f.place} in the {f.year} mayoral election."
    if kind == "budget":
        return f"In {f.place}, the council approved a ${_num(v, 10)} million budget for fiscal {f.year}."
    if kind == "measles":
        return f"Health officials in {f.place} confirmed {_num(v, 1)} measles cases in {f.year}, {who} said."
    if kind == "evacuated":
        return f"Deputies evacuated {_q(rng)}{_num(v, 100)} residents of {f.place} on {when_day}."
    if kind == "outages":
        return f"{_q(rng).capitalize()}{_num(v, 100)} homes in {f.place} lost power on {when_day}, the utility said."
    if kind == "change":
        old = round(v)
        new = round(old * rng.uniform(0.7, 1.5))
        pct = (new / old - 1) * 100 * (1.3 if plant else 1.0)
        word = "an increase" if new >= old else "a decrease"
        return f"In {f.place}, library visits went from {old:,} in {f.year - 1} to {new:,} in {f.year}, " \
               f"{word} of {abs(pct):.0f}%."
    # a dated event: the same person's arrest, sometimes dated a few days off
    day = min(28, f.day + 3) if plant else f.day
    return f"Police in {f.place} arrested {f.person} on {MONTHS[f.month - 1]} {day}, {f.year}, after a long inquiry."


def article(world: World, rng: random.Random, n: int) -> Document:
    sentences = [sentence(world, rng) for _ in range(rng.randint(6, 14))]
    paragraphs, i = [], 0
    while i < len(sentences):
        k = rng.randint(1, 3)
        paragraphs.append(" ".join(sentences[i:i + k]))
        i += k
    return Document(id=f"a{n:06d}", text="\n\n".join(paragraphs) + "\n", source=rng.choice(SOURCES),
                    published=PUBLISHED)


def corpus(claims_wanted: int, seed: int, per_doc: float) -> list[Document]:
    rng = random.Random(seed)
    world = World(rng, claims_wanted // 4, seed)
    return [article(world, rng, i) for i in range(max(1, round(claims_wanted / per_doc)))]


# ----------------------------------------------------------------------------- timing
@dataclass
class Size:
    wanted: int
    documents: int
    claims: int
    extract_s: float
    republication_s: float
    check_s: float
    findings: int
    figure_contradictions: int
    date_contradictions: int


def best_of(repeat: int, fn) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def measure(wanted: int, seed: int, repeat: int, per_doc: float) -> Size:
    docs = corpus(wanted, seed, per_doc)
    extract_s, out = best_of(repeat, lambda: {d.id: extract(d) for d in docs})
    claims: dict[str, list[Claim]] = out  # type: ignore[assignment]
    rep_s, marked = best_of(repeat, lambda: find_republications(docs))
    by_id = {d.id: d for d in marked}  # type: ignore[union-attr]
    checked = set(by_id)
    check_s, report = best_of(repeat, lambda: check_claims(claims, by_id, checked))
    findings = report.findings  # type: ignore[union-attr]
    return Size(wanted, len(docs), sum(len(c) for c in claims.values()), extract_s, rep_s, check_s,
                len(findings), sum(f.rule == "contradiction.figure" for f in findings),
                sum(f.rule == "contradiction.date" for f in findings))


def claims_per_doc(seed: int) -> float:
    docs = corpus(2000, seed + 1, 20.0)
    return sum(len(extract(d)) for d in docs) / len(docs)


def draft_text(seed: int, words: int = 1000) -> str:
    rng = random.Random(seed)
    world = World(rng, 1000, seed + 2)
    paragraphs: list[str] = []
    count = 0
    while count < words:
        p = " ".join(sentence(world, rng) for _ in range(rng.randint(2, 3)))
        paragraphs.append(p)
        count += len(p.split())
    body = "\n\n".join(paragraphs)
    return f"---\nid: draft\ntitle: Synthetic draft\nsource: Daily Courier\npublished: {PUBLISHED}\n---\n{body}\n"


def cold_start(runs: int, seed: int) -> tuple[float, float, int, str]:
    exe = Path(sys.executable).parent / "factcheck"
    base = [str(exe)] if exe.exists() else [sys.executable, "-m", "factcheck"]
    with tempfile.TemporaryDirectory() as tmp:
        draft = Path(tmp) / "draft.md"
        text = draft_text(seed)
        draft.write_text(text, encoding="utf-8")
        cmd = [*base, "check", str(draft), "--against", str(SEEDS), "--format", "json"]
        times, code = [], 0
        for _ in range(max(1, runs)):
            t0 = time.perf_counter()
            proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
            times.append(time.perf_counter() - t0)
            code = proc.returncode
            if code not in (0, 1):
                raise SystemExit(f"factcheck check failed ({code}): {proc.stderr.strip()}")
    words = len(text.split("---\n", 2)[2].split())
    return min(times), statistics.median(times), words, " ".join(Path(c).name if i == 0 else c
                                                                   for i, c in enumerate(base))


# ----------------------------------------------------------------------------- output
def growth(a: float, b: float, ca: int, cb: int) -> float:
    """Time ratio b/a scaled to exactly 10x claims (the corpora are only about 10x apart)."""
    return (b / a) * (10 * ca / cb) if a > 0 and cb else float("inf")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000], help="claims per corpus")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs of check_claims per size (best counts)")
    ap.add_argument("--cold-runs", type=int, default=5, help="runs of the cold CLI check")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)

    per_doc = claims_per_doc(args.seed)
    sizes = []
    for n in args.sizes:
        s = measure(n, args.seed, args.repeat if n < 50000 else 1, per_doc)
        sizes.append(s)
        print(f"  {s.claims:>7,} claims in {s.documents:,} articles: extract {s.extract_s:.2f} s, "
              f"republication {s.republication_s:.3f} s, check_claims {s.check_s:.3f} s", file=sys.stderr,
              flush=True)

    rows = [["claims", "articles", "findings", "fig./date contra.", "extract s", "x/10x", "republ. s", "x/10x",
             "check_claims s", "x/10x"]]
    for i, s in enumerate(sizes):
        prev = sizes[i - 1] if i else None

        def ratio(attr: str, s: Size = s, prev: Size | None = prev) -> str:
            if prev is None:
                return "-"
            g = growth(getattr(prev, attr), getattr(s, attr), prev.claims, s.claims)
            return f"{g:.1f}{'' if g <= TARGET_GROWTH else ' !'}"

        contra = f"{s.figure_contradictions:,}/{s.date_contradictions:,}"
        rows.append([f"{s.claims:,}", f"{s.documents:,}", f"{s.findings:,}", contra, f"{s.extract_s:.2f}",
                     ratio("extract_s"), f"{s.republication_s:.3f}", ratio("republication_s"), f"{s.check_s:.3f}",
                     ratio("check_s")])
    print(table(rows))
    print(f"x/10x: time ratio to the previous size, scaled to exactly 10x the claims; target <= {TARGET_GROWTH:g}x "
          "(! = over)")
    best, median, words, how = cold_start(args.cold_runs, args.seed)
    verdict = "ok" if best < TARGET_COLD else "OVER TARGET"
    print(f"cold `{how} check <{words}-word draft> --against seeds/`: best {best:.2f} s, median {median:.2f} s "
          f"of {args.cold_runs} (target < {TARGET_COLD:g} s: {verdict})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
