"""Text helpers shared by the extractors: sentences with their offsets,
clauses, and plain-quote normalisation for matching."""
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
