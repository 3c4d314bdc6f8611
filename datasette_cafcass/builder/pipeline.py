"""The build: read files, clean them, split passages, extract facts, load.

Each article file's own work (read -> clean -> lay out passages ->
extract.extract_article() -> themes of its text) depends on that file alone,
so it runs on a pool of processes, one task per file, and its result (plain
JSON) is kept in the build cache beside the database (cache.py); a rebuild
works out again only the files that changed. The main process then keeps the
results in file order (skipping duplicates), runs the global step
extract.combine() once, finds the themes of the fact rows and loads.

The database is written to a temporary file beside the target and renamed
into place only when the whole build has succeeded, so a failed or
interrupted build leaves the previous database byte for byte.
"""
import contextlib
import fcntl
import functools
import glob
import hashlib
import itertools
import json
import multiprocessing
import operator
import os
import signal
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from .. import schema, vocab
from ..themes import Matcher
from .blocks import squash
from .cache import Cache, cache_path, code_version, entry_key
from .clean import about_cafcass, clean
from .extract import combine, extract_article
from .passages import lay_out
from .sources import SourceError, SourceListError, apply_listing, find_sources, read_source, read_source_list


class BuildError(Exception):
    """A build that cannot go on; the message says what and why. `report`,
    when set, holds the warnings gathered before the build stopped."""

    def __init__(self, message, report=None):
        super().__init__(message)
        self.report = report


@dataclass
class Report:
    files: int = 0
    articles: int = 0
    passages: int = 0
    briefs: int = 0
    facts: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)  # about the input: --strict fails on any
    cached: int = 0  # files whose work came from the build cache
    worked: int = 0  # files read and extracted in this build
    cache_warnings: list = field(default_factory=list)  # about the cache only: never fail a build


# Below this many files to work on, a pool costs more than it saves.
POOL_MIN_FILES = 32
# The tables whose rows come out of one file's work (the rest: combine() and vocab/).
ARTICLE_TABLES = ("articles", "passages", "briefs")


@functools.lru_cache(maxsize=None)
def theme_matcher():
    return Matcher(vocab.read_csv("themes.csv"))


def themes_of(table, rows, match=None, seen=None):
    """[table, column, row id, theme] for each themed column of table that each
    row's text mentions (schema.Table.themed). seen: a memo of text -> themes."""
    match = match or theme_matcher()
    out = []
    for column in schema.BY_NAME[table].themed:
        for row in rows:
            text = row[column]
            if seen is None:
                found = match(text)
            else:
                found = seen.get(text)
                if found is None:
                    found = seen[text] = match(text)
            out += [[table, column, row["id"], theme] for theme in found]
    return out


def work(path, folder, listed):
    """One file's own work: ("error", message, None) or ("ok", sha256, JSON
    text of {article, passages, briefs, warnings, digest, extracted, themes}).
    Runs in a pool worker; depends on nothing but its arguments, the code and
    the vocabulary (the build cache's key)."""
    try:
        source = read_source(path, folder, listed)
    except SourceError as e:
        return ("error", str(e), None)
    art = apply_listing(clean(source), source)
    body, parts, items = lay_out(art.blocks)
    article = {
        "id": art.id, "source_file": art.source_file, "sha256": art.sha256,
        "title": art.title, "author": art.author, "published": art.published,
        "published_basis": art.published_basis, "outlet": art.outlet, "url": art.url,
        "body": body, "word_count": len(body.split()),
        "about_cafcass": about_cafcass(art.title, body),
    }
    passages = [{"id": schema.passage_id(art.id, p["seq"]), "article_id": art.id, **p} for p in parts]
    briefs = []
    for b in items:
        pid = schema.passage_id(art.id, b.pop("passage_seq"))
        briefs.append({"id": pid, "article_id": art.id, "passage_id": pid, **b})
    found = bool(body or art.title)
    themes = []
    if found:
        for table, rows in (("articles", [article]), ("passages", passages), ("briefs", briefs)):
            themes += themes_of(table, rows)
    result = {
        "article": article, "passages": passages, "briefs": briefs, "warnings": source.warnings,
        "digest": hashlib.sha256(squash(f"{art.title}\n{body}").encode()).hexdigest(),
        "extracted": extract_article(article, passages) if found else None,
        "themes": themes,
    }
    return ("ok", source.sha256, json.dumps(result, ensure_ascii=False, separators=(",", ":")))


def _work(args):
    return work(*args)


def _worker_init():
    # Workers must die on the pool's SIGTERM, not run the CLI's handler they inherit.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def work_all(tasks, workers):
    """work() of each (path, folder, listed), in order, on `workers` processes
    (default: one per core; the work is pure Python, so processes, not threads)."""
    cores = os.cpu_count() or 1
    workers = cores if workers is None else workers
    if workers <= 1 or len(tasks) < POOL_MIN_FILES:
        for task in tasks:
            yield work(*task)
        return
    workers = min(workers, cores)
    # small chunks: articles differ a lot in size, and the progress bar moves
    chunk = max(1, min(8, len(tasks) // (workers * 16)))
    with multiprocessing.Pool(workers, initializer=_worker_init) as pool:
        yield from pool.imap(_work, tasks, chunksize=chunk)


def _file_sha256(path):
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None  # work() reports it


def gather(folder, report, cache, version, full, progress=None, workers=None):
    """Each file's result (a dict, or an error message), in file order: from
    the cache when its entry is there (and full is false), else from work()."""
    folder = Path(folder)
    if not folder.exists():
        raise BuildError(f"input folder {folder} does not exist")
    if not folder.is_dir():
        raise BuildError(f"input folder {folder} is not a folder")
    paths = find_sources(folder)
    rels = [p.relative_to(folder).as_posix() for p in paths]
    try:
        listing, listing_warnings = read_source_list(folder, rels)
    except SourceListError as e:
        raise BuildError(str(e), report) from None
    report.files = len(paths)
    report.warnings += listing_warnings
    results, todo = [None] * len(paths), []
    with contextlib.ExitStack() as stack:
        bar = stack.enter_context(progress(len(paths))) if progress else None
        for i, (path, rel) in enumerate(zip(paths, rels)):
            listed = listing.get(rel)
            sha = None if full else _file_sha256(path)
            hit = sha and cache.get(entry_key(version, rel, sha, listed), rel)
            if hit:
                results[i] = hit
                report.cached += 1
            else:
                todo.append(i)
        if bar and report.cached:
            bar.update(report.cached)
        tasks = [(paths[i], folder, listing.get(rels[i])) for i in todo]
        # closing(): the pool is shut down here, not whenever the generator is collected
        with contextlib.closing(work_all(tasks, workers)) as done:
            for i, (status, value, text) in zip(todo, done):
                if status == "error":
                    results[i] = value
                else:
                    cache.put(entry_key(version, rels[i], value, listing.get(rels[i])), text)
                    results[i] = json.loads(text)  # what a warm build will load, exactly
                    report.worked += 1
                if bar:
                    bar.update(1)
    return results


def keep(results, report):
    """The results to load, in file order: a file that failed, gave no text, has
    the id of one before it or the same text as one before it is left out, with
    a warning."""
    kept, seen, ids = [], {}, set()
    for result in results:
        if isinstance(result, str):
            report.warnings.append(result)
            continue
        article = result["article"]
        report.warnings += result["warnings"]
        name = article["source_file"]
        if article["id"] in ids:
            report.warnings.append(f"{name}: skipped, an article with id {article['id']!r} was already read")
            continue
        if result["extracted"] is None:
            report.warnings.append(f"{name}: no article text found")
            continue
        if result["digest"] in seen:
            report.warnings.append(f"{name}: skipped, same text as {seen[result['digest']]} (stored once)")
            continue
        seen[result["digest"]] = name
        ids.add(article["id"])
        kept.append(result)
    return kept


def create_tables(db):
    for t in schema.TABLES:
        db[t.name].create(
            {c.name: c.type for c in t.columns},
            pk=t.pk,
            foreign_keys=[tuple(fk) for fk in t.foreign_keys],
        )
        for cols in t.indexes:
            db[t.name].create_index(list(cols))
    for v in schema.VIEWS.values():
        db.create_view(v.name, v.sql)


# Values sqlite3 binds as they are; anything else goes through sqlite-utils.
PLAIN = frozenset((str, int, float, bytes, type(None)))


def load(db, rows_by_table):
    """Insert each table's rows, each checked against the schema once. The
    tables exist already, so for plain values an executemany does what
    insert_all would, without its per-value conversions."""
    for name in schema.LOAD_ORDER:
        rows = rows_by_table.get(name) or []
        if not rows:
            continue
        table = schema.BY_NAME[name]
        columns = table.column_names
        for r in rows:
            table.check(r)
        get = operator.itemgetter(*columns)
        values = [get(r) for r in rows] if len(columns) > 1 else [(r[columns[0]],) for r in rows]
        if all(map(PLAIN.__contains__, map(type, itertools.chain.from_iterable(values)))):
            sql = "insert into [{}] ({}) values ({})".format(
                name, ", ".join(f"[{c}]" for c in columns), ", ".join("?" for _ in columns))
            db.conn.executemany(sql, values)
        else:
            db[name].insert_all(({c: r[c] for c in columns} for r in rows), batch_size=1000)


def finish(db):
    """Full-text search last, once every row is in (see sqlite-utils' notes on transform)."""
    for t in schema.TABLES:
        if t.fts:
            db[t.name].enable_fts(list(t.fts), tokenize="porter", create_triggers=True, replace=True)
    db.execute("analyze")


def _lock(path):
    """An open file descriptor holding an exclusive flock on path, or None if
    another process holds it. The kernel drops the lock when its holder dies,
    even by SIGKILL, so a lock we can take marks a dead build's leftover."""
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def remove_stale_temp_files(db_path):
    """Delete temporary files left by builds of db_path that were killed."""
    for old in db_path.parent.glob(f".{glob.escape(db_path.name)}.*.building"):
        fd = _lock(old)
        if fd is not None:  # nobody is building into it any more
            try:
                old.unlink()
            except OSError:
                pass
            finally:
                os.close(fd)


def _fsync(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_database(db_path, rows_by_table):
    """Write a complete database to db_path atomically: build a temporary file
    beside it, flush it to disk, rename it over the old one."""
    db_path = Path(db_path)
    folder = db_path.parent
    check_target(db_path)
    remove_stale_temp_files(db_path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{db_path.name}.", suffix=".building", dir=folder)
    except OSError as e:
        raise BuildError(f"cannot write {db_path}: folder {folder} is not writable ({e.strerror or e})") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # held until we finish or die: see remove_stale_temp_files
        db = sqlite_utils.Database(tmp)
        db.conn.execute("pragma journal_mode = off")  # a scratch file: the rename is the commit
        db.conn.execute("pragma synchronous = off")
        with db.conn:
            create_tables(db)
            load(db, rows_by_table)
        finish(db)
        db.close()
        _fsync(tmp)  # the data is on disk before the rename can be
        os.chmod(tmp, 0o644)
        os.replace(tmp, db_path)
        _fsync(folder)
    except (OSError, sqlite3.Error) as e:
        _discard(tmp)
        raise BuildError(f"cannot write {db_path}: {getattr(e, 'strerror', None) or e}") from None
    except BaseException:
        _discard(tmp)
        raise
    finally:
        os.close(fd)


def _discard(tmp):
    try:
        os.unlink(tmp)
    except OSError:
        pass


def check_target(db_path):
    """A BuildError when db_path cannot be written for a reason known up front."""
    folder = db_path.parent
    if not folder.exists():
        raise BuildError(f"cannot write {db_path}: folder {folder} does not exist")
    if not folder.is_dir():
        raise BuildError(f"cannot write {db_path}: {folder} is not a folder")
    if db_path.is_dir():
        raise BuildError(f"cannot write {db_path}: it is a folder")


def build(folder, db_path, progress=None, strict=False, workers=None, full=False, cache=True):
    """Build db_path from the articles under folder; returns a Report.

    progress: called with the number of files, returns a context manager
        whose update(n) is called as files are done (click.progressbar fits);
    strict: any warning fails the build before anything is written;
    workers: processes working on files (default: one per core);
    full: work every file out again, ignoring the cache (and refill it);
    cache: the build cache's path, True for the default beside db_path
        (cache.cache_path), or False for none."""
    db_path = Path(db_path)
    check_target(db_path)
    report = Report()
    path = cache_path(db_path) if cache is True else cache
    store = Cache(path, report.cache_warnings.append, read=not full) if path else _NoCache()
    try:
        results = gather(folder, report, store, code_version() if path else None, full, progress, workers)
    finally:
        store.close()
    kept = keep(results, report)
    if not kept:
        raise BuildError(f"no articles found in {folder} (looked for .txt, .html and .htm files)", report)
    if strict and report.warnings:
        raise BuildError(f"--strict: {len(report.warnings)} warnings; database not written", report)
    rows = {"articles": [k["article"] for k in kept],
            "passages": [p for k in kept for p in k["passages"]],
            "briefs": [b for k in kept for b in k["briefs"]]}
    facts = combine([k["extracted"] for k in kept])
    themes = [t for k in kept for t in k["themes"]]
    memo = {}
    for name, table_rows in facts.items():
        if schema.BY_NAME[name].themed:
            themes += themes_of(name, table_rows, seen=memo)
    rows.update(rating_scale=vocab.read_csv("rating_scale.csv"), eras=vocab.read_csv("eras.csv"),
                themes=vocab.read_csv("themes.csv"), **facts,
                row_themes=[dict(zip(("table_name", "column_name", "row_id", "theme"), t)) for t in themes])
    write_database(db_path, rows)
    store.save()
    report.articles, report.passages, report.briefs = (len(rows[n]) for n in ARTICLE_TABLES)
    report.facts = {name: len(facts.get(name) or []) for name in facts}
    return report


class _NoCache:
    """Stands in for Cache when there is none."""

    def get(self, key, name):
        return None

    def put(self, key, text):
        pass

    def close(self):
        pass

    def save(self):
        pass
