"""Feedback storage, conversation/report exports and the page's presentation helpers.

These need no retrieval index: reports are built from calculator awards directly.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import date, datetime
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from assistant.answer import presentation as pres
from assistant.answer.reply import AwardSummary, Headline, MatterSummary, Reply
from assistant.service.export import (
    conversation_markdown,
    markdown_to_html,
    report_html,
    report_markdown,
    totals,
)
from assistant.service.feedback import FeedbackStore
from assistant.service.records import forget
from assistant.service.records.legacy import data_dir, legacy_path
from calculators.model import Citation, Kind
from calculators.registry import RULES, compute, describe
from corpus.clauses import load_policy
from corpus.parameters import load_parameters

NOW = datetime(2025, 6, 1, 9, 30)


# ------------------------------------------------------------------------- feedback
def test_data_dir_follows_env(tmp_path, monkeypatch):
    monkeypatch.setenv("JCG_DATA_DIR", str(tmp_path / "d"))
    assert data_dir() == tmp_path / "d"
    assert legacy_path() == tmp_path / "d" / "feedback.jsonl"
    assert FeedbackStore().records.url == f"sqlite:///{tmp_path / 'd' / 'records.sqlite3'}"


def test_feedback_record_and_read_back(tmp_path, monkeypatch):
    monkeypatch.setenv("JCG_DATA_DIR", str(tmp_path / "sub"))
    store = FeedbackStore()
    assert store.read() == []
    entry = store.record(
        question="省拨经费800万能拿多少？",
        answer="可得 **40万元**",
        clauses=["（三）", "附则", "（三）"],
        rating=1,
        message_id="m1",
    )
    assert entry["rating"] == "up" and entry["clauses"] == ["（三）", "附则"]
    store.record(question="q", answer="a", clauses=[], rating=0)
    forget()  # as after a restart: a new engine on the same database sees both
    records = FeedbackStore().read()
    assert [r["rating"] for r in records] == ["up", "down"]
    assert records[0]["question"] == "省拨经费800万能拿多少？"
    assert records[0]["clauses"] == ["（三）", "附则"]
    assert records[0]["created_at"].tzinfo is not None


def test_legacy_file_with_a_damaged_line_is_imported_on_start(tmp_path, monkeypatch):
    monkeypatch.setenv("JCG_DATA_DIR", str(tmp_path))
    (tmp_path / "feedback.jsonl").write_text(
        '{"rating": "up", "question": "q0", "message_id": "m0"}\n{"rating": "do\n',
        encoding="utf-8",
    )
    store = FeedbackStore()
    store.record(question="q", answer="a", clauses=[], rating=None)
    assert [r["rating"] for r in store.read()] == ["up", "cleared"]


WRITER = """
import os, sys
from assistant.service.feedback import FeedbackStore
store = FeedbackStore()
for i in range(int(sys.argv[2])):
    store.record(question=f"{sys.argv[1]}-{i}", answer="长" * 5000, clauses=["（三）"], rating=i % 2)
"""


def _write_many(writer: int, count: int) -> None:
    store = FeedbackStore()
    for i in range(count):
        store.record(question=f"{writer}-{i}", answer="长" * 5000, clauses=["（三）"], rating=i % 2)


def test_concurrent_threads_and_processes_lose_no_rating(tmp_path, monkeypatch):
    monkeypatch.setenv("JCG_DATA_DIR", str(tmp_path))
    FeedbackStore()  # migrate before the writers start
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(10 + w), "20"], env=env)
        for w in range(3)
    ]
    threads = [threading.Thread(target=_write_many, args=(w, 20)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for p in procs:
        assert p.wait(timeout=120) == 0
    questions = {r["question"] for r in FeedbackStore().read()}
    assert len(questions) == 7 * 20


# ------------------------------------------------------------------------- presentation
def test_stamp_comes_from_the_corpus():
    s = pres.stamp()
    params = load_parameters()
    assert s.title == load_policy().title
    assert (s.start, s.end) == (params["validity_start"].value, params["validity_end"].value)
    assert s.validity == "2025年1月1日 至 2029年12月31日"
    assert "有效期" in s.validity_sentence
    assert s.validity_sentence.rstrip("。") in load_policy().appendix.body
    assert s.active_on(s.start) and not s.active_on(date(s.end.year + 1, 1, 1))


def test_highlight_escapes_and_marks_every_quote():
    text = "甲<b>乙</b>丙丁戊丙丁"
    out = pres.highlight(text, ["丙丁", "乙</b>丙"])
    assert "<b>" not in out and "&lt;b&gt;" in out
    # overlapping quotes are merged into one mark; repeated ones are all marked
    assert out == "甲&lt;b&gt;<mark>乙&lt;/b&gt;丙丁</mark>戊<mark>丙丁</mark>"


def test_clause_html_highlights_the_cited_sentence():
    clause = load_policy().clause("（三）")
    quote = load_parameters()["major_project_lead_rate"].quote
    out = pres.clause_html(clause, [quote])
    assert f"<mark>{quote}</mark>" in out
    assert out.count("<mark>") == 1


def test_quotes_by_clause_groups_in_policy_order():
    cites = [
        Citation(clause="附则", quote="b"),
        {"clause": "（三）", "quote": "a"},
        Citation(clause="（三）", quote="a"),
        Citation(clause="（九十）", quote="x"),
    ]
    assert pres.quotes_by_clause(cites) == {"（三）": ["a"], "附则": ["b"]}


def test_form_groups_follow_the_calculators():
    enterprise = pres.form_groups("enterprise")
    names = [f.name for g in enterprise for f in g.fields]
    assert {"role", "project_level", "allocation_yuan", "accepted", "phd_count"} <= set(names)
    assert len(names) == len(set(names))  # a shared fact is asked once
    assert "event_date" not in names and "other_policy_award_yuan" not in names
    assert "financing_total_yuan" not in names
    pilot = [f.name for g in pres.form_groups("pilot_base") for f in g.fields]
    assert "service_revenue_yuan" in pilot and "allocation_yuan" not in pilot
    # the applicant type already answers the platform type
    assert "platform_type" not in pilot
    assert pres.facts_from_form("pilot_base", {"service_revenue_yuan": 300}) == {
        "platform_type": "pilot_base",
        "service_revenue_yuan": Decimal(3_000_000),
    }
    specs = {f.name: f for g in enterprise for f in g.fields}
    assert specs["allocation_yuan"].widget == "yuan" and specs["allocation_yuan"].required
    assert specs["role"].widget == "choice" and specs["role"].options == ("lead", "participate")
    assert specs["accepted"].widget == "bool"
    assert specs["phd_count"].widget == "int"
    assert specs["contract_years"].widget == "number"
    assert pres.form_groups("service_agency") == []


def test_form_items_come_from_the_case_file_data():
    """Which measures take several items, and which of their facts each item has, is data
    (assistant/dialogue/casefile.yaml ``matter_facts``): every listed fact is the rule's, every listed
    rule names its items, and a fact the form asks for several measures stays once."""
    from assistant.dialogue.casefile import data
    from calculators.registry import APPLICANTS, RULES

    listed = data()["matter_facts"]
    for rule, names in listed.items():
        assert set(names) <= set(RULES[rule].facts) and rule in data()["nouns"]
        assert rule not in data()["yearly_total"]  # a total's parts add up to one figure
    for applicant in APPLICANTS:
        for group in pres.form_groups(applicant):
            assert set(group.item_fields) <= set(listed.get(group.rule, ()))
            assert not any(f.shared_with for f in group.per_item)
            assert bool(group.item_fields) == bool(group.noun)
    groups = {g.rule: g for g in pres.form_groups("university")}
    # contracts are items; the yearly total of services is not; the shared registration stays once
    assert "contract_amount_yuan" in groups["academic_contract"].item_fields
    assert "contract_registered" not in groups["academic_contract"].item_fields
    assert not groups["academic_service"].item_fields
    assert groups["academic_contract"].item_label(3) == "第三个合同"


def test_read_form_gives_one_item_as_facts_and_several_as_matters():
    one = {"major_project": [{"role": "lead", "project_level": "national", "allocation_yuan": 90}]}
    single = pres.read_form("team", {"phd_count": 1}, one)
    assert single.matters == [] and single.empty == []
    assert single.facts == pres.facts_from_form("team", {"phd_count": 1, **one["major_project"][0]})
    two = {
        "major_project": [
            {"role": "lead", "allocation_yuan": 90, "accepted": "是"},
            {"role": "participate", "allocation_yuan": 1500.5, "accepted": "未说明"},
        ]
    }
    several = pres.read_form("team", {}, two)
    assert several.matters == [
        ("major_project", {"role": "lead", "allocation_yuan": Decimal(900_000), "accepted": True}),
        ("major_project", {"role": "participate", "allocation_yuan": Decimal("15005000")}),
    ]
    assert "allocation_yuan" not in several.facts
    blank = {"major_project": [{"role": None, "allocation_yuan": None}, two["major_project"][1]]}
    assert pres.read_form("team", {}, blank).empty == ["第一个项目"]
    typed_in_yuan = {"major_project": [two["major_project"][0], {"allocation_yuan": 3_000_000.0}]}
    (warning,) = pres.unit_warnings("team", {}, typed_in_yuan)
    assert warning.startswith("第二个项目的“国拨/省拨经费”")


def test_facts_from_form_converts_units_and_drops_blanks():
    raw = {
        "role": "lead",
        "project_level": None,
        "allocation_yuan": 800.0,  # 万元
        "accepted": "是",
        "tech_enterprise": "未说明",
        "phd_count": 2,
        "contract_years": 3.0,
        "contract_amount_yuan": 12.345,
    }
    facts = pres.facts_from_form("enterprise", raw)
    assert facts == {
        "role": "lead",
        "allocation_yuan": Decimal("8000000"),
        "accepted": True,
        "phd_count": 2,
        "contract_years": Decimal("3.0"),
        "contract_amount_yuan": Decimal("123450.00"),
    }
    assert str(facts["allocation_yuan"]) == "8000000"


def test_profile_lines_show_chinese_labels_and_values():
    lines = pres.profile_lines(
        None,
        "major_project",
        {"allocation_yuan": Decimal(8000000), "accepted": True, "role": "lead"},
    )
    assert lines[0].startswith("正在讨论：（三）")
    assert "国拨/省拨经费：800万元" in lines
    assert "已通过验收：是" in lines and "牵头/参与：牵头承担" in lines


def test_parameter_rows_show_value_unit_kind_quote():
    rows = pres.parameter_rows("（三）")
    by_value = {r["数值"]: r for r in rows}
    assert by_value["5%"]["类型"] == "确定" and by_value["2%"]["类型"] == "上限"
    assert by_value["100万元"]["单位"] == "元"
    for r in rows:
        assert r["原文"] in load_policy().clause("（三）").body
    dates = {r["数值"] for r in pres.parameter_rows("附则")}
    assert {"2025年1月1日", "2029年12月31日"} <= dates


# ------------------------------------------------------------------------- exports
def _report_reply() -> Reply:
    lead = compute(
        "major_project",
        {
            "role": "lead",
            "project_level": "provincial",
            "allocation_yuan": Decimal(8_000_000),
            "accepted": True,
        },
    )
    talent = compute("talent", {"phd_count": 1, "master_count": 2})
    return Reply(
        headline=Headline(text="按您是入驻企业来看", verdict="amount"),
        follow_up="下一步可以告诉我：<script>alert(1)</script>",
        body=["按您是 **入驻企业** 来看：", "- <script>alert(1)</script>"],
        citations=[c for a in (lead, talent) for c in a.citations],
        awards=[AwardSummary.of(a) for a in (lead, talent)],
        intent="eligibility",
        units=list(dict.fromkeys(lead.units + talent.units)),
        details=[lead, talent],
    )


def test_totals_split_exact_and_ceilings():
    reply = _report_reply()
    exact, ceiling = totals(reply.details)
    expected_exact = sum((a.amount_yuan for a in reply.details if a.kind is Kind.EXACT), Decimal(0))
    assert exact == expected_exact and exact >= Decimal(400_000)
    assert ceiling == sum(
        (a.amount_yuan for a in reply.details if a.kind is Kind.UP_TO), Decimal(0)
    )


def test_report_markdown_has_stamp_facts_measures_and_total():
    reply = _report_reply()
    facts = {"allocation_yuan": Decimal(8_000_000), "accepted": True, "role": "lead"}
    md = report_markdown(reply, "入驻企业", facts, now=NOW)
    s = pres.stamp()
    assert md.startswith("# 政策体检报告")
    assert s.title in md and s.validity in md and pres.ESTIMATE_NOTE in md
    assert "2025年6月1日 09:30" in md
    assert "- 国拨/省拨经费：800万元" in md and "- 主体类型：入驻企业" in md
    assert (
        "| （三）支持开展关键核心技术攻关 | 牵头/参与重大科技计划项目奖励 | 40万元 | 确定 |" in md
    )
    assert "**合计**：确定金额合计" in md
    assert "- 待确认：" in md  # the validity date was not given
    assert "## 依据条款" in md
    # 责任单位 stand beside each award (the report no longer repeats them all at the end)
    assert "责任单位：市科技局、市财政局" in md and "责任单位：市委组织部" in md


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def test_report_html_is_self_contained_printable_and_escaped():
    reply = _report_reply()
    facts = {"allocation_yuan": Decimal(8_000_000)}
    page = report_html(reply, "入驻企业<img src=x onerror=alert(1)>", facts, now=NOW)
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert "@media print" in page and "@page" in page
    assert "<title>政策体检报告 · 入驻企业&lt;img" in page
    assert "<img" not in page and "<script>" not in page  # user and answer text escaped
    assert "&lt;script&gt;" in page
    assert "http://" not in page and "https://" not in page and "<link" not in page
    s = pres.stamp()
    parsed = _Collector()
    parsed.feed(page)
    text = "".join(parsed.text)
    assert s.title in text and s.validity in text and pres.ESTIMATE_NOTE in text
    assert "40万元" in text and "确定金额合计" in text
    assert parsed.tags.count("script") == 0 and "table" in parsed.tags


def test_report_html_puts_the_totals_above_the_facts():
    page = report_html(_report_reply(), "入驻企业", {"role": "lead"}, now=NOW)
    box = page.index('class="totals"')
    assert box < page.index("<h2>基本情况</h2>") < page.index("<h2>结果一览</h2>")
    assert "确定金额合计 <strong>" in page[box : box + 200]


def test_reports_say_nothing_is_computable_instead_of_zero():
    """A report whose measures all lack a figure must not read as "you get 0元"."""
    settle = describe("（一）")
    assert settle.kind == Kind.NO_FIXED_AMOUNT
    reply = Reply(body=["x"], intent="eligibility", details=[settle])
    md = report_markdown(reply, "入驻企业", {}, now=NOW)
    page = report_html(reply, "入驻企业", {}, now=NOW)
    assert "**合计**：暂无可计算的金额" in md and "确定金额合计 0元" not in md
    assert "暂无可计算的金额" in page and "0元" not in page


def _lead_and_participate(allocation: Decimal) -> tuple:
    """（三）'s two awards for one provincial project: as its lead and as a participant."""
    return tuple(
        compute(
            "major_project",
            {"role": role, "project_level": "provincial", "allocation_yuan": allocation},
        )
        for role in ("lead", "participate")
    )


def test_totals_compare_kinds_and_statuses_by_value():
    """An award built before a module reload carries enum members of another class object;
    the report must still count it (identity checks silently gave 0元)."""
    lead, participate = _lead_and_participate(Decimal(8_000_000))
    foreign = [
        a.model_copy(update={"kind": str(a.kind.value)}) for a in (lead, participate)
    ]  # plain strings stand in for another Kind class: equal by value, not identical
    assert totals(foreign) == totals([lead, participate])
    assert totals(foreign)[0] > 0
    refused = lead.model_copy(
        update={"conditions": [c.model_copy(update={"status": "not_met"}) for c in lead.conditions]}
    )
    assert totals([refused]) == (Decimal(0), Decimal(0))


def test_markdown_to_html_subset():
    out = markdown_to_html(
        "**粗** 与 *斜*\n\n- a\n- b\n\n1. x\n2. y\n\n> 引\n\n| h | i |\n|---|---|\n| 1 | 2 |"
    )
    assert "<strong>粗</strong>" in out and "<em>斜</em>" in out
    assert "<ul>\n<li>a</li>\n<li>b</li>\n</ul>" in out
    assert "<ol>" in out and "<blockquote>\n<p>引</p>\n</blockquote>" in out
    assert "<th>h</th>" in out and "<td>2</td>" in out
    assert markdown_to_html("<b onclick=x>") == "<p>&lt;b onclick=x&gt;</p>"


def test_conversation_markdown_keeps_questions_answers_and_citations():
    reply = _report_reply()
    reply.body = ["可得 **40万元**。"]
    follow = Reply(
        body=["还需要知道：项目级别"], follow_up="这是国家级、省级还是市级项目？", intent="amount"
    )
    messages = [
        {"role": "user", "content": "牵头项目800万能拿多少？"},
        {"role": "assistant", "content": reply.answer, "reply": reply},
        {"role": "user", "content": "嗯"},
        {"role": "assistant", "content": follow.answer, "reply": follow},
        {"role": "assistant", "content": "抱歉", "reply": None},
    ]
    md = conversation_markdown(messages, now=NOW)
    assert md.index("牵头项目800万能拿多少？") < md.index("可得 **40万元**")
    assert "**依据条款**" in md and "- （三）：“" in md
    assert "*（助手在追问）*" in md
    assert pres.stamp().validity in md and "2025年6月1日 09:30" in md
    assert md.count("## 您") == 2 and md.count("## 助手") == 3


@pytest.mark.parametrize("label", [c.label for c in load_policy().clauses])
def test_every_clause_heading_resolves(label):
    assert pres.clause_heading(label)


def test_award_name_tells_apart_rules_that_share_a_clause():
    from calculators.registry import RULES, describe

    lead = compute(
        "major_project",
        {
            "role": "lead",
            "project_level": "national",
            "allocation_yuan": Decimal(1),
            "accepted": True,
        },
    )
    assert pres.award_name(lead) == RULES["major_project"].name
    assert pres.award_name(describe("（三）市本级专项")) == "市本级专项"
    assert pres.award_name(describe("（十三）")) == load_policy().clause("（十三）").title


def test_small_amounts_are_asked_in_yuan_and_large_in_wan():
    broker = {f.name: f for g in pres.form_groups("broker") for f in g.fields}
    assert broker["training_fee_yuan"].unit == pres.YUAN
    assert broker["training_fee_yuan"].full_label == "培训费（元）"
    assert pres.facts_from_form("broker", {"training_fee_yuan": 8000.0})["training_fee_yuan"] == (
        Decimal(8000)
    )
    university = {f.name: f for g in pres.form_groups("university") for f in g.fields}
    assert university["contract_amount_yuan"].unit == pres.WAN
    assert "（元）" not in university["contract_amount_yuan"].help
    # one value for two measures: the form says so
    assert university["received_this_year_yuan"].shared_with
    assert "同一数值也用于" in university["received_this_year_yuan"].help
    assert pres.unit_warnings("university", {"contract_amount_yuan": 500.0}) == []
    assert pres.unit_warnings("university", {"contract_amount_yuan": 5_000_000.0})
    assert pres.unit_warnings("broker", {"training_fee_yuan": 0.8})


def test_reports_with_only_ceilings_do_not_print_zero_and_keep_the_caveats():
    participate = compute(
        "major_project",
        {
            "role": "participate",
            "project_level": "provincial",
            "allocation_yuan": Decimal(8_000_000),
        },
    )
    reply = Reply(
        body=["x"],
        caveats=["按“就高不重复”原则予以支持。（附则）"],
        intent="eligibility",
        details=[participate],
    )
    md = report_markdown(reply, "入驻企业", {}, now=NOW)
    page = report_html(reply, "入驻企业", {}, now=NOW)
    assert "**合计**：上限合计 16万元" in md and "确定金额合计 0元" not in md
    assert "上限合计 <strong>16万元</strong>" in page and "0元" not in page
    assert "## 提示" in md and "就高不重复" in md and "<h2>提示</h2>" in page


def test_escape_markdown_keeps_typed_text_inert():
    assert pres.escape_markdown("中试基地300万能拿多少？") == "中试基地300万能拿多少？"
    shown = pres.escape_markdown("![x](http://a/b.png) **b** <i>")
    assert shown == "\\!\\[x\\]\\(`http://a/b.png`\\) \\*\\*b\\*\\* \\<i\\>"


# ------------------------------------------------------------------------- a short report
def _figureless() -> list:
    return [describe(key) for key in ("（一）", "（三）市本级专项", "（七）柔性引才", "（十三）")]


def test_figureless_measures_are_one_line_each_with_their_units():
    """The report used to print each figureless measure in full (steps, notes, quotes): about
    nine A4 pages. Now each is one line: its name, its clause and who to ask."""
    reply = _report_reply()
    described = _figureless()
    reply.details = [*reply.details, *described]
    md = report_markdown(reply, "入驻企业", {}, now=NOW)
    page = report_html(reply, "入驻企业", {}, now=NOW)
    section = md[md.index("## 没有固定金额") : md.index("## 依据条款")]
    for award in described:
        name = f"{award.clause}{pres.award_name(award)}"
        lines = [line for line in md.splitlines() if name in line]
        assert len(lines) == 1 and lines[0] in section, name
        assert "、".join(award.units) in lines[0]
        assert f"### {name}" not in md and award.notes[0] not in md and award.notes[0] not in page
        assert award.citations[0].quote not in md  # its clause text is not printed in full
    assert section.count("\n- ") == len(described)
    assert "<h3>（十三）" not in page and page.count('class="award"') == 2


def _headings(md: str) -> list[str]:
    return [line.split("：")[0] for line in md.splitlines() if line.startswith("### ")]


def test_two_awards_of_one_clause_never_share_a_heading():
    station = compute(
        "workstation",
        {"station_type": "academician", "station_stage": "new", "in_valley": True},
    )
    talent = compute("talent", {"phd_count": 2})
    reply = Reply(intent="eligibility", details=[station, talent])
    heads = _headings(report_markdown(reply, "入驻企业", {}, now=NOW))
    assert heads == [
        f"### （七）{RULES['workstation'].name}",
        f"### （七）{RULES['talent'].name}",
    ]
    # two matters of one rule: the case file's own labels tell them apart
    lead, participate = _lead_and_participate(Decimal(5_000_000))
    matters = [
        MatterSummary(
            clause="（三）", rule="major_project", label=label, status="computed", award=i
        )
        for i, label in enumerate(("第一个项目", "第二个项目"))
    ]
    two = Reply(intent="amount", details=[lead, participate], matters=matters)
    heads = _headings(report_markdown(two, "入驻企业", {}, now=NOW))
    assert len(heads) == len(set(heads)) == 2
    assert "第一个项目" in heads[0] and "第二个项目" in heads[1]
    # without a case file, a repeated heading is numbered rather than shared
    bare = Reply(intent="amount", details=[lead, participate])
    heads = _headings(report_markdown(bare, "入驻企业", {}, now=NOW))
    assert len(heads) == len(set(heads)) == 2


def test_an_amount_decided_by_review_is_summed_apart_from_the_exact_total():
    """Issue 20: an amount granted 经申报和评审 is never counted as 确定; the total sums like
    with like (确定…；另有经申报和评审的…)."""
    reply = _report_reply()  # （三） 40万元 exact, （七） talent 20万元 "经申报和评审"
    talent = reply.details[1]
    md = report_markdown(reply, "入驻企业", {}, now=NOW)
    page = report_html(reply, "入驻企业", {}, now=NOW)
    total = next(line for line in md.splitlines() if line.startswith("**合计**"))
    assert total.startswith("**合计**：确定金额合计 40万元；另有经申报和评审的 20万元")
    assert "60万元" not in total
    assert f"（七）{RULES['talent'].name}" in total
    box = page[page.index('class="totals"') : page.index("<h2>基本情况</h2>")]
    assert "确定金额合计 <strong>40万元</strong>" in box and "经申报和评审的 20万元" in box
    assert "| 20万元 | 经申报和评审 |" in md and "| 40万元 | 确定 |" in md
    assert "：经申报和评审 20万元" in md and "：确定 40万元" in md  # each award's heading
    # the kind follows the award's quotes (the policy's words), not its clause or rule
    plain = talent.model_copy(
        update={"citations": [c for c in talent.citations if "评审" not in c.quote]}
    )
    reply.details = [reply.details[0], plain]
    md = report_markdown(reply, "入驻企业", {}, now=NOW)
    total = next(line for line in md.splitlines() if line.startswith("**合计**"))
    assert total == "**合计**：确定金额合计 60万元" and "| 经申报和评审 |" not in md


# ------------------------------------------------------------------------- one answer's print page
def test_answer_print_page_is_rendered_from_the_blocks_with_dates_in_words():
    from assistant.answer.compose import award_reply
    from ui.print_view import answer_html

    station = compute(
        "workstation",
        {"station_type": "academician", "station_stage": "new", "in_valley": True},
    )
    talent = compute("talent", {"phd_count": 2})
    reply = award_reply(
        [station, talent],
        "amount",
        body=["两项 **单独** 计算：", "- <script>alert(1)</script>"],
        headline_=Headline(text="合计最高 120万元", verdict="up_to", emphasis=["120万元"]),
        listed=True,
    )
    reply.answer = "MARKDOWN-ONLY"  # what the chat channel wrote: the print page must not read it
    page = answer_html("院士站和博士？", reply, now=datetime(2025, 6, 30, 9, 5))
    assert "MARKDOWN-ONLY" not in page
    assert "2025年6月30日 09:05" in page and "2025年06月" not in page
    assert "<strong>120万元</strong>" in page and "<strong>单独</strong>" in page
    assert "&lt;script&gt;" in page and "<script" not in page
    # each award under its own heading, its steps and conditions with it
    assert f"<h3>（七）{RULES['workstation'].name}</h3>" in page
    assert f"<h3>（七）{RULES['talent'].name}</h3>" in page
    assert page.index("站设在谷内") < page.index(f"<h3>（七）{RULES['talent'].name}</h3>")
    assert "博士 2 人" in page and "经申报和评审分别给予" in page and "就高不重复" in page


def test_a_report_lists_what_each_item_said_beside_the_applicant_facts(engine):
    """Two 博士后站 (（七）: 30万 for a newly set-up station): the report's 基本情况 gives each
    item its own line with what was said of it alone; the applicant's facts are listed once."""
    known = {"in_valley": True, "event_date": date(2026, 3, 1)}
    stations = [
        ("workstation", {"station_type": "postdoc", "station_stage": "new"}),
        ("workstation", {"station_type": "academician", "station_stage": "new"}),
    ]
    reply = engine.self_check("university", known, stations)
    # 博士后站 30万; 院士工作站 最高100万 (分三年)
    amounts = [a.amount_yuan for a in reply.details if a.rule == "workstation"]
    assert amounts == [Decimal(300_000), Decimal(1_000_000)]
    md = report_markdown(reply, "高校", known, now=datetime(2026, 3, 2, 10, 0))
    page = report_html(reply, "高校", known, now=datetime(2026, 3, 2, 10, 0))
    lines = [line for line in md.splitlines() if line.startswith("- （七）第")]
    assert lines == [
        "- （七）第一个工作站：工作站类型：博士后科研工作（流动）站；新设/已运行：新设立",
        "- （七）第二个工作站：工作站类型：院士工作站；新设/已运行：新设立",
    ]
    assert "（七）第二个工作站" in page and md.count("位于谷内") == 1
