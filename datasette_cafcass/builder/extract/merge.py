"""One inspection row per inspection, however many articles mention it.

Each article yields local inspections (scope, area, year, ordinal ...).
They are merged by identity: scope + area + year. An undated mention is
dated by another article when the identity is otherwise certain: the same
ordinal ("its first national inspection" / "its first inspection as a
national organisation in 2014"), or the only dated inspection of the same
service area.
"""
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from ... import vocab
from .ratings import RANKS



@dataclass(eq=False)
class Local:
    """An inspection as one article tells it."""
    article_id: str
    scope: str = "national"
    area: str = None
    year: int = None
    ordinal: int = None
    kind: str = None
    fieldwork_start: str = None
    fieldwork_end: str = None
    published: str = None
    unannounced: bool = False
    keep: bool = False  # worth a row even with no grade: dated, or the article's own
    graded: bool = False

    def identity(self):
        return (self.scope, self.area, self.year, self.ordinal if self.year is None else None)


def eras():
    return vocab.read_csv("eras.csv")


def framework(scope, year, fieldwork_start):
    """The era an inspection belongs to, where its date (or scope) decides it."""
    all_eras = eras()
    if year is None:
        # Service-area inspections belong to the first era by definition.
        return all_eras[0]["name"] if scope == "service area" else None
    if fieldwork_start and len(fieldwork_start) >= 7:
        first, last = fieldwork_start[:7], fieldwork_start[:7]
    else:
        first, last = f"{year}-01", f"{year}-12"
    # The eras the inspection's date could fall in; one only, or we do not know.
    hits = [e["name"] for e in all_eras
            if (e["start"] or "0000")[:7] <= last and (e["end"] or "9999")[:7] > first]
    return hits[0] if len(hits) == 1 else None


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def inspection_id(scope, area, year, ordinal):
    base = "national" if scope == "national" else slug(area or "service-area")
    if year is not None:
        return f"{base}-{year}"
    if ordinal:
        return f"{base}-inspection-{ordinal}"
    return f"{base}-undated"


def merge(locals_):
    """Resolve identities; returns {Local: inspection id} and the inspection rows."""
    locals_ = [l for l in locals_ if l.keep or l.graded]
    # 1. An ordinal dated anywhere dates the same ordinal everywhere.
    years_by_ordinal = defaultdict(set)
    for l in locals_:
        if l.ordinal and l.year is not None:
            years_by_ordinal[(l.scope, l.area, l.ordinal)].add(l.year)
    for l in locals_:
        if l.year is None and l.ordinal:
            ys = years_by_ordinal.get((l.scope, l.area, l.ordinal))
            if ys and len(ys) == 1:
                l.year = next(iter(ys))
    # 2. An undated service-area inspection is the area's only dated one, if it has one.
    years_by_area = defaultdict(set)
    for l in locals_:
        if l.scope == "service area" and l.year is not None:
            years_by_area[l.area].add(l.year)
    for l in locals_:
        if l.scope == "service area" and l.year is None and len(years_by_area.get(l.area, ())) == 1:
            l.year = next(iter(years_by_area[l.area]))
    groups = defaultdict(list)
    for l in locals_:
        groups[l.identity()].append(l)
    ids, rows, links = {}, [], set()
    for (scope, area, year, ordinal), group in groups.items():
        iid = inspection_id(scope, area, year, ordinal)
        for l in group:
            ids[l] = iid
            links.add((iid, l.article_id))
        starts = sorted(l.fieldwork_start for l in group if l.fieldwork_start)
        ends = sorted(l.fieldwork_end for l in group if l.fieldwork_end)
        kinds = [l.kind for l in group if l.kind]
        published = sorted(l.published for l in group if l.published)
        rows.append({
            "id": iid,
            "subject": "Cafcass" if scope == "national" else f"Cafcass {area}",
            "scope": scope, "area": area,
            "kind": Counter(kinds).most_common(1)[0][0] if kinds else None,
            "year": year,
            "fieldwork_start": starts[0] if starts else None,
            "fieldwork_end": ends[-1] if ends else None,
            "published": published[0] if published else None,
            "unannounced": 1 if any(l.unannounced for l in group) else None,
            "framework": framework(scope, year, starts[0] if starts else None),
            "overall_rating": None, "overall_rank": None,
        })
    rows.sort(key=lambda r: (r["year"] is None, r["year"] or 0, r["id"]))
    links = [{"inspection_id": i, "article_id": a} for i, a in sorted(links)]
    return ids, rows, links


def judgement_rows(evidence):
    """One judgements row per (inspection, judgement) from its evidence rows:
    the grade most sentences give (the first given on a tie), how many there
    are, and whether they disagree."""
    groups = defaultdict(list)
    for e in evidence:
        groups[e["judgement_id"]].append(e)
    rows = []
    for jid, group in groups.items():
        counts = Counter(e["rating"] for e in group)
        top = max(counts.values())
        rating = next(e["rating"] for e in group if counts[e["rating"]] == top)
        first = group[0]
        rows.append({
            "id": jid, "inspection_id": first["inspection_id"], "judgement": first["judgement"],
            "rating": rating, "rating_rank": RANKS[rating], "evidence_count": len(group),
            "conflict": 1 if len(counts) > 1 else 0,
            "ratings_seen": "; ".join(sorted(counts, key=lambda r: RANKS[r])),
            "article_id": first["article_id"], "passage_id": first["passage_id"],
            "evidence": first["evidence"]})
    return rows


def set_overall(rows, judgements):
    """inspections.overall_rating from the overall effectiveness judgement
    (the most often reported grade, the first given on a tie)."""
    overall = {j["inspection_id"]: j["rating"] for j in judgements if j["judgement"] == "overall effectiveness"}
    for r in rows:
        if r["id"] in overall:
            r["overall_rating"], r["overall_rank"] = overall[r["id"]], RANKS[overall[r["id"]]]
