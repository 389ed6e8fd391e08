"""Follow-up words read in understanding (assistant/nlu/references.py), applied by dialogue."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.nlu import references


@pytest.mark.parametrize(
    ("text", "scale", "step", "down"),
    [
        ("再多一半呢", Decimal("1.5"), None, False),
        ("少一半呢", Decimal("0.5"), None, True),
        ("翻倍呢", Decimal(2), None, False),
        ("打个八折呢", Decimal("0.8"), None, False),
        ("少三成呢", Decimal("0.7"), None, True),
        ("再加200万呢", None, Decimal(2_000_000), False),
    ],
)
def test_a_relative_change_is_read_as_a_change(text, scale, step, down):
    change = references.relative(text)
    assert change is not None
    assert (change.scale, change.step, change.down) == (scale, step, down)


def test_a_change_with_no_exact_figure_is_none():
    assert references.relative("少一倍呢") is None
    assert references.relative("这个多少钱") is None


@pytest.mark.parametrize(("text", "n"), [("第二个项目呢", 2), ("第1份合同", 1), ("就这个", None)])
def test_an_ordinal_names_one_matter(text, n):
    assert references.ordinal(text) == n


@pytest.mark.parametrize(
    ("text", "answer"),
    [("是的", True), ("还没", False), ("为什么不是更多", None), ("之前没拿过", None)],
)
def test_a_terse_reply_answers_and_a_question_does_not(text, answer):
    assert references.terse_yes_no(text) is answer
