"""Text helpers shared by the extractors: sentences with their offsets,
clauses, plain-quote normalisation for matching, and quotation spans."""
import re
from dataclasses import dataclass

# Abbreviations after which a full stop does not end a sentence.
_ABBREV = re.compile(r"\b(?:mr|mrs|ms|dr|prof|st|no|vs|etc|inc|ltd|co|cllr|rev|hon|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|e\.g|i\.e)\.$", re.I)
_END = re.compile(r"[.!?]+[”\"’']?(?=\s+[“\"‘'(\[A-Z0-9£])")

_PLAIN = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})


def plain(text):
    """Curly quotes and dashes made plain, for pattern matching (same length)."""
    return text.translate(_PLAIN)


@dataclass
class Sentence:
    text: str
    start: int  # offset in the passage text
    index: int  # position in the passage, from 0


def sentences(text):
    """The sentences of a passage, each a substring of it."""
    out, start = [], 0
    for m in _END.finditer(text):
        end = m.end()
        if _ABBREV.search(text[start:m.start() + 1]):
            continue
        piece = text[start:end].strip()
        if piece:
            out.append(Sentence(piece, text.index(piece, start), len(out)))
        start = end
    piece = text[start:].strip()
    if piece:
        out.append(Sentence(piece, text.index(piece, start), len(out)))
    return out


# Where one clause ends and another begins: the grade in one clause is not
# about the noun in the next ("..., while safeguarding is satisfactory").
_CLAUSE = re.compile(
    r";|:\s|,\s*(?=(?:while|whilst|although|though|but|when|whereas|and\s+(?:in|its|it|the)\b|with)\b)"
    r"|\s(?=(?:but|while|whilst|although|whereas)\s)|\s-\s|\s[–—]\s", re.I)


def clauses(text):
    """(start, end) spans of a sentence's clauses."""
    spans, start = [], 0
    for m in _CLAUSE.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def clean_item(text):
    """A finding's text without a trailing colon, bullet or dangling quote marks."""
    text = re.sub(r"^[\s\-–—•*·]+", "", text).strip()
    return text.rstrip(" :;")


# --- Quotations (used by quotes.py) ------------------------------------------
# Quotation marks are found first and the quoted words replaced by
# placeholders, so that sentence splitting and speaker rules see only the
# article's own framing words ("..., says Stanley.") and never the
# punctuation inside a quote.

PLACEHOLDER = "\x00{}\x00"
PLACEHOLDER_RE = re.compile("\x00(\\d+)\x00")

_LETTER = re.compile(r"\w")


def _is_word_start(text, i):
    return i == 0 or not _LETTER.match(text[i - 1])


def _single_close(text, start):
    """Index of the ’ closing a ‘ opened at start, or None: an apostrophe
    inside a word (we’ve) or after a letter before a letter does not close."""
    for j in range(start + 1, len(text)):
        if text[j] == "’" and (j + 1 == len(text) or not _LETTER.match(text[j + 1])) \
                and text[j - 1] not in " \t":
            return j
    return None


def quote_spans(text):
    """(start, end) of every quotation in text, end exclusive, marks included.

    Curly double quotes, straight double quotes and curly single quotes opened
    at the start of a word. A quote left open runs to the end of the text:
    a quote that continues into the next paragraph, or an excerpt cut off
    mid-quote.
    """
    spans = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        end = None
        if ch == "“":
            j = text.find("”", i + 1)
            end = n if j < 0 else j + 1
        elif ch == '"':
            j = text.find('"', i + 1)
            end = n if j < 0 else j + 1
        elif ch == "‘" and _is_word_start(text, i):
            j = _single_close(text, i)
            end = None if j is None else j + 1
            if end is None and re.search(r"(?:^|:)\s*$", text[:i]):
                end = n  # "said: ‘These are" — cut off mid-quote
        if end is not None and end > i + 1:
            spans.append((i, end))
            i = end
        else:
            i += 1
    return spans


def unquote(span_text):
    """The words inside a quotation, without its marks or a trailing comma."""
    inner = span_text.strip()
    if inner[:1] in "“\"‘":
        inner = inner[1:]
    if inner[-1:] in "”\"’":
        inner = inner[:-1]
    inner = inner.strip()
    inner = re.sub(r"^\[(?:\.\.\.|…)\]\s*", "", inner)  # an editor's cut at the start
    return inner.rstrip(",").strip()


def frame(text):
    """(framed text with quotes replaced by placeholders, list of quote spans)."""
    spans = quote_spans(text)
    out, last = [], 0
    for k, (s, e) in enumerate(spans):
        out.append(text[last:s])
        out.append(PLACEHOLDER.format(k))
        if re.search(r"[.!?]\W*$", text[s:e]):
            out.append(ENDS_SENTENCE)
        last = e
    out.append(text[last:])
    return "".join(out), spans


# A quotation whose words end a sentence ("… track.” She added) is followed
# by this mark in the framed text, so sentences split after it.
ENDS_SENTENCE = "\x01"


def framed_sentences(text):
    """Split framed text (see frame()) into sentences at ., ! or ? followed by
    space and a capital, a digit or a quotation; abbreviations ("Dr.") stay joined."""
    parts, start = [], 0
    for m in re.finditer(r"(?<=[.!?\x01])\s+(?=[\x00“\"‘A-Z0-9£])", text):
        before = text[start:m.start()]
        if re.search(r"\b(?:Dr|Mr|Mrs|Ms|Prof|St|No|c|ca|approx|Cllr|Rev)\.$", before):
            continue
        parts.append(before.strip())
        start = m.end()
    parts.append(text[start:].strip())
    return [p.replace(ENDS_SENTENCE, "") for p in parts if p.replace(ENDS_SENTENCE, "")]
