"""Issue #18, sixteenth pass: mechanisms, each with the property that must not change.

A figure exactly the sum of the amounts before it is their total, by arithmetic; a role word
naming another party is neither an item nor the speaker's role; an anchor names a matter only
of its own measure."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from conftest import amounts, last_reply
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.answer import gate
from assistant.answer.reply import Reply
from assistant.nlu import evidence
from assistant.nlu.items import understand_items
from assistant.nlu.understand import understand

TODAY = date(2026, 6, 15)
DIGITS = "零一二三四五六七八九"


def chinese_amount(n: int) -> str:
    """1 ≤ n < 10000 spelled as people say it ("六百二十七", "一千零五")."""
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            out += ("零" if zero and out else "") + DIGITS[digit] + unit
            zero = False
        else:
            zero = True
    return out


def _amount_roles(message: str) -> list[tuple[str, str, bool]]:
    return [(f.mention.raw, f.role, f.restates) for f in understand(message, today=TODAY).figures]


@given(
    st.lists(st.integers(min_value=11, max_value=899), min_size=2, max_size=4, unique=True).filter(
        lambda parts: sum(parts) not in (50, 100)  # a sum equal to a cap is read as the cap
    ),
    st.sampled_from(["我自己加了一下是", "算下来是", "我算了算，", "加上是"]),
)
@settings(max_examples=40, deadline=None)
def test_a_figure_exactly_the_sum_of_the_amounts_before_it_restates_them(parts, words):
    kinds = ["技术服务合同", "技术咨询合同", "成果转移合同", "技术开发合同"]
    listed = "、".join(f"{k}{chinese_amount(p)}万" for k, p in zip(kinds, parts, strict=False))
    message = f"我们是谷内的技术转移服务机构，去年{listed}，{words}{chinese_amount(sum(parts))}万"
    roles = _amount_roles(message)
    assert [r for _raw, r, restates in roles if not restates] == ["base"] * len(parts)
    assert roles[-1][1:] == ("total", True)


def test_a_listed_figure_equal_to_a_sum_stays_its_own_matter():
    message = "我们有三个合同，一个三百万，一个两百万，还有一个五百万，都认定登记了"
    roles = _amount_roles(message)
    assert [r for _raw, r, restates in roles if not restates] == ["base", "base", "base"]


@given(st.sampled_from(["牵头的是谷里另一家医疗器械企业", "牵头企业那边说", "牵头的是山西大学"]))
@settings(max_examples=10, deadline=None)
def test_a_role_another_party_holds_is_no_second_project(other):
    message = (
        f"我们参与了一个省级重点研发计划项目，{other}，项目通过了验收，省拨经费四百三十八万，"
        "我们作为参与单位能拿多少？"
    )
    pieces = understand_items(understand(message, today=TODAY), today=TODAY)
    assert len(pieces) == 1
    assert pieces[0][1].facts.get("role") == "participate"


def test_an_anchor_of_another_measure_names_no_matter():
    assert evidence.anchor_in("另外设备投资前后一共花了一千六百多万", "platform") is None
    assert evidence.anchor_in("另外设备投资前后一共花了一千六百多万", "financing") == "投资"
    assert evidence.anchor_in("另外一个中试基地收入两百万", "platform") is not None


def test_a_spending_beside_the_revenue_is_asked_not_a_second_platform(engine):
    reply = last_reply(
        engine,
        [
            "我们是谷里的中试基地，去年协议任务都完成了，全年服务性收入三百零九万，"
            "另外设备投资前后一共花了一千六百多万。去年能拿多少奖补？"
        ],
        TODAY,
    )
    assert "1600" not in "".join(amounts(reply))
    assert len(reply.awards) <= 1


@given(st.sampled_from(["，可我翻了任务书，", "。但是任务书上写的是别人牵头，", "，其实"]))
@settings(max_examples=10, deadline=None)
def test_a_value_set_right_after_a_contrast_is_the_fact(contrast):
    message = (
        f"我们老板一直说是我们牵头的{contrast}我们是排第二的合作单位。省级重点研发项目验收了，"
        "省拨经费五百二十五万，能拿多少？"
    )
    assert understand(message, today=TODAY).facts["role"] == "participate"


def test_two_values_without_a_contrast_keep_the_first_reading():
    message = "我们牵头的省级项目验收了，省拨五百万，合作单位有两家，能拿多少？"
    assert understand(message, today=TODAY).facts["role"] == "lead"


@given(
    st.sampled_from(["没招硕士", "硕士一个也没招", "硕士没招到"]),
    st.sampled_from(["", "她听人讲博士十万、硕士五万，"]),
)
@settings(max_examples=15, deadline=None)
def test_a_degree_denied_or_heard_is_no_hire(denied, heard):
    message = f"{heard}我们今年就招了这一个博士，签了五年合同，社保在交，{denied}，能给多少？"
    facts = understand(message, today=TODAY).facts
    assert facts.get("phd_count") == 1
    assert "master_count" not in facts


def test_a_degree_heard_only_is_no_hire():
    facts = understand("听人讲硕士五万，我们今年招了人，签了三年合同", today=TODAY).facts
    assert "master_count" not in facts


@given(st.sampled_from(["算下来已经满三年了吧？", "运行满三年了，", "三年多了，"]))
@settings(max_examples=10, deadline=None)
def test_a_month_of_setting_up_gives_the_stations_age(round_words):
    message = f"我们的院士工作站是2023年8月在谷里设的，{round_words}今年能申请工作补助吗？"
    years = understand(message, today=TODAY).facts["years_running"]
    assert years < 3  # 2023-08 to 2026-06-15 is 2 years 10 months, whatever was said round


@given(
    st.sampled_from(
        ["中国电子科技集团公司第二研究所", "中国煤炭科工集团太原研究院", "某某集团有限公司研究院"]
    )
)
@settings(max_examples=10, deadline=None)
def test_an_organisation_is_the_kind_its_name_ends_in(name):
    said = f"窗口来了{name}的一位老师，他们把一项专利转让给了谷里一家企业，认定登记了，交易额五百万，能拿多少？"
    u = understand(said, today=TODAY)
    assert u.applicant == "institute"
    assert u.topics[:1] == ["academic_contract"]


def test_a_school_the_speaker_signs_with_is_the_other_party():
    said = (
        "我们和中国电子科技集团公司第二研究所签了专利许可合同，国知局备案、认定登记都办了，"
        "交易额八十七万，产品已经有销售，能拿多少？"
    )
    u = understand(said, today=TODAY)
    assert u.applicant != "institute"
    assert u.facts.get("counterparty_is_academic") is True
    assert "enterprise_transfer" in u.topics


@given(st.sampled_from(["技术开发和技术转让", "技术开发、技术转让", "技术转让和专利许可"]))
@settings(max_examples=10, deadline=None)
def test_kinds_said_side_by_side_with_one_figure_are_one_object(kinds):
    said = f"我是一所大学科技处的。去年我们面向谷内企业的{kinds}合同，认定登记的交易额合计三千一百六十万，能拿多少？"
    assert len(understand_items(understand(said, today=TODAY), today=TODAY)) == 1


def test_kinds_side_by_side_with_a_figure_each_stay_two():
    said = (
        "我们学校去年跟谷内企业的技术开发和技术转让合同分别是三百万和两百万，都登记了，能拿多少？"
    )
    assert len(understand_items(understand(said, today=TODAY), today=TODAY)) == 2


@given(st.sampled_from(["两年分别怎么奖？", "这两年各能拿多少？", "两个年度分别能补多少？"]))
@settings(max_examples=10, deadline=None)
def test_a_question_counting_years_asks_each_years_figure(question):
    said = (
        "我们学校去年面向谷内企业的技术开发合同认定登记的交易额合计三千一百六十万；"
        f"今年到目前又登记了八百四十万。{question}"
    )
    roles = [(f.mention.raw, f.role) for f in understand(said, today=TODAY).figures]
    assert roles == [("三千一百六十万", "base"), ("八百四十万", "base")]


@given(st.sampled_from(["忻州", "太原", "运城"]))
@settings(max_examples=5, deadline=None)
def test_registration_and_premises_elsewhere_are_outside_the_valley(place):
    said = (
        f"客户运营一家科技企业孵化器，注册和场地都在{place}，今年刚被新认定为省级孵化器，能拿多少？"
    )
    assert understand(said, today=TODAY).facts.get("in_valley") is False


def test_two_years_of_financing_asked_each():
    said = "我们银行2025年给谷里科技企业的融资总额是九千八百八十万，今年到现在已经放了一点二八个亿。两年分别怎么奖？"
    roles = [f.role for f in understand(said, today=TODAY).figures]
    assert roles == ["base", "base"]


def test_an_answer_to_one_matters_question_keeps_all_it_tells_of_that_matter(engine):
    reply = last_reply(
        engine,
        [
            "我们是谷里的企业，今年有两个牵头的项目都通过验收了。",
            "一个是国家重点研发计划课题，国拨两千一百八十万。",
            "另一个是省级科技重大专项，省拨一千四百三十万。这俩分别能奖多少？",
        ],
        TODAY,
    )
    assert amounts(reply) == ["1000000", "715000"]


def test_a_station_set_up_besides_the_one_told_is_one_more(engine):
    reply = last_reply(
        engine,
        [
            "我们今年1月在谷内新设立了院士工作站。",
            "另外今年我们也新设立了博士后科研工作站。两个站分别能拿多少建站补助？",
        ],
        TODAY,
    )
    assert amounts(reply) == ["1000000", "300000"]


@given(st.sampled_from(["按三个站申报", "算成三个站", "当作三个站"]))
@settings(max_examples=5, deadline=None)
def test_a_count_the_asker_proposes_is_no_count_of_objects(proposal):
    said = (
        "我们今年三月跟一位院士签了协议，在谷里新建了一个院士工作站，后来又在同一个地方挂了两块牌子，"
        f"人员、场地、院士都是同一拨。三块牌子是不是能{proposal}？"
    )
    assert len(understand_items(understand(said, today=TODAY), today=TODAY)) == 1


def _contract(amount: int) -> gate.MatterReading:
    return gate.MatterReading(
        "enterprise_transfer", "一份专利转让", "合同", {"contract_amount_yuan": Decimal(amount)}
    )


def test_a_figure_said_once_never_holds_two_matters():
    said = "上半年一份技术转让合同已经拿了七万二，下半年又签了一份专利转让，交易额二百六十八万"
    reading = gate.Reading(message=said, matters=(_contract(2_680_000), _contract(2_680_000)))
    found = gate.check(Reply(intent="amount"), reading)
    assert [v.rule for v in found] == ["one_figure_twice"]
    assert "268万" in found[0].question


@given(
    st.sampled_from(
        [
            "两份合同各二百六十八万",
            "两份合同都是二百六十八万",
            "一份二百六十八万，另一份也是二百六十八万",
        ]
    )
)
@settings(max_examples=5, deadline=None)
def test_a_figure_said_of_each_or_twice_may_hold_two(said):
    reading = gate.Reading(message=said, matters=(_contract(2_680_000), _contract(2_680_000)))
    assert "one_figure_twice" not in [v.rule for v in gate.check(Reply(intent="amount"), reading)]


@given(
    st.sampled_from(["从", "向", "跟", "把专利卖给"]),
    st.sampled_from(["太原理工大学", "省农科院研究所"]),
)
@settings(max_examples=10, deadline=None)
def test_company_words_before_another_partys_name_stay_the_speakers(word, other):
    assert understand(f"我们企业{word}{other}受让了一项专利", today=TODAY).applicant == "enterprise"


def test_an_english_training_and_its_certificate_are_broker_training():
    said = (
        "I'm a technology manager at a tech-transfer agency inside Jinchuanggu Jinzhong. I paid for "
        "the advanced technology-transfer training myself (9,500 yuan) and got the upgrade "
        "certificate. How much can I get back?"
    )
    assert "broker_training" in understand(said, today=TODAY).topics


@given(st.sampled_from(["花", "花了", "掏了", "付了"]))
@settings(max_examples=5, deadline=None)
def test_a_verb_of_paying_makes_a_bare_figure_money(verb):
    said = f"我是谷里的技术经纪人，自己{verb}五千七参加了技术转移高端培训，拿到了晋级职业资格证书，能资助多少？"
    assert understand(said, today=TODAY).facts.get("training_fee_yuan") == Decimal(5700)


def test_a_condition_no_told_matter_reads_is_another_measures_question(engine):
    reply = last_reply(
        engine,
        [
            "我在谷里的技术转移机构上班，自费五千七参加了技术转移高端培训，拿到了晋级证书，能资助多少？",
            "另外评上优秀技术转移转化个人能奖多少？",
        ],
        TODAY,
    )
    assert "50000" in amounts(reply)


def test_the_citys_own_project_is_the_municipal_special_programme():
    said = "除了省里、国家的项目，晋中市里自己有没有技术攻关方面的项目可以申报？"
    assert understand(said, today=TODAY).named_part == "（三）市本级专项"


@given(st.sampled_from(["上次窗口说要等验收结果", "当时还在等验收", "一开始说要等验收"]))
@settings(max_examples=5, deadline=None)
def test_a_not_yet_of_an_earlier_time_says_nothing_of_now(then):
    said = f"项目也不是没通过验收，上周刚拿到验收通过的结论。{then}，现在结果出来了，能拿多少？"
    assert understand(said, today=TODAY).facts.get("accepted") is True
    assert understand(f"{then}，现在能拿多少？", today=TODAY).facts.get("accepted") is not False


@given(st.sampled_from(["2023年6月20日", "2023年六月二十日"]))
@settings(max_examples=5, deadline=None)
def test_the_day_of_setting_up_counts(day):
    said = f"我们的院士工作站是{day}设立的，今年已经续签了，考核评估也达标了，能申请工作补助吗？"
    assert understand(said, today=TODAY).facts["years_running"] < 3  # 3 years on 2026-06-20


def test_a_correction_of_what_was_said_last_time_wins():
    said = (
        "上回您说我们牵头的那个省级科技重大专项还没验收，得等验收以后才能报。跟您更正一下，不是还没验收，"
        "验收意见上周已经下来了，结论是通过。项目省拨经费五百一十二万，现在能报多少？"
    )
    assert understand(said, today=TODAY).facts.get("accepted") is True


def test_took_part_is_participation():
    said = "We took part in, but did not lead, a national key R&D project that passed acceptance."
    assert understand(said, today=TODAY).facts.get("role") == "participate"


@given(st.sampled_from(["长治高新区", "太原", "运城"]))
@settings(max_examples=5, deadline=None)
def test_a_relayed_callers_own_place_elsewhere_is_outside(place):
    said = f"帮一个客户问：他们的科技企业孵化器在{place}，今年刚被认定为省级孵化器，能拿三十万吗？"
    assert understand(said, today=TODAY).facts.get("in_valley") is False


def test_a_relayed_callers_partner_elsewhere_keeps_the_caller_inside():
    said = "帮客户问一下，他们跟太原的一家公司签了专利许可，他们在谷里，能拿多少？"
    assert understand(said, today=TODAY).facts.get("in_valley") is True


def test_an_english_amount_question_and_another_joined_by_and_are_two():
    from assistant.nlu import acts

    said = (
        "Two questions: how much reward can our branch get, and if one of these loans goes bad, "
        "is there any fault-tolerance arrangement for us?"
    )
    assert len(acts.questions(said)) == 2
    assert len(acts.questions("How much can we get, and thanks a lot")) == 1


def test_no_office_in_the_valley_in_english_is_outside():
    said = (
        "His technology transfer agency is registered and based in Changzhi, with no office in "
        "Jinchuanggu·Jinzhong. Last year it brokered contracts worth RMB 31.5 million."
    )
    assert understand(said, today=TODAY).facts.get("in_valley") is False


@given(
    st.sampled_from(
        ["我个人拿自己的钱投了", "我是个人投资者，自己拿钱投了", "我以个人名义用自己的积蓄投了"]
    )
)
@settings(max_examples=5, deadline=None)
def test_a_person_investing_their_own_money_is_no_financial_institution(said):
    u = understand(f"{said}谷里一家初创企业一百七十五万，能按0.5%拿奖励吗？", today=TODAY)
    assert u.applicant == "individual"


@given(
    st.sampled_from(["影视短剧和婚庆策划", "餐饮外卖", "直播带货"]),
    st.sampled_from(["入驻的团队基本都是做", "在孵的企业大多是做"]),
)
@settings(max_examples=10, deadline=None)
def test_the_field_of_the_teams_a_carrier_hosts_decides_the_industry(field, frame):
    said = f"我们在谷里运营的众创空间今年新备案为省级了，{frame}{field}的。能拿10万吗？"
    assert understand(said, today=TODAY).facts.get("in_focus_industry") is False


def test_hosted_teams_in_one_of_the_three_fields_keep_the_industry():
    said = (
        "我们在谷里运营的孵化器今年认定为省级了，入驻的企业大多是做医疗器械和生物医药的。能拿多少？"
    )
    assert understand(said, today=TODAY).facts.get("in_focus_industry") is True
