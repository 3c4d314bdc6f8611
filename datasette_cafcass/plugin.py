"""The Datasette plugin: every hook this package registers lives here, and
delegates to the module named for what it does."""
from datasette import hookimpl

from . import facets


@hookimpl
def extra_template_vars(datasette):
    return {"cafcass_plugin": True}


@hookimpl
def prepare_connection(conn):
    # cafcass_words(), the word splitting the theme facet and filter match with
    facets.register_functions(conn)


@hookimpl
def register_facet_classes():
    return facets.FACET_CLASSES


@hookimpl
def filters_from_request(request, database, table, datasette):
    # ?_theme_COLUMN=THEME, the filter the theme facet toggles
    return facets.theme_filters(request, database, table, datasette)
