"""Facts from articles: inspections, judgements, findings, people, quotes,
figures and events, each pointing at the passage it came from.

extract_facts() is the one entry point the build calls. Per article it finds
the inspections mentioned (inspections.py), the grades given
(judgements.py), what Ofsted found (findings.py) and dated happenings
(events.py); merge.py then makes one row per inspection across articles.
People, quotes and figures come from people.py (with quotes.py, figures.py).
"""
from collections import defaultdict

from . import events as events_mod
from . import findings as findings_mod
from .merge import merge, set_overall
from .people import extract_people_quotes_figures
from .ratings import RANKS
from .reading import ArticleReading

FACT_TABLES = ("inspections", "inspection_articles", "judgements", "findings",
               "people", "quotes", "figures", "events")


def extract_facts(articles, passages):
    """Rows for each fact table, keyed by table name.

    articles: article rows (dicts with the articles table's columns), in build order.
    passages: passage rows (dicts with the passages table's columns, ids set), in order.
    """
    by_article = defaultdict(list)
    for p in passages:
        by_article[p["article_id"]].append(p)
    readings = []
    for art in articles:
        if not art.get("about_cafcass"):
            continue
        r = ArticleReading(art, by_article.get(art["id"], []))
        r.read_grades()
        findings_mod.read(r)
        readings.append(r)
    ids, inspections, links = merge([l for r in readings for l in r.locals])
    judgements, seen = [], set()
    for r in readings:
        for local, name, g, p in r.grades:
            iid = ids.get(local)
            key = (iid, name, g.rating, p["id"])
            if iid is None or key in seen:
                continue
            seen.add(key)
            judgements.append({"id": len(judgements) + 1, "inspection_id": iid, "judgement": name,
                               "rating": g.rating, "rating_rank": RANKS[g.rating],
                               "article_id": p["article_id"], "passage_id": p["id"],
                               "evidence": g.evidence})
    set_overall(inspections, judgements)
    findings, seen = [], set()
    for r in readings:
        for local, kind, text, p in r.findings:
            iid = ids.get(local)
            if iid is None or (iid, kind, text) in seen:
                continue
            seen.add((iid, kind, text))
            findings.append({"id": len(findings) + 1, "inspection_id": iid, "kind": kind,
                             "text": text, "article_id": p["article_id"], "passage_id": p["id"]})
    out = {name: [] for name in FACT_TABLES}
    out.update(inspections=inspections, inspection_articles=links, judgements=judgements,
               findings=findings, events=events_mod.extract(articles, by_article))
    out.update(extract_people_quotes_figures(articles, passages))
    return out
