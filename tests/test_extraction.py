"""The extracted facts scored against the gold files, and the promises every
fact row keeps: its passage belongs to its article, its span covers its words,
it names the rule that found it, its keys point at real rows.

Gold files: the seeds' (tests/data/gold_seeds.yml, a copy of ../shared/gold/seeds.yml),
our own articles' (tests/data/gold_extra*.yml), and the development corpus of
28 real articles, read from ../shared at test time (never copied here).
"""
import sqlite3
from pathlib import Path

import pytest
import yaml

from . import score_extraction as scorer
from datasette_cafcass import schema
from datasette_cafcass.builder.pipeline import build

from .conftest import DATA, rows

FACT_TABLES_WITH_PASSAGE = schema.FACT_TABLES
SHARED = Path(__file__).resolve().parents[2] / "shared"
DEV = SHARED / "corpus" / "dev"


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


def inspection_facts(misses):
    """The checks of the inspection facts: inspections, their links, grades, findings."""
    return [m for m in misses if m.split(": ", 1)[1].startswith(("inspection", "judgement", "finding"))]


def test_seed_inspection_facts_match_gold(seed_db, gold):
    s = score(seed_db, gold)
    assert inspection_facts(s.misses) == []


def rates(s):
    return 100.0 * s.found / s.required, 100.0 * s.found / (s.found + s.wrong)


def test_seed_score_is_complete(seed_db, gold):
    """Every gold fact of the seeds, at least 97% precision."""
    s = score(seed_db, gold)
    recall, precision = rates(s)
    assert (recall, precision >= 97) == (100.0, True), s.misses


@pytest.fixture(scope="session")
def dev_db(tmp_path_factory):
    if not (DEV.is_dir() and (SHARED / "gold" / "dev.yml").is_file()):
        pytest.skip(f"the development corpus is not here ({DEV}); it is read from ../shared, never copied")
    path = tmp_path_factory.mktemp("devdb") / "dev.db"
    build(DEV, path)
    return path


def test_development_corpus_score(dev_db):
    """The 28 real articles of ../shared/corpus/dev: recall at least 95%, precision at least 97%."""
    gold = yaml.safe_load((SHARED / "gold" / "dev.yml").read_text(encoding="utf-8"))
    s = score(dev_db, gold)
    recall, precision = rates(s)
    assert recall >= 95 and precision >= 97, (f"recall {recall:.1f}% precision {precision:.1f}%", s.misses)


@pytest.mark.parametrize("folder,gold_file", [("extra2", "gold_extra2.yml"), ("extra3", "gold_extra3.yml"),
                                              ("extra4", "gold_extra4.yml"), ("extra5", "gold_extra5.yml")])
def test_more_of_our_own_articles_score(tmp_path, folder, gold_file):
    """Constructions and non-grades the extraction issue names, in articles of our own."""
    build(DATA / folder, tmp_path / "x.db")
    s = score(tmp_path / "x.db", yaml.safe_load((DATA / gold_file).read_text(encoding="utf-8")))
    recall, precision = rates(s)
    assert (recall, precision) == (100.0, 100.0), s.misses


@pytest.fixture(scope="session")
def extra_db(tmp_path_factory):
    """Our own articles that differ from the seeds, built into their own database."""
    path = tmp_path_factory.mktemp("extradb") / "extra.db"
    build(DATA / "extra", path)
    return path


def test_extra_articles_score(extra_db):
    gold = yaml.safe_load((DATA / "gold_extra.yml").read_text(encoding="utf-8"))
    s = score(extra_db, gold)
    recall = 100.0 * s.found / s.required
    precision = 100.0 * s.found / (s.found + s.wrong)
    assert (recall, precision >= 95) == (100.0, True), s.misses


def test_extra_mps_report_yields_no_inspection(extra_db):
    # A report by MPs, an aggregate of service areas and a journey "from
    # inadequate to good" grade no inspection.
    assert rows(extra_db, "select * from inspection_articles where article_id = 'e03_mps_report'") == []


def test_extra_focused_visit_is_not_graded(extra_db):
    visit = rows(extra_db, "select * from inspections where kind = 'focused visit'")
    assert [v["year"] for v in visit] == [2022]
    assert visit[0]["overall_rating"] is None
    assert rows(extra_db, "select * from judgements where inspection_id = ?", visit[0]["id"]) == []



@pytest.fixture(params=["seeds", "extra"])
def built(request, seed_db, extra_db):
    """Each built database in turn: the seeds and our extra articles."""
    return seed_db if request.param == "seeds" else extra_db


@pytest.mark.parametrize("table", FACT_TABLES_WITH_PASSAGE)
def test_fact_passage_belongs_to_its_article(built, table):
    bad = rows(built, f"select t.id from {table} t left join passages p on p.id = t.passage_id "
                        f"where p.id is null or p.article_id != t.article_id")
    assert bad == []


@pytest.mark.parametrize("table", FACT_TABLES_WITH_PASSAGE)
def test_fact_span_is_its_words_and_names_its_rule(built, table):
    words = schema.BY_NAME[table].words
    facts = rows(built, f"select t.[{words}] as words, t.rule, substr(p.text, t.char_start + 1, "
                        f"t.char_end - t.char_start) as span from [{table}] t join passages p on p.id = t.passage_id")
    assert facts or table == "briefs"
    assert all(f["words"] and f["span"] == f["words"] and f["rule"] for f in facts)


def test_judgements_are_one_per_inspection_and_judgement(built):
    assert rows(built, "select inspection_id, judgement, count(*) from judgements group by 1, 2 having count(*) > 1") == []
    for j in rows(built, "select * from judgements"):
        evidence = rows(built, "select rating from judgement_evidence where judgement_id = ?", j["id"])
        assert len(evidence) == j["evidence_count"] and j["rating"] in {e["rating"] for e in evidence}
        assert j["conflict"] == (len({e["rating"] for e in evidence}) > 1)


def test_no_fact_from_a_brief(built):
    for table in FACT_TABLES_WITH_PASSAGE:
        assert rows(built, f"select t.id from {table} t join passages p on p.id = t.passage_id "
                             f"where p.kind = 'brief'") == []


def test_foreign_keys_hold(built):
    assert rows(built, "pragma foreign_key_check") == []
    # Every inspection is reported by some article, and every judgement grades one.
    assert rows(built, "select id from inspections where id not in (select inspection_id from inspection_articles)") == []
    assert rows(built, "select j.id from judgements j left join rating_scale r on r.rating = j.rating "
                         "where r.rank is null or r.rank != j.rating_rank") == []


def test_overall_rating_is_the_overall_judgement(built):
    for i in rows(built, "select * from inspections where overall_rating is not null"):
        grades = {j["rating"] for j in rows(built, "select rating from judgements where inspection_id = ? "
                                                     "and judgement = 'overall effectiveness'", i["id"])}
        assert i["overall_rating"] in grades


def test_seed_events_are_dated_as_the_text_dates_them(seed_db):
    got = {(e["article_id"][:3], e["kind"], e["date"], e["date_end"], e["precision"])
           for e in rows(seed_db, "select * from events")}
    assert {
        ("002", "inspection", "2024-01-22", "2024-02-16", "day"),   # fieldwork
        ("003", "framework", "2021-04", None, "month"),             # "In April" in an article of May 2021
        ("003", "consultation", "2020", None, "year"),              # "in autumn 2020"
        ("003", "framework", "2013", None, "year"),
        ("004", "inspection", "2010-11", None, "month"),
    } <= got
    # "since it began in 2018" and "Prior to 2013" date nothing
    assert not any(k == "framework" and d == "2018" for _, k, d, _, _ in got)


def test_seed_inspection_details(seed_db):
    got = {i["id"]: i for i in rows(seed_db, "select * from inspections")}
    assert got["national-2024"]["kind"] == "full inspection"
    assert got["national-2024"]["framework"] == "framework from April 2021"
    assert got["national-2014"]["framework"] == "national framework 2013"
    assert (got["north-east-2010"]["unannounced"], got["north-east-2010"]["framework"]) == (1, "service-area inspections")
    assert got["greater-london-undated"]["year"] is None
    assert {i["overall_rating"] for i in got.values()} == {"good", "outstanding", "inadequate"}


def test_quotes_belong_to_what_they_are_about(seed_db):
    """A quote is filed under an inspection only when its sentence or paragraph is about it
    (or it goes on from a quote that is): the 2021 interview's quotes are about no inspection."""
    got = {(q["article_id"][:3], q["inspection_id"]) for q in rows(
        seed_db, "select q.article_id, q.inspection_id from quotes q join people p on p.id = q.person_id "
                 "where p.name = 'Jacky Tiotto'")}
    assert got == {("002", "national-2024"), ("003", None)}
    douglas = rows(seed_db, "select q.inspection_id from quotes q join people p on p.id = q.person_id "
                            "where p.name = 'Anthony Douglas' and q.article_id like '000%'")
    assert douglas and {q["inspection_id"] for q in douglas} == {"national-2014"}
