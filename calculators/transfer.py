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


def enterprise_transfer(facts: EnterpriseTransferInput) -> Award:
    sheet = Sheet("enterprise_transfer", "（四）", facts)
    sheet.cite("（四）", ENTERPRISE_FORM_QUOTE)
    _type_condition(sheet, facts.contract_type, ENTERPRISE_CONTRACT_TYPES)
    sheet.condition("合同对方为高校或科研院所", facts.counterparty_is_academic)
    sheet.condition("技术合同已完成认定登记", facts.contract_registered)
    sheet.condition("已取得一定经济效益", facts.economic_benefit)

    return sheet.yearly_share(
        "单个合同技术交易额",
        facts.contract_amount_yuan,
        "enterprise_transfer_rate",
        "enterprise_transfer_annual_cap",
        "每家企业年度累计最高奖励",
    )


def academic_contract(facts: AcademicContractInput) -> Award:
    sheet = Sheet("academic_contract", "（五）", facts)
    sheet.cite("（五）", ACADEMIC_FORM_QUOTE)
    _type_condition(sheet, facts.contract_type, ACADEMIC_CONTRACT_TYPES)
    sheet.condition("合同对方为晋创谷·晋中的企业", facts.counterparty_in_valley)
    sheet.condition("技术合同已完成认定登记", facts.contract_registered)

    return sheet.yearly_share(
        "单个合同技术交易额",
        facts.contract_amount_yuan,
        "academic_contract_rate",
        "academic_contract_annual_cap",
        "每家高校、科研院所年度累计最高",
    )


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

    return sheet.yearly_share(
        "年度累计登记合同成交额",
        turnover,
        "academic_service_rate",
        "academic_service_annual_cap",
        "每家高校、科研院所年度累计最高",
    )
