"""Table cells and row pages that link into the evidence reader.

A fact's passage_id cell keeps Datasette's own link to the passages row
(with the passage's text as its label) and adds "read in context", a link
to the passage in the reader. An article's title links to its reader page.
"""
from markupsafe import Markup

from .pages import DATABASE, PASSAGE_TABLES, reader_url, row_url

LABEL_CHARS = 80


def _label(text):
    text = " ".join((text or "").split())
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def render_cell(row, value, column, table, database, datasette):
    """The render_cell hook's work; None leaves the cell to Datasette."""
    if database != DATABASE or value in (None, ""):
        return None
    if table in PASSAGE_TABLES and column == "passage_id":
        return _passage_cell(row, value, datasette)
    if table == "articles" and column in ("id", "title") and "id" in row.keys():
        # The title carries the link; the id only when there is no title to show.
        if column == "id" and "title" in row.keys() and row["title"]:
            return None
        article_id = row["id"]
        return Markup('{} <a class="cafcass-read" href="{}">read with highlights</a>').format(
            value, reader_url(datasette, article_id)
        )
    if table == "passages" and column == "seq" and "article_id" in row.keys() and "id" in row.keys():
        article_id = row["article_id"]
        if isinstance(article_id, dict):
            article_id = article_id.get("value")
        return Markup('{} <a class="cafcass-read" href="{}">read in context</a>').format(
            value, reader_url(datasette, article_id, row["id"])
        )
    return None


def _passage_cell(row, value, datasette):
    # An expanded foreign key arrives as {"value": …, "label": …}.
    label = None
    if isinstance(value, dict):
        label, value = value.get("label"), value.get("value")
        if label is not None and str(label) == str(value):
            label = None  # no label column configured: look the text up
    passage_id = str(value)
    article_id = row["article_id"] if "article_id" in row.keys() else None
    if isinstance(article_id, dict):
        article_id = article_id.get("value")

    async def inner():
        nonlocal article_id, label
        if article_id is None or label is None:
            db = datasette.get_database(DATABASE)
            found = (await db.execute(
                "select article_id, text from passages where id = :id", {"id": passage_id})).rows
            if not found:
                return None
            article_id = found[0]["article_id"] if article_id is None else article_id
            label = found[0]["text"] if label is None else label
        return Markup(
            '<a href="{}" title="passages row {}">{}</a> · '
            '<a class="cafcass-read" href="{}">read in context</a>'
        ).format(
            row_url(datasette, "passages", passage_id), passage_id, _label(label) or passage_id,
            reader_url(datasette, article_id, passage_id),
        )

    return inner
