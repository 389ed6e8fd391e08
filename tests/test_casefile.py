"""Issue #9: the case file, item splitting, scope, and each failure class (tuning parts).

The class tests run the TUNING part of ``benchmarks/understanding.yaml`` through the engine
and assert every check of each item; the BLIND part is never used here (it is scored only by
``python -m benchmarks.understanding``). Items with a ``gap`` key are known misses, listed
with the reason, and are not asserted.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from assistant.dialogue import casefile
from assistant.dialogue.casefile import CaseFile, Matter
from assistant.nlu import items, scope
from assistant.nlu.understand import understand
from benchmarks import understanding as bench

TODAY = bench.TODAY
TUNING = [i for i in bench.load() if i["set"] == "tuning" and "gap" not in i]


def _id(item: dict) -> str:
    return f"{item['class']}:{bench.label(item)[:40]}"


# ------------------------------------------------------------------ each class, table-driven
@pytest.mark.parametrize("item", TUNING, ids=[_id(i) for i in TUNING])
def test_failure_class_tuning_item(engine, item):
    problems, _ = bench.run_item(engine, item)
    assert not problems, problems


# ------------------------------------------------------------------ the case file itself
def test_case_file_operations_and_round_trip():
    case = CaseFile(applicant="enterprise")
    first = case.add_matter(
        Matter("major_project", {"role": "lead", "project_level": "provincial"})
    )
    second = case.add_matter(
        Matter("major_project", {"role": "lead", "allocation_yuan": Decimal(6_000_000)})
    )
    case.correct_fact(first, "allocation_yuan", Decimal(7_000_000), source="省拨700万")
    case.correct_fact(second, "project_level", "national")
    assert case.label(second) == "第二个项目"
    case.retract_fact(first, "role")
    assert "role" not in case.matters[first].facts
    restored = CaseFile.from_dict(case.to_dict())
    assert restored.to_dict() == case.to_dict()
    assert restored.matters[first].facts["allocation_yuan"] == Decimal(7_000_000)
    assert restored.matters[first].sources["allocation_yuan"] == "省拨700万"
    case.remove_matter(first)
    assert [m.facts["project_level"] for m in case.matters] == ["national"]
    case.reset()
    assert case.matters == [] and case.applicant is None


def _contract(amount: int) -> Matter:
    return Matter(
        "enterprise_transfer",
        {
            "contract_amount_yuan": Decimal(amount),
            "contract_type": "patent_license",
            "counterparty_is_academic": True,
            "contract_registered": True,
            "economic_benefit": True,
        },
    )


def test_a_per_applicant_yearly_cap_is_shared_by_its_matters():
    # （四）每家企业年度累计最高10万: 300万×2% = 6万, then 400万×2% = 8万 capped at 4万.
    case = CaseFile("enterprise", [_contract(3_000_000), _contract(4_000_000)])
    amounts = [o.award.amount_yuan for o in casefile.compute_matters(case)]
    assert amounts == [Decimal(60_000), Decimal(40_000)]


def test_received_this_year_counts_once_for_the_applicant():
    first, second = _contract(1_000_000), _contract(1_000_000)
    for m in (first, second):  # "今年已经从这条拿过8万" said of the enterprise
        m.facts["received_this_year_yuan"] = Decimal(80_000)
    amounts = [
        o.award.amount_yuan for o in casefile.compute_matters(CaseFile(None, [first, second]))
    ]
    assert amounts == [Decimal(20_000), Decimal(0)]


def test_a_yearly_total_is_summed_across_its_parts():
    # （五）技术服务和技术咨询: the 5000万 threshold is on the year's total (3100万 + 2200万).
    parts = [
        Matter("academic_service", {"service_turnover_yuan": Decimal(31_000_000)}),
        Matter("academic_service", {"service_turnover_yuan": Decimal(22_000_000)}),
    ]
    (outcome,) = casefile.compute_matters(CaseFile("institute", parts))
    assert outcome.award.amount_yuan == Decimal(10_600)


def test_each_base_keeps_its_own_cap():
    # （六）单家中试基地年度最高100万: two bases are two caps.
    bases = [
        Matter("platform", {"platform_type": "pilot_base", "service_revenue_yuan": Decimal(v)})
        for v in (2_000_000, 5_000_000)
    ]
    amounts = [o.award.amount_yuan for o in casefile.compute_matters(CaseFile(None, bases))]
    assert amounts == [Decimal(600_000), Decimal(1_000_000)]


# ------------------------------------------------------------------ splitting a message
@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "我们牵头了两个项目：省重点研发（省拨700万）和国家专项（国拨3000万），都验收了",
            [
                {"project_level": "provincial", "allocation_yuan": 7_000_000, "role": "lead"},
                {"project_level": "national", "allocation_yuan": 30_000_000, "role": "lead"},
            ],
        ),
        (
            "牵头一个省级重点研发（省拨600万）、参与一个国家重大专项（国拨2000万），都验收了",
            [
                {"role": "lead", "accepted": True},
                {"role": "participate", "accepted": True},
            ],
        ),
        (
            "两个中试基地，一个完成了协议任务收入300万，另一个任务还没完成收入100万",
            [
                {"service_revenue_yuan": 3_000_000, "tasks_completed": True},
                {"service_revenue_yuan": 1_000_000, "tasks_completed": False},
            ],
        ),
        (
            "我们有一个概念验证中心和一个中试基地，服务收入分别是300万和200万",
            [
                {"platform_type": "poc_centre", "service_revenue_yuan": 3_000_000},
                {"platform_type": "pilot_base", "service_revenue_yuan": 2_000_000},
            ],
        ),
        ("我们公司运营两个新认定的省级孵化器", [{"carrier_level": "provincial"}] * 2),
        ("我们的孵化器之前是省级的，今年升成了国家级孵化器", [{"carrier_level": "national"}]),
        (
            "国家重大专项我们不是牵头的，只是参与，项目已经验收，国拨八千万",
            [{"role": "participate"}],
        ),
        # A count of counterparties is that many matters only with a figure said of each.
        (
            "学校给四家企业做了技术开发，合同各150万",
            [{"contract_amount_yuan": 1_500_000}] * 4,
        ),
        ("学校和两家企业合签了一份技术开发合同，300万", [{"contract_amount_yuan": 3_000_000}]),
        # Sub-counts of people, and an object said once for both groups.
        (
            "来了三个博士，都签了三年合同，两位缴了社保，一位未缴",
            [{"social_insurance": True}, {"social_insurance": False}],
        ),
        # A kind named as who runs it is the speaker, not one more item.
        (
            "我们是众创空间运营方，众创空间备案了省级，孵化器认定了国家级",
            [
                {"carrier_type": "maker_space", "carrier_level": "provincial"},
                {"carrier_type": "incubator", "carrier_level": "national"},
            ],
        ),
        # One figure per measure named, in order.
        (
            "研究所与谷内企业的专利许可合同和技术服务合同分别是200万、5200万，均已登记",
            [{"contract_amount_yuan": 2_000_000}, {"service_turnover_yuan": 52_000_000}],
        ),
    ],
)
def test_items_each_get_their_own_facts(message, expected):
    u = understand(message, today=TODAY)
    got = [pu.facts for _piece, pu in items.understand_items(u, TODAY)]
    assert len(got) == len(expected)
    for facts, want in zip(got, expected, strict=True):
        for name, value in want.items():
            assert facts.get(name) == value, (name, facts)


def test_an_exception_in_a_counted_group_is_its_own_matter():
    u = understand("招了两个硕士三个博士，合同都签了五年，有个硕士没交社保", today=TODAY)
    pieces = items.understand_items(u, TODAY)
    assert len(pieces) == 2
    assert pieces[1][1].facts["social_insurance"] is False
    assert "social_insurance" not in pieces[0][1].facts


# ------------------------------------------------------------------ scope
@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("研发费用加计扣除怎么申请", "topic"),
        ("高新技术企业认定有奖励吗", "topic"),
        ("社保补贴能领吗", "topic"),
        ("买房有购房补贴吗", "topic"),
        ("成都那边对中试基地怎么补", "other_place"),
        ("我是个体工商户，能享受吗", "applicant"),
        ("公司准备上市，有没有奖金", "topic"),
        ("企业上市能奖多少", "topic"),
        ("挂牌新三板给钱吗", "topic"),
        ("我们要是科创板上市了，能补多少？", "topic"),
        ("公司在北交所上市有没有奖励", "topic"),
        ("Is there a reward for an IPO?", "topic"),
        ("科技型中小企业入库成功给多少奖励", "topic"),
        ("我们是深圳的公司，没入驻晋创谷，可以申请吗", "applicant"),
        # a named fee or support the policy lacks, said with a noun or only with a verb
        ("专利的维持费能报销吗", "topic"),
        ("Can the annual fee for our patents be covered?", "topic"),
        ("刚毕业准备开个工作室，有创业补贴吗", "topic"),
        ("is there a start-up grant for a one-person company?", "topic"),
        ("差旅费可以报销吗", "topic"),
        ("会议费能不能补", "topic"),
        # English wording of topics that are listed in Chinese
        ("we are looking for a housing allowance for new hires", "topic"),
        ("Any subsidy on office rent?", "topic"),
        ("hiring subsidies for graduates?", "topic"),
        ("any tax breaks for a tech SME", "topic"),
        # another place asked about with a verb of support, or by a named district
        ("杭州滨江对概念验证中心怎么支持", "other_place"),
        ("西咸新区的中试基地补多少", "other_place"),
        ("What grants does Hangzhou offer a proof-of-concept centre?", "other_place"),
        ("Qianhai policy for pilot bases", "other_place"),
        # more kinds of support the policy lacks, in Chinese and English
        ("能不能申请科技服务券", "topic"),
        ("我们拿了省科技进步奖，有奖金吗", "topic"),
        ("引进的博士有没有生活津贴", "topic"),
        ("工程技术研究中心认定给多少", "topic"),
        ("市级重点实验室建设有没有补助", "topic"),
        ("检测仪器设备能不能补", "topic"),
        ("学术委员会评审有补贴吗", "topic"),  # "X有补贴吗": 有 is no part of the head
        ("Is there a living allowance for postdocs?", "topic"),
        ("do you cover the cost of exhibitions?", "topic"),
        ("are utilities subsidised?", "topic"),
        ("can students apply for support?", "applicant"),
        ("社保返还今年还有吗", "topic"),
        ("办公室房租能不能减免", "topic"),
        ("招了几个退役军人，有没有补贴", "topic"),
    ],
)
def test_scope_names_what_is_not_covered(message, kind):
    nc = scope.check(understand(message).text)
    assert nc is not None and nc.kind == kind
    assert nc.explanation.startswith("本政策")


@pytest.mark.parametrize(
    "message",
    [
        "我们引进的博士交了社保，签了五年合同",  # 社保 as a condition of （七）
        "我们是高新技术企业，招了两个博士",  # 高企 as who the speaker is
        "从太原理工受让了一项专利",  # a counterparty in 太原 is no other jurisdiction
        "中试基地服务收入300万",
        "我们是已入库的科技型中小企业，引进了两名博士",  # 入库 says who the speaker is
        "我们是科技型中小企业，认定过的，招了硕士",
        "上市辅导有补贴吗",  # （十）'s service wording, not a listing reward
        "我们是投资机构，为谷内企业提供上市辅导服务，能奖多少",
        "引进上市辅导机构怎么奖",
        "培训费能不能报销",  # （八）'s own fee
        "中试基地的服务收入能补吗",
        "新认定的孵化器能补多少",
        "从北京的一家公司买了专利，转让合同200万，能补吗",  # a counterparty's place
        "我们能不能补",
        "licensed a patent from a Shanghai company, RMB 2m",  # a counterparty's city
        "孵化器有奖励吗",
        "博士后站有补助吗",
        "实验室的技术合同有补贴吗",  # a 实验室 as a party to a contract
        "认定了有奖励吗",
        "外地的专利买过来能补吗",  # an activity （四） may cover, not a kind of fee
        "招聘博士有补助吗",
        "we left Shenzhen; what support does this policy give a pilot base in the valley",
    ],
)
def test_scope_leaves_covered_questions_alone(message):
    assert scope.check(understand(message).text) is None


def test_reply_for_not_covered_says_so_first(engine):
    from assistant.dialogue.state import Conversation

    reply = engine.reply(Conversation(), "研发费用加计扣除能补多少", today=date(2026, 6, 15))
    assert reply.answer.startswith("本政策不涉及研发费用加计扣除")
    assert not reply.awards


@pytest.mark.parametrize(
    "message",
    [
        "我是应届毕业生，想问有没有租房补贴",
        "还没注册公司，想领一次性创业补助",
        "刚毕业，社保补贴怎么领",
    ],
)
def test_a_newcomer_asking_for_what_is_not_covered_hears_it_first(engine, message):
    """A graduate or a person asking for a support the policy lacks gets "不涉及" first,
    not the newcomer orientation."""
    from assistant.dialogue.state import Conversation

    reply = engine.reply(Conversation(), message, today=date(2026, 6, 15))
    assert reply.headline.text.startswith("本政策不涉及")
    assert not reply.awards


def test_reply_lists_each_matter_with_its_award(engine):
    """The JSON reply has one `matters` entry per matter; `awards` one per matter's award."""
    from assistant.dialogue.state import Conversation

    conv = Conversation()
    reply = engine.reply(
        conv,
        "我们牵头了两个项目：省重点研发（省拨700万）和国家专项（国拨3000万），都验收了",
        today=TODAY,
    )
    data = reply.to_json_dict()
    assert [m["label"] for m in data["matters"]] == ["第一个项目", "第二个项目"]
    assert [m["status"] for m in data["matters"]] == ["computed", "computed"]
    assert [data["awards"][m["award"]]["amount_yuan"] for m in data["matters"]] == [
        "350000",
        "1000000",
    ]
    assert data["matters"][1]["facts"]["project_level"] == "国家级"
    # The sidebar's operations: correcting one matter's fact changes only that matter.
    conv.correct_fact(1, "allocation_yuan", Decimal(10_000_000))
    again = engine.reply(conv, "总共能拿多少", today=TODAY)
    assert sorted(a.amount_yuan for a in again.awards) == ["350000", "500000"]


def test_not_covered_is_a_matter_status(engine):
    from assistant.dialogue.state import Conversation

    reply = engine.reply(Conversation(), "成都那边对中试基地怎么补", today=TODAY)
    assert [m.status for m in reply.matters] == ["not_covered"]
    assert reply.headline.verdict == "not_covered"


# ------------------------------------------------------------------ relative hypotheticals
@pytest.mark.parametrize(
    ("said", "figure"),
    [
        ("如果少一半呢", 20_000_000),
        ("要是再少一半的话呢", 20_000_000),
        ("减半的话呢", 20_000_000),
        ("打个八折呢", 32_000_000),
        ("七成呢", None),  # no verb of change: not a relative hypothetical
        ("要是降三成呢", 28_000_000),  # down by 30%
        ("多两成呢", 48_000_000),
        ("再少500万呢", 35_000_000),
        ("掉了1000万呢", 30_000_000),
        ("再多一半呢", 60_000_000),
        ("再加500万呢", 45_000_000),
        ("要是再多一倍呢", 80_000_000),
        ("少一倍呢", None),  # says nothing exact
        ("要是翻倍呢", 80_000_000),
        ("如果增长20%呢", 48_000_000),
        ("下调百分之十的话呢", 36_000_000),
        ("涨三成呢", 52_000_000),
        # English relatives, in a hypothetical or a question
        ("what if it were half?", 20_000_000),
        ("and 25% lower?", 30_000_000),
        ("what about double?", 80_000_000),
        ("half of it went to a partner", None),  # no question, no hypothetical
    ],
)
def test_a_relative_hypothetical_moves_the_figure_under_discussion(said, figure):
    """Up or down by a half, a fraction, an amount or a multiple; never stored."""
    from assistant.dialogue import matters as dialogue

    case = CaseFile("financial_institution")
    case.add_matter(Matter("financing", {"financing_total_yuan": Decimal(40_000_000)}))
    case.focus = 0
    decision = dialogue._relative(understand(said).text, case)
    if figure is None:
        assert decision is None
        return
    (outcome,) = decision.outcomes
    assert outcome.matter.facts["financing_total_yuan"] == figure
    assert case.matters[0].facts["financing_total_yuan"] == 40_000_000


# ------------------------------------------------------------------ taking money back
@pytest.mark.parametrize(
    ("held", "said", "gone"),
    [
        ({"received_this_year_yuan": 200_000}, "那20万其实还没到账", "received_this_year_yuan"),
        ({"received_this_year_yuan": 200_000}, "之前说拿过的钱我记错了", "received_this_year_yuan"),
        ({"other_policy_award_yuan": 150_000}, "市里那15万并没有批下来", "other_policy_award_yuan"),
        # a figure that names nothing held, or two held with no figure: nothing is taken back
        ({"received_this_year_yuan": 200_000}, "那50万没拿到", None),
        (
            {"received_this_year_yuan": 200_000, "other_policy_award_yuan": 100_000},
            "钱其实没拿到",
            None,
        ),
        # no word of taking back
        ({"received_this_year_yuan": 200_000}, "那20万是上个月拿的", None),
    ],
)
def test_money_said_as_received_can_be_taken_back(held, said, gone):
    from assistant.dialogue import matters as dialogue

    facts = {"platform_type": "pilot_base", "service_revenue_yuan": Decimal(3_000_000)}
    facts |= {k: Decimal(v) for k, v in held.items()}
    case = CaseFile("pilot_base")
    case.add_matter(Matter("platform", dict(facts)))
    decision = dialogue._retraction(case, understand(said), said)
    if gone is None:
        assert decision is None and case.matters[0].facts == facts
        return
    assert decision.retracted == [gone] and gone not in case.matters[0].facts
    assert set(held) - {gone} <= set(case.matters[0].facts)


# ------------------------------------------------------------------ each person's own figure
@pytest.mark.parametrize(
    ("message", "fees"),
    [
        (
            "我和另外两个同事都参加了技术经纪人高端培训，自费的，证书也拿到了，我交了9000，她们每人交了1.2万",
            [9000, 12000, 12000],
        ),
        (
            "我跟小王、小李去参加技术经纪人培训，都自费，都拿了证，我八千，他俩各一万二",
            [8000, 12000, 12000],
        ),
        ("我们仨都考了技术经纪人证，培训自费，我六千，他们各八千", [6000, 8000, 8000]),
        # no group counting the speaker in: one matter as before
        ("技术经纪人培训自费，我交了七千，证书拿到了", [7000]),
    ],
)
def test_each_person_in_a_group_has_their_own_figure(message, fees):
    pairs = items.understand_items(understand(message), TODAY)
    assert [pu.facts.get("training_fee_yuan") for _p, pu in pairs] == fees


@pytest.mark.parametrize("said", ["不对，说错了，是国家级", "我搞错了，是众创空间"])
def test_a_slip_that_names_no_money_takes_none_back(said):
    """ "说错了" about a level or a kind corrects that, never the money received."""
    from assistant.dialogue import matters as dialogue

    case = CaseFile("carrier_operator")
    held = {"carrier_type": "incubator", "received_before_yuan": Decimal(300_000)}
    case.add_matter(Matter("carrier", dict(held)))
    assert dialogue._retraction(case, understand(said), said) is None
