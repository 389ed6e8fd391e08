"""Records as a CSV a supervisor opens in Excel (UTF-8 with BOM, local times)."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from typing import Any

from assistant.service.records.outcome import OUTCOME_NAMES
from assistant.service.records.store import LOCAL_TZ, REASONS


def local(moment: datetime) -> datetime:
    return moment.astimezone(LOCAL_TZ)


def turns_csv(turns: list[dict[str, Any]], votes: dict[str, dict[str, Any]]) -> bytes:
    """One line per turn, with the latest rating of it (``votes`` by turn id)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "时间",
            "渠道",
            "对话",
            "问题",
            "意图",
            "结果",
            "条款",
            "金额",
            "耗时ms",
            "评价",
            "原因",
            "引擎版本",
            "记录编号",
        ]
    )
    for t in turns:
        fb = votes.get(t["id"], {})
        writer.writerow(
            [
                local(t["created_at"]).strftime("%Y-%m-%d %H:%M:%S"),
                t["channel"],
                t["conversation_id"] or "",
                t["question"] if t["question"] is not None else "（按保存期限已删除）",
                t["intent"],
                OUTCOME_NAMES.get(t["outcome"], t["outcome"]),
                "、".join(t["clauses"]),
                json.dumps(t["awards"], ensure_ascii=False) if t["awards"] else "",
                round(t["latency_ms"], 1),
                {"up": "👍", "down": "👎"}.get(fb.get("vote", ""), ""),
                REASONS.get(fb.get("reason") or "", ""),
                t["engine_version"],
                t["id"],
            ]
        )
    return out.getvalue().encode("utf-8-sig")
