"""Issue #18, fifteenth pass: mechanisms over the wording of their kind, each with the
property that must not change. A condition said with a word of denial, delay or part is asked
when no value was read from it, never assumed met under an amount."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.answer import gate
from assistant.answer.reply import Reply
from assistant.nlu import conditions
from assistant.nlu.numbers import find_numbers
from calculators.registry import compute


def _platform_reply() -> Reply:
    award = compute(
        "platform", {"platform_type": "pilot_base", "service_revenue_yuan": Decimal(4_800_000)}
    )
    return Reply(intent="amount", details=[award])


DOUBTS = ["只完成了七成左右", "还在做", "没完成", "还差一点", "完成了一部分", "推迟到明年"]
PLAIN = ["都完成了", "去年年底全部完成", "已经完成", "done", "年底前都做完了"]


@given(st.sampled_from(DOUBTS), st.sampled_from(["协议任务", "协议里的任务", "合同任务"]))
@settings(max_examples=30, deadline=None)
def test_a_condition_said_with_doubt_is_asked_when_its_value_was_not_read(doubt, cue):
    said = f"我们是谷里的中试基地，去年服务性收入四百八十万，{cue}{doubt}"
    matter = gate.MatterReading("platform", said, "中试基地", unsaid=("tasks_completed",))
    found = gate.check(_platform_reply(), gate.Reading(message=said, matters=(matter,)))
    assert [v.rule for v in found] == ["condition_unheard"]
    assert found[0].asks_for == ("platform", "tasks_completed")
    assert "协议任务" in found[0].question and cue in found[0].reading


@given(st.sampled_from(PLAIN))
@settings(max_examples=10, deadline=None)
def test_a_condition_said_plainly_keeps_its_default(plain):
    said = f"我们是谷里的中试基地，去年服务性收入四百八十万，协议任务{plain}"
    assert conditions.doubted("tasks_completed", said) is None
    matter = gate.MatterReading("platform", said, "中试基地", unsaid=("tasks_completed",))
    assert gate.check(_platform_reply(), gate.Reading(message=said, matters=(matter,))) == []


def test_a_condition_asked_about_or_read_is_no_doubt():
    assert conditions.doubted("tasks_completed", "协议任务没完成的话还能拿吗？") is None
    said = "协议任务只完成了七成"
    read = gate.MatterReading("platform", said, "中试基地", unsaid=())  # the value was read
    assert gate.check(_platform_reply(), gate.Reading(message=said, matters=(read,))) == []


def test_nothing_paid_nothing_asked():
    said = "协议任务只完成了七成"
    matter = gate.MatterReading("platform", said, "中试基地", unsaid=("tasks_completed",))
    assert gate.check(Reply(intent="amount"), gate.Reading(message=said, matters=(matter,))) == []


def test_a_denial_before_the_cue_is_doubt_but_a_pending_word_before_it_is_not():
    assert conditions.doubted("patent_formalities_done", "专利许可没备案") is not None
    assert conditions.doubted("in_valley", "正在跟谷里一家科技型企业谈") is None


@given(st.sampled_from(["两百", "三百", "一千", "八十"]))
def test_a_rough_figure_said_with_chutou_before_its_unit_is_that_much(head):
    (m,) = [n for n in find_numbers(f"成交额加起来才{head}出头万") if n.kind == "money"]
    (exact,) = find_numbers(f"{head}万")
    assert m.value == exact.value and m.approx


# ------------------------------------------------------------------ a reply that is unsure asks
def test_nothing_found_close_ends_with_a_question_and_yes_answers_from_that_clause(engine):
    from datetime import date

    from assistant.dialogue.state import Conversation

    conv = Conversation()
    first = engine.reply(conv, "众创空见国家级给多少", date(2026, 6, 15))  # a typo nothing reads
    assert not first.awards and first.headline.verdict == "none_found"
    assert first.follow_up and "这一条" in first.follow_up and "是的" in first.follow_up
    offered = first.follow_up.split("是不是")[1].split("这一条")[0][:4]
    second = engine.reply(conv, "是的", date(2026, 6, 15))
    assert offered in second.answer and "责任单位" in second.answer


@given(st.sampled_from(["是的", "对", "嗯嗯", "对，就是这条", "yes", "没错。"]))
def test_a_bare_yes_assents(word):
    from assistant.nlu import acts

    assert acts.assents(word)


@given(st.sampled_from(["是的，另外中试基地呢", "不是", "是不是要备案", "对了，还有个问题"]))
def test_a_yes_with_more_said_is_no_bare_assent(text):
    from assistant.nlu import acts

    assert not acts.assents(text)


# ------------------------------------------------------------------ the asker's listed results
@given(
    st.sampled_from([(1500, 1300), (900, 600), (2000, 400)]),
    st.sampled_from(["带我的师姐说", "同事说", "我自己"]),
)
@settings(max_examples=20, deadline=None)
def test_listed_results_of_a_rate_said_are_no_contracts(pair, who):
    from datetime import date

    from assistant.nlu.items import understand_items
    from assistant.nlu.understand import understand

    a, b = pair
    text = (
        f"学校今年跟谷内企业签了两份技术开发合同：一份交易额{a}万，另一份{b}万，都认定登记了。"
        f"{who}每份按1%算，一份{a // 100}万一份{b // 100}万，对吗？"
    )
    today = date(2026, 6, 15)
    u = understand(text, today)
    items = understand_items(u, today)
    assert len(items) == 2
    assert sorted(pu.facts["contract_amount_yuan"] for _p, pu in items) == sorted(
        [Decimal(a * 10_000), Decimal(b * 10_000)]
    )


# ------------------------------------------------------------------ where the speaker is
@given(
    st.sampled_from(["太原", "北京", "运城", "西安"]),
    st.sampled_from(
        ["我们这个机构一直扎根{p}", "我们公司的人和办公都在{p}", "我们是{p}本地的企业"]
    ),
)
def test_the_speaker_placed_elsewhere_in_new_words_is_doubted(place, frame):
    from assistant.nlu import conditions

    assert conditions.place_doubted(frame.format(p=place) + "，给谷里企业做服务") is not None


@given(
    st.sampled_from(["太原", "北京", "西安"]),
    st.sampled_from(
        [
            "我们跟{p}理工大学签了合同",
            "我们还想请一位在{p}的老专家",
            "我们团队原来在{p}，去年入驻了晋创谷",
            "我们公司现在在{p}，打算搬到晋创谷来，搬过来以后能拿多少",
            "我们从{p}过来的",
        ]
    ),
)
def test_a_place_of_a_school_a_person_a_past_or_a_move_is_no_doubt(place, frame):
    from assistant.nlu import conditions

    assert conditions.place_doubted(frame.format(p=place)) is None


def test_a_paid_award_on_a_doubted_place_is_asked():
    said = "我们这个机构一直扎根太原，去年给谷里企业做的技术服务合同交易额一千万"
    award = compute("transfer_service", {"transfer_turnover_yuan": Decimal(10_000_000)})
    found = gate.check(Reply(intent="amount", details=[award]), gate.Reading(message=said))
    assert [v.rule for v in found] == ["place_doubted"]
    assert "谷内" in found[0].question and "扎根太原" in found[0].reading


# ------------------------------------------------------------------ one holder's year read twice
def _matter(rule: str, said: str, anchor: str | None, **bases: int) -> gate.MatterReading:
    return gate.MatterReading(rule, said, anchor, {k: Decimal(v) for k, v in bases.items()})


def test_one_holders_yearly_total_read_twice_is_asked():
    said = "去年参与的合同交易额三千零六十万，不好意思，去年实际是二千七百九十万"
    twice = (
        _matter(
            "transfer_service",
            "去年参与的合同交易额三千零六十万",
            "合同",
            transfer_turnover_yuan=30_600_000,
        ),
        _matter(
            "transfer_service",
            "去年实际是二千七百九十万",
            "合同",
            transfer_turnover_yuan=27_900_000,
        ),
    )
    found = gate.check(Reply(intent="amount"), gate.Reading(message=said, matters=twice))
    assert [v.rule for v in found] == ["one_holder_twice"]
    assert "同一" in found[0].question


@given(
    st.sampled_from(
        [
            ("两家机构", "去年", "去年"),  # a count names several holders
            ("", "去年", "今年"),  # each its own year
        ]
    )
)
def test_a_count_or_a_year_each_keeps_several_yearly_matters(case):
    count, y1, y2 = case
    said = f"{count}{y1}合同交易额三千万，{y2}二千万"
    two = (
        _matter(
            "transfer_service", f"{y1}合同交易额三千万", "合同", transfer_turnover_yuan=30_000_000
        ),
        _matter("transfer_service", f"{y2}二千万", "合同", transfer_turnover_yuan=20_000_000),
    )
    found = gate.check(Reply(intent="amount"), gate.Reading(message=said, matters=two))
    assert "one_holder_twice" not in [v.rule for v in found]


def test_two_objects_of_a_yearly_measure_named_apart_are_two():
    said = "概念验证中心收入400万；中试基地收入600万"
    two = (
        _matter(
            "platform", "概念验证中心收入400万", "概念验证中心", service_revenue_yuan=4_000_000
        ),
        _matter("platform", "中试基地收入600万", "中试基地", service_revenue_yuan=6_000_000),
    )
    found = gate.check(Reply(intent="amount"), gate.Reading(message=said, matters=two))
    assert "one_holder_twice" not in [v.rule for v in found]


def test_a_hire_told_in_english_is_one_hire(engine):
    from datetime import date

    from assistant.dialogue.state import Conversation

    text = (
        "Can a foreign PhD hired by a tech SME in the valley with a 3-year contract and "
        "social insurance get funding? How much?"
    )
    reply = engine.reply(Conversation(), text, date(2026, 6, 15))
    assert [(a.clause, a.amount_yuan) for a in reply.awards] == [("（七）", "100000")]


# ------------------------------------------------------------------ conditions said in new words
_CONTRACT = "我们是谷内企业，跟中北大学买了个专利，三百二十万，过户办完了，登记也弄了，"


@given(
    st.sampled_from(
        [
            ("产品还没上市，没见着钱", False),
            ("产品预计明年下半年才能上市", False),
            ("一分钱销售收入都还没有，预计明年才能上市", False),
            ("产品已经上市了", True),
            ("新品今年已经上市了，卖得不错", True),
        ]
    )
)
@settings(max_examples=10, deadline=None)
def test_the_product_on_the_market_or_not_is_the_economic_benefit(case):
    from datetime import date

    from assistant.nlu.understand import understand

    said, value = case
    u = understand(_CONTRACT + said + "。能补多少", date(2026, 6, 15))
    assert u.facts.get("economic_benefit") is value


def test_a_company_going_public_says_nothing_of_the_benefit():
    from datetime import date

    from assistant.nlu.understand import understand

    u = understand(_CONTRACT + "公司明年准备上市，能补多少", date(2026, 6, 15))
    assert "economic_benefit" not in u.facts


@given(
    st.sampled_from(["一亿二", "8000万", "两个亿"]),
    st.sampled_from(["知识产权质押", "科技信用贷款"]),
)
@settings(max_examples=10, deadline=None)
def test_a_part_of_a_banks_total_financing_is_a_breakdown(total, kind):
    from datetime import date

    from assistant.nlu.numbers import find_numbers
    from assistant.nlu.understand import understand

    u = understand(
        f"我们银行去年给谷里企业贷了{total}，其中{kind}三千万，奖励怎么算？", date(2026, 6, 15)
    )
    (whole,) = [n for n in find_numbers(total + "元") if n.kind == "money"]
    assert u.facts["financing_total_yuan"] == whole.value


# ------------------------------------------------------------------ one award per person hired
@given(st.integers(0, 4), st.integers(0, 4))
@settings(max_examples=25, deadline=None)
def test_a_hire_award_is_listed_one_person_at_a_time_and_adds_up(phds, masters):
    from assistant.answer.reply import AwardSummary

    facts = {
        "phd_count": phds,
        "master_count": masters,
        "social_insurance": True,
        "contract_years": Decimal(3),
        "in_valley": True,
        "tech_enterprise": True,
    }
    award = compute("talent", facts)
    listed = AwardSummary.each(award)
    assert sum(Decimal(s.amount_yuan) for s in listed) == award.amount_yuan
    assert len(listed) == (phds + masters if phds + masters > 1 else 1)
    if phds + masters > 1:
        assert sorted(Decimal(s.amount_yuan) for s in listed) == sorted(
            [Decimal(50_000)] * masters + [Decimal(100_000)] * phds
        )


def test_a_ruled_out_hire_award_is_one_zero():
    from assistant.answer.reply import AwardSummary

    award = compute("talent", {"phd_count": 2, "social_insurance": False})
    assert [s.amount_yuan for s in AwardSummary.each(award)] == ["0"]


def test_the_speakers_own_degree_is_no_hire_when_others_are_hired(engine):
    from datetime import date

    from assistant.dialogue.state import Conversation

    conv = Conversation()
    engine.reply(conv, "你好，我是海归博士", date(2026, 6, 15))
    reply = engine.reply(
        conv, "我们公司还招了硕士，签了三年合同交了社保，能拿多少", date(2026, 6, 15)
    )
    assert [(a.clause, a.amount_yuan) for a in reply.awards] == [("（七）", "50000")]


@given(st.sampled_from(["把那十万补上", "把钱拿到", "去兑现", "把补助领了"]))
@settings(max_examples=8, deadline=None)
def test_the_year_one_wants_the_money_in_dates_no_matter(wish):
    from datetime import date

    from assistant.nlu.understand import understand

    text = f"我们众创空间在谷里，做现代农业方向的，省级是2024年12月备案的。今年想按政策{wish}，能行吗？"
    when = understand(text, date(2026, 6, 15)).facts["event_date"]
    assert (when.year, when.month) == (2024, 12)


@given(
    st.sampled_from(["两年", "一年"]),
    st.sampled_from(["三年", "五年"]),
    st.sampled_from(
        ["刚才我查了下，不是{a}，是{b}", "不对，是{b}", "记错了，是{b}", "{a}，哦不，{b}"]
    ),
)
@settings(max_examples=20, deadline=None)
def test_a_contract_term_corrected_takes_the_later_term(first, later, frame):
    from datetime import date

    from assistant.nlu.numbers import parse_duration
    from assistant.nlu.understand import understand

    text = (
        f"我们是谷内科技型企业，招了一个硕士，合同签的{first}，"
        + frame.format(a=first, b=later)
        + "，社保交了"
    )
    assert understand(text, date(2026, 6, 15)).facts["contract_years"] == parse_duration(later)
