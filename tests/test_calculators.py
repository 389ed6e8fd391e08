"""Declarative cases (tests/cases/*.yaml) plus the calculators' contracts and input errors."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from calculators.common import format_rate, format_years, format_yuan, quantize
from calculators.descriptive import describe
from calculators.errors import InputError, build_input
from calculators.major_project import MajorProjectInput
from calculators.model import Award, Kind, Status
from calculators.registry import (
    APPLICANTS,
    DESCRIPTIVE_CLAUSES,
    RULES,
    compute,
    missing_fields,
    rules_for_applicant,
)
from corpus.clauses import load_policy

CASES_DIR = Path(__file__).with_name("cases")
POLICY = load_policy()
LABELS = [c.label for c in POLICY.measures]


def _load_cases() -> list:
    cases = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            cases.append(pytest.param(path.stem, case, id=f"{path.stem}:{case['name']}"))
    return cases


CASES = _load_cases()


def _plain_input(data: dict) -> dict:
    # YAML floats would be binary; every fractional figure in the cases is written as a string.
    assert not any(isinstance(v, float) for v in data.values()), data
    return data


def _run(case: dict) -> Award:
    if "describe" in case:
        return describe(case["describe"])
    return compute(case["rule"], _plain_input(case.get("input") or {}))


def check_award_contract(award: Award) -> None:
    """What holds for every award, whatever the input."""
    clause = POLICY.clause(award.clause)
    assert award.measure == clause.title
    assert award.units == list(clause.units)
    assert award.amount_yuan >= 0
    assert award.citations, "every award cites the text"
    for citation in award.citations:
        assert citation.quote in POLICY.clause(citation.clause).body, citation
    if award.kind is Kind.NO_FIXED_AMOUNT:
        assert award.amount_yuan == 0
        assert not award.schedule
        assert not re.search(r"\d", " ".join(award.steps + award.notes)), "never a number"
        return
    assert award.amount_yuan == award.amount_yuan.quantize(Decimal("0.01"))
    assert award.steps
    if award.blocked:
        assert award.amount_yuan == 0
        assert any("不满足" in s for s in award.steps)
    for item in award.schedule:
        assert item.amount_yuan is None or item.amount_yuan >= 0


@pytest.mark.parametrize(("stem", "case"), CASES)
def test_case(stem, case):
    award = _run(case)
    expect = case["expect"]
    assert award.clause == expect["clause"]
    assert award.clause == LABELS[int(stem) - 1], "one case file per measure"
    assert award.kind is Kind(expect["kind"])
    assert award.amount_yuan == Decimal(str(expect["amount_yuan"]))
    if "schedule" in expect:
        got = [i.amount_yuan for i in award.schedule]
        want = [None if v is None else Decimal(str(v)) for v in expect["schedule"]]
        assert got == want
        assert [i.year for i in award.schedule] == list(range(1, len(want) + 1))
    if "blocked" in expect:
        assert award.blocked is expect["blocked"]
    for fragment, status in (expect.get("conditions") or {}).items():
        matching = [c for c in award.conditions if str(fragment) in c.text]
        assert matching, f"no condition mentions {fragment!r}: {award.conditions}"
        assert all(c.status is Status(status) for c in matching), matching
    steps = "\n".join(award.steps)
    for fragment in expect.get("steps_contain") or []:
        assert fragment in steps, steps
    for label in expect.get("cites") or []:
        assert any(c.clause == label for c in award.citations)
    check_award_contract(award)


def test_there_is_a_case_file_for_every_measure_and_a_case_for_every_rule():
    stems = sorted(p.stem for p in CASES_DIR.glob("*.yaml"))
    assert stems == [f"{n:02d}" for n in range(1, 15)]
    ruled = {p.values[1].get("rule") for p in CASES}
    assert set(RULES) <= ruled
    described = {p.values[1].get("describe") for p in CASES}
    assert set(DESCRIPTIVE_CLAUSES) <= described


# ----------------------------------------------------------------------- the 附则
def test_validity_window_is_inclusive_and_cited():
    base = {"role": "lead", "project_level": "provincial", "allocation_yuan": 8_000_000}
    inside = compute("major_project", {**base, "event_date": date(2027, 6, 1)})
    assert inside.amount_yuan == Decimal(400_000)
    assert any(c.clause == "附则" and "2029年12月31日" in c.quote for c in inside.citations)
    outside = compute("major_project", {**base, "event_date": "2030-01-01"})
    assert outside.amount_yuan == 0
    assert any("不在有效期内" in c.text for c in outside.conditions)


def test_same_matter_says_only_the_higher_applies():
    award = compute(
        "financing", {"financing_total_yuan": 20_000_000, "other_policy_award_yuan": 40_000}
    )
    assert award.amount_yuan == Decimal(60_000)
    assert any("就高不重复" in s and "6万元" in s for s in award.steps)
    assert any(c.clause == "附则" and "就高不重复" in c.quote for c in award.citations)


def test_a_failed_condition_never_raises():
    award = compute(
        "platform",
        {"platform_type": "poc_centre", "service_revenue_yuan": 1, "tasks_completed": False},
    )
    assert award.amount_yuan == 0 and award.blocked


def test_municipal_project_points_to_the_special_project():
    award = compute(
        "major_project", {"role": "lead", "project_level": "municipal", "allocation_yuan": 1}
    )
    assert award.amount_yuan == 0
    assert any("市本级" in c.text for c in award.conditions)


def test_academician_new_station_schedule_has_no_invented_split():
    award = compute("workstation", {"station_type": "academician", "station_stage": "new"})
    assert [i.amount_yuan for i in award.schedule] == [None, None, None]
    assert any("未规定每年金额" in s for s in award.steps)


def test_schedule_past_the_validity_window_is_flagged():
    award = compute(
        "workstation",
        {
            "station_type": "postdoc",
            "station_stage": "running",
            "years_running": 2,
            "event_date": "2029-05-01",
        },
    )
    assert award.amount_yuan == Decimal(60_000)
    assert any("有效期截止日之后" in n for n in award.notes)


def test_up_to_awards_say_so_in_their_steps():
    award = compute("enterprise_transfer", {"contract_amount_yuan": 1_000_000})
    assert award.kind is Kind.UP_TO
    assert any("最高2%" in s for s in award.steps)


def test_citations_are_the_parameters_quotes():
    award = compute("carrier", {"carrier_type": "incubator", "carrier_level": "national"})
    quotes = [c.quote for c in award.citations]
    assert "单个科技企业孵化器奖补总额最高50万元" in quotes
    assert any("30万元、50万元奖补" in q for q in quotes)


# ----------------------------------------------------------------------- descriptive
@pytest.mark.parametrize("key", sorted(DESCRIPTIVE_CLAUSES))
def test_describe(key):
    award = describe(key)
    assert award.kind is Kind.NO_FIXED_AMOUNT
    assert award.amount_yuan == 0
    assert award.notes
    check_award_contract(award)


def test_describe_unknown_key():
    with pytest.raises(KeyError):
        describe("（九）")


# ----------------------------------------------------------------------- registry
def test_rule_ids():
    assert set(RULES) == {
        "major_project",
        "enterprise_transfer",
        "academic_contract",
        "academic_service",
        "platform",
        "workstation",
        "talent",
        "broker_training",
        "outstanding_broker",
        "carrier",
        "financing",
        "transfer_service",
    }
    for rule_id, rule in RULES.items():
        assert rule.id == rule_id
        assert rule.clause in LABELS
        assert rule.name
        assert rule.applicants <= APPLICANTS


@pytest.mark.parametrize(
    ("applicant", "expected"),
    [
        ("enterprise", {"major_project", "enterprise_transfer", "workstation", "talent"}),
        ("team", {"major_project", "enterprise_transfer", "talent"}),
        ("university", {"academic_contract", "academic_service", "workstation"}),
        ("institute", {"academic_contract", "academic_service", "workstation"}),
        ("poc_centre", {"platform"}),
        ("pilot_base", {"platform"}),
        ("carrier_operator", {"carrier"}),
        ("financial_institution", {"financing"}),
        ("transfer_institution", {"transfer_service"}),
        ("broker", {"broker_training", "outstanding_broker"}),
        ("service_agency", set()),
        ("nobody", set()),
    ],
)
def test_rules_for_applicant(applicant, expected):
    assert {r.id for r in rules_for_applicant(applicant)} == expected


def test_every_applicant_has_something():
    for applicant in APPLICANTS:
        assert rules_for_applicant(applicant) or any(
            applicant in who for who in DESCRIPTIVE_CLAUSES.values()
        )


def test_missing_fields_in_model_order():
    assert missing_fields("major_project", {}) == ["role", "project_level", "allocation_yuan"]
    assert missing_fields("major_project", {"role": "lead", "allocation_yuan": None}) == [
        "project_level",
        "allocation_yuan",
    ]
    # Both head counts default to 0, yet an award for nobody answers nothing: ask for one.
    assert missing_fields("talent", {}) == ["phd_count"]
    assert missing_fields("talent", {"master_count": 2}) == []
    assert missing_fields("carrier", {"carrier_type": "incubator"}) == ["carrier_level"]


def test_compute_with_every_rule_on_minimal_input():
    minimal = {
        "major_project": {"role": "lead", "project_level": "national", "allocation_yuan": 1},
        "enterprise_transfer": {"contract_amount_yuan": 1},
        "academic_contract": {"contract_amount_yuan": 1},
        "academic_service": {"service_turnover_yuan": 1},
        "platform": {"platform_type": "pilot_base", "service_revenue_yuan": 1},
        "workstation": {"station_type": "postdoc", "station_stage": "new"},
        "talent": {"phd_count": 1},
        "broker_training": {"training_fee_yuan": 1},
        "outstanding_broker": {"selected": True},
        "carrier": {"carrier_type": "maker_space", "carrier_level": "national"},
        "financing": {"financing_total_yuan": 1},
        "transfer_service": {"transfer_turnover_yuan": 1},
    }
    assert set(minimal) == set(RULES)
    for rule_id, data in minimal.items():
        assert missing_fields(rule_id, data) == []
        award = compute(rule_id, data)
        assert award.rule == rule_id
        assert award.clause == RULES[rule_id].clause
        check_award_contract(award)


def test_unknown_rule_is_an_input_error():
    with pytest.raises(InputError):
        compute("no_such_rule", {})


# ----------------------------------------------------------------------- input errors
BASE = {"role": "lead", "project_level": "provincial", "allocation_yuan": 8_000_000}


@pytest.mark.parametrize(
    ("change", "label", "words"),
    [
        ({"allocation_yuan": -1}, "国拨/省拨经费", "不能为负数"),
        ({"allocation_yuan": "八百万"}, "国拨/省拨经费", "应为数字"),
        ({"allocation_yuan": "abc"}, "国拨/省拨经费", "应为数字"),
        ({"allocation_yuan": "NaN"}, "国拨/省拨经费", "应为数字"),
        ({"allocation_yuan": "1e13"}, "国拨/省拨经费", "过大"),
        ({"allocation_yuan": 10**15}, "国拨/省拨经费", "过大"),
        ({"project_level": "township"}, "项目级别", "township"),
        ({"role": "sponsor"}, "牵头/参与", "只包括"),
        ({"accepted": "maybe"}, "已通过验收", "是"),
        ({"event_date": "昨天"}, "事项日期", "日期"),
        ({"other_policy_award_yuan": -5}, "其他政策已获金额", "不能为负数"),
        ({"allocation_yuan": None}, "国拨/省拨经费", "缺少"),
    ],
)
def test_bad_input_names_the_field(change, label, words):
    with pytest.raises(InputError) as err:
        compute("major_project", {**BASE, **change})
    message = str(err.value)
    assert f"「{label}」" in message
    assert words in message
    assert err.value.label == label
    assert isinstance(err.value, ValueError)


def test_the_example_message_of_the_brief():
    with pytest.raises(InputError, match="「国拨/省拨经费」不能为负数，请重新输入。"):
        build_input(MajorProjectInput, {**BASE, "allocation_yuan": "-800"})


def test_unknown_level_lists_the_choices_in_chinese():
    with pytest.raises(InputError) as err:
        compute("carrier", {"carrier_type": "incubator", "carrier_level": "county"})
    assert "「认定级别」" in str(err.value) and "省级" in str(err.value)


@pytest.mark.parametrize(
    ("rule_id", "data", "label"),
    [
        ("talent", {"phd_count": -1}, "博士人数"),
        ("talent", {"phd_count": "2.5"}, "博士人数"),
        ("talent", {"contract_years": "三年"}, "劳动合同年限"),
        ("workstation", {"station_type": "x", "station_stage": "new"}, "工作站类型"),
        (
            "workstation",
            {"station_type": "postdoc", "station_stage": "new", "years_running": 500},
            "设站年数",
        ),
        ("broker_training", {"training_fee_yuan": "-2000"}, "培训费"),
        ("platform", {"platform_type": "lab", "service_revenue_yuan": 1}, "平台类型"),
        ("financing", {"financing_total_yuan": "1e400"}, "当年融资总额"),
        ("enterprise_transfer", {"contract_amount_yuan": 1, "contract_type": "gift"}, "合同类型"),
    ],
)
def test_bad_input_on_other_rules(rule_id, data, label):
    with pytest.raises(InputError, match=f"「{re.escape(label)}」"):
        compute(rule_id, data)


def test_non_dict_input():
    with pytest.raises(InputError):
        build_input(MajorProjectInput, "800万")  # type: ignore[arg-type]


# ----------------------------------------------------------------------- formatting
@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal(400_000), "40万元"),
        (Decimal(1_000_000), "100万元"),
        (Decimal(2000), "2000元"),
        (Decimal(50_000_000), "5000万元"),
        (Decimal(5_000_000_000), "50亿元"),
        (Decimal("1234500"), "123.45万元"),
        (Decimal("6172.835"), "6172.84元"),
        (Decimal("123456.78"), "123,456.78元"),
        (Decimal(0), "0元"),
    ],
)
def test_format_yuan(amount, text):
    assert format_yuan(amount) == text


AMOUNTS = st.one_of(
    st.decimals(min_value=-(10**12), max_value=10**12, allow_nan=False, allow_infinity=False),
    st.floats(min_value=-1e12, max_value=1e12, allow_nan=False).map(Decimal),  # -0.0 included
    st.decimals(min_value=Decimal("-0.00499"), max_value=Decimal("0.00499"), places=5),
    st.sampled_from([Decimal("-0"), Decimal("-0.00"), Decimal("-0E+3"), Decimal("-0.004")]),
)


@given(AMOUNTS)
def test_a_formatted_amount_never_shows_a_negative_zero(amount):
    """issue 19: -0.0 showed as "-0元". A formatted amount starts with "-" (so with "-0")
    only for an amount that is negative after rounding to the cent (-0.01元); a zero is
    "0元" whatever its sign, and the rounded amount itself is +0."""
    text, cents = format_yuan(amount), quantize(amount)
    assert text.startswith("-") == (cents < 0)
    if cents == 0:
        assert text == "0元" and not cents.is_signed()


def test_durations_and_rates_never_show_a_negative_zero():
    assert format_years(Decimal("-0")) == "0年"
    assert format_rate(Decimal("-0")) == "0%"


def test_format_rate():
    assert format_rate(Decimal("0.05")) == "5%"
    assert format_rate(Decimal("0.005")) == "0.5%"
    assert format_rate(Decimal("0.0002")) == "0.2‰"


@pytest.mark.parametrize(
    ("rule", "facts"),
    [
        (
            "enterprise_transfer",
            {
                "contract_amount_yuan": "3000000",
                "contract_type": "patent_license",
                "counterparty_is_academic": True,
                "contract_registered": True,
                "economic_benefit": True,
            },
        ),
        ("talent", {"phd_count": 2, "social_insurance": True, "contract_years": 5}),
    ],
)
def test_an_enterprise_outside_the_valley_gets_nothing_where_the_text_says_入驻_or_谷内(
    rule: str, facts: dict
) -> None:
    """（四） is for 入驻企业 and （七）'s support for 谷内科技型企业: a stated 'not in the valley'
    is a failed condition with its reason, while an unstated one stays an assumption."""
    outside = compute(rule, {**facts, "in_valley": False})
    assert outside.amount_yuan == 0
    assert any(
        c.status is Status.NOT_MET and ("谷内" in c.text or "入驻" in c.text)
        for c in outside.conditions
    )
    unstated = compute(rule, facts)
    assert unstated.amount_yuan > 0
