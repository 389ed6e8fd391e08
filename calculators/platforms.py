"""（六）支持建设概念验证和中试平台：按服务性收入的比例奖补，年度封顶。"""

from __future__ import annotations

from calculators.common import APPENDIX_LABEL, Sheet
from calculators.facts import value_name
from calculators.inputs import input_model
from calculators.model import Award

PlatformInput = input_model("platform")

# platform_type → (rate parameter, annual cap parameter)
PARAMETERS = {
    "poc_centre": ("poc_centre_rate", "poc_centre_annual_cap"),
    "pilot_base": ("pilot_base_rate", "pilot_base_annual_cap"),
}


def platform(facts: PlatformInput) -> Award:
    sheet = Sheet("platform", "（六）", facts)
    sheet.condition("已完成协议任务", facts.tasks_completed)
    # （六） names no place; the 附则's 适用主体 are those inside the platform, so a centre or a
    # base said to be elsewhere is outside it (unsaid: assumed inside, as everywhere).
    sheet.condition(
        "平台位于晋创谷·晋中（附则：适用主体为平台内主体）", facts.in_valley, clause=APPENDIX_LABEL
    )
    rate_name, cap_name = PARAMETERS[facts.platform_type]
    name = value_name(facts.platform_type)
    sheet.step(f"平台类型：{name}")
    return sheet.yearly_share(
        "服务性收入", facts.service_revenue_yuan, rate_name, cap_name, f"单家{name}年度奖补最高"
    )
