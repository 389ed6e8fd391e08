"""（十一）金融服务机制、（十二）技术转移服务：按年度金额的比例奖励，年度封顶。"""

from __future__ import annotations

from calculators.common import Sheet
from calculators.inputs import FinancingInput, TransferServiceInput
from calculators.model import Award, Kind


def financing(facts: FinancingInput) -> Award:
    sheet = Sheet("financing", "（十一）", facts)
    rate = sheet.p("financing_rate")
    kind = sheet.kind_of("financing_rate")
    cap = sheet.p("financing_annual_cap")
    raw = sheet.rate("当年为企业提供融资总额", facts.financing_total_yuan, rate, ceiling=False)
    amount = sheet.cap_yearly(
        raw, cap, facts.received_this_year_yuan, "每年最高奖励", exact=kind is Kind.EXACT
    )
    return sheet.finish(amount, kind)


def transfer_service(facts: TransferServiceInput) -> Award:
    sheet = Sheet("transfer_service", "（十二）", facts)
    sheet.condition("机构位于谷内，从事技术转移转化服务", facts.in_valley)
    rate = sheet.p("transfer_service_rate")
    kind = sheet.kind_of("transfer_service_rate")
    cap = sheet.p("transfer_service_annual_cap")
    raw = sheet.rate("年度合同交易额", facts.transfer_turnover_yuan, rate, ceiling=False)
    amount = sheet.cap_yearly(
        raw, cap, facts.received_this_year_yuan, "每家机构每年累计最高", exact=kind is Kind.EXACT
    )
    return sheet.finish(amount, kind)
