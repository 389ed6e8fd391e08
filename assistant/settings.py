"""Configuration from the environment, read once per call (tests may change it).

Every variable is declared once in :class:`Env` (pydantic-settings), with its type and default,
so a wrong value ("JCG_LLM_TIMEOUT=soon") is refused by name instead of failing somewhere later.

| variable | meaning |
|---|---|
| `JCG_DATA_DIR` | where the Chroma index and feedback live (default `<repo>/data`) |
| `JCG_CORPUS_DIR` | another directory of policy data (read by `corpus/` itself) |
| `JCG_EMBEDDER` | `default` (e5 + USE fused) or `st:<local model dir or installed package path>` |
| `CHROMA_HOST`, `CHROMA_PORT` | use a Chroma server instead of the embedded store |
| `JCG_LLM_BASE_URL`, `JCG_LLM_MODEL`, `JCG_LLM_API_KEY` | an OpenAI-compatible endpoint |
| `JCG_LLM_TIMEOUT` | total seconds one answer may spend in the LLM (default 8) |
| `JCG_LLM_MAX_RETRIES` | retries of a failed LLM request, 0 or 1 (default 0) |
| `JCG_LLM_BREAKER_FAILURES`, `JCG_LLM_BREAKER_SECONDS` | after that many failures in a row, skip the LLM for that long (3, 60) |
| `JCG_DATABASE_URL`, `JCG_TEXT_RETENTION`, `JCG_OPS_PASSCODE(_HASH)`, `JCG_API_KEYS`, `JCG_API_MAX_BODY_KB`, `JCG_BATCH_MAX_ROWS` | the service parts; see :mod:`assistant.service.config` |
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


class Env(BaseSettings):
    """Every variable the assistant reads, typed; empty strings count as unset."""

    model_config = SettingsConfigDict(env_prefix="JCG_", env_ignore_empty=True, extra="ignore")

    data_dir: Path | None = None
    embedder: str = "default"
    chroma_host: str | None = Field(None, validation_alias=AliasChoices("CHROMA_HOST"))
    chroma_port: int | None = Field(None, validation_alias=AliasChoices("CHROMA_PORT"))
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: SecretStr | None = None
    llm_timeout: float = Field(8.0, gt=0, le=120)
    llm_max_retries: int = Field(0, ge=0, le=1)
    llm_breaker_failures: int = Field(3, ge=1)
    llm_breaker_seconds: float = Field(60.0, ge=0)
    # Read by corpus/location.py itself (a lower layer cannot import this module); declared
    # here so every JCG_* variable has one typed home.
    corpus_dir: Path | None = None
    # The service parts (records, API, operations page): interpreted by assistant.service.config.
    database_url: str | None = None
    text_retention: str | None = None
    ops_passcode: SecretStr | None = None
    ops_passcode_hash: str | None = None
    api_keys: str | None = None  # comma-separated
    api_max_body_kb: int = Field(256, ge=1)
    batch_max_rows: int = Field(20_000, ge=1)

    @field_validator("embedder")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip() or "default"


def env() -> Env:
    """The environment as it is now (read on every call: tests and operators may change it)."""
    return Env()


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
    e = env()
    if data_dir is None:
        data_dir = e.data_dir or REPO_ROOT / "data"
    host, port = e.chroma_host, e.chroma_port
    if host is not None or port is not None:  # either one selects the server, the other defaults
        host, port = host or "localhost", port or 8000
    return Settings(
        data_dir=Path(data_dir).expanduser(),
        embedder=e.embedder,
        chroma_host=host,
        chroma_port=port,
    )
