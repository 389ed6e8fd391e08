"""Is a typed message a hand-over to the next visitor ("下一位", "下一位：…", "重新开始")?

The clerk types it instead of pressing the button, so the screen must do what the button does.
The language lives in assistant/nlu/lexicon.yaml (``new_visitor`` and the ``reset`` intent); this
only reads the understanding of the message.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Handover:
    new_visitor: bool  # the message starts a fresh screen
    bare: bool  # nothing else to answer: "下一位" or "重新开始" alone


NONE = Handover(False, False)


def read_handover(text: str) -> Handover:
    from assistant.nlu.understand import Intent, understand

    try:
        u = understand(text)
    except Exception:  # understanding never raises, but the screen must not depend on it
        return NONE
    if u.intent is Intent.RESET:
        return Handover(True, True)
    if u.flags.new_visitor:
        rest = u.text.strip(" \t\n：:，,。.!！")
        return Handover(True, not rest)
    return NONE
