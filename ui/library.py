"""文库: the documents with their metadata and passage counts, uploads, removal, index statistics and the
model settings."""

from __future__ import annotations

import streamlit as st

from config import IndexerSettings, settings
from config.errors import GovqaError
from retrieval.llm.settings import llama_cpp_installed, local_model_path
from ui import backends, indexing, state
from ui import components as c
from ui.components import md
from ui.empty import explain_open_error, no_index

UPLOADER_KEY = "uploader_round"  # bumping it gives a fresh, empty uploader after a successful upload
RESULT_KEY = "upload_result"


def _uploader() -> None:
    st.markdown("##### 上传报告")
    st.caption("支持 .txt .md .html .pdf .docx 以及扫描件(.png .jpg .tif,自动文字识别),可一次选择多个文件。"
               "上传后立即建立索引,无需重启。")
    round_ = st.session_state.get(UPLOADER_KEY, 0)
    files = st.file_uploader(
        "上传报告", type=indexing.UPLOAD_TYPES, accept_multiple_files=True, key=f"uploader_{round_}",
        label_visibility="collapsed", help="同名文件会替换原来的版本。",
    )
    if st.button("加入文库并建立索引", type="primary", disabled=not files, key="upload_go"):
        try:
            outcome = indexing.add_uploads(list(files or []))
        except GovqaError as error:
            st.error(indexing.build_error_message(error))
            return
        st.session_state[RESULT_KEY] = outcome
        st.session_state[UPLOADER_KEY] = round_ + 1
        st.rerun()
    outcome: indexing.UploadOutcome | None = st.session_state.get(RESULT_KEY)
    if outcome is not None:
        done = outcome.added + outcome.updated
        if done:
            st.success(f"已加入索引:{md('、'.join(done))}", icon=":material/check_circle:")
        if outcome.unchanged:
            st.info(f"内容没有变化,无需重建:{md('、'.join(outcome.unchanged))}")
        for name, reason in outcome.failed:
            st.error(f"**{md(name)}** 未能加入:{md(reason)}", icon=":material/error:")
        if outcome.failed and done:
            st.caption("其余文件不受影响,已正常加入。")


def _documents(resources: state.Resources) -> None:
    with resources.reading() as retrieval:
        documents = retrieval.documents()
    st.markdown(f"##### 已收录的报告({len(documents)} 份)")
    if not documents:
        st.info("文库是空的:上传报告后即可提问。", icon=":material/inbox:")
        return
    st.dataframe(
        [
            {
                "标题": d.title, "地区": d.region or "—", "年份": d.year, "发布日期": d.publish_date or "—",
                "段落数": d.n_chunks, "格式": d.format, "来源": d.source,
                "原文": c.document_url(d.doc_id),
            }
            for d in documents
        ],
        hide_index=True, width="stretch",
        column_config={
            "年份": st.column_config.NumberColumn(format="%d"),
            "原文": st.column_config.LinkColumn(display_text="阅读"),
        },
    )
    titles = {d.doc_id: f"{d.title}({d.source})" for d in documents}
    with st.expander("删除文档", icon=":material/delete:"):
        doc_id = st.selectbox("要删除的文档", list(titles), format_func=titles.get, index=None,
                              placeholder="选择文档", key="remove_pick")
        sure = st.checkbox("确认从索引中删除(上传的文件也会一并删除)", key="remove_sure")
        if st.button("删除", disabled=not (doc_id and sure), key="remove_go"):
            try:
                indexing.remove_document(str(doc_id))
            except GovqaError as error:
                st.error(indexing.build_error_message(error))
                return
            st.session_state.pop("remove_pick", None)
            st.session_state.pop("remove_sure", None)
            st.toast(f"已删除:{md(titles[str(doc_id)])}", icon=":material/delete:")
            st.rerun()


def _statistics(resources: state.Resources | None, config: IndexerSettings) -> None:
    """Index statistics as metrics, then the settings behind them (for whoever maintains the machine)."""
    if resources is not None:
        with resources.reading() as retrieval:
            manifest = retrieval.index.manifest
            version = retrieval.index.version
            store = retrieval.index.store.kind
            n_docs = len(retrieval.documents())
        cols = st.columns(4)
        cols[0].metric("报告", n_docs)
        cols[1].metric("段落", manifest.n_chunks)
        cols[2].metric("向量维度", manifest.dimension)
        built = manifest.built_at.replace("T", " ")
        cols[3].metric("索引更新于", built[:10], help=f"{built[:16]}(UTC)")
    llm = settings().llm
    choice = backends.backend_for(llm.backend)
    with st.expander("模型与索引设置"):
        lines = [
            f"- 检索模型:`{config.embedding_model}`(每段最长 {config.max_seq_length} 个词元)",
            f"- 切分:每段约 {config.chunk_size} 字,相邻段重叠 {config.chunk_overlap} 字",
            f"- 回答方式(配置):{backends.LABELS.get(llm.backend, llm.backend)} → 实际使用:"
            f"{backends.backend_label(choice.backend)}",
            f"- 本地大模型文件:`{local_model_path(llm)}`"
            f"({'已就绪' if local_model_path(llm).is_file() else '未安装'});"
            f"llama.cpp:{'已安装' if llama_cpp_installed() else '未安装'}",
            f"- OpenAI 兼容接口:`{llm.openai_base_url}`(模型 `{llm.openai_model}`)",
            f"- 上传的文件保存在:`{config.library_dir}`",
        ]
        if resources is not None:
            engine = "Milvus" if store == "milvus" else "FAISS"
            lines.insert(1, f"- 向量索引:{engine} {manifest.vector_store},索引版本 `{version}`")
        st.markdown("\n".join(lines))
        if choice.notice:
            st.caption(choice.notice)


def render() -> None:
    config = state.settings()
    try:
        resources = state.resources()
    except GovqaError as error:
        st.error(explain_open_error(error), icon=":material/warning:")
        st.code(str(error), language=None)
        resources = None
    if resources is None and not state.index_exists(config):
        no_index()
    _statistics(resources, config)
    if resources is not None:
        _documents(resources)
    _uploader()
