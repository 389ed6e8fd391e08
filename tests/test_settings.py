"""Every JCG_* variable is declared once, typed, in assistant.settings.Env (pydantic-settings)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from assistant.service.config import ConfigError, load_config
from assistant.settings import Env, env

ROOT = Path(__file__).resolve().parents[1]
# Variables tests and benchmarks use for themselves, not the application's configuration.
NOT_CONFIG = {"JCG_FUZZ_SECONDS", "JCG_FUZZ_SEED", "JCG_SCREENSHOT"}


def declared() -> set[str]:
    names = set()
    for name, field in Env.model_fields.items():
        alias = field.validation_alias
        names |= set(alias.choices) if alias is not None else {"JCG_" + name.upper()}
    return names


def test_every_variable_the_code_or_readme_names_is_declared():
    used = set()
    for path in [
        ROOT / "README.md",
        *ROOT.glob("docs/*.md"),
        *ROOT.glob("assistant/**/*.py"),
        ROOT / "app.py",
    ]:
        used |= set(re.findall(r"JCG_[A-Z0-9_]+[A-Z0-9]", path.read_text(encoding="utf-8")))
    assert used - NOT_CONFIG - declared() == set()


def test_a_malformed_value_is_refused_by_name(monkeypatch):
    monkeypatch.setenv("JCG_LLM_TIMEOUT", "soon")
    with pytest.raises(ValidationError, match="llm_timeout"):
        env()
    monkeypatch.delenv("JCG_LLM_TIMEOUT")
    monkeypatch.setenv("JCG_BATCH_MAX_ROWS", "many")
    with pytest.raises(ConfigError, match="JCG_BATCH_MAX_ROWS"):
        load_config()


def test_service_variables_read_through_settings(monkeypatch):
    monkeypatch.setenv("JCG_API_KEYS", " a, b ,")
    monkeypatch.setenv("JCG_API_MAX_BODY_KB", "2")
    monkeypatch.setenv("JCG_TEXT_RETENTION", "30d")
    monkeypatch.setenv("JCG_OPS_PASSCODE", "秘密")
    config = load_config()
    assert config.api_keys == ("a", "b") and config.api_max_body_bytes == 2048
    assert config.retention.days == 30 and config.ops_passcode_hash.startswith("pbkdf2")
    monkeypatch.setenv("JCG_API_KEYS", "")
    assert load_config().api_keys == ()
