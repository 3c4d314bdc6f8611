"""The year and era facets: bucket a date column (ISO prefixes such as '2010',
'2010-11' or '2024-01-22') or an integer year column by year, or by the eras in
the eras table, with an "undated" bucket for nulls.

A partial date belongs where its first day does ('2021' is 2021-01-01). Each
bucket's toggle_url adds col__gte= / col__lt= bounds chosen so that Datasette's
filter selects exactly the rows counted in the bucket, and "undated" adds
col__isnull=1.

The era facet also takes a column that names each row's era (an inspection's
`framework`, one of the eras table's names): then it counts those names in
the eras' order and a bucket's toggle_url adds col__exact=ERA. That is how an
inspection the articles do not date still has its one era, the same in its
row, in the facet and in the inspections_by_era query.
"""
from .base import CafcassFacet, QueryInterrupted, escape_sqlite

UNDATED = "undated"
_NAMES = ("year", "date", "published")


def _looks_like_time(name):
    return name in _NAMES or name.endswith(("_year", "_date")) or name.startswith("date_")


def year_sql(col):
    """The year of col: an integer (or real) is a year; text must start with four digits."""
    return (f"(case when typeof({col}) in ('integer', 'real') then cast({col} as integer) "
            f"when typeof({col}) = 'text' and ({col} glob '[0-9][0-9][0-9][0-9]' "
            f"or {col} glob '[0-9][0-9][0-9][0-9][^0-9]*') then cast(substr({col}, 1, 4) as integer) end)")


def day_sql(col):
    """The first day col can mean, as ISO text: 2013 -> 2013-01-01, '2010-11' -> 2010-11-01."""
    return (f"(case when typeof({col}) in ('integer', 'real') then printf('%04d-01-01', cast({col} as integer)) "
            f"when typeof({col}) = 'text' and {col} glob '[0-9][0-9][0-9][0-9]*' "
            f"then substr({col} || '-01-01', 1, 10) end)")


def first_day(text):
    """An era bound ('2013', '2021-04', '2021-04-01') as the ISO day it starts on."""
    return (text + "-01-01")[:10] if text else None


def text_bound(day):
    """The shortest ISO prefix p with: first_day(v) >= day exactly when v >= p
    (as text). Trailing '-01's go: a year-only '2013' is then in an era that
    starts on 2013-01-01, as the counts have it."""
    while day.endswith("-01") and len(day) > 4:
        day = day[:-3]
    return day


def year_bound(day):
    """The first year Y whose first day is on or after day."""
    year = int(day[:4])
    return year if day[4:] in ("", "-01", "-01-01") else year + 1


class _PeriodFacet(CafcassFacet):
    def undated(self, column, count):
        return self.bucket(None, UNDATED, count, [(f"{column}__isnull", "1")])


class YearFacet(_PeriodFacet):
    type = "year"

    async def suggest(self):
        return await self.suggest_columns(_looks_like_time)

    async def facet_results(self):
        results, timed_out = [], []
        facet_size = self.get_facet_size()
        for column, source in await self.columns():
            col = escape_sqlite(column)
            # Each stored value counted first (a few groups), then its year worked out
            # once per value rather than once per row; "limit -1" keeps the groups.
            sql = (f"select {year_sql('v')} as year, v is null as undated, sum(c) as n from "
                   f"(select {col} as v, count(*) as c from ({self.sql}) group by v limit -1) "
                   f"group by year, undated order by year desc")
            try:
                rows = (await self.counted(column, lambda: self.execute(sql, self.params_with({})))).rows
            except QueryInterrupted:
                timed_out.append(column)
                continue
            years = [(r[0], r[2]) for r in rows if r[0] is not None]
            undated = sum(r[2] for r in rows if r[1])
            buckets = [
                self.bucket(year, str(year), n, [(f"{column}__gte", str(year)), (f"{column}__lt", str(year + 1))])
                for year, n in years[:facet_size]
            ]
            if undated:
                buckets.append(self.undated(column, undated))
            results.append(self.entry(column, source, buckets, truncated=len(years) > facet_size))
        return results, timed_out


class EraFacet(_PeriodFacet):
    type = "era"

    async def suggest(self):
        if self.table == "eras" or not await self.has_table("eras"):
            return []
        return await self.suggest_columns(_looks_like_time)

    async def facet_results(self):
        results, timed_out = [], []
        configs = await self.columns()
        if not configs or not await self.has_table("eras"):
            return results, timed_out
        for column, source in configs:
            col = escape_sqlite(column)
            try:
                named = await self._named_eras(column, col)
            except QueryInterrupted:
                timed_out.append(column)
                continue
            if named is not None:
                results.append(self.entry(column, source, named))
                continue
            try:
                eras = [
                    (name, first_day(start), first_day(end))
                    for name, start, end in await self.execute(
                        'select name, "start", "end" from eras order by "start" is not null, "start", id', {})
                ]
                params, sums = {}, []
                for i, (_, start, end) in enumerate(eras):
                    params[f"cafcass_era_s{i}"], params[f"cafcass_era_e{i}"] = start, end
                    sums.append(f"coalesce(sum(c * (d >= coalesce(:cafcass_era_s{i}, '')"
                                f" and d < coalesce(:cafcass_era_e{i}, '9999-99'))), 0)")
                # As the year facet: each stored value counted first, its day worked out once.
                sql = (f"select coalesce(sum(c * (v is null)), 0), coalesce(sum(c * (typeof(v) = 'text')), 0)"
                       f"{''.join(', ' + s for s in sums)} "
                       f"from (select v, c, {day_sql('v')} as d from "
                       f"(select {col} as v, count(*) as c from ({self.sql}) group by v limit -1))")
                row = (await self.counted(("dated", column),
                                          lambda: self.execute(sql, self.params_with(params)))).rows[0]
            except QueryInterrupted:
                timed_out.append(column)
                continue
            undated, texts, counts = row[0], row[1], row[2:]
            # Bounds that Datasette's filters compare the way the counts did.
            bound = text_bound if texts else year_bound
            buckets = []
            for (name, start, end), n in zip(eras, counts):
                pairs = []
                if start:
                    pairs.append((f"{column}__gte", str(bound(start))))
                if end:
                    pairs.append((f"{column}__lt", str(bound(end))))
                buckets.append(self.bucket(name, name, n, pairs))
            if undated:
                buckets.append(self.undated(column, undated))
            results.append(self.entry(column, source, buckets))
        return results, timed_out

    async def _named_eras(self, column, col):
        """The buckets when every value of the column is an era's name; else None.

        One statement, so the page's SQL runs once: its values are counted
        first (a few groups), then matched against the eras."""
        sql = (f"with t as materialized (select {col} as v, count(*) as n from ({self.sql}) group by v) "
               f"select e.name, e.id, (select coalesce(sum(n), 0) from t where t.v = e.name), "
               f"(select coalesce(sum(n), 0) from t where v is not null and v not in (select name from eras)), "
               f"(select coalesce(sum(n), 0) from t where v is null) "
               f"from eras e order by e.\"start\" is not null, e.\"start\", e.id")
        rows = (await self.counted(("named", column), lambda: self.execute(sql, self.params_with({})))).rows
        if not rows:
            return None
        other, nulls = rows[0][3], rows[0][4]
        counts = [(name, n) for name, _, n, _, _ in rows]
        if other or not any(n for _, n in counts):
            return None
        buckets = [self.bucket(name, name, n, [(f"{column}__exact", name)]) for name, n in counts]
        if nulls:
            buckets.append(self.bucket(None, "era not known", nulls, [(f"{column}__isnull", "1")]))
        return buckets
