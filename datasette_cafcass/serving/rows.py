"""What Datasette's own row and table pages add for the cafcass database.

Row pages:
- a fact's row (any table pointing at a passage) names its source under the
  heading: the article's title, outlet, date and original address, and the
  passage in the reader;
- an inspection's row lists the articles that report it, its judgements with
  every sentence that reports each, its findings and the quotes about it, each
  linking to the reader at the passage;
- a person's row lists what they said.
Table pages of those tables link to the same rows with their sources (the
<table>_with_sources views, whose CSV can be cited as it is), and a page showing
the theme facet says what it counts.

The templates are Datasette's own row.html and table.html with one block added
(templates/datasette_cafcass/_row_source.html, _row_extra.html, _table_extra.html),
served under the names Datasette looks for first (row-cafcass-<table>.html, ...):
a template of the same name in a --template-dir still wins.
"""
from datasette.utils import urlsafe_components

from .. import schema
from . import memo, provenance
from .cells import passage_name
from .pages import (DATABASE, PASSAGE_TABLES, SOURCED_VIEWS, can_view, query_url, reader_url, row_url,
                    safe_link)

_ROW = ('{% extends "row.html" %}'
        '{% block description_source_license %}{{ super() }}'
        '{% include "datasette_cafcass/_row_source.html" %}{% endblock %}'
        '{% block content %}{{ super() }}{% include "datasette_cafcass/_row_extra.html" %}{% endblock %}')
_TABLE = ('{% extends "table.html" %}'
          '{% block description_source_license %}{{ super() }}'
          '{% include "datasette_cafcass/_table_extra.html" %}{% endblock %}')
NAMES = [t.name for t in schema.TABLES] + list(schema.VIEWS)


# {template name: source} for jinja2's DictLoader (which, unlike a FunctionLoader,
# can list its templates, as Datasette asks every loader to).
TEMPLATES = {f"{prefix}-{DATABASE}-{table}.html": source
             for prefix, source in (("row", _ROW), ("table", _TABLE)) for table in NAMES}

_BLOCK = '{% block description_source_license %}{% include "_description_source_license.html" %}{% endblock %}'


def templates(loader, env):
    """TEMPLATES, with the table pages' made from the text of the table.html that
    `loader` finds (Datasette's own, or a --template-dir's) with our include added
    to its block, rather than by extending it. Datasette renders templates
    asynchronously, and each {% extends %} passes every piece of the page through
    one more generator: a page of 100 rows and 19 columns has some 15,000 pieces.
    Where the block is not written as expected, the pages extend table.html."""
    try:
        source = loader.get_source(env, "table.html")[0]
    except Exception:  # no table.html to read: extend it, as Jinja will find it
        return TEMPLATES
    if source.count(_BLOCK) != 1:
        return TEMPLATES
    table = source.replace(_BLOCK, _BLOCK.replace(
        "{% endblock %}", '{% include "datasette_cafcass/_table_extra.html" %}{% endblock %}'))
    return {name: table if name.startswith(f"table-{DATABASE}-") else text for name, text in TEMPLATES.items()}


async def _rows(db, sql, params):
    return [dict(r) for r in (await db.execute(sql, params)).rows]


def _source(datasette, r):
    """An article's citation: title, outlet, date, original address, reader link."""
    article_id = r.get("article_id")
    return {
        "title": r.get("article_title") or article_id,
        "outlet": r.get("outlet"),
        "published": r.get("published"),
        "url": safe_link(r.get("url")),
        "href": reader_url(datasette, article_id, r.get("passage_id")) if article_id else None,
        "passage": passage_name(article_id, r["passage_id"]) if r.get("passage_id") else None,
        "article_href": row_url(datasette, "articles", article_id) if article_id else None,
    }


async def row_extras(datasette, request, table):
    """Extra template variables for a row page: {} when there is nothing to add."""
    pks = request.url_vars.get("pks")
    if not pks or table not in NAMES:
        return {}
    parts = urlsafe_components(pks)
    if len(parts) != 1:
        return {}
    pk = parts[0]
    db = datasette.get_database(DATABASE)
    base = SOURCED_VIEWS.get(table, table)
    out = {}
    if base in PASSAGE_TABLES and await can_view(datasette, request, "articles"):
        found = await _rows(db, f"""select t.article_id, t.passage_id, a.title as article_title, a.outlet,
            a.published, a.url from [{table}] t left join articles a on a.id = t.article_id
            where t.id = :id""", {"id": pk})
        if found:
            out["cafcass_source"] = _source(datasette, found[0])
    if table == "articles":
        found = await _rows(db, "select id as article_id, title as article_title, outlet, published, url "
                                "from articles where id = :id", {"id": pk})
        if found:
            out["cafcass_source"] = {**_source(datasette, found[0]), "is_article": True}
    if table in PROVENANCE_TABLES:
        found = await _row_provenance(datasette, request, db, table, pk)
        if found:
            out["cafcass_provenance"] = found
    if table == "inspections":
        out["cafcass_inspection"] = await _inspection(datasette, request, db, pk)
    if table == "people" and await can_view(datasette, request, "quotes"):
        out["cafcass_person"] = await _person(datasette, request, db, pk)
    return out


# Row pages that say how their row was read (rule, correction, dispute).
PROVENANCE_TABLES = (*schema.FACT_TABLES, "judgements", "inspections")
# A reading's parent: the row that shows one reading of several.
PARENTS = {"judgement_evidence": ("judgements", "judgement_id", "judgement"),
           "inspection_dates": ("inspections", "inspection_id", "inspection")}
_DISPUTE_COLUMNS = ("id", "disputed", "shown_because", "ratings_seen", "dates_seen")


def _columns(table, wanted):
    have = set(schema.BY_NAME[table].column_names)
    return ", ".join(f"[{c}]" for c in wanted if c in have)


async def _row_provenance(datasette, request, db, table, pk):
    """How one row was read: its rule in words (a judgement: the rules of its
    sentences), its correction by hand, and where the readings disagree which
    one it shows and why, with every reading a link away."""
    found = await _rows(db, f"select {_columns(table, (*_DISPUTE_COLUMNS, 'rule', 'correction_id', 'shown', 'judgement_id', 'inspection_id'))} "
                            f"from [{table}] where id = :id", {"id": pk})
    if not found:
        return None
    row = found[0]
    out = {"table": table, "disputed": None, "rules": None, "other_reading": None}
    kind = {"judgements": "judgement", "inspections": "inspection"}.get(table)
    if kind:
        out["disputed"] = provenance.dispute(datasette, row, kind)
    parent = PARENTS.get(table)
    if parent and row.get(parent[1]) and await can_view(datasette, request, parent[0]):
        other, key, kind = parent
        up = await _rows(db, f"select {_columns(other, _DISPUTE_COLUMNS)} from [{other}] where id = :id",
                         {"id": row[key]})
        if up:
            out["disputed"] = provenance.dispute(datasette, up[0], kind)
            if up[0].get("disputed") and row.get("shown") == 0:
                out["other_reading"] = {"what": kind, "href": row_url(datasette, other, row[key])}
    if table == "judgements" and await can_view(datasette, request, "judgement_evidence"):
        out["rules"] = [{"count": r["n"], **provenance.note(datasette, r, {})} for r in await _rows(db, (
            "select rule, count(*) as n from judgement_evidence where judgement_id = :id "
            "group by rule order by n desc, rule"), {"id": pk})]
        out["evidence_href"] = provenance.readings_url(datasette, "judgement_evidence", pk)
    known = await provenance.corrections(datasette, request, db, [row.get("correction_id")])
    out["note"] = provenance.note(datasette, row, known, fact=table in schema.FACT_TABLES)
    return out


async def _inspection(datasette, request, db, inspection_id):
    """What reports an inspection and what it found: articles, judgements with their
    evidence, findings and quotes, each with the passage in the reader."""
    hub = {"id": inspection_id, "articles": [], "judgements": [], "findings": [], "quotes": [],
           "evidence_href": query_url(datasette, "inspection_evidence", inspection=inspection_id)}
    params = {"id": inspection_id}
    if await can_view(datasette, request, "articles"):
        for a in await _rows(db, """select a.id as article_id, a.title as article_title, a.outlet, a.published,
                a.url from inspection_articles ia join articles a on a.id = ia.article_id
                where ia.inspection_id = :id order by a.published is null, a.published, a.id""", params):
            hub["articles"].append(_source(datasette, a))
    if await can_view(datasette, request, "judgements"):
        by_id = {}
        evidence = await db.table_exists("judgement_evidence") and await can_view(
            datasette, request, "judgement_evidence")
        judged = ("j.id, j.judgement, j.rating, j.conflict, j.ratings_seen, j.disputed, j.shown_because, "
                  "j.correction_id as judgement_correction_id")
        sql = (f"""select {judged}, e.written, e.evidence, e.rule, e.correction_id, e.shown,
                  e.article_id, e.passage_id, a.title as article_title, a.outlet, a.published, a.url
                from judgements j left join judgement_evidence e on e.judgement_id = j.id
                left join articles a on a.id = e.article_id left join passages p on p.id = e.passage_id
                where j.inspection_id = :id
                order by j.rating_rank, j.judgement, a.published is null, a.published, e.article_id, p.seq,
                  e.char_start""" if evidence else
               f"""select {judged}, j.evidence, j.article_id, j.passage_id, null as rule, null as correction_id,
                  null as shown, a.title as article_title, a.outlet, a.published, a.url
                from judgements j left join articles a on a.id = j.article_id
                where j.inspection_id = :id order by j.rating_rank, j.judgement""")
        for r in await _rows(db, sql, params):
            j = by_id.get(r["id"])
            if j is None:
                j = by_id[r["id"]] = {"id": r["id"], "judgement": r["judgement"], "rating": r["rating"],
                                      "conflict": r["conflict"], "ratings_seen": r["ratings_seen"],
                                      "disputed": r["disputed"], "shown_because": r["shown_because"],
                                      "correction_id": r["judgement_correction_id"],
                                      "href": row_url(datasette, "judgements", r["id"]), "evidence": []}
                hub["judgements"].append(j)
            if r.get("evidence"):
                j["evidence"].append({"text": r["evidence"], "written": r.get("written"), "rule": r.get("rule"),
                                      "correction_id": r.get("correction_id"), "shown": r.get("shown"),
                                      "fact": evidence, "source": _source(datasette, r)})
    for table, key in (("findings", "findings"), ("quotes", "quotes")):
        if not await db.table_exists(table) or not await can_view(datasette, request, table):
            continue
        who = ", people.name as person_name, people.id as person_id" if table == "quotes" else ""
        join = "left join people on people.id = t.person_id" if table == "quotes" else ""
        order = "t.kind, " if table == "findings" else ""
        for r in await _rows(db, f"""select t.*{who}, a.title as article_title, a.outlet, a.published, a.url
                from [{table}] t {join} left join articles a on a.id = t.article_id
                left join passages p on p.id = t.passage_id
                where t.inspection_id = :id order by {order}a.published is null, a.published, t.article_id,
                  p.seq, t.char_start""", params):
            hub[key].append({**r, "href": row_url(datasette, table, r["id"]), "source": _source(datasette, r),
                             "person_href": query_url(datasette, "person_quotes", name=r["person_name"])
                             if r.get("person_name") else None})
    # How each was read: one query for every correction the lists name.
    evidence = [e for j in hub["judgements"] for e in j["evidence"]]
    known = await provenance.corrections(datasette, request, db, [
        x.get("correction_id") for x in (*hub["judgements"], *evidence, *hub["findings"], *hub["quotes"])])
    for j in hub["judgements"]:
        j["provenance"] = provenance.note(datasette, j, known, fact=False)
        j["disputed_note"] = provenance.dispute(datasette, j, "judgement")
    for e in evidence:
        e["provenance"] = provenance.note(datasette, e, known, fact=e.pop("fact"))
    for f in (*hub["findings"], *hub["quotes"]):
        f["provenance"] = provenance.note(datasette, f, known)
    return hub


async def _person(datasette, request, db, person_id):
    quotes = []
    for r in await _rows(db, """select q.*, a.title as article_title, a.outlet, a.published, a.url
            from quotes q left join articles a on a.id = q.article_id left join passages p on p.id = q.passage_id
            where q.person_id = :id order by a.published is null, a.published, q.article_id, p.seq, q.char_start""",
                         {"id": person_id}):
        quotes.append({**r, "href": row_url(datasette, "quotes", r["id"]), "source": _source(datasette, r)})
    known = await provenance.corrections(datasette, request, db, [q.get("correction_id") for q in quotes])
    for q in quotes:
        q["provenance"] = provenance.note(datasette, q, known)
    name = await _rows(db, "select name from people where id = :id", {"id": person_id})
    return {"quotes": quotes,
            "all_href": query_url(datasette, "person_quotes", name=name[0]["name"]) if name else None}


async def table_extras(datasette, request, table):
    """Extra template variables for a table page: the view with sources, themes' terms."""
    out = {}
    if table in PASSAGE_TABLES:
        view = f"{table}_with_sources"
        qs = request.query_string
        base = str(datasette.urls.table(DATABASE, view))
        out["cafcass_sources"] = {
            "view": view,
            "href": base + (f"?{qs}" if qs else ""),
            "csv": f"{base}.csv?" + (f"{qs}&" if qs else "") + "_stream=on&_dl=1",
        }
    if await _shows_theme_facet(datasette, request, table):
        db = datasette.get_database(DATABASE)
        if await memo.table_exists(db, "themes"):
            async def read():
                themes = {}
                for r in await _rows(db, "select theme, term from themes order by rowid", {}):
                    themes.setdefault(r["theme"], []).append(r["term"])
                return [{"theme": t, "terms": terms} for t, terms in themes.items()]
            out["cafcass_themes"] = await memo.once(db, "theme_terms", read)
            out["cafcass_themes_href"] = str(datasette.urls.table(DATABASE, "themes"))
    return out


async def _shows_theme_facet(datasette, request, table):
    if any(k.startswith("_facet_theme") for k in request.args) or any(
            k.startswith("_theme_") for k in request.args):
        return True
    facets = (datasette.table_metadata(DATABASE, table) or {}).get("facets") or []
    return any(isinstance(f, dict) and "theme" in f for f in facets) and not request.args.get("_nofacet")
