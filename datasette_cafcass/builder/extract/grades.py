"""Ofsted's grades: which grade words in a sentence are a grade of a Cafcass
inspection, on which judgements, and of which inspection.

Each construction is a named rule over the sentence's tokens (tokens.py); the
first that claims a grade word wins. A grade's judgements come from the
construction (the judgement named in its subject, its object or the list after
it), from a list the article enumerated ("in all three areas"), or are the
overall effectiveness when Cafcass itself is graded. Vetoes say what is not a
grade: a hypothetical, a negation, an aggregate over areas, an attribute
("a good service"), a comparison ("or better"), another body's grade or
another inspectorate's, a person's own words.

explain(text) shows, for one sentence, what each rule and veto made of it.
"""
import re
from dataclasses import dataclass

from .inspections import OPENING_YEAR, VISITS, Mention, first_national_year, first_ofsted_year




def relative_year(text, published):
    """The year "last year" or "this year" in text means, against the article's date; else None."""
    if not published:
        return None
    m = re.search(r"\b(last|this|earlier\s+this|previous)\s+year\b", text, re.I)
    if not m:
        return None
    return int(published[:4]) - (1 if m.group(1).lower() in ("last", "previous") else 0)
from .tokens import CLAUSE_BREAK, clause, phrase_start, tokens

COPULA = {"is", "was", "are", "were", "remains", "remain", "remained", "be", "been", "being", "stays", "stayed"}
BETWEEN_COPULA = {"still", "now", "also", "judged", "rated", "found", "to", "be", "overall", "all", "both", "again",
                  "once", "again", "graded", "assessed", "deemed", "considered", "as", "an", "a", "very", "again"}
AS_WORDS = {"as", "to", "be", "an", "a", "being"}
# words a list of judgements may run through ("the quality and effectiveness of its ...")
FILLER = {"the", "of", "its", "their", "his", "her", "quality", "and", "effectiveness", "cafcass", "both", "on", "in",
          "for", "with", "families", "children", "practice", "work", "local", "national", "its", "overall", "also",
          ",", ";", "at", "across", "handling", "improving", "improved", "the", "service", "s"}
# what a judgement-less subject must be for a grade to be Cafcass's overall one
CAFCASS_SUBJECT = {"service", "services", "area", "organisation", "organization", "body", "region",
                   "court", "courts", "provision", "cafcass"}
NOT_NOUNS = {"and", "or", "overall", "in", "on", "for", "at", "by", "to", "with", "across", "from", ",", ".", ";", ":",
             "-", "?", "!", "in", "when", "after", "following", "but", "while", "since", "as", "under", "both", "again",
             "so", "too", "the", "a", "an", "this", "that", "last", "compared", "against", "(", ")", "from", "because",
             "than", "if", "where", "though", "although", "yet", "throughout"}
QUANTIFIED = re.compile(r"^(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|many|some|"
                        r"most|few|majority|minority|none|half|number|proportion|each|every)$")
BACKREF_NOUN = {"areas", "judgements", "judgments", "aspects", "judgement", "judgment", "areas", "categories"}
HEDGE = {"consistently", "broadly", "largely", "mostly", "generally", "sometimes", "often", "usually", "rarely",
         "increasingly", "almost"}


def narrowed(names):
    """"the experiences and progress of children in private law cases", "the
    quality of practice in public law": a general name made specific is the law judgement."""
    if any(n.endswith(" law") for n in names):
        return [n for n in names if n not in ("experiences and progress", "quality of practice")]
    return names


@dataclass
class Grade:
    local: object
    judgement: str
    rating: str
    sentence: object
    rating_ann: object
    rule: str


@dataclass
class Explained:
    """What the rules made of one grade word: the construction that read it, or the veto that stopped it."""
    sentence: object
    tok: object
    rule: str = None
    veto: str = None
    names: list = None
    placed: bool = False  # it was filed under an inspection


@dataclass
class Found:
    names: list  # judgement names; [] means Cafcass's overall effectiveness
    rule: str
    subject_lo: int = None  # token range of the grade's subject, for areas named there
    subject_hi: int = None
    explicit: bool = True  # names came from the text, not the overall default


def _syms(toks, lo, hi):
    return [t.sym for t in toks[lo:hi]]


def _jnames(toks, lo, hi):
    out = []
    for t in toks[lo:hi]:
        if t.sym == "J":
            for n in t.ann.value:
                if n not in out:
                    out.append(n)
    return out


LIST_START = {"in", "on", "for", "across", "at", "including"}


def _j_list_after(toks, k, hi):
    """Judgements listed from token k on ("in performance management; user
    engagement; ... and overall effectiveness", "overall and for local and
    national leadership"), until a word that is not part of such a list, another
    grade, or the end of the clause. The list opens with a preposition; "and
    public law 'adequate'" is the next judgement's own grade, not a list."""
    names, seen_j = [], False
    j = k
    if j < hi and toks[j].sym == "overall":
        names.append("overall effectiveness")
        j += 1
        if j < hi and toks[j].sym == "and":
            j += 1
    if j >= hi or toks[j].sym not in LIST_START:
        return [], k
    j += 1
    while j < hi:
        t = toks[j]
        if t.sym == "J":
            names += [n for n in t.ann.value if n not in names]
            seen_j = True
        elif t.sym == "R":
            break
        elif t.sym in FILLER or t.sym in ("ORG", "and", "its", "in", "to", "improve"):
            if seen_j and t.sym == "and" and j + 2 < hi and toks[j + 1].sym == "J" and toks[j + 2].sym == "R":
                break  # "..., and public law 'adequate'": the next judgement's own grade
        elif t.sym in CLAUSE_BREAK and t.sym != ";":
            break
        elif seen_j:
            break
        elif j - k > 4:
            break
        else:
            break
        j += 1
    return names, j


def _after_grade(toks, lo, hi):
    """Where a grade's subject can start: after any grade before it in the clause
    ("overall effectiveness was inadequate and capacity to improve was adequate")."""
    for k in range(hi - 1, lo - 1, -1):
        if toks[k].sym == "R":
            return k + 1
    return lo


def _subject(toks, lo, v):
    """(judgements named, Cafcass-like) of the words from lo to v (a verb or copula)."""
    names = _jnames(toks, lo, v)
    syms = set(_syms(toks, lo, v))
    cafcass = bool(syms & CAFCASS_SUBJECT) or any(
        t.sym in ("ORG", "AREA") and (t.sym == "AREA" or t.ann.value[1] == "cafcass") for t in toks[lo:v])
    return names, cafcass


def _attributive(toks, i):
    """Does the grade word describe a noun ("a good service", "inadequate
    standard") or a skill ("good at identifying") rather than stand as a grade?"""
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if nxt is None:
        return False
    if nxt.sym == "at" and i + 2 < len(toks) and toks[i + 2].sym.endswith("ing"):
        return True
    if nxt.sym in ("GN", "J") or not nxt.is_word:
        return nxt.sym in ("ORG", "BODY", "INSP")
    return nxt.sym not in NOT_NOUNS and not nxt.sym.endswith("ly") and nxt.sym.isalpha()


def _veto(reading, s, toks, i):
    """The name of the veto that stops the grade word at token i, or None."""
    t = toks[i]
    pid = s.passage["id"]
    voice = reading.voice(pid, t.start)
    if voice in ("person", "other"):
        return "a person's or another body's words"
    if voice == "unknown":
        q = reading.quote_at(pid, t.start)
        if q is not None and len(reading.plain[pid][q.start:q.end].split()) > 6:
            return "unattributed quotation"
    lo = phrase_start(toks, i)
    c_lo, c_hi = clause(toks, i)
    head = _syms(toks, max(c_lo, i - 10), i)
    cues = reading.spans(pid, "CUE", toks[max(lo, i - 10)].start, t.start)
    if any(c.value == "hypothetical" for c in cues):
        return "hypothetical"
    if any(c.value == "negation" for c in reading.spans(pid, "CUE", toks[max(lo, i - 3)].start, t.start)):
        return "negated"
    tail = _syms(toks, i + 1, min(len(toks), i + 4))
    if tail[:2] in (["or", "better"], ["or", "above"], ["or", "worse"], ["or", "below"], ["or", "higher"]) \
            or tail[:1] == ["to"] and tail[1:2] == ["R"] or head[-2:] == ["than"]:
        return "a comparison"
    if head and head[-1] in HEDGE:
        return "a hedge: a pattern, not a grade"
    sub = _syms(toks, c_lo, i)
    for k, w in enumerate(sub):
        if QUANTIFIED.match(w) and (k + 1 < len(sub) and sub[k + 1] in ("of", "were", "are", "out", "was", "in")
                                    or w in ("majority", "most", "some", "several", "many")):
            return "an aggregate"
    after = _syms(toks, i + 1, c_hi)
    for k, w in enumerate(after[:6]):
        if w == "in" and k + 1 < len(after) and QUANTIFIED.match(after[k + 1]) and "including" not in after:
            return "an aggregate"
    orgs = [x.ann.value for x in toks if x.sym == "ORG"]
    if any(k == "other inspectorate" for _, k in orgs) and not any(k == "inspectorate" and n == "Ofsted" for n, k in orgs):
        return "another inspectorate's grade"
    bodies = [x for x in toks[c_lo:i] if x.sym == "BODY"]
    if bodies and not any(x.sym == "J" or x.sym == "ORG" and x.ann.value[1] == "cafcass" for x in toks[c_lo:i]):
        return "another body's grade"
    if any(x.sym in ("he", "she") or x.sym == "inspector" for x in toks[c_lo:i]) and not any(
            x.sym == "J" for x in toks[c_lo:i]):
        return "a person's verdict"
    return None


# --- the constructions --------------------------------------------------------
# Each takes (toks, i) for the grade word at i and returns a Found or None.

def table_row(toks, i):
    """"Overall effectiveness: Good", "The leadership and governance of the
    national organisation / Outstanding", a report's table flattened into text
    ("... private law practice with Good families")."""
    t = toks[i]
    capital = (t.ann.data or "")[:1].isupper()
    j = i - 1
    between = []
    while j >= 0 and toks[j].sym != "J" and len(between) < 4:
        between.append(toks[j].sym)
        j -= 1
    if j < 0 or toks[j].sym != "J":
        return None
    if set(between) & (COPULA | {"R", "GV", "."}):
        return None
    sep = set(between) & {"/", ":", "|", "-"}
    if not (sep or capital and set(between) <= {"with", "families", "children", "and", ",", "practice"}):
        return None
    if sep and i + 1 < len(toks) and toks[i + 1].is_word and toks[i + 1].sym.isalpha() and toks[i + 1].sym not in (
            "and", "overall", "the"):
        return None  # "criticisms of private law: inadequate assessment of ...": a description, not a table
    return Found(list(toks[j].ann.value), "table row", j, j + 1)


def noun_of(toks, i):
    """"an overall grading of good", "a rating of 'outstanding'", "an Ofsted judgement of 'Good'"."""
    k = i - 1
    if k >= 0 and toks[k].sym in ("an", "a"):
        k -= 1
    if k < 0 or toks[k].sym not in ("of", "as", ":", ",", "-"):
        return None
    k -= 1
    if k < 0:
        return None
    t = toks[k]
    if t.sym == "GN" or t.sym == "J" and "overall effectiveness" in t.ann.value:
        names = [] if t.sym == "GN" else ["overall effectiveness"]
        if t.sym == "GN" and k > 0 and toks[k - 1].sym == "J":
            names = list(toks[k - 1].ann.value)
        return Found(names, "grade noun of", k, k + 1, explicit=bool(names))
    return None


def rating_noun(toks, i):
    """"its first 'good' rating", "an 'outstanding' rating across all judgements"."""
    k = i + 1
    while k < len(toks) and toks[k].sym in ("overall", "ORG", "inspection"):
        k += 1
    if k < len(toks) and (toks[k].sym == "GN" or toks[k].sym == "J" and "overall effectiveness" in toks[k].ann.value):
        before = toks[i - 1] if i > 0 else None
        names = list(before.ann.value) if before is not None and before.sym == "J" else []
        return Found(names, "grade before a grade noun", explicit=bool(names))
    return None


def verb(toks, i, lo):
    """"was judged to be 'good'", "rated private law practice as inadequate",
    "labelling its overall effectiveness as inadequate", "judged ... to be
    inadequate in performance management; user engagement; ...", "rated Cafcass
    as good on the quality of its public and private law practice"."""
    g = i - 1
    while g >= lo and toks[g].sym != "GV" and i - g <= 14:
        if toks[g].sym in ("R", "GV"):
            break
        g -= 1
    if g < lo or toks[g].sym != "GV":
        return None
    obj = _jnames(toks, g + 1, i)
    c_lo, c_hi = clause(toks, i)
    after, _ = _j_list_after(toks, i + 1, len(toks))
    names = after or obj
    subj_lo = phrase_start(toks, g) if not obj else g + 1
    if not names:
        names, cafcass = _subject(toks, _after_grade(toks, c_lo, g), g)
        between = _syms(toks, g + 1, i)
        if not names and not cafcass and not _subject(toks, g + 1, i)[1]:
            # "judged all three areas of its work to be outstanding": the areas it listed
            pointing = set(between) & BACKREF_NOUN and set(between) & {"all", "both", "three", "two", "four", "each"}
            if not (between == [] or all(w in AS_WORDS for w in between) or pointing):
                return None
    if "overall" in _syms(toks, i + 1, i + 2) and not after:
        names = ["overall effectiveness"]
    return Found(names, "grading verb", c_lo if not obj else g + 1, g if not obj else i, explicit=bool(names))


def predicate(toks, i, lo):
    """"safeguarding is satisfactory overall", "Complaints handling and ... are
    inadequate", "The overall judgement is good", "services overall were inadequate"."""
    k = i - 1
    while k >= lo and toks[k].sym in BETWEEN_COPULA and toks[k].sym not in COPULA:
        k -= 1
    if k < lo or toks[k].sym not in COPULA:
        return None
    c_lo, _ = clause(toks, i)
    c_lo = _after_grade(toks, c_lo, k)
    names, cafcass = _subject(toks, c_lo, k)
    overall = "overall" in _syms(toks, c_lo, i + 2)
    if not names and not cafcass:
        return None
    after, _ = _j_list_after(toks, i + 1, len(toks))
    if after and not names:
        names = after  # "Cafcass was found to be inadequate in its safeguarding of children"
    if not names and overall:
        names = ["overall effectiveness"]
    if toks[i - 1].sym in ("a", "an"):
        return None
    return Found(names, "judgement is grade", c_lo, k, explicit=bool(names))


def found_it(toks, i, lo):
    """"they found leadership still outstanding", "found the service to be inadequate"."""
    k = i - 1
    while k >= lo and toks[k].sym in ("still", "to", "be", "now", "also"):
        k -= 1
    j = k
    while j >= lo and j > i - 8 and toks[j].sym not in ("found", "find", "finds"):
        j -= 1
    if j < lo or toks[j].sym not in ("found", "find", "finds") or j == k:
        return None
    names, cafcass = _subject(toks, j + 1, k + 1)
    if not names and not cafcass:
        return None
    return Found(names, "found to be", j + 1, k + 1, explicit=bool(names))


def attributive_judgement(toks, i):
    """"outstanding leadership", "with outstanding capacity to improve": a grade
    word just before the judgement it grades."""
    if i + 1 < len(toks) and toks[i + 1].sym == "J" and "overall effectiveness" not in toks[i + 1].ann.value:
        return Found(list(toks[i + 1].ann.value), "grade before its judgement", i + 1, i + 2)
    return None


def including(toks, i):
    """"a satisfactory service in several other areas, including safeguarding,
    workforce development and capacity to improve"."""
    _, c_hi = clause(toks, i)
    for k in range(i + 1, min(c_hi, i + 12)):
        if toks[k].sym == "including":
            names, _ = _j_list_after(toks, k, len(toks))
            if names:
                return Found(names, "grade including judgements", k + 1, c_hi)
    return None


def backref(reading, lists, s, toks, lo, hi):
    """Judgements a phrase like "in all three areas" points back to: the list the
    article enumerated (nearest before, else the first after), of that size if it says one."""
    syms = _syms(toks, lo, hi)
    for k, w in enumerate(syms):
        if w not in BACKREF_NOUN:
            continue
        prev = syms[max(0, k - 3):k]
        if not ({"all", "both", "these", "each", "the", "three", "two", "four"} & set(prev)):
            continue
        size = {"two": 2, "three": 3, "four": 4, "five": 5, "both": 2}.get(next((p for p in prev if p in (
            "two", "three", "four", "five", "both")), None))
        before = [l for l in lists if l[0] < s.index] if lists else []
        after = [l for l in lists if l[0] >= s.index] if lists else []
        for group in (reversed(before), after):
            for _, names in group:
                if size is None or len(names) == size:
                    return list(names)
        return []
    return None


def enumerations(reading):
    """(sentence index, judgement names) of every list of two or more judgements
    the article names outside a grade: a sentence ("assessed the quality of
    private law practice, public law practice and the impact of leaders") or a
    run of list items with one each."""
    out, run = [], []
    for s in reading.sentences:
        names = []
        for a in reading.spans(s, "J"):
            names += [n for n in a.value if n not in names]
        if s.passage["kind"] == "list item" and len(names) == 1:
            run.append((s.index, names[0]))
            continue
        if len(run) >= 2:
            out.append((run[0][0], [n for _, n in run]))
        run = []
        if len(names) >= 2:
            out.append((s.index, names))
    if len(run) >= 2:
        out.append((run[0][0], [n for _, n in run]))
    return out


def journey(toks, i):
    """"lifted the service from inadequate to good": (from token, to token) or None."""
    if i >= 1 and toks[i - 1].sym == "from":
        for k in range(i + 1, min(len(toks), i + 5)):
            if toks[k].sym == "to" and k + 1 < len(toks) and toks[k + 1].sym == "R":
                return i, k + 1
    return None


class Grades:
    """Every grade of one article."""

    def __init__(self, reading, insp):
        self.r, self.insp = reading, insp
        self.lists = enumerations(reading)
        self.grades = []
        self.carry = None  # the inspection last named, for a grade that names none
        self.explained = []

    def read(self):
        for s in self.r.sentences:
            for m in self.insp.mentions(s):
                local = self.insp.resolve(m)
                if local is not None and not isinstance(local, list):
                    self.carry = local
            if not self.r.has(s, "R"):
                continue
            self._sentence(s, heading=s.passage["kind"] == "heading")
        self._comparison_tables()
        return self.grades

    def _sentence(self, s, heading=False):
        """Grades of one sentence; a heading only echoes the text, unless it is a table's row."""
        toks = tokens(self.r, s)
        claimed = set()
        previous = None  # (token, Found, inspections) of the last grade read in this sentence
        for i, t in enumerate(toks):
            if t.sym != "R" or i in claimed:
                continue
            way = journey(toks, i)
            if way is not None:
                claimed.update(way)
                self._journey(s, toks, way)
                continue
            veto = _veto(self.r, s, toks, i)
            if veto:
                self.explained.append(Explained(s, t, None, veto))
                continue
            found = table_row(toks, i) if heading else self._construe(toks, i)
            if found is None and previous is not None and previous[1].rule == "grading verb":
                # "rated outstanding overall and for ... leadership, and good for the quality of ... practice"
                between = _syms(toks, previous[0] + 1, i)
                names, _ = _j_list_after(toks, i + 1, len(toks))
                if between[-1:] == ["and"] and names:
                    found = Found(names, "and a grade for more judgements")
            if found is None:
                self.explained.append(Explained(s, t, None, "no construction"))
                continue
            c_lo, c_hi = clause(toks, i)
            ref = backref(self.r, self.lists, s, toks, c_lo, c_hi)
            if ref is None and any(x.sym == "they" for x in toks[c_lo:i]):
                ref = backref(self.r, self.lists, s, toks, 0, c_lo)
            names = list(found.names)
            if ref is not None:
                names = (names if found.explicit else []) + [n for n in ref if n not in names]
            if not names:
                names = ["overall effectiveness"]
            names = narrowed(names)
            if found.rule in ("grading verb", "found to be", "judgement is grade") and _attributive(toks, i) \
                    and not found.explicit:
                self.explained.append(Explained(s, t, found.rule, "an attribute, not a grade"))
                continue
            anchored = previous[2] if found.rule == "and a grade for more judgements" else self._anchor(s, toks, i, found)
            for local in anchored:
                for name in names:
                    self.grades.append(Grade(local, name, t.ann.value, s, t.ann, found.rule))
            self.explained.append(Explained(s, t, found.rule, None, names, bool(anchored)))
            previous = (i, found, anchored)
            # "rated private law practice as 'inadequate' and public law 'adequate'"
            k = i + 1
            if k + 2 < len(toks) and toks[k].sym == "and" and toks[k + 1].sym == "J" and toks[k + 2].sym == "R":
                claimed.add(k + 2)
                self.explained.append(Explained(s, toks[k + 2], "and the next judgement", None,
                                                list(toks[k + 1].ann.value), True))
                for local in self._anchor(s, toks, k + 2, found):
                    for name in toks[k + 1].ann.value:
                        self.grades.append(Grade(local, name, toks[k + 2].ann.value, s, toks[k + 2].ann,
                                                 "and the next judgement"))

    def _construe(self, toks, i):
        lo = phrase_start(toks, i)
        c_lo, _ = clause(toks, i)
        for rule in (table_row, noun_of, rating_noun, attributive_judgement):
            found = rule(toks, i)
            if found:
                return found
        for rule in (verb, predicate, found_it):
            found = rule(toks, i, c_lo)
            if found:
                if not found.explicit:
                    inc = including(toks, i)
                    if inc:
                        return inc
                return found
        return including(toks, i)

    def _journey(self, s, toks, way):
        """From one grade to another: the later is the inspection's the sentence
        names (the article's own), the earlier the one before it."""
        own = [m for m in self.insp.mentions(s) if not (m.plural or m.future or m.generic or m.prior)]
        if not own or self.insp.own is None or self._veto_all(s, toks, way[0]):
            return
        prev = self.insp.previous()
        for local, k in ((self.insp.own, way[1]), (prev, way[0])):
            self.grades.append(Grade(local, "overall effectiveness", toks[k].ann.value, s, toks[k].ann, "from one grade to another"))

    def _veto_all(self, s, toks, i):
        veto = _veto(self.r, s, toks, i)
        return veto not in (None, "a comparison")

    def _anchor(self, s, toks, i, found):
        """The inspections a grade at token i belongs to."""
        insp = self.insp
        pos = toks[i].start
        text = self.r.plain[s.passage["id"]]
        # service areas named in the grade's subject: "Cafcass's East Midlands,
        # South East and South Yorkshire areas, all of which were assessed as ..."
        lo = found.subject_lo if found.subject_lo is not None else phrase_start(toks, i)
        from .inspections import areas_in
        c_lo, c_hi = clause(toks, i)
        clause_start = toks[c_lo].start if c_lo < len(toks) else s.start
        clause_end = toks[c_hi - 1].end if 0 < c_hi <= len(toks) else s.end
        # the areas named before the grade in its clause, else after it ("... of 'Good' in the Lancashire area")
        subj_areas = areas_in(self.r, s, clause_start, pos) or areas_in(self.r, s, pos, clause_end)
        mentions = insp.mentions(s)
        cands = []
        for m in mentions:
            if abs(m.start - pos) > 160:
                continue
            if m.start > pos and m.compare:
                continue  # "an improvement since its previous inspection": named to compare
            between = text[min(m.end, pos):max(m.start, pos)]
            same_phrase = not re.search(r"[;:()]|,|\s-\s", between)
            if m.start > pos and not same_phrase and "." not in between and not self.r.spans(
                    s, "R", pos + 1, m.start) and re.search(r"\b(?:when|where|at|in|during|after|following)\s+"
                                                           r"(?:[\w'-]+\s+){0,3}$", text[max(s.start, m.start - 40):m.start], re.I):
                same_phrase = True  # "... and overall effectiveness when it was inspected in 2009"
            cands.append((not same_phrase, m.start > pos, abs(m.start - pos), m))
        taken = {m.date_at for m in mentions if m.date_at}
        years = [d for d in self.r.spans(s, "DATE") if d.value.precision in ("year", "day", "month")
                 and not d.value.month_only and not any(a <= d.start < b for a, b in taken)]
        for d in years:
            lead = text[max(s.start, d.start - 20):d.start]
            since = re.search(r"\bsince\s+$", lead, re.I)
            if since and d.start > pos:
                pass  # "rated outstanding since 2018": the grade it was given then
            elif re.search(r"\b(?:since|after|before|until|from)\s+(?:\w+\s+)?$", lead, re.I):
                continue
            if toks[c_lo].start <= d.start < (toks[c_hi - 1].end if c_hi <= len(toks) else s.end):
                cands.append((False, d.start > pos, abs(d.start - pos),
                              Mention(s, d.start, d.end, "year", years=(int(d.value.date[:4]),))))
        cands.sort(key=lambda c: c[:3])
        chosen = None
        for far, after, dist, m in cands:
            if far and after:
                continue
            if m.start > pos and m.prior and m.year is None:
                continue
            local = insp.resolve(m)
            if local is None and (m.prior or m.compare) and m.year is None:
                if insp.own is not None and m.prior:
                    return [insp.previous()]
                return []
            if local is not None:
                chosen = local
                break
        if chosen is None:
            # "In 2014, ..." / "By 2014 the picture had changed: Cafcass was judged good": a year opening the sentence
            opening = OPENING_YEAR.match(self.r.plain_text(s))
            if opening:
                year = int(opening.group("y"))
                if year >= first_ofsted_year():
                    area = subj_areas[-1][1] if subj_areas else insp.area
                    chosen = insp.keyed_local(area if year < first_national_year() else None, year, keep=True)
        if chosen is None:
            # "rated good last year": a year said against the article's own date
            year = relative_year(text[toks[c_lo].start:s.end] if c_lo < len(toks) else "", self.r.article.get("published"))
            if year is not None:
                area = subj_areas[-1][1] if subj_areas else insp.area
                area = area if year < first_national_year() else None
                chosen = insp.keyed_local(area, year, keep=True)
        if chosen is None and re.match(r"^\W*(?:then|at\s+the\s+time|at\s+that\s+time)\b", self.r.plain_text(s), re.I):
            prev = self.r.previous(s)
            if prev is not None:
                dated = [insp.resolve(m) for m in insp.mentions(prev) if m.year]
                dated = [d for d in dated if d is not None and not isinstance(d, list)]
                if dated:
                    chosen = dated[-1]
        if subj_areas and (chosen is None or isinstance(chosen, list) or chosen.area is None and chosen.year is None):
            named = list(dict.fromkeys(a for _, a in subj_areas))
            if len(named) > 1 or named[0] != insp.area:
                return [insp.keyed_local(a, None, keep=True) for a in named]
        if chosen is None:
            chosen = insp.own or self.carry
        if chosen is None:
            return []
        chosen = chosen if isinstance(chosen, list) else [chosen]
        # a focused or monitoring visit is never graded: a grade beside one is another inspection's
        return [c for c in chosen if c.kind not in VISITS]

    def _comparison_tables(self):
        """A table comparing two inspections: a line of years ("2014 2018") over
        rows "judgement grade grade"; each grade is its column's year's."""
        r = self.r
        years = None
        for s in r.sentences:
            t = r.plain_text(s).strip()
            if re.fullmatch(r"(?:(?:19|20)\d\d\s+){1,4}(?:19|20)\d\d", t):
                years = [int(y) for y in t.split()]
                continue
            if years is None:
                continue
            toks = tokens(r, s)
            rs = [k for k, x in enumerate(toks) if x.sym == "R"]
            js = [x for x in toks if x.sym == "J"]
            if len(rs) != len(years) or not js or rs != list(range(rs[0], rs[0] + len(rs))) or rs[-1] != len(toks) - 1:
                years = None if not js else years
                continue
            for year, k in zip(years, rs):
                local = self.insp.keyed_local(None if year >= 2013 else self.insp.area, year, keep=True)
                for name in js[-1].ann.value:
                    self.grades.append(Grade(local, name, toks[k].ann.value, s, toks[k].ann, "comparison table"))


def read_text(*paragraphs, published=None):
    """The Grades of a small article made of these paragraphs (for explain() and tests)."""
    from .inspections import Inspections
    from .people import read_people
    from .reading import Reading
    art = {"id": "text", "title": None, "published": published, "about_cafcass": 1}
    passages = [{"id": f"text-{k}", "article_id": "text", "seq": k, "kind": "paragraph", "text": t}
                for k, t in enumerate(paragraphs, 1)]
    reading = Reading(art, passages)
    read_people(reading)
    g = Grades(reading, Inspections(reading))
    g.read()
    return g


def construe(*paragraphs, published=None):
    """[(rating, sorted judgements)] for each grade word of the last paragraph
    that a construction reads as a grade (whatever inspection it goes to)."""
    g = read_text(*paragraphs, published=published)
    last = f"text-{len(paragraphs)}"
    return [(e.tok.ann.value, sorted(e.names)) for e in g.explained
            if e.sentence.passage["id"] == last and e.rule and not e.veto]


def explain(text):
    """What the grade rules make of one sentence: [(grade word, rule or None, veto or None, judgements)]."""
    g = read_text(text)
    return [(e.tok.ann.data, e.rule, e.veto, e.names) for e in g.explained]
