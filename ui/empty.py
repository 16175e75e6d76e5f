"""Empty and error states, explained in plain Chinese, and the guard every index-backed page starts with."""

from __future__ import annotations

import streamlit as st

from config.errors import GovqaError
from ui import indexing, messages, state
from ui.components import md


def explain_open_error(error: GovqaError) -> str:
    return messages.explain_error(error, fallback="打开索引时出错")


def require_resources() -> state.Resources:
    """The shared index, or — when there is none or it cannot be opened — an explanation and st.stop()."""
    try:
        resources = state.resources()
    except GovqaError as error:
        st.error(explain_open_error(error), icon=":material/warning:")
        with st.expander("技术细节"):
            st.code(str(error), language=None)
        st.stop()
    if resources is None:
        no_index()
        st.stop()
    return resources


def no_index() -> None:
    config = state.settings()
    st.info(
        "**还没有索引。** 问答、检索和相似举措都需要先把报告建成索引(分段、向量化)。\n\n"
        "- 点下面的按钮,用项目自带的 5 份示例报告(`seeds/`)建立索引,约需一分钟;\n"
        "- 或者到 **文库** 页上传自己的报告(.txt / .html / .pdf / .docx)。",
        icon=":material/library_books:",
    )
    st.caption(f"索引位置:{md(config.index_dir)}")
    if st.button("用示例报告建立索引", type="primary", key="build_seeds"):
        try:
            report = indexing.build_seeds()
        except GovqaError as error:
            st.error(indexing.build_error_message(error))
            return
        for failure in report.failed:
            st.warning(f"{md(failure.source)}:{md(indexing.explain_failure(failure))}")
        if report.failed:  # keep the warnings on screen; the page fills in on the next interaction
            return
        st.toast(f"索引已建立:{report.n_documents} 份报告,{report.n_chunks} 个段落。", icon=":material/check_circle:")
        st.rerun()
