"""Issue 18, thirteenth pass: mechanisms found on blind30 once it was read (scored blind first),
each stated as what must hold for any wording of its kind."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from conftest import amounts, last_reply
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.nlu.items import understand_items
from assistant.nlu.numbers import find_numbers
from assistant.nlu.understand import understand

TODAY = date(2026, 6, 15)
_CN = "一二三四五六七八九"


@settings(max_examples=30, deadline=None)
@given(n=st.integers(min_value=1, max_value=9), chinese=st.booleans())
def test_points_are_percent(n, chinese):
    """ "按五个点算", "2个百分点": percentage points, never a count."""
    said = _CN[n - 1] if chinese else str(n)
    found = find_numbers(f"会计按{said}个点算下来")
    assert [(m.kind, m.value) for m in found] == [("ratio", Decimal(n) / 100)]


@settings(max_examples=30, deadline=None)
@given(low=st.integers(min_value=2, max_value=8), noun=st.sampled_from(["号人", "个人", "名员工"]))
def test_a_rough_head_count_is_never_money(low, noun):
    said = f"{_CN[low - 1]}{_CN[low]}十{noun}"
    found = find_numbers(f"厂子不大，{said}。")
    assert all(m.value == 0 or m.kind != "money" for m in found)
    assert all(m.problem for m in found)  # a rough figure, made exact only if a measure reads it


def test_a_rough_head_count_no_measure_reads_is_not_asked():
    u = understand(
        "我们厂五六十号人，在谷里。牵头的国家级项目验收了，国拨一千二百万，能拿多少", TODAY
    )
    assert u.facts["allocation_yuan"] == 12_000_000
    assert not u.problems


@settings(max_examples=20, deadline=None)
@given(n=st.integers(min_value=2, max_value=9), noun=st.sampled_from(["个人", "位同事", "名员工"]))
def test_the_staff_of_one_agency_make_no_matters(n, noun):
    u = understand(
        f"我们是谷里的技术转移服务机构，{_CN[n - 1]}{noun}。去年合同交易额一共两千万，能拿多少",
        TODAY,
    )
    assert len(understand_items(u, TODAY)) == 1


def test_an_expense_is_context_not_revenue():
    u = understand("我们中试基地一年电费三百多万，协议任务完成了", TODAY)
    assert "service_revenue_yuan" not in u.facts
    assert [f.role for f in u.figures] == ["context"]


def test_a_fee_rate_is_not_the_award_rate():
    u = understand(
        "我们是谷里的技术转移机构，去年交易额两千万，佣金一般收交易额的百分之五，能拿多少", TODAY
    )
    assert {f.mention.raw: f.role for f in u.figures}["五"] == "context"


@settings(max_examples=20, deadline=None)
@given(
    field=st.sampled_from(["影视动漫", "文化旅游", "游戏开发", "餐饮连锁"]),
    verb=st.sampled_from(["做", "搞"]),
)
def test_a_field_said_as_its_direction_outside_the_three(field, verb):
    u = understand(f"我们在谷里{verb}的是{field}方向的孵化器，今年新认定省级，能给多少", TODAY)
    assert u.facts["in_focus_industry"] is False


def test_a_field_of_the_three_said_as_its_direction_is_in_focus():
    u = understand("我们在谷里做的是医药大健康方向的孵化器，今年新认定省级", TODAY)
    assert u.facts["in_focus_industry"] is True


@settings(max_examples=20, deadline=None)
@given(share=st.sampled_from(["七成", "一半", "大部分", "六成左右"]))
def test_tasks_partly_done_are_not_completed(share):
    u = understand(f"中试基地去年服务性收入三百万，协议任务只完成了{share}", TODAY)
    assert u.facts["tasks_completed"] is False


def test_papers_still_being_prepared_mean_the_step_is_not_done():
    u = understand(
        "从山西大学拿了个专利许可，登记了，合同额两百万，国知局备案的材料还在准备", TODAY
    )
    assert u.facts["patent_formalities_done"] is False


def test_a_per_year_sum_is_no_station_age():
    u = understand("今年新设了博士后科研工作站，听说一年十万，能拿多少", TODAY)
    assert "years_running" not in u.facts


def test_the_speakers_conclusion_outweighs_the_facts_told_on_the_way():
    u = understand(
        "培训费八千，单位先垫的，后来从工资里扣回去了，等于还是我自己出的，证书拿到了", TODAY
    )
    assert u.facts["self_funded"] is True


@settings(max_examples=20, deadline=None)
@given(
    when=st.sampled_from(["明年", "年底", "下半年"]),
    suppose=st.sampled_from(["要是", "如果", "假如"]),
)
def test_a_condition_supposed_met_holds_over_todays_not_yet(when, suppose):
    u = understand(
        f"我们在谷里，牵头的省级项目{when}验收，省拨四百万。{suppose}项目验收了，能拿多少", TODAY
    )
    assert u.facts["accepted"] is True
    assert any("以后的情况" in r for r in u.readings)


def test_without_a_supposition_not_yet_stays_not_met():
    u = understand("我们在谷里，牵头的省级项目明年验收，省拨四百万，能拿多少", TODAY)
    assert u.facts["accepted"] is False


def test_passed_said_after_the_cue_with_a_time_between():
    u = understand("牵头的国家级课题，验收上个月已经过了，国拨五百万", TODAY)
    assert u.facts["accepted"] is True


def test_a_planned_entry_supposes_the_speaker_inside():
    u = understand(
        "我们打算明年把公司搬到晋中来，现在还没入驻。要是以后认定成省级孵化器，做高端装备的，"
        "能拿多少",
        TODAY,
    )
    assert u.facts["in_valley"] is True


def test_a_message_opening_by_the_speakers_unit_says_who_speaks():
    u = understand("中北大学科研院的。给谷内企业做了个专利转让，登记了，800万，按两个点算吗", TODAY)
    assert u.applicant == "university"
    assert "academic_contract" in u.topics


def test_another_payers_grant_had_is_answered_by_its_rule_first(engine):
    reply = last_reply(engine, ["国家那边给我们的概念验证中心发过奖补了，市里还能再给吗"], TODAY)
    assert reply.headline.text.startswith("同一事项按“就高不重复”")
    assert any(c.clause == "附则" for c in reply.citations)
    assert amounts(reply) == []


def test_a_denied_english_role_starts_no_item():
    u = understand(
        "We are a 参与单位 (not the lead) of a provincial 重点研发 project, accepted; 省拨经费 is "
        "30 million RMB",
        TODAY,
    )
    assert len(understand_items(u, TODAY)) == 1
    assert u.facts["role"] == "participate"


def test_a_figure_after_ba_is_labelled_by_the_verb_after_it():
    u = understand(
        "学校今年面向谷里企业的技术开发合同已经把二十五万补助领完了，再签一份六百万的技术开发合同",
        TODAY,
    )
    assert u.facts["received_this_year_yuan"] == 250_000
    assert u.facts["contract_amount_yuan"] == 6_000_000


def test_research_project_funding_is_the_hires_award_not_a_project():
    u = understand(
        "I'm a PhD joining a tech company in Jinchuanggu, 3-year contract, social insurance paid. "
        "How much research project funding can I get?",
        TODAY,
    )
    assert "major_project" not in u.topics


@settings(max_examples=10, deadline=None)
@given(who=st.sampled_from(["师弟", "同学", "同事"]), pronoun=st.sampled_from(["他", "她"]))
def test_a_companions_degree_is_a_hire_of_their_own(engine, who, pronoun):
    reply = last_reply(
        engine,
        [
            "我是博士，刚跟谷里一家科技型企业签了三年合同，社保也交了。",
            f"我{who}跟我一块去的，{pronoun}是硕士，合同和社保跟我一样。",
        ],
        TODAY,
    )
    assert sum(int(a) for a in amounts(reply)) == 150_000


def test_a_thing_the_speaker_also_runs_is_one_more_matter(engine):
    reply = last_reply(
        engine,
        [
            "我们在谷里运营一个高端装备方向的孵化器，今年新认定为省级。",
            "同一个运营单位还管着一个众创空间，今年也新认定了，国家级的，也是装备方向。",
        ],
        TODAY,
    )
    assert amounts(reply) == ["200000", "300000"]


def test_a_part_said_to_belong_to_the_thing_told_adds_to_it(engine):
    reply = last_reply(
        engine,
        [
            "我们是谷里的概念验证中心，协议任务完成了，去年服务性收入一百八十万。",
            "另外还有一块做成果评估的收入，九十万，也是这个中心这块的。",
        ],
        TODAY,
    )
    assert amounts(reply) == ["270000"]


@settings(max_examples=20, deadline=None)
@given(
    first=st.sampled_from([("中试基地", "pilot_base"), ("概念验证中心", "poc_centre")]),
    a=st.integers(min_value=50, max_value=300),
    b=st.integers(min_value=50, max_value=300),
    sep=st.sampled_from(["，", " "]),
)
def test_each_kind_goes_with_the_figure_after_it(first, a, b, sep):
    """ "A…a万，任务完成了，另外还有个B，…b万": whatever the figures and separators, each
    platform keeps its own kind."""
    other = (
        ("概念验证中心", "poc_centre") if first[1] == "pilot_base" else ("中试基地", "pilot_base")
    )
    u = understand(
        f"{first[0]}去年服务收入{a}万{sep}协议任务完成了{sep}另外我们还有个{other[0]}{sep}"
        f"服务收入{b}万{sep}任务也完成了{sep}分别多少",
        TODAY,
    )
    kinds = {
        pu.facts.get("service_revenue_yuan"): pu.facts.get("platform_type")
        for _p, pu in understand_items(u, TODAY)
    }
    if a != b:
        assert kinds == {a * 10_000: first[1], b * 10_000: other[1]}


@settings(max_examples=20, deadline=None)
@given(
    base=st.integers(min_value=5100, max_value=9000),
    op=st.sampled_from(["乘下来", "乘以0.2‰", "×0.2‰"]),
)
def test_a_figure_said_again_as_an_operand_is_one_amount(base, op):
    u = understand(
        f"学校面向谷内企业的技术服务和技术咨询合同，登记成交额一共{base}万。文件里是0.2‰，{base}万{op}是多少？",
        TODAY,
    )
    assert u.facts["service_turnover_yuan"] == base * 10_000
    assert len([f for f in u.figures if f.role == "base" and not f.restates]) == 1


def test_a_recount_said_as_a_new_total_replaces_the_figure(engine):
    reply = last_reply(
        engine,
        [
            "学校面向谷内企业的技术服务和技术咨询合同，去年认定登记成交额一共四千八百万，能补吗？",
            "抱歉，我漏统计了一笔，重新核了一下，一共是五千五百万。",
        ],
        TODAY,
    )
    assert amounts(reply) == ["11000"]


def test_a_space_parts_an_amount_question_from_a_procedure_question():
    from assistant.nlu.acts import questions

    assert len(questions("去年登记成交额一亿 补多少 找哪个部门报")) == 2


@settings(max_examples=15, deadline=None)
@given(pointer=st.sampled_from(["900万那份", "第二份那个", "那一份"]))
def test_the_company_of_one_contract_is_the_other_party(pointer):
    u = understand(
        f"刚才说错了，{pointer}的企业不在谷里，是太原的", TODAY, known_speaker="university"
    )
    assert "in_valley" not in u.facts


def test_who_runs_the_policy_with_no_measure_named(engine):
    reply = last_reply(engine, ["hello 政策是哪个部门管的"], TODAY)
    assert "市科技局负责解释" in reply.headline.text
    assert {c.clause for c in reply.citations} >= {"附则", "（三）", "（十四）"}


@settings(max_examples=15, deadline=None)
@given(whose=st.sampled_from(["博士期间的", "读博的", "自己的"]))
def test_a_persons_own_research_topic_is_no_project(whose):
    u = understand(
        f"我是在读博士，谷里一家科技型企业想要我，签三年，交社保，我可以带着{whose}课题继续做研发",
        TODAY,
    )
    assert "major_project" not in u.topics


def test_a_job_search_with_a_company_that_wants_the_speaker_has_an_employer():
    u = understand("最近在找工作，谷里有一家科技型企业想要我，签三年合同，交社保。我是博士", TODAY)
    assert u.facts.get("tech_enterprise") is not False


@settings(max_examples=15, deadline=None)
@given(
    n=st.sampled_from([("two", 2), ("Three", 3)]),
    kind=st.sampled_from(["maker spaces", "incubators"]),
)
def test_an_english_count_of_carriers_is_that_many_matters(n, kind):
    u = understand(
        f"Our company runs {n[0]} {kind} in the park, all newly recognized at provincial level "
        "this year, all in modern agriculture. How much in total?",
        TODAY,
    )
    assert len(understand_items(u, TODAY)) == n[1]


def test_fault_tolerance_asked_in_english_cites_the_measure():
    u = understand("Is there any fault-tolerance protection if commercialization fails?", TODAY)
    assert "（十四）" in u.clauses


@settings(max_examples=20, deadline=None)
@given(months=st.integers(min_value=1, max_value=35))
def test_a_station_short_of_its_years_is_told_how_long_to_wait(months):
    from calculators.registry import compute

    years = Decimal(36 - months) / 12
    award = compute(
        "workstation",
        {"station_type": "academician", "station_stage": "running", "years_running": years},
    )
    assert award.amount_yuan == 0
    assert any(f"还差约{months}个月满3年" in c.text for c in award.conditions)


def test_a_founding_date_before_the_policy_does_not_date_a_work_subsidy():
    u = understand("我们的院士工作站是2023年7月在谷里建的，每年10万的工作补助能拿吗", TODAY)
    assert "event_date" not in u.facts
    u = understand("我们2023年7月在谷里新设了院士工作站，建站补助能拿吗", TODAY)
    assert u.facts["event_date"].year == 2023


@settings(max_examples=15, deadline=None)
@given(
    pair=st.sampled_from(
        [
            ("博士", "硕士", "phd_count", "master_count"),
            ("硕士", "博士", "master_count", "phd_count"),
        ]
    ),
    n=st.integers(min_value=2, max_value=5),
    joint=st.sampled_from(["和", "、", "跟"]),
)
def test_a_bare_degree_listed_with_a_counted_one_is_one_person(pair, n, joint):
    bare, counted, bare_field, counted_field = pair
    u = understand(
        f"谷内科技型企业，{bare}{joint}{_CN[n - 1]}个{counted}签的三年，社保都交了", TODAY
    )
    assert u.facts[bare_field] == 1
    assert u.facts[counted_field] == n


@settings(max_examples=15, deadline=None)
@given(
    what=st.sampled_from(["装修和设备", "厂房改造", "设备"]), verb=st.sampled_from(["投了", "花了"])
)
def test_the_speakers_own_spending_is_context(what, verb):
    u = understand(f"孵化器今年新认定国家级，做医药的。我们去年{what}{verb}800万", TODAY)
    assert [f.role for f in u.figures] == ["context"]


@settings(max_examples=15, deadline=None)
@given(
    n=st.integers(min_value=2, max_value=5),
    degree=st.sampled_from(["博士", "硕士"]),
    verb=st.sampled_from(["组成的团队", "组建的团队", "合伙"]),
)
def test_a_team_described_by_its_members_degrees_hires_no_one(n, degree, verb):
    u = understand(f"我们是{'两三四五'[n - 2]}个{degree}{verb}，目前还没成立公司。", TODAY)
    assert not {"phd_count", "master_count"} & u.facts.keys()


def test_money_told_later_by_a_speaker_with_one_money_rule_is_that_rules(engine):
    reply = last_reply(
        engine,
        [
            "我们是谷里的一家技术转移服务机构，帮企业对接高校的成果，收点佣金。",
            "去年撮合成的合同一共两千万，这种有奖励吗？",
        ],
        TODAY,
    )
    assert amounts(reply) == ["200000"]


@settings(max_examples=15, deadline=None)
@given(
    span=st.sampled_from(["一个月", "一年", "每个月"]),
    visit=st.sampled_from(["过去住几天", "来两次", "过来三天"]),
)
def test_how_often_someone_comes_is_no_duration_of_a_matter(span, visit):
    u = understand(f"谷里的企业请我去指导，不打算签劳动合同，就是{span}{visit}", TODAY)
    assert "contract_years" not in u.facts


def test_a_duration_in_months_is_said_in_months():
    from calculators.common import format_years

    assert format_years(Decimal(1) / 12) == "1个月"
    assert format_years(Decimal(18) / 12) == "1.5年"


def test_not_planning_to_sign_a_contract_is_a_flexible_engagement(engine):
    reply = last_reply(
        engine,
        [
            "我是外地退休的研究员，谷里一家企业请我去指导，我不打算签劳动合同，一个月去几天，政策有啥说法"
        ],
        TODAY,
    )
    assert "柔性" in reply.answer
    assert amounts(reply) in ([], ["0"])


@settings(max_examples=15, deadline=None)
@given(quote=st.sampled_from(["博士才十万", "博士10万、硕士5万", "硕士是对半"]))
def test_what_each_degree_is_paid_names_no_one(quote):
    u = understand(f"同学说{quote}，谁说的对？", TODAY)
    assert u.degree_named is False


def test_a_degree_said_of_a_person_is_named():
    assert understand("公司还招了一个硕士", TODAY).degree_named is True


@settings(max_examples=15, deadline=None)
@given(
    said=st.sampled_from(["两块牌子一个站", "其实是同一个站", "两个名字，其实就是一个站"]),
    other=st.sampled_from(["专家工作站", "院士专家创新中心"]),
)
def test_one_station_under_two_names_is_one_matter(engine, said, other):
    reply = last_reply(
        engine, [f"今年在谷里新设了院士工作站，还挂着{other}的牌子，{said}。建站补助多少？"], TODAY
    )
    assert amounts(reply) == ["1000000"]


def test_a_products_sales_date_dates_no_contract():
    u = understand(
        "从山西大学受让了一项专利，技术合同是2024年12月认定登记的，交易额二百万，产品去年开始卖",
        TODAY,
    )
    assert u.facts["event_date"].year == 2024


@settings(max_examples=15, deadline=None)
@given(op=st.sampled_from(["加", "+", "减"]))
def test_figures_said_again_as_operands_of_a_sum_restate(op):
    u = understand(
        f"去年给谷内企业放贷合计7800万，其中知识产权质押贷款2350万。行长算的是7800万{op}2350万"
        "再乘0.5%，等于50.75万",
        TODAY,
    )
    assert u.facts["financing_total_yuan"] == 78_000_000
    assert {f.mention.raw: f.role for f in u.figures}["50.75万"] == "estimate"


@settings(max_examples=15, deadline=None)
@given(
    wait=st.sampled_from(
        ["补齐之后再出验收结论", "验收结论还没出", "还差一份审计报告，补齐以后才出结论"]
    )
)
def test_an_acceptance_whose_conclusion_is_still_to_come_is_not_passed(wait):
    u = understand(f"牵头的省级项目上个月验收，专家组说{wait}。省拨五百万", TODAY)
    assert u.facts["accepted"] is False


@settings(max_examples=15, deadline=None)
@given(later=st.sampled_from(["后来他只肯先签两年", "结果只签了两年", "最后只签了两年"]))
def test_what_happened_replaces_what_was_planned(later):
    u = understand(f"引进了一位博士，社保交了。本来要签三年的劳动合同，{later}", TODAY)
    assert u.facts["contract_years"] == 2


def test_another_persons_employer_place_is_theirs_when_the_speakers_is_in_the_valley():
    u = understand(
        "我硕士毕业，已经入职谷内一家科技型企业，签了三年合同、交了社保。我对象在太原的一家企业上班",
        TODAY,
    )
    assert u.facts["in_valley"] is True
    relative = understand("替我闺女问问，她是博士，在太原的一家企业上班，签了三年合同", TODAY)
    assert relative.facts["in_valley"] is False


@settings(max_examples=15, deadline=None)
@given(
    case=st.sampled_from(
        [
            ("我们去年投了谷内一家初创公司一千万。如果失败了，投资经理会不会被追责？", "（十四）"),
            ("专利被外省一家厂仿制了，损失两百万左右，晋创谷能提供什么帮助？", "（十三）"),
            ("技术经纪人能不能评职称？每年经手的合同两三千万。", "（八）"),
        ]
    )
)
def test_a_clause_asked_in_its_own_words_beside_a_figure_is_that_clause(case):
    text, clause = case
    u = understand(text, TODAY)
    assert u.intent.value == "clause_text"
    assert clause in u.clauses
