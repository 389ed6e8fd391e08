"""（十二）技术转移服务：按年度合同交易额的比例奖励，年度封顶（（十一）是 generic.rate_with_cap）。"""

from __future__ import annotations

from calculators.common import Sheet
from calculators.inputs import input_model
from calculators.model import Award

TransferServiceInput = input_model("transfer_service")


def transfer_service(facts: TransferServiceInput) -> Award:
    sheet = Sheet("transfer_service", "（十二）", facts)
    sheet.condition("机构位于谷内，从事技术转移转化服务", facts.in_valley)
    return sheet.rule_share()
