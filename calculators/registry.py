"""Every rule by id: its clause, short name, input model, calculator and who may apply."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from calculators import brokers, carriers, finance, major_project, platforms, talent, transfer
from calculators.descriptive import BY_KEY, describe
from calculators.errors import InputError, build_input
from calculators.inputs import (
    AcademicContractInput,
    AcademicServiceInput,
    BrokerTrainingInput,
    CarrierInput,
    EnterpriseTransferInput,
    FinancingInput,
    MajorProjectInput,
    OutstandingBrokerInput,
    PlatformInput,
    TalentInput,
    TransferServiceInput,
    WorkstationInput,
)
from calculators.model import Award
from corpus.parameters import Parameter, load_parameters

APPLICANTS = frozenset(
    {
        "enterprise",
        "team",
        "university",
        "institute",
        "financial_institution",
        "transfer_institution",
        "carrier_operator",
        "poc_centre",
        "pilot_base",
        "broker",
        "service_agency",
    }
)


@dataclass(frozen=True)
class Rule:
    id: str
    clause: str
    name: str
    input_model: type[BaseModel]
    compute: Callable[[Any], Award]
    applicants: frozenset[str]


def _rule(id_, clause, name, model, fn, *who: str) -> Rule:
    assert set(who) <= APPLICANTS, who
    return Rule(id_, clause, name, model, fn, frozenset(who))


# Who each rule addresses, as the text words it. A 团队 counts where the text names
# 团队 or once it forms an enterprise in the valley.
RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        # （三）"鼓励入驻企业牵头承担或参与…"；专项 also names 企业、团队
        _rule(
            "major_project",
            "（三）",
            "牵头/参与重大科技计划项目奖励",
            MajorProjectInput,
            major_project.major_project,
            "enterprise",
            "team",
        ),
        # （四）"支持入驻企业开展科技成果转化"
        _rule(
            "enterprise_transfer",
            "（四）",
            "企业承接高校院所成果转化奖励",
            EnterpriseTransferInput,
            transfer.enterprise_transfer,
            "enterprise",
            "team",
        ),
        # （五）"高校、科研院所面向晋创谷·晋中的企业开展技术开发、技术转让…"
        _rule(
            "academic_contract",
            "（五）",
            "高校院所技术开发/转让/许可合同补助",
            AcademicContractInput,
            transfer.academic_contract,
            "university",
            "institute",
        ),
        # （五）"高校、科研院所面向谷内企业开展技术服务和技术咨询"
        _rule(
            "academic_service",
            "（五）",
            "高校院所技术服务/咨询补贴",
            AcademicServiceInput,
            transfer.academic_service,
            "university",
            "institute",
        ),
        # （六）概念验证中心、中试基地
        _rule(
            "platform",
            "（六）",
            "概念验证中心/中试基地奖补",
            PlatformInput,
            platforms.platform,
            "poc_centre",
            "pilot_base",
        ),
        # （七）院士工作站、博士后科研工作（流动）站 are hosted by enterprises or institutions
        _rule(
            "workstation",
            "（七）",
            "院士工作站/博士后站补助",
            WorkstationInput,
            talent.workstation,
            "enterprise",
            "university",
            "institute",
        ),
        # （七）"对谷内科技型企业引进的科研团队（博士、硕士研究生）"
        _rule(
            "talent",
            "（七）",
            "引进博士/硕士科研项目经费",
            TalentInput,
            talent.talent,
            "enterprise",
            "team",
        ),
        # （八）"技术经纪（经理）人"
        _rule(
            "broker_training",
            "（八）",
            "技术经纪人培训费资助",
            BrokerTrainingInput,
            brokers.broker_training,
            "broker",
        ),
        # （八）"优秀技术转移转化个人"
        _rule(
            "outstanding_broker",
            "（八）",
            "优秀技术转移转化个人奖励",
            OutstandingBrokerInput,
            brokers.outstanding_broker,
            "broker",
        ),
        # （九）"分别给予运营单位…奖补"
        _rule(
            "carrier",
            "（九）",
            "孵化器/众创空间认定奖补",
            CarrierInput,
            carriers.carrier,
            "carrier_operator",
        ),
        # （十一）"按机构当年为企业提供融资总额…"
        _rule(
            "financing",
            "（十一）",
            "金融机构融资奖励",
            FinancingInput,
            finance.financing,
            "financial_institution",
        ),
        # （十二）"对从事技术转移转化服务的谷内机构"
        _rule(
            "transfer_service",
            "（十二）",
            "技术转移服务机构奖励",
            TransferServiceInput,
            finance.transfer_service,
            "transfer_institution",
        ),
    )
}

# Measures without a figure, keyed as describe() accepts them, with who they address.
DESCRIPTIVE_CLAUSES: dict[str, frozenset[str]] = {
    "（一）": frozenset({"enterprise", "team"}),  # 入驻科研团队、企业
    "（二）": frozenset({"enterprise", "team"}),  # 入驻团队、企业
    "（三）市本级专项": frozenset({"enterprise", "team"}),  # 承担项目企业、团队
    "（七）柔性引才": frozenset({"enterprise", "team", "university", "institute"}),
    # 金融机构、技术转移转化机构、律所、会计所、知识产权事务所等服务机构
    "（十）": frozenset({"service_agency", "financial_institution", "transfer_institution"}),
    "（十三）": frozenset({"enterprise", "team", "service_agency"}),  # 入驻科创团队、企业
    # 股权投资、科技信贷、融资担保；科研成果产业化、转化收益
    "（十四）": frozenset(
        {"enterprise", "team", "financial_institution", "university", "institute"}
    ),
}
assert set(DESCRIPTIVE_CLAUSES) == set(BY_KEY)


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


# Parameter-name prefixes of each rule, so a rule is explained by its own quotes only.
RULE_PARAMETER_PREFIXES: dict[str, tuple[str, ...]] = {
    "platform": ("poc_centre_", "pilot_base_"),
    "workstation": ("academician_station_", "postdoc_station_"),
    "carrier": ("incubator_", "maker_space_", "carrier_"),
}


def rule_parameters(rule_id: str) -> list[Parameter]:
    prefixes = RULE_PARAMETER_PREFIXES.get(rule_id, (rule_id + "_",))
    return [p for name, p in load_parameters().items() if name.startswith(prefixes)]


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
