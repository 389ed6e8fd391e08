"""Issue 18, seventh pass: mechanisms found on a fresh batch (blind14), each stated as what
must hold for any wording of its kind, not for the one sentence that showed it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from conftest import last_reply

from assistant.dialogue.state import Conversation
from assistant.nlu import scope
from assistant.nlu.numbers import find_numbers
from assistant.nlu.understand import Intent, understand

TODAY = date(2026, 6, 15)


def _money(text: str) -> list[Decimal]:
    return [n.value for n in find_numbers(text) if n.kind == "money"]


@pytest.mark.parametrize(
    ("text", "money"),
    [
        ("一份六万八一份两万", [68000, 20000]),  # the next quantity's numeral is not a tail
        ("一期三百万二期两百万", [3000000, 2000000]),
        ("一万五", [15000]),  # a tail after 万 still is one
        ("六万八", [68000]),
    ],
)
def test_a_numeral_before_a_measure_word_starts_the_next_quantity(text, money):
    assert _money(text) == [Decimal(m) for m in money]


@pytest.mark.parametrize(
    "text",
    [
        "专利许可二百万，都办好了。我算了下一份六万八一份两万，合起来八万八，对不对？",
        "技术开发合同五百万，我们财务算的是五万，对吗",
    ],
)
def test_what_the_asker_worked_out_is_their_estimate_never_a_base(text):
    roles = {f.mention.raw: f.role for f in understand(text, today=TODAY).figures}
    bases = [raw for raw, role in roles.items() if role == "base"]
    assert len(bases) == 1, roles  # only the contract's own figure


def test_asking_whether_it_is_right_is_no_correction():
    assert not understand("我算的是两万，对不对？", today=TODAY).flags.what_if
    assert understand("不对，合同额应该是五百万", today=TODAY).flags.what_if


@pytest.mark.parametrize("lead", ["", "我们请了一位外地专家每月来两次，", "人事关系不转过来，"])
def test_a_head_that_points_back_is_no_kind_of_support_missing(lead):
    for head in ("这种情况", "这样的", "那类"):
        assert scope.check(f"{lead}{head}有没有奖励？", has_facts=False) is None


@pytest.mark.parametrize(
    ("said", "low", "high"),
    [
        ("2024年底建的", "1.5", "1.6"),
        ("去年年初设立的", "1.4", "1.5"),
        ("2023年中建站", "2.9", "3.1"),
    ],
)
def test_a_station_set_up_in_a_part_of_a_year_has_run_since_then(said, low, high):
    years = understand(f"院士工作站{said}，工作补助能拿吗", today=TODAY).facts["years_running"]
    assert Decimal(low) <= years <= Decimal(high)


@pytest.mark.parametrize(
    "text",
    [
        "专利转让合同两百万，变更和登记都做完了，到现在一分钱收入都还没有",
        "专利许可一百万，备案登记都办了，还没产生收入",
    ],
)
def test_no_income_yet_is_no_economic_benefit(text):
    assert understand(text, today=TODAY).facts.get("economic_benefit") is False


def test_formalities_done_are_no_question_about_the_procedure():
    u = understand("和山大一个专利许可一个转让，各80万，手续都办了也有收益，奖多少", TODAY)
    assert u.intent is Intent.AMOUNT
    assert understand("专利许可的手续怎么办", today=TODAY).intent is Intent.PROCESS


def test_a_second_carrier_asked_about_together_is_added(engine):
    conv = Conversation()
    engine.reply(conv, "我们运营的孵化器今年在谷里新认定了省级，方向是高端装备制造。", TODAY)
    reply = engine.reply(
        conv, "同一栋楼里我们还运营一个众创空间，今年也新备案了国家级，这两个各给多少？", TODAY
    )
    assert sorted(a.amount_yuan for a in reply.awards) == ["200000", "300000"]


@pytest.mark.parametrize(
    ("text", "money"),
    [
        ("课题一国拨600万、课题二700万、课题三500万", [6000000, 7000000, 5000000]),
        ("二期300万", [3000000]),
    ],
)
def test_a_chinese_numeral_before_arabic_digits_labels_the_item(text, money):
    found = [n for n in find_numbers(text) if n.kind == "money"]
    assert [n.value for n in found] == [Decimal(m) for m in money]
    assert all(n.raw[0].isdigit() for n in found)


def test_a_cap_said_after_the_figure_is_a_quoted_cap():
    read = understand("国拨1800万验收了，每个课题各有一个100万的封顶吗", today=TODAY)
    assert {f.mention.raw: f.role for f in read.figures}["100万"] == "cap"


@pytest.mark.parametrize(
    ("text", "total"),
    [
        (
            "我们研究所给谷内企业做的技术开发，就一个合同，分两期付款，一期三百万二期两百万，已经认定登记",
            50000,
        ),
        ("我们机构有6个技术经纪人自费参加了高端培训，都拿到了晋级证书，每人培训费七千五", 9000),
        (
            "我们学校和下属研究所联合跟谷里一家新材料企业签了一个技术转让合同，登记了，一千三百五十万",
            135000,
        ),
    ],
)
def test_parts_people_and_parties_make_the_right_matters(engine, text, total):
    reply = engine.reply(Conversation(), text, TODAY)
    assert sum(Decimal(a.amount_yuan) for a in reply.awards) == total


def test_each_kind_named_again_is_the_item_named_before(engine):
    text = (
        "我们在谷里同时运营着一个科技企业孵化器和一个众创空间，两块牌子分开认定。今年孵化器刚新认定"
        "为省级科技企业孵化器，众创空间也新备案成了省级众创空间。两个载体各是多少？"
    )
    reply = engine.reply(Conversation(), text, TODAY)
    assert sorted(a.amount_yuan for a in reply.awards) == ["100000", "300000"]


def test_a_procedure_asked_after_an_amount_in_one_sentence_is_its_own_part():
    from assistant.nlu import acts

    parts = acts.questions(
        "引进了一个博士，想问一下大概能拿多少，具体需要走什么申报流程、找哪个部门？"
    )
    assert len(parts) == 2 and parts[1].startswith("具体")
    assert len(acts.questions("引进了一个博士，需要什么材料？")) == 1


def test_an_interrogative_numeral_and_a_time_from_now_are_no_facts():
    u = understand("接下来几年还想引进人才，这个政策能执行到哪一年，会不会过两年就停了？", TODAY)
    assert u.intent is Intent.VALIDITY
    assert not {"years", "contract_years"} & u.facts.keys()
    assert understand("博士合同签了两年", today=TODAY).facts["contract_years"] == 2


@pytest.mark.parametrize(
    "text",
    [
        "When did the measures take effect? And what happens after they expire?",
        "这个若干措施是哪天印发的？",
        "政策什么时候出台的",
    ],
)
def test_when_it_was_issued_or_took_effect_is_a_validity_question(text):
    assert understand(text, today=TODAY).intent is Intent.VALIDITY


@pytest.mark.parametrize(
    ("text", "clause"),
    [
        ("技术经纪人能评职称吗", "（八）"),  # 推进技术经纪人专业职称体系建设
        ("贷款出了坏账，经办人员是不是一定要担责？", "（十四）"),
        ("政府能不能先投一笔钱进来，等以后发展起来再转成股份？", "（二）"),
    ],
)
def test_the_texts_own_concepts_said_in_other_words_name_their_clause(text, clause):
    assert clause in understand(text, today=TODAY).clauses


def test_a_person_responsible_is_no_liability():
    assert "（十四）" not in understand("刚问了项目负责人，其实我们是牵头单位", TODAY).clauses
    assert "（十四）" not in understand("博士后工作站的补助归哪些部门负责", TODAY).clauses


def _turns(engine, turns: list[str]):
    return last_reply(engine, turns, TODAY)


def test_two_years_totals_are_two_matters_and_both_are_answered(engine):
    turns = ["我们是晋中一家城商行，去年给谷内企业的融资总额是七千六百万。"]
    reply = _turns(engine, [*turns, "今年到现在又放了一亿一千万。"])
    assert sorted(a.amount_yuan for a in reply.awards) == ["380000", "500000"]
    reply = _turns(engine, [*turns, "今年到现在又放了一亿一千万。", "两年的奖励分别是多少？"])
    assert sorted(a.amount_yuan for a in reply.awards) == ["380000", "500000"]


def test_the_people_told_counted_again_are_no_new_matters(engine):
    reply = _turns(
        engine,
        [
            "我们今年引进了一个博士，签五年合同，社保在公司交。",
            "后来又来了两个硕士，也都签了三年合同、交了社保。",
            "这三个人一共能申请多少？",
        ],
    )
    assert [a.amount_yuan for a in reply.awards] == ["100000", "50000", "50000"]
    assert not reply.follow_up


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("我们在谷里搭了个平台，专门帮实验阶段的成果做早期验证，评估能不能商业化", "poc_centre"),
        ("我们建了一条试生产线，给高校做工艺放大和投产前的试验", "pilot_base"),
        ("我们中试基地也做商业化开发", "pilot_base"),  # a name said wins over a description
    ],
)
def test_a_platform_described_by_the_texts_own_definition_is_that_platform(text, kind):
    assert understand(text, today=TODAY).facts["platform_type"] == kind


def test_a_sentence_set_aside_is_blanked_and_a_question_is_not():
    u = understand(
        "还参加过别人牵头的项目，省拨500万，这次先不问。我们牵头的国拨1000万，验收了", TODAY
    )
    assert u.facts["allocation_yuan"] == Decimal(10000000)


@pytest.mark.parametrize(
    "text",
    [
        "我们的核心专利产品被一家外地公司仿了，谷里对知识产权保护有没有说法？",
        "我们公司没有法务，有没有地方能提供法律方面的帮助？",
    ],
)
def test_protection_of_the_askers_results_is_the_legal_service_measure(text):
    assert "（十三）" in understand(text, today=TODAY).clauses


def test_what_a_generic_name_is_said_to_be_is_the_speaker():
    u = understand("我们公司说白了就是个中介，帮高校把成果卖给企业。像我们这种公司有支持吗", TODAY)
    assert u.applicant == "transfer_institution"
    assert understand("我们公司是做软件的，给谷内企业做开发", TODAY).applicant == "enterprise"


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (
            "I am a foreign master's graduate about to join a tech company in the valley. "
            "3-year contract, social insurance paid by the company.",
            "master_count",
        ),
        ("我在日本做完博士后，谷里一家企业给了我offer，签五年合同，社保公司交", "phd_count"),
    ],
)
def test_the_speakers_own_degree_in_other_words_is_the_hire(text, field):
    assert understand(text, today=TODAY).facts.get(field) == 1


def test_progress_on_a_procedure_beside_an_amount_asked_is_no_procedure_question():
    u = understand("目前正在办理入驻的手续，入驻以后签专利许可七百万，到时候能拿多少奖励？", TODAY)
    assert u.intent is Intent.AMOUNT
    assert understand("入驻的手续怎么办？能拿多少？", today=TODAY).intent is Intent.PROCESS


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("社保从入职当月就在我们公司缴", True),
        ("社保从三月开始在公司缴纳", True),
        ("社保从下个月开始在公司缴", False),
        ("社保从三月开始在公司缴吗", None),
        ("我们引进的博士不是没交社保，是从上个月才开始交，合同签了三年", True),  # denied negation
        ("博士社保从上个月才开始交", True),
        ("博士社保从下个月才开始交", False),
    ],
)
def test_paid_somewhere_since_some_time_is_paid(text, value):
    assert understand(text, today=TODAY).facts.get("social_insurance") is value


def test_money_no_rule_reads_is_context_not_a_part_of_the_total():
    u = understand(
        "去年参与的技术服务和技术咨询合同交易额三千八百五十万，我们服务费其实只有一百多万",
        today=TODAY,
    )
    roles = {f.mention.raw: f.role for f in u.figures}
    assert roles["一百多万"] == "context" and roles["三千八百五十万"] == "base"


def test_a_count_of_staff_is_no_count_of_hires():
    u = understand(
        "我们是谷内科技型企业，员工86人，注册资本2000万。今年引进了一位博士，合同五年", TODAY
    )
    assert u.facts.get("phd_count") == 1


def test_a_small_figure_before_an_english_noun_counts_it(engine):
    text = "We run 2 provincial-level 众创空间 in 晋创谷·晋中, both newly 备案 this year."
    assert find_numbers(text)[0].kind == "count"
    reply = engine.reply(Conversation(), text, TODAY)
    assert [a.amount_yuan for a in reply.awards] == ["100000", "100000"]


def test_the_contracts_other_party_named_by_its_role_is_not_the_speaker(engine):
    reply = engine.reply(
        Conversation(), "技术许可合同24,000,000元，登记完了，许可方山西大学，产品已经卖上了", TODAY
    )
    assert [(a.clause, a.amount_yuan) for a in reply.awards] == [("（四）", "100000")]


def test_a_contract_the_asker_says_does_not_count_is_no_item(engine):
    text = (
        "我们是省属科研院所，今年跟谷内企业签了三个合同，都已认定登记：一个技术开发合同800万；"
        "一个专利转让合同600万，专利权人已经变更；还有一个专利许可合同1200万，备案也办完了。"
        "另外我们跟省外企业还有两千多万的合同，这个应该不算。三个合同一共能拿多少？"
    )
    reply = engine.reply(Conversation(), text, TODAY)
    assert sum(Decimal(a.amount_yuan) for a in reply.awards) == 250000


def test_an_earlier_years_total_said_in_passing_is_context():
    text = (
        "二是我们学校今年面向谷内企业的技术服务和技术咨询合同，全年累计登记成交额8000万，这部分"
        "能拿多少？另外顺便说一下，我们学校去年全部横向合同是3.6亿，不知道有没有用。"
    )
    roles = {f.mention.raw: f.role for f in understand(text, today=TODAY).figures}
    assert roles == {"8000万": "base", "3.6亿": "context"}


def test_a_gross_figure_and_the_whole_of_a_part_are_context():
    u = understand("服务性收入是250万，280万是把卖设备的钱也算进去了", today=TODAY)
    assert {f.mention.raw: f.role for f in u.figures} == {"250万": "base", "280万": "context"}
    u = understand("去年全行贷款投放大概45亿，其中给谷内科技企业发放的贷款合计8600万", TODAY)
    assert {f.mention.raw: f.role for f in u.figures} == {"45亿": "context", "8600万": "base"}


def test_the_askers_arithmetic_in_a_later_turn_checks_the_told_matter(engine):
    reply = _turns(
        engine,
        [
            "有个技术转移机构，在谷里，去年参与的技术服务、技术咨询合同交易额加起来两千八百万。",
            "他们自己按1%算的28万。不过听说另一家机构去年拿了50万，也想按50万报，可以吗？",
        ],
    )
    assert [a.amount_yuan for a in reply.awards] == ["280000"]


def test_a_count_of_the_matters_told_and_one_more_adds_one(engine):
    reply = _turns(
        engine,
        [
            "我们公司运营的概念验证中心，去年服务性收入620万。",
            "还有个中试基地，也是我们公司运营的，去年服务性收入380万，两个平台的协议任务都完成了。",
        ],
    )
    assert [a.amount_yuan for a in reply.awards] == ["500000", "1000000"]


@pytest.mark.parametrize(
    "text",
    [
        "不过他的社保还挂在原来太原那家单位，我们这边就先没给他交，打算明年再转过来",
        "社保还在之前的老东家交",
    ],
)
def test_social_insurance_paid_elsewhere_is_not_paid_here(text):
    assert understand(text, today=TODAY).facts.get("social_insurance") is False


def test_the_other_party_leading_and_own_matching_funds_make_no_second_project(engine):
    text = (
        "我们公司今年年初成了一个国家重点研发计划项目的参与单位，牵头的是别人。项目上个月通过了"
        "验收，项目国拨经费是2100万，公司自筹了800万配套。能拿多少？"
    )
    reply = engine.reply(Conversation(), text, TODAY)
    assert [a.amount_yuan for a in reply.awards] == ["420000"]


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (
            "我是山西大学的研三学生，已经跟谷里一家科技型企业谈好了，入职后签三年合同，社保单位交",
            "master_count",
        ),
        (
            "他今年6月硕士毕业，已经被谷里一家科技型企业录用了，签三年的劳动合同，社保单位交",
            "master_count",
        ),
    ],
)
def test_a_degree_to_come_or_a_date_before_the_degree_is_one_hire(text, field):
    assert understand(text, today=TODAY).facts.get(field) == 1


def test_a_case_told_and_what_support_asked_is_its_amount():
    text = "I'm a foreign PhD graduate. I'll join a tech company in the valley with a 3-year labor contract, and the company will pay my social insurance. What support can I get?"
    assert understand(text, today=TODAY).intent is Intent.AMOUNT
    assert understand("我们是谷内企业，有哪些政策能享受？", TODAY).intent is Intent.ELIGIBILITY


def test_days_a_week_are_no_contract_duration():
    u = understand("谷里一家企业想请我每周过去两天当技术顾问，人事关系不转", today=TODAY)
    assert "contract_years" not in u.facts and "years" not in u.facts


def test_each_part_of_a_later_turn_asks_of_the_conversations_measure(engine):
    reply = _turns(
        engine,
        [
            "我们牵头的省级重点研发项目今年验收通过了，省拨经费920万。",
            "这个奖励谁负责兑现？政策原文是怎么写的？",
        ],
    )
    assert "市科技局" in reply.answer and "5%" in reply.answer


def test_english_years_and_sums_are_no_bases():
    text = (
        "our company led a provincial key R&D project, provincial funding was RMB 6.4 million, "
        "and it passed acceptance in April 2026. My boss says 5% is 320k, so 1.32 million in total?"
    )
    roles = {f.mention.raw: f.role for f in understand(text, today=TODAY).figures}
    assert [raw for raw, role in roles.items() if role == "base"] == ["6.4 million"]


@pytest.mark.parametrize(
    "text",
    [
        "我们是谷内一家做医疗器械的企业，公司一年营收也就四千多万，产品被仿制了，谷里能给点法律帮助吗",
        "学校今年技术服务合同全年登记了6500万，导师课题组占了大概一千万",
    ],
)
def test_a_companys_turnover_and_a_share_of_a_total_are_context(text):
    u = understand(text, today=TODAY)
    assert not [
        f for f in u.figures if f.role == "base" and f.mention.raw in ("四千多万", "一千万")
    ]


def test_a_service_provider_coming_in_is_the_service_institutions_measure():
    u = understand(
        "我是执业律师，个人想到晋创谷里给科技企业做知识产权法律服务，有没有支持或者补贴？", TODAY
    )
    assert "（十）" in u.clauses
    assert scope.check("有没有对个人的支持或者补贴？", has_facts=False) is None


def test_naming_ones_type_and_asking_which_measures_stays_a_listing():
    assert understand("我们是孵化器运营单位，适用哪些条款", TODAY).intent is Intent.ELIGIBILITY


def test_a_stage_of_a_projects_work_is_no_platform():
    text = (
        "去年我们参与了一个省级重点研发计划项目，牵头单位是山西医科大学，我们主要负责中试放大那一块。"
        "项目上个月刚验收完，省拨经费总共是三百五十万。"
    )
    u = understand(text, today=TODAY)
    assert "major_project" in u.topics and "platform" not in u.topics
    assert understand("中试这块的服务性收入是300万", TODAY).facts["platform_type"] == "pilot_base"


def test_someone_copying_the_askers_patent_names_legal_protection():
    assert (
        "（十三）"
        in understand("专利授权给谷里一家企业在用，最近发现另一家公司在仿冒", TODAY).clauses
    )


def test_a_pair_of_doctors_is_two():
    assert understand("公司引进了一对博士夫妻，都签五年合同交社保", TODAY).facts["phd_count"] == 2


# ------------------------------------------------------------------ eighth pass
@pytest.mark.parametrize(
    "text",
    [
        "专利能拿去银行抵押贷款吗",
        "拿专利去银行贷款，谷里有支持吗",
        "谷里的企业能办知识产权质押贷款吗？还有哪些金融产品可以用？",
        "有没有科技信用贷款这种产品",
    ],
)
def test_a_borrowers_loan_product_is_the_financing_part_not_the_lenders_award(engine, text):
    """（十一）'s products for those who borrow: the clause's own text, no amount asked."""
    u = understand(text, TODAY)
    assert u.part_named and "financing" not in u.topics
    assert u.applicant != "financial_institution"  # "去银行": where one goes, not who speaks
    reply = last_reply(engine, [text], TODAY)
    assert not reply.awards and "知识产权质押" in reply.answer
    assert "融资总额是多少" not in (reply.follow_up or "")


def test_a_lender_speaking_of_its_loan_products_speaks_of_its_financing():
    u = understand("我是一家村镇银行的，去年给谷里的科技企业放了一些知识产权质押贷款", TODAY)
    assert u.applicant == "financial_institution" and "financing" in u.topics
    assert not u.part_named


def test_taking_something_somewhere_is_no_amount_question():
    assert understand("专利能拿去银行抵押吗", TODAY).intent is not Intent.AMOUNT
    assert understand("这个能拿多少", TODAY).intent is Intent.AMOUNT


def test_a_part_with_no_figure_asked_beside_an_amount_is_answered_as_its_own_part(engine):
    text = (
        "我们银行去年给谷内企业的融资总额一个多亿，能奖励多少？"
        "还有，我们今年打算推知识产权质押贷款，政策上对这个有支持吗？"
    )
    reply = last_reply(engine, [text], TODAY)
    assert [a.amount_yuan for a in reply.awards] == ["500000"]  # one matter, not two
    assert "知识产权质押" in reply.answer


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("总额3600万左右吧……不对，我刚查了系统，准确数是3800万", "38000000"),
        ("融资3600万，不对，是3800万", "38000000"),
        ("合同五百万，哦说错了，五百五十万", "5500000"),
    ],
)
def test_a_figure_taken_back_in_the_same_message_is_context(text, amount):
    u = understand(text, TODAY)
    bases = [f.mention.value for f in u.figures if f.is_amount]
    assert bases == [Decimal(amount)]


def test_another_item_after_a_correction_word_keeps_both_figures():
    u = understand("一个合同300万，另外一个合同我查了下是500万", TODAY)
    assert sorted(f.mention.value for f in u.figures if f.is_amount) == [3000000, 5000000]


def test_the_askers_working_with_a_rate_is_an_estimate():
    u = understand("我按千分之五算出来四十二万，我们行长非说是四百二十万，到底哪个对", TODAY)
    assert not [f for f in u.figures if f.is_amount]
    assert u.applicant != "financial_institution"  # 我们行长 is a person, not 我们行


@pytest.mark.parametrize(
    ("text", "ratio"),
    [
        ("公司研发投入占营收8%，去年牵头的省级项目验收了，省拨500万", "8%"),
        ("技术转移机构去年交易额2000万，我们收取3%的服务费", "3%"),
        ("参与的国家级项目验收了，国拨3000万，我们承担了40%的任务", "40%"),
        ("中试基地服务性收入300万，比去年增长了30%", "30%"),
    ],
)
def test_a_ratio_of_what_the_speaker_does_or_holds_is_no_rate(text, ratio):
    roles = {f.mention.raw: f.role for f in understand(text, TODAY).figures}
    assert roles[ratio] == "context"


@pytest.mark.parametrize("text", ["参与的最高百分之二吧", "是不是按2%算", "比例是0.3吧"])
def test_a_ratio_said_of_the_award_stays_a_rate(text):
    assert [f.role for f in understand(text, TODAY).figures] == ["rate"]


def test_contract_words_after_the_speaker_was_told_are_the_speakers_measure(engine):
    """A transfer institution told in one turn, its brokered contracts in the next: （十二）."""
    reply = last_reply(
        engine, ["我们是谷内的技术转移机构", "今年撮合的技术合同成交额3600万"], TODAY
    )
    assert [(a.clause, a.amount_yuan) for a in reply.awards] == [("（十二）", "360000")]


def test_a_relayed_visitor_is_the_asker_whatever_its_description_names():
    text = "有个帮企业和高校牵线搭桥做技术交易的中介公司，就在谷里，问有没有什么奖励。"
    assert understand(text, TODAY).applicant == "transfer_institution"
    # an office named by its own words is still its owner's
    assert understand("我们是一所高校的技术转移中心", TODAY).applicant == "university"


def test_a_third_persons_degree_and_hiring_is_one_hire():
    text = (
        "我替我儿子问问。他今年6月硕士毕业，学的是材料，已经被谷里一家科技型企业录用了，"
        "会签三年的劳动合同，社保由单位给交。想问能拿多少？"
    )
    assert understand(text, TODAY).facts.get("master_count") == 1


@pytest.mark.parametrize("where", ["里面", "这边", "园区"])
def test_a_locative_before_a_support_word_names_no_kind_of_support(where):
    found = scope.check(f"听说晋中有个晋创谷，{where}的奖励政策我们能享受吗")
    assert found is None or where not in found.name


def test_an_item_told_only_by_the_award_it_got_is_paid_not_open(engine):
    text = (
        "去年我们从中北大学受让了一项专利，已经按政策拿到了10万的奖励。今年又跟太原理工签了两个"
        "专利转让合同，一个300万，一个200万，专利权人都已经变更，合同都认定登记了，产品已经在用。"
        "今年是不是就拿不了了？如果能拿，今年能拿多少？"
    )
    reply = last_reply(engine, [text], TODAY)
    assert sorted(a.amount_yuan for a in reply.awards) == ["40000", "60000"]  # no third, no twice
    assert "交易额是多少" not in (reply.follow_up or "")


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        # a type doing something with us is the other party: the asker is the enterprise
        (
            "两所高校跟我们签了技术许可合同，一份120万，另一份80万，都登记了有效益",
            ["24000", "16000"],
        ),
        # a count of a project's own parts with one total is one project
        ("省级重点研发项目，我们牵头，两个子课题，国拨经费一共800万，已经验收", ["400000"]),
        # "有两个博士三个硕士" counts the hires; it is no exception of the group
        (
            "我们一个研发团队五个人，有两个博士三个硕士，都是今年新招的，合同三年，社保都交，"
            "公司是谷内科技型企业",
            ["100000", "100000", "50000", "50000", "50000"],
        ),
        # the speaker and two colleagues are three people
        (
            "我和另外两个同事一起自费参加了技术经纪人培训，每人学费8000，都拿到了晋级证书，能补多少",
            ["1600", "1600", "1600"],
        ),
        # the degree of someone in a post already is no hire
        (
            "我们公司的CEO是博士，CTO也是博士，他们去年就在公司了，今年新招了一个硕士，"
            "签三年合同交社保，公司是谷内科技型企业",
            ["50000"],
        ),
    ],
)
def test_nouns_and_counts_make_the_matters_they_name_and_no_more(engine, text, amounts):
    reply = last_reply(engine, [text], TODAY)
    assert sorted(a.amount_yuan for a in reply.awards) == sorted(amounts)


@pytest.mark.parametrize(
    "turns",
    [
        ["我们公司引进了三个硕士", "合同都签了五年", "社保有两个在交，一个还没交"],
        ["公司招了三个硕士，合同都签了五年，两个交了社保，一个没交，公司是谷内科技型企业"],
    ],
)
def test_a_group_counted_by_condition_splits_into_those_who_meet_it_and_not(engine, turns):
    reply = last_reply(engine, turns, TODAY)
    assert sorted(a.amount_yuan for a in reply.awards) == ["0", "50000", "50000"]


def test_money_received_up_to_a_total_cap_is_not_called_a_yearly_cap(engine):
    text = "众创空间是国家级备案的，之前是省级拿过20万，这次升国家级能补多少"
    reply = last_reply(engine, [text], TODAY)
    assert "年度上限" not in reply.answer and "总额" in reply.answer


@pytest.mark.parametrize(
    "text",
    [
        "合同还没签满三年，签的两年半，博士，社保交了，谷内科技型企业",
        "博士合同签的两年半，社保交了，谷内科技型企业",
    ],
)
def test_a_contract_short_of_three_years_is_heard_as_such(engine, text):
    assert understand(text, TODAY).facts["contract_years"] < 3
    assert [a.amount_yuan for a in last_reply(engine, [text], TODAY).awards] == ["0"]


def test_a_share_of_people_or_of_a_figure_in_another_sentence_is_of_no_money():
    text = "我们牵头的国家科技重大专项课题今年通过验收了，国拨0.35个亿。公司研发投入占营收6.5%，研发人员占比30%"
    u = understand(text, TODAY)
    assert u.facts["allocation_yuan"] == Decimal(35_000_000) and not u.readings


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("省级重点研发项目验收时专家让整改，现在等复验，省拨800万", "accepted"),
        (
            "Two milestones of our agreement are still open, so the agreed tasks are not finished",
            "tasks_completed",
        ),
    ],
)
def test_a_condition_said_to_be_pending_is_not_met(text, fact):
    assert understand(text, TODAY).facts.get(fact) is False


def test_people_in_a_station_are_not_stations(engine):
    text = (
        "我们在谷内新设了一个院士工作站，进站的有两位院士，一位中科院的、一位工程院的。能拿多少？"
    )
    assert [a.amount_yuan for a in last_reply(engine, [text], TODAY).awards] == ["1000000"]


def test_a_terse_masters_student_year_is_the_speakers_degree():
    assert (
        understand("研三，签了谷里一家科技公司，三年合同交社保，5万是给我吗", TODAY).facts.get(
            "master_count"
        )
        == 1
        or understand("研三，签了谷里一家科技公司", TODAY).speaker_degree == "master_count"
    )


def test_legal_services_asked_about_name_the_legal_service_clause():
    text = "我是律所的实习律师，想查一下措施里有没有法律服务方面的内容，具体是怎么写的？"
    assert "（十三）" in understand(text, TODAY).clauses


@pytest.mark.parametrize("text", ["两区自己的配套措施谁来定？", "开发区自己有没有配套政策"])
def test_the_two_zones_own_measures_are_the_appendix(engine, text):
    assert "附则" in understand(text, TODAY).clauses
    assert "管委会" in last_reply(engine, [text], TODAY).answer


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        # "两个问题：一是这份合同" counts questions, not contracts
        (
            "今年我们跟山西农业大学签了一份技术许可合同，交易额四百五十万，已经做了认定登记，"
            "产品上市了。想请教两个问题：一是这份合同我们能拿多少奖励？",
            ["90000"],
        ),
        # "如果两个都符合" is both policies, not two hires
        (
            "我们是谷内科技型企业，今年引进了一位硕士研究生，签了三年期劳动合同，社保交了。"
            "省里好像也有人才政策，如果两个都符合，能不能同时拿？",
            ["50000"],
        ),
    ],
)
def test_counts_of_questions_or_of_policies_make_no_matters(engine, text, amounts):
    assert [a.amount_yuan for a in last_reply(engine, [text], TODAY).awards] == amounts
