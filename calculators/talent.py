"""（七）加强高层次人才引进和培育：院士工作站、博士后站补助和引进博士、硕士的经费支持。"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal

from calculators.common import Sheet, format_years, format_yuan
from calculators.inputs import input_model
from calculators.model import Award, Installment
from corpus.parameters import chinese_numeral, get

WorkstationInput = input_model("workstation")
TalentInput = input_model("talent")

CLAUSE = "（七）"
IN_VALLEY = "站设在谷内"


def _schedule(years: int, each: Decimal | None) -> list[Installment]:
    return [Installment(year=y, amount_yuan=each) for y in range(1, years + 1)]


def _running_years(sheet: Sheet, years: Decimal | None, minimum: int, requirement: str) -> None:
    # "设站3年以上" / "新设立1年以上": 以上 includes the number itself. Short of it, how long
    # until it is met ("从什么时候开始能申请"), in whole months rounded up.
    short = ((Decimal(minimum) - (years or Decimal(0))) * 12).quantize(Decimal("0.01"))
    wait = f"，还差约{short.to_integral_value(ROUND_CEILING)}个月满{minimum}年" if short > 0 else ""
    sheet.condition(
        requirement,
        None if years is None else years >= minimum,
        fail=f"已设站 {format_years(years or 0)}{wait}",
    )


def _schedule_note(sheet: Sheet, years: int) -> None:
    """Warn when a multi-year schedule runs past the 附则's validity window."""
    day = sheet.facts.event_date
    end = get("validity_end").value if day is not None else None
    if day is not None and end is not None and day.year + years - 1 > end.year:
        sheet.note("补助周期延续到本措施有效期截止日之后，后续年度能否兑现以主管部门解释为准。")


def _later_support_note(sheet: Sheet, academician: bool) -> None:
    """A new station is told what the text gives it once it has run: the yearly work subsidy
    is the question that follows ("后面几年还有没有工作补助")."""
    prefix = "academician_station" if academician else "postdoc_station"
    minimum = sheet.p(f"{prefix}_min_years_running")
    each = sheet.p(f"{prefix}_annual")
    years = sheet.p(f"{prefix}_support_years")
    after = (
        f"设站{minimum}年以上、继续签约并达到考核评估要求的"
        if academician
        else f"新设立{minimum}年以上持续开展工作、达到评估要求的"
    )
    sheet.note(f"此后：{after}，每年最高{format_yuan(each)}工作补助，补助周期{years}年。")


def workstation(facts: WorkstationInput) -> Award:
    sheet = Sheet("workstation", CLAUSE, facts)
    sheet.condition(IN_VALLEY, facts.in_valley)
    academician = facts.station_type == "academician"
    if facts.station_stage == "new":
        if academician:
            total = sheet.p("academician_station_new_total")
            years = sheet.p("academician_station_new_years")
            kind = sheet.kind_of("academician_station_new_total")
            sheet.step(f"新设立院士工作站：建站补助最高 {format_yuan(total)}，分{years}年补助到位")
            sheet.step("原文只规定总额上限和分几年到位，未规定每年金额，故分年金额不定")
            _schedule_note(sheet, years)
            _later_support_note(sheet, academician)
            return sheet.finish(total, kind, _schedule(years, None))
        amount = sheet.p("postdoc_station_new")
        kind = sheet.kind_of("postdoc_station_new")
        sheet.step(f"新设立博士后科研工作（流动）站：建站补助 {format_yuan(amount)}")
        _later_support_note(sheet, academician)
        return sheet.finish(amount, kind)

    if academician:
        minimum = sheet.p("academician_station_min_years_running")
        each = sheet.p("academician_station_annual")
        years = sheet.p("academician_station_support_years")
        kind = sheet.kind_of("academician_station_annual")
        _running_years(sheet, facts.years_running, minimum, f"设站{minimum}年以上（含{minimum}年）")
        sheet.condition("继续签约", facts.contract_renewed)
        sheet.condition("达到考核评估要求", facts.evaluation_passed)
        title = "院士工作站工作补助"
    else:
        minimum = sheet.p("postdoc_station_min_years_running")
        each = sheet.p("postdoc_station_annual")
        years = sheet.p("postdoc_station_support_years")
        kind = sheet.kind_of("postdoc_station_annual")
        _running_years(
            sheet,
            facts.years_running,
            minimum,
            f"新设立{minimum}年以上（含{minimum}年）持续开展工作",
        )
        sheet.condition("达到评估要求", facts.evaluation_passed)
        title = "博士后站工作补助"
    asked = facts.years_asked
    if asked is not None and 0 < asked < years:
        # "今年能拿多少": one year of the cycle is asked, not the whole cycle.
        total = each * asked
        sheet.step(
            f"{title}：每年最高 {format_yuan(each)}，补助周期 {years}年；"
            f"您问的是其中{asked}年：{format_yuan(each)} × {asked} = {format_yuan(total)}"
        )
        return sheet.finish(total, kind, _schedule(asked, each))
    total = each * years
    sheet.step(f"{title}：每年最高 {format_yuan(each)} × 补助周期 {years}年 = {format_yuan(total)}")
    _schedule_note(sheet, years)
    return sheet.finish(total, kind, _schedule(years, each))


def talent(facts: TalentInput) -> Award:
    sheet = Sheet("talent", CLAUSE, facts)
    sheet.condition("引进单位为谷内科技型企业", facts.tech_enterprise)
    sheet.condition("引进单位位于谷内", facts.in_valley)
    sheet.condition("已为引进人员缴纳社保", facts.social_insurance)
    minimum = sheet.p("talent_min_contract_years")
    # "三年期以上": 以上 includes the number itself, so a three-year contract qualifies.
    years = chinese_numeral(minimum)
    sheet.condition(
        f"签订{years}年期以上（含{years}年）劳动合同",
        None if facts.contract_years is None else facts.contract_years >= minimum,
        fail=f"劳动合同期限为 {format_years(facts.contract_years or 0)}",
    )
    phd = sheet.p("talent_phd_amount")
    master = sheet.p("talent_master_amount")
    kind = sheet.kind_of("talent_phd_amount")
    phd_total = phd * facts.phd_count
    master_total = master * facts.master_count
    # A degree nobody holds gets no line ("硕士研究生 0 人 × 5万元 = 0元" reads as a finding).
    if facts.phd_count or not facts.master_count:
        sheet.step(f"博士 {facts.phd_count} 人 × {format_yuan(phd)} = {format_yuan(phd_total)}")
    if facts.master_count or not facts.phd_count:
        sheet.step(
            f"硕士研究生 {facts.master_count} 人 × {format_yuan(master)}"
            f" = {format_yuan(master_total)}"
        )
    total = phd_total + master_total
    if facts.phd_count and facts.master_count:
        sheet.step(
            f"合计 {format_yuan(phd_total)} + {format_yuan(master_total)} = {format_yuan(total)}"
        )
    sheet.note("该经费为科研项目经费支持，须经申报和评审，根据科研项目、研发能力等确定。")
    if facts.phd_count == 0 and facts.master_count == 0:
        sheet.note("未填写引进的博士或硕士人数，金额按 0 人计算。")
    return sheet.finish(total, kind, parts=[phd] * facts.phd_count + [master] * facts.master_count)
