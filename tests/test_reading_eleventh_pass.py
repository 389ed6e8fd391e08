"""Issue 18, eleventh pass: mechanisms found on blind24 once it was read (it was held out to
the end of the tenth pass), each stated as what must hold for any wording of its kind."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import amounts, last_reply
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.nlu.understand import understand

TODAY = date(2026, 6, 15)


@pytest.mark.parametrize("verb", ["转化", "转化了"])
def test_a_type_whose_results_the_speaker_converts_is_no_speaker(verb):
    u = understand(f"我们{verb}高校成果拿过一次奖励，10万", TODAY)
    assert u.applicant != "university"
    assert "enterprise_transfer" in u.topics


def test_a_type_described_as_doing_conversion_still_speaks():
    u = understand("我们是做成果转化的高校，今年技术转让合同300万", TODAY)
    assert u.applicant == "university"


@pytest.mark.parametrize("year", ["2025年", "去年"])
def test_an_award_had_in_an_earlier_year_after_a_comma_is_not_this_years(year):
    u = understand(f"{year}我们转化高校成果拿过一次奖励，10万，当年就封顶了。", TODAY)
    assert [f.role for f in u.figures] == ["received"]
    assert "received_this_year_yuan" not in u.facts


def test_an_award_had_this_year_after_a_comma_still_counts():
    u = understand("今年我们转化高校成果拿过一次奖励，8万。", TODAY)
    assert u.facts.get("received_this_year_yuan") == 80000


def test_a_bare_verb_with_no_award_word_labels_no_figure_after_a_comma():
    u = understand("我们公司从山西大学拿了专利许可，600万，登记了，备案了，有效益", TODAY)
    assert u.facts.get("contract_amount_yuan") == 6000000


def test_last_years_cap_does_not_cut_this_years_award(engine):
    reply = last_reply(
        engine,
        [
            "2025年我们转化高校成果拿过一次奖励，10万，当年就封顶了。",
            "今年又从中科院山西煤化所受让了一项专利，300万，权利人已经变更，合同也认定登记了，产品刚上市。",
            "今年这个还能拿吗？多少？",
        ],
        TODAY,
    )
    assert amounts(reply) == ["60000"]
    assert reply.awards[0].clause == "（四）"


@pytest.mark.parametrize("said", ["去年9月新设", "去年九月新建的", "2025年9月设了"])
def test_a_station_set_up_under_a_year_ago_by_any_verb_has_run_that_long(said):
    u = understand(f"博士后工作站{said}，评估达标了，今年能领多少工作补助？", TODAY)
    assert u.facts.get("years_running") is not None
    assert u.facts["years_running"] < 1


@pytest.mark.parametrize("quoted", ["3万", "三万"])
def test_this_years_award_quoted_asks_one_year(engine, quoted):
    reply = last_reply(
        engine, [f"博士后工作站设立两年了，评估达标了，今年能领{quoted}工作补助吗？"], TODAY
    )
    assert amounts(reply) == ["30000"]


@pytest.mark.parametrize(
    "said",
    [
        "今年年初向省科技厅提交了省级科技企业孵化器的认定申请，现在还在评审中",
        "省级孵化器的认定材料报上去了，还在审核中",
    ],
)
def test_a_recognition_applied_for_and_under_review_is_none_yet(said):
    u = understand(f"我们{said}。能不能先把那30万奖补申请下来？", TODAY)
    assert u.facts.get("carrier_recognised") is False


def test_an_application_later_granted_is_a_recognition():
    u = understand("我们孵化器去年提交了省级认定申请，今年3月认定下来了，能拿多少？", TODAY)
    assert u.facts.get("carrier_recognised") is True


@pytest.mark.parametrize("joint", ["，还有一个", "，以及一个", "，另外还有一个"])
def test_a_list_of_run_facilities_goes_on_past_a_comma(engine, joint):
    text = (
        f"我们是一家科技服务公司，旗下同时运营着一个概念验证中心、一个中试基地{joint}众创空间，"
        "方向都是高端装备制造。概念验证中心和中试基地的协议任务去年都按期完成了。"
        "去年概念验证中心的服务性收入是260万，中试基地的服务性收入是360万；"
        "众创空间今年被科技部备案为国家级，之前没认定过省级。三块各能拿多少？"
    )
    assert amounts(last_reply(engine, [text], TODAY)) == ["1000000", "200000", "260000"]


def test_money_no_rule_reads_summed_with_the_askers_estimate_is_the_askers_working():
    u = understand("听同学说博士能给10万，再加5万安家费，一共15万，是这样吗？", TODAY)
    assert [f.role for f in u.figures] == ["estimate", "context", "estimate"]
    assert "amount_yuan" not in u.facts


@pytest.mark.parametrize("aside", ["再加5万安家费", "另外还有人才公寓"])
def test_support_the_text_lacks_beside_a_measure_told_is_said_beside_its_answer(engine, aside):
    reply = last_reply(
        engine,
        [
            "我今年博士毕业，下个月去谷里一家科技型企业上班，合同签五年，社保单位交。"
            f"听同学说博士能给10万，{aside}，是这样吗？"
        ],
        TODAY,
    )
    assert amounts(reply) == ["100000"]
    assert "不涉及" in reply.answer


def test_support_the_text_lacks_asked_alone_is_still_not_covered(engine):
    reply = last_reply(engine, ["引进的博士有没有安家费？"], TODAY)
    assert amounts(reply) == []
    assert "不涉及" in reply.answer


@pytest.mark.parametrize(
    "said",
    ["牵头单位说我们出力大", "牵头单位那边说我们出力大", "牵头的是山西农大，他们说我们出力大"],
)
def test_a_role_word_naming_another_party_is_not_the_speakers_role(said):
    u = understand(f"项目省拨经费3000万。{said}，能不能也按5%拿？", TODAY)
    assert "role" not in u.facts


@pytest.mark.parametrize(
    "text",
    [
        "参与单位，国家重点研发项目国拨3000万，验收过了",
        "我们公司是参与单位，省级项目验收了",
        "我们是牵头单位，省级项目验收了",
    ],
)
def test_a_role_the_speaker_holds_is_still_heard(text):
    assert "role" in understand(text, TODAY).facts


def test_roles_compared_in_general_make_no_second_project(engine):
    reply = last_reply(
        engine,
        [
            "我们作为参与单位加入了一个省级重点研发计划项目，牵头的是山西农大，项目今年三月通过验收，"
            "省拨经费六百万。我总觉得参与和牵头应该不一样。我们最多能拿多少？"
        ],
        TODAY,
    )
    assert amounts(reply) == ["120000"]


def test_our_ceiling_asked_after_an_answer_is_the_amount_not_the_measures_cap(engine):
    turns = [
        "我们公司参与了一个省级科技重大专项，牵头单位是省城一家大国企，项目上个月验收通过了。",
        "项目省拨经费3000万。牵头单位说我们出力大，能不能也按5%拿？",
    ]
    assert amounts(last_reply(engine, [*turns, "那我们最多能拿多少？"], TODAY)) == ["600000"]
    capped = last_reply(engine, [*turns, "这条上限是多少？"], TODAY)
    assert "100万" in capped.answer


@pytest.mark.parametrize("ask", ["那我们能不能两个都拿，凑30万？", "两个级别的能一起拿吗？"])
def test_a_measures_own_levels_combined_are_answered_by_its_caps(engine, ask):
    reply = last_reply(
        engine,
        [
            "我们在农高区运营一个现代农业方向的众创空间，今年刚被科技部备案为国家级众创空间，之前没有认定过省级。",
            f"听说省级10万、国家级20万，{ask}",
        ],
        TODAY,
    )
    assert amounts(reply) == ["200000"]


def test_support_from_another_payer_still_asks_how_policies_combine():
    u = understand("省里已经给了我们孵化器40万，国家级认定晋创谷这边还能再拿吗？", TODAY)
    assert u.intent == "validity" and u.flags.combining


def test_a_sum_of_quoted_caps_is_the_askers_working():
    u = understand("听说省级10万、国家级20万，那我们能不能两个都拿，凑30万？", TODAY)
    assert [f.role for f in u.figures][-1] == "estimate"


def test_a_planned_investment_is_no_base():
    u = understand("我们是谷里的企业，计划投资一个半亿新建生产线，有没有补贴？", TODAY)
    assert [f.role for f in u.figures] == ["context"]


def test_a_kind_described_after_its_measure_word_is_the_speakers():
    u = understand("您好，我是平遥一家做牛肉深加工的企业负责人，我们想了解政策。", TODAY)
    assert u.applicant == "enterprise" and u.applicant_own


@pytest.mark.parametrize(
    "text",
    [
        "我们是谷里的企业，刚用三项专利做了500万的知识产权质押贷款。想问政策对我们企业有没有贴息或者奖励？",
        "您好，我是平遥一家做牛肉深加工的企业负责人。我们计划投资一个半亿在晋中开发区新建生产线，"
        "厂房有没有租金减免，新招工人有没有岗位补贴或者培训补贴？",
    ],
)
def test_an_enterprise_is_never_given_a_measure_for_financing_institutions(engine, text):
    reply = last_reply(engine, [text], TODAY)
    assert not any(a.clause == "（十一）" and a.amount_yuan != "0" for a in reply.awards)


def test_an_enterprise_still_gets_its_facilitys_and_its_staffs_measures(engine):
    text = (
        "我是谷内一家生物医药企业的财务，银行贷款1500万。第一，我们的概念验证中心去年完成了协议任务，"
        "服务性收入150万；第二，今年引进了一位博士，签了三年劳动合同，社保已经交了，公司是科技型企业。"
        "分别能拿多少？"
    )
    assert amounts(last_reply(engine, [text], TODAY)) == ["100000", "150000"]


@pytest.mark.parametrize("level", ["municipal-level", "city-level"])
def test_an_english_municipal_project_is_below_provincial(level):
    u = understand(
        f"We led a {level} R&D project, accepted, with 2 million RMB of city funding.", TODAY
    )
    assert u.facts["project_level"] == "municipal"


def test_a_declared_non_addressee_with_every_fact_told_gets_the_measure_explained(engine):
    reply = last_reply(
        engine,
        [
            "我们是一家资产评估公司，今年给谷内企业做知识产权质押评估，涉及的质押融资总额大概两个亿。"
            "听说融资能按0.5%奖励，我们评估公司能拿100万吗？"
        ],
        TODAY,
    )
    assert amounts(reply) == []
    assert "（十一）" in reply.answer


def test_a_line_of_business_the_speaker_mainly_does_keeps_its_measure(engine):
    text = (
        "我们是一家知识产权代理所，在晋创谷设了分所，这两年主要在做技术转移转化服务。"
        "去年我们参与的技术服务和技术咨询合同，认定登记的交易额一共是二千二百万。能拿多少奖励？"
    )
    assert "transfer_institution" in understand(text, TODAY).runs
    assert amounts(last_reply(engine, [text], TODAY)) == ["220000"]


@pytest.mark.parametrize("said", ["种质资源库预算大概八百万", "总预算八百万"])
def test_a_budget_is_no_base(said):
    u = understand(f"我们是谷内企业，{said}，有没有补贴？", TODAY)
    assert [f.role for f in u.figures] == ["context"]


@pytest.mark.parametrize(
    "aside",
    [
        "比前年多了一千多万",
        "较去年增长了一千万",
        "我们院一年的财政拨款大概1.1个亿",
        "院一年的总经费大约4个亿",
    ],
)
def test_a_difference_or_an_organisations_yearly_funding_never_adds_to_the_base(engine, aside):
    text = (
        "我们是一家科研院所，去年面向谷内企业的技术服务和技术咨询合同都认定登记了，"
        f"全年登记的成交额合计4800万，{aside}。能拿多少？"
    )
    reply = last_reply(engine, [text], TODAY)
    assert all(a.amount_yuan == "0" for a in reply.awards)


def test_a_counterparty_named_as_a_private_company_is_no_university():
    u = understand(
        "我们谷内企业去年跟北京一家民营科技公司签了技术许可合同，交易额1千万，登记了。", TODAY
    )
    assert u.facts["counterparty_is_academic"] is False


def test_a_type_the_speaker_says_it_is_not_is_not_its_type():
    u = understand(
        "我们学校去年技术服务合同登记了六千万。学校不是高校，也不是科研院所，就是一所中职。", TODAY
    )
    assert u.applicant not in ("university", "institute")


def test_is_it_not_asks_and_denies_no_type():
    u = understand("我是太原理工大学科研院的。是不是学院和研究所各自都能拿？", TODAY)
    assert u.applicant == "university"


# ------------------------------------------------------------------ properties
_SETTINGS = dict(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@settings(**_SETTINGS)
@given(
    base=st.integers(min_value=5000, max_value=9000),
    aside=st.sampled_from(["比前年多了{d}万", "较去年增长了{d}万", "院里一年的财政拨款大概{d}万"]),
    d=st.integers(min_value=100, max_value=3000),
)
def test_context_figures_never_change_a_yearly_total(base, aside, d):
    """A difference from another year or an organisation's funding, said beside a yearly
    total, leaves the total as told."""
    text = (
        f"我们是一家科研院所，去年面向谷内企业的技术服务和技术咨询合同都认定登记了，"
        f"全年登记的成交额合计{base}万，{aside.format(d=d)}。能拿多少？"
    )
    assert understand(text, TODAY).facts["service_turnover_yuan"] == base * 10000


@settings(**_SETTINGS)
@given(
    who=st.sampled_from(
        ["一家资产评估公司", "一家会计师事务所", "谷里的一家企业", "一家律师事务所"]
    ),
    amount=st.integers(min_value=100, max_value=50000),
)
def test_a_declared_speaker_never_gets_money_of_a_measure_for_financing_institutions(
    engine, who, amount
):
    text = f"我们是{who}，今年涉及的谷内企业融资总额大概{amount}万，按0.5%能拿多少？"
    reply = last_reply(engine, [text], TODAY)
    assert not any(a.clause == "（十一）" and a.amount_yuan != "0" for a in reply.awards)


@settings(**_SETTINGS)
@given(party=st.sampled_from(["牵头单位说", "牵头单位那边说", "牵头的是山西农大，他们说"]))
def test_another_partys_role_word_never_becomes_the_speakers_role(party):
    text = (
        f"我们公司参与了一个省级重点研发项目，验收通过了，省拨经费3000万。{party}我们也能按5%拿。"
    )
    assert understand(text, TODAY).facts["role"] == "participate"


@pytest.mark.parametrize(
    "asked",
    ["2025年那部分能奖多少？2026年目前这些按多少算？", "去年和今年分别能拿多少奖励？"],
)
def test_each_year_asked_is_a_matter_of_its_own(engine, asked):
    text = f"我们银行去年给谷内企业提供融资8600万，今年到现在已经放了4000万。{asked}"
    text = (
        text.replace("去年给", "2025年给").replace("今年到", "2026年到")
        if "2025" in asked
        else text
    )
    assert amounts(last_reply(engine, [text], TODAY)) == ["200000", "430000"]


def test_one_year_asked_after_another_years_figure_keeps_that_figure_context():
    u = understand(
        "我在谷内工作，去年自费培训花了一万块拿了证书，今年又参加一期，培训费五千也拿证了，今年能补多少",
        TODAY,
    )
    assert [f.role for f in u.figures] == ["context", "base"]


@pytest.mark.parametrize("said", ["算下来要十四万", "这样算下来就是十四万", "算出来是十四万"])
def test_a_clause_that_computes_says_the_askers_result(said):
    u = understand(f"技术服务合同七千万，财务说补贴比例是百分之零点二，{said}，对吗？", TODAY)
    assert [f.role for f in u.figures][-1] == "estimate"
    assert "amount_yuan" not in u.facts


def test_a_part_after_a_semicolon_is_still_the_wholes_part():
    u = understand(
        "我们分行去年各项贷款投放大概2.4亿，这是全行的口径；其中给谷内科技型企业的融资合计九千六百万。能拿多少奖励？",
        TODAY,
    )
    assert [f.role for f in u.figures] == ["context", "base"]


@pytest.mark.parametrize(
    "text",
    [
        "我们是谷内企业，想柔性引进一位北京的专家带团队过来，每年来几次指导，不签劳动合同、不交社保，这种有没有奖励？",
        "我是刚退休的教授，做了三十多年研究。谷里企业想请我当技术顾问，不坐班，每个月去几次。企业请我能拿补贴吗？",
    ],
)
def test_a_flexible_engagement_is_answered_by_the_flexible_talent_part(engine, text):
    reply = last_reply(engine, [text], TODAY)
    assert "柔性引才" in reply.answer
    assert amounts(reply) == []


def test_a_full_time_hire_beside_a_flexible_one_is_still_computed(engine):
    text = (
        "我们是谷内科技型中小企业。今年从北京柔性引进了一位教授，不签劳动合同；另外全职引进了一名博士，"
        "签了三年劳动合同，社保在公司缴。能享受什么支持？"
    )
    assert amounts(last_reply(engine, [text], TODAY)) == ["100000"]


def test_a_flexible_engagement_keeps_where_the_speaker_is_and_drops_the_station_it_named():
    u = understand("我们是谷内企业，柔性引进了一个院士团队，不签合同，定期来指导", TODAY)
    assert "station_type" not in u.facts and u.facts.get("in_valley") is True
    assert u.part_named


@pytest.mark.parametrize(
    "said", ["我们是谷内做功能农业的科技型企业", "我们是晋中开发区的科技型企业"]
)
def test_a_kind_described_without_a_measure_word_is_the_speakers(said):
    u = understand(f"{said}，想问问政策。", TODAY)
    assert u.applicant == "enterprise" and u.applicant_own


def test_an_enterprise_asking_about_legal_help_and_fault_tolerance_is_never_asked_a_banks_figures(
    engine,
):
    text = (
        "我们是谷内做功能农业的科技型企业。第一，核心专利被外地一家公司仿冒了，法律服务上有没有支持？"
        "第二，股东里有一家市属国有投资平台，担心项目失败了要被追责，政策里容错是怎么规定的？"
    )
    reply = last_reply(engine, [text], TODAY)
    assert "融资总额" not in (reply.follow_up or "")
    assert "（十三）" in reply.answer and "（十四）" in reply.answer


def test_an_item_paid_in_an_earlier_year_is_no_open_matter_beside_one_other(engine):
    text = (
        "我们公司在谷里运营两个载体，一个是众创空间，去年被认定为省级众创空间，已经拿到了10万元奖补；"
        "另一个是科技企业孵化器，做医药大健康的，今年四月刚被新认定为省级科技企业孵化器。还能拿多少钱？"
    )
    assert amounts(last_reply(engine, [text], TODAY)) == ["300000"]


def test_a_kind_no_measure_computes_for_is_pointed_at_the_clause_that_names_it(engine):
    reply = last_reply(
        engine, ["我们是太原的一家律师事务所，想进驻晋创谷·晋中", "进驻以后有什么支持？"], TODAY
    )
    assert "（十）" in reply.answer.split("\n")[0] + reply.answer[:200]


@pytest.mark.parametrize("said", ["以及后期的技术培训", "还包括员工培训"])
def test_training_as_a_contracts_content_names_no_broker_training(said):
    u = understand(
        f"我们高校跟谷内企业签了一份技术开发合同，内容有联合开发、{said}，交易额九百万。", TODAY
    )
    assert "broker_training" not in u.topics


def test_broker_training_is_still_heard():
    u = understand("我在谷内上班，自费参加了技术转移培训，培训费八千，拿到了晋级证书", TODAY)
    assert "broker_training" in u.topics


def test_a_measure_only_for_kinds_the_speaker_denies_being_gives_no_money(engine):
    text = (
        "我们学校去年给谷内一家企业提供了技术服务和技术咨询，合同也认定登记了，全年登记的成交额六千多万。"
        "学校不是高校，也不是科研院所，就是一所中职。能拿多少？"
    )
    reply = last_reply(engine, [text], TODAY)
    assert amounts(reply) == []
    assert "不能" in reply.answer


@pytest.mark.parametrize(
    ("text", "clause"),
    [
        ("中北大学专利许可260万，备案登记都办了有效益，2%算下来5万2？", "（四）"),
        ("山西大学专利转让给我们300万，权利人变更了，登记了，按百分之二算是6万吧？", "（四）"),
    ],
)
def test_a_rate_only_one_of_two_measures_sets_names_it_when_the_speaker_was_inferred(
    engine, text, clause
):
    reply = last_reply(engine, [text], TODAY)
    assert reply.awards and reply.awards[0].clause == clause


def test_a_speaker_who_said_what_it_is_keeps_its_measure_whatever_rate_it_quotes(engine):
    text = "我们是中北大学，专利许可给谷内企业260万，备案登记了，按2%是5万2吗？"
    reply = last_reply(engine, [text], TODAY)
    assert reply.awards[0].clause == "（五）"


def test_a_weak_cue_never_outweighs_a_value_told_before(engine):
    turns = ["谷内新设立的院士工作站给多少建站补助？", "那每年给多少？"]
    assert amounts(last_reply(engine, turns, TODAY)) == ["1000000"]


def test_a_weak_cue_alone_still_reads():
    u = understand("院士工作站设站4年了，续签了，考核也过了，每年给多少？", TODAY)
    assert u.facts["station_stage"] == "running"
