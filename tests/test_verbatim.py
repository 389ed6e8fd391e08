"""Whatever is labelled 原文 is the policy's own words: whole sentences, no condition dropped."""

from __future__ import annotations

import re

import pytest

from assistant.answer.citations import verbatim_sentences
from assistant.dialogue.state import Conversation
from assistant.engine import Assistant
from calculators.registry import RULES
from corpus.clauses import load_policy

QUOTED = re.compile(r"原文：\*\*[^*]+\*\*：“([^”]+)”")


def _sentences(text: str) -> list[str]:
    return [s for s in text.split("。") if s.strip()]


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_every_rule_summary_is_whole_verbatim_sentences(rule_id):
    text = load_policy().text
    summary = Assistant._rule_summary(RULES[rule_id])
    body = summary.split("“", 1)[1].rstrip("”")
    for sentence in _sentences(body):
        assert sentence in text, sentence
        # a whole sentence: it starts after a full stop or a paragraph break in the text
        start = text.index(sentence)
        assert start == 0 or text[start - 1] in "。\n", sentence


def test_the_workstation_summary_keeps_its_evaluation_condition():
    summary = Assistant._rule_summary(RULES["workstation"])
    assert "达到考核评估要求的" in summary and "每年给予最高10万元工作补助" in summary
    assert "并达到评估要求的站每年分别给予最高3万元工作补助" in summary


def test_sentences_come_in_the_order_of_the_text():
    found = verbatim_sentences("（七）", ["补助周期为2年", "分三年补助到位"])
    text = load_policy().text
    assert [text.index(s) for s in found] == sorted(text.index(s) for s in found)


@pytest.mark.parametrize(
    "question", ["院士工作站能拿多少？", "我们是中试基地", "技术经纪人培训有补贴吗？"]
)
def test_chat_answers_label_only_verbatim_text_as_yuanwen(engine, question):
    reply = engine.reply(Conversation(), question)
    text = load_policy().text
    for quoted in QUOTED.findall(reply.answer):
        for sentence in _sentences(quoted):
            assert sentence in text, sentence
