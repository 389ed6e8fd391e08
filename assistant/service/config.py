"""Configuration of the service parts (records, API, operations page), from ``JCG_*`` variables.

Read at call time, so tests and a running deployment can change it without a restart of the
module. Kept apart from :mod:`assistant.settings` (retrieval/index) so each has one job.

| variable | meaning |
|---|---|
| `JCG_DATABASE_URL` | SQLAlchemy URL of the records database; unset → SQLite in `JCG_DATA_DIR` |
| `JCG_TEXT_RETENTION` | `keep` (default), `<N>d` (raw text kept N days), `none` (intents and clauses only) |
| `JCG_OPS_PASSCODE_HASH` | `pbkdf2_sha256$<iterations>$<salt hex>$<hash hex>` for the 运营看板 |
| `JCG_OPS_PASSCODE` | the passcode in plain text (hashed in memory at once); the hash wins if both |
| `JCG_API_KEYS` | comma-separated keys; when set, the API wants `X-API-Key` on every /v1 call |
| `JCG_API_MAX_BODY_KB` | largest request body the API reads (default 256 KB) |
| `JCG_BATCH_MAX_ROWS` | most rows one batch file or /v1/match call may hold (default 20000) |
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import re
import secrets
from dataclasses import dataclass

from assistant.settings import env

RETENTION = re.compile(r"^(keep|none|(\d{1,5})d)$")
PBKDF2_ITERATIONS = 200_000


class ConfigError(ValueError):
    """A service variable has a value the service cannot use."""


@dataclass(frozen=True)
class Retention:
    """How long the raw text of a question and its reply is kept."""

    mode: str  # keep | days | none
    days: int | None = None

    @classmethod
    def parse(cls, text: str | None) -> Retention:
        value = (text or "keep").strip().lower()
        match = RETENTION.match(value)
        if not match:
            raise ConfigError(f"JCG_TEXT_RETENTION={text!r}: use keep, none or <N>d (e.g. 30d)")
        if match.group(2):
            return cls("days", int(match.group(2)))
        return cls(value)

    @property
    def stores_text(self) -> bool:
        return self.mode != "none"


@dataclass(frozen=True)
class ServiceConfig:
    database_url: str | None
    retention: Retention
    ops_passcode_hash: str | None
    api_keys: tuple[str, ...]
    api_max_body_bytes: int
    batch_max_rows: int


def env_snapshot() -> tuple[tuple[str, str], ...]:
    """The ``JCG_*`` variables as they are now: a cheap key for what was derived from them."""
    return tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("JCG_")))


def load_config() -> ServiceConfig:
    """The variables as :class:`assistant.settings.Env` (pydantic-settings) reads them.

    Every API request reads the configuration, and parsing it (and hashing a plain passcode)
    costs milliseconds; so it is derived once per distinct environment, and a changed variable
    still takes effect at once.
    """
    return _load_config(env_snapshot())


@functools.lru_cache(maxsize=16)
def _load_config(_snapshot: tuple[tuple[str, str], ...]) -> ServiceConfig:
    from pydantic import ValidationError

    try:
        e = env()
    except ValidationError as err:
        names = ", ".join("JCG_" + str(x["loc"][0]).upper() for x in err.errors() if x["loc"])
        raise ConfigError(f"{names}: {err.errors()[0]['msg']}") from err
    plain = e.ops_passcode.get_secret_value() if e.ops_passcode else None
    hashed = e.ops_passcode_hash
    if hashed is None and plain is not None:
        hashed = hash_passcode(plain)
    keys = tuple(k.strip() for k in (e.api_keys or "").split(",") if k.strip())
    return ServiceConfig(
        database_url=(e.database_url or "").strip() or None,
        retention=Retention.parse(e.text_retention),
        ops_passcode_hash=hashed,
        api_keys=keys,
        api_max_body_bytes=e.api_max_body_kb * 1024,
        batch_max_rows=e.batch_max_rows,
    )


def available_cores() -> int:
    """The CPUs this process may run on (its affinity, as a container or ``taskset`` limits
    it), the default number of API workers: one worker per core keeps every core busy."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # no affinity on this platform
        return max(1, os.cpu_count() or 1)


# ------------------------------------------------------------------------- passcodes
def hash_passcode(passcode: str, *, salt: bytes | None = None) -> str:
    """A salted PBKDF2 hash in one string, for ``JCG_OPS_PASSCODE_HASH``."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", passcode.encode(), salt, PBKDF2_ITERATIONS)
    return f"pbkdf2_sha256${PBKDF2_ITERATIONS}${salt.hex()}${digest.hex()}"


def check_passcode(passcode: str, stored: str | None) -> bool:
    """Constant-time comparison of a typed passcode with a stored hash; False when unset."""
    if not stored or not passcode:
        return False
    try:
        scheme, iterations, salt, expected = stored.split("$")
        if scheme != "pbkdf2_sha256":
            return False
        digest = hashlib.pbkdf2_hmac(
            "sha256", passcode.encode(), bytes.fromhex(salt), int(iterations)
        )
    except ValueError:
        return False
    return hmac.compare_digest(digest.hex(), expected)


def check_api_key(given: str | None, keys: tuple[str, ...]) -> bool:
    """True when no key is configured or ``given`` equals one of them (constant time each)."""
    if not keys:
        return True
    if not given:
        return False
    return any(hmac.compare_digest(given.encode(), k.encode()) for k in keys)


if __name__ == "__main__":  # python -m assistant.service.config  → prints a hash to configure
    import getpass

    print(hash_passcode(getpass.getpass("运营看板口令: ")))
