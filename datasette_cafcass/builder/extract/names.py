"""People's names, roles and organisations in the words around a quote.

General rules over capitalisation, with the word lists they need (honorifics,
peers' titles, the words of job titles and of organisations' names, words that
never start a name) in vocab/name_words.csv; nothing here knows any
particular person.
"""
import re
from dataclasses import dataclass
import itertools
from itertools import accumulate

from ... import vocab

def _words(kind):
    """The words of vocab/name_words.csv of one kind (with a curly apostrophe too)."""
    out = {row["word"] for row in vocab.read_csv("name_words.csv") if row["kind"] == kind}
    return out | {w.replace("'", "’") for w in out}


HONORIFICS = _words("honorific")
# A peer is named by title and surname or territory ("Baroness Tyler of
# Enfield", "Lord Laming"): the title is part of that name.
PEERAGE = _words("peerage")
POST_NOMINALS = re.compile(r"^(?:[A-Z]{2,5}|PhD|QC|KC|MP|MSP|AM|JP|FRSA|DL)$")
# Words that make up job titles; one of the heads must be present for a
# phrase to count as a role.
ROLE_HEADS = _words("role head")
ROLE_WORDS = ROLE_HEADS | _words("role word")
ORG_WORDS = _words("organisation word")
# "Children and Families Minister": the capitals before a minister's title are
# the portfolio, unless they name a body that has ministers ("Home Office minister").
PORTFOLIO_TITLES = _words("portfolio title")
MINISTRY_WORDS = _words("ministry word")
# Capitalised words that open sentences or name things but never start a name.
STOPWORDS = _words("not a name")
# Organisations of the domain, named often without an organisation word
# (every single-word alias in vocab/organisations.csv).
KNOWN_ORGS = {row["alias"].lower().replace("’", "'") for row in vocab.read_csv("organisations.csv")
              if " " not in row["alias"]}
NOT_NAMES = STOPWORDS | KNOWN_ORGS
# Places and bodies the vocabulary names: never a person's name.
NOT_PEOPLE = {row["alias"].lower().replace("’", "'") for name in ("areas.csv", "organisations.csv")
              for row in vocab.read_csv(name)}
# Cafcass's service areas: "Head of Service for Thames Valley" names where, not whom, the title serves.
AREA_NAMES = {row["alias"].lower().replace("’", "'") for row in vocab.read_csv("areas.csv")}
PLACE_STARTS = _words("place start")
PARTICLES = _words("particle")

# (after a hyphen a capital: "Aynsley-Green" is a name, "Mother-of-two" a description)
_NAME_TOKEN = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:-[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+|['’][A-ZÀ-ÖØ-Þ]?[a-zß-öø-ÿ]+)*|Mc[A-Z][a-z]+|Mac[A-Z][a-z]+|O['’][A-Z][a-z]+|[A-Z]\.?)$")
_TOKEN = re.compile(r"[\w'’.-]+|[^\w\s]")
_TOKEN_SPLIT = re.compile("(" + _TOKEN.pattern + ")")  # only white space lies between two tokens


@dataclass
class Mention:
    name: str
    start: int  # character offsets of the name in the phrase searched
    end: int


def _tokens(text):
    """(token, start, end) of each _TOKEN in text: one split, the offsets the running sums of the pieces' lengths."""
    parts = _TOKEN_SPLIT.split(text)
    ends = list(accumulate(map(len, parts)))
    return list(zip(parts[1::2], ends[0:-1:2], ends[1::2]))


def _clean_token(tok):
    return tok.rstrip(".") if len(tok) > 2 else tok


def _is_possessive(tok):
    return tok.endswith(("'s", "’s")) or tok.endswith(("s'", "s’"))


# A name word starts with a capital (_NAME_TOKEN): any other token is no name word.
_CAPITALS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞ")
_NAME_LIKE = {}  # token -> _name_like(token): the same words come back in every article


def _name_like(tok):
    if tok[:1] not in _CAPITALS:
        return False
    try:
        return _NAME_LIKE[tok]
    except KeyError:
        pass
    if len(_NAME_LIKE) > 200_000:
        _NAME_LIKE.clear()
    out = _NAME_LIKE[tok] = _is_name_like(tok)
    return out


def _is_name_like(tok):
    t = _clean_token(tok)
    low = t.lower()
    if _is_possessive(t) or low in NOT_NAMES or low in ROLE_WORDS or low in ORG_WORDS:
        return False
    if low in HONORIFICS or low in PEERAGE or POST_NOMINALS.match(t):
        return False
    return bool(_NAME_TOKEN.match(t)) and not (len(t) <= 2 and t.endswith("."))


# A name has two capitalised words in a row, or a peer's or judge's title: text without them has none.
# (Two patterns that each start with a capital: the search skips straight from one capital to the next.)
_MAYBE_NAME = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’.-]*\s+(?:(?:de|van|von|der|den|da|du|la|le|bin|al|di|del)\s+)?[A-ZÀ-ÖØ-Þ]")
_MAYBE_TITLE = re.compile("|".join(
    first + r"(?<=\b" + first + ")(?:" + "|".join(w[1:] for w in group) + r")\b"
    for first, group in itertools.groupby(sorted(["Baroness", "Baron", "Lord", "Lady", "Viscount", "Viscountess", "Earl",
                                                  "Countess", "Justice", "Honour", "Judge"],
                                                 key=lambda w: (w[0], -len(w))), key=lambda w: w[0])))


def find_names(text):
    if not (_MAYBE_NAME.search(text) or _MAYBE_TITLE.search(text)):
        return []
    return _find_names(text)


LOWER_WORD = re.compile(r"[a-z'-]+")
LOWER_AFTER_HYPHEN = re.compile(r"-[a-z]")


def _find_names(text):
    """Every full name (two or more name words, or a peer's title and name)
    in text, left to right, with honorifics and post-nominal letters left
    out of the name."""
    toks = _tokens(text)
    # Every rule below starts at a token with a capital or just before one ("his
    # Honour", "lord Smith"): only those are looked at, the rest skipped.
    caps = [i for i, (t, _, _) in enumerate(toks) if t[:1] in _CAPITALS]
    starts = sorted(set(caps).union(i - 1 for i in caps if i))
    found, i, next_start = [], 0, 0
    while True:
        while next_start < len(starts) and starts[next_start] < i:
            next_start += 1
        if next_start == len(starts):
            break
        i = starts[next_start]
        tok, s, e = toks[i]
        low = tok.lower()
        # A judge known by title and surname: "Mr Justice Cobb", "Lady Justice
        # King", "His Honour Judge Bond", "District Judge Ames".
        nxt = toks[i + 1][0] if i + 1 < len(toks) else ""
        if (low in ("mr", "mrs", "ms", "lord", "lady") and nxt == "Justice") or \
                (low in ("his", "her") and nxt == "Honour") or (tok in ("District", "Circuit") and nxt == "Judge"):
            k = i + 1
            while k + 1 < len(toks) and toks[k + 1][0] in ("Justice", "Honour", "Judge"):
                k += 1
            if k + 1 < len(toks) and _name_like(toks[k + 1][0]) and \
                    not (k + 2 < len(toks) and _name_like(toks[k + 2][0])):
                found.append(Mention(text[s:toks[k + 1][2]], s, toks[k + 1][2]))
                i = k + 2
                continue
        # A peer: Title Surname [of Place], title kept as part of the name.
        if low in PEERAGE and i + 1 < len(toks) and _name_like(toks[i + 1][0]):
            j = i + 1
            while j + 1 < len(toks) and _name_like(toks[j + 1][0]):
                j += 1
            if j - i == 1:  # title + one name word: the peer's name
                k = j
                if k + 2 < len(toks) and toks[k + 1][0] == "of" and toks[k + 2][0][:1].isupper():
                    k += 2
                    while k + 1 < len(toks) and _name_like(toks[k + 1][0]):
                        k += 1
                found.append(Mention(text[s:toks[k][2]], s, toks[k][2]))
                i = k + 1
                continue
            i += 1  # "Lord John Smith": the title is an honorific
            continue
        if _name_like(tok):
            j = i
            while j + 1 < len(toks):
                nxt = toks[j + 1][0]
                if _name_like(nxt):
                    j += 1
                elif nxt in PARTICLES and j + 2 < len(toks) and _name_like(toks[j + 2][0]):
                    j += 2
                else:
                    break
            words = [t for t, _, _ in toks[i:j + 1]]
            before = toks[i - 1][0].lower() if i else ""
            after = toks[j + 1][0] if j + 1 < len(toks) else ""
            # "the Public Accounts Committee", "in Greater London": not people
            # ... unless a title follows in apposition: "for Steve Hunt, head of service"
            titled = after == "," and bool(set(LOWER_WORD.findall(text[toks[j][2]:toks[j][2] + 40].lower())[:3])
                                           & ROLE_HEADS)
            part_of_org = not titled and (before in ("the", "in", "of", "for", "at", "from", "across", "to", "near")
                                          or (after[:1].isupper() and after.lower() in ORG_WORDS)
                                          or words[0].lower() in PLACE_STARTS)
            if not part_of_org and len(words) >= 2 and len(words) <= 5 and not all(len(_clean_token(w)) == 1 for w in words[1:]):
                end = toks[j][2]
                name = text[s:end].rstrip(".") if not words[-1].endswith(".") or len(words[-1]) > 2 else text[s:end]
                if name.lower().replace("’", "'") not in NOT_PEOPLE:  # "Thames Valley", "Family Justice Board"
                    found.append(Mention(name, s, s + len(name)))
            i = j + 1
            continue
        i += 1
    return found


def surname(name):
    return name.split()[-1]


PRONOUNS_PERSON = {"he", "she"}
PRONOUNS_OTHER = {"it", "they", "we"}

_LEAD = re.compile(r"^(?:the|a|an|its|their|our|his|her|and|but|while)\s+", re.I)
_POSSESSIVE_ORG = re.compile(r"^((?:[A-Z][\w&-]*\s+){0,5}[A-Z][\w&-]*)['’]s?\s+(.*)$")
# "the inspectorate's director of social care": an organisation named by what it is
_GENERIC_ORG = re.compile(r"^(inspectorate|regulator|watchdog|council|charity|union|department|ministry|"
                          r"government|agency|service|organisation|board|committee|court)['’]s?\s+(.*)$")
_TAIL_ORG = re.compile(r"^(.*?)\s+(?:at|of|for|with)\s+(?:the\s+)?(?:(?!(?:at|of|for|with)\b)[a-z][\w-]*\s+){0,4}([A-Z][\w'’&-]*(?:\s+(?:of|for|and|the|&|[A-Z][\w'’&-]*))*)$")


DECORATIONS = re.compile(r"^(?:CBE|OBE|MBE|KBE|DBE|GBE|CB|KCB|DCB|BEM|QC|KC|PhD|JP|DL|FRSA)$")


def _area_at_end(head, tail):
    """Whether a title's tail after "for"/"of" is a service area, read with
    the words before it that belong to the area's name: "Head of Service for
    Thames Valley" (not an organisation "Service for Thames Valley")."""
    words = (head + " " + tail).split()
    return any(" ".join(words[i:]).lower() in AREA_NAMES for i in range(len(words)))


def _strip_title_ends(phrase):
    """A title phrase without a leading honorific or trailing letters and
    honorifics ("Chief executive Dr" -> "Chief executive"); "Labour MP" and
    "NSPCC chief executive" keep their capitals."""
    words = phrase.split()
    while words and words[0].lower().strip(",.") in HONORIFICS:
        words.pop(0)
    while words and (DECORATIONS.match(words[-1].strip(",")) or words[-1].lower().strip(",.") in HONORIFICS):
        words.pop()
    return " ".join(words)


def strip_letters(phrase):
    words = phrase.split()
    while words and (POST_NOMINALS.match(words[0].strip(",")) or words[0].lower().strip(",.") in HONORIFICS):
        words.pop(0)
    while words and (POST_NOMINALS.match(words[-1].strip(",")) or words[-1].lower().strip(",.") in HONORIFICS):
        words.pop()
    return " ".join(words)


OF_ORG = re.compile(r"^(?:of|from|at)\s+(?:the\s+)?([A-Z][\w'’&-]*(?:\s+(?:of|for|and|the|&|[A-Z][\w'’&-]*))*)$")
LETTER_POSSESSIVE_AT_END = re.compile(r"[A-Za-z]['’]s?$")
POSSESSIVE_AT_END = re.compile(r"['’]s?$")
WHITESPACE = re.compile(r"\s+")
WORD_HYPHENATED = re.compile(r"[\w'’-]+")
WORD_APOSTROPHE = re.compile(r"[\w'’]+")


def role_and_org(phrase):
    """(role, organisation) from a title phrase: "Cafcass Chief Executive",
    "Ofsted's national director for regulation and social care",
    "chief executive of the Family Justice Council". Role lower case; either
    may be None. A phrase with no job-title word gives no role."""
    p = _strip_title_ends(WHITESPACE.sub(" ", phrase).strip(" ,:;–—-"))
    while True:
        q = _LEAD.sub("", p)
        if q == p:
            break
        p = q
    if not p:
        return None, None
    org = None
    m = OF_ORG.match(p)
    if m:
        return None, m.group(1)  # "Jane Smith, of the Family Rights Group,"
    if LETTER_POSSESSIVE_AT_END.search(p) and p[:1].isupper():
        return None, POSSESSIVE_AT_END.sub("", p)  # "the Local Government Association's Tom Jones"
    m = _POSSESSIVE_ORG.match(p)
    # "Children's Minister": a capitalised common noun, not an organisation
    common = m and len(m.group(1).split()) == 1 and m.group(1).lower() in ORG_WORDS
    m = m or _GENERIC_ORG.match(p)
    if m and m.group(1).split()[-1].lower() not in ROLE_WORDS and not common:
        org, p = m.group(1), m.group(2)
    else:
        words = p.split()
        k = 0
        while k < len(words):
            w = words[k]
            # (not a description with a lower-case part after its hyphen: "Mother-of-two")
            if w[:1].isupper() and not set(w.lower().split("-")) & ROLE_WORDS and w.lower() not in STOPWORDS \
                    and not LOWER_AFTER_HYPHEN.search(w):
                k += 1
            elif k and w in ("and", "of", "for", "&") and k + 1 < len(words) and words[k + 1][:1].isupper() \
                    and words[k + 1].lower() not in ROLE_WORDS:
                k += 1  # "Children and Family Court Advisory and Support Service"
            else:
                break
        # "Cafcass chief executive", "Napo national official": an organisation
        # before a title; but "Family law barrister" is a title in a sentence's capital.
        # "Children's Minister", "Education Secretary": a common noun, not an organisation.
        single_common = k == 1 and POSSESSIVE_AT_END.sub("", words[0].lower()) in ORG_WORDS | {"children"}
        portfolio = 0 < k < len(words) and words[k].lower() in PORTFOLIO_TITLES \
            and words[k - 1].lower() not in MINISTRY_WORDS and " ".join(words[:k]).lower() not in KNOWN_ORGS
        if 0 < k < len(words) and not single_common and not portfolio and (
                k > 1 or words[0].lower().rstrip("'’s") in KNOWN_ORGS
                or set(words[k].lower().split("-")) & ROLE_WORDS):
            org, p = " ".join(words[:k]), " ".join(words[k:])
        elif k == len(words) and words:
            return None, POSSESSIVE_AT_END.sub("", p)  # only an organisation: "Cafcass's Jane Smith"
    m = _TAIL_ORG.match(p)
    if m and not org and m.group(2).split()[0].lower() not in ROLE_WORDS \
            and not _area_at_end(m.group(1), m.group(2)):
        p, org = m.group(1), m.group(2).strip()
    role = p.strip(" ,").lower() or None
    if role and not (set(WORD_HYPHENATED.findall(role) + WORD_APOSTROPHE.findall(role)) & ROLE_HEADS):
        role = None
    if role and len(role.split()) > 12:
        role = None
    return role, org
