"""schemathesis against the API in-process (ASGI), as an outside tester would (issue 19).

A bounded run with a fixed seed: every operation with data that fits the schema and data that
does not (all checks: no server error, status codes, content types and bodies as the schema
says, negative data refused, positive data accepted, unsupported methods answered 405 with
Allow …), then the stateful phase (a conversation created, then talked to). It must find no
server error and no schema violation.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode

from assistant.service.api import create_app

SEED = 19  # the number: the same cases on every run
EXAMPLES = 12  # per operation and mode: ~2 minutes on a busy 2-core machine


_ENGINE: list = []


class _LazyEngine:
    """The session's engine (the embedded default), handed over by the fixture below: the
    schema is loaded at collection, before any fixture."""

    def __getattr__(self, name: str):
        return getattr(_ENGINE[0], name)


@pytest.fixture(autouse=True)
def _session_engine(engine):
    _ENGINE[:] = [engine]


schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(_LazyEngine()))
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
    max_examples=EXAMPLES,
    deterministic=True,
    database="none",
)
# Negative data that is also too large (more rows than maxItems, past the 256 KB limit) is
# refused before it is read: 413, as issue 19 asks for any oversized body. It is a refusal
# like 400/422, so the negative-data check counts it as one.
rejection = schema.config.checks.negative_data_rejection
rejection.expected_statuses = [*rejection.expected_statuses, "413"]
BOUNDED = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@schema.parametrize()
@BOUNDED
def test_every_operation(case):
    case.call_and_validate(timeout=60)


Workflow = schema.as_state_machine()
TestStateful = Workflow.TestCase
TestStateful.settings = settings(
    max_examples=8,
    stateful_step_count=4,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
