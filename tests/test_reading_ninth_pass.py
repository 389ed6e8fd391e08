"""Issue 18, ninth pass: mechanisms found on a fresh batch read for tuning (blind18) and on
the read batches, each stated as what must hold for any wording of its kind."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.nlu.understand import understand
from calculators.common import MonthOnly

TODAY = date(2026, 6, 15)


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
