"""Dated happenings: inspections (with their fieldwork dates), reports
published, framework changes, consultations, announcements.

A date is read only as far as the text gives it ("November 2010" is a month,
"autumn 2020" a year); a month without a year ("In April") takes the year of
the article's own date, and is dropped when the article has none.
"""
import re

from ..dates import MONTH_RE, MONTHS, YEAR_RE, iso
from .inspections import BAD_DATE_LEAD, DAY_RE, FUTURE, RANGE_RE, SEASON_RE, _month, range_dates
from .ratings import CAFCASS, OTHER_BODIES
from .reading import FACT_KINDS
from .text import plain, sentences

KINDS = [  # the kind word nearest the date wins; this order breaks ties
    ("consultation", re.compile(r"\bconsult(?:ation|ations|ed|ing)\b", re.I)),
    ("framework", re.compile(r"\b(?:framework|regime|came\s+into\s+(?:force|effect)|new\s+(?:system|approach|inspection\s+arrangements))\b", re.I)),
    ("inspection", re.compile(r"\b(?:inspection|inspected|inspectors\s+visited|visit|fieldwork|rated|judged|graded)\b", re.I)),
    ("report", re.compile(r"\b(?:report\b[^.]{0,40}\bpublished|published\b[^.]{0,40}\breport|published\s+(?:a|its|the)\s+report)", re.I)),
    ("publication", re.compile(r"\bpublished\b", re.I)),
    ("announcement", re.compile(r"\b(?:announced|launched|introduced)\b", re.I)),
]
MONTH_ONLY = re.compile(r"\b(?:in|on|during|from|since|by|until|last|this)\s+(?P<m>" + MONTH_RE + r")(?!\s*\d)(?:\s+this\s+year)?\b", re.I)
YEAR_IN = re.compile(r"\b(?:in|during|throughout|from)\s+(?:early\s+|late\s+|mid-?)?(?P<y>" + YEAR_RE + r")\b(?![/-]\d)", re.I)
TODAY = re.compile(r"\b(?:published|released)\s+today\b|\btoday\s+(?:published|released)\b|\bpublication\s+today\b", re.I)


def _dates(text, article_date):
    """(start, end, date, date_end, precision) for each date in a sentence."""
    out, taken = [], []

    def add(m, date, end, precision):
        if any(a <= m.start() < b for a, b in taken):
            return
        if BAD_DATE_LEAD.search(text[max(0, m.start() - 20):m.start()]) or \
                re.search(r"\bprior\s+to\s*$|\bsince\b[^,;]{0,25}$", text[max(0, m.start() - 40):m.start()], re.I):
            return
        taken.append((m.start(), m.end()))
        out.append((m.start(), m.end(), date, end, precision))

    for m in RANGE_RE.finditer(text):
        g = m.groupdict()
        a, b = range_dates(g)
        add(m, a, b, "day" if g.get("d1") and g.get("d2") else "month")
    for m in DAY_RE.finditer(text):
        d = iso(m.group("y"), _month(m.group("m")), m.group("d"))
        add(m, d, None, "day" if m.group("d") else "month")
    for m in SEASON_RE.finditer(text):
        add(m, m.group("y"), None, "year")
    for m in YEAR_IN.finditer(text):
        add(m, m.group("y"), None, "year")
    if article_date and len(article_date) >= 7:
        for m in MONTH_ONLY.finditer(text):
            month = MONTHS[m.group("m").lower().rstrip(".")]
            year = int(article_date[:4])
            if month > int(article_date[5:7]) or re.match(r"last\b", m.group(0), re.I):
                year -= 1  # a month after the article's own date is last year's
            add(m, iso(year, month), None, "month")
    if article_date:
        for m in TODAY.finditer(text):
            add(m, article_date, None, {4: "year", 7: "month"}.get(len(article_date), "day"))
    return sorted(out)


REACH = 90  # characters from a date to the word that says what happened then
# Words that say only that something was announced or published weigh less
# than words that say what ("launched a new regime" is a framework change).
WEAK_KINDS = {"announcement": 30, "publication": 30}


def _kind(text, start, end):
    """The happening a date belongs to: the kind word nearest to it (in
    characters), KINDS' order breaking ties."""
    best = None
    lo = max(0, start - REACH)
    window = text[lo:end + REACH]
    start, end = start - lo, end - lo
    for order, (kind, rx) in enumerate(KINDS):
        for m in rx.finditer(window):
            dist = max(0, start - m.end() if m.end() <= start else m.start() - end)
            if dist > REACH:
                continue
            score = (dist + WEAK_KINDS.get(kind, 0), order)
            if best is None or score < best[0]:
                best = (score, kind)
    return best[1] if best else None


def extract(articles, by_article, ids, span):
    rows, seen = [], set()
    for art in articles:
        if not art.get("about_cafcass"):
            continue
        for p in by_article.get(art["id"], []):
            if p["kind"] not in FACT_KINDS:
                continue
            for s in sentences(p["text"]):
                text = plain(s.text)
                mentions_cafcass = bool(re.search(CAFCASS + r"|\bservice\s+area\b", text, re.I))
                for start, end, date, date_end, precision in _dates(text, art.get("published")):
                    kind = _kind(text, start, end)
                    if kind is None:
                        continue
                    lead = text[max(0, start - REACH):start]
                    if FUTURE.search(re.split(r"[;,.]", lead)[-1]):
                        continue
                    # Another body's happening ("rated the council's services inadequate after an inspection in July").
                    if OTHER_BODIES.search(lead) and not mentions_cafcass:
                        continue
                    key = (art["id"], kind, date, date_end)
                    if key in seen:
                        continue
                    seen.add(key)
                    start, end = span(p, s.text)
                    rows.append({"id": ids(p["id"], start), "date": date, "date_end": date_end,
                                 "precision": precision, "kind": kind, "description": s.text,
                                 "article_id": art["id"], "passage_id": p["id"],
                                 "char_start": start, "char_end": end, "rule": "dated " + kind})
    return rows
