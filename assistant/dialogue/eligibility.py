"""What the stated facts already settle about a rule, before anything is asked.

A stated fact can fail a condition whatever the missing ones are (``ruled_out``); several
figures of one rule each earn their own award (``each_figure``); a measure may address
another kind of applicant (``is_addressee``). Pure functions over the calculators.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from assistant.dialogue import facts
from assistant.nlu.lexicon import lexicon
from calculators.errors import InputError
from calculators.model import Award, Status
from calculators.registry import RULES, Rule, compute

log = logging.getLogger(__name__)


def is_addressee(applicant: str | None, rule: Rule) -> bool:
    """True unless the applicant is known and the measure supports someone else."""
    return applicant is None or applicant in rule.applicants


def on_behalf_kinds() -> frozenset[str]:
    """Kinds a speaker may ask for without being one: a facility it runs (概念验证中心, 中试基地,
    孵化器) and the persons it employs (（八）'s 技术经纪人). A measure for one of these is never
    refused to a speaker that said it is something else."""
    words = lexicon().raw
    staff = {a for r in words["staff_rules"] for a in RULES[r].applicants}
    return frozenset(words["facility_types"]) | staff


def own_clauses(applicant: str | None) -> list[str]:
    """The clauses whose measures or parts name ``applicant`` (（十） for a 律师事务所), in order."""
    specs = [*facts.MEASURES.rules.values(), *facts.MEASURES.parts.values()]
    return list(dict.fromkeys(s.clause for s in specs if applicant in s.applicants))


def each_figure(rule: Rule, given: dict[str, Any], extra_amounts: dict) -> list[Award]:
    """One award per figure said ("两份合同，一份300万一份500万").

    Where the text caps a year's total ("年度累计最高"), each later award counts what the
    earlier ones already took, so the calculator's own cap arithmetic applies.
    """
    awards = [compute(rule.id, given)]
    field = rule.main_amount
    cumulative = "received_this_year_yuan" in rule.facts
    received = given.get("received_this_year_yuan", 0)
    for figure in extra_amounts.get(field or "", []):
        data = {**given, field: figure}
        if cumulative:
            received += awards[-1].amount_yuan
            data["received_this_year_yuan"] = received
        awards.append(compute(rule.id, data))
    return awards


def ruled_out(rule: Rule, given: dict[str, Any], missing: list[str]) -> Award | None:
    """The award when a fact already stated rules it out, so nothing needs asking.

    "培训费是单位报销的" fails （八）'s 自费 condition whatever the fee; "2030年验收" fails
    the 附则's window whatever the allocation. Only stated facts can fail a condition: the
    missing ones are filled with a neutral choice and never shown, because the award is 0.
    """
    # Any stated fact may fail a condition ("只签了两年劳动合同" fails 三年期以上 whatever
    # the head count), so try two different stand-ins for what is missing: a condition
    # that fails under both is failed by what was said.
    tries = []
    for end in (0, -1):
        neutral = {name: _stand_in(rule, name, end) for name in missing}
        try:
            tries.append(compute(rule.id, {**given, **neutral}))
        except InputError as err:
            if err.field in neutral:  # a stand-in is ours, never the user's bad input
                log.error("stand-in %s=%r refused by %s", err.field, neutral[err.field], rule.id)
                return None
            raise
    award = tries[0]
    failed = [{c.text for c in a.conditions if c.status == Status.NOT_MET} for a in tries]
    common = failed[0] & failed[1]
    if not common:
        return None
    reasons = [c for c in award.conditions if c.status == Status.NOT_MET and c.text in common]
    return award.model_copy(
        update={
            "steps": [f"不满足：{c.text}" for c in reasons],
            "conditions": reasons,  # the others were judged on stand-ins: not shown
            "schedule": [],
            "notes": [],
        }
    )


def _stand_in(rule: Rule, name: str, end: int) -> Any:
    """A valid value for a missing fact: the first or last choice of a closed set."""
    fact = rule.fact(name)
    if fact.options:
        return list(fact.options)[end]
    if end == 0 or fact.kind not in ("count", "yuan", "number"):
        # A yes/no or a date has no "other end": one valid stand-in for both tries.
        return facts.neutral_value(rule, name)
    # The other end of an open range, so a threshold on the missing figure itself (（五）'s
    # 5000万 line) is never taken as failed by what was said.
    return 1000 if fact.kind == "count" else Decimal(10) ** 10
