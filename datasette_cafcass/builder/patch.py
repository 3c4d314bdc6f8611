"""Rebuilding by patching the last database rather than writing it again.

Writing every row, index and full-text entry of 10,000 articles again costs far
more than working out the one article that changed. So when the database the
last build wrote is still there, unchanged, made by the same code (the cache's
record, see cache.py), a rebuild copies it and changes only what differs:

  - the rows of the articles whose file changed, came or went (articles,
    passages, briefs and their row_themes), deleted and inserted whole;
  - every other table (the facts combine() and the corrections make, and the
    vocabulary's tables): its rows are compared with the copy's by primary
    key, and only rows that differ are deleted and inserted; or, when the
    changed articles give the global step what they gave before (the
    pipeline's _facts_as_before()), left as they are without being worked out.

The full-text indexes follow through the triggers sqlite-utils made for them,
and `pragma optimize` renews the planner's statistics where they went stale.
The patched database holds the same rows as a cold build, table by table, but
not byte for byte (rows sit where they were added). A rebuild that changes
nothing leaves the database file as it was.
"""
import hashlib
import marshal
import operator
import os
import sqlite3
from pathlib import Path

from .. import schema

# Past this share of the articles changed, writing everything again is cheaper
# than deleting and inserting that many rows through the full-text triggers.
MOST_CHANGED = 0.1


def identity(path):
    """What tells one database file from another, or the same file written
    again: its inode, size, and modification and change times."""
    st = os.stat(path)
    return [st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def record(db_path, version, articles, tables, files, hashed_at, themes=None, facts_made=None):
    """The cache's record of the database just written at db_path: articles
    is {file path: [entry key, article id]} of the articles it holds, tables
    {part: digest of its rows} (digests()); files and hashed_at: what the
    next build needs to know a file unchanged without reading it (the
    pipeline's _hashes()); themes: {text: themes} of its facts' texts, for the
    next build by the same version not to match them again (themes_of());
    facts_made: what its facts were made from besides the articles, what the
    corrections said and how many rows each fact table got, for a next build
    whose articles give the same facts to keep them as they are (the
    pipeline's _facts_as_before())."""
    return {"db": str(Path(db_path).resolve()), "file": identity(db_path), "version": version,
            "articles": articles, "tables": tables, "files": files, "hashed_at": hashed_at,
            "themes": themes or {}, "facts_made": facts_made}


def base(db_path, last, version):
    """The last build's record when the database at db_path can be patched:
    it is the very file the record names, made by this version of the code.
    Else None and the reason."""
    if not last:
        return None, "no record of the last build in the cache"
    db_path = Path(db_path)
    try:
        same = last.get("db") == str(db_path.resolve()) and last.get("file") == identity(db_path)
    except OSError:
        return None, "no database to patch"
    if not same:
        return None, "the database is not the one the last build wrote"
    if last.get("version") != version:
        return None, "the code or the vocabulary changed"
    if not isinstance(last.get("articles"), dict) or not isinstance(last.get("tables"), dict):
        return None, "the record of the last build is unreadable"
    return last, None


def changed(old, now):
    """The file paths whose article is new, changed or gone. old and now:
    {file path: [entry key, article id]}."""
    return {rel for rel in old.keys() | now.keys() if old.get(rel) != now.get(rel)}


def drop_articles(conn, article_ids):
    """Delete the rows of these articles from the article tables and their
    themes from row_themes (the full-text triggers follow)."""
    ids = sorted(article_ids)
    if not ids:
        return
    conn.execute("create temp table if not exists gone (id text primary key)")
    conn.execute("delete from temp.gone")
    conn.executemany("insert into temp.gone values (?)", [(i,) for i in ids])
    for table, owner in (("articles", "id"), ("passages", "article_id"), ("briefs", "article_id")):
        conn.execute(f"delete from row_themes where table_name = ? and row_id in "
                     f"(select id from [{table}] where [{owner}] in (select id from temp.gone))", [table])
        conn.execute(f"delete from [{table}] where [{owner}] in (select id from temp.gone)")


def _key(table):
    """A function giving a row's primary key from its values in column order."""
    names = table.column_names
    return operator.itemgetter(*[names.index(c) for c in table.pk_columns])


def sync(conn, name, rows, where="", params=()):
    """Make table name hold exactly rows (tuples in its column order): rows
    that differ from the stored ones, by primary key, are deleted and
    inserted again. where (SQL with ? parameters, ours, never a request's)
    limits the stored rows that are compared. Returns how many rows changed."""
    table = schema.BY_NAME[name]
    columns = table.column_names
    key = _key(table)
    try:
        new = set(rows)  # whole rows as tuples: set differences run at C speed
    except TypeError:  # a list or dict: compare the JSON text sqlite-utils stores for it
        new = {tuple(map(_jsonify(), v)) for v in rows}
    cols = ", ".join(f"[{c}]" for c in columns)
    old = set(conn.execute(f"select {cols} from [{name}]" + (f" where {where}" if where else ""), params))
    came = new - old
    if came:  # a "1" in an integer column is stored as 1: compare what SQLite would store
        came = set(_as_stored(conn, name, cols, list(came)))
    gone = [key(v) for v in old - (new & old) - came]  # a changed row is deleted, then inserted
    came -= old
    if gone:
        conn.executemany(f"delete from [{name}] where " + " and ".join(f"[{c}] = ?" for c in table.pk_columns),
                         [k if isinstance(k, tuple) else (k,) for k in gone])
    if came:
        conn.executemany(f"insert into [{name}] ({cols}) values ({', '.join('?' for _ in columns)})", came)
    return len(gone) + len(came)


def _as_stored(conn, name, cols, rows):
    """rows (tuples in the table's column order) as table name would store
    them: inserted into an empty temporary table of the same columns and read
    back. A list or dict becomes the JSON text sqlite-utils would store."""
    probe = f"probe_{name}"
    conn.execute(f"create temp table if not exists [{probe}] as select {cols} from main.[{name}] where 0")
    conn.execute(f"delete from temp.[{probe}]")
    insert = f"insert into temp.[{probe}] values ({', '.join('?' for _ in rows[0])})"
    try:
        conn.executemany(insert, rows)
    except sqlite3.ProgrammingError:  # a value sqlite3 cannot bind
        conn.execute(f"delete from temp.[{probe}]")
        conn.executemany(insert, [tuple(map(_jsonify(), r)) for r in rows])
    return conn.execute(f"select {cols} from temp.[{probe}] order by rowid").fetchall()


def _jsonify():
    """sqlite-utils' jsonify_if_needed, imported when a row needs it."""
    from sqlite_utils.db import jsonify_if_needed

    return jsonify_if_needed


def compared(rows_by_table, fact_themes, article_tables):
    """[(part, table, its rows, where, params)] of what a patch compares: each
    table but the article tables (rows: dicts), and the rows of row_themes of
    each themed fact table apart (fact_themes: {table: lists in row_themes'
    column order}), so that a new finding reads back the findings' themes,
    not the quotes' and the judgements' too."""
    out = [(name, name, rows_by_table.get(name) or [], "", ()) for name in schema.LOAD_ORDER
           if name not in article_tables and name != "row_themes"]
    # every themed table, one without rows now too: its old themes go
    out += [(f"row_themes of {t.name}", "row_themes", fact_themes.get(t.name) or [], "table_name = ?", [t.name])
            for t in schema.TABLES if t.themed and t.name not in article_tables]
    return out


def digests(parts):
    """{part: a digest of its rows} of compared()'s parts: a part whose rows
    come out the same as the last build's (same digest) is not read back.
    marshal's version 2 writes a value the same way however its objects are
    shared (later versions mark repeated objects), and is quicker than repr;
    the same rows with their keys in another order only cost a comparison."""
    return {part: hashlib.blake2b(marshal.dumps(rows, 2), digest_size=16).hexdigest()
            for part, _, rows, _, _ in parts}


def _tuples(name, rows):
    """rows (dicts, or sequences in column order) as tuples in column order."""
    if rows and not isinstance(rows[0], dict):
        return list(map(tuple, rows))
    return list(map(schema.BY_NAME[name].values_of(), rows))


def sync_all(conn, parts, now, before):
    """sync() each of compared()'s parts whose digest (now, see digests())
    differs from before's, the last build's. Returns how many rows changed."""
    return sum(sync(conn, table, _tuples(table, rows), where, params) for part, table, rows, where, params in parts
               if now[part] != before.get(part))


def optimize(conn):
    """Renew the planner's statistics of the tables that changed enough (SQLite's own rule)."""
    try:
        conn.execute("pragma optimize")
    except sqlite3.Error:
        pass  # only statistics: the rows are right either way
