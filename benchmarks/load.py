"""Load: serve cafcass.db with ./scripts/serve on 127.0.0.1 and send it many
requests from several concurrent clients, then report errors and latency.

    .venv/bin/python benchmarks/load.py [--requests 20000] [--clients 16] [--max-seconds 600]

A benchmark, not a test: it prints numbers and never fails on time. It stops
by itself (after --requests, or --max-seconds) and stops the server it started.
"""
import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent

# The plugin's pages and the JSON API; the ones that do not exist yet are
# probed first and left out (reported as such).
PATHS = [
    "/-/cafcass/trend", "/-/cafcass/trend.json", "/-/cafcass/trend.csv", "/-/cafcass/trend.svg",
    "/-/cafcass/search?q=inspection", "/-/cafcass/search.json?q=outstanding",
    "/-/cafcass/articles/000_c3cbf991d1004dd9", "/-/cafcass/articles/003_ae0dc9e615a177c1",
    "/cafcass/articles.json?_shape=array",
    "/cafcass/articles?_facet_year=published&_facet_theme=body",
    "/cafcass/judgements.json?_facet_rating=rating",
    "/cafcass/inspection_judgements.json?_facet_era=year&_facet_rating=rating",
    "/cafcass/passages.json?_search=ofsted&_shape=array",
    "/cafcass.json?sql=" + urllib.parse.quote("select id, title, published from articles order by published"),
    "/cafcass/passages.csv?_stream=on",
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def wait_for(base, proc, seconds=300):
    deadline = time.monotonic() + seconds
    async with httpx.AsyncClient(base_url=base) as client:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise SystemExit(f"load: the server exited with {proc.returncode}")
            try:
                if (await client.get("/-/versions.json")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
    raise SystemExit("load: the server did not start in time")


async def run(base, total, clients, max_seconds):
    async with httpx.AsyncClient(base_url=base, timeout=30) as probe:
        live = [p for p in PATHS if (await probe.get(p)).status_code != 404]
    missing = [p for p in PATHS if p not in live]
    latencies, statuses, errors = [], Counter(), Counter()
    counter = iter(range(total))
    stop_at = time.monotonic() + max_seconds

    async def client_loop():
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            for i in counter:
                if time.monotonic() > stop_at:
                    return
                path = live[i % len(live)]
                start = time.perf_counter()
                try:
                    response = await client.get(path)
                    statuses[response.status_code] += 1
                    if response.status_code != 200:
                        errors[f"{response.status_code} {path}"] += 1
                except httpx.HTTPError as e:
                    errors[f"{type(e).__name__} {path}"] += 1
                latencies.append(time.perf_counter() - start)

    started = time.perf_counter()
    await asyncio.gather(*(client_loop() for _ in range(clients)))
    return live, missing, latencies, statuses, errors, time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--max-seconds", type=float, default=600)
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([str(ROOT / "scripts" / "serve"), "--port", str(port)], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        asyncio.run(wait_for(base, server))
        live, missing, latencies, statuses, errors, elapsed = asyncio.run(
            run(base, args.requests, args.clients, args.max_seconds))
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # the server and nothing else: its own session
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    done = len(latencies)
    q = statistics.quantiles(latencies, n=100) if done > 1 else [0] * 99
    print(f"load: {done} requests from {args.clients} clients in {elapsed:.1f} s ({done / elapsed:.0f}/s)")
    print(f"load: errors {sum(errors.values())}; statuses {dict(statuses)}")
    print(f"load: latency p50 {q[49] * 1000:.1f} ms, p99 {q[98] * 1000:.1f} ms, max {max(latencies) * 1000:.1f} ms")
    print(f"load: {len(live)} paths: " + ", ".join(p.split("?")[0] for p in live))
    if missing:
        print("load: left out (404, not built yet): " + ", ".join(missing))
    for what, n in errors.most_common(10):
        print(f"load: error {n} x {what}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
