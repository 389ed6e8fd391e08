"""Chinese amounts, counts, durations and ratios."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.nlu.numbers import (
    NumberProblem,
    find_amounts,
    find_numbers,
    parse_amount,
    parse_count,
    parse_duration,
    parse_ratio,
)

AMOUNTS = [
    ("800万", "8000000"),
    ("八百万元", "8000000"),
    ("1.2亿", "120000000"),
    ("3,000万元", "30000000"),
    ("一万元", "10000"),
    ("两千块", "2000"),
    ("两千块钱", "2000"),
    ("5百万", "5000000"),
    ("50w", "500000"),
    ("50W", "500000"),
    ("12,345.67元", "12345.67"),
    ("一千二百万", "12000000"),
    ("十万八千", "108000"),
    ("2千万", "20000000"),
    ("两个亿", "200000000"),
    ("3个亿", "300000000"),
    ("一万五", "15000"),
    ("1万5", "15000"),
    ("1.5万元", "15000"),
    ("三点五万", "35000"),
    ("300多万", "3000000"),
    ("壹佰万元", "1000000"),
    ("８００万", "8000000"),
    ("¥8000", "8000"),
    ("服务性收入大概两百万吧", "2000000"),
    ("合同额3000", "3000"),
    ("50万元", "500000"),
]


@pytest.mark.parametrize(("text", "expected"), AMOUNTS)
def test_parse_amount(text, expected):
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize(
    "text",
    ["有一定经济效益", "统一办理", "万一不行", "千万别忘了", "一站式服务", "三大产业", ""],
)
def test_words_with_numerals_are_not_amounts(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize(("text", "fragment"), [("-100万", "负数"), ("负一百万", "负数")])
def test_negative_amount_is_a_problem(text, fragment):
    with pytest.raises(NumberProblem, match=fragment):
        parse_amount(text)
    (mention,) = find_amounts(text)
    assert mention.value < 0
    assert fragment in mention.problem


def test_absurd_amount_is_a_problem():
    with pytest.raises(NumberProblem, match="1万亿"):
        parse_amount("合同2万亿")


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("营收三四百万", 3_000_000, 4_000_000),
        ("合同一年六七千万", 60_000_000, 70_000_000),
        ("放了两三千万贷款", 20_000_000, 30_000_000),
        ("培训费七八千", 7000, 8000),
        ("一两百万", 1_000_000, 2_000_000),
        # the pair after a figure's leading part, or before an "about" word
        ("经费两千三四百万", 23_000_000, 24_000_000),
        ("收入十七八万", 170_000, 180_000),
        ("贷款一亿二三千万", 120_000_000, 130_000_000),
        ("合同七八百来万", 7_000_000, 8_000_000),
        ("培训费一万一二千", 11_000, 12_000),
        # a figure, a joiner and a figure with a unit: one range in that unit
        ("合同额500到600万", 5_000_000, 6_000_000),
        ("收入二百至三百万元", 2_000_000, 3_000_000),
        ("loans of 2-3 million RMB", 2_000_000, 3_000_000),
        ("between 1.5 to 2 mn yuan", 1_500_000, 2_000_000),
        ("融资0.8～1.2亿", 80_000_000, 120_000_000),
        ("放贷一千万到一千二百万之间", 10_000_000, 12_000_000),
        ("收入300万-350万", 3_000_000, 3_500_000),
    ],
)
def test_vague_range_keeps_both_ends(text, low, high):
    """Issue #9: "六七千万" is answered for its range, never refused as 不具体."""
    (mention,) = find_amounts(text)
    assert mention.problem is None and mention.approx
    assert (mention.value, mention.high) == (low, high)


def test_huge_number_problem_message_stays_short():
    (mention,) = find_numbers("1" * 3000)
    assert len(mention.problem) < 80


@pytest.mark.parametrize(
    ("text", "expected"),
    [("两名博士", 2), ("一个硕士", 1), ("3位", 3), ("十二人", 12), ("三", 3), ("5", 5)],
)
def test_parse_count(text, expected):
    assert parse_count(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("三年", "3"),
        ("1年半", "1.5"),
        ("两年半", "2.5"),
        ("18个月", "1.5"),
        ("签了五年劳动合同", "5"),
    ],
)
def test_parse_duration(text, expected):
    assert parse_duration(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("0.2‰", "0.0002"), ("5%", "0.05"), ("百分之二", "0.02"), ("１０％", "0.1")],
)
def test_parse_ratio(text, expected):
    assert parse_ratio(text) == Decimal(expected)


def test_mention_carries_span_raw_and_context():
    text = "我们省拨经费800万元，已经验收"
    (m,) = find_amounts(text)
    assert m.raw == "800万元"
    assert text[m.start : m.end] == m.raw
    assert m.before.endswith("省拨经费")
    assert m.value == Decimal(8_000_000)
    assert m.kind == "money"


def test_context_stops_at_clause_boundary():
    (m,) = find_amounts("合同已登记，经费300万")
    assert m.before == "经费"


def test_kinds_are_told_apart():
    kinds = {
        n.raw: n.kind
        for n in find_numbers("2024年3月验收，引进两名博士，签了三年，经费800万，第三条")
    }
    assert kinds["2024年"] == "year"
    assert kinds["两名"] == "count"
    assert kinds["三年"] == "duration"
    assert kinds["800万"] == "money"
    assert "3" not in kinds or kinds["3"] == "date"


@pytest.mark.parametrize("text", ["2到3年", "第3-5条", "三百个到四百个", "800万到500万"])
def test_joined_figures_that_are_no_money_range(text):
    """Only a rising pair ending in money is a range; durations, clauses, counts are not."""
    assert all(n.high is None for n in find_numbers(text))


def test_range_hyphen_is_not_a_minus():
    values = [n.value for n in find_numbers("100-200万")]
    assert all(v >= 0 for v in values)


def test_approximate_marker():
    (m,) = find_amounts("大概两百万")
    assert m.approx


def test_several_amounts_in_order():
    values = [m.value for m in find_amounts("合同300万，经费1.2亿，培训费八千元")]
    assert values == [Decimal(3_000_000), Decimal(120_000_000), Decimal(8000)]


# ------------------------------------------------------------------ colloquial counts and years
@pytest.mark.parametrize("text", ["招了两三个博士", "干了三四年", "三五个人", "一两个硕士"])
def test_vague_pair_with_measure_word_is_a_problem(text):
    (mention,) = find_numbers(text)
    assert mention.problem and "具体" in mention.problem


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("招了俩硕士", "count", "2"),
        ("仨博士", "count", "3"),
        ("招了个博士", "count", "1"),
        ("十个博士", "count", "10"),
        ("一百来个", "count", "100"),
        ("十来个博士", "count", "10"),
        ("运行半年了", "duration", "0.5"),
        ("十多年", "duration", "10"),
        ("18年验收的", "year", "2018"),
        ("24年底认定", "year", "2024"),
        ("二〇二四年", "year", "2024"),
        ("合同签了10年", "duration", "10"),
    ],
)
def test_colloquial_numbers(text, kind, value):
    (mention,) = [n for n in find_numbers(text) if n.kind != "date"]
    assert (mention.kind, mention.value) == (kind, Decimal(value))


@pytest.mark.parametrize("text", ["上半年", "下半年", "半年度报告"])
def test_calendar_halves_are_not_durations(text):
    assert find_numbers(text) == []


# ------------------------------------------------------------------ round 2: finance staff
# How finance staff and bank clerks write an amount: 大写, 整, thousands separators with
# decimals, a currency before the figure, English magnitude words, 亿 with a tail digit.
FINANCE_FORMATS = [
    ("一千二百五十万元整", "12500000"),
    ("1250.5万", "12505000"),
    ("RMB 8,000,000", "8000000"),
    ("CNY 6,000,000", "6000000"),
    ("人民币贰佰万元整", "2000000"),
    ("壹仟贰佰伍拾万元", "12500000"),
    ("八佰万", "8000000"),
    ("伍拾万元", "500000"),
    ("0.8亿", "80000000"),
    ("¥1,250,000.00", "1250000"),
    ("800万左右", "8000000"),
    ("大概三百多万", "3000000"),
    ("一亿二", "120000000"),
    ("1亿2", "120000000"),
    ("两亿三", "230000000"),
    ("3 million RMB", "3000000"),
    ("20 million", "20000000"),
    ("1.2 billion yuan", "1200000000"),
    ("20 mn", "20000000"),
    ("5000 thousand", "5000000"),
]


@pytest.mark.parametrize(("text", "expected"), FINANCE_FORMATS)
def test_finance_formats(text, expected):
    (mention,) = find_amounts(text)
    assert (mention.kind, mention.value) == ("money", Decimal(expected))


@pytest.mark.parametrize("text", ["RMB 8,000,000", "人民币 600", "CNY6000"])
def test_a_currency_before_a_figure_makes_it_money(text):
    (mention,) = find_amounts(text)
    assert mention.kind == "money"


@pytest.mark.parametrize("text", ["第3 m", "3 months", "3 mins", "3 thousandth"])
def test_english_magnitude_needs_the_whole_word(text):
    assert all(n.value < 1000 for n in find_numbers(text))


# A numeral after 万/亿 that a measure word follows starts the next figure ("一份300万一份
# 500万"); it is never merged into this one (3001000). "一万五", "十一个" keep their tails.
SEPARATE_FIGURES = [
    ("一份300万一份500万", [("money", "3000000"), ("money", "5000000")]),
    ("一份三百万一份五百万", [("money", "3000000"), ("money", "5000000")]),
    ("一个三百万两个五百万", [("money", "3000000"), ("money", "5000000")]),
    (
        "三百万一份五百万一份八十万",
        [("money", "3000000"), ("money", "5000000"), ("money", "800000")],
    ),
    ("1亿一笔2000万一笔", [("money", "100000000"), ("money", "20000000")]),
    ("5万两份", [("money", "50000")]),
    ("3万一年", [("money", "30000"), ("duration", "1")]),
    ("一万五", [("money", "15000")]),
    ("十万八千", [("money", "108000")]),
    ("一亿二", [("money", "120000000")]),
    ("十一个", [("count", "11")]),
    ("三十一个博士", [("count", "31")]),
]


@pytest.mark.parametrize(
    ("text", "expected"), SEPARATE_FIGURES, ids=[t for t, _ in SEPARATE_FIGURES]
)
def test_next_quantity_is_not_merged(text, expected):
    kinds = {kind for kind, _ in expected}  # the measure words' own counts are not checked
    assert [(n.kind, str(n.value)) for n in find_numbers(text) if n.kind in kinds] == expected


def test_a_comma_after_a_word_ends_the_clause_even_before_digits():
    # "，" is normalised to ","; only between digits is it a thousands separator.
    (mention,) = find_amounts("转让合同，6000万的服务合同")
    assert (mention.value, mention.before) == (Decimal(60_000_000), "")
    assert find_amounts("合同额3,000万元")[0].value == Decimal(30_000_000)


@pytest.mark.parametrize(
    ("text", "floor"),
    [("上千万的贷款", 10_000_000), ("合同上百万", 1_000_000), ("两千万出头", 20_000_000)],
)
def test_a_floor_said_in_words_is_approximate(text, floor):
    """ "上千万", "两千万出头": at least that much, answered for the floor."""
    (m,) = find_amounts(text)
    assert m.approx and m.value == floor and m.high is None


@pytest.mark.parametrize("text", ["路上千万别忘了", "上面千万要注意"])
def test_shang_before_qianwan_as_an_adverb_is_no_figure(text):
    assert find_amounts(text) == []


@pytest.mark.parametrize(
    ("text", "rate"),
    [("按千分之二五算", "0.0025"), ("百分之二五", "0.025"), ("百分之二十五", "0.25")],
)
def test_a_rate_said_digit_by_digit_is_a_decimal(text, rate):
    """ "千分之二五" is 2.5‰ said aloud; only "二十五" is twenty-five."""
    (n,) = find_numbers(text)
    assert (n.kind, n.value) == ("ratio", Decimal(rate))


def test_a_floor_said_with_a_measure_word_is_money():
    from assistant.nlu.numbers import find_numbers

    (n,) = find_numbers("融资总额一个多亿")
    assert (n.kind, n.value, n.approx) == ("money", 100_000_000, True)


@pytest.mark.parametrize(
    "text, raw, value",
    [
        ("按两成五算", "两成五", "0.25"),
        ("占两成半", "两成半", "0.25"),
        ("按三成一次性给", "三成", "0.3"),
    ],
)
def test_tenths_with_a_further_digit(text, raw, value):
    from decimal import Decimal

    from assistant.nlu.numbers import find_numbers

    n = find_numbers(text)[0]
    assert (n.raw, n.kind, n.value) == (raw, "ratio", Decimal(value))


def test_one_and_a_half_hundred_million():
    from assistant.nlu.numbers import find_numbers

    (n,) = find_numbers("融资一个半亿")
    assert (n.kind, n.value) == ("money", 150_000_000)
