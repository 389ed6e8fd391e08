"""Batch matching throughput: N synthetic applicant rows through the file path (prints figures).

    python -m benchmarks.batch [--rows 10000]

Rows mix every applicant type, filled and blank cells and some bad cells, written as an XLSX
like an operator's upload; timed: read + validate + compute, and writing the result workbook.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import time

from openpyxl import Workbook

from assistant.service import batch

TARGET_SECONDS = 60.0


def synthetic(rows: int, seed: int = 12) -> bytes:
    rng = random.Random(seed)
    cols = batch.columns()
    names = list(batch.applicant_names().values())
    book = Workbook(write_only=True)
    sheet = book.create_sheet("主体清单")
    sheet.append([c.header for c in cols])
    for i in range(rows):
        row = []
        for col in cols:
            if col.name == "name":
                row.append(f"主体{i}")
            elif col.name == "applicant":
                row.append(rng.choice(names))
            elif rng.random() < 0.6:
                row.append(None)
            elif col.widget == "yuan":
                row.append(
                    rng.choice([50, 200, 800, 3000, "八百"])
                    if i % 97 == 0
                    else rng.choice([50, 200, 800, 3000])
                )
            elif col.widget in ("int", "number"):
                row.append(rng.randint(0, 5))
            elif col.widget == "bool":
                row.append(rng.choice(["是", "否"]))
            elif col.widget == "choice":
                row.append(rng.choice(col.options))
            else:
                row.append(None)
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    data = synthetic(args.rows)
    load_before = os.getloadavg()
    started = time.perf_counter()
    result = batch.run_file(data, "bench.xlsx", max_rows=args.rows)
    computed = time.perf_counter()
    out = batch.result_xlsx(result)
    written = time.perf_counter()
    total = written - started
    load = ", ".join(f"{x:.1f}" for x in load_before)
    print(f"cores available: {os.cpu_count()}, load average before the run: {load}")
    print(
        f"rows: {result.rows}, result rows: {len(result.matches)}, bad cells: {len(result.errors)}"
    )
    print(
        f"read + validate + compute: {computed - started:.1f} s "
        f"({(computed - started) / max(1, result.rows) * 1000:.2f} ms/row)"
    )
    print(f"write result workbook: {written - computed:.1f} s ({len(out) / 1e6:.1f} MB)")
    print(
        f"total: {total:.1f} s (target ≤ {TARGET_SECONDS:.0f} s: {'met' if total <= TARGET_SECONDS else 'MISSED'})"
    )


if __name__ == "__main__":
    main()
