"""Facts from articles: inspections, judgements, findings, people, quotes,
figures and events, each pointing at the passage it came from.

extract_facts() is the one entry point the build calls.
"""

from .people import extract_people_quotes_figures

FACT_TABLES = ("inspections", "inspection_articles", "judgements", "findings",
               "people", "quotes", "figures", "events")


def extract_facts(articles, passages):
    """Rows for each fact table, keyed by table name.

    articles: article rows (dicts with the articles table's columns), in build order.
    passages: passage rows (dicts with the passages table's columns, ids set), in order.
    """
    facts = {name: [] for name in FACT_TABLES}
    facts.update(extract_people_quotes_figures(articles, passages))
    return facts
