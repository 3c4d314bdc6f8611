"""The vocabulary files turned into what the reading matches with.

Each kind of span (grade words, judgement names, areas, organisations ...) is
a Lexicon: its phrases indexed by their first word, matched against a
passage's words in one pass (a phrase matcher, like spaCy's PhraseMatcher,
without a pipeline: see the README's "Why not spaCy"). Matching is on whole
words, longest phrase first; apostrophes do not count ("Childrens Services"
is "Children's Services") and case counts only for the lexicons that say so.

Everything here comes from datasette_cafcass/vocab/; nothing names an article.
"""
import functools
import re

from ... import vocab

# Curly quotes and dashes made plain for matching; the same length, so every
# offset found in plain text is an offset in the original.
PLAIN = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-",
                       "‐": "-", "‑": "-", "\u00a0": " "})
WORD = re.compile(r"\w+(?:['-]\w+)*")
CAMEL = re.compile(r"(?<=[a-z]{2})(?=[A-Z][a-z])")
POSSESSIVE = re.compile(r"'s?$|'", re.I)


def plain(text):
    return text.translate(PLAIN)


def _key(text):
    return re.sub(r"\s+", " ", plain(text).replace("'", "")).strip().lower()


def word_key(word, case):
    word = word.replace("'", "")
    return word if case else word.lower()


class Words:
    """A text's words, read once for every lexicon: (word, start, end), and each
    word's key with and without its case."""

    __slots__ = ("text", "words", "lower", "exact", "stem", "stem_exact")

    def __init__(self, text):
        self.text = text
        self.words = []
        for m in WORD.finditer(plain(text)):
            # "a report on theEast Midlands": a capital after a lower-case run starts a word too
            at = m.start()
            for piece in CAMEL.split(m.group(0)):
                self.words.append((piece, at, at + len(piece)))
                at += len(piece)
        self.exact = [w.replace("'", "") for w, _, _ in self.words]
        self.lower = [w.lower() for w in self.exact]
        # without a possessive ending: "Cafcass's" and "Cafcass'" are Cafcass where a phrase ends
        self.stem_exact = [POSSESSIVE.sub("", w) for w, _, _ in self.words]
        self.stem = [w.lower() for w in self.stem_exact]


def words_of(text):
    return Words(text).words


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
    """Phrases indexed by first word; matches a text's words, longest phrase first."""

    def __init__(self, rows, phrase_col, case=None):
        self.rows = {}
        self.index = {}  # first word key -> [(word keys, case sensitive, rows)], longest first
        self.case_of = case or (lambda p: False)
        for row in rows:
            phrase = row[phrase_col]
            sensitive = bool(self.case_of(phrase))
            keys = tuple(word_key(w, sensitive) for w, _, _ in Words(phrase).words)
            if not keys:
                continue
            self.rows.setdefault(_key(phrase), []).append(row)
            entry = next((e for e in self.index.get(keys[0], []) if e[0] == keys and e[1] == sensitive), None)
            if entry is None:
                self.index.setdefault(keys[0], []).append((keys, sensitive, [row]))
            else:
                entry[2].append(row)
        for entries in self.index.values():
            entries.sort(key=lambda e: -len(e[0]))

    def finditer(self, text):
        """Matches in text (a str, or Words read once; curly quotes and dashes read
        as plain, offsets unchanged), left to right, none overlapping."""
        w = text if isinstance(text, Words) else Words(text)
        text, words = w.text, w.words
        i, n = 0, len(words)
        out = []
        while i < n:
            found = None
            for first in {w.lower[i], w.exact[i], w.stem[i], w.stem_exact[i]}:
                for keys, sensitive, rows in self.index.get(first, ()):
                    k = len(keys)
                    if i + k > n or (found and k <= found[0]):
                        continue
                    full, stems = (w.exact, w.stem_exact) if sensitive else (w.lower, w.stem)
                    if tuple(full[i:i + k - 1]) != keys[:-1]:
                        continue
                    last = i + k - 1
                    if full[last] == keys[-1]:
                        found = (k, rows, words[last][2])
                    elif stems[last] == keys[-1]:
                        # the possessive mark is not part of the name
                        found = (k, rows, words[last][1] + len(POSSESSIVE.split(words[last][0])[0]))
            if found:
                k, rows, end = found
                start = words[i][1]
                out.append(Match(start, end, text[start:end], rows))
                i += k
            else:
                i += 1
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
