"""Serving under hostile input: no query string gives a 500, markup in article
text is shown escaped, canned queries and ?sql= cannot write, a runaway query
is stopped, the served file is immutable."""
import asyncio
import hashlib
import json
import shutil
import sqlite3
import urllib.parse

import pytest
from markupsafe import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


from datasette_cafcass.builder.pipeline import build

from .conftest import SEEDS, make_datasette

HOSTILE = (
    "Cafcass <script>alert('xss-title')</script> rated good\n\n"
    "Ofsted said Cafcass <script>alert('xss-body')</script> had improved, and "
    "<img src=x onerror=alert('xss-img')> staff were praised in 2019.\n\n"
    "Read the <a href=\"javascript:alert('xss-link')\">inspection report</a> on Cafcass "
    "or [the summary](javascript:alert('xss-md')).\n\n"
    "Ofsted rated Cafcass \"outstanding\" <b onmouseover=alert('xss-b')>overall</b> in 2018.\n"
)
# What must never appear raw in a page: each would run script if it did.
RAW = ("<script>alert(", "<img src=x onerror", "href=\"javascript:", "href='javascript:",
       "<a href=\"javascript", "<b onmouseover", "onerror=alert('xss", "onmouseover=alert('xss")
HOSTILE_ID = "hostile <article>"


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile_src")
    for p in SEEDS.glob("*"):
        shutil.copy(p, folder / p.name)
    (folder / f"{HOSTILE_ID}.txt").write_text(HOSTILE, encoding="utf-8")
    db = tmp_path_factory.mktemp("hostile_db") / "cafcass.db"
    build(folder, db)
    return db


@pytest.fixture(scope="module")
def hds(hostile_db, metadata):
    return make_datasette(hostile_db, metadata)


def assert_escaped(text, where):
    for raw in RAW:
        assert raw not in text, (where, raw)


def quote(value):
    return urllib.parse.quote(value, safe="")


def passage_ids(db):
    conn = sqlite3.connect(db)
    try:
        return [r[0] for r in conn.execute("select id from passages where article_id = ?", [HOSTILE_ID])]
    finally:
        conn.close()


HTML_PAGES = [
    "/cafcass/articles",
    "/cafcass/articles?_search=xss",
    "/cafcass/passages?_search=alert",
    "/cafcass/passages?_facet=kind&_facet=text",
    "/cafcass/articles?_facet=title&_facet_year=published&_facet_theme=body",
    "/cafcass/articles/" + quote(HOSTILE_ID).replace("%", "~"),
    "/cafcass?sql=" + quote("select title, body from articles"),
    "/-/cafcass/trend",
    "/-/cafcass/search?q=" + quote("script alert"),
    "/-/cafcass/search?q=" + quote("<script>alert('q')</script>"),
]


@pytest.mark.parametrize("path", HTML_PAGES)
async def test_markup_in_articles_is_escaped(hds, path):
    response = await hds.client.get(path)
    assert response.status_code == 200, response.text[:300]
    assert_escaped(response.text, path)
    assert "<script>alert('q')" not in response.text


async def test_markup_is_escaped_in_the_reader(hds, hostile_db):
    path = "/-/cafcass/articles/" + quote(HOSTILE_ID)
    response = await hds.client.get(path)
    assert response.status_code == 200
    assert_escaped(response.text, "reader")
    assert "&lt;script&gt;" in response.text  # the text is shown, as text
    for pid in passage_ids(hostile_db):  # the anchors, with the id escaped as any text is
        assert f'id="p{escape(pid)}"' in response.text


async def test_markup_is_escaped_in_canned_queries(hds, metadata):
    queries = metadata.get("databases", {}).get("cafcass", {}).get("queries") or {}
    assert queries, "metadata.yml has no canned queries"
    for name in queries:
        response = await hds.client.get(f"/cafcass/{name}?q=xss&rating=&year=&text=alert")
        assert response.status_code in (200, 400), (name, response.text[:300])
        assert_escaped(response.text, name)


# --- hostile query strings -----------------------------------------------

ROUTES = [
    "/-/cafcass/trend", "/-/cafcass/trend.json", "/-/cafcass/trend.csv", "/-/cafcass/trend.svg",
    "/-/cafcass/search", "/-/cafcass/search.json",
    "/-/cafcass/articles/" + quote(HOSTILE_ID), "/-/cafcass/articles/000_c3cbf991d1004dd9",
    "/-/cafcass/articles/nosuch",
    "/cafcass/articles", "/cafcass/articles.json", "/cafcass/passages.json", "/cafcass/passages.csv",
    "/cafcass/inspections.json", "/cafcass/judgements", "/cafcass/inspection_judgements.json",
    "/cafcass", "/cafcass.json",
    "/-/cafcass/articles", "/cafcass/findings", "/cafcass/findings_with_sources.csv", "/cafcass/people",
    "/cafcass/rating_history", "/cafcass/who_said_what.json", "/cafcass/person_quotes",
    "/cafcass/inspections_feed", "/cafcass/inspections_feed.atom",
]
NAMES = ["q", "_facet", "_facet_rating", "_facet_year", "_facet_era", "_facet_theme", "_facet_size",
         "_facet_array", "_facet_date", "_facetx", "_sort", "_sort_desc", "_search", "_search_body",
         "_searchmode", "_size", "_next", "_where", "_through", "_timelimit", "_shape", "_col", "_nocol",
         "id__in", "year", "rating", "era", "theme", "kind", "article_id", "published__gte", "seq__gt",
         "_theme_body", "format", "limit", "offset", "sql", "page", "subject", "name", "inspection",
         "_show_sql", "_hide_sql", "_dl", "_feed_title"]
SQLISH = ["' or 1=1 --", "\"; drop table articles; --", "1; select * from sqlite_master", ") union select 1 --",
          "%00", "\x00", "]", "[", "*", "rowid", "nosuch", "title", "published", "NEAR(a b)", "a:b",
          "\"unterminated", "-1", "0", "1e308", "99999999999999999999999999", "-99999999999999999999", "NaN",
          "{", "{}", "{\"column\": 5}", "{\"column\": \"title\"}", "{\"x\": 1}", "[1,", "[\"a\"]", "null", "true",
          "<script>alert(1)</script>", "javascript:alert(1)", "é", "\ud7ff", "\u202e", "select 1 from"]
values = st.one_of(
    st.sampled_from(SQLISH),
    st.binary(max_size=24).map(lambda b: b.decode("latin-1")),
    st.text(max_size=24),
    st.integers(min_value=-10**30, max_value=10**30).map(str),
    st.dictionaries(st.sampled_from(["column", "simple", "table", "value", "x"]),
                    st.one_of(st.text(max_size=8), st.integers(), st.none()), max_size=3).map(json.dumps),
)
pairs = st.lists(st.tuples(st.one_of(st.sampled_from(NAMES), st.text(max_size=10)), values), max_size=5)


def run(coro):
    return asyncio.get_event_loop_policy().new_event_loop().run_until_complete(coro)


@settings(max_examples=120, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(route=st.sampled_from(ROUTES), pairs=pairs, raw=st.booleans())
def test_hostile_query_strings_never_give_a_500(hostile_db, metadata, route, pairs, raw):
    if raw:  # bytes percent-encoded as they come, not as urlencode would
        query = "&".join(quote(k) + "=" + urllib.parse.quote(v.encode("utf-8", "surrogatepass"), safe="={}[]:,\"'")
                         for k, v in pairs)
    else:
        query = urllib.parse.urlencode([(k, v.encode("utf-8", "surrogatepass")) for k, v in pairs])

    async def fetch():
        ds = make_datasette(hostile_db, metadata)
        response = await ds.client.get(f"{route}?{query}")
        assert response.status_code < 500, (route, query, response.status_code, response.text[:400])
        if response.headers.get("content-type", "").startswith("text/html"):
            assert_escaped(response.text, route)

    run(fetch())


@pytest.mark.parametrize("query,parameter", [
    ("_facet_rating={", "_facet_rating"),
    ("_facet_year=%7Bnot+json", "_facet_year"),
    ("_facet={}", "_facet"),
    ("_facet=%7B%22column%22%3A5%7D", "_facet"),
    ("_facet=%7B%22column%22%3A%22outlet%22%7D", "_facet"),
    ("_facetx=title", "_facetx"),
    ("_sort=title&_sort_desc=title", "_sort"),
    ("_sort=nosuch", "_sort"),
    ("_sort_desc=rowid", "_sort_desc"),
    ("_through=x", "_through"),
    ("_timelimit=abc", "_timelimit"),
    ("id__in=%5B", "id__in"),
])
async def test_core_crashes_are_a_clear_400(hds, query, parameter):
    for suffix in ("", ".json", ".csv"):
        response = await hds.client.get(f"/cafcass/articles{suffix}?{query}")
        assert response.status_code == 400, (suffix, query, response.text[:300])
        assert parameter in response.text
        if suffix == ".json":
            assert response.json()["ok"] is False


async def test_good_parameters_still_work(hds):
    for path in ("/cafcass/articles.json?_sort=title", "/cafcass/articles.json?_sort_desc=published&_facet=outlet",
                 '/cafcass/articles.json?_facet={"simple": "outlet"}', "/cafcass/articles.json?_timelimit=500",
                 '/cafcass/articles.json?id__in=["x"]', "/cafcass/articles.json?_facet_size=3&_facet=outlet"):
        response = await hds.client.get(path)
        assert response.status_code == 200, (path, response.text[:300])


# --- read-only serving -----------------------------------------------------

@pytest.mark.parametrize("sql", [
    "insert into articles (id) values ('x')",
    "update articles set title = 'x'",
    "delete from articles",
    "drop table articles",
    "pragma writable_schema = 1",
    "attach database '/tmp/evil.db' as evil",
    "select 1; delete from articles",
])
async def test_sql_cannot_write(hds, hostile_db, sql):
    before = hashlib.sha256(hostile_db.read_bytes()).hexdigest()
    for path in ("/cafcass.json", "/cafcass"):
        response = await hds.client.get(f"{path}?sql={quote(sql)}")
        assert response.status_code == 400, (sql, response.text[:300])
    response = await hds.client.post("/cafcass.json", data={"sql": sql})
    assert response.status_code in (400, 403, 405)
    assert hashlib.sha256(hostile_db.read_bytes()).hexdigest() == before


async def test_canned_queries_are_read_only(hds, metadata):
    queries = metadata.get("databases", {}).get("cafcass", {}).get("queries") or {}
    assert queries, "metadata.yml has no canned queries"
    for name, q in queries.items():
        sql = q["sql"] if isinstance(q, dict) else q
        assert not (isinstance(q, dict) and q.get("write")), name
        assert sql.lstrip().lower().startswith(("select", "with")), name
        response = await hds.client.post(f"/cafcass/{name}", data={})
        assert response.status_code in (400, 403, 405), name


async def test_runaway_query_is_stopped_by_the_time_limit(hostile_db, metadata):
    ds = make_datasette(hostile_db, metadata, sql_time_limit_ms=200)
    sql = "with recursive c(x) as (select 1 union all select x + 1 from c where x < 1000000000) select count(*) from c"
    for suffix in ("", ".json", ".csv"):
        response = await ds.client.get(f"/cafcass{suffix}?sql={quote(sql)}")
        assert response.status_code == 400, (suffix, response.text[:300])
        assert "took too long" in response.text
        assert "Traceback" not in response.text


async def test_served_file_is_immutable(hds, hostile_db):
    db = hds.get_database("cafcass")
    assert not db.is_mutable
    before = hashlib.sha256(hostile_db.read_bytes()).hexdigest()
    with pytest.raises(sqlite3.OperationalError, match="readonly|read-only|attempt to write"):
        await db.execute_fn(lambda conn: conn.execute("delete from articles"))
    with pytest.raises(Exception):
        await db.execute_write("delete from articles")
    assert hashlib.sha256(hostile_db.read_bytes()).hexdigest() == before
