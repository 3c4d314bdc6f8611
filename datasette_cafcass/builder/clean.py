"""Cleaning an article's blocks by general rules.

Finds the headline, byline and dateline (kept as title, author and published,
removed from the body), drops site furniture (vocab/furniture.csv: lines to
drop, words to strip, lines that start a footer), treats what a page prints
above its headline as furniture, and marks the items of a round-up section
("Inspections shorts") as briefs.

Where the headline is: the heading-like block just above a dateline or byline
("Cafcass defends itself ..." / "Date: 14 AUG 2008"), or just below a dateline
that follows other text (a blog's "Sunday, 7 December 2008" over its post's
title), else the first block when it looks like a headline. An excerpt that
starts in mid-text has no headline: its title stays null.
"""
import functools
import re
from dataclasses import dataclass, field

from .. import vocab
from .blocks import Block, html_page, is_caps_heading, squash, text_blocks
from .dates import dateline, parse_date

# Short lines a site prints before the headline: menus, job boards, sign-in.
NAV_RE = re.compile(
    r"\b(vacancies|jobs|careers|menu|home|sign in|log ?in|register|subscribe|"
    r"advertisement|skip to (main )?content|search|cookies?|newsletter|breaking news)\b",
    re.I,
)

# A round-up section of short items about other subjects.
ROUNDUP_RE = re.compile(r"\b(shorts|in brief|briefs|briefly|round-?up|news in brief|also in the news)\b", re.I)

NAME_WORD = r"[A-Z][a-zA-Z'’\-]+"
NAME_RE = re.compile(rf"^(?:by\s+)?({NAME_WORD}(?:\s+(?:[A-Z]\.\s*)?{NAME_WORD}){{1,3}})\s*$")
# "By Jo Smith", "By Jo Smith | 12 March 2014", a blog's "Posted by Jo Smith on 03/03/2009"
BY_RE = re.compile(r"^(?:(?:posted|written)\s+)?by\s+(.+?)\s*(?:(?:[,|–—-]|\s+on\s+)\s*.*)?$", re.I)
# "Brian Cantwell, Private Law Consultant": a name, then the writer's title
NAME_TITLE_RE = re.compile(rf"^({NAME_WORD}(?:\s+{NAME_WORD}){{1,2}}),\s+((?:[A-Z][a-z]+\s*){{1,5}})$")
# Words that mark a short line as a heading or label, not a person's name.
NOT_NAME = {
    "the", "of", "and", "for", "in", "on", "to", "a", "an", "with", "at", "is", "are",
    "cafcass", "ofsted", "court", "courts", "family", "report", "reports", "inspection",
    "inspections", "service", "services", "children", "child", "related", "articles",
    "more", "comments", "news", "subscribe", "digital", "magazine", "membership",
    "latest", "social", "care", "board", "council", "read", "share", "home", "jobs",
    "vacancies", "national", "shorter", "new", "local", "leadership", "about", "contact",
    "biggest", "praise", "practice", "management", "employer", "work", "results", "framework",
    # a newspaper's name ("Essex Chronicle"), not a writer's
    "chronicle", "gazette", "herald", "telegraph", "echo", "argus", "advertiser", "courier", "sentinel",
    "observer", "times", "mail", "mirror", "express", "journal", "bulletin",
}
TITLE_WORDS = {"consultant", "editor", "correspondent", "reporter", "writer", "solicitor", "barrister",
               "partner", "director", "journalist", "columnist", "lawyer", "associate", "adviser"}
# A label with nothing after it ("Published:"): a dateline whose date the page left out.
EMPTY_DATELINE = re.compile(r"^(?:date|published|updated|posted|first published)\s*:?\s*$", re.I)

CAFCASS_RE = re.compile(r"\bcafcass\b|children and family court advisory", re.I)
# Blocks from the top in which a headline, byline or dateline is looked for (a site's menu may come first).
HEAD_ZONE = 12


@dataclass
class Article:
    id: str
    source_file: str
    sha256: str
    title: str = None
    author: str = None
    published: str = None
    published_basis: str = None
    outlet: str = None
    url: str = None
    blocks: list = field(default_factory=list)


@functools.lru_cache(maxsize=1)
def furniture():
    """{action: [compiled pattern]} from vocab/furniture.csv; and for "drop" and
    "footer", where only whether any rule matches counts, the same rules as at
    most two unions ("drop any", "footer any"), each searched once."""
    out = {"drop": [], "strip": [], "footer": [], "links": []}
    for row in vocab.read_csv("furniture.csv"):
        out[row["action"]].append(re.compile(row["pattern"], re.I))
    for action in ("drop", "footer", "links"):
        out[f"{action} any"] = _unions(out[action])
    return out


def _unions(patterns):
    """A union of the patterns anchored at the start ("^..."), which re tries
    at the start alone, and a union of the rest: one search of each instead of
    one per rule. (One union of both kinds would be tried at every position of
    the text: slower than the rules one by one.)"""
    anchored = [rx.pattern for rx in patterns if rx.pattern.startswith("^")]
    rest = [rx.pattern for rx in patterns if not rx.pattern.startswith("^")]
    return [re.compile("|".join(f"(?:{p})" for p in group), re.I) for group in (anchored, rest) if group]


def person_name(line):
    """The name in a byline-like line ("By Jo Smith", "Jo Smith",
    "Jo Smith, Private Law Consultant"), else None."""
    m = BY_RE.match(line)
    if m and len(m.group(1).split()) <= 5 and m.group(1)[:1].isupper():
        return m.group(1).strip()
    m = NAME_TITLE_RE.match(line)
    if m and set(m.group(2).lower().split()) & TITLE_WORDS and not _has_not_name(m.group(1).split()):
        return m.group(1)
    m = NAME_RE.match(line)
    if not m:
        return None
    words = m.group(1).split()
    if _has_not_name(words) or is_caps_heading(line):
        return None
    return m.group(1)


def job_title(line):
    """Is the line a writer's job title on its own under the byline ("Social
    affairs correspondent"): a few words ending in one of TITLE_WORDS?"""
    words = line.lower().split()
    return 0 < len(words) <= 5 and words[-1].strip(".,") in TITLE_WORDS and not END_PUNCT_RE.search(line)


# "Posted on 18 June 2009 by Rachel Green": the writer after a dateline's date
DATELINE_BY = re.compile(r"\bby\s+(.+?)\s*\.?$", re.I)


def _has_not_name(words):
    return any(w.lower().strip(".") in NOT_NAME for w in words)


# Ending in a full stop (or comma ...) inside its closing quote: running text ('... said X. "This is
# recognition of years of hard work."'); a headline's quotation ends without one
SENTENCE_IN_QUOTES = re.compile(r"[.,;:][\"'”’)]+\s*$")
# A label for dates ("Inspection dates: 2 to 13 March 2009"): a report's details, not its headline
DATE_LABEL = re.compile(r"^[^:]{0,40}\bdates?\b[^:]{0,20}:", re.I)


def headline_like(text):
    """Short, and not a sentence of running text."""
    words = text.split()
    return (0 < len(words) <= 24 and not text.rstrip().endswith((".", ",", ";", ":"))
            and text[:1] not in "([" and not text[:1].islower() and not SENTENCE_IN_QUOTES.search(text)
            and not DATE_LABEL.match(text))


END_PUNCT_RE = re.compile(r"[.!?:;)”’\"']$")


def tidy(blocks):
    """Blocks with site furniture dropped or stripped (vocab/furniture.csv),
    and the stray lines layouts leave (a lower-case fragment with no full stop)."""
    rules = furniture()
    out = []
    for b in blocks:
        text = b.text
        for rx in rules["strip"]:
            text = rx.sub("", text).strip()
        if not text or any(rx.search(text) for rx in rules["drop any"]):
            continue
        if b.kind != "list item" and text[:1].islower() and len(text.split()) <= 8 \
                and not END_PUNCT_RE.search(text):
            continue  # "box on south yorkshire cafcass": an editor's note left in the page
        out.append(Block(b.kind, text, b.sector) if text != b.text else b)
    return out


def drop_leading_nav(blocks):
    """Short navigation or job-advert lines before the headline."""
    while len(blocks) > 1 and len(blocks[0].text.split()) <= 4 and NAV_RE.search(blocks[0].text):
        blocks = blocks[1:]
    return blocks


def drop_outlet_name(blocks, outlet):
    """Blocks at the top that are the outlet's own name (as the sources file or
    front matter gives it): the site's masthead, not a headline or a byline."""
    if not outlet:
        return blocks
    name = squash(str(outlet)).casefold()
    return [b for i, b in enumerate(blocks) if i >= HEAD_ZONE or squash(b.text).casefold() != name]


LINKS_BOX = 6  # blocks a box of links ("Related articles" and its headlines) may take
RUNNING_TEXT = re.compile(r"[.!?][\"'”’)]*$")


def cut_footer(blocks):
    """The blocks before the page's footer (furniture.csv "footer"). A box of
    links ("links": "Related articles") ends the article too, unless the
    article's running text goes on within LINKS_BOX blocks after it: then only
    the box goes."""
    rules = furniture()
    footer, links = rules["footer any"], rules["links any"]
    out, i = [], 0
    while i < len(blocks):
        b = blocks[i]
        short = i > 0 and len(b.text.split()) <= 25
        if short and any(rx.search(b.text) for rx in links):
            k = _text_after_links(blocks, i + 1, footer)
            if k is None:
                return out
            i = k  # the box and its links dropped: the article goes on
            continue
        if short and any(rx.search(b.text) for rx in footer):
            return out
        out.append(b)
        i += 1
    return out


def _text_after_links(blocks, start, footer):
    """Where the article's running text (a paragraph of 20 words or more, ending
    a sentence) starts again after a box of links, or None: a footer or the box's
    end came first."""
    for k in range(start, min(len(blocks), start + LINKS_BOX)):
        text = blocks[k].text
        if any(rx.search(text) for rx in footer):
            return None
        if len(text.split()) >= 20 and RUNNING_TEXT.search(text):
            return k
    return None


def _is_dateline(text):
    return bool(dateline(text) or EMPTY_DATELINE.match(text))


DOMAIN = re.compile(r"\b(?:cafcass|ofsted|inspect\w*|family\s+court|children)\b", re.I)


def _headline_score(text):
    """How much a headline-like block looks like this article's headline rather
    than a site's name or a section label: it names the subject, and says more."""
    return (bool(DOMAIN.search(text)), len(text.split()) >= 3, len(text.split()))


def find_headline(blocks):
    """(index of the headline or None, index the body starts at)."""
    zone = min(len(blocks), HEAD_ZONE)
    for i in range(zone):
        text = blocks[i].text
        if not (_is_dateline(text) or (i > 0 and person_name(text))):
            continue
        # the run of bylines and datelines here, and the headline-like blocks around it
        j = i - 1
        while j >= 0 and (person_name(blocks[j].text) or _is_dateline(blocks[j].text)
                          or DATE_LABEL.match(blocks[j].text) or job_title(blocks[j].text)):
            j -= 1
        k = i + 1
        while k < len(blocks) and (person_name(blocks[k].text) or _is_dateline(blocks[k].text)
                                   or job_title(blocks[k].text)):
            k += 1
        above = j if j >= 0 and headline_like(blocks[j].text) else None
        body_at = None  # where the body starts under the headline above, when not straight after it
        if above is None and j > 0 and _standfirst_under(blocks[j - 1].text, blocks[j].text):
            above = j - 1  # a standfirst sentence between the headline and the byline
        elif above is not None:
            # a label between the headline and its byline ("PRESS RELEASE", the site's name):
            # a block above that names the subject in three words or more is the headline
            better = [x for x in range(above) if headline_like(blocks[x].text)
                      and _headline_score(blocks[x].text)[:2] > _headline_score(blocks[above].text)[:2]]
            if better:
                label = above
                above = max(better, key=lambda x: _headline_score(blocks[x].text))
                # the labels between it and the byline go with the furniture above it
                body_at = above + 1
                while body_at <= label and headline_like(blocks[body_at].text) and \
                        _headline_score(blocks[body_at].text)[:2] < _headline_score(blocks[above].text)[:2]:
                    body_at += 1
            elif above > 0 and _standfirst_under(blocks[above - 1].text, blocks[above].text):
                above -= 1  # the headline over its standfirst, over the byline
        # a blog's dates over the post's title, below the site's own name or text
        below = k if (_is_dateline(blocks[k - 1].text) and k < len(blocks) and headline_like(blocks[k].text)
                      and i > 0) else None
        if above is not None and below is not None:
            pick = max((above, below), key=lambda x: _headline_score(blocks[x].text))
            return pick, ((body_at or above + 1) if pick == above else below + 1)
        if above is not None:
            return above, body_at or above + 1
        if below is not None:
            return below, below + 1
        break
    if blocks and headline_like(blocks[0].text) and not person_name(blocks[0].text):
        return 0, 1
    return None, 0


STANDFIRST_WORDS = 12  # a standfirst is a sentence; a headline above it is shorter


def _standfirst_under(headline, text):
    """Is text the standfirst under headline: headline headline-like, both naming
    the subject alike, text a longer sentence of STANDFIRST_WORDS words or more?"""
    return (headline_like(headline) and _headline_score(headline)[:2] == _headline_score(text)[:2]
            and len(text.split()) >= STANDFIRST_WORDS and len(headline.split()) < len(text.split()))


BYLINE_SEPARATOR_RE = re.compile(r"\s*[,|–—-]\s*|\s+on\s+")


def byline_date(line):
    """The date after a byline's name, when the rest of the line is a dateline:
    "By Jo Smith | 12 March 2014", "By Jo Smith, Wednesday, March 12, 2014"."""
    if not BY_RE.match(line):
        return None
    for m in BYLINE_SEPARATOR_RE.finditer(line):
        date = dateline(line[m.end():])
        if date:
            return date
    return None


def take_byline(art, blocks, where):
    """Remove byline and dateline blocks (found at `where`) into art."""
    keep = []
    for i, b in enumerate(blocks):
        if i in where and b.kind in ("heading", "paragraph"):
            if EMPTY_DATELINE.match(b.text):
                continue
            date = dateline(b.text)
            if date:
                if not art.published:
                    art.published, art.published_basis = date, "dateline"
                by = DATELINE_BY.search(b.text)
                name = person_name("By " + by.group(1)) if by else None
                if name and not art.author:
                    art.author = name
                continue
            if job_title(b.text) and art.author:
                continue  # the writer's title under the byline
            name = person_name(b.text)
            if name and (not art.author or art.author == name):
                art.author = name
                date = byline_date(b.text)
                if date and not art.published:
                    art.published, art.published_basis = date, "dateline"
                continue
        keep.append(b)
    return keep


def mark_roundup(blocks):
    """Turn a round-up section's items (a sector heading, then its text) into
    brief blocks, one per heading."""
    start = next((i for i, b in enumerate(blocks)
                  if b.kind == "heading" and is_caps_heading(b.text) and ROUNDUP_RE.search(b.text)), None)
    if start is None:
        return blocks
    out = blocks[:start + 1]
    sector, new_item = None, False
    for b in blocks[start + 1:]:
        if b.kind == "heading":
            sector, new_item = b.text.lower(), True
            out.append(b)
        elif sector is None:
            out.append(b)
        elif new_item:
            out.append(Block("brief", b.text, sector))
            new_item = False
        else:  # a second paragraph of the same item
            out[-1] = Block("brief", out[-1].text + " " + b.text, sector)
    return out


def clean(source):
    """An Article (metadata and cleaned blocks) from a Source."""
    art = Article(id=source.id, source_file=source.source_file, sha256=source.sha256)
    if source.is_html:
        meta, blocks = html_page(source.text)
        for key, value in meta.items():
            setattr(art, key, value)
        blocks = tidy(blocks)
    else:
        blocks = drop_outlet_name(drop_leading_nav(tidy(text_blocks(source.text))),
                                  source.front_matter.get("outlet") or source.listed.get("outlet"))
        given = source.front_matter.get("title")
        if given and blocks and squash(blocks[0].text) == squash(str(given)):
            blocks = blocks[1:]
        elif not given:
            head, body = find_headline(blocks)
            if head is not None:
                art.title = blocks[head].text
                # What the page prints above the headline is its own furniture;
                # only a byline or dateline there is kept (into art).
                take_byline(art, blocks[:head], where=set(range(head)))
                blocks = blocks[body:]
    blocks = cut_footer(blocks)
    # A byline or dateline stands just under the headline, or alone at the very end.
    blocks = take_byline(art, blocks, where={0, 1, 2, 3})
    if blocks:
        blocks = take_byline(art, blocks, where={len(blocks) - 1})
    blocks = mark_roundup(blocks)
    for key, value in source.front_matter.items():  # front matter wins
        setattr(art, key, value)
    if "published" in source.front_matter:
        art.published = parse_date(source.front_matter["published"])
        art.published_basis = "front matter" if art.published else None
    art.blocks = blocks
    return art


def about_cafcass(title, body):
    return 1 if CAFCASS_RE.search(title or "") or CAFCASS_RE.search(body or "") else 0
