"""政策匹配: upload a list of applicants, get each one's measures and amounts (政策找企业).

The work is :mod:`assistant.service.batch`; this page only uploads, shows progress and offers the
template and the result for download.
"""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from assistant.service import batch
from ui.preview import AMOUNT, PREVIEW_HEADERS, preview_rows

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def batch_page() -> None:
    st.subheader("政策匹配", anchor=False)
    st.caption(
        "上传企业/机构清单（每行一个主体），为每个主体列出可能适用的措施、金额（确定或上限）、"
        "待证明的条件和责任单位。金额为依据政策原文的估算，最终以责任单位审核认定为准。"
    )
    with st.container(horizontal=True, gap="small"):
        st.download_button(
            "下载模板（Excel）",
            batch.template_xlsx(),
            file_name="jcg-政策匹配模板.xlsx",
            mime=XLSX,
            icon=":material/download:",
            key="batch_template_xlsx",
        )
        st.download_button(
            "下载模板（CSV）",
            batch.template_csv(),
            file_name="jcg-政策匹配模板.csv",
            mime="text/csv",
            icon=":material/download:",
            key="batch_template_csv",
        )
    upload = st.file_uploader("上传清单（.xlsx 或 .csv）", type=["xlsx", "csv"], key="batch_file")
    if upload is None:
        st.session_state.pop("batch_result", None)
        return
    if st.button("开始匹配", type="primary", key="batch_run", icon=":material/play_arrow:"):
        run(upload.getvalue(), upload.name)
    result = st.session_state.get("batch_result")
    if result is not None:
        show(result)


def run(data: bytes, name: str) -> None:
    bar = st.progress(0.0, text="正在读取…")
    try:
        total = max(1, batch.row_count(data, name))
        result = batch.run_file(
            data,
            name,
            progress=lambda done: bar.progress(
                min(1.0, done / total), text=f"已匹配 {done}/{total} 行"
            ),
        )
    except batch.BatchError as err:
        bar.empty()
        st.error(str(err))
        st.session_state.pop("batch_result", None)
        return
    bar.progress(1.0, text=f"完成：{result.rows} 行")
    st.session_state.batch_result = {
        "summary": result.summary(),
        "errors": [e.__dict__ for e in result.errors],
        "preview": [m.cells() for m in result.matches[:200]],
        "xlsx": batch.result_xlsx(result),
        "csv": batch.result_csv(result),
        "at": datetime.now(),
    }


def show(result: dict) -> None:
    import pandas as pd

    st.dataframe(
        pd.DataFrame(result["summary"], columns=["项目", "数值"]).astype(str), hide_index=True
    )
    stamp = f"{result['at']:%Y%m%d-%H%M}"
    with st.container(horizontal=True, gap="small"):
        st.download_button(
            "下载结果（Excel）",
            result["xlsx"],
            file_name=f"jcg-匹配结果-{stamp}.xlsx",
            mime=XLSX,
            icon=":material/download:",
            key="batch_result_xlsx",
            type="primary",
        )
        st.download_button(
            "下载结果（CSV）",
            result["csv"],
            file_name=f"jcg-匹配结果-{stamp}.csv",
            mime="text/csv",
            icon=":material/download:",
            key="batch_result_csv",
        )
    if result["errors"]:
        st.warning(f"有 {len(result['errors'])} 个单元格有问题（这些行的其他信息仍已计算）：")
        st.dataframe(
            pd.DataFrame(result["errors"]).rename(
                columns={"row": "行号", "column": "列", "value": "单元格内容", "message": "问题"}
            ),
            hide_index=True,
        )
    st.markdown("**结果预览**（前 200 行，完整结果请下载）")
    frame = pd.DataFrame(preview_rows(result["preview"]), columns=PREVIEW_HEADERS)
    st.dataframe(
        frame,
        hide_index=True,
        column_config={
            AMOUNT: st.column_config.TextColumn("金额", width="small", pinned=True),
            "措施": st.column_config.TextColumn(width="medium"),
        },
    )


batch_page()
