"""晋创谷·晋中 政策助手 — Streamlit face (placeholder until the app lands)."""

import streamlit as st

st.set_page_config(page_title="晋创谷·晋中 政策助手", page_icon="🏛️")
st.title("晋创谷·晋中 政策助手")
st.info("应用正在建设中。")
