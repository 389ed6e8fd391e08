"""A reply is structured blocks; ``answer`` and the exports are renderings of those blocks."""

from __future__ import annotations

from datetime import datetime

from markdown_it import MarkdownIt

from assistant.export import conversation_markdown
from assistant.render.markdown import answer_markdown
from assistant.reply import STATUS_WORDS
from assistant.state import Conversation

PILOT = "我们是中试基地，协议任务已经完成，去年服务性收入300万，能拿多少？"


def test_an_amount_reply_is_blocks_and_its_answer_is_their_rendering(engine):
    reply = engine.reply(Conversation(), PILOT)
    data = reply.to_json_dict()
    assert {"headline", "body", "conditions", "citations", "unit_lines", "caveats"} <= set(data)
    assert {"follow_up", "not_covered", "matters", "answer", "awards", "units"} <= set(data)
    assert data["headline"]["verdict"] == "amount" and data["headline"]["amount_yuan"] == "900000"
    assert "90万元" in data["headline"]["text"] and "**" not in data["headline"]["text"]
    assert {c["status"] for c in data["conditions"]} == {"met"}
    assert (
        data["unit_lines"][0]["clause"] == "（六）" and "市科技局" in data["unit_lines"][0]["units"]
    )
    assert reply.answer == answer_markdown(reply)
    assert "已满足：已完成协议任务" in reply.answer  # status in words, not an emoji alone


def test_verdicts_say_what_kind_of_answer_it_is(engine):
    def verdict(*messages: str) -> str:
        conv = Conversation()
        for message in messages:
            reply = engine.reply(conv, message)
        return reply.headline.verdict if reply.headline else None

    assert (
        verdict("我们参与了一个省级重点研发计划项目，已验收，省拨经费五百万，能奖多少") == "up_to"
    )
    assert verdict("牵头的市级科技项目验收了，经费200万，能奖励多少？") == "not_eligible"
    assert verdict("我们是中试基地，能拿多少") == "needs_facts"
    assert verdict("今天天气怎么样") == "not_covered"


def test_a_zero_headline_says_why(engine):
    conv = Conversation()
    engine.reply(conv, PILOT)
    reply = engine.reply(conv, "省里已经就同一事项给了我们100万，还能拿多少")
    assert reply.headline.verdict == "zero"
    assert "就高不重复" in reply.headline.text and reply.headline.amount_yuan == "0"


def test_unknown_conditions_are_to_be_confirmed_in_words(engine):
    reply = engine.reply(Conversation(), "我们是中试基地，服务性收入300万，能拿多少")
    assert "unknown" in {c.status for c in reply.conditions}
    assert f"{STATUS_WORDS['unknown']}：已完成协议任务" in reply.answer


def _rendered(markdown: str) -> str:
    # Raw HTML on, as a permissive viewer would have it.
    return MarkdownIt("commonmark", {"html": True}).render(markdown)


def test_exported_user_text_makes_no_image_link_or_stray_backslash(engine):
    typed = "![x](http://evil.invalid/x.png) 见 https://example.org/a_b?c=1 <b>粗</b>"
    messages = [{"role": "user", "content": typed}]
    md = conversation_markdown(messages, now=datetime(2025, 6, 1, 9, 30))
    page = _rendered(md)
    assert "<img" not in page and "<a " not in page and "<b>" not in page
    # A code span: no viewer links it (GFM autolinks bare URLs elsewhere), and no backslash.
    assert "`https://example.org/a_b?c=1`" in md
    assert "2025年6月1日 09:30" in md
