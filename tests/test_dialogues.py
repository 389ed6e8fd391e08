"""Runs the dialogue cases in tests/dialogues.yaml against the embedded default engine."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from assistant.dialogue.state import Conversation

CASES = yaml.safe_load(Path(__file__).with_name("dialogues.yaml").read_text(encoding="utf-8"))


def check_turn(reply, expect: dict) -> None:
    if "intent" in expect:
        assert str(reply.intent) == expect["intent"], reply.answer
    if "follow_up" in expect:
        assert (reply.follow_up is not None) == expect["follow_up"], reply.answer
    if expect.get("no_awards"):
        assert not reply.awards, reply.answer
    if "clause" in expect:
        assert reply.awards, f"no award computed:\n{reply.answer}"
        award = reply.awards[0]
        assert award.clause == expect["clause"], reply.answer
        # The first award as computed; a hire's award is listed one person at a time.
        (computed,) = [a for a in reply.details if a.kind != "no_fixed_amount"][:1]
        assert format(computed.amount_yuan.normalize(), "f") == expect["amount_yuan"], reply.answer
        if "kind" in expect:
            assert award.kind == expect["kind"], reply.answer
        assert award.clause in {c.clause for c in reply.citations}
    cited = {c.clause for c in reply.citations}
    for label in expect.get("cites", []):
        assert label in cited, reply.answer
    for text in expect.get("answer_has", []):
        assert text in reply.answer, reply.answer
    for text in expect.get("answer_lacks", []):
        assert text not in reply.answer, reply.answer


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_dialogue(engine, case):
    conv = Conversation()
    for turn in case["turns"]:
        reply = engine.reply(conv, turn["say"])
        assert reply.answer.strip()
        assert "Traceback" not in reply.answer
        check_turn(reply, turn.get("expect") or {})


def test_sessions_do_not_share_state(engine):
    first, second = Conversation(), Conversation()
    engine.reply(first, "我们是中试基地，服务性收入300万")
    reply = engine.reply(second, "能拿多少钱？")
    assert not reply.awards
    assert second.facts == {} or "service_revenue_yuan" not in second.facts


@pytest.mark.parametrize(
    "message",
    ["", "   ", "😀" * 50, "<script>alert(1)</script>", "x" * 100_000, "How much for a 中试基地?"],
)
def test_odd_input_never_crashes(engine, message):
    reply = engine.reply(Conversation(), message)
    assert reply.answer.strip()
    assert reply.intent != "error"


def test_every_award_is_cited_and_sourced(engine):
    """Every amount in awards comes with its clause cited and steps that explain it."""
    reply = engine.reply(
        Conversation(), "我们是中试基地，协议任务完成了，服务性收入300万，能拿多少？"
    )
    assert reply.awards
    for award in reply.awards:
        assert award.steps
        assert award.clause in {c.clause for c in reply.citations}


def test_facts_survive_bad_input(engine):
    conv = Conversation()
    engine.reply(conv, "我们是中试基地，服务性收入300万")
    engine.reply(conv, "服务性收入-5万")
    assert conv.facts.get("service_revenue_yuan") is not None


def test_an_acknowledgement_is_no_lookup_and_still_answers_a_question_asked(engine):
    """ "嗯嗯好的" alone is thanks, never "没有找到"; the same words after a yes/no question
    are its answer, and the amount is computed again."""
    alone = engine.reply(Conversation(), "嗯嗯好的")
    assert "不客气" in alone.answer and "没有找到" not in alone.answer and not alone.awards
    conv = Conversation()
    engine.reply(conv, "我们是谷内科技型企业，引进了一个博士，合同签了五年")
    again = engine.reply(conv, "嗯")
    assert [a.amount_yuan for a in again.awards] == ["100000"]


def test_a_question_nothing_answers_names_the_nearest_clauses_not_the_welcome(engine):
    reply = engine.reply(Conversation(), "你们这边说的那个事后来怎么样了")
    assert "政策助手" not in reply.answer  # not the self-introduction
    assert "不涉及" not in reply.answer  # "not covered" needs evidence
    assert re.search(r"最接近的条款是：（", reply.answer)


def test_how_much_from_someone_unknown_asks_who_they_are(engine):
    """ "能拿多少" with no measure and no speaker: ask who, never list clauses by guess."""
    reply = engine.reply(Conversation(), "那个什么，就是我们这个情况能拿不")
    assert not reply.awards and reply.follow_up and "哪类主体" in reply.follow_up


@pytest.mark.parametrize(
    ("turns", "amount"),
    [
        # （十一） and （十二） read the year's total: a part told later adds to it
        (["银行今年放贷3000万", "后来又放了1000万", "总共能拿多少"], "200000"),
        (["技术转移机构今年合同额2000万", "又促成了1500万的", "一共多少奖励"], "350000"),
        # （五）'s 5000万 line is on the year's total, asked for as "全年"
        (
            ["我们研究院今年技术服务合同登记了3000万", "下半年又登记了2500万", "那全年能拿多少"],
            "11000",
        ),
        # a hypothetical part ("要是年底再签300万呢") moves the total, not replaces it
        (["我们研究院技术服务合同今年4800万", "要是年底再签300万呢"], "10200"),
    ],
)
def test_a_yearly_total_told_across_messages_is_summed_once(engine, turns, amount):
    conv = Conversation()
    for said in turns:
        reply = engine.reply(conv, said)
    assert sum(Decimal(a.amount_yuan) for a in reply.awards) == Decimal(amount)
