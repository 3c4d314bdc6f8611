"""Reading dates written the ways articles write them, into ISO prefixes.

Only what the text says is returned: "November 2010" is "2010-11", never a
made-up day.
"""
import re
from dataclasses import dataclass

from .fold import folded, mentions_any

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
# (whole or short: "Tuesday", "Tue", "Tues.", "Thurs")
WEEKDAY_RE = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\b\.?)"
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


# A line that is nothing but a date, optionally with a label or weekday, a time and who posted it:
# "Tuesday, May 25, 2021", "Date: 24 NOV 2010", "Published 3 March 2014", "Wednesday 12 March
# 2014 10.31 GMT".
DATELINE_RE = re.compile(
    r"^\s*(?:(?:date|published|updated|last updated|posted|first published|re-?posted|originally (?:posted|published))"
    r"\s*(?:on)?\s*[:\-]?\s*)?"
    r"(?:" + WEEKDAY_RE + r",?\s+)?"
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s+" + MONTH_RE + r",?\s+" + YEAR_RE
    + r"|" + MONTH_RE + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+" + YEAR_RE
    + r"|" + YEAR_RE + r"-\d\d-\d\d"
    + r"|\d{1,2}/\d{1,2}/" + YEAR_RE + r")"
    r"(?:\s*,?\s*(?:at\s+)?\d{1,2}[:.]\d\d\s*(?:am|pm)?(?:\s*(?:GMT|BST|UTC))?)?"
    r"(?:\s+by\s+[\w.'’ -]{1,40})?\s*\.?\s*$",  # "Posted on March 12, 2014 by admin"
    re.I,
)


def dateline(line):
    """The date of a line that is only a date (a dateline), else None."""
    if line and len(line) < 80 and DATELINE_RE.match(line):
        return parse_date(line)
    return None


# --- Every date in a text, for the reading (extract/reading.py) --------------
# One finder for the whole build: ranges ("between 22 January and 16 February
# 2024", "2 February 2018 – 2 March 2018", "the week commencing 7 December
# 2009"), days, months, seasons, financial years ("2009/10", "2009-10") and
# years, each with what it says and how precisely.

_DAY = r"(?P<{d}>\d{{1,2}})(?:st|nd|rd|th)?"
# (the first day may run straight into the connector: "12-30 May 2014")
_ONE = (r"(?:" + _DAY.format(d="d1") + r"(?:\s+|(?=\s*(?:and|to|until|-|–|—)\s*\d)))?(?P<m1>" + MONTH_RE
        + r")?(?:,?\s+(?P<y1>" + YEAR_RE + r"))?")
_TWO = (r"(?:" + _DAY.format(d="d2") + r"\s+)?(?P<m2>" + MONTH_RE + r"),?\s+(?P<y2>" + YEAR_RE + r")")
RANGE_RE = re.compile(r"\b(?:between\s+)?(?P<first>" + _ONE + r")\s*(?:and|to|until|-|–|—)\s*" + _TWO + r"\b", re.I)
# The same, month first as American and some press-release styles write them: "between
# January 22 and February 16, 2024", "February 2, 2018 - March 2, 2018", "December 7-11, 2009".
_US_ONE = r"(?P<m1>" + MONTH_RE + r")\s+" + _DAY.format(d="d1") + r"(?!\d)(?:,?\s+(?P<y1>" + YEAR_RE + r"))?"
_US_TWO = r"(?:(?P<m2>" + MONTH_RE + r")\s+)?" + _DAY.format(d="d2") + r"(?!\d),?\s+(?P<y2>" + YEAR_RE + r")"
US_RANGE_RE = re.compile(r"\b(?:between\s+)?(?P<first>" + _US_ONE + r")\s*(?:and|to|until|-|–|—)\s*" + _US_TWO + r"\b",
                         re.I)
_WEEK = r"\bweek\s+(?:commencing|beginning|starting)\s+(?:on\s+)?"
WEEK_RE = re.compile(_WEEK + r"(?:" + _DAY.format(d="d") + r"\s+(?P<m>" + MONTH_RE + r")|(?P<m_us>" + MONTH_RE
                     + r")\s+" + _DAY.format(d="d_us") + r"(?!\d)),?\s+(?P<y>" + YEAR_RE + r")\b", re.I)
DAY_RE = re.compile(r"\b(?:" + _DAY.format(d="d") + r"\s+)?(?P<m>" + MONTH_RE + r"),?\s+(?P<y>" + YEAR_RE + r")\b"
                    r"|\b(?P<m_us>" + MONTH_RE + r")\s+(?P<d_us>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y_us>" + YEAR_RE + r")\b", re.I)
SEASON_RE = re.compile(r"\b(?:(?:early|late|mid-?)\s*)?(?:spring|summer|autumn|winter)\s+(?P<y>" + YEAR_RE + r")\b", re.I)
FINANCIAL_RE = re.compile(r"(?<![\d/-])(?P<y>" + YEAR_RE + r")[/–-](?P<y2>\d\d(?:\d\d)?)(?![\d/-])")
YEAR_ONLY_RE = re.compile(r"(?<![\d/£$€.,-])\b(?P<y>" + YEAR_RE + r")\b(?![/-]\d|,\d{3}|\.\d)")
# "in February and March", "between May and July": months without a year (the article's)
MONTHS_ALONE_RE = re.compile(r"\b(?:in|between|during|from)\s+(?P<m1>" + MONTH_RE + r")\s*(?:and|to|until|-|–)\s*(?P<m2>"
                             + MONTH_RE + r")\b(?!\s*,?\s*\d)", re.I)
MONTH_ALONE_RE = re.compile(r"\b(?:in|on|during|from|since|by|until|last|this|early|late|mid-?)\s+(?P<m>"
                            + MONTH_RE + r")\b(?!\s*,?\s*\d)", re.I)


@dataclass(frozen=True)
class Date:
    start: int  # offsets in the text
    end: int
    date: str  # ISO prefix of the first day (or month, or year)
    date_end: str  # ISO prefix of the last; the same as date for a single day, month or year
    precision: str  # day, month, season, year, financial year, range
    month_only: bool = False  # "in February": the year is the article's, if it has one


def _m(name):
    return MONTHS[name.lower().rstrip(".")]


def in_year_of(date, published):
    """(start, end) ISO months of a month-only Date ("in February", "in February and
    March") in the year of an article published on `published` (an ISO date): the
    months last came then, so a month after the publication's is the year before.
    None without a publication month."""
    if not published or len(published) < 7:
        return None
    first, last = int(date.date[2:]), int(date.date_end[2:])
    year = int(published[:4]) - (1 if first > int(published[5:7]) else 0)
    end_year = year + (1 if last < first else 0)
    return f"{year}-{first:02d}", f"{end_year}-{last:02d}"


def _range(m, y2, m1, m2):
    """The range a RANGE_RE or US_RANGE_RE match says: its first part without a year is in the
    last part's year, or the year before when its month comes later ("December to January 2010")."""
    y1 = int(m["y1"]) if m["y1"] else (y2 if m1 <= m2 else y2 - 1)
    return Date(m.start("first"), m.end(), iso(y1, m1, m["d1"]), iso(y2, m2, m["d2"]), "range")


# Where to look. Every pattern above but the last two needs a year, and every one
# but SEASON_RE, FINANCIAL_RE and YEAR_ONLY_RE a month's name: a text without
# them skips those patterns. In a text with them, a pattern is tried only just
# before the places that can anchor one of its matches (see near()). The words
# are looked for in the text in lower case (fold.folded()) where it can be.
_ANY_YEAR = re.compile(YEAR_RE)
# Where a month's name can start: "ja" and "ju" without their "n", which can start "nov" ("junov").
_MONTH_START = {True: re.compile(r"(?:ja|ju)(?=n)|feb|mar|apr|may|jul|aug|sep|oct|nov|dec"),
                False: re.compile(r"(?:ja|ju)(?=n)|feb|mar|apr|may|jul|aug|sep|oct|nov|dec", re.I)}
# A month's name that starts a word: where DAY_RE, MONTHS_ALONE_RE and MONTH_ALONE_RE find
# theirs (after \b or white space). No other can start inside the three letters of one.
# (In lower-case text each alternative starts with its letter, the \b after it, so that
# the search skips from one of those letters to the next.)
_MONTH_WORD = {True: re.compile(r"j(?<=\bj)(?:an|un|ul)|f(?<=\bf)eb|m(?<=\bm)(?:ar|ay)|a(?<=\ba)(?:pr|ug)|s(?<=\bs)ep|"
                                r"o(?<=\bo)ct|n(?<=\bn)ov|d(?<=\bd)ec"),
               False: re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.I)}
_CONNECTOR = {True: re.compile(r"and|to|until|-|–|—"),  # no one of them can start inside another
              False: re.compile(r"and|to|until|-|–|—", re.I)}
# What follows the connector of a RANGE_RE or US_RANGE_RE match: the range's last part.
_RANGE_TAIL = re.compile(r"(?:and|to|until|-|–|—)\s*" + _TWO + r"\b", re.I)
_US_RANGE_TAIL = re.compile(r"(?:and|to|until|-|–|—)\s*" + _US_TWO + r"\b", re.I)
_LONG_SPACE = re.compile(r"\s{2,}")
# A year where FINANCIAL_RE and YEAR_ONLY_RE can start one of theirs: neither starts
# right after a digit, so none starts inside another year's four digits.
_YEAR_AT = re.compile(YEAR_RE)
_SEASONS = ("spring", "summer", "autumn", "winter")


class _Patterns:
    """The date patterns that ignore case, compiled with re.IGNORECASE or (to
    search fold.folded() text) without it."""

    def __init__(self, flags):
        for name, rx in (("range_re", RANGE_RE), ("us_range_re", US_RANGE_RE), ("week_re", WEEK_RE),
                         ("day_re", DAY_RE), ("season_re", SEASON_RE), ("months_alone_re", MONTHS_ALONE_RE),
                         ("month_alone_re", MONTH_ALONE_RE), ("range_tail", _RANGE_TAIL),
                         ("us_range_tail", _US_RANGE_TAIL)):
            setattr(self, name, re.compile(rx.pattern, flags))


_ANY_CASE, _IN_LOWER_CASE = _Patterns(re.I), _Patterns(0)


def near(rx, text, anchors, reach):
    """rx.finditer(text), for a pattern each of whose matches starts at most
    `reach` characters before one of `anchors` (offsets, ascending) and is not
    empty: rx is tried only at those starts, in order, and after a match from
    its end on, as finditer() would. (match() at an offset sees the characters
    before it, so \\b and look-behinds read as they do in finditer().)"""
    p = 0  # the next offset to try: none before it can start a match
    for c in anchors:
        p = max(p, c - reach)
        while p <= c:
            m = rx.match(text, p)
            p = m.end() if m else p + 1
            if m:
                yield m


def find_dates(text):
    """Every date in text, left to right, none overlapping (the longest wins)."""
    found = []
    has_year = _ANY_YEAR.search(text) is not None
    low = folded(text)
    where = text if low is None else low
    # In lower case, the case-insensitive patterns are searched case-sensitive: the
    # same matches, quicker (their words are read in lower case anyway, by _m()).
    rx = _IN_LOWER_CASE if low is not None else _ANY_CASE
    months = [m.start() for m in _MONTH_WORD[low is not None].finditer(where)]
    if not months and not has_year:
        return found  # without a year, every pattern needs a month's name starting a word
    # a range's connector can be glued to the month after it ("andJanuary 2020")
    any_month = bool(months) or _MONTH_START[low is not None].search(where) is not None
    # The longest run of white space bounds how far before its anchor a match can start.
    space = max(map(len, _LONG_SPACE.findall(text)), default=1)
    months_with_year = months if has_year else []
    connectors = [m.start() for m in _CONNECTOR[low is not None].finditer(where)] if has_year and any_month else []
    range_ends = [c for c in connectors if rx.range_tail.match(where, c)]
    us_range_ends = [c for c in connectors if rx.us_range_tail.match(where, c)]
    # RANGE_RE and US_RANGE_RE before their connector: "between", a day, a month and a
    # year with the white space around them (26 characters and four runs of space).
    for m in near(rx.range_re, where, range_ends, 26 + 4 * space):
        g = m.groupdict()
        if not (g["d1"] or g["m1"]):
            continue  # "to February 2024" alone is a month, found below
        y2, m2 = int(g["y2"]), _m(g["m2"])
        m1 = _m(g["m1"]) if g["m1"] else m2
        if not g["m1"] and not g["d2"]:
            continue  # "2018 to March 2019" is two dates, "2 to March" none
        found.append(_range(m, y2, m1, m2))
    for m in near(rx.us_range_re, where, us_range_ends, 26 + 4 * space):
        m1 = _m(m["m1"])
        found.append(_range(m, int(m["y2"]), m1, _m(m["m2"]) if m["m2"] else m1))
    for m in (rx.week_re.finditer(where) if has_year and any_month and mentions_any(low, ("week",)) else ()):
        month, day = (m["m"], m["d"]) if m["m"] else (m["m_us"], m["d_us"])
        found.append(Date(m.start(), m.end(), iso(m["y"], _m(month), day), iso(m["y"], _m(month)), "range"))
    for m in near(rx.day_re, where, months_with_year, 4 + space):  # a day before the month
        if m["m"]:
            d = iso(m["y"], _m(m["m"]), m["d"])
            found.append(Date(m.start(), m.end(), d, d, "day" if m["d"] else "month"))
        else:
            d = iso(m["y_us"], _m(m["m_us"]), m["d_us"])
            found.append(Date(m.start(), m.end(), d, d, "day"))
    for m in (rx.season_re.finditer(where) if has_year and mentions_any(low, _SEASONS) else ()):
        found.append(Date(m.start(), m.end(), m["y"], m["y"], "season"))
    years = [m.start() for m in _YEAR_AT.finditer(text)] if has_year else []
    for m in near(FINANCIAL_RE, text, years, 0):
        y1, tail = int(m["y"]), m["y2"]
        y2 = int(tail) if len(tail) == 4 else y1 // 100 * 100 + int(tail)
        if y2 == y1 + 1:
            found.append(Date(m.start(), m.end(), str(y1), str(y2), "financial year"))
    for m in near(YEAR_ONLY_RE, text, years, 0):
        found.append(Date(m.start(), m.end(), m["y"], m["y"], "year"))
    for m in near(rx.months_alone_re, where, months, 7 + space):  # "between" before the month
        found.append(Date(m.start("m1"), m.end("m2"), f"--{_m(m['m1']):02d}", f"--{_m(m['m2']):02d}", "month", True))
    for m in near(rx.month_alone_re, where, months, 6 + space):  # "during" before it
        if m["m"].lower().rstrip(".") == "may" and not re.match(r"(?:in|during|since|until|by|early|late)\b", m.group(0), re.I):
            continue  # "may" is a verb more often than a month
        found.append(Date(m.start("m"), m.end("m"), f"--{_m(m['m']):02d}", f"--{_m(m['m']):02d}", "month", True))
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    out, last_end = [], -1
    for d in found:
        if d.start >= last_end:
            out.append(d)
            last_end = d.end
    return out
