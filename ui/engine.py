"""The engine, built once per server process and shared by every session and page."""

from __future__ import annotations

from typing import Any

import streamlit as st

from assistant.dialogue.facts import APPLICANT_NAMES
from assistant.engine import Assistant

LOADING = "首次启动：正在加载政策索引和向量模型，请稍候…"


@st.cache_resource(show_spinner=LOADING)
def get_assistant() -> Any:

    return Assistant.default()


def applicant_names() -> dict[str, str]:

    return APPLICANT_NAMES
