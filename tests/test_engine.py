"""Engine behaviour across turns that the dialogue cases do not pin down."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.dialogue.state import Conversation


def test_asking_who_then_answering_lists_that_applicants_measures(engine):
    conv = Conversation()
    first = engine.reply(conv, "有什么政策支持？")
    assert first.follow_up and "哪类主体" in first.follow_up
    second = engine.reply(conv, "高校")
    assert second.intent == "eligibility"
    assert {"（五）", "（七）"} <= {c.clause for c in second.citations}


def test_bare_count_answers_the_head_count_question(engine):
    conv = Conversation()
    first = engine.reply(conv, "引进博士有补贴吗")
    assert first.follow_up and "博士" in first.follow_up
    second = engine.reply(conv, "两个")
    # one award per person hired
    assert [(a.clause, a.amount_yuan, a.kind) for a in second.awards] == [
        ("（七）", "100000", "exact")
    ] * 2


def test_a_refused_value_is_forgotten_so_the_next_turn_works(engine):
    conv = Conversation()
    refused = engine.reply(conv, "我们是孵化器，市级的，能拿多少")
    assert refused.intent == "bad_input"
    assert "市级" in refused.answer
    assert "carrier_level" not in conv.facts
    fixed = engine.reply(conv, "不对，是国家级的")
    assert [(a.clause, a.amount_yuan) for a in fixed.awards] == [("（九）", "500000")]


def test_self_check_uses_what_the_applicant_type_implies(engine):
    report = engine.self_check("pilot_base", {"service_revenue_yuan": Decimal(3_000_000)})
    assert [(a.clause, a.amount_yuan, a.kind) for a in report.awards] == [
        ("（六）", "900000", "exact")
    ]
    assert "❔ 已完成协议任务" in report.answer or "协议任务" in report.answer


def test_eligibility_shows_conditions_and_total(engine):
    reply = engine.reply(
        Conversation(), "我们是银行，今年给谷内企业放贷一个亿，这个政策对我们有什么支持？"
    )
    assert reply.intent == "eligibility"
    assert [(a.clause, a.amount_yuan) for a in reply.awards] == [("（十一）", "500000")]
    assert "合计 **50万元**" in reply.answer


def test_a_pointed_question_is_answered_before_the_general_list(engine):
    reply = engine.reply(Conversation(), "我们公司搞研发失败了，会不会被追责？")
    assert "（十四）" in reply.answer.split("可能适用的措施")[0]


def test_profile_shows_what_is_assumed(engine):
    conv = Conversation()
    engine.reply(conv, "我们是中试基地，服务性收入300万")
    profile = engine.reply(conv, "你现在掌握了我哪些情况？")
    assert profile.intent == "profile"
    assert "中试基地" in profile.answer and "300万元" in profile.answer


def test_one_message_with_facts_for_two_measures_gets_both_and_a_total(engine):
    reply = engine.reply(
        Conversation(),
        "我们是谷内科技型企业，牵头的省级重点研发项目验收了，省拨经费800万，"
        "今年还引进了两名博士，交了社保签了五年合同，能拿多少钱？",
    )
    assert [(a.clause, a.amount_yuan) for a in reply.awards] == [
        ("（三）", "400000"),
        ("（七）", "100000"),
        ("（七）", "100000"),
    ]
    # like with like (issue 20): the 博士 money is granted 经申报和评审, never summed as 确定
    assert "确定金额合计 **40万元**；另有经申报和评审的 **20万元**" in reply.answer
    assert "60万元" not in reply.answer


def test_an_answer_to_a_money_question_counts_whatever_its_label(engine):
    conv = Conversation()
    first = engine.reply(conv, "客户是做技术转移的机构，在谷内，问能拿多少奖励")
    assert first.follow_up
    second = engine.reply(conv, "年度合同交易额三千万")
    assert [(a.clause, a.amount_yuan) for a in second.awards] == [("（十二）", "300000")]


def test_a_university_talking_about_a_patent_licence_is_under_its_own_clause(engine):
    conv = Conversation()
    engine.reply(conv, "我们是高校")
    reply = engine.reply(conv, "我们把专利许可给了谷内企业，合同300万，已经认定登记了，能拿多少？")
    assert [(a.clause, a.amount_yuan, a.kind) for a in reply.awards] == [
        ("（五）", "30000", "up_to")
    ]


def test_a_date_outside_the_window_is_said_before_any_follow_up(engine):
    reply = engine.reply(Conversation(), "2024年验收的项目能申请吗")
    assert reply.follow_up is None
    assert "不在有效期内" in reply.answer
    assert "2025年1月1日" in reply.answer


def test_flexible_talent_is_named_without_a_figure(engine):
    reply = engine.reply(Conversation(), "柔性引进的院士团队有啥支持")
    assert "柔性引才" in reply.answer
    assert "（七）" in {c.clause for c in reply.citations}
    assert not reply.awards


def test_a_measure_for_someone_else_is_explained_not_interviewed_for(engine):
    # Issue #9: the policy has no 贷款贴息 at all, so the first sentence says so plainly; only
    # then does it point at （十一）, whose award goes to the lending institution.
    reply = engine.reply(Conversation(), "我们是入驻企业，科技型中小企业贷款贴息怎么算")
    assert "（十一）" in {c.clause for c in reply.citations}
    assert reply.answer.startswith("本政策不涉及")
    assert reply.follow_up is None and not reply.awards


def test_a_new_matter_that_contradicts_the_assumed_applicant_resets_it(engine):
    conv = Conversation()
    engine.reply(conv, "我们是中试基地，协议任务完成了，服务性收入300万，能拿多少")
    reply = engine.reply(conv, "另外我们牵头的省级重点研发项目验收了，省拨800万，能奖多少")
    assert [(a.clause, a.amount_yuan) for a in reply.awards] == [("（三）", "400000")]
    assert "请先确认是否属于" not in reply.answer


def test_a_stated_fact_that_rules_the_award_out_is_answered_at_once(engine):
    reply = engine.reply(Conversation(), "技术经纪人培训费是单位报销的，还能补吗")
    assert reply.follow_up is None
    assert [(a.clause, a.amount_yuan, a.kind) for a in reply.awards] == [("（八）", "0", "exact")]
    assert "自费" in reply.answer


def test_an_event_after_the_window_gets_nothing_without_further_questions(engine):
    reply = engine.reply(Conversation(), "2030年验收的项目还能奖吗")
    assert reply.follow_up is None
    assert [(a.clause, a.amount_yuan) for a in reply.awards] == [("（三）", "0")]
    assert "项目为省级及以上" not in reply.answer  # not judged on facts nobody gave


def test_a_refused_level_still_cites_the_clause_that_refuses_it(engine):
    reply = engine.reply(Conversation(), "市级孵化器有奖补吗")
    assert reply.intent == "bad_input"
    assert "（九）" in {c.clause for c in reply.citations}


def test_next_visitor_starts_from_nothing(engine):
    conv = Conversation()
    engine.reply(conv, "企业引进了两名博士，交了社保，签了五年合同，能拿多少")
    reply = engine.reply(conv, "再一个：企业引进了3个硕士，也交了社保签了三年合同")
    assert [(a.clause, a.amount_yuan) for a in reply.awards] == [("（七）", "50000")] * 3


def test_a_validity_question_is_not_kept_as_a_fact(engine):
    conv = Conversation()
    asked = engine.reply(conv, "2030年还能申请吗")
    assert asked.answer.startswith("**不能**")
    reply = engine.reply(conv, "我们是中试基地，协议任务完成了，服务性收入100万，能拿多少")
    assert [(a.clause, a.amount_yuan) for a in reply.awards] == [("（六）", "300000")]


def test_a_figure_merely_mentioned_does_not_replace_a_fact(engine):
    conv = Conversation()
    engine.reply(conv, "我们参与了国家级项目，已验收，国拨2000万，能拿多少")
    reply = engine.reply(conv, "这40万是确定能拿到吗")
    assert [(a.amount_yuan, a.kind) for a in reply.awards] == [("400000", "up_to")]
    assert "不是承诺" in reply.answer


def test_same_matter_award_from_another_policy_is_netted(engine):
    conv = Conversation()
    engine.reply(conv, "我们是中试基地，协议任务完成了，服务性收入300万，能拿多少")
    reply = engine.reply(conv, "省里已经就同一事项给了我们50万，还能拿多少")
    assert [(a.clause, a.amount_yuan) for a in reply.awards] == [("（六）", "400000")]


def test_total_sums_every_measure_already_computable(engine):
    conv = Conversation()
    engine.reply(
        conv,
        "我们是谷内科技型企业，牵头的省级重点研发项目验收了，省拨经费800万，"
        "今年还引进了两名博士，交了社保签了五年合同",
    )
    reply = engine.reply(conv, "那总共能拿多少")
    assert sorted((a.clause, a.amount_yuan) for a in reply.awards) == [
        ("（七）", "100000"),
        ("（七）", "100000"),
        ("（三）", "400000"),
    ]
    # like with like (issue 20): the 博士 money is granted 经申报和评审, never summed as 确定
    assert "确定金额合计 **40万元**；另有经申报和评审的 **20万元**" in reply.answer
    assert "60万元" not in reply.answer


def test_a_terse_no_settles_the_assumed_condition(engine):
    conv = Conversation()
    first = engine.reply(conv, "我们是中试基地，服务性收入300万，能拿多少")
    assert first.awards[0].amount_yuan == "900000"
    second = engine.reply(conv, "还没")
    assert [(a.clause, a.amount_yuan) for a in second.awards] == [("（六）", "0")]


def test_original_text_refers_to_the_measure_under_discussion(engine):
    conv = Conversation()
    engine.reply(conv, "我们是中试基地，协议任务完成了，服务性收入300万，能拿多少")
    reply = engine.reply(conv, "原文怎么写的")
    assert reply.intent == "clause_text"
    assert [c.clause for c in reply.citations] == ["（六）"]


def test_a_university_moves_from_contracts_to_service_turnover_and_totals_both(engine):
    conv = Conversation()
    engine.reply(conv, "我们是高校，和谷内企业签了技术开发合同500万，已经登记了")
    service = engine.reply(conv, "那技术服务合同呢？今年认定登记的技术服务合同累计6000万")
    assert [(a.amount_yuan, a.kind) for a in service.awards] == [("12000", "up_to")]
    both = engine.reply(conv, "两个加起来多少")
    assert sorted(a.amount_yuan for a in both.awards) == ["12000", "50000"]


def test_thanks_gets_a_short_reply(engine):
    reply = engine.reply(Conversation(), "好的，谢谢")
    assert len(reply.answer) < 40 and not reply.awards


def test_eligibility_lists_quote_each_rule_once(engine):
    reply = engine.reply(Conversation(), "我们是入驻的科技型企业，有哪些政策能享受？")
    shown = reply.answer.split("**依据条款**")[-1] if "**依据条款**" in reply.answer else ""
    assert "对牵头承担并通过验收" not in shown  # already quoted inline in the list
    assert "（三）" in {c.clause for c in reply.citations}


def test_a_very_long_message_says_what_was_read(engine):
    reply = engine.reply(Conversation(), "中试基地服务收入300万能拿多少？" + "啊" * 5000)
    assert "只读了前" in reply.answer


def test_what_was_received_for_one_matter_is_not_applied_to_another(engine):
    conv = Conversation()
    engine.reply(conv, "我们企业受让高校专利，合同200万，已登记有效益，今年已经拿了5万奖励")
    reply = engine.reply(conv, "另外我们引进了两名博士，交了社保签了五年合同，能拿多少")
    assert "received_this_year_yuan" not in conv.facts
    assert [(a.clause, a.amount_yuan) for a in reply.awards] == [("（七）", "100000")] * 2


def test_an_outstanding_broker_award_is_not_counted_before_selection(engine):
    report = engine.self_check("broker", {})
    assert not [a for a in report.awards if a.amount_yuan == "50000"]


def test_two_contracts_share_the_yearly_cap(engine):
    reply = engine.reply(
        Conversation(),
        "我们企业受让高校专利，两份合同，一份400万一份300万，都登记了也有效益，奖励多少",
    )
    # 400万 × 2% = 8万; 300万 × 2% = 6万, but only 10万 − 8万 = 2万 of the year's cap is left.
    assert [(a.clause, a.amount_yuan) for a in reply.awards] == [
        ("（四）", "80000"),
        ("（四）", "20000"),
    ]
    assert "上限合计 **10万元**" in reply.answer


def test_a_next_visitor_with_a_bad_value_still_clears_the_previous_one(engine):
    conv = Conversation()
    engine.reply(conv, "我们是中试基地，服务性收入300万，能拿多少")
    assert conv.facts
    refused = engine.reply(conv, "下一位：我们的服务性收入-300万")
    assert refused.intent == "bad_input"
    assert conv.applicant is None and not conv.facts
    assert "还记着" not in refused.answer and "清空" in refused.answer


def test_an_odd_year_is_answered_not_an_error(engine):
    reply = engine.reply(Conversation(), "〇〇〇〇年验收的项目能拿多少")
    assert reply.intent != "error"


# ---------------------------------------------------------------- policy: message → decision
# One row per decision kind, each in words of its own (not the dialogue cases' sentences):
# the routing is tested apart from the wording, so a regression shows as a wrong kind.
DECISIONS = [
    ("", "empty"),
    ("合同金额是负三万", "bad_input"),
    ("清空，重新来", "reset"),
    ("你目前都知道我哪些情况", "profile"),
    ("我刚毕业，想了解一下晋创谷是干什么的", "newcomer"),
    ("研发费用加计扣除能享受多少", "not_covered"),
    ("我们手上有两个省级孵化器，都是今年新认定的", "matters"),
    ("好的谢谢您", "thanks"),
    ("你好", "greeting"),
    ("怎么申请入驻晋创谷", "process"),
    ("知识产权质押融资怎么办理", "clause_focus"),
    ("这个政策什么时候到期", "validity"),
    ("第七条原文是怎么写的", "clause_text"),
    ("技术经纪人培训的事该找哪个部门", "responsible"),
    ("有哪些政策可以享受", "ask_applicant"),
    ("我们是高校，有哪些支持", "list_measures"),
    ("我们是概念验证中心，协议任务完成了，服务收入四百万，能拿多少", "compute"),
    ("中试基地能补多少钱", "ask"),
    ("技术经纪人培训的钱是公司出的，可以补吗", "ruled_out"),
]


@pytest.mark.parametrize(("message", "kind"), DECISIONS, ids=[k for _, k in DECISIONS])
def test_a_message_maps_to_one_decision_kind(engine, message, kind):
    decision, _ = engine.decide(Conversation(), message)
    assert decision.kind == kind


def test_decisions_across_turns(engine):
    """State changes the decision: the same short message means different things in context."""
    conv = Conversation()
    assert engine.decide(conv, "我们是中试基地，服务性收入两百万")[0].kind == "compute"
    engine.reply(conv, "我们是中试基地，服务性收入两百万")
    assert engine.decide(conv, "要是再多一半呢")[0].kind == "hypothetical"
    assert engine.decide(conv, "一共能拿多少")[0].kind == "total"
    fresh = Conversation()
    engine.reply(fresh, "高校和谷内企业签了两份技术开发合同，一份四百万，一份九百万，都登记了")
    assert engine.decide(fresh, "第二份呢")[0].kind == "one_matter"


def test_every_decision_kind_has_an_action():
    """A kind the policy can return and no action answers would be a traceback at run time."""
    import typing

    from assistant.answer import actions
    from assistant.dialogue import policy

    case_kinds = {"not_covered", "matters", "one_matter", "hypothetical"}
    assert set(typing.get_args(policy.Kind)) == set(actions._SIMPLE) | case_kinds


def test_self_check_computes_several_matters_of_one_measure_with_the_shared_cap(engine):
    """Two 技术开发/许可 contracts: 1% each, the second capped by what the first took of the
    university's 25万 a year (18万 + 7万), and a third without a figure is asked for by name."""
    known = {"contract_registered": True, "counterparty_in_valley": True}
    contracts = [
        (
            "academic_contract",
            {"contract_type": "tech_development", "contract_amount_yuan": Decimal(18_000_000)},
        ),
        (
            "academic_contract",
            {"contract_type": "patent_license", "contract_amount_yuan": Decimal(9_000_000)},
        ),
        ("academic_contract", {"contract_type": "tech_license"}),
    ]
    report = engine.self_check("university", known, contracts)
    assert [(a.clause, a.amount_yuan) for a in report.awards] == [
        ("（五）", "180000"),
        ("（五）", "70000"),
    ]
    assert "第三个合同的合同交易额" in report.answer


def test_self_check_refuses_an_unknown_measure_politely(engine):
    report = engine.self_check("university", {}, [("no_such_rule", {})])
    assert report.intent == "bad_input" and "no_such_rule" in report.answer
