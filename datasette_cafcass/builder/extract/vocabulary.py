"""The vocabulary files turned into what the reading matches with: one
compiled pattern per kind of span, each alternative mapped back to its row.

Everything here comes from datasette_cafcass/vocab/; nothing names an article.
"""
import functools
import re

from ... import vocab

# Curly quotes and dashes made plain for matching; the same length, so every
# offset found in plain text is an offset in the original.
PLAIN = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-",
                       "‐": "-", "‑": "-", "\u00a0": " "})


def plain(text):
    return text.translate(PLAIN)


def _alt(phrase):
    """A phrase as a pattern: any white space between its words, either apostrophe."""
    words = [re.escape(plain(w)).replace("'", "'?") for w in phrase.split()]
    return r"\s+".join(words)


def phrase_pattern(phrases, case_sensitive=False, left=r"(?<![\w-])", right=r"(?![\w-])"):
    """One pattern matching any of phrases (longest first), whole words only."""
    alts = sorted({_alt(p) for p in phrases}, key=len, reverse=True)
    return re.compile(left + "(?:" + "|".join(alts) + ")" + right, 0 if case_sensitive else re.I)


def _key(text):
    return re.sub(r"\s+", " ", plain(text).replace("'", "")).strip().lower()


class Lexicon:
    """A pattern and a lookup from each matched phrase back to its rows."""

    def __init__(self, rows, phrase_col, case=None, **kw):
        self.rows = {}
        groups = {True: [], False: []}
        for row in rows:
            phrase = row[phrase_col]
            self.rows.setdefault(_key(phrase), []).append(row)
            sensitive = case(phrase) if case else False
            groups[sensitive].append(phrase)
        self.patterns = [phrase_pattern(p, s, **kw) for s, p in groups.items() if p]

    def finditer(self, text):
        """Matches in text (curly quotes and dashes read as plain, offsets unchanged)."""
        text = plain(text)
        for rx in self.patterns:
            yield from rx.finditer(text)

    def lookup(self, matched):
        return self.rows.get(_key(matched), [])


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
    # a capital after a lower-case letter starts a word too ("a report on theEast Midlands")
    v["areas"] = Lexicon(vocab.read_csv("areas.csv"), "alias", case=lambda p: True, left=r"(?<![A-Z0-9])")
    v["orgs"] = Lexicon(vocab.read_csv("organisations.csv"), "alias", case=_acronym)
    grade_words = vocab.read_csv("grade_words.csv")
    v["grade_verbs"] = Lexicon([r for r in grade_words if r["kind"] == "verb"], "word")
    v["grade_nouns"] = Lexicon([r for r in grade_words if r["kind"] == "noun"], "word")
    v["inspections"] = Lexicon(vocab.read_csv("inspection_words.csv"), "phrase")
    v["cues"] = Lexicon(vocab.read_csv("cues.csv"), "cue")
    v["finding_cues"] = Lexicon(vocab.read_csv("finding_cues.csv"), "cue", left=r"(?<![\w-])", right=r"(?![\w])")
    v["graded_bodies"] = phrase_pattern([r["word"] for r in vocab.read_csv("graded_bodies.csv")])
    v["speech_verbs"] = phrase_pattern([r["verb"] for r in vocab.read_csv("speech_verbs.csv")])
    v["roles"] = Lexicon(vocab.read_csv("roles.csv"), "phrase")
    v["finding_verbs"] = phrase_pattern([r["verb"] for r in vocab.read_csv("finding_verbs.csv")])
    return v
