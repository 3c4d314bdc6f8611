"""Latency of the published pages on a large database, in one run.

    python benchmarks/bench_serve.py [--db cafcass.db | --n 10000 --workdir DIR]
                                     [--repeat 50] [--mode asgi|http|both]

Without --db, uses WORKDIR/nN/cafcass.db (left there by bench_build.py), or
writes an N-article corpus with make_corpus.py and builds it. Then serves the
database the way ./scripts/serve does (immutable, with an inspect file,
metadata.yml and the --setting flags scripts/serve passes) and times each
page: two warm-up requests, then --repeat rounds of one request per page;
median and 95th percentile, and the median as a ratio to the plain table
page. The facet pages are served with metadata.yml's configured facets taken
out, so each computes just the facet it names. "asgi" times requests
in-process through datasette.client (no network noise); "http" through a real
`datasette serve` on 127.0.0.1. A page that is not there is reported as
"missing (404)" (a facet type not registered likewise), any other failure as
"error (...)"; neither stops the run.
"""
import argparse
import asyncio
import json
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from make_corpus import make_corpus  # noqa: E402

BIN = Path(sys.executable).parent
WORD = "inadequate"  # a search word every corpus has
# Values for canned-query parameters, by parameter name; others are left empty
# (Datasette binds a missing parameter as '').
PARAM_VALUES = {"q": WORD, "query": WORD, "search": WORD, "term": WORD, "text": WORD,
                "rating": "good", "grade": "good", "year": "2014", "area": "Greater London",
                "kind": "strength", "judgement": "overall effectiveness"}
# Pages served with metadata.yml's facets taken out, so that each facet page
# computes the one facet it names (judgements has a rating facet configured).
BARE = {"table, no facets", "column facet", "rating facet"}
TARGET_FACET = 1.5
TARGET_TREND = 2.0
TARGET_SEARCH_MS = 20


def pages(db_path, metadata):
    """[(name, path)] of the pages to time, the plain table page first."""
    import sqlite3

    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    (count,) = conn.execute("select count(*) from articles").fetchone()
    row = conn.execute("select id from articles order by id limit 1 offset ?", (count // 2,)).fetchone()
    conn.close()
    article = urllib.parse.quote(row[0], safe="") if row else "missing"
    out = [
        ("table", "/cafcass/judgements"),
        ("table, no facets", "/cafcass/judgements"),
        ("column facet", "/cafcass/judgements?_facet=rating"),
        ("rating facet", "/cafcass/judgements?_facet_rating=rating"),
        ("_search passages", f"/cafcass/passages?_search={WORD}"),
        ("trend (HTML)", "/-/cafcass/trend"),
        ("trend (JSON)", "/-/cafcass/trend.json"),
        ("reader", f"/-/cafcass/articles/{article}"),
        ("search page", f"/-/cafcass/search?q={WORD}"),
    ]
    queries = (((metadata or {}).get("databases") or {}).get("cafcass") or {}).get("queries") or {}
    for name, query in list(queries.items())[:2]:
        sql = query if isinstance(query, str) else query.get("sql", "")
        params = (query.get("params") if isinstance(query, dict) else None) or \
            sorted(set(re.findall(r"(?<![:\w]):([A-Za-z_]\w*)", sql)))
        qs = urllib.parse.urlencode({p: PARAM_VALUES.get(p, "") for p in params})
        out.append((f"canned query {name}", f"/cafcass/{urllib.parse.quote(name)}" + (f"?{qs}" if qs else "")))
    for i in range(len(queries), 2):
        out.append((f"canned query #{i + 1}", None))
    return out


def serve_settings(given):
    """Datasette settings: those given, else the --setting pairs in ./scripts/serve
    (so the benchmark measures the pages as they are served)."""
    from datasette.app import DEFAULT_SETTINGS

    if given:
        pairs = [(k, v) for k, v in given if k != "none"]
    else:
        serve = (ROOT / "scripts" / "serve").read_text(encoding="utf-8")
        pairs = re.findall(r"--setting\s+(\w+)\s+(\S+)", serve)
    settings = {}
    for name, value in pairs:  # as typed values, the way `datasette serve --setting` reads them
        if name not in DEFAULT_SETTINGS:
            raise SystemExit(f"bench_serve: --setting {name}: not a Datasette setting")
        default = DEFAULT_SETTINGS[name]
        if isinstance(default, bool):
            settings[name] = value.lower() in ("on", "true", "1", "yes")
        elif isinstance(default, int):
            settings[name] = int(value)
        else:
            settings[name] = value
    return settings


def summarise(times):
    times = sorted(times)
    p95 = times[min(len(times) - 1, max(0, int(round(0.95 * len(times))) - 1))]
    return statistics.median(times) * 1000, p95 * 1000


async def time_pages(get, todo, repeat, skip):
    """[(name, path, status or message, [seconds])]: two warm-up requests per
    page, then `repeat` rounds over all pages, one request per page per round,
    so a burst of load on the machine falls on every page alike. get(name, path) is
    an async function returning the status code."""
    state = {}
    for name, path in todo:
        if not path:
            state[name] = ["not defined", []]
        elif path in skip:
            state[name] = [skip[path], []]
        else:
            state[name] = [200, []]
    live = lambda: [(n, p) for n, p in todo if state[n][0] == 200]  # noqa: E731

    async def one(name, path, record):
        try:
            start = time.perf_counter()
            status = await get(name, path)
            elapsed = time.perf_counter() - start
        except Exception as e:  # report, don't stop the run
            state[name] = [f"error ({type(e).__name__}: {e})"[:100], []]
            return
        if status != 200:
            state[name] = [status, []]
        elif record:
            state[name][1].append(elapsed)

    for _ in range(2):
        for name, path in live():
            await one(name, path, False)
    for _ in range(repeat):
        for name, path in live():
            await one(name, path, True)
    return [(name, path, *state[name]) for name, path in todo]


def inspect_file(db_path, workdir):
    path = Path(workdir) / "inspect.json"
    subprocess.run([str(BIN / "datasette"), "inspect", str(db_path), "--inspect-file", str(path)], check=True)
    return path


def without_facets(metadata):
    """A copy of metadata with every table's configured facets removed."""
    import copy

    bare = copy.deepcopy(metadata or {})
    for db in (bare.get("databases") or {}).values():
        for table in (db.get("tables") or {}).values():
            if isinstance(table, dict):
                table.pop("facets", None)
    return bare


def make_datasette(db_path, metadata, inspect, settings):
    from datasette.app import Datasette

    return Datasette(immutables=[str(db_path)], metadata=metadata, settings=settings or None,
                     inspect_data=json.loads(Path(inspect).read_text()))


async def probe(db_path, metadata, todo, inspect, settings):
    """{path: message} of pages that answer but lack what they should show."""
    ds = make_datasette(db_path, without_facets(metadata), inspect, settings)
    await ds.invoke_startup()
    out = {}
    for _, path in todo:
        message = path and await facet_missing(ds, path)
        if message:
            out[path] = message
    return out


async def run_asgi(db_path, metadata, todo, repeat, inspect, skip, settings):
    served = make_datasette(db_path, metadata, inspect, settings)
    bare = make_datasette(db_path, without_facets(metadata), inspect, settings)
    for ds in (served, bare):
        await ds.invoke_startup()

    async def get(name, path):
        return (await (bare if name in BARE else served).client.get(path)).status_code

    return await time_pages(get, todo, repeat, skip)


async def facet_missing(ds, path):
    """For a ?_facet_TYPE= page: a message when Datasette ignores the facet type
    (an unregistered type still gives a 200 page, without the facet)."""
    m = re.search(r"[?&]_facet_(\w+)=", path)
    if not m:
        return None
    table, _, qs = path.partition("?")
    response = await ds.client.get(f"{table}.json?{qs}")
    if response.status_code != 200:
        return None  # timed as it is
    facets = response.json().get("facet_results") or {}
    if any(f.get("type") == m.group(1) for f in facets.values()):
        return None
    return f"missing (facet type {m.group(1)!r} not registered)"


def start_server(db_path, metadata_path, inspect, settings):
    """(process, base URL) of `datasette serve` on a free port of 127.0.0.1, once it answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    cmd = [str(BIN / "datasette"), "serve", "-i", str(db_path), "--inspect-file", str(inspect),
           "-h", "127.0.0.1", "-p", str(port), "--metadata", str(metadata_path)]
    for name, value in settings.items():
        cmd += ["--setting", name, ("on" if value else "off") if isinstance(value, bool) else str(value)]
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        if server.poll() is not None:
            raise SystemExit(f"bench_serve: datasette serve exited: {server.stderr.read().decode()[-1000:]}")
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=1).read()
            return server, base
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("bench_serve: datasette serve did not answer within 30 s")


def run_http(db_path, metadata, todo, repeat, inspect, skip, settings, workdir):
    served_md, bare_md = Path(workdir) / "metadata-served.yml", Path(workdir) / "metadata-bare.yml"
    served_md.write_text(yaml.safe_dump(metadata or {}), encoding="utf-8")
    bare_md.write_text(yaml.safe_dump(without_facets(metadata)), encoding="utf-8")
    servers = []
    try:
        servers.append(start_server(db_path, served_md, inspect, settings))
        servers.append(start_server(db_path, bare_md, inspect, settings))
        (_, served), (_, bare) = servers

        async def get(name, path):
            try:
                with urllib.request.urlopen((bare if name in BARE else served) + path, timeout=60) as r:
                    r.read()
                    return r.status
            except urllib.error.HTTPError as e:
                return e.code

        return asyncio.run(time_pages(get, todo, repeat, skip))
    finally:
        for server, _ in servers:
            server.terminate()
            server.wait(timeout=10)


def report(title, results):
    lines = [title, "", "| page | URL | median ms | p95 ms | x table |", "|---|---|---:|---:|---:|"]
    lines[1:1] = [f"(median and p95 of the rounds; x table: the median over the plain table page's)"]
    medians = {}
    base = None
    for name, path, status, times in results:
        if status == 200 and times:
            median, p95 = summarise(times)
            medians[name] = median
            if base is None and name == "table":
                base = median
            ratio = f"{median / base:.2f}x" if base else "-"
            lines.append(f"| {name} | `{path}` | {median:.1f} | {p95:.1f} | {ratio} |")
        else:
            what = ("missing (404)" if status == 404 else status if isinstance(status, str)
                    else f"error ({status})")
            lines.append(f"| {name} | {f'`{path}`' if path else '-'} | {what} | | |")
    lines.append("")

    def check(label, value, limit, unit):
        if value is None:
            lines.append(f"{label}: not measured (page missing)")
        else:
            lines.append(f"{label}: {value:.2f}{unit} (target: at most {limit:g}{unit}) "
                         f"{'met' if value <= limit else 'MISSED'}")

    col, rat = medians.get("column facet"), medians.get("rating facet")
    check("rating facet / column facet", rat / col if col and rat else None, TARGET_FACET, "x")
    for trend in ("trend (HTML)", "trend (JSON)"):
        t = medians.get(trend)
        check(f"{trend} / table", t / base if t and base else None, TARGET_TREND, "x")
    check("_search median", medians.get("_search passages"), TARGET_SEARCH_MS, " ms")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="database to serve (default: build one from an N-article corpus)")
    parser.add_argument("--n", type=int, default=10000, help="corpus size when building (default 10000)")
    parser.add_argument("--workdir", help="folder for the corpus and database (default: a temporary folder)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument("--repeat", type=int, default=50, help="timed requests per page (default 50)")
    parser.add_argument("--mode", choices=["asgi", "http", "both"], default="asgi")
    parser.add_argument("--metadata", default=str(ROOT / "metadata.yml"), help="metadata file (default metadata.yml)")
    parser.add_argument("--setting", nargs=2, action="append", metavar=("NAME", "VALUE"),
                        help="a Datasette setting (default: the ones ./scripts/serve passes); "
                             "--setting none none for Datasette's defaults")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.n < 1:
        parser.error("--repeat and --n must be at least 1")
    metadata_path = Path(args.metadata) if args.metadata else None
    if metadata_path and not metadata_path.is_file():
        parser.error(f"--metadata {metadata_path}: no such file")
    metadata = yaml.safe_load(metadata_path.read_text(encoding="utf-8")) if metadata_path else None
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="cafcass-serve-"))
    workdir.mkdir(parents=True, exist_ok=True)
    if args.db:
        db_path = Path(args.db)
        if not db_path.is_file():
            parser.error(f"--db {db_path}: no such file")
    else:
        db_path = workdir / f"n{args.n}" / "cafcass.db"
        if not db_path.exists():
            from datasette_cafcass.builder.pipeline import build

            corpus = workdir / f"corpus-{args.n}-s{args.seed}"
            if not (corpus / ".complete").exists():
                make_corpus(args.n, corpus, args.seed)
                (corpus / ".complete").write_text("")
            db_path.parent.mkdir(exist_ok=True)
            print(f"bench_serve: building {db_path} from {args.n:,} articles ...", file=sys.stderr)
            build(corpus, db_path)
    import sqlite3

    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    counts = {t: conn.execute(f"select count(*) from [{t}]").fetchone()[0]
              for t in ("articles", "passages", "judgements")}
    conn.close()
    todo = pages(db_path, metadata)
    inspect = inspect_file(db_path, workdir)
    about = (f"{counts['articles']:,} articles, {counts['passages']:,} passages, "
             f"{counts['judgements']:,} judgements; {args.repeat} requests per page")
    settings = serve_settings(args.setting)
    skip = asyncio.run(probe(db_path, metadata, todo, inspect, settings))
    about += "; settings: " + (", ".join(f"{k}={v}" for k, v in settings.items()) or "Datasette's defaults")
    if args.mode in ("asgi", "both"):
        results = asyncio.run(run_asgi(db_path, metadata, todo, args.repeat, inspect, skip, settings))
        print(report(f"In-process (datasette.client), {about}", results))
        print()
    if args.mode in ("http", "both"):
        results = run_http(db_path, metadata, todo, args.repeat, inspect, skip, settings, workdir)
        print(report(f"HTTP (datasette serve on 127.0.0.1), {about}", results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
