"""我的情况 in the sidebar: a fact corrected in place, and the next answer uses it.

The page is driven headless with streamlit.testing.v1.AppTest and the real embedded engine,
so the amounts asserted are the ones a visitor would see. The reading of typed values is also
tested on its own, table-driven, against the fact vocabulary.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from streamlit.testing.v1 import AppTest
from test_app import ask, assistant_text, data_dir, start  # noqa: F401  (a fixture)

from calculators.facts import fact as vocabulary_fact
from calculators.facts import vocabulary
from ui.casefile import EditProblem, form_value, read_value, small_sums

LEAD = "我们牵头的省级重点研发项目通过验收了，省拨经费800万，能拿多少？"
TWO = "我们牵头了两个项目：省重点研发（省拨700万）和国家专项（国拨3000万），都验收了"


def conversation(question: str) -> AppTest:
    return ask(start(), question)


def headline(at: AppTest) -> str:
    """The first line of the last answer: where the amount is said."""
    block = [m for m in at.chat_message if m.name == "assistant"][-1]
    return next(str(e.value) for e in block if isinstance(getattr(e, "value", None), str))


def open_editor(at: AppTest, matter: int, name: str) -> AppTest:
    at.sidebar.button(key=f"cf_edit_cf_{matter}_{name}").click().run()
    assert not at.exception
    return at


def press(at: AppTest, label: str) -> AppTest:
    [button] = [b for b in at.sidebar.button if b.label == label]
    button.click().run()
    assert not at.exception
    return at


def sidebar_text(at: AppTest) -> str:
    return "\n".join([m.value for m in at.sidebar.markdown] + [c.value for c in at.sidebar.caption])


@pytest.mark.usefixtures("data_dir")
def test_amount_corrected_in_sidebar_changes_the_next_answer():
    at = conversation(LEAD)
    assert "40万元" in headline(at)
    open_editor(at, 0, "allocation_yuan")
    box = at.sidebar.text_input(key="cf_in_0_allocation_yuan")
    assert box.value == "800万元"  # the form starts from what the assistant assumes
    assert "国拨/省拨经费" in box.label
    box.set_value("五百万")
    press(at, "保存")
    conv = at.session_state["conv"]
    assert conv.case.matters[0].facts["allocation_yuan"] == Decimal(5_000_000)
    assert conv.facts["allocation_yuan"] == Decimal(5_000_000)  # the case file and facts agree
    assert "已更正：国拨/省拨经费 → 500万元" in sidebar_text(at)
    assert [t.value for t in at.toast] == ["已更正：国拨/省拨经费 → 500万元"]
    assert "500万元" in sidebar_text(at) and "800万元" not in sidebar_text(at)
    assert not [b for b in at.sidebar.button if b.label == "保存"]  # the form closed
    ask(at, "能拿多少？")
    first = headline(at)
    assert "25万元" in first and "40万元" not in first  # 500万 × 5%


@pytest.mark.usefixtures("data_dir")
def test_bad_values_are_told_politely_and_change_nothing():
    at = open_editor(conversation(LEAD), 0, "allocation_yuan")
    for typed, says in [
        ("-5万", "负数"),
        ("不知道", "没看懂"),
        ("800", "单位"),  # 800元 or 800万元? asked, never guessed
        ("六七百万", "确切"),
        ("2万亿", "1万亿"),
        ("300万或者400万", "不止一个"),
    ]:
        at.sidebar.text_input(key="cf_in_0_allocation_yuan").set_value(typed)
        press(at, "保存")
        [error] = at.sidebar.error
        assert says in error.value, (typed, error.value)
        assert at.sidebar.text_input(key="cf_in_0_allocation_yuan").value == typed  # kept
        conv = at.session_state["conv"]
        assert conv.case.matters[0].facts["allocation_yuan"] == Decimal(8_000_000)
        assert conv.facts["allocation_yuan"] == Decimal(8_000_000)
    press(at, "取消")
    assert not at.sidebar.error and not at.sidebar.text_input
    assert "800万元" in sidebar_text(at)
    ask(at, "能拿多少？")
    assert "40万元" in headline(at)


@pytest.mark.usefixtures("data_dir")
def test_choice_and_yes_no_corrected_with_their_own_inputs():
    at = open_editor(conversation(LEAD), 0, "project_level")
    level = at.sidebar.selectbox(key="cf_in_0_project_level")
    assert level.options == ["国家级", "省级", "市级", "县级"]  # Chinese names from the vocabulary
    level.select("national")
    press(at, "保存")
    assert at.session_state["conv"].case.matters[0].facts["project_level"] == "national"
    assert "国家级" in sidebar_text(at)

    open_editor(at, 0, "accepted")
    at.sidebar.radio(key="cf_in_0_accepted").set_value(False)
    press(at, "保存")
    assert at.session_state["conv"].facts["accepted"] is False
    assert "已更正：已通过验收 → 否" in sidebar_text(at)
    ask(at, "能拿多少？")
    first = headline(at)
    assert "拿不到" in first and "验收" in first


@pytest.mark.usefixtures("data_dir")
def test_correcting_one_matter_leaves_the_other():
    at = conversation(TWO)
    open_editor(at, 1, "allocation_yuan")
    at.sidebar.text_input(key="cf_in_1_allocation_yuan").set_value("1000万")
    press(at, "保存")
    matters = at.session_state["conv"].case.matters
    assert [m.facts["allocation_yuan"] for m in matters] == [
        Decimal(7_000_000),
        Decimal(10_000_000),
    ]
    ask(at, "总共能拿多少")
    text = assistant_text(at)
    assert "35万元" in text and "50万元" in text  # 700万 × 5%; 1000万 × 5%, not 3000万's 100万


# ------------------------------------------------------------------------- reading values
@pytest.mark.parametrize(
    ("rule", "name", "typed", "value"),
    [
        ("major_project", "allocation_yuan", "1.2亿", Decimal(120_000_000)),
        ("major_project", "allocation_yuan", "八百万", Decimal(8_000_000)),
        ("major_project", "allocation_yuan", " 500万元 ", Decimal(5_000_000)),
        ("major_project", "allocation_yuan", "8000000", Decimal(8_000_000)),
        ("major_project", "other_policy_award_yuan", "0", Decimal(0)),
        ("broker_training", "training_fee_yuan", "9000", Decimal(9000)),  # a 元-sized measure
        ("broker_training", "training_fee_yuan", "1.6万", Decimal(16_000)),
        ("talent", "phd_count", "两名", 2),
        ("talent", "phd_count", "3", 3),
        ("talent", "contract_years", "1年半", Decimal("1.5")),
        ("talent", "contract_years", "3", Decimal(3)),
        ("major_project", "accepted", False, False),
        ("major_project", "project_level", "municipal", "municipal"),
        ("major_project", "event_date", date(2025, 3, 1), date(2025, 3, 1)),
    ],
)
def test_read_value(rule, name, typed, value):
    fact = vocabulary_fact(name)
    assert fact is not None
    got = read_value(fact, typed, small=small_sums(rule))
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize(
    ("rule", "name", "typed", "says"),
    [
        ("major_project", "allocation_yuan", "", "请填写国拨/省拨经费"),
        ("major_project", "allocation_yuan", "9000", "单位"),
        ("major_project", "allocation_yuan", "大概三百万", "确切"),
        ("talent", "phd_count", "1.5", "整数"),
        ("talent", "phd_count", "-2", "负数"),
        ("talent", "phd_count", "10001", "最多10000人"),
        ("talent", "contract_years", "101", "最多100年"),
        ("talent", "contract_years", "很久", "没看懂"),
        ("major_project", "project_level", "galactic", "不能作为项目级别"),
    ],
)
def test_read_value_problems(rule, name, typed, says):
    fact = vocabulary_fact(name)
    assert fact is not None
    with pytest.raises(EditProblem) as problem:
        read_value(fact, typed, small=small_sums(rule))
    assert says in str(problem.value)


SAMPLES = {
    "yuan": [Decimal(0), Decimal(8_000_000), Decimal(123_456_789), Decimal("8500.5")],
    "count": [0, 2, 10000],
    "number": [Decimal("1.5"), Decimal(3), Decimal(100)],
    "bool": [True, False],
    "date": [date(2025, 3, 1)],
}


@pytest.mark.parametrize("name", sorted(vocabulary().facts))
def test_every_fact_reads_back_what_its_form_starts_from(name):
    """Opening a form and saving it unchanged keeps the value, for every fact declared in
    corpus/facts.yaml (a new fact gets its correction form without touching the sidebar)."""
    fact = vocabulary_fact(name)
    assert fact is not None
    samples = list(fact.options) if fact.kind == "choice" else SAMPLES[fact.kind]
    # A value over the fact's sanity bound is never one a form starts from.
    samples = [
        v
        for v in samples
        if fact.maximum is None or not isinstance(v, int | Decimal) or v <= fact.maximum
    ]
    for value in samples:
        assert read_value(fact, form_value(fact, value), small=True) == value


@pytest.mark.usefixtures("data_dir")
def test_a_fact_outside_any_matter_is_corrected_too():
    at = start()
    # Said before any measure was in view: the applicant's own fact, in no matter.
    at.session_state["conv"].tell("phd_count", 2, "招了两个博士")
    at.run()
    at.sidebar.button(key="cf_edit_cf_fact_phd_count").click().run()
    box = at.sidebar.text_input(key="cf_in_fact_phd_count")
    assert box.value == "2"
    box.set_value("三名")
    press(at, "保存")
    assert at.session_state["conv"].facts["phd_count"] == 3
    assert at.session_state["conv"].case.shared["phd_count"] == 3  # where it was, not a copy
    assert "已更正：博士人数 → 3" in sidebar_text(at)


@pytest.mark.usefixtures("data_dir")
def test_where_the_speaker_is_shows_as_their_own_and_its_correction_counts():
    at = conversation("我们是谷外的企业，跟山西大学签了技术转让合同300万，已经认定登记")
    assert "拿不到" in headline(at)  # （四） is for 入驻企业
    conv = at.session_state["conv"]
    assert conv.case.shared == {"in_valley": False}
    assert "in_valley" not in conv.case.matters[0].facts
    at.sidebar.button(key="cf_edit_cf_fact_in_valley").click().run()
    at.sidebar.radio(key="cf_in_fact_in_valley").set_value(True)
    press(at, "保存")
    assert at.session_state["conv"].case.shared == {"in_valley": True}
    ask(at, "那能拿多少")
    assert "6万元" in headline(at)  # 300万 × 2%, 最高
    at.sidebar.button(key="cf_fact_in_valley").click().run()
    assert "in_valley" not in at.session_state["conv"].facts


@pytest.mark.usefixtures("data_dir")
def test_a_correction_re_answers_and_marks_the_old_answer():
    """Issue 20: after 更正 the answer is computed again and shown as a new reply that says so;
    the older answer stays on screen, marked 已更正."""
    at = conversation(LEAD)
    open_editor(at, 0, "allocation_yuan")
    at.sidebar.text_input(key="cf_in_0_allocation_yuan").set_value("760万")
    press(at, "保存")
    answers = [m for m in at.chat_message if m.name == "assistant"]
    assert len(answers) == 2
    old, new = answers
    assert "40万元" in "\n".join(m.value for m in old.markdown)  # still readable
    assert any("已更正" in c.value and "760万元" in c.value for c in old.caption)
    assert any("重新计算" in c.value for c in new.caption)
    first = new.markdown[0].value
    assert first.startswith("按更正后的情况：") and "38万元" in first  # 760万 × 5%
    assert not any("已更正**" in c.value for c in new.caption)
    messages = at.session_state["messages"]
    assert messages[1]["superseded"] and not messages[-1].get("superseded")
    # a deletion re-answers too: the figure is asked for again
    at.sidebar.button(key="cf_0_allocation_yuan").click().run()
    answers = [m for m in at.chat_message if m.name == "assistant"]
    assert len(answers) == 3
    assert answers[-1].markdown[0].value.startswith("按更正后的情况：")
    assert "经费" in assistant_text(at)
