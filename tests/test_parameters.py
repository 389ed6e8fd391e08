"""Every parameter is proven against the text; an unprovable entry refuses to load."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from corpus.clauses import load_policy
from corpus.parameters import (
    Parameter,
    ParameterError,
    chinese_numeral,
    get,
    load_parameters,
    notations,
    written_in,
)

PARAMS = load_parameters()

GOOD_ENTRY = """\
lead_rate:
  measure: （三）
  value: 0.05
  unit: ratio
  kind: exact
  description: 牵头比例
  quote: 给予项目国拨经费或省拨经费的5%进行奖励
"""


def _write(tmp_path, text):
    path = tmp_path / "parameters.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", sorted(PARAMS))
def test_quote_is_verbatim_and_holds_the_value(name):
    p = PARAMS[name]
    policy = load_policy()
    assert p.quote in policy.text
    assert p.quote in policy.clause(p.measure).body
    assert written_in(p.value, p.unit, p.quote), (p.value, p.quote)
    assert p.kind in ("exact", "up_to")
    assert p.description


@pytest.mark.parametrize("name", sorted(PARAMS))
def test_up_to_only_where_the_text_says_so(name):
    # "不超过/最高" makes a ceiling; a plain figure is exact.
    p = PARAMS[name]
    if p.kind == "up_to":
        assert "最高" in p.quote or "不超过" in p.quote, p.quote


def test_values_are_decimal_never_float():
    for p in PARAMS.values():
        assert not isinstance(p.value, float)
        if p.unit in ("yuan", "ratio"):
            assert isinstance(p.value, Decimal)
        if p.unit in ("count", "year"):
            assert isinstance(p.value, int)


# Every figure the policy sets, read off the text by hand.
EXPECTED = {
    "major_project_lead_rate": (Decimal("0.05"), "exact"),
    "major_project_participate_rate": (Decimal("0.02"), "up_to"),
    "major_project_cap_per_item": (Decimal(1_000_000), "up_to"),
    "enterprise_transfer_rate": (Decimal("0.02"), "up_to"),
    "enterprise_transfer_annual_cap": (Decimal(100_000), "up_to"),
    "academic_contract_rate": (Decimal("0.01"), "up_to"),
    "academic_contract_annual_cap": (Decimal(250_000), "up_to"),
    "academic_service_threshold": (Decimal(50_000_000), "exact"),
    "academic_service_rate": (Decimal("0.0002"), "up_to"),
    "academic_service_annual_cap": (Decimal(1_000_000), "up_to"),
    "poc_centre_rate": (Decimal("0.1"), "exact"),
    "poc_centre_annual_cap": (Decimal(500_000), "up_to"),
    "pilot_base_rate": (Decimal("0.3"), "exact"),
    "pilot_base_annual_cap": (Decimal(1_000_000), "up_to"),
    "academician_station_new_total": (Decimal(1_000_000), "up_to"),
    "academician_station_new_years": (3, "exact"),
    "academician_station_min_years_running": (3, "exact"),
    "academician_station_annual": (Decimal(100_000), "up_to"),
    "academician_station_support_years": (3, "exact"),
    "postdoc_station_new": (Decimal(300_000), "exact"),
    "postdoc_station_min_years_running": (1, "exact"),
    "postdoc_station_annual": (Decimal(30_000), "up_to"),
    "postdoc_station_support_years": (2, "exact"),
    "talent_min_contract_years": (3, "exact"),
    "talent_phd_amount": (Decimal(100_000), "exact"),
    "talent_master_amount": (Decimal(50_000), "exact"),
    "broker_training_rate": (Decimal("0.2"), "exact"),
    "broker_training_annual_cap": (Decimal(2000), "up_to"),
    "outstanding_broker_max_count": (10, "up_to"),
    "outstanding_broker_amount": (Decimal(50_000), "exact"),
    "carrier_focus_industry_count": (3, "exact"),
    "incubator_provincial": (Decimal(300_000), "exact"),
    "incubator_national": (Decimal(500_000), "exact"),
    "maker_space_provincial": (Decimal(100_000), "exact"),
    "maker_space_national": (Decimal(200_000), "exact"),
    "incubator_total_cap": (Decimal(500_000), "up_to"),
    "maker_space_total_cap": (Decimal(200_000), "up_to"),
    "financing_rate": (Decimal("0.005"), "exact"),
    "financing_annual_cap": (Decimal(500_000), "up_to"),
    "transfer_service_rate": (Decimal("0.01"), "exact"),
    "transfer_service_annual_cap": (Decimal(500_000), "up_to"),
    "validity_start": (date(2025, 1, 1), "exact"),
    "validity_end": (date(2029, 12, 31), "exact"),
}


def test_every_figure_of_the_policy_is_a_parameter():
    assert set(PARAMS) == set(EXPECTED)
    for name, (value, kind) in EXPECTED.items():
        assert PARAMS[name].value == value, name
        assert PARAMS[name].kind == kind, name


def test_every_money_figure_in_the_measures_is_covered():
    """Each 万元/元/%/‰ figure written in （一）…（十四） and the 附则's dates has a parameter."""
    import re

    policy = load_policy()
    body = "\n".join(c.body for c in policy.clauses)
    figures = set(re.findall(r"(?<![0-9.])[0-9.]+(?:万元|元|%|‰)", body))
    covered = {form for p in PARAMS.values() for form in notations(p.value, p.unit)}
    assert figures <= covered, figures - covered


def test_param_convenience():
    assert get("major_project_lead_rate").value == Decimal("0.05")
    assert get("outstanding_broker_max_count").value == 10
    assert get("validity_end").value == date(2029, 12, 31)
    with pytest.raises(KeyError):
        get("no_such_parameter")


@pytest.mark.parametrize(
    ("value", "unit", "form"),
    [
        (Decimal("0.05"), "ratio", "5%"),
        (Decimal("0.0002"), "ratio", "0.2‰"),
        (Decimal("0.005"), "ratio", "0.5%"),
        (Decimal(1_000_000), "yuan", "100万元"),
        (Decimal(2000), "yuan", "2000元"),
        (Decimal(50_000_000), "yuan", "5000万元"),
        (10, "count", "10位"),
        (3, "year", "三年"),
        (3, "year", "3年"),
        (date(2025, 1, 1), "date", "2025年1月1日"),
    ],
)
def test_notation(value, unit, form):
    assert form in notations(value, unit)


def test_a_figure_is_not_found_inside_a_longer_one():
    assert not written_in(Decimal(50_000), "yuan", "最高给予25万元")
    assert not written_in(Decimal("0.02"), "ratio", "给予12%奖励")
    assert written_in(Decimal(50_000), "yuan", "10万元、5万元")


def test_chinese_numeral():
    assert [chinese_numeral(n) for n in (1, 3, 10, 12, 20, 35)] == [
        "一",
        "三",
        "十",
        "十二",
        "二十",
        "三十五",
    ]


def test_a_good_entry_loads(tmp_path):
    params = load_parameters(_write(tmp_path, GOOD_ENTRY))
    assert params["lead_rate"] == Parameter(
        name="lead_rate",
        measure="（三）",
        value=Decimal("0.05"),
        unit="ratio",
        kind="exact",
        description="牵头比例",
        quote="给予项目国拨经费或省拨经费的5%进行奖励",
    )


@pytest.mark.parametrize(
    ("broken", "why"),
    [
        (GOOD_ENTRY.replace("  quote: 给予项目国拨经费或省拨经费的5%进行奖励\n", ""), "quote"),
        (GOOD_ENTRY.replace("quote: 给予", "quote: 奖给"), "不在政策原文"),
        (GOOD_ENTRY.replace("value: 0.05", "value: 0.06"), "找不到数值"),
        (GOOD_ENTRY.replace("value: 0.05", "value: 0.5"), "找不到数值"),
        (GOOD_ENTRY.replace("measure: （三）", "measure: （四）"), "不在条款"),
        (GOOD_ENTRY.replace("measure: （三）", "measure: （十五）"), "不存在"),
        (GOOD_ENTRY.replace("unit: ratio", "unit: yuan"), "找不到数值"),
        (GOOD_ENTRY.replace("unit: ratio", "unit: percent"), "未知单位"),
        (GOOD_ENTRY.replace("kind: exact", "kind: maybe"), "kind"),
        (GOOD_ENTRY.replace("value: 0.05", "value: abc"), "数字"),
        (GOOD_ENTRY.replace("value: 0.05", "value: -0.05"), "非负"),
        (GOOD_ENTRY.replace("  description: 牵头比例\n", ""), "description"),
    ],
)
def test_a_bad_entry_refuses_to_load(tmp_path, broken, why):
    with pytest.raises(ParameterError, match=why):
        load_parameters(_write(tmp_path, broken))


def _entry(measure: str, value: object, unit: str, kind: str, description: str, quote: str) -> str:
    return (
        f"x:\n  measure: {measure}\n  value: {value}\n  unit: {unit}\n  kind: {kind}\n"
        f"  description: {description}\n  quote: {quote}\n"
    )


@pytest.mark.parametrize(
    "entry",
    [
        _entry("（三）", 2000000, "yuan", "up_to", "单项上限", "每家企业单项最高奖励100万元"),
        _entry("附则", "2030-12-31", "date", "exact", "截止", "有效期至2029年12月31日"),
        _entry("（七）", 2, "year", "exact", "分几年", "分三年补助到位"),
    ],
    ids=["cap", "date", "years"],
)
def test_a_figure_its_quote_does_not_hold_refuses_to_load(tmp_path, entry):
    with pytest.raises(ParameterError, match="找不到数值"):
        load_parameters(_write(tmp_path, entry))


def test_a_count_of_years_its_quote_holds_loads(tmp_path):
    entry = _entry("（七）", 3, "year", "exact", "分几年", "分三年补助到位")
    assert load_parameters(_write(tmp_path, entry))["x"].value == 3
