"""Issue 18, tenth pass: mechanisms found on fresh batches read for tuning (blind22, blind23)
and on the read batches, each stated as what must hold for any wording of its kind."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import amounts, last_reply

from assistant.nlu.items import understand_items
from assistant.nlu.understand import understand

TODAY = date(2026, 6, 15)


def _rules(text: str) -> list[str | None]:
    """The measure of each matter the message tells, in order."""
    return [piece.rule for piece, _ in understand_items(understand(text, TODAY), TODAY)]


@pytest.mark.parametrize(
    ("intro", "second"),
    [
        ("在农高区运营一个众创空间和一个杂粮加工中试基地。", "中试基地跟农高区签了协议"),
        ("运营一个聚焦现代农业的众创空间，还有一个中试基地。", "中试基地今年协议任务完成了"),
    ],
)
def test_a_type_listed_or_described_after_one_run_is_run_too(intro, second):
    text = f"我们是一家农业科技公司，{intro}众创空间今年刚备案为省级；{second}，去年服务收入180万。各能拿多少？"
    assert _rules(text) == ["carrier", "platform"]


def test_a_line_of_business_the_speaker_also_does_keeps_its_measure():
    text = (
        "我们公司运营一个聚焦高端装备制造的科技企业孵化器，今年5月被认定为省级孵化器。"
        "公司同时也做技术转移服务，去年参与的技术服务和技术咨询合同交易额1800万。各能拿多少？"
    )
    assert understand(text, TODAY).topics == ["carrier", "transfer_service"]
    assert _rules(text) == ["carrier", "transfer_service"]


def test_a_kind_named_again_in_its_own_sentence_is_the_same_item():
    text = (
        "Our company runs two carriers: a health incubator recognised as a national-level "
        "technology business incubator in March 2026, and an agriculture maker space filed as "
        "a provincial-level one in May 2026. How much can each get?"
    )
    kinds = [
        pu.facts.get("carrier_type") for _, pu in understand_items(understand(text, TODAY), TODAY)
    ]
    assert kinds == ["incubator", "maker_space"]


@pytest.mark.parametrize(
    "said", ["是四十万，不是四百万", "不是四百万，是四十万", "是40万而不是400万"]
)
def test_a_figure_denied_beside_the_one_meant_is_context(said):
    roles = {f.value: f.role for f in understand(said, TODAY).figures}
    assert roles[4_000_000] == "context" and roles[400_000] != "context"


def test_a_condition_supposed_met_is_met_whenever_it_would_be():
    supposed = understand("要是下个月验收通过了呢？能拿多少", TODAY)
    assert supposed.facts["accepted"] is True
    assert understand("项目下个月才验收", TODAY).facts["accepted"] is False


@pytest.mark.parametrize(
    "later", ["哦不对，年底已经全部完成了。那能拿多少？", "其实早就办完了，能拿多少"]
)
def test_a_completion_with_no_object_is_the_one_condition_told_unmet(engine, later):
    turns = ["我们中试基地去年服务性收入三百二十万。", "协议任务还没完成。", later]
    assert amounts(last_reply(engine, turns, TODAY)) == ["960000"]


def test_a_denied_counterparty_is_corrected_in_a_later_turn(engine):
    turns = [
        "我们企业从中北大学受让了一项专利，专利权人已经变更，认定登记也做了，交易额二百五十万，产品在卖了。",
        "等一下，我看错了，卖专利给我们的是太原一家私营企业，不是中北大学。",
    ]
    assert all(a.amount_yuan == "0" for a in last_reply(engine, turns, TODAY).awards)


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("牵头的省科技重大专项快验收了，省拨一千万", "accepted"),
        ("牵头的国家项目即将验收，国拨两千万", "accepted"),
        ("孵化器国家级的公示快结束了，就是还没正式发文", "carrier_recognised"),
    ],
)
def test_a_condition_about_to_be_met_is_not_met_yet(text, fact):
    assert understand(text, TODAY).facts.get(fact) is False


def test_a_student_asking_of_hiring_has_no_labour_contract_yet():
    assert understand("我研一，能申请那个硕士5万吗？", TODAY).facts["contract_years"] == 0
    signed = understand("我研三，已经和谷里一家科技型企业签了三年劳动合同，硕士5万能拿吗", TODAY)
    assert signed.facts["contract_years"] == 3
    assert "contract_years" not in understand("我是在读研究生，想来晋创谷创业", TODAY).facts


def _base(text: str) -> list[int]:
    return [int(f.value) for f in understand(text, TODAY).figures if f.role == "base"]


@pytest.mark.parametrize(
    ("text", "base"),
    [
        ("我们行去年给谷内企业的融资总额是7800万，其中知识产权质押贷款2300万", 78_000_000),
        ("去年给谷内企业发放贷款1.4亿，其中知识产权质押贷款3500万", 140_000_000),
        ("全行贷款投放45亿，其中给谷内科技企业发放的贷款合计8600万", 86_000_000),
        ("中试基地去年总收入800万，其中服务性收入260万", 2_600_000),
    ],
)
def test_a_part_of_a_total_the_measure_reads_is_a_breakdown(text, base):
    assert _base(text) == [base]


def test_a_correction_to_what_the_figure_actually_was_replaces_it(engine):
    turns = [
        "您好，银行的，去年我们给谷内科技企业的贷款投放一共七千二百万。",
        "不好意思，刚才说错了，七千二百万是合同金额，实际投放是六千四百万。",
        "那按0.5%能奖多少？",
    ]
    assert amounts(last_reply(engine, turns, TODAY)) == ["320000"]


def test_a_quoted_rate_asks_again_for_every_matter_told(engine):
    turns = [
        "我们是一家农商行，在晋创谷里设了服务网点",
        "去年给谷内企业的知识产权质押贷款2100万，科技信用贷款2500万",
        "0.5%，就是千分之五对吧？那是多少",
    ]
    assert sum(int(a.amount_yuan) for a in last_reply(engine, turns, TODAY).awards) == 230000


def test_a_banks_interest_income_is_context():
    text = (
        "我是农商行科技支行的，去年给谷内企业发放贷款7200万，能奖多少？支行去年利息收入大概三百万。"
    )
    assert _base(text) == [72_000_000]


@pytest.mark.parametrize(
    ("first", "award"),
    [("2025年认定了省级，谷里给了30万。", "200000"), ("2023年认定了省级。", "500000")],
)
def test_a_carriers_upgrade_told_in_a_later_turn_counts_what_the_earlier_level_got(
    engine, first, award
):
    turns = [f"我们孵化器是做医疗器械方向的，{first}", "今年又新认定成国家级了。", "能拿多少？"]
    assert amounts(last_reply(engine, turns, TODAY)) == [award]


def test_head_counts_after_a_group_break_it_down_and_take_no_one_out():
    text = (
        "我们是谷内科技型企业，今年新进了六个研究生，其中两个博士、四个硕士，"
        "劳动合同都签的三年，社保都交了。一共能申请多少？"
    )
    matters = understand_items(understand(text, TODAY), TODAY)
    assert len(matters) == 1
    assert {k: matters[0][1].facts[k] for k in ("phd_count", "master_count")} == {
        "phd_count": 2,
        "master_count": 4,
    }
    taken_out = "今年招了两个硕士三个博士，合同都签了三年，其中一个硕士没交社保。"
    assert len(understand_items(understand(taken_out, TODAY), TODAY)) == 2


def test_a_facility_said_as_the_speakers_leaves_its_organisations_measures_in_view():
    text = (
        "我是谷内一家生物医药企业的财务。第一，我们的概念验证中心去年完成了协议任务，服务性收入150万；"
        "第二，我们今年在谷内新设了博士后科研工作站；第三，今年引进了一位博士，签了三年劳动合同，"
        "社保已经交了。分别能拿多少？"
    )
    assert understand(text, TODAY).topics == ["platform", "workstation", "talent"]


def test_how_to_apply_in_two_rounds_is_no_parts_of_one_matter():
    text = (
        "去年有两个项目都通过了验收：一个是我们牵头的省级重点研发项目，省拨经费800万；另一个是我们参与的"
        "国家科技重大专项课题，国拨经费6000万。分别能拿多少？需要分两次申报吗？"
    )
    assert _rules(text) == ["major_project", "major_project"]
    one = (
        "我们研究所给谷内企业做的技术开发，就一个合同，分两期付款，一期三百万二期两百万，补助多少？"
    )
    assert len(_rules(one)) == 1


def test_an_english_full_stop_ends_an_items_sentence():
    text = (
        "We operate two carriers: one was newly recognised as a national-level incubator, the "
        "other newly recognised as a provincial-level maker space (众创空间). Both focus on "
        "high-end equipment manufacturing. How much does each get?"
    )
    levels = [pu.facts.get("carrier_level") for _, pu in understand_items(understand(text), TODAY)]
    assert levels == ["national", "provincial"]


@pytest.mark.parametrize(
    "who", ["我闺女今年硕士毕业", "我儿子刚硕士毕业", "我家侄女硕士研究生毕业"]
)
def test_a_relative_who_graduated_is_the_one_hired(engine, who):
    turns = [f"{who}，被谷里一家科技型企业录用了。", "签了三年劳动合同，社保公司交。她能有啥支持？"]
    assert amounts(last_reply(engine, turns, TODAY)) == ["50000"]


def test_an_answer_said_of_each_fills_every_matter_asked(engine):
    turns = [
        "我们机构有5个技术经纪人，今年都自费去参加了技术转移高端培训。",
        "每人培训费1.5万，都拿到了国家技术转移人才培养基地（山西省）发的晋级职业资格证书。",
    ]
    assert amounts(last_reply(engine, turns, TODAY)) == ["2000"] * 5


def test_a_chinese_count_right_after_arabic_digits_starts_the_next_quantity():
    from assistant.nlu.numbers import find_numbers

    said = [(n.raw, n.kind) for n in find_numbers("培训费一次6000一次8000")]
    assert ("6000", "number") in said and ("8000", "number") in said


def test_a_clause_naming_one_items_kind_is_said_of_that_item_only():
    text = (
        "我们公司同时运营一个孵化器和一个众创空间，今年孵化器新认定为国家级科技企业孵化器，"
        "方向是高端装备制造，众创空间这边没什么变化。这次能拿多少？"
    )
    said = [
        (pu.facts.get("carrier_type"), pu.facts.get("carrier_recognised"))
        for _, pu in understand_items(understand(text, TODAY), TODAY)
    ]
    assert said == [("incubator", True), ("maker_space", False)]


def test_english_never_before_says_nothing_of_now():
    text = (
        "Our incubator was newly recognised as a national-level tech business incubator in "
        "March 2026 and had never been recognised at provincial level before."
    )
    assert understand(text, TODAY).facts.get("carrier_recognised") is not False
    assert (
        understand("Our incubator has not been recognised yet.", TODAY).facts["carrier_recognised"]
        is False
    )


def test_a_hyphenated_tech_transfer_agency_speaks_for_its_measure():
    text = "We're a tech-transfer agency in the valley. Our contracts totalled RMB 26 million."
    assert understand(text, TODAY).applicant == "transfer_institution"


@pytest.mark.parametrize("who", ["我们是一家会计师事务所", "我们是一家律师事务所"])
def test_not_covered_points_first_to_the_askers_own_measure(engine, who):
    reply = last_reply(engine, [f"{who}，想进驻晋创谷，进驻的服务机构有没有房租补贴？"], TODAY)
    assert reply.citations[0].clause == "（十）"
    assert "服务机构" in reply.answer


def test_people_told_one_by_one_are_one_hire_each(engine):
    text = (
        "我们是谷内科技型企业，今年进了三个研发人员。第一个是博士，缴了社保，签的是五年劳动合同；"
        "第二个也是博士，社保也交了，但只签了两年合同；第三个是硕士，签了三年合同，社保在我们这里交。"
        "分别能拿多少？"
    )
    awards = last_reply(engine, [text], TODAY).awards
    assert sorted(int(a.amount_yuan) for a in awards) == [0, 50000, 100000]


def test_a_figure_someone_says_could_be_had_is_their_estimate_not_another_policys():
    u = understand("今年又备案成国家级了，他说按国家级还能再拿20万，是不是？", TODAY)
    assert [f.role for f in u.figures] == ["estimate"]
    assert "other_policy_award_yuan" not in u.facts


@pytest.mark.parametrize(
    ("text", "fact", "years"),
    [
        ("设站才两年的院士工作站续签了", "years_running", 2),
        ("院士工作站设立三年了，合同签了五年", "years_running", 3),
    ],
)
def test_a_duration_belongs_to_the_word_nearest_it(text, fact, years):
    assert understand(text, TODAY).facts[fact] == years


def test_a_speaker_that_is_also_an_operator_keeps_that_measure():
    text = (
        "我是公司财务，在谷里有几块业务。第一，今年新设立了一个博士后科研工作站；第二，我们还是一家"
        "众创空间的运营单位，这个众创空间今年新备案为国家级。分别能拿多少？"
    )
    assert "carrier" in understand(text, TODAY).topics


PROJECTS = [
    "公司今年验收了两个项目：一个是我们牵头的省级科技重大专项，省拨经费800万；"
    "一个是我们参与的国家重点研发计划，国拨经费1500万。",
]


def test_a_matter_named_by_its_figure_is_answered_alone(engine):
    reply = last_reply(engine, [*PROJECTS, "800万那个能拿多少？"], TODAY)
    assert amounts(reply) == ["400000"]


def test_the_askers_sum_of_the_awards_is_an_estimate_of_them_all(engine):
    reply = last_reply(engine, [*PROJECTS, "财务说两项加起来七十万，是这样吗？"], TODAY)
    assert amounts(reply) == ["300000", "400000"]


def test_one_persons_next_training_in_the_year_shares_the_yearly_cap(engine):
    turns = [
        "我是谷内的技术经纪人，今年3月自费参加了一次技术转移高端培训，培训费1500，拿到了晋级证书。",
        "5月又自费参加了更高一级的，培训费9000，也拿到了晋级证书。",
    ]
    assert amounts(last_reply(engine, turns, TODAY)) == ["2000"]


@pytest.mark.parametrize(
    "text",
    [
        "我们公司中试基地去年服务性收入260万。另外公司去年还有800万的银行贷款，能拿多少？",
        "我们拿两项发明专利做了质押，从银行贷了八百万，利息谷里能不能贴一部分？",
    ],
)
def test_money_a_business_borrowed_is_context(text):
    u = understand(text, TODAY)
    assert all(f.role != "base" for f in u.figures if f.value == 8_000_000)


def test_one_by_one_is_no_item():
    text = (
        "我们学校面向谷内企业签了三份专利转让合同，都认定登记了，合同额分别是800万、1200万和950万。"
        "我自己按1%一份一份算的，一共29.5万，对吗？"
    )
    assert len(_rules(text)) == 3


def test_a_colleges_horizontal_research_funds_are_context():
    u = understand("学院的横向经费今年总共大概2000万，两份许可合同600万和450万，能拿多少？", TODAY)
    roles = {f.value: f.role for f in u.figures}
    assert roles[20_000_000] == "context"
    assert understand("省拨经费总共是三百五十万", TODAY).figures[0].role == "base"


def test_a_companys_research_spending_is_context():
    u = understand("两份合同分别能拿多少？公司今年的研发投入大概1200万。", TODAY)
    assert [f.role for f in u.figures] == ["context"]


def test_our_institution_doing_technology_transfer_is_a_transfer_institution():
    u = understand("我们机构在谷里做技术转移，去年参与的技术合同交易额是三千五百万", TODAY)
    assert u.applicant == "transfer_institution" and u.topics == ["transfer_service"]


def test_a_clerk_relaying_several_visitors_speaks_for_none_of_them():
    text = (
        "上午来了两拨人。第一拨是谷内一家科技型企业的人事，新进了两个博士，都交了社保，合同签的三年。"
        "第二拨是一家孵化器的运营单位，下面带了个众创空间，今年新备案成了省级。各能给多少？"
    )
    u = understand(text, TODAY)
    assert u.applicant is None and {"talent", "carrier"} <= set(u.topics)


@pytest.mark.parametrize(
    ("later", "award"),
    [
        ("不对，漏了一份技术咨询合同600万，也登记了，也是给谷内企业的。这样呢？", "10800"),
        ("不对，漏了一份，加上是5400万。这样呢？", "10800"),
    ],
)
def test_a_part_left_out_is_added_and_a_running_total_replaces(engine, later, award):
    first = "我们研究所今年面向谷内企业的技术服务和技术咨询合同，认定登记累计4800万，能拿多少？"
    assert amounts(last_reply(engine, [first, later], TODAY)) == [award]


@pytest.mark.parametrize(
    "said",
    [
        "I'm a Korean researcher with a PhD from KAIST",
        "I'm finishing my PhD in Germany",
        "I have a PhD",
    ],
)
def test_an_english_speaker_with_a_doctorate_is_the_one_hired(said):
    text = f"{said}. A tech company in the valley offered me a 3-year contract and will pay my social insurance. How much?"
    u = understand(text, TODAY)
    assert u.facts["phd_count"] == 1 and u.facts["social_insurance"] is True


def test_what_follows_a_list_with_du_is_said_of_every_kind():
    text = "院士工作站、博士后工作站今年都在谷里新设，各补多少？"
    stages = [pu.facts.get("station_stage") for _, pu in understand_items(understand(text), TODAY)]
    assert stages == ["new", "new"]


def test_a_cap_one_could_fill_is_no_money_had():
    u = understand("中试基地服务性收入多少能拿满100万？", TODAY)
    assert [f.role for f in u.figures] == ["cap"]
    assert not any(k.startswith("received") for k in u.facts)


def test_where_a_ceiling_binds_is_computed_from_the_parameters():
    from decimal import Decimal

    from calculators.thresholds import cap_reached_at

    assert [c.base for c in cap_reached_at("financing")] == [Decimal(100_000_000)]
    lead, participate = cap_reached_at("major_project")
    assert (lead.base, participate.base) == (Decimal(20_000_000), Decimal(50_000_000))
    assert [c.rate.name for c in cap_reached_at("platform", "pilot_base")] == ["pilot_base_rate"]


def test_a_question_where_the_cap_binds_is_answered_before_the_figure_is_asked(engine):
    reply = last_reply(engine, ["银行奖励每年最高50万，融资额到多少就封顶了？"], TODAY)
    assert "1亿元" in reply.answer and not reply.awards


def test_an_answer_naming_another_kind_goes_to_that_matter(engine):
    turns = [
        "概念验证中心按服务性收入的10%，中试基地按30%，是吧",
        "我们是中试基地，协议任务完成了，去年服务性收入三百五十万",
    ]
    assert amounts(last_reply(engine, turns, TODAY)) == ["1000000"]


def test_entering_supposed_reads_the_place_as_inside(engine):
    turns = [
        "我们是外地的一家中试服务公司，还没进谷",
        "要是进来建中试基地，协议任务也完成了，一年服务性收入250万，大概能拿多少",
    ]
    assert amounts(last_reply(engine, turns, TODAY)) == ["750000"]
