"""Arithmetic checks: stated changes, ratios and differences that do not add up, within one sentence.

    findings = check_arithmetic(claims, text)

`claims` are all claims of one document in text order (as `factcheck.extract` returns them) and `text`
is the document's text, read for the words around the figures ("up", "doubled", "a drop of").

What is related to what is read only where the sentence states it plainly:

- a *pair*: the two figures of a stated change ("from 5,000 to 6,500", "to 880 from 1,000"; the
  extractor's `change` marks, plus a few shapes read here: "halved from 300 to 150", "from 61 percent in
  2016 to 55 percent in 2020", "$120 million, up 25% from $96 million", "1,200 students, 200 more than
  the 1,000 ...", and two same-unit figures of two different periods followed by a stated change);
- a *stated change* next to the pair, with a word that makes it one: a relative change ("up 30 percent",
  "a 26 percent jump", "cut by one-third", ", or 20 percent"), percentage points ("a rise of 1.1
  percentage points"), an absolute difference ("a drop of 30", "5,000 more", "an increase of $40
  million") or a multiple ("doubled", "cut in half", "tenfold");
- the direction word of the pair itself ("rose from 150 to 120").

A finding is reported only when no values the figures' wording allows (their rounding and qualifiers)
can make the statement true. The rules are described in docs/checks.md, section "Arithmetic".
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from factcheck.records import FIGURE_KINDS, Claim, Finding

__all__ = ["WORD_TOLERANCE", "check_arithmetic"]

WORD_TOLERANCE = 0.10
"""A multiple or fraction written as a word ("doubled", "a third") stands for itself ±10 %: of the ratio
for multiples (doubled: ×1.8 to ×2.2), of the change for fractions (cut by a third: 30 % to 36.7 %)."""

_INF = math.inf
_EPS = 1e-9

Interval = tuple[float, float]

# --------------------------------------------------------------------------------------------------
# Words

_UP_VERBS = (
    "rose risen rise rises rising grew grown grow grows growing increased increase increases increasing "
    "jumped jump jumps jumping climbed climb climbs climbing soared soar soars soaring surged surge surges "
    "surging gained gain gains gaining raised raise raises raising boosted boost boosts boosting swelled "
    "swell swells swelling spiked spikes spiking hiked hike hikes hiking widened widen widens widening "
    "expanded expand expands expanding rebounded rebound rallied growth up"
).split()
_DOWN_VERBS = (
    "fell fallen fall falls falling dropped drop drops dropping declined decline declines declining "
    "decreased decrease decreases decreasing slipped slip slips slipping slid slide slides sliding plunged "
    "plunge plunges plunging plummeted plummet plummets plummeting tumbled tumble tumbles tumbling sank "
    "sink sinks sinking sunk dipped dip dips dipping shrank shrunk shrink shrinks shrinking cut cuts "
    "cutting reduced reduce reduces reducing reduction lowered lower lowers lowering slashed slash slashes "
    "slashing trimmed trim trims trimming narrowed narrow narrows narrowing lost lose loses losing loss "
    "contracted contract contracts contracting down"
).split()
_NEUTRAL_VERBS = "changed change changes changing went go goes going moved move moves shifted shift swung".split()
_DIRECTION: dict[str, int] = {w: 1 for w in _UP_VERBS} | {w: -1 for w in _DOWN_VERBS}

_UP_NOUNS = "increase rise jump gain growth surge spike climb hike bump boost rebound".split()
_DOWN_NOUNS = "drop decline decrease fall reduction cut loss dip slide plunge contraction".split()
_NEUTRAL_NOUNS = "change swing difference shift".split()
_NOUN_DIRECTION: dict[str, int | None] = (
    {w: 1 for w in _UP_NOUNS} | {w: -1 for w in _DOWN_NOUNS} | dict.fromkeys(_NEUTRAL_NOUNS)
)
_COMPARATIVES: dict[str, int] = {
    "more": 1, "higher": 1, "greater": 1, "larger": 1, "bigger": 1,
    "fewer": -1, "less": -1, "lower": -1, "smaller": -1,
}
_AFTER_WORDS: dict[str, int | None] = _NOUN_DIRECTION | _COMPARATIVES

# "up"/"down" are words of change only after these (or punctuation): "were up 30 percent", ", down 12%";
# not in "making up 15 percent", "signed up 300 volunteers".
_UP_DOWN_AFTER = frozenset(
    "was were is are be been being 's remains remained remain stays stayed ended closed finished went go "
    "goes going gone edged ticked moved crept shot came come comes coming way sharply slightly "
    "significantly dramatically also still now nearly almost".split()
)
_NEGATIONS = frozenset({"not", "never", "no"})
_SEASON_DETERMINERS = frozenset({"the", "this", "last", "next", "in", "that", "each", "every", "early", "late"})

_BREAK = re.compile(
    r"[;:]|\b(?:and|but|while|whereas|although|though|after|before|because|when|as|despite|with|which|who|"
    r"whom|where|if|unless|than|compared|versus|vs)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.,$%-]*")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?|\.\d+")
_SCALE_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}

_MULTIPLE_WORDS: dict[str, float] = {
    "doubled": 2, "doubling": 2, "doubles": 2,
    "tripled": 3, "tripling": 3, "triples": 3, "trebled": 3, "trebling": 3,
    "quadrupled": 4, "quadrupling": 4, "quadruples": 4,
    "quintupled": 5, "quintupling": 5,
    "halved": 0.5, "halving": 0.5, "halves": 0.5,
}
_FOLD_NUMBERS: dict[str, float] = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "hundred": 100, "a hundred": 100, "one hundred": 100,
}
_MULTIPLE = re.compile(
    r"\b(?:(?P<word>" + "|".join(_MULTIPLE_WORDS) + r")"
    r"|(?P<half>(?:cut|slashed|sliced|chopped)\s+(?:(?:it|them|the\s+\w+|its\s+\w+|their\s+\w+)\s+)?in\s+half)"
    r"|(?P<fold>(?P<n>\d+(?:\.\d+)?|" + "|".join(sorted(_FOLD_NUMBERS, key=len, reverse=True)) + r")[- ]?fold))\b",
    re.IGNORECASE,
)
_MULTIPLE_QUALIFIER = re.compile(
    r"\b(?P<q>more than|better than|well over|just over|over|at least|nearly|almost|close to|just under|"
    r"roughly|about|around|approximately|some)\s+$",
    re.IGNORECASE,
)
_FOLD_DOWN_AFTER = re.compile(r"\s+(?:decrease|drop|decline|reduction|fall|cut)\b", re.IGNORECASE)
_FOLD_DOWN_BEFORE = re.compile(
    r"\b(?:fell|dropped|declined|decreased|shrank|cut|reduced|plunged|slashed)\s+(?:by\s+)?(?:an?\s+)?$",
    re.IGNORECASE,
)

_FILLERS = r"(?:\s+(?:by|some|a\s+further|a\s+full|an\s+additional|another|a\s+total\s+of))?"
_CUE_BEFORE_VERB = re.compile(r"(?P<cue>\b(?P<w>[A-Za-z]+)" + _FILLERS + r")\s*$")
_CUE_BEFORE_NOUN = re.compile(
    r"(?P<cue>(?:\b(?:an?|the|its|their|his|her)\s+(?:[a-z]+\s+){0,2})?\b(?P<w>[a-z]+)\s+of)\s*$",
    re.IGNORECASE,
)
_TRANSITIVE = (
    "raise raised raises raising increase increased increases increasing boost boosted boosts boosting hike hiked "
    "hikes hiking cut cuts cutting reduce reduced reduces reducing lower lowered lowers lowering slash slashed "
    "slashes slashing trim trimmed trims trimming"
).split()
# "raised the parking permit fee 30 percent", "cut its fleet by 20 percent": a verb, its object, the figure
_CUE_TRANSITIVE = re.compile(
    r"(?P<cue>\b(?P<w>" + "|".join(_TRANSITIVE) + r")\s+(?P<object>(?:[A-Za-z'’-]+\s+){1,4}?)(?:by\s+)?)$",
    re.IGNORECASE,
)
_NOT_OBJECT = frozenset(
    "of in on for to at among with from than and or but by about nearly almost some more less fewer "
    "was were is are be been".split()
)
_CUE_BEFORE_OR = re.compile(r"(?P<cue>,\s*or\s+|\bor\s+|\(\s*)$")
_CUE_AFTER = re.compile(r"[\s-]*(?P<w>[A-Za-z]+)\b(?P<than>\s+than\b)?")
_UP_FROM = re.compile(
    r"(?:\s+(?:of|in|for|among)\s+[^,;:()\d]{1,30}?)?"  # "58 percent of the vote, up 6 percent from ..."
    r"\s*[,(—–]\s*(?P<cue>(?P<w>up|down)(?:\s+by)?|(?:an?\s+)?(?:[a-z]+\s+)?(?P<n>[a-z]+)\s+of)\s*",
    re.IGNORECASE,
)
_FROM_TO_BEFORE = re.compile(r"\b(?P<w>from|to)\s+$", re.IGNORECASE)


# --------------------------------------------------------------------------------------------------
# Records


@dataclass
class _Cue:
    phrase: str
    start: int
    end: int
    direction: int | None


@dataclass
class _Pair:
    old: Claim
    new: Claim
    sep: str = "→"
    verb: _Cue | None = None
    anchor: int = 0
    """Start of the pair's wording: the "from"/"to" before its first figure, else the first figure."""
    linked: list[_Stated] = field(default_factory=list)

    @property
    def start(self) -> int:
        return min(self.old.start, self.new.start)

    @property
    def end(self) -> int:
        return max(self.old.end, self.new.end)

    @property
    def unit(self) -> str | None:
        return self.old.unit

    @property
    def last_end(self) -> int:
        return max([self.end, *(s.end for s in self.linked)])

    def label(self) -> str:
        if self.sep == "vs":
            return f"{self.new.text} vs {self.old.text}"
        return f"{self.old.text} {self.sep} {self.new.text}"


@dataclass
class _Stated:
    """A stated change: a figure (or a multiple word) with the wording that makes it one."""

    start: int
    end: int
    phrase: str
    direction: int | None
    claim: Claim | None = None
    multiple: float | None = None
    qualifier: str | None = None
    backward_only: bool = False
    points: bool = False
    """A count of "points": percentage points when the pair is of percentages."""


@dataclass
class _Sentence:
    start: int
    end: int
    figures: list[Claim]
    pairs: list[_Pair] = field(default_factory=list)


# --------------------------------------------------------------------------------------------------
# Entry point


def check_arithmetic(claims: Sequence[Claim], text: str) -> list[Finding]:
    """Findings for stated changes, ratios and differences that do not add up, one sentence at a time.

    Every finding is `kind="arithmetic"`, `severity="error"`, with rule `arithmetic.percent_change`,
    `arithmetic.point_change`, `arithmetic.difference`, `arithmetic.multiple` or `arithmetic.direction`,
    a message naming the figures as written and the arithmetic, and the claims involved in text order.
    """
    findings: list[Finding] = []
    for sentence in _sentences(claims, text):
        findings.extend(_check_sentence(sentence, text))
    return sorted(findings, key=lambda f: f.sort_key)


def _sentences(claims: Sequence[Claim], text: str) -> list[_Sentence]:
    spans: dict[int, tuple[int, int]] = {}
    usable: list[Claim] = []
    for claim in claims:
        if claim.kind not in FIGURE_KINDS:
            continue
        if not (0 <= claim.start < claim.end <= len(text)) or text[claim.start:claim.end] != claim.text:
            continue
        sent = claim.sentence or ""
        at = text.rfind(sent, max(0, claim.end - len(sent)), claim.start + len(sent)) if sent else -1
        spans[id(claim)] = (at, at + len(sent)) if at >= 0 else (claim.start, claim.end)
        usable.append(claim)
    merged = _merge_wrapped(sorted(set(spans.values())), text)
    groups: dict[tuple[int, int], _Sentence] = {}
    for claim in usable:
        start, end = spans[id(claim)]
        span = next((m for m in merged if m[0] <= start and end <= m[1]), (start, end))
        group = groups.get(span)
        if group is None:
            group = groups[span] = _Sentence(span[0], span[1], [])
        group.figures.append(claim)
    return [groups[k] for k in sorted(groups)]


_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’)\]]*$")
_BLOCK_START = re.compile(r"\s*(?:[-*+#>|]|\d+[.)])\s")


def _merge_wrapped(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Join sentences split at line breaks inside a paragraph (hard-wrapped drafts): "from\n$80 million
    to $120 million" is one sentence. A blank line, a sentence-final mark, or a list item or heading
    starting a line still ends it."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and out[-1][1] <= start and _same_sentence(text, out[-1], start):
            out[-1] = (out[-1][0], end)
            continue
        out.append((start, end))
    return out


def _same_sentence(text: str, prev: tuple[int, int], start: int) -> bool:
    gap = text[prev[1]:start].replace("\r", "")
    if "\n" not in gap and gap.strip():
        return False  # the extractor split inside a line: trust it
    if re.search(r"\n[ \t]*\n", gap) or _SENTENCE_END.search(text, prev[0], prev[1]):
        return False
    if re.search(r"[.!?…][\"'”’)\]]*(?:\s|$)", gap):
        return False
    line_starts = [m.end() for m in re.finditer(r"\n", text[prev[1]:start])]
    return not any(_BLOCK_START.match(text, prev[1] + at) for at in line_starts)


def _check_sentence(s: _Sentence, text: str) -> list[Finding]:
    s.figures = sorted((c for c in s.figures if not _is_fold_number(c, text)), key=lambda c: c.start)
    if len(s.figures) < 2:
        return []
    findings: list[Finding] = []
    _marked_pairs(s, text)
    _from_to_pairs(s, text)
    _up_from_pairs(s, text)
    _comparisons(s, text)
    s.pairs = [p for p in s.pairs if not _is_range(s, p, text)]
    _link_stated(s, text)
    _link_multiples(s, text)
    for pair in s.pairs:
        pair.verb = pair.verb or _pair_verb(s, pair, text)
        pair_findings = [f for st in pair.linked if (f := _evaluate(pair, st)) is not None]
        if not pair_findings and pair.verb is not None and pair.verb.direction is not None:
            f = _direction_only(pair)
            if f is not None:
                pair_findings.append(f)
        findings += pair_findings
    return findings


# --------------------------------------------------------------------------------------------------
# Pairs


def _usable(claim: Claim) -> bool:
    return claim.value is not None and claim.unit is not None


def _in_pair(s: _Sentence, claim: Claim) -> bool:
    return any(claim is p.old or claim is p.new for p in s.pairs)


def _anchor(claim: Claim, s: _Sentence, text: str) -> int:
    m = _FROM_TO_BEFORE.search(text, s.start, claim.start)
    return m.start() if m else claim.start


def _marked_pairs(s: _Sentence, text: str) -> None:
    groups: dict[str, dict[str, Claim]] = {}
    for c in s.figures:
        if c.change is not None:
            groups.setdefault(c.change.group, {})[c.change.role] = c
    for roles in groups.values():
        old, new = roles.get("old"), roles.get("new")
        if old is None or new is None or not (_usable(old) and _usable(new)) or old.unit != new.unit:
            continue
        first = min(old, new, key=lambda c: c.start)
        second = max(old, new, key=lambda c: c.start)
        pair = _Pair(old, new)
        if _FROM_TO_BEFORE.search(text, s.start, first.start):
            pair.anchor = _anchor(first, s, text)
        else:
            # "4.5 inches of rain, up from 2.1 inches": the direction word stands between the figures.
            pair.anchor = first.start
            gap = text[first.end:second.start]
            m = re.search(r"\b(?P<w>[A-Za-z]+)\s+(?:from|than)\s+$", gap)
            if m and m.group("w").lower() in ("up", "down") and not _BREAK.search(gap[:m.start()]):
                pair.verb = _Cue(m.group("w"), first.end + m.start("w"), first.end + m.end("w"),
                                 _DIRECTION[m.group("w").lower()])
        s.pairs.append(pair)


_RANGE_WORDS = re.compile(r"\b(?:range[sd]?|ranging|vary|varies|varied|varying|spann?(?:ing|s|ed)?|anywhere|between)\b",
                          re.IGNORECASE)


def _is_range(s: _Sentence, pair: _Pair, text: str) -> bool:
    """"a range from 4.25% to 4.5%", "ranging from $5 to $10": two ends of a range, not a change."""
    words = list(_WORD.finditer(text, s.start, pair.anchor))[-4:]
    return bool(words) and bool(_RANGE_WORDS.search(text, words[0].start(), pair.anchor))


def _from_to_pairs(s: _Sentence, text: str) -> None:
    """"halved from 300 to 150", "fell from 61 percent in 2016 to 55 percent in 2020", "fell 40 percent
    to $3.1 million, from $5.2 million": two figures the extractor left unmarked, read as a change when
    "from X [time] to Y" or "to Y, from X" follows a word of change."""
    figs = s.figures
    for a, b in itertools.pairwise(figs):
        if _in_pair(s, a) or _in_pair(s, b) or a.change or b.change:
            continue
        if not (_usable(a) and _usable(b)) or a.unit != b.unit:
            continue
        before = re.search(r"\b(from|to)\s+$", text[s.start:a.start], re.IGNORECASE)
        if not before:
            continue
        first = before.group(1).lower()
        second = "to" if first == "from" else "from"
        gap = text[a.end:b.start]
        joint = re.search(rf"\b{second}\s+$", gap, re.IGNORECASE)
        if not joint:
            continue
        middle = gap[:joint.start()].rstrip().rstrip(",")
        if re.search(r"[,;:()]", middle) or len(_WORD.findall(middle)) > 4 or _BREAK.search(middle):
            continue
        anchor = s.start + before.start()
        cue = _direction_word_before(s, anchor, text)
        window = text[max(s.start, anchor - 60):anchor]
        multiples = list(_MULTIPLE.finditer(window))
        if cue is None and not multiples and not re.search(
                r"\b(?:" + "|".join(_NEUTRAL_VERBS) + r")\b\s*$", window, re.IGNORECASE):
            continue
        if cue is None and multiples:
            rest = window[multiples[-1].end():]
            if len(_WORD.findall(rest)) > 4 or _BREAK.search(rest):
                continue
        old, new = (a, b) if first == "from" else (b, a)
        s.pairs.append(_Pair(old, new, anchor=anchor, verb=cue))


def _up_from_pairs(s: _Sentence, text: str) -> None:
    """"Revenue was $120 million, up 25% from $96 million": old = X, new = Y, the stated change between."""
    figs = [c for c in s.figures if not _in_pair(s, c) and c.change is None]
    for y, st, x in zip(figs, figs[1:], figs[2:], strict=False):
        if not (_usable(y) and _usable(x) and _usable(st)) or y.unit != x.unit:
            continue
        m = _UP_FROM.fullmatch(text[y.end:st.start])
        if not m or not re.fullmatch(r"\s+from\s+", text[st.end:x.start], re.IGNORECASE):
            continue
        word = (m.group("w") or m.group("n")).lower()
        direction = _DIRECTION.get(word) if m.group("w") else _NOUN_DIRECTION.get(word, 0)
        if direction == 0:
            continue
        cue_start = y.end + m.start("cue")
        stated = _stated_for(st, text, cue_start, st.end, direction)
        if stated is None:
            continue
        pair = _Pair(x, y, anchor=y.start)
        pair.linked.append(stated)
        s.pairs.append(pair)


def _comparisons(s: _Sentence, text: str) -> None:
    """"1,200 students, 200 more than the 1,000 it had in 2019": Y, D more/fewer than X."""
    figs = [c for c in s.figures if not _in_pair(s, c)]
    for y, d, x in zip(figs, figs[1:], figs[2:], strict=False):
        if not (_usable(y) and _usable(d) and _usable(x)) or y.unit != x.unit or x.change or y.change:
            continue
        if not re.fullmatch(r"\s*[,(—–]\s*", text[y.end:d.start]):
            continue
        m = re.fullmatch(r"\s+(?P<w>more|fewer|less|higher|lower|greater|larger|bigger|smaller)\s+than\s+"
                         r"(?P<fill>(?:[A-Za-z'’]+\s+){0,3})", text[d.end:x.start], re.IGNORECASE)
        if not m or _BREAK.search(m.group("fill")):
            continue
        stated = _stated_for(d, text, d.start, d.end + m.end("w"),
                             _COMPARATIVES[m.group("w").lower()])
        if stated is None:
            continue
        pair = _Pair(x, y, sep="vs", anchor=y.start)
        pair.linked.append(stated)
        s.pairs.append(pair)


def _temporal_pair(s: _Sentence, stated: Claim, text: str) -> _Pair | None:
    """Two same-unit figures of two periods that do not overlap, just before a stated change:
    "12,000 voters in 2020 and 17,000 in 2024, 5,000 more". Old is the earlier period."""
    before = [c for c in s.figures if c.end <= stated.start]
    if len(before) < 2:
        return None
    a, b = before[-2], before[-1]
    if _in_pair(s, a) or _in_pair(s, b) or not (_usable(a) and _usable(b)) or a.unit != b.unit:
        return None
    if a.period is None or b.period is None or None in (a.period.start, a.period.end, b.period.start,
                                                          b.period.end):
        return None
    for name in ("entity", "measure", "rate"):
        va, vb = getattr(a, name), getattr(b, name)
        if va and vb and _norm(va) != _norm(vb):
            return None
    middle = text[a.end:b.start]
    if ";" in middle or len(_WORD.findall(middle)) > 8 or re.search(r"\b(?:but|while|whereas)\b", middle):
        return None
    if a.period.end < b.period.start:
        old, new = a, b
    elif b.period.end < a.period.start:
        old, new = b, a
    else:
        return None
    pair = _Pair(old, new, anchor=a.start)
    s.pairs.append(pair)
    return pair


def _norm(word: str) -> str:
    word = word.lower().strip()
    return word[:-1] if word.endswith("s") else word


# --------------------------------------------------------------------------------------------------
# Stated changes


def _is_fold_number(claim: Claim, text: str) -> bool:
    return bool(re.match(r"[- ]?fold\b", text[claim.end:claim.end + 6], re.IGNORECASE))


_POINTS_AFTER = re.compile(r"(?:-|\s+)(?:percentage[-\s]+)?points?\b", re.IGNORECASE)


def _points_end(claim: Claim, text: str) -> int | None:
    """Where the word "points" of a count of points ends: "1.1 points", "six points", "a 6-point gain"
    (the extractor reads these as counts); None for other figures."""
    if claim.unit != "count":
        return None
    if re.search(r"\bpoints?$", claim.text, re.IGNORECASE):
        return claim.end
    m = _POINTS_AFTER.match(text, claim.end)
    return m.end() if m else None


def _stated_for(claim: Claim, text: str, start: int, end: int, direction: int | None,
                backward_only: bool = False) -> _Stated | None:
    phrase = " ".join(text[start:end].split())
    if not _usable(claim):
        return None
    return _Stated(start, end, phrase, direction, claim=claim, backward_only=backward_only,
                   points=_points_end(claim, text) is not None)


def _stated_cue(s: _Sentence, claim: Claim, text: str) -> _Stated | None:
    """The word that makes a figure a stated change, before it ("up", "rose by", "a drop of", ", or")
    or after it ("increase", "higher", "more"); None when there is none."""
    prefix = text[s.start:claim.start]
    m = _CUE_BEFORE_VERB.search(prefix)
    if m:
        word = m.group("w").lower()
        if word in _DIRECTION and _is_change_word(s.start + m.start("w"), word, text):
            start = s.start + m.start("cue")
            return _stated_for(claim, text, start, claim.end, _DIRECTION[word])
    m = _CUE_BEFORE_NOUN.search(prefix)
    if m and m.group("w").lower() in _NOUN_DIRECTION:
        start = s.start + m.start("cue")
        return _stated_for(claim, text, start, claim.end, _NOUN_DIRECTION[m.group("w").lower()])
    m = _CUE_TRANSITIVE.search(prefix)
    if m and not (set(_WORD.findall(m.group("object").lower())) & _NOT_OBJECT):
        start = s.start + m.start("cue")
        return _stated_for(claim, text, start, claim.end, _DIRECTION[m.group("w").lower()])
    m = _CUE_AFTER.match(text, _points_end(claim, text) or claim.end, s.end)
    if m and m.group("w").lower() in _AFTER_WORDS and not m.group("than"):
        end = m.end("w")
        return _stated_for(claim, text, claim.start, end, _AFTER_WORDS[m.group("w").lower()])
    m = _CUE_BEFORE_OR.search(prefix)
    if m:
        return _stated_for(claim, text, claim.start, claim.end, None, backward_only=True)
    return None


def _is_change_word(at: int, word: str, text: str) -> bool:
    before = _WORD.findall(text[max(0, at - 40):at])
    prev = before[-1].lower() if before else ""
    if any(w.lower() in _NEGATIONS or w.lower().endswith(("n't", "n’t")) for w in before[-2:]):
        return False
    if word in ("up", "down"):
        stripped = text[max(0, at - 3):at].rstrip()
        return not before or prev in _UP_DOWN_AFTER or stripped.endswith((",", "(", "—", "–", "-"))
    if word in ("fall", "falls"):
        return prev not in _SEASON_DETERMINERS
    return True


def _link_stated(s: _Sentence, text: str) -> None:
    owner = {id(st.claim): p for p in s.pairs for st in p.linked}
    for claim in s.figures:
        if _in_pair(s, claim) or id(claim) in owner or claim.change is not None:
            continue
        stated = _stated_cue(s, claim, text)
        if stated is None:
            continue
        if stated.backward_only:
            # ", or 20 percent" restates a stated change ("a drop of 30, or 20 percent"); right after a
            # pair it may as well be a share of the new figure ("to 28 million, or 8.6 percent"): skipped
            prev = _restated(s, claim, text)
            pair = owner.get(id(prev)) if prev is not None else None
            if pair is None or re.match(r"\s+of\b", text[claim.end:s.end]):
                continue
        else:
            pair = _best_pair(s, stated, text)
        if pair is None:
            pair = _temporal_pair(s, claim, text)
            if pair is not None and not _gap_ok(s, text, pair.last_end, stated.start, 6, pair):
                s.pairs.remove(pair)
                pair = None
        if pair is None or not _compatible(pair, stated):
            continue
        if stated.direction is None and stated.backward_only and pair.linked:
            stated.direction = pair.linked[-1].direction
        pair.linked.append(stated)
        owner[id(claim)] = pair


def _restated(s: _Sentence, claim: Claim, text: str) -> Claim | None:
    """The figure that `claim` restates in other terms: "a drop of 30, or 20 percent", "300 points (1.2%)"."""
    before = [c for c in s.figures if c.end <= claim.start]
    if before and re.fullmatch(r"\s*(?:,\s*or|\(|or|[—–]\s*or)\s*", text[before[-1].end:claim.start]):
        return before[-1]
    return None


def _restatements(s: _Sentence, claim: Claim, text: str) -> list[Claim]:
    """The figures right after `claim` that restate it (", or 1.2 percent,")."""
    out, last = [], claim
    for c in s.figures:
        if c.start >= last.end and _restated(s, c, text) is last:
            out.append(c)
            last = c
    return out


def _best_pair(s: _Sentence, stated: _Stated, text: str) -> _Pair | None:
    """The pair a stated change belongs to: the nearest one just before it (after anything already
    linked to it) or, unless the cue only points back (", or 20 percent"), just after it (past any
    restatement of it: "fell 300 points, or 1.2 percent, from ...")."""
    best: tuple[int, _Pair] | None = None
    chain = _restatements(s, stated.claim, text) if stated.claim is not None else []
    for pair in s.pairs:
        if pair.last_end <= stated.start:
            words = _gap_words(s, text, pair.last_end, stated.start, 6, pair)
        elif pair.anchor >= stated.end and not stated.backward_only:
            words = _gap_words(s, text, stated.end, pair.anchor, 6, pair, allowed=chain)
        else:
            continue
        if words is not None and (best is None or words < best[0]):
            best = (words, pair)
    return best[1] if best else None


def _gap_words(s: _Sentence, text: str, start: int, end: int, limit: int, pair: _Pair,
               allowed: Sequence[Claim] = ()) -> int | None:
    """Words between two parts of one statement, or None when the gap is too long, breaks the clause
    ("and", "while", ";" ...) or holds another figure (other than those `allowed`)."""
    gap = text[start:end]
    words = _WORD.findall(gap)
    if len(words) > limit or _BREAK.search(gap) or any(_other_verb(w) for w in words):
        return None
    linked = {id(st.claim) for st in pair.linked} | {id(c) for c in allowed}
    for c in s.figures:
        if start <= c.start < end and id(c) not in linked and c is not pair.old and c is not pair.new:
            return None
    return len(words)


def _other_verb(word: str) -> bool:
    """A word that opens another predicate: an -ing word that is not a word of change ("after rising
    0.6% in February, bringing the annual rate from ..."), or a finite verb of change."""
    w = word.lower().rstrip(",.")
    if w in _FINITE_CHANGE:
        return True
    return w.endswith("ing") and len(w) > 5 and w not in _DIRECTION and w not in _MULTIPLE_WORDS


# a finite verb of change in a gap is another statement ("which doubled its staff, raised prices from ...")
_FINITE_CHANGE = frozenset(
    [w for w in _UP_VERBS + _DOWN_VERBS if w.endswith("ed")]
    + "rose grew fell sank slid shrank lost swung went".split()
)


def _gap_ok(s: _Sentence, text: str, start: int, end: int, limit: int, pair: _Pair) -> bool:
    return _gap_words(s, text, start, end, limit, pair) is not None


def _compatible(pair: _Pair, stated: _Stated) -> bool:
    c = stated.claim
    if c is None:
        return True
    if c.unit == "percent":
        return True
    if c.unit == "percentage_point":
        return pair.unit == "percent"
    if stated.points and pair.unit == "percent":
        return True
    if c.unit != pair.unit or (c.rate or None) != (pair.new.rate or pair.old.rate or None):
        return False
    entity = pair.new.entity or pair.old.entity
    return not (c.entity and entity and _norm(c.entity) != _norm(entity))


def _link_multiples(s: _Sentence, text: str) -> None:
    for m in _MULTIPLE.finditer(text, s.start, s.end):
        if any(c.start < m.end() and m.start() < c.end for c in s.figures):
            continue
        if m.group("word"):
            value = _MULTIPLE_WORDS[m.group("word").lower()]
        elif m.group("half"):
            value = 0.5
        else:
            n = m.group("n").lower()
            value = _FOLD_NUMBERS.get(n) or float(n)
            if value <= 1:
                continue
            if _FOLD_DOWN_AFTER.match(text, m.end(), s.end) or _FOLD_DOWN_BEFORE.search(text[s.start:m.start()]):
                value = 1 / value
        q = _MULTIPLE_QUALIFIER.search(text[max(s.start, m.start() - 20):m.start()])
        start = m.start() - len(q.group(0)) if q else m.start()
        stated = _Stated(start, m.end(), " ".join(text[start:m.end()].split()), 1 if value > 1 else -1,
                         multiple=value,
                         qualifier=q.group("q").lower() if q else None)
        best: tuple[int, _Pair] | None = None
        for pair in s.pairs:
            if pair.anchor >= m.end():
                words = _gap_words(s, text, m.end(), pair.anchor, 6, pair)
            elif pair.last_end <= start:
                words = _gap_words(s, text, pair.last_end, start, 4, pair)
            else:
                continue
            if words is not None and (best is None or words < best[0]):
                best = (words, pair)
        if best is not None:
            best[1].linked.append(stated)


_BREAK_WORDS = frozenset(
    "and but while whereas although though after before because when as despite with which who whom where "
    "if unless than compared versus vs".split()
)


def _direction_word_before(s: _Sentence, anchor: int, text: str,
                           skip: Sequence[tuple[int, int]] = ()) -> _Cue | None:
    """The nearest word of change within five words before `anchor` in the same clause; the spans in
    `skip` (the pair's own stated changes) are left out."""
    pieces, pos = [], s.start
    for a, b in sorted(skip):
        if a >= pos and b <= anchor:
            pieces.append((pos, a))
            pos = b
    pieces.append((pos, anchor))
    words: list[tuple[str, int]] = []
    for a, b in pieces:
        words += [(w.group(0), w.start()) for w in _WORD.finditer(text, a, b)]
    for raw, at in reversed(words[-5:]):
        word = raw.rstrip(",.").lower()
        if word in _BREAK_WORDS or re.search(r"[;:]", text[at:anchor]):
            return None
        direction = _DIRECTION.get(word)
        if direction is None and word not in _DIRECTION:
            direction = _NOUN_DIRECTION.get(word)
        if direction is not None and _is_change_word(at, word, text):
            clean = raw.rstrip(",.")
            return _Cue(clean, at, at + len(clean), direction)
    return None


def _pair_verb(s: _Sentence, pair: _Pair, text: str) -> _Cue | None:
    first = min(pair.old, pair.new, key=lambda c: c.start)
    if pair.anchor == first.start and not _FROM_TO_BEFORE.search(text, s.start, first.start):
        return None
    return _direction_word_before(s, pair.anchor, text, [(st.start, st.end) for st in pair.linked])


# --------------------------------------------------------------------------------------------------
# Intervals


def _token(claim: Claim) -> str | None:
    m = _NUMBER.search(claim.text)
    return m.group(0) if m else None


def _scale(claim: Claim, token: str | None) -> float:
    if token is not None:
        number = float(token.replace(",", ""))
        if number and claim.value:
            return 10 ** round(math.log10(abs(claim.value / number))) if claim.value / number > 0 else 1.0
        return 1.0
    for word, scale in _SCALE_WORDS.items():
        if re.search(rf"\b{word}\b", claim.text, re.IGNORECASE):
            return scale
    return 1.0


def _is_fraction_word(claim: Claim) -> bool:
    return claim.kind == "percent" and not re.search(r"\d|%|percent|per cent", claim.text, re.IGNORECASE)


def _half_unit(claim: Claim, difference: bool = False) -> float:
    """Half of the last written digit's place value: "25" → 0.5, "25.3" → 0.05, "$80 million" → 0.5
    million. For a stated difference of 1,000 or more, trailing zeros may be rounding ("5,000 more" →
    ±500)."""
    token = _token(claim)
    scale = _scale(claim, token)
    if token is None:
        return 0.5 * scale
    digits = token.replace(",", "")
    if "." in digits:
        return 0.5 * 10 ** -len(digits.split(".")[1]) * scale
    zeros = len(digits) - len(digits.rstrip("0")) if digits.strip("0") else 0
    if difference and claim.value is not None and abs(claim.value) >= 1000 and zeros:
        return 0.5 * 10 ** zeros * scale
    return 0.5 * scale


def _interval(claim: Claim, difference: bool = False) -> Interval:
    low = claim.low if claim.low is not None else -_INF
    high = claim.high if claim.high is not None else _INF
    if _is_fraction_word(claim):
        return low * (1 - WORD_TOLERANCE), high * (1 + WORD_TOLERANCE)
    half = _half_unit(claim, difference)
    return low - half, high + half


def _ratio_range(old: Interval, new: Interval) -> Interval | None:
    """new/old over the two intervals; None when old may be zero or negative."""
    o_lo, o_hi = old
    if not o_lo > 0:
        return None
    n_lo, n_hi = new
    lo = n_lo / o_hi if n_lo >= 0 else n_lo / o_lo
    hi = n_hi / o_lo if n_hi >= 0 else n_hi / o_hi
    return lo, hi


def _difference_range(old: Interval, new: Interval) -> Interval:
    return new[0] - old[1], new[1] - old[0]


def _overlaps(a: Interval, b: Interval) -> bool:
    tol = _EPS * max(1.0, *(abs(x) for x in (*a, *b) if math.isfinite(x)))
    return a[0] <= b[1] + tol and b[0] <= a[1] + tol


def _signed(stated: Interval, direction: int | None, actual: Interval) -> Interval:
    """The stated magnitude as a signed interval; without a direction, the actual range's side."""
    if direction is None:
        direction = -1 if actual[1] < 0 else 1
        if actual[0] < 0 < actual[1]:
            return -stated[1], stated[1]
    return (stated[0], stated[1]) if direction > 0 else (-stated[1], -stated[0])


# --------------------------------------------------------------------------------------------------
# Evaluation


def _finding(rule: str, message: str, claims: Sequence[Claim]) -> Finding:
    unique = {id(c): c for c in claims}
    return Finding(kind="arithmetic", severity="error", rule=f"arithmetic.{rule}", message=message,
                   claims=tuple(sorted(unique.values(), key=lambda c: c.start)))


def _evaluate(pair: _Pair, st: _Stated) -> Finding | None:
    old, new = _interval(pair.old), _interval(pair.new)
    involved = [pair.old, pair.new] + ([st.claim] if st.claim is not None else [])
    if st.multiple is not None:
        return _evaluate_multiple(pair, st, old, new, involved)
    claim = st.claim
    assert claim is not None
    if claim.unit == "percentage_point" or (st.points and pair.unit == "percent"):
        actual = _difference_range(old, new)
        stated = _signed(_interval(claim), st.direction, actual)
        central = pair.new.value - pair.old.value  # type: ignore[operator]
        shown = f"{_fmt_number(central, _decimals(pair), signed=True)} percentage points"
        return _judge(pair, st, actual, stated, shown, "point_change", involved)
    if claim.unit == "percent":
        ratio = _ratio_range(old, new)
        if ratio is None or not pair.old.value:
            return None
        actual = ((ratio[0] - 1) * 100, (ratio[1] - 1) * 100)
        stated = _signed(_interval(claim), st.direction, actual)
        central = (pair.new.value / pair.old.value - 1) * 100  # type: ignore[operator]
        shown = f"{central:+.1f}%"
        f = _judge(pair, st, actual, stated, shown, "percent_change", involved)
        if f is not None and f.rule == "arithmetic.percent_change" and pair.unit == "percent":
            points = _signed(_interval(claim), st.direction, _difference_range(old, new))
            if _overlaps(points, _difference_range(old, new)):
                f = f.model_copy(update={"message": f.message + f"; {claim.text} is the difference in "
                                         "percentage points, not the relative change"})
        return f
    actual = _difference_range(old, new)
    stated = _signed(_interval(claim, difference=True), st.direction, actual)
    central = pair.new.value - pair.old.value  # type: ignore[operator]
    shown = f"a difference of {_fmt_amount(central, pair, signed=True)}"
    return _judge(pair, st, actual, stated, shown, "difference", involved)


def _judge(pair: _Pair, st: _Stated, actual: Interval, stated: Interval, shown: str, rule: str,
           involved: Sequence[Claim]) -> Finding | None:
    if st.direction is not None and _opposite(st.direction, actual):
        return _finding("direction", f"'{st.phrase}' does not match {pair.label()}, which is {shown}: "
                        f"{_way(-st.direction)}, not {_way(st.direction)}", involved)
    if _overlaps(actual, stated):
        return None
    return _finding(rule, f"'{st.phrase}' does not match {pair.label()}, which is {shown}", involved)


def _opposite(direction: int, actual: Interval) -> bool:
    return actual[1] < -_EPS if direction > 0 else actual[0] > _EPS


def _way(direction: int) -> str:
    return "an increase" if direction > 0 else "a decrease"


def _evaluate_multiple(pair: _Pair, st: _Stated, old: Interval, new: Interval,
                       involved: Sequence[Claim]) -> Finding | None:
    ratio = _ratio_range(old, new)
    if ratio is None or not pair.old.value or st.multiple is None:
        return None
    m = st.multiple
    central = pair.new.value / pair.old.value  # type: ignore[operator]
    shown = f"×{_fmt_number(central, 2)}"
    if (m > 1 and ratio[1] < 1 - _EPS) or (m < 1 and ratio[0] > 1 + _EPS):
        return _finding("direction", f"'{st.phrase}' does not match {pair.label()}, which is {shown}: "
                        f"{_way(-1 if m > 1 else 1)}, not {_way(1 if m > 1 else -1)}", involved)
    strength = m if m >= 1 else 1 / m
    # for a fall (halved, a tenfold drop) compare old/new with the stated factor
    actual = ratio if m >= 1 else (1 / ratio[1] if ratio[1] > 0 else _INF, 1 / ratio[0] if ratio[0] > 0 else _INF)
    w = WORD_TOLERANCE
    q = st.qualifier
    if q in ("more than", "better than", "well over", "just over", "over", "at least"):
        stated = (strength * (1 - w), _INF)
    elif q in ("nearly", "almost", "close to", "just under"):
        stated = (strength * (1 - 2 * w), strength * (1 + w))
    elif q is not None:
        stated = (strength * (1 - 2 * w), strength * (1 + 2 * w))
    else:
        stated = (strength * (1 - w), strength * (1 + w))
    if _overlaps(actual, stated):
        return None
    return _finding("multiple", f"'{st.phrase}' does not match {pair.label()}, which is {shown}", involved)


def _direction_only(pair: _Pair) -> Finding | None:
    verb = pair.verb
    if verb is None or verb.direction is None:
        return None
    old, new = _interval(pair.old), _interval(pair.new)
    actual = _difference_range(old, new)
    if not _opposite(verb.direction, actual):
        return None
    if pair.old.value and pair.old.value > 0:
        shown = f"{(pair.new.value / pair.old.value - 1) * 100:+.1f}%"  # type: ignore[operator]
    else:
        shown = f"a difference of {_fmt_amount(pair.new.value - pair.old.value, pair, signed=True)}"  # type: ignore[operator]
    return _finding("direction", f"'{verb.phrase}' does not match {pair.label()}, which is {shown}: "
                    f"{_way(-verb.direction)}, not {_way(verb.direction)}", [pair.old, pair.new])


# --------------------------------------------------------------------------------------------------
# Formatting


def _decimals(pair: _Pair) -> int:
    out = 0
    for c in (pair.old, pair.new):
        token = _token(c)
        if token and "." in token:
            out = max(out, len(token.split(".")[1]))
    return out


def _fmt_number(value: float, decimals: int, signed: bool = False) -> str:
    text = f"{abs(value):,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    sign = ("+" if value >= 0 else "-") if signed else ("-" if value < 0 else "")
    return sign + text


def _fmt_amount(value: float, pair: _Pair, signed: bool = False) -> str:
    unit = pair.unit or ""
    sign = ("+" if value >= 0 else "-") if signed else ("-" if value < 0 else "")
    v = abs(value)
    for word, scale in (("trillion", 1e12), ("billion", 1e9), ("million", 1e6)):
        if v >= scale:
            body = f"{_fmt_number(v / scale, 3)} {word}"
            break
    else:
        body = _fmt_number(v, max(_decimals(pair), 0 if v >= 100 else 2))
        if unit in _SYMBOLS and not float(v).is_integer():
            body = f"{v:,.2f}"
    if unit in _SYMBOLS:
        return f"{sign}{_SYMBOLS[unit]}{body}"
    if unit == "count":
        return sign + body
    if re.fullmatch(r"[A-Z]{3}", unit):
        return f"{sign}{body} {unit}"
    name = unit.replace("_", " ")
    if v != 1:
        name = _PLURALS.get(name, name if name.endswith("s") or " per " in name else name + "s")
    return f"{sign}{body} {name}"


_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}
_PLURALS = {"foot": "feet", "inch": "inches", "degree Fahrenheit": "degrees Fahrenheit",
            "degree Celsius": "degrees Celsius", "mile per hour": "miles per hour", "metric ton": "metric tons",
            "kilometer per hour": "kilometers per hour", "bushel": "bushels"}
