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
import functools
from urllib.parse import urlencode

from markupsafe import Markup, escape as _e

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


MISSING = object()


def _get(row, key, missing=None):
    """row[key] (its value, for an expanded key); `missing` when the row has no such column."""
    try:  # IndexError from a sqlite3.Row, KeyError from Datasette's CustomRow
        return _plain(row[key])
    except (IndexError, KeyError):
        return missing


def handler(table, column):
    """The function rendering table.column's cells on table and row pages (called
    as f(row, value, column, table, datasette) for a cell that is not empty), or
    None to leave them to Datasette.

    Datasette asks the render_cell hook for every cell of a page (a thousand on
    a page of 100 rows), so the hook asks this once per table and column, and
    the cells most pages have are made with escape() and f-strings rather than
    Markup.format (several times slower)."""
    if column == "passage_id" and (table in PASSAGE_TABLES or table in SOURCED_VIEWS
                                   or table == "inspection_judgements"):
        return _passage_cell
    if table == "articles":
        return _article_cell if column in ("id", "title", "body", "sha256") else None
    if table == "passages" and column == "seq":
        return _seq_cell
    if table == "people" and column == "name":
        return _person_cell
    if table == "judgements" and column == "evidence_count":
        return _evidence_count_cell
    if table == "inspection_judgements" and column in _JOINED:
        return _joined_cell
    base = SOURCED_VIEWS.get(table, table)
    if column == "rule" and base in schema.FACT_TABLES:
        return _rule_cell
    if column == "correction_id":
        return lambda row, value, column, table, datasette: correction_cell(value, datasette)
    if column == "disputed" and table in DISPUTED_READINGS:
        return _disputed_cell
    if base == "figures" and column == "value":
        return lambda row, value, column, table, datasette: figures.number(_plain(value))
    if base == "figures" and column == "unit":
        return lambda row, value, column, table, datasette: figures.unit_words(_plain(value))
    return None


def _seq_cell(row, value, column, table, datasette):
    article_id, passage_id = _get(row, "article_id", MISSING), _get(row, "id", MISSING)
    if article_id is MISSING or passage_id is MISSING:
        return None
    return Markup(f'{_e(value)} <a class="cafcass-read" href="{_e(reader_url(datasette, article_id, passage_id))}">'
                  f'read passage {_e(value)} in context</a>')


def _person_cell(row, value, column, table, datasette):
    return Markup(f'<a href="{_e(query_url(datasette, "person_quotes", name=value))}" '
                  f'title="Everything the articles quote {_e(value)} saying">{_e(value)}</a>')


def _evidence_count_cell(row, value, column, table, datasette):
    judgement_id = _get(row, "id", MISSING)
    if judgement_id is MISSING:
        return None
    href = table_path(datasette, "judgement_evidence") + "?" + urlencode({"judgement_id": judgement_id})
    return Markup(f'<a href="{_e(href)}">{_e(value)} sentence{"" if value == 1 else "s"}</a>')


# inspection_judgements' columns that link like the tables it joins
_JOINED = {"id": "judgements", "inspection_id": "inspections", "article_id": None}


def _joined_cell(row, value, column, table, datasette):
    other = _JOINED[column]
    href = reader_url(datasette, value) if other is None else row_url(datasette, other, value)
    return Markup(f'<a href="{_e(href)}">{_e(value)}</a>')


def _rule_cell(row, value, column, table, datasette):
    rule = _plain(value)
    return rule_cell(rule) if isinstance(rule, str) else None


@functools.lru_cache(maxsize=1024)  # a page shows the same few rules row after row
def rule_cell(rule):
    """The rule's name, its words as the title: whose reading it is, at a glance."""
    words = provenance.rule_words(rule)
    css = "cafcass-rule cafcass-by-hand" if rule == provenance.BY_HAND else "cafcass-rule"
    if words:
        return Markup(f'<span class="{css}" title="{_e(words)}">{_e(rule)}</span>')
    return Markup(f'<span class="{css}">{_e(rule)}</span>')


def correction_cell(value, datasette):
    """'corrected by hand: reason' (the label, when Datasette expanded the key), to the corrections row."""
    label = value.get("label") if isinstance(value, dict) else None
    cid = _plain(value)
    if label is None or str(label) == str(cid):
        return Markup(f'<a class="cafcass-corrected" href="{_e(row_url(datasette, "corrections", cid))}">'
                      f'corrected by hand</a> ({_e(cid)})')
    return Markup(f'<a class="cafcass-corrected" href="{_e(row_url(datasette, "corrections", cid))}">'
                  f'corrected by hand</a>: {_e(label)}')


DISPUTED_READINGS = {"judgements": "judgement_evidence", "inspection_judgements": "judgement_evidence",
                     "inspections": "inspection_dates"}


def _disputed_cell(row, value, column, table, datasette):
    readings = DISPUTED_READINGS.get(table)
    if readings is None or _plain(value) != 1:
        return None
    key = _get(row, "id", MISSING)
    if key is MISSING:
        return None
    return Markup(f'1 · <a class="cafcass-disputed" href="{_e(provenance.readings_url(datasette, readings, key))}" '
                  f'title="{_e(_get(row, "shown_because") or "")}">every reading</a>')


def _article_cell(row, value, column, table, datasette):
    article_id = _get(row, "id", MISSING)
    if article_id is MISSING:
        return None
    if column == "title" or (column == "id" and not _get(row, "title")):
        # The title is the link (the id only when there is no title to show).
        return Markup(f'<a class="cafcass-read" href="{_e(reader_url(datasette, article_id))}" '
                      f'title="Read it in the evidence reader">{_e(value)}</a>')
    if column == "body":
        return _label(value, EXCERPT_CHARS)
    if column == "sha256" and isinstance(value, str) and len(value) > HASH_CHARS:
        return Markup(f'<span title="{_e(value)}">{_e(value[:HASH_CHARS])}…</span>')
    return None


def passage_name(article_id, passage_id):
    """'passage 3' for the article's third passage ("<article id>-3")."""
    prefix = f"{article_id}-"
    seq = passage_id[len(prefix):] if article_id and passage_id.startswith(prefix) else ""
    return f"passage {seq}" if seq.isdigit() else "the passage"


def _passage_cell(row, value, column, table, datasette):
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
        f'<a href="{_e(row_url(datasette, "passages", passage_id))}" title="passages row {_e(passage_id)}">'
        f'{_e(_label(label) or passage_id)}</a> · '
        f'<a class="cafcass-read" href="{_e(reader_url(datasette, article_id, passage_id))}">'
        f'{_e(passage_name(article_id, passage_id))} in the reader</a>'
    )
