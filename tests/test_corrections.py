"""Corrections by hand (corrections.yml): each action on our own articles in
tests/data/corrections/, stale and malformed files, corrections surviving a
rebuild, and the example tests/data/corrections.yml on the seed build, seen
through Datasette."""
import copy
import json
import shutil
import subprocess
import sys
import textwrap

import pytest

from datasette_cafcass import schema
from datasette_cafcass.builder.cache import decode
from datasette_cafcass.builder.corrections import apply_corrections, corrections_path
from datasette_cafcass.builder.extract import combine
from datasette_cafcass.builder.pipeline import BuildError, build, work

from .conftest import DATA, make_datasette, rows

ARTICLES = DATA / "corrections"
AVON = "avon-2008-overall-effectiveness"
MARKED = [t for t in schema.TABLES if "correction_id" in t.column_names]


def corpus(tmp_path, text=None):
    """Our test articles in a fresh folder, with corrections.yml holding text."""
    folder = tmp_path / "articles"
    if not folder.exists():
        shutil.copytree(ARTICLES, folder)
    if text is not None:
        (folder / "corrections.yml").write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def built(tmp_path, text=None, **kw):
    folder = corpus(tmp_path, text)
    db = tmp_path / "cafcass.db"
    report = build(folder, db, **kw)
    return db, report


def one(db, sql, *args):
    got = rows(db, sql, *args)
    assert len(got) == 1, got
    return got[0]


def correction(db, cid):
    row = one(db, "select * from corrections where id = ?", cid)
    row["rows"] = json.loads(row["rows"])
    return row


def cli(*args):
    return subprocess.run([sys.executable, "-m", "datasette_cafcass.builder.cli", *map(str, args)],
                          capture_output=True, text=True)


def check_markers(db):
    """Every correction_id names an entry, every entry that matched touched
    rows, and every row it made or changed still carries a marker."""
    ids = {r["id"]: r for r in rows(db, "select * from corrections")}
    for t in MARKED:
        for r in rows(db, f"select id, correction_id from [{t.name}] where correction_id is not null"):
            assert r["correction_id"] in ids, (t.name, r)
    for entry in ids.values():
        touched = json.loads(entry["rows"])
        assert bool(touched) == bool(entry["matched"]) and entry["row_count"] == len(touched), entry
        for item in touched:
            if item["change"] in ("added", "changed", "moved") and item["table"] in {t.name for t in MARKED}:
                got = rows(db, f"select correction_id from [{item['table']}] where id = ?", item["id"])
                assert got and got[0]["correction_id"] is not None, (entry["id"], item)


# ------------------------------------------------------------------ no file

def test_without_a_file_nothing_is_marked(tmp_path):
    db, report = built(tmp_path)
    assert rows(db, "select * from corrections") == []
    for t in MARKED:
        assert rows(db, f"select 1 from [{t.name}] where correction_id is not null") == [], t.name
    assert corrections_path(corpus(tmp_path)) is None


# ------------------------------------------------------------------ each action

def test_drop_a_fact_settles_a_dispute(tmp_path):
    before, _ = built(tmp_path / "a")
    assert one(before, "select disputed from judgements where id = ?", AVON)["disputed"] == 1
    db, report = built(tmp_path / "b", """
        - id: not-good
          action: drop
          table: judgement_evidence
          article: c02_news_avon_good
          words: rated GOOD overall by Ofsted
          reason: The paper misread the grade
        - action: drop
          table: judgement_evidence
          article: c03_news_avon_brief
          words: rated good overall
          where: {judgement: overall effectiveness, rating: good}
          reason: The brief repeats the other paper
          source: https://example.org/ofsted/avon-2008
        """)
    assert report.warnings == []
    ev = rows(db, "select article_id, rating from judgement_evidence where judgement_id = ?", AVON)
    assert ev == [{"article_id": "c01_ofsted_avon_report", "rating": "satisfactory"}]
    j = one(db, "select * from judgements where id = ?", AVON)
    assert (j["rating"], j["evidence_count"], j["disputed"], j["shown_by"]) == ("satisfactory", 1, 0, None)
    assert j["correction_id"] in {"not-good", *[c["id"] for c in rows(db, "select id from corrections")]}
    c = correction(db, "not-good")
    assert c["matched"] == 1 and c["action"] == "drop" and c["target"] == "judgement_evidence"
    assert {"table": "judgement_evidence", "id": "c02_news_avon_good-1-0-overall-effectiveness",
            "change": "dropped"} in c["rows"]
    assert rows(db, "select source from corrections where id != 'not-good'") == [{"source": "https://example.org/ofsted/avon-2008"}]
    check_markers(db)


def test_change_a_field_of_a_fact(tmp_path):
    before, _ = built(tmp_path / "a")
    was = one(before, "select * from findings where article_id = 'c02_news_avon_good'")
    db, report = built(tmp_path / "b", """
        - action: change
          table: findings
          article: c02_news_avon_good
          words: should reduce the time children wait
          set: {kind: weakness}
          reason: Waiting is a weakness the report names
        """)
    assert report.warnings == []
    f = one(db, "select * from findings where article_id = 'c02_news_avon_good'")
    assert f["kind"] == "weakness" and f["correction_id"]
    assert (f["id"], f["rule"]) == (was["id"], was["rule"])  # what found it stays visible
    assert json.loads(correction(db, f["correction_id"])["changes"]) == {"kind": "weakness"}
    check_markers(db)


def test_change_the_year_of_an_undated_inspection(tmp_path):
    db, report = built(tmp_path, """
        - id: dorset-year
          action: change
          table: inspections
          article: c04_dorset_undated
          set: {year: 2009}
          reason: The service area's report is dated 2009
          source: Ofsted, Cafcass Dorset service area inspection report, 2009
        """)
    assert report.warnings == []
    assert rows(db, "select 1 from inspections where id = 'dorset-undated'") == []
    ins = one(db, "select * from inspections where id = 'dorset-2009'")
    assert (ins["year"], ins["subject"], ins["correction_id"]) == (2009, "Cafcass Dorset", "dorset-year")
    assert ins["framework"] == "service-area inspections"
    j = one(db, "select * from judgements where inspection_id = 'dorset-2009'")
    assert j["id"] == schema.judgement_id("dorset-2009", "overall effectiveness") and j["rating"] == "good"
    assert one(db, "select judgement_id from judgement_evidence where article_id = 'c04_dorset_undated'")["judgement_id"] == j["id"]
    assert rows(db, "select inspection_id from inspection_articles where article_id = 'c04_dorset_undated'") == [
        {"inspection_id": "dorset-2009"}]
    c = correction(db, "dorset-year")
    assert c["source"].startswith("Ofsted") and {"table": "inspections", "id": "dorset-2009", "change": "was dorset-undated"} in c["rows"]
    check_markers(db)


def test_add_a_fact_the_extractor_missed(tmp_path):
    before, _ = built(tmp_path / "a")
    words = "Some case records were not kept up to date"
    assert rows(before, "select 1 from findings where text like ?", f"%{words}%") == []
    db, report = built(tmp_path / "b", """
        - action: add
          table: findings
          article: c04_dorset_undated
          words: some  case records were NOT kept up to date
          set: {kind: weakness}
          reason: A weakness the extractor missed
        - action: add
          table: judgement_evidence
          article: c06_national_2014
          words: The report’s summary table gives leadership and governance as good.
          set: {judgement: leadership, rating: good}
          reason: A grade in a form the extractor does not read
        - action: add
          table: quotes
          article: c02_news_avon_good
          words: staff were proud of the result
          set: {person_id: Jo Manager}
          reason: Reported speech the extractor does not read as a quote
        """)
    assert report.warnings == []
    f = one(db, "select f.*, substr(p.text, f.char_start + 1, f.char_end - f.char_start) as span "
                "from findings f join passages p on p.id = f.passage_id where f.rule = 'by hand'")
    assert f["text"] == f["span"] == words  # the article's own words, found whatever the case and spaces
    assert f["id"] == schema.fact_id(f["passage_id"], f["char_start"]) and f["article_id"] == "c04_dorset_undated"
    assert f["inspection_id"] == "dorset-undated" and f["kind"] == "weakness" and f["correction_id"]
    e = one(db, "select * from judgement_evidence where rule = 'by hand'")
    assert e["id"] == schema.fact_id(e["passage_id"], e["char_start"], "leadership")
    assert (e["inspection_id"], e["judgement"], e["rating"], e["written"]) == ("national-2014", "leadership", "good", "good")
    j = one(db, "select * from judgements where id = 'national-2014-leadership'")
    assert j["rating"] == "good" and j["evidence_count"] == 1 and j["correction_id"] == e["correction_id"]
    q = one(db, "select q.*, p.name from quotes q join people p on p.id = q.person_id where q.rule = 'by hand'")
    assert (q["text"], q["person_id"], q["name"], q["inspection_id"]) == (
        "staff were proud of the result", "jo-manager", "Jo Manager", None)
    check_markers(db)


def test_an_added_fact_needs_its_words(tmp_path):
    db, report = built(tmp_path, """
        - id: not-there
          action: add
          table: findings
          article: c04_dorset_undated
          words: Inspectors praised the canteen
          set: {kind: strength}
          reason: no such words
        """)
    assert rows(db, "select 1 from findings where rule = 'by hand'") == []
    (w,) = report.warnings
    assert "corrections.yml:2:" in w and "'not-there'" in w and "does not have the words" in w
    c = correction(db, "not-there")
    assert c["matched"] == 0 and c["rows"] == [] and "does not have the words" in c["note"]


def test_adding_a_fact_the_extraction_has_is_a_warning(tmp_path):
    db, report = built(tmp_path, """
        - id: found-already
          action: add
          table: findings
          article: c06_national_2014
          words: Inspectors found that guardians visited children promptly after proceedings began.
          set: {kind: strength}
          reason: the extraction used to miss it
        """)
    (w,) = report.warnings
    assert "'found-already'" in w and "found by the extraction" in w
    assert len(rows(db, "select 1 from findings where article_id = 'c06_national_2014'")) == 1


def test_merge_two_inspections_that_are_one(tmp_path):
    before, _ = built(tmp_path / "a")
    assert {r["id"] for r in rows(before, "select id from inspections where scope = 'national'")} == {"national-2014", "national-undated"}
    db, report = built(tmp_path / "b", """
        - id: one-national-2014
          action: merge
          inspections:
            - {article: c06_national_2014, words: national inspection in 2014}
            - national-undated
          reason: Both articles report the 2014 national inspection
        """)
    assert report.warnings == []
    assert [r["id"] for r in rows(db, "select id from inspections where scope = 'national'")] == ["national-2014"]
    j = one(db, "select * from judgements where id = 'national-2014-overall-effectiveness'")
    assert j["evidence_count"] == 2 and j["correction_id"] == "one-national-2014"
    assert {r["article_id"] for r in rows(db, "select article_id from inspection_articles where inspection_id = 'national-2014'")} == {
        "c05_national_undated", "c06_national_2014"}
    assert rows(db, "select 1 from judgements where inspection_id = 'national-undated'") == []
    check_markers(db)


def test_split_one_inspection_that_is_two(tmp_path):
    db, report = built(tmp_path, """
        - id: avon-monitoring
          action: split
          inspection: {article: c01_ofsted_avon_report}
          set: {kind: monitoring visit}
          move:
            - {article: c02_news_avon_good}
          reason: The later dates are a monitoring visit
        """)
    assert report.warnings == []
    new = one(db, "select * from inspections where id = 'avon-2008-monitoring-visit'")
    assert (new["kind"], new["year"], new["area"], new["correction_id"]) == ("monitoring visit", 2008, "Avon", "avon-monitoring")
    assert (new["fieldwork_start"], new["fieldwork_end"]) == ("2008-03-10", "2008-03-21")
    for table in ("judgement_evidence", "findings", "inspection_dates"):
        assert {r["inspection_id"] for r in rows(db, f"select inspection_id from {table} where article_id = 'c02_news_avon_good'")} == {
            "avon-2008-monitoring-visit"}, table
    assert one(db, "select rating from judgements where id = 'avon-2008-monitoring-visit-overall-effectiveness'")["rating"] == "good"
    old = one(db, "select * from inspections where id = 'avon-2008'")
    # The first visit keeps its own readings only: its dates no longer mix in the second's.
    assert (old["fieldwork_start"], old["fieldwork_end"], old["disputed"]) == ("2008-03-03", "2008-03-14", 0)
    assert rows(db, "select 1 from inspection_articles where inspection_id = 'avon-2008' and article_id = 'c02_news_avon_good'") == []
    check_markers(db)


def test_change_a_judgement_shows_the_hand_reading(tmp_path):
    db, report = built(tmp_path, """
        - id: avon-good
          action: change
          table: judgements
          article: c02_news_avon_good
          words: rated good overall
          set: {rating: Good}
          reason: The published report's summary gives good
          source: https://example.org/ofsted/avon-2008
        """)
    assert report.warnings == []
    j = one(db, "select * from judgements where id = ?", AVON)
    assert (j["rating"], j["rating_rank"], j["disputed"], j["shown_by"], j["correction_id"]) == (
        "good", 2, 1, "corrected by hand", "avon-good")
    assert "corrected by hand: The published report's summary gives good (https://example.org/ofsted/avon-2008)" in j["shown_because"]
    assert j["article_id"] != "c01_ofsted_avon_report"  # the evidence shown gives the grade shown
    # Every reading is kept; the one that disagrees is marked as not shown.
    ev = {r["article_id"]: r["shown"] for r in rows(db, "select article_id, shown from judgement_evidence where judgement_id = ?", AVON)}
    assert ev == {"c01_ofsted_avon_report": 0, "c02_news_avon_good": 1, "c03_news_avon_brief": 1}
    ins = one(db, "select overall_rating, overall_rank, correction_id from inspections where id = 'avon-2008'")
    assert ins == {"overall_rating": "good", "overall_rank": 2, "correction_id": "avon-good"}


def test_change_an_inspection_date_wins_over_the_rule(tmp_path):
    db, _ = built(tmp_path, """
        - action: change
          table: inspections
          article: c02_news_avon_good
          words: between 10 and 21 March 2008
          set: {fieldwork_start: 2008-03-10, fieldwork_end: 2008-03-21}
          reason: The inspection letter gives these dates
        """)
    ins = one(db, "select * from inspections where id = 'avon-2008'")
    assert (ins["fieldwork_start"], ins["fieldwork_end"], ins["disputed"], ins["shown_by"]) == (
        "2008-03-10", "2008-03-21", 1, "corrected by hand")
    assert "The inspection letter gives these dates" in ins["shown_because"]
    shown = {r["article_id"]: r["shown"] for r in rows(db, "select article_id, shown from inspection_dates where inspection_id = 'avon-2008' and date_kind = 'fieldwork'")}
    assert shown == {"c01_ofsted_avon_report": 0, "c02_news_avon_good": 1, "c03_news_avon_brief": 1}


# ------------------------------------------------------------------ stale, ambiguous, strict

STALE = """\
- id: gone-finding
  action: drop
  table: findings
  article: c01_ofsted_avon_report
  words: inspectors praised the canteen
  reason: a finding the extractor no longer makes
- action: change
  table: inspections
  article: no_such_article
  set: {year: 2001}
  reason: an article that was removed
- id: two-events
  action: drop
  table: events
  article: c01_ofsted_avon_report
  words: service area
  reason: matches two rows
"""


def test_stale_corrections_are_warnings_naming_the_entry(tmp_path):
    db, report = built(tmp_path, STALE)
    assert len(report.warnings) == 3, report.warnings
    gone, article, two = report.warnings
    assert "corrections.yml:1: correction 'gone-finding' (drop findings in c01_ofsted_avon_report) not applied" in gone
    assert "corrections.yml:7:" in article and "no article 'no_such_article'" in article
    assert "corrections.yml:12:" in two and "'two-events'" in two and "2 events rows match" in two
    assert [r["matched"] for r in rows(db, "select matched from corrections")] == [0, 0, 0]
    assert len(rows(db, "select 1 from events where article_id = 'c01_ofsted_avon_report'")) == 2  # nothing dropped
    assert all(r["note"] for r in rows(db, "select note from corrections"))


def test_all_true_applies_to_every_match(tmp_path):
    db, report = built(tmp_path, STALE[STALE.index("- id: two-events"):] + "  all: true\n")
    assert report.warnings == []
    assert rows(db, "select 1 from events where article_id = 'c01_ofsted_avon_report'") == []
    assert rows(db, "select 1 from inspection_dates where article_id = 'c01_ofsted_avon_report'") == []
    assert correction(db, "two-events")["row_count"] == 2


def test_strict_fails_on_a_stale_correction_and_writes_nothing(tmp_path):
    folder = corpus(tmp_path)
    db = tmp_path / "c.db"
    build(folder, db)
    before = db.read_bytes()
    (folder / "corrections.yml").write_text(STALE, encoding="utf-8")
    with pytest.raises(BuildError) as e:
        build(folder, db, strict=True)
    assert "--strict" in str(e.value) and "3 corrections not applied" in str(e.value)
    assert any("'gone-finding'" in w for w in e.value.report.warnings)
    assert db.read_bytes() == before

    run = cli("--seeds", folder, "--db", db, "--strict")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "warning: " in run.stderr and "correction 'gone-finding'" in run.stderr and "--strict" in run.stderr
    assert db.read_bytes() == before
    run = cli("--seeds", folder, "--db", db)  # without --strict: warned, built
    assert run.returncode == 0 and "correction 'two-events'" in run.stderr


# ------------------------------------------------------------------ malformed

MALFORMED = [
    ("- action: drop\n  table: findings\n  words: [unclosed\n", 3, "not valid YAML"),
    ("- action: drop\n  table: findings\n  article: c01\n  words: x\n  reason: r\n  wrods: y\n", 6, "unknown key 'wrods'"),
    ("- action: drop\n  table: findings\n  article: c01\n  words: x\n", 1, "needs reason"),
    ("\n\n- action: burn\n  reason: r\n", 3, "one of drop, change, add, merge, split"),
    ("- action: drop\n  table: nosuch\n  article: c01\n  words: x\n  reason: r\n", 2, "table is one of"),
    ("- action: change\n  table: inspections\n  article: c01\n  set:\n    year: twenty\n  reason: r\n", 5, "year is a whole number"),
    ("- action: change\n  table: judgements\n  article: c01\n  words: x\n  set: {rating: excellent}\n  reason: r\n", 5, "one of Ofsted's grades"),
    ("- action: change\n  table: inspections\n  article: c01\n  set: {overall_rating: good}\n  reason: r\n", 4, "change that judgement's rating"),
    ("- action: add\n  table: findings\n  article: c01\n  words: x\n  reason: r\n", 1, "needs set: kind"),
    ("- action: drop\n  table: findings\n  article: c01\n  article: c02\n  words: x\n  reason: r\n", 4, "given twice"),
    ("- action: merge\n  inspections: [national-2014]\n  reason: r\n", 2, "two or more inspections"),
    ("- id: a\n  action: drop\n  table: findings\n  article: c01\n  words: x\n  reason: r\n"
     "- id: a\n  action: drop\n  table: events\n  article: c01\n  words: x\n  reason: r\n", 7, "already used by the entry at line 1"),
    ("- action: change\n  table: findings\n  article: c01\n  words: x\n  inspection: avon-2008\n  set: {kind: weakness}\n  reason: r\n",
     5, "set inspection_id"),
    ("- action: change\n  table: inspections\n  article: c01\n  set:\n    published: 2018-13-45\n  reason: r\n", 5, "cannot read '2018-13-45'"),
    ("- action: drop\n  table: findings\n  article: !!python/name:os.system x\n  words: x\n  reason: r\n", 3, "cannot read"),
    ("action: drop\n", 1, "expected a list of corrections"),
    ("- just words\n", 1, "each correction is a mapping"),
]


@pytest.mark.parametrize("text,line,reason", MALFORMED, ids=[m[2] for m in MALFORMED])
def test_a_malformed_file_is_an_error_naming_the_line(tmp_path, text, line, reason):
    folder = corpus(tmp_path)
    path = folder / "corrections.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BuildError) as e:
        build(folder, tmp_path / "c.db")
    assert str(e.value).startswith(f"{path}:{line}: "), str(e.value)
    assert reason in str(e.value)
    assert not (tmp_path / "c.db").exists()


def test_the_cli_names_a_malformed_or_missing_file_without_a_traceback(tmp_path):
    folder = corpus(tmp_path)
    bad = tmp_path / "mine.yml"
    bad.write_text("- action: drop\n  table: findings\n  words: [unclosed\n", encoding="utf-8")
    run = cli("--seeds", folder, "--db", tmp_path / "c.db", "--corrections", bad)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert f"{bad}:3: not valid YAML" in run.stderr
    run = cli("--seeds", folder, "--db", tmp_path / "c.db", "--corrections", tmp_path / "missing.yml")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert f"corrections file {tmp_path / 'missing.yml'} does not exist" in run.stderr
    assert not (tmp_path / "c.db").exists()


def test_an_empty_file_corrects_nothing(tmp_path):
    db, report = built(tmp_path, "# nothing yet\n")
    assert report.warnings == [] and rows(db, "select * from corrections") == []


# ------------------------------------------------------------------ rebuilds

EVERY_KIND = """\
- id: drop-brief
  action: drop
  table: judgement_evidence
  article: c03_news_avon_brief
  words: rated good overall
  reason: r
- id: dorset-year
  action: change
  table: inspections
  article: c04_dorset_undated
  set: {year: 2009}
  reason: r
- id: dorset-weakness
  action: add
  table: findings
  article: c04_dorset_undated
  words: Some case records were not kept up to date
  set: {kind: weakness}
  reason: r
- id: one-national
  action: merge
  inspections: [national-2014, {article: c05_national_undated}]
  reason: r
"""


def snapshot(db):
    out = {}
    for t in MARKED + [schema.BY_NAME["corrections"], schema.BY_NAME["inspection_articles"]]:
        out[t.name] = rows(db, f"select * from [{t.name}] order by 1, 2")
    return out


def test_corrections_survive_a_rebuild_and_a_changed_article(tmp_path):
    folder = corpus(tmp_path, EVERY_KIND)
    first, again = tmp_path / "1.db", tmp_path / "2.db"
    build(folder, first)
    build(folder, again)
    assert snapshot(first) == snapshot(again)  # applied at every build, the same way

    # New articles, and a paragraph put in before the corrected words (every passage id
    # after it moves): entries match by article and words, so they still apply.
    (folder / "c07_other.txt").write_text("Cafcass Kent was rated good overall by Ofsted in 2007.\n", encoding="utf-8")
    target = folder / "c04_dorset_undated.txt"
    text = target.read_text(encoding="utf-8").replace(
        "A spokesperson", "The service area covers the whole county.\n\nA spokesperson")
    target.write_text(text, encoding="utf-8")
    third = tmp_path / "3.db"
    report = build(folder, third, strict=True)
    assert report.warnings == []
    assert all(r["matched"] for r in rows(third, "select matched from corrections"))
    f = one(third, "select * from findings where rule = 'by hand'")
    assert f["passage_id"] == "c04_dorset_undated-3" and f["inspection_id"] == "dorset-2009"
    old = one(first, "select * from findings where rule = 'by hand'")
    assert old["passage_id"] == "c04_dorset_undated-2" and f["text"] == old["text"]
    check_markers(third)


def test_corrections_leave_the_extraction_as_it_was(tmp_path):
    """apply_corrections works on its own copies: what combine() returned (and
    any cache of it) is the same after."""
    folder = corpus(tmp_path, EVERY_KIND)
    results = [decode(work(path, folder, None)[2]) for path in sorted(folder.glob("*.txt"))]
    articles = {r["article"]["id"]: r["article"] for r in results}
    passages = {r["article"]["id"]: r["passages"] for r in results}
    facts = combine([r["extracted"] for r in results])
    kept = copy.deepcopy(facts)
    fixed, corrections, warnings = apply_corrections(facts, articles, passages, folder / "corrections.yml")
    assert facts == kept
    assert warnings == [] and len(corrections) == 4
    assert fixed["inspections"] != kept["inspections"]


# ------------------------------------------------------------------ the seed example

@pytest.fixture(scope="module")
def corrected_ds(seed_example_db, metadata):
    return make_datasette(seed_example_db, metadata)


async def test_seed_example_shows_in_the_rows_json_and_the_corrections_table(seed_example_db, seed_db, corrected_ds):
    entries = rows(seed_example_db, "select * from corrections order by line")
    assert [e["id"] for e in entries] == ["greater-london-2009", "fragment-of-a-quote", "respondents-against",
                                          "north-east-allocation"]
    assert all(e["matched"] == 1 for e in entries)
    # The plain seed build has the inspection undated; the corrected one dates it.
    assert rows(seed_db, "select year from inspections where id = 'greater-london-undated'") == [{"year": None}]

    response = await corrected_ds.client.get("/cafcass/inspections/greater-london-2009.json?_shape=array")
    assert response.status_code == 200
    (row,) = response.json()
    assert row["year"] == 2009 and row["correction_id"] == "greater-london-2009"
    # With labels, the marker carries the reason: "corrected by hand: reason" from columns alone.
    response = await corrected_ds.client.get("/cafcass/inspections.json?id=greater-london-2009&_labels=on&_shape=array")
    (row,) = response.json()
    assert row["correction_id"] == {"value": "greater-london-2009", "label": entries[0]["reason"]}

    added = one(seed_example_db, "select id from findings where rule = 'by hand'")["id"]
    response = await corrected_ds.client.get(f"/cafcass/findings/{added}.json?_shape=array")
    (finding,) = response.json()
    assert finding["correction_id"] == "north-east-allocation" and finding["kind"] == "strength"
    assert finding["text"] == "All cases are quickly allocated to a suitably qualified practitioner"

    dropped = json.loads(entries[1]["rows"])
    assert [d["change"] for d in dropped] == ["dropped"]
    assert rows(seed_db, "select text from quotes where id = ?", dropped[0]["id"]) == [{"text": "especially pleasing"}]
    response = await corrected_ds.client.get(f"/cafcass/quotes/{dropped[0]['id']}.json")
    assert response.status_code == 404
    # The full statement the two words came from is kept.
    assert rows(seed_example_db, "select 1 from quotes where text like 'At a time when%especially pleasing%'")

    response = await corrected_ds.client.get("/cafcass/figures.json?_shape=array&text__contains=34+per+cent")
    (figure,) = response.json()
    assert (figure["label"], figure["correction_id"]) == ("consultation respondents against", "respondents-against")

    response = await corrected_ds.client.get("/cafcass/corrections.json?_shape=array&_sort=line")
    assert [e["id"] for e in response.json()] == [e["id"] for e in entries]


async def test_corrections_canned_query_lists_every_entry(seed_example_db, corrected_ds):
    response = await corrected_ds.client.get("/cafcass/corrections_by_hand.json?_shape=array")
    assert response.status_code == 200
    got = response.json()
    table = rows(seed_example_db, "select c.*, a.title from corrections c left join articles a on a.id = c.article_id order by line")
    assert [g["id"] for g in got] == [t["id"] for t in table]
    for g, t in zip(got, table):
        assert (g["reason"], g["source"], g["matched"], g["rows"], g["article"]) == (
            t["reason"], t["source"], t["matched"], t["rows"], t["title"])


async def test_disputed_canned_query(tmp_path, metadata):
    db, _ = built(tmp_path)
    ds = make_datasette(db, metadata)
    response = await ds.client.get("/cafcass/disputed.json?_shape=array")
    assert response.status_code == 200
    got = response.json()
    expected = [("grade", AVON.rsplit("-overall", 1)[0], "overall effectiveness", "satisfactory", "inspectorate"),
                ("dates", "avon-2008", "dates", None, "inspectorate")]
    kinds = {(r["disputed"], r["inspection"], r["what"], r["shown_by"]) for r in got}
    assert kinds == {(k, i, w, s) for k, i, w, _, s in expected}
    grade = next(r for r in got if r["disputed"] == "grade")
    assert grade["shows"] == "satisfactory" and grade["readings"] == "good; satisfactory" and grade["sentences"] == 3
    dates = next(r for r in got if r["disputed"] == "dates")
    assert dates["shows"].startswith("2008-03-03 to 2008-03-14") and "2008-03-10 to 2008-03-21" in dates["readings"]
    # The facet a page can use.
    facet = (await ds.client.get("/cafcass/judgements.json?_facet=disputed")).json()["facet_results"]["disputed"]["results"]
    assert {(f["value"], f["count"]) for f in facet} == {(1, 1), (0, len(rows(db, "select id from judgements")) - 1)}
