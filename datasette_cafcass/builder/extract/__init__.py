"""Facts from articles, each pointing at the words of the passage it came from.

Two steps, so that the work on one article can run anywhere and be cached:

  extract_article(article, passages) -> a dict of plain values (JSON-able):
      one reading of the article (reading.py: sentences, quotations and the
      spans every extractor needs), then people.py (who said what),
      inspections.py (which inspections it speaks of), grades.py (Ofsted's
      grades), findings.py, figures.py and events.py, each reading the same
      reading;
  combine(extracted) -> {table: rows}:
      the global step (combine.py): one inspection row per inspection and one
      person per person across articles, judgements from their evidence.
"""
import dataclasses
from collections import defaultdict

from ... import schema, vocab
from . import combine as global_step
from .events import events
from .figures import figures
from .findings import Findings
from .grades import Grades
from .inspections import Inspections, Local
from .people import mentions as person_mentions
from .people import others_speech, read_people
from .reading import Reading


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


def extract_article(article, passages):
    """What one article says, as plain values: its local inspections (before
    merging), grades and findings pointing at them by index, quotes with their
    speaker, people's mentions, figures and events. Passages are the article's, in order."""
    out = {"article_id": article["id"], "locals": [], "grades": [], "findings": [], "events": [],
           "quotes": [], "people": [], "mentions": [], "figures": []}
    reading = Reading(article, passages)
    state, said = read_people(reading)
    about = bool(article.get("about_cafcass"))
    if about:
        insp = Inspections(reading)
        grades = Grades(reading, insp).read()
        found = Findings(reading, insp, grades, others_speech(state, said)).read()
        quoted = quotes_about(insp, said)
        used = {id(g.local) for g in grades} | {id(f.local) for f in found} | {id(l) for l in quoted.values()}
        for l in insp.locals:
            if id(l) in used:
                l.keep = True
        index = {id(l): i for i, l in enumerate(insp.locals)}
        out["locals"] = [dataclasses.asdict(l) for l in insp.locals]
        quote_inspections = {q: index[id(l)] for q, l in quoted.items()}
        seen = set()
        for g in grades:
            s = g.sentence
            key = (index[id(g.local)], g.judgement, g.rating, s.passage["id"], s.start)
            if key in seen:
                continue
            seen.add(key)
            out["grades"].append({
                "local": index[id(g.local)], "judgement": g.judgement, "rating": g.rating,
                "written": s.passage["text"][g.rating_ann.start:g.rating_ann.end],
                "passage_id": s.passage["id"], "char_start": s.start, "char_end": s.end,
                "evidence": s.text, "rule": g.rule})
        for f in found:
            out["findings"].append({"local": index[id(f.local)], "kind": f.kind, "text": f.passage["text"][f.start:f.end],
                                    "passage_id": f.passage["id"], "char_start": f.start, "char_end": f.end,
                                    "rule": f.rule, "quote_of": None})
        out["events"] = events(reading, Ids())
    else:
        quote_inspections = {}
    ids = Ids()
    keys = []
    for q in said:
        person = state.people[q.person]
        if q.person not in keys:
            keys.append(q.person)
        out["quotes"].append({"person": person.name, "id": ids(q.passage["id"], q.start),
                              "passage_id": q.passage["id"], "char_start": q.start, "char_end": q.end,
                              "text": q.passage["text"][q.start:q.end], "rule": q.rule,
                              "local": quote_inspections.get(id(q))})
    for k in keys:
        p = state.people[k]
        out["people"].append({"name": p.name, "role": p.role, "organisation": p.organisation})
    mids = Ids()
    for k, p, a, b, rule in person_mentions(reading, state, keys):
        out["mentions"].append({"person": state.people[k].name, "id": mids(p["id"], a), "passage_id": p["id"],
                                "char_start": a, "char_end": b, "text": p["text"][a:b], "rule": rule})
    out["figures"] = figures(reading, Ids())
    return out


def quotes_about(insp, said):
    """{id(quote): Local} for each quote whose sentence or paragraph is about an
    inspection; a quote that goes on from the one before (the same speaker, the
    same or the next passage) is about what that one was about."""
    out, last = {}, None
    for q in said:
        local = insp.about(q.sentence)
        if local is None and last is not None and last[0].person == q.person and \
                q.passage["seq"] - last[0].passage["seq"] in (0, 1):
            local = last[1]
        if local is not None:
            out[id(q)] = local
        last = (q, local)
    return out


def combine(extracted):
    """Rows for each fact table, keyed by table name, from extract_article()'s
    results (in build order)."""
    eras = vocab.read_csv("eras.csv")
    locals_ = [[Local(**d) for d in e["locals"]] for e in extracted]
    shared = global_step.shared_statements((e["article_id"], q["person"], q["text"], locals_[n][q["local"]])
                                           for n, e in enumerate(extracted) for q in e["quotes"]
                                           if q["local"] is not None)
    ids, inspections, links = global_step.merge([l for ls in locals_ for l in ls], eras, shared)

    def iid(e_index, local_index):
        if local_index is None:
            return None
        return ids.get(id(locals_[e_index][local_index]))

    evidence, seen, eids = [], set(), Ids()
    for n, e in enumerate(extracted):
        for g in e["grades"]:
            i = iid(n, g["local"])
            key = (i, g["judgement"], g["passage_id"], g["char_start"])
            if i is None or key in seen:
                continue
            seen.add(key)
            evidence.append({
                "id": eids(g["passage_id"], g["char_start"], g["judgement"]),
                "judgement_id": schema.judgement_id(i, g["judgement"]), "inspection_id": i,
                "judgement": g["judgement"], "rating": g["rating"], "written": g["written"],
                "article_id": e["article_id"], "passage_id": g["passage_id"],
                "char_start": g["char_start"], "char_end": g["char_end"], "evidence": g["evidence"],
                "rule": g["rule"]})
    judgements = global_step.judgement_rows(evidence)
    global_step.set_overall(inspections, judgements)
    findings, seen, fids = [], set(), Ids()
    for n, e in enumerate(extracted):
        for f in e["findings"]:
            i = iid(n, f["local"])
            if i is None or (i, f["kind"], f["text"]) in seen:
                continue
            seen.add((i, f["kind"], f["text"]))
            findings.append({"id": fids(f["passage_id"], f["char_start"]), "inspection_id": i, "kind": f["kind"],
                             "text": f["text"], "article_id": e["article_id"], "passage_id": f["passage_id"],
                             "char_start": f["char_start"], "char_end": f["char_end"], "rule": f["rule"]})
    people, canon = global_step.people_rows([p for e in extracted for p in e["people"]])
    quotes, mentions = [], []
    for n, e in enumerate(extracted):
        for q in e["quotes"]:
            quotes.append({"id": q["id"], "person_id": people[canon[q["person"]]]["id"],
                           "inspection_id": iid(n, q["local"]), "article_id": e["article_id"],
                           "passage_id": q["passage_id"], "char_start": q["char_start"], "char_end": q["char_end"],
                           "text": q["text"], "rule": q["rule"]})
        for m in e["mentions"]:
            mentions.append({"id": m["id"], "person_id": people[canon[m["person"]]]["id"], "text": m["text"],
                             "article_id": e["article_id"], "passage_id": m["passage_id"],
                             "char_start": m["char_start"], "char_end": m["char_end"], "rule": m["rule"]})
    return {"inspections": inspections, "inspection_articles": links, "judgements": judgements,
            "judgement_evidence": evidence, "findings": findings, "people": list(people.values()),
            "mentions": mentions, "quotes": quotes,
            "figures": [dict(f, article_id=e["article_id"]) for e in extracted for f in e["figures"]],
            "events": [dict(v, article_id=e["article_id"]) for e in extracted for v in e["events"]]}


def extract_facts(articles, passages):
    """combine() of extract_article() of every article, in order."""
    by_article = defaultdict(list)
    for p in passages:
        by_article[p["article_id"]].append(p)
    return combine([extract_article(a, by_article.get(a["id"], [])) for a in articles])
