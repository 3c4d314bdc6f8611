"""One reading of an article, made once and shared by every extractor.

For each passage: its quotations (where each opens and closes), its sentences
with their offsets (split outside quotations, so a quote's own full stops do
not cut the sentence that frames it), and the spans the extractors need,
each an Ann(label, start, end, value):

  R      a grade word of Ofsted's scale ("good", "requires improvement")
  J      a judgement's name ("overall effectiveness", "public and private law")
  AREA   a Cafcass service area or a county that lies in one
  ORG    an organisation, by its canonical name (Cafcass, Ofsted, NAO ...)
  INSP   an inspection or visit ("focused visit", "inspection", "report")
  GV GN  a grading verb ("rated", "judged") or noun ("rating", "verdict")
  CUE    a word that makes a statement hypothetical, negated, earlier, current or future
  FCUE   a word that marks a finding as a strength, weakness or recommendation
  SAY    a speech verb
  FV     a verb that reports what the inspectorate found ("found", "warned", "praised")
  BODY   a body other than Cafcass that inspectors grade (council, school ...)
  DATE   a date (builder/dates.find_dates)

All matching is on plain text (curly quotes and dashes folded, same length),
so every offset is an offset into the passage's own text.
"""
import bisect
import re
from dataclasses import dataclass
from typing import NamedTuple

from ..dates import find_dates
from ..fold import folded, mentions_any
from .vocabulary import Words, lexicons, plain, scan

# Passages that can state a fact: round-up briefs are about other sectors.
FACT_KINDS = ("paragraph", "list item", "heading", "caption")

_ABBREV = re.compile(r"(?:\b(?:mr|mrs|ms|dr|prof|st|no|vs|etc|inc|ltd|co|cllr|rev|hon|c|ca|approx|"
                     r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|e\.g|i\.e)|\b[A-Z])\.$", re.I)
# A sentence ends at . ! ? (and any closing quote or bracket) before a space and
# a capital, digit, quote or bracket, or straight before a capitalised word
# ("reports.Key faults", a missing space).
_END = re.compile(r"[.!?]+[\"')\]]*(?:\s+(?=[\"'(\[A-Z0-9£])|(?=[A-Z][a-z]))")
MASK = "\x00"


class Ann(NamedTuple):
    """A span of a passage (a tuple: read only, and quick to make)."""
    label: str
    start: int
    end: int
    value: object = None
    data: object = None


@dataclass(slots=True)
class Quote:
    start: int  # the opening mark
    end: int  # just past the closing mark (the passage's end for a quote left open)
    closed: bool = True
    speaker: object = None  # set by people.py: a person key, "inspectorate", "other" or None
    voice: str = None  # set by people.py: "person", "inspectorate", "other", "scare" or "unknown"

    @property
    def inner(self):
        return self.start + 1, self.end - 1 if self.closed else self.end


@dataclass(slots=True)
class Sentence:
    passage: dict
    start: int
    end: int
    index: int  # position in the article, from 0
    pindex: int  # position in its passage, from 0

    @property
    def text(self):
        return self.passage["text"][self.start:self.end]


_LETTER = re.compile(r"\w")


def _single_close(text, start):
    """Index of the ' closing a ' opened at start, or None: an apostrophe inside
    a word (we've) does not close, nor one after a space."""
    j = start
    while True:
        j = text.find("'", j + 1)
        if j < 0:
            return None
        if (j + 1 == len(text) or not _LETTER.match(text[j + 1])) and text[j - 1] not in " \t":
            return j


_QUOTE_MARK = re.compile("[\"']")


def _after_colon(text, i):
    """Does text[:i] end with a colon and white space, or hold only white space?"""
    while i > 0 and text[i - 1].isspace():
        i -= 1
    return i == 0 or text[i - 1] == ":"


def quote_spans(text):
    """Quotations in plain text: [(start, end, closed)]. Double quotes, and single
    quotes opened at the start of a word. A double quote left open runs to the end
    (a quote that goes on in the next paragraph, or an excerpt cut mid-quote)."""
    spans, n = [], len(text)
    mark = _QUOTE_MARK.search(text)
    while mark:  # from one quotation mark to the next: no other character opens a quotation
        i = mark.start()
        ch = text[i]
        end, closed = None, True
        if ch == '"':
            j = text.find('"', i + 1)
            end, closed = (n, False) if j < 0 else (j + 1, True)
        elif (i == 0 or not _LETTER.match(text[i - 1])) and i + 1 < n and not text[i + 1].isspace():
            j = _single_close(text, i)
            if j is not None:
                end = j + 1
            elif _after_colon(text, i):
                end, closed = n, False  # "said: 'These are" - cut off mid-quote
        if end is not None and end > i + 1:
            spans.append((i, end, closed))
            mark = _QUOTE_MARK.search(text, end)
        else:
            mark = _QUOTE_MARK.search(text, i + 1)
    return spans


def masked(text, quotes):
    """text with each quotation's words masked (its marks and its last
    character kept, so a quote that ends a sentence still ends it)."""
    parts, at = [], 0
    for q in quotes:
        a, b = q.start + 1, (q.end - 2 if q.closed else q.end)
        if a < at:  # quotations out of order or overlapping: character by character
            return _masked_chars(text, quotes)
        if b > a:
            parts += [text[at:a], MASK * (b - a)]
            at = b
    return "".join(parts) + text[at:] if parts else text


def _masked_chars(text, quotes):
    chars = list(text)
    for q in quotes:
        a, b = q.start + 1, (q.end - 2 if q.closed else q.end)
        for k in range(a, b):
            chars[k] = MASK
    return "".join(chars)


def split_sentences(masked_text):
    """(start, end) of each sentence, trimmed of white space."""
    out, start = [], 0
    for m in _END.finditer(masked_text):
        if _ABBREV.search(masked_text[max(start, m.start() - 6):m.start() + 1]):
            continue
        end = m.end()
        out.append((start, end))
        start = end
    out.append((start, len(masked_text)))
    spans = []
    for a, b in out:
        while a < b and masked_text[a].isspace():
            a += 1
        while b > a and masked_text[b - 1].isspace():
            b -= 1
        if b > a:
            spans.append((a, b))
    return spans


LAW_PAIR = re.compile(r"\b(public|private)\s+(?:and|&)\s+(public|private)\s+law(?:\s+(?:practice|work|cases))?\b", re.I)
LEAD_PAIR = re.compile(r"\b(local|national)\s+and\s+(local|national)\s+leadership\b", re.I)
# the same, case-sensitive, for fold.folded() text
LAW_PAIR_LOW, LEAD_PAIR_LOW = re.compile(LAW_PAIR.pattern), re.compile(LEAD_PAIR.pattern)


TEAM_AFTER = re.compile(r"\s+team\b")


def annotate(text):
    """Every Ann of a passage's plain text, sorted by start."""
    words = Words(text)  # read once, for every lexicon in one pass
    found = scan(words, LEXICONS)
    anns = []
    for label, value_of in VALUES:
        for m in found[label]:
            anns.append(Ann(label, m.start(), m.end(), value_of(m.rows), m.group(0)))
    # Judgements: a pair ("public and private law") is two; otherwise the lexicon's.
    pairs = []
    low = folded(text)
    for rx, rx_low, noun in ((LAW_PAIR, LAW_PAIR_LOW, "law"), (LEAD_PAIR, LEAD_PAIR_LOW, "leadership")):
        if not mentions_any(low, (noun,)):
            continue  # most passages: the pattern would be tried at every character for nothing
        for m in (rx.finditer(text) if low is None else rx_low.finditer(low)):
            names = [f"{m.group(1).lower()} {noun}", f"{m.group(2).lower()} {noun}"]
            if noun == "leadership":
                names = ["local leadership" if n.startswith("local") else "leadership" for n in names]
            pairs.append(Ann("J", m.start(), m.end(), tuple(dict.fromkeys(names)), text[m.start():m.end()]))
    anns += pairs
    for m in found["J"]:
        if any(p.start <= m.start() < p.end for p in pairs):
            continue
        if not TEAM_AFTER.match(text[m.end():m.end() + 6]):
            anns.append(Ann("J", m.start(), m.end(), (m.rows[0]["judgement"],), m.group(0)))
    for d in find_dates(text):  # quick when the text has no year and no month's name
        anns.append(Ann("DATE", d.start, d.end, d))
    anns.sort(key=lambda a: (a.start, -a.end))
    return anns


# Which lexicon each span label comes from, and what value its rows give.
LEXICONS = tuple((label, lexicons()[name]) for label, name in (
    ("R", "ratings"), ("AREA", "areas"), ("ORG", "orgs"), ("GV", "grade_verbs"), ("GN", "grade_nouns"),
    ("INSP", "inspections"), ("CUE", "cues"), ("FCUE", "finding_cues"), ("J", "judgements"),
    ("SAY", "speech_verbs"), ("BODY", "graded_bodies"), ("FV", "finding_verbs")))
VALUES = (
    ("R", lambda rows: rows[0]["rating"]),
    ("AREA", lambda rows: (rows[0]["area"], rows[0]["kind"])),
    ("ORG", lambda rows: (rows[0]["name"], rows[0]["kind"])),
    ("GV", lambda rows: None),
    ("GN", lambda rows: None),
    ("INSP", lambda rows: rows[0]["kind"]),
    ("CUE", lambda rows: rows[0]["kind"]),
    ("FCUE", lambda rows: rows[0]["kind"]),
    ("SAY", lambda rows: rows[0]["verb"]),
    ("BODY", lambda rows: rows[0]["word"]),
    ("FV", lambda rows: rows[0]["verb"]),
)


class Reading:
    """An article's passages, quotations, sentences and annotations."""

    def __init__(self, article, passages):
        self.article = article
        self.passages = [p for p in passages if p["kind"] in FACT_KINDS]
        self.plain, self.masked, self.quotes, self.anns, self._starts = {}, {}, {}, {}, {}
        self.low = {}  # passage id -> fold.folded() of its plain text
        self._quote_starts, self._by_label = {}, {}
        self.sentences, self.by_passage = [], {}
        for p in self.passages:
            pid, text = p["id"], plain(p["text"])
            quotes = [Quote(a, b, closed=c) for a, b, c in quote_spans(text)]
            self.plain[pid], self.quotes[pid] = text, quotes
            self.low[pid] = folded(text)
            self._quote_starts[pid] = [q.start for q in quotes]
            self.masked[pid] = masked(text, quotes)
            mine = []
            for k, (a, b) in enumerate(split_sentences(self.masked[pid])):
                s = Sentence(p, a, b, len(self.sentences), k)
                self.sentences.append(s)
                mine.append(s)
            self.by_passage[pid] = mine
            anns = annotate(text)
            self.anns[pid] = anns
            self._starts[pid] = [a.start for a in anns]
            by_label = {}  # label -> its anns, in the same order, and their starts
            for a in anns:
                by_label.setdefault(a.label, ([], []))
                by_label[a.label][0].append(a)
                by_label[a.label][1].append(a.start)
            self._by_label[pid] = by_label

    # --- looking things up ---------------------------------------------------

    def spans(self, sentence_or_pid, label=None, start=None, end=None):
        """Anns of a label (or all) in a sentence, or in [start, end) of a passage."""
        if isinstance(sentence_or_pid, Sentence):
            pid = sentence_or_pid.passage["id"]
            start = sentence_or_pid.start if start is None else start
            end = sentence_or_pid.end if end is None else end
        else:
            pid = sentence_or_pid
        if label is None:
            anns, starts = self.anns[pid], self._starts[pid]
        else:
            found = self._by_label[pid].get(label)
            if found is None:
                return []  # most sentences: the passage has no span of the label
            anns, starts = found
        lo = bisect.bisect_left(starts, start or 0)
        hi = bisect.bisect_left(starts, end if end is not None else 1 << 30)
        if end is None:
            return list(anns[lo:hi])
        return [a for a in anns[lo:hi] if a.end <= end]

    def may_say(self, sentence, words):
        """Might the sentence hold one of words (lower-case literals, any case in
        the text)? A quick test before a case-insensitive pattern that needs one."""
        low = self.low[sentence.passage["id"]]
        return low is None or any(low.find(w, sentence.start, sentence.end) >= 0 for w in words)

    def has(self, sentence, label):
        return any(True for _ in self.spans(sentence, label))

    def quote_at(self, pid, pos):
        """The quotation holding offset pos of a passage, or None (quotations do not overlap)."""
        quotes = self.quotes[pid]
        k = bisect.bisect_right(self._quote_starts[pid], pos) - 1
        if k >= 0 and quotes[k].start <= pos < quotes[k].end:
            return quotes[k]
        return None

    def quotes_in(self, s):
        """The quotations that overlap a sentence."""
        pid = s.passage["id"]
        quotes, starts = self.quotes[pid], self._quote_starts[pid]
        lo = max(0, bisect.bisect_right(starts, s.start) - 1)
        hi = bisect.bisect_left(starts, s.end)
        return [q for q in quotes[lo:hi] if q.end > s.start and q.start < s.end]

    def voice(self, pid, pos):
        """Who is speaking at pos: None (the article itself), or the voice of
        the quotation there ("inspectorate", "person", "other", "scare", "unknown")."""
        q = self.quote_at(pid, pos)
        if q is None:
            return None
        return q.voice or "unknown"

    def plain_text(self, sentence):
        return self.plain[sentence.passage["id"]][sentence.start:sentence.end]

    def masked_text(self, sentence):
        return self.masked[sentence.passage["id"]][sentence.start:sentence.end]

    def previous(self, sentence, n=1):
        i = sentence.index - n
        return self.sentences[i] if i >= 0 else None

    def following(self, sentence):
        i = sentence.index + 1
        return self.sentences[i] if i < len(self.sentences) else None
