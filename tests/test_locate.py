"""Finding facts' words in passage text, and marking them up safely."""
from markupsafe import Markup
from bs4 import BeautifulSoup

from datasette_cafcass import locate
from datasette_cafcass.highlight import Highlight, mark_up, markers, snippet_html


def spanned(text, span):
    return text[span[0]:span[1]] if span else None


def test_find_text_tolerates_quote_styles_case_and_white_space():
    text = "Ofsted said the service was ‘not fit for  purpose’ in 2010."
    assert spanned(text, locate.find_text(text, "'Not fit for purpose'")) == "not fit for  purpose"


def test_find_text_finds_the_part_of_a_long_quote_in_this_passage():
    text = "“We are still developing our new way of working, and that takes time.”"
    quote = "We are still developing our new way of working, and that takes time. The next paragraph goes on."
    assert spanned(text, locate.find_text(text, quote)).startswith("We are still developing")
    assert locate.find_text(text, "something else entirely said here") is None


def test_judgement_span_picks_the_rating_word_nearest_its_judgement():
    text = ("The service was judged good overall. Leadership was outstanding, "
            "private law work was good and public law work was outstanding.")
    evidence = "Leadership was outstanding, private law work was good and public law work was outstanding."
    facts = {
        "leadership": ("outstanding", 37),
        "private law": ("good", None),
        "public law": ("outstanding", None),
    }
    taken = set()
    for judgement, (rating, _) in facts.items():
        span = locate.judgement_span(text, {"judgement": judgement, "rating": rating, "evidence": evidence}, taken)
        taken.add(span)
        assert spanned(text, span) == rating
        # the word found is the one closest to the judgement's own name
        name_at = text.lower().index(judgement, text.index("Leadership") if judgement != "leadership" else 0)
        others = [m for m in locate.find_words(text, rating, text.index("Leadership")) if m != span]
        assert all(abs(span[0] - name_at) <= abs(o[0] - name_at) for o in others)
    assert len(taken) == 3


def test_judgement_span_without_the_rating_word_marks_the_evidence():
    text = "Inspectors rated it as needing to improve. Other text."
    span = locate.judgement_span(text, {"judgement": "overall effectiveness", "rating": "requires improvement",
                                         "evidence": "Inspectors rated it as needing to improve."})
    assert spanned(text, span) == "Inspectors rated it as needing to improve."


def test_figure_span_reads_numbers_as_articles_write_them():
    text = ("Sickness cost fell from £3.3m in 2009/10 to £1.8 million, for the 140,000 children; "
            "54% were in favour and 34 per cent against, across seventeen service areas (c143,000 cases, A4 paper).")
    cases = [(3300000, "GBP", "sickness", "£3.3m"), (1800000, "GBP", "sickness", "£1.8 million"),
             (140000, "count", "children", "140,000"), (54, "percent", "favour", "54%"),
             (34, "percent", "against", "34 per cent"), (17, "count", "service areas", "seventeen"),
             (143000, "count", "cases", "143,000")]
    for value, unit, label, written in cases:
        assert spanned(text, locate.figure_span(text, {"value": value, "unit": unit, "label": label})) == written
    assert locate.figure_span(text, {"value": 999, "unit": "count", "label": "x"}) is None
    assert locate.figure_span(text, {"value": 4, "unit": "count", "label": "paper"}) is None  # not inside A4


def test_figure_span_prefers_a_literal_the_extraction_kept():
    text = "There were 33 offices and 33 local authorities."
    span = locate.figure_span(text, {"value": 33, "label": "local authorities", "literal": "33 local authorities"})
    assert spanned(text, span) == "33 local authorities"
    span = locate.figure_span(text, {"value": 33, "label": "local authorities"})
    assert span[0] == text.index("33 local") and spanned(text, span) == "33"


def test_event_span_finds_the_most_precise_writing_of_the_date():
    text = "Published on 25 May 2021, after fieldwork in January 2021 and a report in 2018."
    assert spanned(text, locate.event_span(text, {"date": "2021-05-25"})) == "25 May 2021"
    assert spanned(text, locate.event_span(text, {"date": "2021-01"})) == "January 2021"
    assert spanned(text, locate.event_span(text, {"date": "2018"})) == "2018"
    assert spanned(text, locate.event_span(text, {"date": "1999", "description": "fieldwork"})) == "fieldwork"
    text = "The inspection took place between 22 January and 16 February 2024, and reported in March."
    period = {"date": "2024-01-22", "date_end": "2024-02-16"}
    assert spanned(text, locate.event_span(text, period)) == "22 January and 16 February 2024"
    assert spanned(text, locate.event_span(text, {"date": "2024-01-22"})) == "22 January"
    assert spanned(text, locate.event_span(text, {"date": "2024-03"})) == "March"
    text = "Inspectors may return in April; in March this year it announced a change."
    assert spanned(text, locate.event_span(text, {"date": "2021-03", "description": "x"})) == "March"
    assert spanned(text, locate.event_span(text, {"date": "2021-05", "description": "announced"})) == "announced"


def test_mark_up_escapes_text_and_never_nests_links():
    text = 'He said: "<script>alert(1)</script> cost £3.3m" & more'
    fig = text.index("£3.3m")
    quote = Highlight(text.index('"') + 1, text.rindex('"'), "quote", "quotes:1", "/q/1", "quote <b>1</b>")
    figure = Highlight(fig, fig + 5, "figure", "figures:1", "/f/1", "3300000 GBP")
    same = Highlight(fig, fig + 5, "figure", "figures:2", "/f/2", "a duplicate")
    html, linked = mark_up(text, [quote, figure, same])
    assert isinstance(html, Markup)
    assert linked == {"quotes:1", "figures:1", "figures:2"}
    soup = BeautifulSoup(str(html), "html.parser")
    assert soup.find("script") is None and "<script>" in soup.get_text()
    assert soup.get_text() == text.replace("£3.3m", "£3.3m2")  # the text, whole, plus the extra link
    for a in soup.find_all("a"):
        assert a.find("a") is None
    assert {a["href"] for a in soup.find_all("a")} == {"/q/1", "/f/1", "/f/2"}
    figure_mark = soup.find("mark", attrs={"data-fact": "figures:1"})
    assert figure_mark.a.get_text() == "£3.3m" and "in-quote" in figure_mark["class"]


def test_snippet_markers_become_marks_only_after_escaping():
    open_, close = markers()
    html = snippet_html(f"<b>x</b> {open_}word{close} &", open_, close)
    assert str(html) == "&lt;b&gt;x&lt;/b&gt; <mark>word</mark> &amp;"
    assert markers() != (open_, close)
