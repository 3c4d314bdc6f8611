"""Corrections by hand: `corrections.yml` beside the articles (or --corrections
PATH), applied to the rows combine() returns at every build, never cached with
an article's extraction.

Each entry drops a fact, changes a field of a fact, a judgement or an
inspection, adds a fact the extractor missed, or merges or splits
inspections (README: "Corrections" gives the format). Entries find their rows
by the article and the words, not by row ids, so they survive rebuilds and
re-extraction. An entry that no longer matches anything is a warning naming it
(--strict fails the build); a malformed file is an error naming the line.

Every row an entry made or changed carries its id in `correction_id`, and the
`corrections` table lists each entry with the rows it touched. Then
disputes.py settles the disagreements left (after the corrections, which may
resolve one or pick its reading).
"""
import datetime
import functools
import json
import re
from collections import defaultdict
from pathlib import Path

from .. import schema, vocab
from . import disputes
from .extract.combine import framework as era_of
from .extract.combine import judgement_rows, make_inspection_id

FILE_NAME = "corrections.yml"
ACTIONS = ("drop", "change", "add", "merge", "split")
FACTS = schema.FACT_TABLES
# Fact tables whose rows are filed under an inspection.
FILED = tuple(t for t in FACTS if "inspection_id" in schema.BY_NAME[t].column_names)
TARGETS = {"drop": FACTS, "change": FACTS + ("judgements", "inspections"), "add": FACTS,
           "merge": ("inspections",), "split": ("inspections",)}
KEYS = {  # (required, optional) keys of each action
    "drop": ({"action", "table", "article", "words", "reason"}, {"id", "where", "all", "source"}),
    "change": ({"action", "table", "set", "reason"}, {"id", "article", "words", "where", "inspection", "all", "source"}),
    "add": ({"action", "table", "article", "words", "reason"}, {"id", "set", "source"}),
    "merge": ({"action", "inspections", "reason"}, {"id", "table", "set", "source"}),
    "split": ({"action", "inspection", "move", "set", "reason"}, {"id", "table", "source"}),
}
# Columns that come from the text or the build, never from a correction.
BUILT = {"id", "article_id", "passage_id", "char_start", "char_end", "rule", "correction_id", "shown",
         "judgement_id", "event_id", "written"}
INSPECTION_FIELDS = ("scope", "area", "kind", "year", "fieldwork_start", "fieldwork_end", "published",
                     "unannounced", "framework")
# What an added fact must say besides its words (inspection_id defaults to the article's one inspection).
NEEDED = {"judgement_evidence": ("judgement", "rating"), "findings": ("kind",), "quotes": ("person_id",),
          "mentions": ("person_id",), "figures": ("value", "unit"), "events": ("date", "kind"),
          "inspection_dates": ("date",)}
RULE = "by hand"  # the `rule` of a fact a person added
QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " "})


class CorrectionsError(Exception):
    """A corrections file that cannot be used (the message names the file and
    line), or, with strict, entries that were not applied (`warnings`)."""

    def __init__(self, message, warnings=()):
        super().__init__(message)
        self.warnings = list(warnings)


class NotApplied(Exception):
    """An entry that matches nothing (any more): the message says why."""


def settable(table):
    if table == "inspections":
        return set(INSPECTION_FIELDS)
    if table == "judgements":
        return {"rating"}
    t = schema.BY_NAME[table]
    return set(t.column_names) - BUILT - {t.words}


def corrections_path(folder, given=None):
    """The corrections file of a build: `given` (which must exist), else
    corrections.yml in the articles' folder when there is one, else None."""
    if given is not None:
        path = Path(given)
        if not path.is_file():
            raise CorrectionsError(f"corrections file {path} does not exist" if not path.exists()
                                   else f"corrections file {path} is not a file")
        return path
    path = Path(folder) / FILE_NAME
    return path if path.is_file() else None


# ------------------------------------------------------------------ reading

class Map(dict):
    """A YAML mapping that remembers the line of each key."""
    line = 0
    lines = None


class Seq(list):
    line = 0
    lines = None


@functools.lru_cache(maxsize=None)
def _scalars():
    import yaml

    return yaml.constructor.SafeConstructor()


def _value(node, err):
    import yaml  # here and in read_corrections(), not at the top: most builds have no corrections file

    if isinstance(node, yaml.MappingNode):
        out = Map()
        out.line, out.lines = node.start_mark.line + 1, {}
        for k, v in node.value:
            key = _value(k, err)
            if not isinstance(key, str):
                raise err(k.start_mark.line + 1, f"{key!r} is not a key (keys are words such as 'action')")
            if key in out:
                raise err(k.start_mark.line + 1, f"'{key}' is given twice in one entry")
            out[key] = _value(v, err)
            out.lines[key] = k.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        out = Seq(_value(n, err) for n in node.value)
        out.line, out.lines = node.start_mark.line + 1, [n.start_mark.line + 1 for n in node.value]
        return out
    try:
        value = _scalars().construct_object(node)
    except (yaml.YAMLError, ValueError) as e:  # an unknown tag, a date such as 2018-13-45
        raise err(node.start_mark.line + 1, f"cannot read {node.value!r}: {getattr(e, 'problem', None) or e}") from None
    return value.isoformat() if isinstance(value, (datetime.date, datetime.datetime)) else value


def read_corrections(path):
    """The entries of a corrections file, checked; CorrectionsError naming the line otherwise."""
    import yaml

    path = Path(path)

    def err(line, message):
        return CorrectionsError(f"{path}:{line}: {message}")

    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CorrectionsError(f"{path}: not UTF-8 text") from None
    except OSError as e:
        raise CorrectionsError(f"{path}: cannot read it ({e.strerror or e})") from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        # At the end of the file the fault is where the unfinished thing began.
        if e.context_mark and mark.line >= len(text.splitlines()):
            mark = e.context_mark
        what = " ".join(x for x in (e.context, e.problem) if x).replace("'<stream end>'", "the end of the file")
        raise err(mark.line + 1, f"not valid YAML: {what}") from None
    except yaml.YAMLError as e:
        raise CorrectionsError(f"{path}: not valid YAML: {e}") from None
    if node is None:
        return []
    data = _value(node, err)
    if not isinstance(data, list):
        raise err(node.start_mark.line + 1, "expected a list of corrections, each starting with '- action: ...'")
    entries, ids = [], {}
    for item, line in zip(data, data.lines):
        if not isinstance(item, Map):
            raise err(line, "each correction is a mapping of keys (action, table, article, words, reason ...)")
        e = Entry(item, err)
        if e.id in ids:
            if "id" in item:
                raise err(item.lines["id"], f"id {e.id!r} is already used by the entry at line {ids[e.id]}")
            n = 2
            while f"{e.id}-{n}" in ids:
                n += 1
            e.id = f"{e.id}-{n}"
        ids[e.id] = e.line
        entries.append(e)
    return entries


def fold(text):
    """Text as words are matched: curly quotes straight, runs of space as one, lower case."""
    return re.sub(r"\s+", " ", str(text).translate(QUOTES)).strip().lower()


class Entry:
    """One checked entry of corrections.yml."""

    def __init__(self, m, err):
        self.raw, self.line = m, m.line

        def at(key):
            return m.lines.get(key, m.line)

        action = m.get("action")
        if action not in ACTIONS:
            raise err(at("action"), "a correction needs 'action: ' one of " + ", ".join(ACTIONS)
                      + (f" (not {action!r})" if action is not None else ""))
        required, optional = KEYS[action]
        for key in m:
            if key not in required | optional:
                raise err(at(key), f"unknown key '{key}' (a {action} entry takes: {', '.join(sorted(required | optional))})")
        missing = [k for k in sorted(required) if k not in m and not (k == "table" and action in ("merge", "split"))]
        if action == "change" and "article" not in m and "inspection" not in m:
            missing.append("article (or inspection)")
        if missing:
            raise err(m.line, f"a {action} entry needs {', '.join(missing)}")
        self.action = action
        self.table = m.get("table", "inspections")
        if self.table not in TARGETS[action]:
            raise err(at("table"), f"a {action} entry's table is one of {', '.join(TARGETS[action])} (not {self.table!r})")
        self.reason = self._text(m, "reason", err)
        self.source = self._text(m, "source", err, need=False)
        self.article = self._id(m, "article", err)
        self.words = self._text(m, "words", err, need=False)
        if "words" in m and not self.words:
            raise err(at("words"), "'words' is empty")
        if self.words and not self.article:
            raise err(at("words"), "'words' needs the 'article' they are in")
        self.all = m.get("all", False)
        if not isinstance(self.all, bool):
            raise err(at("all"), "'all' is true or false")
        table = schema.BY_NAME[self.table]
        self.where = m.get("where") or {}
        if not isinstance(self.where, dict):
            raise err(at("where"), "'where' is a mapping of column: value")
        for k, v in self.where.items():
            if k not in table.column_names:
                raise err(self.where.lines[k], f"{self.table} has no column '{k}'")
            if isinstance(v, (dict, list)):
                raise err(self.where.lines[k], f"where.{k} is a single value")
        self.set = m.get("set") or {}
        if not isinstance(self.set, dict) or ("set" in m and not self.set):
            raise err(at("set"), "'set' is a mapping of column: new value")
        for k, v in self.set.items():
            self.set[k] = self._check(k, v, self.set.lines[k], err)
        if action == "add":
            need = [c for c in NEEDED.get(self.table, ()) if self.set.get(c) is None]
            if need:
                raise err(at("set") if "set" in m else m.line,
                          f"an added {self.table} row needs set: {', '.join(need)}")
        self.inspection = self._ref(m["inspection"], at("inspection"), err) if "inspection" in m else None
        if action == "change" and self.table in FACTS and "inspection" in m:
            raise err(at("inspection"), "a fact is found by article and words; to file it under another inspection, set inspection_id")
        if action == "change" and self.table == "inspections" and "where" in m:
            raise err(at("where"), "an inspection is found by article and words, or by 'inspection: <id>'")
        self.inspections = []
        if action == "merge":
            refs = m["inspections"]
            if not isinstance(refs, list) or len(refs) < 2:
                raise err(at("inspections"), "'inspections' lists two or more inspections (ids, or article and words)")
            self.inspections = [self._ref(r, line, err) for r, line in zip(refs, refs.lines)]
        self.move = []
        if action == "split":
            move = m["move"]
            if not isinstance(move, list) or not move:
                raise err(at("move"), "'move' lists what belongs to the second inspection: article, and words for one fact")
            for item, line in zip(move, move.lines):
                ref = self._ref(item, line, err)
                if isinstance(ref, str):
                    raise err(line, "each 'move' item is a mapping: article, and words for one fact")
                self.move.append(ref)
        given = m.get("id")
        if given is not None and (not isinstance(given, (str, int)) or not schema.slug(given)):
            raise err(at("id"), "'id' is a short name of letters, digits and hyphens")
        self.id = schema.slug(given) if given is not None else self._auto_id()

    def _auto_id(self):
        refs = self.inspections or ([self.inspection] if self.inspection else [])
        words = self.words or " ".join(r if isinstance(r, str) else r.get("article") or "" for r in refs)
        text = schema.slug(f"{self.action} {self.table} {self.article or ''} {words}")
        return text if len(text) <= 60 else text[:61].rsplit("-", 1)[0]

    @staticmethod
    def _text(m, key, err, need=True):
        v = m.get(key)
        if v is None:
            if need and key in m:
                raise err(m.lines.get(key, m.line), f"'{key}' is empty")
            return None
        if isinstance(v, (dict, list, bool)):
            raise err(m.lines.get(key, m.line), f"'{key}' is text")
        v = str(v).strip()
        if need and not v:
            raise err(m.lines.get(key, m.line), f"'{key}' is empty")
        return v or None

    @staticmethod
    def _id(m, key, err):
        v = m.get(key)
        if v is None:
            return None
        if isinstance(v, (dict, list, bool)) or not str(v).strip():
            raise err(m.lines.get(key, m.line), f"'{key}' is an article id (its file's path without the extension)")
        return str(v).strip()

    def _ref(self, v, line, err):
        """An inspection: its id, or {article, words} (the inspection those words are filed under)."""
        if isinstance(v, (str, int)) and not isinstance(v, bool):
            return str(v)
        if isinstance(v, dict) and "article" in v and set(v) <= {"article", "words"}:
            words = v.get("words")
            if words is not None and (not isinstance(words, str) or not words.strip()):
                raise err(v.lines.get("words", line), "'words' is text")
            return {"article": self._id(v, "article", err), "words": words}
        raise err(line, "an inspection is its id, or a mapping of article and (optionally) words")

    def _check(self, column, value, line, err):
        table = schema.BY_NAME[self.table]
        allowed = settable(self.table)
        if column not in allowed:
            if column in ("overall_rating", "overall_rank"):
                raise err(line, "the overall grade comes from the overall effectiveness judgement: change that judgement's rating")
            raise err(line, f"'{column}' cannot be set on {self.table} (these can: {', '.join(sorted(allowed))})")
        if column == "inspection_id" and isinstance(value, dict):
            return self._ref(value, line, err)
        kind = {c.name: c.type for c in table.columns}[column]
        if value is None:
            if column in ("rating", "judgement"):
                raise err(line, f"{column} cannot be empty")
            return None
        if column == "unannounced" and isinstance(value, bool):
            return int(value)
        if kind is int and (not isinstance(value, int) or isinstance(value, bool)):
            raise err(line, f"{column} is a whole number")
        if kind is float and (not isinstance(value, (int, float)) or isinstance(value, bool)):
            raise err(line, f"{column} is a number")
        if kind is str:
            if isinstance(value, (dict, list, bool)):
                raise err(line, f"{column} is text")
            value = str(value)
        if column == "rating":
            value = value.strip().lower()
            if value not in RATINGS:
                raise err(line, f"rating is one of Ofsted's grades: {', '.join(RATINGS)} (not {value!r})")
        return value

    def describe(self):
        what = f"{self.action} {self.table}"
        return what + (f" in {self.article}" if self.article else "")


RATINGS = {r["rating"]: int(r["rank"]) for r in vocab.read_csv("rating_scale.csv")}


def subject(scope, area):
    return "Cafcass" if scope == "national" else f"Cafcass {area}"


def inspection_id(scope, area, year, kind=None, old=None):
    """An inspection's id, made as the extraction's global step makes it."""
    return make_inspection_id(scope, area, year, kind)


def framework(scope, year, fieldwork_start):
    """The era of eras.csv an inspection falls in, as the extraction's global step finds it."""
    return era_of(vocab.read_csv("eras.csv"), scope, year, fieldwork_start)


# ---------------------------------------------------------------- applying

def apply_corrections(rows, articles, passages, path, strict=False, inspectorate=None, own=False):
    """Apply the corrections file at path (None: no corrections) to the rows
    combine() returned, then settle disagreements. Returns (rows, corrections
    rows, warnings); raises CorrectionsError for a malformed file, and with
    strict when an entry was not applied. inspectorate: {article id: whether
    it is the inspectorate's own words}, where already known (the build's
    workers find it: disputes.is_inspectorates). own: rows are given away
    (the caller keeps none of them), so they are changed in place, not copied."""
    entries = read_corrections(path) if path else []
    book = Book(rows, articles, passages, inspectorate, own)
    warnings, out = [], []
    for e in entries:
        book.log = []
        note = None
        people = len(book.rows["people"])
        try:
            APPLY[e.action](book, e)
        except NotApplied as why:
            # Every action checks before it changes anything, but for a person it named.
            del book.rows["people"][people:]
            book.log = []
            note = str(why)
            warnings.append(f"{path}:{e.line}: correction {e.id!r} ({e.describe()}) not applied: {note}")
        out.append(e)
        e.log, e.note = book.log, note
    book.finish()
    fixes = [{
        "id": e.id, "line": e.line, "action": e.action, "target": e.table, "article_id": e.article,
        "words": e.words, "changes": json.dumps(_plain(e.set), ensure_ascii=False) if e.set else None,
        "reason": e.reason, "source": e.source,
        "rows": json.dumps(e.log, ensure_ascii=False), "row_count": len(e.log),
        "matched": 0 if e.note else 1, "note": e.note,
        "entry": json.dumps(_plain(e.raw), ensure_ascii=False)} for e in out]
    if strict and warnings:
        raise CorrectionsError(f"--strict: {len(warnings)} corrections not applied; database not written", warnings)
    return book.rows, fixes, warnings


def _plain(v):
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    return v


class Book:
    """The rows being corrected, and what the corrections did to them."""

    def __init__(self, rows, articles, passages, inspectorate=None, own=False):
        # Our own copies, unless given them: the caller's rows (perhaps cached) stay as combine() made them.
        self.rows = {name: (table if own else [dict(r) for r in table]) if isinstance(table, list) else table
                     for name, table in rows.items()}
        for name in list(FACTS) + ["inspections", "inspection_articles", "judgements", "people"]:
            self.rows.setdefault(name, [])
        self.dates_given = bool(self.rows["inspection_dates"])  # else read from events at the end
        # lists of rows, or mappings by article id that read them when asked (the build's Stored)
        if isinstance(articles, (list, tuple)):
            articles = {a["id"]: a for a in articles}
        if isinstance(passages, (list, tuple)):
            by_article = defaultdict(list)
            for p in passages:
                by_article[p["article_id"]].append(p)
            passages = by_article
        self.articles, self.passages = articles, passages
        self.inspectorate = inspectorate  # {article id: the inspectorate's own words?} where known
        self.log = []
        self.touched = {}  # judgement id -> the entry whose change of its evidence recomputes it
        self.judgement_fixes = {}  # (inspection id, judgement) -> (rating, entry)
        self.inspection_fixes = {}  # inspection id -> (fields, entry)
        self.renamed = {}  # inspection id -> the id it became
        self.restructured = set()  # inspections split in two: their dates are read again

    # ---- finding rows

    def need_article(self, article):
        if article not in self.articles:
            raise NotApplied(f"there is no article {article!r} in this build")

    def facts(self, table, article, words, where=None):
        """Rows of a fact table from the article whose words contain the given words."""
        col = schema.BY_NAME[table].words
        w = fold(words) if words else None
        out = []
        for r in self.rows[table]:
            if r["article_id"] != article or (w and w not in fold(r[col] or "")):
                continue
            if all(_same(r.get(k), v) for k, v in (where or {}).items()):
                out.append(r)
        return out

    def one_or_all(self, rows, e, what):
        if not rows:
            raise NotApplied(f"no {what} matches" + _matching(e))
        if len(rows) > 1 and not e.all:
            ids = ", ".join(r["id"] for r in rows[:5]) + (" …" if len(rows) > 5 else "")
            raise NotApplied(f"{len(rows)} {what} rows match ({ids}): give more words or 'where', or 'all: true'")
        return rows

    def inspection_row(self, iid):
        return next((r for r in self.rows["inspections"] if r["id"] == iid), None)

    def inspection(self, ref):
        """The id of the inspection a reference names (see Entry._ref)."""
        if isinstance(ref, str):
            iid = ref
            while iid in self.renamed and self.inspection_row(iid) is None:
                iid = self.renamed[iid]
            if self.inspection_row(iid) is None:
                raise NotApplied(f"there is no inspection {ref!r}")
            return iid
        article, words = ref["article"], ref.get("words")
        self.need_article(article)
        if words:
            ids = {r["inspection_id"] for t in FILED for r in self.facts(t, article, words) if r.get("inspection_id")}
            if len(ids) == 1:
                return ids.pop()
            if len(ids) > 1:
                raise NotApplied(f"the words are in facts of {len(ids)} inspections ({', '.join(sorted(ids))}): name it by id")
            if find_words(self.passages[article], words) is None:
                raise NotApplied(f"article {article} does not have the words {words!r}")
        linked = sorted({l["inspection_id"] for l in self.rows["inspection_articles"] if l["article_id"] == article})
        if len(linked) == 1:
            return linked[0]
        raise NotApplied(f"article {article} reports {len(linked) or 'no'} inspections"
                         + (f" ({', '.join(linked)})" if linked else "")
                         + ("; give words of a fact filed under the one meant, or its id" if linked else ""))

    def person(self, value, e):
        """A people id for a person named by id or name; a new person when nobody has that name."""
        for p in self.rows["people"]:
            if p["id"] == value or fold(p["name"]) == fold(value):
                return p["id"]
        pid = schema.slug(value)
        self.rows["people"].append({"id": pid, "name": value.strip(), "role": None, "organisation": None})
        self.logged("people", pid, "added")
        return pid

    def logged(self, table, rid, change):
        self.log.append({"table": table, "id": rid, "change": change})

    def values(self, e, values, row=None):
        """The entry's `set`, with its references resolved to ids."""
        out = dict(values)
        if "inspection_id" in out and out["inspection_id"] is not None:
            out["inspection_id"] = self.inspection(out["inspection_id"])
        if out.get("person_id") is not None:
            out["person_id"] = self.person(out["person_id"], e)
        return out

    def link(self, iid, article):
        if not any(l["inspection_id"] == iid and l["article_id"] == article for l in self.rows["inspection_articles"]):
            self.rows["inspection_articles"].append({"inspection_id": iid, "article_id": article})

    def unique_id(self, table, base):
        taken = {r["id"] for r in self.rows[table]}
        fid, n = base, 1
        while fid in taken:
            n += 1
            fid = f"{base}-{n}"
        return fid

    def refile(self, r, e):
        """After a judgement_evidence row's inspection or judgement changed: its judgement id."""
        old = r["judgement_id"]
        r["judgement_id"] = schema.judgement_id(r["inspection_id"], r["judgement"])
        self.touched[old] = self.touched[r["judgement_id"]] = e

    # ---- inspections: renaming and merging

    def rekey(self, old, new, e):
        """Inspection old becomes new (a corrected scope, area or year, a
        merge): every row filed under it follows; if new exists, old merges into it."""
        if old == new:
            return
        row, target = self.inspection_row(old), self.inspection_row(new)
        self.renamed[old] = new
        if target is not None:
            for k, v in row.items():
                if target.get(k) is None and v is not None:
                    target[k] = v
            target["correction_id"] = e.id
            self.rows["inspections"] = [r for r in self.rows["inspections"] if r is not row]
            self.logged("inspections", old, f"merged into {new}")
            self.logged("inspections", new, "changed")
        else:
            row["id"] = new
            self.logged("inspections", new, f"was {old}")
        for t in FILED:
            for r in self.rows[t]:
                if r.get("inspection_id") == old:
                    r["inspection_id"] = new
                    r["correction_id"] = e.id
                    if t == "judgement_evidence":
                        self.refile(r, e)
                    self.logged(t, r["id"], "moved")
        for link in self.rows["inspection_articles"]:
            if link["inspection_id"] == old:
                link["inspection_id"] = new
        for (iid, name), fix in list(self.judgement_fixes.items()):
            if iid == old:
                self.judgement_fixes[(new, name)] = self.judgement_fixes.pop((iid, name))
        if old in self.inspection_fixes:
            fields, entry = self.inspection_fixes.pop(old)
            prior = self.inspection_fixes.get(new, (set(), entry))[0]
            self.inspection_fixes[new] = (prior | fields, entry)

    def set_inspection(self, iid, values, e):
        """Set fields of an inspection; returns its id (a new one when scope, area or year changed)."""
        row = self.inspection_row(iid)
        row.update(values)
        row["correction_id"] = e.id
        prior = self.inspection_fixes.get(iid, (set(), e))[0]
        self.inspection_fixes[iid] = (prior | set(values), e)
        if {"scope", "area", "year"} & set(values):
            row["subject"] = subject(row["scope"], row["area"])
            if "framework" not in values:
                row["framework"] = framework(row["scope"], row["year"], row["fieldwork_start"])
            new = inspection_id(row["scope"], row["area"], row["year"], row["kind"], iid)
            if new != iid:
                self.rekey(iid, new, e)
                return new
        self.logged("inspections", iid, "changed")
        return iid

    # ---- the end

    def finish(self):
        """Judgements from their corrected evidence, disagreements settled, and
        every row with the columns corrections and disputes add."""
        rows = self.rows
        ranks = RATINGS
        affected = set()  # inspections whose overall judgement may have changed
        if self.touched:
            evidence = [e for e in rows["judgement_evidence"] if e["judgement_id"] in self.touched]
            fresh = {j["id"]: j for j in judgement_rows(evidence)}
            kept = []
            for j in rows["judgements"]:
                if j["id"] not in self.touched:
                    kept.append(j)
                elif j["id"] in fresh:
                    kept.append(fresh.pop(j["id"]))
            rows["judgements"] = kept + list(fresh.values())
            for jid, entry in self.touched.items():
                j = next((x for x in rows["judgements"] if x["id"] == jid), None)
                if j is not None:
                    j["correction_id"] = entry.id
                    if not any(x["id"] == jid and x["table"] == "judgements" for x in entry.log):
                        entry.log.append({"table": "judgements", "id": jid, "change": "recomputed"})
                else:
                    entry.log.append({"table": "judgements", "id": jid, "change": "gone: its evidence was dropped or moved"})
                affected.add(jid)
        fixed = {}
        for (iid, name), (rating, entry) in self.judgement_fixes.items():
            jid = schema.judgement_id(iid, name)
            j = next((x for x in rows["judgements"] if x["id"] == jid), None)
            if j is not None:
                j["correction_id"] = entry.id
                fixed[jid] = (rating, entry)
                affected.add(jid)
        inspectorate = disputes.Inspectorate(self.articles, self.inspectorate)
        affected |= disputes.settle_judgements(rows["judgements"], rows["judgement_evidence"], inspectorate, fixed, ranks)
        self._overall(affected)
        # Inspections gone (merged, or every fact moved away) leave no links behind.
        ids = {i["id"] for i in rows["inspections"]}
        rows["inspection_articles"] = sorted(
            {(l["inspection_id"], l["article_id"]): l for l in rows["inspection_articles"] if l["inspection_id"] in ids}.values(),
            key=lambda l: (l["inspection_id"], l["article_id"]))
        if not self.dates_given:
            have = {x["id"] for x in rows["inspection_dates"]}  # readings added by hand
            rows["inspection_dates"] += [r for r in disputes.date_readings(rows["events"], rows["inspection_articles"], rows["inspections"])
                                         if r["id"] not in have]
        self._redate()
        disputes.settle_dates(rows["inspections"], rows["inspection_dates"], inspectorate, self.inspection_fixes)
        for name in list(FACTS) + ["judgements", "inspections"]:
            for r in rows[name]:
                r.setdefault("correction_id", None)
        for r in rows["judgement_evidence"]:
            r.setdefault("shown", 1)
        return rows

    def _redate(self):
        """A split inspection's dates (both halves) from the readings now filed
        under each (the extraction's dates mixed both visits), the most precise
        of each; settle_dates then decides where they disagree."""
        for iid in self.restructured:
            while iid in self.renamed and self.inspection_row(iid) is None:
                iid = self.renamed[iid]
            row = self.inspection_row(iid)
            if row is None:
                continue
            by_hand = self.inspection_fixes.get(iid, (set(), None))[0]
            readings = [r for r in self.rows["inspection_dates"] if r["inspection_id"] == iid]
            for kind, fields in (("fieldwork", (("fieldwork_start", "date"), ("fieldwork_end", "date_end"))),
                                 ("published", (("published", "date"),))):
                mine = [r for r in readings if r["date_kind"] == kind]
                if not mine:
                    continue
                for column, key in fields:
                    if column not in by_hand:
                        row[column] = max((r[key] for r in mine if r[key]), key=len, default=None)

    def _overall(self, judgement_ids):
        """inspections.overall_rating follows its overall effectiveness judgement
        when a correction or a dispute changed that judgement."""
        judgements = {j["id"]: j for j in self.rows["judgements"]}
        for ins in self.rows["inspections"]:
            jid = schema.judgement_id(ins["id"], "overall effectiveness")
            if jid not in judgement_ids:
                continue
            j = judgements.get(jid)
            rating = j["rating"] if j else None
            if rating != ins["overall_rating"]:
                ins["overall_rating"], ins["overall_rank"] = rating, RATINGS.get(rating)
                if j is None and jid in self.touched:
                    ins["correction_id"] = self.touched[jid].id
            # The overall grade shown is a person's when its judgement is.
            if j is not None and j.get("correction_id") and not ins.get("correction_id"):
                ins["correction_id"] = j["correction_id"]


def _same(value, wanted):
    if isinstance(value, str) and isinstance(wanted, str):
        return fold(value) == fold(wanted)
    return value == wanted


def _matching(e):
    parts = []
    if e.article:
        parts.append(f"article {e.article}")
    if e.words:
        parts.append(f"the words {e.words!r}")
    if e.where:
        parts.append("where " + ", ".join(f"{k} = {v!r}" for k, v in e.where.items()))
    return (": none in " + " with ".join(parts)) if parts else ""


def find_words(passages, words):
    """(passage, start, end) of the first place the words are, exactly, else
    folded (quotes, spaces, case); None when the article does not have them."""
    for p in passages:
        start = p["text"].find(words)
        if start >= 0:
            return p, start, start + len(words)
    want = fold(words)
    for p in passages:
        text, index = _folded(p["text"])
        k = text.find(want)
        if k >= 0:
            return p, index[k], index[k + len(want) - 1] + 1
    return None


def _folded(text):
    """fold(text) with, for each of its characters, the offset it came from."""
    out, index = [], []
    for i, ch in enumerate(text.translate(QUOTES)):
        if ch.isspace():
            if not out or out[-1] == " ":
                continue
            ch = " "
        for c in ch.lower():
            out.append(c)
            index.append(i)
    return "".join(out), index


# ------------------------------------------------------------ the actions

def drop(book, e):
    rows = book.one_or_all(book.facts(e.table, e.article, e.words, e.where) if _need(book, e) else [], e, e.table)
    gone = {id(r) for r in rows}
    book.rows[e.table] = [r for r in book.rows[e.table] if id(r) not in gone]
    for r in rows:
        book.logged(e.table, r["id"], "dropped")
        if e.table == "judgement_evidence":
            book.touched[r["judgement_id"]] = e


def _need(book, e):
    book.need_article(e.article)
    return True


def change(book, e):
    if e.table == "inspections":
        ref = e.inspection if e.inspection is not None else {"article": e.article, "words": e.words}
        iid = book.inspection(ref)
        book.set_inspection(iid, book.values(e, e.set), e)
    elif e.table == "judgements":
        change_judgement(book, e)
    else:
        change_fact(book, e)


def change_judgement(book, e):
    if e.article:
        book.need_article(e.article)
        where = {k: v for k, v in e.where.items() if k in ("judgement", "inspection_id", "rating")}
        evidence = book.facts("judgement_evidence", e.article, e.words, where)
        if e.inspection is not None:
            iid = book.inspection(e.inspection)
            evidence = [r for r in evidence if r["inspection_id"] == iid]
        keys = list(dict.fromkeys((r["inspection_id"], r["judgement"]) for r in evidence))
    else:
        iid = book.inspection(e.inspection)
        keys = [(j["inspection_id"], j["judgement"]) for j in book.rows["judgements"]
                if j["inspection_id"] == iid and all(_same(j.get(k), v) for k, v in e.where.items())]
    keys = book.one_or_all([{"id": schema.judgement_id(*k), "key": k} for k in keys], e, "judgement")
    for k in keys:
        book.judgement_fixes[k["key"]] = (e.set["rating"], e)
        book.logged("judgements", k["id"], "changed")


def change_fact(book, e):
    book.need_article(e.article)
    rows = book.one_or_all(book.facts(e.table, e.article, e.words, e.where), e, e.table)
    values = book.values(e, e.set)
    for r in rows:
        r.update(values)
        r["correction_id"] = e.id
        if e.table == "judgement_evidence":
            if "judgement" in values:
                r["id"] = book.unique_id(e.table, schema.fact_id(r["passage_id"], r["char_start"], r["judgement"]))
            book.refile(r, e)
        if values.get("inspection_id"):
            book.link(values["inspection_id"], r["article_id"])
        book.logged(e.table, r["id"], "changed")


def add(book, e):
    book.need_article(e.article)
    hit = find_words(book.passages[e.article], e.words)
    if hit is None:
        raise NotApplied(f"article {e.article} does not have the words {e.words!r}")
    p, start, end = hit
    table = schema.BY_NAME[e.table]
    values = book.values(e, e.set)
    if "inspection_id" in table.column_names and values.get("inspection_id") is None and e.table != "quotes":
        values["inspection_id"] = book.inspection({"article": e.article, "words": None})
    row = {c: None for c in table.column_names}
    row.update(values)
    row.update(article_id=e.article, passage_id=p["id"], char_start=start, char_end=end, rule=RULE, correction_id=e.id)
    row[table.words] = p["text"][start:end]
    rest = ()
    if e.table == "judgement_evidence":
        rest = (row["judgement"],)
        row["judgement"] = row["judgement"].strip().lower()
        m = re.search(re.escape(row["rating"]).replace(r"\ ", r"\s+"), row["evidence"], re.I)
        row["written"] = m.group(0) if m else row["rating"]
        row["judgement_id"] = schema.judgement_id(row["inspection_id"], row["judgement"])
    if "precision" in table.column_names and row.get("precision") is None and row.get("date"):
        row["precision"] = {4: "year", 7: "month"}.get(len(row["date"]), "day")
    if e.table == "inspection_dates":
        row["date_kind"] = row["date_kind"] or "fieldwork"
    if e.table == "figures" and row.get("text") is None:
        row["text"] = row[table.words]
    # Already there: the extraction finds this fact now.
    for r in book.rows[e.table]:
        if (r["passage_id"], r["char_start"], r["char_end"]) == (p["id"], start, end) and \
                all(r.get(k) == row.get(k) for k in ("judgement", "inspection_id", "kind", "person_id") if k in row):
            raise NotApplied(f"this fact is there already ({e.table} {r['id']}{'' if r.get('correction_id') else ', found by the extraction'})")
    row["id"] = book.unique_id(e.table, schema.fact_id(p["id"], start, *rest))
    book.rows[e.table].append(row)
    if e.table == "judgement_evidence":
        book.touched[row["judgement_id"]] = e
    if row.get("inspection_id"):
        book.link(row["inspection_id"], e.article)
    book.logged(e.table, row["id"], "added")


def merge(book, e):
    ids = [book.inspection(ref) for ref in e.inspections]
    if len(set(ids)) == 1:
        raise NotApplied(f"these are one inspection already ({ids[0]})")
    keep = ids[0]
    for other in dict.fromkeys(ids[1:]):
        if other != keep:
            book.rekey(other, keep, e)
    row = book.inspection_row(keep)
    row["correction_id"] = e.id
    if e.set:
        keep = book.set_inspection(keep, book.values(e, e.set), e)
    else:
        book.logged("inspections", keep, "changed")


def split(book, e):
    old = book.inspection(e.inspection)
    row = book.inspection_row(old)
    new_row = {c: None for c in schema.BY_NAME["inspections"].column_names}
    for k in ("scope", "area", "year", "kind", "framework"):
        new_row[k] = row.get(k)
    values = book.values(e, e.set)
    new_row.update(values)
    new_row["subject"] = subject(new_row["scope"], new_row["area"])
    if "framework" not in values:
        new_row["framework"] = framework(new_row["scope"], new_row["year"], new_row["fieldwork_start"])
    new = inspection_id(new_row["scope"], new_row["area"], new_row["year"], new_row["kind"], old)
    if new == old and new_row.get("kind") and new_row["kind"] != row.get("kind"):
        new = f"{new}-{schema.slug(new_row['kind'])}"
    if new == old:
        raise NotApplied(f"the second inspection would be {old} again: set a different scope, area, year or kind")
    moved = []
    for item in e.move:
        book.need_article(item["article"])
        for t in FILED:
            for r in book.facts(t, item["article"], item.get("words")):
                if r.get("inspection_id") == old:
                    moved.append((t, r))
    if not moved:
        raise NotApplied(f"nothing to move: no fact of {', '.join(i['article'] for i in e.move)} with those words is filed under {old}")
    if book.inspection_row(new) is None:
        new_row.update(id=new, correction_id=e.id)
        book.rows["inspections"].append(new_row)
        book.logged("inspections", new, "added")
    book.inspection_fixes[new] = (set(values), e)
    book.restructured |= {old, new}
    for t, r in moved:
        r["inspection_id"] = new
        r["correction_id"] = e.id
        if t == "judgement_evidence":
            book.refile(r, e)
        book.logged(t, r["id"], "moved")
    for item in e.move:
        book.link(new, item["article"])
        if not item.get("words"):
            still = any(r.get("inspection_id") == old and r["article_id"] == item["article"] for t in FILED for r in book.rows[t])
            if not still:
                book.rows["inspection_articles"] = [l for l in book.rows["inspection_articles"]
                                                    if not (l["inspection_id"] == old and l["article_id"] == item["article"])]
    row["correction_id"] = e.id
    book.logged("inspections", old, "split")


APPLY = {"drop": drop, "change": change, "add": add, "merge": merge, "split": split}
