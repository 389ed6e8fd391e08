"""Issue #18: the gate before every reply (one test per rule), "not covered" only with
evidence, a greeting only of greeting words, no internal stand-in shown as bad input, every
question of a message answered, and a newcomer who stays a newcomer."""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.answer import gate
from assistant.answer.reply import AwardSummary, Headline, Reply
from assistant.dialogue.eligibility import ruled_out
from assistant.dialogue.state import Conversation
from assistant.nlu import acts, evidence, scope
from assistant.nlu.understand import Intent, lexicon, understand
from calculators.registry import RULES, compute, missing_fields
from corpus.location import corpus_file

TODAY = date(2026, 6, 15)
WAN = Decimal(10_000)


def _award(clause: str, amount: str) -> AwardSummary:
    return AwardSummary(clause=clause, measure="m", amount_yuan=amount, kind="exact", steps=[])


def _amount_reply(*amounts: str) -> Reply:
    return Reply(
        intent="amount",
        headline=Headline(text="合计", verdict="amount"),
        awards=[_award("（六）", a) for a in amounts],
    )


def _rules(violations: list[gate.Violation]) -> list[str]:
    return [v.rule for v in violations]


# ------------------------------------------------------------------ one test per rule
def test_an_amount_below_one_yuan_is_refused_but_a_zero_is_an_answer():
    reading = gate.Reading(message="…比例是0.3吧")
    assert _rules(gate.check(_amount_reply("0.09"), reading)) == ["below_one_yuan"]
    assert gate.check(_amount_reply("0"), reading) == []
    assert gate.check(_amount_reply("780000"), reading) == []


def test_a_base_below_one_yuan_is_refused():
    platform = gate.MatterReading(
        "platform", "收入0.3", "收入", {"service_revenue_yuan": Decimal("0.3")}
    )
    reading = gate.Reading(message="服务性收入比例是0.3", matters=(platform,))
    found = gate.check(Reply(intent="amount"), reading)
    assert _rules(found) == ["below_one_yuan"]
    assert "0.3" in found[0].question and "服务性收入" in found[0].question


def test_a_base_outside_its_facts_plausible_range_is_asked_back():
    low, high = RULES["platform"].fact("service_revenue_yuan").plausible  # corpus/facts.yaml
    for value, broken in ((low - 1, True), (low, False), (high, False), (high + 1, True)):
        m = gate.MatterReading("platform", "收入", "收入", {"service_revenue_yuan": value})
        found = gate.check(Reply(intent="amount"), gate.Reading(message="…", matters=(m,)))
        assert _rules(found) == (["implausible_base"] if broken else []), value


def test_every_sum_in_the_fact_vocabulary_declares_a_plausible_range():
    declared = yaml.safe_load(corpus_file("facts.yaml").read_text(encoding="utf-8"))["facts"]
    sums = [name for name, spec in declared.items() if spec["kind"] == "yuan"]
    assert sums
    for rule in RULES.values():
        for name in set(sums) & set(rule.facts):
            low, high = rule.fact(name).plausible
            assert 0 < low < high, name


def test_every_matter_of_several_needs_an_anchor():
    project = gate.MatterReading(
        "major_project", "省拨经费3400万", "经费", {"allocation_yuan": 3400 * WAN}
    )
    estimate = gate.MatterReading(
        "major_project", "按5%是不是170万", None, {"allocation_yuan": 170 * WAN}
    )
    found = gate.check(
        Reply(intent="amount"), gate.Reading(message="…", matters=(project, estimate))
    )
    assert _rules(found) == ["no_anchor"]
    assert "3400万元" in found[0].question and "170万元" in found[0].question
    # one matter is named by the measure asked about; two named matters pass
    assert gate.check(Reply(intent="amount"), gate.Reading(message="…", matters=(estimate,))) == []
    second = gate.MatterReading(
        "major_project", "另一个600万", "另一个", {"allocation_yuan": 600 * WAN}
    )
    assert gate.check(Reply(intent="amount"), gate.Reading("…", matters=(project, second))) == []


def test_no_more_bases_than_matters():
    project = gate.MatterReading("major_project", "…", "项目", {"allocation_yuan": 3400 * WAN})
    reading = gate.Reading(message="…", matters=(project,), base_figures=(3400 * WAN, 170 * WAN))
    assert _rules(gate.check(Reply(intent="amount"), reading)) == ["more_bases_than_matters"]
    same = gate.Reading(message="…", matters=(project,), base_figures=(3400 * WAN, 3400 * WAN))
    assert gate.check(Reply(intent="amount"), same) == []


def test_not_covered_only_with_evidence():
    reply = Reply(
        intent="not_covered",
        not_covered="本政策不涉及术经理人证资助，没有这一类支持。",
        headline=Headline(text="本政策不涉及术经理人证资助", verdict="not_covered"),
    )
    assert _rules(gate.check(reply, gate.Reading(message="…"))) == ["not_covered_without_evidence"]
    ok = gate.Reading(message="…", not_covered_evidence=("scope.yaml「税收减免」",))
    assert gate.check(reply, ok) == []


def test_a_non_amount_question_gets_no_several_matter_amount_headline():
    reply = _amount_reply("200000", "300000")
    assert _rules(gate.check(reply, gate.Reading("这两个项目找谁办？", intent="responsible"))) == [
        "amount_headline_for_non_amount"
    ]
    assert gate.check(reply, gate.Reading("这两个项目能拿多少？", intent="amount")) == []
    assert gate.check(_amount_reply("200000"), gate.Reading("找谁？", intent="responsible")) == []


def test_a_range_whose_ends_give_different_awards_is_asked_with_both_ends():
    def ends(low: int, high: int) -> gate.RangeEnds:
        given = {"role": "lead", "project_level": "provincial", "accepted": True}
        at = [compute("major_project", {**given, "allocation_yuan": v * WAN}) for v in (low, high)]
        return gate.RangeEnds(low * WAN, high * WAN, *at)

    def reading(e: gate.RangeEnds) -> gate.Reading:
        matter = gate.MatterReading("major_project", "省拨三四百万", "项目", ends=e)
        return gate.Reading(message="省拨三四百万", matters=(matter,))

    found = gate.check(_amount_reply("150000"), reading(ends(300, 400)))
    assert _rules(found) == ["range_decides_amount"]
    assert "15万元" in found[0].reading and "20万元" in found[0].reading
    assert found[0].asks_for == ("major_project", "allocation_yuan")
    out = gate.confirmation(_amount_reply("150000"), found)
    assert out.awards == [] and any("20万元" in line for line in out.body)
    # Both ends past the cap: the exact figure does not matter, the award stands.
    assert gate.check(_amount_reply("1000000"), reading(ends(3000, 4000))) == []


def test_a_breach_becomes_a_confirmation_question_and_is_logged(caplog):
    project = gate.MatterReading(
        "major_project", "省拨经费3400万", "经费", {"allocation_yuan": 3400 * WAN}
    )
    estimate = gate.MatterReading(
        "major_project", "我们牵头的", None, {"allocation_yuan": 170 * WAN}
    )
    reading = gate.Reading(message="省拨经费3400万…按5%是不是170万？", matters=(project, estimate))
    with caplog.at_level(logging.WARNING, logger="assistant.answer.gate"):
        out = gate.guard(_amount_reply("85000"), reading)
    assert out.awards == [] and out.follow_up and out.follow_up.endswith("？")
    assert out.headline is not None and "同一个项目" in out.headline.text
    assert any("no_anchor" in r.getMessage() for r in caplog.records)
    assert gate.guard(_amount_reply("85000"), gate.Reading(message="…")).awards  # no breach


# ------------------------------------------------------------------ anchors, in the words said
@pytest.mark.parametrize(
    ("words", "anchored"),
    [
        ("按5%是不是170万", False),
        ("能给到80万不", False),
        ("我算的是12万对吗", False),
        ("另一个600万", True),
        ("第二个项目", True),
        ("许可合同300万", True),
        ("一份500万", True),
    ],
)
def test_an_anchor_is_an_object_noun_or_an_enumerator_never_a_figure(words, anchored):
    assert (evidence.anchor_in(words) is not None) is anchored


def test_a_count_anchors_the_figures_listed_after_it():
    assert evidence.enumerated("我们学校转了三项专利，200万、350万、90万") == 3
    assert evidence.enumerated("转让合同分别300万和400万") >= 2
    assert evidence.enumerated("省拨经费3400万，按5%是不是170万？") == 0


# ------------------------------------------------------------------ not covered needs evidence
@pytest.mark.parametrize(
    "question",
    [
        "考个技术经理人证有资助吗",
        "办展会的服务公司入驻有支持吗",
        "省里给过一笔一样的奖励，晋中这边还补吗",
        "国家那边也有类似奖励，两头都能拿吗",
        "律师事务所进驻有没有政策",
        "做会展的机构进驻晋创谷有什么政策",
    ],
)
def test_what_the_text_answers_is_never_not_covered(question):
    assert scope.check(question) is None


@pytest.mark.parametrize(
    "question", ["差旅费能不能补", "参展补贴有吗", "我们孵化器的房租补贴有吗", "员工体检费能补吗"]
)
def test_what_the_text_lacks_is_not_covered_and_says_why(question):
    nc = scope.check(question)
    assert nc is not None and nc.evidence


def test_the_thing_asked_is_looked_up_in_the_text_and_in_synonyms():
    assert scope.found_in_policy("技术经理人证") == "（八）"  # synonyms.yaml: 经理人
    assert scope.found_in_policy("概念验证服务") == "（六）"  # the text itself
    assert scope.found_in_policy("差旅费") is None
    assert scope.found_in_policy("年会费用") is None


def test_a_guess_yields_to_a_clause_retrieval_ranks_first_everywhere():
    assert scope.check("员工体检费能补吗", retrieved=("（七）", 0.6)) is not None
    assert scope.check("员工体检费能补吗", retrieved=("（七）", 1.0)) is None


def test_a_measure_cue_said_after_a_listed_topic_is_what_is_asked():
    assert scope.check("办展会的服务公司入驻有支持吗") is None  # the head: 服务公司入驻 （十）
    assert scope.check("参展补贴有吗？我们是孵化器") is not None  # another sentence


# ------------------------------------------------------------------ greetings
@pytest.mark.parametrize(
    "text", ["你好", "您好！", "在吗？", "你能做什么", "帮助", "谢谢", "hello"]
)
def test_greeting_words_alone_are_a_greeting(text):
    assert acts.greeting_only(text, lexicon().intents["greeting"])
    assert understand(text, today=TODAY).intent in (Intent.GREETING, Intent.UNKNOWN)


@pytest.mark.parametrize(
    "text",
    [
        "核心技术员跳槽把图纸带走了，政策上有什么帮助吗",
        "你好，我们是孵化器",
        "有什么帮助中试基地的",
    ],
)
def test_a_question_with_a_greeting_word_is_no_greeting(text):
    assert not acts.greeting_only(text, lexicon().intents["greeting"])
    assert understand(text, today=TODAY).intent is not Intent.GREETING


def test_questions_are_cut_where_each_ends():
    text = "中试基地能补多少？另外两个员工自费考了技术经纪人证，能报吗？"
    assert acts.questions(text) == [
        "中试基地能补多少？",
        "另外两个员工自费考了技术经纪人证，能报吗？",
    ]
    assert acts.questions("能拿多少") == ["能拿多少"]
    assert acts.asks("能拿多少") and not acts.asks("另一个还在执行期（省拨600万）")


# ------------------------------------------------------------------ stand-ins
@pytest.mark.parametrize("rule", sorted(RULES))
def test_a_stand_in_for_a_missing_fact_is_never_refused_as_bad_input(rule):
    """ruled_out fills what is missing with stand-ins; none may be refused by the calculator
    (a bool once got 10**10, shown as "「已评为优秀个人」应回答“是”或“否”")."""
    ruled_out(RULES[rule], {}, missing_fields(rule, {}))  # raises InputError on a bad stand-in


# ------------------------------------------------------------------ through the engine
def _say(engine, *messages: str) -> tuple[Reply, Conversation]:
    conv = Conversation()
    reply = None
    for m in messages:
        reply = engine.reply(conv, m, today=TODAY)
    return reply, conv


def _clauses(reply: Reply) -> set[str]:
    return {c.clause for c in reply.citations} | {a.clause for a in reply.awards}


@pytest.mark.parametrize(
    ("question", "clause"),
    [
        ("考个技术经理人证有资助吗", "（八）"),
        ("办展会的服务公司入驻有支持吗", "（十）"),
        ("省里给过一笔一样的奖励，晋中这边还补吗", "附则"),
        ("国家那边也有类似奖励，两头都能拿吗", "附则"),
        ("律师事务所进驻有没有政策", "（十）"),
        ("核心技术员跳槽把图纸带走了，政策上有什么帮助吗", "（十三）"),
    ],
)
def test_answered_from_the_clause_not_as_not_covered(engine, question, clause):
    reply, _ = _say(engine, question)
    assert reply.intent not in ("not_covered", "greeting")
    assert not reply.not_covered
    assert clause in _clauses(reply)
    assert "0项措施" not in reply.answer


def test_the_individual_award_question_is_asked_never_refused(engine):
    reply, _ = _say(engine, "技术转移个人评优的奖金是多少")
    assert reply.intent != "bad_input"
    assert "请重新输入" not in reply.answer
    assert "（八）" in _clauses(reply)


def test_two_questions_get_two_answers(engine):
    reply, _ = _say(engine, "中试基地能补多少？另外两个员工自费考了技术经纪人证，能报吗？")
    assert {"（六）", "（八）"} <= _clauses(reply)
    assert "问题一" in reply.answer and "问题二" in reply.answer
    assert "第二个平台" not in reply.answer


@pytest.mark.parametrize(
    ("message", "second"),
    [
        ("中试基地能补多少？加计扣除能享受吗？", "本政策不涉及研发费用加计扣除"),
        ("孵化器升国家级能拿多少？另外入驻流程是怎样的？", "（一）"),
    ],
)
def test_an_amount_and_a_not_covered_or_process_question_each_get_their_part(
    engine, message, second
):
    reply, _ = _say(engine, message)
    assert "问题一" in reply.answer and "问题二" in reply.answer
    assert second in reply.answer.split("问题二", 1)[1]


def test_a_follow_up_question_is_not_cut_off_from_the_one_before():
    assert acts.another("另外入驻流程是怎样的？") and not acts.another("怎么申请？")


def test_no_list_of_zero_measures(engine):
    reply = engine.self_check("service_agency", {})
    assert reply.headline is not None and "0项" not in reply.headline.text


def test_a_newcomer_stays_a_newcomer(engine):
    reply, conv = _say(engine, "我刚毕业想创业，晋创谷是什么", "能拿多少钱")
    assert "0项" not in reply.answer and "未注册团队" in reply.answer
    reply, conv = _say(engine, "我刚毕业想创业，晋创谷是什么", "是不是一定要先注册公司才能申请")
    assert conv.applicant != "enterprise" and "入驻企业来看" not in reply.answer


def test_the_asker_s_own_arithmetic_is_asked_back_not_made_a_second_project(engine):
    reply, _ = _say(engine, "省拨经费3400万，我们牵头的，验收了，按5%是不是170万？")
    assert not any(a.amount_yuan == "85000" for a in reply.awards)
    if not reply.awards:  # the gate asked: the reading is in the question
        assert reply.follow_up and "170万" in reply.follow_up


@pytest.mark.parametrize(
    ("answer", "amounts"),
    [("是同一个项目，170万是我自己算的", ["1000000"]), ("不是，是另一个项目", None)],
)
def test_the_answer_to_the_gates_question_settles_the_reading(engine, answer, amounts):
    first = "省拨经费3400万，我们牵头的，验收了，按5%是不是170万？"
    reply, conv = _say(engine, first)
    if reply.awards:  # the reading found one matter by itself: nothing to settle
        return
    assert conv.doubted
    restored = Conversation.from_dict(conv.to_dict())  # kept across processes
    assert restored.doubted == conv.doubted
    reply = engine.reply(restored, answer, today=TODAY)
    assert not restored.doubted
    if amounts is not None:  # the same project: the 170万 was the asker's arithmetic
        assert [a.amount_yuan for a in reply.awards] == amounts
    else:  # another project: both kept
        assert len(restored.case.matters) == 2


def test_a_range_is_asked_for_exactly_and_the_bare_answer_settles_it(engine):
    first = "我们牵头的省级重大专项通过验收了，省拨经费三四百万，能拿多少？"
    reply, conv = _say(engine, first)
    assert not reply.awards and reply.follow_up
    assert "按300万元计可得15万元" in reply.answer and "按400万元计可得20万元" in reply.answer
    reply = engine.reply(conv, "具体是360万", today=TODAY)
    assert [a.amount_yuan for a in reply.awards] == ["180000"]


def test_no_reply_states_an_amount_below_one_yuan(engine):
    for message in ("中试基地服务性收入比例是0.3，能补多少", "许可合同0.02，能拿多少"):
        reply, _ = _say(engine, message)
        assert all(Decimal(a.amount_yuan) == 0 or Decimal(a.amount_yuan) >= 1 for a in reply.awards)


# ------------------------------------------------------------------ properties (hypothesis)
SEEDS = [
    "我们牵头的省级重点研发项目验收了，省拨经费800万，能拿多少？",
    "中试基地去年服务性收入260万，协议任务完成了，能补多少",
    "公司从山西大学买了一项专利，转让合同300万，登记了也有效益",
    "我自费参加技术经纪人培训花了8000，证也拿到了",
    "孵化器新认定为国家级，能奖多少",
]


@settings(max_examples=60, deadline=None)
@given(seed=st.sampled_from(SEEDS), at=st.integers(0, 60), word=st.sampled_from(["帮助", "你好，"]))
def test_a_greeting_word_inserted_never_makes_a_question_a_greeting(seed, at, word):
    text = seed[: at % (len(seed) + 1)] + word + seed[at % (len(seed) + 1) :]
    assert understand(text, today=TODAY).intent is not Intent.GREETING


@settings(max_examples=200, deadline=None)
@given(
    amounts=st.lists(
        st.decimals(min_value=0, max_value=10**7, places=4, allow_nan=False), max_size=4
    ),
    base=st.decimals(min_value=0, max_value=10**8, places=4, allow_nan=False),
)
def test_the_gate_lets_no_amount_or_base_below_one_yuan_through(amounts, base):
    reply = _amount_reply(*(format(a, "f") for a in amounts))
    m = gate.MatterReading("platform", "收入", "收入", {"service_revenue_yuan": base})
    out = gate.guard(reply, gate.Reading(message="…", matters=(m,)))
    assert all(Decimal(a.amount_yuan) == 0 or Decimal(a.amount_yuan) >= 1 for a in out.awards)
    if 0 < base < 1:
        assert out.awards == [] and out.follow_up


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.sampled_from(SEEDS[:3]), insert=st.sampled_from(["比例0.3，", "比例是0.02吧，"]))
def test_an_inserted_ratio_never_yields_an_amount_below_one_yuan(engine, seed, insert):
    cut = seed.index("，") + 1
    reply, _ = _say(engine, seed[:cut] + insert + seed[cut:])
    assert all(Decimal(a.amount_yuan) == 0 or Decimal(a.amount_yuan) >= 1 for a in reply.awards)
