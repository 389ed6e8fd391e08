"""Every rule by id: its clause, short name, input model, calculator and who may apply."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from pydantic import BaseModel

from calculators import brokers, carriers, finance, major_project, platforms, talent, transfer
from calculators.descriptive import describe
from calculators.errors import InputError, build_input
from calculators.facts import Fact, fact_of
from calculators.generic import SHAPES
from calculators.inputs import (
    AcademicContractInput,
    AcademicServiceInput,
    BrokerTrainingInput,
    CarrierInput,
    EnterpriseTransferInput,
    MajorProjectInput,
    OutstandingBrokerInput,
    PlatformInput,
    TalentInput,
    TransferServiceInput,
    WorkstationInput,
)
from calculators.model import Award
from corpus.measures import RuleSpec, load_measures
from corpus.parameters import Parameter, get

# Rules with logic of their own: the calculator named in corpus/measures.yaml → (input, function).
CALCULATORS: dict[str, tuple[type[BaseModel], Callable[[Any], Award]]] = {
    "major_project": (MajorProjectInput, major_project.major_project),
    "enterprise_transfer": (EnterpriseTransferInput, transfer.enterprise_transfer),
    "academic_contract": (AcademicContractInput, transfer.academic_contract),
    "academic_service": (AcademicServiceInput, transfer.academic_service),
    "platform": (PlatformInput, platforms.platform),
    "workstation": (WorkstationInput, talent.workstation),
    "talent": (TalentInput, talent.talent),
    "broker_training": (BrokerTrainingInput, brokers.broker_training),
    "outstanding_broker": (OutstandingBrokerInput, brokers.outstanding_broker),
    "carrier": (CarrierInput, carriers.carrier),
    "transfer_service": (TransferServiceInput, finance.transfer_service),
}

APPLICANTS = frozenset(load_measures().applicants)


@dataclass(frozen=True)
class Rule:
    id: str
    clause: str
    name: str
    input_model: type[BaseModel]
    compute: Callable[[Any], Award]
    applicants: frozenset[str]
    parameters: tuple[str, ...] = ()

    @property
    def facts(self) -> tuple[str, ...]:
        """Every fact the rule's calculator takes, in the order it asks for them."""
        return tuple(self.input_model.model_fields)

    @property
    def required_facts(self) -> list[str]:
        return [n for n, f in self.input_model.model_fields.items() if f.is_required()]

    @property
    def main_amount(self) -> str | None:
        """The money fact a bare "那三百万呢" restates: the first required amount."""
        return next((n for n in self.required_facts if n.endswith("_yuan")), None)

    def fact(self, name: str) -> Fact:
        """The fact as this rule takes it (its options may be a subset of the vocabulary's)."""
        return fact_of(name, self.input_model.model_fields[name])

    def ask(self, name: str) -> str:
        return self.fact(name).question

    def label(self, name: str) -> str:
        return self.fact(name).label


def _rule(spec: RuleSpec) -> Rule:
    if spec.calculator in CALCULATORS:
        model, fn = CALCULATORS[spec.calculator]
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


def get_rule(rule_id: str) -> Rule:
    if rule_id not in RULES:
        raise InputError(f"没有名为「{rule_id}」的计算规则。")
    return RULES[rule_id]


def compute(rule_id: str, data: dict[str, Any]) -> Award:
    """Validate ``data`` for the rule and compute; bad input raises :class:`InputError`."""
    rule = get_rule(rule_id)
    return rule.compute(build_input(rule.input_model, data))


def missing_fields(rule_id: str, data: dict[str, Any]) -> list[str]:
    """Facts still needed, in the model's field order (the first is the next question)."""
    model = get_rule(rule_id).input_model
    missing = [
        name
        for name, info in model.model_fields.items()
        if info.is_required() and data.get(name) is None
    ]
    one_of: tuple[str, ...] = getattr(model, "ask_one_of", ())
    if one_of and all(data.get(name) is None for name in one_of):
        missing.append(one_of[0])
    return missing


def rule_parameters(rule_id: str) -> list[Parameter]:
    """The parameters the rule reads, as corpus/measures.yaml groups them under its id."""
    return [get(name) for name in get_rule(rule_id).parameters]


def rules_for_applicant(applicant: str) -> list[Rule]:
    return [r for r in RULES.values() if applicant in r.applicants]


__all__ = [
    "APPLICANTS",
    "DESCRIPTIVE_CLAUSES",
    "RULES",
    "Rule",
    "compute",
    "describe",
    "missing_fields",
    "rule_parameters",
    "rules_for_applicant",
]
