"""How a newcomer asks: an orientation question, or a person / team without a company.

The cues are language data in ``newcomer.yaml`` (matched after the typo and traditional-
character fixes); the overview itself is :mod:`assistant.answer.newcomer`.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from assistant.nlu import scope, tokenize
from corpus import yamlfile
from corpus.location import corpus_file

CUES_PATH = Path(__file__).with_name("newcomer.yaml")


@cache
def _cues() -> tuple[re.Pattern[str], re.Pattern[str]]:
    cues = yamlfile.read(CUES_PATH)
    overview = re.compile("|".join(f"(?:{p})" for p in cues["overview"]))
    individual = re.compile("|".join(f"(?:{p})" for p in cues["individual"]))
    return overview, individual


def _norm(text: str) -> str:
    return tokenize.normalize(text or "")


@cache
def _newcomer_id() -> str:
    data = yamlfile.read(corpus_file("newcomer.yaml"))
    return str(data["applicant"]["id"])


def is_newcomer(applicant: str | None) -> bool:
    """The applicant is a person or a team without a company (corpus/newcomer.yaml)."""
    return applicant == _newcomer_id()


def is_individual(text: str) -> bool:
    return bool(_cues()[1].search(_norm(text)))


def asks_overview(text: str) -> bool:
    """An orientation question, or a person / unregistered team introducing themselves.

    A newcomer who asks for something the policy does not cover ("应届生就业补贴", "一次性
    创业补贴") is answered "不涉及" first (assistant/nlu/scope.py), not with the orientation."""
    s = _norm(text)
    overview, individual = _cues()
    return bool(overview.search(s) or individual.search(s)) and scope.check(s) is None
