"""The Datasette plugin: every hook this package registers lives here, and
delegates to the module named for what it does."""
import functools
from pathlib import Path

from datasette import hookimpl
from datasette.utils import await_me_maybe
from jinja2 import ChoiceLoader, DictLoader, FileSystemLoader

from . import cells, connections, facets, guard, lang, query_cells, reader, rows, search, trend
from .pages import DATABASE

TEMPLATES = Path(__file__).parent / "templates"


@hookimpl
def prepare_jinja2_environment(env):
    # Datasette 0.65 finds a plugin's templates with importlib.resources.files(module),
    # which fails for a plugin that is a module (datasette_cafcass.plugin) rather than
    # a package, so add ours here. They sit under datasette_cafcass/ and clash with none.
    # Last, the row and table pages' templates for our tables (rows.py).
    env.loader = ChoiceLoader([env.loader, FileSystemLoader(str(TEMPLATES)),
                               DictLoader(rows.templates(env.loader, env))])
    env.filters["cafcass_rows"] = query_cells.rows_html


@hookimpl
def extra_template_vars(view_name, database, table, request, datasette):
    if database != rows.DATABASE or request is None or table is None:
        return {"cafcass_plugin": True}

    async def inner():
        extra = {"cafcass_plugin": True}
        if view_name == "row":
            extra.update(await rows.row_extras(datasette, request, table))
        elif view_name == "table":
            extra.update(await rows.table_extras(datasette, request, table))
        return extra
    return inner


@hookimpl
def register_routes():
    return [(trend.ROUTE, trend.trend_view), *reader.ROUTES, *search.ROUTES]


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    # Table and row pages' links (cells.py), else the canned queries' columns by
    # name: reader paths, titles, inspections, people, ⟦marked⟧ snippets (query_cells.py).
    # Datasette asks for every cell of a page (1,900 on the inspection_judgements view),
    # so which of the two a column needs is looked up once per table and column.
    if database != DATABASE or value is None or value == "":
        return None
    own, named = _renderers(table, column)
    if own is not None:
        out = own(row, value, column, table, datasette)
        if out:
            return out
    if named or (isinstance(value, str) and value.startswith(query_cells.READER_PREFIX)):
        return query_cells.render(row, value, column, database, datasette)
    return None


@functools.lru_cache(maxsize=4096)
def _renderers(table, column):
    """(cells.py's function for table.column or None, whether query_cells.py reads the column by name)."""
    return (cells.handler(table, column) if table is not None else None), column in query_cells.COLUMNS


@hookimpl
def menu_links(datasette, actor):
    async def inner():
        links = []
        for part in (trend.menu_links(datasette, actor), search.menu_links(datasette, actor)):
            links += await await_me_maybe(part) or []
        return links
    return inner


@hookimpl
def database_actions(datasette, actor, database):
    return trend.action_links(datasette, actor, database)


@hookimpl
def table_actions(datasette, actor, database, table):
    return trend.action_links(datasette, actor, database, table)


@hookimpl
def prepare_connection(conn):
    # cafcass_words(), the word splitting the theme facet and filter match with
    facets.register_functions(conn)
    # memory-mapped reads (faster ?_search= on the passages table)
    connections.prepare(conn)


@hookimpl
def register_facet_classes():
    return facets.FACET_CLASSES


@hookimpl
def filters_from_request(request, database, table, datasette):
    # ?_theme_COLUMN=THEME, the filter the theme facet toggles
    return facets.theme_filters(request, database, table, datasette)


@hookimpl
def asgi_wrapper(datasette):
    # 400, not Datasette's own 500, for query strings core cannot parse; and
    # <html lang="en"> on every page (lang.py)
    guarded = guard.asgi_wrapper(datasette)
    return lambda app: lang.wrap(guarded(app))
