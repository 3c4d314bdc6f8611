"""The domain's vocabulary as data: the files beside this module, and the one
loader every other module reads them through.

Adding a phrasing, an alias or a role is one row in one of these files; the
build and the plugin pick it up on their next start (the build's cache key
includes every file here, so a change re-extracts every article).
"""
import csv
import functools
import hashlib
from pathlib import Path

FOLDER = Path(__file__).resolve().parent


def path(name):
    return FOLDER / name


@functools.lru_cache(maxsize=None)
def _csv(name):
    with open(path(name), newline="", encoding="utf-8") as f:
        return tuple({k: (v if v != "" else None) for k, v in row.items()} for row in csv.DictReader(f))


def read_csv(name):
    """Rows of a CSV file here as dicts, empty cells as None (a fresh list of fresh dicts)."""
    return [dict(row) for row in _csv(name)]


def files():
    """Every vocabulary file, in a stable order."""
    return sorted(p for p in FOLDER.iterdir() if p.is_file() and p.suffix in (".csv", ".yml", ".yaml", ".txt"))


def fingerprint():
    """A digest of every vocabulary file: part of the build cache's key."""
    h = hashlib.sha256()
    for p in files():
        h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()
