"""Where the policy data lives: this package's directory, or ``JCG_CORPUS_DIR``.

A revised policy is a revised directory (text, parameters, measures, synonyms); pointing
``JCG_CORPUS_DIR`` at it changes every loader at once, with no code change. Read here and not
through ``assistant.settings`` because ``corpus`` is the lowest layer.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).parent
POLICY_FILE = "jinchuanggu-jinzhong-measures.txt"


def corpus_dir() -> Path:
    return Path(os.environ.get("JCG_CORPUS_DIR") or PACKAGE_DIR)


def corpus_file(name: str) -> Path:
    return corpus_dir() / name
