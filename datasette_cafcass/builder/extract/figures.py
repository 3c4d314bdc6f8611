"""Figures: counts, money, percentages and durations, with what they count.

A figure is a number in digits ("33", "140,000", "c143,000", "£3.3m",
"54 per cent") or words ("nine recommendations", "a 10-year stint"). Its label
is the noun phrase after it in the article's words ("local authorities"), or
for money with nothing countable after it, the phrase it is the amount of ("the
cost of sickness reducing from £3.3m"), or what "the number of" before it
names ("the number of new care cases grew by 200"). Its qualifier is what the
text says of its precision ("more than 300", "c143,000", "nearly 20"). Dates,
years, ages, times of day, ordinals, list numbers, section numbers, numbers
inside names (Covid-19) and a spelled-out number pointing back ("the two
counties") are not figures.

Every look around a number is within a window of WINDOW characters, so the
work is linear in the length of a passage.
"""
import itertools
import re

from ..fold import folded

WORD_NUMBERS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}
SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9,
          "billion": 1e9}
CURRENCIES = {"£": "GBP", "$": "USD", "€": "EUR"}
MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
          "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
TIME_UNITS = r"(?:second|minute|hour|day|week|fortnight|month|year|decade|century|time)s?\b|(?:am|pm)\b|years?[- ]old|-year"

# A number: currency, approximation marker, digits or words, scale, percent.
_NUMBER_WORD = "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))
NUMBER = re.compile(
    r"(?P<cur>[£$€])?\s?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    r"|\b(?:" + _NUMBER_WORD + r")(?:-(?:one|two|three|four|five|six|seven|eight|nine))?\b)"
    r"(?P<scale>\s?(?:k|m|mn|bn)\b|\s(?:thousand|million|billion)\b)?"
    r"(?P<pct>\s?%|\s?pc\b|\s(?:per\s?cent|percent)\b)?",
    re.I,
)
# Where a NUMBER's digits or words can start. A match begins at most two
# characters before one (a currency sign, a space), so numbers() tries NUMBER
# only there rather than at every character of the passage.
_DIGITS = re.compile(r"\d+")
# in folded() text: each alternative starts with its letter and the \b before it, so
# that the search skips from one of those letters to the next
_NUMBER_WORD_START = re.compile("|".join(
    first + r"(?<=\b" + first + ")(?:" + "|".join(w[1:] for w in group) + ")"
    for first, group in itertools.groupby(sorted(WORD_NUMBERS, key=lambda w: (w[0], -len(w))), key=lambda w: w[0])))
_NUMBER_WORD_START_ANY_CASE = re.compile(r"\b(?:" + _NUMBER_WORD + r")", re.I)
YEAR = re.compile(r"\b(?:19|20)\d\d(?:[/–-]\d\d(?:\d\d)?)?\b")

STOP = {
    "the", "a", "an", "in", "on", "at", "for", "to", "from", "with", "by", "and", "or", "but",
    "that", "which", "who", "whom", "whose", "we", "were", "was", "are", "is", "be", "been",
    "have", "has", "had", "will", "would", "could", "should", "can", "may", "each", "every",
    "across", "per", "this", "these", "those", "it", "its", "their", "our", "they", "he",
    "she", "his", "her", "than", "as", "if", "into", "over", "under", "since", "during",
    "after", "before", "while", "where", "when", "not", "no", "so", "did", "do", "does",
    "being", "saw", "said", "says", "said,", "including", "such", "there", "here", "out",
    "up", "down", "off", "about", "around", "between", "within", "without", "against",
    "compared", "among", "amongst", "through", "last", "next", "this", "ago", "more", "less",
    "times", "cases",
}
STOP |= {"work", "works", "live", "lives", "wait", "waits", "need", "needs", "face", "faces",
         "remain", "remains", "get", "go", "come", "take", "make", "see", "use", "receive",
         "attend", "apply", "leave", "join", "said", "say", "told", "got", "went", "per",
         "came", "comes", "rose", "fell", "grew", "gave", "left", "felt", "found", "thought",
         "kept", "held", "met", "paid", "spent", "won", "lost", "became", "began", "brought",
         "ran", "sent", "stood", "wrote", "spoke", "heard", "knew", "showed", "show", "shows",
         "took", "made", "did", "must", "might", "now", "still", "also", "all", "both",
         "already", "often", "then", "yet", "them", "us", "him", "me", "you", "whom"}
CHANGE_WORDS = {"increase", "rise", "fall", "drop", "reduction", "cut", "growth", "decrease",
                "decline", "jump"}
STOP.discard("cases")  # "210 cases" counts cases
STOP.discard("against")  # "34 per cent against" counts those against
LEAD_SKIP = {"of", "–", "—", "-", ")", "(", "were", "are", "was", "is"}
BACK_SKIP = {"from", "to", "of", "by", "at", "was", "were", "is", "are", "a", "an", "the",
             "projected", "estimated", "expected", "forecast", "total", "totalling", "totaling",
             "some", "about", "around", "nearly", "almost", "just", "only", "be", "been",
             "reached", "rose", "fell", "up", "down", "rise", "fall", "increase",
             "decrease", "cut", "by", "only", "just", "risen", "grown", "fallen", "dropped",
             "increased", "decreased", "has", "have", "had", "over", "under", "more", "than", "less",
             "fewer", "nearly", "almost", "around", "about", "approximately", "roughly", "up"}
MONEY_WORDS = {"cost", "costs", "budget", "spending", "spend", "funding", "savings", "worth",
               "deficit", "overspend", "income", "grant", "fine", "compensation", "investment"}
BACK_CUT = {"with", "that", "which", "and", "while", "as", "but", "when", "where", "after",
            "saw", "has", "have", "had", "said", "says", "found", "finds", "showed", "shows",
            "revealed", "reveals", "claimed", "claims"}


DIGIT_START = re.compile(r"^\d")
HYPHEN_OR_SPACE = re.compile(r"[- ]")


def _number_value(num):
    low = num.lower().replace(",", "")
    if DIGIT_START.match(low):
        return float(low)
    parts = HYPHEN_OR_SPACE.split(low)
    total = 0
    for w in parts:
        total += WORD_NUMBERS.get(w, {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                                       "six": 6, "seven": 7, "eight": 8, "nine": 9}.get(w, 0))
    return float(total)


WORD_TOKEN = re.compile(r"[A-Za-z][\w'’-]*|\d[\d,.]*|[–—\-()]|[^\w\s]")


def _words(text):
    return WORD_TOKEN.findall(text)


NOT_VERBS = {"need", "needed", "speed", "seed", "feed", "bed", "red", "shed", "hundred", "family",
             "elderly", "early", "daily", "weekly", "monthly", "yearly", "quarterly", "only"}
MODIFIERS = {"more", "fewer", "less", "extra", "additional"}


LEADING_PARENTHESIS = re.compile(r"^\s*\([^()]{0,40}\)")
OUT_OF_NUMBER = re.compile(r"^\s+(?:out\s+)?of\s+(?:the\s+|its\s+|their\s+)?(?:[\w]+['’]s?\s+)?(?:\d[\d,]*|"
                           + "|".join(WORD_NUMBERS) + r")(?=\s)", re.I)
LOWER_WORD = re.compile(r"^[a-z]+$")
VERB_LIKE_WORD = re.compile(r"^[a-z]+(?:ed|ly|ing)$")
VERB_LIKE_ENDING = re.compile(r"(?:ing|ed|ly)$")
LETTER_START = re.compile(r"[A-Za-z]")


def _label_after(after):
    after = LEADING_PARENTHESIS.sub("", after)  # "6,600 (14%) more children"
    # "11 of Cafcass's 93 local teams": a part of a whole counts what the whole counts
    after = OUT_OF_NUMBER.sub("", after)
    words = _words(after)
    while words and words[0].lower() in LEAD_SKIP:
        words.pop(0)
    if len(words) > 1 and words[0].lower() in MODIFIERS and words[1].lower() != "than":
        words.pop(0)  # "6,600 more children": what is counted is children
    label = []
    for i, w in enumerate(words):
        if label and w.lower() == "and" and i + 1 < len(words) and len(label) < 3 \
                and words[i + 1].lower() not in WORD_NUMBERS \
                and label[-1].lower() not in ("against", "favour", "favor", "support", "opposition") \
                and LOWER_WORD.match(words[i + 1]) and words[i + 1] not in STOP \
                and not VERB_LIKE_ENDING.search(words[i + 1]):
            label.append(w)  # "practitioners and managers"
            continue
        if len(label) == 1 and label[0].lower() in CHANGE_WORDS and w.lower() == "in":
            label.append(w)  # "a 70% increase in average caseloads"
            continue
        verb_like = label and VERB_LIKE_WORD.match(w) and w not in NOT_VERBS
        if not LETTER_START.match(w) or w.lower() in STOP or len(label) == 4 or verb_like:
            # "in favour", "in support": who the share is, not where
            if label and w.lower() == "in" and i + 1 < len(words) and \
                    words[i + 1].lower() in ("favour", "favor", "support", "agreement", "opposition"):
                label += words[i:i + 2]
            break
        label.append(w)
    return " ".join(label) or None


CLAUSE_PUNCT = re.compile(r"[,;:.](?:\s|$)|[–—()]|\s-\s")
ING_OR_ED_WORD = re.compile(r"^\w+(?:ing|ed)$")
TIME_PHRASE_AT_END = re.compile(r"\s+(?:between|in|during|since|from|over|for|at|on|by)\s+[^,;]*?(?:\b\d{4}\b|\b(?:"
                                + MONTHS + r")\b)[^,;]*$", re.I)


def _label_before(before):
    """What an amount is of, from the words before it: "the cost of sickness
    reducing from £3.3m" -> "cost of sickness", "costs £110m" -> "costs"."""
    clause = CLAUSE_PUNCT.split(before)[-1]
    words = clause.split()
    while words and words[-1].lower() in BACK_SKIP:
        words.pop()
    # "new cases between April and August 2016 was up": the period is not what is counted
    words = TIME_PHRASE_AT_END.sub("", " ".join(words)).split()
    while words and words[-1].lower() in BACK_SKIP:
        words.pop()
    if words and words[-1].lower() in MONEY_WORDS:
        # "its sickness costs": the money word with what it is of, up to its determiner
        head = [words[-1]]
        for w in reversed(words[:-1][-2:]):
            if w.lower() in BACK_SKIP or w.lower() in STOP or w.lower() in ("its", "their", "our"):
                break
            head.insert(0, w)
        return " ".join(head)
    while len(words) > 1 and ING_OR_ED_WORD.match(words[-1]):
        words.pop()
    while words and words[-1].lower() in BACK_SKIP:
        words.pop()
    words = words[-5:]
    for i in range(len(words) - 1, -1, -1):
        if words[i].lower() in BACK_CUT:
            words = words[i + 1:]
            break
    while words and words[0].lower() in ("the", "a", "an", "its", "their", "our"):
        words.pop(0)
    return " ".join(words) or None


WINDOW = 200
QUALIFIERS = re.compile(r"(?:\b(?P<q>more\s+than|over|nearly|almost|around|about|approximately|roughly|some|up\s+to|"
                        r"at\s+least|fewer\s+than|less\s+than|under|just\s+over|just\s+under|an\s+average\s+of(?:\s+more\s+than)?|"
                        r"upwards\s+of|in\s+excess\s+of)\s+|(?<![\w])(?P<c>c|ca|circa)\.?\s?)$", re.I)
QUALIFIERS_LOW = re.compile(QUALIFIERS.pattern)  # the same, case-sensitive, for folded() text


def _qualifier(text):
    """QUALIFIERS.search(text), in lower case where folded() allows (quicker)."""
    low = folded(text)
    return QUALIFIERS.search(text) if low is None else QUALIFIERS_LOW.search(low)


def _without_qualifier(text):
    """QUALIFIERS.sub("", text), the matches found in lower case where folded() allows."""
    low = folded(text)
    if low is None:
        return QUALIFIERS.sub("", text)
    pieces, at = [], 0
    for m in QUALIFIERS_LOW.finditer(low):
        pieces.append(text[at:m.start()])
        at = m.end()
    return "".join(pieces) + text[at:] if pieces else text


DURATION = re.compile(r"^[\s'’-]*(?:(?:working|calendar|school|business)\s+)?(?P<unit>day|week|fortnight|month|year|decade)s?"
                      r"(?:['’]|\b|(?=ly\b))", re.I)
BACK_REFERENCE = re.compile(r"\b(?:the|these|those|both|all|its|their|our)\s+$", re.I)


_GLUED = re.compile(r"^(?:st|nd|rd|th)\b|^[\w/]|^-(?!(?:day|week|month|year|fortnight|decade))[A-Za-z]")
_MONTH_AFTER = re.compile(r"^\s*(?:" + MONTHS + r")\b", re.I)
_MONTH_BEFORE = re.compile(r"\b(?:" + MONTHS + r")\s*$", re.I)
_TIME_OR_AGE = re.compile(r"^[\s'’-]*(?:(?:second|minute|hour)s?\b|(?:am|pm)\b|(?:years?|months?|weeks?|days?)[- ]old\b|"
                          r"-(?:year|month)-old)", re.I)
_NAME_COMMA = re.compile(r"[A-Z][a-z]+,\s*$")
_LABEL_OF_THING = re.compile(r"\b(?:aged|age|sections?|articles?|clauses?|parts?|schedules?|rules?|paragraphs?|pages?|"
                             r"number|no\.?|chapter|step|phase|tier|level|grade|key stage|room|version)\s*$", re.I)
_RATIO_AFTER = re.compile(r"^\s*(?:or|to|and|in)\s+(?:\d|" + "|".join(WORD_NUMBERS) + r")\b", re.I)
# "children as young as 10", "children over 12", "young people under 16": an age, not a count
_AGE_BEFORE = re.compile(r"\b(?:children|child|young\s+people|youngsters|pupils|boys|girls|teenagers|those)\s+"
                         r"(?:as\s+young\s+as|as\s+old\s+as|aged|over|under|above|below|over\s+the\s+age\s+of|"
                         r"under\s+the\s+age\s+of)\s*$", re.I)
# what follows a count rather than an age ("children over 300 times"), though "years" is an age's
_COUNTED_AFTER = re.compile(r"\s+(?!years?\b)[a-z]+s\b")
# "two thirds of", "three quarters": a fraction, not a count
_FRACTION_AFTER = re.compile(r"^[\s-]*(?:halves|thirds?|quarters?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?)\b",
                             re.I)
_RATIO_BEFORE = re.compile(r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:in|out of)\s*$", re.I)
_YEARISH = re.compile(r"^(?:19|20)\d\d[/–-]\d")


CENTURY_DIGITS = re.compile(r"(?:19|20)\d\d")


def _not_a_figure(text, m, before, after):
    num = m.group("num")
    if num.lower() == "one":
        return True
    tail = _without_qualifier(before[-60:])  # what is said just before it: the checks below look no further
    plain_number = not m.group("cur") and not m.group("pct")
    if num[:1].isdigit() and plain_number and not m.group("scale"):
        if CENTURY_DIGITS.fullmatch(num) or _YEARISH.match(text, m.start("num")):
            return True  # a year or a financial year
    if tail[-1:] and (tail[-1].isalnum() or tail[-1] in "_/.-") and not m.group("cur"):
        return True  # part of a word, a name (Covid-19), an address or a range's end
    if _GLUED.match(after) and not m.group("scale") and not m.group("pct"):
        return True  # ordinal, "2009/10", "10am", a number glued to letters
    if _MONTH_AFTER.match(after) or _MONTH_BEFORE.search(tail):
        return True  # a date
    if _TIME_OR_AGE.match(after) or after.startswith(", ") and _NAME_COMMA.search(tail) or (
            _AGE_BEFORE.search(before[-60:]) and not _COUNTED_AFTER.match(after)):
        return True  # a time of day, an age ("17-month-old", "Douglas, 69,", "children as young as 10")
    if _LABEL_OF_THING.search(tail):
        return True  # a label of a thing, not a count
    if plain_number and (_RATIO_AFTER.match(after) or _FRACTION_AFTER.match(after)):
        return True  # "three or four times", "one in five", "two thirds": a ratio, a fraction or a range's start
    if _RATIO_BEFORE.search(tail):
        return True  # "one in five", "four out of five": a ratio
    if num[:1].isalpha() and BACK_REFERENCE.search(tail):
        return True  # "the two counties": the ones just named, not a count
    return False


URL_START = re.compile(r"^\s*(?:https?://|www\.)")
CURRENCY_WORD_START = re.compile(r"^\s*(pounds|sterling|euros|dollars)\b", re.I)
BLANK = re.compile(r"^\s*$")
DOT_OR_PAREN_START = re.compile(r"^\s*[.)]")
LOWER_START = re.compile(r"^[a-z]")
LETTER_AT_END = re.compile(r"[A-Za-z]$")
IN_TOTAL_START = re.compile(r"^\s+(?:in\s+total|in\s+all|altogether)\b", re.I)
OPEN_PAREN_AT_END = re.compile(r"\(\s*$")
SHORT_LABEL_THEN_PAREN = re.compile(r"^[\w\s'’-]{0,40}\($")
UPPER_START = re.compile(r"^[A-Z]")
WHITESPACE = re.compile(r"\s+")
# The "ly" left over when a duration's unit came from "weekly", "monthly".
LY_AND_SPACE_START = re.compile(r"^(?:ly)?\s*")
TO_PROJECTED_AT_END = re.compile(r"\bto\s+(?:an?\s+)?(?:projected|estimated|expected|forecast)?\s*$", re.I)
NUMBER_OF_CHANGED_AT_END = re.compile(r"\bnumber\s+of\s+(?P<x>[\w\s'’-]{3,40}?)\s+(?:grew|rose|fell|increased|decreased|dropped|"
                                      r"jumped|went\s+up|went\s+down)\s+(?:by\s+|from\s+)?$", re.I)
IN_LABEL_START = re.compile(r"^\s+in\s+(?P<x>(?:[a-z][\w'’-]*\s?){1,4})")
TOTAL_WORD = re.compile(r"(?:in\s+)?(?:total|all|altogether)", re.I)
FROM_TO_AT_END = re.compile(r"\bfrom\s+[\d,.]+\s+(?:in\s+\d{4}\s+)?to\s+(?:an?\s+)?"
                            r"(?:projected|estimated|expected|forecast)?\s*$", re.I)
REACHED_AT_END = re.compile(r"\b(?:reached|totalled|totaled|numbered|stood at|(?:rose|risen|fell|fallen|grown|grew|"
                            r"increased|dropped|decreased) to|was|were)\s+"
                            r"(?:just\s+|about\s+|around\s+|nearly\s+|almost\s+|over\s+|some\s+)?$")
DIGIT = re.compile(r"\d")


def numbers(text):
    """NUMBER.finditer(text), trying NUMBER only where a number's digits or words
    start: the first digit of a run, a number word, and the digit a match ends
    before ("12,345678": "12,345" then "678"); a match starts at most two
    characters before one of these."""
    low = folded(text)
    words = _NUMBER_WORD_START.finditer(low) if low is not None else _NUMBER_WORD_START_ANY_CASE.finditer(text)
    starts = sorted([m.start() for m in _DIGITS.finditer(text)] + [m.start() for m in words])
    p = 0  # the next offset to try: none before it starts a match
    for c in starts:
        p = max(p, c - 2)
        while p <= c:
            m = NUMBER.match(text, p)
            if m is None:
                p += 1
                continue
            yield m
            p = m.end()
            if _DIGITS.match(text, p):
                c = max(c, p)  # a run of digits the match cut: its rest is tried too


def passage_figures(text):
    """Figure dicts (value, unit, qualifier, label, year, start, end) for one passage's text."""
    if URL_START.match(text):
        return []
    out = []
    previous_label, previous_noun, previous_end = None, None, 0
    for m in numbers(text):
        if not m.group("num"):
            continue
        start = m.start("cur") if m.group("cur") else m.start("num")
        before, after = text[max(0, start - WINDOW):start], text[m.end():m.end() + WINDOW]
        if m.start() == 0 or BLANK.match(before):
            if DOT_OR_PAREN_START.match(after):
                continue  # list numbering: "1." or "2)"
        if LOWER_START.match(m.group("num")) and LETTER_AT_END.search(before):
            continue
        if _not_a_figure(text, m, before, after):
            continue
        q = _qualifier(before)
        qualifier = None
        if q:
            qualifier = "about" if q.group("c") else WHITESPACE.sub(" ", q.group("q").lower())
        value = _number_value(m.group("num"))
        if m.group("scale"):
            value *= SCALES[m.group("scale").strip().lower()]
        duration = None if (m.group("cur") or m.group("pct")) else DURATION.match(after)
        if m.group("cur"):
            unit = CURRENCIES[m.group("cur")]
        elif m.group("pct"):
            unit = "percent"
        elif duration:
            unit = duration.group("unit").lower() + "s"
            unit = {"fortnights": "weeks", "decades": "years"}.get(unit, unit)
            value *= {"fortnight": 2, "decade": 10}.get(duration.group("unit").lower(), 1)
        else:
            unit = "count"
        rest = after[duration.end():] if duration else after
        label = _label_after(LY_AND_SPACE_START.sub(" ", rest)) if duration else _label_after(after)
        label_follows = label is not None
        money = CURRENCY_WORD_START.match(after)
        if money and unit == "count":
            unit = {"pounds": "GBP", "sterling": "GBP", "euros": "EUR", "dollars": "USD"}[money.group(1).lower()]
            label = _label_after(after[money.end():])
        if unit not in ("count",) and not duration and (label is None or label.lower() in ("in", "for")):
            label = None
        if label is None and unit not in ("count", "days", "weeks", "months", "years"):
            back = _label_before(before)
            # "from £3.3m … to a projected £1.8m": the second amount is of the same thing
            if previous_label and TO_PROJECTED_AT_END.search(before):
                back = previous_label
            label = back
        elif label is None:
            # "the number of new care cases grew by 200": what a change counts
            grew = NUMBER_OF_CHANGED_AT_END.search(before)
            inside = IN_LABEL_START.match(after)
            clause = CLAUSE_PUNCT.split(before)[-1]
            if grew:
                label = grew.group("x")
            elif previous_label and FROM_TO_AT_END.search(before):
                label = previous_label  # "... fell from 40,000 to 35,500": the second count is of the same thing
            elif inside and previous_noun and inside.group("x").split()[0] not in STOP:
                label = inside.group("x").strip()  # "938 social workers ... and 475 in adult social care"
            elif REACHED_AT_END.search(clause) \
                    and not DIGIT.search(clause):
                label = _label_before(before)  # "care applications reached 14,000"
        if label and TOTAL_WORD.fullmatch(label) or \
                IN_TOTAL_START.match(after):
            label, label_follows = previous_noun, False  # "so 1,413 in total": the sum of what came before
        if label is None and previous_label and OPEN_PAREN_AT_END.search(before) and \
                SHORT_LABEL_THEN_PAREN.match(text[previous_end:start]):
            label = previous_label  # "2,300 families (8%)": the share of the same thing
        if label is None:
            continue  # a number with nothing said to count is not a figure
        if label_follows and unit == "count" and UPPER_START.match(label) \
                and not LOWER_START.match(m.group("num")) and len(label.split()) == 1:
            continue  # a bare capitalised word after a number is more likely a name or a heading
        previous_label, previous_end = label, m.end()
        if label_follows and unit == "count":
            previous_noun = label
        out.append({"value": value, "unit": unit, "qualifier": qualifier, "label": label,
                    "year": _year(before, after), "start": start, "end": m.end()})
    return out


def figures(reading, ids):
    """Figure rows (without article_id) of every fact passage but headings."""
    rows = []
    for p in reading.passages:
        if p["kind"] == "heading":
            continue  # headings repeat the text
        for f in passage_figures(p["text"]):
            a, b = f.pop("start"), f.pop("end")
            if f["qualifier"]:
                q = _qualifier(p["text"][max(0, a - 40):a])
                if q:
                    a = max(0, a - 40) + q.start()
            rows.append({"id": ids(p["id"], a), "passage_id": p["id"], "char_start": a, "char_end": b,
                         "text": p["text"][a:b], **f, "rule": "duration" if f["unit"] in ("days", "weeks", "months", "years")
                         else "amount" if f["unit"] not in ("count", "percent") else f["unit"]})
    return rows
IN_YEAR = re.compile(r"\b(?:in|for|during|of)\s+(?:the\s+)?(?:(?:financial|calendar|academic)\s+year\s+)?("
                     + YEAR.pattern + ")")
MONEY_OR_PERCENT = re.compile(r"[£$€]\s?\d|\d\s?(?:%|per\s?cent)")
OPENING_IN_YEAR = re.compile(r"^\s*(?:In|During|For)\s+(?:the\s+)?(?:(?:financial|calendar|academic)\s+year\s+)?("
                             + YEAR.pattern + r"),")
CLAUSE_OR_COMPARISON = re.compile(r"[,;:]\s|\.\s|\s[–—-]\s|[£$€]|\b(?:than|compared|since|from|against|versus|vs)\b"
                                  r"|\bon\s+(?:the\s+)?(?:same|previous|last|a year|the year)\b")
CLAUSE_BREAK = re.compile(r"[,;:]\s|\.\s|\s[–—-]\s")
SENTENCE_BREAK = re.compile(r"[.!?]\s+(?=[A-Z])")
SINCE_OR_RANGE_AT_END = re.compile(r"\b(?:since|prior to|before|after|until|from|between)\s+(?:\w+\s+)?$")


def _year(before, after):
    """The year the text gives for a figure: in the words right after it
    ("£3.3m in 2009/10", "for the 2013/14 financial year"), in its own
    clause before it ("November 2010 saw 810 care applications") or opening
    its sentence ("In 2013, Ofsted inspected 17 ...")."""
    ahead = CLAUSE_OR_COMPARISON.split(after[:80], maxsplit=1)[0]
    m = IN_YEAR.search(ahead)
    if m:
        return m.group(1)
    clause = CLAUSE_BREAK.split(before)[-1]
    if MONEY_OR_PERCENT.search(clause):
        return None  # "from £2.1m in 2015 to £900,000": that year is the other figure's
    clause = " ".join(clause.split()[-5:])  # "November 2010 saw 810": the year is next to it
    found = list(YEAR.finditer(clause))
    if found and not SINCE_OR_RANGE_AT_END.search(clause[:found[-1].start()]):
        return found[-1].group()
    # "In 2013, Ofsted inspected 17 service areas": a year that opens the sentence
    sentence = SENTENCE_BREAK.split(before)[-1]
    m = OPENING_IN_YEAR.match(sentence)
    if m and not YEAR.search(sentence[m.end():]):
        return m.group(1)
    return None
