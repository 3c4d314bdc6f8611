"""Ofsted's grades in a sentence: which grade word is a grade of a Cafcass
inspection ("was judged good", "an overall rating of outstanding",
"describing its capacity to improve as satisfactory") and which is not
(a hypothetical, a journey "from inadequate to outstanding", an aggregate of
areas, another body's grade, "a good service")."""
import re
from dataclasses import dataclass

from .ratings import CAFCASS, OTHER_BODIES, RATING_RE, another_inspectorate, judgement_names, rating_word
from .text import clauses, plain

Q = r"[\"'‘’“”]?"
GRADE_VERB = r"(?:rated|rates|rating|judged|judges|graded|grades|grading|scored|assessed|deemed|declared|classed|classified|labell?ed|labell?ing|described|describing|branded|found\s+to\s+be|considered|given|awarded|received|receiving|achieved|retained|kept|maintained|gained|earned)"
GRADE_NOUN = r"(?:rating|ratings|grade|grades|grading|gradings|judgement|judgements|judgment|judgments|verdict|score|mark)"
RATING = r"(?P<rating>" + RATING_RE + r")"

# (name, pattern); tried in this order, the first to claim a grade word wins.
CONSTRUCTIONS = [
    # "an overall grading of good", "a rating of 'outstanding'", "the highest possible rating, outstanding"
    ("noun of", re.compile(r"\b" + GRADE_NOUN + r"(?:\s+(?:of|as)\s+|\s*[:,]\s+|\s+[-–—]\s+)(?:an?\s+)?" + Q + RATING + r"\b", re.I)),
    # "its first 'good' rating", "an 'outstanding' judgement"
    ("noun", re.compile(Q + RATING + Q + r"\s+(?:overall\s+)?(?:ofsted\s+)?" + GRADE_NOUN + r"\b", re.I)),
    # "was judged to be 'good'", "rated by Ofsted as outstanding", "labelling ... as 'inadequate'"
    ("verb", re.compile(r"\b" + GRADE_VERB + r"\b(?:\s+(?!but\b|while\b|although\b)[\w'’-]+){0,14}?\s+(?:(?:to\s+be|as|be|an?)\s+)*" + Q + RATING + r"\b" + Q, re.I)),
    # "downgraded Cafcass to 'requires improvement to be good'"
    ("moved", re.compile(r"\b(?:downgraded|upgraded|dropped|slipped|fell|fallen|rose|risen|raised|lowered|promoted)\b(?:\s+[\w'’-]+){0,4}?\s+to\s+" + Q + RATING + r"\b", re.I)),
    # "found the service to be inadequate"
    ("found", re.compile(r"\b(?:found|finds|find)\b(?:\s+[\w'’-]+){0,6}?\s+to\s+be\s+" + Q + RATING + r"\b", re.I)),
    # "inspectors found the service outstanding." (the grade ends the phrase; not "found ... a good service")
    ("found it", re.compile(r"\b(?:found|finds|find)\s+(?!that\b)(?:[\w'’-]+\s+){1,5}?" + Q + RATING + Q
                            + r"(?=\s*(?:[,.;:)]|$)|\s+(?:overall|in|for|across|by|and|when|at\s+(?:its|the)\s+\w*\s*inspection)\b)", re.I)),
    # "judged leadership to be good and the quality of practice to be outstanding" (the second)
    ("to be", re.compile(r"\bto\s+be\s+" + Q + RATING + r"\b" + Q, re.I)),
    # "inadequate for its overall effectiveness, and satisfactory for its capacity to improve"
    ("for", re.compile(Q + RATING + Q + r"(?=\s+(?:overall\s+)?for\s+(?:its|the|their)\b)", re.I)),
    # "safeguarding is satisfactory overall", "... are inadequate": needs a judgement's name
    ("predicate", re.compile(r"\b(?:is|are|was|were|has\s+been|have\s+been|remains?|remained)\s+(?:now\s+|still\s+|also\s+|both\s+|all\s+)?" + Q + RATING + r"\b" + Q, re.I)),
    # "outstanding leadership"
    ("leadership", re.compile(Q + r"(?P<rating>outstanding|good|inadequate)" + Q + r"\s+(?=leadership\b|leaders\b)", re.I)),
]

REACH = 250  # characters either side of a grade that can bear on it
ATTRIBUTIVE = re.compile(
    r"[\"'‘’“”]?\s+(?:practice|practices|service|services|work|progress|quality|place|example|examples|news|start|"
    r"relationships?|advice|support|care|job|standards?|levels?|engagement|records?|value|use|evidence|reasons?|"
    r"things?|ideas?|decisions?|assessments?|reports?)\b", re.I)
HYPOTHETICAL = re.compile(
    r"(?-i:\bmay\b)|\b(?:if|should|would|could|might|unless|whether|aim|aims|aiming|ambition|hope|hopes|hoping|target|"
    r"want|wants|strive|striving|bid|goal|expect|expects|expected\s+to|likely\s+to|risk|risks|threat|fear|fears|"
    r"can|cannot|will|shall|to\s+become|to\s+achieve|potential|aspire|aspiration)\b", re.I)
NEGATED = re.compile(r"\b(?:not|never|no\s+longer|nor|no)\s+(?:\w+\s+){0,2}$", re.I)
JOURNEY_FROM = re.compile(r"\bfrom\s+(?:an?\s+|the\s+|being\s+|its\s+)?(?:[\w-]+\s+){0,2}$", re.I)
AGGREGATE = re.compile(
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:out\s+of|in)\s+(?:every\s+)?(?:\d+|two|three|four|five|six|seven|eight|nine|ten|\w+teen|twenty)\b|"
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|all|most|many|several|some|half|"
    r"majority|minority|none|each|every|both)\s+(?:out\s+)?of\s+(?:the\s+|its\s+)?(?:[\w'’-]+\s+){0,3}?(?:service\s+)?areas?\b|"
    r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|many|some|most)\s+(?:of\s+the\s+)?(?:\w+\s+)?service\s+areas\b|"
    r"\bservice\s+areas\s+(?:were|are|have\s+been)\b|\bmajority\s+of\b|\bmost\s+(?:of\s+)?\w+\s+(?:are|were)\b|"
    r"\bin\s+(?:many|several|some|most|a\s+number\s+of|a\s+few|\w+\s+of\s+the)\s+(?:\w+\s+)?areas\b|"
    r"\b(?:were|are|have\s+been)\s+(?:both|all)\b|\bboth\s+(?:were|judged|rated)\b", re.I)
BACKREF = re.compile(r"\b(?:all|both|each\s+of\s+the|these|the)\s+(?:three|two|four|five|\d+)?\s*(?:areas|judgements|judgments|aspects|key\s+judgements)\b", re.I)


@dataclass
class Grade:
    rating: str
    names: list
    start: int  # offset of the grade word in the sentence
    evidence: str
    earlier: bool = False
    rule: str = None  # "previously rated inadequate": a grade from before, date unsaid


def _clause_of(spans, pos):
    for a, b in spans:
        if a <= pos < b:
            return a, b
    return 0, 0


def grades(sentence, previous=None):
    """Grades of a Cafcass inspection stated in one sentence.

    previous: the sentence before in the same passage, for "in all three
    areas ... judged outstanding", which means the areas it listed."""
    text = plain(sentence)
    if another_inspectorate(text):
        return []
    spans = clauses(text)
    seen, out = set(), []
    for how, rx in CONSTRUCTIONS:
        for m in rx.finditer(text):
            pos = m.start("rating")
            if pos in seen:
                continue
            rating = rating_word(m.group("rating"))
            a, b = _clause_of(spans, pos)
            # Words further than a long sentence's reach from the grade are not
            # about it (and reading them for every grade would be quadratic).
            a, b = max(a, pos - REACH), min(b, pos + REACH)
            clause = text[a:b]
            # The grade's subject starts after any grade before it in the clause:
            # "overall effectiveness was judged satisfactory and its capacity
            # to improve was judged good".
            earlier = [r.end() for r in re.finditer(r"\b" + RATING_RE + r"\b", text[a:pos], re.I)]
            head = text[a + earlier[-1]:pos] if earlier and how != "leadership" else text[a:pos]
            # Not a grade given: a wish, a condition, a prediction.
            # (read in the grade's own phrase: "Cafcass, which aims to ..., was rated good" is a grade)
            if HYPOTHETICAL.search(re.split(r"[,;]", head)[-1][-60:]) or NEGATED.search(text[max(a, pos - 30):pos].rstrip(Q + " ") + " "):
                continue
            # A journey "from inadequate ... to outstanding" grades nothing.
            if JOURNEY_FROM.search(text[max(0, pos - 30):pos].rstrip(Q + " ") + " ") or \
                    re.search(r"\bfrom\s+" + Q + RATING_RE + Q + r"\s+(?:\w+\s+){0,4}to\s+" + Q + r"$", text[max(0, pos - 80):pos].rstrip(Q + " ") + " ", re.I):
                continue
            if re.search(r"\b(?:or|and)\s+(?:better|above|worse|below)\b", text[pos:pos + 30], re.I):
                continue
            # A grade word describing a noun is not a grade: "judged to be good practice".
            if how in ("verb", "found", "predicate", "moved") and ATTRIBUTIVE.match(text, m.end()):
                continue
            if AGGREGATE.search(clause):
                continue
            # A grade noun names its own judgement just before it ("an overall
            # grading of good", "a leadership rating of good"); a verb's subject
            # is the clause before the grade.
            name_zone = text[max(a, m.start() - 40):pos] if how.startswith("noun") else head
            names = judgement_names(name_zone)
            if not names:
                # "judged inadequate for its leadership and management"
                tail = re.match(r"\W*\s*(?:overall\s+)?(?:for|in|on|at)\s+(?:its\s+|the\s+|their\s+)?(.{0,60})", text[m.end():b], re.I)
                if tail:
                    names = [n for n in judgement_names(tail.group(1)[:40]) if n][:3]
            if how == "leadership":
                names = ["leadership"]
            if how == "to be" and not (names and re.search(r"\b(?:" + GRADE_VERB + r"|found|finds)\b", text[a:pos], re.I)):
                continue  # only a list of grades after one grading verb, each named
            if how == "for":  # the name follows the grade, nothing else counts
                tail = re.match(r"\W*\s*(?:overall\s+)?for\s+(?:its|the|their)\s+(.{0,50})", text[pos:b][len(rating):], re.I)
                names = judgement_names(tail.group(1))[:1] if tail else []
                if not names:
                    continue
            # Another body's grade: its clause is about a council, school, home ...
            if not names and OTHER_BODIES.search(head) and not re.search(CAFCASS, head, re.I):
                continue
            back = BACKREF.search(clause)
            if back and previous:
                if re.search(r"judge?ments", back.group(0), re.I) and "overall effectiveness" not in names:
                    names = ["overall effectiveness"] + names
                names = names + [n for n in judgement_names(plain(previous)) if n not in names]
            elif back:
                names = names or ["overall effectiveness"]
            if not names:
                # "the service was inadequate": Cafcass itself is the subject.
                if how == "predicate" and not re.search(
                        r"\b(?:cafcass(?:'s?\s+[\w\s]{0,30}?\s+(?:service|area))?|the\s+service(?:\s+area)?|the\s+area|"
                        r"the\s+organisation)\s+(?:\w+\s+)?$", text[a:m.start()], re.I):
                    continue
                names = ["overall effectiveness"]
            seen.add(pos)
            before = text[max(a, m.start() - 40):m.start() + 1]
            was = bool(EARLIER.search(before) or EARLIER.search(text[a:pos][-40:]) or EARLIER.search(text[pos:b][:60]))
            out.append(Grade(rating, names, pos, sentence, was, rule=how))
    out += colon_grades(text, sentence, seen)
    return sorted(out, key=lambda g: g.start)


EARLIER = re.compile(r"\b(?:previously|formerly|once|originally|had\s+been|had\s+previously|used\s+to\s+be|years?\s+ago|in\s+the\s+past)\b", re.I)
# A report's table of grades: "Overall effectiveness: Outstanding", a table row "... | Good",
# "The impact of leaders on practice with children and families - Good".
COLON = re.compile(r"(?P<name>[A-Za-z][\w ,'’-]{2,120}?)\s*(?::|\||\s[-–—])\s*" + Q + RATING + r"\b" + Q + r"\s*[.;]?\s*$", re.I)
# COLON's lazy name is tried at every position; this cheap test of the line's end
# rules out almost every sentence first (the build spent most of its time there).
COLON_TAIL = re.compile(r"(?::|\||\s[-–—])\s*" + Q + RATING_RE + r"\b" + Q + r"\s*[.;]?\s*$", re.I)


def colon_grades(text, sentence, seen):
    """A grade at the end of a table row or a "Judgement: Grade" line."""
    lo = max(0, len(text) - 200)  # such a line is short; read only its end
    if not COLON_TAIL.search(text, lo):
        return []
    m = COLON.search(text, lo)
    if not m or m.start("rating") in seen:
        return []
    names = judgement_names(m.group("name"))
    if not names and re.search(r"\b(?:overall|rating|grade|judge?ment)\b", m.group("name"), re.I):
        names = ["overall effectiveness"]
    if not names:
        return []
    return [Grade(rating_word(m.group("rating")), names, m.start("rating"), sentence, rule="table row")]
