"""The grade constructions: named rules over a sentence's tokens (tokens.py)
that say whether a grade word is a grade and of which judgements, and the
vetoes that say what is not a grade.

Each construction takes the tokens and the index of a grade word and returns
a Found (the judgements it names, the rule's name) or None; grades.py tries
them in order and files what they find under an inspection.
"""
import re
from dataclasses import dataclass

from .tokens import CLAUSE_BREAK, clause, phrase_start

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
class Found:
    names: list  # judgement names; [] means Cafcass's overall effectiveness
    rule: str
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
            or tail[:1] == ["to"] and tail[1:2] == ["R"] or head[-1:] in (["than"], ["below"], ["above"]) \
            or head[-4:] in (["below", "the", "level", "of"], ["above", "the", "level", "of"]):
        return "a comparison"  # "good or better", "better than good", "below (the level of) good"
    if head and head[-1] in HEDGE:
        return "a hedge: a pattern, not a grade"
    if _in_scale(toks, i):
        return "the grading scale"
    sub = _syms(toks, c_lo, i)
    for k, w in enumerate(sub):
        if QUANTIFIED.match(w) and (k + 1 < len(sub) and sub[k + 1] in ("of", "were", "are", "out", "was", "in")
                                    or w in ("majority", "most", "some", "several", "many")):
            return "an aggregate"
    after = _syms(toks, i + 1, c_hi)
    for k, w in enumerate(after[:6]):
        if w == "in" and k + 1 < len(after) and QUANTIFIED.match(after[k + 1]) and "including" not in after:
            if after[k + 1] in ("each", "every", "all") and _judgements_after_colon(toks, c_hi):
                continue  # "in each of the three areas inspected: private law, public law and leadership"
            return "an aggregate"
    orgs = [x.ann.value for x in toks if x.sym == "ORG"]
    if any(k == "other inspectorate" for _, k in orgs) and not any(k == "inspectorate" and n == "Ofsted" for n, k in orgs):
        return "another inspectorate's grade"
    bodies = [x for x in toks[c_lo:i] if x.sym == "BODY"]
    if bodies and not any(x.sym == "J" or x.sym == "ORG" and x.ann.value[1] == "cafcass" for x in toks[c_lo:i]):
        return "another body's grade"
    # "The council's services were judged inadequate, while its fostering was rated good":
    # "its" is the body the clause before graded, when that clause names no Cafcass
    if _syms(toks, c_lo, c_lo + 1) in (["its"], ["their"]) and any(x.sym == "BODY" for x in toks[:c_lo]) and not any(
            x.sym == "AREA" or x.sym == "ORG" and x.ann.value[1] == "cafcass" for x in toks[:c_lo]):
        return "another body's grade"
    if any(x.sym in ("he", "she") or x.sym == "inspector" for x in toks[c_lo:i]) and not any(
            x.sym == "J" for x in toks[c_lo:i]):
        return "a person's verdict"
    return None


def _judgements_after_colon(toks, k):
    """Does a colon at token k open a list of two or more judgements?"""
    if k >= len(toks) or toks[k].sym != ":":
        return False
    return sum(1 for t in toks[k + 1:] if t.sym == "J") >= 2


SCALE_GLUE = {",", "or", "and", "/"}


def _in_scale(toks, i):
    """Is the grade at i one of a run of three or more different grades joined by
    commas, "or" or "and": the scale itself ("graded outstanding, good, requires
    improvement or inadequate")?"""
    lo = hi = i
    while lo > 0 and (toks[lo - 1].sym == "R" or toks[lo - 1].sym in SCALE_GLUE):
        lo -= 1
    while hi + 1 < len(toks) and (toks[hi + 1].sym == "R" or toks[hi + 1].sym in SCALE_GLUE):
        hi += 1
    return len({t.ann.value for t in toks[lo:hi + 1] if t.sym == "R"}) >= 3


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
    return Found(list(toks[j].ann.value), "table row")


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
        if _for_judgements(toks, i):
            return None  # "good for overall effectiveness, outstanding for leadership": the grade says whose it is
        names = [] if t.sym == "GN" else ["overall effectiveness"]
        if t.sym == "GN" and k > 0 and toks[k - 1].sym == "J":
            names = list(toks[k - 1].ann.value)
        return Found(names, "grade noun of", explicit=bool(names))
    return None


def rating_noun(toks, i):
    """"its first 'good' rating", "an 'outstanding' rating across all judgements"."""
    k = i + 1
    while k < len(toks) and toks[k].sym in ("overall", "ORG", "inspection"):
        k += 1
    if k < len(toks) and (toks[k].sym == "GN" or toks[k].sym == "J" and "overall effectiveness" in toks[k].ann.value):
        before = toks[i - 1] if i > 0 else None
        names = list(before.ann.value) if before is not None and before.sym == "J" else []
        if not names and toks[k].sym == "GN":
            names, _ = _j_list_after(toks, k + 1, clause(toks, k)[1])  # "a good rating for its leadership"
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
    if not names:
        names, cafcass = _subject(toks, _after_grade(toks, c_lo, g), g)
        between = _syms(toks, g + 1, i)
        if not names and not cafcass and not _subject(toks, g + 1, i)[1]:
            # "judged all three areas of its work to be outstanding": the areas it listed
            pointing = set(between) & BACKREF_NOUN and set(between) & {"all", "both", "three", "two", "four", "each"}
            # "rated it outstanding": the pronoun is what the article is about, as Cafcass would be
            it = between[:1] == ["it"] and all(w in AS_WORDS for w in between[1:])
            if not (between == [] or all(w in AS_WORDS for w in between) or pointing or it):
                return None
    if "overall" in _syms(toks, i + 1, i + 2) and not after:
        names = ["overall effectiveness"]
    return Found(names, "grading verb", explicit=bool(names))


def predicate(toks, i, lo):
    """"safeguarding is satisfactory overall", "Complaints handling and ... are
    inadequate", "The overall judgement is good", "services overall were inadequate"."""
    k = i - 1
    while k >= lo and toks[k].sym in BETWEEN_COPULA and toks[k].sym not in COPULA:
        k -= 1
    if k < lo or toks[k].sym not in COPULA:
        return None
    c_lo, _ = clause(toks, i)
    lo, hi = _after_grade(toks, c_lo, k), k
    if lo > c_lo and _syms(toks, lo, k) == [","]:
        # "The service, previously rated inadequate, is now good": the subject stands before the aside
        opening = max((x for x in range(c_lo, lo) if toks[x].sym == ","), default=None)
        if opening is not None:
            lo, hi = c_lo, opening
    c_lo = lo
    names, cafcass = _subject(toks, c_lo, hi)
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
    return Found(names, "judgement is grade", explicit=bool(names))


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
    return Found(names, "found to be", explicit=bool(names))


def attributive_judgement(toks, i):
    """"outstanding leadership", "with outstanding capacity to improve": a grade
    word just before the judgement it grades."""
    if i + 1 < len(toks) and toks[i + 1].sym == "J" and "overall effectiveness" not in toks[i + 1].ann.value:
        return Found(list(toks[i + 1].ann.value), "grade before its judgement")
    return None


ARRANGEMENT = {"arrangements", "arrangement", "practice", "work", "performance", "provision", "systems"}


def arrangements_for(toks, i):
    """"with inadequate arrangements for safeguarding children": a grade of
    what the service does for a judgement's area is that judgement's grade."""
    if i + 3 < len(toks) and toks[i + 1].sym in ARRANGEMENT and toks[i + 2].sym in ("for", "in", "on") \
            and toks[i + 3].sym == "J":
        return Found(list(toks[i + 3].ann.value), "grade of what is done for a judgement")
    return None


def _for_judgements(toks, i):
    """The judgements a grade is said to be for, straight after it ("outstanding for leadership")."""
    if i + 1 >= len(toks) or toks[i + 1].sym not in ("for", "in", "on"):
        return []
    return _j_list_after(toks, i + 1, clause(toks, i)[1])[0]


def grade_for(toks, i):
    """"Its grades were good for overall effectiveness, outstanding for leadership
    and requires improvement for public law", "graded good overall, but
    inadequate for safeguarding": in a sentence that grades (a grading verb or
    noun before the grade), a grade followed by the judgements it is for."""
    names = _for_judgements(toks, i)
    if names and any(t.sym in ("GV", "GN") for t in toks[:i]):
        return Found(names, "grade for a judgement")
    return None


def including(toks, i):
    """"a satisfactory service in several other areas, including safeguarding,
    workforce development and capacity to improve"."""
    _, c_hi = clause(toks, i)
    for k in range(i + 1, min(c_hi, i + 12)):
        if toks[k].sym == "including":
            names, _ = _j_list_after(toks, k, len(toks))
            if names:
                return Found(names, "grade including judgements")
    return None


def backref(reading, lists, s, toks, lo, hi):
    """Judgements a phrase like "in all three areas" points back to: the list the
    article enumerated (nearest before, else the first after), of that size if it says one."""
    syms = _syms(toks, lo, hi)
    for k, w in enumerate(syms):
        counted = toks[lo + k].sym == "GN" and (toks[lo + k].ann.data or "").lower() in BACKREF_NOUN
        if w not in BACKREF_NOUN and not counted:
            continue
        prev = syms[max(0, k - 3):k]
        if not ({"all", "both", "these", "each", "the", "three", "two", "four"} & set(prev)):
            continue
        size = {"two": 2, "three": 3, "four": 4, "five": 5, "both": 2}.get(next((p for p in prev if p in (
            "two", "three", "four", "five", "both")), None))
        if counted and size is None:
            continue  # "judgements" (a grade noun) points back only with its number: "the three judgements"
        before = [l for l in lists if l[0] < s.index] if lists else []
        after = [l for l in lists if l[0] >= s.index] if lists else []
        for group in (reversed(before), after):
            for _, names in group:
                names = narrowed(names)
                if size is None or len(names) == size:
                    return list(names)
                if counted and len(names) == size + 1 and "overall effectiveness" in names:
                    # "outstanding for overall effectiveness and for each of the three judgements: ..."
                    return [n for n in names if n != "overall effectiveness"]
        return []
    return None


ENUMERATING = re.compile(r"\b(?:assess\w*|judge?ments?|graded|grades?|areas|aspects|framework|"
                         r"inspect\w*\s+(?:looked\s+at|covered|considered|examined)|evaluat\w*|looked\s+at)\b", re.I)


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
        # a sentence that lists what inspectors judge, not one that reports findings about each
        if len(names) >= 2 and ENUMERATING.search(reading.plain_text(s)):
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


