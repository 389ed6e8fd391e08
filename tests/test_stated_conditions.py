"""Stated facts that rule money out, and conditions that stay with their own item.

Issue #9 classes 2, 4 and 9. Each cause is written here in several wordings of its own
(enterprise, clerk relaying, colloquial), none of them a benchmark sentence: a failed exam or
acceptance said after a filler word, a certificate from another issuer, a field outside the
three industries, a counterparty who is a person, something done only later ("下个月才交"),
the patent step （四）（五） name (专利权人变更 / 国家知识产权局备案), and per-item binding
(items in sentences of their own, an item named by its figure, a kind's later clauses).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from assistant.dialogue.state import Conversation
from assistant.nlu.understand import understand

TODAY = date(2026, 6, 15)

# ------------------------------------------------------------------ what one message states
FACTS = [
    # acceptance failed, said after a filler ("时/结果/那次")
    ("结题评审的时候没通过，牵头的省级项目", {"accepted": False}),
    ("项目验收结果不合格", {"accepted": False}),
    ("国家重点研发那个课题验收那次被否了", {"accepted": False}),
    # the exam failed, or the certificate is not the named base's
    ("技术经纪人资格考试挂了，培训费自己掏的", {"certificate_obtained": False}),
    ("经纪人证没考下来，学费六千自费", {"certificate_obtained": False}),
    ("证书是北京一家协会颁的，培训费自费5000", {"certificate_obtained": False}),
    ("参加的技术经纪人培训不是培养基地办的，证是咨询公司发的", {"certificate_obtained": False}),
    ("培训费五千自费，证书考下来了", {"certificate_obtained": True}),
    # "按两成报销" is the policy's payment, asked about; "公司报销了" is the employer's
    ("技术经纪人培训费公司报销了，8000，证拿了", {"self_funded": False}),
    # the speaker's own place said right after 我们 ("我们园区外面的一家企业")
    ("我们园区外面的一家企业，能享受专利转让的奖励吗，合同100万", {"in_valley": False}),
    # "中试" is no "审核中" (a step under way): 谷内 stays inside
    ("谷内中试基地服务性收入130万", {"in_valley": True}),
    ("我们在谷里，中北大学的专利转让给我们", {"in_valley": True}),
    # a field outside the three; one of the three said wins
    ("孵化器主攻半导体，今年新认定省级", {"in_focus_industry": False}),
    ("众创空间方向是人工智能和大数据，新备案国家级", {"in_focus_industry": False}),
    ("孵化器做新能源装备制造，新认定省级", {"in_focus_industry": True}),
    # the counterparty is a person
    ("专利是跟一位自然人签的许可，合同60万，登记了", {"counterparty_is_academic": False}),
    ("转让方是个人发明人，专利转让合同90万", {"counterparty_is_academic": False}),
    # done only later is not done now
    ("招了个博士，合同五年，社保从下个月开始缴", {"social_insurance": False}),
    ("新来的硕士社保过两个月才给他上", {"social_insurance": False}),
    ("社保上个月已经交上了，招了个博士", {"social_insurance": True}),
    ("院士工作站设站四年，明年才续签", {"contract_renewed": False}),
    # the patent's own step
    (
        "专利转让合同200万，和山西大学签的，专利权还没过户到我们名下",
        {"patent_formalities_done": False},
    ),
    ("专利许可合同80万，跟中北大学签的，还没去知识产权局备案", {"patent_formalities_done": False}),
    ("专利转让，权属变更手续办好了，合同100万", {"patent_formalities_done": True}),
    ("专利权人已经变成我们公司了，转让合同300万", {"patent_formalities_done": True}),
    (
        "专利权人变更登记还没办，转让合同已认定登记",
        {"patent_formalities_done": False, "contract_registered": True},
    ),
    # （九）'s 新认定（备案）: not yet recognised
    ("孵化器省级认定材料还在审核中", {"carrier_recognised": False}),
    ("众创空间还没挂牌，想问问国家级能给多少", {"carrier_recognised": False}),
    ("我们正在申报省级孵化器认定", {"carrier_recognised": False}),
    ("国家级众创空间刚备案下来", {"carrier_recognised": True}),
    ("经纪人证书还在等通知，培训费自费四千", {"certificate_obtained": False}),
    ("孵化器主要孵化电子商务企业", {"in_focus_industry": False}),
    ("专利已经过户到我们公司名下了，转让合同70万", {"patent_formalities_done": True}),
    ("专利还在研究所名下，转让合同70万", {"patent_formalities_done": False}),
    ("专利一直没转到我们名下，转让合同70万", {"patent_formalities_done": False}),
    ("合同还在等着做认定登记，专利许可80万", {"contract_registered": False}),
    ("证书得等考核以后才发，培训费自费三千", {"certificate_obtained": False}),
    ("项目验收以后才入驻的谷内，牵头省级项目", {"in_valley": True}),
    ("项目结题被专家驳回了，省拨500万", {"accepted": False}),
    # an item named by its counterparty
    ("两份许可合同，一个是跟中北大学，一个是太原一家民营企业", {"counterparty_is_academic": False}),
]


@pytest.mark.parametrize(("text", "expected"), FACTS, ids=[t for t, _ in FACTS])
def test_stated_fact_is_heard(text, expected):
    facts = understand(text, today=TODAY).facts
    for name, value in expected.items():
        assert facts.get(name) == value, (name, facts)


# A condition asked about states nothing: an A-not-A question anywhere before it in its clause
# ("是不是…", "交没交…"), or a condition named as what must come first ("…了才能拿").
ASKED = [
    ("是不是要先验收了才行", "accepted"),
    ("社保交没交有影响吗", "social_insurance"),
    ("有没有要求验收以后才给", "accepted"),
    ("项目结题了才能申报对吧", "accepted"),
    ("那证书考下来才可以报销吗", "certificate_obtained"),
    ("经纪人培训花了1万2，按两成报销是2400吗", "self_funded"),
]


@pytest.mark.parametrize(("text", "fact"), ASKED, ids=[t for t, _ in ASKED])
def test_a_condition_asked_about_states_nothing(text, fact):
    assert fact not in understand(text, today=TODAY).facts


def test_a_question_after_an_answer_is_never_a_no_to_its_conditions(engine):
    """ "为什么不是更多" holds 不是, but asks: it must not turn an unsaid condition into "不满足"
    and the amount into 0."""
    conv = Conversation()
    first = engine.reply(conv, "中试基地服务收入300万能拿多少", today=TODAY)
    for question in ("为什么不是更多", "为啥没有100万", "是不是还要别的条件"):
        again = engine.reply(conv, question, today=TODAY)
        assert [a.amount_yuan for a in again.awards] in ([], [a.amount_yuan for a in first.awards])
        assert "不满足" not in again.answer, question


def test_a_question_about_the_patent_step_states_nothing():
    facts = understand("专利转让需要变更专利权人吗", today=TODAY).facts
    assert "patent_formalities_done" not in facts


# ------------------------------------------------------------------ what the answer gives
# (message, each matter's amount in 元 sorted, the first sentence's pattern)
ANSWERS = [
    ("牵头的国家重点研发，国拨600万，结题那次评审没过", ["0"], "验收"),
    # a count after its noun and verb ("合同签了两个，各400万"): two contracts
    ("研究院今年技术开发合同签了两个，各400万，都认定登记了", ["40000", "40000"], "合计"),
    # one kind's own clause beside a clause said of all: that kind is its own matter
    (
        "引进了两个博士一个硕士，社保都交了，合同都是五年，硕士只签了两年",
        ["0", "100000", "100000"],
        "三年",
    ),
    (
        "引进了2个博士，社保都交了，合同五年，还有一个硕士合同只签了两年",
        ["0", "100000", "100000"],
        "三年",
    ),
    (
        "引进了3个博士，其中一个社保还没交，另外两个都交了，合同都是五年，还有一个硕士合同只签了两年",
        ["0", "0", "100000", "100000"],
        "社保",
    ),
    # （六） names no place; the 附则's 适用主体 are inside the platform
    ("我们不在谷里，中试基地服务收入300万，协议任务完成了", ["0"], "晋创谷"),
    ("技术经纪人培训学费九千，自费，资格考试没考过", ["0"], "证书"),
    ("帮一位经纪人问下：他的证是外省一家培训机构发的，培训费自费一万", ["0"], "证书"),
    ("做芯片的众创空间，今年新备案国家级，在谷内", ["0"], "产业领域"),
    ("窗口来了家企业，说专利是从一位个人发明人手上买的，转让合同60万，登记了", ["0"], "高校"),
    ("我们院跟谷内企业的专利许可合同500万，登记了，但国家知识产权局备案还没办", ["0"], "备案"),
    ("专利转让合同150万，对方是太原理工，登记了，有收益，专利权人还没改过来", ["0"], "专利权人"),
    ("招了个博士签了五年，社保下个月才开始交", ["0"], "社保"),
    # per-item: each item's condition stays with it
    (
        "两个孵化器都是今年新认定的省级，甲孵化器做医疗器械，乙孵化器做锂电池，都在谷内",
        ["0", "300000"],
        "2个事项",
    ),
    (
        "跟太原理工签了专利许可合同300万，已备案已登记有收益；跟中北大学的专利转让合同200万，"
        "也登记了，不过专利权人还没改过来",
        ["0", "60000"],
        "2个事项",
    ),
    (
        "参与了两个省级重点研发项目，省拨分别是800万、300万，800万的那个已经结题，300万那个结题没通过",
        ["0", "160000"],
        "2个事项",
    ),
    (
        "引进三个硕士一个博士，硕士签了三年、社保交了；博士签了五年，社保要下个月才给上",
        ["0", "50000", "50000", "50000"],
        "2个事项",
    ),
    (
        "我们运营两个孵化器，一个今年新认定省级做医药，另一个国家级认定材料还在审核",
        ["0", "300000"],
        "2个事项",
    ),
    (
        "我们公司从两家单位受让了专利许可：一家是山西大学（300万），另一家是深圳一家公司（200万），"
        "都登记了有效益",
        ["0", "60000"],
        "2个事项",
    ),
    # an item pointed back to by its level, or by its figure with 的
    (
        "两个众创空间，一个新备案省级，一个新备案国家级，省级那个在谷外",
        ["0", "200000"],
        "2个事项",
    ),
    (
        "两个国家级课题都是牵头，国拨2000万和1000万，2000万的已验收，1000万的还没结题",
        ["0", "1000000"],
        "2个事项",
    ),
]


@pytest.mark.parametrize(("text", "amounts", "first"), ANSWERS, ids=[a[0] for a in ANSWERS])
def test_a_stated_condition_rules_money_out_with_its_reason(engine, text, amounts, first):
    reply = engine.reply(Conversation(), text, today=TODAY)
    got = sorted(Decimal(a.amount_yuan) for a in reply.awards)
    assert got == sorted(Decimal(a) for a in amounts), reply.answer
    assert re.search(first, reply.headline.text), reply.headline.text


def test_a_zero_from_a_condition_says_what_would_change_it(engine):
    reply = engine.reply(
        Conversation(),
        "专利转让合同100万，跟山西农大签的，登记了有效益，专利权人变更还在办",
        today=TODAY,
    )
    assert [a.amount_yuan for a in reply.awards] == ["0"]
    assert "专利权人变更" in reply.headline.text
    assert "2万元" in reply.headline.text  # once the 变更 is done, the same figures give this


def test_figures_after_a_unit_and_a_comma_are_two_figures():
    """ "300万，800万": a comma groups thousands only after a digit ("3,000万")."""
    from assistant.nlu.numbers import find_numbers

    assert [n.value for n in find_numbers("省拨300万，800万那个已结题")] == [
        Decimal(3_000_000),
        Decimal(8_000_000),
    ]
    assert [n.value for n in find_numbers("合同3,000万")] == [Decimal(30_000_000)]


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("专利权人变更手续已经办完了，转让合同200万，跟山西大学签的", "amount"),
        ("认定登记正在走流程，技术许可合同150万，和太原理工签的", "amount"),
        ("入驻手续怎么办", "process"),
        ("申报流程是什么", "process"),
    ],
)
def test_progress_on_a_matter_is_no_process_question(text, intent):
    assert understand(text, today=TODAY).intent == intent


# Said facts that must NOT rule money out: a field of the three beside another, a step done,
# a start already made ("上个月开始交"), a recognition earlier in the policy's term.
STILL_PAYS = [
    ("省级孵化器去年认定的，做医疗器械，在谷内，能拿多少", ["300000"]),
    ("做新能源汽车零部件装备制造的孵化器，新认定省级", ["300000"]),
    ("专利许可合同200万，跟太原理工签的，国知局备案了，登记了，有效益", ["40000"]),
    ("谷内科技型企业，招了一个博士，社保上个月开始交的，签了五年", ["100000"]),
    ("专利转让合同80万，跟山西大学签的，专利权人已经是我们了，登记了有收益", ["16000"]),
    ("去年下半年开始给新招的一个博士交社保，合同五年，谷内科技型企业", ["100000"]),
    ("众创空间新备案国家级，聚焦现代农业和新材料", ["200000"]),
    ("两个孵化器，一个省级一个国家级，都是新认定，都做医药", ["300000", "500000"]),
]


@pytest.mark.parametrize(("text", "amounts"), STILL_PAYS, ids=[t for t, _ in STILL_PAYS])
def test_what_is_met_still_pays(engine, text, amounts):
    reply = engine.reply(Conversation(), text, today=TODAY)
    got = sorted(Decimal(a.amount_yuan) for a in reply.awards)
    assert got == sorted(Decimal(a) for a in amounts), reply.answer


def test_a_project_of_a_company_not_yet_inside_gets_nothing_yet(engine):
    """（三） addresses 入驻企业 ("鼓励入驻企业牵头承担或参与…"), as （四） does."""
    reply = engine.reply(
        Conversation(), "公司明年才搬进园区，参与的国家级项目国拨800万已结题", today=TODAY
    )
    assert [a.amount_yuan for a in reply.awards] == ["0"]
    assert "入驻" in reply.headline.text


def test_an_earlier_level_recognised_before_the_policy_was_not_paid_by_it(engine):
    """ "省级是18年认定的，今年升国家级": the 附则 starts in 2025, so nothing of the earlier level
    came from this policy — 50万, said back; a year of something else leaves the 30万 out."""
    before = engine.reply(
        Conversation(), "我们孵化器是省级的，18年认定的，今年升了国家级", today=TODAY
    )
    assert [a.amount_yuan for a in before.awards] == ["500000"]
    assert "早于本措施施行" in before.answer
    other = engine.reply(
        Conversation(), "我们公司2019年成立，孵化器原来是省级，今年升了国家级", today=TODAY
    )
    assert [a.amount_yuan for a in other.awards] == ["200000"]


def test_a_clerks_check_with_facts_is_computed_not_read_out(engine):
    """ "帮我看一下：众创空间，省级，新备案…" asks to check a case; "给我看看孵化器那条" to read."""
    check = engine.reply(
        Conversation(), "帮我看一下：众创空间，省级，新备案，在谷里，做新能源的", today=TODAY
    )
    assert [a.amount_yuan for a in check.awards] == ["0"] and "产业领域" in check.answer
    read = understand("给我看看孵化器那条", today=TODAY)
    assert read.intent == "clause_text"
