"""The evidence reader: /-/cafcass/articles/<article id>.

The cleaned article passage by passage (each with an anchor id="p<passage
id>"), every fact extracted from it highlighted in place and linked to its
row, and beside it the list of those facts and the inspections it reports.
"""
from urllib.parse import unquote

from datasette.utils.asgi import NotFound

from . import locate
from .highlight import Highlight, badge, mark_up
from .pages import DATABASE, database, ensure_can_view, can_view, reader_url, render, row_url, safe_link

# Highlight kinds, in legend order: (kind, legend label).
LEGEND = (
    ("grade", "Grades (the rating word in a judgement's evidence)"),
    ("person", "People"),
    ("quote", "Quotes"),
    ("figure", "Figures"),
    ("date", "Dates and events"),
    ("finding", "Findings"),
)


def _fmt_number(value):
    if value is None:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


# Each fact table: its highlight kind, how to find its span, and how to name it.
FACTS = {
    "judgements": (
        "grade",
        locate.judgement_span,
        lambda f: f"{f.get('judgement') or 'judgement'}: {f.get('rating') or '?'}",
    ),
    "findings": (
        "finding",
        lambda text, f, taken: locate.text_span(text, f),
        lambda f: f"{f.get('kind') or 'finding'}: {f.get('text') or ''}",
    ),
    "quotes": (
        "quote",
        lambda text, f, taken: locate.text_span(text, f),
        lambda f: f"{f.get('person_name') or 'unnamed speaker'}: “{f.get('text') or ''}”",
    ),
    "figures": (
        "figure",
        locate.figure_span,
        lambda f: " ".join(x for x in (_fmt_number(f.get("value")), f.get("unit") or "", f.get("label") or "") if x),
    ),
    "events": (
        "date",
        locate.event_span,
        lambda f: f"{f.get('date') or 'undated'}: {f.get('description') or f.get('kind') or ''}",
    ),
}


async def _rows(db, sql, params):
    return [dict(r) for r in (await db.execute(sql, params)).rows]


async def _facts(datasette, request, db, article_id):
    """{table: [fact rows]} for every fact table the actor may see."""
    facts = {}
    for table in FACTS:
        if not await db.table_exists(table) or not await can_view(datasette, request, table):
            continue
        if table == "quotes" and await db.table_exists("people"):
            sql = ("select quotes.*, people.name as person_name from quotes "
                   "left join people on people.id = quotes.person_id "
                   "where quotes.article_id = :id order by quotes.id")
        else:
            sql = f"select * from [{table}] where article_id = :id order by id"
        facts[table] = await _rows(db, sql, {"id": article_id})
    return facts


def _highlights(datasette, passages, facts):
    """Per passage id: (marked-up text, badges for facts not found in it)."""
    by_passage = {p["id"]: [] for p in passages}
    for table, rows in facts.items():
        for f in rows:
            if f.get("passage_id") in by_passage:
                by_passage[f["passage_id"]].append((table, f))
    out = {}
    for p in passages:
        text = p["text"] or ""
        highlights, unplaced, taken = [], [], {}
        for table, f in by_passage[p["id"]]:
            kind, find, name = FACTS[table]
            key = f"{table}:{f['id']}"
            href = row_url(datasette, table, f["id"])
            span = find(text, f, taken.setdefault(kind, set()))
            h = Highlight(span[0] if span else 0, span[1] if span else 0, kind, key, href, name(f))
            if span:
                taken[kind].add(span)
                highlights.append(h)
            else:
                unplaced.append(h)
            if table == "quotes" and f.get("person_id") is not None:
                who = locate.person_span(text, f.get("person_name"))
                if who and who not in taken.setdefault("person", set()):
                    taken["person"].add(who)
                    highlights.append(Highlight(who[0], who[1], "person", f"people:{f['person_id']}",
                                                row_url(datasette, "people", f["person_id"]),
                                                f.get("person_name") or ""))
        html, linked = mark_up(text, highlights)
        unplaced += [h for h in highlights if h.key not in linked and not h.key.startswith("people:")]
        out[p["id"]] = (html, [badge(h, h.title) for h in unplaced])
    return out


HEADINGS = {"judgements": "Grades", "findings": "Findings", "quotes": "Quotes",
            "figures": "Figures", "events": "Dates and events"}


def _fact_list(datasette, facts, passage_ids):
    """The side list: per table, each fact's name, row link and passage link."""
    groups = []
    for table, rows in facts.items():
        kind, _find, name = FACTS[table]
        items = [{
            "label": name(f),
            "href": row_url(datasette, table, f["id"]),
            "anchor": f"#p{f['passage_id']}" if f.get("passage_id") in passage_ids else None,
        } for f in rows]
        groups.append({"table": table, "heading": HEADINGS[table], "kind": kind, "facts": items,
                       "table_href": str(datasette.urls.table(DATABASE, table))})
    return groups


async def article_page(datasette, request):
    article_id = unquote(request.url_vars["article_id"])
    await ensure_can_view(datasette, request, "articles")
    db = database(datasette)
    found = await _rows(db, "select * from articles where id = :id", {"id": article_id})
    if not found:
        raise NotFound(f"No article with id {article_id!r}")
    article = found[0]
    passages = await _rows(db, "select * from passages where article_id = :id order by seq",
                           {"id": article_id})
    facts = await _facts(datasette, request, db, article_id)
    marked = _highlights(datasette, passages, facts)
    inspections = []
    if await can_view(datasette, request, "inspections"):
        inspections = await _rows(db, (
            "select inspections.* from inspections join inspection_articles "
            "on inspection_articles.inspection_id = inspections.id "
            "where inspection_articles.article_id = :id "
            "order by inspections.year, inspections.id"), {"id": article_id})
        for i in inspections:
            i["href"] = row_url(datasette, "inspections", i["id"])
    passage_ids = {p["id"] for p in passages}
    return await render(datasette, request, "reader.html", {
        "article": article,
        "article_href": row_url(datasette, "articles", article_id),
        "source_href": safe_link(article.get("url")),
        "passages": [{**p, "html": marked[p["id"]][0], "badges": marked[p["id"]][1],
                      "href": row_url(datasette, "passages", p["id"])} for p in passages],
        "fact_groups": _fact_list(datasette, facts, passage_ids),
        "inspections": inspections,
        "legend": LEGEND,
        "search_url": datasette.urls.path("/-/cafcass/search"),
        "database_url": datasette.urls.database(DATABASE),
        "reader_url": reader_url(datasette, article_id),
    }, view_name="cafcass-reader")


ROUTES = [
    (r"^/-/cafcass/articles/(?P<article_id>.+)$", article_page),
]
