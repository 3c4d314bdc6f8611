"""Dated happenings."""


def extract(articles, by_article):
    return []
