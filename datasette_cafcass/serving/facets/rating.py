"""The rating facet: a column's grades in the order of Ofsted's scale
(outstanding first), read from the rating_scale table, with zero for the grades
no row has, and other spellings folded into their grade (ratings.py)."""
import json

from .. import memo
from .fold import fold_sql
from .base import CafcassFacet, QueryInterrupted, escape_sqlite


def _looks_like_rating(name):
    return name in ("rating", "grade") or name.endswith(("_rating", "_grade"))


class RatingFacet(CafcassFacet):
    type = "rating"

    async def suggest(self):
        if self.table == "rating_scale" or not await self.has_table("rating_scale"):
            return []
        return await self.suggest_columns(_looks_like_rating)

    async def facet_results(self):
        results, timed_out = [], []
        configs = await self.columns()
        if not configs or not await self.has_table("rating_scale"):
            return results, timed_out
        for column, source in configs:
            try:
                scale = await memo.once(self.ds.get_database(self.database), "rating_scale", self._scale)
                counts, spellings = await self.counted(column, lambda: self._counts(column, scale))
            except QueryInterrupted:
                timed_out.append(column)
                continue
            buckets = []
            for grade in scale:
                exact = [(f"{column}__exact", grade)]
                also = [[(column, grade)]] if not column.startswith("_") else []
                raw = sorted(spellings.get(grade, ()))
                if raw and raw != [grade]:
                    # Stored under other spellings too: select them all, exactly.
                    pairs, also = [(f"{column}__in", json.dumps(raw))], [exact, *also]
                else:
                    pairs = exact
                buckets.append(self.bucket(grade, grade, counts.get(grade, 0), pairs, also))
            results.append(self.entry(column, source, buckets))
        return results, timed_out

    async def _scale(self):
        return [r[0] for r in await self.execute(
            "select rating from rating_scale where rating is not null order by rank, rowid", {})]

    async def _counts(self, column, scale):
        """{grade: rows} and {grade: the column's spellings of it}."""
        col = escape_sqlite(column)
        # Count each stored spelling first (an index can do that), then fold the few groups;
        # "limit -1" stops SQLite pushing the fold down into the per-row scan.
        folded, params = fold_sql("raw", "cafcass_rating_")
        names = []
        for i, grade in enumerate(scale):
            params[f"cafcass_rating_s{i}"] = grade
            names.append(f":cafcass_rating_s{i}")
        if not names:
            return {}, {}
        sql = (f"select raw, {folded} as grade, n from "
               f"(select {col} as raw, count(*) as n from ({self.sql}) group by {col} limit -1) "
               f"where {folded} in ({', '.join(names)})")
        counts, spellings = {}, {}
        for raw, grade, n in await self.execute(sql, self.params_with(params)):
            counts[grade] = counts.get(grade, 0) + n
            spellings.setdefault(grade, []).append(str(raw))
        return counts, spellings
