"""One article read for inspections: which inspection it reports (if any),
the inspections it mentions, and the grades it gives each (before merging
across articles in merge.py)."""
import functools
import re

from ..dates import parse_date
from .inspections import areas_named, bare_years, lede_area, mentions, reports_an_inspection
from .judgements import REACH, grades
from .merge import Local, eras
from .text import clauses, plain, sentences

# Before the first national framework (eras.csv) Ofsted inspected service areas only.
FIRST_NATIONAL_YEAR = int(eras()[1]["start"][:4])
UNGRADED_KINDS = ("focused visit", "monitoring visit")
# Passages that can state a fact; round-up briefs about other sectors never do,
# and headings and captions only echo the text.
FACT_KINDS = ("paragraph", "list item")


class ArticleReading:
    """What one article says about inspections, before merging."""

    def __init__(self, article, passages):
        self.article = article
        self.passages = [p for p in passages if p["kind"] != "brief"]
        self.locals = []
        self.grades = []    # (Local, Grade, passage)
        self.findings = []  # (Local, kind, text, passage, rule)
        body = [p["text"] for p in self.passages if p["kind"] in FACT_KINDS]
        lede = body[:2]
        self.area = lede_area([article.get("title")] + lede)
        self.default = None
        if reports_an_inspection(article.get("title"), lede):
            # Kept only if the article then names it, dates it or grades it.
            self.default = self.new(self.area, None)
        self.sentences = {}  # passage id -> [(Sentence, [resolved mentions])]
        self.keyed = {}  # (area, year, ordinal) -> the Local the article names that way
        self._read()

    def new(self, area, year, **kw):
        local = Local(self.article["id"], "service area" if area else "national", area, year, **kw)
        self.locals.append(local)
        return local

    def _scope_of(self, m):
        if m.area and not m.national:
            return m.area
        if m.national:
            return None
        return self.area

    def _current(self, m):
        """A mention of the article's own inspection?"""
        return (self.default is not None and not (m.prior or m.compare or m.future or m.plural)
                and self._scope_of(m) == self.default.area)

    def _read(self):
        found = []
        for p in self.passages:
            if p["kind"] not in FACT_KINDS:
                continue
            for s in sentences(p["text"]):
                found.append((p, s, mentions(s.text)))
        # The article's own inspection takes its date, kind, ordinal from
        # mentions of it that are not looking back or ahead.
        d = self.default
        if d is not None:
            current = [m for p, s, ms in found for m in ms if self._current(m)]
            # News of a report is about the newest inspection it names; older
            # ones are there for comparison ("four years after it was judged good
            # in its first national inspection in 2014").
            years = [m.year for m in current if m.year is not None]
            if years:
                d.year = max(years)
                dated = [m for m in current if m.year == d.year and m.date_start]
                if dated:
                    d.fieldwork_start, d.fieldwork_end = dated[0].date_start, dated[0].date_end
            for m in current:
                if m.year is not None and m.year != d.year:
                    continue
                d.keep = True
                d.kind = d.kind or m.kind
                d.ordinal = d.ordinal or m.ordinal
                d.unannounced = d.unannounced or m.unannounced
            self._date_default(found)
            if d.area is not None and d.year is not None and d.year >= FIRST_NATIONAL_YEAR:
                # No service area was inspected on its own after 2012: the place
                # the lede names is where inspectors went, the inspection national.
                d.area, d.scope = None, "national"
                self.area = None
            # Before 2013 Ofsted inspected service areas only: a national
            # "inspection" then is a sum of areas or another body's, not Cafcass's.
            published = self.article.get("published")
            when = d.year or (int(published[:4]) if published else None)
            if d.area is None and when is not None and when < FIRST_NATIONAL_YEAR:
                self.locals.remove(d)
                self.default = None
        for p, s, ms in found:
            resolved = [(m, self.resolve(m, self.keyed)) for m in ms]
            self.sentences.setdefault(p["id"], []).append((s, resolved))

    def _date_default(self, found):
        """When the report was published, where the text says."""
        d, when = self.default, self.article.get("published")
        for p, s, ms in found:
            t = plain(s.text)
            if when and re.search(r"\bpublished\s+today\b|\btoday\s+published\b|\bpublication\s+today\b|\b(?:report|findings)\s+(?:\w+\s+){0,3}published\s+today", t, re.I):
                d.published = d.published or when
            m = re.search(r"\b(?:report|findings|inspection)\b[^.]{0,60}?\bpublished\s+(?:on|in)\s+([^.,;]{4,30})", t, re.I)
            if m and not any(x.prior or x.compare or x.future for x in ms):
                d.published = d.published or parse_date(m.group(1))

    def resolve(self, m, keyed):
        """The Local a mention refers to, or None (inspections in general,
        ones yet to come, an earlier one the text does not date)."""
        if m.future or m.plural:
            return None
        area = self._scope_of(m)
        if area is not None and m.year is not None and m.year >= FIRST_NATIONAL_YEAR:
            area = None  # service areas were no longer inspected one by one: a place inspectors visited
        d = self.default
        if area is None and m.year is not None and m.year < FIRST_NATIONAL_YEAR:
            return None  # before 2013 Ofsted inspected service areas, never Cafcass as a whole
        if m.year is None:
            if m.prior or m.compare:
                return None
            if m.ordinal and not (d and d.ordinal == m.ordinal and d.area == area):
                key = (area, None, m.ordinal)
                if key not in keyed:
                    keyed[key] = self.new(area, None, ordinal=m.ordinal, kind=m.kind, keep=True)
                return keyed[key]
            return d if d is not None and d.area == area else None
        if d is not None and d.area == area and d.year == m.year:
            return d
        key = (area, m.year, None)
        if key not in keyed:
            keyed[key] = self.new(area, m.year, ordinal=m.ordinal, kind=m.kind, keep=not m.bare_year,
                                  unannounced=m.unannounced, fieldwork_start=m.date_start,
                                  fieldwork_end=m.date_end)
        local = keyed[key]
        if not m.bare_year:
            local.keep = True
        return local

    def read_grades(self):
        keyed = self.keyed
        for p in self.passages:
            carry = None  # an article not about one inspection: the last one named
            for s, resolved in self.sentences.get(p["id"], []):
                explicit = [(m, l) for m, l in resolved if not m.plural or m.prior]
                for m, l in explicit:
                    if l is not None:
                        carry = l
                prev = self._previous(p, s)
                named = areas_named(s.text)
                for g in grades(s.text, prev):
                    local = self._anchor(s.text, g.start, explicit, keyed)
                    if local is False or (local is None and g.earlier):
                        continue
                    # The area named nearest before the grade ("Cafcass Avon was rated
                    # good, while Cafcass Kent was judged inadequate"), else the first.
                    s_area = next((n for o, n in reversed(named) if o < g.start), named[0][1] if named else None)
                    if local is None and s_area and s_area != self.area:
                        # A grade of a service area other than the article's own.
                        key = (s_area, None, None)
                        if key not in keyed:
                            keyed[key] = self.new(s_area, None)
                        local = keyed[key]
                    if local is None:
                        local = self.default or carry
                    # Focused and monitoring visits are not graded: a grade near
                    # one is the inspection's that led to it, which we cannot place.
                    if local is None or local.kind in UNGRADED_KINDS:
                        continue
                    local.graded = True
                    for name in g.names:
                        self.grades.append((local, name, g, p))
        self._year_from_dates()

    def _year_from_dates(self):
        """The year of an article's own inspection that its text leaves
        undated: a news report of a report just out dates it by the report's
        or the article's own date (not in January or February, when the
        fieldwork may well have been the year before), and only to a year its
        scope allows (service areas before 2013, national after)."""
        d = self.default
        if d is None or d.year is not None or not (d.keep or d.graded):
            return
        if d.ordinal is not None and not d.published:
            return  # "its first national inspection": another article may date it, a retrospective may not
        when = d.published or self.article.get("published")
        if when and len(when) >= 7 and int(when[5:7]) >= 3:
            year = int(when[:4])
            if (d.area is None) == (year >= FIRST_NATIONAL_YEAR):
                d.year = year

    def _previous(self, p, s):
        items = self.sentences.get(p["id"], [])
        return items[s.index - 1][0].text if s.index > 0 and len(items) >= s.index else None

    @staticmethod
    @functools.lru_cache(maxsize=64)
    def _layout(text):
        """A sentence's clauses and bare years, read once however many grades it has."""
        return clauses(plain(text)), bare_years(text)

    def _anchor(self, text, pos, explicit, keyed):
        """The inspection a grade at pos belongs to (see below); None when
        the sentence names none; False when it names one we cannot place
        (undated and earlier, yet to come, a national one before 2013)."""
        spans, all_years = self._layout(text)
        span = next(((a, b) for a, b in spans if a <= pos < b), (0, len(text)))
        years = [(m, None) for m in all_years if span[0] <= m.start < span[1]
                 and not any(e.start <= m.start < e.end for e, _ in explicit)]
        # "since 2018" dates a grade that follows it, not one before it.
        years = [y for y in years if not (y[0].since and y[0].start < pos)]
        cands = sorted((c for c in explicit + years if abs(c[0].start - pos) <= REACH),
                       key=lambda x: x[0].start)

        def same_phrase(i, j):
            return not re.search(r"[,;:()]|\s[-–—]\s", text[min(i, j):max(i, j)])

        # The nearest named in the grade's own phrase ("rated good in its
        # first inspection", "in 2018 was judged outstanding"), else the
        # nearest named before it ("since its previous inspection in 2018,
        # when ... was judged good"). One named after it only to compare
        # ("an improvement since its previous inspection") is not its own.
        near = [c for c in cands if same_phrase(pos, c[0].start if c[0].start > pos else c[0].end)
                and not (c[0].start > pos and c[0].compare)]
        near.sort(key=lambda c: (c[0].start > pos, abs(c[0].start - pos)))
        before = [c for c in cands if c[0].end <= pos]
        for m, local in near[:1] + before[-1:]:
            if m.bare_year:
                local = self.resolve(m, keyed)
            if local is None:
                # "Previous inspections rated it inadequate", "its last inspection": not placed
                if m.future or m.plural or m.year is not None or m.prior or m.compare:
                    return False
                continue
            return local
        return None
