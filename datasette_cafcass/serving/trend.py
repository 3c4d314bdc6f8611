"""The rating-trend view: /-/cafcass/trend (+ .json, .csv, .svg).

Every grade comes from server-side, parameterised SQL over the public tables
(inspections, judgements, inspection_articles, articles, rating_scale), so the
chart follows the data as articles are added. Request values only ever become
SQL parameters, and only after they are checked against the values the
database holds; anything else gets a 400 naming the parameter.

The page is a summary, one line per inspection (a judgement is one row of
judgements, however many sentences report it); each links to that
inspection's evidence (the inspection_evidence query) rather than listing
every sentence, so it costs a handful of queries whatever the database holds.
"""
import csv
import io
from dataclasses import dataclass
from urllib.parse import urlencode

from datasette import Forbidden, NotFound, Response
from markupsafe import Markup, escape

from . import memo, provenance, trend_svg
from .pages import DATABASE, query_url, reader_url, row_url, safe_link
DEFAULT_JUDGEMENT = "overall effectiveness"
SCOPES = ("national", "service area")
YEAR_MIN, YEAR_MAX = 1900, 2100  # sane bounds for a from/to year
FORMATS = ("json", "csv", "svg")
PARAMS = ("judgement", "scope", "area", "from", "to")
ROUTE = r"^/-/cafcass/trend(\.(?P<format>[A-Za-z0-9]+))?$"


class BadParameter(Exception):
    def __init__(self, name, message):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


@dataclass
class Filters:
    judgement: str = DEFAULT_JUDGEMENT
    scope: str = ""
    area: str = ""
    from_year: int = None
    to_year: int = None

    def as_args(self):
        """The filters as query-string pairs, leaving out defaults."""
        pairs = []
        if self.judgement != DEFAULT_JUDGEMENT:
            pairs.append(("judgement", self.judgement))
        for name, value in (("scope", self.scope), ("area", self.area),
                            ("from", self.from_year), ("to", self.to_year)):
            if value not in ("", None):
                pairs.append((name, str(value)))
        return pairs


# -- reading the request ----------------------------------------------------

def _one(args, name):
    """The single value of a parameter, stripped; '' when absent or blank."""
    values = args.getlist(name) if name in args else []
    if len(values) > 1:
        raise BadParameter(name, "was given more than once; it accepts one value")
    value = values[0].strip() if values else ""
    if "\x00" in value or "\ufffd" in value:
        raise BadParameter(name, "contained bytes that are not text; it accepts plain text")
    return value


def _choice(name, value, accepted):
    """value matched case-insensitively against accepted; its canonical form."""
    by_fold = {a.casefold(): a for a in accepted}
    if value.casefold() in by_fold:
        return by_fold[value.casefold()]
    shown = ", ".join(repr(a) for a in accepted) if accepted else "none (the database has none yet)"
    raise BadParameter(name, f"was {_shown(value)}; it accepts one of {shown}")


def _shown(value):
    """The given value, quoted and cut short, for an error message (escaped on output)."""
    return repr(value if len(value) <= 40 else value[:40] + "…")


def _year(name, value):
    if not value:
        return None
    if not (value.isascii() and value.isdigit() and len(value) == 4 and YEAR_MIN <= int(value) <= YEAR_MAX):
        raise BadParameter(name, f"was {_shown(value)}; it accepts a year from {YEAR_MIN} to {YEAR_MAX}")
    year = int(value)
    return year


async def accepted_values(db):
    """What each choice parameter accepts: the values in the database (read once of an immutable one)."""
    return await memo.once(db, "trend_accepted", lambda: _accepted_values(db))


async def _accepted_values(db):
    judgements = [r[0] for r in await db.execute(
        "select distinct judgement from judgements where judgement is not null order by judgement")]
    if DEFAULT_JUDGEMENT not in judgements:
        judgements.insert(0, DEFAULT_JUDGEMENT)
    scopes = list(SCOPES) + [r[0] for r in await db.execute(
        "select distinct scope from inspections where scope is not null order by scope")
        if r[0] not in SCOPES]
    areas = [r[0] for r in await db.execute(
        "select distinct area from inspections where area is not null order by area")]
    return {"judgement": judgements, "scope": scopes, "area": areas}


def parse_filters(args, accepted, skip=()):
    """Filters from the query string; raises BadParameter for the first bad value.

    skip: parameters to leave at their defaults (used to refill the form after an error).
    """
    def one(name):
        return "" if name in skip else _one(args, name)

    f = Filters()
    judgement = one("judgement")
    if judgement:
        f.judgement = _choice("judgement", judgement, accepted["judgement"])
    scope = one("scope")
    if scope and scope.casefold() != "all":
        f.scope = _choice("scope", scope, accepted["scope"])
    area = one("area")
    if area:
        f.area = _choice("area", area, accepted["area"])
    f.from_year = _year("from", one("from"))
    f.to_year = _year("to", one("to"))
    if f.from_year and f.to_year and f.from_year > f.to_year:
        raise BadParameter("to", f"was {f.to_year}, before from ({f.from_year}); it accepts a year from 'from' on")
    return f


def page_of(args, datasette):
    """(offset, size) of the JSON's page from ?_next= and ?_size= (Datasette's names)."""
    largest = datasette.setting("max_returned_rows")
    size = _one(args, "_size")
    if not size:
        size = datasette.setting("default_page_size")
    elif size == "max":
        size = largest
    elif size.isdigit() and 0 < int(size):
        size = int(size)
    else:
        raise BadParameter("_size", f"must be a whole number from 1 to {largest}, or max")
    if size > largest:
        raise BadParameter("_size", f"must be at most {largest} (max_returned_rows)")
    offset = _one(args, "_next")
    if offset and not (offset.isdigit() and len(offset) < 10):
        raise BadParameter("_next", "must be the next value a page of this JSON gave")
    return int(offset or 0), size


def form_filters(args, accepted, bad):
    """The filters to refill the form with after an error: the good values kept."""
    skip = {bad}
    while True:
        try:
            return parse_filters(args, accepted, skip)
        except BadParameter as err:
            skip.add(err.name)


# -- the data ---------------------------------------------------------------

# An inspection's year: the year column, else the year of fieldwork, else of the report.
YEAR_SQL = ("coalesce(i.year, cast(substr(i.fieldwork_start, 1, 4) as integer), "
            "cast(substr(i.published, 1, 4) as integer))")

# The inspections the filters choose.
WHERE_SQL = f"""(:scope = '' or i.scope = :scope)
  and (:area = '' or i.area = :area)
  and (:from_year is null or {YEAR_SQL} >= :from_year)
  and (:to_year is null or {YEAR_SQL} <= :to_year)"""
CHOSEN_SQL = f"select i.id from inspections i where {WHERE_SQL}"

INSPECTIONS_SQL = f"""
select i.id, i.subject, i.scope, i.area, i.kind, i.year, i.fieldwork_start,
       i.fieldwork_end, i.published, i.overall_rating, i.overall_rank, i.framework,
       {YEAR_SQL} as any_year, e.start as era_start, e.[end] as era_end,
       i.disputed, i.shown_because, i.dates_seen, i.correction_id, c.reason as correction_reason,
       c.source as correction_source
from inspections i
left join eras e on e.name = i.framework
left join corrections c on c.id = i.correction_id
where {WHERE_SQL}
order by i.id
"""

GRADES_SQL = f"""
select j.inspection_id, j.id, j.rating, coalesce(j.rating_rank, r.rank) as rank, j.evidence_count,
       j.conflict, j.ratings_seen, j.article_id, j.passage_id, j.evidence, a.title as article_title,
       j.disputed, j.shown_because, j.correction_id, c.reason as correction_reason, c.source as correction_source,
       -- the rules that read its sentences, in the same query (no query per grade; read
       -- off the index on judgement_evidence (judgement_id, rule))
       (select group_concat(rule, '; ') from (select distinct e.rule from judgement_evidence e
         where e.judgement_id = j.id and e.rule is not null order by e.rule)) as rules
from judgements j
join rating_scale r on r.rating = j.rating
left join articles a on a.id = j.article_id
left join corrections c on c.id = j.correction_id
where j.judgement = :judgement
  and j.inspection_id in ({CHOSEN_SQL})
order by j.inspection_id
"""

# The articles of the inspections with no grade row for the judgement: a point
# with one cites its first sentence instead (trend_data), so its articles are not read.
# From the chosen inspections (each looks up its grade by the judgements' inspection_id
# index), not from every inspection_articles row.
SOURCES_SQL = f"""
select ia.inspection_id, ia.article_id, a.title as article_title
from inspections i
join inspection_articles ia on ia.inspection_id = i.id
left join articles a on a.id = ia.article_id
where {WHERE_SQL}
  and not exists (select 1 from judgements g where g.inspection_id = i.id and g.judgement = :judgement)
order by ia.inspection_id, coalesce(a.published, ''), ia.article_id
"""

RANK_LABELS_SQL = "select rank, group_concat(rating, ' / ') from (select rank, rating from rating_scale order by rank, rowid) group by rank order by rank"


def _date(insp):
    """(ISO prefix, what it is) for placing an inspection in time; (None, None) if undated."""
    if insp["fieldwork_start"]:
        return insp["fieldwork_start"], "fieldwork"
    if insp["year"] is not None:
        return str(insp["year"]), "year"
    if insp["published"]:
        return insp["published"], "report published"
    return None, None


def _period(insp):
    """For an undated inspection, the span its framework (an era in the eras table) allows:
    {"start", "end"} as ISO dates, either null when open; None when the era is unknown."""
    if insp["era_start"] is None and insp["era_end"] is None:
        return None
    return {"era": insp["framework"], "start": insp["era_start"], "end": insp["era_end"]}


def series_label(scope, area, subject):
    if scope == "national":
        return "National"
    return area or subject or "Unknown subject"


class Urls:
    """Links the view makes, all through datasette.urls so base_url holds; absolute
    (with the host the request came to) for the standalone SVG."""

    def __init__(self, datasette, request=None):
        self.ds = datasette
        self.request = request

    def _out(self, path):
        return self.ds.absolute_url(self.request, path) if self.request is not None else path

    def inspection(self, inspection_id):
        return self._out(row_url(self.ds, "inspections", inspection_id))

    def evidence(self, article_id, passage_id):
        return self._out(reader_url(self.ds, article_id, passage_id))

    def inspection_evidence(self, inspection_id):
        return self._out(query_url(self.ds, "inspection_evidence", inspection=inspection_id))

    def readings(self, table, key):
        return self._out(provenance.readings_url(self.ds, table, key))

    def correction(self, correction_id):
        return self._out(row_url(self.ds, "corrections", correction_id))

    def trend(self, fmt=None, args=()):
        url = self.ds.urls.path("-/cafcass/trend" + (f".{fmt}" if fmt else ""))
        return self._out(f"{url}?{urlencode(args)}" if args else str(url))


def series_styles(accepted):
    """{(scope, area): style index}: national first, then every service area in the
    database by name, so a subject keeps its colour and marker whatever the filter."""
    styles = {("national", ""): 0}
    for n, area in enumerate(accepted["area"], start=1):
        styles[("service area", area)] = n
    return styles


async def trend_data(db, filters, urls, styles=None, page=None):
    """The series for the filters: a list of dicts, national first, then areas by name.
    Each point is one inspection graded on the judgement, with its first evidence.

    page: (offset, size) to return only those inspections of the whole list, in
    the order the series list them (each series' graded points, then its
    ungraded inspections); then the answer is (series, total inspections). Only
    the page's inspections are worked out in full (links, provenance)."""
    styles = dict(styles or {})
    # What the filters choose, in order, depends on the database alone: read once
    # per filter of an immutable database (memo.py), every time of a mutable one.
    key = (filters.judgement, filters.scope, filters.area, filters.from_year, filters.to_year,
           tuple(styles.items()))
    heads, placed, sources = await memo.kept(db, "trend", key, lambda: _ordered(db, filters, styles))
    series = [{**head, "points": [], "ungraded": []} for head in heads]
    total = len(placed)
    if page is not None:
        offset, size = page
        placed = placed[offset:offset + size]
    for index, where, insp, g in placed:
        series[index][where].append(_point(insp, g, sources, filters, urls))
    if page is not None:
        return [s for s in series if s["points"] or s["ungraded"]], total
    return series


async def _ordered(db, filters, styles):
    """(series heads in order, [(series index, "points" or "ungraded", inspection, grade)]
    in the order the trend lists them, {inspection id: its articles}) for the filters.
    Nothing here is changed afterwards: it may be kept and shared by requests."""
    params = {"scope": filters.scope, "area": filters.area,
              "from_year": filters.from_year, "to_year": filters.to_year}
    inspections = [dict(r) for r in await db.execute(INSPECTIONS_SQL, params)]
    grades = {r["inspection_id"]: dict(r)
              for r in await db.execute(GRADES_SQL, {**params, "judgement": filters.judgement})}
    sources = {}
    for r in await db.execute(SOURCES_SQL, {**params, "judgement": filters.judgement}):
        sources.setdefault(r["inspection_id"], []).append(dict(r))

    # First what goes where: each inspection's series, list (points or ungraded) and date.
    series, placed = {}, []
    for insp in inspections:
        key = (insp["scope"] or "", insp["area"] or "", insp["subject"] or "")
        if key[:2] not in styles:  # a scope the database names but the list above does not
            styles[key[:2]] = len(styles)
        s = series.setdefault(key, {
            "subject": insp["subject"], "scope": insp["scope"], "area": insp["area"],
            "label": series_label(*key), "style": styles[key[:2]]})
        g = grades.get(insp["id"])
        graded = g is not None or (filters.judgement == DEFAULT_JUDGEMENT and insp["overall_rating"]
                                   and insp["overall_rank"])
        date, _ = _date(insp)
        placed.append((s, "points" if graded else "ungraded", (date is None, date or "", insp["id"]), insp, g))

    heads = sorted(series.values(), key=lambda s: (s["scope"] != "national", s["label"].casefold()))
    order = {id(s): i for i, s in enumerate(heads)}
    placed.sort(key=lambda p: (order[id(p[0])], p[1] != "points", p[2]))
    return heads, [(order[id(s)], where, insp, g) for s, where, _, insp, g in placed], sources


def _point(insp, g, sources, filters, urls):
    """One inspection as the trend lists it: graded (a point) or not."""
    date, basis = _date(insp)
    base = {
        "inspection_id": insp["id"], "subject": insp["subject"], "kind": insp["kind"],
        "year": insp["any_year"], "date": date, "date_basis": basis,
        "fieldwork_start": insp["fieldwork_start"], "fieldwork_end": insp["fieldwork_end"],
        "published": insp["published"], "framework": insp["framework"],
        "period": _period(insp) if date is None else None,
        "inspection_url": urls.inspection(insp["id"]),
        "evidence_url": urls.inspection_evidence(insp["id"]),
        "judgement": filters.judgement,
    }
    if base["period"]:
        base["period"]["text"] = trend_svg.period_text(base["period"])
    article_sources = [{
        "article_id": a["article_id"], "article_title": a["article_title"], "passage_id": None,
        "evidence": None, "evidence_url": urls.evidence(a["article_id"], None),
    } for a in sources.get(insp["id"], [])]
    base.update(_provenance(insp, g, urls))
    if g:
        first = {"article_id": g["article_id"], "article_title": g["article_title"],
                 "passage_id": g["passage_id"], "evidence": g["evidence"],
                 "evidence_url": urls.evidence(g["article_id"], g["passage_id"]) if g["article_id"] else None}
        return {**base, "rating": g["rating"], "rank": g["rank"],
                "evidence_count": g["evidence_count"], "conflict": g["conflict"],
                "ratings_seen": g["ratings_seen"], "sources": [first]}
    if filters.judgement == DEFAULT_JUDGEMENT and insp["overall_rating"] and insp["overall_rank"]:
        # Graded on the inspections row without a judgement row: no sentence to cite.
        return {**base, "rating": insp["overall_rating"], "rank": insp["overall_rank"],
                "evidence_count": 0, "conflict": 0, "ratings_seen": insp["overall_rating"],
                "sources": article_sources}
    return {**base, "rating": None, "rank": None, "evidence_count": 0,
            "conflict": 0, "ratings_seen": None, "sources": article_sources}


def _provenance(insp, grade, urls):
    """A point's provenance: whether it is disputed (its grade, its dates) and
    why it shows what it shows, the rules that read its grade, and any
    correction by hand of the grade or of the inspection."""
    disputes, corrections = [], []
    if grade and grade["disputed"]:
        disputes.append({"what": "grade", "shown_because": grade["shown_because"],
                         "readings": grade["ratings_seen"],
                         "readings_url": urls.readings("judgement_evidence", grade["id"])})
    if insp["disputed"]:
        disputes.append({"what": "dates", "shown_because": insp["shown_because"], "readings": insp["dates_seen"],
                         "readings_url": urls.readings("inspection_dates", insp["id"])})
    for of, row in (("grade", grade), ("inspection", insp)):
        if row and row["correction_id"] and row["correction_id"] not in [c["id"] for c in corrections]:
            corrections.append({"of": of, "id": row["correction_id"], "reason": row["correction_reason"],
                                "source": row["correction_source"],
                                "source_url": safe_link(row["correction_source"]),
                                "url": urls.correction(row["correction_id"])})
    rules = grade["rules"].split("; ") if grade and grade["rules"] else []
    return {"disputed": 1 if disputes else 0, "disputes": disputes, "corrections": corrections,
            "found_by": [{"rule": r, "words": provenance.rule_words(r)} for r in rules]}


def _provenance_html(p):
    """A line's provenance as HTML, made here rather than by the template (which
    renders asynchronously, and slowly, per point): each dispute with every
    reading, and how the grade was read, with any correction by hand."""
    disputes = "".join(f"<br><small>{provenance.dispute_html({**d, 'because': d['shown_because'], 'href': d['readings_url']}, what=True)}</small>"
                       for d in p["disputes"])

    def rule(r):
        text = "hand" if r["rule"] == provenance.BY_HAND else f"the rule “{escape(r['rule'])}”"
        title = f' title="{escape(r["words"])}"' if r["words"] else ""
        return f'<span class="cafcass-rule"{title}>{text}</span>'

    if p["found_by"]:
        read = "read by: " + ", ".join(rule(r) for r in p["found_by"])
    else:
        read = "graded on the inspection's row, with no sentence to cite"
    for c in p["corrections"]:
        note = provenance.note_html({"corrected": {**c, "href": c["url"], "source_href": c["source_url"]}})
        read += f" · {note}" + (" (the inspection)" if c["of"] == "inspection" else "")
    return {"disputes_html": Markup(disputes), "provenance_html": Markup(f'<small class="cafcass-provenance">{read}</small>')}


async def rank_labels(db):
    async def read():
        return {r[0]: r[1] for r in await db.execute(RANK_LABELS_SQL)}
    return await memo.once(db, "trend_rank_labels", read)


# -- the responses ----------------------------------------------------------

CSV_COLUMNS = ("subject", "scope", "area", "inspection_id", "kind", "year", "date", "date_basis",
               "judgement", "rating", "rank", "evidence_count", "conflict", "ratings_seen",
               "disputed", "shown_because", "found_by", "corrected_by_hand",
               "article_ids", "passage_ids", "evidence", "inspection_url", "evidence_urls",
               "inspection_evidence_url")


def csv_rows(series):
    """One row per point: graded ones, then markers for ungraded visits (rating blank)."""
    for s in series:
        for p in s["points"] + s["ungraded"]:
            srcs = p["sources"]
            yield {
                "subject": p["subject"], "scope": s["scope"], "area": s["area"],
                "inspection_id": p["inspection_id"], "kind": p["kind"], "year": p["year"],
                "date": p["date"], "date_basis": p["date_basis"], "judgement": p["judgement"],
                "rating": p["rating"], "rank": p["rank"], "evidence_count": p["evidence_count"],
                "conflict": p["conflict"], "ratings_seen": p["ratings_seen"],
                "disputed": p["disputed"],
                "shown_because": " | ".join(f"{d['what']}: {d['shown_because']}" for d in p["disputes"]),
                "found_by": "; ".join(r["rule"] for r in p["found_by"]),
                "corrected_by_hand": " | ".join(c["reason"] or c["id"] for c in p["corrections"]),
                "article_ids": "; ".join(x["article_id"] for x in srcs if x["article_id"]),
                "passage_ids": "; ".join(str(x["passage_id"]) for x in srcs if x["passage_id"] is not None),
                "evidence": " | ".join(x["evidence"] for x in srcs if x["evidence"]),
                "inspection_url": p["inspection_url"],
                "evidence_urls": "; ".join(x["evidence_url"] for x in srcs if x["evidence_url"] and x["passage_id"] is not None),
                "inspection_evidence_url": p["evidence_url"],
            }


def to_csv(series):
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in csv_rows(series):
        writer.writerow(row)
    return buf.getvalue()


def _error(fmt, err):
    """The 400 for a machine-readable variant; None for the HTML page, which shows its own."""
    status = 400
    if fmt == "json":
        return Response.json({"ok": False, "status": status, "parameter": err.name,
                              "error": str(err)}, status=status)
    if fmt in ("csv", "svg"):
        return Response.text(f"Bad request: {err}\n", status=status)
    return None  # the HTML page renders its own error, with the form to fix it


async def trend_view(datasette, request):
    fmt = request.url_vars.get("format")
    if fmt is not None and fmt not in FORMATS:
        raise NotFound(f"No such format: .{fmt} (the trend comes as .json, .csv or .svg)")
    if DATABASE not in datasette.databases:
        raise NotFound(f"Database {DATABASE!r} is not being served")
    await datasette.ensure_permissions(request.actor, ["view-instance", ("view-database", DATABASE)])
    db = datasette.get_database(DATABASE)
    urls = Urls(datasette, request if fmt == "svg" else None)
    accepted = await accepted_values(db)
    try:
        filters = parse_filters(request.args, accepted)
        error = None
    except BadParameter as err:
        response = _error(fmt, err)
        if response is not None:
            return response
        filters, error = form_filters(request.args, accepted, err.name), err

    labels = await rank_labels(db)
    title = f"Ofsted grades over time: {filters.judgement}"
    args = filters.as_args()
    if fmt == "json":
        # A page of inspections, as Datasette pages a table's JSON: ?_size= (default
        # default_page_size, at most max_returned_rows), and "next_url" to the next one.
        try:
            offset, size = page_of(request.args, datasette)
        except BadParameter as err:
            return _error(fmt, err)
        series, total = (await trend_data(db, filters, urls, series_styles(accepted), page=(offset, size))
                         if error is None else ([], 0))
        following = offset + size if offset + size < total else None
        next_args = [*args, *([("_size", str(size))] if "_size" in request.args else []), ("_next", str(following))]
        return Response.json({
            "database": DATABASE,
            "filters": {"judgement": filters.judgement, "scope": filters.scope or None,
                        "area": filters.area or None, "from": filters.from_year, "to": filters.to_year},
            "scale": [{"rank": k, "label": v} for k, v in sorted(labels.items())],
            "inspections": total,
            "series": series,
            "next": str(following) if following is not None else None,
            "next_url": datasette.absolute_url(request, urls.trend("json", next_args))
            if following is not None else None,
        })
    series = await trend_data(db, filters, urls, series_styles(accepted)) if error is None else []
    if fmt == "csv":
        return Response(to_csv(series), content_type="text/csv; charset=utf-8",
                        headers={"content-disposition": 'inline; filename="cafcass-trend.csv"'})
    years = (filters.from_year, filters.to_year)
    if fmt == "svg":
        source = (f"Source: {_site_title(datasette)}, {urls.trend(None, args)} "
                  "(Ofsted's grades as the articles there report them).")
        svg = trend_svg.render(series, labels, title=title, judgement=filters.judgement, years=years,
                               source=source)
        return Response(trend_svg.standalone(svg), content_type="image/svg+xml; charset=utf-8")

    charts = {layout.name: trend_svg.markup(trend_svg.render(
        series, labels, title=title, judgement=filters.judgement, years=years, layout=layout))
        for layout in (trend_svg.WIDE, trend_svg.NARROW)} if error is None else None
    points = [{**p, "series_label": s["label"], **_provenance_html(p)} for s in series for p in s["points"]]
    points.sort(key=lambda p: (p["date"] is None, p["date"] or "", p["subject"] or ""))
    ungraded = [p for s in series for p in s["ungraded"]]
    ungraded.sort(key=lambda p: (p["date"] is None, p["date"] or "", p["subject"] or ""))
    context = {
        "database": DATABASE, "title": title, "filters": filters, "accepted": accepted,
        "error": error, "charts": charts,
        "points": points, "ungraded": ungraded, "series": series,
        "variant_urls": {f: urls.trend(f, args) for f in FORMATS},
        "form_action": urls.trend(), "metadata": datasette.metadata(),
    }
    html = await datasette.render_template(
        "datasette_cafcass/trend.html", context, request=request, view_name="cafcass-trend")
    return Response.html(html, status=400 if error else 200)


def _site_title(datasette):
    metadata = datasette.metadata() or {}
    return metadata.get("title") or "datasette-cafcass"


# -- links to the view from Datasette's own pages ---------------------------

LINKED_TABLES = ("inspections", "judgements")


def _link(datasette):
    return {"href": datasette.urls.path("-/cafcass/trend"), "label": "Rating trend: Ofsted grades over time"}


async def _visible(datasette, actor):
    if DATABASE not in datasette.databases:
        return False
    try:
        await datasette.ensure_permissions(actor, ["view-instance", ("view-database", DATABASE)])
    except Forbidden:
        return False
    return True


def menu_links(datasette, actor):
    async def inner():
        return [_link(datasette)] if await _visible(datasette, actor) else []
    return inner


def action_links(datasette, actor, database, table=None):
    """For the actions menu of the cafcass database page and its inspections/judgements tables."""
    if database != DATABASE or (table is not None and table not in LINKED_TABLES):
        return None

    async def inner():
        return [_link(datasette)] if await _visible(datasette, actor) else []
    return inner
