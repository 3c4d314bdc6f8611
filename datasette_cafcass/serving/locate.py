"""Finding each fact's words in the raw text of its passage.

The reader highlights facts in place, so for every fact we need the span
(start, end offsets into passages.text) of the words it came from: a grade's
rating word inside its evidence sentence, a quote's words, a figure's number
as written ("£3.3m" for 3300000 GBP), a date as written ("25 May 2021").
Nothing here trusts or produces markup: it only returns offsets.
"""
import re

from ..builder.dates import MONTH_RE, MONTHS, _PATTERNS as DATE_PATTERNS, _from_match as date_from_match

# Typographic variants folded together so "‘good’" in a fact finds 'good' in text.
_FOLD = str.maketrans({
    "‘": "'", "’": "'", "‚": "'", "′": "'", "“": '"', "”": '"', "„": '"', "″": '"',
    "–": "-", "—": "-", "‐": "-", "‑": "-", "\u00a0": " ",
})


def fold(text):
    """(folded text, offsets): lower case, one quote and dash style, white space
    runs as one space. offsets[i] is the position in text of folded[i]; one
    extra entry maps the end."""
    out, offsets = [], []
    prev_space = False
    for i, ch in enumerate(text):
        ch = ch.translate(_FOLD)
        if ch.isspace():
            if prev_space:
                continue
            ch, prev_space = " ", True
        else:
            prev_space = False
        low = ch.lower()
        if len(low) != 1:  # a few characters lower-case to two; keep offsets one to one
            low = ch
        out.append(low)
        offsets.append(i)
    offsets.append(len(text))
    return "".join(out), offsets


def _trim(s):
    return fold(s)[0].strip(" \"'.,;:")


def find_text(text, needle, lo=0, hi=None):
    """Span of needle in text[lo:hi], tolerant of case, quote styles and white
    space; for a needle that runs past the passage (a quote over several
    paragraphs) the longest leading or trailing run of its words that is found.
    None when not found."""
    if not needle or not needle.strip():
        return None
    hi = len(text) if hi is None else hi
    at = text.find(needle, lo, hi)
    if at >= 0:
        return at, at + len(needle)
    folded, offsets = fold(text)
    # positions in folded text that fall inside [lo, hi)
    flo = next((j for j, o in enumerate(offsets) if o >= lo), len(folded))
    fhi = next((j for j, o in enumerate(offsets) if o >= hi), len(folded))
    want = _trim(needle)
    if not want:
        return None
    at = folded.find(want, flo, fhi)
    if at >= 0:
        return offsets[at], offsets[at + len(want) - 1] + 1
    words = want.split(" ")
    for n in range(len(words) - 1, 3, -1):  # at least four words in a row
        for part in (" ".join(words[:n]), " ".join(words[-n:])):
            part = part.strip(" \"'.,;:")
            at = folded.find(part, flo, fhi) if len(part) >= 16 else -1
            if at >= 0:
                return offsets[at], offsets[at + len(part) - 1] + 1
    return None


def find_words(text, words, lo=0, hi=None):
    """Spans of every whole-word occurrence of words (a word or phrase, any
    case, any white space between its words) in text[lo:hi]."""
    if not words or not words.strip():
        return []
    hi = len(text) if hi is None else hi
    pattern = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words.split()) + r"(?!\w)"
    return [m.span() for m in re.finditer(pattern, text[:hi], re.I) if m.start() >= lo]


def _closest(spans, anchor, taken):
    """The span nearest anchor (an offset), preferring one not yet taken."""
    if not spans:
        return None
    free = [s for s in spans if s not in taken] or spans
    if anchor is None:
        return free[0]
    return min(free, key=lambda s: abs((s[0] + s[1]) / 2 - anchor))


def _centre(spans):
    return (spans[0][0] + spans[0][1]) / 2 if spans else None


def judgement_span(text, fact, taken=()):
    """The rating word in the judgement's evidence, nearest the judgement's
    name (so "good for private law and outstanding for leadership" marks the
    right word for each); the evidence itself when the word is missing."""
    rating = (fact.get("rating") or "").strip()
    evidence = find_text(text, fact.get("evidence") or "")
    lo, hi = evidence if evidence else (0, len(text))
    spans = find_words(text, rating, lo, hi) or (find_words(text, rating) if evidence else [])
    if spans:
        name = (fact.get("judgement") or "").strip()
        near = find_words(text, name, lo, hi) or find_words(text, name.split()[-1], lo, hi) if name else []
        return _closest(spans, _centre(near), taken)
    return evidence


def text_span(text, fact, column="text"):
    """A quote's or finding's words."""
    return find_text(text, fact.get(column) or "")


# Numbers as articles write them: 140,000  £3.3m  54%  17 per cent  £1.8 million  c143,000
_NUMBER_RE = re.compile(
    r"(?P<cur>[£$€]\s?)?(?:(?<=\bc)|(?<![\w.,]))(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<mult>bn|m|k|billion|million|thousand)(?!\w))?"
    r"(?:\s?(?P<pc>%|per\s?cent|percent))?",
    re.I,
)
_MULT = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}
_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_WORD_NUMBERS = {w: i for i, w in enumerate(_UNITS)}
_WORD_NUMBERS.update({w: 20 + 10 * i for i, w in enumerate(_TENS)})
_WORD_NUMBERS.update({"a hundred": 100, "hundred": 100, "a thousand": 1000, "dozen": 12})
_WORD_RE = re.compile(
    r"(?<!\w)(?:(?P<tens>" + "|".join(_TENS) + r")[\s-](?P<unit>" + "|".join(_UNITS[1:10]) + r")"
    r"|(?P<word>" + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True)) + r"))(?!\w)",
    re.I,
)


def numbers(text):
    """Every number written in text: (start, end, values it may stand for)."""
    found = []
    for m in _NUMBER_RE.finditer(text):
        num = float(m.group("num").replace(",", ""))
        mult = _MULT.get((m.group("mult") or "").lower(), 1)
        values = {num * mult, num}
        found.append((m.start(), m.end(), values))
    for m in _WORD_RE.finditer(text):
        if m.group("tens"):
            value = _WORD_NUMBERS[m.group("tens").lower()] + _WORD_NUMBERS[m.group("unit").lower()]
        else:
            value = _WORD_NUMBERS[m.group("word").lower()]
        found.append((m.start(), m.end(), {float(value)}))
    return found


def _same_number(a, b):
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def figure_span(text, fact, taken=()):
    """The figure's number as written, nearest its label. A literal the
    extraction kept (a `literal` column) is used first when present."""
    literal = fact.get("literal")
    if literal:
        found = find_text(text, literal)
        if found:
            return found
    value = fact.get("value")
    if value is None:
        return None
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    spans = [(s, e) for s, e, values in numbers(text) if any(_same_number(v, value) for v in values)]
    label = (fact.get("label") or "").strip()
    near = find_words(text, label) if label else []
    if not near and label:
        near = find_words(text, label.split()[0])
    return _closest(spans, _centre(near), taken)


_YEAR_RE = re.compile(r"(?<![\w/-])(19[89]\d|20\d\d)(?![\w])")
# "22 January" with its year given later ("between 22 January and 16 February 2024")
_DAY_MONTH_RE = re.compile(r"(?<!\w)(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?P<mon>" + MONTH_RE + r")(?!,?\s+\d)", re.I)
# "In April", "in March this year": a capitalised month name alone
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")
_MONTH_RE = re.compile(r"(?<!\w)(?P<mon>" + "|".join(_MONTH_NAMES) + r")(?!\w)(?!,?\s+\d)")


def dates(text):
    """Every date written in text: (start, end, ISO prefix); a day and month
    without a year as "????-MM-DD", a month alone as "????-MM"."""
    found = []
    for pattern in DATE_PATTERNS:
        for m in pattern.finditer(text):
            value = date_from_match(m)
            if value:
                found.append((m.start(), m.end(), value))
    for m in _YEAR_RE.finditer(text):
        found.append((m.start(), m.end(), m.group(1)))
    for m in _DAY_MONTH_RE.finditer(text):
        month, day = MONTHS.get(m.group("mon").lower().rstrip(".")), int(m.group("d"))
        if month and 1 <= day <= 31:
            found.append((m.start(), m.end(), f"????-{month:02d}-{day:02d}"))
    for m in _MONTH_RE.finditer(text):
        found.append((m.start(), m.end(), f"????-{_MONTH_NAMES.index(m.group('mon')) + 1:02d}"))
    return found


def _date_span(written, when, taken):
    """The most precise writing of the ISO prefix when among written dates."""
    exact = [d for d in written if d[2] == when]
    no_year = [d for d in written if d[2].startswith("????") and len(when) >= 7
               and d[2][4:] == when[4:len(d[2])]]
    loose = [d for d in written if not d[2].startswith("????") and (when.startswith(d[2]) or d[2].startswith(when))]
    for group in (exact, no_year, loose):
        if group:
            longest = max(e - s for s, e, _ in group)
            return _closest([(s, e) for s, e, _ in group if e - s == longest], None, taken)
    return None


def event_span(text, fact, taken=()):
    """The event's date as written (the most precise writing of it; for a
    period written as one phrase, the whole phrase), else its description's
    words."""
    when, until = fact.get("date"), fact.get("date_end")
    if when:
        written = dates(text)
        start = _date_span(written, when, taken)
        end = _date_span(written, until, taken) if until and until != when else None
        if start and end and start[1] <= end[0] and end[0] - start[1] <= 30:
            return start[0], end[1]
        if start:
            return start
    return find_text(text, fact.get("description") or "")


def person_span(text, name):
    """The person's name, or their surname alone, where the passage gives it."""
    if not name:
        return None
    spans = find_words(text, name)
    if not spans and len(name.split()) > 1 and len(name.split()[-1]) > 2:
        spans = find_words(text, name.split()[-1])
    return spans[0] if spans else None
