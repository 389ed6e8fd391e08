"""政策体检 as a request: validation shared by ``POST /v1/check`` and ``python -m assistant check``.

A body is ``{"applicant", "facts", "matters": [{"rule", "facts"}]}``: the applicant's facts once,
and several items of one measure (two projects, three contracts) each with its own facts. A name
that is not in the vocabulary is refused (422, like an unknown field); a value the calculator
refuses is refused as it is for ``facts`` (400). Messages are Chinese and English.
"""

from __future__ import annotations

import functools
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from assistant.dialogue.facts import APPLICANT_NAMES
from assistant.engine import Assistant
from assistant.nlu.normalize import clean_value, debris_free_value, shown


class CleanModel(BaseModel):
    """A request body read through the edge normaliser: every string in it (keys too) is
    NFKC with format characters, NUL and lone surrogates gone, before any field is checked.
    A number -0 is 0: money and durations never show "-0" (``corpus.parameters.plain``,
    ``calculators.common.quantize``), but a count is echoed as sent (``dialogue.facts.show``:
    ``str(value)``), and -0.0 would come back as "-0.0"."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _normalised(cls, data: Any) -> Any:
        return _no_negative_zero(clean_value(data))


class TypedTextModel(BaseModel):
    """A request body that carries what a person typed (a question, a message): the debris is
    removed (:func:`debris_free`) but nothing is widened or narrowed, so the records and the
    case file keep "，" and "？" as typed; the engine reads it as the chat does."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _debris_free(cls, data: Any) -> Any:
        return debris_free_value(data)


def _no_negative_zero(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _no_negative_zero(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_no_negative_zero(v) for v in value]
    if isinstance(value, float | Decimal) and not isinstance(value, bool) and value == 0:
        return abs(value)
    return value


def _enum(values: Any) -> Any:
    """The schema names the set the server knows (read when the schema is made)."""
    return lambda schema: schema.update(enum=sorted(values()))


def _names(values: Any) -> Any:
    """An object whose keys are from the set the server knows."""
    return lambda schema: schema.update(propertyNames={"enum": sorted(values())})


def rule_ids() -> list[str]:
    from calculators.registry import RULES

    return list(RULES)


# What of a calculator's field schema a client needs; its own keys (ask, label) stay out.
SCHEMA_KEYS = ("type", "enum", "format", "minimum", "maximum", "anyOf", "description")


def _fact_schema(prop: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in prop.items() if k in SCHEMA_KEYS}
    if "anyOf" in out:  # an amount is a JSON number here (the calculators also read its text)
        out["anyOf"] = [o for o in out["anyOf"] if o != {"type": "string"}]
        if len(out["anyOf"]) == 1:
            out.update(out.pop("anyOf")[0])
    return out


def fact_schemas(rule: str | None = None) -> dict[str, dict[str, Any]]:
    """Each fact's JSON schema as the calculators' input models declare it (one rule's, or
    every rule's), so the schema says which values a fact takes, not just its name."""
    from calculators.registry import RULES

    out: dict[str, dict[str, Any]] = {}
    for spec in [RULES[rule]] if rule else RULES.values():
        props = spec.input_model.model_json_schema().get("properties", {})
        for name in spec.facts:
            if name in props:
                out.setdefault(name, _fact_schema(props[name]))
    return dict(sorted(out.items()))


def _facts_object(rule: str | None = None) -> dict[str, Any]:
    return {"type": "object", "properties": fact_schemas(rule), "additionalProperties": False}


def _matter_schema(schema: dict[str, Any]) -> None:
    """One shape per rule: its id and only the facts it takes, with their types."""
    schema.pop("properties", None)
    schema.pop("required", None)
    schema.pop("additionalProperties", None)
    schema["oneOf"] = [
        {
            "type": "object",
            "properties": {"rule": {"const": rule}, "facts": _facts_object(rule)},
            "required": ["rule"],
            "additionalProperties": False,
        }
        for rule in rule_ids()
    ]


class CheckMatter(CleanModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=_matter_schema)
    rule: str = Field(
        description="措施规则 id（见 GET /v1/measures 的 rules[].id），如 major_project",
        json_schema_extra=_enum(rule_ids),
    )
    facts: dict[str, Any] = Field(
        default_factory=dict,
        description="这一项自己的事实（金额以元计）；其余取自 facts",
        json_schema_extra=_names(lambda: known_facts()),
    )


class CheckRequest(CleanModel):
    applicant: str = Field(
        description="主体类型代码，见 GET /v1/measures 的 applicants",
        json_schema_extra=_enum(lambda: APPLICANT_NAMES),
    )
    facts: dict[str, Any] = Field(
        default_factory=dict,
        description="事实名 → 取值（金额以元计）；事实名见 GET /v1/measures 的 facts",
        json_schema_extra=lambda schema: schema.update(_facts_object()),
    )
    matters: list[CheckMatter] = Field(
        default_factory=list,
        max_length=200,
        description="同一措施下的多项（两个项目、三份合同…），每项单独计算，"
        "年度累计上限按原文在各项之间分摊；响应的 matters 每项一条，带 status",
    )


class CheckError(Exception):
    """A request the 体检 cannot take: a status, a code and the message in both languages."""

    def __init__(self, status: int, code: str, zh: str, en: str) -> None:
        super().__init__(en)
        self.status, self.code, self.zh, self.en = status, code, zh, en


def known_facts() -> set[str]:
    from calculators.registry import RULES

    return {name for r in RULES.values() for name in r.facts}


def validate(
    applicant: str, facts: dict[str, Any], matters: list[tuple[str, dict[str, Any]]]
) -> None:
    """Raise :class:`CheckError` for the first problem of the request, in its order."""
    # Every applicant GET /v1/measures lists, the newcomer (个人) included: self_check answers
    # that one with the orientation.
    if applicant not in APPLICANT_NAMES:
        known = sorted(APPLICANT_NAMES)
        raise CheckError(
            400,
            "unknown_applicant",
            f"未知的主体类型「{shown(applicant)}」，可选：{'、'.join(known)}。",
            f"Unknown applicant {shown(applicant)!r}; one of {', '.join(known)}.",
        )
    _refuse_unknown_facts(facts, "未知的事实名", "Unknown fact names")
    _refuse_bad_values(facts, "", "")
    _refuse_by_schema(facts, None, "", "")
    for n, (rule, own) in enumerate(matters, start=1):
        _check_matter(n, rule, own)


@functools.cache
def _validator(rule: str | None) -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(_facts_object(rule))


def _refuse_by_schema(given: dict[str, Any], rule: str | None, zh: str, en: str) -> None:
    """422 for a value of another type than the schema states (a number where a yes/no is
    meant): the calculators would coerce it, and the schema would then not tell the truth."""
    from calculators.facts import label

    for err in _validator(rule).iter_errors(given):
        name = str(err.path[0]) if err.path else ""
        raise CheckError(
            422,
            "invalid_fact_type",
            f"{zh}「{label(name) if name else '事实'}」的取值类型不对（见 /openapi.json）："
            f"{shown(err.message, 120)}",
            f"{en}{shown(name)}: {shown(err.message, 120)}",
        )


def _refuse_bad_values(given: dict[str, Any], zh: str, en: str, rule: str | None = None) -> None:
    """400 for the first value a calculator refuses (negative, too large, not a number, not an
    option), each value tried on its own over stand-ins for the rest, so that a bad value is
    refused here and never reaches the answer (a dict as an amount was a 500 there)."""
    from calculators.errors import InputError, build_input
    from calculators.registry import RULES

    specs = [RULES[rule]] if rule else list(RULES.values())
    for name, value in given.items():
        for spec in specs:
            if name not in spec.facts:
                continue
            stand_in = {
                k: spec.fact(k).neutral_value() for k in spec.facts if spec.fact(k).required
            }
            try:
                build_input(spec.input_model, {**stand_in, name: value})
            except InputError as err:
                if err.field == name:
                    raise CheckError(
                        400, "invalid_fact", f"{zh}{err}", f"{en}{shown(name)} is invalid."
                    ) from None


def _refuse_unknown_facts(given: dict[str, Any], zh: str, en: str) -> None:
    """422 for names no rule takes, the same for the request's facts and each matter's."""
    unknown = [shown(name) for name in sorted(set(given) - known_facts())]
    if unknown:
        raise CheckError(
            422, "unknown_fact", f"{zh}：{'、'.join(unknown)}。", f"{en}: {', '.join(unknown)}."
        )


def _check_matter(n: int, rule: str, own: dict[str, Any]) -> None:
    """The ``n``-th matter names a rule and only facts that rule takes (422 otherwise), with
    values the calculator accepts (400 otherwise, as for ``facts``)."""
    from calculators.registry import RULES

    if rule not in RULES:
        raise CheckError(
            422,
            "unknown_rule",
            f"第 {n} 项的措施「{shown(rule)}」不存在；可用：{'、'.join(RULES)}（见 GET /v1/measures）。",
            f"Matter {n}: unknown rule {shown(rule)!r}; one of {', '.join(RULES)} "
            "(GET /v1/measures).",
        )
    _refuse_unknown_facts(own, f"第 {n} 项有未知的事实名", f"Matter {n} has unknown fact names")
    spec = RULES[rule]
    other = sorted(set(own) - set(spec.facts))
    if other:
        raise CheckError(
            422,
            "fact_not_for_rule",
            f"第 {n} 项（{spec.clause}{spec.name}）用不到这些事实："
            f"{'、'.join(other)}；可用：{'、'.join(spec.facts)}。",
            f"Matter {n} ({rule}) does not take {', '.join(other)}; "
            f"it takes {', '.join(spec.facts)}.",
        )
    # Values are refused as the calculator refuses them for ``facts`` (negative, unknown option):
    # the item's own facts, over stand-ins for the ones it leaves to the applicant's.
    _refuse_bad_values(own, f"第 {n} 项：", f"Matter {n}: ", rule)
    _refuse_by_schema(own, rule, f"第 {n} 项：", f"Matter {n}: ")


def run(engine: Any, body: CheckRequest) -> Any:
    """Validate and check; a value the calculators refuse in ``facts`` is a 400 too."""
    matters = [(m.rule, m.facts) for m in body.matters]
    validate(body.applicant, body.facts, matters)
    reply = engine.self_check(body.applicant, body.facts, matters)
    if reply.intent == "bad_input":
        raise CheckError(400, "invalid_fact", reply.answer, "A fact has an invalid value.")
    return reply


USAGE = (
    '请求应为 {"applicant": "enterprise", "facts": {…}, "matters": [{"rule": "…", "facts": {…}}]}'
)


def cli(source: str, as_json: bool) -> int:
    """``python -m assistant check body.json`` (``-``: stdin): the body ``/v1/check`` takes;
    the reply as JSON or Markdown on stdout, a refused request in Chinese on stderr (exit 2)."""

    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
        body = CheckRequest.model_validate(json.loads(text, parse_float=Decimal))
    except OSError as err:
        print(f"无法读取 {source}：{err.strerror or err}", file=sys.stderr)
        return 2
    except ValueError as err:  # not JSON, or not the shape of a request
        problems = (
            "；".join(
                f"{'.'.join(map(str, e['loc'])) or '请求'}（{e['msg']}）" for e in err.errors()
            )
            if isinstance(err, ValidationError)
            else f"不是有效的 JSON（{err}）"
        )
        print(f"{USAGE}。问题：{problems}", file=sys.stderr)
        return 2
    try:
        reply = run(Assistant(retriever=None), body)  # a 体检 reads no index
    except CheckError as err:
        print(err.zh, file=sys.stderr)
        return 2
    if as_json:
        print(json.dumps(reply.to_json_dict(), ensure_ascii=False), flush=True)
    else:
        print(reply.answer, flush=True)
    return 0
