"""What a page reads of an immutable database once, not on every request.

A database Datasette serves immutable (`datasette serve -i`, as ./scripts/serve
does) cannot change while it is served: Datasette itself counts its tables once
(the inspect file) rather than on each page. In the same way the facets keep
what does not depend on the request: which tables exist, the themes and their
terms, the rating scale, the columns a statement returns, and the counts of
the rating, year, era and theme facets: of a whole table or view (a page with
no filter) once, of a filtered page or a query per SQL and parameters (a
click on a facet's value asks the same again, and its counts cost a look-up
per row). The rating trend keeps, per filter, its inspections and grades in
the order it lists them, and the values its filters accept. A mutable
database is read afresh every time.
"""
import weakref

_MEMO = weakref.WeakKeyDictionary()  # {Database: {key: value}}


async def once(db, key, compute):
    """await compute(), once per immutable database and key; every time for a mutable one."""
    if db.is_mutable:
        return await compute()
    store = _MEMO.setdefault(db, {})
    if key not in store:
        store[key] = await compute()
    return store[key]


async def table_exists(db, name):
    return await once(db, ("table_exists", name), lambda: db.table_exists(name))


MOST_STATEMENTS = 512  # the column lists kept per database (a page's SQL differs with its filters)
MOST_KEPT = 256  # the answers kept per database and family, for a family keyed by request values


async def kept(db, family, key, compute, most=MOST_KEPT):
    """As once(), for a family of values keyed by what a request asked for (a page's
    SQL, a filter's values): at most `most` of them are kept per database, so
    requests cannot fill the memory; past that the family starts afresh."""
    if db.is_mutable:
        return await compute()
    values = _MEMO.setdefault(db, {}).setdefault(family, {})
    if key not in values:
        if len(values) >= most:
            values.clear()
        values[key] = await compute()
    return values[key]


async def sql_columns(db, sql, compute):
    """The columns a statement returns (compute(): Datasette's `limit 0` query)."""
    return await kept(db, "sql_columns", sql, compute, most=MOST_STATEMENTS)
