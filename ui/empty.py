"""Empty and error states, explained in plain Chinese, and the guard every index-backed page starts with."""

from __future__ import annotations

import streamlit as st

from indexer.errors import IndexerError, IndexMismatchError
from ui import indexing, state
from ui.components import md


def explain_open_error(error: IndexerError) -> str:
    text = str(error)
    if isinstance(error, IndexMismatchError):
        return (
            "现有索引是用另一个检索模型(或旧的索引格式)建立的,与当前配置不一致,不能使用。"
            "请在项目目录运行 `make clean-index`,再运行 `make run` 重新建立索引。"
        )
    if "not set up" in text or "embedding model" in text or "not installed" in text:
        return "检索模型还没有安装。请在项目目录运行 `make model`(`make run` 会自动完成),然后刷新本页。"
    return "打开索引时出错。"


def require_resources() -> state.Resources:
    """The shared index, or — when there is none or it cannot be opened — an explanation and st.stop()."""
    try:
        resources = state.resources()
    except IndexerError as error:
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
        except IndexerError as error:
            st.error(indexing.build_error_message(error))
            return
        for source, reason in report.failed:
            st.warning(f"{md(source)}:{md(indexing.explain_failure(reason))}")
        if report.failed:  # keep the warnings on screen; the page fills in on the next interaction
            return
        st.toast(f"索引已建立:{report.n_documents} 份报告,{report.n_chunks} 个段落。", icon=":material/check_circle:")
        st.rerun()
