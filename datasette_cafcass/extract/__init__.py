"""Facts from articles: inspections, judgements, findings, people, quotes,
figures and events, each pointing at the passage it came from.

extract_facts() is the one entry point the build calls.
"""

FACT_TABLES = ("inspections", "inspection_articles", "judgements", "findings",
               "people", "quotes", "figures", "events")


def extract_facts(articles, passages):
    """Rows for each fact table, keyed by table name.

    articles: article rows (dicts with the articles table's columns), in build order.
    passages: passage rows (dicts with the passages table's columns, ids set), in order.
    """
    return {name: [] for name in FACT_TABLES}
