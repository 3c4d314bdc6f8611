"""The theme facet and the ?_theme_COLUMN=THEME filter it toggles.

A row mentions a theme when its text column contains one of the theme's terms
(from the themes table, built from vocab/themes.csv) at the start of a word,
ignoring case and punctuation: "delay" matches "delays" and "Delayed" but not
"undelayed" (the rule is datasette_cafcass/themes.py). The build stores which
rows of the text columns of its own tables mention which theme in
`row_themes`, so on those the facet is a GROUP BY on an index and the filter a
subquery; on anything else (a view, an SQL query, a table the build did not
make) the same rule runs in SQL through cafcass_words(). Like Datasette's
?_search_COLUMN=, the filter's key names the column, which must be one of the
table's; repeated, the filters all apply. Everything reaches SQL as parameters
or as a checked, quoted column name.
"""
import functools

from datasette.filters import FilterArguments
from datasette.utils.asgi import BadRequest

from ... import schema, themes as rule
from .. import memo
from .base import CafcassFacet, QueryInterrupted, escape_sqlite, unfiltered

PREFIX = "_theme_"
_TEXT_NAMES = ("text", "body", "evidence", "description")
WORDS_FUNCTION = "cafcass_words"
ROW_THEMES = "row_themes"
THEMED = frozenset(schema.THEMED_COLUMNS)


@functools.lru_cache(maxsize=256)  # the filter's OR asks again for the same row per term
def words(text):
    """rule.words(): the SQL function cafcass_words() (registered by the plugin
    on every connection) is this."""
    return rule.words(text)


def register_functions(conn):
    conn.create_function(WORDS_FUNCTION, 1, words, deterministic=True)


def normalised_sql(col):
    return f"{WORDS_FUNCTION}({col})"


def term_pattern(term):
    """The LIKE pattern finding term at the start of a word (words() leaves no
    % or _ in it to escape)."""
    return f"% {rule.term_words(term)}%"


def mentions_sql(normalised, terms, prefix):
    """(SQL true when the normalised text mentions any of terms, its parameters)."""
    params, tests = {}, []
    for j, term in enumerate(terms):
        params[f"{prefix}{j}"] = term_pattern(term)
        tests.append(f"{normalised} like :{prefix}{j}")
    return "(" + " or ".join(tests or ["0"]) + ")", params


async def read_themes(db):
    """{theme: [terms]} in the order of the themes table, or None without one
    (read once of an immutable database: memo.py)."""
    async def read():
        if not await db.table_exists("themes"):
            return None
        themes = {}
        for theme, term in await db.execute(
                "select theme, term from themes where theme is not null and term is not null order by rowid"):
            if rule.term_words(term):
                themes.setdefault(theme, []).append(term)
        return themes
    found = await memo.once(db, "themes", read)
    return None if found is None else {theme: list(terms) for theme, terms in found.items()}


async def stored(db, table, column):
    """Whether row_themes holds the themes of table.column (the build's own text columns)."""
    return (table, column) in THEMED and await memo.table_exists(db, ROW_THEMES)


class ThemeFacet(CafcassFacet):
    type = "theme"

    async def suggest(self):
        if self.table == "themes" or not await self.has_table("themes"):
            return []
        return await self.suggest_columns(lambda name: name in _TEXT_NAMES)

    async def facet_results(self):
        results, timed_out = [], []
        configs = await self.columns()
        if not configs:
            return results, timed_out
        themes = await read_themes(self.ds.get_database(self.database))
        if not themes:
            return results, timed_out
        facet_size = self.get_facet_size()
        qs = self.get_querystring_pairs()
        db = self.ds.get_database(self.database)
        for column, source in configs:
            try:
                if self.table and await stored(db, self.table, column):
                    counts = await self.counted(("stored", column), lambda: self.stored_counts(column, themes))
                else:
                    counts = await self.counted(("computed", column), lambda: self.computed_counts(column, themes))
            except QueryInterrupted:
                timed_out.append(column)
                continue
            key = PREFIX + column
            shown = [
                (n, i, theme) for i, (theme, n) in enumerate(zip(themes, counts))
                if n or (key, theme) in qs  # a selected theme stays, to be toggled off
            ]
            shown.sort(key=lambda t: (-t[0], t[1]))
            buckets = [self.bucket(theme, theme, n, [(key, theme)]) for n, _, theme in shown[:facet_size]]
            results.append(self.entry(column, source, buckets, truncated=len(shown) > facet_size))
        return results, timed_out

    async def stored_counts(self, column, themes):
        """Each theme's count from row_themes: of the whole table on an
        unfiltered page, else of the page's rows (by id)."""
        own = {"cafcass_theme_table": self.table, "cafcass_theme_column": column}
        sql = (f"select theme, count(*) from {ROW_THEMES} "
               "where table_name = :cafcass_theme_table and column_name = :cafcass_theme_column")
        if not unfiltered(self.sql, self.table):
            sql += f" and row_id in (select id from ({self.sql}))"
            own = self.params_with(own)
        found = dict((await self.execute(sql + " group by theme", own)).rows)
        return [found.get(theme, 0) for theme in themes]

    async def computed_counts(self, column, themes):
        """Each theme's count with the rule in SQL, over every row of the page's SQL."""
        normalised = "n"
        params, sums = {}, []
        for i, terms in enumerate(themes.values()):
            test, own = mentions_sql(normalised, terms, f"cafcass_theme_facet_{i}_")
            params.update(own)
            sums.append(f"coalesce(sum({test}), 0)")
        # "limit -1" keeps SQLite from flattening the subquery into the
        # aggregate, which would split each row into words once per term.
        sql = (f"select {', '.join(sums)} from "
               f"(select {normalised_sql(escape_sqlite(column))} as n from ({self.sql}) limit -1)")
        return (await self.execute(sql, self.params_with(params))).rows[0]


def theme_filters(request, database, table, datasette):
    """filters_from_request: ?_theme_COLUMN=THEME keeps the rows whose COLUMN mentions THEME."""
    keys = [k for k in request.args if k.startswith(PREFIX)]
    if not keys:
        return None

    async def inner():
        db = datasette.get_database(database)
        columns = set(await db.table_columns(table))
        themes = await read_themes(db)
        where, params, described = [], {}, []
        for k, key in enumerate(keys):
            column = key[len(PREFIX):]
            if column not in columns:
                raise BadRequest(f"{key}: {table} has no column {column!r}")
            fast = await stored(db, table, column)
            for v, theme in enumerate(request.args.getlist(key)):
                if themes is None:
                    raise BadRequest(f"{key}: this database has no themes table")
                if theme not in themes:
                    raise BadRequest(f"{key}: unknown theme {theme!r}; the themes are: {', '.join(themes)}")
                name = f"cafcass_theme_{k}_{v}"
                if fast:
                    where.append(f"id in (select row_id from {ROW_THEMES} where table_name = :{name}_t "
                                 f"and column_name = :{name}_c and theme = :{name}_theme)")
                    params.update({f"{name}_t": table, f"{name}_c": column, f"{name}_theme": theme})
                else:
                    test, own = mentions_sql(normalised_sql(escape_sqlite(column)), themes[theme], f"{name}_")
                    where.append(test)
                    params.update(own)
                described.append(f'{column} mentions the theme "{theme}"')
        return FilterArguments(where, params, described)

    return inner
