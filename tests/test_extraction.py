"""The extracted facts scored against the gold files, and the promises every
fact row keeps: its passage belongs to its article, its words are in the
passage, its keys point at real rows."""
import sqlite3

import pytest
import yaml

from . import score_extraction as scorer
from .conftest import DATA

FACT_TABLES_WITH_PASSAGE = ("judgements", "findings", "events", "quotes", "figures")


def score(db_path, gold):
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    db.row_factory = sqlite3.Row
    s = scorer.Score()
    try:
        scorer.score_articles(db, gold, s)
        matched = scorer.score_inspections(db, gold, s)
        scorer.score_findings(db, gold, s, matched)
        scorer.score_people(db, gold, s)
        scorer.score_figures(db, gold, s)
    finally:
        db.close()
    return s


def mine(misses):
    """The checks of the inspection facts: inspections, their links and grades."""
    return [m for m in misses if m.split(": ", 1)[1].startswith(("inspection", "judgement"))]


def test_seed_inspections_and_judgements_match_gold(seed_db, gold):
    s = score(seed_db, gold)
    assert mine(s.misses) == []


def rows(path, sql, *params):
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


@pytest.mark.parametrize("table", FACT_TABLES_WITH_PASSAGE)
def test_fact_passage_belongs_to_its_article(seed_db, table):
    bad = rows(seed_db, f"select t.id from {table} t left join passages p on p.id = t.passage_id "
                        f"where p.id is null or p.article_id != t.article_id")
    assert bad == []


@pytest.mark.parametrize("table,column", [("judgements", "evidence"), ("findings", "text"),
                                          ("events", "description")])
def test_fact_words_are_in_the_passage(seed_db, table, column):
    facts = rows(seed_db, f"select t.{column} as words, p.text from {table} t join passages p on p.id = t.passage_id")
    assert all(f["words"] and f["words"] in f["text"] for f in facts)


def test_no_fact_from_a_brief(seed_db):
    for table in FACT_TABLES_WITH_PASSAGE:
        assert rows(seed_db, f"select t.id from {table} t join passages p on p.id = t.passage_id "
                             f"where p.kind = 'brief'") == []


def test_foreign_keys_hold(seed_db):
    assert rows(seed_db, "pragma foreign_key_check") == []
    # Every inspection is reported by some article, and every judgement grades one.
    assert rows(seed_db, "select id from inspections where id not in (select inspection_id from inspection_articles)") == []
    assert rows(seed_db, "select j.id from judgements j left join rating_scale r on r.rating = j.rating "
                         "where r.rank is null or r.rank != j.rating_rank") == []


def test_overall_rating_is_the_overall_judgement(seed_db):
    for i in rows(seed_db, "select * from inspections where overall_rating is not null"):
        grades = {j["rating"] for j in rows(seed_db, "select rating from judgements where inspection_id = ? "
                                                     "and judgement = 'overall effectiveness'", i["id"])}
        assert i["overall_rating"] in grades
