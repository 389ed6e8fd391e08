"""Questions about the answer just given (issue 20): "这个是按什么比例算的？有没有上限" gets the rate
and the cap in the clause's words, not the whole amount answer again; "为什么是0" names the
unmet condition; a message with a new figure is computed afresh; with no answer before, nothing
changes."""

from __future__ import annotations

import pytest

from assistant.dialogue.state import Conversation

PILOT = "中试基地服务收入300万能拿多少"
FINANCE = "我们银行今年给谷内企业放贷1.3亿"


def _ask(engine, *messages):
    conv = Conversation()
    replies = [engine.reply(conv, m) for m in messages]
    return conv, replies


def test_rate_and_cap_are_quoted_from_the_clause_not_the_answer_repeated(engine):
    _, (first, follow) = _ask(engine, PILOT, "这个是按什么比例算的？有没有上限")
    assert [(a.clause, a.amount_yuan) for a in first.awards] == [("（六）", "900000")]
    assert follow.intent == "follow_up"
    assert follow.answer != first.answer and len(follow.answer) < len(first.answer) / 2
    assert not follow.awards  # nothing is computed again
    text = follow.answer
    # The clause's own sentences, with the figures they set, and the steps that used them.
    assert "“在完成协议任务后，按其服务性收入的30%奖补”" in text
    assert "“单家中试基地年度奖补最高不超过100万元”" in text
    assert "30%" in follow.headline.text and "100万元" in follow.headline.text
    assert "300万元 × 30% = 90万元" in text
    cited = {(c.clause, c.quote) for c in follow.citations}
    assert ("（六）", "在完成协议任务后，按其服务性收入的30%奖补") in cited
    assert ("（六）", "单家中试基地年度奖补最高不超过100万元") in cited
    # Not the amount answer's other blocks.
    assert not follow.steps and not follow.conditions and "就高不重复" not in text


def test_the_cap_that_was_hit_shows_the_step_that_capped_it(engine):
    _, (first, follow) = _ask(engine, FINANCE, "有没有上限？")
    assert [(a.clause, a.amount_yuan) for a in first.awards] == [("（十一）", "500000")]
    assert "“每年最高奖励不超过50万元”" in follow.answer
    assert "65万元 超过每年最高奖励 50万元，封顶为 50万元" in follow.answer
    assert "0.5%" not in follow.headline.text  # only what was asked


def test_why_zero_names_the_unmet_condition(engine):
    _, (first, follow) = _ask(
        engine, "我们是中试基地，服务收入300万，协议任务还没完成，能拿多少", "为什么是0"
    )
    assert first.headline.verdict == "not_eligible"
    assert follow.intent == "follow_up"
    assert follow.headline.text.startswith("是0，因为不满足（六）")
    assert "已完成协议任务" in follow.headline.text
    assert "未满足" in follow.answer and "（六）" in {c.clause for c in follow.citations}
    # "为什么是0" is not read as a yes to the condition the answer assumed.
    again = _ask(engine, PILOT, "为什么是0")[1][1]
    assert again.headline.text.startswith("上一条回答算出的不是0：（六）90万元")
    assert "已完成协议任务（未说明，按已满足估算）" in again.answer


def test_why_zero_with_a_new_fact_computes_again(engine):
    conv, _ = _ask(engine, "我们是中试基地，服务收入300万，协议任务还没完成，能拿多少")
    reply = engine.reply(conv, "协议任务已经完成了，为什么是0")
    assert reply.intent != "follow_up"
    assert [(a.clause, a.amount_yuan) for a in reply.awards] == [("（六）", "900000")]


def test_steps_and_conditions_come_from_the_previous_reply(engine):
    conv, (first,) = _ask(engine, PILOT)
    steps = engine.reply(conv, "怎么算的")
    assert steps.intent == "follow_up"
    assert all(line in steps.answer for line in first.steps[0].lines)
    missing = engine.reply(conv, "还差什么条件")
    unknown = sum(c.status == "unknown" for c in first.conditions)
    assert unknown and missing.headline.text.startswith(f"还有{unknown}项条件待确认")
    assert "已完成协议任务" in missing.answer
    # Who to go to still gets the 责任单位 answer, and a follow-up after it still works.
    who = engine.reply(conv, "找哪个部门")
    assert who.intent == "responsible" and "市科技局" in who.answer
    cap = engine.reply(conv, "最多能拿多少")
    assert cap.intent == "follow_up" and "100万元" in cap.headline.text


def test_a_new_figure_gets_a_fresh_computation(engine):
    conv, _ = _ask(engine, PILOT)
    reply = engine.reply(conv, "如果服务收入是500万，有没有上限")
    assert reply.intent != "follow_up"
    assert [(a.clause, a.amount_yuan) for a in reply.awards] == [("（六）", "1000000")]
    assert "500万元 × 30% = 150万元" in reply.answer


@pytest.mark.parametrize(
    "message",
    ["这个是按什么比例算的？有没有上限", "为什么是0", "怎么算的"],
)
def test_without_a_previous_answer_nothing_changes(engine, message):
    reply = engine.reply(Conversation(), message)
    assert reply.intent != "follow_up"


def test_another_measure_or_applicant_is_not_a_follow_up(engine):
    conv, _ = _ask(engine, PILOT)
    reply = engine.reply(conv, "孵化器按什么比例算？")
    assert reply.intent != "follow_up"
    assert "（九）" in {c.clause for c in reply.citations}


def test_a_question_asked_back_ends_what_a_follow_up_refers_to(engine):
    conv, _ = _ask(engine, PILOT, "那引进博士有补贴吗")
    assert conv.answered is None
    assert engine.reply(conv, "有没有上限").intent != "follow_up"


def test_the_answer_referred_to_survives_a_round_trip_and_ends_with_the_visitor(engine):
    conv, _ = _ask(engine, FINANCE)
    resumed = Conversation.from_dict(conv.to_dict())
    assert engine.reply(resumed, "按多少算的").intent == "follow_up"
    engine.reply(resumed, "下一位")
    assert resumed.answered is None
    assert engine.reply(resumed, "按多少算的").intent != "follow_up"


def test_a_fixed_sum_is_not_called_a_rate(engine):
    _, (_, follow) = _ask(
        engine, "我们引进了两个博士，签了五年合同，交了社保，能拿多少", "按什么比例算的？上限是多少"
    )
    assert "（七）不是按比例计算的" in follow.headline.text
    assert "（七）原文没有写金额上限" in follow.headline.text
    assert "10万元、5万元" in follow.answer and "博士 2 人 × 10万元 = 20万元" in follow.answer


@pytest.mark.parametrize(
    "message",
    [FINANCE, "我们是银行，今年给谷内企业放贷1.3亿，这个政策对我们有什么支持？"],
)
def test_the_financing_answer_shows_the_cap_in_its_first_reply(engine, message):
    reply = engine.reply(Conversation(), message)
    assert [(a.clause, a.amount_yuan) for a in reply.awards] == [("（十一）", "500000")]
    lines = [line for group in reply.steps for line in group.lines]
    assert "当年为企业提供融资总额 1.3亿元 × 0.5% = 65万元" in lines
    assert "65万元 超过每年最高奖励 50万元，封顶为 50万元" in lines
    assert "封顶为 50万元" in reply.answer
