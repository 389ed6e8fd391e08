"""HTTP load on loopback: N concurrent clients for a bounded time against 1 worker and one
worker per available core (``serve``'s default).

    python -m benchmarks.http_load [--clients 8] [--seconds 15] [--workers 1 2 4]

Starts ``python -m assistant serve --workers W`` on a free port (records in PostgreSQL when
``JCG_DATABASE_URL`` is set, else SQLite in a temporary data dir; the index in ``JCG_DATA_DIR``
or a Chroma server per the usual settings), posts ``/v1/ask`` from the clients in a closed loop
and prints answers/s and p50/p95/p99 latency per worker count, with the load average, and where
the CPU went: the server's and the clients' CPU time per answer and the cores they kept busy
together (the clients run on the same machine: on two cores, a second worker has only what the
first and the clients leave). Figures, not a test.
"""

from __future__ import annotations

import argparse
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import httpx

from assistant.service.config import available_cores

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = [
    "中试基地服务收入300万能拿多少？",
    "牵头的省级重点研发项目已验收，省拨经费800万，能拿多少？",
    "怎么入驻晋创谷·晋中？",
    "技术经纪人培训费8000元能补多少？",
    "这个政策有效期到什么时候？",
    "孵化器认定为国家级能奖励多少？",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(workers: int, env: dict) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "assistant",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):
                break
        except OSError:
            time.sleep(0.3)
    # every worker has loaded its engine once a burst of requests is answered quickly
    with httpx.Client(timeout=120) as client:
        for q in QUESTIONS * workers * 2:
            client.post(url + "/v1/ask", json={"question": q})
    return proc, url


def load(url: str, clients: int, seconds: float) -> tuple[int, int, list[float]]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client_loop(i: int) -> None:
        nonlocal errors
        with httpx.Client(timeout=60) as client:
            n = i
            while time.monotonic() < stop:
                q = QUESTIONS[n % len(QUESTIONS)]
                n += 1
                started = time.perf_counter()
                try:
                    ok = client.post(url + "/v1/ask", json={"question": q}).status_code == 200
                except httpx.HTTPError:
                    ok = False
                elapsed = time.perf_counter() - started
                with lock:
                    if ok:
                        latencies.append(elapsed)
                    else:
                        errors += 1

    threads = [threading.Thread(target=client_loop, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(latencies), errors, latencies


def tree(pid: int) -> list[int]:
    """``pid`` and its descendants (uvicorn's workers)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            todo += [int(c) for c in Path(f"/proc/{p}/task/{p}/children").read_text().split()]
        except OSError:
            continue
    return out


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by ``pid`` and its descendants."""
    ticks = 0
    for p in tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def peak_mb(pid: int) -> int:
    """The largest peak RSS (VmHWM) among ``pid`` and its descendants (uvicorn's workers)."""
    peak = 0
    for p in tree(pid):
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peak = max(peak, int(line.split()[1]) // 1024)
    return peak


def own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--workers", type=int, nargs="+", default=None)
    args = parser.parse_args()
    cores = available_cores()
    counts = args.workers or sorted({1, cores})
    data = Path(os.environ.get("JCG_DATA_DIR") or tempfile.mkdtemp(prefix="jcg-load-"))
    env = {**os.environ, "JCG_DATA_DIR": str(data), "PYTHONPATH": str(ROOT)}
    print(
        f"cores: {cores}, clients: {args.clients}, {args.seconds:.0f} s per run, "
        f"records: {'PostgreSQL' if env.get('JCG_DATABASE_URL') else 'SQLite'}"
    )
    print(
        "workers | answers/s | p50 ms | p95 ms | p99 ms | errors | peak RSS per process"
        " | CPU ms per answer: server, clients | cores busy"
    )
    for workers in counts:
        proc, url = serve(workers, env)
        try:
            server0, clients0, wall0 = cpu_seconds(proc.pid), own_cpu_seconds(), time.monotonic()
            done, errors, latencies = load(url, args.clients, args.seconds)
            server = cpu_seconds(proc.pid) - server0
            clients = own_cpu_seconds() - clients0
            wall = time.monotonic() - wall0
            peak = peak_mb(proc.pid)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        if len(latencies) > 1:
            q = statistics.quantiles(latencies, n=100)
            p50, p95, p99 = (q[i - 1] * 1000 for i in (50, 95, 99))
        else:
            p50 = p95 = p99 = float("nan")
        loadavg = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        print(
            f"{workers:7d} | {done / args.seconds:9.1f} | {p50:6.0f} | {p95:6.0f} | {p99:6.0f} | "
            f"{errors:6d} | {peak} MB | {server * 1000 / max(done, 1):.1f}, "
            f"{clients * 1000 / max(done, 1):.1f} | {(server + clients) / wall:.2f}"
            f"   (load average {loadavg})"
        )


if __name__ == "__main__":
    main()
