"""Turning a source's text or HTML into a list of blocks (kind, text).

Kinds: paragraph, list item, heading, caption. Plain text is split at blank
lines, bullets and sub-headings; HTML is parsed with BeautifulSoup, with
scripts, styles, navigation, headers, footers, asides and comments dropped.
"""
import re
from dataclasses import dataclass

from .dates import parse_date

BULLET_RE = re.compile(r"^\s*(?:[•●▪◦·§\-\*–—]|\d{1,2}[.)])\s+")
URL_RE = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
TERMINAL = ".!?:;,\"”’)…]"


@dataclass
class Block:
    kind: str
    text: str
    sector: str = None  # set on the items of a round-up


def squash(text):
    return " ".join(text.split())


def is_caps_heading(line):
    """A short line in capitals: a sub-heading or a round-up's sector heading."""
    letters = [c for c in line if c.isalpha()]
    return (
        len(letters) >= 3
        and sum(c.isupper() for c in letters) / len(letters) > 0.9
        and len(line.split()) <= 12
        and not line.rstrip().endswith((".", ","))
    )


def looks_like_heading(text):
    words = text.split()
    return (
        0 < len(words) <= 12
        and not text.rstrip().endswith(tuple(TERMINAL))
        and not URL_RE.match(text)
        and text[:1].isupper()
    )


def _title_case(line):
    words = [w for w in line.split() if w[:1].isalpha()]
    small = {"a", "an", "the", "to", "of", "and", "or", "in", "on", "for", "at", "by"}
    return 0 < len(words) <= 10 and all(w[:1].isupper() or w in small for w in words)


# Where a sentence ends (a comma, semicolon or bracket ends a wrapped line, not a sentence).
SENTENCE_END = re.compile(r"[.!?:…][\"”’)\]]*$")
# A long line that stops on a word no sentence or headline ends with goes on in the next.
OPEN_END_RE = re.compile(r"(?:,|\b(?:to|of|the|a|an|and|or|in|on|for|at|by|with|from|that|which|its|their))$", re.I)


def _continues(prev, line, width):
    """Whether line carries on a hard-wrapped paragraph that prev began (a
    short line in title case, "Register Now to Continue Reading", does not).
    width: the longest line of the chunk. A wrapped line fills most of it; a
    headline above paragraphs written one to a line does not."""
    if prev.count("(") > prev.count(")"):
        return True  # a bracket left open goes on: "... (credit:" / "Coloures-Pic / Adobe Stock)"
    if SENTENCE_END.search(prev.rstrip()):
        # A wrapped line's colon goes on into words or a number ("Inspection dates:" /
        # "2 February 2018 - 2 March 2018"), not into a quotation, a heading or a list.
        return prev.rstrip().endswith(":") and len(prev) >= max(50, 0.75 * width) and (
            line[:1].islower() or line[:1].isdigit())
    if len(prev) >= 50 and OPEN_END_RE.search(prev):
        return True  # "... which Ofsted made to" / "Cafcass in 2021 and 2023." (a short "Read on" is furniture)
    if _title_case(line):
        return False
    return line[:1].islower() or len(prev) >= max(50, 0.75 * width)


BLANK_LINE_RE = re.compile(r"\n[ \t\f]*\n")


def text_blocks(text):
    """Blocks of a plain-text article."""
    out = []
    for chunk in BLANK_LINE_RE.split(text):
        lines = [ln.strip() for ln in chunk.split("\n") if ln.strip()]
        width = max((len(ln) for ln in lines), default=0)
        para = []
        item = False  # para began with a bullet: a list item, its wrapped lines and all

        def flush():
            nonlocal item
            if para:
                joined = squash(" ".join(para))
                kind = "list item" if item else "heading" if looks_like_heading(joined) else "paragraph"
                out.append(Block(kind, joined))
                para.clear()
            item = False

        i = 0
        while i < len(lines):
            line = lines[i]
            if BULLET_RE.match(line):
                flush()
                para.append(BULLET_RE.sub("", line, count=1))
                item = True
            elif i == 0 and len(lines) > 1 and is_caps_heading(line):
                out.append(Block("heading", squash(line)))
            elif para and not item and line == para[0] and lines[i:i + len(para)] == para:
                # the same line, or wrapped lines, twice in a row: a picture caption printed twice
                out.append(Block("caption", squash(" ".join(para))))
                i += len(para)
                para.clear()
                continue
            elif para and _continues(para[-1], line, width):
                para.append(line)
            else:
                flush()
                para.append(line)
            i += 1
        flush()
    return out


# --- HTML -----------------------------------------------------------------

DROP_TAGS = ["script", "style", "noscript", "nav", "header", "footer", "aside", "form",
             "iframe", "svg", "button", "template", "select", "input"]
BLOCK_TAGS = ["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "blockquote", "pre", "dd", "dt", "tr"]
BLOCK_SET = frozenset(BLOCK_TAGS)


def _tags(root, names=None):
    """Tags under root in document order, optionally only those named in names.

    A plain walk: bs4's find()/find_all() build a matcher per call and each
    call re-walks the tree, which made a 20 MB page take most of a minute."""
    from bs4 import Tag

    return [d for d in root.descendants if isinstance(d, Tag) and (names is None or d.name in names)]


def _meta(metas, *keys):
    for key in keys:
        tag = (next((m for m in metas if m.get("property") == key), None)
               or next((m for m in metas if m.get("name") == key), None))
        if tag and tag.get("content", "").strip():
            return tag["content"].strip()
    return None


def _first(tags, name):
    return next((t for t in tags if t.name == name), None)


BYLINE_CLASS_RE = re.compile(r"\b(byline|author)\b", re.I)


def _is_byline(tag):
    classes = tag.get("class") or []
    return any(BYLINE_CLASS_RE.search(c) for c in classes) or bool(classes and BYLINE_CLASS_RE.search(" ".join(classes)))


BY_PREFIX_RE = re.compile(r"^by\s+", re.I)


def html_page(text):
    """(metadata dict, blocks) of an HTML page."""
    # Imported here, not at the top: BeautifulSoup (and the CSS selector
    # library it loads) is a fifth of the build's start-up, and only HTML needs it.
    from bs4 import BeautifulSoup, Comment

    soup = BeautifulSoup(text, "html.parser")
    for c in [d for d in soup.descendants if isinstance(d, Comment)]:
        c.extract()
    tags = _tags(soup)
    metas = [t for t in tags if t.name == "meta"]
    meta = {}
    title_tag = _first(tags, "title")
    h1 = _first(tags, "h1")
    meta["title"] = (
        (squash(h1.get_text(" ")) if h1 and h1.get_text(strip=True) else None)
        or _meta(metas, "og:title", "twitter:title")
        or (squash(title_tag.get_text(" ")) if title_tag and title_tag.get_text(strip=True) else None)
    )
    time_tag = next((t for t in tags if t.name == "time" and t.has_attr("datetime")), None)
    published = parse_date(time_tag["datetime"]) if time_tag else None
    if published:
        meta["published"], meta["published_basis"] = published, "html time"
    else:
        raw = _meta(metas, "article:published_time", "date", "pubdate", "dc.date", "DC.date.issued")
        if parse_date(raw):
            meta["published"], meta["published_basis"] = parse_date(raw), "html meta"
    author = _meta(metas, "author", "article:author", "dc.creator")
    if author and not author.startswith("http"):
        meta["author"] = author
    meta["outlet"] = _meta(metas, "og:site_name")
    canonical = next((t for t in tags if t.name == "link" and "canonical" in (t.get("rel") or [])), None)
    meta["url"] = (canonical.get("href") if canonical else None) or _meta(metas, "og:url")

    for tag in [t for t in tags if t.name in DROP_TAGS]:
        tag.decompose()
    tags = _tags(soup)  # what is left
    if not meta.get("author"):
        byline = (next((t for t in tags if "author" in (t.get("rel") or [])), None)
                  or next((t for t in tags if _is_byline(t)), None))
        if byline and byline.get_text(strip=True):
            meta["author"] = BY_PREFIX_RE.sub("", squash(byline.get_text(" ")))
            byline.decompose()
            tags = _tags(soup)
    root = _first(tags, "article") or _first(tags, "main") or soup.body or soup
    found = _tags(root, BLOCK_SET)
    # One walk up from each block element finds the blocks that hold another
    # block and the blocks inside a list item (a search down from every
    # element would walk nested blocks again and again).
    outer, in_li = set(), set()
    for el in found:
        for parent in el.parents:
            if parent.name == "li":
                in_li.add(id(el))
            if parent.name in BLOCK_SET:
                outer.add(id(parent))
    blocks = []
    for el in found:
        if id(el) in outer:
            continue  # its inner blocks are taken on their own
        if el.name == "tr":  # a table row (a report's "Judgement | Grade"), cells kept apart
            text = " | ".join(squash(c.get_text(" ")) for c in el.find_all(["td", "th"]) if c.get_text(strip=True))
        else:
            text = squash(el.get_text(" "))
        if not text:
            continue
        if el is h1 or (el.name == "h1" and text == meta.get("title")):
            continue
        if el.name.startswith("h") or el.name == "dt":
            kind = "heading"
        elif el.name == "li" or id(el) in in_li:
            kind = "list item"
        elif el.name == "figcaption":
            kind = "caption"
        else:
            kind = "paragraph"
        blocks.append(Block(kind, text))
    if not blocks:
        blocks = text_blocks(root.get_text("\n"))
        if blocks and blocks[0].text == meta.get("title"):
            blocks = blocks[1:]
    return {k: v for k, v in meta.items() if v}, blocks
