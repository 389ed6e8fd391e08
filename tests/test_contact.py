"""Whom to contact and where (issue 20): the text names the 一站式服务窗口, the 运营公司 and
the 责任单位 but gives no address or telephone. Such a question gets exactly that, in the
language it was asked in, instead of "没有找到您说的条款" or the help text."""

from __future__ import annotations

import re

import pytest

from assistant.answer.from_text import asks_contact
from assistant.dialogue.state import Conversation

# A telephone number, or a street address with a number: nothing of the kind is in the text.
INVENTED = re.compile(r"\d{3,4}-?\d{7,8}|1[3-9]\d{9}|\d+号")


@pytest.mark.parametrize(
    ("question", "language_word"),
    [
        ("要找谁联系？有电话吗", "没有写地址、联系电话"),
        ("一站式服务窗口在哪里", "没有写地址、联系电话"),
        ("运营公司电话是多少", "没有写地址、联系电话"),
        ("where is the one-stop service window", "no address, telephone"),
        ("Who should I contact? Is there a phone number?", "no address, telephone"),
    ],
)
def test_contact_and_place_questions_get_the_honest_answer(engine, question, language_word):
    reply = engine.reply(Conversation(), question)
    text = reply.answer
    assert reply.headline is not None and language_word in reply.headline.text
    assert "一站式服务窗口" in text and "运营公司" in text
    assert "晋中开发区管委会" in text and "市科技局" in text  # the 责任单位 and who interprets
    assert "没有找到您说的条款" not in text and "我可以：" not in text
    assert not INVENTED.search(text)
    assert "（一）" in {c.clause for c in reply.citations}


def test_a_contact_question_after_an_amount_names_that_measures_units(engine):
    conv = Conversation()
    engine.reply(conv, "中试基地服务收入300万能拿多少？")
    reply = engine.reply(conv, "要找谁联系？有电话吗")
    assert "（六）" in [line.clause for line in reply.unit_lines]
    assert "市财政局" in reply.answer


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("有电话吗", True),
        ("服务窗口在哪里", True),
        ("where is the office", True),
        ("在哪里申请", False),  # entering: the process answer
        ("晋创谷在哪里", False),  # the newcomer overview
        ("找哪个部门", False),  # the 责任单位 answer
    ],
)
def test_what_counts_as_a_contact_question(text, asks):
    assert asks_contact(text) is asks
