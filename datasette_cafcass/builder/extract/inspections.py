"""Mentions of inspections in a sentence: which inspection (scope, area,
year, ordinal), what kind, when, and whether the sentence looks back at an
earlier one ("since its previous inspection in 2018") or ahead to one that
has not happened ("will be inspected every three years")."""
import re
from dataclasses import dataclass

from ..dates import MONTH_RE, MONTHS, YEAR_RE, iso
from .ratings import AREA_RE, CAFCASS, OTHER_BODIES, another_inspectorate
from .text import plain

ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}
KINDS = [  # (kind, pattern on the words before the noun + the noun)
    ("focused visit", r"focus(?:s)?ed\s+visit"),
    ("monitoring visit", r"monitoring\s+visit"),
    ("joint inspection", r"joint\s+(?:targeted\s+area\s+)?inspection"),
    ("full inspection", r"full\s+(?:national\s+)?inspection"),
    ("short inspection", r"short(?:er)?\s+(?:national\s+)?inspection"),
    ("re-inspection", r"re-?inspection"),
]
NOUN = re.compile(r"\b(?:re-?inspections?|inspections?|visits?|inspected|visited|fieldwork|on[- ]site)\b", re.I)
NOT_AN_INSPECTION_AFTER = re.compile(
    r"^\s*(?:framework|regime|programme|system|process|handbook|methodology|arrangements|model|approach|"
    r"regimes|frameworks|of\s+(?:prisons|schools|local\s+authorit)|'?s?\s+of\s+the\s+school)", re.I)
NOT_AN_INSPECTION_BEFORE = re.compile(r"(?:framework|regime|programme|approach)\s+(?:for|to|of)\s+(?:the\s+)?$|"
                                      r"(?:home|school|prison)\s+$|\bsnap\s+$", re.I)
PRIOR = re.compile(r"\b(?:previous|last|earlier|prior|preceding|former|past)\b", re.I)
COMPARE = re.compile(r"\b(?:since|compared\s+(?:with|to)|than|up\s+from|down\s+from|from|improvement\s+on)\b", re.I)
FUTURE = re.compile(r"\b(?:will|would|shall|next|future|upcoming|forthcoming|planned|due\s+to|going\s+to)\b", re.I)
NATIONAL = re.compile(r"\bnational(?:ly)?\b|\bas\s+a\s+national\s+(?:organisation|body|service)\b", re.I)

_D2 = r"(?:(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+)?(?P<m2>" + MONTH_RE + r")\s+(?P<y2>" + YEAR_RE + r")"
_D1 = r"(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?(?:\s+(?P<m1>" + MONTH_RE + r"))?)(?:\s+(?P<y1>" + YEAR_RE + r"))?|(?P<m1b>" + MONTH_RE + r")(?:\s+(?P<y1b>" + YEAR_RE + r"))?"
RANGE_RE = re.compile(r"\b(?:between\s+)?(?:" + _D1 + r")\s*(?:and|to|until|-|–)\s*" + _D2, re.I)
DAY_RE = re.compile(r"\b(?:(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+)?(?P<m>" + MONTH_RE + r")\s+(?P<y>" + YEAR_RE + r")\b", re.I)
YEAR_ONLY = re.compile(r"(?<![/\d-])\b(?P<y>" + YEAR_RE + r")\b(?![/-]\d)")
SEASON_RE = re.compile(r"\b(?:spring|summer|autumn|winter)\s+(?P<y>" + YEAR_RE + r")\b", re.I)
BAD_DATE_LEAD = re.compile(r"\b(?:since|after|before|until|till|by|prior\s+to|ahead\s+of)\s+(?:the\s+)?$", re.I)


def _month(name):
    return MONTHS[name.lower().rstrip(".")]


def range_dates(g):
    """(start, end) ISO dates of a RANGE_RE match's groups."""
    y2, m2 = int(g["y2"]), _month(g["m2"])
    m1 = g.get("m1") or g.get("m1b")
    y1 = g.get("y1") or g.get("y1b")
    m1 = _month(m1) if m1 else m2
    y1 = int(y1) if y1 else (y2 if m1 <= m2 else y2 - 1)
    return iso(y1, m1, g.get("d1")), iso(y2, m2, g.get("d2"))


@dataclass
class Mention:
    start: int
    end: int
    year: int = None
    date_start: str = None
    date_end: str = None
    ordinal: int = None
    kind: str = None
    unannounced: bool = False
    national: bool = False
    area: str = None
    prior: bool = False      # looks back: "its previous inspection"
    compare: bool = False    # named to compare with: "since its previous inspection"
    future: bool = False     # has not happened
    plural: bool = False     # inspections in general
    bare_year: bool = False  # only a year next to a grade: "in 2018 was judged"
    since: bool = False      # "rated outstanding since 2018": the grade given then


def find_date(window):
    """(start ISO, end ISO, match end) of the first date in window, or None.
    The date must not be introduced by since/before/after."""
    best = None
    for rx, kind in ((RANGE_RE, "range"), (DAY_RE, "day"), (SEASON_RE, "season"), (YEAR_ONLY, "year")):
        m = rx.search(window)
        if not m or BAD_DATE_LEAD.search(window[:m.start()]):
            continue
        if best is not None and m.start() >= best[0].start():
            continue
        best = (m, kind)
    if not best:
        return None
    m, kind = best
    g = m.groupdict()
    if kind == "range":
        a, b = range_dates(g)
        return a, b, m.start(), m.end()
    if kind == "day":
        a = iso(g["y"], _month(g["m"]), g.get("d"))
        return a, a, m.start(), m.end()
    return g["y"], g["y"], m.start(), m.end()


def mentions(sentence):
    """Inspection mentions in one sentence, in order."""
    text = plain(sentence)
    out = []
    if another_inspectorate(text):
        return out
    for m in NOUN.finditer(text):
        noun = m.group(0).lower()
        before = text[max(0, m.start() - 60):m.start()]
        after = text[m.end():m.end() + 90]
        if NOT_AN_INSPECTION_AFTER.search(after) or NOT_AN_INSPECTION_BEFORE.search(before):
            continue
        # Another body's inspection ("rated the council's services inadequate after an inspection").
        if OTHER_BODIES.search(before) and not re.search(CAFCASS + r"|\bservice\s+area\b", text, re.I):
            continue
        # ... or "the inspection of Leeds City Council in 2019".
        of = re.match(r"\s+(?:of|at|into)\s+(.{0,60})", after, re.I)
        if of and OTHER_BODIES.search(of.group(1)) and not re.search(CAFCASS, of.group(1), re.I):
            continue
        # A visit is an inspection's only when the text says whose: "a focused
        # visit", "inspectors visited", "a visit by Ofsted" (not the minister's).
        if noun.startswith("visit") and not (
                re.search(r"(?:focus(?:s)?ed|monitoring|inspection|ofsted|inspectors?'?|inspectorate|unannounced|engagement)\s+(?:[\w-]+\s+)?$", before, re.I)
                or re.match(r"\s+(?:by|from)\s+(?:ofsted|inspectors|the\s+inspectorate)", after, re.I)):
            continue
        phrase_before = " ".join(before.split()[-5:])
        men = Mention(m.start(), m.end())
        men.plural = noun.endswith("s") and noun not in ("visits",) and noun != "fieldwork" or noun == "visits"
        if noun in ("inspected", "visited"):
            # "the areas inspected", "services were inspected": inspections in general
            men.plural = bool(re.search(r"\b(?:areas|services|teams|offices|bodies|organisations)\s+(?:\w+\s+){0,2}$", before, re.I))
        # An ordinal is an identity only as a national organisation: "its first
        # national inspection", "its first inspection as a national organisation"
        # (not "its first inspection under the new framework", "second successive").
        ords = re.search(r"\b(" + "|".join(ORDINALS) + r")\s+((?:[\w-]+\s+){0,2})$", phrase_before + " ", re.I)
        if ords and not re.search(r"\b(?:rating|grade|judgement|judgment|successive|consecutive|straight)\b", ords.group(2), re.I) \
                and (re.search(r"\bnational\b", ords.group(2), re.I)
                     or re.match(r"\s+(?:as|since\s+becoming|since\s+it\s+became)\s+a\s+national\b", after, re.I)):
            men.ordinal = ORDINALS[ords.group(1).lower()]
        for kind, pat in KINDS:
            if re.search(r"(?:" + pat + r")$", text[max(0, m.start() - 40):m.end()], re.I):
                men.kind = kind
                break
        men.unannounced = bool(re.search(r"\bunannounced\s+(?:[\w-]+\s+)?$", phrase_before + " ", re.I)
                               or re.search(r"\b(?:was|were|is)\s+unannounced\b|\bwithout\s+notice\b", text, re.I))
        near_before = " ".join(before.split()[-4:])
        men.prior = bool(PRIOR.search(near_before))
        men.compare = bool(COMPARE.search(" ".join(before.split()[-6:])))
        clause_before = re.split(r"[;,.]|\b(?:and|but|while)\b", text[:m.start()])[-1]
        men.future = bool(FUTURE.search(clause_before + " " + near_before))
        men.national = bool(NATIONAL.search(near_before) or re.match(r"\s+as\s+a\s+national\b", after, re.I))
        # The date: right after the noun ("inspection in November 2010",
        # "which took place between 22 January and 16 February 2024"), or just before it.
        # ... within its own phrase, or a clause that describes it ("The
        # inspection, which took place between ...", "inspection, carried out in").
        tail = re.split(r"[;.]|,(?!\s*(?:which|that|carried|held|conducted|undertaken|completed|between|in|during|from)\b)"
                        r"|\band\s+(?:in|on)\s+(?=\d)", after)[0][:80]
        found = find_date(tail)
        if found and not re.search(r"\b(?:said|says|published|report)\b", tail[:found[2]], re.I):
            men.date_start, men.date_end = found[0], found[1]
            men.end = m.end() + found[3]
        else:
            lead = re.search(r"\b(" + YEAR_RE + r")\s+(?:[\w-]+\s+){0,2}$", phrase_before + " ")
            if lead:
                men.date_start = men.date_end = lead.group(1)
        if men.date_start:
            men.year = int(men.date_start[:4])
            if men.date_start == men.date_end and len(men.date_start) == 4:
                men.date_start = men.date_end = None  # a year is not a fieldwork date
        # An area named near the mention, as Cafcass's ("its services in the
        # North East"), not a place inspectors happened to visit.
        men.area = sentence_area(text[max(0, m.start() - 80):m.end() + 80])
        out.append(men)
    return out


def areas_named(sentence):
    """(offset, name) of each service area the sentence names as Cafcass's
    ("Cafcass's Sussex service", "the West Midlands service area")."""
    text = plain(sentence)
    out = []
    for m in AREA_RE.finditer(text):
        window = text[max(0, m.start() - 60):m.end() + 40]
        if re.search(CAFCASS + r"|\bservice\s+area\b|\bits\s+services?\b", window, re.I):
            out.append((m.start(), normalise_area(m.group(0))))
    return out


def sentence_area(sentence):
    """The first service area the sentence names as Cafcass's, or None."""
    named = areas_named(sentence)
    return named[0][1] if named else None


def bare_years(sentence):
    """Years in a sentence not introduced by since/before/after, with positions."""
    text = plain(sentence)
    area = sentence_area(sentence)
    out = []
    for m in YEAR_ONLY.finditer(text):
        lead = text[max(0, m.start() - 25):m.start()]
        since = bool(re.search(r"\bsince\s+$", lead, re.I))
        if (BAD_DATE_LEAD.search(lead) and not since) or re.search(r"\bfrom\s+(?:\w+\s+)?$", lead, re.I):
            continue
        out.append(Mention(m.start(), m.end(), year=int(m.group("y")), bare_year=True,
                           area=area, since=since))
    return out


def normalise_area(name):
    name = re.sub(r"\s+", " ", name).strip()
    return re.sub(r"^the\s+", "", name, flags=re.I)


def lede_area(texts):
    """The service area an article is about, when its headline or first
    paragraphs name Cafcass in an area ("Cafcass in Greater London", "its
    services in the North East")."""
    for t in texts:
        t = plain(t or "")
        if re.search(r"\bnational\s+(?:inspection|organisation)\b", t, re.I):
            return None
        for m in AREA_RE.finditer(t):
            window = t[max(0, m.start() - 120):m.end() + 60]
            if re.search(CAFCASS + r"|\bservice\s+area\b|\bits\s+services?\b", window, re.I):
                return normalise_area(m.group(0))
    return None


REPORTS_NOW = re.compile(
    r"\b(?:has|have)\s+(?:today\s+|now\s+|just\s+|\w+ly\s+)?(?:been\s+)?(?:published|found|rated|judged|graded|given|awarded|received|praised|criticised|"
    r"slammed|labelled|branded|concluded|said)\b|\bin\s+a\s+(?:new|latest|recent)\s+report\b|"
    r"\bfollowing\s+(?:an?|its)\s+(?:[\w-]+\s+){0,2}(?:inspection|visit)\b|\bpublished\s+today\b|"
    r"\bpublication\s+today\b|"
    r"\b(?:receives|gains|wins|earns|retains|keeps|rates|rated|judged|slams|praises|praised|criticises|criticised|"
    r"branded|finds|welcomes)\b", re.I)


def reports_an_inspection(title, lede):
    """Does the article report an inspection of Cafcass of its own (news of
    a report), rather than only look back at earlier ones, or report on MPs
    or another body?"""
    for t in [title or ""] + list(lede):
        t = plain(t)
        for piece in re.split(r"(?<=[.!?])\s+", t):
            signal = REPORTS_NOW.search(piece)
            if not signal or not re.search(CAFCASS, piece, re.I) or another_inspectorate(piece):
                continue
            if not re.search(r"\b(?:ofsted|inspect\w*|inspectorate|watchdog|regulator|rating|rated|rates|judged|graded)\b", piece, re.I):
                continue
            # "Council children's services rated inadequate as Cafcass warns ..."
            if OTHER_BODIES.search(piece[:signal.start()]) and not re.search(CAFCASS, piece[:signal.start()], re.I):
                continue
            return True
    return False
