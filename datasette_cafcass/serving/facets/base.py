"""What the cafcass facets share: reading their configs safely, running their SQL
under facet_time_limit_ms, and building entries shaped like ColumnFacet's."""
import json
import urllib.parse

from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.utils import escape_sqlite, path_with_added_args
from datasette.utils.asgi import BadRequest

from .. import memo

__all__ = ["CafcassFacet", "QueryInterrupted", "escape_sqlite"]


class CafcassFacet(Facet):
    """A facet over one column per config. Subclasses set `type` and write
    facet_results() using columns(), execute() and entry()/bucket()."""

    type = None

    @property
    def param(self):
        return f"_facet_{self.type}"

    def _raw_configs(self):
        """[(column or None, source, config)] as Datasette parsed them."""
        try:
            configs = self.get_configs()
        except ValueError:
            # Malformed JSON in some _facet_* value: Datasette's own facets fail on
            # it before this one matters (issue 8 guards it with a 400).
            return []
        out = []
        for item in configs:
            config, source = item.get("config"), item.get("source")
            column = None
            if isinstance(config, dict):
                column = config.get("column", config.get("simple"))
            out.append((column if isinstance(column, str) else None, source, config))
        return out

    async def columns(self):
        """(column, source) of each facet of this type asked for, first per column.

        Column names are checked against the columns the page's SQL returns, so
        only a real column's name, quoted, ever reaches SQL. A bad one asked for in
        the URL is a 400 naming the parameter; a bad one in metadata is skipped.
        """
        configs = self._raw_configs()
        if not configs:  # the usual case: every facet class runs on every table page
            return []
        available = set(await memo.sql_columns(self.ds.get_database(self.database), self.sql,
                                               lambda: self.get_columns(self.sql, self.params)))
        seen, out = set(), []
        for column, source, config in configs:
            if column is None or column not in available:
                if source == "request":
                    if column is None:
                        raise BadRequest(f"{self.param}: give a column name, as {self.param}=COLUMN "
                                         f'or {self.param}={{"column": "COLUMN"}}')
                    raise BadRequest(f"{self.param}: {self.table or 'this query'} has no column {column!r}")
                continue
            if column not in seen:  # given in metadata and in the URL: show it once
                seen.add(column)
                out.append((column, source))
        return out

    async def execute(self, sql, params):
        return await self.ds.execute(
            self.database, sql, params, truncate=False,
            custom_time_limit=self.ds.setting("facet_time_limit_ms"),
        )

    async def counted(self, key, compute):
        """await compute(), kept of an immutable database (memo.py), whose counts
        follow from the page's SQL and parameters alone, as constant as the table
        counts Datasette keeps of it: a whole table or view (no filter) once per
        key; a filtered page or a query per key, SQL and parameters, at most
        memo.MOST_KEPT of them at a time. Every time for a mutable database."""
        db = self.ds.get_database(self.database)
        if self.table and unfiltered(self.sql, self.table):
            return await memo.once(db, ("facet", self.type, self.table, self.sql, key), compute)
        params = self.params or {}
        asked = (self.table, self.sql, tuple(sorted(params.items())) if isinstance(params, dict) else tuple(params), key)
        try:
            hash(asked)
        except TypeError:  # a parameter that is not a plain value: not kept
            return await compute()
        return await memo.kept(db, ("facet", self.type), asked, compute)

    def params_with(self, own):
        """The page's parameters plus this facet's own (named cafcass_*, so no clash)."""
        params = dict(self.params) if isinstance(self.params, dict) else {}
        params.update(own)
        return params

    def entry(self, column, source, results, truncated=False):
        hide = remove_pairs(self.request, self._request_values_for(column))
        return {
            "name": column,
            "type": self.type,
            "hideable": source != "metadata",
            "toggle_url": self.ds.urls.path(hide),
            "results": results,
            "truncated": truncated,
        }

    def _request_values_for(self, column):
        """The raw _facet_TYPE pairs in the URL that ask for column (plain or JSON)."""
        out = []
        for key, value in self.get_querystring_pairs():
            if key != self.param:
                continue
            if value == column or (value.startswith("{") and _json_column(value) == column):
                out.append((key, value))
        return out

    def bucket(self, value, label, count, pairs, also=()):
        """One facet value. pairs: the filter (key, value) pairs that select it;
        also: other pair lists that mean the same selection (to toggle them off)."""
        qs = self.get_querystring_pairs()
        chosen = next((p for p in (pairs, *also) if p and all(x in qs for x in p)), None)
        if chosen:
            path = remove_pairs(self.request, chosen)
        else:
            path = path_with_added_args(self.request, pairs)
        return {
            "value": value,
            "label": label,
            "count": count,
            "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(path)),
            "selected": chosen is not None,
        }

    async def suggest_columns(self, wanted):
        """Suggestions for columns whose name passes wanted(name): no data read."""
        enabled = {column for column, _, _ in self._raw_configs()}
        suggestions = []
        for column in await memo.sql_columns(self.ds.get_database(self.database), self.sql,
                                             lambda: self.get_columns(self.sql, self.params)):
            if column in enabled or not wanted(column.lower()):
                continue
            suggestions.append({
                "name": column,
                "type": self.type,
                "toggle_url": self.ds.absolute_url(
                    self.request,
                    self.ds.urls.path(path_with_added_args(self.request, {self.param: column})),
                ),
            })
        return suggestions

    async def has_table(self, name):
        return await memo.table_exists(self.ds.get_database(self.database), name)


def unfiltered(sql, table):
    """Whether a table page's facet SQL ("select COLUMNS from TABLE WHERE") has no WHERE."""
    return sql.rstrip().endswith(f" from {escape_sqlite(table)}") and " where " not in sql.lower()


def _json_column(value):
    try:
        config = json.loads(value)
    except ValueError:
        return None
    return config.get("column", config.get("simple")) if isinstance(config, dict) else None


def remove_pairs(request, pairs):
    """The request's path with the given (key, value) pairs taken out of its query
    string; every other pair, blank ones included, kept in order."""
    drop = set(pairs)
    kept = [p for p in urllib.parse.parse_qsl(request.query_string, keep_blank_values=True) if p not in drop]
    return request.path + (f"?{urllib.parse.urlencode(kept)}" if kept else "")
