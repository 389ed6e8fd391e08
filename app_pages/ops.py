"""运营看板: what people ask, what was rated wrong, what was not understood (for supervisors).

Registered by app.py only when a passcode is configured (``JCG_OPS_PASSCODE_HASH`` or
``JCG_OPS_PASSCODE``); the page checks it again itself (hashed, constant-time) so it never
shows records to someone who reaches the file another way. Reads everything from the records
database (:mod:`assistant.service.records`), so every app instance and API worker shows up here.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import streamlit as st

from assistant.service.config import check_passcode, load_config
from assistant.service.records import OUTCOME_NAMES, OUTCOMES, REASONS, get_records
from assistant.service.records.export import turns_csv
from assistant.service.records.store import LOCAL_TZ, Window
from corpus.clauses import load_policy
from ui import browser

ALL = "全部措施"
DEFAULT_DAYS = 30
LIST_LIMIT = 50  # rows of each list shown; the CSV export has everything


def local(moment: datetime) -> datetime:
    return moment.astimezone(LOCAL_TZ)


def gate() -> bool:
    """True once this session typed the passcode; no passcode configured → no page at all."""
    stored = load_config().ops_passcode_hash
    if not stored:
        st.error("运营看板未启用（未配置口令）。")
        return False
    if st.session_state.get("ops_ok"):
        return True
    st.subheader("运营看板", anchor=False)
    with st.form("ops_login"):
        typed = st.text_input("口令", type="password", key="ops_passcode")
        if st.form_submit_button("进入"):
            if check_passcode(typed, stored):
                st.session_state.ops_ok = True
                st.rerun()
            st.error("口令不对。")
    return False


def filters() -> tuple[date, date, str | None]:
    today = datetime.now(LOCAL_TZ).date()
    labels = load_policy().labels()
    with st.container(horizontal=True, gap="small"):
        chosen = st.date_input(
            "日期范围",
            value=(today - timedelta(days=DEFAULT_DAYS - 1), today),
            max_value=today,
            key="ops_dates",
        )
        measure = st.selectbox("措施", [ALL, *labels], key="ops_measure")
    start, end = chosen if isinstance(chosen, tuple) and len(chosen) == 2 else (chosen, chosen)
    return start, end, None if measure == ALL else measure


def charts(turns: list[dict[str, Any]], start: date, end: date) -> None:
    import pandas as pd

    days = pd.date_range(start, end, freq="D").date
    per_day = {d: 0 for d in days}
    for t in turns:
        per_day[local(t["created_at"]).date()] = per_day.get(local(t["created_at"]).date(), 0) + 1
    st.markdown("**每日咨询量**")
    st.bar_chart(
        pd.DataFrame({"日期": [d.isoformat() for d in per_day], "咨询量": list(per_day.values())}),
        x="日期",
        y="咨询量",
        height=220,
    )
    order = load_policy().labels()
    per_clause = {label: 0 for label in order}
    for t in turns:
        for clause in set(t["clauses"]):
            if clause in per_clause:
                per_clause[clause] += 1
    st.markdown("**各措施咨询量**（一次咨询可涉及多条）")
    st.bar_chart(
        pd.DataFrame({"措施": list(per_clause), "咨询量": list(per_clause.values())}),
        x="措施",
        y="咨询量",
        sort=False,
        height=220,
    )
    total = len(turns) or 1
    shares = {o: sum(t["outcome"] == o for t in turns) for o in OUTCOMES}
    st.markdown("**答复结果占比**")
    st.dataframe(
        pd.DataFrame(
            {
                "结果": [OUTCOME_NAMES[o] for o in OUTCOMES],
                "次数": [shares[o] for o in OUTCOMES],
                "占比": [f"{shares[o] / total:.0%}" for o in OUTCOMES],
            }
        ),
        hide_index=True,
    )


def show_turn(turn_id: str) -> None:
    records = get_records()
    turn = records.turn(turn_id)
    if turn is None:
        st.warning("这条记录已不存在。")
        return
    with st.container(border=True, key="ops_turn_detail"):
        st.markdown(
            f"**完整记录** · {local(turn['created_at']):%Y-%m-%d %H:%M} · {turn['channel']}"
        )
        thread = (
            records.conversation_turns(turn["conversation_id"])
            if turn["conversation_id"]
            else [turn]
        )
        for t in thread:
            mark = "▶ " if t["id"] == turn_id else ""
            with st.chat_message("user"):
                st.markdown(mark + (t["question"] or "*（原文按保存期限已删除）*"))
            with st.chat_message("assistant"):
                st.markdown(t["answer"] or "*（答复原文按保存期限已删除）*")
                st.caption(
                    f"意图 {t['intent']} · 结果 {OUTCOME_NAMES.get(t['outcome'], t['outcome'])} · "
                    f"条款 {'、'.join(t['clauses']) or '无'} · {t['latency_ms']:.0f} ms · "
                    f"引擎 {t['engine_version']}"
                )
        browser.scroll_to_key("ops_turn_detail", turn_id)  # opened in sight, not far above
        if st.button("关闭", key="ops_close_turn"):
            st.session_state.ops_turn = None
            st.rerun()


def turn_list(title: str, rows: list[dict[str, Any]], key: str, extra: Any = None) -> None:
    st.markdown(f"**{title}**（{len(rows)}）")
    if not rows:
        st.caption("没有。")
    for i, row in enumerate(rows[:LIST_LIMIT]):
        turn_id = row.get("turn_id") or row.get("id")
        with st.container(horizontal=True, gap="small", vertical_alignment="center"):
            text = row.get("question") or "（原文已删除）"
            note = extra(row) if extra else ""
            st.markdown(
                f"{local(row['created_at']):%m-%d %H:%M}　{text[:60]}{note}", width="stretch"
            )
            if st.button("查看", key=f"{key}_{i}", icon=":material/open_in_full:"):
                st.session_state.ops_turn = turn_id
                st.rerun()
    if len(rows) > LIST_LIMIT:
        st.caption(f"只列出最近 {LIST_LIMIT} 条，完整数据请导出 CSV。")


def index_notice() -> str | None:
    """What the operator must know about retrieval (the visitor is never told): an in-memory
    index (read-only or full data dir) or an unreachable Chroma server."""
    from assistant.retrieval.hybrid import status

    state = status()
    if state.get("notice"):
        return str(state["notice"])
    if state and not state.get("available", True):
        return f"向量检索暂不可用（{state.get('last_error')}），回答仍按关键词与 BM25 检索给出。"
    return None


def dashboard() -> None:
    st.subheader("运营看板", anchor=False)
    if notice := index_notice():
        st.warning(notice, icon=":material/storage:")
    records = get_records()
    records.apply_retention()
    window = Window(*filters())
    turns = records.turns(window)
    feedback = records.feedback(window)
    votes = {f["turn_id"]: f for f in feedback if f["turn_id"]}
    downs = [f for f in feedback if f["vote"] == "down"]
    not_understood = [t for t in turns if t["outcome"] == "none_found"]

    with st.container(horizontal=True):
        st.metric("咨询次数", len(turns))
        st.metric("对话数", len({t["conversation_id"] for t in turns if t["conversation_id"]}))
        st.metric("差评（👎）次数", len(downs))
        st.metric("未能理解", len(not_understood))
    st.download_button(
        "导出 CSV",
        turns_csv(turns, votes),
        file_name=f"jcg-records-{window.start:%Y%m%d}-{window.end:%Y%m%d}.csv",
        mime="text/csv",
        icon=":material/download:",
        key="ops_export",
    )
    if st.session_state.get("ops_turn"):
        show_turn(st.session_state.ops_turn)
    charts(turns, window.start, window.end)

    def reason(row: dict[str, Any]) -> str:
        words = REASONS.get(row.get("reason") or "", "")
        comment = row.get("comment") or ""
        return "　" + "　".join(x for x in (f"原因：{words}" if words else "", comment) if x)

    turn_list("差评（👎）的答复", downs, "ops_down", reason)
    turn_list("未能理解的消息", not_understood, "ops_nu")


if gate():
    dashboard()
