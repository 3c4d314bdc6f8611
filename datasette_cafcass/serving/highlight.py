"""Turning article text plus spans into safe HTML.

Everything from an article is escaped first; only then do we add our own
tags (<mark>, <a>) around the escaped pieces. Article text is never passed
to markupsafe.Markup as it is.
"""
import secrets
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Highlight:
    start: int
    end: int
    kind: str  # grade, quote, person, figure, date, finding
    key: str  # "table:id", unique per fact
    href: str
    title: str
    flag: str = ""  # "corrected" or "by-hand": a person's hand in the fact (corrections.yml)


def _link(h, text, css=""):
    cls = f' class="{css}"' if css else ""
    return f'<a{cls} href="{escape(h.href)}" title="{escape(h.title)}">{text}</a>'


def mark_up(text, highlights):
    """(Markup of text with each highlight as <mark><a href>…</a></mark>, set of
    keys that got a link). Overlapping highlights are cut at each other's
    edges; each piece links to the innermost (shortest) fact covering it, so
    links never nest. Facts with exactly the same span share one mark, the
    others as small extra links."""
    groups = {}
    for h in highlights:
        if 0 <= h.start < h.end <= len(text):
            groups.setdefault((h.start, h.end), []).append(h)
    edges = sorted({0, len(text), *(s for s, _ in groups), *(e for _, e in groups)})
    out, linked = [], set()
    for a, b in zip(edges, edges[1:]):
        piece = str(escape(text[a:b]))
        covering = [span for span in groups if span[0] <= a and b <= span[1]]
        if not covering:
            out.append(piece)
            continue
        inner = min(covering, key=lambda s: (s[1] - s[0], s[0]))
        first, *others = groups[inner]
        outer_kinds = sorted({h.kind for s in covering if s != inner for h in groups[s]} - {first.kind})
        css = " ".join([f"f-{first.kind}", *(f"in-{k}" for k in outer_kinds), *([first.flag] if first.flag else [])])
        html = _link(first, piece)
        linked.add(first.key)
        if b == inner[1]:  # the extra links once, at the end of the shared span
            for n, h in enumerate(others, start=2):
                html += _link(h, f"<sup>{n}</sup>", "also")
                linked.add(h.key)
        out.append(f'<mark class="{css}" data-fact="{escape(first.key)}">{html}</mark>')
    return Markup("".join(out)), linked


def markers():
    """Two marker strings for SQLite's snippet(), fresh for each request so no
    article text can contain them."""
    token = secrets.token_hex(6)
    return f"\x02{token}[", f"]{token}\x03"


def snippet_html(snippet, open_marker, close_marker):
    """Escape a snippet() result, then turn its markers into <mark>."""
    html = str(escape(snippet or ""))
    html = html.replace(str(escape(open_marker)), "<mark>").replace(str(escape(close_marker)), "</mark>")
    return Markup(html)


def snippet_text(snippet, open_marker, close_marker):
    return (snippet or "").replace(open_marker, "").replace(close_marker, "")
