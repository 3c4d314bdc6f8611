"""The extraction's general rules on sentences in the many ways articles put
them (not only the seeds' wording), and on small articles built end to end.
Every sentence here is our own."""
import sqlite3

import pytest

from datasette_cafcass.builder.extract.findings import cue_kind
from datasette_cafcass.builder.extract.grades import construe, explain, read_text
from datasette_cafcass.builder.extract.reading import Reading
from datasette_cafcass.builder.pipeline import build


def mentions(text):
    """The inspection mentions of a one-sentence article."""
    g = read_text(text)
    return [m for s in g.r.sentences for m in g.insp.mentions(s)]


def fieldwork(text):
    found = [m for m in mentions(text) if m.date_start]
    return (found[0].date_start, found[0].date_end) if found else None


@pytest.mark.parametrize("sentence,expected", [
    # grades given
    ("Ofsted has rated Cafcass's service in the East Midlands inadequate.", [("inadequate", ["overall effectiveness"])]),
    ("Cafcass's Thames Valley area was given a 'satisfactory' rating by Ofsted.", [("satisfactory", ["overall effectiveness"])]),
    ("The inspection found that overall effectiveness was inadequate and capacity to improve was adequate.",
     [("inadequate", ["overall effectiveness"]), ("adequate", ["capacity to improve"])]),
    ("It was rated satisfactory for its capacity to improve.", [("satisfactory", ["capacity to improve"])]),
    ("Inspectors said the area's leadership and management were good.", [("good", ["leadership"])]),
    ("Ofsted found the service to be inadequate.", [("inadequate", ["overall effectiveness"])]),
    ("Ofsted has today published its report on Cafcass, rating the service 'outstanding'.", [("outstanding", ["overall effectiveness"])]),
    ("Public and private law practice was judged good.", [("good", ["public law", "private law"])]),
    ("Leaders were judged outstanding, while the quality of practice was good.",
     [("outstanding", ["leadership"]), ("good", ["quality of practice"])]),
    ("The service was rated “requires improvement to be good”.", [("requires improvement", ["overall effectiveness"])]),
    ("Overall effectiveness: Outstanding", [("outstanding", ["overall effectiveness"])]),
    ("The impact of leaders on practice with children and families: Good", [("good", ["leadership"])]),
    ("Cafcass retained its ‘outstanding’ rating.", [("outstanding", ["overall effectiveness"])]),
    ("Ofsted has downgraded Cafcass to “requires improvement to be good”.", [("requires improvement", ["overall effectiveness"])]),
    ("The quality of practice in private law cases was outstanding, Ofsted said.", [("outstanding", ["private law"])]),
    ("Ofsted judged the service inadequate for its overall effectiveness, and satisfactory for its capacity to improve.",
     [("inadequate", ["overall effectiveness"]), ("satisfactory", ["capacity to improve"])]),
    ("Overall effectiveness | Outstanding", [("outstanding", ["overall effectiveness"])]),
    ("In May 2024, Cafcass was rated outstanding.", [("outstanding", ["overall effectiveness"])]),
    ("Cafcass, which aims to put children first in everything it does, was rated good.", [("good", ["overall effectiveness"])]),
    ("Cafcass received the highest possible rating, outstanding.", [("outstanding", ["overall effectiveness"])]),
    ("Ofsted has published its report on Cafcass, which is judged to be outstanding.", [("outstanding", ["overall effectiveness"])]),
    ("An Ofsted report in 2018 found the service outstanding.", [("outstanding", ["overall effectiveness"])]),
    ("Ofsted judged leadership to be good and the quality of practice to be outstanding.",
     [("good", ["leadership"]), ("outstanding", ["quality of practice"])]),
    ("Cafcass was rated as requiring improvement.", [("requires improvement", ["overall effectiveness"])]),
    # not grades of a Cafcass inspection
    ("MPs said Cafcass was 'not fit for purpose'.", []),
    ("Should Cafcass be judged “inadequate” the regulator would introduce monitoring visits.", []),
    ("Cafcass services moved from “inadequate” to “outstanding” over the course of a decade.", []),
    ("It developed from an inadequate base in 2009 to one that is now consistently good.", []),
    ("Four out of five service areas were judged inadequate.", []),
    ("Of the service areas inspected, four out of five were rated inadequate.", []),
    ("Ofsted rated the council's children's services inadequate.", []),
    ("Cafcass aims to be rated outstanding at its next inspection.", []),
    ("It may be judged inadequate.", []),
    ("The regulator would introduce monitoring visits if Cafcass were judged inadequate.", []),
    ("Children receive a good service and staff say it is a good place to work.", []),
    ("The majority of reports to court are satisfactory or better.", []),
    ("Cafcass was not rated inadequate.", []),
    ("The scheme was judged to be good practice by inspectors.", []),
    ("Inspectors found that children receive a good service.", []),
    ("HMICA rated Cafcass's work in Sussex as good in 2006.", []),
    ("Previous reports rated Cafcass inadequate in several areas.", []),
    # the constructions the extraction issue names
    ("Ofsted rated the service as satisfactory on safeguarding, leadership and capacity to improve.",
     [("satisfactory", ["capacity to improve", "leadership", "safeguarding"])]),
    ("Its services in the East Midlands and Greater London were both judged inadequate.",
     [("inadequate", ["overall effectiveness"])]),
    ("The service was rated inadequate overall.", [("inadequate", ["overall effectiveness"])]),
    ("Cafcass was given an overall rating of 'good' last year.", [("good", ["overall effectiveness"])]),
    ("Ofsted judged the area to be inadequate in performance management; user engagement; "
     "quality of provision; and overall effectiveness.",
     [("inadequate", ["overall effectiveness", "performance management", "quality of provision",
                      "service user engagement"])]),
    ("The area had held an Ofsted judgement of 'Good' in 2014.", [("good", ["overall effectiveness"])]),
    ("Leadership and management: Outstanding", [("outstanding", ["leadership"])]),
    ("The quality and effectiveness of Cafcass private law practice with Good families",
     [("good", ["private law"])]),
    ("Cafcass was rated outstanding overall and for its leadership, and good for its public law practice.",
     [("outstanding", ["leadership", "overall effectiveness"]), ("good", ["public law"])]),
    ("Inspectors found a satisfactory service in several areas, including safeguarding and workforce development.",
     [("satisfactory", ["safeguarding", "workforce development"])]),
    ("It rated private law practice as 'inadequate' and public law 'adequate'.",
     [("inadequate", ["private law"]), ("adequate", ["public law"])]),
    ("Ofsted has found outstanding leadership at every level of Cafcass.", [("outstanding", ["leadership"])]),
    ("Eight out of ten areas inspected failed, with four rated inadequate.", []),
    ("Care Inspectorate Wales rated Cafcass Cymru as good.", []),
    ("Ofsted rated two children's homes in the county inadequate.", []),
    ("Cafcass is good at identifying risks to children.", []),
    # the pronoun as the object graded
    ("Inspectors have rated it outstanding.", [("outstanding", ["overall effectiveness"])]),
    ("Ofsted judged it to be inadequate.", [("inadequate", ["overall effectiveness"])]),
    # a grade noun and the judgement it is for
    ("Cafcass received a good rating for its leadership.", [("good", ["leadership"])]),
    ("The service was given an inadequate grade for safeguarding.", [("inadequate", ["safeguarding"])]),
    ("Cafcass received a good rating for the second time.", [("good", ["overall effectiveness"])]),
    # a grade followed by the judgements it is for, in a sentence that grades
    ("Its grades were good for overall effectiveness, outstanding for leadership and requires improvement "
     "for public law.", [("good", ["overall effectiveness"]), ("outstanding", ["leadership"]),
                         ("requires improvement", ["public law"])]),
    ("Cafcass was graded good overall, but inadequate for safeguarding.",
     [("good", ["overall effectiveness"]), ("inadequate", ["safeguarding"])]),
    ("The new plan is good for public law, the minister said.", []),
    # the subject before an aside about an earlier grade
    ("The service, previously rated inadequate, is now good.",
     [("inadequate", ["overall effectiveness"]), ("good", ["overall effectiveness"])]),
    # "its" after a clause that grades another body is that body
    ("The council's social care services were judged inadequate, while its services for children in care "
     "were rated adequate.", []),
    ("Cafcass was judged good, while its leadership was rated outstanding.",
     [("good", ["overall effectiveness"]), ("outstanding", ["leadership"])]),
    # "the three judgements" points at the judgements listed after the colon
    ("Cafcass was rated outstanding across all three judgements: private law, public law and the impact of "
     "leaders.", [("outstanding", ["leadership", "private law", "public law"])]),
    ("Inspectors rated Cafcass outstanding for overall effectiveness and for each of the three judgements: the "
     "experiences and progress of children in private law, in public law, and the impact of leaders.",
     [("outstanding", ["leadership", "overall effectiveness", "private law", "public law"])]),
    ("Cafcass's outstanding rating across all judgements marks an improvement.", [("outstanding", ["overall effectiveness"])]),
    ("Cafcass was judged outstanding in each of the three areas inspected: private law, public law and leadership.",
     [("outstanding", ["leadership", "private law", "public law"])]),
    ("Ofsted judged Cafcass inadequate in each of the five areas it inspected.", []),
    # the scale itself
    ("Inspections result in graded judgements of outstanding, good, requires improvement or inadequate.", []),
    # a grade as the measure of a comparison
    ("No area was rated below good.", []),
    ("Performance fell below the level of good in two areas.", []),
    ("Cafcass was rated better than good.", []),
])
def test_grades(sentence, expected):
    assert construe(sentence) == [(r, sorted(n)) for r, n in expected]


def test_explain_names_the_rule_or_the_veto():
    assert explain("Cafcass was rated outstanding.")[0][1:3] == ("grading verb", None)
    assert explain("Should Cafcass be judged inadequate, monitoring visits follow.")[0][2] == "hypothetical"
    assert explain("Four of the five areas were judged inadequate.")[0][2] == "an aggregate"


def test_all_three_areas_are_the_ones_listed():
    listed = "The inspection assessed private law practice, public law practice and the impact of leaders on practice."
    judged = "In all three areas, practice and leadership were judged to be outstanding."
    assert construe(listed, judged) == [("outstanding", ["leadership", "private law", "public law"])]
    # ... or listed after it
    assert construe("Ofsted judged all three areas of its work to be outstanding. " + listed[:-1] + ".")[0][1] == [
        "leadership", "private law", "public law"]


@pytest.mark.parametrize("text,expected", [
    ("The inspection, which took place between 22 January and 16 February 2024, found it outstanding.",
     ("2024-01-22", "2024-02-16")),
    ("The focused visit took place between 19 and 23 September 2022.", ("2022-09-19", "2022-09-23")),
    ("The focused visit took place between 19-23 September 2022.", ("2022-09-19", "2022-09-23")),
    ("Ofsted inspected Cafcass from 22 January to 16 February 2024.", ("2024-01-22", "2024-02-16")),
    ("Ofsted made a focused visit to Cafcass from 10 to 14 October 2022.", ("2022-10-10", "2022-10-14")),
    ("The inspection (22 January to 16 February 2024) found it outstanding.", ("2024-01-22", "2024-02-16")),
    ("Cafcass has been inspected by Ofsted from 2007.", None),
    ("It was the first time Ofsted had visited Cafcass since the start of the pandemic in March 2020.", None),
    ("Ofsted has published its inspection of Cafcass East of England, carried out between 14 and 25 September 2009.",
     ("2009-09-14", "2009-09-25")),
    ("It follows an unannounced inspection in November 2010.", ("2010-11", "2010-11")),
    ("Ofsted carried out the inspection in the week commencing 7 December 2009.", ("2009-12-07", "2009-12")),
    ("Inspection dates: 2 February 2018 - 2 March 2018", ("2018-02-02", "2018-03-02")),
    ("Cafcass has been rated good since its inspection in 2014.", None),
    # month first, as American outlets and some press releases write dates
    ("The inspection, which took place between January 22 and February 16, 2024, found it outstanding.",
     ("2024-01-22", "2024-02-16")),
    ("The focused visit took place September 19-23, 2022.", ("2022-09-19", "2022-09-23")),
    ("Ofsted carried out the inspection in the week commencing December 7, 2009.", ("2009-12-07", "2009-12")),
    ("Inspection dates: February 2, 2018 - March 2, 2018", ("2018-02-02", "2018-03-02")),
])
def test_fieldwork_dates(text, expected):
    assert fieldwork(text) == expected


def test_mentions_look_back_ahead_and_at_others():
    m = mentions("It marked an improvement since its previous full inspection in 2018.")[0]
    assert (m.year, m.kind, m.prior, m.compare) == (2018, "full inspection", True, True)
    m = mentions("Cafcass improved from the high baseline set by its 2018 inspection.")[0]
    assert (m.year, m.compare) == (2018, True)
    assert mentions("Cafcass will be inspected every three years.")[0].future
    m = mentions("Cafcass was rated good in its first inspection as a national organisation in 2014.")[0]
    assert (m.ordinal, m.national, m.year) == (1, True, 2014)
    assert mentions("Ofsted rated the council inadequate after an inspection in July 2024.") == []
    assert mentions("Ofsted published the first framework for the inspection of Cafcass.") == []


@pytest.mark.parametrize("sentence,kind", [
    ("However, inspectors did note “significant variation” in the quality of assessments.", "weakness"),
    ("However, the report praised the commitment of staff.", "strength"),  # a turn to a strength
    ("However, managers did not have an accurate picture of practice.", "weakness"),
    ("However, the report warned that improvements could be made to the final letters.", "recommendation"),
    ("Within three months, Ofsted added, the area should ensure that partnership working is effective.", "recommendation"),
    ("Inspectors praised the “exceptional” leadership.", "strength"),
    ("Ofsted found that staff caseloads were too high.", "weakness"),
    ("The report states that the longstanding backlog of work has been eradicated.", "strength"),
    ("When plans are not appropriate, guardians challenge local authorities in an effective way.", "strength"),
    ("Front line work is inadequate and needs to improve urgently.", "weakness"),
    ("Leaders work relentlessly to ensure that children are heard.", "strength"),
    # a strength's word denied, a failing said without a cue word, an instruction to someone
    ("Inspectors noted that managers do not use performance data effectively.", "weakness"),
    ("Inspectors found that children were rarely seen before the first hearing.", "weakness"),
    ("Ofsted told the organisation to cut delays in allocating cases.", "recommendation"),
    ("The inspectorate called on Cafcass to improve the quality of supervision.", "recommendation"),
    ("Inspectors told the BBC that the work was effective.", "strength"),
    ("Inspectors said that managers understand the strengths and weaknesses of practice.", "strength"),
])
def test_finding_kinds(sentence, kind):
    assert cue_kind(sentence) == kind


def test_sentences_keep_offsets_quotes_and_abbreviations():
    text = "Mr. Smith said it was good. “It is. Truly,” she said. Dr Jones agreed.Key points followed."
    r = Reading({"id": "a", "published": None}, [{"id": "a-1", "article_id": "a", "seq": 1, "kind": "paragraph",
                                                   "text": text}])
    got = [s.text for s in r.sentences]
    assert got == ["Mr. Smith said it was good.", "“It is. Truly,” she said.", "Dr Jones agreed.", "Key points followed."]
    assert all(text[s.start:s.end] == s.text for s in r.sentences)


def facts(tmp_path, files):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    build(folder, tmp_path / "x.db")
    conn = sqlite3.connect(tmp_path / "x.db")
    conn.row_factory = sqlite3.Row
    try:
        return ({r["id"]: dict(r) for r in conn.execute("select * from inspections")},
                [dict(r) for r in conn.execute("select * from judgements")])
    finally:
        conn.close()


def test_an_ordinal_dated_by_another_article_merges(tmp_path):
    inspections, judgements = facts(tmp_path, {
        "a.txt": "Cafcass rated good\n\nCafcass has been rated good overall in its first national inspection by Ofsted.\n",
        "b.txt": "Looking back\n\nCafcass was rated good in its first inspection as a national organisation in 2015.\n",
    })
    assert list(inspections) == ["national-2015"]
    assert [(j["judgement"], j["rating"], j["evidence_count"]) for j in judgements] == [
        ("overall effectiveness", "good", 2)]


def test_an_undated_area_takes_the_areas_only_date(tmp_path):
    inspections, _ = facts(tmp_path, {
        "a.txt": "Cafcass Kent judged inadequate\n\nOfsted has judged Cafcass's Kent service area inadequate.\n",
        "b.txt": "Kent news\n\nCafcass's Kent service area, inspected in May 2009, was rated inadequate by Ofsted.\n",
    })
    assert list(inspections) == ["kent-2009"]


def test_an_undated_inspection_keeps_year_null(tmp_path):
    inspections, _ = facts(tmp_path, {
        "a.txt": "Cafcass Sussex judged good\n\nOfsted has judged Cafcass's Sussex service area good.\n"})
    assert [(i["area"], i["year"], i["framework"]) for i in inspections.values()] == [
        ("Sussex", None, "service-area inspections")]


def test_a_county_or_city_stands_for_its_service_area(tmp_path):
    # vocab/areas.csv: a county or city (kind "county") is read as the service area it lies in,
    # unless the sentence names a service area itself.
    inspections, _ = facts(tmp_path, {
        "a.txt": "Cafcass in Plymouth judged inadequate\n\nOfsted has judged the Cafcass service in "
                 "Plymouth inadequate after an inspection in March 2009.\n",
        "b.txt": "Cafcass South West judged good\n\nCafcass's South West service area has been judged good "
                 "by Ofsted following an inspection in 2011 of its work with families in Devon and Somerset.\n"})
    assert sorted((i["area"], i["year"]) for i in inspections.values()) == [
        ("South West", 2009), ("South West", 2011)]


def test_an_area_article_grades_another_area_it_names(tmp_path):
    # in an article about Cafcass's areas a service area's name alone is one of them, and
    # ", inspected ..." after it is its inspection
    inspections, judgements = facts(tmp_path, {
        "a.txt": "Two Cafcass areas inspected\n\nDate: 14 January 2011\n\nCafcass's Lancashire and Cumbria "
                 "service has been rated good by Ofsted following an inspection in November 2010.\n\n"
                 "But Greater Manchester, inspected between 29 November and 10 December 2010, was rated "
                 "inadequate overall.\n"})
    assert sorted((j["inspection_id"], j["rating"]) for j in judgements) == [
        ("greater-manchester-2010", "inadequate"), ("lancashire-and-cumbria-2010", "good")]
    assert inspections["greater-manchester-2010"]["fieldwork_start"] == "2010-11-29"


def test_inspectors_who_visited_date_the_articles_inspection(tmp_path):
    inspections, judgements = facts(tmp_path, {
        "a.txt": "Ofsted finds weaknesses in Cafcass Sussex\n\nDate: 12 January 2010\n\nFamily court advisers in "
                 "Sussex are failing children, according to a report by Ofsted.\n\nInspectors, who visited the "
                 "Sussex service area in November 2009, rated its overall effectiveness as inadequate. Safeguarding "
                 "was judged satisfactory.\n"})
    assert list(inspections) == ["sussex-2009"]
    assert inspections["sussex-2009"]["fieldwork_start"] == "2009-11"
    assert sorted((j["judgement"], j["rating"]) for j in judgements) == [
        ("overall effectiveness", "inadequate"), ("safeguarding", "satisfactory")]


def test_each_clause_of_a_sentence_keeps_its_own_year_and_area(tmp_path):
    _, judgements = facts(tmp_path, {
        "a.txt": "Cafcass areas judged\n\nDate: 3 March 2011\n\nIn 2009 Ofsted judged the Cafcass service in the "
                 "East Midlands inadequate, and in 2010 Greater London was also rated inadequate.\n"})
    assert sorted((j["inspection_id"], j["rating"]) for j in judgements) == [
        ("east-midlands-2009", "inadequate"), ("greater-london-2010", "inadequate")]


def test_a_clause_naming_no_area_takes_the_area_of_the_clause_before(tmp_path):
    inspections, judgements = facts(tmp_path, {
        "a.txt": "Cafcass areas inspected\n\nDate: 3 March 2010\n\nOfsted has today published its reports on the "
                 "Cafcass service areas of North and South of Tyne and Cumbria.\n\nNorth and South of Tyne was judged "
                 "good overall.\n\nThe Cumbria service area was judged satisfactory, although inspectors said its "
                 "capacity to improve was good.\n"})
    assert {(inspections[j["inspection_id"]]["area"], j["judgement"], j["rating"]) for j in judgements} == {
        ("North and South of Tyne", "overall effectiveness", "good"), ("Cumbria", "overall effectiveness", "satisfactory"),
        ("Cumbria", "capacity to improve", "good")}


def test_an_undated_area_inspection_set_after_a_year_is_not_that_years(tmp_path):
    inspections, judgements = facts(tmp_path, {
        "a.txt": "Cafcass areas\n\nDate: 3 November 2010\n\nOfsted has published its report on Cafcass's Thames "
                 "Valley service area, which was judged satisfactory overall.\n\nThe previous inspection of the "
                 "Thames Valley area, in 2009, had found it inadequate.\n"})
    assert [(j["inspection_id"], j["rating"]) for j in judgements if j["rating"] == "satisfactory"] == [
        ("thames-valley-undated", "satisfactory")]


def test_an_area_named_with_the_before_its_second_part(tmp_path):
    inspections, _ = facts(tmp_path, {
        "a.txt": "Cafcass judged good\n\nOfsted has judged the Cafcass service in Hampshire and the Isle of Wight "
                 "good after an inspection in May 2010.\n"})
    assert [(i["area"], i["year"]) for i in inspections.values()] == [("Hampshire and Isle of Wight", 2010)]


def test_the_inspectorate_named_in_full_is_not_a_graded_body(tmp_path):
    # "Children's Services" inside Ofsted's full name is not a council's children's services
    inspections, _ = facts(tmp_path, {
        "a.txt": "Report on the court advisers\n\nThe Office for Standards in Education, Children's Services and "
                 "Skills (Ofsted) has published its report of the full inspection of Cafcass, which took place "
                 "earlier this year.\n"})
    assert [(i["scope"], i["kind"]) for i in inspections.values()] == [("national", "full inspection")]


def test_each_grade_takes_the_year_nearest_it(tmp_path):
    _, judgements = facts(tmp_path, {
        "a.txt": "Cafcass rated outstanding again\n\nCafcass was judged outstanding by Ofsted in 2018, having "
                 "been rated good in 2014.\n"})
    assert sorted((j["inspection_id"], j["rating"]) for j in judgements) == [
        ("national-2014", "good"), ("national-2018", "outstanding")]


def test_the_same_verbs_next_grade_overall_or_of_another_year(tmp_path):
    _, judgements = facts(tmp_path, {
        "a.txt": "Cafcass improves\n\nOfsted rated Cafcass good in 2014 and outstanding in 2018.\n",
        "b.txt": "Cafcass Kent in 2011\n\nIn 2011, Cafcass's Kent service area was rated good for leadership and "
                 "outstanding overall by Ofsted.\n"})
    assert sorted((j["inspection_id"], j["judgement"], j["rating"]) for j in judgements) == [
        ("kent-2011", "leadership", "good"), ("kent-2011", "overall effectiveness", "outstanding"),
        ("national-2014", "overall effectiveness", "good"), ("national-2018", "overall effectiveness", "outstanding")]


def test_months_without_a_year_take_the_articles(tmp_path):
    inspections, _ = facts(tmp_path, {
        "a.txt": "Cafcass rated outstanding\n\nDate: 14 June 2018\n\nOfsted has rated Cafcass outstanding after "
                 "an inspection in February and March.\n"})
    assert [(i["id"], i["fieldwork_start"], i["fieldwork_end"]) for i in inspections.values()] == [
        ("national-2018", "2018-02", "2018-03")]


def test_as_was_gives_the_same_grade_to_another_judgement(tmp_path):
    _, judgements = facts(tmp_path, {
        "a.txt": "Cafcass Kent judged\n\nIn its 2011 inspection of Cafcass's Kent service area, Ofsted rated "
                 "private law practice inadequate, as were complaints handling and safeguarding.\n"})
    assert sorted((j["judgement"], j["rating"]) for j in judgements) == [
        ("complaints handling", "inadequate"), ("private law", "inadequate"), ("safeguarding", "inadequate")]


def test_a_grade_before_national_inspections_is_not_national(tmp_path):
    inspections, _ = facts(tmp_path, {
        "a.txt": "Cafcass now good\n\nCafcass has been rated good by Ofsted in its first national inspection, "
                 "having been rated inadequate in 2009.\n"})
    assert [i["year"] for i in inspections.values()] == [None]


def test_visits_and_other_bodies(tmp_path):
    assert mentions("The minister visited Cafcass's office in 2019.") == []
    assert mentions("Ofsted's inspection of Leeds City Council in 2019 found weaknesses.") == []
    assert mentions("Inspectors visited Cafcass teams in March 2023.")[0].year == 2023


def test_rated_since_a_year_dates_the_grade(tmp_path):
    inspections, judgements = facts(tmp_path, {
        "a.txt": "Inspecting Cafcass\n\nDate: 25 May 2021\n\nCafcass has been rated outstanding since 2018, "
                 "and the regulator launched a new framework in April.\n"})
    assert list(inspections) == ["national-2018"]
    assert [(j["judgement"], j["rating"]) for j in judgements] == [("overall effectiveness", "outstanding")]


def test_since_a_year_further_on_is_another_phrases(tmp_path):
    inspections, _ = facts(tmp_path, {
        "a.txt": "Cafcass area inadequate\n\nDate: 3 March 2010\n\nOfsted has today judged the Cafcass service in "
                 "Bedfordshire to be inadequate, the fourth area to receive the lowest grade since 2009.\n"})
    assert list(inspections) == ["bedfordshire-2010"]


def test_a_grade_of_the_same_verb_with_its_own_year_after_an_inspection_named_with_another(tmp_path):
    _, judgements = facts(tmp_path, {
        "a.txt": "Cafcass history\n\nDate: 3 March 2024\n\nCafcass was first rated good in its first national "
                 "inspection in 2014 and outstanding in 2018.\n"})
    assert sorted((j["inspection_id"], j["rating"]) for j in judgements) == [
        ("national-2014", "good"), ("national-2018", "outstanding")]


def test_a_more_exact_date_later_refines_the_openings(tmp_path):
    inspections, _ = facts(tmp_path, {
        "a.txt": "Cafcass visit\n\nDate: 2 November 2021\n\nOfsted has published its report on a focused visit to "
                 "Cafcass in October 2021.\n\nInspectors visited the service between 5 and 7 October 2021.\n"})
    assert [(i["fieldwork_start"], i["fieldwork_end"]) for i in inspections.values()] == [("2021-10-05", "2021-10-07")]


def test_a_sum_of_areas_before_2013_is_no_inspection(tmp_path):
    inspections, judgements = facts(tmp_path, {
        "a.txt": "Cafcass criticised\n\nDate: 24 NOV 2009\n\nCafcass has been rated inadequate in four of the "
                 "five areas inspected by Ofsted this year, the watchdog has found.\n"})
    assert inspections == {} and judgements == []


def test_an_html_table_of_grades(tmp_path):
    inspections, judgements = facts(tmp_path, {"a.html": (
        "<html><head><meta name='date' content='2024-04-04'></head><body><article>"
        "<h1>Cafcass inspection report</h1><p>Ofsted has today published the report of its inspection of Cafcass.</p>"
        "<table><tr><th>Judgement</th><th>Grade</th></tr>"
        "<tr><td>Overall effectiveness</td><td>Outstanding</td></tr>"
        "<tr><td>The impact of leaders on practice with children and families</td><td>Good</td></tr></table>"
        "<p>Fieldwork took place from 22 January to 16 February 2024.</p></article></body></html>")})
    assert [(i["year"], i["published"], i["fieldwork_start"]) for i in inspections.values()] == [
        (2024, "2024-04-04", "2024-01-22")]
    assert {(j["judgement"], j["rating"]) for j in judgements} == {
        ("overall effectiveness", "outstanding"), ("leadership", "good")}


def findings_of(tmp_path, text):
    """{(inspection_id, kind, text)} of the findings of a one-article folder."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(text, encoding="utf-8")
    build(folder, tmp_path / "x.db")
    conn = sqlite3.connect(tmp_path / "x.db")
    try:
        return set(conn.execute("select inspection_id, kind, text from findings"))
    finally:
        conn.close()


def test_lists_under_headings_are_findings(tmp_path):
    got = findings_of(tmp_path,
        "Cafcass rated good by Ofsted\n\nOfsted has rated Cafcass good following an inspection in May 2015.\n\n"
        "KEY FINDINGS\n\n- Children are seen quickly\n- Some records are not kept up to date\n\n"
        "AREAS FOR DEVELOPMENT\n\n- Reduce the variation between local teams\n")
    assert got == {("national-2015", "strength", "Children are seen quickly"),
                   ("national-2015", "weakness", "Some records are not kept up to date"),
                   ("national-2015", "recommendation", "Reduce the variation between local teams")}


def test_what_the_inspectorate_wants_or_calls_on_cafcass_to_do_is_a_recommendation(tmp_path):
    got = findings_of(tmp_path,
        "Cafcass rated good\n\nOfsted has rated Cafcass good following an inspection in May 2015.\n\n"
        "Inspectors want Cafcass to make better use of its data.\n\n"
        "The inspectorate called on Cafcass to strengthen oversight of public law cases.\n")
    assert got == {("national-2015", "recommendation", "Inspectors want Cafcass to make better use of its data."),
                   ("national-2015", "recommendation",
                    "The inspectorate called on Cafcass to strengthen oversight of public law cases.")}


def test_what_others_say_about_the_report_is_not_a_finding(tmp_path):
    got = findings_of(tmp_path,
        "Cafcass rated good\n\nOfsted has rated Cafcass good following an inspection in May 2015.\n\n"
        "Nina Patel, who heads Cafcass, said the report showed the service had turned a corner.\n\n"
        "Sam Reid MP welcomed the report but said the government must fund the service properly.\n\n"
        "Inspectors said the report showed that staff were committed.\n")
    assert got == {("national-2015", "strength", "Inspectors said the report showed that staff were committed.")}


def test_a_line_that_only_introduces_the_inspectorates_quotation_is_not_a_finding(tmp_path):
    got = findings_of(tmp_path,
        "Cafcass rated good\n\nOfsted has rated Cafcass good following an inspection in May 2015.\n\n"
        "Sam Reid, Ofsted's national director for social care, said:\n\n"
        "\"Cafcass is providing a good service to children.\"\n\n"
        "Children are seen quickly, Ofsted has found.\n")
    assert {text for _, _, text in got} == {"\"Cafcass is providing a good service to children.\"",
                                            "Children are seen quickly, Ofsted has found."}


@pytest.mark.parametrize("sentence,ordinal", [
    ("Cafcass was rated good in its first national inspection by Ofsted.", 1),
    ("Cafcass was rated good in its first inspection since becoming a national organisation.", 1),
    ("Cafcass was rated outstanding in its first inspection under the new framework.", None),
    ("It was its second successive national inspection to find it outstanding.", None),
])
def test_ordinals_identify_national_inspections_only(sentence, ordinal):
    assert mentions(sentence)[0].ordinal == ordinal


def test_visits_are_not_graded(tmp_path):
    inspections, judgements = facts(tmp_path, {
        "a.txt": "Ofsted monitors Cafcass\n\nOfsted has published the findings of its monitoring visit to Cafcass "
                 "in June 2027, following the inadequate judgement.\n"})
    assert [(i["kind"], i["year"], i["overall_rating"]) for i in inspections.values()] == [("monitoring visit", 2027, None)]
    assert judgements == []


@pytest.mark.parametrize("dateline,news,year", [
    ("Date: 20 June 2018", "Ofsted has today published a report rating Cafcass outstanding.", 2018),
    ("Date: 20 June 2018", "Ofsted has rated Cafcass outstanding following a full inspection earlier this year.", 2018),
    ("Date: 20 January 2018", "Ofsted has rated Cafcass outstanding, in a report published last year.", 2017),
    ("Date: 20 June 2018", "Ofsted has rated Cafcass outstanding.", None),
    ("", "Ofsted has today published a report rating Cafcass outstanding.", None),
])
def test_only_the_text_and_the_articles_own_date_date_news(tmp_path, dateline, news, year):
    inspections, _ = facts(tmp_path, {"a.txt": f"Cafcass outstanding\n\n{dateline}\n\n{news}\n"})
    assert [i["year"] for i in inspections.values()] == [year]


def test_each_area_takes_its_own_grade(tmp_path):
    inspections, _ = facts(tmp_path, {
        "a.txt": "Two more Cafcass areas inspected\n\nOfsted has published reports on two more Cafcass service areas. "
                 "Cafcass Avon, Somerset and Wiltshire was rated good, while Cafcass Cheshire and Merseyside "
                 "was judged inadequate.\n"})
    assert {(i["area"], i["overall_rating"]) for i in inspections.values()} == {
        ("Avon, Somerset and Wiltshire", "good"), ("Cheshire and Merseyside", "inadequate")}


def test_a_grade_before_ofsted_is_another_inspectorates(tmp_path):
    inspections, _ = facts(tmp_path, {
        "a.txt": "Cafcass Dorset report\n\nOfsted has judged Cafcass's Dorset service area good. It was previously "
                 "inspected in 2006, when the court inspectorate found it weak.\n"})
    assert [(i["area"], i["year"]) for i in inspections.values()] == [("Dorset", None)]


@pytest.mark.parametrize("sentence", [
    "The service, previously rated inadequate, is now rated good.",
    "The service, which had previously been rated inadequate, was judged good.",
    "Once rated inadequate, the service is now rated good.",
])
def test_a_grade_said_of_an_earlier_time_is_the_previous_inspections(tmp_path, sentence):
    inspections, judgements = facts(tmp_path, {
        "a.txt": f"Cafcass Norfolk report\n\nDate: 3 March 2011\n\nOfsted has today published its inspection "
                 f"of Cafcass Norfolk. {sentence}\n"})
    assert sorted((j["inspection_id"], j["rating"]) for j in judgements) == [
        ("norfolk-2011", "good"), ("norfolk-undated-previous", "inadequate")]


def test_a_previous_rating_and_a_grade_some_years_ago_are_earlier_inspections(tmp_path):
    _, judgements = facts(tmp_path, {
        "a.txt": "Cafcass outstanding\n\nDate: 20 June 2018\n\nOfsted has today rated Cafcass outstanding.\n\n"
                 "This is an improvement on its previous rating of good.\n\nFour years ago it was rated good.\n"})
    assert sorted((j["inspection_id"], j["rating"]) for j in judgements) == [
        ("national-2014", "good"), ("national-2018", "outstanding"), ("national-undated-previous", "good")]


def test_journey_of_one_area(tmp_path):
    inspections, judgements = facts(tmp_path, {
        "a.txt": "Cafcass Norfolk turns round\n\nOfsted's latest inspection of Cafcass Norfolk found that new "
                 "managers had lifted the service from inadequate to good.\n"})
    assert sorted((i, j["rating"]) for i in inspections for j in judgements if j["inspection_id"] == i) == [
        ("norfolk-undated", "good"), ("norfolk-undated-previous", "inadequate")]


def test_another_inspectorates_report_is_not_ofsteds(tmp_path):
    inspections, judgements = facts(tmp_path, {
        "a.txt": "Report on Cafcass Cymru\n\nDate: 3 June 2019\n\nCare Inspectorate Wales has published a report on "
                 "Cafcass Cymru, the Welsh service.\n\nThe inspection found that children were seen promptly.\n"})
    assert inspections == {} and judgements == []


def test_a_first_inspection_published_today_takes_the_articles_year(tmp_path):
    inspections, _ = facts(tmp_path, {
        "a.txt": "Cafcass good\n\nDate: 3 March 2014\n\nOfsted has today published its report on Cafcass's first "
                 "national inspection, which rates the organisation good.\n"})
    assert list(inspections) == ["national-2014"]


def test_cafcass_by_its_full_name(tmp_path):
    inspections, _ = facts(tmp_path, {
        "a.txt": "Family court service outstanding\n\nDate: 20 June 2018\n\nThe Children and Family Court Advisory "
                 "and Support Service has been rated outstanding by Ofsted in a report published today.\n"})
    assert [(i["year"], i["overall_rating"]) for i in inspections.values()] == [(2018, "outstanding")]


def links(tmp_path):
    conn = sqlite3.connect(tmp_path / "x.db")
    try:
        return sorted(conn.execute("select article_id, inspection_id from inspection_articles"))
    finally:
        conn.close()


STATEMENT = ("Jane Harrow, chief executive of Cafcass, said of the inspection: “This report reflects years of "
             "steady work by our staff for the children we represent in court, and we will build on it.”")


@pytest.mark.parametrize("quote, others, expected", [
    # the same statement, word for word (a full stop more or less), about a dated inspection elsewhere
    (STATEMENT, {"a.txt": 2016}, [("a", "national-2016"), ("b", "national-2016")]),
    (STATEMENT.replace("it.”", "it”").replace("’", "'"), {"a.txt": 2016},
     [("a", "national-2016"), ("b", "national-2016")]),
    # a line a spokesperson may say again is not one statement
    ("Jane Harrow, chief executive of Cafcass, said of the inspection: “This report reflects years of steady work "
     "by our staff.”", {"a.txt": 2016}, [("a", "national-2016"), ("b", "national-undated")]),
    # the articles that print it disagree on the year: none is taken
    (STATEMENT, {"a.txt": 2016, "c.txt": 2019},
     [("a", "national-2016"), ("b", "national-undated"), ("c", "national-2019")]),
], ids=["the same words", "without its full stop", "a shorter line", "two years"])
def test_an_undated_inspection_takes_the_year_its_statements_are_about_elsewhere(tmp_path, quote, others, expected):
    files = {name: f"Cafcass rated good\n\nOfsted has rated Cafcass good in its national inspection in March {year}.\n\n"
                   f"{STATEMENT}\n" for name, year in others.items()}
    files["b.txt"] = f"Cafcass praised\n\nOfsted has rated Cafcass good.\n\n{quote}\n"
    facts(tmp_path, files)
    assert links(tmp_path) == expected
