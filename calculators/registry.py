"""Every rule by id: its clause, short name, input model, calculator and who may apply."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, partial
from typing import Any

from pydantic import BaseModel

from calculators import brokers, carriers, finance, major_project, platforms, talent, transfer
from calculators.descriptive import describe
from calculators.errors import InputError, build_input
from calculators.facts import Fact, Vocabulary, fact, vocabulary
from calculators.generic import SHAPES
from calculators.inputs import input_model
from calculators.model import Award
from corpus.measures import RuleSpec, load_measures
from corpus.parameters import Parameter, get

# Rules with logic of their own: the calculator named in corpus/measures.yaml → its function.
# Its input model is composed from the facts corpus/facts.yaml lists under the same name.
CALCULATORS: dict[str, Callable[[Any], Award]] = {
    fn.__name__: fn
    for fn in (
        major_project.major_project,
        transfer.enterprise_transfer,
        transfer.academic_contract,
        transfer.academic_service,
        platforms.platform,
        talent.workstation,
        talent.talent,
        brokers.broker_training,
        brokers.outstanding_broker,
        carriers.carrier,
        finance.transfer_service,
    )
}

APPLICANTS = frozenset(load_measures().applicants)
# rule id → (the vocabulary and input model it was worked out for, the rule's required facts)
_REQUIRED: dict[str, tuple[Vocabulary, type[BaseModel], tuple[str, ...]]] = {}


@dataclass(frozen=True)
class Rule:
    id: str
    clause: str
    name: str
    input_model: type[BaseModel]
    compute: Callable[[Any], Award]
    applicants: frozenset[str]
    parameters: tuple[str, ...] = ()

    # The Rule API: what the rest of the program asks about a rule's facts, so that nothing
    # outside calculators/ introspects pydantic fields.
    @cached_property  # the input model is the rule's for good; asked for on every reading
    def facts(self) -> tuple[str, ...]:
        """Every fact the rule's calculator takes, in the order it asks for them."""
        return tuple(self.input_model.model_fields)

    def takes(self, name: str) -> bool:
        return name in self.input_model.model_fields

    @property
    def required_facts(self) -> list[str]:
        # Asked for every topic of every message read: worked out once per vocabulary (a
        # revised corpus directory is another vocabulary).
        vocab = vocabulary()
        known = _REQUIRED.get(self.id)
        if known is None or known[0] is not vocab or known[1] is not self.input_model:
            names = tuple(n for n in self.facts if self.fact(n).required)
            known = _REQUIRED[self.id] = (vocab, self.input_model, names)
        return list(known[2])

    @property
    def ask_one_of(self) -> tuple[str, ...]:
        """Facts that default to nothing, one of which must be said (see corpus/facts.yaml)."""
        return tuple(getattr(self.input_model, "ask_one_of", ()))

    @property
    def own_facts(self) -> set[str]:
        """The facts that say the user speaks of this rule: its required ones and ask_one_of."""
        return {*self.required_facts, *self.ask_one_of}

    @property
    def required_amounts(self) -> list[str]:
        """The sums in 元 the rule cannot be computed without."""
        return [n for n in self.required_facts if self.fact(n).kind == "yuan"]

    @property
    def main_amount(self) -> str | None:
        """The money fact a bare "那三百万呢" restates: the first required amount."""
        return next(iter(self.required_amounts), None)

    def fact(self, name: str) -> Fact:
        """The fact ``name`` of the vocabulary (KeyError when this rule does not take it)."""
        found = fact(name) if self.takes(name) else None
        if found is None:
            raise KeyError(f"rule {self.id!r} takes no fact {name!r}")
        return found

    def ask(self, name: str) -> str:
        return self.fact(name).question

    def label(self, name: str) -> str:
        return self.fact(name).label

    def given(self, facts: dict[str, Any]) -> dict[str, Any]:
        """The stated facts (not None) this rule takes."""
        return {k: v for k, v in facts.items() if v is not None and self.takes(k)}

    def missing(self, facts: dict[str, Any]) -> list[str]:
        """Facts still needed, in the rule's order (the first is the next question)."""
        missing = [n for n in self.required_facts if facts.get(n) is None]
        if self.ask_one_of and all(facts.get(n) is None for n in self.ask_one_of):
            missing.append(self.ask_one_of[0])
        return missing


def _rule(spec: RuleSpec) -> Rule:
    if spec.calculator in CALCULATORS:
        model, fn = input_model(spec.calculator), CALCULATORS[spec.calculator]
    else:
        make_model, shape = SHAPES[spec.calculator]
        model, fn = make_model(spec), partial(shape, spec)
    return Rule(spec.id, spec.clause, spec.name, model, fn, spec.applicants, spec.parameters)


# Who each rule addresses is in corpus/measures.yaml, beside the words of the text that say so.
RULES: dict[str, Rule] = {spec.id: _rule(spec) for spec in load_measures().rules.values()}

# Measures without a figure, keyed as describe() accepts them, with who they address.
DESCRIPTIVE_CLAUSES: dict[str, frozenset[str]] = {
    key: part.applicants for key, part in load_measures().parts.items()
}
# The parts of a measure with a figure that themselves set none ("（三）市本级专项"), by rule id:
# not whole clauses such as （十）.
PART_RULES: frozenset[str] = frozenset(
    part.rule for key, part in load_measures().parts.items() if not key.endswith("）")
)


def get_rule(rule_id: str) -> Rule:
    if rule_id not in RULES:
        raise InputError(f"没有名为「{rule_id}」的计算规则。")
    return RULES[rule_id]


def compute(rule_id: str, data: dict[str, Any]) -> Award:
    """Validate ``data`` for the rule and compute; bad input raises :class:`InputError`."""
    rule = get_rule(rule_id)
    return rule.compute(build_input(rule.input_model, data))


def missing_fields(rule_id: str, data: dict[str, Any]) -> list[str]:
    """Facts still needed, in the rule's order (the first is the next question)."""
    return get_rule(rule_id).missing(data)


def rule_parameters(rule_id: str) -> list[Parameter]:
    """The parameters the rule reads, as corpus/measures.yaml groups them under its id."""
    return [get(name) for name in get_rule(rule_id).parameters]


def rules_for_applicant(applicant: str) -> list[Rule]:
    return [r for r in RULES.values() if applicant in r.applicants]


def speakers_rule(applicant: str, topic: str) -> str | None:
    """The applicant's own rule in the same matter: a university's contract is （五）, not （四）."""
    if applicant in RULES[topic].applicants:
        return topic
    wanted = set(RULES[topic].required_facts)
    own = [r for r in rules_for_applicant(applicant) if wanted & set(r.facts)]
    return own[0].id if own else None


__all__ = [
    "APPLICANTS",
    "DESCRIPTIVE_CLAUSES",
    "PART_RULES",
    "RULES",
    "Rule",
    "compute",
    "describe",
    "missing_fields",
    "rule_parameters",
    "rules_for_applicant",
    "speakers_rule",
]
