"""The ``feedback.jsonl`` that versions before the records database appended, read once to import."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from assistant.settings import load_settings

FEEDBACK_FILE = "feedback.jsonl"


# the value of JCG_DATA_DIR → the directory it names: read through the settings once per
# value (~0.9 ms), not on each of the spool's appends and removals (two per answered turn)
_dirs: dict[str | None, Path] = {}


def data_dir() -> Path:
    """``$JCG_DATA_DIR`` if set, else ``<repo>/data`` (read at call time, so tests can switch it)."""
    key = os.environ.get("JCG_DATA_DIR")
    found = _dirs.get(key)
    if found is None:
        found = _dirs.setdefault(key, load_settings().data_dir)
    return found


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
