"""The Streamlit page, driven headless with streamlit.testing.v1.AppTest.

The engine is the real embedded default (cached once per process by st.cache_resource), so
these assertions are on the answers a user would really see.
"""

from __future__ import annotations

import html
import re
from decimal import Decimal
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.answer import presentation as pres
from assistant.service.feedback import FeedbackStore
from assistant.service.records import REASONS

APP = str(Path(__file__).resolve().parents[1] / "app.py")
CHAT = "app_pages/chat.py"
SELF_CHECK = "app_pages/self_check.py"
CLAUSES = "app_pages/clauses.py"
LEAD = "我们牵头的省级重点研发项目通过验收了，省拨经费800万，能拿多少？"
PARTICIPATE = "那如果我们只是参与呢？"


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("JCG_DATA_DIR", str(tmp_path))
    return tmp_path


def start() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=300)
    at.run()
    assert not at.exception
    return at


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input(key="chat_input").set_value(question).run()
    assert not at.exception
    return at


def user_text(at: AppTest, index: int = 0) -> str:
    """The visitor's words as the page shows them (an HTML paragraph, tags removed)."""
    block = [m for m in at.chat_message if m.name == "user"][index]
    body = block.children[0].proto.body
    return html.unescape(re.sub(r"<[^>]+>", "", body))


def test_pages_are_not_parsed_for_magic():
    """Magic's ast.parse races the background model load on CPython 3.11.7 (gh-106905) and
    once left a page empty in CI; no page uses magic, so .streamlit/config.toml turns it off."""
    from streamlit import config

    assert config.get_option("runner.magicEnabled") is False


def to_page(at: AppTest, page: str) -> AppTest:
    at.switch_page(page).run()
    assert not at.exception
    return at


def assistant_text(at: AppTest, index: int = -1) -> str:
    """Everything shown in one assistant message (markdown, captions, expanders)."""
    messages = [m for m in at.chat_message if m.name == "assistant"]
    block = messages[index]
    return "\n".join(
        str(getattr(el, "value", "")) for el in block if getattr(el, "value", None) is not None
    )


def test_page_renders_with_stamp_starters_and_clauses(data_dir):
    at = start()
    assert not at.error
    assert not at.tabs  # pages, not tabs: only the active page runs
    s = pres.stamp()
    shown = "\n".join(m.value for m in at.markdown) + "\n".join(c.value for c in at.caption)
    assert s.title in shown and s.validity in shown and pres.ESTIMATE_NOTE in shown
    starters = [b for b in at.button if b.key and b.key.startswith("starter_")]
    assert len(starters) >= 4
    # the clause browser does not run on the chat page
    assert "（一）优化入驻流程及服务" not in [e.label for e in at.expander]
    to_page(at, CLAUSES)
    labels = [e.label for e in at.expander]
    assert labels[:3] == [
        "（一）优化入驻流程及服务",
        "（二）支持创新主体入驻",
        "（三）支持开展关键核心技术攻关",
    ]
    assert "（十四）建立创新容错机制" in labels and "附则" in labels
    assert at.sidebar.button(key="reset")


def test_question_and_follow_up_turn(data_dir):
    at = ask(start(), LEAD)
    first = assistant_text(at)
    assert "40万" in first and "（三）" in first
    assert [m.name for m in at.chat_message] == ["user", "assistant"]
    assert user_text(at) == LEAD
    assert any(e.label == "计算过程与条件核对" for e in at.chat_message[1].expander)
    conv = at.session_state["conv"]
    assert conv.facts.get("role") == "lead"

    at = ask(at, PARTICIPATE)
    second = assistant_text(at)
    assert "（三）" in second and "16万" in second
    assert "上限" in second or "最高" in second
    assert "40万" not in second.split("\n")[0]
    assert at.session_state["conv"].facts.get("role") == "participate"
    # the sidebar shows what the assistant now assumes
    sidebar = "\n".join(m.value for m in at.sidebar.markdown)
    assert "参与" in sidebar and "800万元" in sidebar
    assert len(at.chat_message) == 4


def test_starter_question_is_answered(data_dir):
    at = start()
    at.button(key="starter_2").click().run()
    assert not at.exception
    assert user_text(at) == "中试基地服务收入300万能拿多少？"
    text = assistant_text(at)
    assert "90万" in text and "（六）" in text
    # the empty-state starters give way to the conversation
    assert not [b for b in at.button if b.key and b.key.startswith("starter_")]


def test_self_check_form_produces_the_report(data_dir):
    at = to_page(start(), SELF_CHECK)
    at.selectbox(key="sc_applicant").set_value("enterprise").run()
    at.selectbox(key="sc_enterprise_role").set_value("lead")
    at.selectbox(key="sc_enterprise_project_level").set_value("provincial")
    at.number_input(key="sc_enterprise_allocation_yuan").set_value(800.0)
    at.selectbox(key="sc_enterprise_accepted").set_value("是")
    at.number_input(key="sc_enterprise_phd_count").set_value(1)
    next(b for b in at.button if b.label == "生成体检报告").click().run()
    assert not at.exception and not at.error
    report = at.session_state["report"]
    assert report["applicant"] == "enterprise"
    assert (
        report["facts"]["role"] == "lead" and str(report["facts"]["allocation_yuan"]) == "8000000"
    )
    rules = {a.rule for a in report["reply"].details}
    assert "major_project" in rules
    shown = "\n".join(m.value for m in at.markdown)
    assert "40万元" in shown and "（三）" in shown
    assert any(e.label.startswith("明细：（三）") for e in at.expander)
    # figureless measures: one line each with their 责任单位, no expander of their own
    assert (
        "没有固定金额、但可能相关的措施" in shown
        and "（十三）做好法律服务保障**｜责任单位：" in shown
    )
    assert not any("（十三）" in e.label for e in at.expander)
    metrics = {m.label: m.value for m in at.metric}
    assert "确定金额合计" in metrics
    keys = {b.key for b in at.get("download_button")}
    assert {"dl_report_md", "dl_report_html"} <= keys


def test_self_check_shows_only_fields_for_the_chosen_type(data_dir):
    at = to_page(start(), SELF_CHECK)
    at.selectbox(key="sc_applicant").set_value("financial_institution").run()
    keys = {w.key for w in at.number_input}
    assert "sc_financial_institution_financing_total_yuan" in keys
    assert not any("allocation_yuan" in k for k in keys)


def test_two_sessions_do_not_share_conversation_state(data_dir):
    one, two = start(), start()
    ask(one, LEAD)
    two.run()
    assert len(one.session_state["messages"]) == 2
    assert two.session_state["messages"] == []
    assert two.session_state["conv"].facts == {}
    assert two.session_state["conv"] is not one.session_state["conv"]
    assert not two.chat_message


def test_feedback_is_appended_to_the_data_dir(data_dir):
    at = ask(start(), LEAD)
    at.feedback[0].set_value(1).run()
    assert not at.exception
    records = FeedbackStore().read()
    assert len(records) == 1
    record = records[0]
    assert record["question"] == LEAD and record["rating"] == "up"
    assert "40万" in record["answer"] and "（三）" in record["clauses"]
    assert record["created_at"] and record["turn_id"]


def test_reset_clears_history_and_facts(data_dir):
    at = ask(start(), LEAD)
    at.sidebar.button(key="reset").click().run()
    assert at.session_state["messages"] == []
    assert at.session_state["conv"].facts == {}
    assert [b for b in at.button if b.key and b.key.startswith("starter_")]


def test_a_failing_engine_shows_no_traceback_and_keeps_the_question(data_dir, monkeypatch):
    from assistant.engine import Assistant

    def boom(self, conv, message, today=None):
        raise RuntimeError("index exploded")

    at = start()
    monkeypatch.setattr(Assistant, "reply", boom)
    ask(at, "中试基地能拿多少？")
    assert not at.exception
    assert at.session_state["messages"][0]["content"] == "中试基地能拿多少？"
    assert user_text(at) == "中试基地能拿多少？"
    warning = at.chat_message[1].warning[0].value
    assert "问题已保留" in warning and "Traceback" not in warning and "exploded" not in warning


def test_clause_filter_highlights_the_keyword(data_dir):
    at = to_page(start(), CLAUSES)
    at.text_input(key="clause_filter").set_value("中试").run()
    labels = [e.label for e in at.expander]
    assert "（六）支持建设概念验证和中试平台" in labels
    assert "（十三）做好法律服务保障" not in labels
    assert any("<mark>中试</mark>" in m.value for m in at.markdown)


def test_self_check_for_a_pilot_base_needs_only_its_revenue(data_dir):
    at = to_page(start(), SELF_CHECK)
    at.selectbox(key="sc_applicant").set_value("pilot_base").run()
    assert "sc_pilot_base_platform_type" not in {w.key for w in at.selectbox}
    at.number_input(key="sc_pilot_base_service_revenue_yuan").set_value(300.0)
    next(b for b in at.button if b.label == "生成体检报告").click().run()
    assert not at.exception
    details = at.session_state["report"]["reply"].details
    platform = next(a for a in details if a.rule == "platform")
    assert str(platform.amount_yuan) == "900000.00"
    assert any("90万元" in m.value for m in at.markdown)


def test_a_follow_up_question_is_marked_and_the_answer_uses_it(data_dir):
    at = ask(start(), "我们是中试基地")
    reply = at.session_state["messages"][-1]["reply"]
    assert reply.follow_up
    assert any("助手在追问" in c.value for c in at.chat_message[1].caption)
    at = ask(at, "服务性收入两百万")
    text = assistant_text(at)
    assert "60万" in text and "（六）" in text
    assert not any("助手在追问" in c.value for c in at.chat_message[3].caption)


def test_units_are_body_text_next_to_the_amount(data_dir):
    at = ask(start(), LEAD)
    answer = next(m for m in at.chat_message if m.name == "assistant")
    units = [m.value for m in answer.markdown if "**责任单位**" in m.value]
    assert units and "市科技局" in units[0]


def test_next_visitor_button_under_the_chat_clears_chat_form_and_report(data_dir):
    at = to_page(start(), SELF_CHECK)
    at.selectbox(key="sc_applicant").set_value("pilot_base").run()
    at.number_input(key="sc_pilot_base_service_revenue_yuan").set_value(300.0)
    next(b for b in at.button if b.label == "生成体检报告").click().run()
    assert at.session_state["report"] is not None
    ask(to_page(at, CHAT), LEAD)
    assert {b.key for b in at.get("download_button")} >= {"dl_chat_inline"}
    assert at.button(key="reset_inline").proto.shortcut  # 下一位 has a keyboard shortcut
    at.button(key="reset_inline").click().run()
    assert not at.exception
    assert at.session_state["messages"] == [] and at.session_state["conv"].facts == {}
    assert at.session_state["report"] is None
    # the next visitor starts from an empty form, not the previous visitor's figures
    assert "sc_pilot_base_service_revenue_yuan" not in at.session_state
    assert "sc_applicant" not in at.session_state
    assert [b for b in at.button if b.key and b.key.startswith("starter_")]
    assert not [b for b in at.button if b.key == "reset_inline"]  # nothing to reset yet
    # the caret goes back to the input: a focus script is part of this run
    assert any(
        "focus" in h.proto.body and "stChatInputTextArea" in h.proto.body for h in at.get("html")
    )


def test_an_empty_self_check_says_what_is_missing_instead_of_zero(data_dir):
    at = to_page(start(), SELF_CHECK)
    next(b for b in at.button if b.label == "生成体检报告").click().run()
    assert not at.exception
    assert at.session_state["report"] is not None
    assert not at.get("metric")  # no "0元" totals
    assert any("还没有能算出金额" in i.value for i in at.info)


def test_switching_the_applicant_hides_the_previous_report(data_dir):
    at = to_page(start(), SELF_CHECK)
    at.selectbox(key="sc_applicant").set_value("pilot_base").run()
    at.number_input(key="sc_pilot_base_service_revenue_yuan").set_value(300.0)
    next(b for b in at.button if b.label == "生成体检报告").click().run()
    assert any("90万元" in m.value for m in at.markdown)
    at.selectbox(key="sc_applicant").set_value("enterprise").run()
    assert not any("90万元" in m.value for m in at.markdown)
    assert not {"dl_report_md", "dl_report_html"} & {b.key for b in at.get("download_button")}
    assert any("中试基地" in c.value and "重新生成" in c.value for c in at.caption)


def test_starter_questions_fit_on_a_phone_and_are_answered(data_dir):
    at = start()
    starters = [b.label for b in at.button if b.key and b.key.startswith("starter_")]
    assert starters and all(len(q) <= 26 for q in starters)  # no ellipsis at 400px
    at.button(key="starter_3").click().run()
    assert not at.exception
    text = assistant_text(at)
    assert "40万" in text and "（三）" in text


# ------------------------------------------------------------------------- 政策体检, every type
# Form values as a visitor types them (amounts in the unit the field's label shows), and the
# totals worked out by hand from corpus/parameters.yaml, like with like: (确定金额合计, 上限合计,
# 经申报和评审) in 元 — （七）'s 博士/硕士 money is granted 经申报和评审, never counted as 确定.
SELF_CHECK_CASES = {
    # （三）800万×5%=40万；（四）300万×最高2%=6万(≤10万)；（七）博士后新站30万；博士2×10万+硕士3×5万=35万
    "enterprise": (
        {
            "role": "lead",
            "project_level": "provincial",
            "allocation_yuan": 800.0,
            "accepted": "是",
            "contract_amount_yuan": 300.0,
            "contract_type": "patent_transfer",
            "counterparty_is_academic": "是",
            "contract_registered": "是",
            "economic_benefit": "是",
            "station_type": "postdoc",
            "station_stage": "new",
            "in_valley": "是",
            "phd_count": 2,
            "master_count": 3,
            "tech_enterprise": "是",
            "social_insurance": "是",
            "contract_years": 3.0,
        },
        {"major_project", "enterprise_transfer", "workstation", "talent"},
        (700_000, 60_000, 350_000),
    ),
    # （三）参与国家级 5000万×最高2%=100万（=单项上限）；（七）博士1×10万
    "team": (
        {
            "role": "participate",
            "project_level": "national",
            "allocation_yuan": 5000.0,
            "accepted": "是",
            "phd_count": 1,
            "contract_years": 3.0,
        },
        {"major_project", "talent"},
        (0, 1_000_000, 100_000),
    ),
    # （五）1000万×最高1%=10万；8000万×最高0.2‰=1.6万；（七）院士站工作补助 最高10万×3年=30万
    "university": (
        {
            "contract_amount_yuan": 1000.0,
            "contract_type": "tech_development",
            "counterparty_in_valley": "是",
            "contract_registered": "是",
            "service_turnover_yuan": 8000.0,
            "station_type": "academician",
            "station_stage": "running",
            "years_running": 4.0,
            "contract_renewed": "是",
            "evaluation_passed": "是",
            "in_valley": "是",
        },
        {"academic_contract", "academic_service", "workstation"},
        (0, 416_000, 0),
    ),
    # （五）200万×最高1%=2万；4000万 < 5000万门槛 → 0；（七）博士后新站30万
    "institute": (
        {
            "contract_amount_yuan": 200.0,
            "service_turnover_yuan": 4000.0,
            "station_type": "postdoc",
            "station_stage": "new",
        },
        {"academic_contract", "academic_service", "workstation"},
        (300_000, 20_000, 0),
    ),
    # （十一）2亿×0.5%=100万，年度上限50万−已获10万=40万
    "financial_institution": (
        {"financing_total_yuan": 20000.0, "received_this_year_yuan": 10.0},
        {"financing"},
        (400_000, 0, 0),
    ),
    # （十二）3000万×1%=30万（≤50万）
    "transfer_institution": (
        {"transfer_turnover_yuan": 3000.0, "in_valley": "是"},
        {"transfer_service"},
        (300_000, 0, 0),
    ),
    # （九）国家级孵化器50万，总额上限50万−省级已得30万=20万（补差额）
    "carrier_operator": (
        {"carrier_type": "incubator", "carrier_level": "national", "received_before_yuan": 30.0},
        {"carrier"},
        (200_000, 0, 0),
    ),
    # （六）300万×10%=30万（≤50万）
    "poc_centre": (
        {"service_revenue_yuan": 300.0, "tasks_completed": "是"},
        {"platform"},
        (300_000, 0, 0),
    ),
    # （六）500万×30%=150万 → 年度上限100万
    "pilot_base": ({"service_revenue_yuan": 500.0}, {"platform"}, (1_000_000, 0, 0)),
    # （八）培训费8000元（本栏单位是元）×20%=1600元；未评为优秀个人 → 0
    "broker": (
        {
            "training_fee_yuan": 8000.0,
            "certificate_obtained": "是",
            "self_funded": "是",
            "selected": "否",
        },
        {"broker_training", "outstanding_broker"},
        (1_600, 0, 0),
    ),
    "service_agency": ({}, set(), (0, 0, 0)),
}


def fill_self_check(at: AppTest, applicant: str, values: dict) -> AppTest:
    at.selectbox(key="sc_applicant").set_value(applicant).run()
    specs = {f.name: f for g in pres.form_groups(applicant) for f in g.fields}
    for name, value in values.items():
        key = f"sc_{applicant}_{name}"
        if specs[name].widget in ("yuan", "int", "number"):
            at.number_input(key=key).set_value(value)
        else:
            at.selectbox(key=key).set_value(value)
    next(b for b in at.button if b.label == "生成体检报告").click().run()
    assert not at.exception and not at.error
    return at


@pytest.mark.parametrize("applicant", list(SELF_CHECK_CASES))
def test_self_check_every_applicant_type(data_dir, applicant):
    from assistant.dialogue.facts import APPLICANT_NAMES
    from assistant.engine import Assistant
    from assistant.service.export import report_html, report_markdown, totals
    from calculators.common import format_yuan

    assert set(SELF_CHECK_CASES) == set(APPLICANT_NAMES) - {"individual"}
    values, rules, (firm, ceiling, by_review) = SELF_CHECK_CASES[applicant]
    at = fill_self_check(to_page(start(), SELF_CHECK), applicant, values)
    report = at.session_state["report"]
    reply = report["reply"]
    computed = {a.rule for a in reply.details if a.kind != "no_fixed_amount"}
    assert computed == rules
    assert totals(reply.details) == (Decimal(firm + by_review), Decimal(ceiling))
    # the page and the engine agree
    direct = Assistant.default().self_check(applicant, report["facts"])
    assert [(a.rule, a.amount_yuan) for a in direct.details] == [
        (a.rule, a.amount_yuan) for a in reply.details
    ]
    metrics = {m.label: m.value for m in at.metric}
    if firm or ceiling or by_review:
        assert metrics["确定金额合计"] == (format_yuan(Decimal(firm)) if firm else "—")
        assert metrics["上限合计（不是承诺）"] == (
            format_yuan(Decimal(ceiling)) if ceiling else "—"
        )
        if by_review:
            assert metrics["经申报和评审"] == format_yuan(Decimal(by_review))
        else:
            assert "经申报和评审" not in metrics
    else:
        assert not metrics
    # every measure with a figure has its conditions and 责任单位 in its expander
    for award in reply.details:
        assert award.units
    shown = "\n".join(str(c.value) for c in at.caption) + "\n".join(m.value for m in at.markdown)
    assert "责任单位" in shown
    # Markdown and printable HTML say the same amounts, totals and units
    md = report_markdown(reply, report["name"], report["facts"], now=report["at"])
    page = report_html(reply, report["name"], report["facts"], now=report["at"])
    for award in reply.details:
        amount = format_yuan(award.amount_yuan)
        if award.kind != "no_fixed_amount" and award.amount_yuan:
            assert amount in md and amount in page
        for unit in award.units:
            assert unit in md and unit in page
    for total in (firm, ceiling, by_review):
        if total:
            assert format_yuan(Decimal(total)) in md and format_yuan(Decimal(total)) in page
    if not firm:
        assert "确定金额合计 0元" not in md and "确定金额合计 <strong>0元" not in page
    assert "就高不重复" in md and "就高不重复" in page


def test_self_check_form_says_its_units_and_defaults_to_unstated(data_dir):
    at = to_page(start(), SELF_CHECK)
    at.selectbox(key="sc_applicant").set_value("enterprise").run()
    allocation = at.number_input(key="sc_enterprise_allocation_yuan")
    assert allocation.label.endswith("（万元）") and "万元" in allocation.help
    assert "（元）" not in allocation.help  # the calculators' 元 never contradicts the label
    assert allocation.value is None
    assert at.selectbox(key="sc_enterprise_accepted").value == pres.UNSET
    assert at.selectbox(key="sc_enterprise_role").value is None
    at.selectbox(key="sc_applicant").set_value("broker").run()
    fee = at.number_input(key="sc_broker_training_fee_yuan")
    assert fee.label.endswith("（元）")  # a 8000元 fee is not asked as 0.8万元


def test_self_check_warns_about_an_amount_typed_in_yuan(data_dir):
    at = fill_self_check(
        to_page(start(), SELF_CHECK),
        "enterprise",
        {"role": "lead", "project_level": "provincial", "allocation_yuan": 8_000_000.0},
    )
    warnings = [w.value for w in at.warning]
    assert any("800亿元" in w and "除以 10000" in w for w in warnings)
    facts = next(e for e in at.expander if e.label.startswith("按以下情况核对"))
    assert "国拨/省拨经费：800亿元" in "\n".join(m.value for m in facts.markdown)


def test_self_check_engine_failure_shows_no_traceback(data_dir, monkeypatch):
    from assistant.engine import Assistant

    def boom(self, applicant, known, matters=()):
        raise RuntimeError("calculator exploded")

    at = to_page(start(), SELF_CHECK)
    monkeypatch.setattr(Assistant, "self_check", boom)
    at.selectbox(key="sc_applicant").set_value("pilot_base").run()
    at.number_input(key="sc_pilot_base_service_revenue_yuan").set_value(300.0)
    next(b for b in at.button if b.label == "生成体检报告").click().run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert errors and all("exploded" not in e and "Traceback" not in e for e in errors)


def click(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception
    return at


def fill(at: AppTest, prefix: str, values: dict) -> None:
    for name, value in values.items():
        widget = at.number_input if isinstance(value, float) else at.selectbox
        widget(key=prefix + name).set_value(value)


def test_self_check_takes_two_projects_and_one_can_be_removed(data_dir):
    """（三）: 5% of the 国拨/省拨经费 of each accepted project led, at most 100万 per project
    ("每家企业单项最高奖励100万元"). A national project of 2400万 gives 120万, capped at 100万;
    a provincial one of 700万 gives 35万: two awards, each under its own heading."""
    at = to_page(start(), SELF_CHECK)
    at.selectbox(key="sc_applicant").set_value("enterprise").run()
    assert not [b for b in at.button if b.label.startswith("删除")]  # one item: as it always was
    first = {"role": "lead", "project_level": "national", "allocation_yuan": 2400.0}
    fill(at, "sc_enterprise_", {**first, "accepted": "是"})
    click(at, "再添加一个项目")
    assert at.number_input(key="sc_enterprise_allocation_yuan").value == 2400.0  # kept
    assert at.session_state["report"] is None  # adding an item is not a report
    second = {"role": "lead", "project_level": "provincial", "allocation_yuan": 700.0}
    fill(at, "sc_enterprise_major_project_1_", {**second, "accepted": "是"})
    click(at, "生成体检报告")
    reply = at.session_state["report"]["reply"]
    projects = [a for a in reply.details if a.rule == "major_project"]
    assert [a.amount_yuan for a in projects] == [Decimal(1_000_000), Decimal(350_000)]
    assert [m.label for m in reply.matters] == ["第一个项目", "第二个项目"]
    labels = [e.label for e in at.expander if e.label.startswith("明细：（三）")]
    assert [lab.split("（")[-1] for lab in labels] == [
        "第一个项目）：确定 100万元",
        "第二个项目）：确定 35万元",
    ]
    assert {m.label: m.value for m in at.metric}["确定金额合计"] == "135万元"
    facts = next(e for e in at.expander if e.label.startswith("按以下情况核对"))
    assert "（三）第二个项目：" in "\n".join(m.value for m in facts.markdown)
    # the first removed: the second keeps its values and is the one project left
    click(at, "删除第一个项目")
    assert at.number_input(key="sc_enterprise_major_project_1_allocation_yuan").value == 700.0
    assert not [b for b in at.button if b.label.startswith("删除")]
    click(at, "生成体检报告")
    reply = at.session_state["report"]["reply"]
    assert [a.amount_yuan for a in reply.details if a.rule == "major_project"] == [350_000]
    assert reply.matters == []
    assert at.session_state["report"]["facts"]["allocation_yuan"] == Decimal(7_000_000)


def test_self_check_names_an_empty_item_and_keeps_what_was_typed(data_dir):
    at = to_page(start(), SELF_CHECK)
    at.selectbox(key="sc_applicant").set_value("university").run()
    fill(at, "sc_university_", {"contract_type": "patent_transfer", "contract_amount_yuan": 300.0})
    click(at, "再添加一个合同")
    click(at, "生成体检报告")
    assert at.session_state["report"] is None
    (warning,) = [w.value for w in at.warning]
    assert "第二个合同还没有填写任何内容" in warning and "删除" in warning
    assert at.number_input(key="sc_university_contract_amount_yuan").value == 300.0
    # a figure typed in 元 into an item's 万元 box is named with the item
    item = "sc_university_academic_contract_1_"
    fill(at, item, {"contract_type": "patent_license", "contract_amount_yuan": 4_000_000.0})
    click(at, "生成体检报告")
    assert any(w.value.startswith("第二个合同的“合同交易额”") for w in at.warning)
    amounts = [a.amount_yuan for a in at.session_state["report"]["reply"].details]
    assert Decimal(30_000) in amounts  # 300万 × 1%
    # the next visitor starts with one contract again
    click(at, "下一位 / 重新开始")
    assert at.session_state["report"] is None
    assert "university/academic_contract" not in at.session_state["sc_items"]
    at.selectbox(key="sc_applicant").set_value("university").run()
    assert not [b for b in at.button if b.label.startswith("删除")]


# ------------------------------------------------------------------------- chat, a clerk's morning
def test_three_visitors_with_feedback_and_exports(data_dir):
    from assistant.service.export import conversation_markdown

    at = start()
    sessions = []
    # visitor 1: a lead project, rated 👍, conversation exported
    ask(at, LEAD)
    at.feedback[-1].set_value(1).run()
    md = conversation_markdown(at.session_state["messages"])
    assert LEAD in md and "40万元" in md and "800万元 × 5%" in md
    assert "**依据条款**" in md and "（三）：“" in md and "市科技局" in md
    assert {"dl_chat_inline", "dl_chat"} <= {b.key for b in at.get("download_button")}
    sessions.append(at.session_state["session_id"])
    at.button(key="reset_inline").click().run()
    assert not at.exception and at.session_state["messages"] == []
    assert not at.feedback and not at.chat_message
    # visitor 2: a pilot base over two turns, rated 👎
    ask(at, "我们是中试基地")
    ask(at, "服务性收入两百万")
    assert "60万" in assistant_text(at)
    assert len(at.feedback) == 2  # one per answer, and visitor 1's rating is gone
    at.feedback[-1].set_value(0).run()
    md = conversation_markdown(at.session_state["messages"])
    assert LEAD not in md and "60万元" in md and "（六）" in md
    sessions.append(at.session_state["session_id"])
    at.button(key="reset_inline").click().run()
    # visitor 3 starts from nothing: no facts, no platform type from visitor 2
    assert at.session_state["conv"].facts == {} and at.session_state["conv"].applicant is None
    ask(at, "省级重点研发项目参与验收了，省拨800万能拿多少？")
    assert "16万" in assistant_text(at)
    sessions.append(at.session_state["session_id"])
    records = FeedbackStore().read()
    assert [r["rating"] for r in records] == ["up", "down"]
    assert records[0]["session_id"] != records[1]["session_id"]  # one visitor, one session id
    assert len(set(sessions)) == 3


def test_script_and_markdown_typed_into_the_chat_stay_text(data_dir):
    from assistant.service.export import conversation_markdown

    evil = "<script>alert(1)</script>![x](http://example.invalid/x.png) 中试基地能拿多少？"
    at = ask(start(), evil)
    assert not at.exception and not at.error
    shown = at.chat_message[0].children[0].proto.body
    # shown as typed, as text: no image is fetched, no tag is made, no stray backslash
    assert "<img" not in shown and "<script>" not in shown and "\\" not in shown
    assert user_text(at) == evil
    assert at.session_state["messages"][0]["content"] == evil  # kept as typed
    md = conversation_markdown(at.session_state["messages"])
    assert "<script>" not in md and "&lt;script&gt;" in md


def test_a_very_long_message_is_answered_without_error(data_dir):
    long = "我们是谷内的科技型企业，" * 420 + "引进了两名博士，能拿多少？"
    assert len(long) > 5000
    at = ask(start(), long)
    assert not at.exception and not at.error
    # a long paste is taken whole and the answer says how much of it was read
    assert at.session_state["messages"][0]["content"] == long
    assert [m.name for m in at.chat_message] == ["user", "assistant"]
    text = assistant_text(at)
    assert "Traceback" not in text and "2000" in text


def test_a_failing_engine_leaves_a_usable_session(data_dir, monkeypatch):
    from assistant.engine import Assistant
    from assistant.service.export import conversation_markdown

    real = Assistant.reply
    at = ask(start(), LEAD)

    def boom(self, conv, message, today=None):
        raise RuntimeError("index exploded at /srv/secret/path")

    monkeypatch.setattr(Assistant, "reply", boom)
    ask(at, PARTICIPATE)
    shown = "\n".join(w.value for w in at.warning)
    assert "问题已保留" in shown and "exploded" not in shown and "/srv" not in shown
    md = conversation_markdown(at.session_state["messages"])
    assert PARTICIPATE in md and "40万元" in md and "secret" not in md
    monkeypatch.setattr(Assistant, "reply", real)
    ask(at, PARTICIPATE)  # the engine is back: the same session answers again
    assert "16万" in assistant_text(at)


# ------------------------------------------------------------------------- a service-window day
@pytest.mark.parametrize("handover", ["下一位", "重新开始", "下一位。"])
def test_a_typed_handover_clears_the_screen_like_the_button(data_dir, handover):
    from assistant.service.export import conversation_markdown

    at = ask(start(), LEAD)
    ask(at, handover)
    assert not at.chat_message  # a fresh screen, not an answer under the last visitor's
    assert at.session_state["messages"] == [] and at.session_state["conv"].facts == {}
    shown = "\n".join(str(getattr(e, "value", "")) for e in at.main)
    assert "没有找到" not in shown
    # the previous visitor's transcript is one download, not on screen and not in the new one
    assert at.download_button(key="dl_previous")
    previous = at.session_state["previous"]["messages"]
    assert LEAD in conversation_markdown(previous)
    ask(at, "我们是中试基地")
    assert at.session_state["previous"] is None
    assert LEAD not in conversation_markdown(at.session_state["messages"])


def test_next_visitor_with_a_question_starts_fresh_and_answers_it(data_dir):
    from assistant.service.export import conversation_markdown

    at = ask(start(), LEAD)
    ask(at, "下一位：我们是中试基地，服务性收入两百万，能拿多少？")
    assert [m.name for m in at.chat_message] == ["user", "assistant"]
    assert "60万" in assistant_text(at) and "40万" not in assistant_text(at)
    md = conversation_markdown(at.session_state["messages"])
    assert LEAD not in md and "60万元" in md
    assert LEAD in conversation_markdown(at.session_state["previous"]["messages"])


@pytest.mark.parametrize(
    ("query", "label"),
    [
        ("6", "（六）"),
        ("六", "（六）"),
        ("第六条", "（六）"),
        ("（六）", "（六）"),
        ("(6)", "（六）"),
        ("十四", "（十四）"),
        ("第11条", "（十一）"),
        ("附则", "附则"),
        ("卡脖子", "（三）"),  # a plain word only corpus/synonyms.yaml knows
        ("银行", "（十一）"),
    ],
)
def test_clause_search_by_number_and_plain_words(query, label):
    from ui.clause_search import search

    hits = search(query)
    assert hits and hits[0].clause.label == label


def test_clause_browser_finds_by_number_and_shows_figures_readably(data_dir):
    at = to_page(start(), CLAUSES)
    at.text_input(key="clause_filter").set_value("第六条").run()
    assert [e.label for e in at.main.expander] == ["（六）支持建设概念验证和中试平台"]
    assert not at.dataframe  # figures as text blocks: nothing hidden behind a sideways scroll
    shown = "\n".join(m.value for m in at.main.expander[0].markdown)
    assert "原文：“" in shown and "本条的数值参数" in shown
    at.text_input(key="clause_filter").set_value("卡脖子").run()
    assert at.main.expander[0].label.startswith("（三）")
    assert any("常用说法" in c.value for c in at.main.expander[0].caption)


def test_a_sidebar_starter_from_another_page_is_answered_on_the_chat_page(data_dir):
    at = to_page(start(), CLAUSES)
    at.button(key="side_starter_2").click().run()
    assert not at.exception
    assert [m.name for m in at.chat_message] == ["user", "assistant"]
    assert "90万" in assistant_text(at)


def test_every_answer_can_be_copied_and_printed(data_dir):
    at = ask(start(), LEAD)
    answer = at.chat_message[1]
    code = [c.value for c in answer.code]
    assert code and "40万" in code[0]  # st.code has a copy button
    assert any(b.key.startswith("print_") for b in at.get("download_button"))
    from ui.print_view import answer_html

    message = at.session_state["messages"][-1]
    page = answer_html(message["question"], message["reply"])
    assert 'lang="zh-CN"' in page and "40万" in page and "市科技局" in page
    assert "<script" not in page


def test_thumbs_down_asks_an_optional_reason_stored_with_the_entry(data_dir):
    at = ask(start(), LEAD)
    at.feedback[0].set_value(0).run()
    assert not at.exception
    toasts = [t for t in at.toast]
    assert toasts and all("thumb_up" not in t.icon for t in toasts)
    reason = at.get("button_group")[-1]
    reason.set_value("金额不对").run()
    records = FeedbackStore().read()  # the latest rating of each answer, from the database
    assert [r["rating"] for r in records] == ["down"]
    assert records[-1]["reason"] == "wrong_amount" and REASONS["wrong_amount"] == "金额不对"
    assert records[-1]["question"] == LEAD


def test_status_words_are_text_not_only_emoji(data_dir):
    from ui.answer import STATUS_TEXT

    for text in STATUS_TEXT.values():
        assert any(word in text for word in ("已满足", "待确认", "未满足"))
        assert not any(ch in text for ch in "✅❔❌")


def test_page_language_and_input_label_are_set(data_dir):
    at = start()
    scripts = "\n".join(h.proto.body for h in at.get("html"))
    assert "zh-CN" in scripts and "aria-label" in scripts and "jcg-skip" in scripts


def test_self_check_for_a_person_without_a_company_gives_the_overview(data_dir):
    at = to_page(start(), SELF_CHECK)
    at.selectbox(key="sc_applicant").set_value("individual").run()
    next(b for b in at.button if b.label == "生成体检报告").click().run()
    assert not at.exception and not at.error
    shown = "\n".join(m.value for m in at.markdown)
    assert "还没注册公司时" in shown and "（二）" in shown
    assert not at.get("metric")


def test_sidebar_shows_the_case_file_and_a_fact_can_be_removed(data_dir):
    at = ask(start(), LEAD)
    shown = [m.value for m in at.sidebar.markdown]
    assert "**（三）牵头/参与重大科技计划项目奖励**" in shown
    assert "国拨/省拨经费：**800万元**" in shown
    at.sidebar.button(key="cf_0_allocation_yuan").click().run()
    assert not at.exception
    conv = at.session_state["conv"]
    assert "allocation_yuan" not in conv.facts
    assert "allocation_yuan" not in conv.case.matters[0].facts
    ask(at, "能拿多少？")  # the assistant asks for the removed figure again
    assert "经费是多少" in assistant_text(at)
    at.sidebar.button(key="cf_matter_0").click().run()
    conv = at.session_state["conv"]
    assert not conv.case.matters
    # the question about the removed matter's figure goes with it: a bare "500万" next must
    # not be filed under a matter that is no longer there
    assert conv.topic is None and conv.pending is None


def test_who_is_responsible_leads_with_the_units_not_the_interpretation(data_dir):
    at = ask(start(), "（十一）责任单位是谁")
    first = at.chat_message[1].markdown[0].value
    assert first.startswith("（十一）") and "市政府办" in first
    assert first.index("市政府办") < first.index("负责解释")


def test_two_awards_of_one_clause_show_as_blocks_with_their_own_headings(data_dir):
    """Two （七） awards (a station and two doctors): one expander each, titled by the award's
    own name, its steps and conditions inside — not one flat list under the measure's title."""
    at = ask(start(), "我们是谷内企业，新设立了院士工作站，还引进了两个博士，能拿多少？")
    labels = [e.label for e in at.chat_message[1].expander if e.label.startswith("计算过程")]
    reply = at.session_state["messages"][-1]["reply"]
    from assistant.answer.render.awards import award_titles

    assert labels == [f"计算过程与条件核对：{t}" for t in award_titles(reply)]
    assert len(set(labels)) == 2 and all("（七）" in label for label in labels)
    station, doctors = (
        "\n".join(m.value for m in e.markdown)
        for e in at.chat_message[1].expander
        if e.label.startswith("计算过程")
    )
    assert "院士工作站" in station and "博士 2 人" not in station
    assert "博士 2 人" in doctors and "站设在谷内" not in doctors


# ------------------------------------------------------------------------- one visitor, every page
def report_button(at: AppTest) -> AppTest:
    return click(at, "生成体检报告")


def test_a_handover_on_the_self_check_page_leaves_nothing_of_the_previous_visitor(data_dir):
    """Visitor A's 760万 project is typed and reported; the clerk presses 下一位 in the sidebar
    on the 体检 page. The widgets still on screen send their values with the next run (as a
    browser does), so each is set back explicitly: visitor B sees an empty form, and a report
    B asks for is computed from nothing of A's."""
    from ui.form_state import STORE

    at = to_page(start(), SELF_CHECK)
    at.selectbox(key="sc_applicant").set_value("enterprise").run()
    fill(
        at,
        "sc_enterprise_",
        {"role": "lead", "project_level": "provincial", "allocation_yuan": 760.0},
    )
    at.selectbox(key="sc_enterprise_accepted").set_value("是")
    report_button(at)
    assert any("38万元" in m.value for m in at.markdown)
    assert at.sidebar.button(key="reset").proto.shortcut  # Alt+N on this page too
    at.sidebar.button(key="reset").click().run()
    assert not at.exception
    assert at.number_input(key="sc_enterprise_allocation_yuan").value is None
    assert at.selectbox(key="sc_enterprise_role").value is None
    assert at.selectbox(key="sc_enterprise_accepted").value == pres.UNSET
    assert at.session_state["report"] is None and not at.session_state[STORE].get(
        "sc_enterprise_allocation_yuan"
    )
    shown = "\n".join(str(getattr(e, "value", "")) for e in at.main)
    assert "760" not in shown and "38万" not in shown
    report_button(at)  # visitor B asks for a report straight away
    report = at.session_state["report"]
    assert "allocation_yuan" not in report["facts"] and "role" not in report["facts"]
    assert not any("38万" in m.value for m in at.markdown)


def test_the_self_check_form_and_report_survive_a_page_switch(data_dir):
    at = to_page(start(), SELF_CHECK)
    at.selectbox(key="sc_applicant").set_value("pilot_base").run()
    at.number_input(key="sc_pilot_base_service_revenue_yuan").set_value(300.0)
    report_button(at)
    to_page(at, CHAT)
    to_page(at, SELF_CHECK)
    assert at.selectbox(key="sc_applicant").value == "pilot_base"
    assert at.number_input(key="sc_pilot_base_service_revenue_yuan").value == 300.0
    assert any("90万元" in m.value for m in at.markdown)  # the report is the form's
    # and a typed hand-over on the chat page clears them for the next visitor
    ask(to_page(at, CHAT), "下一位")
    to_page(at, SELF_CHECK)
    assert at.selectbox(key="sc_applicant").value == "enterprise"
    at.selectbox(key="sc_applicant").set_value("pilot_base").run()
    assert at.number_input(key="sc_pilot_base_service_revenue_yuan").value is None
    assert not any("90万元" in m.value for m in at.markdown)


def test_the_self_check_form_is_prefilled_from_the_chat_and_says_so(data_dir):
    from ui.form_state import MARK

    at = ask(start(), "我们是入驻企业。" + LEAD)
    to_page(at, SELF_CHECK)
    assert at.selectbox(key="sc_applicant").value == "enterprise"
    assert at.selectbox(key="sc_applicant").label.endswith(MARK)
    allocation = at.number_input(key="sc_enterprise_allocation_yuan")
    assert allocation.value == 800.0 and allocation.label == "国拨/省拨经费（万元）" + MARK
    assert at.selectbox(key="sc_enterprise_role").value == "lead"
    assert at.selectbox(key="sc_enterprise_project_level").value == "provincial"
    assert at.selectbox(key="sc_enterprise_accepted").value == "是"
    unsaid = at.number_input(key="sc_enterprise_contract_amount_yuan")
    assert unsaid.value is None and MARK not in unsaid.label  # only what was told is marked
    assert any(MARK in c.value for c in at.caption)
    report_button(at)
    assert {m.label: m.value for m in at.metric}["确定金额合计"] == "40万元"
    # the visitor's own edit is theirs: no mark, and the chat does not overwrite it
    at.number_input(key="sc_enterprise_allocation_yuan").set_value(700.0).run()
    assert at.number_input(key="sc_enterprise_allocation_yuan").label == "国拨/省拨经费（万元）"
    ask(to_page(at, CHAT), "我们还引进了两个博士")
    to_page(at, SELF_CHECK)
    assert at.number_input(key="sc_enterprise_allocation_yuan").value == 700.0
    assert at.number_input(key="sc_enterprise_phd_count").value == 2  # told since: filled in
    # the next visitor's form starts from nothing the previous one told
    at.sidebar.button(key="reset").click().run()
    assert at.number_input(key="sc_enterprise_allocation_yuan").value is None
    assert at.number_input(key="sc_enterprise_phd_count").value is None
    assert not any(MARK in w.label for w in [*at.number_input, *at.selectbox])


def test_two_projects_told_in_the_chat_fill_two_items(data_dir):
    at = ask(
        start(),
        "我们是入驻企业，牵头两个省级重点研发项目都验收了，一个省拨800万，另一个省拨300万",
    )
    assert len(at.session_state["conv"].case.of_rule("major_project")) == 2
    to_page(at, SELF_CHECK)
    values = sorted(
        n.value for n in at.number_input if n.key.endswith("allocation_yuan") and n.value
    )
    assert values == [300.0, 800.0]
    assert any(b.label == "删除第二个项目" for b in at.button)


def test_every_amount_answer_shows_its_steps_from_the_first_reply(data_dir):
    """A financing institution's first answer lists its measures; the （十一） amount in it is
    capped (1.3亿 × 0.5% = 65万 → 封顶50万), and that is on screen from the first reply."""
    at = ask(start(), "我们银行给谷内企业贷款1.3亿，有什么奖励？")
    answer = at.chat_message[1]
    steps = [e for e in answer.expander if e.label.startswith("计算过程与条件核对")]
    shown = "\n".join(m.value for e in steps for m in e.markdown)
    assert "1.3亿元 × 0.5% = 65万元" in shown and "封顶为 50万元" in shown
