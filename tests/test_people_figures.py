"""People, quotes and figures: rules on small made-up passages, then the built
databases (seeds and tests/data/extra_people) scored against their gold."""
import sqlite3
from pathlib import Path

import pytest
import yaml

from datasette_cafcass.builder.pipeline import build
from datasette_cafcass.builder.extract.figures import passage_figures
from datasette_cafcass.builder.extract.names import find_names, role_and_org
from datasette_cafcass.builder.extract import combine, extract_article
from tests import score_extraction as scorer

DATA = Path(__file__).resolve().parent / "data"


def extract_people_quotes_figures(articles, passages):
    """people, quotes and figures rows of the articles, through the build's own two steps."""
    rows = combine([extract_article(a, [p for p in passages if p["article_id"] == a["id"]]) for a in articles])
    return {k: rows[k] for k in ("people", "quotes", "figures")}


def extract(*texts, kinds=None, article="a1"):
    passages = [{"id": i + 1, "article_id": article, "seq": i + 1,
                 "kind": (kinds or {}).get(i, "paragraph"), "text": t} for i, t in enumerate(texts)]
    return extract_people_quotes_figures([{"id": article, "title": "Headline"}], passages)


def said(out):
    """{speaker name: [(passage id, quote text)]}"""
    names = {p["id"]: p["name"] for p in out["people"]}
    result = {}
    for q in out["quotes"]:
        result.setdefault(names[q["person_id"]], []).append((q["passage_id"], q["text"]))
    return result


# --- quotes and their speakers ---------------------------------------------

def test_colon_after_speech_verb_with_title_before_name():
    out = extract('Regional director Priya Natarajan said: "Every child deserves to be heard."')
    assert out["people"] == [{"id": "priya-natarajan", "name": "Priya Natarajan", "role": "regional director",
                              "organisation": None}]
    assert said(out) == {"Priya Natarajan": [(1, "Every child deserves to be heard.")]}


def test_quote_before_inverted_verb_with_possessive_organisation_and_apposition():
    out = extract("“We found real strengths,” explains the Care Inspectorate's chief inspector Moira Blake.",
                  "“Leaders know their services well,” says Owen Price, head of practice at Northshire Council.")
    people = {p["name"]: p for p in out["people"]}
    assert people["Moira Blake"]["role"] == "chief inspector"
    assert people["Moira Blake"]["organisation"] == "Care Inspectorate"
    assert people["Owen Price"]["role"] == "head of practice"
    assert people["Owen Price"]["organisation"] == "Northshire Council"


def test_quote_continued_over_paragraphs_then_surname_and_pronoun():
    out = extract(
        "Board chair Dame Ruth Mallory DBE said: “This was a hard year.",
        "“But staff never stopped putting children first.”",
        "Mallory said she was “proud” of the team.",
        "“Morale has recovered,” she added. “Sickness is down.”",
        "“Caseloads remain high,” says Mallory.",
    )
    assert [p["name"] for p in out["people"]] == ["Ruth Mallory"]  # Dame and DBE stripped
    assert [pid for pid, _ in said(out)["Ruth Mallory"]] == [1, 2, 3, 4, 4, 5]
    assert said(out)["Ruth Mallory"][0][1] == "This was a hard year."


def test_reported_speech_is_what_was_said_not_who_said_it():
    out = extract(
        '"We are delighted," said Jo Amara, chief executive of Cafcass. "This is a tribute to our staff."',
        "Dr Lena Ruiz, a family law academic, told the BBC the findings were encouraging.",
        "According to Cafcass chair Dame Helen Ashworth, the board was proud of its staff.",
        "The service had cut delays for children by a third, according to Cafcass director Tom Ellery.")
    assert said(out) == {
        "Jo Amara": [(1, "We are delighted"), (1, "This is a tribute to our staff.")],
        "Lena Ruiz": [(2, "the findings were encouraging")],
        "Helen Ashworth": [(3, "the board was proud of its staff")],
        "Tom Ellery": [(4, "The service had cut delays for children by a third")]}


def test_a_peer_with_a_first_name_has_no_organisation_from_the_title():
    out = extract('Baroness Clara Whitfield, who chairs the board, said: "It is a great day."')
    assert [(p["name"], p["organisation"]) for p in out["people"]] == [("Clara Whitfield", None)]


def test_the_council_is_the_council_the_article_names():
    out = extract("Northshire County Council's children's services have been rated inadequate by Ofsted.",
                  'The council\'s director of children\'s services, Jane Holt, said: "We accept the findings."')
    assert [(p["name"], p["organisation"]) for p in out["people"]] == [("Jane Holt", "Northshire County Council")]


def test_caption_with_colon_names_speaker():
    out = extract("Cafcass chief executive Sam Ortiz: “We listen to children”",
                  kinds={0: "caption"})
    assert out["people"][0]["name"] == "Sam Ortiz"
    assert out["people"][0]["organisation"] == "Cafcass"
    assert out["people"][0]["role"] == "chief executive"


def test_peer_keeps_title_but_other_honorifics_go():
    assert [m.name for m in find_names("Baroness Hale of Richmond and Lord Laming spoke")] == [
        "Baroness Hale of Richmond", "Lord Laming"]
    assert [m.name for m in find_names("Professor Sir Alan Wright OBE and Mrs Joan Hill MBE")] == [
        "Alan Wright", "Joan Hill"]


def test_places_and_committees_are_not_people():
    assert find_names("the Public Accounts Committee met in Greater London") == []
    out = extract("Cafcass in North Yorkshire said: “We are improving.”")
    assert out["people"] == []


def test_report_quotes_are_not_people_and_stop_a_continuation():
    out = extract(
        "Director Lena Ford said: “We welcome the report.”",
        "“Too many plans drift,” the report stated.",
        "“Supervision is patchy.”",
        "“This means children wait,” it said.",
        "According to the inspectorate, the service was “improving”.",
    )
    assert said(out) == {"Lena Ford": [(1, "We welcome the report.")]}
    assert len(out["people"]) == 1


def test_unattributed_quote_after_narrative_is_not_given_to_anyone():
    out = extract("Director Lena Ford said: “We welcome the report.”",
                  "Inspectors visited in the spring.",
                  "“Staff are overstretched.”")
    assert [pid for pid, _ in said(out)["Lena Ford"]] == [1]


def test_quote_cut_off_mid_sentence_is_kept():
    out = extract("Union organiser Kwame Mensah said: “We have warned managers for years that the")
    assert said(out) == {"Kwame Mensah": [(1, "We have warned managers for years that the")]}


def test_people_merge_across_articles_and_ids_are_stable():
    passages = [
        {"id": 1, "article_id": "x", "seq": 1, "kind": "paragraph",
         "text": "Chief executive Ana Ruiz said: “We are pleased.”"},
        {"id": 2, "article_id": "y", "seq": 1, "kind": "paragraph",
         "text": "“It is a start,” said Ana Ruiz, chief executive of Cafcass."},
    ]
    articles = [{"id": "x", "title": "X"}, {"id": "y", "title": "Y"}]
    first = extract_people_quotes_figures(articles, passages)
    assert first == extract_people_quotes_figures(articles, passages)
    assert len(first["people"]) == 1
    assert first["people"][0]["organisation"] == "Cafcass"  # filled in from the second article
    assert {q["article_id"] for q in first["quotes"]} == {"x", "y"}
    assert {q["person_id"] for q in first["quotes"]} == {"ana-ruiz"}


def test_role_and_org_forms():
    assert role_and_org("Ofsted's national director for social care") == (
        "national director for social care", "Ofsted")
    assert role_and_org("chair of the Family Justice Council") == ("chair", "Family Justice Council")
    assert role_and_org("In a statement") == (None, None)
    assert role_and_org("a mother of three") == (None, None)


# --- figures ---------------------------------------------------------------

def figs(text):
    return [(f["value"], f["unit"], f["label"], f["year"]) for f in passage_figures(text)]


@pytest.mark.parametrize("text, want", [
    ("Inspectors made seven recommendations.", (7, "count", "recommendations", None)),
    ("The trust spent £12.5m on agency staff in 2019/20.", (12500000, "GBP", None, "2019/20")),
    ("Some 62 per cent of parents were satisfied.", (62, "percent", "parents", None)),
    ("It handled c210,000 cases.", (210000, "count", "cases", None)),
    ("More than 1,200 family court advisers were surveyed.", (1200, "count", "family court advisers", None)),
    ("Only 8% of reports were late.", (8, "percent", "reports", None)),
    ("March 2019 saw 1,034 new applications, a record.", (1034, "count", "new applications", "2019")),
])
def test_figure_forms(text, want):
    got = figs(text)
    assert len(got) == 1, got
    value, unit, label, year = got[0]
    assert value == pytest.approx(want[0])
    assert unit == want[1]
    if want[2]:
        assert label == want[2]
    assert year == want[3]


def test_money_label_from_the_words_before_and_a_from_to_pair():
    got = figs("The cost of agency cover fell from £2.1m in 2015 to an estimated £900,000 this year.")
    assert [(v, u, label) for v, u, label, _ in got] == [
        (2100000, "GBP", "cost of agency cover"), (900000, "GBP", "cost of agency cover")]
    assert got[0][3] == "2015" and got[1][3] is None


def test_a_count_from_to_pair_after_the_number_of():
    got = figs("The number of open cases fell from 40,000 in 2019 to 35,500.")
    assert [(v, u, label) for v, u, label, _ in got] == [(40000, "count", "open cases"), (35500, "count", "open cases")]


@pytest.mark.parametrize("text", [
    "The visit took place on 14 June 2016.",
    "In 2013 the framework changed.",
    "She waited 18 months for a hearing.",
    "A 15-year-old boy, aged 15, gave evidence.",
    "It was the 3rd inspection since Covid-19.",
    "1. Improve the quality of supervision",
    "Visits happen three or four times a year.",
    "See www.example.org/report-2014 for details.",
    "Nearly two-thirds of staff agreed.",
    "Almost two thirds of staff agreed.",
    "Three quarters of families were seen within a week.",
    "Children as young as 10 are asked for their views.",
    "Children over 12 were interviewed alone.",
])
def test_not_figures(text):
    assert figs(text) == []


def test_briefs_and_headings_give_no_figures():
    out = extract("Of the 116 areas inspected, 59 have weaknesses.",
                  "40 YEARS OF FAMILY COURTS",
                  kinds={0: "brief", 1: "heading"})
    assert out["figures"] == []


# --- the built databases against their gold --------------------------------

def _score(db_path, gold):
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    db.row_factory = sqlite3.Row
    s = scorer.Score()
    scorer.score_people(db, gold, s)
    scorer.score_figures(db, gold, s)
    return s


def test_seed_people_and_figures_match_gold(seed_db, gold):
    s = _score(seed_db, gold)
    assert s.misses == []
    assert s.found == s.required > 0


def test_extra_articles_people_and_figures_match_gold(tmp_path):
    gold = yaml.safe_load((DATA / "gold_extra_people.yml").read_text(encoding="utf-8"))
    db_path = tmp_path / "extra.db"
    build(DATA / "extra_people", db_path)
    s = _score(db_path, gold)
    assert s.misses == []
    assert s.found == s.required > 0


def test_seed_quotes_and_figures_point_at_their_passages(seed_db):
    db = sqlite3.connect(seed_db)
    for table in ("quotes", "figures"):
        bad = db.execute(f"""select count(*) from {table} t left join passages p on p.id = t.passage_id
                             where p.id is null or p.article_id != t.article_id""").fetchone()[0]
        assert bad == 0, table
    # every quote's words are in its passage
    rows = db.execute("select q.text, p.text from quotes q join passages p on p.id = q.passage_id").fetchall()
    assert rows and all(q in p for q, p in rows)
    assert db.execute("select count(*) from quotes where person_id not in (select id from people)").fetchone()[0] == 0
    # no figure from a round-up brief
    assert db.execute("""select count(*) from figures f join passages p on p.id = f.passage_id
                         where p.kind = 'brief'""").fetchone()[0] == 0


def test_seed_report_quotes_have_no_person(seed_db):
    db = sqlite3.connect(seed_db)
    texts = [r[0] for r in db.execute("select text from quotes")]
    assert texts
    assert not any(t.startswith("Most direct work is well planned") for t in texts)
    assert not any(t.startswith("This means that children and families") for t in texts)


# --- more forms seen in trade press and press releases ---------------------

def test_single_quotes_cut_off_and_organisation_after_a_description():
    out = extract("Mark Osei, deputy general secretary of the probation union Napo, said: ‘Morale is at rock bottom and")
    assert out["people"][0]["role"] == "deputy general secretary"
    assert out["people"][0]["organisation"] == "Napo"
    assert said(out) == {"Mark Osei": [(1, "Morale is at rock bottom and")]}


def test_bare_top_title_takes_the_organisation_the_sentence_before_was_about():
    out = extract("Napo says staff are leaving. Cafcass rejected the claims.",
                  "Chief executive Nina Patel said: “Cafcass has never been busier.”")
    assert out["people"][0]["organisation"] == "Cafcass"
    # when the sentence before names no organisation, the title's stays unknown
    out = extract("Napo says staff are leaving. The service rejected the claims.",
                  "Its chief executive, Nina Patel, said: “We are recruiting.”")
    assert out["people"][0]["organisation"] is None


def test_a_bare_top_title_speaks_for_the_body_inspected_not_the_inspectorate():
    # the article is about what the inspectorate graded, not the inspectorate
    out = extract("Ofsted has rated Cafcass good in a report published today.",
                  "Chief executive Nina Patel said the result was “a tribute to our staff”.")
    assert [(p["name"], p["organisation"]) for p in out["people"]] == [("Nina Patel", "Cafcass")]
    # ... or named in the headline, when the opening names only the inspectorate
    out = extract_people_quotes_figures(
        [{"id": "a1", "title": "Ofsted report on Cafcass published"}],
        [{"id": 1, "article_id": "a1", "seq": 1, "kind": "paragraph",
          "text": "Ofsted's report on its national inspection found the quality of practice was strong."},
         {"id": 2, "article_id": "a1", "seq": 2, "kind": "paragraph",
          "text": "Chief executive Nina Patel said the report was “a tribute to staff”."}])
    assert [(p["name"], p["organisation"]) for p in out["people"]] == [("Nina Patel", "Cafcass")]
    # a body named as the owner of another person's title is not one answering
    out = extract("Cafcass has been rated good.",
                  "Sam Reid, Ofsted's national director, said: “Children are well served.”",
                  "The chairman, Lord Hale, said: “We are proud.”")
    assert [(p["name"], p["organisation"]) for p in out["people"]] == [
        ("Sam Reid", "Ofsted"), ("Lord Hale", "Cafcass")]


@pytest.mark.parametrize("text, want", [
    ("Cafcass will revise its guidance on Practice Direction 12J after judges said too many reports were late.", {}),
    ("Families Need Fathers said in a statement: “Fathers are still shut out.”", {}),
    ("Father David Price, who runs the campaign group Families Need Fathers, said: “Nothing has changed.”",
     {"David Price": [(1, "Nothing has changed.")]}),
])
def test_a_rule_or_a_campaign_group_is_no_person(text, want):
    assert said(extract(text)) == want


def test_a_hyphenated_description_before_a_name_is_not_part_of_it():
    out = extract("Mother-of-two Karen Walsh, 38, said: “I waited a year for a hearing.”")
    assert said(out) == {"Karen Walsh": [(1, "I waited a year for a hearing.")]}
    assert out["people"][0]["organisation"] is None  # nor an organisation she is of


@pytest.mark.parametrize("verb", ["pledged", "promised", "confirmed", "predicted"])
def test_more_speech_verbs_after_the_quote(verb):
    out = extract(f"“We will act on every recommendation,” Nina Patel, Cafcass chief executive, {verb}.")
    assert said(out) == {"Nina Patel": [(1, "We will act on every recommendation")]}


def test_role_only_reference_finds_the_one_person_with_that_role():
    out = extract("Cafcass chair Imran Qureshi welcomed the report.",
                  "“It shows how far we have come,” the chair said.")
    assert said(out) == {"Imran Qureshi": [(2, "It shows how far we have come")]}


@pytest.mark.parametrize("text, want", [
    ("Applications have risen to 15230 this year.", (15230, "count", "Applications")),
    ("Guardians saw a 40% increase in average caseloads.", (40, "percent", "increase in average caseloads")),
    ("Inspectors read the records of some 650 children (12%) open to the service.", (650, "count", "children")),
])
def test_totals_changes_and_parentheses(text, want):
    got = figs(text)
    assert got and got[0][:3] == want


def test_judges_keep_their_judicial_title_and_are_found_again_by_surname():
    out = extract("Mr Justice Harland said the delay was “wholly unacceptable”.",
                  "“No child should wait this long,” said Harland.")
    assert said(out) == {"Mr Justice Harland": [(1, "wholly unacceptable"), (2, "No child should wait this long")]}


def test_quoted_grades_and_words_of_others_are_not_the_speakers():
    out = extract("Director Lena Ford admitted the area had been rated “inadequate” and that practice "
                  "was called “dangerous” by inspectors, but said it was “turning a corner”.")
    assert [t for _, t in said(out)["Lena Ford"]] == ["turning a corner"]


def test_long_organisation_names_and_parts_of_wholes():
    out = extract("Children and Family Court Advisory and Support Service chief executive Omar Haddad said: “We hear you.”")
    assert out["people"][0]["organisation"] == "Cafcass"  # one canonical name per organisation
    assert out["people"][0]["role"] == "chief executive"
    assert figs("Only 12 of the 40 local teams met the target.")[0][:3] == (12, "count", "local teams")


def test_organisation_given_alone_after_the_name():
    out = extract("“Parents are not being heard,” said Grace Obi, of the Family Rights Group.")
    assert out["people"] == [{"id": "grace-obi", "name": "Grace Obi", "role": None, "organisation": "Family Rights Group"}]


def test_pull_quote_signed_with_a_dash_and_accented_names():
    out = extract("“Every report we write is about a child.” – Zoë Ándres, service manager")
    assert out["people"][0]["name"] == "Zoë Ándres"
    assert out["people"][0]["role"] == "service manager"


@pytest.mark.parametrize("text, role, org", [
    ("Ruth Adler, Ofsted’s National Director, Social Care, said: “We will return.”",
     "national director, social care", "Ofsted"),
    ("Sam Hale, Chief Executive, Cafcass, said: “We agree.”", "chief executive", "Cafcass"),
    ("Children’s Minister Tara Bell said: “Every child matters.”", "children’s minister", None),
    ("Education Secretary Joe Marr said: “We will act.”", "education secretary", None),
])
def test_titles_in_press_release_style(text, role, org):
    out = extract(text)
    assert (out["people"][0]["role"], out["people"][0]["organisation"]) == (role, org)


@pytest.mark.parametrize("text, name, role, org", [
    ("Labour MP Dana Frost said: “This is a scandal.”", "Dana Frost", "mp", "Labour"),
    ("NSPCC chief executive Lee Marsh OBE said: “Listen to children.”", "Lee Marsh", "chief executive", "NSPCC"),
    ("Mother Kerry Dunn said: “Nobody called me back.”", "Kerry Dunn", None, None),
])
def test_party_titles_capital_organisations_and_family_words(text, name, role, org):
    p = extract(text)["people"][0]
    assert (p["name"], p["role"], p["organisation"]) == (name, role, org)


def test_head_of_service_in_a_press_release_takes_the_organisation_it_opens_with():
    out = extract("Cafcass welcomes the report Ofsted published today on its Thames Valley service area.",
                  "Ofsted found that cases were allocated quickly.",
                  "Head of service Lina Park said: “Our staff have worked hard for this.”")
    assert out["people"][0]["organisation"] == "Cafcass"
    out = extract("Ivor Grant MP, who sits on the committee, said: “This cannot go on.”")
    assert (out["people"][0]["name"], out["people"][0]["role"]) == ("Ivor Grant", "mp")


def test_the_verb_nearest_the_quote_names_its_speaker():
    out = extract("Ana Ruiz said the plan was sound, while Ben Cole said: “It will not work.”")
    assert said(out) == {"Ben Cole": [(1, "It will not work.")]}


def test_an_organisation_in_an_opening_phrase_is_not_the_speakers():
    out = extract("After a meeting with the Family Justice Board, Rosa Lind said: “We are hopeful.”")
    assert out["people"][0]["organisation"] is None


def test_a_fuller_role_in_a_later_article_replaces_a_shorter_one():
    passages = [
        {"id": 1, "article_id": "x", "seq": 1, "kind": "paragraph",
         "text": "Cafcass chief Leo Stark said: “We are listening.”"},
        {"id": 2, "article_id": "y", "seq": 1, "kind": "paragraph",
         "text": "“We have changed,” said Leo Stark, chief executive of Cafcass."},
    ]
    out = extract_people_quotes_figures([{"id": "x", "title": "X"}, {"id": "y", "title": "Y"}], passages)
    assert out["people"][0]["role"] == "chief executive"


def test_part_of_a_whole_in_words_counts_the_whole_s_things():
    assert figs("Four out of five service areas were judged inadequate.") == [(4, "count", "service areas", None)]


def test_title_before_a_comma_and_an_honorific():
    out = extract("The president of the Family Division, Sir Alan Reyes, told the conference: “We must act.”")
    assert (out["people"][0]["name"], out["people"][0]["role"], out["people"][0]["organisation"]) == (
        "Alan Reyes", "president", "Family Division")


def test_surname_before_the_full_name_is_given():
    out = extract("“I’m proud of the team,” Okoro told reporters.",
                  "Cafcass chief executive Femi Okoro said the report was fair.")
    # the surname quoted first, then reported speech once the full name is given
    assert said(out) == {"Femi Okoro": [(1, "I’m proud of the team"), (2, "the report was fair")]}
    assert out["people"][0]["role"] == "chief executive"


@pytest.mark.parametrize("text, year", [
    ("In 2016, the service received 14,200 new applications.", "2016"),
    ("Prior to 2013, its 17 regional service areas were inspected in turn.", None),
    ("In 2016, when demand peaked, it had 1,700 staff and 12,000 cases.", "2016"),
    ("In 2016, it had 1,700 staff; by 2019 it had 12,000 cases.", "2019"),
])
def test_a_year_opening_the_sentence(text, year):
    assert figs(text)[-1][3] == year


def people_of(*texts):
    return [(p["name"], p["role"], p["organisation"]) for p in extract(*texts)["people"]]


def test_titles_news_writes_before_or_after_a_name():
    assert people_of("Cafcass has been rated good.",
                     "Cafcass boss Nina Patel said: “We are proud.”") == [("Nina Patel", "boss", "Cafcass")]
    # a title's service area is where it serves: the article's subject is the organisation
    assert people_of("Cafcass has been rated good.",
                     "Head of Service for Thames Valley, Sam Reid, said: “We are proud.”") == [
        ("Sam Reid", "head of service for thames valley", "Cafcass")]
    # a minister's portfolio is no organisation; a ministry is
    assert people_of("Cafcass has been rated good.",
                     "Children and Families Minister Tom Hale said: “Well done.”") == [
        ("Tom Hale", "children and families minister", None)]
    assert role_and_org("Home Office minister") == ("minister", "Home Office")
    # "who heads ..." after the name is a title
    assert people_of("Cafcass has been rated good.",
                     "“We are proud,” said Ann Lee, who has run Cafcass since 2004.",
                     "“Not yet,” said Peter Cole, who leads the Family Rights Group.") == [
        ("Ann Lee", "head", "Cafcass"), ("Peter Cole", "head", "Family Rights Group")]


def test_a_top_title_after_the_inspectorate_spoke_is_the_inspected_bodys():
    assert people_of("Cafcass has been rated outstanding by Ofsted. Ofsted said leaders know the service well.",
                     "Chief executive Nina Patel said: “I am thrilled.”") == [("Nina Patel", "chief executive", "Cafcass")]
    # ... but the inspectorate's own titles stay its
    assert people_of("Cafcass has been rated outstanding by Ofsted. Ofsted said leaders know the service well.",
                     "National director Sam Reid said: “Children are well served.”") == [
        ("Sam Reid", "national director", "Ofsted")]


def test_its_title_after_a_body_warned_and_our_title_is_the_writers():
    assert people_of("Cafcass has been rated good. But the Family Rights Group charity warned that it was not enough.",
                     "Its chief executive, Nina Patel, said: “Families still wait.”") == [
        ("Nina Patel", "chief executive", "Family Rights Group")]
    # "our chairman" on a campaign's own page: whoever wrote it, which the words do not name
    assert people_of("Cafcass has been rated good.",
                     "Our chairman, Peter Lowe, said: “This vindicates every parent.”") == [
        ("Peter Lowe", "chairman", None)]
