"""The fact vocabulary: each fact the calculators take, declared once in ``corpus/facts.yaml``.

A fact used to be a field written on every input model that took it, so one fact could carry
several labels and questions. Now each fact is one entry (kind, unit, label, question, options
with their Chinese names), :meth:`Fact.annotation` makes it an ``Annotated`` pydantic type, and
:mod:`calculators.inputs` composes the input models from these types. Everything outside
``calculators/`` reads a fact's wording here or through the Rule API, never from pydantic fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field

from corpus import yamlfile
from corpus.location import corpus_file
from corpus.measures import load_measures

FACTS_FILE = "facts.yaml"

# A sanity bound, not policy: no contract, allocation or revenue here reaches 1万亿元.
ABSURD_YUAN = Decimal("1e12")
Yuan = Annotated[Decimal, Field(ge=0, le=ABSURD_YUAN, allow_inf_nan=False)]

KINDS = ("yuan", "bool", "choice", "date", "count", "number")
_REQUIRED = object()  # the default of a fact the calculator cannot run without


class FactsError(ValueError):
    """An entry of facts.yaml that cannot be a fact (unknown kind, clashing option names…)."""


@dataclass(frozen=True)
class Fact:
    """One fact as corpus/facts.yaml declares it; the only place its wording lives."""

    name: str
    label: str
    question: str
    description: str
    kind: str  # one of KINDS
    options: tuple[str, ...] = ()  # the values a choice may take, in the order they are offered
    option_names: tuple[str, ...] = ()  # their Chinese names, in the same order
    unit: str = ""  # 元 for sums; 年, 人 … for numbers and counts
    maximum: int | None = None  # a sanity bound for counts and numbers, not policy
    default: Any = _REQUIRED
    # The range a sum said for this fact plausibly falls in (元), not policy: a figure outside
    # it is more likely misread (a rate taken as money, a 万 lost) than meant, so the reply
    # gate asks before answering on it (assistant/answer/gate.py).
    plausible: tuple[Decimal, Decimal] | None = None

    @property
    def required(self) -> bool:
        return self.default is _REQUIRED

    def name_of(self, value: Any) -> str:
        """A value as a person reads it: ``pilot_base`` → 中试基地."""
        names = dict(zip(self.options, self.option_names, strict=True))
        return names.get(str(value), str(value))

    def neutral_value(self) -> Any:
        """A valid stand-in for this fact, used only to see whether stated facts fail a rule."""
        if self.options:
            return self.options[0]
        # A yes/no stand-in is "met" (only stated facts may fail a rule); an unknown date is
        # no date at all. Neither may be a number, or the calculator refuses it as bad input.
        return {"count": 1, "bool": True, "date": None}.get(self.kind, Decimal(0))

    @property
    def annotation(self) -> Any:
        """The pydantic type of this fact, carrying its description, label and question."""
        value: Any = {
            "yuan": Yuan,
            "bool": bool,
            "date": date,
            "count": Annotated[int, Field(ge=0, le=self.maximum)],
            "number": Annotated[Decimal, Field(ge=0, le=self.maximum)],
        }.get(self.kind)
        if self.kind == "choice":
            value = Literal[self.options]  # type: ignore[valid-type]
        if self.default is None:
            value = value | None
        extra = {"ask": self.question, "label": self.label}
        return Annotated[value, Field(description=self.description, json_schema_extra=extra)]


def _fact(name: str, spec: dict[str, Any]) -> Fact:
    kind = spec.get("kind")
    if kind not in KINDS:
        raise FactsError(f"事实 {name!r} 的 kind 须为 {KINDS} 之一，得到 {kind!r}")
    options = {str(k): str(v) for k, v in (spec.get("options") or {}).items()}
    if (kind == "choice") != bool(options):
        raise FactsError(f"事实 {name!r}：choice 须列出 options，其他类型不能有 options")
    default = spec.get("default", _REQUIRED)
    if default not in (None, _REQUIRED):
        default = Decimal(default) if kind == "yuan" else default
    return Fact(
        name=name,
        label=str(spec["label"]),
        question=str(spec["ask"]),
        description=str(spec.get("description") or spec["label"]),
        kind=kind,
        options=tuple(options),
        option_names=tuple(options.values()),
        unit=str(spec.get("unit") or ("元" if kind == "yuan" else "")),
        maximum=int(spec["max"]) if spec.get("max") is not None else None,
        default=default,
        plausible=_plausible(name, spec.get("plausible")),
    )


def _plausible(name: str, span: Any) -> tuple[Decimal, Decimal] | None:
    if span is None:
        return None
    low, high = (Decimal(str(v)) for v in span)
    if not 0 <= low < high:
        raise FactsError(f"事实 {name!r} 的 plausible 须为 [下限, 上限]，下限小于上限")
    return low, high


def _rule_facts() -> dict[str, Fact]:
    """Base amounts a generic rule of measures.yaml names and words itself (a revised policy's
    new sub-rule needs no entry here)."""
    found = {}
    for spec in load_measures().rules.values():
        base, question = spec.extra.get("base"), spec.extra.get("base_question")
        if base and question:
            name = spec.extra.get("base_name", base)
            found[base] = _fact(base, {"kind": "yuan", "label": name, "ask": question})
    return found


@dataclass(frozen=True)
class Vocabulary:
    """corpus/facts.yaml, checked: every fact, and which facts each calculator takes."""

    facts: dict[str, Fact]
    common: tuple[str, ...]  # the facts every rule takes (date, other policy's award)
    inputs: dict[str, dict[str, Any]]  # calculator name → {doc, facts, ask_one_of}
    value_names: dict[str, str]  # every option value → its Chinese name


@cache
def _loaded(path: Path) -> Vocabulary:
    data = yamlfile.read(path)
    facts = {str(k): _fact(str(k), v) for k, v in data["facts"].items()}
    facts = {**_rule_facts(), **facts}
    inputs = {str(k): dict(v) for k, v in data["inputs"].items()}
    for calc, spec in [("common", {"facts": data["common"]}), *inputs.items()]:
        unknown = {*spec["facts"], *(spec.get("ask_one_of") or ())} - set(facts)
        if unknown:
            raise FactsError(f"输入 {calc!r} 使用了未声明的事实：{sorted(unknown)}")
    names: dict[str, str] = {}
    for f in facts.values():
        for value, shown in zip(f.options, f.option_names, strict=True):
            if names.setdefault(value, shown) != shown:
                raise FactsError(f"选项 {value!r} 有两个中文名：{names[value]}、{shown}")
    return Vocabulary(facts, tuple(data["common"]), inputs, names)


def vocabulary(path: Path | None = None) -> Vocabulary:
    """The vocabulary of the corpus directory (see :mod:`corpus.location`), or of ``path``."""
    return _loaded(path or corpus_file(FACTS_FILE))


def fact(name: str) -> Fact | None:
    """The fact called ``name``, or None for an unknown name."""
    return vocabulary().facts.get(name)


def label(name: str) -> str:
    """The one Chinese label of a fact, wherever it is shown (chat, forms, errors, reports)."""
    found = fact(name)
    return found.label if found else name


def value_names() -> dict[str, str]:
    """Every option value → its Chinese name (option values are unique across facts)."""
    return dict(vocabulary().value_names)


def value_name(value: Any) -> str:
    text = str(value)
    return vocabulary().value_names.get(text, text)  # no copy: a step of every award asks
