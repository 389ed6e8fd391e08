"""Typed inputs of every calculator, composed from the fact vocabulary (corpus/facts.yaml).

Field names are the fact names the assistant extracts from a conversation, so a fact said
once ("省拨经费800万") fills every calculator that needs it. A model here declares no label or
question of its own: its fields are the vocabulary's ``Annotated`` types, so one fact reads the
same in every model that takes it. The models stay pydantic models because validation errors
(calculators.errors) and the LLM tools (langchain's StructuredTool) are built on them.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from calculators.facts import ABSURD_YUAN, Yuan, fact, value_names, vocabulary


class _Facts(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    # Facts that all default to nothing, of which one must be said before an answer means
    # anything (see corpus/facts.yaml).
    ask_one_of: ClassVar[tuple[str, ...]] = ()


def compose(
    name: str, doc: str, facts: Iterable[str], base: type[BaseModel], ask_one_of: Iterable[str] = ()
) -> type[Any]:
    """A pydantic model whose fields are the named facts, in that order, as declared."""
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {"__doc__": doc, "__module__": __name__}
    for fact_name in facts:
        declared = fact(fact_name)
        if declared is None:
            raise KeyError(f"fact {fact_name!r} is not in the vocabulary")
        annotations[fact_name] = declared.annotation
        if not declared.required:
            namespace[fact_name] = declared.default
    namespace["__annotations__"] = annotations
    namespace["ask_one_of"] = tuple(ask_one_of)
    return type(name, (base,), namespace)


CommonFacts: type[Any] = compose(
    "CommonFacts",
    "Facts every rule may use: when it happened and what another policy already grants.",
    vocabulary().common,
    _Facts,
)


@cache
def input_model(calculator: str) -> type[Any]:
    """The input model of a calculator, as corpus/facts.yaml lists its facts (one class each:
    the calculator's type hint and the registry's model are the same object)."""
    spec = vocabulary().inputs[calculator]
    name = "".join(part.title() for part in calculator.split("_")) + "Input"
    return compose(name, spec["doc"], spec["facts"], CommonFacts, spec.get("ask_one_of") or ())


# Chinese names of every option value, for showing a fact back to a user.
VALUE_NAMES: dict[str, str] = value_names()

__all__ = ["ABSURD_YUAN", "VALUE_NAMES", "CommonFacts", "Yuan", "compose", "input_model"]
