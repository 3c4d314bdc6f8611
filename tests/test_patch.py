"""patch.sync(): a table made to hold exactly the rows given, changing only
the rows that differ, as SQLite stores them (builder/patch.py). The whole
rebuild by patching is tested against cold builds in test_cache.py."""
import pytest
import sqlite_utils

from datasette_cafcass import schema, vocab
from datasette_cafcass.builder import patch
from datasette_cafcass.builder.pipeline import create_tables, full_text_search, load


@pytest.fixture
def db(tmp_path):
    db = sqlite_utils.Database(tmp_path / "p.db")
    create_tables(db)
    load(db, {"rating_scale": vocab.read_csv("rating_scale.csv"), "themes": vocab.read_csv("themes.csv")})
    full_text_search(db)
    return db


def tuples(table, rows):
    return [tuple(r[c] for c in schema.BY_NAME[table].column_names) for r in rows]


def rows(db, table):
    return sorted(db.execute(f"select * from [{table}]").fetchall(), key=repr)


def test_the_same_rows_as_the_vocabulary_gives_change_nothing(db):
    # the CSV gives every value as text; the table stores its numbers as numbers
    scale = vocab.read_csv("rating_scale.csv")
    assert any(isinstance(v, str) and v.isdigit() for r in scale for v in r.values())
    before = rows(db, "rating_scale")
    assert patch.sync(db.conn, "rating_scale", tuples("rating_scale", scale)) == 0
    assert rows(db, "rating_scale") == before


def test_changed_new_and_gone_rows(db):
    scale = vocab.read_csv("rating_scale.csv")
    changed = [dict(r) for r in scale[1:]]  # the first row gone
    changed[0]["scale"] = "changed"  # one changed
    changed.append({**changed[1], "rating": "a new rating"})  # one new
    n = patch.sync(db.conn, "rating_scale", tuples("rating_scale", changed))
    assert n == 1 + 2 + 1  # gone; changed (deleted and inserted); new
    expected = sqlite_utils.Database(memory=True)
    create_tables(expected)
    load(expected, {"rating_scale": changed})
    assert rows(db, "rating_scale") == rows(expected, "rating_scale")
    assert patch.sync(db.conn, "rating_scale", tuples("rating_scale", changed)) == 0  # and now nothing to do


def test_only_the_rows_where_says(db):
    db.conn.executemany("insert into row_themes values (?, ?, ?, ?)",
                        [("passages", "text", "a-1", "delay"), ("findings", "text", "a-1-0", "delay")])
    n = patch.sync(db.conn, "row_themes", [], "table_name not in (?)", ["passages"])
    assert n == 1
    assert db.execute("select table_name from row_themes").fetchall() == [("passages",)]


def test_a_list_is_compared_as_the_json_sqlite_utils_stores(db):
    db["lists"].insert({"id": "x", "v": [1, 2]}, pk="id")
    assert db.execute("select v from lists").fetchone() == ("[1, 2]",)
    table = schema.Table("lists", "", (schema.Column("id", str, ""), schema.Column("v", str, "")))
    schema.BY_NAME["lists"] = table
    try:
        assert patch.sync(db.conn, "lists", [("x", [1, 2])]) == 0
        assert patch.sync(db.conn, "lists", [("x", [1, 3])]) == 2
        assert db.execute("select v from lists").fetchall() == [("[1, 3]",)]
    finally:
        del schema.BY_NAME["lists"]



def test_every_themed_fact_tables_themes_are_compared_apart():
    """row_themes is compared one themed fact table at a time, a table with no
    themes now included (its old ones must go); the article tables' are not."""
    from datasette_cafcass.builder.pipeline import ARTICLE_TABLES

    parts = patch.compared({}, {"findings": [["findings", "text", "a-1-0", "delay"]]}, ARTICLE_TABLES)
    themes = {part: (rows, where, params) for part, table, rows, where, params in parts if table == "row_themes"}
    themed = [t.name for t in schema.TABLES if t.themed and t.name not in ARTICLE_TABLES]
    assert "findings" in themed and "quotes" in themed
    assert sorted(themes) == sorted(f"row_themes of {t}" for t in themed)
    assert themes["row_themes of findings"] == ([["findings", "text", "a-1-0", "delay"]], "table_name = ?", ["findings"])
    assert themes["row_themes of quotes"] == ([], "table_name = ?", ["quotes"])
    assert len(set(patch.digests(parts))) == len(parts)  # one digest for each part
