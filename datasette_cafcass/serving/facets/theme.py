"""The theme facet and the ?_theme_COLUMN=THEME filter it toggles.

A row mentions a theme when its text column contains one of the theme's terms
(from the themes table, built from data/themes.csv) at the start of a word,
ignoring case and punctuation: "delay" matches "delays" and "Delayed" but not
"undelayed". The facet counts and the filter select with the same SQL, built
from parameters only. Like Datasette's ?_search_COLUMN=, the filter's key names
the column, which must be one of the table's; repeated, the filters all apply.
"""
import functools
import re

from datasette.filters import FilterArguments
from datasette.utils.asgi import BadRequest

from .base import CafcassFacet, QueryInterrupted, escape_sqlite

PREFIX = "_theme_"
_TEXT_NAMES = ("text", "body", "evidence", "description")
# Anything but a letter or digit separates words (apostrophes and hyphens too:
# "child's voice" is "child s voice", "child-centred" is "child centred").
_NOT_WORD = re.compile(r"[\W_]+")
WORDS_FUNCTION = "cafcass_words"


@functools.lru_cache(maxsize=256)  # the filter's OR asks again for the same row per term
def words(text):
    """text as lower-case words between single spaces, with a space each side, so
    that LIKE '% term%' finds a word starting with term. The SQL function
    cafcass_words() (registered by the plugin on every connection) is this."""
    if text is None:
        return None
    return " " + _NOT_WORD.sub(" ", str(text).lower()).strip() + " "


def register_functions(conn):
    conn.create_function(WORDS_FUNCTION, 1, words, deterministic=True)


def normalised_sql(col):
    return f"{WORDS_FUNCTION}({col})"


def term_pattern(term):
    """The LIKE pattern finding term at the start of a word (words() leaves no
    % or _ in it to escape)."""
    return f"% {words(term).strip()}%"


def mentions_sql(normalised, terms, prefix):
    """(SQL true when the normalised text mentions any of terms, its parameters)."""
    params, tests = {}, []
    for j, term in enumerate(terms):
        params[f"{prefix}{j}"] = term_pattern(term)
        tests.append(f"{normalised} like :{prefix}{j}")
    return "(" + " or ".join(tests or ["0"]) + ")", params


async def read_themes(db):
    """{theme: [terms]} in the order of the themes table, or None without one."""
    if not await db.table_exists("themes"):
        return None
    themes = {}
    for theme, term in await db.execute(
            "select theme, term from themes where theme is not null and term is not null order by rowid"):
        if words(term).strip():
            themes.setdefault(theme, []).append(term)
    return themes


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
        for column, source in configs:
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
            try:
                counts = (await self.execute(sql, self.params_with(params))).rows[0]
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
            for v, theme in enumerate(request.args.getlist(key)):
                if themes is None:
                    raise BadRequest(f"{key}: this database has no themes table")
                if theme not in themes:
                    raise BadRequest(f"{key}: unknown theme {theme!r}; the themes are: {', '.join(themes)}")
                test, own = mentions_sql(normalised_sql(escape_sqlite(column)), themes[theme],
                                         f"cafcass_theme_{k}_{v}_")
                where.append(test)
                params.update(own)
                described.append(f'{column} mentions the theme "{theme}"')
        return FilterArguments(where, params, described)

    return inner
