"""Issue 18, ninth pass: mechanisms found on a fresh batch read for tuning (blind18) and on
the read batches, each stated as what must hold for any wording of its kind."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import last_reply

from assistant.nlu.understand import understand
from calculators.common import MonthOnly
from calculators.registry import rule_parameters

TODAY = date(2026, 6, 15)
RULES_BY_CLAUSE = {"（四）": "enterprise_transfer", "（五）": "academic_contract"}


@pytest.mark.parametrize("entry", ["2023年入驻晋创谷", "2022年注册的", "前年搬进园区"])
def test_the_companys_entry_date_is_not_the_matters_date(entry):
    u = understand(f"我们公司{entry}，牵头的省级项目去年验收了，省拨500万，能拿多少？", TODAY)
    assert u.facts["event_date"].year == 2025
    assert "event_date" not in understand(f"我们公司{entry}。", TODAY).facts


@pytest.mark.parametrize(("word", "month"), [("上个月", 5), ("这个月", 6)])
def test_a_month_said_relative_to_today_dates_the_matter(word, month):
    u = understand(f"我们牵头的国家项目{word}通过验收，国拨2000万", TODAY)
    assert u.facts["event_date"] == MonthOnly(2026, month, 1)
    january = understand("项目上个月验收了", date(2026, 1, 10)).facts["event_date"]
    assert january == MonthOnly(2025, 12, 1)


@pytest.mark.parametrize("modifier", ["综合绩效评价", "省科技厅组织的", "结题"])
def test_a_completed_verb_reaches_its_object_across_modifiers(modifier):
    assert understand(f"牵头的项目通过了{modifier}验收", TODAY).facts.get("accepted") is True
    said_not = understand(f"牵头的项目还没通过{modifier}验收", TODAY).facts.get("accepted")
    assert said_not is not True


@pytest.mark.parametrize("asked", ["一年最多给多少", "一年能补多少", "一年的话最高多少"])
def test_one_year_a_cap_is_counted_over_is_no_duration_fact(asked):
    assert "years" not in understand(f"技术合同登记以后企业那个奖励，{asked}？", TODAY).facts


@pytest.mark.parametrize(
    ("text", "clause"),
    [
        ("技术合同登记以后企业那个2%的奖励，一年最多给多少？", "（四）"),
        ("技术合同登记以后学校那个1%的补助，一年最多给多少？", "（五）"),
    ],
)
def test_a_cap_asked_with_no_figure_quotes_the_ceiling_of_the_measure_the_rate_names(
    engine, text, clause
):
    reply = last_reply(engine, [text], TODAY)
    assert reply.headline.text.startswith("上限按原文：“")
    assert f"**{clause}" in reply.answer and reply.follow_up
    ceilings = [p for p in rule_parameters(RULES_BY_CLAUSE[clause]) if p.is_ceiling]
    assert all(p.quote in reply.headline.text for p in ceilings if p.unit == "yuan")
    assert not reply.awards  # a ceiling is said, no amount is computed


def test_an_amount_question_with_no_figure_states_no_ceiling(engine):
    reply = last_reply(engine, ["技术合同登记以后企业那个2%的奖励，能拿多少？"], TODAY)
    assert reply.headline.text.startswith("为了算出金额")
