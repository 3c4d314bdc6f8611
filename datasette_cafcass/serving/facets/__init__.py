"""Facets that know Ofsted's rating scale, time (year and era) and themes.

Each class follows Datasette 0.65's own datasette/facets.py: configured from the
URL (?_facet_rating=rating or ?_facet_rating={"column": "rating"}) or from a
table's `facets` in metadata.yml, facet_results() returns (results, timed_out)
with ColumnFacet's entry shape, and every value's toggle_url adds or removes a
filter Datasette understands (plus ?_theme_COLUMN=, see theme.py).
"""
from .periods import EraFacet, YearFacet
from .rating import RatingFacet
from .theme import ThemeFacet, register_functions, theme_filters

FACET_CLASSES = [RatingFacet, YearFacet, EraFacet, ThemeFacet]

__all__ = ["FACET_CLASSES", "RatingFacet", "YearFacet", "EraFacet", "ThemeFacet", "register_functions", "theme_filters"]
