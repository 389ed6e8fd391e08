"""Bad input becomes one clear Chinese sentence that names the field, never a traceback."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from calculators.facts import fact, value_name
from calculators.facts import label as fact_label

M = TypeVar("M", bound=BaseModel)

_NUMBER_ERRORS = {
    "decimal_parsing",
    "decimal_type",
    "float_parsing",
    "float_type",
    "int_parsing",
    "int_type",
    "finite_number",
    "decimal_max_digits",
    "decimal_max_places",
    "decimal_whole_digits",
}
_BOOL_ERRORS = {"bool_parsing", "bool_type"}
_DATE_ERRORS = {
    "date_parsing",
    "date_type",
    "date_from_datetime_parsing",
    "date_from_datetime_inexact",
    "date_past",
    "date_future",
}


class InputError(ValueError):
    """Invalid calculator input; ``str(err)`` is the message to show the user."""

    def __init__(self, message: str, field: str | None = None, label: str | None = None):
        super().__init__(message)
        self.field = field
        self.label = label


def _message(err: dict[str, Any]) -> tuple[str, str, str]:
    name = str(err["loc"][0]) if err.get("loc") else ""
    label = fact_label(name)
    kind = err.get("type", "")
    given = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "missing" or given is None:
        return name, label, f"缺少「{label}」，请补充。"
    if kind in ("greater_than_equal", "greater_than"):
        return name, label, f"「{label}」不能为负数，请重新输入。"
    if kind in ("less_than_equal", "less_than"):
        if name.endswith("_yuan"):
            return name, label, f"「{label}」数额过大（超过1万亿元），请核实后重新输入。"
        limit = ctx.get("le", ctx.get("lt"))
        return name, label, f"「{label}」数值过大（不能超过{limit}），请核实后重新输入。"
    if kind == "int_from_float":
        return name, label, f"「{label}」应为整数，请重新输入。"
    if kind in _NUMBER_ERRORS:
        return name, label, f"「{label}」应为数字（如 800000），您输入的是「{given}」，请重新输入。"
    if kind in _BOOL_ERRORS:
        return name, label, f"「{label}」应回答“是”或“否”，请重新输入。"
    if kind in _DATE_ERRORS:
        return name, label, f"「{label}」应为日期（如 2025-06-30），请重新输入。"
    if kind in ("literal_error", "enum"):
        declared = fact(name)
        options = "、".join(value_name(v) for v in (declared.options if declared else ()))
        shown = value_name(given)
        # Said by the user as a real thing ("市级孵化器"), not a typing mistake: the clause
        # simply does not cover it.
        return (
            name,
            label,
            f"按原文，本条的「{label}」只包括{options}；「{shown}」不在本条范围内，本条没有对应的奖补。",
        )
    return name, label, f"「{label}」输入无效，请重新输入。"


def build_input(model_cls: type[M], data: Any) -> M:
    """Validate ``data`` into ``model_cls``; any problem raises :class:`InputError`."""
    if not isinstance(data, dict):
        raise InputError("输入应为“字段: 取值”的形式，请重新输入。")
    try:
        return model_cls.model_validate(data)
    except ValidationError as exc:
        messages = [_message(e) for e in exc.errors()]
        name, label, _ = messages[0]
        text = " ".join(dict.fromkeys(m for _, _, m in messages))
        raise InputError(text, field=name, label=label) from None
