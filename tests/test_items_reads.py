"""``items.understand_items`` reads each text of a message once: what it shares must be what
a fresh reading would give."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.nlu.items import understand_items
from assistant.nlu.understand import understand
from calculators.registry import APPLICANTS

TODAY = date(2026, 6, 15)
DATED = [
    "牵头的省级项目2025年已经通过验收，省拨600万",
    "今年签了两份合同，都是2025年验收的",
    "去年底认定的国家级孵化器",
    "技术转让合同三百万，2026年3月登记",
    "我们学院2024年跟谷内企业签的技术服务合同，两百万",
]


@pytest.mark.parametrize("text", DATED)
def test_a_date_is_read_the_same_whoever_speaks(text):
    # _dated_for_all asks whether an item's own words carry a date from the reading made
    # with the speaker: that holds only while the date does not depend on who speaks.
    plain = understand(text, today=TODAY).facts.get("event_date")
    for applicant in sorted(APPLICANTS):
        read = understand(text, today=TODAY, applicant_hint=applicant)
        assert read.facts.get("event_date") == plain


def test_the_readings_of_one_message_are_its_own():
    text = (
        "两个项目：牵头的省级项目2025年已经通过验收，省拨600万；另外参与了一个国家项目，"
        "国拨3000万，都验收了"
    )
    first = understand_items(understand(text, today=TODAY), today=TODAY)
    first[0][1].facts["changed"] = True  # a caller may change what it got
    again = understand_items(understand(text, today=TODAY), today=TODAY)
    assert [pu.facts for _, pu in again] != [pu.facts for _, pu in first]
    assert all("changed" not in pu.facts for _, pu in again)
