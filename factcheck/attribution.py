"""Who stands behind each statement in a document: speech and source cues, speakers and quotes.

An `Attributor` reads a document once: it tokenizes it, finds the cues that attribute statements
("X said", "said X", "according to X", "a Reuters analysis found", passive "reported by X"), works out
who each cue's source is (a person, an organisation, a publication, an unnamed source, or a pronoun
or "the official" that refers back to one), pairs the quotation marks of each paragraph and gives
every quote its speaker. `attribution(start, end)` is then a lookup for the claim at text[start:end]:
the speaker of the quote it stands in, else the cue that governs it in its sentence, else `none`.

The rules are written for English news copy and err towards `none`: a source is never carried into
an unrelated later sentence, and a word that only looks like a speech verb ("the fire claimed three
lives", "the team added two players") is not a cue. The specification is docs/attribution.md.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import NamedTuple

import yaml

from factcheck.records import Attribution, AttributionKind
from factcheck.sentences import sentence_spans
from factcheck.tokens import Token, tokenize

# --------------------------------------------------------------------------------------------------
# Vocabulary. Keys are lower-cased, without a trailing abbreviation period or possessive ending.


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


DETERMINERS = _words(
    "the a an this these those its his her their our my your some several many few other another any each "
    "every all both most more various numerous multiple certain two three four five six seven eight nine "
    "ten eleven twelve dozen dozens hundreds thousands one no"
)
DEFINITE = _words("the this that")
PRONOUNS = {"he": "he", "she": "she", "him": "he", "her": "she", "they": "they", "them": "they", "it": "it",
            "we": "we", "i": "i", "you": "you", "us": "we", "me": "i"}
PERSONAL_PRONOUNS = _words("he she")

# Heads of an unnamed source: "officials said", "a spokesperson said", "two sources familiar with …".
SOURCE_NOUNS = _words(
    "official officials source sources expert experts analyst analysts authorities police people person "
    "persons spokesperson spokespersons spokesman spokesmen spokeswoman spokeswomen representative "
    "representatives aide aides adviser advisers advisor advisors insider insiders investigator investigators "
    "prosecutor prosecutors researcher researchers scientist scientists economist economists observer "
    "observers critic critics diplomat diplomats lawmaker lawmakers legislator legislators agent agents "
    "officer officers employee employees worker workers resident residents witness witnesses member "
    "members staffer staffers executive executives lawyer lawyers doctor doctors physician physicians "
    "nurse nurses teacher teachers parent parents activist activists advocate advocates organizer "
    "organizers organiser organisers forecaster forecasters meteorologist meteorologists epidemiologist "
    "epidemiologists specialist specialists consultant consultants strategist strategists pollster "
    "pollsters trader traders investor investors banker bankers scholar scholars historian historians "
    "engineer engineers inspector inspectors regulators auditor auditors someone counterparts colleagues "
    "relatives neighbors neighbours respondents participants players coaches scouts firefighters "
    "paramedics rescuers troopers deputies detectives attorneys managers operators organizers"
)
# Titles and roles: before a name they are stripped ("Mayor Karen Bass" → "Karen Bass"); "the mayor"
# refers back to the person last named with that role.
ROLE_NOUNS = _words(
    "president mayor governor senator congressman congresswoman minister secretary chancellor premier "
    "ambassador administrator director chief head commissioner superintendent sheriff judge justice coach "
    "manager chairman chairwoman chair chairperson ceo founder owner principal dean provost treasurer "
    "comptroller controller general commander captain lieutenant sergeant detective marshal leader speaker "
    "pope king queen prince princess fellow professor correspondent reporter editor author attorney "
    "prosecutor spokesman spokeswoman spokesperson analyst economist official assessor clerk coroner "
    "examiner registrar recorder auditor"
)
TITLES = ROLE_NOUNS | _words(
    "mr mrs ms miss dr prof gen lt col sgt capt maj adm cmdr gov sen rep representative supt det vice prime "
    "deputy acting assistant associate senior executive officer inspector trooper councilman councilwoman "
    "councilmember alderman alderwoman whip cardinal bishop archbishop rabbi imam rev reverend father "
    "sister meteorologist forecaster researcher scientist lawyer counsel auditor clerk trustee supervisor "
    "delegate lawmaker legislator cfo coo cto firefighter agent special interim first lady president-elect"
)
# Lower-case heads that name one organisation: "the Mexican military", "the company said".
ORG_HEADS = _words(
    "military army navy government administration ministry department agency bureau office council "
    "commission committee board court company firm corporation bank university college school district "
    "hospital city county state campaign team club league union party group organization organisation "
    "association institute center centre foundation charity museum utility airline automaker retailer "
    "carmaker manufacturer insurer lender regulator prosecution legislature parliament senate congress "
    "cabinet embassy consulate secretariat municipality province region newspaper broadcaster network "
    "publisher station magazine outlet startup employer operator developer nonprofit"
)
# Document heads: "a study found", "CDC data show", "according to court documents".
DOC_NOUNS = _words(
    "report reports analysis analyses study studies survey surveys poll polls data figures statistics stats "
    "records documents document filing filings investigation review audit assessment assessments estimate "
    "estimates projection projections census tally research findings database registry model tracker "
    "dashboard statement release memo letter complaint indictment lawsuit affidavit ruling budget forecast "
    "forecasts calculations numbers paper preprint count testimony transcript results returns tallies"
)
VOCAB_NOUNS = SOURCE_NOUNS | ROLE_NOUNS | ORG_HEADS | DOC_NOUNS
# Modifiers inside a source's description: "a senior U.S. law enforcement official".
NP_ADJ = _words(
    "senior former current top chief acting deputy assistant associate interim local state federal national "
    "regional international foreign municipal provincial military government administration law enforcement "
    "security intelligence health public police fire city county school court campaign company industry "
    "agency department election border customs immigration defense defence justice trade economic financial "
    "medical hospital airport transit union team league club independent outside other anonymous unnamed "
    "longtime veteran retired high-ranking high-level ranking press western eastern northern "
    "southern official annual new latest recent preliminary final internal confidential leaked published "
    "same additional weather climate environmental education transportation housing planning budget water "
    "emergency safety traffic homicide narcotics drug white house elections polling census statistics "
    "statistical investigative"
)
# Capitalised words that make a name an organisation's ("Justice Department", "Brookings Institution").
ORG_WORDS = _words(
    "administration agency agencies department dept ministry institution institute bureau office council "
    "commission center centre centers centres university college school academy police group inc corp co "
    "ltd llc plc gmbh association army navy military government court committee board authority service "
    "services foundation fund trust bank reserve exchange company corporation industries holdings partners "
    "capital airlines airways motors party union league federation organization organisation society "
    "coalition alliance network project initiative program programme laboratory laboratories lab labs "
    "hospital clinic survey census statistics database registry congress senate house parliament assembly "
    "legislature cabinet pentagon kremlin treasury guard corps force forces marines patrol command "
    "secretariat directorate tribunal embassy consulate club fc associates systems technologies technology "
    "pharmaceuticals energy electric utilities railway railways transit airport port museum library church "
    "diocese archdiocese cartel investigations security affairs protection enforcement relations studies "
    "policy research development management operations intelligence defense defence justice health safety "
    "education transportation commerce labor labour agriculture interior prevention control media news "
    "press communications international worldwide global solutions consulting analytics insurance "
    "securities games studios entertainment sports athletics chamber observatory weather states kingdom "
    "republic emirates nations korea zealand africa arabia america lanka city county island islands coast "
    "district commissioners supervisors"
)
NAME_PARTICLES = _words("of de del della di da dos das du la le van von der den bin al el y and & for the")
# Words that end a noun phrase when walking through it.
STOP = _words(
    "in on at of for with to from by about into through under over after before since until during between "
    "against among without within across near inside outside toward towards upon via per than as like and "
    "or but nor so yet that which who whom whose what when where while whereas why how because although "
    "though if unless whether is are was were be been being am has have had do does did will would can "
    "could shall should may might must not never there here also"
)
BE = _words("is are was were be been being am")
NEGATIONS = _words("not never no")
COORDINATORS = _words("and but while whereas yet although though")
SUBORDINATORS = _words("when after before because since if unless until once whenever")
OPENERS = _words("and but so yet still now as however meanwhile also then indeed instead")
# Words allowed between a subject and its verb: "officials have repeatedly said", "X on Tuesday said".
AUX_ADV = _words(
    "also later previously recently earlier repeatedly publicly privately separately first initially "
    "originally again then now once often further has have had will would could may might did does do "
    "itself himself herself themselves reportedly already still both all each too meanwhile long since "
    "just even"
)
TIME_WORDS = _words(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight week month year "
    "morning afternoon evening night weekend"
)
TIME_PREFIX = _words("on last this earlier late early")
NOT_ADVERBS = _words(
    "family italy july supply assembly ally rally daily only reply apply holy tally belly jelly bully anomaly "
    "monopoly homily elderly friendly"
)
PP_PREPS = _words("of in at for from on with to near across inside within by about under")
PP_INTRO = _words(
    "familiar briefed close knowledgeable involved based working speaking responsible overseeing "
    "handling"
)
TOLD = _words("told tell tells")
TOLD_OBJECTS = _words("reporters me us him her them lawmakers journalists investigators congress jurors")


class _Verb(NamedTuple):
    """How a speech or source verb is used: `need` says what must hold for it to attribute."""

    need: str  # "any"; "complement": followed by that/:/,/a quote/sentence end; "document": a
    #            document subject or "that"; "put": "put it" or a document subject; "claim": to/that/…
    estimate: bool = False


_ANY, _COMP, _DOC, _CLAIM = _Verb("any"), _Verb("complement"), _Verb("document"), _Verb("claim")
CUE_VERBS: dict[str, _Verb] = {
    **dict.fromkeys(
        "said says say told tells tell stated states testified testifies announced announces announce "
        "reported reports report predicted predicts predict forecast forecasts expects expected expect "
        "warned warns confirmed confirms acknowledged acknowledges admitted admits explained explains "
        "insisted insists argued argues revealed reveals disclosed discloses described describes calculated "
        "calculates asserted asserts alleged alleges contended contends concluded concludes tweeted "
        "recalled recalls".split(), _ANY),
    **dict.fromkeys("estimated estimates estimate projected projects project".split(), _Verb("any", estimate=True)),
    **dict.fromkeys("added adds noted notes wrote writes continued replied asked".split(), _COMP),
    **dict.fromkeys("claimed claims claim".split(), _CLAIM),
    **dict.fromkeys("found finds find show shows showed indicate indicates indicated suggest suggests "
                    "suggested list lists listed".split(), _DOC),
    "put": _Verb("put"),
}
# Verbs that may precede their subject after a quote or a comma: "…,” said Matthew Donahue.
INVERTIBLE = _words(
    "said says added adds wrote writes noted notes explained stated insisted warned argued acknowledged "
    "continued recalled replied asked"
)
DOC_PARTICIPLES = _words("published released issued unveiled obtained conducted commissioned compiled posted")
_ANONYMOUS = re.compile(
    r"\b(?:(?:speaking|who spoke|talking|who talked) on (?:the )?condition (?:of|that they not be named"
    r"|that she not be named|that he not be named)(?: anonymity)?|who (?:asked|requested|declined) (?:not )?"
    r"to be (?:named|identified)|who requested anonymity)\b",
    re.IGNORECASE,
)
IDIOMS = _words("out guilty dead responsibility credit goodbye farewell hello grace")  # "said goodbye", "found out"
CONTINUATIONS = _words("adding citing noting saying explaining arguing warning speaking describing")
QUOTE_CHARS = frozenset('"“”«»„')
_QUOTE_MARK = re.compile('["“”«»„]')
OPEN_ONLY, CLOSE_ONLY = frozenset("«„"), frozenset("»")

_ESTIMATE = re.compile(r"\b(?:estimat(?:e|es|ed|ing|ion|ions)|projected|projections?)\b", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[;:!?]|\.(?=\s)|,\s+(?:and|but|while|whereas|though|although|yet)\b|\s[–—]\s")
_OCCUPATION = ("ist", "er", "or", "ian", "ant", "ent", "ee")
_TITLE_ABBREVIATIONS = _words(
    "mr mrs ms dr prof gen lt col sgt capt maj adm cmdr gov sen rep supt det rev st jr sr inc corp co ltd "
    "dept atty no"
)


# --------------------------------------------------------------------------------------------------
# Outlets


@functools.cache
def outlet_names() -> frozenset[str]:
    """Every outlet name and alias of rules/lexicons/outlets.yaml, as written (case matters)."""
    path = resources.files("factcheck.rules.lexicons").joinpath("outlets.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for name, entry in data["outlets"].items():
        names.add(name)
        names.update((entry or {}).get("aliases") or [])
    return frozenset(names)


# --------------------------------------------------------------------------------------------------
# Records


class _Unit(NamedTuple):
    """A word (hyphenated compounds, possessives and title abbreviations merged) or a punctuation mark."""

    start: int
    end: int
    text: str
    key: str  # lower-cased, without possessive ending or abbreviation period
    word: bool
    cap: bool  # capitalised, and not a sentence-initial common word
    possessive: bool
    acronym: bool
    number: bool


_MAX_CUES = 64  # speech cues of one sentence a claim is weighed against (the nearest ones)
_NON_SPACE = re.compile(r"\S")

@dataclass(frozen=True, slots=True)
class _Source:
    """A source as the text gives it: `kind` may also be pronoun/definite/role, resolved later."""

    kind: str
    start: int
    end: int
    head: str = ""
    plural: bool = False
    roles: frozenset[str] = frozenset()


@dataclass(slots=True)
class _Cue:
    """One attributing phrase: its source, the words that attribute, and which text it governs."""

    source: _Source
    cue: str
    phrase_start: int  # the source phrase as written (with its description)
    phrase_end: int
    verb_start: int
    tail_end: int  # end of the verb, or of its object in "told NPR"
    sentence: int
    paragraph: int
    form: str  # "pre" (X said …), "post" (…, said X), "according", "agent" (reported by X)
    governs: str  # "after" (X said that …), "before" (…, X said.), "both"
    exclude: tuple[int, int] | None = None  # the source's own appositive
    scope_start: int = 0
    scope_end: int = 0
    resolved: Attribution | None = None
    estimate: bool = False
    in_quote: bool = False
    limit: int | None = None  # end of a relative clause the cue stands in
    coordinated: bool = False  # the cue's clause follows "and"/"but"/";": it governs that clause only


@dataclass(slots=True)
class _Quote:
    start: int  # offset of the opening quotation mark
    end: int  # offset after the closing mark (or the paragraph end when unclosed)
    paragraph: int
    opens_paragraph: bool
    speaker: _Cue | None = None
    direct: bool = False  # the speaker was found next to this quote


@dataclass(frozen=True, slots=True)
class _Mention:
    """A named person at one place in the text, with the roles the text gives them."""

    start: int
    end: int
    surname: str
    roles: frozenset[str]


_NONE = Attribution(kind="none")


# --------------------------------------------------------------------------------------------------
# Units


def _units(text: str, toks: list[Token]) -> list[_Unit]:
    """Tokens merged into words: "Felbab-Brown", "high-level", "Cienfuegos’", "Gen.", "AT&T"."""
    out: list[_Unit] = []
    i, n = 0, len(toks)
    while i < n:
        t = toks[i]
        s, e = t.start, t.end
        if t.kind != "p" or t.text in "&":
            j = i + 1
            while j < n and toks[j].start == e:
                glued = _glued(text, toks, j, s, e)
                if not glued:
                    break
                e = toks[j + glued - 1].end
                j += glued
            i = j
        else:
            i += 1
        surface, low = (t.text, t.low) if e == t.end else (text[s:e], text[s:e].lower())
        out.append(_make_unit(surface, low, s, e, t.kind != "p", t.kind == "num"))
    return out


def _glued(text: str, toks: list[Token], j: int, s: int, e: int) -> int:
    """How many tokens from j belong to the word text[s:e] that they touch: a hyphen and the next
    word ("Felbab-Brown"), a possessive apostrophe ("Cienfuegos’"), a title's period ("Gen.")."""
    nxt = toks[j]
    after = toks[j + 1] if j + 1 < len(toks) else None
    if nxt.text in "-–&" and after is not None and after.start == nxt.end and after.kind != "p":
        return 2
    if nxt.text in "’'" and text[e - 1] in "sS" and (after is None or after.start > nxt.end):
        return 1
    if nxt.text == "." and text[s:e].lower() in _TITLE_ABBREVIATIONS:
        return 1
    return 0


def _make_unit(surface: str, low: str, s: int, e: int, word: bool, number: bool) -> _Unit:
    possessive = False
    if "’" in low or "'" in low:
        for ending in ("’s", "'s", "’", "'"):
            if low.endswith(ending) and len(low) > len(ending):
                low, possessive = low[: -len(ending)], True
                break
    key = low.rstrip(".") if word else low
    acronym = word and surface.isupper() and sum(c.isalpha() for c in surface) >= 2
    cap = word and surface[:1].isupper() and (acronym or (key not in DETERMINERS and key not in PRONOUNS
                                                           and key not in STOP))
    return _Unit(s, e, surface, key, word, cap, possessive, acronym, number)


# --------------------------------------------------------------------------------------------------
# The attributor


class Attributor:
    """Built once per document: finds quotes, speech/source cues and speakers, then answers per span."""

    def __init__(self, text: str, start: int = 0, end: int | None = None, *, tokens: list[Token] | None = None,
                 sentences: list[tuple[int, int]] | None = None):
        """`tokens` and `sentences`, when the caller has them, are `tokenize(text, start, end)` and
        `sentence_spans(text, start, end)` (saves a second pass over the text)."""
        self.text = text
        end = len(text) if end is None else end
        self._sentences = sentences if sentences is not None else sentence_spans(text, start, end)
        self._sentence_starts = [s for s, _ in self._sentences]
        self._paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\r\n]*\S[^\r\n]*", text[:end])
                            if m.end() > start]
        self._paragraph_starts = [s for s, _ in self._paragraphs]
        units = _units(text, tokens if tokens is not None else tokenize(text, start, end))
        self._units = self._decapitalise_sentence_starts(units)
        self._unit_starts = [u.start for u in self._units]
        self._unit_sentence = self._sentences_of_units()
        self._sentence_range: dict[int, tuple[int, int]] = {}
        for k, s in enumerate(self._unit_sentence):
            lo, _hi = self._sentence_range.get(s, (k, k))
            self._sentence_range[s] = (lo, k)
        self._first_word: dict[int, int] = {}  # sentence's first unit → its first word that is no opener
        self._quotes = self._find_quotes()
        self._quote_starts = [q.start for q in self._quotes]
        self._outlets = outlet_names()
        self._people: list[_Mention] = []  # named people, in text order
        self._people_starts: list[int] = []
        self._surnames: dict[str, int] = {}  # surname → offset of the person's first mention
        self._roles: dict[str, set[str]] = {}  # surname → roles the text gives the person
        for m in self._named_people():
            self._add_person(m)
        self._cap_index: dict[str, list[int]] = {}
        for u in self._units:
            if u.cap:
                self._cap_index.setdefault(u.key, []).append(u.start)
        self._anonymous = {m.end(): m.start() for m in _ANONYMOUS.finditer(text, start, end)}
        self._cues: list[_Cue] = []
        self._find_cues()
        self._set_scopes()
        self._assign_speakers()
        self._cues_by_sentence: dict[int, list[_Cue]] = {}
        for c in self._cues:
            if c.resolved is not None and not c.in_quote:
                self._cues_by_sentence.setdefault(c.sentence, []).append(c)
        self._cue_starts: dict[int, tuple[list[int], list[int]]] = {}  # sentence → its cues by scope start
        self._estimates = [m.start() for m in _ESTIMATE.finditer(text, start, end)]

    # ---------------------------------------------------------------------------------------------
    # Public answers

    def attribution(self, start: int, end: int) -> Attribution:
        """Who stands behind the claim at text[start:end]: its quote's speaker, else the cue that
        governs it in its sentence, else `none`."""
        quote = self._quote_at(start, end)
        if quote is not None and quote.speaker is not None and quote.speaker.resolved is not None:
            return quote.speaker.resolved
        cue = self._governing_cue(start, end)
        return cue.resolved if cue is not None and cue.resolved is not None else _NONE

    def is_estimate(self, start: int, end: int) -> bool:
        """True when the text calls the figure an estimate: "an estimated 900 homes", "estimated at",
        "is estimated to be", "estimates put … at", "projected", or a source that "estimated" it."""
        k = bisect.bisect_left(self._estimates, start - 120)
        if k < len(self._estimates) and self._estimates[k] < end:
            sentence = self._sentences[self._sentence_of(start)] if self._sentences else (start, end)
            window_start = max(sentence[0], start - 120)
            breaks = [m.end() for m in _CLAUSE_BREAK.finditer(self.text, window_start, start)]
            window_start = breaks[-1] if breaks else window_start
            if _ESTIMATE.search(self.text, window_start, end):
                return True
        cue = self._governing_cue(start, end)
        return bool(cue is not None and cue.estimate and self._quote_at(start, end) is None)

    # ---------------------------------------------------------------------------------------------
    # Positions

    def _sentences_of_units(self) -> list[int]:
        """The sentence index of each unit, in one walk (units and sentences are both in text order)."""
        out, k, starts = [], 0, self._sentence_starts
        for u in self._units:
            while k + 1 < len(starts) and starts[k + 1] <= u.start:
                k += 1
            out.append(k)
        return out

    def _sentence_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self._sentence_starts, offset) - 1)

    def _paragraph_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self._paragraph_starts, offset) - 1)

    def _sentence_units(self, i: int) -> tuple[int, int]:
        """First and last unit index of the sentence of unit i."""
        return self._sentence_range[self._unit_sentence[i]]

    def _in_quote(self, offset: int) -> _Quote | None:
        k = bisect.bisect_right(self._quote_starts, offset) - 1
        if k >= 0 and self._quotes[k].start < offset < self._quotes[k].end:
            return self._quotes[k]
        return None

    def _quote_at(self, start: int, end: int) -> _Quote | None:
        quote = self._in_quote(start)
        return quote if quote is not None and end <= quote.end else None

    def _decapitalise_sentence_starts(self, units: list[_Unit]) -> list[_Unit]:
        """A common word is capitalised at a sentence start ("Officials said"): it is not a name."""
        starts = set(self._sentence_starts)
        out = []
        first = False
        for u in units:
            first = u.start in starts or (first and not u.word and u.text in QUOTE_CHARS | {"(", "["})
            if u.cap and first and u.word and (u.key in VOCAB_NOUNS or u.key in NP_ADJ):
                u = u._replace(cap=False)
            out.append(u)
        return out

    # ---------------------------------------------------------------------------------------------
    # Quotes

    def _find_quotes(self) -> list[_Quote]:
        """Pair quotation marks within each paragraph. Marks alternate open/close whatever their
        shape, which also reads copy with mis-curled marks; a quote left open runs to the paragraph end
        (the convention for a quote that continues in the next paragraph)."""
        quotes: list[_Quote] = []
        for p, (ps, pe) in enumerate(self._paragraphs):
            open_at: int | None = None
            for m in _QUOTE_MARK.finditer(self.text, ps, pe):
                k, ch = m.start(), m.group()
                if open_at is None and ch not in CLOSE_ONLY:
                    open_at = k
                elif open_at is not None and ch not in OPEN_ONLY:
                    quotes.append(_Quote(open_at, k + 1, p, _NON_SPACE.search(self.text, ps, open_at) is None))
                    open_at = None
            if open_at is not None and pe - open_at > 1:
                quotes.append(_Quote(open_at, pe, p, _NON_SPACE.search(self.text, ps, open_at) is None))
        return quotes

    # ---------------------------------------------------------------------------------------------
    # People named with a title: "President Joe Biden", "Gen. Salvador Cienfuegos"

    def _named_people(self) -> list[_Mention]:
        """People the text names outside any speech cue, so that "he said" and "the mayor said" can
        refer to them: "President Joe Biden", "Harold Kim, the county's emergency manager,",
        "Anne Cole, who chairs …", "The mayor, Karen Lowe,"."""
        found = self._titled_names()
        units = self._units
        n = len(units)
        for i in range(n):
            end = self._name_run(i)
            if end is None or end + 1 >= n or units[end + 1].text != ",":
                continue
            after = end + 2
            roles = self._appositive_roles(after)
            before = self._role_before(i)
            if (roles is None and before is None) or (end == i and not roles and not before):
                continue
            if self._in_quote(units[i].start) is None:
                found.append(_Mention(units[i].start, self._name_end(units[end]), units[end].key,
                                      frozenset(roles or ()) | frozenset(before or ())))
        return sorted(found, key=lambda m: m.start)

    def _name_run(self, i: int) -> int | None:
        """Last unit of a personal name of one to four capitalised words starting at unit i (one word
        counts only with a role in its appositive: "Jones, the team's captain,")."""
        units = self._units
        if i > 0 and units[i - 1].cap:
            return None
        j = i
        while j < len(units) and units[j].cap and not units[j].acronym and units[j].key not in ORG_WORDS \
                and units[j].key not in TITLES and not units[j].possessive and j - i < 4:
            j += 1
        if j < len(units) and units[j].cap:
            return None
        return j - 1 if j > i else None

    def _appositive_roles(self, k: int) -> set[str] | None:
        """Roles named by an appositive starting at unit k ("the county's emergency manager,",
        "who chairs the parks board,"); None when k starts no appositive."""
        units = self._units
        if k >= len(units) or not units[k].word:
            return None
        if units[k].key == "who":
            return {u.key for u in units[k:k + 10] if u.key in ROLE_NOUNS}
        if units[k].key not in DETERMINERS and not units[k].possessive:
            return None
        roles = set()
        for u in units[k:k + 9]:
            if not u.word:
                break
            if u.key in ROLE_NOUNS | SOURCE_NOUNS:
                roles.add(u.key)
        return roles or None

    def _role_before(self, i: int) -> set[str] | None:
        """"The mayor, Karen Lowe,": the role standing before the name and its comma."""
        units = self._units
        if i < 2 or units[i - 1].text != "," or units[i - 2].key not in ROLE_NOUNS:
            return None
        k = i - 3
        while k >= 0 and units[k].word and (units[k].key in NP_ADJ or units[k].possessive):
            k -= 1
        return {units[i - 2].key} if k >= 0 and units[k].key in DEFINITE else None

    def _titled_names(self) -> list[_Mention]:
        found = []
        units = self._units
        for i, u in enumerate(units):
            if not (u.word and u.key in TITLES and u.text[:1].isupper()):
                continue
            j = i + 1
            while j < len(units) and units[j].cap and units[j].key in TITLES:
                j += 1
            k = j
            while k < len(units) and k - j < 4 and units[k].cap and not units[k].acronym \
                    and units[k].key not in ORG_WORDS and units[k].key not in TITLES:
                k += 1
                if units[k - 1].possessive:
                    break
            if k > j and self._in_quote(units[j].start) is None:
                roles = frozenset(units[x].key for x in range(i, j) if units[x].key in ROLE_NOUNS)
                found.append(_Mention(units[j].start, self._name_end(units[k - 1]), units[k - 1].key, roles))
        return found

    @staticmethod
    def _name_end(u: _Unit) -> int:
        """End of a name without its possessive ending."""
        if not u.possessive:
            return u.end
        return u.end - (2 if u.text.endswith(("’s", "'s")) else 1)

    # ---------------------------------------------------------------------------------------------
    # Cues

    def _find_cues(self) -> None:
        """One pass over the words: every "according to" and speech/source verb that has a source
        becomes a cue, resolved (pronouns, "the official") in text order."""
        units = self._units
        for i, u in enumerate(units):
            if not u.word:
                continue
            cue: _Cue | None = None
            if u.key == "according" and i + 1 < len(units) and units[i + 1].key == "to":
                cue = self._according_cue(i)
            elif u.key in CUE_VERBS and not u.text[:1].isupper():
                cue = self._verb_cue(i)
            if cue is not None:
                cue.in_quote = self._in_quote(cue.verb_start) is not None
                self._resolve(cue)
                self._cues.append(cue)

    def _according_cue(self, i: int) -> _Cue | None:
        """"according to X": X is the noun phrase after it; the cue covers its sentence."""
        lo, hi = self._sentence_units(i)
        phrase = self._np_forward(i + 2, hi)
        if phrase is None:
            return None
        source = self._classify(*phrase)
        if source is None:
            return None
        units = self._units
        return _Cue(source, "according to", units[phrase[0]].start, units[phrase[2]].end, units[i].start,
                    units[i + 1].end, self._unit_sentence[i], self._paragraph_of(units[i].start),
                    "according", "both", scope_start=self._coordinated_start(i, lo))

    def _verb_cue(self, i: int) -> _Cue | None:
        """A speech or source verb at unit i with its source: inverted ("said X"), with an appositive,
        coordinated ("… and said"), in a relative clause, passive with an agent, or plain ("X said")."""
        units = self._units
        verb = units[i]
        spec = CUE_VERBS[verb.key]
        lo, hi = self._sentence_units(i)
        nxt = units[i + 1] if i + 1 <= hi else None
        if spec.need == "put" and not (nxt is not None and nxt.key == "it"):
            spec = _DOC
        if spec.need in ("complement", "claim") and not self._has_complement(i, hi, spec.need == "claim"):
            return None
        if nxt is not None and nxt.key in IDIOMS:
            return None
        if verb.key.startswith("report") and nxt is not None and nxt.key == "to" \
                and not any(units[x].key == "that" for x in range(i + 1, min(hi, i + 9) + 1)):
            return None  # "the workers reported to the site"
        j, negated, passive = self._skip_back(i - 1, lo)
        if negated:
            return None
        if passive:
            return self._agent_cue(i, hi, spec)
        if j >= lo and units[j].text in ",”\"—–" and verb.key in INVERTIBLE:
            cue = self._inverted_cue(i, hi)
            if cue is not None:
                return cue
        if j >= lo and units[j].text == ",":
            return self._appositive_cue(i, j, lo, hi, spec)
        if j >= lo and units[j].key in ("and", "but") and j > lo:
            return self._coordinated_cue(i, lo, hi, spec)
        if j < lo:
            return None
        phrase = self._np_back(j, lo)
        relative = None
        if phrase is None:
            phrase = relative = self._relative_subject(j, lo)
        if phrase is None:
            return self._agent_cue(i, hi, spec) if nxt is not None and nxt.key == "by" and j >= lo else None
        cue = self._pre_cue(i, hi, lo, phrase, spec)
        if cue is not None and relative is not None:
            # "Raj Patel, who told the board that …": the cue governs the relative clause only
            k = i
            while k <= hi and units[k].text not in ",;":
                k += 1
            cue.scope_start = units[j].start if units[j].key == "who" else cue.verb_start
            cue.limit = units[k].start if k <= hi else None
            cue.governs = "after"
        return cue

    def _has_complement(self, i: int, hi: int, claim: bool) -> bool:
        """"added that", "noted:", "wrote in", "claimed to have": the verb introduces a statement."""
        if i + 1 > hi:
            return True
        nxt = self._units[i + 1]
        if not nxt.word:
            return nxt.text in ",:;.—–" or nxt.text in QUOTE_CHARS
        return nxt.key in ("that", "in", "on") or nxt.key in PRONOUNS or (claim and nxt.key == "to")

    def _skip_back(self, j: int, lo: int) -> tuple[int, bool, bool]:
        """Step back from a verb over auxiliaries, adverbs and times: (index, negated, passive)."""
        units = self._units
        negated = passive = skipped_time = False
        while j >= lo:
            u = units[j]
            k = u.key
            anonymous = self._anonymous.get(u.end)
            if anonymous is not None:  # "diplomats, speaking on condition of anonymity, said"
                j = bisect.bisect_left(self._unit_starts, anonymous) - 1
                if j >= lo and units[j].text == ",":
                    j -= 1
                continue
            if not u.word:
                if u.text == ")":
                    k2 = j - 1
                    while k2 >= lo and k2 > j - 6 and units[k2].text != "(":
                        k2 -= 1
                    if k2 >= lo and units[k2].text == "(" and all(units[x].cap for x in range(k2 + 1, j)):
                        j = k2 - 1
                        continue
                break
            if k in NEGATIONS or k.endswith(("n’t", "n't")):
                negated = True
            elif k in BE:
                passive = True
                break
            elif k in TIME_WORDS or (skipped_time and k in TIME_PREFIX):
                skipped_time = True
            elif k in DOC_PARTICIPLES and j - 1 >= lo and units[j - 1].key in DOC_NOUNS:
                skipped_time = False  # "a study published Monday found"
            elif k in AUX_ADV or (k.endswith("ly") and len(k) > 4 and k not in NOT_ADVERBS
                                  and k not in VOCAB_NOUNS and (not u.cap or j == lo)):
                skipped_time = False
            else:
                break
            j -= 1
        return j, negated, passive

    def _told_object_end(self, i: int, hi: int) -> int:
        """Unit index of the last word of the object of "told" ("told NPR", "told The Associated Press")."""
        units = self._units
        j = i + 1
        if j > hi or not units[j].word:
            return i
        if units[j].key in TOLD_OBJECTS:
            return j
        if units[j].key == "the" and j + 1 <= hi and units[j + 1].cap:
            j += 1
        if not units[j].cap:
            return i
        while j + 1 <= hi and (units[j + 1].cap or (units[j + 1].key in NAME_PARTICLES and j + 2 <= hi
                                                       and units[j + 2].cap)):
            j += 1
        return j

    def _governs(self, i: int, hi: int, before_subject: int, lo: int) -> str:
        """Which side of the cue it governs: "after" (X said that …), "before" (…, X said.) or "both"
        (a parenthetical "…, officials said, …")."""
        units = self._units
        if i + 1 > hi:
            return "before"
        nxt = units[i + 1]
        if nxt.word and self._only_circumstances(i + 1, hi):
            return "before"  # "…, Beth Collins announced on Sunday."
        if nxt.word or nxt.text not in ",.;!?)]—–":
            return "after"
        opening = before_subject < lo or (units[before_subject].key in ("as", "but", "and", "now", "so")
                                          and before_subject - 1 < lo)
        if nxt.text == "," and opening:
            return "both"  # "As Mike Dunn put it, …"
        if nxt.text == "," and i + 2 <= hi and units[i + 2].key in CONTINUATIONS:
            return "both"
        if nxt.text == "," and before_subject >= lo and units[before_subject].text == "," \
                and not (i + 2 <= hi and units[i + 2].key in COORDINATORS):
            return "both"
        if nxt.text == ":":
            return "after"
        return "before"

    def _only_circumstances(self, i: int, hi: int) -> bool:
        """The rest of the sentence is a time or place adverbial ("on Sunday", "in a statement"), not
        the statement itself."""
        units = self._units
        if hi - i > 9 or units[i].key not in PP_PREPS | TIME_WORDS | TIME_PREFIX:
            return False
        return not any(units[x].key == "that" or units[x].text in QUOTE_CHARS or units[x].text == ":"
                       or units[x].key in CUE_VERBS or units[x].number for x in range(i, hi + 1))

    def _sentence_first_word(self, i: int) -> int:
        lo, _hi = self._sentence_units(i)
        while lo < i and not self._units[lo].word:
            lo += 1
        return lo

    def _coordinated_start(self, first: int, lo: int) -> int:
        """Scope start: the sentence start, or the cue's own clause after "and"/"but"/";"."""
        units = self._units
        before = first - 1
        if before >= lo and (units[before].key in COORDINATORS or units[before].text == ";"):
            return units[first].start
        return self._sentences[self._unit_sentence[first]][0]

    def _pre_cue(self, i: int, hi: int, lo: int, phrase: tuple[int, int, int], spec: _Verb,
                 exclude: tuple[int, int] | None = None) -> _Cue | None:
        """X said / X told NPR / a Reuters report shows: the subject stands before the verb."""
        units = self._units
        a, h, e = phrase
        source = self._classify(a, h, e)
        if source is None:
            return None
        if spec.need == "document" and not (self._is_document(a, h) or (i + 1 <= hi and units[i + 1].key == "that")):
            return None
        verb = units[i]
        cue_text = verb.key
        if verb.key in TOLD:
            tail = self._told_object_end(i, hi)
        elif verb.key == "put" and i + 1 <= hi and units[i + 1].key == "it":
            tail, cue_text = i + 1, "put it"
        else:
            tail = i
        if units[h].key in DOC_NOUNS and not units[h].cap:
            cue_text = f"{units[h].key} {verb.text.lower()}"
        else:
            cue_text = verb.text.lower() if cue_text != "put it" else cue_text
        first = a
        governs = self._governs(tail, hi, first - 1, lo)
        scope_start = self._coordinated_start(first, lo)
        if governs == "after" and not self._opens_sentence(first, lo):
            # "Shares fell 8% after the company said it would cut 5,000 jobs": the cue stands in a
            # later clause and governs what it introduces, not what came before it
            scope_start = units[first].start
        limit = None
        if first - 1 >= lo and units[first - 1].key in SUBORDINATORS:
            # "When the mayor said …, the council approved 50 positions": only the subordinate clause
            k = tail + 1
            while k <= hi and units[k].text not in ",;":
                k += 1
            scope_start, limit = units[first].start, (units[k].start if k <= hi else None)
        return _Cue(source, cue_text, units[first].start, units[e].end, verb.start, units[tail].end,
                    self._unit_sentence[i], self._paragraph_of(verb.start), "pre", governs, exclude,
                    scope_start=scope_start, estimate=spec.estimate, limit=limit)

    def _opens_sentence(self, first: int, lo: int) -> bool:
        """Only connectives ("But", "As", "Now,") or punctuation stand before unit `first` (`lo` starts its
        sentence; the first other word after it is found once per sentence)."""
        if lo not in self._first_word:
            k, units = lo, self._units
            while k < len(units) and (not units[k].word or units[k].key in OPENERS):
                k += 1
            self._first_word[lo] = k
        return self._first_word[lo] >= first

    def _inverted_cue(self, i: int, hi: int) -> _Cue | None:
        """"…,” said Matthew Donahue, deputy chief …" / "…, said the official.": subject after the verb."""
        units = self._units
        phrase = self._np_forward(i + 1, hi)
        if phrase is None:
            return None
        a, h, e = phrase
        if e < hi and units[e + 1].word:
            return None
        source = self._classify(a, h, e)
        if source is None or source.kind == "pronoun":
            return None
        exclude = None
        if e < hi and units[e + 1].text == ",":
            exclude = (units[e + 1].start, self._sentences[self._unit_sentence[i]][1])
        verb = units[i]
        return _Cue(source, verb.text.lower(), units[a].start, units[e].end, verb.start, units[e].end,
                    self._unit_sentence[i], self._paragraph_of(verb.start), "post", "before", exclude)

    def _appositive_cue(self, i: int, comma: int, lo: int, hi: int, spec: _Verb) -> _Cue | None:
        """"Ricardo Marquez, a senior … official …, said": the subject stands before the appositive."""
        units = self._units
        k = comma - 1
        while k >= lo and units[k].text != ",":
            k -= 1
        name = self._np_back(comma - 1, k + 1) if k >= lo else None
        if name is not None and name[0] == k + 1:  # "The mayor, Karen Lowe, said": the name speaks
            source = self._classify(*name)
            if source is not None and source.kind == "person":
                return self._pre_cue(i, hi, lo, name, spec)
        k = comma - 1
        for _ in range(3):
            while k >= lo and units[k].text != ",":
                k -= 1
            if k <= lo:
                return None
            phrase = self._np_back(k - 1, lo)
            if phrase is not None and self._classify(*phrase) is not None:
                a, h, _e = phrase
                exclude = (units[k].start, units[comma].end)
                return self._pre_cue(i, hi, lo, (a, h, h), spec, exclude)
            k -= 1
        return None

    def _coordinated_cue(self, i: int, lo: int, hi: int, spec: _Verb) -> _Cue | None:
        """"U.S. officials cited … and said …": the subject is the clause's, at the sentence start."""
        phrase = self._np_forward(lo, hi)
        if phrase is None or phrase[2] >= i:
            return None
        source = self._classify(*phrase)
        if source is None or (source.kind == "pronoun" and source.head not in PERSONAL_PRONOUNS):
            return None
        return self._pre_cue(i, hi, lo, phrase, spec)

    def _agent_cue(self, i: int, hi: int, spec: _Verb) -> _Cue | None:
        """Passive with an agent: "12 cases were reported by the county health department"."""
        units = self._units
        if i + 2 > hi or units[i + 1].key != "by":
            return None
        phrase = self._np_forward(i + 2, hi)
        if phrase is None:
            return None
        a, h, e = phrase
        source = self._classify(a, h, e)
        if source is None or source.kind == "pronoun":
            return None
        verb = units[i]
        return _Cue(source, f"{verb.text.lower()} by", units[a].start, units[e].end, verb.start, units[e].end,
                    self._unit_sentence[i], self._paragraph_of(verb.start), "agent", "both",
                    estimate=spec.estimate)

    # ---------------------------------------------------------------------------------------------
    # Noun phrases: (first unit, head unit, last unit incl. a trailing prepositional phrase)

    def _np_back(self, h: int, lo: int) -> tuple[int, int, int] | None:
        """The subject ending at unit h: "a senior U.S. law enforcement official", "sources familiar
        with the matter", "the Justice Department", "he"."""
        units = self._units
        core = self._np_back_core(h, lo)
        best: tuple[int, int, int] | None = None
        if core is None:
            core = self._object_back(h, lo)  # "the matter" in "sources familiar with the matter"
            if core is None:
                return None
        else:
            best = (core, h, h)
        a = core
        for _ in range(3):  # officials at the U.S. Embassy in Mexico City
            j = a - 1
            if j <= lo or units[j].key not in PP_PREPS or units[j].cap:
                break
            j -= 1
            if units[j].key in PP_INTRO or units[j].key in DOC_PARTICIPLES:
                j -= 1
            if j < lo or not units[j].word:
                break
            outer = self._np_back_core(j, lo)
            if outer is None:
                break
            k = units[j].key
            if not units[j].cap and k in (SOURCE_NOUNS | ROLE_NOUNS | DOC_NOUNS):
                return outer, j, h
            a = outer
        return best

    def _object_back(self, h: int, lo: int) -> int | None:
        """Start of a plain noun phrase ending at h that is the object of a preposition."""
        units = self._units
        j = h
        while j >= lo and h - j < 6 and units[j].word and units[j].key not in STOP:
            j -= 1
        if j < lo or j == h or not units[j].word or units[j].key not in PP_PREPS:
            return None
        return j + 1

    def _object_forward(self, i: int, hi: int) -> int | None:
        """Last unit of a plain noun phrase starting at i that is the object of a preposition."""
        units = self._units
        j = i
        while j <= hi and j - i < 6 and units[j].word and (units[j].key not in STOP or (
                units[j].key in NAME_PARTICLES and j > i and units[j - 1].cap and j + 1 <= hi and units[j + 1].cap)):
            j += 1
        return j - 1 if j > i else None

    def _np_back_core(self, h: int, lo: int) -> int | None:
        units = self._units
        head = units[h]
        if not head.word:
            return None
        if head.key in PRONOUNS and not head.acronym:
            return h
        if not (head.cap or head.key in VOCAB_NOUNS):
            return None
        a, seen_cap = h, head.cap
        j = h - 1
        while j >= lo and units[j].word and self._belongs_back(j, h, lo, seen_cap):
            seen_cap = seen_cap or units[j].cap
            a = j
            j -= 1
        while a < h and units[a].key in ("and", "or", "of", "for", "&"):
            a += 1
        if units[a].key in ("a", "an") and not head.cap and head.key.endswith("s") and not head.key.endswith("ss"):
            a += 1  # "a decision parents said": the article belongs to another noun
            while a < h and not units[a].cap and units[a].key not in VOCAB_NOUNS | NP_ADJ:
                a += 1
        return a

    def _belongs_back(self, j: int, h: int, lo: int, seen_cap: bool) -> bool:
        """Whether unit j still belongs to the noun phrase whose head is unit h (walking leftwards).
        A lower-case word the vocabulary does not know is taken only next to the head, before any
        capitalised word: "a Reuters investigative report", not "intercepted communications Mexican
        investigators"."""
        units = self._units
        u = units[j]
        k = u.key
        if u.cap:
            return True
        if k in NAME_PARTICLES and units[j + 1].cap and self._cap_before_particles(j, lo):
            return True  # Department of Justice
        if k in ("and", "or"):
            return units[j + 1].key in NP_ADJ and j - 1 >= lo and units[j - 1].key in NP_ADJ | DETERMINERS
        if k in STOP or k in PRONOUNS:
            return False
        if k in DETERMINERS or k in NP_ADJ or k in VOCAB_NOUNS or k.isdigit():
            return True
        return not seen_cap and h - j <= 2 and not k.endswith("ing")

    def _cap_before_particles(self, j: int, lo: int) -> bool:
        units = self._units
        k = j - 1
        while k >= lo and k >= j - 2 and units[k].key in NAME_PARTICLES and not units[k].cap:
            k -= 1
        return k >= lo and units[k].cap

    def _np_forward(self, i: int, hi: int) -> tuple[int, int, int] | None:
        """The noun phrase starting at unit i: "two sources familiar with the matter", "Bloomberg",
        "data from the Centers for Disease Control and Prevention"."""
        units = self._units
        if i > hi or not units[i].word:
            return None
        if units[i].key in PRONOUNS and not units[i].acronym:
            return i, i, i
        head, lower_head = -1, False
        j = i
        while j <= hi and units[j].word:
            role = self._role_forward(i, j, hi, head, lower_head)
            if role == "stop":
                break
            if role == "head":
                head, lower_head = j, not units[j].cap
            j += 1
        if head < 0:
            return None
        end = head
        if not units[head].cap and units[head].key in SOURCE_NOUNS | ROLE_NOUNS | DOC_NOUNS:
            end = self._pp_forward(head, hi)
        return i, head, end

    def _role_forward(self, i: int, j: int, hi: int, head: int, lower_head: bool) -> str:
        """What unit j is in a noun phrase starting at unit i: its (new) "head", a word to "keep", or
        "stop". Unknown lower-case words are kept only before a vocabulary noun ("investigative
        report", "state health department")."""
        units = self._units
        u = units[j]
        k = u.key
        if u.cap:
            return "head"
        if k in NAME_PARTICLES and head == j - 1 and units[head].cap and self._cap_after_particles(j, hi):
            return "keep"
        if k in ("and", "or"):
            both_adj = j > i and units[j - 1].key in NP_ADJ and j + 1 <= hi and units[j + 1].key in NP_ADJ
            return "keep" if both_adj else "stop"
        if k in VOCAB_NOUNS:
            return "head"
        if k in STOP:
            return "stop"
        if (k in DETERMINERS or k in NP_ADJ or k.isdigit()) and not lower_head:
            return "keep"
        if head < 0 and j + 1 <= hi and units[j + 1].cap and units[j + 1].word and not units[j + 1].acronym:
            return "keep"  # a job before a name: "hydrologist Sam Greer", "rancher Bill Hughes"
        ahead = range(j + 1, min(hi, j + 2) + 1)
        if any(units[x].key in VOCAB_NOUNS for x in ahead) and all(units[x].word and units[x].key not in STOP
                                                                   for x in range(j, min(hi, j + 1) + 1)):
            return "keep"
        return "stop"

    def _cap_after_particles(self, j: int, hi: int) -> bool:
        units = self._units
        k = j
        while k <= hi and k < j + 2 and units[k].key in NAME_PARTICLES and not units[k].cap:
            k += 1
        return k <= hi and units[k].cap

    def _pp_forward(self, head: int, hi: int) -> int:
        """Extend a source description over its prepositional phrase: "familiar with the matter"."""
        units = self._units
        end = head
        j = head + 1
        for _ in range(2):
            if j <= hi and units[j].key in PP_INTRO:
                j += 1
            if j > hi or units[j].key not in PP_PREPS:
                break
            obj = self._object_forward(j + 1, hi)
            if obj is None:
                break
            end = obj
            j = end + 1
        return end

    def _relative_subject(self, j: int, lo: int) -> tuple[int, int, int] | None:
        """"an official who spoke on condition of anonymity said": the subject before "who"."""
        units = self._units
        for k in range(j, max(lo, j - 14) - 1, -1):
            if not units[k].word and units[k].text != "-":
                return None
            if units[k].key == "who" and k - 1 >= lo:
                phrase = self._np_back(k - 2 if units[k - 1].text == "," and k - 2 >= lo else k - 1, lo)
                if phrase is not None and (units[phrase[1]].cap or units[phrase[1]].key in SOURCE_NOUNS | ROLE_NOUNS):
                    return phrase[0], phrase[1], phrase[2]
                return None
        return None

    # ---------------------------------------------------------------------------------------------
    # What a source phrase is

    def _is_document(self, a: int, h: int) -> bool:
        units = self._units
        return units[h].key in DOC_NOUNS or any(units[x].key in ("data", "report", "study") for x in range(a, h))

    def _classify(self, a: int, h: int, e: int) -> _Source | None:
        """The kind of source units[a..h] (description to units[e]) names, or None if not a source."""
        units = self._units
        hu = units[h]
        if a == h and hu.key in PRONOUNS and not hu.acronym:
            return _Source("pronoun", hu.start, hu.end, head=PRONOUNS[hu.key])
        if hu.cap:
            return self._classify_name(a, h)
        k = hu.key
        det = units[a].key if units[a].key in DETERMINERS else None
        start, end = units[a].start, units[e].end
        plural = k in ("police", "people", "authorities", "staff") or (k.endswith("s") and not k.endswith("ss"))
        owned = any(units[x].cap and units[x].possessive for x in range(a, h))
        if k in DOC_NOUNS:
            return self._classify_document(a, h, e)
        if k in ROLE_NOUNS and not plural and (det in DEFINITE or owned):
            return _Source("role", start, end, head=k)
        if k in SOURCE_NOUNS or k in ROLE_NOUNS:
            if det in DEFINITE and not plural:
                return _Source("definite", start, end, head=k)
            return _Source("unnamed", start, end, head=k, plural=plural)
        if k in ORG_HEADS:
            if det in ("a", "an"):
                return _Source("unnamed", start, end, head=k)
            return _Source("organization", units[a].start, hu.end, head=k, plural=plural)
        return None

    def _classify_document(self, a: int, h: int, e: int) -> _Source:
        """"a Reuters investigative report" → Reuters; "CDC data" → CDC; "court documents" → the
        organisation's documents; "a report by the GAO" → GAO; "a study" → unnamed."""
        units = self._units
        caps = [x for x in range(a, h) if units[x].cap]
        if caps:
            last = caps[-1]
            first = last
            while first - 1 >= a and (units[first - 1].cap or (units[first - 1].key in NAME_PARTICLES
                                                               and first - 2 >= a and units[first - 2].cap)):
                first -= 1
            owner = self._classify_name(first, last)
            if owner is not None and owner.kind in ("publication", "organization", "person"):
                return owner
        if any(units[x].key in ORG_HEADS or units[x].key in ("court", "police", "federal", "military", "census")
               for x in range(a, h)):
            return _Source("organization", units[a].start, units[h].end, head=units[h].key)
        if e > h:
            j = h + 1
            while j <= e and not (units[j].word and units[j].key in PP_PREPS):
                j += 1
            obj = self._np_forward(j + 1, e) if j < e else None
            if obj is not None:
                owner = self._classify(*obj)
                if owner is not None and owner.kind in ("publication", "organization", "person", "role"):
                    return owner
        return _Source("unnamed", units[a].start, units[e].end, head=units[h].key)

    def _classify_name(self, a: int, h: int) -> _Source | None:
        """A capitalised name ending at unit h: person, organisation or publication."""
        units = self._units
        r = h
        while r - 1 >= a and (units[r - 1].cap or (units[r - 1].key in NAME_PARTICLES and r - 2 >= a
                                                   and units[r - 2].cap and not units[r - 1].cap)):
            r -= 1
        run = list(range(r, h + 1))
        det = units[r - 1] if r - 1 >= 0 and units[r - 1].key == "the" else None
        outlet = self._outlet(r, h, det)
        if outlet is not None:
            return outlet
        marks = [x for x in run if units[x].cap and (units[x].key in ORG_WORDS or units[x].key in TITLES
                                                     or units[x].acronym or units[x].possessive)]
        if run and r == self._sentence_first_word(r) and len(run) >= 3 and units[r].key.endswith(_OCCUPATION):
            marks.insert(0, r)  # "Hydrologist Ana Lopez said": a job title capitalised at a sentence start
        last = units[h]
        roles = frozenset(units[x].key for x in range(a, h + 1) if units[x].key in ROLE_NOUNS)
        start = units[a].start if units[a].key == "the" else units[r].start
        if marks and marks[-1] == h:
            if last.key in TITLES and last.key not in ORG_WORDS and not last.acronym:
                return _Source("role", start, self._name_end(last), head=last.key)
            return _Source("organization", start, self._name_end(last))
        if marks:
            t = marks[-1]
            if units[t].key in TITLES and t + 2 <= h and units[t + 1].key == "of":  # Secretary of State X
                t += 3 if units[t + 2].key == "the" and t + 3 < h else 2
            name = [x for x in run if x > t]
            if units[t].key in ORG_WORDS and units[t].key not in TITLES and units[t + 1].key in NAME_PARTICLES:
                return _Source("organization", start, self._name_end(last))
            while name and units[name[0]].key in NAME_PARTICLES and not units[name[0]].cap:
                name.pop(0)
            if name and len([x for x in name if units[x].cap]) <= 4:
                return _Source("person", units[name[0]].start, self._name_end(last), head=last.key,
                               roles=roles | {units[x].key for x in run if units[x].key in ROLE_NOUNS})
            return _Source("organization", start, self._name_end(last))
        words = [x for x in run if units[x].cap]
        preceded_by_role = r - 1 >= a and units[r - 1].key in ROLE_NOUNS | SOURCE_NOUNS
        if len(words) == 1:
            if preceded_by_role or self._known_surname(last.key, last.start):
                return _Source("person", last.start, self._name_end(last), head=last.key, roles=roles)
            return _Source("organization", start, self._name_end(last))
        if det is not None or any(units[x].key in ORG_WORDS for x in run) or len(words) > 4:
            return _Source("organization", start, self._name_end(last))
        return _Source("person", units[r].start, self._name_end(last), head=last.key, roles=roles)

    def _outlet(self, r: int, h: int, det: _Unit | None) -> _Source | None:
        units = self._units
        end = self._name_end(units[h])
        name = self.text[units[r].start:end]
        if det is not None and f"The {name}" in self._outlets:
            return _Source("publication", det.start, end)
        if name in self._outlets:
            return _Source("publication", units[r].start, end)
        return None

    def _known_surname(self, key: str, before: int) -> bool:
        first = self._surnames.get(key)
        return first is not None and first < before

    # ---------------------------------------------------------------------------------------------
    # Resolution: pronouns, "the official", "the mayor"

    def _resolve(self, cue: _Cue) -> None:
        """Fix the cue's answer: resolve pronouns and "the official", and remember named people."""
        src = cue.source
        if src.kind == "pronoun":
            src = self._resolve_pronoun(src, cue.phrase_start)
        elif src.kind in ("definite", "role"):
            src = self._resolve_definite(src, cue.phrase_start)
        if src is None:
            cue.resolved = _NONE
            return
        kind: AttributionKind = src.kind  # type: ignore[assignment]
        cue.source = src
        cue.resolved = Attribution(kind=kind, source=self.text[src.start:src.end], start=src.start, end=src.end,
                                   cue=cue.cue)
        if kind == "person":
            surname = self._units[bisect.bisect_right(self._unit_starts, src.end - 1) - 1].key
            self._add_person(_Mention(src.start, src.end, surname, src.roles))

    def _add_person(self, m: _Mention) -> None:
        k = bisect.bisect_right(self._people_starts, m.start)
        self._people_starts.insert(k, m.start)
        self._people.insert(k, m)
        self._surnames[m.surname] = min(m.start, self._surnames.get(m.surname, m.start))
        self._roles.setdefault(m.surname, set()).update(m.roles)

    def _last_person_before(self, pos: int, oldest: int, role: str | None = None) -> _Mention | None:
        """The last mention of a named person before `pos`, outside quotes and not before paragraph
        `oldest`: a full mention, or a later bare surname of someone named earlier ("Donahue")."""
        best: _Mention | None = None
        k = bisect.bisect_left(self._people_starts, pos) - 1
        while k >= 0 and self._paragraph_of(self._people[k].start) >= oldest:
            m = self._people[k]
            if (role is None or role in self._roles.get(m.surname, ())) and self._in_quote(m.start) is None:
                best = m
                break
            k -= 1
        for key, first in self._surnames.items():
            if role is not None and role not in self._roles.get(key, ()):
                continue
            occurrences = self._cap_index.get(key, [])
            j = bisect.bisect_left(occurrences, pos) - 1
            while j >= 0 and occurrences[j] > first and (best is None or occurrences[j] > best.start) \
                    and self._paragraph_of(occurrences[j]) >= oldest:
                if self._in_quote(occurrences[j]) is None:
                    best = self._surname_mention(occurrences[j], key)
                    break
                j -= 1
        return best

    def _surname_mention(self, at: int, surname: str) -> _Mention:
        """A later mention of a known person's surname, with the given names written before it."""
        k = bisect.bisect_left(self._unit_starts, at)
        units = self._units
        first = k
        while first - 1 >= 0 and units[first - 1].cap and units[first - 1].key not in TITLES \
                and units[first - 1].key not in ORG_WORDS and not units[first - 1].acronym \
                and not units[first - 1].possessive and k - first < 3:
            first -= 1
        return _Mention(units[first].start, self._name_end(units[k]), surname, frozenset())

    def _resolve_pronoun(self, src: _Source, pos: int) -> _Source | None:
        """"he said" → the last named person within this and the two previous paragraphs; "they said" →
        the last plural source; "it said" → the last organisation or publication."""
        oldest = self._paragraph_of(pos) - 2
        if src.head in PERSONAL_PRONOUNS:
            m = self._last_person_before(pos, oldest)
            return None if m is None else self._person_source(m)
        if src.head in ("they", "it"):
            oldest += 1
            for cue in reversed(self._cues):
                if self._paragraph_of(cue.phrase_start) < oldest:
                    break
                r = cue.resolved
                if r is None or r.kind == "none":
                    continue
                if src.head == "they" and cue.source.plural and r.kind in ("unnamed", "organization"):
                    return cue.source
                if src.head == "it" and r.kind in ("organization", "publication") and not cue.source.plural:
                    return cue.source
        return None

    def _person_source(self, m: _Mention) -> _Source:
        return _Source("person", m.start, m.end, head=m.surname, roles=frozenset(self._roles.get(m.surname, ())))

    def _resolve_definite(self, src: _Source, pos: int) -> _Source | None:
        """"the official said" → the last source described as an official (an unnamed one keeps its
        description); "the mayor said" → the person last named as mayor. Unresolved: a role with
        "the" is one identifiable office holder (person), anything else is unnamed."""
        oldest = self._paragraph_of(pos) - 4
        person = self._last_person_before(pos, oldest, role=src.head)
        best = None if person is None else self._person_source(person)
        best_at = -1 if person is None else person.start
        for cue in reversed(self._cues):
            if cue.phrase_start <= best_at or self._paragraph_of(cue.phrase_start) < oldest:
                break
            r = cue.resolved
            if r is not None and r.kind == "unnamed" and cue.source.head == src.head and not cue.source.plural:
                best = cue.source
                break
        if best is not None:
            return best
        if src.kind == "role":
            return _Source("person", src.start, src.end, head=src.head)
        return _Source("unnamed", src.start, src.end, head=src.head)

    # ---------------------------------------------------------------------------------------------
    # Scopes and speakers

    def _set_scopes(self) -> None:
        """Each cue governs part of its sentence: a "…, X said." cue reaches back only to the previous
        such cue ("A rose 5%, officials said, and B fell 2%, the mayor said"); a cue after "and",
        "but", "while" or ";" governs its own clause, and an earlier cue stops where that clause starts."""
        last_end_by_sentence: dict[int, int] = {}
        for cue in self._cues:
            s0, s1 = self._sentences[cue.sentence] if self._sentences else (0, len(self.text))
            cue.coordinated = cue.scope_start > s0 and cue.limit is None
            cue.scope_start = max(cue.scope_start, s0)
            cue.scope_end = s1 if cue.limit is None else cue.limit
            if cue.governs == "before":
                cue.scope_start = max(cue.scope_start, last_end_by_sentence.get(cue.sentence, s0))
                cue.scope_end = max(cue.tail_end, cue.phrase_end)
                last_end_by_sentence[cue.sentence] = cue.scope_end
        by_sentence: dict[int, list[_Cue]] = {}
        for cue in self._cues:
            by_sentence.setdefault(cue.sentence, []).append(cue)
        for cues in by_sentence.values():  # each cue ends where the first coordinated clause after its verb starts
            starts = sorted(c.scope_start for c in cues if c.coordinated)
            for earlier in cues if starts else ():
                k = bisect.bisect_right(starts, earlier.verb_start)
                if k < len(starts) and earlier.governs != "before":
                    earlier.scope_end = min(earlier.scope_end, starts[k])

    def _assign_speakers(self) -> None:
        """Give each quote a speaker: a cue right after it ("…,” said X / “…,” he said), else right
        before it ("X said: “…”"), else another quote's in its paragraph, else — for a paragraph that is
        a quote with no speaker — the speaker in the next paragraph's first sentence."""
        cues = [c for c in self._cues if not c.in_quote and c.resolved is not None]
        anchors = [min(c.phrase_start, c.verb_start) for c in cues]
        tails = [c.tail_end for c in cues]
        by_sentence: dict[int, list[_Cue]] = {}
        for c in cues:
            by_sentence.setdefault(c.sentence, []).append(c)
        by_paragraph: dict[int, list[_Quote]] = {}
        for q in self._quotes:
            by_paragraph.setdefault(q.paragraph, []).append(q)
            q.speaker = self._speaker_after(q, cues, anchors) or self._speaker_before(q, cues, tails)
            q.direct = q.speaker is not None
        for q in self._quotes:
            if q.speaker is None and self._starts_sentence(q) \
                    and self._sentence_of(self._content_start(q)) not in by_sentence:
                q.speaker = self._speaker_in_paragraph(q, by_paragraph[q.paragraph])
        for q in reversed(self._quotes):
            if q.speaker is None and q.opens_paragraph:
                q.speaker = self._speaker_next_paragraph(q, by_paragraph, by_sentence)

    def _content_start(self, q: _Quote) -> int:
        content = q.start + 1
        while content < q.end - 1 and self.text[content].isspace():
            content += 1
        return content

    def _starts_sentence(self, q: _Quote) -> bool:
        """The quote is a quoted sentence, not words quoted inside the writer's own sentence."""
        s0 = self._sentences[self._sentence_of(self._content_start(q))][0]
        return s0 >= q.start or not self.text[s0:q.start].strip()

    def _speaker_after(self, q: _Quote, cues: list[_Cue], anchors: list[int]) -> _Cue | None:
        """"“…,” said X" / "“…,” he said": a cue whose words start right after the closing mark."""
        k = bisect.bisect_left(anchors, q.end)
        for c, anchor in zip(cues[k:k + 3], anchors[k:k + 3], strict=False):
            if anchor > q.end + 3:
                break
            if self._paragraph_of(anchor) == q.paragraph and c.form in ("pre", "post") \
                    and not self.text[q.end:anchor].strip(" \t,–—-") \
                    and self._sentence_of(anchor) == self._sentence_of(q.end - 1):
                return c
        return None

    def _speaker_before(self, q: _Quote, cues: list[_Cue], tails: list[int]) -> _Cue | None:
        """"X said: “…”" / "X said that “…”": the last cue before the quote, with only a colon, a comma,
        "that" or a short adverbial ending in a colon between."""
        k = bisect.bisect_right(tails, q.start) - 1
        if k < 0:
            return None
        c = cues[k]
        gap = self.text[c.tail_end:q.start]
        stripped = gap.strip()
        if len(gap) > 40 or c.form != "pre":
            return None
        if stripped in ("", ":", ",", "that", ", that"):
            return c
        return c if stripped.endswith(":") and not re.search(r"[.!?;\"“”]", stripped) else None

    @staticmethod
    def _speaker_in_paragraph(q: _Quote, paragraph: list[_Quote]) -> _Cue | None:
        """The speaker of the nearest quote before (else after) in the same paragraph that has one."""
        same = [o for o in paragraph if o.direct and o is not q]
        before = [o for o in same if o.start < q.start]
        if before:
            return before[-1].speaker
        return same[0].speaker if same else None

    def _speaker_next_paragraph(self, q: _Quote, by_paragraph: dict[int, list[_Quote]],
                                by_sentence: dict[int, list[_Cue]]) -> _Cue | None:
        """A quote paragraph with no speaker: the next paragraph continues the quote (its speaker), or
        its first sentence names the speaker ("That was the message from Raj Patel, who told …")."""
        nxt = q.paragraph + 1
        if nxt >= len(self._paragraphs):
            return None
        quotes = by_paragraph.get(nxt, [])
        if quotes and quotes[0].opens_paragraph:
            return quotes[0].speaker
        sentence = self._sentence_of(self._paragraphs[nxt][0])
        for c in by_sentence.get(sentence, ()):
            if c.form in ("pre", "post") and c.resolved is not None and c.resolved.kind != "none":
                return c
        return None

    def _cues_before(self, sentence: int, start: int) -> list[_Cue]:
        """The sentence's cues whose scope starts at or before `start`, in text order: the last `_MAX_CUES`
        of them (a real sentence has a few; one built of thousands would make every claim scan them all)."""
        cues = self._cues_by_sentence.get(sentence, [])
        if sentence not in self._cue_starts:
            order = sorted(range(len(cues)), key=lambda i: cues[i].scope_start)
            self._cue_starts[sentence] = ([cues[i].scope_start for i in order], order)
        starts, order = self._cue_starts[sentence]
        k = bisect.bisect_right(starts, start)
        return [cues[i] for i in sorted(order[max(0, k - _MAX_CUES):k])]

    def _governing_cue(self, start: int, end: int) -> _Cue | None:
        """The cue whose scope holds the claim. Of several: the one whose own words hold it ("two
        sources"); else a cue that reports the whole stretch ("…, X said.", "according to X"), the
        nearest; else the outermost ("X said the city expects 5,000 …" is X's statement)."""
        if not self._sentences:
            return None
        candidates = []
        for cue in self._cues_before(self._sentence_of(start), start):
            if not (cue.scope_start <= start < cue.scope_end):
                continue
            if cue.exclude is not None and cue.exclude[0] <= start < cue.exclude[1]:
                continue
            lo, hi = min(cue.phrase_start, cue.verb_start), max(cue.tail_end, cue.phrase_end)
            distance = 0 if lo <= start < hi else (lo - end if end <= lo else start - hi)
            candidates.append((distance, cue))
        if not candidates:
            return None
        inside = [c for d, c in candidates if d == 0]
        if inside:
            return inside[0]
        reporting = [(d, c) for d, c in candidates if c.governs != "after" or c.form in ("according", "agent")]
        if reporting:
            return min(reporting, key=lambda dc: dc[0])[1]
        return min((c for _d, c in candidates), key=lambda c: c.phrase_start)
