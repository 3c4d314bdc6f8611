"""The build: read files, clean them, split passages, extract facts, load.

The database is written to a temporary file beside the target and renamed
into place only when the whole build has succeeded, so a failed or
interrupted build leaves the previous database byte for byte.
"""
import csv
import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from . import schema
from .blocks import squash
from .clean import about_cafcass, clean
from .extract import extract_facts
from .passages import lay_out
from .read import SourceError, find_sources, read_source

DATA = Path(__file__).parent / "data"


class BuildError(Exception):
    """A build that cannot go on; the message says what and why."""


@dataclass
class Report:
    files: int = 0
    articles: int = 0
    passages: int = 0
    briefs: int = 0
    facts: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)


def read_corpus(folder, report, progress=None):
    """Articles, passages and briefs rows from every file under folder."""
    folder = Path(folder)
    if not folder.exists():
        raise BuildError(f"input folder {folder} does not exist")
    if not folder.is_dir():
        raise BuildError(f"input folder {folder} is not a folder")
    paths = find_sources(folder)
    report.files = len(paths)
    articles, passages, briefs = [], [], []
    seen = {}  # text hash -> article id, to store the same text once
    ids = set()
    for path in progress(paths) if progress else paths:
        try:
            source = read_source(path, folder)
        except SourceError as e:
            report.warnings.append(str(e))
            continue
        report.warnings += source.warnings
        if source.id in ids:
            report.warnings.append(f"{source.source_file}: skipped, an article with id {source.id!r} was already read")
            continue
        art = clean(source)
        body, parts, items = lay_out(art.blocks)
        if not body and not art.title:
            report.warnings.append(f"{source.source_file}: no article text found")
            continue
        digest = hashlib.sha256(squash(f"{art.title}\n{body}").encode()).hexdigest()
        if digest in seen:
            report.warnings.append(f"{source.source_file}: same text as {seen[digest]}; stored once")
            continue
        seen[digest] = source.id
        ids.add(source.id)
        articles.append({
            "id": art.id, "source_file": art.source_file, "sha256": art.sha256,
            "title": art.title, "author": art.author, "published": art.published,
            "published_basis": art.published_basis, "outlet": art.outlet, "url": art.url,
            "body": body, "word_count": len(body.split()),
            "about_cafcass": about_cafcass(art.title, body),
        })
        first_id = len(passages) + 1
        for p in parts:
            passages.append({"id": len(passages) + 1, "article_id": art.id, **p})
        for b in items:
            seq = b.pop("passage_seq")
            briefs.append({"id": len(briefs) + 1, "article_id": art.id,
                           "passage_id": first_id + seq - 1, **b})
    return articles, passages, briefs


def read_csv(name):
    with open(DATA / name, newline="", encoding="utf-8") as f:
        return [{k: (v if v != "" else None) for k, v in row.items()} for row in csv.DictReader(f)]


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


def load(db, rows_by_table):
    for name in schema.LOAD_ORDER:
        rows = rows_by_table.get(name) or []
        if rows:
            columns = schema.BY_NAME[name].column_names
            db[name].insert_all(({c: r.get(c) for c in columns} for r in rows), batch_size=1000)


def finish(db):
    """Full-text search last, once every row is in (see sqlite-utils' notes on transform)."""
    for t in schema.TABLES:
        if t.fts:
            db[t.name].enable_fts(list(t.fts), tokenize="porter", create_triggers=True, replace=True)
    db.execute("analyze")


def write_database(db_path, rows_by_table):
    """Write a complete database to db_path atomically."""
    db_path = Path(db_path)
    folder = db_path.parent
    if not folder.is_dir():
        raise BuildError(f"cannot write {db_path}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise BuildError(f"cannot write {db_path}: folder {folder} is not writable")
    fd, tmp = tempfile.mkstemp(prefix=f".{db_path.name}.", suffix=".building", dir=folder)
    os.close(fd)
    try:
        db = sqlite_utils.Database(tmp)
        db.conn.execute("pragma journal_mode = off")  # a scratch file: the rename is the commit
        db.conn.execute("pragma synchronous = off")
        with db.conn:
            create_tables(db)
            load(db, rows_by_table)
        finish(db)
        db.conn.execute("vacuum")
        db.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, db_path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def build(folder, db_path, progress=None):
    """Build db_path from the articles under folder; returns a Report."""
    report = Report()
    articles, passages, briefs = read_corpus(folder, report, progress)
    if not articles:
        raise BuildError(f"no articles found in {folder} (looked for .txt, .html and .htm files)")
    facts = extract_facts(articles, passages)
    rows = {"articles": articles, "passages": passages, "briefs": briefs,
            "rating_scale": read_csv("rating_scale.csv"), "eras": read_csv("eras.csv"),
            "themes": read_csv("themes.csv"), **facts}
    write_database(db_path, rows)
    report.articles, report.passages, report.briefs = len(articles), len(passages), len(briefs)
    report.facts = {name: len(facts.get(name) or []) for name in facts}
    return report
