"""Answer latency on the messages people send, by length, with the time split by stage.

    python -m benchmarks.latency [--repeat] [--no-start]

Messages: the text of every held-out understanding batch (``benchmarks/understanding*.yaml``,
every set but ``tuning``; conversations are played turn by turn, each turn timed) and every
question of ``benchmarks/questions.yaml``. Only the text is used, never the expectations.

Prints, per length bucket (≤ 40, 41–120, 121–300 characters; longer ones apart), p50 / p95 /
max of the whole answer and of each stage: understanding, retrieval (wall time of the search)
and inside it each channel (keywords, BM25, each dense encoder: encoding + index lookup),
calculators (input validation + computation), rendering, and the rest (dialogue state,
policy, composing). A stage counts its own time only (calculators called from within
understanding count as calculators). Then the time from process start to the first answer on a
data directory whose index is built and on an empty one (each a fresh process), and peak
memory. ``--repeat`` runs the messages a second time (what a window asked twice costs).
Figures, not a test: the machine's load (``uptime``) is printed beside them.
"""

from __future__ import annotations

import argparse
import functools
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).parent
BUCKETS = ((0, 40, "≤40"), (41, 120, "41–120"), (121, 300, "121–300"), (301, 10**9, ">300"))
FIRST_QUESTION = "牵头的省级重点研发项目已验收，省拨经费800万，能拿多少？"
STAGES = ("understanding", "retrieval", "calculators", "rendering", "other")


def uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return "load " + " ".join(f"{x:.2f}" for x in os.getloadavg())


# ------------------------------------------------------------------------------ messages
def conversations() -> Iterator[list[str]]:
    """Each held-out understanding item as its turns' text, then each question alone."""
    for path in sorted(HERE.glob("understanding*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")):
            if item.get("set") == "tuning":
                continue
            turns = item.get("turns") or [{"say": item["q"]}]
            yield [str(t["say"] if isinstance(t, dict) else t) for t in turns]
    for item in yaml.safe_load((HERE / "questions.yaml").read_text(encoding="utf-8")):
        yield [str(item["q"])]


# A real enquiry on a phone or relayed by a clerk runs to 100–300 characters: a greeting, the
# background and two questions. The batches hold few that long, so the long bucket is also fed
# by two consecutive held-out messages sent as one, after one of these greetings (or none).
GREETINGS = ("", "您好！", "老师您好，打扰一下，想咨询两个问题。", "你好，我替来窗口的企业问一下：")


def composed(limit: int = 110) -> Iterator[list[str]]:
    """Up to ``limit`` messages of 121–300 characters: a greeting and the held-out messages
    that follow one another in the batches, joined until the message is long enough."""
    singles = [t[0] for t in conversations() if len(t) == 1]
    made = 0
    for i in range(len(singles)):
        text = GREETINGS[i % len(GREETINGS)]
        for part in singles[i : i + 4]:
            text += part + ("" if part[-1:] in "。？！?!." else "。")
            if len(text) > 120:
                break
        if 121 <= len(text) <= 300:
            yield [text]
            made += 1
            if made == limit:
                return


def bucket(text: str) -> str:
    n = len(text)
    return next(name for lo, hi, name in BUCKETS if lo <= n <= hi)


# ------------------------------------------------------------------------------ timing
class Clock:
    """Time spent in wrapped functions, per name: inclusive and exclusive of nested wraps
    (per thread, so a channel run on a worker thread does not subtract from its caller)."""

    def __init__(self) -> None:
        self._local = threading.local()
        self._lock = threading.Lock()
        self.inclusive: defaultdict[str, float] = defaultdict(float)
        self.exclusive: defaultdict[str, float] = defaultdict(float)

    def reset(self) -> None:
        with self._lock:
            self.inclusive.clear()
            self.exclusive.clear()

    def wrap(self, name: str | Callable[..., str], fn: Callable) -> Callable:
        clock = self

        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            stack = clock._local.__dict__.setdefault("stack", [])
            stack.append(0.0)
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent = time.perf_counter() - t0
                inner = stack.pop()
                if stack:
                    stack[-1] += spent
                key = name(*args, **kwargs) if callable(name) else name
                with clock._lock:
                    clock.inclusive[key] += spent
                    clock.exclusive[key] += spent - inner

        return timed


def instrument(assistant: Any, clock: Clock) -> list[str]:
    """Wrap the stages of ``assistant`` in ``clock``; the retrieval channels' names."""
    import assistant.engine as engine_module
    from assistant.answer.reply import Reply
    from calculators import registry

    retriever = assistant.retriever
    engine_module.understand = clock.wrap("understanding", engine_module.understand)
    retriever.search = clock.wrap("retrieval", retriever.search)
    retriever.keywords.scores = clock.wrap("keywords", retriever.keywords.scores)
    retriever.bm25_scores = clock.wrap("bm25", retriever.bm25_scores)
    channels = ["keywords", "bm25"]
    for emb in retriever.embedders:
        # "encode" counts the answers that ran the encoder (a cached query vector does not).
        encode = clock.wrap(f"encode {emb.name}", emb.embed_queries)
        emb.embed_queries = clock.wrap(f"dense {emb.name}", encode)
        channels.append(f"dense {emb.name}")
    # The index lookup belongs to the encoder's channel whose vector it is.
    retriever.index.query = clock.wrap(lambda name, *a, **k: f"dense {name}", retriever.index.query)
    registry.build_input = clock.wrap("calculators", registry.build_input)
    for rule in registry.RULES.values():
        object.__setattr__(rule, "compute", clock.wrap("calculators", rule.compute))
    Reply.render = clock.wrap("rendering", Reply.render)
    return channels


def percentiles(values: list[float]) -> tuple[float, float, float]:
    if not values:
        return (0.0, 0.0, 0.0)
    ordered = sorted(values)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered), p95, ordered[-1]


def run_pass(
    assistant: Any, clock: Clock, channels: list[str], source: Iterator[list[str]]
) -> list[dict[str, Any]]:
    from assistant.dialogue.state import Conversation
    from benchmarks.understanding import TODAY

    rows = []
    for turns in source:
        conv = Conversation()
        for text in turns:
            clock.reset()
            t0 = time.perf_counter()
            assistant.reply(conv, text, today=TODAY)
            total = (time.perf_counter() - t0) * 1000
            ex, inc = clock.exclusive, clock.inclusive
            row = {
                "bucket": bucket(text),
                "total": total,
                "understanding": ex["understanding"] * 1000,
                "retrieval": inc["retrieval"] * 1000,
                "calculators": ex["calculators"] * 1000,
                "rendering": ex["rendering"] * 1000,
            }
            row["other"] = total - sum(row[s] for s in STAGES[:-1])
            for ch in channels:
                row[ch] = inc[ch] * 1000
                if ch.startswith("dense "):
                    row["encoded " + ch[6:]] = inc["encode " + ch[6:]] > 0
            rows.append(row)
    return rows


def report(rows: list[dict[str, Any]], channels: list[str]) -> None:
    columns = ["total", *STAGES[:2], *channels, *STAGES[2:]]
    names = {"total": "answer", **{c: c.replace("dense ", "") for c in channels}}
    groups = {name: [r for r in rows if r["bucket"] == name] for _, _, name in BUCKETS}
    groups = {k: v for k, v in groups.items() if v} | {"all": rows}
    print(
        f"{'ms p50/p95/max':<22}" + "".join(f"{k + f' ({len(v)})':>22}" for k, v in groups.items())
    )
    for col in columns:
        indent = "  " if col in channels else ""
        cells = []
        for group in groups.values():
            p50, p95, top = percentiles([r[col] for r in group])
            cells.append(f"{p50:6.1f} {p95:6.1f} {top:6.1f}")
        print(f"{indent + names.get(col, col):<22}" + "".join(f"{c:>22}" for c in cells))
    # The share of answers that ran each encoder (its query vector not cached).
    for ch in channels:
        if ch.startswith("dense "):
            key = "encoded " + ch[6:]
            cells = [
                f"{sum(r[key] for r in g) / len(g):.0%} ({sum(r[key] for r in g)})"
                for g in groups.values()
            ]
            print(f"{'encoded ' + names[ch]:<22}" + "".join(f"{c:>22}" for c in cells))


# ------------------------------------------------------------------------------ first answer
def first_answer_child(wait: bool) -> None:
    """In a fresh process: the first answer's time from process start, then (``wait``) the
    time until the models and the index are ready, and the peak memory."""
    from assistant.dialogue.state import Conversation
    from assistant.engine import Assistant

    started = process_started()
    assistant = Assistant.default()
    reply = assistant.reply(Conversation(), FIRST_QUESTION)
    first = time.time() - started
    print(f"first_answer {first:.3f} {reply.awards[0].amount_yuan if reply.awards else '-'}")
    sys.stdout.flush()
    ready = None
    waiter = getattr(assistant.retriever, "wait_ready", None)
    if wait:
        if waiter is not None:
            waiter()
        ready = time.time() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"ready {ready if ready is not None else -1:.3f}")
    print(f"peak_mb {peak:.0f}")


def process_started() -> float:
    """This process's start, as a ``time.time()`` value (from /proc, where there is one).

    The start is in clock ticks since boot, so it is placed on the wall clock by the time
    since boot (``/proc/uptime``, 10 ms steps), not by ``btime`` in ``/proc/stat``: that is
    the boot time truncated to whole seconds, which added up to a second to every figure (on
    one boot 0.8 s: 1.51 s "from process start" against 0.72 s on the parent's clock)."""
    try:
        ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        since_boot = float(Path("/proc/uptime").read_text().split()[0])
        return time.time() - (since_boot - ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return time.time()


def first_answer(data_dir: Path, wait: bool = True) -> dict[str, float]:
    env = {**os.environ, "JCG_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    t0 = time.time()
    proc = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.latency", "--child", "--wait" if wait else "--no-wait"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    out: dict[str, float] = {}
    assert proc.stdout is not None
    for line in proc.stdout:
        key, value, *_ = line.split()
        if key == "first_answer":
            out["wall"] = time.time() - t0
        out[key] = float(value)
    proc.wait()
    return out


def start_figures() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="jcg-latency-"))
    try:
        built = tmp / "built"
        first_answer(built)  # builds the index (and waits for it)
        runs = {
            "index built": first_answer(built),
            "empty data dir": first_answer(tmp / "empty"),
        }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"first answer from process start ({uptime()})")
    for name, r in runs.items():
        ready = f"{r['ready']:.2f} s" if r.get("ready", -1) >= 0 else "-"
        print(
            f"  {name:<16} first answer {r['first_answer']:.2f} s (parent's clock {r['wall']:.2f} s)"
            f"  models+index ready {ready}  peak memory {r['peak_mb']:.0f} MB"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", action="store_true", help="a second pass over the messages")
    parser.add_argument("--no-start", action="store_true", help="skip the first-answer runs")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--wait", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--no-wait", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        first_answer_child(wait=args.wait)
        return

    from assistant.dialogue.state import Conversation
    from assistant.engine import Assistant

    print(f"load before: {uptime()}")
    assistant = Assistant.default()
    waiter = getattr(assistant.retriever, "wait_ready", None)
    if waiter is not None:
        waiter()  # warm figures: the models and the index are loaded
    for text in ("你好", FIRST_QUESTION, "技术经纪人培训费8000元能补多少？"):
        assistant.reply(Conversation(), text)  # first calls load lazy parts
    clock = Clock()
    channels = instrument(assistant, clock)
    passes = 2 if args.repeat else 1
    for n in range(passes):
        again = " again (what a window asked twice costs)" if n else ""
        written = run_pass(assistant, clock, channels, conversations())
        print(f"\nheld-out batches and questions as written{again}: {len(written)} answers, warm")
        print(f"  ({uptime()})")
        report(written, channels)
        joined = run_pass(assistant, clock, channels, composed())
        print(f"\ngreeting + held-out messages sent as one{again}: {len(joined)} answers, warm")
        print(f"  ({uptime()})")
        report(joined, channels)
        if n == 0:
            long_rows = [r for r in written + joined if r["bucket"] == "121–300"]
            long = [r["total"] for r in long_rows]
            p50_all = percentiles([r["total"] for r in written])[0]
            encoded = ", ".join(
                f"{ch[6:]} {sum(r['encoded ' + ch[6:]] for r in long_rows)}"
                for ch in channels
                if ch.startswith("dense ")
            )
            print(
                f"\ntargets: p95 on 121–300 chars {percentiles(long)[1]:.1f} ms (≤ 30), "
                f"p50 overall {p50_all:.1f} ms (≤ 15)"
            )
            print(f"  the {len(long)} answers of 121–300 chars that ran an encoder: {encoded}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory of this process (ru_maxrss) {peak:.0f} MB")
    if not args.no_start:
        print()
        start_figures()


if __name__ == "__main__":
    main()
