"""（十二）技术转移服务：按年度合同交易额的比例奖励，年度封顶（（十一）是 generic.rate_with_cap）。"""

from __future__ import annotations

from calculators.common import Sheet
from calculators.inputs import TransferServiceInput
from calculators.model import Award, Kind


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
