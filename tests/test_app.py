"""The built seed database served by Datasette with the plugin."""
import csv
import io
import re
import sqlite3


async def test_plugin_is_installed(ds):
    response = await ds.client.get("/-/plugins.json")
    assert any(p["name"] == "datasette_cafcass.serving.hooks" or "cafcass" in p["name"] for p in response.json())


async def test_index_and_database_pages(ds):
    assert (await ds.client.get("/")).status_code == 200
    response = await ds.client.get("/cafcass")
    assert response.status_code == 200
    assert "articles" in response.text and "passages" in response.text


async def test_table_page_json_and_csv(ds):
    assert (await ds.client.get("/cafcass/articles")).status_code == 200
    data = (await ds.client.get("/cafcass/articles.json?_shape=array")).json()
    assert len(data) == 5 and {"id", "title", "body", "published"} <= set(data[0])
    response = await ds.client.get("/cafcass/articles.csv?_stream=on")
    assert response.status_code == 200
    assert len(list(csv.DictReader(io.StringIO(response.text)))) == 5


async def test_search_box(ds):
    data = (await ds.client.get("/cafcass/passages.json?_search=inspectorate&_shape=array")).json()
    assert data and all("inspector" in p["text"].lower() for p in data)  # porter: inspectorate ~ inspectors
    data = (await ds.client.get("/cafcass/articles.json?_search=Tiotto&_shape=array")).json()
    assert {a["id"] for a in data} == {"002_225c6f40dbeaccc9", "003_ae0dc9e615a177c1"}


def _matching_passage_ids(db_path, word):
    conn = sqlite3.connect(db_path)
    try:
        return sorted(r[0] for r in conn.execute(
            "select id from passages where rowid in (select rowid from passages_fts where passages_fts match ?)", [word]))
    finally:
        conn.close()


def _page_size(metadata):
    return metadata["databases"]["cafcass"]["tables"]["passages"]["size"]


async def test_passage_search_pages_through_every_match(ds, seed_db, metadata):
    # A page of passages is metadata's `size`; the count and the next-page links
    # still cover every match, each once, in id order.
    size = _page_size(metadata)
    expected = _matching_passage_ids(seed_db, "cafcass")
    assert len(expected) > size  # more than one page
    seen, url = [], "/cafcass/passages.json?_search=cafcass"
    while url:
        data = (await ds.client.get(url)).json()
        assert data["filtered_table_rows_count"] == len(expected)
        assert len(data["rows"]) <= size
        seen += [row[0] for row in data["rows"]]
        url = data["next_url"] and data["next_url"].replace("http://localhost", "")
    assert seen == expected


async def test_passage_search_html_page(ds, seed_db, metadata):
    size = _page_size(metadata)
    expected = _matching_passage_ids(seed_db, "cafcass")
    response = await ds.client.get("/cafcass/passages?_search=cafcass")
    assert response.status_code == 200
    html = response.text
    assert f"{len(expected)} rows" in html and "cafcass" in html
    body = html[html.index("<tbody>"):html.index("</tbody>")]
    assert body.count("<tr") == size
    next_link = re.search(r'href="([^"]*_next=[^"]*)"', html).group(1).replace("&amp;", "&")
    following = await ds.client.get(next_link.replace("http://localhost", ""))
    assert following.status_code == 200
    rest = following.text[following.text.index("<tbody>"):following.text.index("</tbody>")]
    assert rest.count("<tr") == len(expected) - size


async def test_passage_pages_keep_size_max_and_streaming(ds, seed_db):
    expected = _matching_passage_ids(seed_db, "cafcass")
    data = (await ds.client.get("/cafcass/passages.json?_search=cafcass&_size=max&_shape=array")).json()
    assert sorted(p["id"] for p in data) == expected
    data = (await ds.client.get("/cafcass/passages.json?_search=cafcass&_size=100&_shape=array")).json()
    assert len(data) == len(expected)
    response = await ds.client.get("/cafcass/passages.csv?_search=cafcass&_stream=on")
    assert sorted(r["id"] for r in csv.DictReader(io.StringIO(response.text))) == expected
    response = await ds.client.get("/cafcass/passages.csv?_stream=on")
    (total,) = sqlite3.connect(seed_db).execute("select count(*) from passages").fetchone()
    assert len(list(csv.DictReader(io.StringIO(response.text)))) == total
