"""The Datasette plugin: every hook this package registers lives here, and
delegates to the module named for what it does."""
from datasette import hookimpl


@hookimpl
def extra_template_vars(datasette):
    return {"cafcass_plugin": True}


@hookimpl
def prepare_connection(conn):
    from .connections import prepare

    prepare(conn)
