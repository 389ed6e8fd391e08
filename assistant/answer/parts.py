"""One reply for a message that asks several things: each question answered in its own part.

"中试基地能补多少？另外两个员工自费考了技术经纪人证，能报吗？" asks about （六） and about （八）;
each question is answered as if asked alone (its own amount, question or "not covered"), and
the parts are put together under the question they answer. Nothing is merged across parts:
a total is never made of two different questions' amounts.
"""

from __future__ import annotations

from assistant.answer.reply import AwardSummary, Headline, Reply, UnitLine

ORDINALS = "一二三四五六七八九十"


def combine(parts: list[tuple[str, Reply]]) -> Reply:
    """``parts``: (the question, its reply), in the order asked."""
    if len(parts) == 1:
        return parts[0][1]
    body: list[str] = []
    for n, (question, reply) in enumerate(parts):
        body.append(f"**问题{ORDINALS[n] if n < len(ORDINALS) else n + 1}：{question}**")
        lead = reply.not_covered or (reply.headline.text if reply.headline else "")
        if lead:
            body.append(lead)
        body += reply.body
        if reply.follow_up and reply.follow_up not in body:
            body.append(f"还需要知道：{reply.follow_up}")
    units: dict[str, list[str]] = {}
    for _, reply in parts:
        for line in reply.unit_lines:
            units.setdefault(line.clause, [])
            units[line.clause] += [u for u in line.units if u not in units[line.clause]]
    follow = next((r.follow_up for _, r in parts if r.follow_up), None)
    return Reply(
        intent=parts[0][1].intent,
        headline=Headline(text=f"您问了{len(parts)}个问题，下面逐一回答。", verdict="info"),
        body=body,
        steps=[s for _, r in parts for s in r.steps],
        conditions=[c for _, r in parts for c in r.conditions],
        citations=[c for _, r in parts for c in r.citations],
        unit_lines=[UnitLine(clause=c, units=u) for c, u in units.items() if u],
        caveats=list(dict.fromkeys(c for _, r in parts for c in r.caveats)),
        follow_up=follow,
        matters=[m for _, r in parts for m in r.matters],
        awards=_once([r.awards for _, r in parts]),
        retrieved=parts[0][1].retrieved,
        details=[d for _, r in parts for d in r.details],
    )


def _once(per_part: list[list[AwardSummary]]) -> list[AwardSummary]:
    """A later part that shows the case again ("另外政策到哪年截止") repeats an award an
    earlier part gave; it is one award, counted once. Equal awards inside one part are
    matters of their own (four people's training at 7.5k each): each kept."""
    kept: dict[tuple, int] = {}
    out = []
    for awards in per_part:
        here: dict[tuple, int] = {}
        for a in awards:
            key = (a.clause, a.measure, a.amount_yuan, tuple(a.steps))
            here[key] = here.get(key, 0) + 1
            if here[key] > kept.get(key, 0):
                kept[key] = here[key]
                out.append(a)
    return out


__all__ = ["combine"]
