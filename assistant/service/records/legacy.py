"""The ``feedback.jsonl`` that versions before the records database appended, read once to import."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assistant.settings import load_settings

FEEDBACK_FILE = "feedback.jsonl"


def data_dir() -> Path:
    """``$JCG_DATA_DIR`` if set, else ``<repo>/data`` (read at call time, so tests can switch it)."""
    return load_settings().data_dir


def legacy_path() -> Path:
    """Where versions before the records database appended feedback."""
    return data_dir() / FEEDBACK_FILE


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Every record of a legacy ``feedback.jsonl``, oldest first; a damaged line is skipped."""
    if not path.exists():
        return []
    records = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict):
            records.append(value)
    return records
