"""Table cells and row pages that lead somewhere.

- A passage_id cell (every table pointing at a passage) keeps Datasette's own
  link to the passages row, with the passage's text as its label (its id on a
  view's page, where Datasette labels nothing), and adds a link to the passage
  in the reader.
- An article's title links to its reader page; its body shows as a short
  excerpt and its hash shortened (the whole of both stay in JSON and CSV).
- A person's name links to what they said; a judgement's evidence_count to its
  sentences; the inspection_judgements view links like the tables it joins.
- A figure's value and unit read as a number and words.
- A fact's rule shows its words as its title ("by hand" for a fact a person
  added); a correction_id reads "corrected by hand: <reason>", linking to the
  corrections row; a disputed 1 links to every reading.
"""
from urllib.parse import urlencode

from markupsafe import Markup

from .. import schema
from . import figures, provenance
from .pages import DATABASE, PASSAGE_TABLES, SOURCED_VIEWS, query_url, reader_url, row_url, table_path

LABEL_CHARS = 80
EXCERPT_CHARS = 240
HASH_CHARS = 12


def _label(text, limit=LABEL_CHARS):
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plain(value):
    """A cell's value; an expanded foreign key arrives as {"value": …, "label": …}."""
    return value.get("value") if isinstance(value, dict) else value


def _get(row, key):
    return _plain(row[key]) if key in row.keys() else None


def render_cell(row, value, column, table, database, datasette):
    """The render_cell hook's work on table and row pages; None leaves the cell to Datasette."""
    if database != DATABASE or value in (None, "") or table is None:
        return None
    if column == "passage_id" and (table in PASSAGE_TABLES or table in SOURCED_VIEWS
                                   or table == "inspection_judgements"):
        return _passage_cell(row, value, datasette)
    if table == "articles":
        return _article_cell(row, value, column, datasette)
    if table == "passages" and column == "seq" and "article_id" in row.keys() and "id" in row.keys():
        return Markup('{} <a class="cafcass-read" href="{}">read passage {} in context</a>').format(
            value, reader_url(datasette, _get(row, "article_id"), _get(row, "id")), value)
    if table == "people" and column == "name":
        return Markup('<a href="{}" title="Everything the articles quote {} saying">{}</a>').format(
            query_url(datasette, "person_quotes", name=value), value, value)
    if table == "judgements" and column == "evidence_count" and "id" in row.keys():
        href = table_path(datasette, "judgement_evidence") + "?" + urlencode(
            {"judgement_id": _get(row, "id")})
        return Markup('<a href="{}">{} sentence{}</a>').format(href, value, "" if value == 1 else "s")
    if table == "inspection_judgements":
        if column == "id":
            return Markup('<a href="{}">{}</a>').format(row_url(datasette, "judgements", value), value)
        if column == "inspection_id":
            return Markup('<a href="{}">{}</a>').format(row_url(datasette, "inspections", value), value)
        if column == "article_id":
            return Markup('<a href="{}">{}</a>').format(reader_url(datasette, value), value)
    base = SOURCED_VIEWS.get(table, table)
    if column == "rule" and base in schema.FACT_TABLES and isinstance(_plain(value), str):
        return rule_cell(_plain(value))
    if column == "correction_id":
        return correction_cell(value, datasette)
    if column == "disputed" and _plain(value) == 1 and "id" in row.keys():
        return _disputed_cell(row, table, datasette)
    if SOURCED_VIEWS.get(table, table) == "figures" and column == "value":
        return figures.number(_plain(value))
    if SOURCED_VIEWS.get(table, table) == "figures" and column == "unit":
        return figures.unit_words(_plain(value))
    return None


def rule_cell(rule):
    """The rule's name, its words as the title: whose reading it is, at a glance."""
    words = provenance.rule_words(rule)
    css = "cafcass-rule cafcass-by-hand" if rule == provenance.BY_HAND else "cafcass-rule"
    if words:
        return Markup('<span class="{}" title="{}">{}</span>').format(css, words, rule)
    return Markup('<span class="{}">{}</span>').format(css, rule)


def correction_cell(value, datasette):
    """'corrected by hand: reason' (the label, when Datasette expanded the key), to the corrections row."""
    label = value.get("label") if isinstance(value, dict) else None
    cid = _plain(value)
    if label is None or str(label) == str(cid):
        return Markup('<a class="cafcass-corrected" href="{}">corrected by hand</a> ({})').format(
            row_url(datasette, "corrections", cid), cid)
    return Markup('<a class="cafcass-corrected" href="{}">corrected by hand</a>: {}').format(
        row_url(datasette, "corrections", cid), label)


DISPUTED_READINGS = {"judgements": "judgement_evidence", "inspection_judgements": "judgement_evidence",
                     "inspections": "inspection_dates"}


def _disputed_cell(row, table, datasette):
    readings = DISPUTED_READINGS.get(table)
    if readings is None:
        return None
    return Markup('1 · <a class="cafcass-disputed" href="{}" title="{}">every reading</a>').format(
        provenance.readings_url(datasette, readings, _get(row, "id")), _get(row, "shown_because") or "")


def _article_cell(row, value, column, datasette):
    if "id" not in row.keys():
        return None
    article_id = _get(row, "id")
    if column == "title" or (column == "id" and not _get(row, "title")):
        # The title is the link (the id only when there is no title to show).
        return Markup('<a class="cafcass-read" href="{}" title="Read it in the evidence reader">{}</a>').format(
            reader_url(datasette, article_id), value)
    if column == "body":
        return _label(value, EXCERPT_CHARS)
    if column == "sha256" and isinstance(value, str) and len(value) > HASH_CHARS:
        return Markup('<span title="{}">{}…</span>').format(value, value[:HASH_CHARS])
    return None


def passage_name(article_id, passage_id):
    """'passage 3' for the article's third passage ("<article id>-3")."""
    prefix = f"{article_id}-"
    seq = passage_id[len(prefix):] if article_id and passage_id.startswith(prefix) else ""
    return f"passage {seq}" if seq.isdigit() else "the passage"


def _passage_cell(row, value, datasette):
    label = None
    if isinstance(value, dict):
        label, value = value.get("label"), value.get("value")
        if label is not None and str(label) == str(value):
            label = None  # no label column configured: look the text up
    passage_id = str(value)
    article_id = _get(row, "article_id")
    if label is None and article_id is not None:
        # A view's row (no foreign key for Datasette to label): the passage's id, not its
        # text, so that a page of rows costs no query per row.
        label = passage_id
    if article_id is not None:
        return _passage_links(datasette, article_id, passage_id, label)

    async def inner():
        db = datasette.get_database(DATABASE)
        found = (await db.execute(
            "select article_id, text from passages where id = :id", {"id": passage_id})).rows
        if not found:
            return None
        return _passage_links(datasette, found[0]["article_id"], passage_id,
                              found[0]["text"] if label is None else label)

    return inner


def _passage_links(datasette, article_id, passage_id, label):
    """The passages row, labelled with its text (or id), and the passage in the reader."""
    return Markup(
        '<a href="{}" title="passages row {}">{}</a> · '
        '<a class="cafcass-read" href="{}">{} in the reader</a>'
    ).format(
        row_url(datasette, "passages", passage_id), passage_id, _label(label) or passage_id,
        reader_url(datasette, article_id, passage_id), passage_name(article_id, passage_id),
    )
