"""Where the policy data lives: this package's directory, or ``JCG_CORPUS_DIR``.

A revised policy is a revised directory (text, parameters, measures, synonyms); pointing
``JCG_CORPUS_DIR`` at it changes every loader at once, with no code change. Read here and not
through ``assistant.settings`` because ``corpus`` is the lowest layer.

The paths are resolved once per process and again only when ``JCG_CORPUS_DIR`` changes: the
loaders ask for them on every fact a reply names (thousands of times a minute), so each ask is
one look-up of the variable and of a dict, never a new ``Path``.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).parent
POLICY_FILE = "jinchuanggu-jinzhong-measures.txt"
ENV_VAR = "JCG_CORPUS_DIR"

# (the variable's value, file name) → its path; keyed by the value, so a change of the variable
# is a new entry and a thread reading during the change never gets a path of the other one.
_paths: dict[tuple[str | None, str], Path] = {}


def corpus_dir() -> Path:
    return corpus_file("")


def corpus_file(name: str) -> Path:
    key = (os.environ.get(ENV_VAR) or None, name)
    path = _paths.get(key)
    if path is None:
        base = Path(key[0]) if key[0] else PACKAGE_DIR
        path = _paths.setdefault(key, base / name if name else base)
    return path
