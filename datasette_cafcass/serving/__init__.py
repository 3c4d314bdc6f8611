"""The serving side: the Datasette plugin (hooks.py) and what its hooks delegate to:
facets, the trend view, the evidence reader, search, cells and templates."""
