"""Shared fixtures: the seed database, built once per session, and a Datasette
app serving it the way ./scripts/serve does (immutable, with metadata.yml)."""
import shutil
import sqlite3
from pathlib import Path

import pytest
import yaml
from datasette.app import Datasette

from datasette_cafcass.builder.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"


def rows(path, sql, *args, params=None):
    """Rows of a query on a built database, as dicts; parameters one by one or
    as one tuple or dict."""
    if params is None:
        params = args[0] if len(args) == 1 and isinstance(args[0], (tuple, list, dict)) else args
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


@pytest.fixture(scope="session")
def gold():
    return yaml.safe_load((DATA / "gold_seeds.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory):
    """Path of cafcass.db built from seeds/."""
    path = tmp_path_factory.mktemp("seeddb") / "cafcass.db"
    build(SEEDS, path)
    return path


def build_corrected(folder, path):
    """Build, into path, seeds/ plus our own articles that disagree
    (tests/data/corrections/), with the example tests/data/corrections.yml,
    copied into folder: every kind of provenance a page shows (rules, facts
    added and changed by hand, disputed grades and dates)."""
    shutil.copytree(SEEDS, folder)
    for article in (DATA / "corrections").glob("*.txt"):
        shutil.copy(article, folder / article.name)
    return build(folder, path, strict=True, corrections=DATA / "corrections.yml")


@pytest.fixture(scope="session")
def corrected_db(tmp_path_factory):
    """cafcass.db of build_corrected()."""
    folder = tmp_path_factory.mktemp("corrected") / "articles"
    path = folder.parent / "cafcass.db"
    assert build_corrected(folder, path).warnings == []
    return path


@pytest.fixture(scope="session")
def seed_example_db(tmp_path_factory):
    """The seeds alone with the example tests/data/corrections.yml (issue 17's
    "done when")."""
    path = tmp_path_factory.mktemp("seed-example") / "cafcass.db"
    assert build(SEEDS, path, strict=True, corrections=DATA / "corrections.yml").warnings == []
    return path


@pytest.fixture(scope="session")
def metadata():
    return yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))


def make_datasette(db_path, metadata, **settings):
    return Datasette(
        immutables=[str(db_path)],
        metadata=metadata,
        settings=settings or None,
    )


@pytest.fixture(scope="session")
def ds(seed_db, metadata):
    return make_datasette(seed_db, metadata)
