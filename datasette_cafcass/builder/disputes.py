"""Disagreements in the open.

Where the articles give one judgement different grades, or one inspection
different dates, every reading stays in the database with its sentence
(judgement_evidence, inspection_dates), the row is marked `disputed`, and it
shows one reading chosen by a stated rule, in this order:

  1. inspectorate: a reading in the inspectorate's own words (an article that
     is Ofsted's report or press release: see inspectorate_articles);
  2. most specific: for a grade, the sentence that grades the fewest things at
     once ("leadership was judged good" over "outstanding across the board");
     for a date, the finest precision (a day over a month over a year, a
     period over a single date);
  3. majority: the reading most articles give, then most sentences;
  4. first reported: the one the build read first.

`shown_by` names the first rule that told the readings apart and
`shown_because` says it in words. Works on the rows combine() returns, after
the corrections by hand (which may settle a dispute or pick a reading).
"""
import functools
import re
from collections import defaultdict
from urllib.parse import urlsplit

from .. import vocab

# Hosts that publish the inspectorate's own words.
INSPECTORATE_HOSTS = ("ofsted.gov.uk",)
# Every Ofsted inspection report opens with its inspection dates ("Inspection dates: 21 February
# 2014 – 21 March 2014"); a news article reports them in a sentence instead.
REPORT_HEADER = re.compile(r"\bInspection\s+dates?\s*:\s*\d", re.I)
HEADER_REACH = 3000  # characters from the top of the body where that header is looked for
PRECISION = {"year": 1, "month": 2, "day": 3}
INSPECTION_EVENT_KINDS = {"inspection": "fieldwork", "report": "published"}


@functools.lru_cache(maxsize=None)
def inspectorate_re():
    """The names of the bodies that inspect or inspected Cafcass: those of
    vocab/inspectorates.csv with a date they began, and their proper names in
    organisations.csv, where the vocabulary has these files; else Ofsted's."""
    names = {"Ofsted", "Office for Standards in Education"}
    if vocab.path("inspectorates.csv").exists():
        own = {r["name"] for r in vocab.read_csv("inspectorates.csv") if r.get("inspects_cafcass_from")}
        names = set(own)
        if vocab.path("organisations.csv").exists():
            names |= {r["alias"] for r in vocab.read_csv("organisations.csv")
                      if r["name"] in own and r["alias"] and r["alias"][0].isupper() and not r["alias"].startswith("The ")}
    alternatives = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(names, key=len, reverse=True))
    return re.compile(r"\b(?:" + alternatives + r")\b", re.I)


def is_inspectorates(article):
    """True when the article is the inspectorate's own words: its outlet or
    byline is Ofsted, its address is on an Ofsted host, or its text has an
    inspection report's header."""
    host = (urlsplit(article.get("url") or "").hostname or "").lower()
    author = (article.get("author") or "").strip()
    names = inspectorate_re()
    return bool(names.search(article.get("outlet") or "")
                or (author and names.fullmatch(re.sub(r"^(?:from|by)\s*:?\s*", "", author, flags=re.I)))
                or any(host == h or host.endswith("." + h) for h in INSPECTORATE_HOSTS)
                or REPORT_HEADER.search((article.get("body") or "")[:HEADER_REACH]))


def inspectorate_articles(articles):
    """Ids of the articles that are the inspectorate's own words (is_inspectorates)."""
    return {a["id"] for a in articles if is_inspectorates(a)}


class Inspectorate:
    """`article_id in Inspectorate(articles)`: is_inspectorates, worked out only
    for the articles a dispute asks about (reading every body costs)."""

    def __init__(self, articles, known=None):
        """articles: article rows, or a mapping of them by id; known: the
        answers already worked out, by article id."""
        self.articles = {a["id"]: a for a in articles} if isinstance(articles, (list, tuple)) else articles
        self.known = dict(known or {})

    def __contains__(self, article_id):
        if article_id not in self.known:
            a = self.articles.get(article_id)
            self.known[article_id] = bool(a) and is_inspectorates(a)
        return self.known[article_id]


def _pick(readings):
    """readings: [(value, sort key, ...)] best first by key. Returns the winner
    and the index of the first key component that told it from the runner-up
    (None when all are equal)."""
    ranked = sorted(readings, key=lambda r: r["key"])
    best, second = ranked[0], ranked[1]
    decided = next((i for i, (a, b) in enumerate(zip(best["key"], second["key"])) if a != b), None)
    return best, ranked, decided


RULES = ("inspectorate", "most specific", "majority", "majority", "first reported")


def _articles(rows):
    return sorted({r["article_id"] for r in rows})


def _join(ids):
    return ", ".join(ids)


# ---------------------------------------------------------------- judgements

def settle_judgements(judgements, evidence, inspectorate, fixed=None, ranks=None):
    """Mark each judgements row disputed or not and, where its sentences
    disagree, show the reading the rule picks (rating, its rank and its first
    sentence). fixed: {judgement id: (rating, entry)} set by hand, which wins.
    ranks: {rating: rank}. Sets judgement_evidence.shown. Returns the ids of the
    rows whose rating changed."""
    fixed = fixed or {}
    by_judgement = defaultdict(list)
    for i, e in enumerate(evidence):
        by_judgement[e["judgement_id"]].append((i, e))
    # How many grades each sentence gives: one sentence grading one judgement is more specific.
    breadth = defaultdict(int)
    for e in evidence:
        breadth[(e["passage_id"], e["char_start"], e["char_end"])] += 1
    changed = set()
    for j in judgements:
        group = by_judgement.get(j["id"], [])
        ratings = {e["rating"] for _, e in group}
        j["disputed"] = 1 if len(ratings) > 1 else 0
        j["conflict"] = j["disputed"]
        j["shown_by"] = j["shown_because"] = None
        before = j["rating"]
        if j["id"] in fixed:
            rating, entry = fixed[j["id"]]
            _show(j, rating, group, ranks)
            j["shown_by"] = "corrected by hand"
            j["shown_because"] = f"shows {rating} because it was corrected by hand: {_cite(entry)}" + (
                "; " + _others(rating, group) if j["disputed"] else "")
        elif j["disputed"]:
            readings = []
            for rating in ratings:
                rows = [e for _, e in group if e["rating"] == rating]
                first = min(i for i, e in group if e["rating"] == rating)
                own = [a for a in _articles(rows) if a in inspectorate]
                specific = min(breadth[(e["passage_id"], e["char_start"], e["char_end"])] for e in rows)
                readings.append({"value": rating, "rows": rows, "own": own, "specific": specific,
                                 "key": (0 if own else 1, specific, -len(_articles(rows)), -len(rows), first)})
            best, ranked, decided = _pick(readings)
            _show(j, best["value"], group, ranks)
            rule = RULES[decided] if decided is not None else "first reported"
            j["shown_by"] = rule
            j["shown_because"] = f"shows {best['value']} because " + _why_grade(rule, best, ranked) + "; " + _others(best["value"], group)
        for _, e in group:
            e["shown"] = 1 if e["rating"] == j["rating"] else 0
        if j["rating"] != before:
            changed.add(j["id"])
    return changed


def _show(j, rating, group, ranks):
    j["rating"] = rating
    if ranks and rating in ranks:
        j["rating_rank"] = ranks[rating]
    first = next((e for _, e in group if e["rating"] == rating), None)
    if first is not None:
        j["article_id"], j["passage_id"], j["evidence"] = first["article_id"], first["passage_id"], first["evidence"]


def _why_grade(rule, best, ranked):
    if rule == "inspectorate":
        return f"the inspectorate's own words give it ({_join(best['own'])})"
    if rule == "most specific":
        n = best["specific"]
        other = min(r["specific"] for r in ranked[1:])
        return (f"the most specific sentence gives it (one that gives {_grades(n)}, "
                f"where the others' give {_grades(other)} or more)")
    if rule == "majority":
        arts, sents = len(_articles(best["rows"])), len(best["rows"])
        total_a = len({a for r in ranked for a in _articles(r["rows"])})
        total_s = sum(len(r["rows"]) for r in ranked)
        if arts != len(_articles(ranked[1]["rows"])):
            return f"most articles give it ({arts} of {total_a})"
        return f"most sentences give it ({sents} of {total_s})"
    return "the readings are equally supported and it was reported first"


def _grades(n):
    return "one grade" if n == 1 else f"{n} grades"


def _others(shown, group):
    by = defaultdict(set)
    for _, e in group:
        if e["rating"] != shown:
            by[e["rating"]].add(e["article_id"])
    return "; ".join(f"{r} is read in {_join(sorted(a))}" for r, a in sorted(by.items()))


def _cite(entry):
    return entry.reason + (f" ({entry.source})" if entry.source else "")


# ----------------------------------------------------------------- dates

def date_readings(events, links, inspections):
    """inspection_dates rows from the dated events: an event of kind
    inspection (fieldwork) or report (publication) in an article that reports
    exactly one inspection of the event's year is a reading of that
    inspection's date. (An article reporting two inspections of one year
    cannot tell us which one a date is of, so it gives none.)"""
    year = {i["id"]: i["year"] for i in inspections}
    by_article = defaultdict(list)
    for link in links:
        if year.get(link["inspection_id"]) is not None:
            by_article[link["article_id"]].append(link["inspection_id"])
    out = []
    for ev in events:
        kind = INSPECTION_EVENT_KINDS.get(ev["kind"])
        if kind is None or not ev["date"]:
            continue
        same_year = [i for i in by_article.get(ev["article_id"], ()) if str(year[i]) == ev["date"][:4]]
        if len(same_year) != 1:
            continue
        out.append({"id": ev["id"], "inspection_id": same_year[0], "date_kind": kind,
                    "date": ev["date"], "date_end": ev["date_end"], "precision": ev["precision"],
                    "event_id": ev["id"], "article_id": ev["article_id"], "passage_id": ev["passage_id"],
                    "char_start": ev["char_start"], "char_end": ev["char_end"],
                    "evidence": ev["description"], "rule": ev["rule"], "shown": 1,
                    "correction_id": ev.get("correction_id")})
    return out


def _agree(a, b):
    """Two ISO prefixes agree when one is the other at a coarser precision (or either is missing)."""
    return not a or not b or a.startswith(b) or b.startswith(a)


def _compatible(r, s):
    return _agree(r["date"], s["date"]) and _agree(r["date_end"], s["date_end"])


def _all_agree(values):
    """Every pair of (date, date_end) agrees: for each field, every value is a
    prefix of the longest (that is what pairwise agreement comes to)."""
    for field in (0, 1):
        have = [v[field] for v in values if v[field]]
        longest = max(have, key=len, default="")
        if not all(longest.startswith(x) for x in have):
            return False
    return True


def _text(value):
    date, end = value
    return f"{date} to {end}" if end else date


def settle_dates(inspections, readings, inspectorate, fixed=None):
    """Mark each inspection disputed when its readings of one kind of date
    disagree, show the reading the rule picks, and say why. fixed:
    {inspection id: (fields, entry)} a correction set by hand, which wins for
    those fields. Returns nothing; rows are changed in place."""
    fixed = fixed or {}
    by_inspection = defaultdict(lambda: defaultdict(list))
    for i, r in enumerate(readings):
        r["shown"] = 1
        by_inspection[r["inspection_id"]][r["date_kind"]].append((i, r))
    for ins in inspections:
        ins["disputed"] = 0
        ins["shown_by"] = ins["shown_because"] = None
        kinds = by_inspection.get(ins["id"], {})
        seen = []
        for kind in ("fieldwork", "published"):
            values = list(dict.fromkeys((r["date"], r["date_end"]) for _, r in kinds.get(kind, [])))
            seen += [_text(v) if kind == "fieldwork" else f"published {_text(v)}" for v in values]
        ins["dates_seen"] = "; ".join(seen) or None
        reasons = []
        for kind in ("fieldwork", "published"):
            group = kinds.get(kind, [])
            by_value = defaultdict(list)
            for i, r in group:
                by_value[(r["date"], r["date_end"])].append((i, r))
            if _all_agree(by_value):
                continue
            ins["disputed"] = 1
            fields = ("fieldwork_start", "fieldwork_end") if kind == "fieldwork" else ("published",)
            by_hand = fixed.get(ins["id"])
            if by_hand and set(fields) & set(by_hand[0]):
                shown = {"date": ins[fields[0]], "date_end": ins["fieldwork_end"] if kind == "fieldwork" else None}
                rule, why = "corrected by hand", f"it was corrected by hand: {_cite(by_hand[1])}"
            else:
                readings_ = []
                for value, members in by_value.items():
                    rows = [r for _, r in members]
                    first = members[0][0]
                    own = [a for a in _articles(rows) if a in inspectorate]
                    precision = PRECISION.get(rows[0]["precision"], len(value[0] or ""))
                    specific = precision * 2 + (1 if value[1] else 0)
                    readings_.append({"value": value, "rows": rows, "own": own,
                                      "key": (0 if own else 1, -specific, -len(_articles(rows)), -len(rows), first)})
                best, ranked, decided = _pick(readings_)
                rule = RULES[decided] if decided is not None else "first reported"
                shown = {"date": best["value"][0], "date_end": best["value"][1]}
                ins[fields[0]] = shown["date"]
                if kind == "fieldwork":
                    ins["fieldwork_end"] = shown["date_end"]
                why = _why_date(rule, best, ranked)
            for _, r in group:
                r["shown"] = 1 if _compatible(r, shown) else 0
            others = sorted({(_text((r["date"], r["date_end"])), r["article_id"]) for _, r in group if not r["shown"]})
            also_by = defaultdict(list)
            for value, article in others:
                also_by[value].append(article)
            also = "; ".join(f"{v} is read in {_join(a)}" for v, a in also_by.items())
            label = "fieldwork" if kind == "fieldwork" else "report published"
            reasons.append((rule, f"{label}: shows {_text((shown['date'], shown['date_end']))} because {why}" + (f"; {also}" if also else "")))
        if reasons:
            ins["shown_by"] = reasons[0][0]
            ins["shown_because"] = "; ".join(r for _, r in reasons)


def _why_date(rule, best, ranked):
    if rule == "inspectorate":
        return f"the inspectorate's own words give it ({_join(best['own'])})"
    if rule == "most specific":
        p = best["rows"][0]["precision"]
        return f"it is the most precise ({'a period' if best['value'][1] else 'a date'} to the {p})"
    if rule == "majority":
        arts = len(_articles(best["rows"]))
        total = len({a for r in ranked for a in _articles(r["rows"])})
        if arts != len(_articles(ranked[1]["rows"])):
            return f"most articles give it ({arts} of {total})"
        return f"most sentences give it ({len(best['rows'])} of {sum(len(r['rows']) for r in ranked)})"
    return "the readings are equally supported and it was reported first"
