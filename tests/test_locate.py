"""Finding facts' words in passage text, and marking them up safely."""
from markupsafe import Markup
from bs4 import BeautifulSoup

from datasette_cafcass.serving import locate
from datasette_cafcass.serving.highlight import Highlight, mark_up, markers, snippet_html


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


from html.parser import HTMLParser  # noqa: E402

from hypothesis import given, settings, strategies as st  # noqa: E402


@st.composite
def text_and_highlights(draw):
    text = draw(st.text(alphabet=st.sampled_from(list("ab <>&\"'£3.\n“”")), max_size=60))
    spans = draw(st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, len(text))), max_size=6))
    kinds = ["grade", "quote", "figure", "date"]
    highlights = [Highlight(min(a, b), max(a, b), kinds[i % 4], f"t:{i}", f"/t/{i}?a=1&b=<x>", f"<t{i}>")
                  for i, (a, b) in enumerate(spans)]
    return text, highlights


class _Text(HTMLParser):
    """The text of HTML, every character kept (BeautifulSoup folds runs of
    white space), leaving out our extra links (a.also)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if self.skip or (tag == "a" and ("class", "also") in attrs):
            self.skip += 1

    def handle_endtag(self, tag):
        if self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def text_of(html):
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


@settings(max_examples=300, deadline=None)
@given(text_and_highlights())
def test_mark_up_keeps_the_text_and_makes_only_our_tags(case):
    text, highlights = case
    html, linked = mark_up(text, highlights)
    assert text_of(str(html)) == text
    soup = BeautifulSoup(str(html), "html.parser")
    assert {t.name for t in soup.find_all(True)} <= {"mark", "a", "sup"}
    assert all(a.find("a") is None for a in soup.find_all("a"))
    placeable = {h.key for h in highlights if h.start < h.end}
    assert linked <= placeable
    # a fact is left without a link (the reader then shows it as a badge) only
    # when shorter ones cover every character of it
    for h in highlights:
        if h.start < h.end and h.key not in linked:
            for i in range(h.start, h.end):
                assert any(o.start <= i < o.end and (o.end - o.start) <= (h.end - h.start)
                           for o in highlights if o is not h)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80), st.text(max_size=30), st.floats(allow_nan=False, allow_infinity=False))
def test_locators_return_spans_inside_the_text_or_none(text, words, number):
    facts = {"judgement": words, "rating": words, "evidence": words, "text": words, "label": words,
             "value": number, "date": words, "date_end": words, "description": words, "literal": words}
    for find in (locate.judgement_span, locate.figure_span, locate.event_span):
        span = find(text, facts, set())
        assert span is None or 0 <= span[0] < span[1] <= len(text)
    for span in (locate.text_span(text, facts), locate.person_span(text, words), locate.find_text(text, words)):
        assert span is None or 0 <= span[0] < span[1] <= len(text)
