"""What the plugin's own pages share: the database, permission checks,
links (all through datasette.urls, so base_url works) and rendering."""
import re
import weakref
from urllib.parse import quote, urlencode, urlsplit

from datasette.utils import tilde_encode
from datasette.utils.asgi import Forbidden, NotFound, Response

from .. import schema

DATABASE = "cafcass"

# Tables whose rows point at a passage (the fact tables, judgements' first
# evidence, briefs), read off the schema's foreign keys, and their views with sources.
PASSAGE_TABLES = schema.SOURCED_TABLES
SOURCED_VIEWS = {f"{t}_with_sources": t for t in PASSAGE_TABLES}


def database(datasette):
    """The cafcass database, or a 404 naming it when it is not served."""
    try:
        return datasette.get_database(DATABASE)
    except KeyError:
        raise NotFound(f"Database {DATABASE!r} is not being served") from None


def _table_permissions(table):
    return [("view-table", (DATABASE, table)), ("view-database", DATABASE), ("view-instance", None)]


async def ensure_can_view(datasette, request, table):
    """403 unless the actor may see table (Datasette's own table-page check)."""
    allowed, action = await _decide(datasette, request, table)
    if not allowed:
        raise Forbidden(action)  # as Datasette's ensure_permissions says it


async def can_view(datasette, request, table):
    """Whether the actor may see table (Datasette's own table-page check)."""
    return (await _decide(datasette, request, table))[0]


# request -> {(action, resource): what the permission hooks say, True, False or None}
_DECIDED = weakref.WeakKeyDictionary()


async def _decide(datasette, request, table):
    """(whether the actor may see table, the action that decided), as
    Datasette's ensure_permissions decides for its table page: the first of
    view-table, view-database and view-instance that a permission hook has an
    opinion on; none, yes. Each question is asked once per request: a reader
    page asks of every fact table, and Datasette 0.65 deep-copies the whole
    metadata for every question."""
    decided = _DECIDED.setdefault(request, {})
    for action, resource in _table_permissions(table):
        if (action, resource) not in decided:
            decided[action, resource] = await datasette.permission_allowed(
                request.actor, action, resource=resource, default=None)
        if decided[action, resource] is not None:
            return bool(decided[action, resource]), action
    return True, None


def reader_url(datasette, article_id, passage_id=None):
    """/-/cafcass/articles/<id>[#p<passage id>]: ids keep their slashes, anything
    else unsafe in a URL is percent-encoded (a browser decodes the fragment
    before it looks for the element with that id)."""
    path = table_path(datasette, READER) + _quoted(str(article_id))
    return path if passage_id is None else f"{path}{passage_anchor(passage_id)}"


def passage_anchor(passage_id):
    """#p<passage id>, percent-encoded: the fragment of a link to the passage."""
    return f"#p{_quoted(str(passage_id))}"


# Letters, digits, "_" and "-": what quote() and tilde_encode() leave as it is, and
# what the build's ids are made of, so most links skip the (pure Python) encoders.
_PLAIN = re.compile(r"[A-Za-z0-9_-]*").fullmatch


def _quoted(text):
    return text if _PLAIN(text) else quote(text, safe="/")


def _tilde(text):
    return text if _PLAIN(text) else tilde_encode(text)


# {datasette: {table or None: its path}}: a path depends only on the instance (its
# base_url and the database's route), and a page of links asks for the same few thousands of times.
_PATHS = weakref.WeakKeyDictionary()


READER = object()  # table_path()'s key for the reader's own path, /-/cafcass/articles/


_LAST = [lambda: None, None]  # [weak reference to the last instance asked about, its paths]


def table_path(datasette, table=None):
    """datasette.urls.table(DATABASE, table) (the database's own path for None), as a str."""
    if _LAST[0]() is datasette:  # a page's thousand links are for one instance
        paths = _LAST[1]
    else:
        paths = _PATHS.setdefault(datasette, {})
        _LAST[:] = weakref.ref(datasette), paths
    if table not in paths:
        if table is READER:
            paths[table] = str(datasette.urls.path("/-/cafcass/articles/"))
        else:
            paths[table] = str(datasette.urls.database(DATABASE) if table is None
                               else datasette.urls.table(DATABASE, table))
    return paths[table]


def query_url(datasette, query, **params):
    """A canned query's page with its parameters."""
    url = f"{table_path(datasette)}/{query}"
    return f"{url}?{urlencode(params)}" if params else url


def row_url(datasette, table, pk):
    """What datasette.urls.row(DATABASE, table, pk) gives."""
    return f"{table_path(datasette, table)}/{_tilde(str(pk))}"


def safe_link(url):
    """url when it is an http(s) address fit to put in href, else None."""
    if not url:
        return None
    url = str(url).strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc and not any(c.isspace() for c in url):
        return url
    return None


async def render(datasette, request, template, context, view_name):
    """Render one of our templates with the footer's metadata."""
    context = {"metadata": datasette.metadata() or {}, **context}
    html = await datasette.render_template(
        [f"datasette_cafcass/{template}"], context, request=request, view_name=view_name
    )
    return Response.html(html)
