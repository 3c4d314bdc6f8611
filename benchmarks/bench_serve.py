"""Latency of the published pages against plain Datasette on the same database.

    python benchmarks/bench_serve.py [--db cafcass.db | --n 10000 --workdir DIR]
                                     [--repeat 50] [--mode asgi|http|both]

Without --db, uses WORKDIR/nN/cafcass.db (left there by bench_build.py), or
writes an N-article corpus with make_corpus.py and builds it. Then serves the
database twice, the way ./scripts/serve does (immutable, with an inspect file,
metadata.yml and the --setting flags scripts/serve passes): "served" with this
plugin, "plain" by the same Datasette with the plugin unregistered (its
facets, hooks, routes and templates gone; metadata.yml the same, so canned
queries are there, and facet types it does not know are ignored). Each page is
timed on both: two warm-up requests, then --repeat rounds, each round one
request per page to each side in turn, so a burst of load on the machine falls
on every page alike. Reported: the median and 95th percentile of each side,
and their ratio. Pages: every table and view, the database page, each canned
query, `?_search=`; and the plugin's own pages against their nearest plain
counterpart (the trend view against the plain judgements table page, the
search page against plain `passages?_search=`, the reader against the plain
row page of its article). "asgi" times requests in-process (datasette.client,
each side in its own child process, no network noise); "http" through a real
`datasette serve` of each side on 127.0.0.1. A page that is not there is
"missing (404)", any other failure "error (...)"; neither stops the run.
"""
import argparse
import json
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import scratch  # noqa: E402
from scratch import corpus  # noqa: E402

BIN = Path(sys.executable).parent
WORD = "inadequate"  # a search word every corpus has
# Values for canned-query parameters, by parameter name; others are left empty
# (Datasette binds a missing parameter as '').
PARAM_VALUES = {"q": WORD, "query": WORD, "search": WORD, "term": WORD, "text": WORD,
                "rating": "good", "grade": "good", "year": "2014", "area": "Greater London",
                "subject": "Greater London", "name": "Douglas", "kind": "strength",
                "judgement": "overall effectiveness", "from_year": "2010", "to_year": "2014", "era": "2",
                "label": "children", "inspection": ""}
TARGET_TABLE = 1.3  # every table page and the database page, against plain Datasette
TARGET_TREND = 2.0  # the trend view against the plain table page
TARGET_SEARCH_MS = 20
# Unregisters this plugin, then runs what follows: how "plain" is served.
PLAIN_PRELUDE = "from datasette.plugins import pm; pm.unregister(name='cafcass'); "


def pages(db_path, metadata):
    """[(kind, name, served path, plain path)] of the pages to time."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    tables = [r[0] for r in conn.execute(
        "select name from sqlite_master where type in ('table', 'view') and name not like '%\\_fts%' escape '\\' "
        "and name not like 'sqlite\\_%' escape '\\' order by type, name")]
    (count,) = conn.execute("select count(*) from articles").fetchone()
    row = conn.execute("select id from articles order by id limit 1 offset ?", (count // 2,)).fetchone()
    conn.close()
    article = urllib.parse.quote(row[0], safe="") if row else "missing"
    out = [("database", "database page", "/cafcass", "/cafcass")]
    out += [("table", name, f"/cafcass/{name}", f"/cafcass/{name}") for name in tables]
    out += [
        ("search", "_search passages", f"/cafcass/passages?_search={WORD}", f"/cafcass/passages?_search={WORD}"),
        ("facet", "rating facet / column facet", "/cafcass/judgements?_facet_rating=rating",
         "/cafcass/judgements?_facet=rating"),
        ("facet", "theme facet, filtered", "/cafcass/findings?kind=weakness", "/cafcass/findings?kind=weakness"),
        ("trend", "trend (HTML)", "/-/cafcass/trend", "/cafcass/judgements"),
        ("trend", "trend (JSON)", "/-/cafcass/trend.json", "/cafcass/judgements.json"),
        ("plugin", "search page", f"/-/cafcass/search?q={WORD}", f"/cafcass/passages?_search={WORD}"),
        ("plugin", "reader", f"/-/cafcass/articles/{article}", f"/cafcass/articles/{article}"),
    ]
    queries = (((metadata or {}).get("databases") or {}).get("cafcass") or {}).get("queries") or {}
    for name, query in queries.items():
        sql = query if isinstance(query, str) else query.get("sql", "")
        params = (query.get("params") if isinstance(query, dict) else None) or \
            sorted(set(re.findall(r"(?<![:\w]):([A-Za-z_]\w*)", sql)))
        qs = urllib.parse.urlencode({p: PARAM_VALUES.get(p, "") for p in params})
        path = f"/cafcass/{urllib.parse.quote(name)}" + (f"?{qs}" if qs else "")
        out.append(("query", f"canned query {name}", path, path))
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


def inspect_file(db_path, workdir):
    path = Path(workdir) / "inspect.json"
    subprocess.run([str(BIN / "datasette"), "inspect", str(db_path), "--inspect-file", str(path)], check=True)
    return path


# --- asgi: each side in a child process that times requests in-process ------

CHILD = r"""
import asyncio, json, sys, time
{prelude}
from datasette.app import Datasette
db, metadata, inspect, settings = json.loads(sys.argv[1])
ds = Datasette(immutables=[db], metadata=metadata, settings=settings or None,
               inspect_data=json.load(open(inspect)))

async def main():
    await ds.invoke_startup()
    for line in sys.stdin:
        path = line.rstrip("\n")
        start = time.perf_counter()
        try:
            status = (await ds.client.get(path)).status_code
        except Exception as e:
            status = f"error ({type(e).__name__}: {e})"[:100]
        print(json.dumps([status, time.perf_counter() - start]), flush=True)

asyncio.run(main())
"""


class AsgiSide:
    def __init__(self, plain, db_path, metadata, inspect, settings):
        code = CHILD.replace("{prelude}", PLAIN_PRELUDE if plain else "")
        self.proc = subprocess.Popen(
            [sys.executable, "-c", code, json.dumps([str(db_path), metadata, str(inspect), settings])],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def get(self, path):
        """(status, seconds) of one request, timed in the child."""
        self.proc.stdin.write(path + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise SystemExit("bench_serve: an in-process Datasette child died")
        return tuple(json.loads(line))

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


# --- http: each side a `datasette serve` on 127.0.0.1 --------------------------

class HttpSide:
    def __init__(self, plain, db_path, metadata_path, inspect, settings):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        args = ["serve", "-i", str(db_path), "--inspect-file", str(inspect),
                "-h", "127.0.0.1", "-p", str(port), "--metadata", str(metadata_path)]
        for name, value in settings.items():
            args += ["--setting", name, ("on" if value else "off") if isinstance(value, bool) else str(value)]
        code = (PLAIN_PRELUDE if plain else "") + "import sys; from datasette.cli import cli; sys.exit(cli())"
        self.proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE)
        self.base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            if self.proc.poll() is not None:
                raise SystemExit(f"bench_serve: datasette serve exited: {self.proc.stderr.read().decode()[-1000:]}")
            try:
                urllib.request.urlopen(self.base + "/-/versions.json", timeout=1).read()
                return
            except OSError:
                time.sleep(0.1)
        self.proc.terminate()
        raise SystemExit("bench_serve: datasette serve did not answer within 30 s")

    def get(self, path):
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(self.base + path, timeout=120) as r:
                r.read()
                status = r.status
        except urllib.error.HTTPError as e:
            e.read()
            status = e.code
        except OSError as e:
            status = f"error ({e})"[:100]
        return status, time.perf_counter() - start

    def close(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


def time_pages(served, plain, todo, repeat):
    """{name: {"served": [status, [s]], "plain": [status, [s]]}}: two warm-up
    requests to each side of each page, then `repeat` rounds."""
    state = {name: {"served": [200, []], "plain": [200, []]} for _, name, _, _ in todo}
    sides = (("served", served, 2), ("plain", plain, 3))

    def one(name, record):
        for side, runner, index in sides:
            entry = state[name][side]
            if entry[0] != 200:
                continue
            path = next(t[index] for t in todo if t[1] == name)
            status, seconds = runner.get(path)
            if status != 200:
                state[name][side] = [status, []]
            elif record:
                entry[1].append(seconds)

    for _ in range(2):
        for _, name, _, _ in todo:
            one(name, False)
    for _ in range(repeat):
        for _, name, _, _ in todo:
            one(name, True)
    return state


def report(title, todo, state):
    lines = [title, "",
             "(medians and 95th percentiles of the rounds; ratio: served median / plain median)", "",
             "| page | URL (served; plain where it differs) | served ms | plain ms | ratio | served p95 | plain p95 |",
             "|---|---|---:|---:|---:|---:|---:|"]
    ratios, medians = {}, {}

    def shown(status):
        return "missing (404)" if status == 404 else status if isinstance(status, str) else f"error ({status})"

    for kind, name, path, plain_path in todo:
        served, plain = state[name]["served"], state[name]["plain"]
        url = f"`{path}`" + (f"; `{plain_path}`" if plain_path != path else "")
        cells = []
        for status, times in (served, plain):
            cells.append(summarise(times) if status == 200 and times else shown(status))
        if all(isinstance(c, tuple) for c in cells):
            (sm, sp), (pm, pp) = cells
            ratios[name], medians[name] = sm / pm, sm
            lines.append(f"| {name} | {url} | {sm:.1f} | {pm:.1f} | {sm / pm:.2f}x | {sp:.1f} | {pp:.1f} |")
        else:
            sm = f"{cells[0][0]:.1f}" if isinstance(cells[0], tuple) else cells[0]
            pm = f"{cells[1][0]:.1f}" if isinstance(cells[1], tuple) else cells[1]
            lines.append(f"| {name} | {url} | {sm} | {pm} | | | |")
    lines.append("")

    def check(label, value, limit, unit):
        if value is None:
            lines.append(f"{label}: not measured (page missing)")
        else:
            lines.append(f"{label}: {value:.2f}{unit} (target: at most {limit:g}{unit}) "
                         f"{'met' if value <= limit else 'MISSED'}")

    pages_ = [name for kind, name, _, _ in todo if kind in ("table", "database")]
    worst = max(((ratios[n], n) for n in pages_ if n in ratios), default=None)
    over = [n for n in pages_ if n in ratios and ratios[n] > TARGET_TABLE]
    check("worst table or database page / plain" + (f" ({worst[1]})" if worst else ""),
          worst[0] if worst else None, TARGET_TABLE, "x")
    if over:
        lines.append(f"over {TARGET_TABLE:g}x: {', '.join(over)}")
    for trend in ("trend (HTML)", "trend (JSON)"):
        check(f"{trend} / plain judgements table page", ratios.get(trend), TARGET_TREND, "x")
    check("_search median", medians.get("_search passages"), TARGET_SEARCH_MS, " ms")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="database to serve (default: build one from an N-article corpus)")
    parser.add_argument("--n", type=int, default=10000, help="corpus size when building (default 10000)")
    parser.add_argument("--workdir", help="folder for the corpus and database (default: a temporary folder)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument("--repeat", type=int, default=50, help="timed requests per page and side (default 50)")
    parser.add_argument("--mode", choices=["asgi", "http", "both"], default="asgi")
    parser.add_argument("--only", help="time only the pages whose name contains this")
    parser.add_argument("--metadata", default=str(ROOT / "metadata.yml"), help="metadata file (default metadata.yml)")
    parser.add_argument("--setting", nargs=2, action="append", metavar=("NAME", "VALUE"),
                        help="a Datasette setting (default: the ones ./scripts/serve passes); "
                             "--setting none none for Datasette's defaults")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.n < 1:
        parser.error("--repeat and --n must be at least 1")
    metadata_path = Path(args.metadata)
    if not metadata_path.is_file():
        parser.error(f"--metadata {metadata_path}: no such file")
    metadata = yaml.safe_load(metadata_path.read_text(encoding="utf-8"))
    with scratch.workdir(args.workdir, "cafcass-serve-") as workdir:
        if args.db:
            db_path = Path(args.db)
            if not db_path.is_file():
                parser.error(f"--db {db_path}: no such file")
        else:
            db_path = workdir / f"n{args.n}" / "cafcass.db"
            if not db_path.exists():
                from datasette_cafcass.builder.pipeline import build

                folder = corpus(workdir, args.n, args.seed)
                db_path.parent.mkdir(exist_ok=True)
                print(f"bench_serve: building {db_path} from {args.n:,} articles ...", file=sys.stderr)
                build(folder, db_path)
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        counts = {t: conn.execute(f"select count(*) from [{t}]").fetchone()[0]
                  for t in ("articles", "passages", "judgements", "findings")}
        conn.close()
        todo = pages(db_path, metadata)
        if args.only:
            todo = [t for t in todo if args.only in t[1]]
        inspect = inspect_file(db_path, workdir)
        settings = serve_settings(args.setting)
        about = (f"{counts['articles']:,} articles, {counts['passages']:,} passages, {counts['judgements']:,} "
                 f"judgements, {counts['findings']:,} findings; {args.repeat} requests per page and side; settings: "
                 + (", ".join(f"{k}={v}" for k, v in settings.items()) or "Datasette's defaults"))
        modes = ["asgi", "http"] if args.mode == "both" else [args.mode]
        for mode in modes:
            if mode == "asgi":
                sides = [AsgiSide(plain, db_path, metadata, inspect, settings) for plain in (False, True)]
                title = f"In-process (datasette.client), {about}"
            else:
                sides = [HttpSide(plain, db_path, metadata_path, inspect, settings) for plain in (False, True)]
                title = f"HTTP (datasette serve on 127.0.0.1), {about}"
            try:
                state = time_pages(sides[0], sides[1], todo, args.repeat)
            finally:
                for side in sides:
                    side.close()
            print(report(title, todo, state))
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
