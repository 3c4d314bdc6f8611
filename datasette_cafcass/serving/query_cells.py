"""How the canned queries' helper columns show on HTML pages.

The queries in metadata.yml return plain values, so their JSON and CSV stay
plain: a reader path such as /-/cafcass/articles/<article id>#p<passage id>,
and snippets whose matching words sit between ⟦ and ⟧. On HTML pages the path
becomes a link and the marked words a <mark>, the text escaped first so
nothing from an article is ever taken as HTML.
"""
import re

from markupsafe import Markup, escape

from .pages import DATABASE, reader_url

# The reader's address as the queries write it (SQL has no URL-encoding). A
# passage id is its article's id, "-" and a number, which tells where the
# article id ends even when it holds a "#"; any other passage id after the
# first "#p" is taken as it is.
READER = re.compile(r"/-/cafcass/articles/(?P<article>[^\n]+)#p(?P<passage>(?P=article)-\d+)")
READER_ANY = re.compile(r"/-/cafcass/articles/(?P<article>[^#\n]+)#p(?P<passage>[^\n]+)")
OPEN, CLOSE = "⟦", "⟧"
LONGEST_PATH = 2000  # the back-reference is quadratic: no link for longer values


def render(value, column, database, datasette):
    if database != DATABASE or not isinstance(value, str):
        return None
    match = len(value) <= LONGEST_PATH and (READER.fullmatch(value) or READER_ANY.fullmatch(value))
    if match:
        href = reader_url(datasette, match["article"], match["passage"])
        return Markup('<a href="{}">read in context</a>').format(href)
    if column == "snippet" and OPEN in value and value.count(OPEN) == value.count(CLOSE):
        text = str(escape(value))
        return Markup(text.replace(OPEN, "<mark>").replace(CLOSE, "</mark>"))
    return None
