"""Load ``measures.yaml``: the policy's structure, proven against the parsed text.

Refused on load: a measure label the text lacks, a 责任单位 list that differs from the one the
text gives, an ``addressed`` or ``quote`` that is not verbatim in its clause, a parameter that is
not defined for that clause, an applicant not declared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from corpus import yamlfile
from corpus.clauses import load_policy
from corpus.location import corpus_file
from corpus.parameters import load_parameters

MEASURES_FILE = "measures.yaml"


class MeasuresError(ValueError):
    """An entry of measures.yaml that the policy text does not support."""


@dataclass(frozen=True)
class RuleSpec:
    """A computable part of a measure."""

    id: str
    clause: str
    name: str
    applicants: frozenset[str]
    addressed: str  # the words of the text that name whom it addresses
    calculator: str  # a Python calculator's name, or a generic shape such as rate_with_cap
    parameters: tuple[str, ...]
    speaker: str | None = None  # the applicant a question about this rule implies
    extra: dict[str, Any] = field(default_factory=dict)  # shape-specific settings


@dataclass(frozen=True)
class PartSpec:
    """A part of a measure that sets no figure."""

    key: str  # a clause label, or label + part name ("（三）市本级专项")
    clause: str
    rule: str
    applicants: frozenset[str]
    addressed: str
    description: str
    quote: str  # verbatim; the clause's text before （责任单位：…） unless given


@dataclass(frozen=True)
class Measures:
    applicants: dict[str, str]
    implied_facts: dict[str, dict[str, str]]
    rules: dict[str, RuleSpec]
    parts: dict[str, PartSpec]

    def speaker(self, rule_id: str | None) -> str | None:
        """The applicant a question about this rule implies, if the data names one."""
        return self.rules[rule_id].speaker if rule_id in self.rules else None

    def switched_facts(self, switch: RuleSpec, facts: dict[str, Any]) -> dict[str, Any]:
        """Facts said under the rule ``switch`` leaves, named as ``switch`` takes them (the
        contract kind, which chose the switch, dropped)."""
        rename = switch.extra["switch_from"].get("rename", {})
        return {rename.get(k, k): v for k, v in facts.items() if k != "contract_type"}

    def switch_for(self, rule_id: str | None, contract_type: Any) -> RuleSpec | None:
        """The rule a contract kind moves to from ``rule_id`` (（五）: 技术服务 → its 2nd part)."""
        for rule in self.rules.values():
            switch = rule.extra.get("switch_from") or {}
            if switch.get("rule") == rule_id and contract_type in switch.get("contract_types", ()):
                return rule
        return None


_RULE_KEYS = {"name", "applicants", "addressed", "calculator", "parameters", "speaker"}


def _check_quote(label: str, text: str, what: str) -> str:
    if text not in load_policy().clause(label).body:
        raise MeasuresError(f"{label} 的 {what} 不在条款原文中：{text!r}")
    return text


def _applicants(label: str, raw: Any, known: dict[str, str]) -> frozenset[str]:
    who = frozenset(raw or ())
    if not who or not who <= set(known):
        raise MeasuresError(f"{label}：适用主体须为 {sorted(known)} 中的一个或多个，得到 {raw!r}")
    return who


def _addressed(label: str, key: str, spec: dict, known: dict[str, str]) -> dict[str, Any]:
    """Whom a rule or part addresses, and the text's words that say so (checked)."""
    return {
        "applicants": _applicants(key, spec["applicants"], known),
        "addressed": _check_quote(label, spec["addressed"], "适用对象引文"),
    }


def _load(path: Path) -> Measures:
    data = yamlfile.read(path)
    policy, params = load_policy(), load_parameters()
    known = {str(k): str(v) for k, v in data["applicants"].items()}
    rules: dict[str, RuleSpec] = {}
    parts: dict[str, PartSpec] = {}
    for label, measure in data["measures"].items():
        if label not in policy.labels():
            raise MeasuresError(f"条款 {label!r} 不在政策原文中")
        clause = policy.clause(label)
        if list(measure.get("units") or []) != list(clause.units):
            raise MeasuresError(f"{label} 的责任单位与原文不一致：原文为 {list(clause.units)}")
        for rule_id, spec in (measure.get("rules") or {}).items():
            for name in spec["parameters"]:
                if name not in params or params[name].measure != label:
                    raise MeasuresError(f"规则 {rule_id}：参数 {name!r} 未在 {label} 中定义")
            for key in ("rate", "cap"):
                if key in spec and spec[key] not in spec["parameters"]:
                    raise MeasuresError(f"规则 {rule_id}：{key} {spec[key]!r} 不在其 parameters 中")
            rules[rule_id] = RuleSpec(
                id=rule_id,
                clause=label,
                name=spec["name"],
                **_addressed(label, rule_id, spec, known),
                calculator=spec.get("calculator", rule_id),
                parameters=tuple(spec["parameters"]),
                speaker=spec.get("speaker"),
                extra={k: v for k, v in spec.items() if k not in _RULE_KEYS},
            )
        for key, spec in (measure.get("parts") or {}).items():
            quote = spec.get("quote") or clause.body.split("（责任单位")[0].strip()
            parts[key] = PartSpec(
                key=key,
                clause=label,
                rule=spec["rule"],
                **_addressed(label, key, spec, known),
                description=spec["description"],
                quote=_check_quote(label, quote, "引文"),
            )
    implied = {str(k): dict(v) for k, v in (data.get("implied_facts") or {}).items()}
    return Measures(known, implied, rules, parts)


@cache
def _loaded(path: Path) -> Measures:
    return _load(path)


def load_measures(path: Path | None = None) -> Measures:
    """The measures of the corpus directory (see :mod:`corpus.location`)."""
    return _loaded(path or corpus_file(MEASURES_FILE))
