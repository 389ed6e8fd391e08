"""Properties of every rate-based rule: never negative, never above its cap, monotone."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.registry import compute

MONEY = st.decimals(
    min_value=0, max_value=Decimal("1e12"), places=2, allow_nan=False, allow_infinity=False
)
SMALL_MONEY = st.decimals(
    min_value=0, max_value=Decimal("3e6"), places=2, allow_nan=False, allow_infinity=False
)

# (rule, fixed facts, base field, cap in 元 as read from the text)
RATE_RULES = [
    ("major_project", {"role": "lead", "project_level": "national"}, "allocation_yuan", 1_000_000),
    (
        "major_project",
        {"role": "participate", "project_level": "provincial"},
        "allocation_yuan",
        1_000_000,
    ),
    ("enterprise_transfer", {}, "contract_amount_yuan", 100_000),
    ("academic_contract", {}, "contract_amount_yuan", 250_000),
    ("academic_service", {}, "service_turnover_yuan", 1_000_000),
    ("platform", {"platform_type": "poc_centre"}, "service_revenue_yuan", 500_000),
    ("platform", {"platform_type": "pilot_base"}, "service_revenue_yuan", 1_000_000),
    ("broker_training", {}, "training_fee_yuan", 2000),
    ("financing", {}, "financing_total_yuan", 500_000),
    ("transfer_service", {}, "transfer_turnover_yuan", 500_000),
]
IDS = [f"{r[0]}-{next(iter(r[1].values()), '')}" for r in RATE_RULES]

# Rules whose cap is cumulative over a year: (rule, fixed facts, base field, cap)
CUMULATIVE = [
    r
    for r in RATE_RULES
    if r[0] in {"enterprise_transfer", "academic_contract", "academic_service", "broker_training"}
]


def amount(rule: str, facts: dict) -> Decimal:
    return compute(rule, facts).amount_yuan


@pytest.mark.parametrize(("rule", "fixed", "field", "cap"), RATE_RULES, ids=IDS)
@settings(max_examples=150, deadline=None)
@given(base=MONEY)
def test_never_negative_never_above_cap(rule, fixed, field, cap, base):
    got = amount(rule, {**fixed, field: base})
    assert Decimal(0) <= got <= cap


@pytest.mark.parametrize(("rule", "fixed", "field", "cap"), RATE_RULES, ids=IDS)
@settings(max_examples=150, deadline=None)
@given(a=MONEY, b=MONEY)
def test_monotone_in_the_base(rule, fixed, field, cap, a, b):
    low, high = sorted((a, b))
    assert amount(rule, {**fixed, field: low}) <= amount(rule, {**fixed, field: high})


@pytest.mark.parametrize(("rule", "fixed", "field", "cap"), RATE_RULES, ids=IDS)
@settings(max_examples=100, deadline=None)
@given(base=SMALL_MONEY)
def test_monotone_near_zero(rule, fixed, field, cap, base):
    # The same property where caps rarely bind, so the rate itself is exercised.
    step = Decimal("0.01")
    assert amount(rule, {**fixed, field: base}) <= amount(rule, {**fixed, field: base + step})


@pytest.mark.parametrize(
    ("rule", "fixed", "field", "cap"), CUMULATIVE, ids=[c[0] for c in CUMULATIVE]
)
@settings(max_examples=150, deadline=None)
@given(base=MONEY, received=MONEY)
def test_cumulative_cap_is_never_exceeded(rule, fixed, field, cap, base, received):
    got = amount(rule, {**fixed, field: base, "received_this_year_yuan": received})
    assert got >= 0
    assert got <= max(Decimal(0), cap - received)
    assert received + got <= max(Decimal(cap), received)


@pytest.mark.parametrize(
    ("rule", "fixed", "field", "cap"), CUMULATIVE, ids=[c[0] for c in CUMULATIVE]
)
@settings(max_examples=100, deadline=None)
@given(base=MONEY, r1=MONEY, r2=MONEY)
def test_more_received_never_pays_more(rule, fixed, field, cap, base, r1, r2):
    low, high = sorted((r1, r2))
    facts = {**fixed, field: base}
    assert amount(rule, {**facts, "received_this_year_yuan": high}) <= amount(
        rule, {**facts, "received_this_year_yuan": low}
    )


@pytest.mark.parametrize(("rule", "fixed", "field", "cap"), RATE_RULES, ids=IDS)
@settings(max_examples=100, deadline=None)
@given(base=MONEY, other=MONEY)
def test_same_matter_only_ever_reduces(rule, fixed, field, cap, base, other):
    alone = amount(rule, {**fixed, field: base})
    combined = amount(rule, {**fixed, field: base, "other_policy_award_yuan": other})
    assert Decimal(0) <= combined <= alone
    assert combined == max(Decimal(0), alone - other)


@settings(max_examples=100, deadline=None)
@given(
    carrier_type=st.sampled_from(["incubator", "maker_space"]),
    level=st.sampled_from(["provincial", "national"]),
    received=MONEY,
)
def test_carrier_total_never_exceeds_its_cap(carrier_type, level, received):
    cap = {"incubator": 500_000, "maker_space": 200_000}[carrier_type]
    got = amount(
        "carrier",
        {"carrier_type": carrier_type, "carrier_level": level, "received_before_yuan": received},
    )
    assert 0 <= got <= max(Decimal(0), cap - received)


@settings(max_examples=100, deadline=None)
@given(phd=st.integers(0, 10_000), master=st.integers(0, 10_000))
def test_talent_is_linear_in_headcount(phd, master):
    got = amount("talent", {"phd_count": phd, "master_count": master, "contract_years": 3})
    assert got == 100_000 * phd + 50_000 * master
