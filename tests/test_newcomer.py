"""The newcomer path: an overview for "在哪里 / 是什么 / 刚毕业想创业", and a person or an
unregistered team recognised as such instead of becoming a 入驻企业."""

from __future__ import annotations

import re

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


# ------------------------------------------------------------------ asked again (issue 20)
DOUBLED = re.compile(r"（（[一二三四五六七八九十]+））")


def test_the_way_in_asked_again_points_back_instead_of_repeating(engine):
    conv = Conversation()
    first = engine.reply(conv, "怎么入驻")
    again = engine.reply(conv, "怎么入驻")
    body = load_policy().clause("（一）").body
    assert body[:40] in first.answer  # the first time: the text itself
    assert again.answer != first.answer and len(again.answer) < len(first.answer)
    assert again.headline.text.startswith("入驻的办法上面已列出：（一）")
    assert body[:40] not in "\n".join(again.body)  # not the same long text again
    assert "下一步" in again.answer and "没有列出" in again.answer
    assert {"（一）", "（二）"} <= {c.clause for c in again.citations}
    text = load_policy().text
    assert all(c.quote in text for c in again.citations)


def test_after_the_overview_the_way_in_points_back_to_it(engine):
    conv = Conversation()
    overview_reply = engine.reply(conv, "我刚毕业想创业")
    assert "还没注册公司时可以关注的措施" in overview_reply.answer
    reply = engine.reply(conv, "怎么入驻")
    assert reply.headline.text.startswith("入驻的办法上面已列出")
    assert "上面也已列出：（二）（三）（七）（八）" in reply.answer
    assert len(reply.answer) < len(overview_reply.answer) / 2
    # The overview asked for again is not sent again either.
    assert engine.reply(conv, "晋创谷在哪里").headline.text.startswith("入驻的办法上面已列出")


def test_the_next_visitor_gets_the_full_way_in_again(engine):
    conv = Conversation()
    engine.reply(conv, "怎么入驻")
    resumed = Conversation.from_dict(conv.to_dict())
    assert engine.reply(resumed, "怎么入驻").headline.text.startswith("入驻的办法上面已列出")
    engine.reply(resumed, "下一位")
    assert "入驻的办法上面已列出" not in engine.reply(resumed, "怎么入驻").answer


@pytest.mark.parametrize(
    "turns",
    [
        ["晋创谷在哪里"],
        ["我刚毕业想创业，能拿多少钱"],
        ["怎么入驻", "怎么入驻"],
        ["我刚毕业想创业", "怎么入驻", "就是个人", "我刚毕业想创业，能拿多少钱"],
        ["还没注册公司，算团队吧", "有什么政策"],
    ],
)
def test_no_clause_label_in_doubled_brackets(engine, turns):
    conv = Conversation()
    for turn in turns:
        reply = engine.reply(conv, turn)
        assert not DOUBLED.search(reply.answer), reply.answer
        assert not DOUBLED.search(reply.headline.text if reply.headline else "")


def test_how_many_measures_is_counted_from_the_text(engine):
    from assistant.dialogue.state import Conversation
    from corpus.clauses import load_policy

    reply = engine.reply(Conversation(), "新人报到，想先了解下这个晋创谷·晋中的政策一共有几条")
    count = len(load_policy().measures)
    assert f"共{count}项措施（（一）至（十四））" in reply.answer and "附则" in reply.answer
