"""The build: read files, clean them, split passages, extract facts, load.

The database is written to a temporary file beside the target and renamed
into place only when the whole build has succeeded, so a failed or
interrupted build leaves the previous database byte for byte.
"""
import contextlib
import fcntl
import glob
import hashlib
import multiprocessing
import os
import signal
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from .. import schema, vocab
from .blocks import squash
from .clean import about_cafcass, clean
from .corrections import CorrectionsError, apply_corrections, corrections_path
from .extract import extract_facts
from .passages import lay_out
from .sources import SourceError, find_sources, read_source




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
    warnings: list = field(default_factory=list)


# Below this many files a pool costs more than it saves.
POOL_MIN_FILES = 64


def read_one(path, folder):
    """Read, clean and lay out one file: ("error", message) or ("ok", source,
    article, body, passages, briefs, digest). Runs in a worker process."""
    try:
        source = read_source(path, folder)
    except SourceError as e:
        return ("error", str(e))
    art = clean(source)
    body, parts, items = lay_out(art.blocks)
    digest = hashlib.sha256(squash(f"{art.title}\n{body}").encode()).hexdigest()
    source.text = None  # not needed any more: don't send it back
    art.blocks = None
    return ("ok", source, art, body, parts, items, digest)


def _read_one(args):
    return read_one(*args)


def _worker_init():
    # Workers must die on the pool's SIGTERM, not run the CLI's handler they inherit.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def read_all(paths, folder, workers):
    """read_one() of each path, in order; on `workers` processes (cleaning is
    pure Python, so a pool is what puts both cores to work)."""
    if workers is None:
        workers = os.cpu_count() or 1
    if workers <= 1 or len(paths) < POOL_MIN_FILES:
        for path in paths:
            yield read_one(path, folder)
        return
    with multiprocessing.Pool(min(workers, os.cpu_count() or 1), initializer=_worker_init) as pool:
        yield from pool.imap(_read_one, [(p, folder) for p in paths], chunksize=16)


def read_corpus(folder, report, progress=None, workers=None):
    """Articles, passages and briefs rows from every file under folder."""
    folder = Path(folder)
    if not folder.exists():
        raise BuildError(f"input folder {folder} does not exist")
    if not folder.is_dir():
        raise BuildError(f"input folder {folder} is not a folder")
    paths = find_sources(folder)
    report.files = len(paths)
    articles, passages, briefs = [], [], []
    seen = {}  # text hash -> source file, to store the same text once
    ids = set()
    # closing(): the pool is shut down here, not whenever the generator is collected
    with contextlib.closing(read_all(paths, folder, workers)) as results:
        for _, result in zip(progress(paths) if progress else paths, results):
            if result[0] == "error":
                report.warnings.append(result[1])
                continue
            _, source, art, body, parts, items, digest = result
            report.warnings += source.warnings
            if source.id in ids:
                report.warnings.append(f"{source.source_file}: skipped, an article with id {source.id!r} was already read")
                continue
            if not body and not art.title:
                report.warnings.append(f"{source.source_file}: no article text found")
                continue
            if digest in seen:
                report.warnings.append(f"{source.source_file}: skipped, same text as {seen[digest]} (stored once)")
                continue
            seen[digest] = source.source_file
            ids.add(source.id)
            articles.append({
                "id": art.id, "source_file": art.source_file, "sha256": art.sha256,
                "title": art.title, "author": art.author, "published": art.published,
                "published_basis": art.published_basis, "outlet": art.outlet, "url": art.url,
                "body": body, "word_count": len(body.split()),
                "about_cafcass": about_cafcass(art.title, body),
            })
            for p in parts:
                passages.append({"id": schema.passage_id(art.id, p["seq"]), "article_id": art.id, **p})
            for b in items:
                pid = schema.passage_id(art.id, b.pop("passage_seq"))
                briefs.append({"id": pid, "article_id": art.id, "passage_id": pid, **b})
    return articles, passages, briefs


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
PLAIN = (str, int, float, bytes, type(None))


def load(db, rows_by_table):
    """Insert each table's rows. The tables exist already, so for plain values
    an executemany does what insert_all would, without its per-value
    conversions (a third of the load time at 10,000 articles)."""
    for name in schema.LOAD_ORDER:
        rows = rows_by_table.get(name) or []
        if not rows:
            continue
        table = schema.BY_NAME[name]
        columns = table.column_names
        values = [[table.check(r)[c] for c in columns] for r in rows]
        if all(type(v) in PLAIN for row in values for v in row):
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
    if not folder.exists():
        raise BuildError(f"cannot write {db_path}: folder {folder} does not exist")
    if not folder.is_dir():
        raise BuildError(f"cannot write {db_path}: {folder} is not a folder")
    if db_path.is_dir():
        raise BuildError(f"cannot write {db_path}: it is a folder")
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


def build(folder, db_path, progress=None, strict=False, workers=None, corrections=None):
    """Build db_path from the articles under folder; returns a Report.
    strict: any warning fails the build before anything is written.
    workers: processes reading and cleaning files (default: one per core).
    corrections: the corrections file (default: corrections.yml in folder, if any)."""
    report = Report()
    articles, passages, briefs = read_corpus(folder, report, progress, workers)
    if not articles:
        raise BuildError(f"no articles found in {folder} (looked for .txt, .html and .htm files)", report)
    if strict and report.warnings:
        raise BuildError(f"--strict: {len(report.warnings)} warnings; database not written", report)
    facts = extract_facts(articles, passages)
    try:  # corrections by hand, after combine() on every build (builder/corrections.py)
        facts, fixes, notes = apply_corrections(facts, articles, passages, corrections_path(folder, corrections), strict)
    except CorrectionsError as e:
        report.warnings += e.warnings
        raise BuildError(str(e), report) from None
    report.warnings += notes
    facts["corrections"] = fixes
    rows = {"articles": articles, "passages": passages, "briefs": briefs,
            "rating_scale": vocab.read_csv("rating_scale.csv"), "eras": vocab.read_csv("eras.csv"),
            "themes": vocab.read_csv("themes.csv"), **facts}
    write_database(db_path, rows)
    report.articles, report.passages, report.briefs = len(articles), len(passages), len(briefs)
    report.facts = {name: len(facts.get(name) or []) for name in facts}
    return report
