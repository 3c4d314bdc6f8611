"""The loader checks every row against the schema (an unknown or a missing key
is a SchemaError naming the table and the key, never a silent NULL), and a
value sqlite3 cannot bind is stored as JSON, as sqlite-utils does."""
import pytest
import sqlite_utils

from datasette_cafcass.builder import pipeline
from datasette_cafcass.schema import SchemaError

ROW = {"rating": "good", "rank": 2, "scale": "national"}


@pytest.fixture
def db(tmp_path):
    db = sqlite_utils.Database(tmp_path / "x.db")
    pipeline.create_tables(db)
    return db


@pytest.mark.parametrize("bad, says", [
    ({"rating": "fine", "rank": 2}, "missing 'scale'"),
    ({**ROW, "rating": "fine", "colour": "red"}, "unknown 'colour'"),
    ({"rating": "fine", "rank": 2, "colour": "red"}, "unknown 'colour' and missing 'scale'"),
])
def test_every_row_is_checked(db, bad, says):
    # the bad row last, after good ones: each row is checked, not just the first
    with pytest.raises(SchemaError, match=f"a rating_scale row has {says}"):
        pipeline.load(db, {"rating_scale": [ROW, {**ROW, "rating": "ok"}, bad]})


def test_values_sqlite_cannot_bind_are_stored_as_json(db):
    pipeline.load(db, {"rating_scale": [ROW, {"rating": "odd", "rank": 3, "scale": ["a", "b"]}]})
    assert list(db.query("select * from rating_scale order by rank")) == [
        ROW, {"rating": "odd", "rank": 3, "scale": '["a", "b"]'}]
