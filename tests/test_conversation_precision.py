"""Issue 18 (r8): what a later message says is read against what the conversation knows —
a type only named is no new speaker, a sum over years corrects a figure, a year said earlier
in the sentence is the figure's year."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from assistant.dialogue.state import Conversation
from assistant.nlu.understand import understand

TODAY = date(2026, 6, 15)


def amounts(reply) -> list[tuple[str, str]]:
    return [(a.clause, a.amount_yuan) for a in reply.awards]


def test_a_type_only_named_does_not_replace_the_speaker_known(engine):
    conv = Conversation()
    engine.reply(
        conv, "我们学校今年给谷内企业做技术转让，已认定登记的合同金额加起来一千五百万", TODAY
    )
    reply = engine.reply(
        conv, "哦还有一份一千二百万的技术开发合同刚登记，也是谷内企业的，全年算下来多少", TODAY
    )
    assert {c for c, _ in amounts(reply)} == {"（五）"}  # the school's clause, not （四）
    assert sum(Decimal(a) for _, a in amounts(reply)) == Decimal(250000)  # yearly cap 25万


def test_a_type_named_for_a_measure_the_known_speaker_has_none_of_is_the_speaker():
    read = understand("技术经纪人证去哪考？", today=TODAY)
    assert read.applicant and not read.applicant_own
    assert read.speaker("pilot_base") == read.applicant
    assert understand("我们学校和企业签了合同", today=TODAY).speaker("enterprise") != "enterprise"


@pytest.mark.parametrize(
    "text", ["六百万是两年加起来的，去年单年是三百五十万", "两年合计六百万，去年是三百五十万"]
)
def test_a_sum_over_years_is_context_and_corrects_the_figure_told(text):
    read = understand(text, today=TODAY)
    roles = {f.mention.raw: f.role for f in read.figures}
    assert roles["六百万"] == "context" and roles["三百五十万"] == "base"
    assert read.flags.what_if and not read.flags.total
    assert "years" not in read.facts


def test_a_corrected_yearly_figure_replaces_the_sum(engine):
    conv = Conversation()
    engine.reply(conv, "概念验证中心，协议任务完成了，去年收入六百万", TODAY)
    reply = engine.reply(conv, "哦不好意思，六百万是两年加起来的，去年单年是三百五十万", TODAY)
    assert amounts(reply) == [("（六）", "350000")]


def test_a_sum_over_years_alone_fills_no_yearly_figure():
    assert understand("两年合计八百万的服务收入", today=TODAY).facts == {}


def test_the_year_said_earlier_in_the_sentence_is_the_figures_year():
    read = understand(
        "去年自费参加技术转移高端培训花了一万块拿了晋级证书，今年又参加一期，培训费五千也拿证了",
        today=TODAY,
    )
    assert read.facts["training_fee_yuan"] == Decimal(5000)
    assert {f.mention.raw: f.role for f in read.figures}["一万"] == "context"


@pytest.mark.parametrize(
    "text", ["县里的科技计划我们牵头，经费100万，验收了", "县级项目牵头验收了"]
)
def test_a_county_project_is_below_the_provincial_line(engine, text):
    reply = engine.reply(Conversation(), text, TODAY)
    assert [a.amount_yuan for a in reply.awards] == ["0"]
    assert "县级" in reply.answer and "省级及以上" in reply.answer
