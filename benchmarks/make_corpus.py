#!/usr/bin/env python3
"""A synthetic news archive for benchmarks, with planted contradictions and republications and a gold file.

    python benchmarks/make_corpus.py OUT_DIR --documents N [--seed S] [--words-per-doc W]
                                     [--contradiction-rate R] [--republication-rate R]

Writes N Markdown articles with YAML front matter (id, title, source, published, url) into OUT_DIR,
sharded into folders of at most 1,000 files (OUT_DIR/0000/d000000.md …), and OUT_DIR/gold.yaml: every
planted contradiction (the planted claim, the true value, and every other mention in the archive that
cannot hold with it) and every republication (which document copies which).

How the archive is made (docs/benchmarks.md has the gold file's fields):
* A **world** of true values: the value of a (measure, place, period) is a stable hash of the key and
  the seed, so every article that states it agrees, whatever story it appears in. Articles state it
  within rounding and qualifiers ("about 12,000 acres", "more than 870 overdose deaths", "between 200
  and 300 homes", "$1.4 billion", hectares for acres), and some give last year's figure or a change.
* **Stories**: each article covers one story (a domain, a place and a date), covered by about six
  articles from different outlets around the same days, so most facts are stated several times.
* **Contradictions**: a share of the articles (`--contradiction-rate`) states one fact with a value
  that cannot hold with the truth (a figure off by a factor of 1.25-2.2 or 0.45-0.8, or an arrest dated
  months off). Only the mentions whose wording also rules it out are listed as disagreeing.
* **Republications**: a share of the articles (`--republication-rate`) copy an earlier article of
  another outlet (with a republication note, sometimes shortened).
The text is generated from templates and word lists with no use of the factcheck library, so a
benchmark can hold the library's findings against the gold file. Same arguments, same files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import math
import random
import string
import sys
import tempfile
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO, TypeVar

import yaml

SHARD_SIZE = 1000
DOCS_PER_STORY = 6  # articles per story on average: how often a fact is restated
STORY_SPREAD = 8  # an article's story is within this many stories of its position: news cycles
COLOUR_POOL = (300, 3000)  # colour sentences per domain, from few (small archives) to many (large ones)
ACRE_IN_HECTARES = 0.40468564224
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
MONTHS_AP = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# U.S. cities and states that the place lexicon knows unambiguously (no person or context rules).
PLACES = (
    "Chicago", "Philadelphia", "San Antonio", "San Diego", "Jacksonville", "Fort Worth", "San Francisco",
    "Indianapolis", "Seattle", "El Paso", "Nashville", "Detroit", "Oklahoma City", "Memphis", "Louisville",
    "Baltimore", "Milwaukee", "Albuquerque", "Tucson", "Fresno", "Sacramento", "Kansas City", "Atlanta",
    "Omaha", "Colorado Springs", "Miami", "Oakland", "Minneapolis", "Tulsa", "New Orleans", "Honolulu",
    "Anchorage", "Pittsburgh", "Cincinnati", "Boston", "Newark", "Jersey City", "Salt Lake City", "Boise",
    "Des Moines", "Little Rock", "Baton Rouge", "Hartford", "Providence", "Albany", "Harrisburg", "Trenton",
    "Tallahassee", "Santa Fe", "Juneau", "Annapolis", "Arizona", "California", "Colorado", "Florida",
    "Illinois", "Kentucky", "Ohio", "Oregon", "Nevada", "Michigan", "Minnesota", "Missouri", "Tennessee",
    "Wisconsin", "Iowa", "Utah", "Idaho", "Montana", "Alabama", "Louisiana", "Arkansas", "Mississippi",
    "Kansas", "Nebraska", "Oklahoma", "New Mexico", "Massachusetts", "Connecticut", "Maryland",
    "Pennsylvania", "North Carolina", "South Carolina", "West Virginia", "Vermont", "Maine", "New Jersey",
)
FIRST = ("Ana", "Marcus", "Dana", "Luis", "Karen", "Omar", "Priya", "Tom", "Rosa", "Ben", "Nina", "Paul", "Elena",
         "Jorge", "Amy", "Sam", "Grace", "Victor", "Leah", "Darius", "Megan", "Hector", "Irene", "Caleb", "Joan",
         "Felix", "Ruth", "Owen", "Tara", "Miguel", "Janet", "Colin", "Lydia", "Andre", "Helen", "Ray", "Yusuf",
         "Brenda", "Tariq", "Wendy", "Gavin", "Alma", "Derek", "Simone", "Kofi", "Lorena", "Nathan", "Ingrid",
         "Rashad", "Maeve", "Emil", "Carmen", "Troy", "Fatima", "Glen", "Mei", "Reuben", "Sonia", "Wade", "Zora")
LAST = ("Hale", "Ruiz", "Ortega", "Baca", "Chen", "Salas", "Reyes", "Patel", "Greer", "Lopez", "Vigil", "Grant",
        "Shaw", "Kim", "Nair", "Becker", "Morrow", "Dunn", "Ibarra", "Walsh", "Foster", "Quinn", "Okafor", "Lind",
        "Pruitt", "Castillo", "Hayes", "Novak", "Sutton", "Mendez", "Carver", "Oyelaran", "Fischer", "Brandt",
        "Tanaka", "Whitlock", "Serrano", "Abbott", "Kowalski", "Delgado", "Marsh", "Pham", "Rourke", "Stein",
        "Yates", "Booker", "Lam", "Vance", "Cordova", "Hollis", "Archer", "Banerjee", "Crowley", "Duarte",
        "Ferris", "Gallo", "Haddad", "Ingram", "Jaramillo", "Keane", "Lozano", "Mackey", "Nolan", "Osei", "Pike",
        "Quintero", "Rasmussen", "Soto", "Thibodeaux", "Upton", "Varga", "Weller", "Xiong", "Yeager", "Zamora",
        "Bristow", "Cheng", "Dorsey", "Espinoza", "Fenwick", "Goldberg", "Holloway", "Iverson", "Jensen",
        "Kaplan", "Liang", "Mbeki", "Navarro", "Olsen", "Prentice", "Rios", "Sandoval", "Tran", "Urbina")
OUTLETS = ("Daily Courier", "Evening Post", "Valley News", "Metro Herald", "Record-Gazette", "Tribune Wire",
           "Sentinel", "Morning Ledger", "Capitol Report", "Lakeside Times", "Harbor Dispatch", "Prairie Journal",
           "Mountain Observer", "Coastal Beacon", "River City Press", "Civic Monitor")
FIRES = ("Cedar", "Pine", "Oak Ridge", "Creek", "Canyon", "Mesa", "Willow", "Aspen", "Bear Hollow", "Elk",
         "Hawk", "Juniper", "Sage", "Granite", "Copper", "Lone Pine", "Red Rock", "Bluff", "Sycamore", "Dry Lake")
T = TypeVar("T")


# ----------------------------------------------------------------------------- the world
def pick(rng: random.Random, items: Sequence[T]) -> T:
    """rng.choice, several times faster (it is called a million times per thousand articles)."""
    return items[int(rng.random() * len(items))]


def two(rng: random.Random, items: Sequence[T]) -> tuple[T, T]:
    """Two different items."""
    i = int(rng.random() * len(items))
    return items[i], items[(i + 1 + int(rng.random() * (len(items) - 1))) % len(items)]


def stable(*key: object) -> float:
    """A uniform number in [0, 1) that depends only on the key: the same in every process and run."""
    return zlib.crc32("|".join(map(str, key)).encode()) / 2**32


@dataclass(frozen=True, slots=True)
class Measure:
    """A figure the world holds per place and period: its lexicon key, kind and range of true values."""

    key: str  # named after the measure lexicon's key the wording should give
    kind: str  # count | money | percent | measurement
    low: float
    high: float
    decimals: int = 0  # of the true value (counts of a million or more keep three significant digits)
    unit: str = ""  # words after the number for measurements ("acres", "inches", "tons", "mph")
    templates: tuple[str, ...] = ()  # with {fig}, {when}, {place}, {src} and the story's own fields

    @property
    def elsewhere(self) -> tuple[str, ...]:
        """The templates for a place other than the story's: none names the story's fire."""
        return tuple(t for t in self.templates if "{fire}" not in t) or self.templates

    def true_value(self, seed: int, place: str, period: str) -> float:
        return self.stated(self.low * (self.high / self.low) ** stable(seed, self.key, place, period))

    def stated(self, v: float) -> float:
        """v to the precision news gives this measure: money and millions to three significant digits."""
        if self.kind == "money" or v >= 1_000_000:
            return significant(v, 3)
        return round(v, self.decimals) if self.decimals else float(max(1, round(v)))


def significant(v: float, digits: int, how: Callable[[float], float] = round) -> float:
    """v rounded (or floored/ceiled with `how`) to `digits` significant digits."""
    if v == 0:
        return 0.0
    step = 10 ** (math.floor(math.log10(abs(v))) - digits + 1)
    return float(how(v / step) * step) if step >= 1 else round(how(v / step) * step, 10)


# ----------------------------------------------------------------------------- wording of a figure
@dataclass(frozen=True, slots=True)
class Said:
    """A figure as written, and the interval of true values that wording allows (in the measure's unit)."""

    text: str
    low: float
    high: float


def number(v: float) -> str:
    """12345 → "12,345"; 64300000 → "64.3 million"; 3.40 → "3.4"."""
    for scale, word in ((1e9, "billion"), (1e6, "million")):
        if abs(v) >= scale:
            return f"{v / scale:.3f}".rstrip("0").rstrip(".") + f" {word}"
    if v == int(v):
        return f"{int(v):,}"
    return f"{v:,.4f}".rstrip("0").rstrip(".")


def pad(v: float) -> float:
    """Half a unit of the last significant digit as written: 12,000 → 500; 3.4 → 0.05 (news rounding)."""
    if v == 0:
        return 0.0
    if v == int(v):
        n, step = int(abs(v)), 1
        while n % (step * 10) == 0:
            step *= 10
        return step / 2
    return 10 ** -len(f"{v:.6f}".rstrip("0").split(".")[1]) / 2


def with_unit(m: Measure, stated: str) -> str:
    if m.kind == "money":
        return "$" + stated
    if m.kind == "percent":
        return stated + " percent"
    return f"{stated} {m.unit}" if m.unit else stated


ABOUT = ("about", "roughly", "some", "around", "approximately", "an estimated")
OVER = ("more than", "more than", "over", "at least")
NEARLY = ("nearly", "almost", "close to")
VAGUE = ((200, 999, "hundreds of"), (2000, 9999, "thousands of"), (20_000, 99_999, "tens of thousands of"))


def say(m: Measure, v: float, rng: random.Random, *, planted: bool = False) -> Said:
    """One of the ways news states v (a planted value is stated plainly or with "about")."""
    r = rng.random()
    if m.key == "area_burned" and r < 0.12:
        h = significant(v * ACRE_IN_HECTARES, 3)
        return Said(f"{number(h)} hectares", (h - pad(h)) / ACRE_IN_HECTARES, (h + pad(h)) / ACRE_IN_HECTARES)
    if planted:
        r = 0.1 + 0.5 * r
    if r < 0.3:
        return Said(with_unit(m, number(v)), v - pad(v), v + pad(v))
    if r < 0.45:
        s = significant(v, 2 if m.kind == "percent" else 3)
        return Said(with_unit(m, number(s)), s - pad(s), s + pad(s))
    if r < 0.6:
        s = significant(v, 2)
        return Said(f"{pick(rng, ABOUT)} {with_unit(m, number(s))}", s * 0.9, s * 1.1)
    if r < 0.72 and (s := significant(v, 2, math.floor)) != v:
        return Said(f"{pick(rng, OVER)} {with_unit(m, number(s))}", s - pad(s), math.inf)
    if r < 0.84 and (s := significant(v, 2, math.ceil)) != v:
        return Said(f"{pick(rng, NEARLY)} {with_unit(m, number(s))}", s * 0.9, s)
    if m.kind == "count":
        for low, high, words in VAGUE:
            if low <= v <= high and r < 0.9:
                return Said(words, low, high)
        if r < 0.94:
            a, b = significant(v * 0.8, 2, math.floor), significant(v * 1.2, 2, math.ceil)
            return Said(f"between {number(a)} and {number(b)}", a, b)
    return Said(with_unit(m, number(v)), v - pad(v), v + pad(v))


def wrong(m: Measure, v: float, rng: random.Random) -> float:
    """A value that cannot hold with v however either is rounded or qualified (plainly stated, it excludes v)."""
    for _ in range(8):
        if m.kind == "percent":
            w = v * (rng.uniform(1.2, 1.5) if v < 60 else rng.uniform(0.55, 0.8))
        else:
            w = v * (rng.uniform(1.25, 2.2) if rng.random() < 0.5 else rng.uniform(0.45, 0.8))
        w = m.stated(w)
        if not w - pad(w) <= v <= w + pad(w):
            return w
    return m.stated(v * 2)  # small values that round back onto v (0.2 tons)


def misstate(m: Measure, truth: float, rng: random.Random) -> tuple[float, Said]:
    """A wrong value and a wording of it that rules the truth out."""
    value = wrong(m, truth, rng)
    said = say(m, value, rng, planted=True)
    if said.low <= truth <= said.high:
        said = Said(with_unit(m, number(value)), value - pad(value), value + pad(value))
    return value, said


# ----------------------------------------------------------------------------- periods
@dataclass(frozen=True, slots=True)
class Period:
    """A year, month or day, as a key ("2021", "2021-03", "2021-03-04") and its first and last day."""

    label: str
    start: dt.date
    end: dt.date


def year(y: int) -> Period:
    return Period(str(y), dt.date(y, 1, 1), dt.date(y, 12, 31))


def month(y: int, mo: int) -> Period:
    nxt = dt.date(y + mo // 12, mo % 12 + 1, 1)
    return Period(f"{y}-{mo:02d}", dt.date(y, mo, 1), nxt - dt.timedelta(days=1))


def day(d: dt.date) -> Period:
    return Period(d.isoformat(), d, d)


def ap_date(d: dt.date, with_year: bool) -> str:
    return f"{MONTHS_AP[d.month - 1]} {d.day}" + (f", {d.year}" if with_year else "")


def when(p: Period, published: dt.date, rng: random.Random) -> str:
    """The period as an article published on `published` may say it."""
    r = rng.random()
    if p.start == p.end:
        if r < 0.35:
            return "on " + ap_date(p.start, True)
        if r < 0.7 or not 1 <= (published - p.start).days <= 5:
            return "on " + ap_date(p.start, False)
        return "on " + WEEKDAYS[p.start.weekday()]
    if p.start.month == p.end.month:
        if r < 0.5:
            return f"in {MONTHS[p.start.month - 1]} {p.start.year}"
        if r < 0.75 and published.year == p.start.year:
            return f"in {MONTHS[p.start.month - 1]}"
        return "last month" if (published.replace(day=1) - dt.timedelta(days=1)).month == p.start.month \
            else f"in {MONTHS[p.start.month - 1]} {p.start.year}"
    if r < 0.3 and published.year == p.start.year + 1:
        return "last year"
    return pick(rng, ("in ", "in ", "during ", "in all of ")) + p.label


# ----------------------------------------------------------------------------- domains
@dataclass(frozen=True, slots=True)
class Domain:
    """A beat: its measures, how its stories are dated, who speaks for it, and its colour (figure-free) words."""

    name: str
    timing: str  # year | election | month | day | arrest
    measures: tuple[Measure, ...]  # the first two are also stated for neighbouring places, the first for last year
    changes: tuple[str, ...]  # the first measure as a change: {old}, {fig} (new), {rose}, {when}, {delta}
    titles: tuple[str, ...]
    sources: tuple[str, ...]  # who a figure is attributed to: the {src} tail of a sentence
    roles: tuple[str, ...]  # who speaks in colour sentences ("a harm-reduction worker")
    things: tuple[str, ...]  # what they speak of ("needle exchange")
    claims: tuple[str, ...]  # clauses: "{person}, {role}, said <claim>."
    scenes: tuple[str, ...]  # whole sentences
    quotes: tuple[str, ...]
    since: str = ""  # a cumulative figure of the first measure "since YEAR": {fig}, {since}, {place}, {src}


def _m(key: str, kind: str, low: float, high: float, *templates: str, decimals: int = 0, unit: str = "") -> Measure:
    return Measure(key, kind, low, high, decimals, unit, templates)


HEALTH = Domain(
    "public health", "year",
    (_m("overdose_deaths", "count", 40, 4000,
        "{place} recorded {fig} overdose deaths {when}{src}.",
        "{When}, {fig} people died of drug overdoses in {place}{src}.",
        "Fatal overdoses in {place} reached {fig} {when}{src}.",
        "The medical examiner in {place} counted {fig} overdose deaths {when}.",
        "{place} lost {fig} people to fatal overdoses {when}{src}."),
     _m("overdoses", "count", 300, 30000,
        "Emergency rooms in {place} treated {fig} nonfatal overdoses {when}{src}.",
        "{When}, paramedics in {place} answered {fig} overdose calls{src}."),
     _m("disease_cases", "count", 5, 600,
        "Health officials in {place} confirmed {fig} measles cases {when}.",
        "{place} reported {fig} confirmed measles cases {when}{src}.")),
    ("Overdose deaths in {place} went from {old} to {fig} {when}{delta}{src}.",
     "In {place}, overdose deaths {rose} from {old} to {fig} {when}{delta}{src}."),
    ("Overdose crisis deepens in {place}", "{place} health officials sound alarm on fentanyl",
     "Inside {place}'s fight against overdoses", "Measles and overdoses strain {place} clinics"),
    (", the county medical examiner said", ", health officials said", ", according to the state health department",
     ", according to {person}, the county health officer", ", public health director {person} said",
     ", county data show", ""),
    ("a harm-reduction worker", "the county health officer", "an emergency physician", "a recovery coach",
     "a toxicologist at the state university", "a pharmacist who hands out naloxone", "a school nurse"),
    ("treatment program", "needle exchange", "naloxone program", "detox center", "outreach team", "mobile clinic",
     "crisis line", "recovery housing program", "vaccination drive"),
    ("the {thing} in {place} had been stretched thin", "the {thing} had waiting lists that ran for weeks",
     "the county had been slow to fund the {thing}", "families often learned about the {thing} too late",
     "the {thing} was reaching people the hospitals never saw", "the state had cut money for the {thing}",
     "fentanyl had changed the work of the {thing} almost overnight",
     "the {thing} needed more staff before it needed more buildings"),
    ("Advocates in {place} have pushed for more help and fewer barriers to treatment.",
     "The county has expanded its {thing}, though critics say the effort came late.",
     "Officials urged residents to carry naloxone and to check on neighbors who use drugs.",
     "Families who lost relatives described a patchwork of services that was hard to navigate.",
     "Outside the {thing}, volunteers handed out test strips and bottles of water.",
     "Parents in {place} were asked to check their children's vaccination records before school."),
    ("We are losing people faster than we can reach them", "Every one of these deaths was preventable",
     "The drug supply has become far more dangerous", "Treatment works when people can get it",
     "We need beds, not just pamphlets", "Families are carrying this alone", "Nobody should have to wait for help"),
    since="{place} has recorded {fig} overdose deaths since {since}{src}.",
)

WILDFIRE = Domain(
    "wildfires", "day",
    (_m("area_burned", "measurement", 500, 300000,
        "The {fire} Fire near {place} had burned {fig} {when}{src}.",
        "{When}, the {fire} Fire had scorched {fig} near {place}{src}.",
        "Crews said the blaze near {place} had burned {fig} {when}.",
        "The fire near {place} burned {fig} {when}{src}.", unit="acres"),
     _m("homes_destroyed", "count", 10, 2000,
        "The fire destroyed {fig} homes near {place} {when}{src}.",
        "{When}, {fig} homes had been destroyed near {place}{src}."),
     _m("evacuations", "count", 300, 60000,
        "Deputies evacuated {fig} residents of {place} {when}{src}.",
        "Deputies ordered {fig} residents to evacuate {when} as the fire neared {place}{src}.",
        "{When}, {fig} people in {place} were under evacuation orders{src}.")),
    (),
    ("{fire} Fire forces evacuations near {place}", "Crews battle wind-driven blaze outside {place}",
     "Smoke blankets {place} as fire spreads", "Residents flee fast-moving fire near {place}"),
    (", fire officials said", ", the state forestry agency said", ", according to incident commander {person}",
     ", a fire spokesperson, {person}, said", ", according to the sheriff's office", ""),
    ("an incident commander", "a battalion chief", "a county supervisor", "a fire behavior analyst",
     "a sheriff's spokesperson", "a resident who evacuated", "a rancher"),
    ("northern flank", "ridge line", "canyon road", "power line corridor", "reservoir", "highway shoulder",
     "evacuation center", "fairgrounds shelter", "airport tanker base"),
    ("crews were focused on the {thing}", "the {thing} was the line they could not lose",
     "shifting winds had pushed the flames toward the {thing}", "the {thing} had filled up by nightfall",
     "nobody had expected the fire to jump the {thing}", "aircraft were grounded near the {thing} by smoke",
     "the {thing} would stay closed until engineers could inspect it"),
    ("Residents of {place} packed cars with pets and paperwork as ash fell on their driveways.",
     "Air quality in {place} was rated unhealthy, and schools kept children indoors.",
     "Firefighters dug containment lines along the {thing} while aircraft dropped retardant.",
     "The cause of the fire remained under investigation, officials said.",
     "Smoke turned the afternoon sky over {place} a dull orange.",
     "Volunteers at the {thing} sorted donated blankets, diapers and pet food."),
    ("The wind did not give us a chance", "We lost everything but the dog", "It moved faster than anyone expected",
     "Our crews have been on the line for days", "Please leave when you are told to leave",
     "You could hear it before you could see it"),
)

WEATHER = Domain(
    "weather", "day",
    (_m("rainfall", "measurement", 0.5, 9.0,
        "{place} got {fig} of rain {when}{src}.",
        "The storm dumped {fig} of rain on {place} {when}{src}.",
        "{When}, {fig} of rain fell in {place}{src}.", decimals=2, unit="inches"),
     _m("power_outages", "count", 1000, 400000,
        "{fig} customers in {place} lost power {when}{src}.",
        "{When}, the storm left {fig} customers in {place} without power{src}."),
     _m("wind_speed", "measurement", 35, 110,
        "Wind gusts reached {fig} in {place} {when}{src}.",
        "{When}, winds gusted to {fig} in {place}{src}.", unit="mph")),
    (),
    ("Storm lashes {place} with rain and wind", "{place} cleans up after powerful storm",
     "Flooding closes roads across {place}", "Thousands in the dark as storm hits {place}"),
    (", the National Weather Service said", ", the utility said", ", according to meteorologist {person}",
     ", forecasters said", ", emergency managers said", ""),
    ("a meteorologist", "a utility spokesperson", "an emergency manager", "a public works director",
     "a shop owner", "a hydrologist", "a tow truck driver"),
    ("underpass", "river levee", "main boulevard", "storm drain", "rail crossing", "bridge approach",
     "downtown tunnel", "low-water crossing", "substation"),
    ("the {thing} would stay closed until it was safe", "the {thing} had flooded faster than forecast",
     "crews had to rebuild the {thing} before power could come back", "the {thing} had held, barely",
     "residents near the {thing} should expect more water", "the {thing} was never built for a storm like this",
     "drivers kept going around the barricades at the {thing}"),
    ("Crews in {place} worked through the night to clear fallen trees from the {thing}.",
     "Residents of {place} waded through water that reached their porches.",
     "Forecasters warned that the ground was saturated and more flooding was possible.",
     "Schools in {place} delayed the start of classes while roads were cleared.",
     "Sandbags lined the {thing}, and police waved drivers toward higher ground.",
     "Neighbors in {place} shared generators and checked on older residents."),
    ("We have not seen water like this in years", "Stay off the roads if you can",
     "Crews will be out until every line is restored", "The river came up faster than forecast",
     "Turn around, do not drown"),
)

CRIME = Domain(
    "crime", "arrest",
    (_m("homicides", "count", 20, 900,
        "{place} recorded {fig} homicides {when}{src}.",
        "{When}, police in {place} investigated {fig} homicides{src}.",
        "There were {fig} killings in {place} {when}{src}."),
     _m("arrests", "count", 1000, 40000,
        "Police in {place} made {fig} arrests {when}{src}.",
        "{When}, officers in {place} made {fig} arrests{src}."),
     _m("drug_seizures", "measurement", 0.2, 12,
        "Agents seized {fig} of methamphetamine in {place} {when}{src}.",
        "{When}, federal agents seized {fig} of cocaine in {place}{src}.", decimals=1, unit="tons")),
    ("Homicides in {place} went from {old} to {fig} {when}{delta}{src}.",
     "In {place}, homicides {rose} from {old} to {fig} {when}{delta}{src}."),
    ("Arrest in {place} killing revives debate over policing", "{place} police under scrutiny after arrest",
     "Violent crime in {place}: what the numbers show", "Inside the case that gripped {place}"),
    (", police said", ", the police department said", ", according to police chief {person}",
     ", department spokesperson {person} said", ", according to FBI data", ""),
    ("a defense lawyer", "a criminologist", "the police union president", "a community organizer",
     "a city council member", "a victims' advocate", "a retired detective"),
    ("violence interruption program", "homicide unit", "crime lab", "street outreach program", "patrol division",
     "gang unit", "detective bureau", "victim services office"),
    ("the {thing} had been understaffed for years", "the {thing} had made the neighborhood safer",
     "the {thing} deserved more credit than it got", "the {thing} was buried in cases",
     "the city leaned on the {thing} without paying for it", "the {thing} had lost the trust of witnesses",
     "families waited months to hear from the {thing}"),
    ("Community groups in {place} have called for more outreach and fewer traffic stops.",
     "Neighbors described the block as quiet, with children playing in the street most evenings.",
     "The department declined to release body camera footage, citing the open investigation.",
     "A memorial of candles and photographs grew on the corner where the victim was found.",
     "Prosecutors in {place} did not say when the case would go before a grand jury.",
     "Relatives of the victim sat in the front row of the courtroom, holding hands."),
    ("We want answers, and we want them now", "Arrests alone will not fix this",
     "Every case deserves the same attention", "The community has been asking for help for a long time",
     "We will follow the evidence wherever it leads"),
)

BUDGET = Domain(
    "budgets", "year",
    (_m("budget", "money", 100e6, 12e9,
        "Officials in {place} set a {fig} budget for fiscal {year}{src}.",
        "{place}'s budget for fiscal {year} is {fig}{src}.",
        "In fiscal {year}, the {place} budget totals {fig}{src}."),
     _m("deficit", "money", 5e6, 400e6,
        "{place} faces a budget shortfall of {fig} in fiscal {year}{src}.",
        "In fiscal {year}, {place} has a deficit of {fig}{src}.",
        "{place}'s deficit for fiscal {year} is {fig}{src}."),
     _m("tax_revenue", "money", 50e6, 4e9,
        "{place} collected {fig} in tax revenue in fiscal {year}{src}.",
        "In fiscal {year}, tax collections in {place} came to {fig}{src}.")),
    (),
    ("{place} leaders wrestle with a tight budget", "What the new {place} budget pays for",
     "Budget gap forces hard choices in {place}", "{place} unveils spending plan"),
    (", the finance director said", ", according to {person}, the finance director", ", city records show",
     ", the comptroller's office said", ", according to the mayor's office", ""),
    ("a budget analyst", "the finance director", "a council member", "a library advocate", "a union leader",
     "a credit rating analyst", "a neighborhood association president"),
    ("library system", "parks department", "fire department", "road repair fund", "pension fund",
     "after-school program", "housing office", "bus subsidy"),
    ("the {thing} would face deep cuts", "the {thing} had been protected for too long",
     "the {thing} was the last place to look for savings", "nobody had explained what the {thing} would lose",
     "the {thing} could not survive another flat year", "the {thing} was carrying costs that belonged elsewhere",
     "the plan quietly moved money out of the {thing}"),
    ("Residents lined up at the public hearing in {place} to defend the {thing}.",
     "Union leaders warned that the plan relied on optimistic revenue forecasts.",
     "The plan leans on reserves and a hiring freeze to close the gap.",
     "Rating agencies have warned {place} that its reserves are running low.",
     "The council is expected to vote on the plan after more public hearings.",
     "Several council members asked for an audit of the {thing} before any vote."),
    ("This budget asks everyone to give a little", "We cannot cut our way out of this",
     "The reserves are not a piggy bank", "Residents deserve to know where the money goes",
     "Every line in this budget is a choice"),
)

ELECTIONS = Domain(
    "elections", "election",
    (_m("turnout", "percent", 25, 80,
        "Turnout in {place} was {fig} {when}{src}.",
        "Voter turnout in {place} reached {fig} {when}{src}.", decimals=1),
     _m("votes_cast", "count", 20000, 900000,
        "{When}, voters in {place} cast {fig} ballots{src}.",
        "{fig} ballots were cast in {place} {when}{src}."),
     _m("votes_received", "count", 5000, 500000,
        "{winner} received {fig} votes in {place} {when}{src}.",
        "{When}, {winner} won {fig} votes in {place}{src}.")),
    (),
    ("How {place} voted", "{winner} wins in {place}", "Turnout questions linger in {place}",
     "{place} election results, explained"),
    (", county officials said", ", according to the county clerk", ", certified results show",
     ", the secretary of state's office said", ", according to {person}, the county clerk", ""),
    ("a campaign manager", "a political scientist", "the elections director", "a poll worker", "a party chair",
     "a voting rights advocate", "a precinct captain"),
    ("canvass", "tabulation center", "early voting site", "mail ballot count", "recount process",
     "signature review", "phone bank"),
    ("the {thing} ran smoothly", "the {thing} had been planned for months", "the {thing} had made the difference",
     "the {thing} drew more volunteers than ever", "the {thing} was slower than voters wanted",
     "the {thing} had been open to observers from both parties"),
    ("Lines at polling places in {place} were short by midafternoon.",
     "Volunteers from both parties watched as ballots were counted at the {thing}.",
     "Some voters in {place} said they had waited for results before making plans.",
     "Campaign signs still lined the medians on the main roads into {place}.",
     "The losing campaign said it would review the results before deciding on next steps.",
     "Poll workers in {place} said first-time voters had asked the most questions."),
    ("Voters sent a clear message", "Every ballot was counted", "We knocked on every door we could find",
     "The turnout tells its own story", "We ran the race we wanted to run"),
)

MIGRATION = Domain(
    "migration", "month",
    (_m("border_encounters", "count", 1000, 60000,
        "Border agents near {place} reported {fig} migrant encounters {when}{src}.",
        "{When}, agents recorded {fig} migrant encounters in the {place} area{src}."),
     _m("deportations", "count", 100, 8000,
        "In {place}, immigration authorities deported {fig} people {when}{src}.",
        "{When}, {fig} people were deported from {place}{src}."),
     _m("asylum_claims", "count", 100, 9000,
        "{When}, {fig} asylum applications were filed in {place}{src}.",
        "Asylum applications filed in {place} numbered {fig} {when}{src}.")),
    (),
    ("Shelters in {place} fill as arrivals rise", "Asylum backlog grows in {place}",
     "Border policy shift felt in {place}", "{place} prepares for more migrants"),
    (", immigration officials said", ", according to federal data", ", the border agency said",
     ", according to {person}, an immigration lawyer", ", shelter operators said", ""),
    ("an immigration lawyer", "a shelter director", "a border agent", "a church volunteer", "a county judge",
     "a policy analyst", "an interpreter"),
    ("shelter", "processing center", "immigration court", "bus station", "legal aid clinic", "church hall",
     "respite center"),
    ("the {thing} was at capacity", "the {thing} had doubled its staff and still fell behind",
     "the {thing} could not promise anyone a date", "the {thing} relied on donations to stay open",
     "the {thing} was turning families away at night", "the rules changed faster than the {thing} could adapt"),
    ("Volunteers in {place} handed out water and phone chargers outside the {thing}.",
     "Families waited in the heat for buses that would take them to other cities.",
     "Advocates said the new rules left many people without a way to make their case.",
     "Children played with donated toys in a corner of the {thing} while their parents filled out forms.",
     "Local officials in {place} asked for federal help to cover the cost of shelter.",
     "Lawyers said many people had arrived without any paperwork at all."),
    ("We are doing what we can with what we have", "People are arriving with nothing",
     "The courts cannot keep up", "This is a humanitarian problem first", "Nobody here wants to be in limbo"),
)

TRANSIT = Domain(
    "transit", "year",
    (_m("ridership", "count", 2e6, 400e6,
        "Riders in {place} took {fig} trips on buses and trains {when}{src}.",
        "{When}, the transit system in {place} carried {fig} riders{src}."),
     _m("revenue", "money", 5e6, 900e6,
        "Fare revenue in {place} totaled {fig} {when}{src}.",
        "{When}, the {place} transit system took in {fig} in fares{src}."),
     _m("traffic_deaths", "count", 10, 400,
        "{fig} people died in traffic crashes in {place} {when}{src}.",
        "{When}, traffic deaths in {place} reached {fig}{src}.")),
    ("Ridership in {place} went from {old} to {fig} {when}{delta}{src}.",),
    ("{place} riders return to buses and trains", "Can {place} fix its bus network?",
     "Street safety push in {place}", "Transit agency in {place} weighs fare changes"),
    (", the transit agency said", ", according to {person}, the agency's general manager",
     ", agency data show", ", city transportation officials said", ""),
    ("a transit planner", "the agency's general manager", "a bus driver", "a safety advocate",
     "a council member", "a daily rider", "a traffic engineer"),
    ("bus lane", "light rail line", "downtown loop", "crosstown route", "bike network", "rapid bus corridor",
     "night bus service"),
    ("the {thing} had cut travel times", "the {thing} made the daily commute bearable",
     "the {thing} was running late more often than not", "the {thing} had won back riders who left",
     "the city had promised the {thing} for years", "the {thing} needed drivers more than new paint"),
    ("Riders in {place} complained about crowded platforms and late buses.",
     "The agency plans to repaint crosswalks and add protected lanes along the {thing}.",
     "Advocates said the city had been slow to fix dangerous intersections.",
     "Construction on the {thing} has closed lanes downtown for months.",
     "Drivers' union leaders said the agency still had too few operators to run full service.",
     "A memorial bike painted white stands at one of the busiest corners in {place}."),
    ("Service has to come before fares", "We want people to feel safe crossing the street",
     "The buses are finally showing up", "Every crash on this corridor was foreseeable",
     "If it comes every few minutes, people will ride it"),
)

DOMAINS = (HEALTH, WILDFIRE, WEATHER, CRIME, BUDGET, ELECTIONS, MIGRATION, TRANSIT)


# ----------------------------------------------------------------------------- stories
@dataclass(frozen=True, slots=True)
class Fact:
    """A (measure, place, period) of the world, as one story may state it."""

    measure: Measure
    place: str
    period: Period
    change: bool = False  # stated as a change from the period before

    @property
    def key(self) -> str:
        return f"{self.measure.key}|{self.place}|{self.period.label}"


@dataclass(frozen=True, slots=True)
class Story:
    """What several articles cover: a domain, a place, the facts they may state, and when they run."""

    domain: Domain
    place: str
    facts: tuple[Fact, ...]
    first_day: dt.date  # articles run on the first day or up to `days` later
    days: int
    fields: tuple[tuple[str, str], ...]  # the story's own template fields: {fire}, {name}, {winner}, {year}
    arrest: dt.date | None = None  # the suspect's arrest (crime stories)


def person(r: random.Random) -> str:
    return f"{pick(r, FIRST)} {pick(r, LAST)}"


@functools.lru_cache(maxsize=4 * STORY_SPREAD)
def make_story(seed: int, s: int) -> Story:
    """Story s of the world: a pure function of (seed, s), cached while its news cycle lasts."""
    r = random.Random(zlib.crc32(f"story|{seed}|{s}".encode()))
    domain = DOMAINS[(s + seed) % len(DOMAINS)]  # in turn, so that even a small archive has every beat
    place, others = pick(r, PLACES), r.sample(PLACES, 2)
    fields: dict[str, str] = {}
    arrest = None
    if domain.timing == "day":
        first = dt.date(r.randint(2008, 2024), r.randint(5, 11) if domain is WILDFIRE else r.randint(1, 12),
                        r.randint(1, 28))
        periods, prior, days = [day(first)], None, 2
        first += dt.timedelta(days=r.randint(0, 1))
        fields["fire"] = pick(r, FIRES)
    elif domain.timing == "month":
        y, mo = r.randint(2012, 2024), r.randint(1, 12)
        periods, prior, days = [month(y, mo)], month(y - (mo == 1), (mo - 2) % 12 + 1), 20
        first = month(y, mo).end + dt.timedelta(days=2)
    else:
        if domain.timing == "arrest":
            name = person(random.Random(zlib.crc32(f"suspect|{seed}|{s}".encode())))
            arrest = dt.date(2008, 1, 1) + dt.timedelta(days=int(stable(seed, "arrest", name) * 6000))
            fields["name"], y = name, arrest.year
        else:
            y = r.randrange(2006, 2025, 2) if domain.timing == "election" else r.randint(2006, 2024)
        periods, prior, days = [year(y)], None if domain.timing == "election" else year(y - 1), 20
        first = dt.date(y + 1, r.randint(1, 11), r.randint(1, 28))
        fields["year"] = str(y)
        fields["winner"] = person(r)
    facts = [Fact(m, place, p) for m in domain.measures for p in periods]
    facts += [Fact(m, other, periods[0]) for m in domain.measures[:2] for other in others]
    if prior is not None:
        facts += [Fact(m, place, prior) for m in domain.measures[:1]]
        facts += [Fact(domain.measures[0], place, periods[0], change=True)] if domain.changes else []
    return Story(domain, place, tuple(facts), first, days, tuple(fields.items()), arrest)


# ----------------------------------------------------------------------------- articles
@dataclass(frozen=True, slots=True)
class Mention:
    """One stated figure or date: which fact, where (1-based line and column of its first character), as written."""

    key: str
    doc: str
    line: int
    column: int
    text: str
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class Plant:
    """A mention whose value cannot hold with the truth, with the fact it misstates."""

    mention: Mention
    domain: str
    measure: str  # a measure key, or "arrested" for a date
    place: str
    period: str
    unit: str  # "date" for a date (the values are then day ordinals)
    true_value: float
    planted_value: float
    subject: str | None = None  # who was arrested


@dataclass(frozen=True, slots=True)
class Article:
    """One generated article: metadata, Markdown body, and what it states."""

    id: str
    title: str
    source: str
    published: dt.date
    url: str
    domain: str
    paragraphs: tuple[str, ...]
    mentions: tuple[Mention, ...] = ()  # true statements of facts (not for copies)
    plant: Plant | None = None
    copy_of: str | None = None

    def markdown(self) -> str:
        head = (f'---\nid: {self.id}\ntitle: "{self.title}"\nsource: {self.source}\n'
                f"published: {self.published.isoformat()}\nurl: {self.url}\n---\n")
        return head + "\n\n".join(self.paragraphs) + "\n"


HEADER_LINES = 7  # the front matter above: the body's first paragraph is on line 8


@dataclass
class _Writer:
    """Builds one article's sentences, tracking where each figure lands (paragraph, column)."""

    doc: str
    rng: random.Random
    colours: tuple[str, ...]  # the domain's colour sentences
    paragraphs: list[list[str]] = field(default_factory=list)
    width: int = 0  # characters in the current paragraph so far
    words: int = 0
    mentions: list[Mention] = field(default_factory=list)
    said: set[str] = field(default_factory=set)  # colour templates used, so none is repeated

    def sentence(self, text: str) -> int:
        """Add a sentence, now and then in a new paragraph; return its 0-based column."""
        if not self.paragraphs or self.rng.random() < 0.4:
            self.paragraphs.append([])
            self.width = 0
        column = self.width + (1 if self.paragraphs[-1] else 0)
        self.paragraphs[-1].append(text)
        self.width = column + len(text)
        self.words += text.count(" ") + 1
        return column

    def figure(self, text: str, at: int, said: Said, key: str) -> Mention:
        """Add a sentence stating a fact (`said` at offset `at`) and record where it stands."""
        column = self.sentence(text)
        mention = Mention(key, self.doc, HEADER_LINES + 2 * len(self.paragraphs) - 1, column + at + 1,
                          said.text, said.low, said.high)
        self.mentions.append(mention)
        return mention


def capital(s: str) -> str:
    return s[:1].upper() + s[1:]


def fill(template: str, fields: dict[str, str]) -> str:
    return template.format_map(fields)


def figure_sentence(template: str, fields: dict[str, str], fig: str) -> tuple[str, int]:
    """The sentence with the figure in place, and the figure's offset in it."""
    before, after = template.split("{fig}")
    head = capital(fill(before, fields)) if before else ""
    fig = fig if head else capital(fig)
    return head + fig + fill(after, fields), len(head)


def attribution(domain: Domain, rng: random.Random) -> str:
    return pick(rng, domain.sources).replace("{person}", person(rng))


def state_fact(w: _Writer, story: Story, fact: Fact, fields: dict[str, str], published: dt.date,
               seed: int, plant: bool) -> Plant | None:
    """Write one sentence stating the fact (a wrong value if `plant`); return what was planted."""
    rng, m = w.rng, fact.measure
    truth = m.true_value(seed, fact.place, fact.period.label)
    phrase = when(fact.period, published, rng)
    fields = fields | {"place": fact.place, "src": attribution(story.domain, rng), "when": phrase,
                       "When": capital(phrase), "year": str(fact.period.start.year)}
    if fact.change:
        old = m.true_value(seed, fact.place, year(fact.period.start.year - 1).label)
        fields |= {"old": number(old), "rose": "rose" if truth >= old else "fell", "delta": change(old, truth, rng)}
        said = Said(number(truth), truth - pad(truth), truth + pad(truth))
        w.figure(*figure_sentence(pick(rng, story.domain.changes), fields, said.text), said, fact.key)
        return None
    value, said = misstate(m, truth, rng) if plant else (truth, say(m, truth, rng))
    templates = m.templates if fact.place == story.place else m.elsewhere
    mention = w.figure(*figure_sentence(pick(rng, templates), fields, said.text), said, fact.key)
    if not plant:
        return None
    w.mentions.pop()
    return Plant(mention, story.domain.name, m.key, fact.place, fact.period.label,
                 "USD" if m.kind == "money" else m.unit or m.kind, truth, value)


def change(old: float, new: float, rng: random.Random) -> str:
    """Now and then the change in percent, rightly computed: ", an increase of 38 percent"."""
    pct = round(abs(new / old - 1) * 100)
    if pct == 0 or rng.random() < 0.5:
        return ""
    return f", {'an increase' if new > old else 'a drop'} of {pct} percent"


ARREST_TEMPLATES = (
    "Police arrested {name} {date} in connection with the case{src}.",
    "{name} was arrested {date}{src}.",
    "Detectives arrested {name} {date} after a monthslong investigation{src}.",
)


def state_arrest(w: _Writer, story: Story, fields: dict[str, str], plant: bool) -> Plant | None:
    """The suspect's arrest date, by day or by month; a planted one is a full date months earlier."""
    assert story.arrest is not None
    rng, d = w.rng, story.arrest
    if plant:
        d -= dt.timedelta(days=rng.randint(40, 120))
    if plant or rng.random() < 0.7:
        said, prep = Said(ap_date(d, True), d.toordinal(), d.toordinal()), "on "
    else:
        p = month(d.year, d.month)
        said, prep = Said(f"{MONTHS[d.month - 1]} {d.year}", p.start.toordinal(), p.end.toordinal()), "in "
    template = pick(rng, ARREST_TEMPLATES).replace("{date}", prep + "{fig}")
    fields = fields | {"src": attribution(story.domain, rng)}
    key = f"arrested|{fields['name']}"
    mention = w.figure(*figure_sentence(template, fields, said.text), said, key)
    if not plant:
        return None
    w.mentions.pop()
    return Plant(mention, story.domain.name, "arrested", story.place, story.arrest.isoformat(), "date",
                 story.arrest.toordinal(), d.toordinal(), fields["name"])


COLOUR = tuple((t, frozenset(f for _, f, _, _ in string.Formatter().parse(t) if f)) for t in (
    '"{quote}," said {person}, {role}.', '"{quote}," {person}, {role}, said.', '"{quote}," said {person}.',
    "{person}, {role}, said {claim}.", "{person}, {role}, said {claim}.", "{lead}, {person}, {role}, said {claim}.",
    "{connector}, {claim}, {person} said.", "{connector}, {claim}.", "According to {person}, {role}, {claim}.",
    '"{quote}," said {person}, {role}. "{quote2}."', "{scene}", "{scene}", "{connector}, {scene_lower}",
    '"{quote}," said {person}, {role}, adding that {claim}.', '{scene} "{quote}," said {person}.',
    "{lead}, {person}, {role}, said {claim} and that {claim2}.", "{scene} {person}, {role}, said {claim}.",
))
LEADS = ("In an interview", "At a news conference", "Speaking to reporters", "In a statement", "On social media",
         "At a community meeting", "Asked about it later")
CONNECTORS = ("Even so", "Still", "For now", "By most accounts", "Privately", "Publicly", "Either way", "Meanwhile",
              "For many residents", "In the meantime")


def colour_template(rng: random.Random, d: Domain) -> str:
    """A sentence without figures or dates; {place} and {person} are filled in when it is used."""
    template, needs = pick(rng, COLOUR)
    slots = {"place": "{place}", "person": "{person}", "thing": pick(rng, d.things)}
    if "role" in needs:
        slots["role"] = pick(rng, d.roles)
    if "quote" in needs:
        slots["quote"], slots["quote2"] = two(rng, d.quotes)
    if "claim" in needs:
        claim, claim2 = two(rng, d.claims)
        slots["claim"], slots["claim2"] = fill(claim, slots), fill(claim2, slots)
    if "lead" in needs or "connector" in needs:
        slots["lead"], slots["connector"] = pick(rng, LEADS), pick(rng, CONNECTORS)
    if "scene" in needs or "scene_lower" in needs:
        scene = fill(pick(rng, d.scenes), slots)
        slots["scene"], slots["scene_lower"] = scene, scene[:1].lower() + scene[1:]
    return capital(fill(template, slots))


@functools.cache
def colour_pool(seed: int, domain: str, size: int) -> tuple[str, ...]:
    """The domain's colour sentences, built once: articles draw from them and add a place and a person."""
    d = next(d for d in DOMAINS if d.name == domain)
    rng = random.Random(zlib.crc32(f"colour|{seed}|{domain}".encode()))
    return tuple(dict.fromkeys(colour_template(rng, d) for _ in range(size)))


def colour(w: _Writer, place: str) -> None:
    """A colour sentence this article has not used yet, so articles differ in more than their numbers."""
    for _ in range(4):
        template = pick(w.rng, w.colours)
        if template not in w.said:
            break
    w.said.add(template)
    w.sentence(template.replace("{place}", place).replace("{person}", person(w.rng)))


def since_sentence(w: _Writer, story: Story, published: dt.date, seed: int) -> None:
    """A cumulative figure since a year: its period ends on the publication date, so it is keyed by it."""
    m = story.domain.measures[0]
    since = 2000 + int(stable(seed, "since", story.place) * 8)
    label = f"{since}..{published.isoformat()}"
    total = float(round(m.true_value(seed, story.place, label) * (published.year - since)))
    fields = {"place": story.place, "since": str(since), "src": attribution(story.domain, w.rng)}
    said = Said(number(total), total - pad(total), total + pad(total))
    w.figure(*figure_sentence(story.domain.since, fields, said.text), said, f"{m.key}|{story.place}|{label}")


def write_article(i: int, width: int, story: Story, rng: random.Random, seed: int, words: int,
                  plant: bool, pool: int) -> Article:
    """One article about the story: figure sentences spread among colour sentences, about `words` long."""
    doc = f"d{i:0{width}d}"
    published = story.first_day + dt.timedelta(days=rng.randint(0, story.days))
    fields = dict(story.fields)
    w = _Writer(doc, rng, colour_pool(seed, story.domain.name, pool))
    facts: list[Fact | None] = []
    for fact in rng.sample(story.facts, max(3, min(len(story.facts), round(words / 45)))):
        if all(f is None or f.key != fact.key for f in facts):
            facts.append(fact)
    if story.arrest is not None:
        facts.insert(rng.randrange(len(facts) + 1), None)  # None: the arrest
    can_plant = [n for n, f in enumerate(facts) if f is None or not f.change]
    target = pick(rng, can_plant) if plant else -1
    made: Plant | None = None
    colour(w, story.place)
    for n, fact in enumerate(facts):
        if fact is None:
            made = state_arrest(w, story, fields, n == target) or made
        else:
            made = state_fact(w, story, fact, fields, published, seed, n == target) or made
        while w.words < (n + 1) * words / (len(facts) + 1):
            colour(w, story.place)
    if story.domain.since and rng.random() < 0.3:
        since_sentence(w, story, published, seed)
    while w.words < words:
        colour(w, story.place)
    outlet = pick(rng, OUTLETS)
    title = fill(pick(rng, story.domain.titles), fields | {"place": story.place})
    return Article(doc, title, outlet, published, url(outlet, published, title, doc), story.domain.name,
                   tuple(" ".join(p) for p in w.paragraphs), tuple(w.mentions), made)


def url(outlet: str, published: dt.date, title: str, doc: str) -> str:
    host = "".join(c for c in outlet.lower() if c.isalnum())
    slug = "-".join("".join(c for c in w.lower() if c.isalnum()) for w in title.split()[:6])
    return f"https://www.{host}.example/{published:%Y/%m/%d}/{slug}-{doc}"


def republish(i: int, width: int, original: Article, rng: random.Random) -> Article:
    """A copy of `original` by another outlet a day later: a note on top, sometimes the end cut."""
    doc = f"d{i:0{width}d}"
    outlet = pick(rng, [o for o in OUTLETS if o != original.source])
    published = original.published + dt.timedelta(days=1)
    published = published if published.year == original.published.year else original.published
    note = f"This story was first published by {original.source} and is republished here with permission."
    body = original.paragraphs[:-1] if len(original.paragraphs) > 4 and rng.random() < 0.5 else original.paragraphs
    return Article(doc, original.title, outlet, published, url(outlet, published, original.title, doc),
                   original.domain, (note, *body), copy_of=original.id)


# ----------------------------------------------------------------------------- the archive
def generate(documents: int, seed: int = 1, words: int = 600, contradiction_rate: float = 0.02,
             republication_rate: float = 0.02) -> Iterator[Article]:
    """The archive's articles in id order: a pure function of the arguments."""
    rng = random.Random(seed)
    width = max(6, len(str(documents - 1)))
    stories = max(1, round(documents / DOCS_PER_STORY))
    pool = min(COLOUR_POOL[1], max(COLOUR_POOL[0], documents // 3))
    recent: list[Article] = []
    for i in range(documents):
        if recent and rng.random() < republication_rate:
            yield republish(i, width, pick(rng, recent), rng)
            continue
        s = min(stories - 1, max(0, i * stories // documents + rng.randint(-STORY_SPREAD, STORY_SPREAD)))
        article = write_article(i, width, make_story(seed, s), rng, seed, words,
                                rng.random() < contradiction_rate, pool)
        if article.plant is None:
            recent = [*recent[-49:], article]
        yield article


def disjoint(a: Mention, b: Mention) -> bool:
    return a.high < b.low or b.high < a.low


class Gold:
    """Collects the plants and republications; mentions go to a scratch file until the plants are known."""

    def __init__(self, scratch: TextIO) -> None:
        self.plants: list[Plant] = []
        self.copies: list[tuple[str, str]] = []
        self._scratch = scratch

    def add(self, article: Article) -> None:
        if article.copy_of is not None:
            self.copies.append((article.copy_of, article.id))
        if article.plant is not None:
            self.plants.append(article.plant)
        self._scratch.writelines(f"{m.key}\t{m.doc}\t{m.line}\t{m.column}\t{m.text}\t{m.low!r}\t{m.high!r}\n"
                                 for m in article.mentions)

    def data(self, header: dict[str, Any]) -> dict[str, Any]:
        keys = {p.mention.key for p in self.plants}
        same: dict[str, list[Mention]] = {k: [] for k in keys}
        self._scratch.seek(0)
        for line in self._scratch:
            key, doc, ln, col, text, low, high = line.rstrip("\n").split("\t")
            if key in keys:
                same[key].append(Mention(key, doc, int(ln), int(col), text, float(low), float(high)))
        contradictions = []
        for n, p in enumerate(self.plants, 1):
            m = p.mention
            against = [o for o in same[m.key] if o.doc != m.doc and disjoint(o, m)]
            contradictions.append({
                "id": f"c{n:05d}", "kind": "date" if p.unit == "date" else "figure", "domain": p.domain,
                "measure": p.measure, **({"subject": p.subject} if p.subject else {}), "place": p.place,
                "period": p.period, "unit": p.unit, "true_value": _plain(p.true_value, p.unit),
                "planted_value": _plain(p.planted_value, p.unit), "planted": _where(m),
                "disagreeing": [_where(o) for o in against]})
        return {**header, "contradictions": contradictions,
                "republications": [{"original": a, "copy": b} for a, b in self.copies]}


def _plain(v: float, unit: str) -> object:
    if unit == "date":
        return dt.date.fromordinal(int(v)).isoformat()
    return int(v) if v == int(v) else v


def _where(m: Mention) -> dict[str, object]:
    return {"doc": m.doc, "line": m.line, "column": m.column, "text": m.text}


def write_corpus(out: Path, documents: int, seed: int = 1, words: int = 600, contradiction_rate: float = 0.02,
                 republication_rate: float = 0.02) -> dict[str, Any]:
    """Write the archive and gold.yaml into `out`; return the gold data (with per-domain counts)."""
    domains = Counter[str]()
    made: set[Path] = set()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as scratch:
        gold = Gold(scratch)
        for article in generate(documents, seed, words, contradiction_rate, republication_rate):
            shard = out / f"{int(article.id[1:]) // SHARD_SIZE:04d}"
            if shard not in made:
                shard.mkdir(parents=True, exist_ok=True)
                made.add(shard)
            (shard / f"{article.id}.md").write_bytes(article.markdown().encode())
            gold.add(article)
            domains[article.domain] += 1
        header = {"generator": "benchmarks/make_corpus.py", "seed": seed, "documents": documents,
                  "words_per_doc": words, "contradiction_rate": contradiction_rate,
                  "republication_rate": republication_rate, "domains": dict(sorted(domains.items()))}
        data = gold.data(header)
    with (out / "gold.yaml").open("w", encoding="utf-8") as f:
        yaml.safe_dump(data, f, sort_keys=False, allow_unicode=True, width=120)
    return data


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="folder to write the archive into (created if missing)")
    ap.add_argument("--documents", type=int, required=True, help="how many articles")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--words-per-doc", type=int, default=600, help="about this many words per article")
    ap.add_argument("--contradiction-rate", type=float, default=0.02,
                    help="share of articles that state one fact with a value that cannot hold")
    ap.add_argument("--republication-rate", type=float, default=0.02, help="share of articles that copy another")
    args = ap.parse_args(argv)
    if args.documents < 1 or args.words_per_doc < 50:
        ap.error("--documents must be at least 1 and --words-per-doc at least 50")
    if not (0 <= args.contradiction_rate <= 1 and 0 <= args.republication_rate <= 1):
        ap.error("--contradiction-rate and --republication-rate are shares between 0 and 1")
    if args.out.exists() and (not args.out.is_dir() or any(args.out.iterdir())):
        ap.error(f"{args.out} exists and is not an empty folder: pass a new or empty folder (an older archive "
                 "left in it would be loaded with the new one)")
    t0 = time.perf_counter()
    try:
        gold = write_corpus(args.out, args.documents, args.seed, args.words_per_doc, args.contradiction_rate,
                            args.republication_rate)
    except OSError as e:
        ap.error(f"cannot write {e.filename or args.out}: {e.strerror}; check the folder and its permissions")
    seconds = time.perf_counter() - t0
    for name, count in gold["domains"].items():
        print(f"  {name:<14} {count:>8,}")
    contradictions = gold["contradictions"]
    print(f"{args.documents:,} articles in {args.out}: {len(contradictions):,} planted contradictions "
          f"({sum(bool(c['disagreeing']) for c in contradictions):,} with a disagreeing mention), "
          f"{len(gold['republications']):,} republications")
    print(f"generated in {seconds:.2f} s: {args.documents / seconds:,.0f} documents/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
