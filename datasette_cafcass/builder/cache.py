"""The build cache: what each article file's own work produced (read, clean,
passages, extract_article(), themes), so that a rebuild redoes only the files
that changed.

One SQLite file beside the database (cafcass.db -> cafcass.db.cache) with one
row per article file: a key and the worker's result, the very bytes a cold build
decodes (encode()), so a warm build loads exactly what a cold one would. The key is
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

The cache also keeps a record of the database the last build wrote (see
patch.py): which file it is (its inode, size and times), the code version, the
entry of each article it holds, a digest of each fact table's rows, and each
file's size, time and hash. A rebuild whose database is still that very file
patches a copy of it rather than writing every row again.
"""
import hashlib
import json
import marshal
import os
import sqlite3
import sys
import tempfile
import unicodedata
import zlib
from importlib import metadata
from pathlib import Path

FORMAT = 3  # bump when the layout of a result changes
PACKAGE = Path(__file__).resolve().parent.parent  # datasette_cafcass/
# A result is two marshal values: what every build needs of an article (its
# id, warnings, facts, and whether it is the inspectorate's own words), then
# its rows, which a patching rebuild reads only for the articles it adds
# (patch.py); the head's length and a newline go first, so the rows need not
# be read to get it. marshal, not JSON: a rebuild decodes every head (0.26 s
# rather than 0.44 s at 10,000 articles), and a full build every result. Its
# format is Python's own, so code_version() holds the Python version. What
# each must hold (a foreign or truncated entry lacks some):
HEAD_KEYS = frozenset({"id", "source_file", "warnings", "digest", "extracted", "inspectorate"})
ROWS_KEYS = frozenset({"article", "passages", "briefs", "themes"})


def encode(head, rows):
    """The bytes of a result: the length of head's marshal bytes, a newline,
    those bytes, then rows'. ValueError when a value is not a plain one
    (marshal holds None, bool, int, float, str, bytes, list, tuple, dict, set)."""
    h = marshal.dumps(head)
    return b"%d\n%s%s" % (len(h), h, marshal.dumps(rows))


def decode(data, rows=True):
    """The result (a dict) of encode()'s bytes: head's keys, and rows' too
    unless rows is false (then the rows' bytes, most of an entry, are not even
    decoded: a patching rebuild reads every head and few rows). ValueError when
    it is not a result."""
    try:
        end = data.index(b"\n")
        size = int(data[:end])
        view = memoryview(data)[end + 1:]
        head = marshal.loads(view[:size])
        if not isinstance(head, dict) or head.keys() != HEAD_KEYS:
            raise ValueError
        if rows:
            more = marshal.loads(view[size:])
            if not isinstance(more, dict) or more.keys() != ROWS_KEYS:
                raise ValueError
            head.update(more)
    except (ValueError, EOFError, TypeError):  # what marshal raises on bytes it did not write
        raise ValueError("it does not hold a build result") from None
    return head


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


def pack(key, data):
    """An entry's stored value: its own key (to tell a foreign entry), a CRC-32
    of the result (to tell a damaged one) and the result's bytes (encode()).
    Not compressed: decompressing took longer than the rest of reading an entry."""
    return b"%s\n%08x\n%s" % (key.encode(), zlib.crc32(data), data)


def unpack(key, value):
    """The result's bytes of a stored value (for decode()); ValueError when it
    is not key's or is damaged."""
    if not isinstance(value, bytes):
        raise ValueError("not an entry")
    own, _, rest = value.partition(b"\n")
    crc, _, data = rest.partition(b"\n")
    if own != key.encode():
        raise ValueError("it is another file's entry")
    if crc != b"%08x" % zlib.crc32(data):
        raise ValueError("it is damaged (its checksum does not match)")
    return data


def fsync_path(path):
    """Flush the file (or folder) at path to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Cache:
    """The cache file at path. warn(message) reports trouble; read=False (a
    --full build) uses none of the entries but still writes new ones.

    keys() and get() read entries; put() adds new ones as the build goes (in a
    transaction, not in memory); save() commits them and drops the entries of
    files this build did not have; close() without save() keeps the file as it
    was. A new cache, a --full build's (which writes every entry again) and
    the one replacing a file that is not a cache are written to a temporary
    file beside it, without a journal, and renamed into place at save()."""

    def __init__(self, path, warn, read=True):
        self.path = Path(path)
        self.warn = warn
        self.read = read
        self.conn = None
        self.fresh = None  # the temporary file a new cache is written to, renamed at save()
        self.used = set()
        self.record = None  # the record of the database this build wrote (record_build)
        self.ok = True
        try:
            self._open()
        except (OSError, sqlite3.Error) as e:
            self.ok = False
            self.warn(f"build cache {self.path} cannot be used ({getattr(e, 'strerror', None) or e}); "
                      f"the next build works every article out again")

    def _open(self):
        if self.path.exists():
            conn = None
            try:
                conn = sqlite3.connect(self.path, timeout=60)  # another build may be saving
                conn.execute("select key, value from entries limit 0").fetchall()
                if self.read:
                    # One read transaction for the build's thousands of reads (put()'s
                    # writes join it, save() commits it): outside one, SQLite takes and
                    # drops its file lock, and looks for a hot journal, at each read.
                    conn.execute("begin")
                    self.conn = conn
                    return
                # --full: every entry is written again, so into a new file
                # (no journal of the old one's pages, one sync), as below
                conn.close()
            except sqlite3.Error as e:
                if conn is not None:
                    conn.close()
                self.warn(f"build cache {self.path} cannot be read ({e}); every article is worked out again "
                          f"and the cache is written anew")
                self.read = False
        # a new cache, in a temporary file beside it until save()
        fd, self.fresh = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        os.close(fd)
        self.conn = sqlite3.connect(self.fresh)
        # A scratch file until save() renames it into place, so no journal and
        # no syncs at each commit: save() syncs it once, before the rename.
        self.conn.execute("pragma journal_mode = off")
        self.conn.execute("pragma synchronous = off")
        self.conn.execute("create table entries (key text primary key, value blob not null)")

    def last_build(self):
        """The record of the database the last build wrote (a dict), or None
        when there is none or it cannot be read (the build then writes every row)."""
        if not self.read or not self.ok:
            return None
        try:
            row = self.conn.execute("select value from builds where name = 'last'").fetchone()
            record = json.loads(row[0]) if row else None
        except (sqlite3.Error, ValueError):  # a cache made before the record existed has no such table
            return None
        return record if isinstance(record, dict) else None

    def record_build(self, record):
        """Keep record (a dict, or None for none) as the last build's, saved with the entries."""
        self.record = record

    def keys(self):
        """The keys of every entry there is (none for a --full build)."""
        if not self.read or not self.ok:
            return set()
        try:
            return {k for (k,) in self.conn.execute("select key from entries")}
        except sqlite3.Error as e:
            self.warn(f"build cache {self.path} cannot be read ({e}); every article is worked out again")
            self.read = False
            return set()

    def get(self, key, name, rows=True):
        """The result (a dict, see decode()) stored under key, or None with a
        warning when it cannot be used. name: the file, for the warning."""
        try:
            row = self.conn.execute("select value from entries where key = ?", (key,)).fetchone()
            if row is None:
                raise ValueError("it is not there any more")
            result = decode(unpack(key, row[0]), rows)
        except (ValueError, sqlite3.Error) as e:
            self.warn(f"build cache {self.path}: the entry of {name} is unusable ({e}); worked out again")
            return None
        self.used.add(key)
        return result

    def peek(self, key):
        """The head of the entry under key (decode()'s, without rows), or None
        when there is none usable: to compare with, so neither kept by save()
        nor warned about."""
        if not self.read or not self.ok:
            return None
        try:
            row = self.conn.execute("select value from entries where key = ?", (key,)).fetchone()
            return decode(unpack(key, row[0]), rows=False) if row else None
        except (ValueError, sqlite3.Error):
            return None

    def put(self, key, text):
        if not self.ok:
            return
        try:
            self.conn.execute("insert or replace into entries values (?, ?)", (key, pack(key, text)))
            self.used.add(key)
        except sqlite3.Error as e:
            self._failed(e)

    def _failed(self, e):
        self.ok = False
        self.warn(f"build cache {self.path} not written ({getattr(e, 'strerror', None) or e}); "
                  f"the next build works every changed article out again")

    def save(self):
        """Commit the new entries and drop the unused ones; a warning when that fails."""
        if not self.ok:
            return
        try:
            self.conn.execute("create temp table keep (key text primary key)")
            self.conn.executemany("insert or ignore into temp.keep values (?)", ((k,) for k in self.used))
            self.conn.execute("delete from entries where key not in (select key from temp.keep)")
            self.conn.execute("create table if not exists builds (name text primary key, value text)")
            self.conn.execute("delete from builds")
            if self.record is not None:
                self.conn.execute("insert into builds values ('last', ?)", (json.dumps(self.record),))
            self.conn.commit()
            self.conn.close()
            self.conn = None
            if self.fresh:
                fsync_path(self.fresh)  # on disk before the rename can be
                os.chmod(self.fresh, 0o644)
                os.replace(self.fresh, self.path)
                self.fresh = None
        except (OSError, sqlite3.Error) as e:
            self._failed(e)

    def close(self):
        """Leave the file as it was before this build (unless save() ran)."""
        if self.conn is not None:
            try:
                self.conn.rollback()
                self.conn.close()
            except sqlite3.Error:
                pass
            self.conn = None
        if self.fresh:
            try:
                os.unlink(self.fresh)
            except OSError:
                pass
            self.fresh = None
