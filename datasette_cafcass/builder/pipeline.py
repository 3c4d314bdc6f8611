"""The build: read files, clean them, split passages, extract facts, load.

Each article file's own work (read -> clean -> lay out passages ->
extract.extract_article() -> themes of its text) depends on that file alone,
so it runs on a pool of processes, one task per file, and its result (plain
values, in marshal's format) is kept in the build cache beside the database (cache.py); a rebuild
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
import gc
import glob
import hashlib
import os
import shutil
import signal
import sqlite3
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

# multiprocessing is imported only when a pool is used (a build of a few files
# has none).
from .. import schema, vocab
from ..themes import Matcher
from . import patch
from .blocks import squash
from .cache import Cache, cache_path, code_version, decode, encode, entry_key, fsync_path
from .clean import about_cafcass, clean
from .corrections import CorrectionsError, apply_corrections, corrections_path
from .disputes import is_inspectorates
from .extract import combine, extract_article
from .passages import lay_out
from .sources import SourceError, SourceListError, apply_listing, find_relative, read_source, read_source_list


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
    written: str = None  # "all rows", "patched" (patch.py) or "unchanged"
    why_all: str = None  # why the rows were all written, when they were
    rows_changed: int = None  # rows a patch deleted or inserted
    facts_kept: bool = False  # the fact tables left as they were, not worked out (_facts_as_before)
    timings: dict = field(default_factory=dict)  # seconds per phase


# Below this many files to work on, a pool costs more than it saves.
POOL_MIN_FILES = 32
# The tables whose rows come out of one file's work (the rest: combine() and vocab/).
ARTICLE_TABLES = ("articles", "passages", "briefs")


@functools.lru_cache(maxsize=None)
def theme_matcher():
    return Matcher(vocab.read_csv("themes.csv"))


def themes_of(table, rows, match=None, seen=None, known=None):
    """[table, column, row id, theme] for each themed column of table that each
    row's text mentions (schema.Table.themed). seen: a memo of text -> themes,
    filled here; known: the last build's (read, not kept), when made by the
    same code and vocabulary: most of a rebuild's texts are in it."""
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
                    found = known.get(text) if known else None
                    if type(found) is not list:  # not there (or not a memo's: the record is only ever a help)
                        found = match(text)
                    seen[text] = found
            out += [[table, column, row["id"], theme] for theme in found]
    return out


def article_themes(article, passages, briefs):
    """themes_of() the article, its passages and its briefs, in that order, the
    text read once: the body is the passages' texts joined by blank lines
    (lay_out()), and a brief's text is its passage's."""
    (body,), (text,), (brief_text,) = (schema.BY_NAME[t].themed for t in ARTICLE_TABLES)
    whole, each = theme_matcher().of_parts([p[text] for p in passages])
    of_passage = {p["id"]: found for p, found in zip(passages, each)}
    return ([["articles", body, article["id"], theme] for theme in whole]
            + [["passages", text, p["id"], theme] for p in passages for theme in of_passage[p["id"]]]
            + [["briefs", brief_text, b["id"], theme] for b in briefs for theme in of_passage[b["passage_id"]]])


def work(path, folder, listed):
    """One file's own work: ("error", message, None) or ("ok", sha256, the
    bytes of its result: cache.encode() of {id, source_file, warnings,
    digest, extracted, inspectorate} and {article, passages, briefs, themes}).
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
    themes = article_themes(article, passages, briefs) if found else []
    head = {
        "id": art.id, "source_file": art.source_file, "warnings": source.warnings,
        "digest": hashlib.sha256(squash(f"{art.title}\n{body}").encode()).hexdigest(),
        "extracted": extract_article(article, passages) if found else None,
        "inspectorate": is_inspectorates(article),
    }
    try:
        text = encode(head, {"article": article, "passages": passages, "briefs": briefs, "themes": themes})
    except ValueError as e:  # the interface promises plain values: say whose are not
        raise TypeError(f"{source.source_file}: extract_article() gave a value that is not a plain one ({e})") from None
    return ("ok", source.sha256, text)


def _work(args):
    return work(*args)


def _worker_init():
    # Workers must die on the pool's SIGTERM, not run the CLI's handler they inherit.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # They inherit build()'s disabled collector too, but what they make lives for one
    # article: its reference cycles (a few dozen per article) would pile up, 70 MB a worker at 10,000.
    gc.enable()


class Workers:
    """work() of each task (path, folder, listed), in order, on a pool of
    `workers` processes (default: one per core; the work is pure Python, so
    processes, not threads), or in this process when there are few. The pool
    starts on entering: before the temporary database is opened, so no worker
    inherits (and keeps alive after a SIGKILL) its file and lock."""

    def __init__(self, tasks, workers):
        cores = os.cpu_count() or 1
        workers = cores if workers is None else workers
        self.tasks, self.size, self.pool = tasks, min(workers, cores), None

    def __enter__(self):
        if self.size <= 1 or len(self.tasks) < POOL_MIN_FILES:
            self.results = (work(*t) for t in self.tasks)
        else:
            import multiprocessing

            self.pool = multiprocessing.Pool(self.size, initializer=_worker_init)
            # small chunks: articles differ a lot in size, and the progress bar moves
            chunk = max(1, min(8, len(self.tasks) // (self.size * 16)))
            self.results = self.pool.imap(_work, self.tasks, chunksize=chunk)
        return self

    def __next__(self):
        return next(self.results)

    def close(self):
        if self.pool is not None:
            self.pool.terminate()  # done or failed: nothing left to wait for
            self.pool.join()
            self.pool = None

    def __exit__(self, *exc):
        self.close()


# A file whose size, modification time and inode are those the last build noted
# is not read again for its SHA-256, unless it was modified less than this
# before that build hashed it: a file written twice within the file system's
# timestamp resolution (two seconds on FAT) would look unchanged.
RACY_NS = 2_000_000_000


def _hashes(paths, rels, noted):
    """([SHA-256 of each file, or None when it cannot be read], {file path:
    [size, mtime_ns, inode, SHA-256]} for the next build). noted: the last
    build's record, if any (its "files" and "hashed_at")."""
    known = (noted or {}).get("files") or {}
    before = ((noted or {}).get("hashed_at") or 0) - RACY_NS
    shas, files = [], {}
    for path, rel in zip(paths, rels):
        try:
            st = os.stat(path)
        except OSError:
            shas.append(None)  # work() reports it
            continue
        mark = [st.st_size, st.st_mtime_ns, st.st_ino]
        seen = known.get(rel)
        sha = seen[3] if seen and seen[:3] == mark and st.st_mtime_ns < before else _file_sha256(path)
        shas.append(sha)
        if sha:
            files[rel] = mark + [sha]
    return shas, files


def _file_sha256(path):
    try:
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()
    except OSError:
        return None  # work() reports it


class Keeper:
    """Decides, in file order, which results are loaded: a file that failed,
    gave no text, has the id of one before it or the same text as one before
    it is left out, with a warning."""

    def __init__(self, report):
        self.report, self.seen, self.ids = report, {}, set()

    def keep(self, result):
        warnings = self.report.warnings
        if isinstance(result, str):
            warnings.append(result)
            return False
        warnings += result["warnings"]
        name = result["source_file"]
        if result["id"] in self.ids:
            warnings.append(f"{name}: skipped, an article with id {result['id']!r} was already read")
            return False
        if result["extracted"] is None:
            warnings.append(f"{name}: no article text found")
            return False
        if result["digest"] in self.seen:
            warnings.append(f"{name}: skipped, same text as {self.seen[result['digest']]} (stored once)")
            return False
        self.seen[result["digest"]] = name
        self.ids.add(result["id"])
        return True


class Clock:
    """Seconds spent in each phase of a build, in the order first met."""

    def __init__(self, into):
        self.into = into

    @contextlib.contextmanager
    def __call__(self, phase):
        start = time.perf_counter()
        try:
            yield
        finally:
            self.into[phase] = self.into.get(phase, 0.0) + time.perf_counter() - start


def create_tables(db, indexes=True):
    """Every table and view of the schema; their indexes too unless indexes is
    false (create_indexes() after loading: an index built over the rows there
    costs less than one kept up to date row by row)."""
    for t in schema.TABLES:
        if t.without_rowid:  # sqlite-utils cannot say WITHOUT ROWID
            columns = ", ".join(f"[{c.name}] {sqlite_utils.db.COLUMN_TYPE_MAPPING[c.type]}" for c in t.columns)
            pk = ", ".join(f"[{c}]" for c in t.pk_columns)
            db.execute(f"create table [{t.name}] ({columns}, primary key ({pk})) without rowid")
        else:
            db[t.name].create(
                {c.name: c.type for c in t.columns},
                pk=t.pk,
                foreign_keys=[tuple(fk) for fk in t.foreign_keys],
            )
    if indexes:
        create_indexes(db)
    for v in schema.VIEWS.values():
        db.create_view(v.name, v.sql)


def create_indexes(db, names=None):
    """The indexes of the tables names (default: all), in schema order."""
    for t in schema.TABLES:
        if names is None or t.name in names:
            for cols in t.indexes:
                db[t.name].create_index(list(cols))


def load(db, rows_by_table):
    """Insert each table's rows (dicts), every row checked against the schema:
    exactly the table's columns, or a SchemaError naming the table and key.
    The tables exist already, so an executemany does what insert_all would,
    without its per-value conversions; a value sqlite3 cannot bind (a list, a
    dict) sends the table through sqlite-utils' insert_all, which stores it as
    JSON."""
    for name in schema.LOAD_ORDER:
        rows = rows_by_table.get(name) or []
        if not rows:
            continue
        table = schema.BY_NAME[name]
        columns = table.column_names
        # Cheaper than table.check() on each row, and as strict: itemgetter
        # fails on a missing key, the lengths show an extra one; check() then
        # says which.
        try:
            values = list(map(table.values_of(), rows))
        except KeyError:
            values = None
        if values is None or set(map(len, rows)) != {len(columns)}:
            for r in rows:
                table.check(r)
        try:
            load_values(db, name, values)
        except sqlite3.ProgrammingError:  # a value sqlite3 cannot bind
            db[name].insert_all(({c: r[c] for c in columns} for r in rows), batch_size=1000)


def load_values(db, name, values):
    """Insert rows given as sequences in the table's column order. All or none:
    a failure leaves the table as it was (a savepoint)."""
    columns = schema.BY_NAME[name].column_names
    sql = "insert into [{}] ({}) values ({})".format(
        name, ", ".join(f"[{c}]" for c in columns), ", ".join("?" for _ in columns))
    db.conn.execute("savepoint load_values")
    try:
        db.conn.executemany(sql, values)
    except BaseException:
        db.conn.execute("rollback to load_values")
        raise
    finally:
        db.conn.execute("release load_values")


def full_text_search(db, names=None):
    """Full-text search of the tables names (default: all), in schema order,
    once their rows are all in (see sqlite-utils' notes on transform)."""
    for t in schema.TABLES:
        if t.fts and (names is None or t.name in names):
            db[t.name].enable_fts(list(t.fts), tokenize="porter", create_triggers=True, replace=True)


def triggers_last(conn, tables):
    """Drop the triggers of tables and create them again, in their order: so
    they come after every index in the schema, where a database indexed in
    one go has them (sqlite3 .dump shows the schema in the order it was made)."""
    marks = ", ".join("?" for _ in tables)
    triggers = conn.execute(f"select name, sql from sqlite_master where type = 'trigger' and tbl_name in ({marks}) "
                            "order by rowid", list(tables)).fetchall()
    for name, _ in triggers:
        conn.execute(f"drop trigger [{name}]")
    for _, sql in triggers:
        conn.execute(sql)


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


class Output:
    """The database being built: a temporary file beside db_path, locked while
    this build lives (see remove_stale_temp_files), rows added as they come,
    and renamed over db_path by commit() once it is complete and on disk. On
    leaving without commit() (an error, Ctrl-C, SIGTERM) the file is removed.

    index() makes some tables' indexes and full-text search on a thread of its
    own: SQLite lets go of the GIL while a statement runs, so the build's own
    Python work (combine() and what follows) goes on beside it on another
    core. Every other method waits for it first. (What else reads the
    database meanwhile, the corrections' Stored rows, waits inside SQLite: the
    one connection runs one statement at a time.) The copy a patch starts
    from is made on that thread too, while the build reads its cache: the
    kernel copies the file without the GIL."""

    def __init__(self, db_path, copy=False):
        """copy: start from a copy of the database at db_path (patch.py) rather than empty tables."""
        self.db_path = Path(db_path)
        self.copy = copy
        self.tmp = self.fd = self._db = None
        self.copying = False  # the copy is being made: the connection opens when it is done (wait())
        self.indexed = set()  # tables whose indexes and full-text search are made (or being made)
        self.job = self.failed = None  # the thread (index()'s, or the copy's), and what it raised

    @property
    def db(self):
        """The database (sqlite_utils), once the copy it is opened on is made."""
        if self.copying:
            self.wait()
        return self._db

    def __enter__(self):
        try:
            return self._start()
        except BaseException:
            self.__exit__()
            raise

    def _start(self):
        folder = self.db_path.parent
        check_target(self.db_path)
        remove_stale_temp_files(self.db_path)
        try:
            self.fd, self.tmp = tempfile.mkstemp(prefix=f".{self.db_path.name}.", suffix=".building", dir=folder)
        except OSError as e:
            raise BuildError(f"cannot write {self.db_path}: folder {folder} is not writable "
                             f"({e.strerror or e})") from None
        fcntl.flock(self.fd, fcntl.LOCK_EX)  # held until we finish or die
        if self.copy:
            self.copying = True
            self._background(self._copy, "copy")
        else:
            self._connect()
            with self._errors():
                create_tables(self._db, indexes=False)
        return self

    def _copy(self):
        with self._errors():
            shutil.copyfile(self.db_path, self.tmp)  # the same inode: the lock still holds

    def _connect(self):
        with self._errors():
            # index()'s thread uses the connection too
            self._db = sqlite_utils.Database(sqlite3.connect(self.tmp, check_same_thread=False))
            self._db.conn.execute("pragma journal_mode = off")  # a scratch file: the rename is the commit
            self._db.conn.execute("pragma synchronous = off")
            self._db.conn.execute("begin")

    def _background(self, work, name):
        """work() on a thread of its own; what it raises, wait() raises."""
        def run():
            try:
                work()
            except BaseException as e:  # raised again by wait(), in the build's thread
                self.failed = e

        self.job = threading.Thread(target=run, name=name, daemon=True)
        self.job.start()

    @contextlib.contextmanager
    def _errors(self):
        try:
            yield
        except (OSError, sqlite3.Error) as e:
            raise BuildError(f"cannot write {self.db_path}: {getattr(e, 'strerror', None) or e}") from None

    def add(self, rows_by_table):
        self.wait()
        with self._errors():
            load(self.db, rows_by_table)

    def add_values(self, name, values):
        self.wait()
        with self._errors():
            load_values(self.db, name, values)

    def index(self, names):
        """Start making the indexes, then the full-text search, of the tables
        names, whose rows are all in (see the class's docstring). Here, not
        on a thread, where this SQLite is not built to share a connection
        between threads (sqlite3.threadsafety below 3)."""
        self.wait()
        if sqlite3.threadsafety < 3:
            self._indexes(names)
            return
        self._background(lambda: self._indexes(names), "indexes")

    def wait(self):
        """Until the thread's work is done (and, after the copy, the database
        opened); what it raised is raised here."""
        if self.job is not None:
            self.job.join()
            self.job = None
        if self.failed is not None:
            failed, self.failed = self.failed, None
            raise failed
        if self.copying:
            self.copying = False
            self._connect()

    def _indexes(self, names, before=()):
        """The indexes of the tables names, then the full-text search; the
        full-text triggers of the tables before moved after those indexes."""
        names = set(names) - self.indexed
        self.indexed |= names
        with self._errors():
            create_indexes(self.db, names)
            self.db.conn.commit()
            triggers_last(self.db.conn, before)
            full_text_search(self.db, names)

    def full_text(self):
        """The indexes and full-text search not made yet, then the planner's
        statistics, once every row is in."""
        self.wait()
        self._indexes({t.name for t in schema.TABLES}, before=set(self.indexed))
        with self._errors():
            self.db.execute("analyze")

    def drop_articles(self, article_ids):
        """In a patched copy: these articles' rows gone (patch.drop_articles)."""
        self.wait()
        with self._errors():
            patch.drop_articles(self.db.conn, article_ids)

    def patch(self, parts, digests, before):
        """In a patched copy: the fact tables made to hold parts' rows
        (patch.sync_all), then the planner's statistics renewed where stale.
        Returns how many rows changed."""
        self.wait()
        with self._errors():
            changed = patch.sync_all(self.db.conn, parts, digests, before)
            self.db.conn.commit()
            patch.optimize(self.db.conn)
        return changed

    def commit(self):
        """Flush the file to disk, then rename it into place."""
        self.wait()
        with self._errors():
            self._db.close()
            self._db = None
            fsync_path(self.tmp)  # the data is on disk before the rename can be
            os.chmod(self.tmp, 0o644)
            os.replace(self.tmp, self.db_path)
            self.tmp = None
            fsync_path(self.db_path.parent)

    def __exit__(self, *exc):
        while self.job is not None and self.job.is_alive():  # a failed build does not wait for its indexes
            if self._db is None:  # the copy, which cannot be stopped: its file goes when it is done
                self.job.join()
                break
            self._db.conn.interrupt()  # stops the statement running, not the next: so again until it ends
            self.job.join(0.05)
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
        if self.tmp is not None:
            try:
                os.unlink(self.tmp)
            except OSError:
                pass
        if self.fd is not None:
            os.close(self.fd)


def write_database(db_path, rows_by_table):
    """Write a complete database to db_path atomically (Output in one go)."""
    with Output(db_path) as out:
        out.add(rows_by_table)
        out.full_text()
        out.commit()


def check_target(db_path):
    """A BuildError when db_path cannot be written for a reason known up front."""
    folder = db_path.parent
    if not folder.exists():
        raise BuildError(f"cannot write {db_path}: folder {folder} does not exist")
    if not folder.is_dir():
        raise BuildError(f"cannot write {db_path}: {folder} is not a folder")
    if db_path.is_dir():
        raise BuildError(f"cannot write {db_path}: it is a folder")


# Articles whose rows are added to the database at a time (whatever the pool
# or the cache gives, so a warm and a cold build write the same pages).
BATCH = 256


def build(folder, db_path, progress=None, strict=False, workers=None, full=False, cache=True, corrections=None):
    """Build db_path from the articles under folder; returns a Report.

    progress: called with the number of files, returns a context manager
        whose update(n) is called as files are done (click.progressbar fits);
    strict: any warning fails the build before anything is written;
    workers: processes working on files (default: one per core);
    full: work every file out again, ignoring the cache (and refill it);
    cache: the build cache's path, True for the default beside db_path
        (cache.cache_path), or False for none;
    corrections: the corrections file (default: corrections.yml in folder, if any)."""
    db_path, folder = Path(db_path), Path(folder)
    check_target(db_path)
    report = Report()
    # Nearly every object made here lives to the end of the build, so the
    # cyclic garbage collector's passes over them would find nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with contextlib.ExitStack() as stack:  # whatever the build opens, it closes
            _build(stack, folder, db_path, report, progress, strict, workers, full, cache, corrections)
    finally:
        if collecting:
            gc.enable()
    return report


def _build(stack, folder, db_path, report, progress, strict, workers, full, cache, corrections):
    clock = Clock(report.timings)
    with clock("find and hash files"):
        if not folder.exists():
            raise BuildError(f"input folder {folder} does not exist")
        if not folder.is_dir():
            raise BuildError(f"input folder {folder} is not a folder")
        rels = find_relative(folder)
        paths = [folder / rel for rel in rels]
        try:
            listing, listing_warnings = read_source_list(folder, rels)
        except SourceListError as e:
            raise BuildError(str(e), report) from None
        report.files = len(paths)
        report.warnings += listing_warnings
        where = cache_path(db_path) if cache is True else cache
        store = Cache(where, report.cache_warnings.append, read=not full) if where else NoCache()
        stack.callback(store.close)
        version = code_version() if where else None
        noted = store.last_build()
        hashed_at = time.time_ns()
        shas, files = _hashes(paths, rels, noted) if where and not full else ([None] * len(paths), {})
        keys = [None if full or not where else
                entry_key(version, rel, sha, listing.get(rel)) for rel, sha in zip(rels, shas)]
        present = store.keys()
        todo = [i for i, key in enumerate(keys) if key not in present]
        last = _patch_base(db_path, noted, where, version, rels, keys, full, report)
        old = last["articles"] if last else None  # file path -> [entry key, article id]
    # the pool first: its workers must not inherit the temporary database (see Workers)
    pool = stack.enter_context(Workers([(paths[i], folder, listing.get(rels[i])) for i in todo], workers))
    out = stack.enter_context(Output(db_path, copy=old is not None))
    bar = stack.enter_context(progress(len(paths))) if progress else None
    missing = set(todo)
    keeper, batch, extracted = Keeper(report), [], []
    held = {}  # file path -> [entry key, article id] of each article the database holds
    inspectorate = {}  # article id -> its own words? (disputes.is_inspectorates)
    fresh = {}  # file path -> the result of each article a patch adds
    with clock("work on articles (pool, cache) and load their rows"):
        for i, (path, rel) in enumerate(zip(paths, rels)):
            key = keys[i]
            # A patch reads the rows of an article only when it adds them.
            result = None if i in missing else store.get(key, rel, rows=old is None)
            if result is None:  # not in the cache, or its entry unusable
                status, value, text = next(pool) if i in missing else work(path, folder, listing.get(rel))
                if status == "error":
                    result = value
                else:
                    key = entry_key(version, rel, value, listing.get(rel)) if where else None
                    store.put(key, text)
                    result = decode(text)  # what a warm build will load, exactly
                    report.worked += 1
            else:
                report.cached += 1
            if keeper.keep(result):
                held[rel] = [key, result["id"]]
                inspectorate[result["id"]] = result["inspectorate"]
                extracted.append(result["extracted"])
                if old is None or old.get(rel) != held[rel]:  # a patch adds only what is new
                    if "article" not in result:  # its head alone came from the cache
                        result = store.get(key, rel) or _rows_again(path, folder, listing.get(rel), result)
                    batch.append(result)
                    if old is not None:
                        fresh[rel] = result
                # a patch holds its rows until the old rows of the articles it changes are gone (below)
                if len(batch) == BATCH and old is None:
                    _add_articles(out, batch, report)
            if bar:
                bar.update(1)
        inputs = _global_inputs(folder, corrections, strict)
        # the last build's facts are this one's: combine() and what follows need not run (see _facts_as_before)
        made = _facts_as_before(store, last, held, fresh, inputs) if old is not None else None
        if old is not None:  # before the new rows go in: the changed articles' old rows go
            out.drop_articles({old[rel][1] for rel in patch.changed(old, held) if rel in old})
        _add_articles(out, batch, report)
    pool.close()  # every result is in: the workers' memory goes back before the global work
    if not extracted:
        raise BuildError(f"no articles found in {folder} (looked for .txt, .html and .htm files)", report)
    if strict and report.warnings:
        raise BuildError(f"--strict: {len(report.warnings)} warnings; database not written", report)
    if old is not None:  # what a patch left alone still counts
        report.articles, report.passages, report.briefs = (
            out.db.conn.execute(f"select count(*) from [{t}]").fetchone()[0] for t in ARTICLE_TABLES)
    else:  # the article tables are complete: their full-text search is made while the facts are worked out
        out.index(ARTICLE_TABLES)
    known = _known_themes(noted, version)
    if made is not None:  # the fact tables stay as the last build left them
        extracted.clear()
        report.facts_kept = True
        report.warnings += made["notes"]  # what the corrections said then, they would say again
        rows, fact_themes, parts, digests, themes = None, None, [], last["tables"], known
    else:
        rows, fact_themes, parts, digests, themes, made = _facts(
            clock, extracted, out, report, folder, corrections, strict, inspectorate, inputs, known, bool(where))
    if old is None:
        with clock("indexes and article tables' full-text search (what is left of them)"):
            out.wait()
        with clock("load facts"):
            out.add(rows)
            out.add_values("row_themes", fact_themes)  # made here, in its column order
        with clock("indexes and full-text search"):
            out.full_text()
        report.written = "all rows"
    else:
        with clock("patch facts"):
            report.rows_changed = out.patch(parts, digests, last["tables"])
        report.written = "patched"
    if report.written == "patched" and not report.rows_changed and not patch.changed(old, held):
        report.written = "unchanged"  # the database as it was: nothing to rename
    else:
        with clock("write"):
            out.commit()
    with clock("save cache"):
        store.record_build(patch.record(db_path, version, held, digests, files, hashed_at, themes, made)
                           if where else None)
        store.save()
    report.facts = made["counts"]


def _facts(clock, extracted, out, report, folder, corrections, strict, inspectorate, inputs, known, patching):
    """The global step: combine() of every article's extracted facts, the
    corrections and disagreements, the themes of the facts' texts. Returns
    (every fact and vocabulary table's rows, the facts' row_themes, the parts
    and digests a patch compares (patch.py; None without a cache: patching
    false), {text: themes} of the facts' texts, and the record of what the
    facts were made from (patch.record()'s facts_made)). known: the last
    build's {text: themes}, if usable (_known_themes())."""
    with clock("combine"):
        facts = combine(extracted)
        extracted.clear()  # the facts hold what is needed of it
    with clock("corrections and disagreements"):
        try:  # corrections by hand, after combine() on every build, never cached (builder/corrections.py)
            facts, fixes, notes = apply_corrections(facts, Stored(out.db.conn, "articles"),
                                                    Stored(out.db.conn, "passages"),
                                                    corrections_path(folder, corrections), strict, inspectorate,
                                                    own=True)
        except CorrectionsError as e:
            report.warnings += e.warnings
            raise BuildError(str(e), report) from None
        report.warnings += notes
        facts["corrections"] = fixes
    made = {"inputs": inputs, "notes": notes, "counts": {name: len(rows or []) for name, rows in facts.items()},
            "named": sorted({f["article_id"] for f in fixes if f["article_id"]})}
    with clock("themes of facts"):
        memo = {}
        themed = {name: themes_of(name, rows, seen=memo, known=known)
                  for name, rows in facts.items() if schema.BY_NAME[name].themed}
        fact_themes = [t for themes in themed.values() for t in themes]
    vocabulary = {"rating_scale": vocab.read_csv("rating_scale.csv"), "eras": vocab.read_csv("eras.csv"),
                  "themes": vocab.read_csv("themes.csv")}
    with clock("digests of facts"):  # for the next build to patch (patch.py)
        parts = patch.compared({**vocabulary, **facts}, themed, ARTICLE_TABLES) if patching else None
        digests = patch.digests(parts) if patching else None
    themes = {t: v for t, v in memo.items() if type(t) is str}
    return {**vocabulary, **facts}, fact_themes, parts, digests, themes, made


def _rows_again(path, folder, listed, head):
    """The whole result of a file whose cache entry gave its head but then not
    its rows: worked out again (it read once, so it reads again)."""
    status, _, text = work(path, folder, listed)
    if status == "error":
        raise BuildError(f"{head['source_file']}: could not be read again while building")
    return decode(text)


def _global_inputs(folder, corrections, strict):
    """What combine(), the corrections and the disagreements read besides the
    articles' heads (and the passages of the articles the corrections name):
    the corrections file, its bytes, and --strict. None when the file cannot
    be read (the build then says why)."""
    try:
        path = corrections_path(folder, corrections)
        return {"corrections": path and [str(path), hashlib.sha256(path.read_bytes()).hexdigest()],
                "strict": bool(strict)}
    except (CorrectionsError, OSError):
        return None


def _facts_as_before(store, last, held, fresh, inputs):
    """The last build's record of its facts ({inputs, notes, counts, named})
    when this build's facts are those very rows: the same articles, in the
    same order, with the same ids; each changed one giving what its last entry
    gave combine() (its extracted facts and whether it is the inspectorate's
    words: an edit the extraction does not see, such as a new paragraph that
    reports nothing, a fixed typo, another url); the same inputs otherwise
    (_global_inputs()); and none of the changed articles named by a
    correction (which reads its passages). Else None."""
    made = last.get("facts_made")
    if inputs is None or not isinstance(made, dict) or made.get("inputs") != inputs:
        return None
    old = last["articles"]
    changed = patch.changed(old, held)
    if old.keys() != held.keys() or any(old[rel][1] != held[rel][1] for rel in changed) \
            or {held[rel][1] for rel in changed} & set(made.get("named") or ()):
        return None
    for rel in changed:
        before, now = store.peek(old[rel][0]), fresh.get(rel)
        if before is None or now is None or (before["extracted"], before["inspectorate"]) != \
                (now["extracted"], now["inspectorate"]):
            return None
    if not isinstance(made.get("notes"), list) or not isinstance(made.get("counts"), dict):
        return None
    return made


def _known_themes(noted, version):
    """The themes of the facts' texts the last build worked out ({text:
    themes}, see themes_of()), when the same code and vocabulary made them."""
    known = noted.get("themes") if noted and noted.get("version") == version else None
    return known if isinstance(known, dict) else None


def _patch_base(db_path, noted, where, version, rels, keys, full, report):
    """The last build's record (noted) when this build can patch its
    database (patch.py); else None, with the reason in report. where: the
    cache's path, if there is a cache."""
    if full:
        report.why_all = "--full"
        return None
    if not where:
        report.why_all = "no build cache"
        return None
    last, why = patch.base(db_path, noted, version)
    if last is not None:
        old, now = last["articles"], dict(zip(rels, keys))
        stale = sum(1 for rel, held in old.items() if now.get(rel) != held[0]) + len(now.keys() - old.keys())
        if stale > patch.MOST_CHANGED * max(len(old), len(now)):
            last, why = None, f"{stale} of {len(now)} articles changed"
    report.why_all = why
    return last


class Stored:
    """The rows of articles or passages already loaded into the database being
    built, by article id, read when asked (the build does not keep them in
    memory): stored["d01"] is the article row, or the article's passages in order."""

    def __init__(self, conn, table):
        self.conn, self.table = conn, table
        self.many = table != "articles"

    def _rows(self, article_id):
        column = "article_id" if self.many else "id"
        order = " order by seq" if self.many else ""
        cur = self.conn.execute(f"select * from [{self.table}] where [{column}] = ?{order}", [article_id])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur]

    def get(self, article_id, default=None):
        rows = self._rows(article_id)
        if self.many:
            return rows
        return rows[0] if rows else default

    def __getitem__(self, article_id):
        return self.get(article_id)

    def __contains__(self, article_id):
        return bool(self._rows(article_id)) if not self.many else True


def _add_articles(out, batch, report):
    """Load the article rows of a batch of results, and their row_themes
    (lists in its column order; a WITHOUT ROWID table, so the order rows come
    in leaves no trace), then empty it."""
    rows = {"articles": [r["article"] for r in batch],
            "passages": [p for r in batch for p in r["passages"]],
            "briefs": [b for r in batch for b in r["briefs"]]}
    out.add(rows)
    out.add_values("row_themes", [t for r in batch for t in r["themes"]])
    report.articles += len(rows["articles"])
    report.passages += len(rows["passages"])
    report.briefs += len(rows["briefs"])
    batch.clear()


class NoCache:
    """Stands in for Cache when there is none."""

    def keys(self):
        return set()

    def get(self, key, name):
        return None

    def put(self, key, text):
        pass

    def close(self):
        pass

    def last_build(self):
        return None

    def record_build(self, record):
        pass

    def save(self):
        pass
