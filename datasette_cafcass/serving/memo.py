"""What a page reads of an immutable database once, not on every request.

A database Datasette serves immutable (`datasette serve -i`, as ./scripts/serve
does) cannot change while it is served: Datasette itself counts its tables once
(the inspect file) rather than on each page. In the same way the facets keep
what does not depend on the request: which tables exist, the themes and their
terms, the rating scale, the columns a statement returns, and the counts of
a facet on a whole table or view (a page with no filter: the rating, year, era
and theme facets; a filtered page is counted on every request). A mutable
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


async def sql_columns(db, sql, compute):
    """The columns a statement returns (compute(): Datasette's `limit 0` query)."""
    if db.is_mutable:
        return await compute()
    store = _MEMO.setdefault(db, {})
    columns = store.setdefault("sql_columns", {})
    if sql not in columns:
        if len(columns) >= MOST_STATEMENTS:
            columns.clear()
        columns[sql] = await compute()
    return columns[sql]
