"""One browser session's state: the visitor's conversation, and the hand-over between visitors.

A service window serves one visitor after another on the same screen. Everything a visitor
leaves behind (messages, facts, the 体检 form, ratings) is cleared at hand-over; the previous
visitor's transcript is kept aside, downloadable, until the next visitor's conversation begins.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import streamlit as st

from assistant.dialogue.state import Conversation
from assistant.service.export import conversation_markdown

# Session keys one visitor leaves behind: the 体检 form's fields and the answers' ratings.
VISITOR_KEY_PREFIXES = ("sc_", "fb_", "fbr_")


def new_id() -> str:
    return uuid.uuid4().hex[:12]


def init_state() -> None:
    ss = st.session_state
    ss.setdefault("conv", Conversation())
    ss.setdefault("messages", [])
    ss.setdefault("session_id", new_id())
    ss.setdefault("report", None)
    ss.setdefault("previous", None)  # the last visitor's transcript, until the next one begins
    ss.setdefault("focus_nonce", 0)


def reset() -> None:
    """Ready for the next visitor: conversation, facts, 体检 form and report all cleared.

    The transcript just closed stays downloadable (``previous``) but is never shown or exported
    with the next visitor's conversation.
    """
    ss = st.session_state
    if ss.get("messages"):
        ss.previous = {"messages": list(ss.messages), "at": datetime.now()}
    ss.conv = Conversation()
    ss.messages = []
    ss.session_id = new_id()  # feedback from the next visitor is not grouped with this one's
    ss.report = None
    ss.pop("queued", None)
    for key in [k for k in ss if str(k).startswith(VISITOR_KEY_PREFIXES)]:
        del ss[key]
    request_focus()


def request_focus() -> None:
    """Ask the chat page to put the caret back into the input on its next run."""
    st.session_state.focus_nonce = st.session_state.get("focus_nonce", 0) + 1


def conversation_began() -> None:
    """The new visitor said something of their own: the previous transcript is gone for good."""
    st.session_state.previous = None


def queue_question(question: str) -> None:
    """A starter button: the chat page answers it on the next run (switching page if needed)."""
    st.session_state.queued = question


def messages() -> list[dict[str, Any]]:
    return st.session_state.messages


# ------------------------------------------------------------------ the hand-over's widgets
def next_visitor_button(key: str, **options: Any) -> None:
    """下一位 / 重新开始: the same button in the sidebar and under the last answer."""
    st.button(
        "下一位 / 重新开始", icon=":material/restart_alt:", on_click=reset, key=key, **options
    )


def chat_download(
    label: str,
    transcript: list[dict[str, Any]],
    key: str,
    at: datetime | None = None,
    **options: Any,
) -> None:
    """One conversation as a Markdown download: this visitor's, or the previous one's."""
    moment = at or datetime.now()
    st.download_button(
        label,
        conversation_markdown(transcript, now=moment),
        icon=":material/download:",
        file_name=f"jcg-chat-{moment:%Y%m%d-%H%M}.md",
        mime="text/markdown",
        key=key,
        **options,
    )
