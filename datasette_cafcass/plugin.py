"""The Datasette plugin: every hook this package registers lives here, and
delegates to the module named for what it does."""
from datasette import hookimpl

from . import cells


@hookimpl
def extra_template_vars(datasette):
    return {"cafcass_plugin": True}


@hookimpl(specname="render_cell")
def render_query_cell(value, column, database, datasette):
    # Reader links and ⟦marked⟧ snippets from the canned queries (cells.py).
    return cells.render(value, column, database, datasette)
