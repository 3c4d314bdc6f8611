"""The vocabulary files turned into what the reading matches with.

Each kind of span (grade words, judgement names, areas, organisations ...) is
a Lexicon: its phrases indexed by their first word, matched against a
passage's words in one pass (a phrase matcher, like spaCy's PhraseMatcher,
without a pipeline: see the README's "Why not spaCy"). Matching is on whole
words, longest phrase first; apostrophes do not count ("Childrens Services"
is "Children's Services") and case counts only for the lexicons that say so.

Everything here comes from datasette_cafcass/vocab/; nothing names an article.
"""
import bisect
import functools
import re
import operator
from itertools import accumulate, compress, count

from ... import vocab

# Curly quotes and dashes made plain for matching; the same length, so every
# offset found in plain text is an offset in the original.
PLAIN = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-",
                       "‐": "-", "‑": "-", "\u00a0": " "})
WORD = re.compile(r"\w+(?:['-]\w+)*")
WORD_SPLIT = re.compile(r"(\w+(?:['-]\w+)*)")
CAMEL = re.compile(r"(?<=[a-z]{2})(?=[A-Z][a-z])")
# Two lower-case letters, a capital and a lower-case letter, looked for from the capital (fewer stops).
CAMEL_ANYWHERE = re.compile(r"[A-Z](?<=[a-z]{2}[A-Z])(?=[a-z])")
POSSESSIVE = re.compile(r"'s?$|'", re.I)


_PLAIN_PAIRS = tuple((chr(k), v) for k, v in PLAIN.items())


def plain(text):
    """text.translate(PLAIN), by one replace() per character: each is a quick
    scan in C (translate() looks every character up), and no replacement is
    a character that another replaces."""
    for a, b in _PLAIN_PAIRS:
        text = text.replace(a, b)
    return text


def _key(text):
    return " ".join(plain(text).replace("'", "").lower().split())


class Words:
    """A text's words, read once for every lexicon: (word, start, end), each
    word's lower-case key, and its key without a possessive ending ("Cafcass's"
    and "Cafcass'" are Cafcass where a phrase ends)."""

    __slots__ = ("text", "words", "lower", "stem")

    def __init__(self, text):
        self.text = text
        ptext = plain(text)
        # One split gives the words and what lies between them, and their
        # offsets are the running sums of the pieces' lengths: no Python step per word.
        parts = WORD_SPLIT.split(ptext)
        ends = list(accumulate(map(len, parts)))
        written = parts[1::2]
        self.words = list(zip(written, ends[0:-1:2], ends[1::2]))
        camels = [m.start() for m in CAMEL_ANYWHERE.finditer(ptext)]
        if camels:
            # "a report on theEast Midlands": a capital after a lower-case run starts a word too
            starts = ends[0:-1:2]
            split = sorted({bisect.bisect_right(starts, c) - 1 for c in camels}, reverse=True)
            for k in split:
                word, at, _ = self.words[k]
                pieces = []
                for piece in CAMEL.split(word):
                    pieces.append((piece, at, at + len(piece)))
                    at += len(piece)
                self.words[k:k + 1] = pieces
            written = [w for w, _, _ in self.words]
        lower = list(map(str.lower, written))
        if "'" in ptext:
            self.lower = [k.replace("'", "") if "'" in k else k for k in lower]
            self.stem = [POSSESSIVE.sub("", w).lower() if "'" in w else k for w, k in zip(written, self.lower)]
        else:
            self.lower = self.stem = lower  # read only


def words_of(text):
    return Words(text).words


@functools.lru_cache(maxsize=4096)
def words_cached(text):
    """Words of a short text several rules look at (a sentence, a subject phrase)."""
    return Words(text)


def scan(words, named):
    """{label: [Match]} of several lexicons in one pass over words: at each word
    one look-up per first-word key, each label's longest phrase, none overlapping
    within a label. named: [(label, Lexicon)]."""
    by_word, by_stem = _combined(tuple(named))
    out = {label: [] for label, _ in named}
    free = dict.fromkeys(out, 0)
    w = words
    lower, stem, n = w.lower, w.stem, len(w.lower)
    # The look-ups of every word at once (in C); most words start no phrase.
    found_by_word = list(map(by_word.get, lower))
    at = compress(range(n), found_by_word)
    by_stem_at = {}
    if stem is not lower:  # words with a possessive ending: their stems start phrases too
        by_stem_at = {i: by_stem[st] for i, (low, st) in enumerate(zip(lower, stem)) if st != low and st in by_stem}
        if by_stem_at:
            at = sorted(set(at).union(by_stem_at))
    for i in at:
        hits = found_by_word[i]
        more = by_stem_at.get(i)
        if more:
            hits = hits + more if hits else more
        for label, lex, single, seconds in hits:
            if free[label] > i:
                continue
            if single is not None:  # the lexicon's one phrase starting with this word is the word
                found = 1, single, w.words[i][2]
            elif seconds is not None and (i + 1 == n or lower[i + 1] not in seconds and stem[i + 1] not in seconds):
                continue  # only longer phrases start with this word, and the next word is none's second
            else:
                found = lex.match_at(w, i)
            if found:
                k, rows, end = found
                start = w.words[i][1]
                out[label].append(Match(start, end, w.text[start:end], rows))
                free[label] = i + k
    return out


@functools.lru_cache(maxsize=8)
def _combined(named):
    """Two maps of a word key to [(label, Lexicon, rows, seconds)] of the
    lexicons with a phrase starting with it: as the word's own key and as its
    key without a possessive ending. rows: where that phrase is the lexicon's
    only one starting with the word and the word alone, matched whatever its
    case (what Lexicon.match_at() would find); seconds: where every phrase
    starting with it has more words, their second words' keys. (As a stem,
    both None: match_at() decides, trying the word's own key first.)"""
    by_word, by_stem = {}, {}
    for label, lex in named:
        for key, (longer, one, seconds) in lex.parts.items():
            by_word.setdefault(key, []).append((label, lex, lex.single.get(key), None if one else seconds))
            by_stem.setdefault(key, []).append((label, lex, None, None))
    return by_word, by_stem


class Match:
    """What a lexicon found: re.Match's start(), end() and group(), and its rows."""

    __slots__ = ("_start", "_end", "text", "rows")

    def __init__(self, start, end, text, rows):
        self._start, self._end, self.text, self.rows = start, end, text, rows

    def start(self, _=0):
        return self._start

    def end(self, _=0):
        return self._end

    def span(self):
        return self._start, self._end

    def group(self, _=0):
        return self.text


class Lexicon:
    """Phrases indexed by their first word's lower-case key; matches a text's
    words, longest phrase first, none overlapping."""

    def __init__(self, rows, phrase_col, case=None):
        self.rows = {}
        self.index = {}  # first word key -> [(lower keys, exact words or None, rows)], longest first
        case_of = case or (lambda p: False)
        for row in rows:
            phrase = row[phrase_col]
            w = Words(phrase)
            if not w.words:
                continue
            keys = tuple(w.lower)
            exact = tuple(x.replace("'", "") for x, _, _ in w.words) if case_of(phrase) else None
            self.rows.setdefault(_key(phrase), []).append(row)
            entries = self.index.setdefault(keys[0], [])
            entry = next((e for e in entries if e[0] == keys and e[1] == exact), None)
            if entry is None:
                entries.append((keys, exact, [row]))
            else:
                entry[2].append(row)
        for entries in self.index.values():
            entries.sort(key=lambda e: -len(e[0]))
        # first word key -> (phrases of more words, longest first; of one word; their second words' keys)
        self.parts = {key: ([e for e in entries if len(e[0]) > 1], [e for e in entries if len(e[0]) == 1],
                            {e[0][1] for e in entries if len(e[0]) > 1})
                      for key, entries in self.index.items()}
        # first word key -> rows, where the only phrase starting with it is that word, in any case
        self.single = {key: entries[0][2] for key, entries in self.index.items()
                       if len(entries) == 1 and len(entries[0][0]) == 1 and entries[0][1] is None}

    def match_at(self, w, i):
        """(number of words, rows, end offset) of the longest phrase starting at word i, or None."""
        lower, stem = w.lower, w.stem
        n = len(lower)
        low = lower[i]
        for first in (low, stem[i]) if stem[i] != low else (low,):
            parts = self.parts.get(first)
            if parts is None:
                continue
            longer, one, seconds = parts
            # a phrase of more words needs the next word for its second (as written or as a stem)
            if longer and i + 1 < n and (lower[i + 1] in seconds or stem[i + 1] in seconds):
                for keys, exact, rows in longer:
                    k = len(keys)
                    if i + k > n:
                        continue
                    last = i + k - 1
                    if tuple(lower[i:last]) != keys[:-1]:
                        continue
                    if lower[last] == keys[-1]:
                        end = w.words[last][2]
                    elif stem[last] == keys[-1]:
                        end = w.words[last][1] + len(POSSESSIVE.split(w.words[last][0])[0])  # not its possessive mark
                    else:
                        continue
                    if exact is not None:
                        written = [x.replace("'", "") for x, _, _ in w.words[i:last + 1]]
                        if tuple(written[:-1]) != exact[:-1] or not written[-1].startswith(exact[-1]):
                            continue
                    return k, rows, end
            for keys, exact, rows in one:
                if lower[i] == keys[0]:
                    end = w.words[i][2]
                elif stem[i] == keys[0]:
                    end = w.words[i][1] + len(POSSESSIVE.split(w.words[i][0])[0])  # not its possessive mark
                else:
                    continue
                if exact is not None and not w.words[i][0].replace("'", "").startswith(exact[0]):
                    continue
                return 1, rows, end
        return None

    def finditer(self, text):
        """Matches in text (a str, or Words read once; curly quotes and dashes read
        as plain, offsets unchanged), left to right, none overlapping."""
        w = text if isinstance(text, Words) else words_cached(text)
        index = self.index
        # the words that start a phrase, found at once (in C); the rest are passed over
        starts = map(index.__contains__, w.lower)
        if w.stem is not w.lower:
            starts = map(operator.or_, starts, map(index.__contains__, w.stem))
        out, i = [], 0
        for at in compress(count(), starts):
            if at < i:
                continue  # inside the phrase just found
            found = self.match_at(w, at)
            if found:
                k, rows, end = found
                start = w.words[at][1]
                out.append(Match(start, end, w.text[start:end], rows))
                i = at + k
        return out

    def lookup(self, matched):
        return self.rows.get(_key(matched), [])


def phrase_pattern(phrases):
    """One regex matching any of phrases, whole words (for the few places that want a pattern)."""
    alts = sorted({r"\s+".join(re.escape(plain(w)) for w in p.split()) for p in phrases}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])", re.I)


def _acronym(phrase):
    """Single words with two or more capitals (NAO, DfE, CIW) match only as written."""
    return " " not in phrase.strip() and sum(c.isupper() for c in phrase) >= 2


@functools.lru_cache(maxsize=None)
def lexicons():
    v = {}
    scale = vocab.read_csv("rating_scale.csv")
    v["ranks"] = {r["rating"]: int(r["rank"]) for r in scale}
    v["ratings"] = Lexicon(vocab.read_csv("rating_words.csv"), "written")
    v["judgements"] = Lexicon(vocab.read_csv("judgements.csv"), "phrase")
    v["areas"] = Lexicon(vocab.read_csv("areas.csv"), "alias", case=lambda p: True)
    v["orgs"] = Lexicon(vocab.read_csv("organisations.csv"), "alias", case=_acronym)
    grade_words = vocab.read_csv("grade_words.csv")
    v["grade_verbs"] = Lexicon([r for r in grade_words if r["kind"] == "verb"], "word")
    v["grade_nouns"] = Lexicon([r for r in grade_words if r["kind"] == "noun"], "word")
    v["inspections"] = Lexicon(vocab.read_csv("inspection_words.csv"), "phrase")
    v["cues"] = Lexicon(vocab.read_csv("cues.csv"), "cue")
    v["finding_cues"] = Lexicon(vocab.read_csv("finding_cues.csv"), "cue")
    v["graded_bodies"] = Lexicon(vocab.read_csv("graded_bodies.csv"), "word")
    v["speech_verbs"] = Lexicon(vocab.read_csv("speech_verbs.csv"), "verb")
    v["roles"] = Lexicon(vocab.read_csv("roles.csv"), "phrase")
    v["finding_verbs"] = Lexicon(vocab.read_csv("finding_verbs.csv"), "verb")
    return v
