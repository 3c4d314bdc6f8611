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
import functools
import operator
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

    @property
    def pk_columns(self):
        """The primary key's columns, as a tuple (one or more)."""
        return (self.pk,) if isinstance(self.pk, str) else tuple(self.pk)

    def values_of(self):
        """A function giving a row (a dict) as a tuple of its values in column
        order; KeyError on a missing column (itemgetter: C speed)."""
        names = self.column_names
        return operator.itemgetter(*names) if len(names) > 1 else (lambda r, c=names[0]: (r[c],))

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
# Corrections by hand (builder/corrections.py): the marker every corrected table carries.
CORRECTION_REF = ("correction_id", str, "The corrections.yml entry that made or last changed this row (corrections.id); null for a row as the extraction read it")
CORRECTION_KEY = ("correction_id", "corrections", "id")
# Disagreements (builder/disputes.py): which reading a disputed row shows, and why.
SHOWN_BY = ("shown_by", str, "Where the readings disagree, the rule that chose the one shown: inspectorate (Ofsted's own words), most specific, majority, first reported, or corrected by hand; null when they agree")
SHOWN_BECAUSE = ("shown_because", str, "Where the readings disagree, which one the row shows and why, in words (README: 'Disagreements'); null when they agree")

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
        "corrections",
        "Corrections by hand: each entry of corrections.yml (beside the articles), applied at every build, with the rows it touched. Rows it made or changed carry its id in their correction_id.",
        _cols(
            ("id", str, "The entry's id: its `id` key, else made from its action, table, article and words"),
            ("line", int, "Line of corrections.yml where the entry starts"),
            ("action", str, "drop, change, add, merge or split"),
            ("target", str, "The table it corrects (a fact table, judgements or inspections)"),
            ("article_id", str, "The article whose words it matches (articles.id, unless that article is gone)"),
            ("words", str, "The words it matches, as the entry gives them"),
            ("changes", str, "The fields it sets, as JSON; null when it sets none"),
            ("reason", str, "Why, in the corrector's words"),
            ("source", str, "What the corrector relied on: a URL or a citation; null when not given"),
            ("rows", str, "The rows it made, changed, moved or dropped: a JSON list of {table, id, change}"),
            ("row_count", int, "How many rows it touched"),
            ("matched", int, "1 when it matched and was applied; 0 when it matches nothing any more (the build warned)"),
            ("note", str, "Why it was not applied, when matched is 0"),
            ("entry", str, "The whole entry as written, as JSON"),
        ),
        label="reason",
        indexes=(("action",), ("article_id",)),
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
            ("disputed", int, "1 when the articles give this inspection dates that disagree (each is in inspection_dates), else 0; a disputed grade is marked on its judgements row"),
            ("dates_seen", str, "Every fieldwork date the articles give ('START to END'), and 'published DATE' for report dates, joined with '; '; null when none is read"),
            SHOWN_BY,
            SHOWN_BECAUSE,
            CORRECTION_REF,
        ),
        foreign_keys=(("overall_rating", "rating_scale", "rating"), CORRECTION_KEY),
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
            ("rating", str, "Ofsted's grade, lower case (rating_scale.rating): the one the evidence agrees on, or where it disagrees the one the rule in shown_by picks (README: 'Disagreements'), or a correction's"),
            ("rating_rank", int, "The grade's rank on Ofsted's scale (1 best, 4 worst)"),
            ("evidence_count", int, "How many sentences report this judgement (rows of judgement_evidence)"),
            ("conflict", int, "1 when the sentences give different grades, else 0"),
            ("ratings_seen", str, "Every grade the sentences give, best first, joined with '; '"),
            ("article_id", str, "The article of the first sentence that reports it (articles.id); where the sentences disagree, the first that gives the grade shown"),
            ("passage_id", str, "The passage of the first sentence that reports it (passages.id); where the sentences disagree, the first that gives the grade shown"),
            ("evidence", str, "The first sentence that reports it; where the sentences disagree, the first that gives the grade shown"),
            ("disputed", int, "1 when the sentences give different grades (conflict, after corrections), else 0"),
            SHOWN_BY,
            SHOWN_BECAUSE,
            CORRECTION_REF,
        ),
        foreign_keys=(
            ("inspection_id", "inspections", "id"),
            ("rating", "rating_scale", "rating"),
            ("article_id", "articles", "id"),
            ("passage_id", "passages", "id"),
            CORRECTION_KEY,
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
            ("shown", int, "1 when this sentence's grade is the one judgements shows, 0 when it is another reading"),
            CORRECTION_REF,
        ),
        foreign_keys=(
            ("judgement_id", "judgements", "id"),
            ("inspection_id", "inspections", "id"),
            ("rating", "rating_scale", "rating"),
            *FACT_KEYS,
            CORRECTION_KEY,
        ),
        label="evidence",
        # (judgement_id, rule): a judgement's sentences, and the rules that read them off the index alone
        indexes=(("judgement_id", "rule"), ("inspection_id",), ("article_id",)),
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
            CORRECTION_REF,
        ),
        foreign_keys=(("inspection_id", "inspections", "id"), *FACT_KEYS, CORRECTION_KEY),
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
            CORRECTION_REF,
        ),
        foreign_keys=(("person_id", "people", "id"), *FACT_KEYS, CORRECTION_KEY),
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
            CORRECTION_REF,
        ),
        foreign_keys=(("person_id", "people", "id"), ("inspection_id", "inspections", "id"), *FACT_KEYS, CORRECTION_KEY),
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
            CORRECTION_REF,
        ),
        foreign_keys=(*FACT_KEYS, CORRECTION_KEY),
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
            CORRECTION_REF,
        ),
        foreign_keys=(*FACT_KEYS, CORRECTION_KEY),
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
    Table(
        "inspection_dates",
        "Each date an article gives for an inspection (its fieldwork, or its report's publication), with the sentence: every reading is kept, including those that disagree (inspections.disputed).",
        _cols(
            ("id", str, "The passage's id and the sentence's offset in it (the events row it was read from has the same id)"),
            INSPECTION_REF,
            ("date_kind", str, "fieldwork (inspections.fieldwork_start/end) or published (inspections.published)"),
            ("date", str, "The date, or the first day of a period, ISO prefix"),
            ("date_end", str, "The last day of a period, ISO prefix; null for a single date"),
            ("precision", str, "day, month or year"),
            ("event_id", str, "The dated event this reading is (events.id); null for a reading added by hand"),
            ARTICLE_REF,
            PASSAGE_REF,
            *SPAN,
            ("evidence", str, "The sentence"),
            RULE,
            ("shown", int, "1 when the inspection row shows this reading or one it agrees with, 0 when it shows a reading this one disputes"),
            CORRECTION_REF,
        ),
        foreign_keys=(("inspection_id", "inspections", "id"), ("event_id", "events", "id"), *FACT_KEYS, CORRECTION_KEY),
        label="evidence",
        indexes=(("inspection_id",), ("article_id",)),
        fact=True,
        words="evidence",
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
            "Each judgement (one row per inspection and judgement) with its inspection's subject, area, year and framework (its era), so judgements can be faceted by rating, year and era.",
            """select
  judgements.id, judgements.inspection_id, inspections.subject, inspections.area,
  inspections.year, inspections.framework, judgements.judgement, judgements.rating, judgements.rating_rank,
  judgements.evidence_count, judgements.conflict, judgements.ratings_seen,
  judgements.article_id, judgements.passage_id, judgements.evidence,
  judgements.disputed, judgements.shown_by, judgements.shown_because, judgements.correction_id
from judgements join inspections on inspections.id = judgements.inspection_id""",
        ),
    )
}


def _with_sources(table):
    """<table>_with_sources: a table of rows from an article's words, with that
    article's title, outlet, date and address, and the reader's path to the
    passage, so that its CSV can be cited as it is."""
    return View(
        f"{table}_with_sources",
        f"The rows of {table}, each with its article's title, outlet, publication date and address, "
        "and the path of its passage in the evidence reader: for citing (its CSV carries the sources).",
        f"""select
  t.*, a.title as article_title, a.outlet, a.published, a.url,
  '/-/cafcass/articles/' || t.article_id || '#p' || t.passage_id as passage_link
from [{table}] t left join articles a on a.id = t.article_id""",
    )


# Every table whose rows point at the words of a passage gets one (serving side:
# fact row pages and table pages link to it).
SOURCED_TABLES = tuple(t.name for t in TABLES if ("passage_id", "passages", "id") in t.foreign_keys)
VIEWS.update({v.name: v for v in map(_with_sources, SOURCED_TABLES)})

# Order tables are filled in: a table's foreign keys point only at earlier ones.
LOAD_ORDER = [t.name for t in TABLES]


_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def slug(text):
    """Lower case, runs of anything but letters and digits as one hyphen."""
    return _slug(str(text))


@functools.lru_cache(maxsize=4096)  # a build asks for the same few judgement names 100,000 times
def _slug(text):
    return _NOT_ALNUM.sub("-", text.lower()).strip("-")


def passage_id(article_id, seq):
    return f"{article_id}-{seq}"


def fact_id(passage, char_start, *rest):
    """A fact's id: its passage, where its words start, and what else tells two
    facts at the same words apart (a judgement's name)."""
    return "-".join([str(passage), str(char_start), *(slug(r) for r in rest)])


def judgement_id(inspection_id, judgement):
    return f"{inspection_id}-{slug(judgement)}"
