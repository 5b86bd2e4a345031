"""Load on the HTTP API, on loopback only: `POST /match/default` with one query per request
(p50 and p99 latency, requests per second), and 100-query batches.

The server is `create_app` on the built-in lists under uvicorn, one worker, in a child process;
the load generator is this process, keep-alive connections on 127.0.0.1. Every phase stops by
itself at a request count or a time limit, whichever comes first. Goals on 2 cores: p50 at most
10 ms, p99 at most 50 ms, at least 200 requests/s. The rate limiter stays in the path, set high
enough not to refuse.

The baseline beside each figure is `GET /healthz` on the same server: the cost of HTTP, the
middleware and the event loop without any screening.

Usage: python benchmarks/api_load.py [--requests 2000] [--seconds 30] [--concurrency 4]
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from results_io import save  # noqa: E402

HOST = "127.0.0.1"  # loopback only, by design
OUT = Path(__file__).resolve().parent / "results" / "api_load.json"
EVAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "eval"
# Chinese names customers type, beside the speed benchmark's names (peers' unlisted person
# names and perturbed listed names): every request a different name, so that no cache of
# a repeated query flatters the figures.
CHINESE = ["海康威视", "大华技术", "华为技术有限公司", "科大讯飞", "依图科技", "商汤科技",
           "旷视科技", "中兴通讯", "浪潮集团", "中国移动通信集团"]


def _serve(store: str, port: int, ready: Any) -> None:
    import uvicorn

    from rightscreen.api import ApiSettings, create_app

    app = create_app(store=store, settings=ApiSettings(rate_per_minute=10_000_000))
    config = uvicorn.Config(app, host=HOST, port=port, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    threading.Thread(target=lambda: (_wait_started(server), ready.set()), daemon=True).start()
    server.run()


def _wait_started(server: Any) -> None:
    while not server.started:
        time.sleep(0.05)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _phase(port: int, key: str, bodies: list[bytes | None], *, path: str, requests: int,
           seconds: float, concurrency: int) -> dict[str, Any]:
    """Send up to `requests` requests (cycling through `bodies`) over `concurrency`
    connections, stopping at `seconds`; latency of each, in ms."""
    latencies: list[float] = []
    failures: list[int] = []
    lock = threading.Lock()
    counter = iter(range(requests))
    deadline = time.monotonic() + seconds

    def worker() -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        headers = {"Authorization": f"ApiKey {key}", "Content-Type": "application/json"}
        while time.monotonic() < deadline:
            with lock:
                number = next(counter, None)
            if number is None:
                break
            body = bodies[number % len(bodies)]
            started = time.perf_counter()
            connection.request("POST" if body else "GET", path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                if response.status != 200:
                    failures.append(response.status)
        connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    ordered = sorted(latencies)
    return {"requests": len(ordered), "failed": len(failures), "seconds": round(wall, 2),
            "concurrency": concurrency,
            "p50_ms": round(statistics.median(ordered), 2) if ordered else None,
            "p99_ms": round(ordered[int(len(ordered) * 0.99) - 1], 2) if ordered else None,
            "requests_per_s": round(len(ordered) / wall, 1) if wall else None}


def _names(total: int) -> list[str]:
    from queries import build_queries

    from rightscreen import load_snapshot

    eval_dir = EVAL if EVAL.is_dir() else None
    found = build_queries(load_snapshot().entities, eval_dir, total=total)
    unique = list(dict.fromkeys([*CHINESE, *found]))
    return (unique * (total // len(unique) + 1))[:total]


def _query(name: str) -> dict[str, Any]:
    return {"schema": "Company", "properties": {"name": [name]}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    requests = max(1, min(args.requests, 20_000))  # bounded whatever is asked
    seconds = max(1.0, min(args.seconds, 120.0))

    from rightscreen.store import Store
    from rightscreen.store.users import add_user

    folder = tempfile.mkdtemp(prefix="rightscreen-api-load-")
    store_path = os.path.join(folder, "store.sqlite")
    _, key = add_user(Store.open(store_path), "load", "analyst")
    port = _free_port()
    context = multiprocessing.get_context("spawn")
    ready = context.Event()
    server = context.Process(target=_serve, args=(store_path, port, ready), daemon=True)
    server.start()
    try:
        if not ready.wait(timeout=300):
            raise SystemExit("the server did not start within 300 s")
        names = _names(2 * requests + 1_200)
        singles = [json.dumps({"queries": {"q": _query(n)}}).encode() for n in names]
        batches_of_100 = [json.dumps({"queries": {f"q{i}": _query(n) for i, n in enumerate(
            names[start:start + 100])}}).encode() for start in range(0, 1_000, 100)]
        _phase(port, key, singles[-60:], path="/match/default", requests=60, seconds=30,
               concurrency=1)  # warm-up: connections, first-use imports
        health = _phase(port, key, [None], path="/healthz", requests=requests,
                        seconds=seconds, concurrency=1)
        sequential = _phase(port, key, singles[1_000:1_000 + requests], path="/match/default",
                            requests=requests, seconds=seconds, concurrency=1)
        loaded = _phase(port, key, singles[1_000 + requests:], path="/match/default",
                        requests=requests, seconds=seconds, concurrency=args.concurrency)
        batches = _phase(port, key, batches_of_100, path="/match/default", requests=10,
                         seconds=seconds, concurrency=1)
    finally:
        server.terminate()
        server.join(timeout=10)
    batches["queries_per_s"] = (round(100 * batches["requests"] / batches["seconds"], 1)
                                if batches["seconds"] else None)
    save({"benchmark": "api_load", "cores": os.cpu_count(), "host": HOST,
          "goals": {"p50_ms": 10, "p99_ms": 50, "requests_per_s": 200},
          "baseline_healthz": health, "match_one_query_sequential": sequential,
          "match_one_query_concurrent": loaded, "match_batch_of_100": batches}, OUT)


if __name__ == "__main__":
    main()
