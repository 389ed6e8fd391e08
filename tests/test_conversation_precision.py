"""Issue 18 (r8): what a later message says is read against what the conversation knows —
a type only named is no new speaker, a sum over years corrects a figure, a year said earlier
in the sentence is the figure's year."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from conftest import last_reply

from assistant.dialogue.state import Conversation
from assistant.nlu.understand import understand

TODAY = date(2026, 6, 15)


def amounts(reply) -> list[tuple[str, str]]:
    return [(a.clause, a.amount_yuan) for a in reply.awards]


def _last_reply(engine, turns: list[str]):
    return last_reply(engine, turns, TODAY)


def test_a_type_only_named_does_not_replace_the_speaker_known(engine):
    conv = Conversation()
    engine.reply(
        conv, "我们学校今年给谷内企业做技术转让，已认定登记的合同金额加起来一千五百万", TODAY
    )
    reply = engine.reply(
        conv, "哦还有一份一千二百万的技术开发合同刚登记，也是谷内企业的，全年算下来多少", TODAY
    )
    assert {c for c, _ in amounts(reply)} == {"（五）"}  # the school's clause, not （四）
    assert sum(Decimal(a) for _, a in amounts(reply)) == Decimal(250000)  # yearly cap 25万


def test_a_type_named_for_a_measure_the_known_speaker_has_none_of_is_the_speaker():
    read = understand("技术经纪人自费参加培训花了5000，证拿到了", today=TODAY)
    assert read.applicant and not read.applicant_own
    assert read.speaker("pilot_base") == read.applicant  # （八） is no measure of a base's
    assert understand("技术经纪人证去哪考？", TODAY).speaker("pilot_base") == "pilot_base"
    assert understand("我们学校和企业签了合同", today=TODAY).speaker("enterprise") != "enterprise"


@pytest.mark.parametrize(
    "text", ["六百万是两年加起来的，去年单年是三百五十万", "两年合计六百万，去年是三百五十万"]
)
def test_a_sum_over_years_is_context_and_corrects_the_figure_told(text):
    read = understand(text, today=TODAY)
    roles = {f.mention.raw: f.role for f in read.figures}
    assert roles["六百万"] == "context" and roles["三百五十万"] == "base"
    assert read.flags.what_if and not read.flags.total
    assert "years" not in read.facts


def test_a_corrected_yearly_figure_replaces_the_sum(engine):
    conv = Conversation()
    engine.reply(conv, "概念验证中心，协议任务完成了，去年收入六百万", TODAY)
    reply = engine.reply(conv, "哦不好意思，六百万是两年加起来的，去年单年是三百五十万", TODAY)
    assert amounts(reply) == [("（六）", "350000")]


def test_a_sum_over_years_alone_fills_no_yearly_figure():
    assert understand("两年合计八百万的服务收入", today=TODAY).facts == {}


def test_the_year_said_earlier_in_the_sentence_is_the_figures_year():
    read = understand(
        "去年自费参加技术转移高端培训花了一万块拿了晋级证书，今年又参加一期，培训费五千也拿证了",
        today=TODAY,
    )
    assert read.facts["training_fee_yuan"] == Decimal(5000)
    roles = {f.mention.raw.removesuffix("块"): f.role for f in read.figures}
    assert roles["一万"] == "context"


@pytest.mark.parametrize(
    "text", ["县里的科技计划我们牵头，经费100万，验收了", "县级项目牵头验收了"]
)
def test_a_county_project_is_below_the_provincial_line(engine, text):
    reply = engine.reply(Conversation(), text, TODAY)
    assert [a.amount_yuan for a in reply.awards] == ["0"]
    assert "县级" in reply.answer and "省级及以上" in reply.answer


def test_money_had_said_to_be_an_earlier_years_leaves_this_years_cap(engine):
    conv = Conversation()
    first = engine.reply(conv, "银行今年给谷内企业放款9000万，今年已经从这条拿过20万", TODAY)
    assert amounts(first) == [("（十一）", "300000")]  # 50万 cap less 20万 had this year
    reply = engine.reply(conv, "不好意思，那20万是去年拿的", TODAY)
    assert amounts(reply) == [("（十一）", "450000")]
    assert "往年所得" in reply.answer


def test_an_earlier_years_award_changes_no_matter_and_dates_none(engine):
    read = understand("对了，去年也拿过这条的补助，12万", today=TODAY)
    assert [f.role for f in read.figures] == ["received"]
    assert "event_date" not in read.facts and "received_this_year_yuan" not in read.facts
    conv = Conversation()
    engine.reply(conv, "我是山西某大学科研处的", TODAY)
    engine.reply(conv, "今年技术开发合同两份，一份320万一份1500万，都认定登记了", TODAY)
    reply = engine.reply(conv, "对了，去年也拿过这条的补助，12万", TODAY)
    assert sorted(a for _, a in amounts(reply)) == ["150000", "32000"]
    assert "往年所得" in reply.answer


@pytest.mark.parametrize(
    "text",
    [
        "跟中北大学签了一份技术合同，里面包含专利转让、专利许可和技术秘密许可三块内容，合同总额五百万，已经认定登记，转化的产品也有效益了",
        "一个专利转让一个专利许可，但都写在同一份技术合同里，跟太原理工签的，专利权人变更和备案都办了，认定登记也做了，有效益，合同总额500万",
    ],
)
def test_one_contract_with_several_parts_is_one_matter(engine, text):
    assert amounts(engine.reply(Conversation(), text, TODAY)) == [("（四）", "100000")]


@pytest.mark.parametrize(
    "text, asks_sum",
    [
        ("合同总额五百万，登记了", False),
        ("一共两个项目", False),
        ("总共5000万", False),
        ("总共能拿多少", True),
        ("两个加起来多少", True),
    ],
)
def test_a_total_word_before_a_figure_labels_it_and_asks_no_sum(text, asks_sum):
    assert understand(text, today=TODAY).flags.total is asks_sum


def test_a_later_part_that_shows_the_case_again_repeats_no_award(engine):
    reply = engine.reply(
        Conversation(),
        "您好，两个事。我们中试基地去年服务性收入二百万，协议任务完成了，能奖补多少？另外这个政策到哪年截止，明年、后年还能接着申请吗？",
        TODAY,
    )
    assert amounts(reply) == [("（六）", "600000")]


def test_money_another_party_had_is_not_the_speakers():
    read = understand(
        "去年服务性收入二百八十万。可隔壁园区的朋友说他们按这个政策拿了整整一百万", today=TODAY
    )
    assert {f.mention.raw: f.role for f in read.figures}["一百万"] == "context"
    assert not any(k.startswith("received") for k in read.facts)


def test_a_figure_someone_says_it_is_is_an_estimate():
    read = understand("合同累计八千万，同事说按万分之二算是一万六，另一个同事非说是十六万", TODAY)
    assert [f.role for f in read.figures if f.mention.raw != "八千万"] == ["estimate", "estimate"]
    assert not read.extra_amounts


def test_a_patent_bought_from_a_company_is_not_from_a_university():
    read = understand("我们是谷内企业，买了另一家公司的一项发明专利，交易额一百五十万", TODAY)
    assert read.facts["counterparty_is_academic"] is False


def test_conditions_said_of_every_matter_keep_every_matter(engine):
    conv = Conversation()
    engine.reply(conv, "我们大学今年和谷内企业签了三份专利转让合同，每份都是二百万", TODAY)
    reply = engine.reply(
        conv, "专利权人都变更完了，技术合同认定登记也都做了，学校能拿多少补助", TODAY
    )
    assert amounts(reply) == [("（五）", "20000")] * 3


def test_two_adverbs_before_done_still_say_done():
    assert understand("技术合同认定登记也都做了", TODAY).facts["contract_registered"] is True


def test_brokers_an_institution_has_are_its_people_under_their_own_measure(engine):
    reply = engine.reply(
        Conversation(),
        "我们是谷内的一家技术转移服务机构，有四个技术经纪人今年都是自费去参加的技术转移高端培训，"
        "晋级证书也都拿到了，每人培训费五千元，单位没报销。请问一共能补多少？",
        TODAY,
    )
    assert amounts(reply) == [("（八）", "1000")] * 4


@pytest.mark.parametrize(
    "text, total",
    [
        (
            "我是谷内的技术经纪人，今年自费参加了两期高端培训，一期八千、一期五千，证书都拿到了",
            2000,
        ),
        ("我和同事都在谷内，今年自费参加了高端培训，一个八千、一个五千，证书都拿到了", 2600),
    ],
)
def test_one_persons_occasions_share_the_yearly_cap_and_two_people_do_not(engine, text, total):
    reply = engine.reply(Conversation(), text, TODAY)
    assert sum(Decimal(a) for _, a in amounts(reply)) == total


def test_the_other_partys_award_for_the_same_contract_is_not_summed_in(engine):
    reply = engine.reply(
        Conversation(),
        "我们和太原理工签了一份技术合同，里面既有专利转让，又有配套的技术许可和技术资料交付，总交易额"
        "三百万。专利权人已经变更，合同认定登记了，产品也上市有收入了。这种是算几笔奖励？一共多少？",
        TODAY,
    )
    assert amounts(reply) == [("（四）", "60000")]


def test_colleagues_who_say_a_figure_are_no_items(engine):
    reply = engine.reply(
        Conversation(),
        "今年我们学校给谷内企业做的技术服务和技术咨询，认定登记的合同累计已经到八千万了。一个同事说按"
        "万分之二算是一万六，另一个同事非说是十六万，到底多少？",
        TODAY,
    )
    assert amounts(reply) == [("（五）", "16000")]


def test_a_figure_said_in_parts_is_one_figure(engine):
    from assistant.nlu.numbers import find_numbers

    assert [n.kind for n in find_numbers("收入分三块")] == ["count"]
    conv = Conversation()
    engine.reply(conv, "来访单位是谷内的中试基地，协议任务已经完成了", TODAY)
    reply = engine.reply(
        conv,
        "他们去年的服务性收入分三块：中试熟化一百二十万、小批量试生产九十万、工艺优化四十万",
        TODAY,
    )
    assert amounts(reply) == [("（六）", "750000")]
    assert "250万元" in reply.answer


def test_how_an_award_is_paid_is_no_fact_and_the_askers_sum_is_an_estimate(engine):
    text = "院士工作站上个月正式挂牌。外面都传每年给一百万、连给三年，那不就是三百万？"
    read = understand(text, TODAY)
    assert "years_running" not in read.facts and read.facts["station_stage"] == "new"
    assert [f.role for f in read.figures] == ["estimate", "estimate"]
    assert amounts(engine.reply(Conversation(), text, TODAY)) == [("（七）", "1000000")]


def test_the_askers_sum_of_the_matters_told_keeps_every_matter(engine):
    conv = Conversation()
    engine.reply(
        conv,
        "我们是谷内的企业，今年跟中北大学签了两份专利许可合同，国知局备案和技术合同认定登记都办好了",
        TODAY,
    )
    engine.reply(conv, "一份一百八十万，一份二百二十万，两个技术都已经用上了，有收益", TODAY)
    reply = engine.reply(
        conv, "我加起来是四百万，乘2%就是八万。这八万之外，还能另外申请吗？", TODAY
    )
    assert sorted(a for _, a in amounts(reply)) == ["36000", "44000"]
    assert reply.answer.count("您算的8万元") == 1


def test_a_labelled_figure_under_another_label_is_the_topics_own(engine):
    conv = Conversation()
    engine.reply(
        conv, "我们是谷内技术转移机构，去年合同交易额三千万，按这条已经领了30万奖励", TODAY
    )
    reply = engine.reply(conv, "今年到现在参与的合同交易额是两千五百万", TODAY)
    assert amounts(reply) == [("（十二）", "250000")]


def test_the_year_the_question_asks_about_picks_the_figure(engine):
    reply = engine.reply(
        Conversation(),
        "我们银行去年给谷内企业融资八千万，今年上半年又放了三千万。去年那一年的奖励能拿多少？",
        TODAY,
    )
    assert amounts(reply) == [("（十一）", "400000")]
    this_year = engine.reply(
        Conversation(),
        "我们银行去年给谷内企业融资八千万，今年上半年又放了三千万。今年能拿多少？",
        TODAY,
    )
    assert amounts(this_year) == [("（十一）", "150000")]


def test_a_station_set_up_only_months_ago_is_still_running_time_not_new():
    assert (
        understand("博士后站才设立半年，想申请每年的工作补助", TODAY).facts.get("station_stage")
        != "new"
    )


def test_questions_joined_by_a_semicolon_are_two_questions():
    from assistant.nlu.acts import questions

    text = "机构去年的合同交易额两千八百万，奖多少；我们一个员工今年被评为优秀个人，奖多少"
    assert len(questions(text)) == 2
    assert len(questions("合同300万；已登记；能拿多少")) == 1


def test_an_employee_of_the_speakers_platform_keeps_their_own_measure():
    read = understand(
        "我们孵化器里一个做技术经纪的员工自费参加技术转移高端培训，学费一千五，拿到了晋级证书，能补多少",
        TODAY,
    )
    assert "broker_training" in read.topics


@pytest.mark.parametrize("text", ["想了解两件事", "有几件事想咨询一下"])
def test_announcing_questions_is_content_free(text):
    from assistant.nlu.understand import Intent

    assert understand(text, TODAY).intent is Intent.GREETING


@pytest.mark.parametrize(
    "text, role",
    [
        ("我们孵化器入驻率80%，去年认定省级", "context"),
        ("公司占股30%", "context"),
        ("按2%的比例算", "rate"),
    ],
)
def test_a_ratio_about_something_no_rule_reads_is_context(text, role):
    assert [f.role for f in understand(text, TODAY).figures] == [role]


def test_an_unlabelled_figure_in_the_asking_sentence_is_the_askers_hope():
    read = understand(
        "我们参与的国家重点研发项目去年验收了，国拨经费一千万。我们能不能拿五十万？", TODAY
    )
    assert {f.mention.raw: f.role for f in read.figures} == {"一千万": "base", "五十万": "estimate"}


@pytest.mark.parametrize(
    "text, counts",
    [
        (
            "张博士是我们公司的技术总监，同时也是硕士生导师，今年刚从外省引进，社保在我们这交",
            {"phd_count": 1},
        ),
        (
            "带头的王老师是博士，另外两个是硕士，今年一起加入我们公司，签了三年合同",
            {"phd_count": 1, "master_count": 2},
        ),
        ("我们公司引进了博士，社保交了，合同三年", {"phd_count": 1}),
        # "我和我爱人都是博士" is two hires: test_the_speaker_and_a_partner_are_two_hires
        ("研发部有博士、硕士、本科生", {}),  # staff, no hire
        ("引进博士的补助要满足啥条件", {}),  # asks the conditions
        # asks whether the conditions told are met: one hire, computed
        (
            "博士入职合同刚好签了三年，社保也交了，公司在谷内是科技型企业，这够条件吗",
            {"phd_count": 1},
        ),
    ],
)
def test_a_degree_named_of_one_hired_person_is_one_hire_said_back(text, counts):
    read = understand(text, TODAY)
    got = {k: v for k, v in read.facts.items() if k in ("phd_count", "master_count")}
    assert got == counts
    assert ("按引进1名" in " ".join(read.readings)) == bool(counts)


def test_a_role_word_naming_another_party_makes_no_second_matter(engine):
    reply = engine.reply(
        Conversation(),
        "我们不是牵头的，是参与单位，负责里面的检测平台搭建。那个国家重点研发计划项目去年验收了，国拨经费一千万，"
        "牵头单位说他们能按5%拿，我们能不能也按5%拿五十万？",
        TODAY,
    )
    assert amounts(reply) == [("（三）", "200000")]
    # the lead's 5% is the text's own rate for another case, said so once
    assert reply.answer.count("原文的5%是另一种情形的比例") == 1


def test_the_award_itself_is_no_kind_of_support_the_policy_lacks():
    from assistant.nlu import scope

    assert scope.check("今年的补贴现在能算出多少吗") is None
    assert scope.check("我们的补贴什么时候发") is None


def test_a_projected_figure_is_no_fact_of_now_and_is_answered_as_an_if(engine):
    conv = Conversation()
    engine.reply(conv, "我们研究院去年给谷内企业的技术服务合同登记了三千万", TODAY)
    reply = engine.reply(conv, "今年到目前登记了四千二百万，年底估计能到六千万", TODAY)
    assert amounts(reply) == [("（五）", "0")]  # 4200万 is under the 5000万 line
    assert "4200万元" in reply.answer and "若达到您预计的6000万元" in reply.answer


def test_the_speakers_own_graduation_makes_them_the_hire(engine):
    reply = engine.reply(
        Conversation(),
        "老师好，我今年博士毕业，学材料的。晋创谷里的一家科技公司想要我，说给交社保、签五年合同。"
        "我听说博士能有10万，这钱是给我个人的吗？",
        TODAY,
    )
    assert amounts(reply) == [("（七）", "100000")]


def test_a_student_stays_a_person_when_a_company_is_named_later(engine):
    from assistant.nlu import scope

    assert scope.check("想去科技型企业上班，听说有补贴") is None  # 听说 is no kind of support
    conv = Conversation()
    engine.reply(conv, "我是在读硕士，明年毕业", TODAY)
    engine.reply(conv, "想去晋创谷·晋中的科技型企业上班，听说有补贴", TODAY)
    assert conv.applicant != "enterprise"


def test_a_rights_holder_change_under_way_is_not_done_for_the_item_it_names(engine):
    reply = engine.reply(
        Conversation(),
        "我们研究院今年对谷内企业签了三份：技术开发450万、技术许可300万、专利转让200万，三份都做了认定登记，"
        "不过专利转让那份权利人变更还在走流程",
        TODAY,
    )
    assert [a for _, a in amounts(reply)] == ["45000", "30000", "0"]


def test_a_quoted_ceiling_to_be_confirmed_is_answered_with_the_texts_sentence(engine):
    text = "我们中试基地今年收入三百万，按30%算九十万，上限一百万对吧？协议任务上个月验收完了"
    read = understand(text, TODAY)
    assert {f.mention.raw: f.role for f in read.figures}["一百万"] == "cap"
    reply = engine.reply(Conversation(), text, TODAY)
    assert amounts(reply) == [("（六）", "900000")]
    assert "“单家中试基地年度奖补最高不超过100万元”" in reply.answer
    assert "问题二" not in reply.answer  # the fact after the question is no second question


def test_a_fact_after_the_question_is_read_with_it(engine):
    reply = engine.reply(
        Conversation(),
        "众创空间，国家级，今年刚备案，能拿多少？另外我们去年省级的时候已经拿过10万了",
        TODAY,
    )
    assert amounts(reply) == [("（九）", "100000")]  # 20万 total, 10万 had


def test_a_team_of_graduates_planning_to_start_up_stays_a_newcomer(engine):
    read = understand("我们团队还没注册公司，三个人都是博士，想来晋创谷创业，有什么支持？", TODAY)
    assert "talent" not in read.topics and "phd_count" not in read.facts
    reply = engine.reply(
        Conversation(), "我们团队还没注册公司，三个人都是博士，想来晋创谷创业，有什么支持？", TODAY
    )
    assert not reply.awards and "博士人数" not in reply.answer


@pytest.mark.parametrize(
    "text, roles_read",
    [
        ("国拨经费一千万，领导说奖励这块大概五十万", {"一千万": "base", "五十万": "estimate"}),
        ("我们参与的项目国拨800万，听说补贴能有二十万", {"800万": "base", "二十万": "estimate"}),
        ("去年拿了奖补，今年又签了一份五十万的合同", {"五十万": "base"}),  # another clause
    ],
)
def test_a_smaller_figure_after_award_words_beside_a_told_amount_is_expected(text, roles_read):
    assert {f.mention.raw: f.role for f in understand(text, TODAY).figures} == roles_read


# ------------------------------------------------------------------ issue 18, fifth pass
def test_a_list_of_estimates_is_answered_matter_by_matter(engine):
    text = (
        "我们今年跟高校签了三个专利转让合同，分别是300万、200万、150万，专利权人都变更了，"
        "也都认定登记、有效益了。财务按2%算是6万、4万、3万，一共十三万。对吗？有没有哪里算错了"
    )
    reply = engine.reply(Conversation(), text, TODAY)
    assert sorted(int(a) for _, a in amounts(reply)) == [0, 40000, 60000]
    assert "第一个合同您算的6万元没错" in reply.answer
    assert "您算的13万元与按政策计算的不同" in reply.answer


def test_a_total_said_of_loans_listed_is_not_added_to_them(engine):
    text = (
        "我们银行去年给谷内企业发放了科技信用贷款3100万、知识产权质押贷款1900万，"
        "还有投贷联动的七百万，合计5700万。能拿多少？"
    )
    assert amounts(engine.reply(Conversation(), text, TODAY)) == [("（十一）", "285000")]


def test_patents_packed_in_one_contract_are_its_parts(engine):
    text = (
        "我们跟山西大学签了一份专利转让合同，合同里一共打包了三项专利，合同额八十五万。三项专利的"
        "专利权人都变更过来了，合同认定登记也办了，产品已经有效益。这是算三个还是一个？奖多少？"
    )
    assert amounts(engine.reply(Conversation(), text, TODAY)) == [("（四）", "17000")]
    # Without one contract named, a count of patents with a figure each is one item each.
    several = "我们学校去年转了三项专利给谷内企业，200万、350万、90万，都登记了"
    assert len(engine.reply(Conversation(), several, TODAY).awards) == 3


def test_the_month_a_station_was_set_up_in_says_how_long_it_has_run(engine):
    young = "我们的院士工作站是2024年9月在谷里设的，今年跟院士续签了，考核也达标，能领工作补助吗？"
    read = understand(young, TODAY)
    assert read.facts["years_running"] == Decimal("1.78")
    assert amounts(engine.reply(Conversation(), young, TODAY)) == [("（七）", "0")]
    old = "我们的院士工作站是2022年3月设在谷里的，今年续签了，考核也达标，能领工作补助吗？"
    assert amounts(engine.reply(Conversation(), old, TODAY)) == [("（七）", "300000")]
    # A year alone leaves the time open: nothing is read from it.
    assert "years_running" not in understand("院士工作站是2023年设的，续签了", TODAY).facts


def test_no_agreement_signed_is_no_agreement_task_done():
    text = (
        "我自己弄了几台设备帮人做小批量试制，一年收入四十来万，没跟园区签过什么协议。这算中试基地吗"
    )
    assert understand(text, TODAY).facts.get("tasks_completed") is False


def test_the_speaker_and_the_others_graduating_with_them_are_the_hires(engine):
    text = (
        "我和两个同学今年硕士毕业，一起被谷里一家科技型企业招去做研发，公司给交社保，合同签的"
        "三年。听说硕士有5万科研经费，是我们仨每人都有吗？"
    )
    assert understand(text, TODAY).facts["master_count"] == 3
    reply = engine.reply(Conversation(), text, TODAY)
    assert amounts(reply) == [("（七）", "50000")] * 3
    assert "每人5万元没错" in reply.answer


def test_what_the_listener_is_supposed_to_think_is_no_statement():
    text = "你是不是以为我们没给他交社保？不是没交，社保从他入职第一个月就在我们这儿交了"
    assert understand(text, TODAY).facts.get("social_insurance") is True
    assert understand("社保还没给他交", TODAY).facts.get("social_insurance") is False


def test_a_patent_bought_from_a_private_company_has_no_academic_counterparty(engine):
    read = understand("我们从太原一家民营科技公司买了一项专利", TODAY)
    assert read.facts.get("counterparty_is_academic") is False
    conv = Conversation()
    engine.reply(conv, "我们从太原一家民营科技公司买了一项专利", TODAY)
    reply = engine.reply(
        conv, "专利权人变更完了，技术合同也认定登记了，合同额两百万，有效益", TODAY
    )
    assert amounts(reply) == [("（四）", "0")]  # one matter (一家 names a party), and no money


def test_a_figure_said_again_to_confirm_it_is_one_amount(engine):
    text = (
        "我是省里某研究所管成果转化的，今年我们面向谷内一家企业的技术开发合同已经认定登记了，"
        "金额1.2个亿（对，一点二亿，没多打零）。按1%是不是就一百二十万？"
    )
    assert amounts(engine.reply(Conversation(), text, TODAY)) == [("（五）", "250000")]


def test_sales_and_profit_are_read_by_no_rule(engine):
    text = (
        "我们是谷内企业，今年从山西医科大学受让了一项专利，专利权人已经变更到我们名下了，合同也"
        "认定登记了，交易额三百五十万。用这个专利做的产品今年已经卖了八百多万。能拿多少钱"
    )
    roles_of = {f.mention.raw: f.role for f in understand(text, TODAY).figures}
    assert roles_of == {"三百五十万": "base", "八百多万": "context"}
    assert amounts(engine.reply(Conversation(), text, TODAY)) == [("（四）", "70000")]


def test_an_enumerator_after_a_preposition_of_company_is_a_party(engine):
    text = (
        "我们是谷内企业，前年跟着省里一家龙头参与了一个省重点研发计划项目，今年通过验收，"
        "省拨经费一千五百万。能拿多少"
    )
    assert amounts(engine.reply(Conversation(), text, TODAY)) == [("（三）", "300000")]


def test_the_noun_after_de_is_who_the_speaker_is():
    text = (
        "我是谷里一家技术转移机构的技术经纪人，自费参加了技术转移高端培训，培训费一万二，证拿到了"
    )
    assert understand(text, TODAY).topics[0] == "broker_training"
    assert understand("算下来合同交易额是一个亿两千万", TODAY).figures[0].role == "base"


def test_one_platforms_revenue_in_parts_is_summed(engine):
    text = (
        "我们是谷里中试基地的运营主体，一套人马、一本账。跟园区签的协议任务去年完成了，去年中试"
        "服务性收入二百万，另外试生产服务收入一百五十万。这样能拿多少？"
    )
    reply = engine.reply(Conversation(), text, TODAY)
    assert amounts(reply) == [("（六）", "1000000")]  # 350万 × 30% = 105万, capped at 100万
    assert "合计 200万元 + 150万元 = 350万元" in reply.answer
    two = "俺们厂有俩中试基地，东厂区那个服务收入一百二十万，西厂区的三百八十万，协议任务都干完了"
    assert sorted(a for _, a in amounts(engine.reply(Conversation(), two, TODAY))) == [
        "1000000",
        "360000",
    ]


def test_a_level_never_held_before_is_no_earlier_level(engine):
    text = "我们众创空间今年刚备案为国家级，之前没做过省级备案，能拿多少"
    read = understand(text, TODAY)
    assert read.facts.get("carrier_recognised") is True and "previous_level" not in read.facts
    assert amounts(engine.reply(Conversation(), text, TODAY)) == [("（九）", "200000")]


def test_a_figure_per_item_and_its_multiple_make_no_matter(engine):
    text = (
        "他们今年跟省农科院签了三份技术许可合同，每份都是二百万，都认定登记了，也都产生效益了。"
        "企业自己按每份4万算，三份是十二万，这样报对吗？"
    )
    reply = engine.reply(Conversation(), text, TODAY)
    assert sum(int(a) for _, a in amounts(reply)) == 100000  # 3 × 4万, 年度累计最高10万
    assert "您算的每项4万元：第三个合同按政策最高可得2万元，其余没错" in reply.answer


def test_a_type_the_speaker_is_not_and_a_fixed_sum_quoted(engine):
    text = (
        "我不是企业，就是个人，一直在谷里帮高校和企业牵线搞成果转化。朋友说评上优秀技术转移"
        "转化个人一次给五万，我要是评上了自己拿多少"
    )
    read = understand(text, TODAY)
    assert read.applicant != "enterprise"
    assert [f.role for f in read.figures] == ["cap"]
    assert ("（八）", "50000") in amounts(engine.reply(Conversation(), text, TODAY))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the text's rate for the other role, quoted, is no item of that role
        (
            "我们今年牵头承担的省级科技重大专项通过了验收，省拨经费一千二百万。看文件上写牵头"
            "的给百分之五、参与的最高百分之二，我们属于牵头那种，能奖多少钱？",
            [("（三）", "600000")],
        ),
        # a rough figure made exact right after: the exact one
        (
            "我们是谷里的中试基地，协议任务已经完成了，去年服务性收入三百来万，准确说是三百一十万",
            [("（六）", "930000")],
        ),
        # "这一块" is no money; 去年年底 is a past date
        (
            "我们企业在谷里，参与了一个国家重点研发计划项目，去年年底通过验收了，国拨经费六千万，"
            "能奖多少？牵头单位那边他们自己在问，我们只管我们这一块",
            [("（三）", "1000000")],
        ),
        # not recognised yet, not entering: no money
        (
            "我们在谷里做了个众创空间，方向是现代农业，省级众创空间的认定（备案）还没下来，名单还在"
            "公示。现在能先领那十万奖补吗？",
            [("（九）", "0")],
        ),
        (
            "我在太原有个小公司，还没入驻晋创谷·晋中。去年从太原理工大学受让过一个专利，合同一百万，"
            "认定登记也做了，有效益。如果不入驻的话，能拿那个2%的奖励吗？",
            [("（四）", "0")],
        ),
    ],
)
def test_stated_conditions_and_quoted_figures_fifth_pass(engine, text, expected):
    assert amounts(engine.reply(Conversation(), text, TODAY)) == expected


def test_another_policys_grant_for_another_thing_is_context():
    text = "我是硕士，刚入职谷内一家科技型企业，市人社局那边说我还能拿一笔两万的生活补贴（那是另一个人才政策）"
    assert [f.role for f in understand(text, TODAY).figures] == ["context"]


def test_a_question_about_each_matter_told_answers_every_one(engine):
    conv = Conversation()
    engine.reply(conv, "我们是谷内一家孵化器的运营单位，顺带还运营着一个众创空间", TODAY)
    engine.reply(
        conv, "孵化器今年新认定为省级，众创空间今年新备案成国家级，方向都是高端装备", TODAY
    )
    reply = engine.reply(conv, "两个分别给多少？", TODAY)
    assert sorted(a for _, a in amounts(reply)) == ["200000", "300000"]


def test_a_matter_of_another_measure_asked_together_joins_the_one_told(engine):
    conv = Conversation()
    engine.reply(
        conv, "我们是谷内科技型企业，今年引进了一个博士、一个硕士，都签了三年合同、交了社保", TODAY
    )
    reply = engine.reply(
        conv,
        "另外今年跟山西大学签了一份技术许可合同，三百万，认定登记都弄完了，已经有收益了。"
        "这两块分别能拿多少？",
        TODAY,
    )
    assert sorted(amounts(reply)) == [
        ("（七）", "100000"),
        ("（七）", "50000"),
        ("（四）", "60000"),
    ]


def test_the_speaker_and_a_partner_are_two_hires(engine):
    both = "我和我爱人都是博士，一起被谷内一家科技型企业引进了，社保、五年期劳动合同都齐了，我们俩能拿多少"
    assert amounts(engine.reply(Conversation(), both, TODAY)) == [("（七）", "100000")] * 2
    each = (
        "我和我对象都是今年毕业的，我是博士她是硕士，我们俩都签了谷内同一家科技型企业，都是三年"
        "合同、都交社保。我们俩加起来多少？"
    )
    read = understand(each, TODAY)
    assert (read.facts["phd_count"], read.facts["master_count"]) == (1, 1)


def test_a_projection_is_read_when_nothing_is_told_of_the_year_asked(engine):
    text = (
        "我们是谷内的技术转移机构，去年合同交易额2300万，已经领了23万奖励。今年到年底估计能做到"
        "3500万，今年能拿多少？"
    )
    reply = engine.reply(Conversation(), text, TODAY)
    assert amounts(reply) == [("（十二）", "350000")]
    assert "按您预计的3500万元计算" in reply.answer
    told = "我们是谷内的技术转移机构，今年合同交易额2000万，年底估计能做到3500万，能拿多少？"
    assert amounts(engine.reply(Conversation(), told, TODAY)) == [("（十二）", "200000")]


def test_that_one_is_no_clause_one(engine):
    text = "领导让我整理材料：技术经纪人培训资助那一条，责任单位都有哪些？一个都别漏。"
    assert understand(text, TODAY).clauses == []
    answer = engine.reply(Conversation(), text, TODAY).answer
    assert "市委人才办" in answer and "市人社局" in answer
    assert understand("第一条是什么", TODAY).clauses == ["（一）"]


def test_someones_own_sum_and_a_fixed_sum_heard_are_answered_not_counted(engine):
    text = (
        "窗口这边来了位技术经纪人，在谷里一家技术转移机构上班，自己掏钱去上了技术转移高端培训，"
        "晋级证书也拿到了，培训费六千八。他说自己算的是补一千三百六，可同事跟他讲每人都是固定给"
        "两千，我该按哪个答复他？"
    )
    reply = engine.reply(Conversation(), text, TODAY)
    assert amounts(reply) == [("（八）", "1360")]
    assert "您算的1360元没错" in reply.answer
    assert "2000元在原文里是上限，不是固定金额" in reply.answer


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        (  # a negation denied ("不是没完成") is the fact said
            [
                "我们是谷里的中试基地，去年服务性收入一百六十万，协议任务没完成",
                "协议任务不是没完成啊，是已经完成了",
            ],
            [("（六）", "480000")],
        ),
        (  # "按文件" asks the amount of the measure being discussed, not the 附则
            [
                "我们是谷内的概念验证中心，协议任务完成了。去年服务性收入六百五十万",
                "那按文件能拿多少",
            ],
            [("（六）", "500000")],
        ),
        (  # an amount asked "by this rate" is the amount again
            [
                "我们是一家农商行开在谷里的科技支行，去年给谷内企业发放的贷款合计五千五百万",
                "那按这个比例我们能拿多少",
            ],
            [("（十一）", "275000")],
        ),
    ],
)
def test_later_turns_that_deny_or_point_back(engine, turns, expected):
    assert amounts(_last_reply(engine, turns)) == expected


def test_a_place_said_of_a_company_and_a_terse_degree():
    read = understand("我下个月去谷里一家科技型企业报到，硕士", TODAY)
    assert read.facts.get("in_valley") is True and read.facts.get("master_count") == 1
    assert understand("我们下个月搬进谷里", TODAY).facts.get("in_valley") is False


def test_a_count_inside_a_larger_number_is_no_count(engine):
    reply = engine.reply(
        Conversation(), "我们这边今年推荐了十二个人评优秀技术转移转化个人，评上的能拿多少", TODAY
    )
    assert amounts(reply) == [("（八）", "50000")]


def test_an_amount_asked_in_words_naming_no_measure_stays_with_the_matter(engine):
    conv = Conversation()
    engine.reply(
        conv,
        "我是今年刚毕业的硕士，已经跟谷里的一家科技型企业签了三年劳动合同，社保也开始交了",
        TODAY,
    )
    reply = engine.reply(conv, "我个人能拿到什么支持？多少钱", TODAY)
    assert amounts(reply) == [("（七）", "50000")]


def test_two_people_named_together_are_two_persons(engine):
    conv = Conversation()
    engine.reply(conv, "咨询一下优秀技术转移转化个人的评选", TODAY)
    reply = engine.reply(conv, "我们所的小张和老李今年都评上了，奖金一共多少？", TODAY)
    assert amounts(reply) == [("（八）", "50000"), ("（八）", "50000")]


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        (  # "算不算中试" asks; it does not deny
            [
                "我们有个平台，专门帮别人做小批量试产和工艺放大，这算不算中试啊",
                "跟园区签的协议任务今年已经完成了，这块服务收入一百八十万",
            ],
            [("（六）", "540000")],
        ),
        (  # a level said of another plaque is not the carrier's
            [
                "他们的孵化器今年新认定为省级科技企业孵化器，方向是高端装备制造。这个孵化器同时还挂着市级创业孵化基地、大学生创业园两块牌子。能拿多少"
            ],
            [("（九）", "300000")],
        ),
        (  # the matters told, named again with no figure, are those matters
            [
                "我们学校今年跟谷内企业签了两份技术开发合同，都已经认定登记了，一份一百八十万，一份九十五万",
                "我觉得应该一份一份算？你直接帮我算下能拿多少吧",
            ],
            [("（五）", "18000"), ("（五）", "9500")],
        ),
    ],
)
def test_asked_kinds_other_plaques_and_matters_named_again(engine, turns, expected):
    assert amounts(_last_reply(engine, turns)) == expected


def test_a_supposition_with_a_figure_after_an_amount_question_is_its_own_part(engine):
    conv = Conversation()
    engine.reply(conv, "中试基地的奖补是按什么比例给的", TODAY)
    reply = engine.reply(
        conv, "我们去年服务性收入280万，协议任务完成了，能拿多少？今年要是收入涨到400万呢？", TODAY
    )
    assert amounts(reply) == [("（六）", "840000"), ("（六）", "1000000")]


@pytest.mark.parametrize(
    "text, clause_amount",
    [
        ("硕士 交社保 三年合同 多少钱", ("（七）", "50000")),
        (
            "如果毕业后去谷里的科技型企业，签三年劳动合同、交社保，博士能拿多少",
            ("（七）", "100000"),
        ),
    ],
)
def test_one_persons_terms_told_with_a_degree_is_one_hire(engine, text, clause_amount):
    reply = _last_reply(engine, [text])
    assert amounts(reply) == [clause_amount]
    assert "按引进1名" in reply.answer  # the head count read is said back


def test_the_measure_asked_in_general_still_asks_the_head_count(engine):
    reply = _last_reply(engine, ["科技企业引进博士能拿多少"])
    assert not reply.awards and reply.follow_up


def test_the_speakers_degree_said_first_is_remembered_for_hiring_later(engine):
    reply = _last_reply(
        engine,
        [
            "你好，我是海归博士",
            "下周入职谷里一家科技型企业，签的是三年劳动合同，社保公司交",
            "那个10万科研经费是给我还是给公司？我能拿多少？",
        ],
    )
    assert amounts(reply) == [("（七）", "100000")]  # the 10万 is （七）'s own sum, no funds
    conv = Conversation()
    conv.degree = "master_count"
    assert Conversation.from_dict(conv.to_dict()).degree == "master_count"


def test_a_bare_graduate_word_yields_to_the_degree_said_after_it():
    read = understand("我研究生毕业，硕士，刚进谷里一家科技型企业", today=TODAY)
    assert read.facts.get("master_count") == 1 and read.speaker_degree == "master_count"


@pytest.mark.parametrize(
    "text, fact",
    [
        (
            "受让了高校一项专利，合同150万，权人变更办完了，技术合同认定登记我们一直没去做",
            "contract_registered",
        ),
        ("我是技术经纪人，拿到了晋级证书，但培训费8000是单位全额出的", "self_funded"),
        (
            "我们学校和一家企业签了技术开发合同，这家企业的注册和经营都在太原，没有入驻晋创谷",
            "counterparty_in_valley",
        ),
        (
            "我们学校和一家企业签了技术开发合同，已登记，但对方也不是谷里的企业",
            "counterparty_in_valley",
        ),
    ],
)
def test_a_condition_denied_in_other_words_is_heard(text, fact):
    assert understand(text, today=TODAY).facts.get(fact) is False


def test_a_partner_companys_entry_supposed_is_not_the_speakers(engine):
    reply = _last_reply(
        engine,
        [
            "我们大学今年和一家企业签了技术开发合同，合同额500万，已经认定登记。这家企业在太原，"
            "没有入驻晋创谷，要是以后企业搬进来了，能按1%拿补助吗？"
        ],
    )
    assert amounts(reply) == [("（五）", "0")]
    assert "按入驻后" not in reply.answer


def test_a_place_named_jinzhong_is_no_process_under_way():
    # "晋中" holds 中, which once read as "审核中" and put the speaker outside the valley.
    read = understand("我们是一家在晋创谷·晋中注册的技术转移服务机构，去年合同交易额2300万", TODAY)
    assert read.facts.get("in_valley") is not False


def test_people_counted_are_no_count_of_stations(engine):
    reply = _last_reply(
        engine, ["谷里新设了一个院士工作站，进站的有院士本人和他团队的四位专家，建站补助怎么算？"]
    )
    assert amounts(reply) == [("（七）", "1000000")]


def test_an_organisation_asks_a_measure_of_persons_for_its_staff(engine):
    reply = _last_reply(
        engine, ["我们技术转移中心有两个人入选了今年的优秀技术转移转化个人，奖励一共多少"]
    )
    assert {c for c, _ in amounts(reply)} == {"（八）"}
    assert sum(Decimal(a) for _, a in amounts(reply)) == Decimal(100000)


def test_declaring_for_the_unit_is_no_payment_by_it():
    read = understand("我们三个人都是自己掏钱参加的技术转移高端培训，老板说只能按机构报一份", TODAY)
    assert read.facts.get("self_funded") is True


def test_a_count_of_awards_names_no_kind_of_award(engine):
    reply = _last_reply(
        engine,
        [
            "我们是一家银行，在谷里有业务",
            "去年给谷内企业做了质押贷款800万，还有信用贷1200万",
            "这算两个奖励吗，一共能拿多少",
        ],
    )
    assert not reply.not_covered and amounts(reply) == [("（十一）", "100000")]


@pytest.mark.parametrize(
    "text, clauses", [("0.2‰那条是指什么", ["（五）"]), ("2%那条是什么", ["（三）", "（四）"])]
)
def test_a_measure_pointed_at_by_its_rate(text, clauses):
    assert understand(text, TODAY).clauses == clauses


def test_a_part_with_no_amount_named_in_its_words_is_no_calculated_measure():
    assert (
        "major_project" not in understand("市里那个晋创谷重大技术攻关专项怎么支持？", TODAY).topics
    )


def test_a_window_clerk_introducing_themselves_asks_no_procedure():
    read = understand("我是两区一站式服务窗口的工作人员，老师问8000万的技术服务合同能补多少", TODAY)
    assert read.intent.value == "amount"


def test_a_new_station_is_told_the_work_subsidy_that_follows(engine):
    reply = _last_reply(engine, ["博士后科研工作站新设立能给多少？后面几年还有没有工作补助？"])
    assert amounts(reply) == [("（七）", "300000")]
    assert "每年最高3万元工作补助，补助周期2年" in reply.answer


def test_each_year_has_its_own_yearly_cap_and_that_year_is_the_year_said(engine):
    turns = [
        "我们2025年跟高校签了一份专利转让合同，450万，当年就完成了权人变更和合同登记，也有效益了",
        "今年又跟另一所高校签了一份技术许可合同，200万，也登记了，也有效益",
        "两年各能拿多少？",
    ]
    assert sorted(amounts(_last_reply(engine, turns))) == [("（四）", "40000"), ("（四）", "90000")]
    assert understand(turns[0], TODAY).facts["event_date"].year == 2025


def test_figures_said_together_go_to_the_kind_that_labels_them(engine):
    reply = _last_reply(
        engine,
        [
            "我们单位在谷里运营一个概念验证中心和一个中试基地，去年协议任务都完成了："
            "概念验证中心服务性收入三百万，中试基地服务性收入五百万。各自能拿多少？"
        ],
    )
    assert sorted(amounts(reply)) == [("（六）", "1000000"), ("（六）", "300000")]


def test_this_years_work_subsidy_is_one_year_of_the_cycle(engine):
    text = (
        "我们谷内企业有两个站：博士后科研工作站是去年年初新设的，一直在开展工作，今年评估达标了，"
        "今年能拿多少工作补助？院士工作站设站已经四年了，去年续签了，考核也达到了要求，今年又能拿多少？"
    )
    assert sorted(amounts(_last_reply(engine, [text]))) == [
        ("（七）", "100000"),
        ("（七）", "30000"),
    ]
    both = _last_reply(
        engine, ["院士工作站设站快五年了，今年续签，考核合格。工作补助一年多少、总共多少？"]
    )
    assert amounts(both) == [("（七）", "300000")]  # the whole cycle is asked too


def test_the_asker_s_own_arithmetic_on_matters_told_adds_no_matter(engine):
    reply = _last_reply(
        engine,
        [
            "我是太原一所高校科研院的，管成果转化",
            "今年给晋创谷·晋中里的企业做了两个专利转让，都完成了专利权人变更，合同也认定登记了，"
            "一个一千二百万，一个八百万",
            "我自己按百分之一算，一个十二万一个八万，合起来二十万。另外听说还有个百分之二的，"
            "是不是还能再加四十万？",
        ],
    )
    assert sorted(amounts(reply)) == [("（五）", "120000"), ("（五）", "80000")]
    assert "第一个合同您算的12万元没错" in reply.answer


def test_a_degree_corrected_by_the_speaker_and_a_count_of_times_is_no_head_count():
    read = understand(
        "我是个研究生，刚才我朋友帮我问过一次，说成博士了，其实我是硕士，不是博士哈。"
        "下个月入职谷内一家科技型企业，签三年合同，公司给交社保。那我能拿多少？",
        TODAY,
    )
    assert read.facts.get("master_count") == 1 and "phd_count" not in read.facts


def test_a_degree_said_in_a_message_answered_otherwise_is_still_remembered(engine):
    turns = [
        "我是在读硕士，明年毕业",
        "想去晋创谷·晋中的科技型企业上班",
        "如果签三年合同、单位给交社保，我能拿多少",
    ]
    assert amounts(_last_reply(engine, turns)) == [("（七）", "50000")]


def test_a_generic_licence_contract_keeps_the_kind_told():
    read = understand("就是许可合同还没去国知局备案，现在能拿奖励吗？", TODAY)
    assert read.facts.get("contract_type") != "tech_license"
    assert read.facts.get("patent_formalities_done") is False


def test_a_universitys_own_office_speaks_for_the_university(engine):
    assert understand("我们是省内一所高校的技术转移中心", TODAY).applicant == "university"
    helping = "我们是谷内做技术转移服务的机构，主要帮企业对接山大、理工大的成果"
    assert understand(helping, TODAY).applicant == "transfer_institution"
    reply = _last_reply(
        engine,
        [
            "我们是省内一所高校的技术转移中心",
            "今年给谷内企业做了两份技术开发合同，都认定登记了，交易额一千五百万和一千八百万；"
            "另外技术服务和技术咨询登记合同累计正好五千万。这两块各能补多少？",
        ],
    )
    assert sum(Decimal(a) for _, a in amounts(reply)) == Decimal(260000)  # 25万 yearly + 1万


def test_a_contracts_contents_and_its_whole_said_again_are_one_figure():
    read = understand(
        "合同里既有专利转让费、又有技术资料费、还有后续的技术指导费，分别是一百八十万、四十万、三十万，"
        "总价二百五十万，整份合同认定登记的交易额也是二百五十万",
        TODAY,
    )
    assert read.facts["contract_amount_yuan"] == Decimal(2_500_000)


def test_one_each_of_the_parties_and_a_count_asked_are_no_items_and_a_holders_place_no_condition(
    engine,
):
    reply = _last_reply(
        engine,
        [
            "我们集团下面有两家子公司都在谷内，一家做装备一家做医药，今年各自新设立了一个博士后科研工作站"
            "（两家独立申报），集团总部不在谷里。这两个站的建站补助一共能拿多少？会不会按集团只算一个？"
        ],
    )
    assert amounts(reply) == [("（七）", "300000"), ("（七）", "300000")]


def test_the_speakers_degree_in_english_is_one_hire(engine):
    text = (
        "Hi, I'm a PhD graduate from overseas. I'm planning to join a tech company in 晋创谷·晋中 "
        "(科技型企业) with a 3-year contract and social insurance paid by the company. "
        "How much research funding can I get personally?"
    )
    assert amounts(_last_reply(engine, [text])) == [("（七）", "100000")]


def test_another_partys_role_said_as_a_party_is_not_a_second_project(engine):
    text = (
        "这个项目不是我们牵头的，我们只是参与单位之一，牵头的是省里一家研究院。这个省科技重大专项的"
        "省拨经费是2000万，去年年底已经整体验收通过了。我们这种参与的单位能拿多少？"
        "我看文件里牵头的是5%，我们肯定没那么多吧？"
    )
    assert amounts(_last_reply(engine, [text])) == [("（三）", "400000")]


def test_a_task_told_is_no_question_of_procedure():
    read = understand(
        "国拨经费是2.6个亿，老板说那就是一千三百万，让我赶紧准备材料。到底能拿多少", TODAY
    )
    assert read.intent.value == "amount"


@pytest.mark.parametrize(
    "text, fact, value",
    [
        ("不是单位出的钱，是我自己掏的7000培训费，晋级证书拿到了", "self_funded", True),
        ("哦不对，我们那个协议任务年底考核没通过，算没完成。", "tasks_completed", False),
        ("我们孵化器还在培育，计划2030年再去申请国家级认定", "carrier_recognised", False),
    ],
)
def test_conditions_denied_or_still_to_come_are_heard(text, fact, value):
    assert understand(text, TODAY).facts.get(fact) is value


def test_an_exception_after_a_connective_and_a_rate_asked_of_whom(engine):
    reply = _last_reply(
        engine,
        [
            "今年我们招了4个硕士研究生，都签了三年劳动合同，不过其中一个社保还在老家缴，没在我们这交，能申请多少？"
        ],
    )
    assert sum(Decimal(a) for _, a in amounts(reply)) == Decimal(150000)
    assert understand("0.5%是给谁的", TODAY).clauses == ["（十一）"]


def test_sub_topics_of_one_project_and_a_sentence_set_aside(engine):
    text = (
        "我是开发区服务窗口的，替一家企业咨询。他们牵头承担的一个省级重点研发计划项目，下面分了三个课题，"
        "三个课题的省拨经费分别是200万、150万、250万，整个项目今年3月通过了验收。奖励总共能拿多少。"
        "他们之前还参加过别人牵头的项目，不过那个还没结题，这次先不问。"
    )
    assert amounts(_last_reply(engine, [text])) == [("（三）", "300000")]  # 600万 × 5%


def test_the_texts_schedule_quoted_is_no_level_held(engine):
    text = "众创空间今年刚备案国家级，之前没有省级。网上说省级10万国家级20万，合起来30万？"
    assert amounts(_last_reply(engine, [text])) == [("（九）", "200000")]


def test_hiring_of_others_is_not_the_speakers_even_after_the_speakers_degree(engine):
    reply = _last_reply(
        engine, ["你好，我是海归博士", "我们公司还招了硕士，签了三年合同交了社保，能拿多少"]
    )
    assert ("（七）", "100000") not in amounts(reply)  # the 硕士 is not the speaker


@pytest.mark.parametrize(
    ("later", "total"),
    [
        ("刚跟人事核了一下，其中一个的社保还挂在原单位，我们这边没交。", 100000),
        ("哦对了，有一个博士合同只签了两年", 100000),
    ],
)
def test_an_exception_in_a_later_turn_takes_one_person_out_of_the_group(engine, later, total):
    reply = _last_reply(engine, ["今年招了两个博士，签的三年合同，社保都交了。", later])
    assert sum(Decimal(a) for _, a in amounts(reply)) == total
    assert len(reply.awards) == 2 and not reply.follow_up


def test_a_later_turn_with_a_group_of_its_own_is_no_exception_of_the_first(engine):
    reply = _last_reply(
        engine, ["今年招了两个博士，签的三年合同，社保都交了。", "又招了三个硕士，其中一个没交社保"]
    )
    # the exception is one of the three 硕士 (2 × 5万 and a 0), not one of the two 博士
    assert amounts(reply).count(("（七）", "50000")) == 2 and ("（七）", "0") in amounts(reply)
