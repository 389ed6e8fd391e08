"""The one status vocabulary every channel shows, in words (an emoji alone says nothing to a
screen reader or on paper)."""

from __future__ import annotations

from calculators.model import Status

STATUS_OF = {Status.MET: "met", Status.NOT_MET: "unmet", Status.UNKNOWN: "unknown"}
STATUS_WORDS = {"met": "已满足", "unmet": "未满足", "unknown": "待确认"}


def status_word(status: Status | str) -> str:
    """已满足 / 未满足 / 待确认 for a calculator status or a reply's condition status."""
    return STATUS_WORDS[STATUS_OF.get(status, status)]
