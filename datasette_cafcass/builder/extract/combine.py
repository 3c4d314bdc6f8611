"""The global step: one row per inspection across articles, one per person,
judgements from their evidence, and every row's stable id.

Inspections merge by identity (scope, area, year, and for a visit its kind).
An undated mention takes a date another article gives only when that date is
the only one it can be:
  - the same ordinal ("its first national inspection" / "its first inspection
    as a national organisation in 2014"), else the n-th dated national
    inspection when a later ordinal the articles date confirms the list
    ("its third full inspection", in January 2024, is the third dated one);
  - the only dated inspection of the same service area;
  - for an article's own national inspection placed after a year ("a marked
    improvement since its previous inspection in 2018"), the only dated
    national inspection after that year;
  - the date of the inspection that the same statement is about in other
    articles: a quotation of at least STATEMENT_WORDS words, word for word, by
    the same person (a press release's quotes, printed by several outlets), when
    those articles agree on one dated inspection of the same scope and area.
Otherwise it stays undated.
"""
from collections import Counter, defaultdict

from ... import schema
from .inspections import VISITS
from .vocabulary import lexicons, plain


def framework(eras, scope, year, fieldwork_start):
    """The era an inspection belongs to, where its date (or scope) decides it."""
    if year is None:
        return eras[0]["name"] if scope == "service area" else None
    if fieldwork_start and len(fieldwork_start) >= 7:
        first = last = fieldwork_start[:7]
    else:
        first, last = f"{year}-01", f"{year}-12"
    hits = [e["name"] for e in eras if (e["start"] or "0000")[:7] <= last and (e["end"] or "9999")[:7] > first]
    return hits[0] if len(hits) == 1 else None


def make_inspection_id(scope, area, year, kind=None, ordinal=None, tag=None):
    """An inspection's id: its subject and year (or "undated"), a visit's kind
    ("national-2021-focused-visit"), and for an undated one what tells it apart
    ("national-undated-inspection-1", "kent-undated-previous")."""
    base = "national" if scope == "national" else schema.slug(area or "service-area")
    parts = [base, str(year) if year is not None else "undated"]
    if kind in VISITS:
        parts.append(schema.slug(kind))
    if year is None and ordinal:
        parts.append(f"inspection-{ordinal}")
    if year is None and tag:
        parts.append(tag)
    return "-".join(parts)


def inspection_id(local):
    return make_inspection_id(local.scope, local.area, local.year, local.kind, local.ordinal, local.tag)


def date_locals(locals_):
    """Give undated locals the one date the other articles allow (see the module's docstring)."""
    full = lambda l: l.kind not in VISITS  # noqa: E731
    by_ordinal = defaultdict(set)
    for l in locals_:
        if l.scope == "national" and l.ordinal and l.year is not None:
            by_ordinal[l.ordinal].add(l.year)
    national_years = sorted({l.year for l in locals_ if l.scope == "national" and l.year is not None and full(l)})

    def confirmed(n):
        """The dated national inspections are all there up to the n-th: a later
        ordinal the articles date falls where the sorted list puts it."""
        return any(k >= n and len(ys) == 1 and len(national_years) >= k and national_years[k - 1] in ys
                   for k, ys in by_ordinal.items())

    area_years = defaultdict(set)
    for l in locals_:
        if l.scope == "service area" and l.year is not None:
            area_years[l.area].add(l.year)
    for l in locals_:
        if l.year is not None or l.tag:
            continue
        if l.scope == "national" and l.ordinal:
            ys = by_ordinal.get(l.ordinal)
            if ys and len(ys) == 1:
                l.year = next(iter(ys))
            elif not ys and confirmed(l.ordinal):
                l.year = national_years[l.ordinal - 1]
        elif l.scope == "service area" and len(area_years.get(l.area, ())) == 1:
            year = next(iter(area_years[l.area]))
            if l.after is None or year > l.after:  # not the earlier one its own text sets it after
                l.year = year
        elif l.scope == "national" and l.own and l.after is not None and full(l):
            later = [y for y in national_years if y > l.after]
            if len(later) == 1:
                l.year = later[0]


# A statement this long, word for word, is one press release's, not a line a
# spokesperson says every year.
STATEMENT_WORDS = 20
# what one outlet ends a quotation with and another not
ENDS = " .,;:!?'\"-…"


def statement(text):
    """A quotation's words as two outlets print them alike: quotes and dashes
    made plain, lower case, single spaces, no closing punctuation (string
    methods only: every quotation of a build goes through here)."""
    return " ".join(plain(text).lower().split()).strip(ENDS)


def shared_statements(said):
    """The Locals each statement is about, one list per statement printed by
    more than one article. said: (article id, person, quotation text, Local
    the quotation is about)."""
    by_words = defaultdict(list)
    for article, person, text, local in said:
        if local is not None and text.count(" ") >= STATEMENT_WORDS - 1:
            words = statement(text)
            if words.count(" ") >= STATEMENT_WORDS - 1:
                by_words[(person, words)].append(local)
    return [ls for ls in by_words.values() if len({l.article_id for l in ls}) > 1]


def date_by_statements(locals_, shared):
    """Give an undated local the year of the one dated inspection that its
    article's statements are about in other articles (shared_statements()):
    of the same scope and area, and the same kind for a visit. Linear in the
    statements' sayings, however many articles print one."""
    kept = {id(l) for l in locals_}
    subject = lambda l: (l.scope, l.area, l.kind if l.kind in VISITS else None)  # noqa: E731
    years = defaultdict(set)  # id(undated Local) -> the years its statements are about elsewhere
    for group in shared:
        dated = defaultdict(lambda: defaultdict(set))  # subject -> year -> articles
        for o in group:
            if id(o) in kept and o.year is not None:
                dated[subject(o)][o.year].add(o.article_id)
        for l in group:
            if id(l) in kept and l.year is None and not l.tag:
                years[id(l)] |= {y for y, articles in dated[subject(l)].items() if articles - {l.article_id}}
    for l in locals_:
        if len(years.get(id(l), ())) == 1:
            l.year = next(iter(years[id(l)]))


def merge(locals_, eras, shared=None):
    """{id(Local): inspection id}, inspection rows, inspection_articles rows.
    shared: shared_statements() of the articles' quotations."""
    locals_ = [l for l in locals_ if l.keep or getattr(l, "graded", False)]
    date_locals(locals_)
    if shared:
        date_by_statements(locals_, shared)
    groups = defaultdict(list)
    for l in locals_:
        groups[inspection_id(l)].append(l)
    ids, rows, links = {}, [], set()
    for iid, group in groups.items():
        for l in group:
            ids[id(l)] = iid
            links.add((iid, l.article_id))
        first = group[0]
        # the most precise dates the articles give ("22 January 2024" over "January 2024")
        starts = sorted((l.fieldwork_start for l in group if l.fieldwork_start), key=lambda d: (-len(d), d))
        ends = sorted((l.fieldwork_end for l in group if l.fieldwork_end), key=lambda d: (len(d), d))
        kinds = [l.kind for l in group if l.kind]
        published = sorted(l.published for l in group if l.published)
        rows.append({
            "id": iid,
            "subject": "Cafcass" if first.scope == "national" else f"Cafcass {first.area}",
            "scope": first.scope, "area": first.area,
            "kind": Counter(kinds).most_common(1)[0][0] if kinds else None,
            "year": first.year,
            "fieldwork_start": starts[0] if starts else None,
            "fieldwork_end": ends[-1] if ends else None,
            "published": published[0] if published else None,
            "unannounced": 1 if any(l.unannounced for l in group) else None,
            "framework": framework(eras, first.scope, first.year, starts[0] if starts else None),
            "overall_rating": None, "overall_rank": None,
        })
    rows.sort(key=lambda r: (r["year"] is None, r["year"] or 0, r["id"]))
    return ids, rows, [{"inspection_id": i, "article_id": a} for i, a in sorted(links)]


def judgement_rows(evidence):
    """One judgements row per (inspection, judgement) from its evidence rows:
    the grade most sentences give (the first given on a tie), how many there
    are, and whether they disagree."""
    ranks = lexicons()["ranks"]
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
            "rating": rating, "rating_rank": ranks[rating], "evidence_count": len(group),
            "conflict": 1 if len(counts) > 1 else 0,
            "ratings_seen": "; ".join(sorted(counts, key=lambda r: ranks[r])),
            "article_id": first["article_id"], "passage_id": first["passage_id"],
            "evidence": first["evidence"]})
    return rows


def set_overall(rows, judgements):
    """inspections.overall_rating from its overall effectiveness judgement."""
    ranks = lexicons()["ranks"]
    overall = {j["inspection_id"]: j["rating"] for j in judgements if j["judgement"] == "overall effectiveness"}
    for r in rows:
        if r["id"] in overall:
            r["overall_rating"], r["overall_rank"] = overall[r["id"]], ranks[overall[r["id"]]]


# --- people -------------------------------------------------------------------

def _edit1(a, b):
    """Are two words one letter apart (Douglas / Douglass)?"""
    if abs(len(a) - len(b)) > 1 or a == b:
        return a == b
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    if len(a) > len(b):
        a, b = b, a
    return any(b[:k] + b[k + 1:] == a for k in range(len(b)))


def canonical_people(people):
    """{name key: canonical name}: one name per person across articles. Two
    spellings are one person when the first names agree and the surnames are
    one letter apart with the same organisation; the spelling more articles use
    (else the first) is the name."""
    names = list(dict.fromkeys(p["name"] for p in people))
    uses = Counter(p["name"] for p in people)
    orgs = defaultdict(set)
    for p in people:
        if p["organisation"]:
            orgs[p["name"]].add(p["organisation"])
    # Only names with the same first names can be one person: compare within those groups
    # (in the order of names), not every name with every other.
    alike = defaultdict(list)
    for n in names:
        words = n.split()
        if len(words) >= 2:
            alike[tuple(words[:-1])].append(n)
    out = {}
    for n in names:
        words = n.split()
        for m in alike.get(tuple(words[:-1]), ()) if len(words) >= 2 else ():
            if m == n or m in out and out[m] != m:
                continue
            mw = m.split()
            if len(words) == len(mw) and len(words[-1]) >= 5 \
                    and _edit1(words[-1].lower(), mw[-1].lower()) and (orgs[n] & orgs[m] or not orgs[n] or not orgs[m]):
                best = max((n, m), key=lambda x: (uses[x], -names.index(x)))
                out[n] = out[m] = best
        out.setdefault(n, n)
    return out


def role_score(role):
    from .people import listed_role
    return (1 if listed_role(role) else 0, len(role or ""))


def people_rows(said):
    """people rows from every article's (name, role, organisation) records, in order."""
    canon = canonical_people(said)
    rows = {}
    for p in said:
        name = canon[p["name"]]
        row = rows.setdefault(name, {"id": schema.slug(name), "name": name, "role": None, "organisation": None,
                                     "_score": (-1, 0)})
        score = role_score(p["role"]) if p["role"] else (-1, 0)
        # the best-described mention gives role and organisation together
        if p["role"] and score[0] > row["_score"][0]:
            row["role"], row["_score"] = p["role"], score
            row["organisation"] = p["organisation"] or row["organisation"]
        elif not row["organisation"]:
            row["organisation"] = p["organisation"]
        if not row["role"]:
            row["role"] = p["role"]
    return {n: {k: v for k, v in r.items() if k != "_score"} for n, r in rows.items()}, canon
