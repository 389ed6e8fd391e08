"""（四）入驻企业承接高校、院所成果，（五）高校、科研院所成果转化的奖励和补助。"""

from __future__ import annotations

from calculators.common import Sheet, format_yuan
from calculators.facts import value_name
from calculators.inputs import input_model
from calculators.model import Award

# （四）"以技术转让（专利转让…；专利许可…）、技术许可形式与高校、科研院所签订技术合同"
ENTERPRISE_CONTRACT_TYPES = ("patent_transfer", "patent_license", "tech_license")
ENTERPRISE_FORM_QUOTE = (
    "以技术转让（专利转让，完成专利权人变更；专利许可，完成国家知识产权局备案）、"
    "技术许可形式与高校、科研院所签订技术合同并完成认定登记，取得一定经济效益"
)
# （五）第一款 "开展技术开发、技术转让（专利转让…；专利许可…）、技术许可"
ACADEMIC_CONTRACT_TYPES = ("tech_development", "patent_transfer", "patent_license", "tech_license")
ACADEMIC_FORM_QUOTE = (
    "高校、科研院所面向晋创谷·晋中的企业开展技术开发、技术转让（专利转让，完成专利权人变更；"
    "专利许可，完成国家知识产权局备案）、技术许可"
)
ACADEMIC_SERVICE_QUOTE = "高校、科研院所面向谷内企业开展技术服务和技术咨询，技术合同经认定登记后"

# Both clauses: "技术转让（专利转让，完成专利权人变更；专利许可，完成国家知识产权局备案）" — a
# patent contract counts once its own formality is done (both quotes above hold the words).
PATENT_FORMALITY = {
    "patent_transfer": "专利转让已完成专利权人变更",
    "patent_license": "专利许可已完成国家知识产权局备案",
}
PATENT_FORMALITY_EITHER = "专利转让完成专利权人变更（专利许可完成国家知识产权局备案）"

EnterpriseTransferInput = input_model("enterprise_transfer")
AcademicContractInput = input_model("academic_contract")
AcademicServiceInput = input_model("academic_service")


def _type_condition(sheet: Sheet, given: str | None, allowed: tuple[str, ...]) -> None:
    names = "、".join(value_name(t) for t in allowed)
    sheet.condition(
        f"合同形式为{names}之一",
        None if given is None else given in allowed,
        fail=f"所述为{value_name(given)}合同",
    )


def _formality_condition(sheet: Sheet, given: str | None, done: bool | None) -> None:
    """A patent contract's own step (专利权人变更 / 国家知识产权局备案); with the contract's form
    unknown it is shown only when something was said about it."""
    requirement = PATENT_FORMALITY.get(given or "")
    if requirement is None and given is None and done is not None:
        requirement = PATENT_FORMALITY_EITHER
    if requirement is not None:
        sheet.condition(requirement, done)


def _contract(
    sheet: Sheet, quote: str, allowed: tuple[str, ...], conditions: dict[str, bool | None]
) -> Award:
    """A technology contract's share: its form, then the rule's conditions, then the yearly cap."""
    sheet.cite(sheet.clause.label, quote)
    _type_condition(sheet, sheet.facts.contract_type, allowed)
    _formality_condition(sheet, sheet.facts.contract_type, sheet.facts.patent_formalities_done)
    for text, met in conditions.items():
        sheet.condition(text, met)
    return sheet.rule_share()


def enterprise_transfer(facts: EnterpriseTransferInput) -> Award:
    conditions = {
        "企业已入驻晋创谷·晋中": facts.in_valley,
        "合同对方为高校或科研院所": facts.counterparty_is_academic,
        "技术合同已完成认定登记": facts.contract_registered,
        "已取得一定经济效益": facts.economic_benefit,
    }
    sheet = Sheet("enterprise_transfer", "（四）", facts)
    return _contract(sheet, ENTERPRISE_FORM_QUOTE, ENTERPRISE_CONTRACT_TYPES, conditions)


def academic_contract(facts: AcademicContractInput) -> Award:
    conditions = {
        "合同对方为晋创谷·晋中的企业": facts.counterparty_in_valley,
        "技术合同已完成认定登记": facts.contract_registered,
    }
    sheet = Sheet("academic_contract", "（五）", facts)
    return _contract(sheet, ACADEMIC_FORM_QUOTE, ACADEMIC_CONTRACT_TYPES, conditions)


def academic_service(facts: AcademicServiceInput) -> Award:
    sheet = Sheet("academic_service", "（五）", facts)
    sheet.cite("（五）", ACADEMIC_SERVICE_QUOTE)
    sheet.condition("合同对方为谷内企业", facts.counterparty_in_valley)
    sheet.condition("技术合同已经认定登记", facts.contract_registered)
    threshold = sheet.p("academic_service_threshold")
    turnover = facts.service_turnover_yuan
    # In Chinese legal drafting "以上" includes the number itself, so exactly 5000万元 qualifies.
    sheet.condition(
        f"年度累计登记合同成交额在{format_yuan(threshold)}以上（含本数）",
        turnover >= threshold,
        fail=f"年度累计登记成交额为 {format_yuan(turnover)}",
    )

    return sheet.rule_share()
