"""Issue #18, fifteenth pass: mechanisms over the wording of their kind, each with the
property that must not change. A condition said with a word of denial, delay or part is asked
when no value was read from it, never assumed met under an amount."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.answer import gate
from assistant.answer.reply import Reply
from assistant.nlu import conditions
from assistant.nlu.numbers import find_numbers
from calculators.registry import compute


def _platform_reply() -> Reply:
    award = compute(
        "platform", {"platform_type": "pilot_base", "service_revenue_yuan": Decimal(4_800_000)}
    )
    return Reply(intent="amount", details=[award])


DOUBTS = ["只完成了七成左右", "还在做", "没完成", "还差一点", "完成了一部分", "推迟到明年"]
PLAIN = ["都完成了", "去年年底全部完成", "已经完成", "done", "年底前都做完了"]


@given(st.sampled_from(DOUBTS), st.sampled_from(["协议任务", "协议里的任务", "合同任务"]))
@settings(max_examples=30, deadline=None)
def test_a_condition_said_with_doubt_is_asked_when_its_value_was_not_read(doubt, cue):
    said = f"我们是谷里的中试基地，去年服务性收入四百八十万，{cue}{doubt}"
    matter = gate.MatterReading("platform", said, "中试基地", unsaid=("tasks_completed",))
    found = gate.check(_platform_reply(), gate.Reading(message=said, matters=(matter,)))
    assert [v.rule for v in found] == ["condition_unheard"]
    assert found[0].asks_for == ("platform", "tasks_completed")
    assert "协议任务" in found[0].question and cue in found[0].reading


@given(st.sampled_from(PLAIN))
@settings(max_examples=10, deadline=None)
def test_a_condition_said_plainly_keeps_its_default(plain):
    said = f"我们是谷里的中试基地，去年服务性收入四百八十万，协议任务{plain}"
    assert conditions.doubted("tasks_completed", said) is None
    matter = gate.MatterReading("platform", said, "中试基地", unsaid=("tasks_completed",))
    assert gate.check(_platform_reply(), gate.Reading(message=said, matters=(matter,))) == []


def test_a_condition_asked_about_or_read_is_no_doubt():
    assert conditions.doubted("tasks_completed", "协议任务没完成的话还能拿吗？") is None
    said = "协议任务只完成了七成"
    read = gate.MatterReading("platform", said, "中试基地", unsaid=())  # the value was read
    assert gate.check(_platform_reply(), gate.Reading(message=said, matters=(read,))) == []


def test_nothing_paid_nothing_asked():
    said = "协议任务只完成了七成"
    matter = gate.MatterReading("platform", said, "中试基地", unsaid=("tasks_completed",))
    assert gate.check(Reply(intent="amount"), gate.Reading(message=said, matters=(matter,))) == []


def test_a_denial_before_the_cue_is_doubt_but_a_pending_word_before_it_is_not():
    assert conditions.doubted("patent_formalities_done", "专利许可没备案") is not None
    assert conditions.doubted("in_valley", "正在跟谷里一家科技型企业谈") is None


@given(st.sampled_from(["两百", "三百", "一千", "八十"]))
def test_a_rough_figure_said_with_chutou_before_its_unit_is_that_much(head):
    (m,) = [n for n in find_numbers(f"成交额加起来才{head}出头万") if n.kind == "money"]
    (exact,) = find_numbers(f"{head}万")
    assert m.value == exact.value and m.approx
