"""Datasette's connections to the database read through mmap (see connections.py)."""
from datasette_cafcass.serving.connections import MMAP_BYTES


async def test_connections_use_mmap(ds):
    result = await ds.get_database("cafcass").execute("pragma mmap_size")
    assert result.first()[0] == MMAP_BYTES


async def test_search_page_still_answers(ds):
    response = await ds.client.get("/cafcass/passages.json?_search=cafcass&_shape=array")
    assert response.status_code == 200
    assert response.json() and all("cafcass" in row["text"].lower() for row in response.json())
