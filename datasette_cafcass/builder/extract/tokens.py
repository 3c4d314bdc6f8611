"""A sentence as a row of tokens: words, and the reading's spans as symbols.

The constructions in grades.py are patterns over this row rather than over raw
text: "J+ (is|was|are|were) R" says what it means whatever the judgement's or
the grade's words were. Each token keeps its offsets and its Ann.
"""
import re
from itertools import accumulate
from dataclasses import dataclass

from .vocabulary import plain

WORD = re.compile(r"\w+(?:['-]\w+)*|[^\w\s]")
WORD_SPLIT = re.compile("(" + WORD.pattern + ")")
# Spans that become one symbol; where two overlap, the earlier label here wins.
SYMBOLS = ("R", "J", "GN", "GV", "AREA", "ORG", "INSP", "DATE", "BODY")
QUOTE_MARKS = {"'", '"', "\x00"}


@dataclass(slots=True)
class Tok:
    sym: str  # a symbol (R, J, ...) or the word in lower case
    start: int  # offsets in the passage
    end: int
    ann: object = None

    @property
    def is_word(self):
        return self.ann is None


def tokens(reading, sentence):
    """The sentence's tokens in order."""
    pid = sentence.passage["id"]
    text = reading.plain[pid]
    anns = [a for a in reading.spans(sentence) if a.label in SYMBOLS]
    anns.sort(key=lambda a: (SYMBOLS.index(a.label), a.start))
    taken, chosen = [], []
    for a in anns:
        if any(a.start < e and s < a.end for s, e in taken):
            continue
        taken.append((a.start, a.end))
        chosen.append(a)
    chosen.sort(key=lambda a: a.start)
    out, k = [], 0
    pos = sentence.start
    for a in chosen + [None]:
        stop = a.start if a is not None else sentence.end
        # the words up to the span: one split (only white space lies between two), offsets the running sums
        parts = WORD_SPLIT.split(text[pos:stop])
        ends = accumulate(map(len, parts), initial=pos)
        next(ends)  # pos itself: then each word's start and end in turn
        for gap_end, word, word_end in zip(ends, parts[1::2], ends):
            if word not in QUOTE_MARKS:  # quotation marks carry no grammar here
                out.append(Tok(word.lower(), gap_end, word_end))
        if a is not None:
            out.append(Tok(a.label, a.start, a.end, a))
            pos = a.end
    # "rating the service 'outstanding'": a grade noun followed by what it grades is the verb
    for k, t in enumerate(out[:-1]):
        if t.sym == "GN" and text[t.start:t.end].lower() in ("rating", "grading", "judging") and (
                out[k + 1].sym in ("the", "its", "their", "cafcass", "ORG", "AREA", "it", "them")):
            out[k] = Tok("GV", t.start, t.end, t.ann)
    return out


def symbols(toks):
    """The row as one string of space-separated symbols, and each token's offset in it."""
    offsets, parts, at = [], [], 0
    for t in toks:
        offsets.append(at)
        parts.append(t.sym)
        at += len(t.sym) + 1
    return " ".join(parts), offsets


def at_offsets(offsets, a, b):
    """Indices of the tokens a symbol-string range [a, b) covers."""
    return [i for i, o in enumerate(offsets) if a <= o < b]


# Where one clause ends and the next begins.
CLAUSE_BREAK = {";", ":", ".", "!", "?", "while", "whilst", "whereas", "although", "though", "but", "however", "-"}


def clause(toks, i):
    """(lo, hi) token range of the clause around token i."""
    lo = i
    while lo > 0 and toks[lo - 1].sym not in CLAUSE_BREAK:
        lo -= 1
    hi = i + 1
    while hi < len(toks) and toks[hi].sym not in CLAUSE_BREAK:
        hi += 1
    return lo, hi


def phrase_start(toks, i):
    """Index of the first token of the phrase ending at i (after the last comma or clause break)."""
    lo = i
    while lo > 0 and toks[lo - 1].sym not in CLAUSE_BREAK | {","}:
        lo -= 1
    return lo


def words(text):
    return [w.lower() for w in WORD.findall(plain(text))]
