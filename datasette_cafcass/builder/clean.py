"""Cleaning an article's blocks by general rules.

Finds the headline, byline and dateline (kept as title, author and published,
removed from the body), drops navigation and job-advert lines before the
headline, cuts subscription, newsletter, comment and related-article footers,
and marks the items of a round-up section ("Inspections shorts") as briefs.
"""
import re
from dataclasses import dataclass, field

from .blocks import Block, html_page, is_caps_heading, squash, text_blocks
from .dates import dateline, parse_date

# Short lines a site prints before the headline: menus, job boards, sign-in.
NAV_RE = re.compile(
    r"\b(vacancies|jobs|careers|menu|home|sign in|log ?in|register|subscribe|"
    r"advertisement|skip to (main )?content|search|cookies?|newsletter|breaking news)\b",
    re.I,
)

# Blocks that start a site's footer: everything from the first one is dropped.
FOOTER_RE = re.compile(
    r"^related (articles|stories|content|news|links|reading)\b"
    r"|\bjoin the debate\b"
    r"|\bsign up (to|for)\b.*\b(e-?mails?|newsletters?|alerts)\b"
    r"|^more (from|on|stories)\b"
    r"|^comments? (are|is) (closed|open)"
    r"|^(leave a|add a|post a) comment"
    r"|\b(digital|print|online) (membership|subscription)\b"
    r"|^subscribe( now| today| here)?\.?$"
    r"|^from £\d+(\.\d\d)? ?/ ?(month|year|week)"
    r"|^(share|share this( article| story| page)?)$"
    r"|^(you may also like|most read|most popular|read next|recommended)\b"
    r"|^(©|copyright\b)"
    r"|\ball rights reserved\b"
    r"|^(tags|topics|filed under)\s*:",
    re.I,
)

# A round-up section of short items about other subjects.
ROUNDUP_RE = re.compile(r"\b(shorts|in brief|briefs|briefly|round-?up|news in brief|also in the news)\b", re.I)

NAME_WORD = r"[A-Z][a-zA-Z'’\-]+"
NAME_RE = re.compile(rf"^(?:by\s+)?({NAME_WORD}(?:\s+(?:[A-Z]\.\s*)?{NAME_WORD}){{1,3}})\s*$")
BY_RE = re.compile(r"^by\s+(.+?)\s*(?:[,|–—-]\s*.*)?$", re.I)
# Words that mark a short line as a heading or label, not a person's name.
NOT_NAME = {
    "the", "of", "and", "for", "in", "on", "to", "a", "an", "with", "at", "is", "are",
    "cafcass", "ofsted", "court", "courts", "family", "report", "reports", "inspection",
    "inspections", "service", "services", "children", "child", "related", "articles",
    "more", "comments", "news", "subscribe", "digital", "magazine", "membership",
    "latest", "social", "care", "board", "council", "read", "share", "home", "jobs",
    "vacancies", "national", "shorter", "new", "local", "leadership", "about", "contact",
}

CAFCASS_RE = re.compile(r"\bcafcass\b|children and family court advisory", re.I)


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


def person_name(line):
    """The name in a byline-like line ("By Jo Smith", "Jo Smith"), else None."""
    m = BY_RE.match(line)
    if m and len(m.group(1).split()) <= 5 and m.group(1)[:1].isupper():
        return m.group(1).strip()
    m = NAME_RE.match(line)
    if not m:
        return None
    words = m.group(1).split()
    if any(w.lower().strip(".") in NOT_NAME for w in words) or is_caps_heading(line):
        return None
    return m.group(1)


def drop_leading_nav(blocks):
    """Short navigation or job-advert lines before the headline."""
    while len(blocks) > 1 and len(blocks[0].text.split()) <= 4 and NAV_RE.search(blocks[0].text):
        blocks = blocks[1:]
    return blocks


def cut_footer(blocks):
    for i, b in enumerate(blocks):
        if i > 0 and len(b.text.split()) <= 25 and FOOTER_RE.search(b.text):
            return blocks[:i]
    return blocks


def take_byline(art, blocks, where):
    """Remove byline and dateline blocks (found at `where`) into art."""
    keep = []
    for i, b in enumerate(blocks):
        if i in where and b.kind in ("heading", "paragraph"):
            date = dateline(b.text)
            if date:
                if not art.published:
                    art.published, art.published_basis = date, "dateline"
                continue
            name = person_name(b.text)
            if name and (not art.author or art.author == name):
                art.author = name
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
    else:
        blocks = drop_leading_nav(text_blocks(source.text))
        # The first line is the headline, unless front matter gives one and
        # the text starts straight in with the article.
        given = source.front_matter.get("title")
        if blocks and (not given or squash(blocks[0].text) == squash(str(given))):
            art.title = blocks[0].text
            blocks = blocks[1:]
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
