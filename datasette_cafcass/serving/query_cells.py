"""How the canned queries' columns show on HTML pages.

The queries in metadata.yml return plain values, so their JSON and CSV stay
plain; on the HTML page, by the column's name:
- passage_link, a reader path such as /-/cafcass/articles/<article id>#p<passage
  id>, becomes a link to that passage, named by the passage's number;
- article (an article's title) links to the reader, at the row's passage when
  it has a passage_link (else at the top, from article_id);
- inspection (an inspection id) links to that inspection's evidence;
- who and name link to what that person said, when the row has a person_id;
- value and unit read as numbers and words (140,000; pounds);
- a snippet's words between ⟦ and ⟧ are marked;
- rule shows its words as its title ("by hand" for a fact a person added),
  corrected_by_hand reads "corrected by hand: <reason>", shown_because reads
  "disputed: …", and the disputed query's readings link to every reading.
The text is escaped first, so nothing from an article is ever taken as HTML
(with escape() and f-strings: Markup.format is several times slower, and a
page asks for a thousand cells).
"""
import re

from datasette.utils import to_css_class
from markupsafe import Markup, escape

from . import figures, provenance
from .cells import rule_cell
from .pages import DATABASE, query_url, reader_url

# The reader's address as the queries write it (SQL has no URL-encoding). A
# passage id is its article's id, "-" and a number, which tells where the
# article id ends even when it holds a "#"; any other passage id after the
# first "#p" is taken as it is.
READER = re.compile(r"/-/cafcass/articles/(?P<article>[^\n]+)#p(?P<passage>(?P=article)-(?P<seq>\d+))")
READER_ANY = re.compile(r"/-/cafcass/articles/(?P<article>[^#\n]+)#p(?P<passage>[^\n]+)")
OPEN, CLOSE = "⟦", "⟧"
LONGEST_PATH = 2000  # the back-reference is quadratic: no link for longer values


def reader_path(value):
    """(article id, passage id, passage number or None) of a reader path, or None."""
    if not isinstance(value, str) or len(value) > LONGEST_PATH:
        return None
    match = READER.fullmatch(value)
    if match:
        return match["article"], match["passage"], match["seq"]
    match = READER_ANY.fullmatch(value)
    return (match["article"], match["passage"], None) if match else None


def _get(row, key):
    try:
        return row[key]
    except (IndexError, KeyError):
        return None


# The columns render() reads by name; any other column's cell is a reader path or Datasette's.
COLUMNS = frozenset({"passage_link", "article", "inspection", "who", "name", "value", "unit", "rule",
                     "corrected_by_hand", "shown_because", "readings", "snippet"})
READER_PREFIX = "/-/cafcass/articles/"


def render(row, value, column, database, datasette):
    if database != DATABASE or value in (None, ""):
        return None
    if column not in COLUMNS and not (isinstance(value, str) and value.startswith(READER_PREFIX)):
        return None  # most cells of most pages: nothing more to ask
    if column == "passage_link" or (isinstance(value, str) and value.startswith(READER_PREFIX)):
        found = reader_path(value)
        if found:
            article, passage, seq = found
            text = f"passage {seq}" if seq else "the passage"
            return Markup(f'<a href="{escape(reader_url(datasette, article, passage))}" '
                          f'title="{escape(text)} in the evidence reader">{escape(text)}</a>')
        return None
    if column == "article":
        found = reader_path(_get(row, "passage_link"))
        if found:
            href = reader_url(datasette, found[0], found[1])
        elif _get(row, "article_id"):
            href = reader_url(datasette, _get(row, "article_id"))
        else:
            return None
        return Markup(f'<a href="{escape(href)}">{escape(value)}</a>')
    if column == "inspection" and isinstance(value, str):
        return Markup(f'<a href="{escape(query_url(datasette, "inspection_evidence", inspection=value))}" '
                      f'title="Every judgement of {escape(value)} with its evidence">{escape(value)}</a>')
    if column in ("who", "name") and _get(row, "person_id"):
        return Markup(f'<a href="{escape(query_url(datasette, "person_quotes", name=value))}" '
                      f'title="What {escape(value)} said">{escape(value)}</a>')
    if column == "value" and isinstance(value, (int, float)):
        return figures.number(value)
    if column == "unit" and isinstance(value, str):
        return figures.unit_words(value)
    if column == "rule" and isinstance(value, str):
        return Markup("; ").join(rule_cell(r) for r in value.split("; "))
    if column == "corrected_by_hand" and isinstance(value, str):
        return Markup(f'<span class="cafcass-corrected"><strong>corrected by hand</strong>: {escape(value)}</span>')
    if column == "shown_because" and isinstance(value, str):
        return Markup(f'<span class="cafcass-disputed"><strong>disputed</strong>: {escape(value)}</span>')
    if column == "readings" and isinstance(value, str) and _get(row, "disputed") in ("grade", "dates"):
        if _get(row, "disputed") == "grade" and _get(row, "judgement_id"):
            href = provenance.readings_url(datasette, "judgement_evidence", _get(row, "judgement_id"))
        elif _get(row, "disputed") == "dates" and _get(row, "inspection"):
            href = provenance.readings_url(datasette, "inspection_dates", _get(row, "inspection"))
        else:
            return None
        return Markup(f'<a href="{escape(href)}" title="Every reading, with its sentence">{escape(value)}</a>')
    if column == "snippet" and isinstance(value, str) and OPEN in value and value.count(OPEN) == value.count(CLOSE):
        text = str(escape(value))
        return Markup(text.replace(OPEN, "<mark>").replace(CLOSE, "</mark>"))
    return None


def rows_html(rows, columns):
    """The <tr> rows of a canned query's table (the template's filter
    cafcass_rows), each cell escaped as the template would escape it: one
    string, where a loop in the template yields each of a thousand rows'
    dozen cells through every template it extends."""
    classes = [escape(f"col-{to_css_class(c)}") for c in columns]
    return Markup("\n".join(
        "<tr>" + "".join(f'<td class="{c}">{escape(td)}</td>' for c, td in zip(classes, row)) + "</tr>"
        for row in rows))
