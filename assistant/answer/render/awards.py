"""One heading per award, and what the text says about how each amount is decided.

Every renderer (chat Markdown, the Streamlit page, the print page, the 政策体检 report) names
the awards of a reply through :func:`award_titles`, so two awards never share a heading: the
name comes from the rule (``（七）引进博士/硕士科研项目经费``, not the measure's title that
several rules share), and where the case file kept several matters of one rule, from the
matter's own label (``第二个项目``). The names are data (corpus/measures.yaml, the case file),
never a table typed here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from assistant.answer.presentation import award_name
from assistant.answer.status import STATUS_OF, STATUS_WORDS

if TYPE_CHECKING:
    from assistant.answer.reply import Reply
from calculators.common import format_yuan
from calculators.model import Award, Kind

# The policy's words for an amount that a review still decides (（七）: "经申报和评审分别给予博
# 士、硕士研究生10万元、5万元"). An award whose own quotes say so is fixed in figure but not
# granted by right, so a total must not present it as settled.
REVIEW_WORD = "评审"


def figured(award: Award) -> bool:
    """The text sets a figure (exact or a ceiling) for this award."""
    return award.kind != Kind.NO_FIXED_AMOUNT


def base_title(award: Award) -> str:
    """Clause and the rule's (or figureless part's) own name."""
    return f"{award.clause}{award_name(award)}"


def award_titles(reply: Reply) -> list[str]:
    """A heading for each of ``reply.details``, distinct within the reply.

    ``Reply.matters`` index ``Reply.awards`` (figured awards only); a matter whose label is not
    already the rule's name (``第一个项目``) adds it to the heading. Any heading still repeated
    (two awards of one rule without a case file) is numbered.
    """
    titles = [base_title(a) for a in reply.details]
    positions = [i for i, a in enumerate(reply.details) if figured(a)]
    for matter in reply.matters:
        if matter.award is None or not 0 <= matter.award < len(positions):
            continue
        i = positions[matter.award]
        if matter.label and matter.label != titles[i] and not matter.label.startswith("（"):
            titles[i] = f"{titles[i]}（{matter.label}）"
    counts, seen = Counter(titles), Counter[str]()
    out = []
    for title in titles:
        seen[title] += 1
        out.append(f"{title}（第{seen[title]}项）" if counts[title] > 1 else title)
    return out


def reviewed(award: Award) -> bool:
    """The award's own quotes say its amount is granted after a review (经申报和评审)."""
    return any(REVIEW_WORD in c.quote for c in award.citations)


@dataclass
class AwardGroup:
    """The steps and conditions of one award, under that award's heading."""

    title: str
    steps: list[str] = field(default_factory=list)
    conditions: list[tuple[str, str]] = field(default_factory=list)  # (status word, text)


def _from_details(reply: Reply) -> list[AwardGroup] | None:
    """Groups from the calculator results, when the reply's blocks are exactly theirs."""
    awards = reply.details
    if not awards:
        return None
    shown = [g.lines for g in reply.steps]
    if shown == [a.steps for a in awards if a.steps]:
        stepped = set(range(len(awards)))
    elif shown == [a.steps for a in awards if a.steps and figured(a)]:
        stepped = {i for i, a in enumerate(awards) if figured(a)}  # a list of measures
    elif not shown:
        stepped = set()
    else:
        return None
    flat = [(c.text, STATUS_OF[c.status]) for a in awards for c in a.conditions]
    if [(c.text, c.status) for c in reply.conditions] not in ([], flat):
        return None
    groups = [
        AwardGroup(
            title,
            list(a.steps) if i in stepped else [],
            [(STATUS_WORDS[STATUS_OF[c.status]], c.text) for c in a.conditions]
            if reply.conditions
            else [],
        )
        for i, (title, a) in enumerate(zip(award_titles(reply), awards, strict=True))
    ]
    return [g for g in groups if g.steps or g.conditions]


def award_groups(reply: Reply) -> list[AwardGroup]:
    """Steps and conditions per award; a reply read back from JSON (no calculator results) has
    one group per step block, with the conditions in a last group of their own."""
    groups = _from_details(reply)
    if groups is not None:
        return groups
    titles = [g.title for g in reply.steps]
    counts, seen = Counter(titles), Counter[str]()
    out = []
    for group in reply.steps:
        seen[group.title] += 1
        title = group.title + (f"（第{seen[group.title]}项）" if counts[group.title] > 1 else "")
        out.append(AwardGroup(title, list(group.lines)))
    if reply.conditions:
        out.append(AwardGroup("", [], [(STATUS_WORDS[c.status], c.text) for c in reply.conditions]))
    return out


# ------------------------------------------------------------------ what kind each amount is
# Three kinds of amount a reader must never confuse: one the text fixes (确定), a ceiling
# ("不超过/最高", 最高) and one fixed in figure but granted only 经申报和评审. Every headline,
# total, print view and report names each amount with one of these words.
FIRM, CEILING, REVIEWED = "firm", "ceiling", "reviewed"
KIND_WORDS = {FIRM: "确定", CEILING: "最高", REVIEWED: "经申报和评审"}
SUM_WORDS = {FIRM: "确定", CEILING: "最高", REVIEWED: "经评审的"}


def amount_kind(award: Award) -> str | None:
    """FIRM, CEILING or REVIEWED; None for a measure without a figure."""
    if award.kind == Kind.UP_TO:
        return CEILING
    if award.kind == Kind.EXACT:
        return REVIEWED if reviewed(award) else FIRM
    return None


def kind_word(award: Award) -> str:
    """The word a conditional sentence ("按下限计…可得") puts before an amount that is not
    simply fixed: 最高 or 经申报和评审; nothing for a firm one."""
    kind = amount_kind(award)
    return KIND_WORDS[kind] if kind in (CEILING, REVIEWED) else ""


def kinded(award: Award) -> str:
    """The amount with its kind beside it: 40万元（确定）, 4.6万元（最高）, 20万元（经申报和评审）."""
    kind = amount_kind(award)
    amount = format_yuan(award.amount_yuan)
    return f"{amount}（{KIND_WORDS[kind]}）" if kind else amount


def kind_sums(awards: Iterable[Award]) -> dict[str, Decimal]:
    """Each kind's sum (leaving out awards a stated fact rules out), kinds with nothing left out."""
    sums: dict[str, Decimal] = {}
    for a in awards:
        kind = amount_kind(a)
        if kind is None or a.blocked or not a.amount_yuan:
            continue
        sums[kind] = sums.get(kind, Decimal(0)) + a.amount_yuan
    return {k: sums[k] for k in (FIRM, CEILING, REVIEWED) if k in sums}


def sum_parts(awards: Iterable[Award]) -> list[str]:
    """Like summed with like: ['确定58万元', '最高4.6万元', '经评审的20万元']."""
    return [f"{SUM_WORDS[k]}{format_yuan(v)}" for k, v in kind_sums(awards).items()]


def sum_text(awards: Iterable[Award]) -> str:
    """A short total, like with like: "145万元（确定）", "最高12万元", or for several kinds
    "确定58万元；另有最高4.6万元，经评审的20万元" — never one figure over unlike kinds."""
    awards = list(awards)
    sums = kind_sums(awards)
    if len(sums) == 1:
        ((kind, value),) = sums.items()
        amount = format_yuan(value)
        return f"最高{amount}" if kind == CEILING else f"{amount}（{KIND_WORDS[kind]}）"
    parts = sum_parts(awards)
    return f"{parts[0]}；另有{'，'.join(parts[1:])}" if parts else ""


def computed_groups(reply: Reply) -> list[AwardGroup]:
    """Steps and conditions of every award with a figure, whether or not the reply carries
    them as blocks (a list of measures leaves them out): an amount is never shown without
    the way it was computed (（十一）'s 65万 → 封顶50万)."""
    return [
        AwardGroup(
            title,
            list(a.steps),
            [(STATUS_WORDS[STATUS_OF[c.status]], c.text) for c in a.conditions],
        )
        for title, a in zip(award_titles(reply), reply.details, strict=True)
        if figured(a) and a.steps
    ]
