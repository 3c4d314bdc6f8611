"""Write the tables' documentation in metadata.yml from schema.py.

The column descriptions, table descriptions, label columns and full-text
search settings are declared once, in schema.py; this command copies them into
metadata.yml (so the published file stays readable on its own) and leaves
everything else there as it is: the database description, the canned queries
and any per-table key it does not own (sort, sortable_columns, facets ...).

    cafcass-metadata                 # rewrite metadata.yml in place
    cafcass-metadata --check         # exit 1 if metadata.yml is out of date

tests/test_metadata.py fails when metadata.yml and schema.py disagree.
"""
import argparse
import copy
import sys
from pathlib import Path

import yaml

from . import schema

DATABASE = "cafcass"
# The keys this command owns in each table's entry; all others are kept.
OWNED = ("description", "label_column", "fts_table", "fts_pk", "searchmode", "hidden", "columns")
HEADER = (
    "# Datasette metadata for datasette-cafcass (Datasette 0.65.x).\n"
    "# The tables' description, label_column, columns and full-text search keys are\n"
    "# written from datasette_cafcass/schema.py by `cafcass-metadata`; edit them there.\n"
    "# Everything else (database description, queries, sort, facets) is edited here.\n"
)


def table_entries():
    """The owned keys of every table's (and view's) entry, from the schema, in schema order."""
    entries = {}
    for t in schema.TABLES:
        entry = {"description": t.description}
        if t.label:
            entry["label_column"] = t.label
        if t.fts:
            # Datasette searches X_fts and joins on rowid; escaped mode quotes each
            # word, so anything a visitor types is a valid query.
            entry.update(fts_table=f"{t.name}_fts", fts_pk="rowid", searchmode="escaped")
        if not t.public:
            entry["hidden"] = True
        entry["columns"] = {c.name: c.description for c in t.columns}
        entries[t.name] = entry
    for v in getattr(schema, "VIEWS", {}).values():
        entries[v.name] = {"description": v.description}
    # No entries for the X_fts tables and their shadows: Datasette hides them
    # itself, and it copies the whole metadata on every permission check, so
    # each entry costs on every page.
    return entries


def updated(metadata):
    """A copy of metadata with the owned keys of every table taken from the schema."""
    metadata = copy.deepcopy(metadata or {})
    database = metadata.setdefault("databases", {}).setdefault(DATABASE, {})
    old_tables = database.get("tables") or {}
    tables = {}
    for name, entry in table_entries().items():
        kept = {k: v for k, v in (old_tables.get(name) or {}).items() if k not in OWNED}
        tables[name] = {**entry, **kept}
    # Tables the schema no longer has keep only their hand-written keys.
    for name, old in old_tables.items():
        if name not in tables:
            kept = {k: v for k, v in (old or {}).items() if k not in OWNED}
            if kept:
                tables[name] = kept
    database["tables"] = tables
    return metadata


class _Dumper(yaml.SafeDumper):
    """Block style for multi-line strings (SQL, HTML), one line per description,
    short lists on one line: so the file stays readable."""


def _str(dumper, value):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _list(dumper, value):
    flow = all(isinstance(v, (str, int, float)) for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(list, _list)


def dump(metadata):
    body = yaml.dump(metadata, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=4096)
    return HEADER + body


def owned_view(metadata):
    """Just the owned keys of each table: what must agree with the schema."""
    tables = ((metadata or {}).get("databases", {}).get(DATABASE, {}).get("tables")) or {}
    owned = {name: {k: v for k, v in (entry or {}).items() if k in OWNED} for name, entry in tables.items()}
    return {name: keys for name, keys in owned.items() if keys}


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="cafcass-metadata",
        description="Write the tables' documentation in metadata.yml from datasette_cafcass/schema.py.")
    parser.add_argument("path", nargs="?", default="metadata.yml", help="the metadata file (default: metadata.yml)")
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 if the file is out of date with the schema")
    args = parser.parse_args(argv)
    path = Path(args.path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except OSError as e:
        parser.exit(2, f"cafcass-metadata: cannot read {path}: {e.strerror}\n")
    try:
        current = yaml.safe_load(text) or {}
    except yaml.YAMLError as e:
        parser.exit(2, f"cafcass-metadata: {path} is not valid YAML: {e}\n")
    if not isinstance(current, dict):
        parser.exit(2, f"cafcass-metadata: {path} must hold a mapping at the top level\n")
    new = dump(updated(current))
    if args.check:
        if owned_view(current) != owned_view(updated(current)):
            parser.exit(1, f"cafcass-metadata: {path} is out of date with schema.py; run cafcass-metadata {path}\n")
        return 0
    if new != text:
        path.write_text(new, encoding="utf-8")
        print(f"cafcass-metadata: wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
