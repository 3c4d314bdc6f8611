"""Answer 400, naming the parameter and the reason, to query strings that make
Datasette 0.65 itself fail with a 500 before any plugin code runs.

Each check below is a crash found by feeding hostile query strings to core
table pages (see tests/test_hostile.py): a facet value that starts with "{"
but is not a JSON object with a column name, a `_facetX` key, `_sort` and
`_sort_desc` together or naming a column the table lacks, a bad `_through`,
a non-numeric `_timelimit`, a `col__in=[...` that is not JSON, a NUL
character, a POST to a read-only canned query (405). A CSV query stopped by
sql_time_limit_ms answers 400 as the HTML and JSON ones do; an Atom feed with no
entries answers 404 (datasette-atom 0.9 fails on it). Everything else passes
through untouched.
"""
import json
import re
import urllib.parse
from html import escape

from datasette.utils import tilde_decode

CORE_FACETS = {"_facet", "_facet_array", "_facet_date"}
FORMATS = (".json", ".csv")


def _column_config(value):
    """The reason a JSON facet config is unusable, or None."""
    try:
        config = json.loads(value)
    except ValueError:
        return "is not valid JSON"
    if not isinstance(config, dict):
        return "is not a JSON object"
    return None


def problems(pairs):
    """(parameter, reason) for the first thing in pairs core Datasette would crash on."""
    keys = {k for k, _ in pairs}
    for key, value in pairs:
        if "\x00" in key or "\x00" in value:  # SQLite refuses query text with NUL in it
            return key.replace("\x00", "\\x00"), "contains a NUL character"
    if "_sort" in keys and "_sort_desc" in keys:
        return "_sort", "cannot be used together with _sort_desc"
    for key, value in pairs:
        if key.startswith("_facet"):
            if key != "_facet" and not key.startswith("_facet_"):
                return key, "is not a facet parameter (use _facet=COLUMN or _facet_TYPE=COLUMN)"
            if value.startswith("{"):
                reason = _column_config(value)
                if reason:
                    return key, reason
                config = json.loads(value)
                # core facets read config["simple"] when suggesting, whatever "column" says
                if key in CORE_FACETS and not isinstance(config.get("simple"), str):
                    return key, 'needs a column name: {"simple": "NAME"}'
        elif key == "_through":
            try:
                through = json.loads(value)
            except ValueError:
                return key, 'is not valid JSON ({"table": ..., "column": ..., "value": ...})'
            if not (isinstance(through, dict) and all(isinstance(through.get(k), str) for k in ("table", "column"))
                    and "value" in through):
                return key, 'needs {"table": ..., "column": ..., "value": ...}'
        elif key == "_timelimit" and not re.fullmatch(r"\d{1,9}", value):
            return key, "must be a whole number of milliseconds"
        elif key.endswith("__in") and value.startswith("["):
            try:
                json.loads(value)
            except ValueError:
                return key, "is not a valid JSON list"
    return None


async def bad_sort(datasette, path, pairs):
    """(parameter, reason) when _sort/_sort_desc names a column the table lacks."""
    sorts = [(k, v) for k, v in pairs if k in ("_sort", "_sort_desc")]
    parts = path.strip("/").split("/")
    if not sorts or len(parts) != 2:
        return None
    database, table = parts[0], parts[1]
    for ext in FORMATS:
        if table.endswith(ext):
            table = table[: -len(ext)]
    try:
        db = datasette.get_database(tilde_decode(database))
    except KeyError:
        return None
    table = tilde_decode(table)
    if not (await db.table_exists(table) or table in await db.view_names()):
        return None
    columns = set(await db.table_columns(table))
    sortable = (datasette.table_metadata(db.name, table) or {}).get("sortable_columns")
    if sortable is not None:
        columns &= set(sortable)
    for key, value in sorts:
        if value not in columns:
            return key, f"{table} cannot be sorted by {value!r}"
    return None


async def read_only_query(datasette, scope):
    """The name of a read-only canned query a POST is sent to (0.65 answers
    such a POST with a 500), else None."""
    parts = scope["path"].strip("/").split("/")
    if scope.get("method") != "POST" or len(parts) != 2:
        return None
    try:
        query = await datasette.get_canned_query(tilde_decode(parts[0]), tilde_decode(parts[1]), None)
    except KeyError:
        return None
    return parts[1] if query and not query.get("write") else None


def asgi_wrapper(datasette):
    def wrap(app):
        async def guarded(scope, receive, send):
            # plugin routes (/-/...) check their own parameters
            if scope.get("type") != "http" or scope.get("path", "").startswith("/-/"):
                return await app(scope, receive, send)
            query = scope.get("query_string", b"").decode("latin-1")
            # as Datasette reads it, so the check sees what core would see
            pairs = urllib.parse.parse_qsl(query, keep_blank_values=True)
            name = await read_only_query(datasette, scope)
            if name:
                return await reject(scope, send, "POST", f"the canned query {name} is read-only: use GET",
                                    title="Method not allowed", status=405)
            found = problems(pairs) or await bad_sort(datasette, scope["path"], pairs)
            if found:
                return await reject(scope, send, *found)
            if scope["path"].endswith(".csv"):
                return await app(scope, receive, csv_time_limit(scope, send))
            if scope["path"].endswith(".atom"):
                return await app(scope, receive, empty_feed(scope, send))
            return await app(scope, receive, send)

        return guarded

    return wrap


def replace_500(scope, send, marker, *why, **how):
    """A send that holds back a 500 and, when its body holds `marker`, sends
    reject(scope, send, *why, **how) instead; any other 500 goes through."""
    held = []

    async def guarded_send(message):
        if message["type"] == "http.response.start" and message["status"] == 500:
            held.append(message)
            return
        if held and message["type"] == "http.response.body":
            if marker in message.get("body", b""):
                held.clear()
                return await reject(scope, send, *why, **how)
            await send(held.pop())
        await send(message)

    return guarded_send


def csv_time_limit(scope, send):
    """The 500 Datasette's CSV view gives a query stopped by sql_time_limit_ms,
    as the 400 its HTML and JSON views give."""
    return replace_500(scope, send, b"OperationalError(&#39;interrupted&#39;)",  # QueryInterrupted, as 0.65 prints it
                       "sql", "the query took too long and was stopped (sql_time_limit_ms)", title="Query took too long")


def empty_feed(scope, send):
    """The 500 datasette-atom 0.9 gives a query with no rows (it takes the max()
    of the rows' dates), as a 404 that says why."""
    return replace_500(scope, send, b"max() arg is an empty sequence",
                       "feed", "it has no entries yet: an entry needs a date, and no row of this query has one",
                       title="Empty feed", status=404)


async def reject(scope, send, parameter, reason, title="Bad request", status=400):
    message = f"Bad parameter {parameter}: {reason}" if title == "Bad request" else f"{title}: {reason}"
    if scope["path"].endswith(".json"):
        body = json.dumps({"ok": False, "error": message, "status": status, "title": title})
        content_type = b"application/json; charset=utf-8"
    else:
        body = (f"<!DOCTYPE html><html><head><title>{title}</title></head>"
                f"<body><h1>{title}</h1><p>{escape(message)}</p></body></html>")
        content_type = b"text/html; charset=utf-8"
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", content_type)]})
    await send({"type": "http.response.body", "body": body.encode("utf-8")})
