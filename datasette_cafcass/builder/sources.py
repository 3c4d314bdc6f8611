"""Reading source files: find them, decode them, split off front matter.

Every problem with a file is a SourceError naming the file and the reason;
problems that still leave usable text are warnings on the Source.
"""
import csv
import datetime
import hashlib
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .blocks import squash
from .dates import dateline

EXTENSIONS = (".txt", ".html", ".htm")
FRONT_MATTER_KEYS = ("title", "author", "published", "outlet", "url")
FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)
# Control characters other than newline, tab and form feed (a regex count is
# far faster than a Python loop over every character).
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0d-\x1f]")


def _yaml():
    """PyYAML and its safe loader: libyaml's when PyYAML has it (several times
    faster), else PyYAML's own. Imported when a file has front matter or there
    is a sources.yml: most builds need neither, and the import is slow."""
    import yaml

    return yaml, getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SourceError(Exception):
    """A file that cannot be used; the message names the file and the reason."""

    def __init__(self, path, reason):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass
class Source:
    id: str
    source_file: str
    sha256: str
    text: str
    is_html: bool
    front_matter: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)
    listed: dict = field(default_factory=dict)  # the file's row of the sources file


def find_relative(folder):
    """The path of every article file under folder relative to it (with "/"),
    sorted (symlinked folders are not followed, a symlinked file is read).
    os.scandir and strings, not rglob and Path objects: a fifth of the time,
    which counts when a rebuild takes seconds; and the folder listing's own
    word on what is a file, where os.path.isfile() would stat each file (the
    build stats it once more anyway, for its size and time)."""
    found = []
    todo = [(os.fspath(folder), "")]
    while todo:
        root, prefix = todo.pop()
        try:
            with os.scandir(root) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        todo.append((entry.path, prefix + entry.name + "/"))
                    elif os.path.splitext(entry.name)[1].lower() in EXTENSIONS and entry.is_file():
                        found.append(prefix + entry.name)
        except OSError:
            continue  # a folder that cannot be listed, as os.walk skips it
    return sorted(found)


def decode(data, name):
    """Bytes to text: UTF-8 (BOM dropped), else cp1252 with a warning."""
    warnings = []
    if b"\x00" in data[:65536]:
        raise SourceError(name, "not a text file (it contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise SourceError(name, "not valid UTF-8 or cp1252 text") from None
        warnings.append(f"{name}: not valid UTF-8; read as cp1252")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = len(CONTROL_RE.findall(text, 0, 65536))
    if controls > max(8, len(text[:65536]) // 100):
        raise SourceError(name, "not a text file (too many control characters)")
    return text, warnings


def split_front_matter(text, name):
    """(front matter dict, rest of text, warnings). Malformed front matter is a
    warning and is dropped, the article is kept."""
    m = FRONT_MATTER_RE.match(text)
    if not m:
        return {}, text, []
    rest = text[m.end():]
    yaml, loader = _yaml()
    try:
        data = yaml.load(m.group(1), Loader=loader)
    except yaml.YAMLError as e:
        reason = str(e).splitlines()[0]
        return {}, rest, [f"{name}: malformed front matter ignored ({reason})"]
    if not isinstance(data, dict):
        return {}, rest, [f"{name}: malformed front matter ignored (not a mapping of keys to values)"]
    meta = {}
    for key in FRONT_MATTER_KEYS:
        value = data.get(key)
        if value not in (None, ""):
            meta[key] = str(value).strip()
    return meta, rest, []


def read_source(path, folder, listed=None):
    """Read one file into a Source, or raise SourceError. listed: the file's
    row of the sources file (see read_source_list), if any."""
    path = Path(path)
    rel = path.relative_to(folder).as_posix()
    try:
        data = path.read_bytes()
    except OSError as e:
        raise SourceError(rel, f"cannot be read ({e.strerror or e})") from None
    if not data.strip():
        raise SourceError(rel, "empty file" if not data else "only white space")
    text, warnings = decode(data, rel)
    if not text.strip():
        raise SourceError(rel, "only white space")
    is_html = path.suffix.lower() in (".html", ".htm")
    meta = {}
    if not is_html:
        meta, text, fm_warnings = split_front_matter(text, rel)
        warnings += fm_warnings
        if not text.strip():
            raise SourceError(rel, "no text after the front matter")
    return Source(
        id=path.stem if path.parent == Path(folder) else Path(rel).with_suffix("").as_posix(),
        source_file=rel,
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
        is_html=is_html,
        front_matter=meta,
        warnings=warnings,
        listed=dict(listed or {}),
    )


# --- the sources file -------------------------------------------------------

SOURCE_LIST_NAMES = ("sources.csv", "sources.yml", "sources.yaml")
SOURCE_LIST_FIELDS = ("url", "outlet", "published", "author", "title")
ISO_PREFIX_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


class SourceListError(Exception):
    """A sources file that cannot be used at all; the message names it (and the line)."""


def listed_date(value):
    """A sources file's date as an ISO prefix: YYYY, YYYY-MM, YYYY-MM-DD, or a
    date written out ("25 May 2021"); None when it is not one."""
    m = ISO_PREFIX_RE.fullmatch(value)
    if m:
        year, month, day = m.groups()
        try:
            datetime.date(int(year), int(month or 1), int(day or 1))
        except ValueError:
            return None
        return value
    return dateline(value)


def apply_listing(art, source):
    """Give a cleaned article (clean.Article) its row of the sources file.

    What people wrote down beats what the build reads in the text, and the
    file's own front matter (applied by clean()) beats the folder's sources
    file: so a field of the row is taken unless the front matter gave that
    field (a front-matter date that is not a date leaves the row's)."""
    front = source.front_matter
    for key, value in source.listed.items():
        if key == "published":
            if "published" in front and art.published_basis == "front matter":
                continue
            art.published, art.published_basis = value, "sources file"
        elif key not in front:
            setattr(art, key, value)
    if art.author and art.outlet and squash(art.author).casefold() == squash(art.outlet).casefold() \
            and "author" not in source.listed and "author" not in front:
        art.author = None  # the page's author is the outlet itself (<meta name="author">): no writer named
    return art


def find_source_list(folder):
    """The sources file in folder (its top level), None, or SourceListError when there are two."""
    found = [Path(folder) / n for n in SOURCE_LIST_NAMES if (Path(folder) / n).is_file()]
    if len(found) > 1:
        raise SourceListError(f"{found[0]} and {found[1]}: two sources files; keep one")
    return found[0] if found else None


def read_source_list(folder, article_files):
    """({file: {field: value}}, warnings) from the optional sources file in
    folder: sources.csv (a header row with a `file` column, then one row per
    article file) or sources.yml (a list of mappings with a `file` key, or a
    mapping of file to mapping). Fields: url, outlet, published, author, title;
    an empty value gives nothing. article_files: the relative paths of the
    articles found, to warn of rows naming no file. A file that cannot be read
    as CSV or YAML at all is a SourceListError; a bad row or value is a warning
    naming the file and the line, and is left out."""
    path = find_source_list(folder)
    if path is None:
        return {}, []
    name = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as e:
        raise SourceListError(f"{name}: cannot be read ({e.strerror or e})") from None
    except UnicodeDecodeError as e:
        line = path.read_bytes()[:e.start].count(b"\n") + 1
        raise SourceListError(f"{name} line {line}: not UTF-8 text") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    rows = _csv_rows(name, text) if path.suffix == ".csv" else _yaml_rows(name, text)
    listing, first_line, warnings = {}, {}, []
    known = set(article_files)
    for line, row, trouble in rows:
        warnings += trouble
        if row is None:
            continue
        where = f"{name} line {line}"
        file = (row.get("file") or "").strip().removeprefix("./")
        if not file:
            warnings.append(f"{where}: no file named; row ignored")
            continue
        if file in first_line:
            warnings.append(f"{where}: {file} is listed again (first on line {first_line[file]}); row ignored")
            continue
        first_line[file] = line
        if file not in known:
            warnings.append(f"{where}: no article file {file} in {folder}; row ignored")
            continue
        given = {}
        for key in SOURCE_LIST_FIELDS:
            value = (row.get(key) or "").strip()
            if not value:
                continue
            if key == "published":
                date = listed_date(value)
                if date is None:
                    warnings.append(f"{where}: published {value!r} is not a date (give YYYY-MM-DD, "
                                    f"YYYY-MM or YYYY); ignored")
                    continue
                value = date
            elif key == "url" and not re.match(r"https?://\S+$", value, re.I):
                warnings.append(f"{where}: url {value!r} is not an http(s) address; ignored")
                continue
            given[key] = value
        listing[file] = given
    return listing, warnings


def _csv_rows(name, text):
    """[(line, {column: value} or None, [warnings])] of the data rows of a
    sources.csv; None for a row left out."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    out = []
    try:
        header = next(reader, None)
        header = [h.strip().lower() for h in header or []]
        if "file" not in header:
            raise SourceListError(f"{name} line 1: the first row must name the columns, one of them "
                                  f"'file' (file,{','.join(SOURCE_LIST_FIELDS)})")
        unknown = [h for h in header if h != "file" and h not in SOURCE_LIST_FIELDS]
        if unknown:
            out.append((1, None, [f"{name} line 1: unknown column {h!r} ignored (the columns are file, "
                                  f"{', '.join(SOURCE_LIST_FIELDS)})" for h in unknown]))
        start = reader.line_num + 1
        for fields in reader:
            line, start = start, reader.line_num + 1  # a quoted value may span lines
            if not any(f.strip() for f in fields):
                continue  # a blank line
            if len(fields) > len(header):
                out.append((line, None, [f"{name} line {line}: {len(fields)} values where the first row "
                                         f"names {len(header)} columns (a comma in a value needs quotes); "
                                         f"row ignored"]))
                continue
            out.append((line, dict(zip(header, fields)), []))
    except csv.Error as e:
        raise SourceListError(f"{name} line {reader.line_num}: not valid CSV ({e})") from None
    return out


def _yaml_rows(name, text):
    """The same from a sources.yml: a list of mappings with a `file` key, or a
    mapping of file to mapping; lines from the YAML parser's marks."""
    yaml, loader = _yaml()
    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise SourceListError(f"{name}{where}: not valid YAML ({str(e).splitlines()[0]})") from None
    if root is None:
        return []
    if isinstance(root, yaml.SequenceNode):
        items = [(None, node) for node in root.value]
    elif isinstance(root, yaml.MappingNode):
        items = list(root.value)
    else:
        raise SourceListError(f"{name} line {root.start_mark.line + 1}: expected a list of sources, "
                              f"each with a 'file' key, or a mapping of file to its source")
    out = []
    for key_node, node in items:
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.MappingNode):
            out.append((line, None, [f"{name} line {line}: expected a mapping of keys "
                                     f"(file, {', '.join(SOURCE_LIST_FIELDS)}); ignored"]))
            continue
        row, warnings = {}, []
        if key_node is not None:
            row["file"] = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else ""
        for k, v in node.value:
            key = str(k.value).strip().lower() if isinstance(k, yaml.ScalarNode) else None
            if key not in ("file", *SOURCE_LIST_FIELDS) or (key == "file" and key_node is not None):
                warnings.append(f"{name} line {k.start_mark.line + 1}: unknown key {k.value!r} ignored "
                                f"(the keys are file, {', '.join(SOURCE_LIST_FIELDS)})")
            elif not isinstance(v, yaml.ScalarNode):
                warnings.append(f"{name} line {v.start_mark.line + 1}: {key} must be one value; ignored")
            elif v.tag != "tag:yaml.org,2002:null":
                row[key] = str(v.value)
        out.append((line, row, warnings))
    return out
