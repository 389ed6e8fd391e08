"""One browser session's state: the visitor's conversation, and the hand-over between visitors.

A service window serves one visitor after another on the same screen. Everything a visitor
leaves behind (messages, facts, the 体检 form, ratings) is cleared at hand-over; the previous
visitor's transcript is kept aside, downloadable, until the next visitor's conversation begins.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from typing import Any

import streamlit as st

from assistant.dialogue.state import Conversation
from assistant.service.export import conversation_markdown
from assistant.service.feedback import record_answer
from ui import form_state
from ui.engine import get_assistant

log = logging.getLogger("jcg.app")

# Session keys one visitor leaves behind: the 体检 form's fields (and its store), the answers'
# ratings, and the sidebar's correction form.
VISITOR_KEY_PREFIXES = ("sc_", "fb_", "fbr_", "cf_")
NEXT_SHORTCUT = "Alt+N"
INLINE_RESET = "reset_inline_drawn"  # the chat page drew its own 下一位 button this run


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
    form_state.handed_over(ss.get(form_state.PAGE))
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
    """下一位 / 重新开始: the same button in the sidebar and under the last answer. Alt+N
    presses the one under the last answer when the chat drew it, else the sidebar's: one
    shortcut on every page."""
    if key == "reset_inline":
        st.session_state[INLINE_RESET] = True
        options.setdefault("shortcut", NEXT_SHORTCUT)
    elif not st.session_state.pop(INLINE_RESET, False):
        options.setdefault("shortcut", NEXT_SHORTCUT)
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


# ------------------------------------------------------------------ a correction re-answers
REASK = "能拿多少？"  # the engine's own follow-up: compute again from the case file as it is
CORRECTED_PREFIX = "按更正后的情况："


def has_amount_answer() -> bool:
    """Whether this visitor has an answer with a figure that a correction makes out of date."""
    return any(
        m["role"] == "assistant" and m.get("reply") is not None and m["reply"].awards
        for m in st.session_state.messages
    )


def reanswer(note: str) -> None:
    """After 更正/删除 in 我的情况: the answers so far are marked 已更正 (and stay readable), and
    the answer is computed again from the corrected case file and shown as a new reply that
    says so. Nothing happens before the visitor has an answer with a figure."""
    ss = st.session_state
    if not has_amount_answer():
        return
    for m in ss.messages:
        if m["role"] == "assistant" and not m.get("superseded"):
            m["superseded"] = note
    if not ss.conv.case.matters and not ss.conv.case.shared:
        return  # nothing left to compute: the old answers are marked, no question is asked
    try:
        reply = get_assistant().reply(ss.conv, REASK)
    except Exception:
        log.exception("re-answering after a correction failed")
        return
    if reply.headline is not None:
        reply.headline.text = CORRECTED_PREFIX + reply.headline.text
    reply.render()
    message = {
        "id": new_id(),
        "role": "assistant",
        "question": f"（{note}）",
        "content": reply.answer,
        "reply": reply,
        "correction": note,
    }
    ss.messages.append(message)
    ss.scroll_to = message["id"]
    try:
        record_answer(
            message["question"],
            reply,
            turn_id=message["id"],
            session_id=ss.session_id,
            conversation=ss.conv,
        )
    except Exception:
        log.exception("could not record the re-answer")
