"""Reading source files: find them, decode them, split off front matter.

Every problem with a file is a SourceError naming the file and the reason;
problems that still leave usable text are warnings on the Source.
"""
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

EXTENSIONS = (".txt", ".html", ".htm")
FRONT_MATTER_KEYS = ("title", "author", "published", "outlet", "url")
FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)
# libyaml's safe loader when PyYAML has it (several times faster), else PyYAML's own.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Control characters other than newline, tab and form feed (a regex count is
# far faster than a Python loop over every character).
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0d-\x1f]")


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


def find_sources(folder):
    """Every article file under folder, in sorted order of relative path."""
    folder = Path(folder)
    files = [p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in EXTENSIONS]
    return sorted(files, key=lambda p: p.relative_to(folder).as_posix())


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
    try:
        data = yaml.load(m.group(1), Loader=SAFE_LOADER)
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


def read_source(path, folder):
    """Read one file into a Source, or raise SourceError."""
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
    )
