"""Rules whose shape is common enough to need no code: declared in corpus/measures.yaml.

``rate_with_cap``: base × rate, then the yearly cap net of what was already received this year
(（十一）, and any new sub-rule of that shape a revised policy adds). The rule's first parameter
is the rate, its second the yearly cap; their quotes decide exact vs up_to.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from calculators.common import Sheet
from calculators.inputs import CommonFacts, compose
from calculators.model import Award
from corpus.measures import RuleSpec


def input_model(spec: RuleSpec) -> type[BaseModel]:
    """The rule's input: its base amount (a fact of the vocabulary, or one the rule's entry in
    measures.yaml words itself) and what was already received this year."""
    facts = (spec.extra["base"], "received_this_year_yuan")
    return compose(f"{spec.id}_input", f"{spec.clause}{spec.name}", facts, CommonFacts)


def rate_with_cap(spec: RuleSpec, facts: Any) -> Award:
    return Sheet(spec.id, spec.clause, facts).rule_share()


SHAPES = {"rate_with_cap": (input_model, rate_with_cap)}
