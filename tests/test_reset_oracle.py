"""State-fuzzing oracle: after a reset, nothing of the previous visitor survives.

Random conversations mix real enquiries (the dialogue cases' messages), refused values and
resets ("下一位：…", "重新开始", "清空" — alone or in a message that also holds a bad value).
After every reset, each reply up to the next reset must equal what a fresh conversation
gives for the same messages. The loop is bounded in time, so the suite stays fast; the seed
is printed so a failure can be replayed.
"""

from __future__ import annotations

import os
import random
import time
from datetime import date
from pathlib import Path

import yaml

from assistant.dialogue.state import Conversation
from assistant.nlu.understand import Intent, understand

TODAY = date(2026, 6, 1)
BUDGET_S = float(os.environ.get("JCG_FUZZ_SECONDS", "4"))
MAX_TURNS = 7

DIALOGUES = yaml.safe_load(Path(__file__).with_name("dialogues.yaml").read_text(encoding="utf-8"))
ENQUIRIES = sorted({t["say"] for case in DIALOGUES for t in case["turns"]})
BAD_VALUES = [
    "服务性收入-300万",
    "合同金额两万亿元",
    "我们是中试基地，服务性收入负三百万",
    "省拨经费 -800 万，能拿多少",
    "放贷一百万亿",
]
RESETS = ["下一位：{}", "下一个，{}", "重新开始，{}", "清空。{}", "重新开始", "清空", "next: {}"]


def _message(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.25:
        return rng.choice(RESETS).format(rng.choice(BAD_VALUES + ENQUIRIES))
    if roll < 0.4:
        return rng.choice(BAD_VALUES)
    return rng.choice(ENQUIRIES)


def _resets(message: str) -> bool:
    u = understand(message, today=TODAY)
    return u.intent is Intent.RESET or u.flags.new_visitor


def _seen(reply) -> tuple:
    """What a visitor sees and what callers read (timing excluded)."""
    return (
        reply.answer,
        str(reply.intent),
        reply.follow_up,
        [a.model_dump() if hasattr(a, "model_dump") else a for a in reply.awards],
        [(c.clause, c.quote) for c in reply.citations],
    )


def _state(conv: Conversation) -> tuple:
    return conv.applicant, dict(conv.facts), conv.topic, conv.pending


def test_after_every_reset_the_rest_equals_a_fresh_conversation(engine):
    seed = int(os.environ.get("JCG_FUZZ_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    deadline = time.perf_counter() + BUDGET_S
    turns = resets_checked = with_bad_value = 0
    # The budget is a floor, not the test: on a busy machine it keeps going until the main
    # case (a reset carrying a refused value) has been checked at least once.
    while turns < 5000 and (
        time.perf_counter() < deadline or resets_checked < 5 or not with_bad_value
    ):
        messages = [_message(rng) for _ in range(rng.randint(2, MAX_TURNS))]
        marks = [_resets(m) for m in messages]
        if not any(marks[1:]):
            messages.insert(rng.randint(1, len(messages)), "下一位：" + rng.choice(BAD_VALUES))
            marks = [_resets(m) for m in messages]
        conv = Conversation()
        seen = []
        for message in messages:
            seen.append((_seen(engine.reply(conv, message, today=TODAY)), _state(conv)))
        turns += len(messages)
        for k, mark in enumerate(marks):
            if not mark or k == 0:
                continue
            fresh = Conversation()
            end = next((j for j in range(k + 1, len(messages)) if marks[j]), len(messages))
            for j in range(k, end):
                got = (_seen(engine.reply(fresh, messages[j], today=TODAY)), _state(fresh))
                assert seen[j] == got, (
                    f"seed {seed}: turn {j} after the reset at turn {k} differs from a fresh "
                    f"conversation.\nmessages: {messages}"
                )
            resets_checked += 1
            with_bad_value += bool(understand(messages[k], today=TODAY).problems)
    print(
        f"reset oracle: seed {seed}, {turns} turns, {resets_checked} resets checked "
        f"({with_bad_value} with a refused value)"
    )
    assert with_bad_value, "no reset carried a bad value: the oracle missed its main case"
