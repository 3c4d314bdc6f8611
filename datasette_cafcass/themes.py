"""The theme rule, shared by the build (which stores every row's themes in
`row_themes`) and the theme facet (which falls back to it, in SQL, on tables
the build did not cover).

A text mentions a theme when one of its words starts with one of the theme's
terms, ignoring case and punctuation: "delay" finds "Delays" and "delayed",
not "undelayed"; a phrase matches word by word ("child's voice" finds
"Child's voices" and "child-s voice", since anything but a letter or digit
separates words).
"""
import bisect
import re

# A run of letters and digits: [^\W_] is exactly str.isalnum (\w is isalnum or "_"),
# so apostrophes and hyphens separate words: "child's voice" is "child s voice",
# "child-centred" is "child centred".
_WORD = re.compile(r"[^\W_]+")


def words(text):
    """text as lower-case words between single spaces, with a space each side, so
    that a word starting with term is the substring " " + term (the SQL form is
    LIKE '% term%')."""
    if text is None:
        return None
    return " " + " ".join(_WORD.findall(str(text).lower())) + " "


def term_words(term):
    """A term in the form words() gives, without the trailing space; empty for a
    term with no letters or digits (it never matches)."""
    return words(term).strip()


class Matcher:
    """The themes a text mentions, in the order of the taxonomy.

    rows: (theme, term) pairs, e.g. vocab.read_csv("themes.csv")."""

    def __init__(self, rows):
        self.themes = {}
        for row in rows:
            theme, term = (row["theme"], row["term"]) if isinstance(row, dict) else row
            if theme is None or term is None:
                continue
            needle = term_words(term)
            if needle:
                self.themes.setdefault(theme, []).append(" " + needle)
        # one search per theme: an alternation of its needles, as plain strings
        self.patterns = [(theme, re.compile("|".join(map(re.escape, needles))))
                         for theme, needles in self.themes.items()]

    def __call__(self, text):
        if text is None:
            return []
        norm = words(text)
        return [theme for theme, pattern in self.patterns if pattern.search(norm)]

    def of_parts(self, parts):
        """(self(whole), [self(part) for part in parts]) for the text `whole`
        that is parts joined by anything but letters and digits (an article's
        body: its passages and the blank lines between them), from one search
        of the whole's words per theme instead of one of the whole and one of
        each part. No word spans two parts, so the whole's words are the parts'
        in turn; a part mentions a theme where one of the theme's terms starts
        at one of its words and ends within them."""
        pieces, starts, ends, at = [], [], [], 0  # each part's words, as offsets in norm
        for part in parts:
            found = _WORD.findall(part.lower())
            starts.append(at)  # the space before its first word
            at += sum(map(len, found)) + len(found)
            ends.append(at)  # just past its last word
            pieces += found
        norm = " " + " ".join(pieces) + " "
        whole, each = [], [[] for _ in parts]
        for theme, pattern in self.patterns:
            m = pattern.search(norm)
            if m:
                whole.append(theme)
            within = set()  # the parts that mention the theme
            while m:  # every offset where one of its terms starts (terms may overlap)
                pos = m.start()
                k = bisect.bisect_right(starts, pos) - 1
                if k not in within and any(norm.startswith(n, pos) and pos + len(n) <= ends[k]
                                           for n in self.themes[theme]):
                    within.add(k)
                    each[k].append(theme)
                m = pattern.search(norm, pos + 1)
        return whole, each
