"""（九）支持孵化载体建设：新认定孵化器、众创空间的奖补，按载体总额封顶。"""

from __future__ import annotations

from calculators.common import Sheet, format_yuan
from calculators.facts import value_name
from calculators.inputs import input_model
from calculators.model import Award

CarrierInput = input_model("carrier")

CLAUSE = "（九）"
# (carrier_type, carrier_level) → level amount parameter; carrier_type → total cap parameter
LEVEL_AMOUNTS = {
    ("incubator", "provincial"): "incubator_provincial",
    ("incubator", "national"): "incubator_national",
    ("maker_space", "provincial"): "maker_space_provincial",
    ("maker_space", "national"): "maker_space_national",
}
TOTAL_CAPS = {"incubator": "incubator_total_cap", "maker_space": "maker_space_total_cap"}


def carrier(facts: CarrierInput) -> Award:
    sheet = Sheet("carrier", CLAUSE, facts)
    # "对谷内新认定（备案）的省级、国家级…": a carrier not yet recognised gets nothing yet.
    sheet.condition("已获新认定（备案）", facts.carrier_recognised)
    sheet.condition("载体位于谷内", facts.in_valley)
    fields = sheet.p("carrier_focus_industry_count")
    sheet.condition(
        f"聚焦高端装备制造、医药大健康、现代农业{fields}个产业领域", facts.in_focus_industry
    )
    amount_name = LEVEL_AMOUNTS[(facts.carrier_type, facts.carrier_level)]
    level_amount = sheet.p(amount_name)
    kind = sheet.kind_of(amount_name)
    cap = sheet.p(TOTAL_CAPS[facts.carrier_type])
    name = value_name(facts.carrier_level) + value_name(facts.carrier_type)
    sheet.step(f"新认定{name}：给予运营单位 {format_yuan(level_amount)}")
    # The total cap is per carrier, so an upgrade (省级→国家级) pays only the difference.
    left = sheet.remaining(cap, facts.received_before_yuan, "单个载体奖补总额最高")
    amount = sheet.cap(level_amount, left, "该载体剩余奖补额度", exact=True)
    return sheet.finish(amount, kind)
