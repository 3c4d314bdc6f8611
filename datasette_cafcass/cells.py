"""How the canned queries' helper columns show on HTML pages.

The queries in metadata.yml return plain values, so their JSON and CSV stay
plain: a reader path such as /-/cafcass/articles/<id>#p<passage id>, and
snippets whose matching words sit between ⟦ and ⟧. On HTML pages the path
becomes a link and the marked words a <mark>, the text escaped first so
nothing from an article is ever taken as HTML.
"""
from markupsafe import Markup, escape

READER_PREFIX = "/-/cafcass/articles/"
OPEN, CLOSE = "⟦", "⟧"


def render(value, column, database, datasette):
    if database != "cafcass" or not isinstance(value, str):
        return None
    if value.startswith(READER_PREFIX) and not any(c in value for c in " \"'<>\n"):
        return Markup('<a href="{}">read in context</a>').format(datasette.urls.path(value))
    if column == "snippet" and OPEN in value and value.count(OPEN) == value.count(CLOSE):
        text = str(escape(value))
        return Markup(text.replace(OPEN, "<mark>").replace(CLOSE, "</mark>"))
    return None
