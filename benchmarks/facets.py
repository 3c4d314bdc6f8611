"""How long the table pages take with the cafcass facets, against the same page
with ?_nofacet=1, in process (no network): builds seeds/ into a temporary folder,
then times each URL. A benchmark, not a test.

    .venv/bin/python benchmarks/facets.py [--runs 200] [--seeds seeds]
"""
import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

import yaml
from datasette.app import Datasette

from datasette_cafcass.builder.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
URLS = [
    "/cafcass/inspections.json",  # rating, year, era from metadata.yml
    "/cafcass/inspection_judgements.json",
    "/cafcass/judgements.json",
    "/cafcass/findings.json",
    "/cafcass/passages.json?_facet_theme=text",
    "/cafcass/passages.json?_theme_text=leadership&_facet_theme=text",
    "/cafcass/articles.json?_facet_theme=body&_facet_year=published&_facet_era=published",
]


async def timed(ds, url, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = await ds.client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


async def main(runs, seeds):
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "cafcass.db"
        build(seeds, db)
        metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
        ds = Datasette(immutables=[str(db)], metadata=metadata)
        print(f"{'url':75} {'p50 ms':>7} {'p95 ms':>7} {'nofacet p50':>12}")
        for url in URLS:
            p50, p95 = await timed(ds, url, runs)
            bare, _ = await timed(ds, url + ("&" if "?" in url else "?") + "_nofacet=1", runs)
            print(f"{url:75} {p50:7.2f} {p95:7.2f} {bare:12.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--seeds", default=str(ROOT / "seeds"))
    args = parser.parse_args()
    asyncio.run(main(args.runs, args.seeds))
