"""What a build costs before it reads an article: a build of one article
imports only what it uses, and a new cache is written the cheap way.

- A build without a pool, front matter, a sources.yml or a corrections file
  imports neither multiprocessing nor PyYAML.
- A new cache, and a --full build's, is written to a file beside it without a
  journal, synced once and renamed into place: a failed build leaves the old.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from datasette_cafcass.builder import pipeline
from datasette_cafcass.builder.cache import cache_path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
# Imported only by the builds that need them (a pool; front matter, a
# sources.yml or a corrections file).
NOT_IMPORTED = ("yaml", "multiprocessing")


def test_a_plain_build_imports_none_of_what_it_does_not_use(tmp_path):
    code = ("import sys; from datasette_cafcass.builder.cli import main; "
            f"status = main(['--seeds', sys.argv[1], '--db', sys.argv[2], '--no-progress']); "
            f"print([m for m in {NOT_IMPORTED!r} if m in sys.modules]); sys.exit(status)")
    done = subprocess.run([sys.executable, "-c", code, str(SEEDS), str(tmp_path / "x.db")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_a_full_build_writes_its_cache_anew_and_a_failed_one_leaves_the_old(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    db = tmp_path / "x.db"
    first = pipeline.build(folder, db)
    before, inode = cache_path(db).read_bytes(), os.stat(cache_path(db)).st_ino
    (folder / "zz_empty.txt").write_text("")  # a warning, so --strict fails
    with pytest.raises(pipeline.BuildError, match="--strict"):
        pipeline.build(folder, db, full=True, strict=True)
    assert cache_path(db).read_bytes() == before
    full = pipeline.build(folder, db, full=True)
    assert (full.cached, full.worked) == (0, first.worked)
    assert os.stat(cache_path(db)).st_ino != inode  # a new file, renamed over the old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "x.db", "x.db.cache"]  # no journal, no leftovers
    assert pipeline.build(folder, db).cached == first.worked
