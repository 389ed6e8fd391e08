"""Load the policy's figures from ``parameters.yaml`` and prove each one against the text.

An entry is refused unless its quote is a verbatim substring of its clause and its value is
written in that quote in the text's own notation (0.05 → "5%", 0.0002 → "0.2‰",
1000000 元 → "100万元", 3 years → "三年"/"3年", 2025-01-01 → "2025年1月1日"). So no figure can
drift from the published document without a failing load.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from corpus import yamlfile
from corpus.clauses import Policy, load_policy
from corpus.location import corpus_file

PARAMETERS_FILE = "parameters.yaml"
PARAMETERS_PATH = Path(__file__).with_name(PARAMETERS_FILE)  # the shipped parameters

UNITS = ("yuan", "ratio", "count", "year", "date")
KINDS = ("exact", "up_to")
REQUIRED_KEYS = ("measure", "value", "unit", "kind", "description", "quote")

_CN_DIGITS = "零一二三四五六七八九"
# Measure words the text puts after a count: 不超过10位, 三大产业领域.
_COUNTERS = ("位", "名", "个", "家", "项", "大")
# A figure must not be the tail of a longer one: "5万元" is not found inside "25万元".
_NOT_AFTER = r"(?<![0-9.零一二三四五六七八九十百千万])"

ParamValue = Decimal | int | date


class ParameterError(ValueError):
    """A parameter entry that cannot be proven against the policy text."""


@dataclass(frozen=True)
class Parameter:
    name: str
    measure: str  # clause label: "（三）" … or "附则"
    value: ParamValue  # Decimal for yuan/ratio, int for count/year, date for date
    unit: str
    kind: str  # exact | up_to
    description: str
    quote: str  # verbatim substring of the clause

    @property
    def is_ceiling(self) -> bool:
        return self.kind == "up_to"


# ------------------------------------------------------------------------- notation
def plain(number: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: Decimal("0.50") → "0.5". A zero is "0",
    never "-0" (an input of -0.0)."""
    return format(number.normalize(), "f") if number else "0"


def chinese_numeral(n: int) -> str:
    """0..99 in Chinese numerals as the text writes them: 3 → 三, 10 → 十, 12 → 十二."""
    if not 0 <= n <= 99:
        raise ValueError(n)
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _CN_DIGITS[tens]
    return head + "十" + (_CN_DIGITS[ones] if ones else "")


def notations(value: ParamValue, unit: str) -> list[str]:
    """The ways the policy text may write ``value`` in ``unit``."""
    if unit == "date":
        assert isinstance(value, date)
        return [f"{value.year}年{value.month}月{value.day}日"]
    if unit == "ratio":
        d = Decimal(value)
        return [plain(d * 100) + "%", plain(d * 1000) + "‰"]
    if unit == "yuan":
        d = Decimal(value)
        forms = [plain(d) + "元"]
        if d >= 10_000:
            forms.append(plain(d / 10_000) + "万元")
        if d >= 100_000_000:
            forms.append(plain(d / 100_000_000) + "亿元")
        return forms
    n = int(value)
    numerals = [str(n)] + ([chinese_numeral(n)] if 0 <= n <= 99 else [])
    if unit == "year":
        return [f"{x}年" for x in numerals]
    if unit == "count":
        return [f"{x}{w}" for x in numerals for w in _COUNTERS]
    raise ParameterError(f"未知单位 {unit!r}")


def written_in(value: ParamValue, unit: str, quote: str) -> bool:
    """True when ``quote`` writes ``value`` in one of its notations, as a whole figure."""
    return any(re.search(_NOT_AFTER + re.escape(form), quote) for form in notations(value, unit))


# ------------------------------------------------------------------------- loading
class _DecimalLoader(yamlfile.SafeLoader):  # type: ignore[misc, valid-type]
    """YAML floats become Decimal: no binary float ever holds a policy figure."""


def _decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    try:
        return Decimal(loader.construct_scalar(node).replace("_", ""))
    except InvalidOperation as err:  # .inf / .nan
        raise ParameterError(f"无法解析的数值 {node.value!r}") from err


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _decimal)


def _coerce(name: str, raw: Any, unit: str) -> ParamValue:
    if unit == "date":
        if not isinstance(raw, date):
            raise ParameterError(f"参数 {name}：单位为 date，value 须为 ISO 日期")
        return raw
    if isinstance(raw, bool) or not isinstance(raw, int | Decimal):
        raise ParameterError(f"参数 {name}：value 须为数字，得到 {raw!r}")
    value = Decimal(raw)
    if not value.is_finite() or value < 0:
        raise ParameterError(f"参数 {name}：value 须为非负有限数")
    if unit in ("count", "year"):
        if value != value.to_integral_value():
            raise ParameterError(f"参数 {name}：{unit} 须为整数")
        return int(value)
    return value


def _build(name: str, entry: Any, policy: Policy) -> Parameter:
    if not isinstance(entry, dict):
        raise ParameterError(f"参数 {name}：条目须为映射")
    missing = [k for k in REQUIRED_KEYS if entry.get(k) in (None, "")]
    if missing:
        raise ParameterError(f"参数 {name}：缺少 {', '.join(missing)}")
    unit, kind, quote = entry["unit"], entry["kind"], str(entry["quote"])
    if unit not in UNITS:
        raise ParameterError(f"参数 {name}：未知单位 {unit!r}，可选 {UNITS}")
    if kind not in KINDS:
        raise ParameterError(f"参数 {name}：kind 须为 {KINDS} 之一")
    try:
        clause = policy.clause(str(entry["measure"]))
    except KeyError as err:
        raise ParameterError(f"参数 {name}：条款 {entry['measure']!r} 不存在") from err
    if quote not in policy.text:
        raise ParameterError(f"参数 {name}：引文不在政策原文中：{quote!r}")
    if quote not in clause.body:
        raise ParameterError(f"参数 {name}：引文不在条款 {clause.label} 中：{quote!r}")
    value = _coerce(name, entry["value"], unit)
    if not written_in(value, unit, quote):
        forms = " / ".join(notations(value, unit))
        raise ParameterError(f"参数 {name}：引文中找不到数值 {forms}：{quote!r}")
    return Parameter(
        name=name,
        measure=clause.label,
        value=value,
        unit=unit,
        kind=kind,
        description=str(entry["description"]),
        quote=quote,
    )


def _load(path: Path, policy: Policy) -> dict[str, Parameter]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_DecimalLoader)
    if not isinstance(data, dict):
        raise ParameterError(f"{path}：顶层须为映射")
    return {str(name): _build(str(name), entry, policy) for name, entry in data.items()}


@cache
def _loaded(path: Path) -> dict[str, Parameter]:
    return _load(path, load_policy())


def load_parameters(
    path: Path | str | None = None, policy: Policy | None = None
) -> dict[str, Parameter]:
    """All parameters by name; raises :class:`ParameterError` on any unprovable entry."""
    if policy is not None:
        return _load(Path(path or corpus_file(PARAMETERS_FILE)), policy)
    return dict(_loaded(Path(path or corpus_file(PARAMETERS_FILE))))


def get(name: str) -> Parameter:
    params = _loaded(corpus_file(PARAMETERS_FILE))
    if name not in params:
        raise KeyError(f"未定义的参数 {name!r}")
    return params[name]
