"""The page header: the assistant's name and the policy stamp in one line each.

On a 390×844 phone the conversation must start on the first screen, so the stamp is a single
caption with the 附则 sentence as its tooltip, not a bordered box.
"""

from __future__ import annotations

import streamlit as st

from assistant.answer import presentation as pres


def header(subtitle: str | None = None) -> None:
    title = "晋创谷·晋中 政策助手" + (f" · {subtitle}" if subtitle else "")
    st.subheader(title, anchor=False)
    s = pres.stamp()
    st.caption(
        f":material/gavel: 《{s.title}》　有效期 **{s.validity}**　·　{pres.ESTIMATE_NOTE}",
        help=f"附则：{s.validity_sentence}",
    )
