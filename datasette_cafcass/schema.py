"""The database's shape, declared once.

The build creates every table from TABLES (columns, primary keys, foreign keys,
indexes, full-text search), and the column descriptions here are the ones
published in metadata.yml, so the schema and its documentation cannot drift
apart (tests/test_metadata.py checks that they agree).
"""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    name: str
    type: type
    description: str


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple
    pk: object = "id"
    foreign_keys: tuple = ()  # (column, other_table, other_column)
    fts: tuple = ()  # columns indexed for full-text search
    label: str = None  # Datasette's label column
    indexes: tuple = ()  # tuples of column names
    public: bool = True  # part of the documented SQL API

    @property
    def column_names(self):
        return [c.name for c in self.columns]


def _cols(*specs):
    return tuple(Column(n, t, d) for n, t, d in specs)


ARTICLE_REF = ("article_id", str, "The article this came from (articles.id)")
PASSAGE_REF = ("passage_id", int, "The passage (paragraph, list item, heading or caption) this came from (passages.id)")

TABLES = (
    Table(
        "articles",
        "One row per source file: a news article or press release about Cafcass and its inspections.",
        _cols(
            ("id", str, "The source file's name without its extension"),
            ("source_file", str, "Path of the source file, relative to the input folder"),
            ("sha256", str, "SHA-256 of the source file's bytes"),
            ("title", str, "Headline, from front matter, HTML metadata or the first line of text"),
            ("author", str, "Byline, where the article gives one; otherwise null"),
            ("published", str, "Publication date as an ISO prefix (YYYY, YYYY-MM or YYYY-MM-DD); null where the article does not say"),
            ("published_basis", str, "How the date was found: front matter, html meta, dateline; null when there is no date"),
            ("outlet", str, "Publisher, where front matter or HTML metadata names it"),
            ("url", str, "Address of the original, where known"),
            ("body", str, "The cleaned text: navigation, adverts, bylines, subscription and comment footers removed"),
            ("word_count", int, "Words in the cleaned body"),
            ("about_cafcass", int, "1 when the article is about Cafcass, 0 otherwise"),
        ),
        fts=("title", "body"),
        label="title",
        indexes=(("published",),),
    ),
    Table(
        "passages",
        "The cleaned body of each article split into paragraphs, list items, sub-headings and captions. Every fact points at one.",
        _cols(
            ("id", int, "Passage number, stable for the same input"),
            ARTICLE_REF,
            ("seq", int, "Position of the passage in its article, from 1"),
            ("kind", str, "paragraph, list item, heading, caption or brief"),
            ("text", str, "The passage's text"),
            ("char_start", int, "Offset of the passage's first character in articles.body"),
            ("char_end", int, "Offset just past the passage's last character in articles.body"),
        ),
        foreign_keys=(("article_id", "articles", "id"),),
        fts=("text",),
        label="text",
        indexes=(("article_id", "seq"),),
    ),
    Table(
        "briefs",
        "Short items of a round-up section (such as 'Inspections shorts') about other sectors; kept apart from the article's facts.",
        _cols(
            ("id", int, "Brief number"),
            ARTICLE_REF,
            ("seq", int, "Position of the item in its round-up, from 1"),
            ("sector", str, "The item's sector heading, lower case (e.g. youth justice, schools, health)"),
            ("text", str, "The item's text"),
            ("inspectorate", str, "The inspectorate the item names, where it names one"),
            PASSAGE_REF,
        ),
        foreign_keys=(("article_id", "articles", "id"), ("passage_id", "passages", "id")),
        fts=("text",),
        label="sector",
        indexes=(("article_id",),),
    ),
    Table(
        "rating_scale",
        "Ofsted's grades in order, best first. Rank 3 has a different word in each framework era.",
        _cols(
            ("rating", str, "Ofsted's word for the grade, lower case"),
            ("rank", int, "1 outstanding, 2 good, 3 requires improvement / satisfactory / adequate, 4 inadequate"),
            ("scale", str, "The framework era that uses this word"),
        ),
        pk="rating",
        label="rating",
    ),
    Table(
        "eras",
        "Cafcass's inspection regimes, used by the era facet; read from datasette_cafcass/data/eras.csv.",
        _cols(
            ("id", int, "Era number, oldest first"),
            ("name", str, "Name of the regime"),
            ("start", str, "First date of the era (ISO); null for the earliest"),
            ("end", str, "First date after the era (ISO); null for the current one"),
            ("description", str, "What changed"),
        ),
        label="name",
    ),
    Table(
        "themes",
        "The theme facet's taxonomy: each theme with the words and phrases that mark it; read from datasette_cafcass/data/themes.csv, which anyone can extend.",
        _cols(
            ("theme", str, "The theme, as the facet shows it (e.g. delay, safeguarding, the child's voice)"),
            ("term", str, "A word or phrase marking the theme; a text mentions the theme when a word of it starts with the term, ignoring case and punctuation"),
        ),
        pk=("theme", "term"),
        label="theme",
    ),
    Table(
        "inspections",
        "One row per Ofsted inspection or visit of Cafcass, merged across all the articles that mention it.",
        _cols(
            ("id", str, "Stable identifier made of scope, area and year"),
            ("subject", str, "What was inspected: 'Cafcass' nationally, or 'Cafcass <area>' for a service area"),
            ("scope", str, "national or service area"),
            ("area", str, "The service area (e.g. Greater London); null for a national inspection"),
            ("kind", str, "full inspection, focused visit, monitoring visit, joint inspection …; null where the text does not say"),
            ("year", int, "Year of the inspection; null where the text does not date it"),
            ("fieldwork_start", str, "First day (or month) inspectors were on site, ISO prefix"),
            ("fieldwork_end", str, "Last day (or month) of fieldwork, ISO prefix"),
            ("published", str, "When the report was published, ISO prefix, where the text says"),
            ("unannounced", int, "1 when the text calls the inspection unannounced; null where it does not say"),
            ("framework", str, "The inspection framework or era"),
            ("overall_rating", str, "Ofsted's overall effectiveness grade; null when ungraded or not reported"),
            ("overall_rank", int, "overall_rating's rank on Ofsted's scale (1 best, 4 worst)"),
        ),
        foreign_keys=(("overall_rating", "rating_scale", "rating"),),
        label="subject",
        indexes=(("year",), ("area",), ("overall_rating",)),
    ),
    Table(
        "inspection_articles",
        "Which articles report or mention which inspections.",
        _cols(
            ("inspection_id", str, "The inspection (inspections.id)"),
            ARTICLE_REF,
        ),
        pk=("inspection_id", "article_id"),
        foreign_keys=(("inspection_id", "inspections", "id"), ("article_id", "articles", "id")),
        indexes=(("article_id",),),
    ),
    Table(
        "judgements",
        "Ofsted's grade on each judgement of an inspection, with the article's own words as evidence.",
        _cols(
            ("id", int, "Judgement number"),
            ("inspection_id", str, "The inspection (inspections.id)"),
            ("judgement", str, "What was judged, normalised: overall effectiveness, leadership, private law, public law, safeguarding, capacity to improve …"),
            ("rating", str, "Ofsted's grade, lower case (rating_scale.rating)"),
            ("rating_rank", int, "The grade's rank on Ofsted's scale (1 best, 4 worst)"),
            ARTICLE_REF,
            PASSAGE_REF,
            ("evidence", str, "The sentence of the article that gives the grade"),
        ),
        foreign_keys=(
            ("inspection_id", "inspections", "id"),
            ("rating", "rating_scale", "rating"),
            ("article_id", "articles", "id"),
            ("passage_id", "passages", "id"),
        ),
        label="judgement",
        indexes=(("inspection_id",), ("rating",), ("article_id",)),
    ),
    Table(
        "findings",
        "What Ofsted found (strengths, weaknesses) and told Cafcass to do (recommendations).",
        _cols(
            ("id", int, "Finding number"),
            ("inspection_id", str, "The inspection (inspections.id)"),
            ("kind", str, "strength, weakness or recommendation"),
            ("text", str, "The finding in the article's words"),
            ARTICLE_REF,
            PASSAGE_REF,
        ),
        foreign_keys=(
            ("inspection_id", "inspections", "id"),
            ("article_id", "articles", "id"),
            ("passage_id", "passages", "id"),
        ),
        fts=("text",),
        label="text",
        indexes=(("inspection_id",), ("kind",)),
    ),
    Table(
        "people",
        "People quoted in the articles, with the role and organisation the articles give them.",
        _cols(
            ("id", int, "Person number"),
            ("name", str, "Name without honorifics or letters (CBE, OBE …)"),
            ("role", str, "Role as the article gives it, lower case"),
            ("organisation", str, "Organisation as the article gives it"),
        ),
        label="name",
        indexes=(("name",),),
    ),
    Table(
        "quotes",
        "What each person said, as quoted in the articles.",
        _cols(
            ("id", int, "Quote number"),
            ("person_id", int, "The speaker (people.id)"),
            ARTICLE_REF,
            PASSAGE_REF,
            ("text", str, "The quoted words"),
        ),
        foreign_keys=(
            ("person_id", "people", "id"),
            ("article_id", "articles", "id"),
            ("passage_id", "passages", "id"),
        ),
        fts=("text",),
        label="text",
        indexes=(("person_id",), ("article_id",)),
    ),
    Table(
        "figures",
        "Numbers the articles give: counts, money, percentages.",
        _cols(
            ("id", int, "Figure number"),
            ARTICLE_REF,
            PASSAGE_REF,
            ("value", float, "The number"),
            ("unit", str, "count, GBP, percent …"),
            ("label", str, "What is counted, in the article's words"),
            ("year", str, "The year or period the figure refers to, where the text says"),
        ),
        foreign_keys=(("article_id", "articles", "id"), ("passage_id", "passages", "id")),
        label="label",
        indexes=(("article_id",), ("unit",)),
    ),
    Table(
        "events",
        "Dated happenings: inspections, reports, framework changes, consultations.",
        _cols(
            ("id", int, "Event number"),
            ("date", str, "When it happened or began, ISO prefix"),
            ("date_end", str, "When it ended, ISO prefix, for a period"),
            ("precision", str, "day, month or year"),
            ("kind", str, "inspection, report, framework, consultation …"),
            ("description", str, "What happened, in the article's words"),
            ARTICLE_REF,
            PASSAGE_REF,
        ),
        foreign_keys=(("article_id", "articles", "id"), ("passage_id", "passages", "id")),
        label="description",
        indexes=(("date",), ("kind",)),
    ),
)

BY_NAME = {t.name: t for t in TABLES}


@dataclass(frozen=True)
class View:
    name: str
    description: str
    sql: str


# SQL views, created after the tables. Datasette facets views like tables, so
# a view is how joined data gets the rating, year and era facets.
VIEWS = {
    v.name: v
    for v in (
        View(
            "inspection_judgements",
            "Each judgement with its inspection's subject, area and year, so judgements can be faceted by rating, year and era.",
            """select
  judgements.id, judgements.inspection_id, inspections.subject, inspections.area,
  inspections.year, judgements.judgement, judgements.rating, judgements.rating_rank,
  judgements.article_id, judgements.passage_id, judgements.evidence
from judgements join inspections on inspections.id = judgements.inspection_id""",
        ),
    )
}

# Order tables are filled in: a table's foreign keys point only at earlier ones.
LOAD_ORDER = [t.name for t in TABLES]
