"""The engine, built once per server process and shared by every session and page."""

from __future__ import annotations

from typing import Any

import streamlit as st

LOADING = "首次启动：正在加载政策索引和向量模型，请稍候…"


@st.cache_resource(show_spinner=LOADING)
def get_assistant() -> Any:
    from assistant.engine import Assistant

    return Assistant.default()


def applicant_names() -> dict[str, str]:
    from assistant.engine import APPLICANT_NAMES

    return APPLICANT_NAMES
