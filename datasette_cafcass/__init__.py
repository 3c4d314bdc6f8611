"""datasette-cafcass: Ofsted's inspections of Cafcass, as an open database.

The build side (read -> blocks -> clean -> passages -> extract -> build) turns a
folder of articles into SQLite; the serving side (plugin, facets, views) publishes
it with Datasette.
"""
