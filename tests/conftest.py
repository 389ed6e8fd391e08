"""Shared fixtures. The whole session uses a temporary data directory, never the repo's."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

import pytest

_SESSION_DATA = Path(tempfile.mkdtemp(prefix="jcg-test-data-"))
os.environ.setdefault("JCG_DATA_DIR", str(_SESSION_DATA))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
for _name in ("JCG_LLM_BASE_URL", "JCG_LLM_MODEL", "JCG_LLM_API_KEY"):
    os.environ.pop(_name, None)  # tests exercise the embedded default unless they opt in


@pytest.fixture(scope="session")
def engine():
    """The embedded default engine (local index, no LLM), built once per test session."""
    from assistant.engine import Assistant
    from assistant.retrieval import get_retriever

    return Assistant(get_retriever())


def stop_process(proc: subprocess.Popen) -> None:
    """End a server a test started, politely first."""
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)
