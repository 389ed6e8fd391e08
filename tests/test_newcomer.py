"""The newcomer path: an overview for "在哪里 / 是什么 / 刚毕业想创业", and a person or an
unregistered team recognised as such instead of becoming a 入驻企业."""

from __future__ import annotations

import pytest

from assistant.answer.newcomer import newcomer, overview
from assistant.dialogue.state import Conversation
from assistant.nlu.newcomer import asks_overview, is_individual
from corpus.clauses import load_policy


def test_every_quote_in_the_newcomer_data_is_verbatim():
    text = load_policy().text
    n = newcomer()
    for ref in (n.what, n.where, *n.open_before_registering):
        assert ref.quote in text
    assert set(n.entry) == {"（一）", "（二）"}


@pytest.mark.parametrize(
    "question",
    ["晋创谷在哪里", "晋创谷·晋中是什么？", "我刚毕业想创业", "还没注册公司，算团队吧", "就是个人"],
)
def test_newcomer_questions_get_the_overview(engine, question):
    reply = engine.reply(Conversation(), question)
    assert "怎么入驻" in reply.answer and "还没注册公司时" in reply.answer
    assert {"（一）", "（二）"} <= {c.clause for c in reply.citations}
    assert "晋中开发区管委会" in reply.units
    assert "请问您是哪类主体" not in reply.answer
    assert "技术经纪人培训费资助" not in reply.answer.split("\n")[0]


def test_an_unregistered_team_is_not_an_enterprise(engine):
    conv = Conversation()
    engine.reply(conv, "还没注册公司，算团队吧")
    assert conv.applicant == newcomer().applicant


def test_where_after_the_applicant_question_gets_the_overview(engine):
    conv = Conversation()
    first = engine.reply(conv, "晋创谷在哪里")
    assert "在哪里" in first.answer and "请问您是哪类主体" not in first.answer
    second = engine.reply(conv, "就是个人")
    assert "还没注册公司时" in second.answer


@pytest.mark.parametrize(
    "question", ["优秀技术转移转化个人奖励多少", "怎么入驻晋创谷？", "我们是中试基地"]
)
def test_other_questions_are_not_taken_for_newcomers(question):
    assert not asks_overview(question)


def test_a_named_measure_wins_over_the_overview(engine):
    reply = engine.reply(Conversation(), "我是个人，技术经纪人培训费8000元能补多少？")
    assert "（八）" in reply.answer and "还没注册公司时" not in reply.answer


def test_the_overview_has_no_figure_of_its_own():
    import re

    reply = overview()
    text = load_policy().text
    for quote in re.findall(r"“([^”]+)”", reply.answer):
        if re.search(r"\d", quote):
            assert quote in text
    assert is_individual("我是应届毕业生")
