"""Disagreements in the open: where the articles give one judgement different
grades, or one inspection different dates, every reading is kept with its
sentence, the row is marked disputed and shows the reading the rule picks
(the inspectorate's own words, then the most specific, then the majority),
saying why. The rule on made-up rows, on our own articles, and the mechanism
on the development corpus."""
from collections import defaultdict

import pytest

from datasette_cafcass.builder import disputes
from datasette_cafcass.builder.pipeline import build

from .conftest import DATA, ROOT, rows

# ../shared beside the checkout (or beside the folder of worktrees holding it).
SHARED = next((p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()), ROOT.parent / "shared")
DEV = SHARED / "corpus" / "dev"
RULES = {"inspectorate", "most specific", "majority", "first reported", "corrected by hand"}
RANKS = {"outstanding": 1, "good": 2, "satisfactory": 3, "requires improvement": 3, "inadequate": 4}


def sentence(article, n, rating, judgement="overall effectiveness", jid="x-2020-overall-effectiveness"):
    return {"id": f"{article}-{n}-0-{judgement}", "judgement_id": jid, "inspection_id": "x-2020",
            "judgement": judgement, "rating": rating, "written": rating, "article_id": article,
            "passage_id": f"{article}-{n}", "char_start": 0, "char_end": 10, "evidence": f"{article} {n} {rating}",
            "rule": "verb"}


def judgement(evidence, jid="x-2020-overall-effectiveness"):
    first = next(e for e in evidence if e["judgement_id"] == jid)
    return {"id": jid, "inspection_id": "x-2020", "judgement": first["judgement"], "rating": first["rating"],
            "rating_rank": RANKS[first["rating"]], "evidence_count": 0, "conflict": 1, "ratings_seen": "",
            "article_id": first["article_id"], "passage_id": first["passage_id"], "evidence": first["evidence"]}


def settle(evidence, inspectorate=()):
    j = judgement(evidence)
    disputes.settle_judgements([j], evidence, set(inspectorate), ranks=RANKS)
    return j


# ------------------------------------------------------------------ grades

def test_the_inspectorates_own_words_come_first():
    ev = [sentence("news1", 1, "good"), sentence("news2", 1, "good"), sentence("ofsted", 1, "outstanding")]
    j = settle(ev, inspectorate={"ofsted"})
    assert (j["rating"], j["rating_rank"], j["disputed"], j["shown_by"]) == ("outstanding", 1, 1, "inspectorate")
    assert j["article_id"] == "ofsted" and j["evidence"] == "ofsted 1 outstanding"
    assert "inspectorate's own words give it (ofsted)" in j["shown_because"]
    assert "good is read in news1, news2" in j["shown_because"]
    assert [e["shown"] for e in ev] == [0, 0, 1]


def test_then_the_most_specific_sentence():
    # Two articles give outstanding in sentences that grade three judgements at once;
    # one gives good in a sentence that grades this judgement alone.
    ev = [sentence("news2", 1, "good")]
    for article in ("news1", "news3"):
        ev.append(sentence(article, 1, "outstanding"))
        ev += [sentence(article, 1, "outstanding", name, f"x-2020-{name}") for name in ("leadership", "safeguarding")]
    j = settle(ev)
    assert (j["rating"], j["shown_by"]) == ("good", "most specific")
    assert "one that gives one grade" in j["shown_because"] and "3 grades" in j["shown_because"]


def test_then_the_majority_of_articles_then_of_sentences():
    ev = [sentence("a", 1, "good"), sentence("a", 2, "good"), sentence("a", 3, "good"),
          sentence("b", 1, "outstanding"), sentence("c", 1, "outstanding")]
    j = settle(ev)
    assert (j["rating"], j["shown_by"]) == ("outstanding", "majority")
    assert "most articles give it (2 of 3)" in j["shown_because"]
    ev = [sentence("a", 1, "good"), sentence("a", 2, "inadequate"), sentence("a", 3, "inadequate")]
    j = settle(ev)
    assert (j["rating"], j["shown_by"]) == ("inadequate", "majority")
    assert "most sentences give it (2 of 3)" in j["shown_because"]


def test_a_tie_shows_the_first_reported():
    ev = [sentence("a", 1, "satisfactory"), sentence("b", 1, "good")]
    j = settle(ev)
    assert (j["rating"], j["shown_by"]) == ("satisfactory", "first reported")
    ev.reverse()
    assert settle(ev)["rating"] == "good"


def test_agreeing_sentences_are_no_dispute():
    ev = [sentence("a", 1, "good"), sentence("b", 1, "good")]
    j = settle(ev)
    assert (j["disputed"], j["shown_by"], j["shown_because"]) == (0, None, None)
    assert [e["shown"] for e in ev] == [1, 1]


# ------------------------------------------------------------------ dates

def reading(article, date, end=None, precision="day", kind="fieldwork"):
    return {"id": f"{article}-{date}", "inspection_id": "x-2020", "date_kind": kind, "date": date,
            "date_end": end, "precision": precision, "article_id": article}


def inspection():
    return {"id": "x-2020", "year": 2020, "fieldwork_start": None, "fieldwork_end": None, "published": None}


def test_dates_that_only_differ_in_precision_agree():
    ins = inspection()
    readings = [reading("a", "2020-03-02", "2020-03-13"), reading("b", "2020-03", precision="month"),
                reading("c", "2020", precision="year")]
    disputes.settle_dates([ins], readings, set())
    assert ins["disputed"] == 0 and ins["shown_by"] is None
    assert ins["dates_seen"] == "2020-03-02 to 2020-03-13; 2020-03; 2020"
    assert ins["fieldwork_start"] is None  # undisputed: the extraction's own value stands


def test_dates_that_disagree_show_the_rules_reading():
    ins = inspection()
    readings = [reading("news", "2020-03-09", "2020-03-20"), reading("news2", "2020-03-09", "2020-03-20"),
                reading("ofsted", "2020-03-02", "2020-03-13"), reading("c", "2020-03", precision="month"),
                reading("ofsted", "2020-05-01", kind="published"), reading("news", "2020-05-04", kind="published")]
    disputes.settle_dates([ins], readings, {"ofsted"})
    assert (ins["disputed"], ins["shown_by"]) == (1, "inspectorate")
    assert (ins["fieldwork_start"], ins["fieldwork_end"], ins["published"]) == ("2020-03-02", "2020-03-13", "2020-05-01")
    assert ins["shown_because"].startswith("fieldwork: shows 2020-03-02 to 2020-03-13 because the inspectorate's own words")
    assert "report published: shows 2020-05-01" in ins["shown_because"]
    assert [r["shown"] for r in readings] == [0, 0, 1, 1, 1, 0]  # March agrees with what is shown


def test_without_the_inspectorate_the_most_precise_date():
    ins = inspection()
    readings = [reading("a", "2020-04", precision="month"), reading("b", "2020-04", precision="month"),
                reading("c", "2020-03-02", "2020-03-13")]
    disputes.settle_dates([ins], readings, set())
    assert (ins["shown_by"], ins["fieldwork_start"], ins["fieldwork_end"]) == ("most specific", "2020-03-02", "2020-03-13")


def test_which_articles_are_the_inspectorates_own_words():
    arts = [
        {"id": "outlet", "outlet": "Ofsted (copy on a mirror site)", "url": None, "author": None, "body": "..."},
        {"id": "host", "outlet": None, "url": "https://reports.ofsted.gov.uk/provider/1", "author": None, "body": "..."},
        {"id": "byline", "outlet": "GOV.UK", "url": None, "author": "From: Ofsted", "body": "..."},
        {"id": "report", "outlet": None, "url": None, "author": None,
         "body": "Inspection of Cafcass\n\nInspection dates: 2 May 2020 – 20 May 2020\n\nThe overall judgement is good."},
        {"id": "news", "outlet": "Community Care", "url": "https://www.communitycare.co.uk/x", "author": "A Reporter",
         "body": "Ofsted said the inspection dates were set in May."},
        {"id": "lookalike", "outlet": None, "url": "https://notofsted.gov.uk.example.com/", "author": "Ofsted watcher",
         "body": "An Ofsted report."},
    ]
    assert disputes.inspectorate_articles(arts) == {"outlet", "host", "byline", "report"}


# ------------------------------------------------------------------ built

@pytest.fixture(scope="module")
def own_db(tmp_path_factory):
    """Our own articles: Ofsted's press release on Cafcass Avon (satisfactory, visited 3 to 14
    March 2008) and two papers (good; one visited 10 to 21 March, the other 'in March')."""
    path = tmp_path_factory.mktemp("own") / "cafcass.db"
    build(DATA / "corrections", path)
    return path


def test_our_articles_disagree_and_the_inspectorate_is_shown(own_db):
    j = rows(own_db, "select * from judgements where id = 'avon-2008-overall-effectiveness'")[0]
    assert (j["rating"], j["disputed"], j["conflict"], j["shown_by"], j["ratings_seen"]) == (
        "satisfactory", 1, 1, "inspectorate", "good; satisfactory")
    assert j["article_id"] == "c01_ofsted_avon_report"
    assert "good is read in c02_news_avon_good, c03_news_avon_brief" in j["shown_because"]
    ev = rows(own_db, "select article_id, rating, shown from judgement_evidence where judgement_id = ? order by article_id", j["id"])
    assert ev == [{"article_id": "c01_ofsted_avon_report", "rating": "satisfactory", "shown": 1},
                  {"article_id": "c02_news_avon_good", "rating": "good", "shown": 0},
                  {"article_id": "c03_news_avon_brief", "rating": "good", "shown": 0}]
    ins = rows(own_db, "select * from inspections where id = 'avon-2008'")[0]
    assert (ins["disputed"], ins["shown_by"], ins["fieldwork_start"], ins["fieldwork_end"], ins["overall_rating"]) == (
        1, "inspectorate", "2008-03-03", "2008-03-14", "satisfactory")
    dates = rows(own_db, "select article_id, date, date_end, shown, evidence from inspection_dates "
                         "where inspection_id = 'avon-2008' and date_kind = 'fieldwork' order by article_id")
    assert [(d["article_id"], d["date"], d["date_end"], d["shown"]) for d in dates] == [
        ("c01_ofsted_avon_report", "2008-03-03", "2008-03-14", 1),
        ("c02_news_avon_good", "2008-03-10", "2008-03-21", 0),
        ("c03_news_avon_brief", "2008-03", None, 1)]
    assert all("March 2008" in d["evidence"] for d in dates)
    # An inspection the articles agree on is not disputed.
    assert rows(own_db, "select disputed from judgements where id = 'national-2014-overall-effectiveness'") == [{"disputed": 0}]


def check_mechanism(db):
    """Whatever the extraction reads: every judgement whose sentences give more
    than one grade is disputed, keeps every reading, shows one of them by a
    named rule, and the inspectorate's reading when there is one."""
    inspectorate = disputes.inspectorate_articles(rows(db, "select * from articles"))
    by_judgement = defaultdict(list)
    for e in rows(db, "select * from judgement_evidence"):
        by_judgement[e["judgement_id"]].append(e)
    judgements = rows(db, "select * from judgements")
    assert {j["id"] for j in judgements} == set(by_judgement)
    disputed = 0
    for j in judgements:
        ev = by_judgement[j["id"]]
        ratings = {e["rating"] for e in ev}
        assert j["disputed"] == j["conflict"] == (1 if len(ratings) > 1 else 0), j["id"]
        assert j["ratings_seen"].split("; ") == sorted(ratings, key=RANKS.get), j["id"]
        assert j["rating"] in ratings and j["evidence_count"] == len(ev)
        assert all(e["shown"] == (e["rating"] == j["rating"]) for e in ev), j["id"]
        if not j["disputed"]:
            assert j["shown_by"] is None and j["shown_because"] is None
            continue
        disputed += 1
        assert j["shown_by"] in RULES and j["shown_because"].startswith(f"shows {j['rating']} because")
        for other in ratings - {j["rating"]}:
            assert f"{other} is read in" in j["shown_because"]
        own = {e["rating"] for e in ev if e["article_id"] in inspectorate}
        if own and j["shown_by"] != "corrected by hand":
            assert j["rating"] in own and j["shown_by"] in ("inspectorate", "most specific", "majority", "first reported")
        # The judgement's evidence columns point at a sentence giving the grade shown.
        assert any(e["passage_id"] == j["passage_id"] and e["rating"] == j["rating"] for e in ev)
    overall = {j["inspection_id"]: j["rating"] for j in judgements if j["judgement"] == "overall effectiveness"}
    for ins in rows(db, "select * from inspections"):
        assert ins["overall_rating"] == overall.get(ins["id"]), ins["id"]
        dates = rows(db, "select * from inspection_dates where inspection_id = ?", ins["id"])
        assert ins["disputed"] in (0, 1) and (ins["disputed"] == 0) == (ins["shown_by"] is None)
        if dates:
            assert ins["dates_seen"]
        if ins["disputed"]:
            assert 0 in {d["shown"] for d in dates} and 1 in {d["shown"] for d in dates}
    return disputed


def test_the_mechanism_on_our_articles(own_db):
    assert check_mechanism(own_db) == 1


def test_the_mechanism_on_the_development_corpus(tmp_path):
    if not DEV.is_dir():
        pytest.skip(f"the development corpus is not here ({DEV}): ../shared is absent")
    db = tmp_path / "cafcass.db"
    build(DEV, db)
    # Several articles report the same inspections, so disagreements can be seen at all.
    assert max(r["n"] for r in rows(db, "select count(*) as n from inspection_articles group by inspection_id")) >= 3
    check_mechanism(db)
