"""Worst-case input times: understanding at the 2,000-character cap, per shape of message,
and the guard on 16k characters of model output. Prints figures (aim: ≤ 50 ms worst class).

    .venv/bin/python -m benchmarks.hardening
"""

from __future__ import annotations

import statistics
import time

from assistant.llm import guard
from assistant.nlu.understand import MAX_CHARS, understand

# Shapes that stress the per-number / per-keyword context lookups.
CLASSES = {
    "comma ones 1,1,1,…": "1,",
    "spaced ones 1 1 1 …": "1 ",
    "amounts 收入1万，…": "中试基地服务收入1万，",
    "Chinese amounts 三百万元、…": "三百万元、",
    "keywords 牵头省级项目验收，…": "牵头省级项目验收，",
    "years 二〇二五年…": "二〇二五年验收，",
    "clause refs （三）…": "（三）第五条",
    "plain text 好…": "好",
    "separators ，，，…": "，",
}
RUNS = 5


def timed(fn, arg) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        fn(arg)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    understand("预热")
    results = {}
    for name, unit in CLASSES.items():
        message = (unit * MAX_CHARS)[:MAX_CHARS]
        results[name] = timed(understand, message)
    width = max(map(len, results))
    print(f"understanding at {MAX_CHARS} characters, median of {RUNS} (ms):")
    for name, ms in sorted(results.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<{width}}  {ms:8.1f}")
    worst = max(results, key=results.get)
    print(f"worst class: {worst} {results[worst]:.1f} ms (aim ≤ 50 ms)")
    slots = guard.Slots(award=["**90万元**"])
    for text in ("好" * 16_000, "1," * 8_000, "可得{award:1}。" * 400):
        print(
            f"guard on {len(text)} characters: {timed(lambda t: guard.check(t, slots), text):.2f} ms"
        )


if __name__ == "__main__":
    main()
