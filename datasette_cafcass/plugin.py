"""The Datasette plugin: every hook this package registers lives here, and
delegates to the module named for what it does."""
from datasette import hookimpl

from . import cells, pages, reader, search


@hookimpl
def extra_template_vars(datasette):
    return {"cafcass_plugin": True}


@hookimpl
def register_routes():
    return [*reader.ROUTES, *search.ROUTES]


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    return cells.render_cell(row, value, column, table, database, datasette)


@hookimpl
def prepare_jinja2_environment(env):
    pages.add_templates(env)
