"""The build cache: what each article file's own work produced (read, clean,
passages, extract_article(), themes), so that a rebuild redoes only the files
that changed.

One SQLite file beside the database (cafcass.db -> cafcass.db.cache) with one
row per article file: a key and the worker's result, the very JSON text a cold
build decodes, so a warm build loads exactly what a cold one would. The key is
a digest of
  - the code version (code_version()): every source file of the build
    package, schema.py and themes.py, vocab.fingerprint(), and the versions of
    Python, its Unicode tables, BeautifulSoup and PyYAML, so a change to any of
    them works every article out again;
  - the file's path (the article's id, and every passage and fact id, come from it);
  - the SHA-256 of the file's bytes;
  - the file's row in sources.csv or sources.yml, if any.
A cache that cannot be read, or an entry that does not decode or is not the one
its key names, is a warning (the article is worked out again), never an error:
the cache only ever saves time. Entries this build did not use are dropped
when it saves, so the file holds one entry per article of the last build.
"""
import hashlib
import json
import os
import sqlite3
import sys
import tempfile
import unicodedata
import zlib
from importlib import metadata
from pathlib import Path

FORMAT = 1  # bump when the layout of a result changes
PACKAGE = Path(__file__).resolve().parent.parent  # datasette_cafcass/
# What a result's JSON must hold (a foreign or truncated entry lacks some).
RESULT_KEYS = frozenset({"article", "passages", "briefs", "warnings", "digest", "extracted", "themes"})


def cache_path(db_path):
    """Where the cache of db_path lives: beside it, named after it."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".cache")


def _version(dist):
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def code_version():
    """A digest of everything a result depends on besides the file itself."""
    from .. import vocab

    h = hashlib.sha256()
    sources = sorted((PACKAGE / "builder").rglob("*.py")) + [PACKAGE / "schema.py", PACKAGE / "themes.py"]
    for p in sources:
        h.update(p.relative_to(PACKAGE).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    h.update(vocab.fingerprint().encode())
    h.update(json.dumps([FORMAT, sys.version_info[:2], unicodedata.unidata_version,
                         _version("beautifulsoup4"), _version("PyYAML")]).encode())
    return h.hexdigest()


def entry_key(version, rel_path, sha256, listed):
    """The key of one file's entry; listed is its sources-file row (a dict) or None."""
    text = json.dumps([version, rel_path, sha256, listed], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def pack(key, text):
    """An entry's stored value: its own key (to tell a foreign entry), a CRC-32
    of the result (to tell a damaged one) and the result's JSON. Not
    compressed: decompressing took longer than the rest of reading an entry."""
    data = text.encode()
    return b"%s\n%08x\n%s" % (key.encode(), zlib.crc32(data), data)


def unpack(key, value):
    """The result's JSON text of a stored value; ValueError when it is not key's
    or is damaged."""
    if not isinstance(value, bytes):
        raise ValueError("not an entry")
    own, _, rest = value.partition(b"\n")
    crc, _, data = rest.partition(b"\n")
    if own != key.encode():
        raise ValueError("it is another file's entry")
    if crc != b"%08x" % zlib.crc32(data):
        raise ValueError("it is damaged (its checksum does not match)")
    return data.decode()


class Cache:
    """Entries of the cache file at path. warn(message) reports trouble.

    get() reads entries; put() keeps new ones in memory; save() writes them and
    drops the entries of files this build no longer has."""

    def __init__(self, path, warn, read=True):
        self.path = Path(path)
        self.warn = warn
        self.conn = None
        self.broken = False  # the file is there but unreadable: save() replaces it
        self.new = {}
        self.used = set()
        if read:
            self._open()

    def _open(self):
        if not self.path.exists():
            return
        try:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            conn.execute("select key, value from entries limit 0").fetchall()
        except sqlite3.Error as e:
            self.warn(f"build cache {self.path} cannot be read ({e}); every article is worked out again "
                      f"and the cache is written anew")
            self.broken = True
            return
        self.conn = conn

    def get(self, key, name):
        """The result (a dict) stored under key, or None. name: the file, for warnings."""
        if self.conn is None:
            return None
        try:
            row = self.conn.execute("select value from entries where key = ?", (key,)).fetchone()
        except sqlite3.Error as e:
            self.warn(f"build cache {self.path}: the entry of {name} cannot be read ({e}); worked out again")
            return None
        if row is None:
            return None
        try:
            text = unpack(key, row[0])
            result = json.loads(text)
            if not isinstance(result, dict) or result.keys() != RESULT_KEYS:
                raise ValueError("it does not hold a build result")
        except ValueError as e:  # json.JSONDecodeError and UnicodeDecodeError are ValueErrors
            self.warn(f"build cache {self.path}: the entry of {name} is unusable ({e}); worked out again")
            return None
        self.used.add(key)
        return result

    def put(self, key, text):
        self.new[key] = text

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def save(self):
        """Write the new entries and drop the unused ones; a warning when that fails."""
        self.close()
        try:
            if self.broken or not self.path.exists():
                self._write_fresh()
            else:
                self._update()
        except (OSError, sqlite3.Error) as e:
            self.warn(f"build cache {self.path} not written ({getattr(e, 'strerror', None) or e}); "
                      f"the next build works every changed article out again")

    def _schema(self, conn):
        conn.execute("create table if not exists entries (key text primary key, value blob not null)")

    def _rows(self):
        return ((k, pack(k, t)) for k, t in self.new.items())

    def _write_fresh(self):
        # into a temporary file renamed into place, so no one reads a half-written cache
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        os.close(fd)
        try:
            conn = sqlite3.connect(tmp)
            with conn:
                self._schema(conn)
                conn.executemany("insert or replace into entries values (?, ?)", self._rows())
            conn.close()
            os.replace(tmp, self.path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise

    def _update(self):
        conn = sqlite3.connect(self.path, timeout=60)  # another build may be saving
        try:
            with conn:
                self._schema(conn)
                conn.executemany("insert or replace into entries values (?, ?)", self._rows())
                conn.execute("create temp table keep (key text primary key)")
                conn.executemany("insert or ignore into temp.keep values (?)",
                                 ((k,) for k in self.used | self.new.keys()))
                conn.execute("delete from entries where key not in (select key from temp.keep)")
        finally:
            conn.close()
