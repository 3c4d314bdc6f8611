"""One search over articles, passages, findings, quotes and briefs:
/-/cafcass/search?q=… and .json, on the built seed database."""
import re
from urllib.parse import quote, urlencode

import pytest
from bs4 import BeautifulSoup

from tests.conftest import make_datasette
from tests.test_reader import assert_inert, hostile_db, hostile_ds  # noqa: F401 (fixtures)
from .conftest import rows

KINDS = {"articles": "body", "passages": "text", "findings": "text", "quotes": "text", "briefs": "text"}



def rare_word(db_path, table, column):
    """(row id, a long word of that row's text that few rows share), picked
    from the data so the test follows whatever the build holds."""
    for row in rows(db_path, f"select id, [{column}] as text from [{table}] order by id"):
        for word in sorted(set(re.findall(r"[A-Za-z]{7,}", row["text"] or "")), key=len, reverse=True):
            found = rows(db_path, f"select count(*) n from [{table}_fts] where [{table}_fts] match ?", (f'"{word}"',))
            if 1 <= found[0]["n"] <= 5:
                return row["id"], word
    return None, None


async def search_json(ds, **params):
    response = await ds.client.get("/-/cafcass/search.json?" + urlencode(params))
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize("table", list(KINDS))
async def test_search_finds_and_highlights_each_kind(ds, seed_db, table):
    assert rows(seed_db, f"select count(*) n from [{table}]")[0]["n"], f"the seed build has no {table}"
    row_id, word = rare_word(seed_db, table, KINDS[table])
    assert word, f"no searchable word in {table}"
    data = await search_json(ds, q=word)
    group = next(g for g in data["kinds"] if g["kind"] == table)
    assert row_id in [r["id"] for r in group["results"]]
    for r in group["results"]:
        marked = re.findall(r"<mark>(.*?)</mark>", (r["title_html"] or "") + r["snippet_html"])
        assert marked and all(m.lower().startswith(word.lower()[:4]) for m in marked)
        assert word.lower()[:4] in r["snippet"].lower() or word.lower()[:4] in r["article_title"].lower()
        assert r["reader_url"].startswith("/-/cafcass/articles/")
        assert r["row_url"] == f"/cafcass/{table}/{quote(str(r['id']), safe='')}"
    # the HTML page shows the same hits, highlighted, linking into the reader
    soup = BeautifulSoup((await ds.client.get("/-/cafcass/search?" + urlencode({"q": word}))).text, "html.parser")
    section = soup.select_one(f'section[data-kind="{table}"]')
    assert len(section.select("li")) == len(group["results"])
    assert section.select("mark")
    reader_links = {a["href"] for a in section.select("a.cafcass-in-text")}
    assert reader_links == {r["reader_url"] for r in group["results"]}


async def test_search_covers_several_kinds_at_once(ds, seed_db):
    data = await search_json(ds, q="inspectorate")
    found = {g["kind"]: g["total"] for g in data["kinds"]}
    assert set(found) >= {"articles", "passages", "briefs"}
    assert found["articles"] > 0 and found["passages"] > 0 and found["briefs"] > 0
    # porter stemming: inspectorate ~ inspectors, like the table search box
    for g in data["kinds"]:
        for r in g["results"]:
            assert re.search(r"<mark>inspect", r["snippet_html"] + (r["title_html"] or ""), re.I)


async def test_results_are_ranked_and_limited(ds, seed_db):
    data = await search_json(ds, q="Cafcass", limit=2)
    passages = next(g for g in data["kinds"] if g["kind"] == "passages")
    assert len(passages["results"]) == 2 < passages["total"]
    expected = rows(seed_db, "select passages.id from passages_fts join passages on passages.rowid = passages_fts.rowid "
                             "where passages_fts match ? order by rank limit 2", ('"Cafcass"',))
    assert [r["id"] for r in passages["results"]] == [r["id"] for r in expected]
    only = await search_json(ds, q="Cafcass", kind="briefs")
    assert [g["kind"] for g in only["kinds"]] == ["briefs"]


@pytest.mark.parametrize("q", [
    '"unbalanced quote', "AND", "OR", "NOT", "NEAR(", "near(cafcass", "*", "cafcass*", "body:cafcass",
    "title:", "-cafcass", "(", ")", "a AND", "^start", '"', "'", "\\", "%", "a\x00b", "{body}: x",
    "cafcass NEAR/2 ofsted", "“curly”", "rated +", "[x]",
])
async def test_broken_fts_syntax_is_searched_as_words(ds, q):
    for path in ("/-/cafcass/search?", "/-/cafcass/search.json?"):
        response = await ds.client.get(path + urlencode({"q": q}))
        assert response.status_code == 200, (q, response.text[:300])


async def test_operator_words_are_plain_words(ds):
    data = await search_json(ds, q='"unbalanced AND')
    assert data["fts_query"] == '"unbalanced AND"'
    data = await search_json(ds, q="inspect*")  # a prefix search stays one
    passages = next(g for g in data["kinds"] if g["kind"] == "passages")
    assert passages["total"] > 0
    assert any("<mark>inspection" in r["snippet_html"].lower() for r in passages["results"])


@pytest.mark.parametrize("limit", ["0", "-1", "51", "ten", "1.5", "1e3"])
async def test_bad_limit_is_a_400_naming_the_parameter(ds, limit):
    response = await ds.client.get("/-/cafcass/search.json?" + urlencode({"q": "cafcass", "limit": limit}))
    assert response.status_code == 400
    assert "limit" in response.json()["error"]
    response = await ds.client.get("/-/cafcass/search?" + urlencode({"q": "cafcass", "limit": limit}))
    assert response.status_code == 400 and "limit" in response.text


async def test_bad_kind_is_a_400(ds):
    response = await ds.client.get("/-/cafcass/search.json?q=cafcass&kind=people")
    assert response.status_code == 400 and "kind" in response.json()["error"]


async def test_empty_search_shows_the_form(ds):
    soup = BeautifulSoup((await ds.client.get("/-/cafcass/search")).text, "html.parser")
    form = soup.select_one("form.cafcass-search")
    assert form["method"] == "get" and form["action"] == "/-/cafcass/search"
    assert form.select_one('input[name="q"]') is not None
    assert (await search_json(ds, q=""))["kinds"] == []


async def test_search_respects_base_url(seed_db, metadata):
    ds = make_datasette(seed_db, metadata, base_url="/prefix/")
    response = await ds.client.get("/-/cafcass/search?q=inspectorate")
    assert response.status_code == 200
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.select_one("form.cafcass-search")["action"] == "/prefix/-/cafcass/search"
    links = [a["href"] for a in soup.select("section a")]
    assert links and all(h.startswith("/prefix/") for h in links)


async def test_hostile_article_is_escaped_in_search(hostile_ds):
    for q in ("alert", "script", "javascript", "onerror"):
        response = await hostile_ds.client.get("/-/cafcass/search?" + urlencode({"q": q}))
        assert response.status_code == 200
        soup = assert_inert(response.text)
        assert soup.select("section mark"), q
    response = await hostile_ds.client.get("/-/cafcass/search?q=alert")
    assert "&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt;" in response.text
    data = await search_json(hostile_ds, q="alert")
    for g in data["kinds"]:
        for r in g["results"]:
            assert "<script" not in r["snippet_html"] and "<img" not in r["snippet_html"]


async def test_search_is_forbidden_when_the_database_is_not_visible(seed_db, metadata):
    locked = {**metadata, "databases": {"cafcass": {"allow": {"id": "admin"}}}}
    ds = make_datasette(seed_db, locked)
    assert (await ds.client.get("/-/cafcass/search?q=cafcass")).status_code == 403
    assert (await ds.client.get("/-/cafcass/search.json?q=cafcass")).status_code == 403


async def test_search_leaves_out_tables_the_actor_cannot_see(seed_db, metadata):
    locked = {**metadata, "databases": {"cafcass": {"tables": {"passages": {"allow": {"id": "admin"}}}}}}
    ds = make_datasette(seed_db, locked)
    data = await search_json(ds, q="inspectorate")
    assert "passages" not in {g["kind"] for g in data["kinds"]} and "articles" in {g["kind"] for g in data["kinds"]}


async def test_menu_links_to_search(ds):
    soup = BeautifulSoup((await ds.client.get("/")).text, "html.parser")
    assert "/-/cafcass/search" in {a["href"] for a in soup.select(".nav-menu a")}


async def test_more_link_leads_to_every_result_of_one_kind(ds, seed_db):
    """A kind with more hits than shown links to a page of that kind alone, which
    pages through all of them, each hit once, in rank order."""
    total = rows(seed_db, "select count(*) n from passages_fts where passages_fts match ?", ('"Cafcass"',))[0]["n"]
    soup = BeautifulSoup((await ds.client.get("/-/cafcass/search?q=Cafcass&limit=3")).text, "html.parser")
    section = soup.select_one('section[data-kind="passages"]')
    assert len(section.select("ul.cafcass-search-results > li")) == 3 < total
    more = section.select_one("p.cafcass-more a")
    assert more.get_text() == f"All {total} passages"
    seen, url, pages = [], more["href"].replace("limit=50", "limit=4"), 0
    if "limit=" not in url:
        url += "&limit=4"
    while url:
        page = BeautifulSoup((await ds.client.get(url)).text, "html.parser")
        assert [s["data-kind"] for s in page.select("section.cafcass-search-kind")] == ["passages"]
        seen += [a["href"] for a in page.select("ul.cafcass-search-results > li a.cafcass-in-text")]
        nxt = page.select_one("a[rel=next]")
        url = nxt["href"] if nxt else None
        pages += 1
        assert pages <= total
    want = rows(seed_db, "select p.id, p.article_id from passages_fts join passages p on p.rowid = passages_fts.rowid "
                         "where passages_fts match ? order by rank", ('"Cafcass"',))
    assert seen == [f"/-/cafcass/articles/{quote(r['article_id'], safe='/')}#p{quote(r['id'], safe='/')}" for r in want]
    assert pages > 1


@pytest.mark.parametrize("query", ["page=2", "page=0", "page=x", "kind=passages&page=-1", "kind=passages&page=99999999"])
async def test_bad_page_is_a_400(ds, query):
    response = await ds.client.get(f"/-/cafcass/search.json?q=cafcass&{query}")
    assert response.status_code == 400 and "page" in response.text


async def test_round_up_items_are_named_for_people(ds):
    soup = BeautifulSoup((await ds.client.get("/-/cafcass/search?q=inspectorate")).text, "html.parser")
    heading = soup.select_one('section[data-kind="briefs"] h2').get_text()
    assert heading.startswith("Round-up items about other sectors")
    words = [h.get_text() for h in soup.select("h1, h2")] + [o.get_text() for o in soup.select("select option")]
    words += [d.get_text() for d in soup.select("ul.cafcass-search-results li")]
    assert not [w for w in words if "brief" in w.lower().replace("briefs row", "")]
