"""Shared fixtures: the seed database, built once per session, and a Datasette
app serving it the way ./scripts/serve does (immutable, with metadata.yml)."""
from pathlib import Path

import pytest
import yaml
from datasette.app import Datasette

from datasette_cafcass.build import build

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def gold():
    return yaml.safe_load((DATA / "gold_seeds.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory):
    """Path of cafcass.db built from seeds/."""
    path = tmp_path_factory.mktemp("seeddb") / "cafcass.db"
    build(SEEDS, path)
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
