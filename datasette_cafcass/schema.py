"""The database's shape, declared once.

The build creates every table from TABLES (columns, primary keys, foreign keys,
indexes, full-text search) and checks every row against it before loading
(Table.check: an unknown or a missing key is an error, never a silent NULL).
The column descriptions here are the ones published in metadata.yml, so the
schema and its documentation cannot drift apart (tests/test_metadata.py).

Ids say what a row is, not when it was built, so a link stays good when other
articles are added, removed or renamed:
  articles      the file's path without its extension          "d01"
  passages      article id + position in the article           "d01-3"
  facts         passage id + offset of their words in it        "d01-3-120"
  inspections   subject + year (or "undated")                   "national-2018"
  judgements    inspection id + judgement                       "national-2018-leadership"
  people        their name                                       "anthony-douglas"

Fact tables (`fact=True`) are the ones whose rows each come from words of one
passage: they carry `article_id`, `passage_id`, `char_start`, `char_end` (the
words are substr(passages.text, char_start + 1, char_end - char_start), which
is the table's `words` column) and `rule`, the name of the construction that
found them. FACT_TABLES lists them; nothing else keeps such a list.
"""
import re
from dataclasses import dataclass


class SchemaError(Exception):
    """A row that does not fit its table: the message names the table and the key."""


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
    fact: bool = False  # each row is words of one passage (see the module's docstring)
    words: str = None  # for a fact table: the column holding the words its span covers
    themed: tuple = ()  # text columns whose themes the build stores in row_themes (by this table's id)
    without_rowid: bool = False  # the primary key is the table (one b-tree, not two)

    @property
    def column_names(self):
        return [c.name for c in self.columns]

    def check(self, row):
        """row, unchanged, when its keys are exactly this table's columns; else SchemaError."""
        names = self._names()
        if row.keys() != names:
            unknown = sorted(set(row) - names)
            missing = [c for c in self.column_names if c not in row]
            parts = []
            if unknown:
                parts.append("unknown " + ", ".join(map(repr, unknown)))
            if missing:
                parts.append("missing " + ", ".join(map(repr, missing)))
            raise SchemaError(f"a {self.name} row has {' and '.join(parts)} (row: {_short(row)})")
        return row

    def _names(self):
        names = self.__dict__.get("_name_set")
        if names is None:
            names = frozenset(self.column_names)
            object.__setattr__(self, "_name_set", names)
        return names


def _short(row):
    text = repr(dict(row))
    return text if len(text) <= 200 else text[:199] + "…"


def _cols(*specs):
    return tuple(Column(n, t, d) for n, t, d in specs)


ARTICLE_REF = ("article_id", str, "The article this came from (articles.id)")
PASSAGE_REF = ("passage_id", str, "The passage (paragraph, list item, heading or caption) this came from (passages.id)")
SPAN = (
    ("char_start", int, "Offset of the first character of the fact's words in its passage's text (from 0)"),
    ("char_end", int, "Offset just past the fact's last character in its passage's text"),
)
RULE = ("rule", str, "The name of the construction that found this fact (README: 'Grade constructions')")
INSPECTION_REF = ("inspection_id", str, "The inspection (inspections.id)")
FACT_KEYS = (("article_id", "articles", "id"), ("passage_id", "passages", "id"))

TABLES = (
    Table(
        "articles",
        "One row per source file: a news article or press release about Cafcass and its inspections.",
        _cols(
            ("id", str, "The source file's path without its extension, relative to the input folder"),
            ("source_file", str, "Path of the source file, relative to the input folder"),
            ("sha256", str, "SHA-256 of the source file's bytes"),
            ("title", str, "Headline, from front matter, sources.csv, HTML metadata or the text; null for an excerpt with no headline"),
            ("author", str, "Byline, where the article gives one; otherwise null"),
            ("published", str, "Publication date as an ISO prefix (YYYY, YYYY-MM or YYYY-MM-DD); null where no source says"),
            ("published_basis", str, "Where the date came from: front matter, sources file, html meta, html time, dateline; null when there is no date"),
            ("outlet", str, "Publisher, where front matter, the sources file or HTML metadata names it"),
            ("url", str, "Address of the original, where known"),
            ("body", str, "The cleaned text: navigation, adverts, bylines, subscription and comment footers removed"),
            ("word_count", int, "Words in the cleaned body"),
            ("about_cafcass", int, "1 when the article is about Cafcass, 0 otherwise"),
        ),
        fts=("title", "body"),
        label="title",
        indexes=(("published",),),
        themed=("body",),
    ),
    Table(
        "passages",
        "The cleaned body of each article split into paragraphs, list items, sub-headings and captions. Every fact points at one.",
        _cols(
            ("id", str, "The article's id and the passage's position in it: the same words keep the same id"),
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
        themed=("text",),
    ),
    Table(
        "briefs",
        "Short items of a round-up section (such as 'Inspections shorts') about other sectors; kept apart from the article's facts.",
        _cols(
            ("id", str, "The brief's passage id"),
            ARTICLE_REF,
            ("seq", int, "Position of the item in its round-up, from 1"),
            ("sector", str, "The item's sector heading, lower case (e.g. youth justice, schools, health)"),
            ("text", str, "The item's text"),
            ("inspectorate", str, "The inspectorate the item names, where it names one"),
            PASSAGE_REF,
        ),
        foreign_keys=FACT_KEYS,
        fts=("text",),
        label="sector",
        indexes=(("article_id",),),
        themed=("text",),
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
        "Cafcass's inspection regimes, used by the era facet; read from datasette_cafcass/vocab/eras.csv.",
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
        "The theme facet's taxonomy: each theme with the words and phrases that mark it; read from datasette_cafcass/vocab/themes.csv, which anyone can extend.",
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
            INSPECTION_REF,
            ARTICLE_REF,
        ),
        pk=("inspection_id", "article_id"),
        foreign_keys=(("inspection_id", "inspections", "id"), ("article_id", "articles", "id")),
        indexes=(("article_id",),),
    ),
    Table(
        "judgements",
        "Ofsted's grade on each judgement of an inspection: one row per inspection and judgement, however many sentences report it (they are in judgement_evidence).",
        _cols(
            ("id", str, "The inspection's id and the judgement's name"),
            INSPECTION_REF,
            ("judgement", str, "What was judged, normalised: overall effectiveness, leadership, private law, public law, safeguarding, capacity to improve …"),
            ("rating", str, "Ofsted's grade, lower case (rating_scale.rating): the one the evidence agrees on, or where it disagrees the one most sentences give (the first given on a tie)"),
            ("rating_rank", int, "The grade's rank on Ofsted's scale (1 best, 4 worst)"),
            ("evidence_count", int, "How many sentences report this judgement (rows of judgement_evidence)"),
            ("conflict", int, "1 when the sentences give different grades, else 0"),
            ("ratings_seen", str, "Every grade the sentences give, best first, joined with '; '"),
            ("article_id", str, "The article of the first sentence that reports it (articles.id)"),
            ("passage_id", str, "The passage of the first sentence that reports it (passages.id)"),
            ("evidence", str, "The first sentence that reports it"),
        ),
        foreign_keys=(
            ("inspection_id", "inspections", "id"),
            ("rating", "rating_scale", "rating"),
            ("article_id", "articles", "id"),
            ("passage_id", "passages", "id"),
        ),
        label="judgement",
        indexes=(("inspection_id",), ("rating",), ("article_id",)),
        themed=("evidence",),
    ),
    Table(
        "judgement_evidence",
        "Each sentence that reports a grade, with the grade as it is written there and the judgement it is filed under.",
        _cols(
            ("id", str, "The passage's id, the sentence's offset and the judgement"),
            ("judgement_id", str, "The judgement (judgements.id)"),
            INSPECTION_REF,
            ("judgement", str, "The judgement's normalised name"),
            ("rating", str, "The grade this sentence gives, normalised (rating_scale.rating)"),
            ("written", str, "The grade as the sentence writes it (e.g. ‘Outstanding’)"),
            ARTICLE_REF,
            PASSAGE_REF,
            *SPAN,
            ("evidence", str, "The sentence"),
            RULE,
        ),
        foreign_keys=(
            ("judgement_id", "judgements", "id"),
            ("inspection_id", "inspections", "id"),
            ("rating", "rating_scale", "rating"),
            *FACT_KEYS,
        ),
        label="evidence",
        indexes=(("judgement_id",), ("inspection_id",), ("article_id",)),
        fact=True,
        words="evidence",
        themed=("evidence",),
    ),
    Table(
        "findings",
        "What Ofsted found (strengths, weaknesses) and told Cafcass to do (recommendations).",
        _cols(
            ("id", str, "The passage's id and the finding's offset in it"),
            INSPECTION_REF,
            ("kind", str, "strength, weakness or recommendation"),
            ("text", str, "The finding in the article's words"),
            ARTICLE_REF,
            PASSAGE_REF,
            *SPAN,
            RULE,
        ),
        foreign_keys=(("inspection_id", "inspections", "id"), *FACT_KEYS),
        fts=("text",),
        label="text",
        indexes=(("inspection_id",), ("kind",), ("article_id",)),
        fact=True,
        words="text",
        themed=("text",),
    ),
    Table(
        "people",
        "People quoted in the articles, with the role and organisation the articles give them: one row per person across articles.",
        _cols(
            ("id", str, "The person's name, in lower case with hyphens"),
            ("name", str, "Name without honorifics or letters (CBE, OBE …)"),
            ("role", str, "Role as the articles give it, lower case"),
            ("organisation", str, "Organisation, by its one canonical name (Cafcass, Ofsted …)"),
        ),
        label="name",
        indexes=(("name",),),
    ),
    Table(
        "mentions",
        "Each place an article names a person who is quoted: the full name, a surname alone or a title pointing back (\"the chief executive\").",
        _cols(
            ("id", str, "The passage's id and the mention's offset in it"),
            ("person_id", str, "The person (people.id)"),
            ("text", str, "The words that name them"),
            ARTICLE_REF,
            PASSAGE_REF,
            *SPAN,
            RULE,
        ),
        foreign_keys=(("person_id", "people", "id"), *FACT_KEYS),
        label="text",
        indexes=(("person_id",), ("article_id",)),
        fact=True,
        words="text",
    ),
    Table(
        "quotes",
        "What each person said, as quoted in the articles.",
        _cols(
            ("id", str, "The passage's id and the quote's offset in it"),
            ("person_id", str, "The speaker (people.id)"),
            ("inspection_id", str, "The inspection the quote is about, when its sentence or paragraph is about one (inspections.id); else null"),
            ARTICLE_REF,
            PASSAGE_REF,
            *SPAN,
            ("text", str, "The quoted words"),
            RULE,
        ),
        foreign_keys=(("person_id", "people", "id"), ("inspection_id", "inspections", "id"), *FACT_KEYS),
        fts=("text",),
        label="text",
        indexes=(("person_id",), ("article_id",), ("inspection_id",)),
        fact=True,
        words="text",
        themed=("text",),
    ),
    Table(
        "figures",
        "Numbers the articles give: counts, money, percentages.",
        _cols(
            ("id", str, "The passage's id and the figure's offset in it"),
            ARTICLE_REF,
            PASSAGE_REF,
            *SPAN,
            ("text", str, "The figure as written (e.g. 'more than 300', '£3.3m')"),
            ("value", float, "The number"),
            ("qualifier", str, "What the text says of the number's precision: more than, fewer than, about, up to …; null when it gives it plainly"),
            ("unit", str, "count, GBP, percent, days, weeks, months, years"),
            ("label", str, "What is counted, in the article's words"),
            ("year", str, "The year or period the figure refers to, where the text says"),
            RULE,
        ),
        foreign_keys=FACT_KEYS,
        label="label",
        indexes=(("article_id",), ("unit",)),
        fact=True,
        words="text",
    ),
    Table(
        "events",
        "Dated happenings: inspections, reports, framework changes, consultations.",
        _cols(
            ("id", str, "The passage's id and the sentence's offset in it"),
            ("date", str, "When it happened or began, ISO prefix"),
            ("date_end", str, "When it ended, ISO prefix, for a period"),
            ("precision", str, "day, month or year"),
            ("kind", str, "inspection, report, framework, consultation …"),
            ("description", str, "What happened, in the article's words (the sentence)"),
            ARTICLE_REF,
            PASSAGE_REF,
            *SPAN,
            RULE,
        ),
        foreign_keys=FACT_KEYS,
        label="description",
        indexes=(("date",), ("kind",), ("article_id",)),
        fact=True,
        words="description",
        themed=("description",),
    ),
    Table(
        "row_themes",
        "Which rows of which text columns mention which theme (the rule and terms of the themes table), worked out when the database is built: the theme facet counts these rows and ?_theme_COLUMN=THEME filters on them.",
        _cols(
            ("table_name", str, "The table the row is in (e.g. findings)"),
            ("column_name", str, "The text column that mentions the theme (e.g. text)"),
            ("row_id", str, "The row's id in that table"),
            ("theme", str, "The theme it mentions (themes.theme)"),
        ),
        pk=("table_name", "column_name", "theme", "row_id"),
        label="theme",
        indexes=(("table_name", "column_name", "row_id"),),
        without_rowid=True,
    ),
)

BY_NAME = {t.name: t for t in TABLES}
FACT_TABLES = tuple(t.name for t in TABLES if t.fact)
# (table, column) of every text column whose themes row_themes holds
THEMED_COLUMNS = tuple((t.name, c) for t in TABLES for c in t.themed)


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
            "Each judgement (one row per inspection and judgement) with its inspection's subject, area and year, so judgements can be faceted by rating, year and era.",
            """select
  judgements.id, judgements.inspection_id, inspections.subject, inspections.area,
  inspections.year, judgements.judgement, judgements.rating, judgements.rating_rank,
  judgements.evidence_count, judgements.conflict, judgements.ratings_seen,
  judgements.article_id, judgements.passage_id, judgements.evidence
from judgements join inspections on inspections.id = judgements.inspection_id""",
        ),
    )
}

# Order tables are filled in: a table's foreign keys point only at earlier ones.
LOAD_ORDER = [t.name for t in TABLES]


def slug(text):
    """Lower case, runs of anything but letters and digits as one hyphen."""
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")


def passage_id(article_id, seq):
    return f"{article_id}-{seq}"


def fact_id(passage, char_start, *rest):
    """A fact's id: its passage, where its words start, and what else tells two
    facts at the same words apart (a judgement's name)."""
    return "-".join([str(passage), str(char_start), *(slug(r) for r in rest)])


def judgement_id(inspection_id, judgement):
    return f"{inspection_id}-{slug(judgement)}"
