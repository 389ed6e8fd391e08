"""The Streamlit page, driven headless with streamlit.testing.v1.AppTest.

The engine is the real embedded default (cached once per process by st.cache_resource), so
these assertions are on the answers a user would really see.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant import presentation as pres
from assistant.feedback import FeedbackStore

APP = str(Path(__file__).resolve().parents[1] / "app.py")
LEAD = "我们牵头的省级重点研发项目通过验收了，省拨经费800万，能拿多少？"
PARTICIPATE = "那如果我们只是参与呢？"


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("JCG_DATA_DIR", str(tmp_path))
    return tmp_path


def start() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    return at


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input(key="chat_input").set_value(question).run()
    assert not at.exception
    return at


def assistant_text(at: AppTest, index: int = -1) -> str:
    """Everything shown in one assistant message (markdown, captions, expanders)."""
    messages = [m for m in at.chat_message if m.name == "assistant"]
    block = messages[index]
    return "\n".join(
        str(getattr(el, "value", "")) for el in block if getattr(el, "value", None) is not None
    )


def test_page_renders_with_stamp_tabs_starters_and_clauses(data_dir):
    at = start()
    assert not at.error
    assert [t.label.split()[-1] for t in at.tabs] == ["政策问答", "政策体检", "条款浏览"]
    s = pres.stamp()
    shown = "\n".join(m.value for m in at.markdown) + "\n".join(c.value for c in at.caption)
    assert s.title in shown and s.validity in shown and pres.ESTIMATE_NOTE in shown
    starters = [b for b in at.button if b.key and b.key.startswith("starter_")]
    assert len(starters) >= 4
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
    assert at.chat_message[0].markdown[0].value == LEAD
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
    assert at.chat_message[0].markdown[0].value == "中试基地服务收入300万能拿多少？"
    text = assistant_text(at)
    assert "90万" in text and "（六）" in text
    # the empty-state starters give way to the conversation
    assert not [b for b in at.button if b.key and b.key.startswith("starter_")]


def test_self_check_form_produces_the_report(data_dir):
    at = start()
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
    metrics = {m.label: m.value for m in at.metric}
    assert "确定金额合计" in metrics
    keys = {b.key for b in at.get("download_button")}
    assert {"dl_report_md", "dl_report_html"} <= keys


def test_self_check_shows_only_fields_for_the_chosen_type(data_dir):
    at = start()
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
    records = FeedbackStore(data_dir / "feedback.jsonl").read()
    assert len(records) == 1
    record = records[0]
    assert record["question"] == LEAD and record["rating"] == "up"
    assert "40万" in record["answer"] and "（三）" in record["clauses"]
    assert record["timestamp"]


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
    assert at.chat_message[0].markdown[0].value == "中试基地能拿多少？"
    warning = at.chat_message[1].warning[0].value
    assert "问题已保留" in warning and "Traceback" not in warning and "exploded" not in warning


def test_clause_filter_highlights_the_keyword(data_dir):
    at = start()
    at.text_input(key="clause_filter").set_value("中试").run()
    labels = [e.label for e in at.expander]
    assert "（六）支持建设概念验证和中试平台" in labels
    assert "（十三）做好法律服务保障" not in labels
    assert any("<mark>中试</mark>" in m.value for m in at.markdown)


def test_self_check_for_a_pilot_base_needs_only_its_revenue(data_dir):
    at = start()
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
    at = ask(start(), LEAD)
    at.selectbox(key="sc_applicant").set_value("pilot_base").run()
    at.number_input(key="sc_pilot_base_service_revenue_yuan").set_value(300.0)
    next(b for b in at.button if b.label == "生成体检报告").click().run()
    assert at.session_state["report"] is not None
    assert {b.key for b in at.get("download_button")} >= {"dl_chat_inline"}
    at.button(key="reset_inline").click().run()
    assert not at.exception
    assert at.session_state["messages"] == [] and at.session_state["conv"].facts == {}
    assert at.session_state["report"] is None
    # the next visitor starts from an empty form, not the previous visitor's figures
    assert at.selectbox(key="sc_applicant").value == "enterprise"
    assert "sc_pilot_base_service_revenue_yuan" not in at.session_state
    assert not at.get("metric")
    assert [b for b in at.button if b.key and b.key.startswith("starter_")]
    assert not [b for b in at.button if b.key == "reset_inline"]  # nothing to reset yet


def test_an_empty_self_check_says_what_is_missing_instead_of_zero(data_dir):
    at = start()
    next(b for b in at.button if b.label == "生成体检报告").click().run()
    assert not at.exception
    assert at.session_state["report"] is not None
    assert not at.get("metric")  # no "0元" totals
    assert any("还没有能算出金额" in i.value for i in at.info)


def test_switching_the_applicant_hides_the_previous_report(data_dir):
    at = start()
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
