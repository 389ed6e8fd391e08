"""What one reply did, in the few words the operations page counts.

``computed`` (an amount or a verdict was worked out), ``asked`` (facts were asked for),
``not_covered`` (the policy does not cover the matter), ``none_found`` (the message was not
understood or nothing matched), ``info`` (clause text, process, validity …).
Read from the structured Reply (headline verdict, matters) when present, else from its fields.
"""

from __future__ import annotations

from typing import Any

OUTCOMES = ("computed", "asked", "not_covered", "none_found", "info")
OUTCOME_NAMES = {
    "computed": "已计算",
    "asked": "追问信息",
    "not_covered": "不在政策范围",
    "none_found": "未能理解/未找到",
    "info": "政策说明",
}
VERDICT_OUTCOME = {
    "amount": "computed",
    "up_to": "computed",
    "zero": "computed",
    "not_eligible": "computed",
    "needs_facts": "asked",
    "not_covered": "not_covered",
    "none_found": "none_found",
    "info": "info",
}
NOT_UNDERSTOOD_INTENTS = frozenset({"unknown", "out_of_scope", "bad_input", "error"})


def outcome_of(reply: dict[str, Any]) -> str:
    headline = reply.get("headline") or {}
    verdict = headline.get("verdict") if isinstance(headline, dict) else None
    if verdict in VERDICT_OUTCOME:
        return VERDICT_OUTCOME[verdict]
    if reply.get("not_covered"):
        return "not_covered"
    awards = reply.get("awards") or []
    if any(a.get("kind") != "no_fixed_amount" for a in awards):
        return "computed"
    if reply.get("follow_up"):
        return "asked"
    intent = reply.get("intent") or ""
    if intent == "out_of_scope":
        return "not_covered"
    if intent in NOT_UNDERSTOOD_INTENTS:
        return "none_found"
    return "info"


def clauses_of(reply: dict[str, Any]) -> list[str]:
    """Clauses the reply is about: cited, computed or listed as matters, in first-seen order."""
    found = [c.get("clause") for c in reply.get("citations") or []]
    found += [a.get("clause") for a in reply.get("awards") or []]
    found += [m.get("clause") for m in reply.get("matters") or []]
    return [c for c in dict.fromkeys(found) if c]


def matters_of(reply: dict[str, Any]) -> list[dict[str, Any]]:
    """Matter statuses from ``reply.matters`` (H9's MatterSummary) when the engine gives them."""
    out = []
    for m in reply.get("matters") or []:
        out.append({k: m.get(k) for k in ("clause", "rule", "label", "status") if k in m})
    return out


def awards_of(reply: dict[str, Any], *, with_amounts: bool = True) -> list[dict[str, Any]]:
    keys = ("clause", "measure", "amount_yuan", "kind") if with_amounts else ("clause", "kind")
    return [{k: a.get(k) for k in keys} for a in reply.get("awards") or []]
