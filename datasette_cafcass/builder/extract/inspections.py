"""Which inspections an article speaks of.

A mention is an inspection word (reading's INSP span) read with its
neighbours: its kind ("focused visit"), its date ("the inspection, which took
place between 22 January and 16 February 2024", "its 2018 inspection"), an
ordinal ("its first national inspection"), a service area ("Cafcass's
London service"), and whether it looks back ("its previous inspection"),
ahead ("will be inspected"), or at inspections in general ("inspections of
Cafcass").

An article that reports an inspection as news ("Ofsted has published ...",
"... rated 'good' following an inspection of its services in the North East")
has an own inspection: mentions of it take no identity of their own, and its
date comes from them, or from "published today", "earlier this year" read
against the article's own date (an undated article leaves it undated).

Locals are inspections as one article tells them; combine.py merges them.
"""
import functools
import re
from dataclasses import dataclass

from ... import vocab
from ..dates import in_year_of
from .reading import Ann
from .vocabulary import lexicons, plain


def lexicons_graded():
    return lexicons()["graded_bodies"]

ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}
VISITS = ("focused visit", "monitoring visit")
# The words after an inspection word that make it something else: its framework, its results ...
NOT_AFTER = re.compile(r"^\s*(?:framework|frameworks|regime|regimes|programme|system|process|handbook|methodology|"
                       r"arrangements|model|approach|principles|burdens?|results?|outcomes?|activity|ratings?|"
                       r"judgements?|judgments?|grades?|history|criteria|standards|teams?|findings|evidence|"
                       r"of\s+(?:prisons|schools|local\s+authorit))\b", re.I)
NOT_BEFORE = re.compile(r"(?:framework|regime|programme|approach|guidance)\s+(?:for|to|of)\s+(?:the\s+)?$|"
                        r"\b(?:snap|annual|school|prison|home)\s+$|\bhow\s+often\s+\w+\s+(?:should\s+)?$", re.I)
GENERIC_BEFORE = re.compile(r"\b(?:each|every|any|all|future|regular|no|more|an?\s+(?:annual|\d+-yearly|three-yearly)|"
                            r"(?:\w+-)?yearly)\s+(?:\w+\s+){0,2}$", re.I)
DATE_LEAD = re.compile(r"^[\s,(]*(?:(?:(?:which|that)\s+)?(?:took\s+place|was\s+(?:carried\s+out|held|conducted|completed)|ran)\s+|"
                       r"(?:carried\s+out|held|conducted|undertaken|completed|published)\s+|dates?\s*:?\s*)?"
                       r"(?:(?:in|on|between|during|from|of|dated|in\s+the)\s+)?(?:early|late|mid-?)?\s*$", re.I)
BAD_LEAD = re.compile(r"\b(?:since|after|before|until|till|by|prior\s+to|ahead\s+of)\s+(?:the\s+)?$", re.I)
NATIONAL = re.compile(r"\bnational(?:-level)?\b", re.I)
AS_NATIONAL = re.compile(r"^\s*(?:of\s+(?:the\s+)?\w+\s+)?(?:(?:as|since\s+(?:becoming|it\s+became))\s+a\s+national\s+"
                         r"(?:organisation|organization|body|service)|as\s+a\s+whole)\b", re.I)
# "In 2014, ...", "By 2014 ...", and a list's "2014: national inspection, judged good"
OPENING_YEAR = re.compile(r"\W*(?:(?:in|by|during|throughout)\s+(?:early\s+|late\s+|mid-?)?(?P<y>(?:19|20)\d\d)\b(?![/-]\d)"
                          r"|(?P<y2>(?:19|20)\d\d)\s*[:–-]\s)", re.I)
DATING_VERB = re.compile(r"\b(?:published|carried\s+out|took\s+place|inspected|visited|conducted|undertook|undertaken|"
                         r"held|completed|launched)\b", re.I)
# News of a report, in the headline or the opening paragraphs.
NEWS = re.compile(
    r"\b(?:has|have)\s+(?:today\s+|now\s+|just\s+|\w+ly\s+)?(?:been\s+)?(?:published|found|rated|judged|graded|given|"
    r"awarded|received|praised|criticised|slammed|labelled|branded|concluded|said|started|announced)\b|"
    r"\bin\s+a\s+(?:new|latest|recent|newly\s+published)\s+report\b|\bnewly\s+published\b|"
    r"\bfollowing\s+(?:an?|its|the)\s+(?:[\w-]+\s+){0,3}(?:inspection|visit)\b|\bpublished\s+today\b|"
    r"\btoday\s+published\b|\bpublication\s+today\b|\blatest\s+(?:national\s+)?inspection\b|"
    r"\b(?:receives|gains|wins|earns|earned|retains|keeps|rates|rated|judged|slams|praises|praised|criticises|"
    r"criticised|branded|finds|found|welcomes|announces|announced|revealed|reveals|spells\s+out)\b", re.I)
# Dates said against the article's own: (pattern, years to add)
RELATIVE = ((re.compile(r"\b(?:today|yesterday|this\s+week|last\s+week|this\s+month|earlier\s+this\s+(?:year|month)|"
                        r"this\s+year|last\s+month|in\s+recent\s+weeks)\b", re.I), 0),
            (re.compile(r"\blast\s+year\b", re.I), -1))


@functools.lru_cache(maxsize=1)
def first_ofsted_year():
    """Before Ofsted (vocab/inspectorates.csv) another inspectorate inspected Cafcass."""
    row = next(r for r in vocab.read_csv("inspectorates.csv") if r["name"] == "Ofsted")
    return int(row["inspects_cafcass_from"][:4])


@functools.lru_cache(maxsize=1)
def first_national_year():
    """Before the first national framework (vocab/eras.csv) Ofsted inspected service areas only."""
    return int(vocab.read_csv("eras.csv")[1]["start"][:4])


@dataclass(slots=True)
class Mention:
    sentence: object
    start: int
    end: int
    noun: str
    kind: str = None
    plural: bool = False
    generic: bool = False
    years: tuple = ()
    date_start: str = None
    date_end: str = None
    ordinal: int = None
    area: str = None
    national: bool = False
    prior: bool = False
    current: bool = False
    future: bool = False
    compare: bool = False
    unannounced: bool = False
    date_at: tuple = None  # (start, end) of the date it took

    @property
    def year(self):
        return self.years[0] if len(self.years) == 1 else None


@dataclass(eq=False)
class Local:
    """An inspection as one article tells it (combine.py merges them)."""
    article_id: str
    scope: str = "national"
    area: str = None
    year: int = None
    kind: str = None
    ordinal: int = None
    tag: str = None  # "previous": the one before the article's own, undated
    fieldwork_start: str = None
    fieldwork_end: str = None
    published: str = None
    unannounced: bool = False
    after: int = None  # the text places it after this year
    own: bool = False
    keep: bool = False  # worth a row even with no grade

    def identity(self):
        visit = self.kind if self.kind in VISITS else None
        return (self.scope, self.area, self.year, visit, self.ordinal if self.year is None else None,
                self.tag if self.year is None else None)


def _words_before(text, pos, n):
    return " ".join(text[max(0, pos - 12 * n):pos].split()[-n:])


# Words near an AREA span that make it one of Cafcass's service areas, not just a place.
CAFCASS_AREA_WORDS = re.compile(r"\bcafcass\b|children\s+and\s+family\s+court|\bservice\s+areas?\b|\barea\b|\bregion\b|"
                                r"\bits\s+services?\b|\bservices?\s+(?:provided\s+)?in\b|\bfamily\s+court", re.I)


def cafcass_area(reading, s, area_ann, named_areas=False):
    """Is an AREA span of a sentence one of Cafcass's service areas (rather than a
    place): the sentence names Cafcass, or the words say "service area", "region"...;
    named_areas: in an article about one of its areas, a service area's own name is
    Cafcass's ("But Greater Manchester was rated inadequate")."""
    if named_areas and area_ann.value[1] == "service area":
        return True
    text = reading.plain[s.passage["id"]]
    near = text[max(s.start, area_ann.start - 80):min(s.end, area_ann.end + 50)]
    return bool(CAFCASS_AREA_WORDS.search(near)) \
        or any(a.value[1] == "cafcass" for a in reading.spans(s, "ORG"))


def areas_in(reading, s, lo=None, hi=None, loose=False, named_areas=False):
    """(offset, canonical area) of the service areas a sentence names, counties
    standing for their region only when it names no service area."""
    found = [a for a in reading.spans(s, "AREA", lo, hi) if loose or cafcass_area(reading, s, a, named_areas)]
    named = [a for a in found if a.value[1] == "service area"]
    use = named or found
    return [(a.start, a.value[0]) for a in use]


ORDINAL_AT_END = re.compile(r"\b(" + "|".join(ORDINALS) + r")\s+((?:[\w-]+\s+){0,2})$", re.I)
CLAUSE_BREAK = re.compile(r"[;,.:]|\b(?:and|but|while)\b")
FUTURE_WORD = re.compile(r"\b(?:will|would|shall|next|future|upcoming|forthcoming|planned|due\s+to|"
                         r"going\s+to|should|proposes?|proposed|intends?)\b", re.I)
# "since", "compared with", "up from" ... just before: the mention is a comparison.
COMPARED_FROM_AT_END = re.compile(r"\b(?:since|compared\s+(?:with|to)|than|(?:up|down|improv\w*|rose|risen|moved|fell|"
                                  r"fallen|progress\w*)\s+from|"
                                  r"improvement\s+on)\s+(?:[\w'-]+\s+){0,8}$", re.I)
ANNUAL_AT_END = re.compile(r"\bannual\s+$", re.I)
CAFCASS_OR_SERVICE_AREA = re.compile(r"\bcafcass\b|service\s+area", re.I)
# "was inspected", "Ofsted inspected", "Inspectors, who visited": the passive, or the
# inspector as subject, just before.
BEING_INSPECTED_AT_END = re.compile(r"\b(?:was|were|is|be|been|being|ofsted|inspectors?|inspectorate)(?:\s+|,\s*)(?:\w+\s+)?$",
                                    re.I)
UNANNOUNCED_AT_END = re.compile(r"\bunannounced\s+(?:\w+\s+)?$", re.I)
RATING_OR_RUN_WORD = re.compile(r"\b(?:rating|grade|judgement|judgment|successive|consecutive|straight|damning)\b", re.I)
NATIONAL_OR_FULL = re.compile(r"\b(?:national|full)\b", re.I)
INSPECT_STEM = re.compile(r"\binspect", re.I)
INSPECTORS_WORD = re.compile(r"\binspectors?\b", re.I)
SHORT_GAP_TO_END = re.compile(r"^\s*(?:(?:and|&)\s+\w+\s+)?(?:[\w'-]+\s+){0,2}$")
COMMA_GAP = re.compile(r"\s*,\s*")
SMALL_COUNT = re.compile(r"\b(?:two|three|four|\d)\b", re.I)
EARLIER_WORD = re.compile(r"\b(?:previous|last|earlier|since)\b", re.I)
WORDS_THEN_DATE_PREPOSITION = re.compile(r"^[\s,]*(?:[\w'-]+,?\s+){0,9}?(?:in|on|between|during)\s+(?:the\s+)?"
                                         r"(?:early|late|mid-?)?\s*$", re.I)
# "inspected Cafcass from 22 January to 16 February 2024": "from" only before a range
# (before one date it says since when)
WORDS_THEN_FROM = re.compile(r"^[\s,]*(?:[\w'-]+,?\s+){0,9}?from\s+$", re.I)
# A verb or clause break in the lead means the date belongs to something else.
DATE_LEAD_STOP = re.compile(r"[;.]|\b(?:said|says|published|report|was|were|is|are|has|have|had|and|"
                            r"when|which|that|but|introduced|launched|framework|regime|created|"
                            r"formed|began|having|been|being|rated|judged|graded|found|"
                            r"since|after|before|until|start|end)\b", re.I)
CAFCASS_WORD = re.compile(r"\bcafcass\b", re.I)
NATIONAL_INSPECTION_OR_ORG = re.compile(r"\bnational\s+(?:inspection|organisation)\b", re.I)
RELATIVE_PRONOUN_AT_END = re.compile(r"\b(?:which|who|that)\s+(?:\w+\s+){0,2}$", re.I)
MPS_WORD = re.compile(r"\bMPs\b")
INSPECTION_NEWS_WORD = re.compile(r"\b(?:ofsted|inspect\w*|inspectorate|watchdog|regulator|rating|rated|rates|judged|graded)\b", re.I)
OTHER_SCRUTINY_BODY = re.compile(r"\b(?:hmica|inspectorate\s+of\s+court|care\s+inspectorate\s+wales|national\s+audit\s+office|"
                                 r"public\s+accounts\s+committee|mps)\b", re.I)
OFSTED_WORD = re.compile(r"\bofsted\b", re.I)
CAFCASS_OR_FULL_NAME = re.compile(r"\bcafcass\b|children\s+and\s+family\s+court", re.I)
INSPECTION_EVENT_WORD = re.compile(r"\b(?:published|report|inspection|inspected|visit|rated|judged)\b", re.I)
PUBLISHED_OR_REPORT = re.compile(r"\bpublished\b|\breport\b", re.I)
TODAY_WORD = re.compile(r"\btoday\b", re.I)
INSPECTION_RESULT_WORD = re.compile(r"\b(?:result|findings|report|inspection|inspectors|ofsted)\b", re.I)


class Inspections:
    """The mentions of one article's reading, its own inspection, and its locals."""

    def __init__(self, reading):
        self.reading = reading
        self.article = reading.article
        self.locals = []
        self.keyed = {}
        self._mentions = {}
        # an article that names Ofsted: its "report" is Ofsted's unless the sentence says whose
        self.ofsted = any(a.value[1] == "inspectorate" and a.value[0] == "Ofsted"
                          for p in reading.passages for a in reading.spans(p["id"], "ORG"))
        self.area = self._lede_area()
        self.own = None
        if self._reports_news():
            self.own = self.new(self.area, None, own=True)
            self._read_own()
        else:
            named = self._identity_in_lede()
            if named is not None:
                # the one inspection the opening names: it is what the article is about
                self.own = self.new(self.area if not named.national else None, None, own=True)
                if named.year is not None:
                    self.own.year = named.year
                    self.own.fieldwork_start, self.own.fieldwork_end = named.date_start, named.date_end
                self._read_own()

    # --- locals --------------------------------------------------------------

    def new(self, area, year, **kw):
        local = Local(self.article["id"], "service area" if area else "national", area, year, **kw)
        self.locals.append(local)
        return local

    def keyed_local(self, area, year, **kw):
        key = (area, year, kw.get("kind") if kw.get("kind") in VISITS else None,
               kw.get("ordinal") if year is None else None, kw.get("tag"))
        if key not in self.keyed:
            self.keyed[key] = self.new(area, year, **kw)
        local = self.keyed[key]
        for k, v in kw.items():
            if v and not getattr(local, k):
                setattr(local, k, v)
        return local

    def previous(self):
        """The inspection before the article's own, undated unless the text dates it."""
        if self.own is None:
            return None
        return self.keyed_local(self.own.area, None, tag="previous", keep=True)

    # --- mentions ------------------------------------------------------------

    def mentions(self, s):
        if s.index not in self._mentions:
            self._mentions[s.index] = self._read_mentions(s)
        return self._mentions[s.index]

    def _read_mentions(self, s):
        r = self.reading
        words = r.spans(s, "INSP")
        if not words:
            return []  # most sentences name no inspection
        pid = s.passage["id"]
        text = r.plain[pid]
        sent = text[s.start:s.end]
        orgs = [a.value for a in r.spans(s, "ORG")]
        other_inspectorate = any(k == "other inspectorate" for _, k in orgs) and not any(
            k == "inspectorate" for _, k in orgs)
        if other_inspectorate:
            return []
        out = []
        for a in words:
            if r.voice(pid, a.start) in ("person", "other"):
                continue
            noun = text[a.start:a.end].lower()
            before = text[max(s.start, a.start - 60):a.start]
            after = text[a.end:min(s.end, a.end + 90)]
            if NOT_AFTER.search(after) or NOT_BEFORE.search(before):
                continue
            if noun == "report" or noun.endswith(" report"):
                # Ofsted's report, not the NAO's, the MPs' or an annual one
                if ANNUAL_AT_END.search(before) or any(k in ("auditor", "committee") for _, k in orgs):
                    continue
                if not (any(k == "inspectorate" for _, k in orgs) or noun != "report" or self.ofsted
                        or INSPECT_STEM.search(sent)):
                    continue
            # another body's inspection: "the inspection of Leeds City Council"
            bodies = [b for b in r.spans(s, "BODY") if a.start - 40 <= b.start < a.end + 40]
            if bodies and not CAFCASS_OR_SERVICE_AREA.search(sent):
                continue
            if noun.startswith(("inspected", "visited")) and not BEING_INSPECTED_AT_END.search(before) \
                    and not self._named_before(s, a.start):
                continue  # "the areas inspected", "the minister visited": not an inspection of Cafcass
            if noun in ("on site", "on-site", "fieldwork") and not (self.ofsted or INSPECTORS_WORD.search(sent)):
                continue
            m = Mention(s, a.start, a.end, noun, kind=a.value)
            m.plural = noun.endswith("s") and not noun.endswith("ss")
            m.generic = bool(GENERIC_BEFORE.search(before))
            near = _words_before(text, a.start, 4)
            m.prior = any(c.value == "prior" for c in r.spans(pid, "CUE", a.start - len(near) - 1, a.start))
            m.current = any(c.value == "current" for c in r.spans(pid, "CUE", a.start - len(near) - 1, a.start))
            phrase = CLAUSE_BREAK.split(text[s.start:a.start])[-1]
            m.future = bool(FUTURE_WORD.search(phrase + " " + near))
            m.compare = bool(COMPARED_FROM_AT_END.search(_words_before(text, a.start, 10) + " "))
            m.national = bool(NATIONAL.search(near) or NATIONAL.search(noun) or AS_NATIONAL.match(after))
            m.unannounced = "unannounced" in noun or bool(UNANNOUNCED_AT_END.search(near + " "))
            o = ORDINAL_AT_END.search(near + " ")
            if o and not RATING_OR_RUN_WORD.search(o.group(2)) and (NATIONAL_OR_FULL.search(o.group(2) + noun)
                                                          or AS_NATIONAL.match(after)):
                m.ordinal = ORDINALS[o.group(1).lower()]
            self._date(m, s, text)
            areas = areas_in(r, s, named_areas=self.area is not None)
            if areas:
                # the area nearest the mention
                m.area = min(areas, key=lambda x: abs(x[0] - a.start))[1]
            out.append(m)
        return out

    def _named_before(self, s, pos):
        """Does a service area or Cafcass stand just before pos, then a comma ("But
        Greater Manchester, inspected in December 2010, was ...": the one inspected)?"""
        text = self.reading.plain[s.passage["id"]]
        named = self.reading.spans(s, "AREA", s.start, pos)
        named += [a for a in self.reading.spans(s, "ORG", s.start, pos) if a.value[1] == "cafcass"]
        return any(COMMA_GAP.fullmatch(text, a.end, pos) for a in named)

    def _date(self, m, s, text):
        r = self.reading
        dates = [d for d in r.spans(s, "DATE") if d.value.precision != "financial year"]
        published = self.article.get("published")
        years = []
        for d in dates:
            if d.start >= m.end and d.start - m.end <= 90:
                lead = text[m.end:d.start]
                if DATE_LEAD.match(lead) or (WORDS_THEN_DATE_PREPOSITION.match(lead) or d.value.precision == "range"
                                             and WORDS_THEN_FROM.match(lead)) and not DATE_LEAD_STOP.search(lead):
                    if not BAD_LEAD.search(text[max(s.start, d.start - 20):d.start]):
                        self._take(m, d, published)
                        return
            if d.end <= m.start and m.start - d.end <= 30 and SHORT_GAP_TO_END.match(text[d.end:m.start]):
                lead = text[max(s.start, d.start - 25):d.start]
                if not BAD_LEAD.search(lead) and d.value.precision in ("year", "day", "month"):
                    years.append(d)
        if years:
            # "the 2014 and 2018 inspections": each year its own
            if m.plural and len(years) > 1:
                m.years = tuple(int(d.value.date[:4]) for d in years)
                m.date_at = (years[0].start, years[-1].end)
                return
            self._take(m, years[-1], published)
            m.date_start = m.date_end = None  # a year before the noun is not a fieldwork date
            return
        if m.plural:
            # "two focused visits which Ofsted made to Cafcass in 2021 and 2023"
            after = [d for d in dates if d.start >= m.end and d.value.precision == "year"]
            if len(after) > 1 and SMALL_COUNT.search(text[max(s.start, m.start - 30):m.start]):
                m.years = tuple(int(d.value.date[:4]) for d in after)
            return
        # "By 2014 the picture had changed: Cafcass was judged good in its first national
        # inspection": a year opening the sentence dates the one inspection it names
        opening = OPENING_YEAR.match(text, s.start)
        first = next((x for x in self.reading.spans(s, "INSP") if not x.data.lower().endswith("s")), None)
        if opening and not (m.prior or m.compare or m.plural) and first is not None and first.start == m.start:
            at = opening.start("y") if opening.group("y") else opening.start("y2")
            year = next((d for d in dates if d.start == at), None)
            if year is not None:
                self._take(m, year, published)
                m.date_start = m.date_end = None  # a year is not a fieldwork date
                return
        # "In January 2008, the report on the first inspection ... was published":
        # the one date of a sentence, before the mention, that says when something
        # was published or done (a date that follows another inspection word is that one's)
        insp = self.reading.spans(s, "INSP")
        free = [d for d in dates if not BAD_LEAD.search(text[max(s.start, d.start - 20):d.start])
                and not any(0 <= d.start - x.end <= 90 for x in insp)]
        if len(free) == 1 and len(dates) == 1 and free[0].end <= m.start and DATING_VERB.search(text[s.start:s.end]) \
                and not EARLIER_WORD.search(text[max(s.start, m.start - 30):m.start]):
            self._take(m, free[0], published)

    @staticmethod
    def _take(m, ann, published):
        m.date_at = (ann.start, ann.end)
        date = ann.value
        if date.month_only:
            months = in_year_of(date, published)
            if months is None:
                return
            m.years = (int(months[0][:4]),)
            m.date_start, m.date_end = months
            return
        m.years = (int(date.date[:4]),)
        if date.precision in ("day", "month", "range"):
            m.date_start, m.date_end = date.date, date.date_end

    # --- the article's own ---------------------------------------------------

    def _lede(self, n=3):
        passages = [p for p in self.reading.passages if p["kind"] in ("paragraph", "heading", "list item")]
        return [s for p in passages[:n] for s in self.reading.by_passage[p["id"]]]

    def _lede_area(self):
        r = self.reading
        if CAFCASS_WORD.search(self.article.get("title") or ""):
            from .reading import annotate
            for a in annotate(self.article["title"]):
                if a.label == "AREA" and a.value[1] == "service area":
                    return a.value[0]  # "Inspection of Cafcass Merseyside"
        lede = self._lede(4)
        # a lede that names Cafcass: a service area it names is Cafcass's, even a
        # passage away ("An inspection of service provision by Cafcass" / "to
        # children and families in the East Midlands.")
        loose = any(a.value[1] == "cafcass" for s in lede for a in r.spans(s, "ORG"))
        for s in lede:
            if NATIONAL_INSPECTION_OR_ORG.search(r.plain_text(s)):
                return None
            areas = areas_in(r, s, loose=loose)
            if areas:
                return areas[0][1]
        return None

    def _reports_news(self):
        """Does the headline or the opening report an inspection of Cafcass by
        Ofsted as news, rather than MPs', an auditor's or another inspectorate's
        report, another body's rating, or a reminder of an earlier one?"""
        from .reading import annotate
        r = self.reading
        title = plain(self.article.get("title") or "")
        texts = [(title, None, annotate(title))] + [(r.plain_text(s), s, [
            Ann(a.label, a.start - s.start, a.end - s.start, a.value) for a in r.spans(s)]) for s in self._lede(3)]
        for t, s, anns in texts:
            signal = NEWS.search(t)
            orgs = [a for a in anns if a.label == "ORG"]
            if not signal or not any(a.value[1] == "cafcass" for a in orgs):
                continue
            if any(a.value[1] in ("committee", "auditor", "other inspectorate", "other body") and a.start < signal.start()
                   for a in orgs) or MPS_WORD.search(t[:signal.start()]):
                continue  # the news is another body's
            if not INSPECTION_NEWS_WORD.search(t):
                continue
            if OTHER_SCRUTINY_BODY.search(t) and not OFSTED_WORD.search(t):
                continue
            # "Council children's services rated inadequate as Cafcass warns ...": another body's news;
            # "Cafcass, which was rated outstanding in 2024, said ...": a reminder, not news
            before = t[:signal.start()]
            if RELATIVE_PRONOUN_AT_END.search(before):
                continue
            # (a graded body's words inside an organisation's name are not that body: "the Office for
            # Standards in Education, Children's Services and Skills")
            graded = [g for g in lexicons_graded().finditer(before)
                      if not any(o.start <= g.start() and g.end() <= o.end for o in orgs)]
            if graded and not CAFCASS_OR_FULL_NAME.search(before):
                continue
            if s is not None and any(m.future or m.generic for m in self.mentions(s)) and not any(
                    not (m.future or m.generic) for m in self.mentions(s)):
                continue
            return True
        return False

    def _identity_in_lede(self):
        """The first inspection the opening names as a particular one (by its area,
        date or ordinal), or None."""
        for s in self._lede(3):
            for m in self.mentions(s):
                if not (m.plural or m.generic or m.future or m.prior or m.compare) and (
                        m.area or m.year or m.ordinal or self.area):
                    return m
        return None

    def _read_own(self):
        d, r = self.own, self.reading
        current = [m for s in r.sentences for m in self.mentions(s) if self._is_own(m)]
        years = [m.year for m in current if m.year is not None]
        if years and d.year is None:
            d.year = max(years)  # news of a report is of the newest inspection it names
            dated = [m for m in current if m.year == d.year and m.date_start]
            if dated:
                # the first, or a more exact one within it ("in October", later "between 5 and 7 October 2021")
                best = dated[0]
                for m in dated[1:]:
                    if len(m.date_start) > len(best.date_start) and m.date_start.startswith(best.date_start) \
                            and (m.date_end or "").startswith(best.date_end or ""):
                        best = m
                d.fieldwork_start, d.fieldwork_end = best.date_start, best.date_end
        for m in current:
            if m.year is not None and m.year != d.year:
                continue
            d.keep = True
            d.kind = d.kind or (m.kind if m.kind not in (None, "report") else None)
            d.ordinal = d.ordinal or m.ordinal
            d.unannounced = d.unannounced or m.unannounced
        prior_years = [m.year for s in r.sentences for m in self.mentions(s)
                       if (m.prior or m.compare) and m.year is not None]
        if prior_years and d.year is None:
            d.after = max(prior_years)
        self._relative_date()
        first = first_national_year()
        if d.area is not None and d.year is not None and d.year >= first:
            # No service area was inspected on its own after the national framework:
            # the place the lede names is where inspectors went.
            d.area, d.scope = None, "national"
            self.area = None
        published = self.article.get("published")
        when = d.year or (int(published[:4]) if published else None)
        if d.area is None and when is not None and when < first:
            self.locals.remove(d)
            self.own = None

    def _is_own(self, m):
        if m.plural or m.generic or m.future or m.prior or m.compare:
            return False
        if self.own.year is not None and m.year is not None and m.year != self.own.year:
            return False
        if m.ordinal and self.own.ordinal and m.ordinal != self.own.ordinal:
            return False
        scope = None if m.national else (m.area or self.area)
        return scope == self.own.area

    def _relative_date(self):
        """"published today", "a full inspection earlier this year": the article's date says when."""
        d, r = self.own, self.reading
        published = self.article.get("published")
        if not published:
            return
        for s in r.sentences:
            t = r.plain_text(s)
            if not (r.may_say(s, ("published", "report", "inspect", "visit", "rated", "judged"))
                    and INSPECTION_EVENT_WORD.search(t)):
                continue
            if any(m.prior or m.compare or m.future for m in self.mentions(s)) and not any(
                    self._is_own(m) for m in self.mentions(s)):
                continue
            for rx, shift in RELATIVE:
                if rx.search(t):
                    if d.year is None:
                        d.year = int(published[:4]) + shift
                    if shift == 0 and PUBLISHED_OR_REPORT.search(t) and TODAY_WORD.search(t):
                        d.published = d.published or published  # "Ofsted has today published its report"
                    d.keep = True
                    return

    # --- which inspection a mention is ----------------------------------------

    def scope_of(self, m):
        if m.national:
            return None
        return m.area or self.area

    def resolve(self, m):
        """The Local a mention names, or None (inspections in general, ones yet
        to come, an earlier one the text does not date)."""
        if m.future or m.generic:
            return None
        if m.plural and not m.years:
            return None
        area = self.scope_of(m)
        first = first_national_year()
        if m.years:
            locals_ = []
            for year in m.years:
                if year < first_ofsted_year():
                    continue  # another inspectorate's: not one of Ofsted's inspections
                a = None if year >= first else area
                if a is None and year < first:
                    continue  # before the national framework: a sum of areas, not Cafcass's
                if self.own is not None and self.own.area == a and self.own.year == year:
                    locals_.append(self.own)
                    continue
                locals_.append(self.keyed_local(a, year, kind=m.kind if m.kind != "report" else None,
                                                keep=True, unannounced=m.unannounced,
                                                ordinal=m.ordinal if a is None and len(m.years) == 1 else None,
                                                fieldwork_start=m.date_start if len(m.years) == 1 else None,
                                                fieldwork_end=m.date_end if len(m.years) == 1 else None))
            return locals_[0] if len(locals_) == 1 else (locals_ or None)
        if m.ordinal and area is None:
            if self.own is not None and self.own.area is None and self.own.ordinal in (None, m.ordinal) \
                    and not (m.prior or m.compare):
                self.own.ordinal = m.ordinal
                return self.own
            return self.keyed_local(None, None, ordinal=m.ordinal, kind=m.kind if m.kind != "report" else None, keep=True)
        if m.prior or m.compare:
            return None
        if self.own is not None and self.own.area == area:
            return self.own
        if area is not None and area != self.area:
            return self.keyed_local(area, None, keep=True)
        if area is not None and self.own is None:
            return self.keyed_local(area, None, keep=True)
        return None

    # --- what a sentence is about ----------------------------------------------

    def about(self, s):
        """The inspection a sentence (or, failing that, its paragraph) is about:
        one it names, or the article's own when it speaks of an inspection, a
        report, a grade or its result; None otherwise."""
        r = self.reading
        for scope in (r.by_passage[s.passage["id"]][s.pindex:s.pindex + 1], r.by_passage[s.passage["id"]]):
            for x in scope:
                named = [self.resolve(m) for m in self.mentions(x)]
                named = [l for l in named if l is not None and not isinstance(l, list)]
                if named:
                    return named[0]
                if self.own is not None and (r.has(x, "R") or r.has(x, "GN") or
                                             INSPECTION_RESULT_WORD.search(r.plain_text(x))):
                    return self.own
        return None
