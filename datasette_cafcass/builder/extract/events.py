"""Dated happenings: inspections (with their fieldwork dates), reports
published, framework changes, consultations, announcements.

A date is read only as far as the text gives it ("November 2010" is a month,
"autumn 2020" a year), from the reading's DATE spans; a month without a year
("In April") takes the year of the article's own date, and is dropped when the
article has none; "published today" is the article's own date.
"""
import re

from ..dates import in_year_of
from ..fold import folded

KINDS = [  # the kind word nearest the date wins; this order breaks ties
    ("consultation", re.compile(r"\bconsult(?:ation|ations|ed|ing)\b", re.I)),
    ("framework", re.compile(r"\b(?:framework|regime|came\s+into\s+(?:force|effect)|new\s+(?:system|approach|inspection\s+arrangements))\b", re.I)),
    ("inspection", re.compile(r"\b(?:inspection|inspected|inspectors\s+visited|visit|fieldwork|rated|judged|graded)\b", re.I)),
    ("report", re.compile(r"\b(?:report\b[^.]{0,40}\bpublished|published\b[^.]{0,40}\breport|published\s+(?:a|its|the)\s+report)", re.I)),
    ("publication", re.compile(r"\bpublished\b", re.I)),
    ("announcement", re.compile(r"\b(?:announced|launched|introduced)\b", re.I)),
]
# the same, case-sensitive, for fold.folded() text
KINDS_LOW = [(kind, re.compile(rx.pattern)) for kind, rx in KINDS]
REACH = 90  # characters from a date to the word that says what happened then
# Words that say only that something was announced or published weigh less
# than words that say what ("launched a new regime" is a framework change).
WEAK_KINDS = {"announcement": 30, "publication": 30}
TODAY = re.compile(r"\b(?:published|released)\s+today\b|\btoday\s+(?:published|released)\b|\bpublication\s+today\b", re.I)
BAD_LEAD = re.compile(r"\b(?:since|after|before|until|till|by|prior\s+to|ahead\s+of)\s+(?:the\s+)?$|\bsince\b[^,;]{0,25}$", re.I)
FUTURE = re.compile(r"\b(?:will|would|shall|next|future|upcoming|forthcoming|planned|due\s+to|going\s+to)\b", re.I)


def _kind(text, start, end):
    """The happening a date belongs to: the kind word nearest to it, KINDS' order breaking ties."""
    best = None
    lo = max(0, start - REACH)
    window = text[lo:end + REACH]
    start, end = start - lo, end - lo
    low = folded(window)
    if low is not None:
        window, kinds = low, KINDS_LOW
    else:
        kinds = KINDS
    for order, (kind, rx) in enumerate(kinds):
        for m in rx.finditer(window):
            dist = max(0, start - m.end() if m.end() <= start else m.start() - end)
            if dist > REACH:
                continue
            score = (dist + WEAK_KINDS.get(kind, 0), order)
            if best is None or score < best[0]:
                best = (score, kind)
    return best[1] if best else None


def _dates(reading, s, published):
    """(start, end, date, date_end, precision) of each date the sentence gives, article-relative."""
    text = reading.plain[s.passage["id"]]
    out = []
    for a in reading.spans(s, "DATE"):
        d = a.value
        if d.precision == "financial year":
            continue
        if BAD_LEAD.search(text[max(s.start, a.start - 40):a.start]):
            continue
        if d.month_only:
            months = in_year_of(d, published)
            if months is not None:
                out.append((a.start, a.end, months[0], months[1] if months[1] != months[0] else None, "month"))
            continue
        precision = {"range": "day" if len(d.date) == 10 and len(d.date_end) == 10 else "month",
                     "season": "year"}.get(d.precision, d.precision)
        out.append((a.start, a.end, d.date, d.date_end if d.date_end != d.date else None, precision))
    if published and reading.may_say(s, ("today",)):
        for m in TODAY.finditer(text, s.start, s.end):
            out.append((m.start(), m.end(), published, None, {4: "year", 7: "month"}.get(len(published), "day")))
    return sorted(out)


CAFCASS_OR_SERVICE_AREA = re.compile(r"\bcafcass\b|\bservice\s+area\b", re.I)
REPORT_WORD = re.compile(r"\breport\b", re.I)
CLAUSE_PUNCT = re.compile(r"[;,.]")


def events(reading, ids):
    """Event rows (without article_id) of an article about Cafcass."""
    rows, seen = [], set()
    published = reading.article.get("published")
    for s in reading.sentences:
        if s.passage["kind"] not in ("paragraph", "list item"):
            continue
        found = _dates(reading, s, published)
        if not found:
            continue  # most sentences give no date
        text = reading.plain[s.passage["id"]]
        about = bool(CAFCASS_OR_SERVICE_AREA.search(text[s.start:s.end]))
        for start, end, date, date_end, precision in found:
            if TODAY.fullmatch(text, start, end):
                # "published today" says itself what happened: a publication, of the
                # report when the sentence names one (not the inspection it was "based on")
                kind = "report" if REPORT_WORD.search(text[s.start:s.end]) else "publication"
            else:
                kind = _kind(text[s.start:s.end], start - s.start, end - s.start)
            if kind is None:
                continue
            lead = text[max(s.start, start - REACH):start]
            if FUTURE.search(CLAUSE_PUNCT.split(lead)[-1]):
                continue
            if any(b.start < start for b in reading.spans(s, "BODY")) and not about:
                continue  # another body's happening
            key = (kind, date, date_end)
            if key in seen:
                continue
            seen.add(key)
            rows.append({"id": ids(s.passage["id"], s.start), "date": date, "date_end": date_end,
                         "precision": precision, "kind": kind, "description": s.text,
                         "passage_id": s.passage["id"], "char_start": s.start, "char_end": s.end,
                         "rule": f"dated {kind}"})
    return rows
