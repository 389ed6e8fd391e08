"""A reply is structured blocks; ``answer`` and the exports are renderings of those blocks."""

from __future__ import annotations

from datetime import datetime

from markdown_it import MarkdownIt

from assistant.answer.render.awards import award_titles
from assistant.answer.render.markdown import answer_markdown, steps_markdown
from assistant.answer.reply import Reply
from assistant.answer.status import STATUS_WORDS
from assistant.dialogue.state import Conversation
from assistant.service.export import conversation_markdown

PILOT = "我们是谷内的中试基地，协议任务已经完成，去年服务性收入300万，能拿多少？"


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


STATION_AND_DOCTORS = (
    "我们是谷内企业，新设立了院士工作站，还引进了两个博士，签了三年合同交了社保，能拿多少？"
)
TWO_PROJECTS = (
    "我们牵头一个省级重点研发项目通过验收，省拨经费800万；"
    "还参与了一个国家级项目，国拨500万也验收了，能拿多少？"
)


def _bold_lines(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("**") and line.endswith("**")]


def test_two_awards_of_one_clause_have_their_own_headings_steps_and_conditions(engine):
    reply = engine.reply(Conversation(), STATION_AND_DOCTORS)
    assert [a.clause for a in reply.details] == ["（七）", "（七）"]
    steps = steps_markdown(reply)
    heads = _bold_lines(steps)
    assert len(heads) == 2 and len(set(heads)) == 2
    assert heads == [f"**{t}**" for t in award_titles(reply)]
    # each award's steps and conditions sit under its own heading, not in one flat list
    station, doctors = steps.split(heads[1])
    assert "院士工作站" in station and "站设在谷内" in station and "博士 2 人" not in station
    assert "博士 2 人" in doctors and "缴纳社保" in doctors and "站设在谷内" not in doctors
    assert steps in reply.answer


def test_several_matters_of_one_rule_show_as_blocks_named_by_the_case_file(engine):
    reply = engine.reply(Conversation(), TWO_PROJECTS)
    assert [m.label for m in reply.matters] == ["第一个项目", "第二个项目"]
    heads = _bold_lines(steps_markdown(reply))
    assert len(heads) == 2 and "第一个项目" in heads[0] and "第二个项目" in heads[1]
    first, second = steps_markdown(reply).split(heads[1])
    assert "800万元 × 5%" in first and "500万元" not in first
    assert "500万元 × 最高2%" in second
    # read back from JSON (no calculator results), the step blocks still get distinct titles
    back = Reply.model_validate(reply.to_json_dict())
    heads = _bold_lines(steps_markdown(back))
    assert len(set(heads)) == len(heads) >= 2


def test_a_self_check_with_two_projects_prints_two_headings(engine):
    """Several matters of one measure in the 体检 (engine.self_check(matters=…)): each award
    keeps its own heading in the report, never one heading for both."""
    from decimal import Decimal

    from assistant.service.export import report_markdown

    projects = [
        ("major_project", {"role": role, "project_level": level, "allocation_yuan": amount})
        for role, level, amount in (
            ("lead", "provincial", Decimal(8_000_000)),
            ("participate", "national", Decimal(5_000_000)),
        )
    ]
    reply = engine.self_check("enterprise", {"accepted": True}, matters=projects)
    assert [a.rule for a in reply.details].count("major_project") == 2
    md = report_markdown(reply, "入驻企业", {}, now=datetime(2025, 7, 1, 9, 30))
    heads = [line.split("：")[0] for line in md.splitlines() if line.startswith("### （三）")]
    assert len(heads) == len(set(heads)) == 2
