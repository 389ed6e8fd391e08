"""Metamorphic properties of reading a message (issue #18): what must NOT change.

A message that computes is changed in a way that adds no matter and no base — the asker's
own arithmetic appended ("按5%是不是170万？", "能给到80万不？", "我算的是12万对吗"), a rate
inserted ("比例0.3"), a negated role ("不是牵头的"), a place outside 晋中 said of the speaker —
and the reply must keep its matters and amounts (or, for a place outside the valley, give 0 for
a rule that needs it), never give an amount below 1 元, and never ask 牵头/参与 after
"不是牵头的". Unit tests below pin each mechanism (roles, anchors, conditions, totals).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.dialogue.state import Conversation
from assistant.nlu import items
from assistant.nlu.numbers import find_numbers
from assistant.nlu.roles import rates_and_caps
from assistant.nlu.understand import understand
from calculators.common import format_yuan

TODAY = date(2026, 6, 15)

# Messages that compute one matter each; {a} is a figure in 万. Written for this test.
CASES = [
    ("major_project", "省拨经费{a}万，我们牵头的，验收了"),
    ("major_project", "牵头的国家级项目已经验收，国拨{a}万"),
    ("platform", "我们中试基地服务性收入{a}万，协议任务完成了"),
    ("platform", "我们的概念验证中心今年服务收入{a}万，任务都完成了"),
    ("enterprise_transfer", "我们公司从中北大学受让了一项专利，合同{a}万，登记了，有效益"),
    ("academic_contract", "我们学校和谷内企业签了技术开发合同{a}万，已经认定登记"),
    ("financing", "我们是银行，今年给谷内企业放贷{a}万"),
]
# A project whose role is not said: "不是牵头的" must make it 参与.
NO_ROLE = ["省拨经费{a}万的省级项目验收了", "国家级项目验收了，国拨{a}万"]

FIGURE = st.integers(min_value=20, max_value=6000)  # 万
CASE = st.sampled_from(CASES)
SETTINGS = settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _wan(value: Decimal) -> str:
    """A figure as people type it: 170万, 8.5万, 9600元."""
    return format_yuan(value).removesuffix("元")


def _reply(engine, text: str):
    return engine.reply(Conversation(), text, today=TODAY)


def _amounts(reply) -> list[Decimal]:
    return sorted(Decimal(a.amount_yuan) for a in reply.awards)


def _matters(reply) -> int:
    return max(1, len(reply.matters or []))


def _no_fraction_of_a_yuan(reply) -> None:
    assert all(a == 0 or a >= 1 for a in _amounts(reply)), _amounts(reply)


def _same(engine, base: str, changed: str) -> None:
    before, after = _reply(engine, base), _reply(engine, changed)
    assert before.awards, base  # the base case computes
    assert _amounts(after) == _amounts(before), (changed, _amounts(after), _amounts(before))
    assert _matters(after) == _matters(before), changed
    _no_fraction_of_a_yuan(after)


# ------------------------------------------------------------------ appended estimates
@SETTINGS
@given(case=CASE, a=FIGURE)
def test_an_estimate_by_a_rate_is_no_new_matter(engine, case, a):
    _rule, template = case
    base = template.format(a=a)
    estimate = _wan(Decimal(a) * 10_000 * Decimal("0.05"))
    _same(engine, base, f"{base}，按5%是不是{estimate}？")


@SETTINGS
@given(case=CASE, a=FIGURE, figure=st.integers(min_value=1, max_value=300))
def test_a_figure_hoped_for_is_no_new_matter(engine, case, a, figure):
    base = case[1].format(a=a)
    _same(engine, base, f"{base}，能给到{figure}万不？")


@SETTINGS
@given(case=CASE, a=FIGURE, figure=st.integers(min_value=1, max_value=300))
def test_the_askers_own_sum_is_no_new_matter(engine, case, a, figure):
    base = case[1].format(a=a)
    _same(engine, base, f"{base}，我算的是{figure}万对吗")


@SETTINGS
@given(case=CASE, a=FIGURE)
def test_the_rules_own_product_unframed_is_no_new_base(engine, case, a):
    """A figure equal to the base × one of the rule's own rates, said with no frame."""
    rule, template = case
    base = template.format(a=a)
    rates, _caps = rates_and_caps([rule])
    product = Decimal(a) * 10_000 * rates[-1]
    if product < 10_000:
        return  # under 1万 a product is said in 元 and reads as a fee, not this rule's
    _same(engine, base, f"{base}，那就是{_wan(product)}")


# ------------------------------------------------------------------ a rate is not money
@SETTINGS
@given(
    case=CASE, a=FIGURE, rate=st.sampled_from(["比例0.3", "比例是0.02", "费率0.2", "比例按0.3算"])
)
def test_a_rate_inserted_is_never_money(engine, case, a, rate):
    base = case[1].format(a=a)
    first, _, rest = base.partition("，")
    _same(engine, base, f"{first}，{rate}，{rest}")


# ------------------------------------------------------------------ parties are not items
PARTIES = [
    "跟一个高校合作，",
    "有一个做新材料的企业介绍，",
    "一个研究所的老师推荐，",
    "我们有一个院士，",
]


@SETTINGS
@given(case=CASE, a=FIGURE, party=st.sampled_from(PARTIES))
def test_an_enumerated_party_is_no_item(engine, case, a, party):
    """ "一个" before who (a university, an institution, a person) names no matter."""
    base = case[1].format(a=a)
    _same(engine, base, party + base)


# ------------------------------------------------------------------ several questions
@SETTINGS
@given(
    case=CASE,
    a=FIGURE,
    second=st.sampled_from(["申请找哪个部门？", "需要准备什么材料？", "政策有效期到什么时候？"]),
)
def test_a_second_question_of_another_kind_keeps_the_amount(engine, case, a, second):
    """ "…能拿多少？申请找哪个部门": the amount still answered, and the other question too."""
    base = case[1].format(a=a) + "，能拿多少？"
    before, after = _reply(engine, base), _reply(engine, base + second)
    assert before.awards
    assert _amounts(after) == _amounts(before), second
    assert second.rstrip("？") in after.answer


# ------------------------------------------------------------------ years of a yearly amount
@SETTINGS
@given(a=FIGURE, b=FIGURE, template=st.sampled_from(CASES[2:4] + CASES[6:7]))
def test_an_earlier_years_amount_is_no_second_matter(engine, a, b, template):
    """ "去年收入{b}万，今年收入{a}万": one platform (or lender), this year's figure."""
    _rule, text = template
    this_year = text.format(a=a).replace("今年", "")
    both = this_year.replace(f"{a}万", f"去年{b}万，今年{a}万", 1)
    _same(engine, this_year, both)


# ------------------------------------------------------------------ conditions said are heard
@SETTINGS
@given(template=st.sampled_from(NO_ROLE), a=FIGURE, where=st.sampled_from(["start", "end"]))
def test_not_the_lead_is_the_participant_and_never_asked(engine, template, a, where):
    base = template.format(a=a)
    text = f"不是牵头的，{base}" if where == "start" else f"{base}，我们不是牵头的"
    reply = _reply(engine, text)
    assert not (reply.follow_up and "牵头" in reply.follow_up), reply.follow_up
    assert len(reply.awards) == 1, text
    participant = _reply(engine, base.replace("验收了", "参与的，验收了", 1) + "，我们是参与单位")
    assert _amounts(reply) == _amounts(participant)
    _no_fraction_of_a_yuan(reply)


@SETTINGS
@given(case=CASE, a=FIGURE)
def test_a_team_from_elsewhere_adds_no_matter(engine, case, a):
    """ "我们是北京的一个团队，…": outside the valley — no more matters, no new figure;
    an amount either stays or is 0 (a rule that needs the speaker inside)."""
    base = case[1].format(a=a)
    before, after = _reply(engine, base), _reply(engine, "我们是北京的一个团队，" + base)
    assert _matters(after) <= _matters(before)
    allowed = set(_amounts(before)) | {Decimal(0)}
    assert set(_amounts(after)) <= allowed, (_amounts(after), _amounts(before))
    _no_fraction_of_a_yuan(after)


# ------------------------------------------------------------------ unit tests per mechanism
@pytest.mark.parametrize(
    ("text", "raw", "role"),
    [
        ("省拨经费3400万，牵头的，验收了，按5%是不是170万？", "170万", "estimate"),
        ("中试基地服务性收入260万，能给到80万不？", "80万", "estimate"),
        ("专利许可合同600万，我算的是12万对吗", "12万", "estimate"),
        ("概念验证中心服务收入300万，应该有30万吧", "30万", "estimate"),
        ("服务性收入300万，比例是0.3吧", "0.3", "rate"),
        ("技术合同交易额按千分之二算", "二", "rate"),
        ("省拨经费3400万，最高100万对吧", "100万", "cap"),  # a ceiling quoted to be confirmed
        ("国拨经费2000万，单项封顶100万", "100万", "cap"),
        ("省拨经费3400万，奖励170万", "170万", "estimate"),
        ("再登记200万，总共5000万", "5000万", "total"),
        ("再登记200万，总共5000万", "200万", "context"),
        ("已经拿了30万，合同500万", "30万", "received"),
        # a hope is no receipt, and a sum by a rate is an estimate (or a cap quoted back)
        ("国拨经费两千万，我们是牵头单位，已经验收，能拿到100万吧", "100万", "estimate"),
        ("已经拿到30万，合同500万", "30万", "received"),
        ("省拨项目经费1200万，我们参与的，验收了，按2%最多24万", "24万", "estimate"),
        ("中试基地收入1000万，按30%是300万，但是最多100万吧", "100万", "cap"),
    ],
)
def test_each_figure_gets_its_role(text, raw, role):
    u = understand(text, today=TODAY)
    (figure,) = [f for f in u.figures if f.mention.raw == raw]
    assert figure.role == role, [(f.mention.raw, f.role) for f in u.figures]


def test_a_product_of_a_rule_rate_is_an_inferred_estimate():
    """Arithmetic over the rule's own parameters: 3400万 × 5% (（三）'s rate) = 170万."""
    u = understand("省拨经费3400万，牵头的，验收了，170万", today=TODAY)
    (estimate,) = u.estimates
    assert estimate.how == "inferred" and estimate.of == Decimal(34_000_000)
    assert estimate.rate in rates_and_caps(["major_project"])[0]
    assert u.facts["allocation_yuan"] == Decimal(34_000_000) and not u.extra_amounts


def test_a_labelled_figure_is_a_base_whatever_its_arithmetic():
    """ "国拨2000万，省拨100万": 100万 is 2000万 × 5%, but its own label makes it a base."""
    u = understand("两个牵头项目都验收了，国拨2000万，省拨100万", today=TODAY)
    assert {f.mention.raw: f.role for f in u.figures} == {"2000万": "base", "100万": "base"}
    assert len(items.split(u)) == 2


def test_figures_listed_as_items_stay_items():
    u = understand("学校和谷内企业签了两份技术开发合同，一份1000万一份10万，都登记了")
    assert [f.role for f in u.figures] == ["base", "base"]
    assert len(items.split(u)) == 2


def test_a_bare_fraction_is_a_rate_and_a_range_end_is_not():
    assert [n.kind for n in find_numbers("比例是0.3")] == ["ratio"]
    assert [n.kind for n in find_numbers("费率0.02")] == ["ratio"]
    (loan,) = find_numbers("融资0.8～1.2亿")
    assert loan.kind == "money" and loan.value == Decimal(80_000_000)


def test_no_amount_below_one_yuan():
    u = understand("中试基地服务性收入比例是0.3，收入200万")
    assert u.facts["service_revenue_yuan"] == Decimal(2_000_000) and not u.extra_amounts


def test_an_estimate_makes_no_second_matter():
    for text in (
        "省拨经费3400万，我们牵头的，验收了，按5%是不是170万？",
        "我们中试基地服务性收入260万，协议任务完成了，能给到80万不？",
        "我们公司从山西大学拿了专利许可，600万，登记了，有效益，我算的是12万对吗",
    ):
        pieces = items.split(understand(text))
        assert len(pieces) == 1 and pieces[0].copies == 1, text


def test_the_estimate_is_answered_from_the_calculator(engine):
    reply = _reply(engine, "省拨经费3400万，我们牵头的，验收了，按5%是不是170万？")
    assert [Decimal(a.amount_yuan) for a in reply.awards] == [Decimal(1_000_000)]
    head = reply.headline.text
    assert head.startswith("您算的170万元") and "3400万元 × 5% = 170万元" in head
    assert "每家企业单项最高奖励100万元" in head and head.endswith("可得100万元。")


def test_the_estimate_is_answered_when_right(engine):
    reply = _reply(engine, "中试基地服务性收入200万，协议任务完成了，能给到60万不？")
    assert [Decimal(a.amount_yuan) for a in reply.awards] == [Decimal(600_000)]
    assert reply.headline.text == "您算的60万元没错：按政策可得60万元。"


def test_a_speaker_named_as_a_person_anchors_no_matter():
    """ "我是一个研究生": the speaker, not a hired 硕士 with （七） money."""
    u = understand("我是一个研究生，想在谷里开一个概念验证中心，要什么条件？")
    assert "talent" not in u.topics and "master_count" not in u.facts
    hired = understand("我们公司今年招了一个硕士研究生，社保交了，合同签了三年")
    assert hired.facts.get("master_count") == 1 and "talent" in hired.topics
    # A 研究生 may be a 博士 or a 硕士 (10万 or 5万): the degree is asked, never assumed.
    either = understand("我们公司今年招了一个研究生，社保交了，合同签了三年")
    assert not {"master_count", "phd_count"} & either.facts.keys()


@pytest.mark.parametrize(
    "text",
    [
        "项目不是我们牵头，验收已经过了，国拨1500万",
        "省里那个重点研发项目我们不是牵头的，跟着山西大学做的，省拨800万，验收了",
    ],
)
def test_a_negated_two_valued_fact_is_its_other_value(text):
    u = understand(text)
    assert u.facts["role"] == "participate"
    assert any("参与" in r for r in u.readings)  # said back


@pytest.mark.parametrize(
    "text",
    [
        "我们公司在运城，不在晋中，牵头的国家级项目验收了，国拨经费2000万",
        "我们是北京的一个团队，省拨经费3400万，我们牵头的，验收了",
    ],
)
def test_a_place_other_than_jinzhong_said_of_the_speaker_is_outside(text):
    assert understand(text).facts["in_valley"] is False


def test_a_place_said_of_a_counterparty_or_of_the_past_is_not_the_speakers():
    assert "in_valley" not in understand("和北京的公司签了技术许可合同200万").facts
    moved = understand("我们公司原来在太原，现在搬进谷里了，牵头的省级项目验收了，省拨500万")
    assert moved.facts["in_valley"] is True


def test_conditions_said_together_are_both_heard():
    u = understand("我们公司从太原理工受让了专利，合同300万，有效益，备案和登记都做了")
    assert u.facts["contract_registered"] is True and u.facts["patent_formalities_done"] is True


@pytest.mark.parametrize("follow_up", ["那要是再签200万，到5000万呢", "再登记200万，总共5000万"])
def test_a_running_total_is_not_summed_again(engine, follow_up):
    conv = Conversation()
    engine.reply(conv, "我们研究院技术服务合同今年登记了4800万", today=TODAY)
    reply = engine.reply(conv, follow_up, today=TODAY)
    assert [Decimal(a.amount_yuan) for a in reply.awards] == [Decimal(10_000)]


def test_a_negated_level_is_not_the_matters():
    u = understand("这个项目不是省级的，是国家级的，牵头的，验收了，国拨1000万")
    assert u.facts["project_level"] == "national"


@pytest.mark.parametrize(
    "text", ["牵头的省级项目正在验收中，省拨600万", "牵头的省级项目还在验收，省拨600万"]
)
def test_a_step_under_way_is_not_done(text):
    assert understand(text).facts["accepted"] is False


def test_a_figure_asked_to_be_had_is_an_estimate():
    u = understand("省拨经费3400万，牵头的，验收了，170万能拿到吗")
    assert [f.role for f in u.figures] == ["base", "estimate"]


def test_an_enumerator_before_a_noun_that_names_no_matter_makes_no_item():
    u = understand("问一个问题，一个朋友介绍来的，合同300万能拿多少")
    assert len(items.split(u)) == 1


def test_an_estimate_for_several_matters_is_answered_with_their_sum(engine):
    reply = _reply(engine, "两个中试基地，一个收入200万一个300万，任务都完成了，一共能给到200万不")
    assert _amounts(reply) == [Decimal(600_000), Decimal(900_000)]
    assert "您算的200万元与按政策计算的不同：2项合计可得150万元。" in reply.answer


def test_an_estimate_said_per_head_is_answered_per_head(engine):
    reply = _reply(engine, "两个博士，社保交了，合同五年，每人10万对吗")
    assert _amounts(reply) == [Decimal(100_000)] * 2  # one award per person
    assert reply.headline.text == "您算的每人10万元没错：2人合计可得20万元。"


# Words that say who someone is, how the asker opens, or background no measure reads (third
# pass of issue #18): none of them may add a matter or change an amount.
AROUND = [
    ("你好，麻烦问一下，", ""),
    ("我是硕士，我导师是博士，", ""),
    ("我们成立七八年了，", ""),
    ("帮一家入驻企业问下：", ""),
    ("", "。我们在这行干了七八年了，服务过不少客户。"),
    ("", "，我看是能补{e}万？"),
]


@SETTINGS
@given(
    case=CASE, a=FIGURE, around=st.sampled_from(AROUND), e=st.integers(min_value=1, max_value=90)
)
def test_who_someone_is_an_opening_or_background_changes_nothing(engine, case, a, around, e):
    base = case[1].format(a=a)
    before, after = around
    _same(engine, base, before + base + after.format(e=e))


# ------------------------------------------------------------------ issue 18, fourth pass
@SETTINGS
@given(case=CASE, a=FIGURE, figure=st.integers(min_value=1, max_value=300))
def test_another_partys_money_is_no_money_had(engine, case, a, figure):
    base = case[1].format(a=a)
    _same(engine, base, f"{base}。隔壁园区的朋友说他们按这个政策拿了{figure}万")


@SETTINGS
@given(case=CASE, a=FIGURE, figure=st.integers(min_value=1, max_value=300))
def test_a_heard_figure_is_no_new_matter(engine, case, a, figure):
    base = case[1].format(a=a)
    _same(engine, base, f"{base}，外面都传能给{figure}万")


@SETTINGS
@given(
    a=FIGURE,
    more=st.integers(min_value=1, max_value=6000),
    template=st.sampled_from(CASES[2:4] + CASES[6:7]),
)
def test_a_projected_yearly_figure_is_no_fact_of_now(engine, a, more, template):
    base = template[1].format(a=a)
    _same(engine, base, f"{base}，年底估计能到{a + more}万")


# ------------------------------------------------------------------ issue 18, fifth pass
PAIR = st.tuples(st.integers(min_value=20, max_value=400), st.integers(min_value=20, max_value=400))


@SETTINGS
@given(pair=PAIR)
def test_a_list_of_estimates_and_their_sum_make_no_matter(engine, pair):
    a, b = pair
    base = f"我们公司今年跟中北大学签了两份专利许可合同，{a}万和{b}万，都备案登记了，也都有效益"
    each = [_wan(Decimal(x) * 10000 * Decimal("0.02")) for x in pair]
    total = _wan((Decimal(a) + Decimal(b)) * 10000 * Decimal("0.02"))
    _same(engine, base, f"{base}。我按2%算是{each[0]}、{each[1]}，一共{total}，对吗")


@SETTINGS
@given(pair=PAIR)
def test_a_stated_sum_of_the_parts_is_not_read_again(engine, pair):
    a, b = pair
    base = f"我们是银行，今年给谷内企业发放科技信用贷款{a}万、知识产权质押贷款{b}万"
    _same(engine, base, f"{base}，合计{a + b}万")


def test_a_check_of_what_was_just_asked_is_that_questions_own():
    from assistant.nlu import acts

    text = "财务按2%算是6万、4万，一共十万，对吗？有没有哪里算错了"
    assert acts.questions(text) == [text]
    assert len(acts.questions("中试基地能补多少？概念验证中心呢？")) == 2


@SETTINGS
@given(case=CASE, a=FIGURE)
def test_a_figure_said_again_to_confirm_it_changes_nothing(engine, case, a):
    base = case[1].format(a=a)
    _same(engine, base, base.replace(f"{a}万", f"{a}万（对，{a}万，没多打零）", 1))


@SETTINGS
@given(
    case=CASE, a=FIGURE, check=st.sampled_from(["对吗？有没有哪里算错了", "是这样吗？", "对不对？"])
)
def test_a_check_of_the_question_changes_nothing(engine, case, a, check):
    base = case[1].format(a=a) + "，能拿多少？"
    _same(engine, base, base + check)
