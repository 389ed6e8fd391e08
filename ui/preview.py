"""The 政策匹配 result preview as a person reads it: money as 38万元, empty cells blank, and
who / which measure / how much first, so the amount is never the column cut off."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from assistant.service import batch
from calculators.common import format_yuan

AMOUNT = "金额（元）"
# The preview puts what a clerk looks for first (who, which measure, how much, what kind); the
# downloads keep the full column order.
FIRST = ["行号", batch.RESULT_HEADERS[1], "条款", "措施", AMOUNT, "金额类型", "结果"]
PREVIEW_HEADERS = FIRST + [h for h in batch.RESULT_HEADERS if h not in FIRST]


def preview_cell(header: str, value: Any) -> str:
    """A cell as a person reads it: money as 38万元, an empty cell blank (never "None")."""
    if value is None or value == "":
        return ""
    if header == AMOUNT:
        return format_yuan(Decimal(str(value)))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def preview_rows(rows: list[list[Any]]) -> list[list[str]]:
    index = [batch.RESULT_HEADERS.index(h) for h in PREVIEW_HEADERS]
    return [[preview_cell(PREVIEW_HEADERS[j], row[i]) for j, i in enumerate(index)] for row in rows]
