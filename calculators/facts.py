"""The fact vocabulary: each fact the calculators take, with its label, question and options.

Facts several rules share are declared once in :mod:`calculators.inputs` (``Annotated``
aliases), so a fact has one label and one question wherever it is used. This module is where
the rest of the program reads them, instead of introspecting pydantic fields itself.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic.fields import FieldInfo

from calculators.inputs import CommonFacts


@dataclass(frozen=True)
class Fact:
    name: str
    label: str
    question: str
    description: str
    kind: str  # yuan | bool | choice | date | count | number
    options: tuple[str, ...] = ()


def _options(annotation: Any) -> tuple[str, ...]:
    if typing.get_origin(annotation) is typing.Literal:
        return tuple(str(a) for a in typing.get_args(annotation))
    for arg in typing.get_args(annotation):
        if found := _options(arg):
            return found
    return ()


def _kind(name: str, annotation: Any, options: tuple[str, ...]) -> str:
    args = set(typing.get_args(annotation)) or {annotation}
    if name.endswith("_yuan"):
        return "yuan"
    if options:
        return "choice"
    if bool in args:
        return "bool"
    if date in args:
        return "date"
    return "count" if int in args else "number"


def fact_of(name: str, info: FieldInfo) -> Fact:
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    options = _options(info.annotation)
    return Fact(
        name=name,
        label=str(extra.get("label", name)),
        question=str(extra.get("ask", name)),
        description=info.description or "",
        kind=_kind(name, info.annotation, options),
        options=options,
    )


def _models() -> list[type[CommonFacts]]:
    return [CommonFacts, *CommonFacts.__subclasses__()]


def fact(name: str) -> Fact | None:
    """The fact called ``name`` (its first declaration), or None for an unknown name."""
    for model in _models():
        if name in model.model_fields:
            return fact_of(name, model.model_fields[name])
    return None


def label(name: str) -> str:
    """The one Chinese label of a fact, wherever it is shown (chat, forms, errors, reports)."""
    found = fact(name)
    return found.label if found else name
