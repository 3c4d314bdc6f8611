"""Settings for every SQLite connection Datasette opens on our database.

Memory-mapped reads: a search on the passages table looks up each matching
row by rowid, reading most of the table's pages; through mmap SQLite reads
them from the page cache without a copy per page (the count behind
`?_search=inadequate` at 10,000 articles: 11 ms -> 7 ms, benchmarks/bench_serve.py).
The mapping is address space backed by the operating system's file cache,
not memory of the server's own.
"""
MMAP_BYTES = 256 * 1024 * 1024


def prepare(conn):
    conn.execute(f"pragma mmap_size = {MMAP_BYTES}")
