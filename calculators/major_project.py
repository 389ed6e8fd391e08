"""（三）支持开展关键核心技术攻关：牵头或参与省级及以上重大科技计划项目的奖励。"""

from __future__ import annotations

from calculators.common import Sheet
from calculators.facts import value_name
from calculators.inputs import input_model
from calculators.model import Award, Kind

CLAUSE = "（三）"
# "省级及以上": a municipal project is outside this paragraph (the 市本级 special project
# in the same clause sets no figure, see calculators.descriptive).
ELIGIBLE_LEVELS = ("national", "provincial")
LEVEL_QUOTE = "鼓励入驻企业牵头承担或参与省级及以上关键核心技术攻关项目"

MajorProjectInput = input_model("major_project")


def major_project(facts: MajorProjectInput) -> Award:
    sheet = Sheet("major_project", CLAUSE, facts)
    sheet.cite(CLAUSE, LEVEL_QUOTE)
    level = value_name(facts.project_level)
    sheet.condition(
        "项目为省级及以上重大科技计划项目",
        facts.project_level in ELIGIBLE_LEVELS,
        fail=f"所述项目为{level}项目，不是省级及以上；市本级另设重大技术攻关项目专项，原文未定金额",
    )
    sheet.condition("项目已通过验收", facts.accepted, fail="项目尚未通过验收")
    # The same quote addresses 入驻企业, as （四）'s "鼓励入驻企业承接…" does.
    sheet.condition("企业已入驻晋创谷·晋中", facts.in_valley)

    if facts.role == "lead":
        rate_name, role = "major_project_lead_rate", "牵头承担"
    else:
        rate_name, role = "major_project_participate_rate", "参与"
    rate = sheet.p(rate_name)
    kind = sheet.kind_of(rate_name)
    cap = sheet.p("major_project_cap_per_item")

    sheet.step(f"{role}{level}项目")
    raw = sheet.rate("国拨/省拨经费", facts.allocation_yuan, rate, ceiling=kind is Kind.UP_TO)
    amount = sheet.cap(raw, cap, "每家企业单项最高奖励", exact=kind is Kind.EXACT)
    if kind is Kind.UP_TO:
        sheet.note("参与项目的比例是“最高不超过”，实际按参与度及对企业科技创新能力的提升度核定。")
    return sheet.finish(amount, kind)
