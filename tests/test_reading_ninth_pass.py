"""Issue 18, ninth pass: mechanisms found on a fresh batch read for tuning (blind18) and on
the read batches, each stated as what must hold for any wording of its kind."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from conftest import amounts, last_reply

from assistant.nlu.understand import understand
from calculators.common import MonthOnly
from calculators.registry import rule_parameters

TODAY = date(2026, 6, 15)
RULES_BY_CLAUSE = {"（四）": "enterprise_transfer", "（五）": "academic_contract"}


@pytest.mark.parametrize("entry", ["2023年入驻晋创谷", "2022年注册的", "前年搬进园区"])
def test_the_companys_entry_date_is_not_the_matters_date(entry):
    u = understand(f"我们公司{entry}，牵头的省级项目去年验收了，省拨500万，能拿多少？", TODAY)
    assert u.facts["event_date"].year == 2025
    assert "event_date" not in understand(f"我们公司{entry}。", TODAY).facts


@pytest.mark.parametrize(("word", "month"), [("上个月", 5), ("这个月", 6)])
def test_a_month_said_relative_to_today_dates_the_matter(word, month):
    u = understand(f"我们牵头的国家项目{word}通过验收，国拨2000万", TODAY)
    assert u.facts["event_date"] == MonthOnly(2026, month, 1)
    january = understand("项目上个月验收了", date(2026, 1, 10)).facts["event_date"]
    assert january == MonthOnly(2025, 12, 1)


@pytest.mark.parametrize("modifier", ["综合绩效评价", "省科技厅组织的", "结题"])
def test_a_completed_verb_reaches_its_object_across_modifiers(modifier):
    assert understand(f"牵头的项目通过了{modifier}验收", TODAY).facts.get("accepted") is True
    said_not = understand(f"牵头的项目还没通过{modifier}验收", TODAY).facts.get("accepted")
    assert said_not is not True


@pytest.mark.parametrize("asked", ["一年最多给多少", "一年能补多少", "一年的话最高多少"])
def test_one_year_a_cap_is_counted_over_is_no_duration_fact(asked):
    assert "years" not in understand(f"技术合同登记以后企业那个奖励，{asked}？", TODAY).facts


@pytest.mark.parametrize(
    ("text", "clause"),
    [
        ("技术合同登记以后企业那个2%的奖励，一年最多给多少？", "（四）"),
        ("技术合同登记以后学校那个1%的补助，一年最多给多少？", "（五）"),
    ],
)
def test_a_cap_asked_with_no_figure_quotes_the_ceiling_of_the_measure_the_rate_names(
    engine, text, clause
):
    reply = last_reply(engine, [text], TODAY)
    assert reply.headline.text.startswith("上限按原文：“")
    assert f"**{clause}" in reply.answer and reply.follow_up
    ceilings = [p for p in rule_parameters(RULES_BY_CLAUSE[clause]) if p.is_ceiling]
    assert all(p.quote in reply.headline.text for p in ceilings if p.unit == "yuan")
    assert not reply.awards  # a ceiling is said, no amount is computed


def test_an_amount_question_with_no_figure_states_no_ceiling(engine):
    reply = last_reply(engine, ["技术合同登记以后企业那个2%的奖励，能拿多少？"], TODAY)
    assert reply.headline.text.startswith("为了算出金额")


def test_both_contracts_done_is_no_question_of_combining_two_policies():
    told = "签了两份合同，两份都做了认定登记，学校一共能拿多少补助？"
    assert "附则" not in understand(told, TODAY).clauses
    assert "附则" in understand("省里和市里的补助两份都能拿吗？", TODAY).clauses


@pytest.mark.parametrize("said", ["去年营业额1.8亿左右", "我们公司小，一年营收才八百来万"])
def test_a_businesss_turnover_is_no_base_for_an_enterprise(said):
    u = understand(
        f"我们是谷里的入驻企业，{said}。牵头的省级项目验收了，省拨640万，能拿多少？", TODAY
    )
    assert u.facts["allocation_yuan"] == 6400000
    assert "service_revenue_yuan" not in u.facts and u.topics == ["major_project"]
    platform = understand("我们是中试基地，去年营收300万，能拿多少？", TODAY)
    assert platform.facts["service_revenue_yuan"] == 3000000


@pytest.mark.parametrize("short", ["协议任务还差一截", "协议任务估计明年才能全部完成"])
def test_agreement_tasks_still_short_or_done_only_later_are_unmet(short):
    assert (
        understand(f"我们是中试基地，{short}，去年服务收入360万", TODAY).facts["tasks_completed"]
        is False
    )


@pytest.mark.parametrize("contingent", ["要是不行，那得等到什么时候？", "如果不能的话，怎么办？"])
def test_a_question_that_holds_only_if_the_answer_is_no_belongs_to_it(contingent):
    from assistant.nlu import acts

    first = "我们能不能先按30%把去年的奖补申请下来？"
    assert acts.questions(first + contingent) == [first + contingent]


@pytest.mark.parametrize("word", ["税前年薪六万欧元", "提前年检"])
def test_a_relative_year_inside_another_word_names_no_year(word):
    assert "event_date" not in understand(f"我做了四年研发，{word}。", TODAY).facts


def test_a_degree_the_speaker_studied_for_is_theirs():
    u = understand("我在德国亚琛工业大学读的机械工程博士，下个月入职谷里一家科技型企业", TODAY)
    assert u.speaker_degree == "phd_count"
    assert understand("我读的是博士生导师的课", TODAY).speaker_degree is None


def test_a_figure_pointed_back_at_is_the_one_told_not_another():
    u = understand(
        "我们是小额贷款公司，2025年给谷里企业放款总额四千六百万，今年上半年又放了两千万。"
        "去年那四千六百万能奖多少？",
        TODAY,
    )
    assert u.facts["financing_total_yuan"] == 46000000
    assert not u.extra_amounts.get("financing_total_yuan")


def test_a_kind_named_again_is_the_item_told_and_what_was_heard_names_none(engine):
    reply = last_reply(
        engine,
        [
            "我们运营一个科技企业孵化器和一个众创空间，都在谷里，方向是高端装备。孵化器去年认定为"
            "省级，当时已经拿了30万奖补，今年又被认定为国家级孵化器了。众创空间是今年刚备案的"
            "省级。听说国家级孵化器给50万，我们孵化器这次还能拿多少？众创空间又能拿多少？"
        ],
        TODAY,
    )
    assert amounts(reply) == ["100000", "200000"]


def test_an_item_paid_in_its_own_words_is_not_open_again_and_uses_the_yearly_cap(engine):
    reply = last_reply(
        engine,
        [
            "我们是谷里的企业，今年从山西农业大学受让了一项专利，交易额350万，专利权人已变更，"
            "合同也认定登记了，产品卖得不错，这个合同上个月已经批了7万奖励。最近又跟一个研究所"
            "签了专利许可合同，备案了，认定登记也办了，交易额250万，也有效益了。第二个合同能再"
            "拿多少？"
        ],
        TODAY,
    )
    assert amounts(reply) == ["30000"]


def test_an_ordinal_asked_with_a_figure_of_its_own_is_one_more_item():
    from assistant.nlu import items

    u = understand("第一个项目省拨500万，牵头的，验收了；第二个项目国拨300万能拿多少？", TODAY)
    assert len(items.split(u)) == 2


def test_a_year_written_out_is_the_year_a_yearly_total_is_asked_of():
    u = understand(
        "我们是谷里的技术转移机构，2025年参与的技术服务合同交易额一共3600万，2024年是2900万。"
        "帮我算算2025年度能拿多少？",
        TODAY,
    )
    assert u.facts["transfer_turnover_yuan"] == 36000000


def test_blame_pursued_across_words_is_the_tolerance_clause():
    u = understand("万一投的项目亏了，出资方会不会追究我们投资团队的责任？", TODAY)
    assert "（十四）" in u.clauses


def test_an_english_condition_negated_earlier_in_its_clause_is_unmet():
    u = understand(
        "We licensed a patent from Shanxi University, registered, but the licence has not "
        "been filed with CNIPA yet. Contract value 2 million RMB.",
        TODAY,
    )
    assert u.facts["patent_formalities_done"] is False
    sure = understand("I'm not sure, but the licence was filed with CNIPA.", TODAY)
    assert sure.facts.get("patent_formalities_done") is not False


@pytest.mark.parametrize("degree", ["从英国回来的博士", "海归博士"])
def test_a_speaker_who_holds_the_degree_is_the_one_hired_not_asked_for_a_head_count(engine, degree):
    reply = last_reply(engine, [f"你好，我是{degree}，学的生物医药"], TODAY)
    assert "几名博士" not in reply.answer


def test_an_employer_one_goes_to_names_no_speaker_and_its_place_is_heard():
    u = understand("我下个月去太原一家科技企业上班，签三年合同交社保，能拿多少", TODAY)
    assert u.applicant is None and u.facts["in_valley"] is False
    inside = understand("要是去谷里的科技型企业，签五年合同、单位交社保，能给多少？", TODAY)
    assert inside.applicant is None and inside.facts["in_valley"] is True


def test_a_speaker_with_no_employer_yet_is_not_hired_by_a_tech_enterprise():
    assert understand("我是博士，还没定单位。", TODAY).facts["tech_enterprise"] is False


def test_this_clause_after_a_clause_with_no_figure_is_that_clause(engine):
    reply = last_reply(
        engine,
        ["我们律所想进驻晋创谷，给科技企业做法律服务，有什么政策", "这一条原文是怎么写的"],
        TODAY,
    )
    assert "律师事务所" in reply.answer and "没有找到" not in reply.answer
    units = last_reply(engine, ["律所进驻有什么政策", "这一条的责任单位是哪几家？"], TODAY)
    assert "市司法局" in units.answer


def test_a_person_working_at_a_company_is_not_the_company():
    u = understand("我在谷里一家企业上班，自己交了七千五培训费，拿到了晋级证书，能补多少", TODAY)
    assert u.applicant is None and u.topics == ["broker_training"]
    assert understand("我们在谷里一家企业上班", TODAY).applicant == "enterprise"


def test_an_amount_asked_again_after_a_yearly_total_told_in_parts_is_the_whole(engine):
    reply = last_reply(
        engine,
        [
            "我们是谷里的技术转移机构",
            "去年参与的成果转移合同2100万，技术服务和技术咨询合同1700万",
            "多少钱",
        ],
        TODAY,
    )
    assert sum(int(a.amount_yuan) for a in reply.awards) == 380000


def test_the_speaker_asking_of_themselves_drops_the_head_count_of_the_person_told_before(engine):
    reply = last_reply(
        engine,
        [
            "我男朋友是博士，进了谷里一家科技型企业，签了三年合同交社保，听说能有10万",
            "那我呢，我是硕士，今年毕业也去这家公司，也签三年交社保",
        ],
        TODAY,
    )
    assert amounts(reply) == ["50000"]


@pytest.mark.parametrize(
    "short", ["协议里有一项任务指标，我们去年没有完成，差了一点", "协议任务没能全部完成"]
)
def test_agreement_tasks_not_completed_across_words_are_unmet(short):
    u = understand(f"我们是中试基地，{short}，去年服务性收入460万", TODAY)
    assert u.facts["tasks_completed"] is False
    assert understand("协议任务不是没完成", TODAY).facts["tasks_completed"] is True


def test_we_before_a_degree_is_the_company_not_a_plural_of_hires(engine):
    reply = last_reply(engine, ["我们引进的博士从上个月开始交社保，合同签了三年，多少钱？"], TODAY)
    assert amounts(reply) == ["100000"]


def test_levels_held_together_by_one_carrier_are_its_highest(engine):
    reply = last_reply(engine, ["一个众创空间市级和省级都认定了，能拿几份？"], TODAY)
    assert amounts(reply) == ["100000"]


def test_what_was_told_of_a_group_holds_for_each_matter_told_later(engine):
    reply = last_reply(
        engine,
        [
            "我们是谷内企业，牵头了两个项目，去年和今年各验收了一个。",
            "一个是国家重点研发计划，国拨3000万；另一个是省科技重大专项，省拨800万。",
        ],
        TODAY,
    )
    assert amounts(reply) == ["1000000", "400000"]


def test_a_rate_then_is_a_result_is_the_askers_working_and_their_sum_with_a_cap_too():
    u = understand("财务说5%就是60万，再加单项最高的100万，一共160万，是这么算吗？", TODAY)
    assert [f.role for f in u.figures if f.mention.kind == "money"] == [
        "estimate",
        "cap",
        "estimate",
    ]


def test_a_case_told_with_its_figure_asks_what_it_gives_not_the_text(engine):
    told = "我们公司和山西大学签了技术许可合同，三百万，备案、登记都办完了，也产生效益了，政策上怎么说？"
    assert amounts(last_reply(engine, [told], TODAY)) == ["60000"]
    assert understand("技术许可合同300万，原文怎么写的？", TODAY).intent.value == "clause_text"


def test_whom_the_policy_applies_to_is_the_appendix():
    assert "附则" in understand("我在北京工作，想了解这个政策适用于谁", TODAY).clauses


def test_a_field_said_of_a_carrier_that_names_none_of_the_three_is_outside():
    u = understand("我们众创空间主要孵化餐饮外卖项目，省级备案了，有钱没", TODAY)
    assert u.facts["in_focus_industry"] is False
    inside = understand("我们孵化器主要孵化医疗器械项目，省级", TODAY)
    assert inside.facts["in_focus_industry"] is True
    assert "in_focus_industry" not in understand("我们孵化器主要服务初创企业，省级", TODAY).facts


def test_a_school_transferring_a_patent_names_the_contract_measure():
    assert understand("农大给谷内企业转让专利，合同两百万", TODAY).topics


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("我们众创空间去年认定的省级 已经拿了10万 今年又评上国家级了 这回还能拿多少", ["100000"]),
        ("中试基地 收入400w 协议任务完成了 给多少", ["1000000"]),
    ],
)
def test_spaces_typed_between_words_end_clauses(engine, typed, expected):
    assert amounts(last_reply(engine, [typed], TODAY)) == expected


def test_a_company_one_will_join_next_month_in_the_valley_is_in_the_valley():
    u = understand("下个月入职谷里一家做医疗器械的科技型企业，合同签五年", TODAY)
    assert u.facts["in_valley"] is True


def test_a_kind_counted_in_a_clause_of_its_own_takes_the_terms_after_it(engine):
    reply = last_reply(
        engine,
        [
            "我们公司是谷里的科技型中小企业，今年一共进了3个博士，其中两个签的是三年合同，另一个"
            "先签了一年，三个人社保都在我们这交。另外还有四个硕士，都是五年合同，社保也交了。"
            "一共能申请多少？"
        ],
        TODAY,
    )
    assert sum(int(a.amount_yuan) for a in reply.awards) == 400000


def test_a_part_the_wholes_own_words_name_is_a_breakdown_of_what_the_rule_reads():
    u = understand(
        "去年我行给谷内企业发放的科技信用贷款和知识产权质押贷款一共6800万，其中知识产权质押贷款"
        "2100万，年末贷款余额5200万。能拿多少？",
        TODAY,
    )
    assert u.facts["financing_total_yuan"] == 68000000
    qualified = understand("全行贷款投放45亿，其中给谷内科技企业的8600万，能拿多少？", TODAY)
    assert qualified.facts["financing_total_yuan"] == 86000000


@pytest.mark.parametrize(
    "said",
    ["基金认缴规模2亿", "Our branch's total assets are about 4 billion."],
)
def test_a_size_or_balance_of_the_speaker_is_context(said):
    u = understand(f"{said}去年给谷内企业放款5000万，能拿多少？", TODAY)
    assert u.facts["financing_total_yuan"] == 50000000


def test_money_one_could_get_is_no_money_received():
    u = understand("合伙人按0.5%算了一下，说去年能拿25万，对吗？", TODAY)
    assert [f.role for f in u.figures if f.mention.kind == "money"] != ["received"]


def test_a_figure_said_as_context_before_replaces_no_fact_when_said_again(engine):
    reply = last_reply(
        engine,
        [
            "我们是开发区的一个中试基地，去年的协议任务都完成了。去年总收入500万，其中服务性收入280万。",
            "老板说按总收入500万的30%是150万，超过封顶了，那就直接报100万？",
        ],
        TODAY,
    )
    assert amounts(reply) == ["840000"]


def test_an_item_paid_in_an_earlier_year_in_its_own_sentence_is_no_matter(engine):
    reply = last_reply(
        engine,
        [
            "我们是谷内企业，去年牵头的一个国家重点研发计划课题通过验收，国拨1600万，去年已经拿到了"
            "奖励80万。今年又有两个项目验收通过：一个是我们牵头的省重点研发计划项目，省拨经费900万；"
            "另一个是我们牵头的国家科技重大专项课题，国拨经费3000万。能拿多少？"
        ],
        TODAY,
    )
    assert amounts(reply) == ["1000000", "450000"]


def test_a_copula_before_a_described_kind_says_the_speaker_is_that_kind():
    u = understand(
        "我们是晋创谷里的一家技术转移服务机构，去年参与的合同交易额2600万。另外，我们的首席"
        "经纪人老杨去年被评为优秀技术转移转化个人。",
        TODAY,
    )
    assert u.applicant == "transfer_institution"


def test_a_remainder_or_rental_income_is_context_and_names_no_measure(engine):
    reply = last_reply(
        engine,
        [
            "我们平台公司下面有一个概念验证中心和一个中试基地，去年的协议任务都已完成。概念验证中心"
            "去年总收入520万，其中服务性收入380万，剩下140万是承办培训的收入；中试基地服务性收入"
            "四百万出头，另外设备出租收入90万。分别能拿多少？"
        ],
        TODAY,
    )
    assert amounts(reply) == ["1000000", "380000"]
    leasing = understand("我们是融资租赁公司，去年给谷里企业融资6000万，能拿多少", TODAY)
    assert leasing.facts["financing_total_yuan"] == 60000000


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("验收专家组给的意见是需整改后复验。现在能申请奖励吗？", "accepted"),
        (
            "我们的概念验证中心去年服务性收入300万，但是协议里还有两项考核指标没完成",
            "tasks_completed",
        ),
    ],
)
def test_a_rework_or_an_agreement_target_still_open_is_unmet(text, fact):
    assert understand(text, TODAY).facts[fact] is False


def test_a_groups_consolidated_revenue_is_context_and_its_subsidiaries_platforms_are_its_own(
    engine,
):
    reply = last_reply(
        engine,
        [
            "我是一家医药集团科技部的，集团两家入驻的子公司分别建了平台：子公司A的中试基地跟开发区签"
            "了协议，去年任务全部完成，服务性收入260万；子公司B的概念验证中心去年服务性收入150万，"
            "但协议里的任务还差一项没完成。集团去年营收30亿。请问分别能拿多少？"
        ],
        TODAY,
    )
    assert amounts(reply) == ["0", "780000"]


def test_the_last_items_own_sentence_is_not_said_of_all_items(engine):
    reply = last_reply(
        engine,
        [
            "我们集团在晋创谷有两家入驻的子公司。子公司甲牵头承担的国家科技重大专项课题去年年底通过了"
            "验收，课题国拨经费2400万，地方配套300万；子公司乙牵头的省科技重大专项，省拨经费800万，"
            "原定今年5月验收，因为部分指标没完成，延期到明年了。集团去年合并营收18亿，请问两家子公司"
            "各自能拿多少？"
        ],
        TODAY,
    )
    assert amounts(reply) == ["0", "1000000"]


def test_an_enumerator_after_a_relative_clause_is_the_items_object_not_another_item():
    from assistant.nlu import items

    u = understand(
        "我们是谷内企业，去年签了两份专利转让合同：一份是从上海一家科技公司买的两项专利，300万；"
        "一份是从中北大学受让的一项焊接专利，200万。都登记了，能拿多少？",
        TODAY,
    )
    assert len(items.split(u)) == 2


def test_research_funds_received_are_context():
    u = understand("学校今年到账的科研经费大概6亿，技术开发合同一份1100万，登记了，能拿多少", TODAY)
    assert 600000000 not in [f.value for f in u.figures if f.role == "base"]


def test_a_semicolon_ends_a_question_only_where_its_sentence_asks():
    from assistant.nlu import acts

    listed = (
        "想算一下学校今年能拿多少补助。今年登记的合同有四份：技术开发900万；专利转让650万；"
        "专利许可480万。请问一共多少？"
    )
    assert len(acts.questions(listed)) == 1
    asked = (
        "一是入驻以后有没有房租减免；二是有没有高企认定奖励；三是项目省拨450万，参与的能拿多少？"
    )
    assert len(acts.questions(asked)) == 3


def test_a_count_of_items_listed_after_it_makes_no_copies(engine):
    reply = last_reply(
        engine,
        [
            "我是晋中信息学院科技处的。今年学校跟谷内企业签了三份技术合同，都认定登记了：一份技术"
            "开发合同380万，一份技术服务合同260万，还有一份技术咨询合同90万。能拿多少补助？"
        ],
        TODAY,
    )
    assert amounts(reply) == ["0", "38000"]


def test_a_long_named_institute_licensing_to_us_is_the_other_party():
    u = understand("中国科学院山西煤炭化学研究所许可给我们的一项催化剂专利，许可费200万", TODAY)
    assert u.applicant != "institute"


def test_a_patent_still_in_the_office_is_not_transferred_yet():
    u = understand("一份专利转让合同，360万，但是专利权人变更还在国知局走流程，没办完", TODAY)
    assert u.facts["patent_formalities_done"] is False


def test_a_carrier_still_applying_is_not_recognised_and_a_later_turn_names_it_by_kind(engine):
    turns = [
        "我们公司在谷内运营两个载体：一个医药大健康方向的孵化器，今年认定为国家级；一个现代农业"
        "众创空间，今年在申报省级众创空间。两个一共能拿多少？",
        "哦对，众创空间那个还没正式备案下来，还在公示。那现在能拿多少？",
    ]
    for k in (1, 2):
        reply = last_reply(engine, turns[:k], TODAY)
        assert amounts(reply) == ["0", "500000"]


def test_a_figure_said_not_to_count_is_context():
    u = understand(
        "我们的概念验证中心协议任务完成了，service income 4.6 million，另外 government grants "
        "1.2 million 不算 service。能拿多少？",
        TODAY,
    )
    assert [f.value for f in u.figures if f.role == "base"] == [4600000]


def test_english_acceptance_still_scheduled_is_unmet_and_a_total_budget_is_context():
    u = understand(
        "We participate in a provincial major project with provincial funding of 4 million, but "
        "its acceptance is scheduled for next year. Total project budget including our own funds "
        "is 40 million.",
        TODAY,
    )
    assert u.facts["accepted"] is False
    assert 40000000 not in [f.value for f in u.figures if f.role == "base"]


def test_a_written_year_and_a_relative_one_are_compared_against_today(engine):
    reply = last_reply(
        engine,
        [
            "我们是谷内设立的一家天使基金，基金规模1.5亿。2025年投了谷内三家早期科技企业，分别投了"
            "1200万、1800万、1800万；今年上半年又投了两家，一共2600万。2025年那几笔投资能拿多少奖励？"
        ],
        TODAY,
    )
    assert amounts(reply) == ["240000"]


def test_people_added_to_a_group_with_their_own_terms_are_not_taken_out_of_it(engine):
    reply = last_reply(
        engine,
        [
            "我们是谷内科技型中小企业。今年引进了三个人：一位博士，签了五年劳动合同，社保在我们这交；"
            "一位硕士，合同签了三年，社保也在我们这；还有一位硕士合同只签了两年，社保还在原单位交。"
            "这三个人各能拿多少？"
        ],
        TODAY,
    )
    assert sum(int(a.amount_yuan) for a in reply.awards) == 150000


def test_items_the_asker_numbers_stay_apart_though_of_one_kind():
    from assistant.nlu import items

    u = understand(
        "我们在谷里运营三个载体：一是聚焦医药大健康的科技企业孵化器，今年4月刚被认定为国家级；"
        "二是现代农业方向的众创空间，今年新备案为省级众创空间；三是做文化创意和直播电商的众创空间，"
        "今年也备案了省级。各能拿多少？",
        TODAY,
    )
    assert len(items.split(u)) == 3


def test_people_counted_in_a_station_then_listed_are_no_stations():
    from assistant.nlu import items

    u = understand(
        "我们博士后科研工作站今年三月刚在谷内新设立，目前进站两名博士后，一个做针状焦，一个做锂电"
        "负极。建站补助能给多少？",
        TODAY,
    )
    assert len(items.split(u)) == 1
    two = understand(
        "两个博士后站：一个在谷内新设立，一个设立两年了评估也通过了，各能拿多少", TODAY
    )
    assert len(items.split(two)) == 2


def test_how_to_claim_with_a_figure_told_asks_the_amount(engine):
    reply = last_reply(
        engine,
        [
            "我们公司在晋创谷有个研发中心，已经入驻了，去年营收二十三亿。前年我们参与了一个国家重点"
            "研发计划项目，项目国拨经费3500万，今年初通过了验收。我们该怎么报，最多能拿多少？"
        ],
        TODAY,
    )
    assert amounts(reply) == ["700000"]


def test_a_size_in_units_is_no_money_and_a_boss_s_heard_figure_is_no_grant():
    from assistant.nlu.numbers import find_numbers

    assert [n.kind for n in find_numbers("面积一万二千平米，产能5万吨，收入300万")] == [
        "measure",
        "measure",
        "money",
    ]
    u = understand("孵化器今年被认定为国家级了，老板说国家级给50万，还能拿多少？", TODAY)
    assert "other_policy_award_yuan" not in u.facts


def test_loans_to_individuals_are_context_for_a_banks_award():
    u = understand("去年给谷内的科技企业发放贷款三千万，另外还给个人发放了一千万消费贷。", TODAY)
    assert u.facts["financing_total_yuan"] == 30000000
    assert not u.extra_amounts.get("financing_total_yuan")


def test_a_level_not_sought_and_a_year_of_nothing_done_are_no_facts():
    u = understand(
        "我们在2023年10月就被认定为省级众创空间了。今年我们没有申报新的认定，也没有升级国家级的"
        "计划。还能拿奖补吗？",
        TODAY,
    )
    assert u.facts["carrier_level"] == "provincial"
    assert u.facts["event_date"].year == 2023


def test_signing_a_term_directly_is_the_contract_term():
    assert understand("他只肯签两年半", TODAY).facts["contract_years"] == Decimal("2.5")
