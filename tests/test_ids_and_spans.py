"""Ids that stay put and spans that hold, on the seed build.

- Every fact row's stored span covers its words: substr(passages.text,
  char_start + 1, char_end - char_start) is the table's words column.
- Adding an unrelated article (our own text, in a copy of the seeds folder)
  changes no old row: same id, same values; and every old reader link
  /-/cafcass/articles/<id>#p<passage id> lands on the same words.
"""
import shutil
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from datasette_cafcass import schema
from datasette_cafcass.builder.pipeline import build
from datasette_cafcass.serving.pages import reader_url

from .conftest import SEEDS, make_datasette, rows

# Our own text: a service area, a year, a grade and people the seeds never name.
# Its file name sorts before every seed, so ids made by counting would move.
UNRELATED = """Cafcass in the Fenland area rated adequate by inspectors

Inspectors judged the overall effectiveness of Cafcass Fenland to be adequate in 2011.

The service area's head of service, Morwenna Quillfeather, said: "We have work to do on how quickly we reach families."

Ofsted found that 212 children waited more than a month for a named worker.
"""


def span_mismatches(db_path, table):
    """Fact rows of table whose stored span does not cover its words column."""
    words = schema.BY_NAME[table].words
    return rows(db_path, f"""
        select f.id, f.char_start, f.char_end, f.[{words}] as words,
               substr(p.text, f.char_start + 1, f.char_end - f.char_start) as covered
        from [{table}] f left join passages p on p.id = f.passage_id
        where p.id is null or f.char_start is null or f.char_end is null
           or f.char_start < 0 or f.char_end <= f.char_start or f.char_end > length(p.text)
           or covered is not f.[{words}]""")


def test_fact_tables_come_from_the_schema():
    assert schema.FACT_TABLES
    for name in schema.FACT_TABLES:
        t = schema.BY_NAME[name]
        assert t.words in t.column_names
        assert {"article_id", "passage_id", "char_start", "char_end", "rule"} <= set(t.column_names)


@pytest.mark.parametrize("table", schema.FACT_TABLES)
def test_every_fact_span_covers_its_words(seed_db, table):
    assert span_mismatches(seed_db, table) == []
    checked = rows(seed_db, f"select count(*) n, count(distinct rule) rules from [{table}]")[0]
    assert rows(seed_db, f"select count(*) n from [{table}] where rule is null or rule = ''")[0]["n"] == 0
    if table != "mentions":  # filled by the extraction rewrite
        assert checked["n"] > 0, f"the seed build has no {table}"


@pytest.fixture(scope="module")
def grown_db(tmp_path_factory):
    """The seeds plus one unrelated article of our own, built in a copy of the folder."""
    folder = tmp_path_factory.mktemp("grown") / "seeds"
    shutil.copytree(SEEDS, folder)
    (folder / "000_aaa_unrelated.txt").write_text(UNRELATED, encoding="utf-8")
    path = folder.parent / "cafcass.db"
    report = build(folder, path)
    assert report.articles == len(list(SEEDS.glob("*.txt"))) + 1
    return path


def keyed(db_path, table):
    t = schema.BY_NAME[table]
    pk = t.pk if isinstance(t.pk, tuple) else (t.pk,)
    return {tuple(r[c] for c in pk): r for r in rows(db_path, f"select * from [{table}]")}


@pytest.mark.parametrize("table", [t.name for t in schema.TABLES])
def test_adding_an_article_keeps_every_old_row(seed_db, grown_db, table):
    before, after = keyed(seed_db, table), keyed(grown_db, table)
    changed = {k: (row, after.get(k)) for k, row in before.items() if after.get(k) != row}
    assert not changed, f"{table}: {len(changed)} old rows changed or vanished, e.g. {next(iter(changed.items()))}"
    if table in ("articles", "passages"):
        assert len(after) > len(before)  # the new article is really there


async def test_old_reader_links_land_on_the_same_words(seed_db, grown_db, metadata):
    old, new = make_datasette(seed_db, metadata), make_datasette(grown_db, metadata)
    passages = rows(seed_db, "select id, article_id, text from passages order by article_id, seq")
    pages = {}
    for p in passages:
        url = reader_url(old, p["article_id"], p["id"])
        path, fragment = url.split("#", 1)
        for name, ds in (("old", old), ("new", new)):
            if (name, path) not in pages:
                response = await ds.client.get(path)
                assert response.status_code == 200, (name, path)
                pages[(name, path)] = BeautifulSoup(response.text, "html.parser")
        found = {name: pages[(name, path)].find(id=unquote(fragment)) for name in ("old", "new")}
        assert found["old"] is not None and found["new"] is not None, url
        shown = {name: " ".join(el.get_text().replace("¶", "").split()) for name, el in found.items()}
        assert shown["old"] == shown["new"] and " ".join(p["text"].split())[:40] in shown["new"]
    assert passages


def test_ids_say_what_a_row_is(seed_db):
    """Passages are "<article>-<seq>", fact rows "<passage>-<offset>…": not counters."""
    for p in rows(seed_db, "select id, article_id, seq from passages"):
        assert p["id"] == schema.passage_id(p["article_id"], p["seq"])
    for table in schema.FACT_TABLES:
        for f in rows(seed_db, f"select id, passage_id, char_start from [{table}]"):
            assert f["id"].startswith(f"{f['passage_id']}-{f['char_start']}"), (table, f)
