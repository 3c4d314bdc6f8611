"""The evidence reader: /-/cafcass/articles/<article id>.

The cleaned article passage by passage (each with an anchor id="p<passage
id>"), every fact extracted from it highlighted where the build found it (the
fact tables' stored char_start/char_end into the passage's text), each linked
to its row, and beside it the list of those facts and the inspections it
reports. The reader places nothing itself: a fact is marked at its stored span.
"""
from urllib.parse import unquote

from datasette.utils.asgi import NotFound

from .. import schema
from . import figures, provenance
from .highlight import Highlight, mark_up
from .pages import (DATABASE, can_view, database, ensure_can_view, passage_anchor, reader_url, render,
                    row_url, safe_link)


class Show:
    """How one fact table shows: its highlight kind, its heading, how a fact is
    named, and the row a highlight links to (table, id column)."""

    def __init__(self, kind, heading, name, link=None):
        self.kind, self.heading, self.name = kind, heading, name
        self.link = link  # (table, column holding its id); None: the fact's own row


SHOW = {
    "judgement_evidence": Show(
        "grade", "Grades", lambda f: f"{f.get('judgement') or 'judgement'}: {f.get('rating') or '?'}",
        ("judgements", "judgement_id")),
    "findings": Show("finding", "Findings", lambda f: f"{f.get('kind') or 'finding'}: {f.get('text') or ''}"),
    "quotes": Show("quote", "Quotes",
                   lambda f: f"{f.get('person_name') or 'unnamed speaker'}: “{f.get('text') or ''}”"),
    "mentions": Show("person", "People", lambda f: f.get("person_name") or f.get("text") or "",
                     ("people", "person_id")),
    "figures": Show("figure", "Figures", figures.describe),
    "events": Show("date", "Dates and events",
                   lambda f: f"{f.get('date') or 'undated'}: {f.get('description') or f.get('kind') or ''}"),
}
LABELS = {
    "grade": "Grades (the sentence reporting a judgement)",
    "person": "People",
    "quote": "Quotes",
    "figure": "Figures",
    "date": "Dates and events",
    "finding": "Findings",
    "fact": "Other facts",
}
# Marks of facts a person added or corrected (corrections.yml), after the kinds.
FLAGS = (("corrected", "corrected by hand"), ("by-hand", "added by hand"))


def show(table):
    """A fact table the reader has no entry for yet still shows, named by its words."""
    words = schema.BY_NAME[table].words
    return SHOW.get(table) or Show("fact", table.replace("_", " ").capitalize(),
                                   lambda f: str(f.get(words) or ""))


def legend():
    """(kind, label) for each kind of highlight, in the fact tables' order."""
    kinds = []
    for table in schema.FACT_TABLES:
        kind = show(table).kind
        if kind not in kinds:
            kinds.append(kind)
    return [(k, LABELS.get(k, k)) for k in kinds]


def legend_flags(facts):
    """(flag, label) of the flags the article's marks carry."""
    seen = {("by-hand" if f["provenance"]["by_hand"] else "corrected") for rows in facts.values()
            for f in rows if f["provenance"]["by_hand"] or f["provenance"]["corrected"]}
    return [(flag, label) for flag, label in FLAGS if flag in seen]


async def _rows(db, sql, params):
    return [dict(r) for r in (await db.execute(sql, params)).rows]


async def _facts(datasette, request, db, article_id):
    """{table: [fact rows]} for every fact table the actor may see, each row with
    its person's name where it names one."""
    facts = {}
    for table in schema.FACT_TABLES:
        if not await db.table_exists(table) or not await can_view(datasette, request, table):
            continue
        facts[table] = await _rows(
            db, f"select * from [{table}] where article_id = :id order by passage_id, char_start, id",
            {"id": article_id})
    people = sorted({f["person_id"] for rows in facts.values() for f in rows if f.get("person_id") is not None})
    names = {}
    if people and await db.table_exists("people"):
        params = {f"p{i}": p for i, p in enumerate(people)}
        found = await _rows(db, f"select id, name from people where id in ({', '.join(':' + k for k in params)})",
                            params)
        names = {r["id"]: r["name"] for r in found}
    for rows in facts.values():
        for f in rows:
            if f.get("person_id") is not None:
                f["person_name"] = names.get(f["person_id"])
    return facts


def fact_href(datasette, table, fact):
    link = show(table).link
    if link and fact.get(link[1]) is not None:
        return row_url(datasette, link[0], fact[link[1]])
    return row_url(datasette, table, fact["id"])


def _highlights(datasette, passages, facts):
    """Per passage id: its text as Markup with every fact marked at its stored span,
    each mark's title naming the fact and how it was read."""
    by_passage = {p["id"]: [] for p in passages}
    for table, rows in facts.items():
        s = show(table)
        for f in rows:
            if f.get("passage_id") in by_passage and f.get("char_start") is not None and f.get("char_end") is not None:
                pv = f["provenance"]
                by_passage[f["passage_id"]].append(Highlight(
                    f["char_start"], f["char_end"], s.kind, f"{table}:{f['id']}",
                    fact_href(datasette, table, f), f"{s.name(f)} ({provenance.title(pv)})",
                    "by-hand" if pv["by_hand"] else "corrected" if pv["corrected"] else ""))
    return {p["id"]: mark_up(p["text"] or "", by_passage[p["id"]])[0] for p in passages}


def _items(datasette, table, rows, passages):
    s = show(table)
    return {"table": table, "heading": s.heading, "kind": s.kind, "facts": [{
        "label": s.name(f),
        "href": fact_href(datasette, table, f),
        "anchor": passage_anchor(f["passage_id"]) if f.get("passage_id") in passages else None,
        "passage": f"passage {passages[f['passage_id']]}" if f.get("passage_id") in passages else None,
        "provenance": f["provenance"],
        "disputed": f.get("disputed"),
        "other_reading": f.get("other_reading"),
    } for f in rows], "table_href": str(datasette.urls.table(DATABASE, table))}


async def _provenance(datasette, request, db, facts, inspections):
    """Each fact's provenance note (and a grade's judgement's dispute) and each
    inspection's correction and dispute: one query for the corrections, one for
    the grades' judgements, whatever the number of facts."""
    judgements = {}
    grades = facts.get("judgement_evidence") or []
    wanted = sorted({f["judgement_id"] for f in grades if f.get("judgement_id")})
    if wanted and await can_view(datasette, request, "judgements"):
        params = {f"j{n}": j for n, j in enumerate(wanted)}
        judgements = {r["id"]: r for r in await _rows(db, (
            "select id, disputed, shown_because, ratings_seen from judgements "
            f"where disputed = 1 and id in ({', '.join(':' + k for k in params)})"), params)}
    ids = [f.get("correction_id") for rows in facts.values() for f in rows]
    ids += [i.get("correction_id") for i in inspections]
    known = await provenance.corrections(datasette, request, db, ids)
    dated = {i["id"] for i in inspections if i.get("disputed")}
    for rows in facts.values():
        for f in rows:
            f["provenance"] = provenance.note(datasette, f, known)
            j = judgements.get(f.get("judgement_id"))
            f["disputed"] = provenance.dispute(datasette, j, "judgement") if j else None
            # a reading of a disputed row that the row does not show
            f["other_reading"] = f.get("shown") == 0 and (j is not None or f.get("inspection_id") in dated)
    for i in inspections:
        i["provenance"] = provenance.note(datasette, i, known, fact=False)
        i["disputed"] = provenance.dispute(datasette, i, "inspection")


def _fact_groups(datasette, facts, passages, inspections):
    """The side list: under each inspection (subject and year) the facts that belong
    to it, by kind; then the article's other facts. Each names itself (a link to
    its row) and the passage it is in (a link into the text)."""
    known = {i["id"] for i in inspections}
    under = {i["id"]: [] for i in inspections}
    other = []
    for table, rows in facts.items():
        mine = {i: [f for f in rows if f.get("inspection_id") == i] for i in known}
        for i, found in mine.items():
            if found:
                under[i].append(_items(datasette, table, found, passages))
        rest = [f for f in rows if f.get("inspection_id") not in known]
        if rest:
            other.append(_items(datasette, table, rest, passages))
    return [{**i, "groups": under[i["id"]]} for i in inspections], other


def byline(article):
    """'By Lottie Winson · Local Government Lawyer · 2024-01-22': only the parts the sources give."""
    parts = []
    if article.get("author"):
        parts.append(f"By {article['author']}")
    if article.get("outlet"):
        parts.append(article["outlet"])
    parts.append(f"Published {article['published']}" if article.get("published") else "Date not given")
    return " · ".join(parts)


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
    inspections = []
    if await can_view(datasette, request, "inspections"):
        named = sorted({f["inspection_id"] for rows in facts.values() for f in rows if f.get("inspection_id")})
        params = {"id": article_id, **{f"i{n}": i for n, i in enumerate(named)}}
        also = f" or inspections.id in ({', '.join(':i' + str(n) for n in range(len(named)))})" if named else ""
        inspections = await _rows(db, (
            "select inspections.* from inspections where inspections.id in "
            "(select inspection_id from inspection_articles where article_id = :id)" + also +
            " order by inspections.year is null, inspections.year, inspections.id"), params)
        for i in inspections:
            i["href"] = row_url(datasette, "inspections", i["id"])
            i["when"] = str(i["year"]) if i.get("year") is not None else "undated"
    await _provenance(datasette, request, db, facts, inspections)
    marked = _highlights(datasette, passages, facts)
    by_inspection, other = _fact_groups(datasette, facts, {p["id"]: p["seq"] for p in passages}, inspections)
    return await render(datasette, request, "reader.html", {
        "article": article,
        "byline": byline(article),
        "article_href": row_url(datasette, "articles", article_id),
        "source_href": safe_link(article.get("url")),
        "passages": [{**p, "html": marked[p["id"]], "href": row_url(datasette, "passages", p["id"]),
                      "anchor": passage_anchor(p["id"])}
                     for p in passages],
        "inspections": by_inspection,
        "other_facts": other,
        "legend": legend(),
        "legend_flags": legend_flags(facts),
        "search_url": datasette.urls.path("/-/cafcass/search"),
        "index_url": datasette.urls.path("/-/cafcass/articles"),
        "database_url": datasette.urls.database(DATABASE),
        "reader_url": reader_url(datasette, article_id),
    }, view_name="cafcass-reader")


async def index_page(datasette, request):
    """/-/cafcass/articles: every article, newest first, with its source and the
    inspections it reports, each a way into the reader."""
    await ensure_can_view(datasette, request, "articles")
    db = database(datasette)
    articles = await _rows(db, """select a.id, a.title, a.author, a.outlet, a.published, a.url, a.word_count,
        a.about_cafcass, (select count(*) from passages p where p.article_id = a.id) as passages
        from articles a order by a.published is null, a.published desc, a.title, a.id""", {})
    reported = {}
    if await can_view(datasette, request, "inspections"):
        for r in await _rows(db, """select ia.article_id, i.id, i.subject, i.year, i.overall_rating
                from inspection_articles ia join inspections i on i.id = ia.inspection_id
                order by i.year is null, i.year, i.id""", {}):
            reported.setdefault(r["article_id"], []).append({
                **r, "href": row_url(datasette, "inspections", r["id"]),
                "when": str(r["year"]) if r["year"] is not None else "undated"})
    for a in articles:
        a["href"] = reader_url(datasette, a["id"])
        a["byline"] = byline(a)
        a["source_href"] = safe_link(a.get("url"))
        a["inspections"] = reported.get(a["id"], [])
    return await render(datasette, request, "reader_index.html", {
        "articles": articles,
        "table_url": datasette.urls.table(DATABASE, "articles"),
        "search_url": datasette.urls.path("/-/cafcass/search"),
    }, view_name="cafcass-reader-index")


ROUTES = [
    (r"^/-/cafcass/articles/?$", index_page),
    (r"^/-/cafcass/articles/(?P<article_id>.+)$", article_page),
]
