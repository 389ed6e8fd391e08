"""Understanding benchmark: issue #9's failure classes, scored by class, tuning vs blind.

    python -m benchmarks.understanding                 # every class, every set in the file
    python -m benchmarks.understanding --set tuning    # only the tuning part, with its misses
    python -m benchmarks.understanding --set blind3    # any set the file has (tuning, blind…)
    python -m benchmarks.understanding --class 3 --show

The question sets live in ``understanding.yaml`` (how each check reads is described there).
A conversation counts as right only when every turn's checks hold. The blind part is run to
report a figure; its misses are printed only with ``--show-blind``, so tuning never sees them.
Every set other than ``tuning`` (blind, blind2, blind3 …) is a held-out part in that sense.
"""

from __future__ import annotations

import argparse
import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

SETS = Path(__file__).with_name("understanding.yaml")
# Every understanding*.yaml beside it: issue #18's batch (understanding_blind5.yaml) is its own
# file so the one who wrote it from the text never saw the others.
ALL_SETS = sorted(Path(__file__).parent.glob("understanding*.yaml"))
TODAY = date(2026, 6, 15)  # fixed, so "今年/去年" mean the same on every run
CLASS_NAMES = {
    "1": "several items",
    "2": "per-item conditions",
    "3": "whose money",
    "4": "stated facts rule out",
    "5": "not covered",
    "6": "corrections/refs/shorthand",
    "7": "approximate figures",
    "8": "English/mixed",
    "9": "zero never bare",
    "conv": "conversations",
    # issue #18's classes (understanding_blind5.yaml)
    "r1": "own arithmetic is no item",
    "r2": "a rate is not money",
    "r3": "nouns are not matters",
    "r4": "not covered needs evidence",
    "r5": "no stand-in, no greeting",
    "r6": "stated conditions heard",
    "r7": "two questions, two answers",
    "r8": "totals and dates not invented",
    "r9": "a newcomer stays one",
}


def load(path: Path | None = None) -> list[dict[str, Any]]:
    """The items of ``path``, or of every understanding*.yaml when none is given."""
    if path is None:
        return [item for p in ALL_SETS for item in load(p)]
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    for item in items:
        item["class"] = str(item["class"])
        if "turns" not in item:
            item["turns"] = [{"say": item["q"], "expect": item.get("expect") or {}}]
        elif any(isinstance(t, str) for t in item["turns"]):
            # Turns written as plain messages: the item's expect is about the last reply.
            said = [t if isinstance(t, dict) else {"say": t} for t in item["turns"]]
            said[-1].setdefault("expect", item.get("expect") or {})
            item["turns"] = said
    return items


def first_sentence(reply: Any) -> str:
    """The headline when the reply has one, else the answer's first sentence in plain text."""
    headline = getattr(reply, "headline", None)
    if headline is not None and getattr(headline, "text", ""):
        return headline.text
    for line in reply.answer.splitlines():
        text = re.sub(r"\*\*|^[-#>\s]+", "", line).strip()
        if text:
            return re.split(r"(?<=[。！？!?])", text, maxsplit=1)[0]
    return ""


def _amounts(reply: Any) -> list[Decimal]:
    return sorted(Decimal(a.amount_yuan) for a in reply.awards)


def _listed(value: Any) -> list[str]:
    """``has``/``lacks`` as a list: one pattern may be written without the brackets."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def check(reply: Any, expect: dict[str, Any]) -> list[str]:
    """Every expectation this reply fails, in words (empty when it passes)."""
    if "any" in expect:
        fails = [check(reply, alt) for alt in expect["any"]]
        return [] if any(not f for f in fails) else [" / ".join("; ".join(f) for f in fails)]
    problems: list[str] = []
    got = _amounts(reply)
    if "amounts" in expect:
        want = sorted(Decimal(str(a)) for a in expect["amounts"])
        if got != want:
            problems.append(f"amounts {[str(g) for g in got]} ≠ {[str(w) for w in want]}")
    if "total" in expect and sum(got, Decimal(0)) != Decimal(str(expect["total"])):
        problems.append(f"total {sum(got, Decimal(0))} ≠ {expect['total']}")
    if "clause" in expect:
        wanted = expect["clause"] if isinstance(expect["clause"], list) else [expect["clause"]]
        top = (
            reply.awards[0].clause
            if reply.awards
            else (reply.citations[0].clause if reply.citations else None)
        )
        if top not in wanted:
            problems.append(f"clause {top} ∉ {wanted}")
    first = first_sentence(reply)
    if "first" in expect and not re.search(expect["first"], first):
        problems.append(f"first sentence {first[:60]!r} !~ {expect['first']!r}")
    for rx in _listed(expect.get("has")):
        if not re.search(rx, reply.answer):
            problems.append(f"answer lacks {rx!r}")
    for rx in _listed(expect.get("lacks")):
        if re.search(rx, reply.answer):
            problems.append(f"answer has {rx!r}")
    if "asks" in expect and not (reply.follow_up and re.search(expect["asks"], reply.follow_up)):
        problems.append(f"follow-up {reply.follow_up!r} !~ {expect['asks']!r}")
    # "No money" is no positive amount: a matter shown at 0 with the condition it fails
    # ("不在晋中，不满足…，可得金额为 0") says exactly that.
    if expect.get("no_awards") and any(g > 0 for g in got):
        problems.append(f"awards given: {[str(g) for g in got]}")
    return problems


def asks(reply: Any) -> bool:
    """The reply states no amount and asks a question instead (a confirmation counts)."""
    headline = getattr(reply, "headline", None)
    verdict = getattr(headline, "verdict", None) if headline is not None else None
    return not reply.awards and bool(reply.follow_up or verdict == "needs_facts")


def run_item(assistant: Any, item: dict[str, Any]) -> tuple[list[str], str]:
    """Problems of one item (all turns of a conversation), prefixed by the turn, and the
    outcome: ``right``, ``asked`` (the first failing turn asks instead of asserting) or
    ``wrong`` (it asserts something the text does not give)."""
    from assistant.dialogue.state import Conversation

    conv = Conversation()
    problems: list[str] = []
    outcome = "right"
    for n, turn in enumerate(item["turns"], 1):
        reply = assistant.reply(conv, turn["say"], today=TODAY)
        failed = check(reply, turn.get("expect") or {})
        if failed and outcome == "right":
            outcome = "asked" if asks(reply) else "wrong"
        for p in failed:
            problems.append(f"turn {n}: {p}" if len(item["turns"]) > 1 else p)
    return problems, outcome


def figure_roles(message: str) -> dict[str, str]:
    """The role understanding gives each figure of ``message``, by the figure as written."""
    from assistant.nlu.understand import understand

    return {f.mention.raw: f.role for f in understand(message, today=TODAY).figures}


def role_pairs(items: Iterable[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """(gold role, read role, figure) for every figure annotated with its gold role.

    A figure is matched to the reading whose written form contains it or is contained in it
    ("3400万" ↔ "3400万元"); a figure understanding did not read at all is ``unread``."""
    pairs = []
    for item in items:
        for turn in item["turns"]:
            gold = turn.get("roles") or (item.get("roles") if len(item["turns"]) == 1 else None)
            if not gold:
                continue
            read = figure_roles(turn["say"])
            for figure, role in gold.items():
                found = [r for raw, r in read.items() if figure in raw or raw in figure]
                pairs.append((role, found[0] if found else "unread", figure))
    return pairs


def confusion(pairs: list[tuple[str, str, str]]) -> list[str]:
    """Gold role × read role, and the one error issue #18 names: a figure that is not a base
    (an estimate, a quoted cap, a rate) read as a base, i.e. as an amount a rule reads."""
    if not pairs:
        return []
    gold = sorted({g for g, _, _ in pairs})
    read = sorted({r for _, r, _ in pairs})
    count: dict[tuple[str, str], int] = defaultdict(int)
    for g, r, _ in pairs:
        count[(g, r)] += 1
    width = max(len(r) for r in read) + 1
    corner = "gold / read"
    lines = [f"  {corner:<14}" + "".join(f"{r:>{width}}" for r in read)]
    for g in gold:
        lines.append(f"  {g:<14}" + "".join(f"{count[(g, r)] or '.':>{width}}" for r in read))
    agree = sum(n for (g, r), n in count.items() if g == r)
    as_base = sum(
        n for (g, r), n in count.items() if g in ("estimate", "cap", "rate") and r == "base"
    )
    lines.append(
        f"  agreement {agree}/{len(pairs)} = {agree / len(pairs):.2f}; "
        f"estimate/cap/rate read as a base: {as_base}"
    )
    return lines


def label(item: dict[str, Any]) -> str:
    return " / ".join(t["say"] for t in item["turns"])


def score(
    assistant: Any, items: Iterable[dict[str, Any]]
) -> tuple[dict[tuple[str, str], list[int]], list[tuple[dict, list[str]]]]:
    """(class, set) → [right, total, asked, wrong], and every miss with its problems."""
    tally: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    misses = []
    for item in items:
        problems, outcome = run_item(assistant, item)
        cell = tally[(item["class"], item["set"])]
        cell[1] += 1
        if not problems:
            cell[0] += 1
        else:
            cell[2 if outcome == "asked" else 3] += 1
            misses.append((item, problems))
    return tally, misses


def three_columns(tally: dict[tuple[str, str], list[int]]) -> list[str]:
    """Per set: right / asked / asserted wrong, as shares of its items (precision first)."""
    parts = sorted({key[1] for key in tally}, key=set_order)
    lines = [f"  {'set':<10} {'items':>5}  {'right':>6} {'asked':>6} {'wrong':>6}"]
    for part in parts:
        cells = [v for (cls, p), v in tally.items() if p == part]
        right, total, asked, wrong = (sum(c[i] for c in cells) for i in range(4))
        lines.append(
            f"  {part:<10} {total:>5}  {right / total:>6.2f} {asked / total:>6.2f} "
            f"{wrong / total:>6.2f}"
        )
    return lines


def set_order(name: str) -> tuple[int, int, str]:
    """tuning first, then blind, blind2, blind3 … by number, then any other set by name."""
    if name == "tuning":
        return (0, 0, name)
    match = re.fullmatch(r"blind(\d*)", name)
    if match:
        return (1, int(match.group(1) or 1), name)
    return (2, 0, name)


def table(tally: dict[tuple[str, str], list[int]]) -> list[str]:
    """One column per set present in the tally (tuning, blind, blind2, blind3 …), one row per class."""
    parts = sorted({key[1] for key in tally}, key=set_order)
    lines = [f"  {'class':<32} " + " ".join(f"{p:>14}" for p in parts)]
    totals = {p: [0, 0] for p in parts}
    for key, name in CLASS_NAMES.items():
        cells = []
        for part in parts:
            right, total = tally.get((key, part), [0, 0])[:2]
            totals[part][0] += right
            totals[part][1] += total
            cells.append(f"{right / total:.2f} ({right}/{total})" if total else "-")
        lines.append(f"  {key + ' ' + name:<32} " + " ".join(f"{c:>14}" for c in cells))
    cells = [f"{r / t:.2f} ({r}/{t})" if t else "-" for r, t in totals.values()]
    lines.append(f"  {'all':<32} " + " ".join(f"{c:>14}" for c in cells))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", help="one set of the file: tuning, blind, blind2, blind3 …")
    parser.add_argument("--class", dest="cls")
    parser.add_argument("--file", type=Path, default=None, help="one question file only")
    parser.add_argument(
        "--skip", action="append", default=[], help="leave out a set (a batch kept for the end)"
    )
    parser.add_argument("--show", action="store_true", help="print the tuning misses")
    parser.add_argument("--show-blind", action="store_true", help="print the blind misses too")
    args = parser.parse_args()

    from assistant.engine import Assistant

    everything = load(args.file)
    present = sorted({i["set"] for i in everything}, key=set_order)
    if args.set is not None and args.set not in present:
        parser.error(f"--set {args.set}: this file has the sets {', '.join(present)}")
    items = [
        i
        for i in everything
        if (args.set is None or i["set"] == args.set)
        and i["set"] not in args.skip
        and (args.cls in (None, i["class"]))
    ]
    tally, misses = score(Assistant.default(background=False), items)
    print("understanding by class (share of items fully right):")
    print("\n".join(table(tally)))
    print("\nright / asked / asserted wrong, per set:")
    print("\n".join(three_columns(tally)))
    roles = confusion(role_pairs(items))
    if roles:
        print("\nroles of annotated figures (gold × read):")
        print("\n".join(roles))
    shown = [m for m in misses if m[0]["set"] == "tuning" or args.show_blind]
    if args.show or args.show_blind:
        for item, problems in shown:
            print(f"- [{item['class']}/{item['set']}] {label(item)}")
            for p in problems:
                print(f"    {p}")


if __name__ == "__main__":
    main()
