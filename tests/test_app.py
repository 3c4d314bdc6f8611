"""The built seed database served by Datasette with the plugin."""
import csv
import io


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
