"""Reading dates written the ways articles write them, into ISO prefixes.

Only what the text says is returned: "November 2010" is "2010-11", never a
made-up day.
"""
import re

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
MONTH_RE = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
WEEKDAY_RE = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
YEAR_RE = r"(?:19[89]\d|20\d\d)"

# Each pattern names its parts; tried in order, longest forms first.
_PATTERNS = [
    re.compile(r"(?P<y>" + YEAR_RE + r")-(?P<m>\d\d)(?:-(?P<d>\d\d))?"),
    re.compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?P<mon>" + MONTH_RE + r"),?\s+(?P<y>" + YEAR_RE + r")", re.I),
    re.compile(r"(?P<mon>" + MONTH_RE + r")\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>" + YEAR_RE + r")", re.I),
    re.compile(r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>" + YEAR_RE + r")"),
    re.compile(r"(?P<mon>" + MONTH_RE + r"),?\s+(?P<y>" + YEAR_RE + r")", re.I),
]


def iso(year, month=None, day=None):
    if not year:
        return None
    out = f"{int(year):04d}"
    if month:
        out += f"-{int(month):02d}"
        if day:
            out += f"-{int(day):02d}"
    return out


def _from_match(m):
    parts = m.groupdict()
    month = parts.get("m")
    if parts.get("mon"):
        month = MONTHS.get(parts["mon"].lower().rstrip("."))
    day = parts.get("d")
    if month and not 1 <= int(month) <= 12:
        return None
    if day and not 1 <= int(day) <= 31:
        day = None
    return iso(parts["y"], month, day)


def parse_date(text):
    """The first full or partial date in text as an ISO prefix, or None."""
    if not text:
        return None
    for pattern in _PATTERNS:
        m = pattern.search(text)
        if m:
            found = _from_match(m)
            if found:
                return found
    return None


# A line that is nothing but a date, optionally with a label or weekday:
# "Tuesday, May 25, 2021", "Date: 24 NOV 2010", "Published 3 March 2014".
DATELINE_RE = re.compile(
    r"^\s*(?:(?:date|published|updated|posted|first published)\s*(?:on)?\s*[:\-]?\s*)?"
    r"(?:" + WEEKDAY_RE + r",?\s+)?"
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s+" + MONTH_RE + r",?\s+" + YEAR_RE
    + r"|" + MONTH_RE + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+" + YEAR_RE
    + r"|" + YEAR_RE + r"-\d\d-\d\d"
    + r"|\d{1,2}/\d{1,2}/" + YEAR_RE + r")"
    r"(?:\s*,?\s*\d{1,2}[:.]\d\d\s*(?:am|pm)?)?\s*\.?\s*$",
    re.I,
)


def dateline(line):
    """The date of a line that is only a date (a dateline), else None."""
    if line and len(line) < 80 and DATELINE_RE.match(line):
        return parse_date(line)
    return None
