"""Where the benchmarks keep their corpora and databases: --workdir (kept
afterwards, so the next run reuses what it holds) or a temporary folder
(removed at the end)."""
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from make_corpus import make_corpus


@contextmanager
def workdir(given, prefix):
    """The folder to work in: `given`, made if missing, or a new temporary one."""
    path = Path(given or tempfile.mkdtemp(prefix=prefix))
    path.mkdir(parents=True, exist_ok=True)
    try:
        yield path
    finally:
        if not given:
            shutil.rmtree(path, ignore_errors=True)


def corpus(folder, n, seed):
    """FOLDER/corpus-N-sSEED, written by make_corpus.py once (".complete" marks a
    finished one; a half-written one is written again)."""
    out = Path(folder) / f"corpus-{n}-s{seed}"
    done = out / ".complete"
    if not done.exists():
        shutil.rmtree(out, ignore_errors=True)
        make_corpus(n, out, seed)
        done.write_text("")
    return out
