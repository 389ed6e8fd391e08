"""The ``serve`` and ``batch`` subcommands of ``python -m assistant`` (kept out of __main__)."""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from assistant.service.config import available_cores

COMMANDS = ("serve", "batch")


def add_commands(sub: argparse._SubParsersAction) -> None:
    serve = sub.add_parser("serve", help="the HTTP API (FastAPI on uvicorn)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--workers",
        type=int,
        default=None,
        help=f"worker processes (default: the cores available, {available_cores()} here)",
    )
    batch = sub.add_parser("batch", help="batch matching: an XLSX/CSV of applicants in")
    batch.add_argument("input", nargs="?", help="in.xlsx or in.csv")
    batch.add_argument("-o", "--output", help="out.xlsx or out.csv")
    batch.add_argument("--template", help="write the empty template (.xlsx or .csv) and stop")


def run(args: argparse.Namespace) -> int:
    return serve(args) if args.command == "serve" else run_batch(args)


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from assistant.retrieval.hybrid import get_retriever
    from assistant.service.records import get_records
    from assistant.settings import load_settings

    # Build (or open) the index and migrate the database once here, so N workers starting
    # together only reopen them. With several workers the index is built by a process of its
    # own: loaded here, the models would stay in this supervisor, which answers nothing. One
    # worker is this process: it opens the index here, but a local index not built yet is
    # built by a process of its own too, so the passages' encodings (~60 MB for a moment)
    # never count in the worker's peak memory.
    workers = max(1, args.workers or available_cores())
    settings = load_settings()
    if workers > 1 or not (settings.remote or settings.chroma_dir.exists()):
        # a failure is not fatal: the workers build it themselves, under the index lock
        build = [sys.executable, "-m", "assistant.retrieval", "--build"]
        subprocess.run(build, stdout=subprocess.DEVNULL, check=False)
    if workers == 1:
        get_retriever()
    try:
        get_records()
    except Exception as err:  # the API answers without it and reconnects (api.Reconnector)
        why = (str(err).strip().splitlines() or [type(err).__name__])[0][:200]
        print(f"数据库暂不可用，服务照常启动并自动重连：{why}", file=sys.stderr, flush=True)
    uvicorn.run(
        "assistant.service.api:app",
        host=args.host,
        port=args.port,
        workers=workers,
        log_level="warning",
    )
    return 0


def run_batch(args: argparse.Namespace) -> int:
    from assistant.service import batch

    if args.template:
        out = Path(args.template)
        data = batch.template_csv() if out.suffix.lower() == ".csv" else batch.template_xlsx()
        out.write_bytes(data)
        print(f"模板已写入 {out}")
        return 0
    if not args.input or not args.output:
        print("用法：python -m assistant batch in.xlsx -o out.xlsx", file=sys.stderr)
        return 2
    source = Path(args.input)
    started = time.perf_counter()
    try:
        result = batch.run_file(source.read_bytes(), source.name)
    except (OSError, batch.BatchError) as err:
        print(f"无法处理 {source}：{err}", file=sys.stderr)
        return 1
    out = Path(args.output)
    data = batch.result_csv(result) if out.suffix.lower() == ".csv" else batch.result_xlsx(result)
    out.write_bytes(data)
    seconds = time.perf_counter() - started
    print(
        f"{result.rows} 行主体 → {len(result.matches)} 行结果，{len(result.errors)} 个问题单元格；"
        f"用时 {seconds:.1f} 秒；结果已写入 {out}"
    )
    return 0
