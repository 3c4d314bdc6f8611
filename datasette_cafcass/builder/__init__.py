"""The build side: source files -> cleaned passages -> facts -> an SQLite database.

sources -> blocks -> clean -> passages -> extract -> load, run by pipeline.build().
"""
