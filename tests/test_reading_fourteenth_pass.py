"""Issue 18, fourteenth pass: mechanisms found on blind33 (a batch scored once, then read),
each stated as what must hold for any wording of its kind. blind32 stays held out."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.nlu.items import understand_items
from assistant.nlu.understand import understand

TODAY = date(2026, 6, 15)
_PROJECT = "我们牵头的省级重点研发项目上个月验收了，省拨经费一千零四十万。"


@settings(max_examples=30, deadline=None)
@given(
    aside=st.sampled_from(
        [
            "同事的理解是牵头给5%、参与再给2%，加起来按7%算。",
            "可我们就是牵头单位。",
            "我们是牵头方，",
            "听说参与的一般也给2%。",
        ]
    ),
    ask=st.sampled_from(["能拿多少？", "到底能给多少", "麻烦确认下"]),
)
def test_a_role_said_without_an_object_is_no_second_project(aside, ask):
    """A kind's mention names an item only with its object or an amount of its own."""
    u = understand(_PROJECT + aside + ask, TODAY)
    assert len(understand_items(u, TODAY)) == 1


def test_two_roles_each_with_its_project_stay_two():
    u = understand(
        "牵头一个省级重点研发项目，省拨六百万；参与一个国家专项，国拨两千万，都验收了", TODAY
    )
    assert len(understand_items(u, TODAY)) == 2
