"""Configuration from the environment, read once per call (tests may change it).

| variable | meaning |
|---|---|
| `JCG_DATA_DIR` | where the Chroma index lives (default `<repo>/data`) |
| `JCG_EMBEDDER` | `default` (e5 + USE fused) or `st:<local model dir or installed package path>` |
| `CHROMA_HOST`, `CHROMA_PORT` | use a Chroma server instead of the embedded store |
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    embedder: str = "default"
    chroma_host: str | None = None
    chroma_port: int | None = None

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def remote(self) -> bool:
        return self.chroma_host is not None or self.chroma_port is not None


def load_settings(data_dir: Path | None = None) -> Settings:
    """Settings from the environment; an explicit `data_dir` wins over `JCG_DATA_DIR`."""
    if data_dir is None:
        data_dir = Path(os.environ.get("JCG_DATA_DIR") or REPO_ROOT / "data")
    host = os.environ.get("CHROMA_HOST") or None
    port_text = os.environ.get("CHROMA_PORT") or None
    port = int(port_text) if port_text else None
    if host is not None or port is not None:  # either one selects the server, the other defaults
        host, port = host or "localhost", port or 8000
    return Settings(
        data_dir=Path(data_dir).expanduser(),
        embedder=(os.environ.get("JCG_EMBEDDER") or "default").strip(),
        chroma_host=host,
        chroma_port=port,
    )
