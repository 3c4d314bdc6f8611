"""Ofsted's grades in an article: which grade words are grades of a Cafcass
inspection (constructions.py decides, sentence by sentence), on which
judgements, and which inspection each belongs to.

The first construction that claims a grade word wins. A grade's judgements come
from the construction (the judgement named in its subject, its object or the
list after it), from a list the article enumerated ("in all three areas"), or
are the overall effectiveness when Cafcass itself is graded.

explain(text) shows, for one sentence, what each rule and veto made of it.
"""
import re
from dataclasses import dataclass

from .figures import WORD_NUMBERS
from .inspections import OPENING_YEAR, VISITS, Mention, first_national_year, first_ofsted_year

# after a grade: "and [its|the] J [as|to be] R", the next judgement's own grade under the same verb
NEXT_JUDGEMENT = re.compile(r"^(?:, )?and (?:(?:its|the|their|both|quality|effectiveness|of|and|cafcass) ){0,6}J "
                            r"(?:as |to be |was |were |is )?R")

# "Leadership was judged good, as was the quality of practice in public law": the same grade
AS_WAS = re.compile(r"^(?:, )?as (?:was|were|is|are) (?:(?:its|the|their|quality|effectiveness|of|practice|in|"
                    r"and|cafcass|s) ){0,6}J(?= |$)")


RELATIVE_YEAR = re.compile(r"\b(last|this|earlier\s+this|previous)\s+year\b", re.I)
YEARS_AGO = re.compile(r"\b(\d{1,2}|a|one|" + "|".join(WORD_NUMBERS) + r")\s+years?\s+ago\b", re.I)


def relative_year(text, published):
    """The year "last year", "this year" or "four years ago" in text means, against
    the article's date; else None."""
    if not published:
        return None
    m = RELATIVE_YEAR.search(text)
    if m:
        return int(published[:4]) - (1 if m.group(1).lower() in ("last", "previous") else 0)
    m = YEARS_AGO.search(text)
    if m:
        n = m.group(1).lower()
        return int(published[:4]) - (int(n) if n.isdigit() else WORD_NUMBERS.get(n, 1))
    return None
from .constructions import (AS_WORDS, Found, _attributive, _j_list_after, _syms, _veto, arrangements_for,
                            attributive_judgement, backref, enumerations, found_it, grade_for, including, journey,
                            narrowed, noun_of, predicate, rating_noun, table_row, verb)
from .tokens import clause, tokens

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


SINCE_AT_END = re.compile(r"\bsince\s+$", re.I)
THEN_START = re.compile(r"^\W*(?:then|at\s+the\s+time|at\s+that\s+time)\b", re.I)
CLAUSE_PUNCT = re.compile(r"[;:()]|,|\s-\s")
WHEN_OR_IN_AT_END = re.compile(r"\b(?:when|where|at|in|during|after|following)\s+"
                               r"(?:[\w'-]+\s+){0,3}$", re.I)
SINCE_OR_RANGE_AT_END = re.compile(r"\b(?:since|after|before|until|from)\s+(?:\w+\s+)?$", re.I)
# A sentence of two to five years alone is a table's heading row: "2019 2020 2021".
YEAR_ROW = re.compile(r"(?:(?:19|20)\d\d\s+){1,4}(?:19|20)\d\d")
# what may stand between an earlier-time cue and its grading verb or noun ("previously had been rated",
# "its previous rating": auxiliaries and determiners)
CUE_TO_GRADER = {"has", "have", "had", "was", "were", "is", "are", "been", "being", "its", "the", "their", "a", "an"}


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
            inherits = False  # the grade goes to the previous grade's inspections
            if found is None and previous is not None and previous[1].rule == "grading verb":
                # "rated outstanding overall and for ... leadership, and good for the quality of ... practice"
                between = _syms(toks, previous[0] + 1, i)
                names, _ = _j_list_after(toks, i + 1, len(toks))
                if between[-1:] == ["and"] and names:
                    found, inherits = Found(names, "and a grade for more judgements"), True
                elif between[-1:] in (["and"], ["but"]) and (len(between) <= 6 or len(between) <= 10 and _syms(
                        toks, i + 1, i + 3) == ["in", "DATE"]):
                    # "rated good for leadership and outstanding overall"; "rated good in 2014 and
                    # outstanding in 2018", "rated good in its first national inspection in 2014 and
                    # outstanding in 2018": the same verb's grade overall, or of another year
                    after = _syms(toks, i + 1, i + 3)
                    if after[:1] == ["overall"]:
                        found, inherits = Found(["overall effectiveness"], "and another grade", explicit=True), True
                    elif after == ["in", "DATE"]:
                        found = Found(list(previous[1].names), "and another grade", explicit=bool(previous[1].names))
            if found is None:
                # last, so that a grade of the same verb as the one before (just above) keeps its inspections
                found = grade_for(toks, i)
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
            anchored = previous[2] if inherits else self._anchor(s, toks, i, found)
            for local in anchored:
                for name in names:
                    self.grades.append(Grade(local, name, t.ann.value, s, t.ann, found.rule))
            self.explained.append(Explained(s, t, found.rule, None, names, bool(anchored)))
            previous = (i, found, anchored)
            as_was = AS_WAS.match(" ".join(x.sym for x in toks[i + 1:i + 12]))
            if as_was:
                j = i + 1 + as_was.group(0).split().index("J")
                listed = []  # the judgements from there to the end of the clause ("... and safeguarding")
                for x in toks[j:clause(toks, j)[1]]:
                    if x.sym == "R":
                        break
                    if x.sym == "J":
                        listed += [n for n in x.ann.value if n not in listed]
                more = [n for n in narrowed(listed) if n not in names]
                self.explained.append(Explained(s, t, "as was another judgement", None, more, bool(anchored)))
                for local in anchored:
                    for name in more:
                        self.grades.append(Grade(local, name, t.ann.value, s, t.ann, "as was another judgement"))
            # "rated private law practice as 'inadequate' and public law 'adequate'",
            # "... as good and its capacity to improve as outstanding"
            gap = NEXT_JUDGEMENT.match(" ".join(x.sym for x in toks[i + 1:i + 12]))
            if gap:
                j = i + 1 + gap.group(0).split().index("J")
                r = i + len(gap.group(0).split())
                claimed.add(r)
                self.explained.append(Explained(s, toks[r], "and the next judgement", None,
                                                list(toks[j].ann.value), True))
                for local in self._anchor(s, toks, r, found):
                    for name in toks[j].ann.value:
                        self.grades.append(Grade(local, name, toks[r].ann.value, s, toks[r].ann,
                                                 "and the next judgement"))

    def _construe(self, toks, i):
        c_lo, _ = clause(toks, i)
        for rule in (table_row, noun_of, rating_noun, attributive_judgement, arrangements_for):
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
        from .inspections import areas_in
        c_lo, c_hi = clause(toks, i)
        clause_start = toks[c_lo].start if c_lo < len(toks) else s.start
        clause_end = toks[c_hi - 1].end if 0 < c_hi <= len(toks) else s.end
        # the areas named before the grade in its clause, else after it ("... of 'Good' in the Lancashire area")
        named = insp.area is not None  # an article about one of Cafcass's areas
        subj_areas = (areas_in(self.r, s, clause_start, pos, named_areas=named)
                      or areas_in(self.r, s, pos, clause_end, named_areas=named)
                      # "The Cumbria service area was judged satisfactory, although inspectors said
                      # its capacity to improve was good": the area of the sentence's clause before
                      or areas_in(self.r, s, s.start, clause_start, named_areas=named))
        mentions = insp.mentions(s)
        cands = []
        for m in mentions:
            if abs(m.start - pos) > 160:
                continue
            if m.start > pos and m.compare:
                continue  # "an improvement since its previous inspection": named to compare
            between = text[min(m.end, pos):max(m.start, pos)]
            same_phrase = not CLAUSE_PUNCT.search(between)
            if m.start > pos and not same_phrase and "." not in between and not self.r.spans(
                    s, "R", pos + 1, m.start) and WHEN_OR_IN_AT_END.search(text[max(s.start, m.start - 40):m.start]):
                same_phrase = True  # "... and overall effectiveness when it was inspected in 2009"
            cands.append((not same_phrase, m.start > pos, abs(m.start - pos), m))
        taken = {m.date_at for m in mentions if m.date_at}
        years = [d for d in self.r.spans(s, "DATE") if d.value.precision in ("year", "day", "month")
                 and not d.value.month_only and not any(a <= d.start < b for a, b in taken)]
        for d in years:
            # a year nearer another grade of the sentence is that grade's ("judged outstanding in
            # 2018, having been rated good in 2014": good is 2014's, outstanding 2018's), unless a
            # comma parts them ("judged ... inadequate, and in 2010 Greater London was rated inadequate")
            if any(_gap(r, d) < _gap(toks[i], d)
                   and not CLAUSE_PUNCT.search(text[min(r.end, d.end):max(r.start, d.start)])
                   for r in self.r.spans(s, "R") if r.start != pos):
                continue
            lead = text[max(s.start, d.start - 20):d.start]
            since = SINCE_AT_END.search(lead)
            if since and d.start > pos and len(text[toks[i].end:d.start].split()) <= 3:
                pass  # "rated outstanding since 2018": the grade it was given then (not "the lowest grade since 2009")
            elif SINCE_OR_RANGE_AT_END.search(lead):
                continue
            if toks[c_lo].start <= d.start < (toks[c_hi - 1].end if c_hi <= len(toks) else s.end):
                year = Mention(s, d.start, d.end, "year", years=(int(d.value.date[:4]),))
                if subj_areas:  # the year of the area the grade's subject names nearest it
                    year.area = min(subj_areas, key=lambda x: abs(x[0] - pos))[1]
                if d.start > pos and text[toks[i].end:d.start].strip().lower() == "in":
                    # "... in 2014 and outstanding in 2018": the grade's own year before any other
                    cands.append((False, False, -1, year))
                else:
                    cands.append((False, d.start > pos, abs(d.start - pos), year))
        cands.sort(key=lambda c: c[:3])
        chosen = None
        for far, after, dist, m in cands:
            if far and after:
                continue
            if m.start > pos and m.prior and m.year is None:
                continue
            local = insp.resolve(m)
            if local is None and (m.prior or m.compare) and m.year is None:
                return self._earlier() if m.prior else []
            if local is not None:
                chosen = local
                break
        if chosen is None and self._graded_before(s, toks, i):
            return self._earlier()  # "Cafcass, previously rated good, is now outstanding"
        if chosen is None:
            # "In 2014, ..." / "By 2014 the picture had changed: Cafcass was judged good": a year opening the sentence
            opening = OPENING_YEAR.match(self.r.plain_text(s))
            if opening:
                year = int(opening.group("y") or opening.group("y2"))
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
        if chosen is None and THEN_START.match(self.r.plain_text(s)):
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

    def _earlier(self):
        """Where a grade of an earlier, undated inspection goes: the one before the
        article's own, or nowhere when the article has none of its own."""
        return [self.insp.previous()] if self.insp.own is not None else []

    def _graded_before(self, s, toks, i):
        """Is the grade at i given by a grading verb or noun that an earlier-time
        cue (cues.csv, kind prior) stands before, with only auxiliaries or a
        determiner between: "previously rated good", "had formerly been judged
        inadequate", "its previous rating of good", "its last 'good' rating"?"""
        g = i - 1
        while g >= 0 and toks[g].sym in AS_WORDS | {"of"}:
            g -= 1
        if g >= 0 and toks[g].sym in ("GV", "GN"):
            head = g
        elif i + 1 < len(toks) and toks[i + 1].sym == "GN":
            head = i  # the grade before its noun
        else:
            return False
        k = head - 1
        while k >= 0 and toks[k].sym in CUE_TO_GRADER:
            k -= 1
        if k < 0 or not toks[k].is_word:
            return False
        pid = s.passage["id"]
        return any(c.value == "prior" and c.start == toks[k].start and c.end == toks[k].end
                   for c in self.r.spans(pid, "CUE", toks[k].start, toks[k].end))

    def _comparison_tables(self):
        """A table comparing two inspections: a line of years ("2014 2018") over
        rows "judgement grade grade"; each grade is its column's year's."""
        r = self.r
        years = None
        for s in r.sentences:
            t = r.plain_text(s).strip()
            if YEAR_ROW.fullmatch(t):
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
                area = None if year >= first_national_year() else self.insp.area
                local = self.insp.keyed_local(area, year, keep=True)
                for name in js[-1].ann.value:
                    self.grades.append(Grade(local, name, toks[k].ann.value, s, toks[k].ann, "comparison table"))


def _gap(a, b):
    """Characters between two spans (0 when they touch or overlap)."""
    return max(0, b.start - a.end, a.start - b.end)


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
