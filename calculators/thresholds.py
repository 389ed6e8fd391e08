"""Where a rate runs into its ceiling: the base at which "不超过/最高" starts to bind.

"融资额到多少就封顶了？" is answered from the parameters alone: ceiling ÷ rate, in Decimal,
each figure cited by its own quote. Nothing here is an award; it says where one stops growing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from calculators.common import quantize
from calculators.registry import rule_parameters
from corpus.parameters import Parameter


@dataclass(frozen=True)
class CapReached:
    """At ``base`` the rate ``rate`` gives exactly the ceiling ``cap``."""

    rate: Parameter
    cap: Parameter
    base: Decimal


def cap_reached_at(rule_id: str, kind: str | None = None) -> list[CapReached]:
    """Each rate of the rule with the money ceiling it runs into. A rate meets the ceilings
    named with its own prefix ("pilot_base_rate" → "pilot_base_annual_cap"), else the rule's
    only ceiling (（三）'s two rates share "单项最高100万元"). ``kind`` keeps the rates of one
    kind only (a 中试基地, not a 概念验证中心)."""
    params = rule_parameters(rule_id)
    caps = [p for p in params if p.unit == "yuan" and p.is_ceiling]
    out = []
    for rate in (p for p in params if p.unit == "ratio" and p.name.endswith("_rate")):
        prefix = rate.name.removesuffix("_rate")
        if kind and not prefix.startswith(kind):
            continue
        own = [c for c in caps if c.name.startswith(prefix)]
        mine = own or (caps if len(caps) == 1 else [])
        for cap in mine:
            base = quantize(Decimal(cap.value) / Decimal(rate.value))
            out.append(CapReached(rate, cap, base))
    return out
