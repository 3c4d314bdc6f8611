"""People, their quotes, and the figures articles give.

extract_people_quotes_figures() is what extract_facts() calls for these three
tables. People are merged across articles by name, so one person quoted in two
articles is one row; ids follow the order of first appearance in the build's
article order, so the same input always gives the same ids.
"""
from collections import defaultdict

from .figures import passage_figures
from .quotes import article_quotes, better_role, name_key


def _by_article(passages):
    grouped = defaultdict(list)
    for p in passages:
        grouped[p["article_id"]].append(p)
    return grouped


def extract_people_quotes_figures(articles, passages):
    grouped = _by_article(passages)
    people, ids = [], {}
    quotes, figures = [], []
    for art in articles:
        parts = sorted(grouped.get(art["id"], []), key=lambda p: p["seq"])
        state, said = article_quotes(art, parts)
        for q in said:
            person = state.people[q["person"]]
            key = name_key(person.name)
            if key not in ids:
                ids[key] = len(people) + 1
                people.append({"id": ids[key], "name": person.name,
                               "role": person.role, "organisation": person.organisation})
            row = people[ids[key] - 1]
            row["role"] = better_role(row["role"], person.role)
            row["organisation"] = row["organisation"] or person.organisation
            quotes.append({"id": len(quotes) + 1, "person_id": ids[key],
                           "article_id": q["article_id"], "passage_id": q["passage_id"],
                           "text": q["text"]})
        for p in parts:
            if p["kind"] in ("brief", "heading"):
                continue  # round-up items are about other sectors; headings repeat the text
            for f in passage_figures(p["text"]):
                figures.append({"id": len(figures) + 1, "article_id": art["id"],
                                "passage_id": p["id"], **f})
    return {"people": people, "quotes": quotes, "figures": figures}
