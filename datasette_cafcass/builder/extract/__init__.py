"""Facts from articles: inspections, judgements, findings, people, quotes,
figures and events, each pointing at the words of the passage it came from.

Two steps, so that the work on one article can run anywhere and be cached:

  extract_article(article, passages) -> a dict of plain values (JSON-able)
      everything one article says, depending on that article alone;
  combine(extracted) -> {table: rows}
      the global step: one inspection row per inspection and one person per
      person across articles, judgements from their evidence, stable ids.
"""
import dataclasses
from collections import defaultdict

from ... import schema
from . import events as events_mod
from . import findings as findings_mod
from .figures import passage_figures
from .merge import Local, judgement_rows, merge, set_overall
from .quotes import article_quotes, better_role, name_key
from .reading import ArticleReading


class Ids:
    """Fact ids, unique per table: the passage, the offset, and a counter only
    when two facts of one table start at the same words."""

    def __init__(self):
        self.taken = set()

    def __call__(self, passage_id, start, *rest):
        base = schema.fact_id(passage_id, start, *rest)
        fid, n = base, 1
        while fid in self.taken:
            n += 1
            fid = f"{base}-{n}"
        self.taken.add(fid)
        return fid


def span(passage, words):
    """(start, end) of words in the passage's text (they are always a piece of it)."""
    start = passage["text"].find(words)
    if start < 0:
        raise ValueError(f"{passage['id']}: {words[:60]!r} is not in the passage")
    return start, start + len(words)


def extract_article(article, passages):
    """What one article says, as plain values: its local inspections (before
    merging), grades and findings pointing at them by index, events, quotes with
    their speaker, and figures. Passages are the article's, in order."""
    out = {"article_id": article["id"], "locals": [], "grades": [], "findings": [],
           "events": [], "quotes": [], "figures": []}
    if article.get("about_cafcass"):
        r = ArticleReading(article, passages)
        r.read_grades()
        findings_mod.read(r)
        index = {id(l): i for i, l in enumerate(r.locals)}
        out["locals"] = [dataclasses.asdict(l) for l in r.locals]
        for local, name, g, p in r.grades:
            start, end = span(p, g.evidence)
            out["grades"].append({
                "local": index[id(local)], "judgement": name, "rating": g.rating,
                "written": p["text"][start + g.start:start + g.start + len(g.rating)],
                "passage_id": p["id"], "char_start": start, "char_end": end,
                "evidence": g.evidence, "rule": g.rule})
        for local, kind, text, p, rule in r.findings:
            start, end = span(p, text)
            out["findings"].append({"local": index[id(local)], "kind": kind, "text": text,
                                    "passage_id": p["id"], "char_start": start, "char_end": end,
                                    "rule": rule})
        out["events"] = events_mod.extract([article], {article["id"]: passages}, Ids(), span)
    state, said = article_quotes(article, passages)
    by_id = {p["id"]: p for p in passages}
    ids = Ids()
    for q in said:
        person = state.people[q["person"]]
        p = by_id[q["passage_id"]]
        start, end = span(p, q["text"])
        out["quotes"].append({"person": {"name": person.name, "role": person.role,
                                         "organisation": person.organisation},
                              "id": ids(p["id"], start), "passage_id": p["id"],
                              "char_start": start, "char_end": end, "text": q["text"], "rule": "quote"})
    ids = Ids()
    for p in passages:
        if p["kind"] in ("brief", "heading"):
            continue  # round-up items are about other sectors; headings repeat the text
        for f in passage_figures(p["text"]):
            start, end = f.pop("start"), f.pop("end")
            out["figures"].append({"id": ids(p["id"], start), "article_id": article["id"],
                                   "passage_id": p["id"], "char_start": start, "char_end": end,
                                   "text": p["text"][start:end], "qualifier": None, "rule": "figure", **f})
    return out


def combine(extracted):
    """Rows for each fact table, keyed by table name, from extract_article()'s
    results (in build order)."""
    locals_ = [[Local(**d) for d in e["locals"]] for e in extracted]
    ids, inspections, links = merge([l for ls in locals_ for l in ls])
    evidence, seen, eids = [], set(), Ids()
    for e, ls in zip(extracted, locals_):
        for g in e["grades"]:
            iid = ids.get(ls[g["local"]])
            key = (iid, g["judgement"], g["rating"], g["passage_id"], g["evidence"])
            if iid is None or key in seen:
                continue
            seen.add(key)
            evidence.append({
                "id": eids(g["passage_id"], g["char_start"], g["judgement"]),
                "judgement_id": schema.judgement_id(iid, g["judgement"]),
                "inspection_id": iid, "judgement": g["judgement"], "rating": g["rating"],
                "written": g["written"], "article_id": e["article_id"], "passage_id": g["passage_id"],
                "char_start": g["char_start"], "char_end": g["char_end"], "evidence": g["evidence"],
                "rule": g["rule"]})
    judgements = judgement_rows(evidence)
    set_overall(inspections, judgements)
    findings, seen, fids = [], set(), Ids()
    for e, ls in zip(extracted, locals_):
        for f in e["findings"]:
            iid = ids.get(ls[f["local"]])
            if iid is None or (iid, f["kind"], f["text"]) in seen:
                continue
            seen.add((iid, f["kind"], f["text"]))
            findings.append({"id": fids(f["passage_id"], f["char_start"]), "inspection_id": iid,
                             "kind": f["kind"], "text": f["text"], "article_id": e["article_id"],
                             "passage_id": f["passage_id"], "char_start": f["char_start"],
                             "char_end": f["char_end"], "rule": f["rule"]})
    people, quotes = {}, []
    for e in extracted:
        for q in e["quotes"]:
            person = q["person"]
            key = name_key(person["name"])
            if key not in people:
                people[key] = {"id": schema.slug(person["name"]), "name": person["name"],
                               "role": person["role"], "organisation": person["organisation"]}
            row = people[key]
            row["role"] = better_role(row["role"], person["role"])
            row["organisation"] = row["organisation"] or person["organisation"]
            quotes.append({"id": q["id"], "person_id": row["id"], "inspection_id": None,
                           "article_id": e["article_id"], "passage_id": q["passage_id"],
                           "char_start": q["char_start"], "char_end": q["char_end"],
                           "text": q["text"], "rule": q["rule"]})
    out = {name: [] for name in schema.FACT_TABLES}
    out.update(inspections=inspections, inspection_articles=links, judgements=judgements,
               judgement_evidence=evidence, findings=findings, people=list(people.values()),
               quotes=quotes, figures=[f for e in extracted for f in e["figures"]],
               events=[v for e in extracted for v in e["events"]])
    return out


def extract_facts(articles, passages):
    """combine() of extract_article() of every article, in order."""
    by_article = defaultdict(list)
    for p in passages:
        by_article[p["article_id"]].append(p)
    return combine([extract_article(a, by_article.get(a["id"], [])) for a in articles])
