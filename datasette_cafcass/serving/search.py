"""One search box over everything: /-/cafcass/search?q=… and its .json.

Searches the FTS5 tables the build makes (porter stemming), ranks each kind
by FTS5's rank, and highlights matches with snippet(): snippet() wraps the
matches in per-request marker strings, the text is escaped, and only then do
the markers become <mark>.
"""
import re
import sqlite3
from urllib.parse import urlencode

from datasette.database import QueryInterrupted
from datasette.utils.asgi import BadRequest, Response

from . import provenance
from .cells import passage_name
from .highlight import markers, snippet_html, snippet_text
from .pages import DATABASE, database, can_view, reader_url, render, row_url

# What can be searched, in the order results are shown. Table names come only
# from here, never from the request.
KINDS = {
    "articles": {"label": "Articles", "columns": "t.id, t.id as article_id, null as passage_id, t.title as article_title"},
    "passages": {"label": "Passages", "columns": "t.id, t.article_id, t.id as passage_id, t.kind as detail"},
    # facts also say how they were read (provenance.py)
    "findings": {"label": "Findings", "columns": "t.id, t.article_id, t.passage_id, t.kind as detail, "
                 "t.rule, t.correction_id", "fact": True},
    "quotes": {"label": "Quotes", "columns": "t.id, t.article_id, t.passage_id, people.name as detail, "
               "t.rule, t.correction_id", "fact": True,
               "join": "left join people on people.id = t.person_id"},
    "briefs": {"label": "Round-up items about other sectors",
               "columns": "t.id, t.article_id, t.passage_id, t.sector as detail"},
}
# A passage's kind as a reader would say it.
DETAIL_WORDS = {"brief": "round-up item about another sector"}
DEFAULT_LIMIT, MAX_LIMIT = 10, 50
MAX_PAGE = 10_000
# How Datasette's escape_fts splits a query: white space, or a "quoted phrase".
_SPLIT_RE = re.compile(r'\s+|(".*?")')
SNIPPET_TOKENS = 24


def fts_query(q):
    """q as an FTS5 query of plain words: each word or "quoted phrase" is
    quoted, as Datasette's escape_fts does, so operators (AND, NEAR(, *,
    column filters) are words, never syntax. One addition: a word ending in
    * stays a prefix search (inspect* finds inspection, inspectors)."""
    q = (q or "").replace("\x00", "")
    if q.count('"') % 2:
        q += '"'
    out = []
    for bit in _SPLIT_RE.split(q):
        if not bit or bit == '""':
            continue
        if bit.startswith('"'):
            out.append(bit)
        elif bit.endswith("*") and bit.rstrip("*"):
            out.append('"{}"*'.format(bit.rstrip("*")))
        elif bit.strip("*"):
            out.append('"{}"'.format(bit))
    return " ".join(out)


def words_only(q):
    """The last resort for a query SQLite still refuses: its words."""
    return " ".join('"{}"'.format(w) for w in re.findall(r"\w+", q or ""))


def parse_limit(request):
    raw = request.args.get("limit")
    if raw in (None, ""):
        return DEFAULT_LIMIT
    try:
        limit = int(raw)
    except ValueError:
        limit = None
    if limit is None or not 1 <= limit <= MAX_LIMIT:
        raise BadRequest(f"limit must be a whole number from 1 to {MAX_LIMIT}, not {raw!r}")
    return limit


def parse_page(request, kind):
    raw = request.args.get("page")
    if raw in (None, ""):
        return 1
    try:
        page = int(raw)
    except ValueError:
        page = None
    if page is None or not 1 <= page <= MAX_PAGE:
        raise BadRequest(f"page must be a whole number from 1 to {MAX_PAGE}, not {raw!r}")
    if page > 1 and kind is None:
        raise BadRequest("page needs kind: pages go through the results of one kind")
    return page


def parse_kind(request):
    kind = request.args.get("kind") or None
    if kind is not None and kind not in KINDS:
        raise BadRequest(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    return kind


async def _search_kind(db, table, query, limit, open_marker, close_marker, offset=0):
    spec = KINDS[table]
    fts = f"{table}_fts"
    params = {"query": query, "limit": limit, "offset": offset, "open": open_marker, "close": close_marker,
              "tokens": SNIPPET_TOKENS}
    title = ("highlight([articles_fts], 0, :open, :close) as title_marked" if table == "articles"
             else "articles.title as article_title")
    article_join = "" if table == "articles" else "left join articles on articles.id = t.article_id"
    sql = (
        f"select {spec['columns']}, {title}, "
        f"snippet([{fts}], -1, :open, :close, '…', :tokens) as snippet "
        f"from [{fts}] join [{table}] t on t.rowid = [{fts}].rowid "
        f"{spec.get('join', '')} {article_join} "
        f"where [{fts}] match :query order by rank limit :limit offset :offset"
    )
    rows = [dict(r) for r in (await db.execute(sql, params)).rows]
    total = (await db.execute(f"select count(*) from [{fts}] where [{fts}] match :query",
                              {"query": query})).single_value()
    return rows, total


def _page_url(datasette, q, kind, limit, page):
    args = {"q": q, "kind": kind}
    if limit != DEFAULT_LIMIT:
        args["limit"] = limit
    if page > 1:
        args["page"] = page
    return datasette.urls.path("/-/cafcass/search") + "?" + urlencode(args)


async def search(datasette, request, q, limit, only_kind, page=1):
    """{"q", "fts_query", "limit", "page", "kinds": [{kind, label, total, results, more_url, ...}]}"""
    db = database(datasette)
    query = fts_query(q)
    kinds = []
    offset = (page - 1) * limit
    if not query:
        return {"q": q, "fts_query": query, "limit": limit, "page": page, "kinds": kinds}
    open_marker, close_marker = markers()
    for table, spec in KINDS.items():
        if only_kind and table != only_kind:
            continue
        if not await db.table_exists(f"{table}_fts") or not await can_view(datasette, request, table):
            continue
        timed_out = False
        try:
            try:
                rows, total = await _search_kind(db, table, query, limit, open_marker, close_marker, offset)
            except sqlite3.OperationalError:
                query = words_only(q)
                rows, total = (await _search_kind(db, table, query, limit, open_marker, close_marker, offset)
                               if query else ([], 0))
        except QueryInterrupted:  # past Datasette's sql_time_limit_ms: say so, show the rest
            rows, total, timed_out = [], None, True
        results = []
        for r in rows:
            title_marked = r.pop("title_marked", None)
            results.append({
                "table": table,
                "id": r["id"],
                "article_id": r["article_id"],
                "passage_id": r["passage_id"],
                "article_title": r.get("article_title") or snippet_text(title_marked, open_marker, close_marker),
                "detail": DETAIL_WORDS.get(r.get("detail"), r.get("detail")),
                "snippet": snippet_text(r["snippet"], open_marker, close_marker),
                "snippet_html": snippet_html(r["snippet"], open_marker, close_marker),
                "title_html": snippet_html(title_marked, open_marker, close_marker) if title_marked else None,
                "reader_url": reader_url(datasette, r["article_id"], r["passage_id"]) if r["article_id"] else None,
                "in_text": passage_name(r["article_id"], r["passage_id"]) if r["passage_id"] else "the whole article",
                "row_url": row_url(datasette, table, r["id"]),
                **({"rule": r["rule"], "correction_id": r["correction_id"]} if spec.get("fact") else {}),
            })
        shown_to = offset + len(results)
        kinds.append({
            "kind": table, "label": spec["label"], "total": total, "timed_out": timed_out, "results": results,
            "first": offset + 1 if results else 0, "last": shown_to,
            # every result of this kind, a page at a time
            "more_url": (_page_url(datasette, q, table, MAX_LIMIT, 1)
                         if not only_kind and total and total > len(results) else None),
            "next_url": (_page_url(datasette, q, table, limit, page + 1)
                         if only_kind and total and total > shown_to else None),
            "previous_url": _page_url(datasette, q, table, limit, page - 1) if only_kind and page > 1 else None,
        })
    # How each fact shown was read: one query for every correction they name.
    facts = [r for k in kinds if KINDS[k["kind"]].get("fact") for r in k["results"]]
    known = await provenance.corrections(datasette, request, db, [r["correction_id"] for r in facts])
    for r in facts:
        r["provenance"] = provenance.note(datasette, r, known)
    return {"q": q, "fts_query": query, "limit": limit, "page": page, "kinds": kinds}


async def search_page(datasette, request):
    fmt = request.url_vars.get("format")
    await datasette.ensure_permissions(request.actor, [("view-database", DATABASE), "view-instance"])
    limit = parse_limit(request)
    only_kind = parse_kind(request)
    page = parse_page(request, only_kind)
    q = request.args.get("q") or ""
    data = await search(datasette, request, q, limit, only_kind, page)
    if fmt == "json":
        for kind in data["kinds"]:
            for r in kind["results"]:
                r["snippet_html"] = str(r["snippet_html"])
                r["title_html"] = str(r["title_html"]) if r["title_html"] is not None else None
        return Response.json(data)
    return await render(datasette, request, "search.html", {
        **data,
        "kind": only_kind,
        "all_kinds": [(k, v["label"]) for k, v in KINDS.items()],
        "action": datasette.urls.path("/-/cafcass/search"),
        "json_url": datasette.urls.path("/-/cafcass/search.json") + (
            "?" + request.query_string if request.query_string else ""),
    }, view_name="cafcass-search")


async def menu_links(datasette, actor):
    """A "Search" entry in Datasette's menu for those who may see the database."""
    visible, _ = await datasette.check_visibility(
        actor, permissions=[("view-database", DATABASE), "view-instance"])
    if not visible or DATABASE not in datasette.databases:
        return []
    return [{"href": datasette.urls.path("/-/cafcass/search"), "label": "Search articles and facts"}]


ROUTES = [
    (r"^/-/cafcass/search(\.(?P<format>json))?$", search_page),
]
