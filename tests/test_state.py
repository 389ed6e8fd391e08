"""The case file is the one store of what a user said (issue #9).

A conversation's ``facts`` and ``applicant`` are read-only views over its case file: every
fact lives in the applicant's shared facts or in one matter, a correction in the sidebar and
one said in chat land in the same place, what was received under one matter stays with it,
and a record stored before the case file was the one store resumes.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from assistant.dialogue.casefile import CaseFile, Matter
from assistant.dialogue.state import Conversation

TODAY = date(2026, 6, 1)
POC = "我们是概念验证中心，今年服务性收入150万，协议任务都完成了"  # （六） 10% → 15万


def _told(conv: Conversation) -> dict:
    """Every fact as the case file holds it: (where, name) → value."""
    out = {("shared", k): v for k, v in conv.case.shared.items()}
    for i, m in enumerate(conv.case.matters):
        out.update({(i, k): v for k, v in m.facts.items()})
    return out


# ------------------------------------------------------------------ one store
def test_a_single_matter_conversation_lives_in_the_case_file_only(engine):
    conv = Conversation()
    engine.reply(conv, POC, today=TODAY)
    [matter] = conv.case.matters
    assert matter.rule == "platform"
    assert matter.facts["service_revenue_yuan"] == Decimal(1_500_000)
    assert matter.sources["service_revenue_yuan"] == POC
    stored = conv.to_dict()
    assert "facts" not in stored and "applicant" not in stored  # no second copy is kept
    assert stored["case"]["applicant"] == "poc_centre"
    held = set(_told(conv).values())
    assert all(value in held for value in conv.facts.values())
    with pytest.raises(TypeError):
        conv.facts["service_revenue_yuan"] = Decimal(1)  # type: ignore[index]
    with pytest.raises(AttributeError):
        conv.applicant = "enterprise"  # type: ignore[misc]


def _say(conv, engine, text):
    engine.reply(conv, text, today=TODAY)


def _correct_in_sidebar(conv, engine, text):
    conv.correct_fact(0, "service_revenue_yuan", Decimal(1_200_000))


@pytest.mark.parametrize(
    "correct",
    [
        lambda conv, engine: _say(conv, engine, "不好意思，收入说错了，应该是120万"),
        lambda conv, engine: _correct_in_sidebar(conv, engine, None),
    ],
    ids=["in chat", "in the sidebar"],
)
def test_a_correction_lands_in_the_same_place_wherever_it_is_made(engine, correct):
    conv = Conversation()
    engine.reply(conv, POC, today=TODAY)
    correct(conv, engine)
    [matter] = conv.case.matters
    assert matter.facts["service_revenue_yuan"] == Decimal(1_200_000)
    assert "service_revenue_yuan" not in conv.case.shared
    reply = engine.reply(conv, "那现在能拿多少", today=TODAY)
    assert [Decimal(a.amount_yuan) for a in reply.awards] == [Decimal(120_000)]


def test_every_turn_resumes_from_its_stored_record(engine):
    """Stored after each turn and resumed in another process, the conversation is the same."""
    conv = Conversation()
    for text in [
        "我们是谷内的企业",
        "跟太原理工签了技术转让合同300万，已登记",
        "另外牵头了两个项目，省拨400万和国拨2000万，都验收了",
        "第一个项目应该是500万",
    ]:
        engine.reply(conv, text, today=TODAY)
        back = Conversation.from_dict(json.loads(json.dumps(conv.to_dict())))
        assert back == conv
        assert dict(back.facts) == dict(conv.facts)


# ------------------------------------------------------------------ where a fact goes
def test_what_was_received_stays_with_its_matter():
    conv = Conversation(applicant="enterprise", topic="enterprise_transfer")
    conv.tell("contract_amount_yuan", Decimal(3_000_000))
    conv.tell("received_this_year_yuan", Decimal(80_000))
    conv.topic = "major_project"
    conv.tell("allocation_yuan", Decimal(8_000_000))
    assert len(conv.case.matters) == 2
    assert "received_this_year_yuan" not in conv.facts  # not the project's
    conv.topic = "enterprise_transfer"
    assert conv.facts["received_this_year_yuan"] == Decimal(80_000)


def test_where_the_speaker_is_holds_for_every_matter():
    conv = Conversation(applicant="enterprise", topic="talent")
    conv.tell("phd_count", 2)
    conv.case.tell("in_valley", True, matter=0)  # as a message about several matters says it
    conv.tell("in_valley", False)  # "我们其实在谷外": the speaker, for every matter
    assert conv.case.shared == {"in_valley": False}
    assert "in_valley" not in conv.case.matters[0].facts
    assert conv.case.view(0).facts["in_valley"] is False  # computed over it
    conv.case.tell("in_valley", True, matter=0)  # said of that matter again: its own
    assert "in_valley" not in conv.case.shared
    assert conv.facts["in_valley"] is True


def test_a_fact_said_of_no_matter_leaves_the_matters_own_values():
    """ "省级那个项目呢" while the talk is about recruits: the projects keep their levels."""
    conv = Conversation(applicant="enterprise")
    conv.case.replace_matters(
        [
            Matter("major_project", {"project_level": "provincial"}),
            Matter("major_project", {"project_level": "national"}),
            Matter("talent", {"phd_count": 1}),
        ]
    )
    conv.topic = "talent"
    conv.tell("project_level", "provincial", "省级那个项目能拿多少")
    levels = [m.facts.get("project_level") for m in conv.case.matters]
    assert levels == ["provincial", "national", None]
    assert [conv.case.view(i).facts["project_level"] for i in (0, 1)] == ["provincial", "national"]


def test_a_single_matter_question_leaves_the_other_matters_of_its_rule(engine):
    conv = Conversation()
    for text in [
        "入驻的科技型企业，我们牵头的两个项目都验收了：一个省级的省拨600万，一个国家级的国拨1200万",
        "另外新引进了一名博士，社保交了，签了三年合同",
        "国家级那个项目能拿多少",
    ]:
        engine.reply(conv, text, today=TODAY)
    projects = [m.facts for m in conv.case.matters if m.rule == "major_project"]
    assert [(p["project_level"], p["allocation_yuan"]) for p in projects] == [
        ("provincial", Decimal(6_000_000)),
        ("national", Decimal(12_000_000)),
    ]
    reply = engine.reply(conv, "加起来一共多少", today=TODAY)
    # 600万×5% + 1200万×5% + one PhD's 10万 (hand-computed from （三） and （七）)
    assert sum(Decimal(a.amount_yuan) for a in reply.awards) == Decimal(1_000_000)


def test_a_matter_opened_later_starts_from_what_is_known_and_takes_said_facts_along():
    conv = Conversation(applicant="enterprise")
    conv.tell("allocation_yuan", Decimal(8_000_000), "省拨800万")  # no matter yet
    assert conv.case.shared == {"allocation_yuan": Decimal(8_000_000)}
    conv.topic = "major_project"
    conv.tell("role", "lead", "我们牵头")
    [matter] = conv.case.matters
    assert matter.facts == {"allocation_yuan": Decimal(8_000_000), "role": "lead"}
    assert matter.sources["allocation_yuan"] == "省拨800万"
    assert conv.case.shared == {}  # moved, not copied


def test_sidebar_operations_on_the_applicants_own_facts():
    conv = Conversation(applicant="enterprise", facts={"in_valley": True})
    conv.correct_fact(None, "in_valley", False)
    assert conv.case.shared["in_valley"] is False
    assert conv.case.shared_sources["in_valley"] == "（手动更正）"
    conv.retract_fact(None, "in_valley")
    assert "in_valley" not in conv.facts and conv.case.shared == {}


def test_forget_and_rename_act_where_the_dialogue_reads_the_fact():
    conv = Conversation(applicant="university", topic="academic_contract")
    conv.tell("contract_amount_yuan", Decimal(5_000_000))
    conv.rename("contract_amount_yuan", "service_turnover_yuan")
    assert conv.case.matters[0].facts == {"service_turnover_yuan": Decimal(5_000_000)}
    conv.forget("service_turnover_yuan")
    assert "service_turnover_yuan" not in conv.facts


# ------------------------------------------------------------------ older records
OLD_FLAT = {
    "applicant": "poc_centre",
    "facts": {
        "platform_type": "poc_centre",
        "service_revenue_yuan": {"$decimal": "1500000"},
        "tasks_completed": True,
        "event_date": {"$date": "2026-01-01"},
    },
    "topic": "platform",
    "pending": None,
    "turns": 1,
}
OLD_WITH_CASE = {
    **OLD_FLAT,
    "facts": {**OLD_FLAT["facts"], "in_valley": False},  # said, shared by every matter
    "case": {
        "applicant": "poc_centre",
        "matters": [
            {
                "rule": "platform",
                "facts": {
                    "platform_type": "poc_centre",
                    "service_revenue_yuan": {"decimal": "1500000"},
                    "tasks_completed": True,
                    "event_date": {"date": "2026-01-01"},
                },
                "sources": {"service_revenue_yuan": POC},
                "said": POC,
                "ranges": {},
            }
        ],
        "focus": 0,
        "pending": None,
    },
}


@pytest.mark.parametrize("record", [OLD_FLAT, OLD_WITH_CASE], ids=["flat only", "flat + case"])
def test_an_older_record_with_flat_facts_resumes(engine, record):
    conv = Conversation.from_dict(json.loads(json.dumps(record)))
    assert conv.applicant == "poc_centre" and conv.topic == "platform"
    [matter] = conv.case.matters
    assert matter.facts["service_revenue_yuan"] == Decimal(1_500_000)
    assert conv.facts["event_date"] == date(2026, 1, 1)
    if "in_valley" in record["facts"]:
        assert conv.case.shared == {"in_valley": False}
    assert "facts" not in conv.to_dict()
    reply = engine.reply(conv, "能拿多少", today=TODAY)
    # A centre said to be outside the valley gets 0 (the 附则's 适用主体, read by （六）).
    outside = record["facts"].get("in_valley") is False
    assert [Decimal(a.amount_yuan) for a in reply.awards] == [Decimal(0 if outside else 150_000)]


def test_case_file_round_trips_its_shared_facts():
    case = CaseFile(applicant="enterprise", shared={"event_date": date(2026, 1, 2)})
    case.add_matter(Matter("major_project", {"allocation_yuan": Decimal("8000000.5")}))
    back = CaseFile.from_dict(json.loads(json.dumps(case.to_dict())))
    assert back == case
    assert back.view(0).facts == {
        "event_date": date(2026, 1, 2),
        "allocation_yuan": Decimal("8000000.5"),
    }
