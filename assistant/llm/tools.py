"""The calculators as LangChain tools, for an optional LLM to call.

The pydantic input models are the single source of each tool's argument names, types and
Chinese descriptions.
"""

from __future__ import annotations

from functools import cache

from langchain_core.tools import StructuredTool

from calculators.errors import InputError
from calculators.registry import RULES, Rule, compute


def _runner(rule: Rule):
    def run(**kwargs) -> str:
        try:
            return compute(rule.id, kwargs).model_dump_json()
        except InputError as err:
            return f"输入有误：{err}"

    return run


@cache
def calculator_tools() -> tuple[StructuredTool, ...]:
    return tuple(
        StructuredTool.from_function(
            func=_runner(rule),
            name=rule.id,
            description=f"{rule.clause}{rule.name}：按政策原文计算奖补金额，返回金额、类型、计算过程和引用。",
            args_schema=rule.input_model,
        )
        for rule in RULES.values()
    )
