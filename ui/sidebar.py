"""The sidebar: filters (region, year, document), the answer backend and how many passages to use.

The choices are stored once per run as ``state.Controls`` so every page reads the same values.
"""

from __future__ import annotations

import streamlit as st

from config import settings as project_settings
from retrieval.service import Retrieval
from ui import backends, state


def _top_k_default() -> int:
    # the answer layer's own setting (measured on the dev set), clamped to the slider's range
    return max(1, min(10, project_settings().answer.retrieve_k))


def _prune(key: str, allowed: set) -> None:
    # A selection that no longer exists (document removed in another session) would make the widget fail.
    if key in st.session_state:
        st.session_state[key] = [v for v in st.session_state[key] if v in allowed]


def render(resources: state.Resources | None) -> state.Controls:
    regions: list[str] = []
    years: list[int] = []
    titles: dict[str, str] = {}
    n_passages = 0
    if resources is not None:
        with resources.reading() as retrieval:
            documents = retrieval.documents()
        regions = sorted({d.region for d in documents if d.region})
        years = sorted({d.year for d in documents if d.year}, reverse=True)
        titles = {d.doc_id: d.title for d in documents}
        n_passages = sum(d.n_chunks for d in documents)

    with st.sidebar:
        st.html('<div style="font-size:1.25rem;font-weight:700;margin:-1.5rem 0 .2rem">政府报告问答</div>'
                '<div class="gq-meta">离线 · 回答只依据已收录的报告原文</div>')
        st.markdown("#### 筛选范围")
        chosen_regions: list[str] = []
        chosen_years: list[int] = []
        chosen_docs: list[str] = []
        if resources is None:
            st.caption("建立索引后,可按地区、年份和文档筛选。")
        else:
            _prune("f_regions", set(regions))
            _prune("f_years", set(years))
            _prune("f_docs", set(titles))
            chosen_regions = st.multiselect("地区", regions, key="f_regions", placeholder="全部地区")
            chosen_years = st.multiselect("年份", years, key="f_years", placeholder="全部年份",
                                          format_func=lambda y: f"{y}年")
            chosen_docs = st.multiselect("文档", list(titles), key="f_docs", placeholder="全部文档",
                                         format_func=lambda d: titles.get(d, d))
        st.markdown("#### 回答设置")
        options = list(backends.LABELS)
        configured = backends.configured_backend()
        backend = st.selectbox("回答方式", options, index=options.index(configured) if configured in options else 0,
                               format_func=backends.LABELS.get, key="backend",
                               help="默认使用配置文件中的设置;没有安装大模型时自动改用抽取式。")
        top_k = st.slider("参考段落数", 1, 10, _top_k_default(), key="top_k",
                          help="回答前检索的段落数:多一些更全面,少一些更快、更聚焦。")
        if resources is not None:
            st.caption(f"文库:{len(titles)} 份报告,{n_passages} 个段落")

    controls = state.Controls(
        filters=Retrieval.filters(chosen_regions, chosen_years, chosen_docs), top_k=int(top_k), backend=backend
    )
    state.set_controls(controls)
    return controls


def describe_filters(controls: state.Controls, titles: dict[str, str] | None = None) -> str:
    """The active filters in words, for refusals and empty results ("在 朝天区、2024年 中")."""
    parts = list(controls.filters.regions) + [f"{y}年" for y in controls.filters.years]
    parts += [f"《{(titles or {}).get(d, d)}》" for d in controls.filters.doc_ids]
    return "、".join(parts) if parts else "全部报告"
