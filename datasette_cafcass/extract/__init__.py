"""Facts from articles: inspections, judgements, findings, people, quotes,
figures and events, each pointing at the passage it came from.

extract_facts() is the one entry point the build calls. Per article it finds
the inspections mentioned (inspections.py), the grades given
(judgements.py), what Ofsted found (findings.py) and dated happenings
(events.py); merge.py then makes one row per inspection across articles.
People, quotes and figures come from people.py, where present.
"""
from collections import defaultdict

from . import events as events_mod
from . import findings as findings_mod
from .inspections import bare_years, lede_area, mentions, reports_an_inspection
from .judgements import grades
from .merge import Local, merge, set_overall
from .ratings import RANKS
from .text import clauses, plain, sentences

FACT_TABLES = ("inspections", "inspection_articles", "judgements", "findings",
               "people", "quotes", "figures", "events")
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
        self.findings = []  # (Local, kind, text, passage)
        body = [p["text"] for p in self.passages if p["kind"] in FACT_KINDS]
        lede = body[:2]
        self.area = lede_area([article.get("title")] + lede)
        self.default = None
        if reports_an_inspection(article.get("title"), lede):
            self.default = self.new(self.area, None, keep=True)
        self.sentences = {}  # passage id -> [(Sentence, [resolved mentions])]
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
            for p, s, ms in found:
                for m in ms:
                    if not self._current(m):
                        continue
                    if m.year is not None and d.year is None:
                        d.year = m.year
                        d.fieldwork_start, d.fieldwork_end = m.date_start, m.date_end
                    elif m.year is not None and m.year != d.year:
                        continue
                    d.kind = d.kind or m.kind
                    d.ordinal = d.ordinal or m.ordinal
                    d.unannounced = d.unannounced or m.unannounced
        keyed = {}
        for p, s, ms in found:
            resolved = [(m, self.resolve(m, keyed)) for m in ms]
            self.sentences.setdefault(p["id"], []).append((s, resolved))

    def resolve(self, m, keyed):
        """The Local a mention refers to, or None (inspections in general,
        ones yet to come, an earlier one the text does not date)."""
        if m.future or m.plural:
            return None
        area = self._scope_of(m)
        d = self.default
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
        keyed = {}
        for p in self.passages:
            carry = None  # an article not about one inspection: the last one named
            for s, resolved in self.sentences.get(p["id"], []):
                explicit = [(m, l) for m, l in resolved if not m.plural]
                for m, l in explicit:
                    if l is not None:
                        carry = l
                prev = self._previous(p, s)
                for g in grades(s.text, prev):
                    local = self._anchor(s.text, g.start, explicit, keyed)
                    if local is False:
                        continue
                    if local is None:
                        local = self.default or carry
                    if local is None:
                        continue
                    local.graded = True
                    for name in g.names:
                        self.grades.append((local, name, g, p))

    def _previous(self, p, s):
        items = self.sentences.get(p["id"], [])
        return items[s.index - 1][0].text if s.index > 0 and len(items) >= s.index else None

    def _anchor(self, text, pos, explicit, keyed):
        """The inspection a grade at pos belongs to: the nearest one named
        before it in the sentence, else the next one named after it unless
        that one is named to compare ("since its previous inspection");
        False when the nearest names an inspection we cannot place."""
        span = next(((a, b) for a, b in clauses(plain(text)) if a <= pos < b), (0, len(text)))
        years = [(m, None) for m in bare_years(text) if span[0] <= m.start < span[1]
                 and not any(e.start <= m.start < e.end for e, _ in explicit)]
        cands = sorted(explicit + years, key=lambda x: x[0].start)
        before = [c for c in cands if c[0].end <= pos]
        after = [c for c in cands if c[0].start > pos and not c[0].compare]
        for m, local in ([before[-1]] if before else []) + after[:1]:
            if m.bare_year:
                local = self.resolve(m, keyed)
            if local is None:
                if m.future or (m.year is None and (m.prior or m.compare)):
                    return False
                continue
            return local
        return None


def extract_facts(articles, passages):
    """Rows for each fact table, keyed by table name.

    articles: article rows (dicts with the articles table's columns), in build order.
    passages: passage rows (dicts with the passages table's columns, ids set), in order.
    """
    by_article = defaultdict(list)
    for p in passages:
        by_article[p["article_id"]].append(p)
    readings = []
    for art in articles:
        if not art.get("about_cafcass"):
            continue
        r = ArticleReading(art, by_article.get(art["id"], []))
        r.read_grades()
        findings_mod.read(r)
        readings.append(r)
    ids, inspections, links = merge([l for r in readings for l in r.locals])
    judgements, seen = [], set()
    for r in readings:
        for local, name, g, p in r.grades:
            iid = ids.get(local)
            key = (iid, name, g.rating, p["id"])
            if iid is None or key in seen:
                continue
            seen.add(key)
            judgements.append({"id": len(judgements) + 1, "inspection_id": iid, "judgement": name,
                               "rating": g.rating, "rating_rank": RANKS[g.rating],
                               "article_id": p["article_id"], "passage_id": p["id"],
                               "evidence": g.evidence})
    set_overall(inspections, judgements)
    findings, seen = [], set()
    for r in readings:
        for local, kind, text, p in r.findings:
            iid = ids.get(local)
            if iid is None or (iid, kind, text) in seen:
                continue
            seen.add((iid, kind, text))
            findings.append({"id": len(findings) + 1, "inspection_id": iid, "kind": kind,
                             "text": text, "article_id": p["article_id"], "passage_id": p["id"]})
    out = {name: [] for name in FACT_TABLES}
    out.update(inspections=inspections, inspection_articles=links, judgements=judgements,
               findings=findings, events=events_mod.extract(articles, by_article))
    try:
        from .people import extract_people_quotes_figures
    except ImportError:  # written in parallel; until it lands there are no people facts
        pass
    else:
        out.update(extract_people_quotes_figures(articles, passages))
    return out
