"""Issue 18 (r7): every question of a message is answered in its own part, and the first part
goes on from the conversation as the message alone would."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.dialogue.state import Conversation
from assistant.nlu.acts import questions

TODAY = date(2026, 6, 15)


@pytest.mark.parametrize(
    "text, second",
    [
        ("一是新引进的硕士能给多少；二是入驻要带什么材料", "二是"),
        ("第一，博士能给多少；第二，入驻找谁", "第二"),
        ("1、中试基地能补多少；2、律所能进驻吗", "2、"),
    ],
)
def test_enumerated_questions_are_told_apart(text, second):
    asked = questions(text)
    assert len(asked) == 2 and asked[1].startswith(second)


def test_a_semicolon_without_an_enumerator_splits_nothing():
    assert len(questions("合同300万；已登记；能拿多少")) == 1


def test_the_first_part_keeps_the_measure_the_conversation_is_about(engine):
    conv = Conversation()
    engine.reply(conv, "我们是谷内的技术转移机构", today=TODAY)
    reply = engine.reply(
        conv, "今年合同交易额两千二百万能奖多少？另外律师事务所能不能进驻", today=TODAY
    )
    assert [(a.clause, a.amount_yuan) for a in reply.awards] == [("（十二）", "220000")]
    assert "（十）" in reply.answer.split("问题二")[1]


def test_a_first_question_of_whom_to_ask_is_placed_by_retrieval(engine):
    reply = engine.reply(
        Conversation(),
        "核心技术人员跳槽带走了图纸该找谁？还有我们参与的省级专项验收了，国拨1200万能拿多少",
        today=TODAY,
    )
    assert "（十三）" in reply.answer.split("问题二")[0]
    assert [(a.clause, a.amount_yuan) for a in reply.awards] == [("（三）", "240000")]


def test_the_same_measure_asked_another_kind_of_thing_is_its_own_part(engine):
    reply = engine.reply(
        Conversation(),
        "中试基地去年服务收入400万，协议任务完成了，能拿多少？我们还想再建个概念验证中心，那个比例是多少",
        today=TODAY,
    )
    assert [a.amount_yuan for a in reply.awards] == ["1000000"]
    assert "10%" in reply.answer.split("问题二")[1]


def test_the_same_measure_asked_for_again_stays_one_case(engine):
    reply = engine.reply(
        Conversation(), "第一个项目省拨700万牵头验收了能拿多少？第二个国拨3000万呢？", today=TODAY
    )
    assert "问题二" not in reply.answer


def test_a_hypothetical_second_question_on_the_same_matter_is_answered_in_its_context(engine):
    reply = engine.reply(
        Conversation(),
        "我们是谷内做现代农业方向的省级众创空间，今年刚新备案，能拿多少？另外要是明年升成国家级，还能再拿多少？",
        today=TODAY,
    )
    assert "问题二" in reply.answer
    assert [a.amount_yuan for a in reply.awards] == ["100000", "100000"]  # 10万, then 20万 − 10万


def test_a_yes_no_about_one_thing_of_the_same_measure_is_its_own_part(engine):
    reply = engine.reply(
        Conversation(),
        "我们银行去年给谷内企业的融资总额一个多亿，能奖励多少？还有，我们今年打算推知识产权质押贷款，政策上对这个有支持吗？",
        today=TODAY,
    )
    assert [(a.clause, a.amount_yuan) for a in reply.awards] == [("（十一）", "500000")]
    assert "问题二" in reply.answer


def test_a_relayed_second_question_is_its_own_part(engine):
    reply = engine.reply(
        Conversation(),
        "我是窗口的，来了个老板，说他们厂子去年跟中北大学买了个专利，花了三百多万，专利已经转到他们名下了，"
        "合同也登记了，今年开始量产了，问能拿多少钱，还问是不是要先入驻才行",
        today=TODAY,
    )
    assert [(a.clause, a.amount_yuan) for a in reply.awards] == [("（四）", "60000")]
    assert "（一）" in reply.answer.split("问题二")[1]


def test_a_short_amount_question_after_another_goes_on_from_the_conversation(engine):
    from datetime import date

    from assistant.dialogue.state import Conversation

    today = date(2026, 6, 15)
    conv = Conversation()
    engine.reply(conv, "我们牵头的国家重点研发项目周期比较长", today)
    engine.reply(conv, "项目国拨经费1800万，预计2029年6月验收", today)
    reply = engine.reply(conv, "到时候还在政策有效期里吗？能奖多少", today)
    assert "2029年12月31日" in reply.answer
    assert [(a.clause, a.amount_yuan) for a in reply.awards] == [("（三）", "900000")]


def test_another_item_of_the_same_measure_of_its_own_kind_is_its_own_part(engine):
    from datetime import date

    from assistant.dialogue.state import Conversation

    today = date(2026, 6, 15)
    conv = Conversation()
    engine.reply(conv, "我们众创空间去年备案了省级，领了10万", today)
    reply = engine.reply(
        conv,
        "今年又升成国家级了，这次还能拿多少？另外我们同一个运营单位下的孵化器今年刚认定了省级，"
        "那个能拿多少？",
        today,
    )
    assert sorted(a.amount_yuan for a in reply.awards) == ["100000", "300000"]


def test_a_law_firm_moving_in_is_clause_ten(engine):
    reply = engine.reply(Conversation(), "有人问律所入驻有没有门槛，顺便问问容错机制是第几条")
    assert "（十）引进专业服务机构" in reply.answer and "（十四）建立创新容错机制" in reply.answer
