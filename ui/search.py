"""检索: ranked passages with the query's words highlighted, no generated answer — for reading oneself."""

from __future__ import annotations

import streamlit as st

from config.errors import GovqaError
from retrieval.service import Retrieval
from ui import components as c
from ui import sidebar, state
from ui.empty import require_resources

SIZES = [5, 10, 20, 30]


def render() -> None:
    resources = require_resources()
    controls = state.controls()
    left, right = st.columns([5, 1], vertical_alignment="bottom")
    query = left.text_input("检索", key="search_q", label_visibility="collapsed",
                            placeholder="输入关键词或问题,例如:府院联动、行政复议、证明事项告知承诺")
    size = right.selectbox("显示条数", SIZES, index=1, key="search_n", format_func=lambda n: f"前 {n} 条",
                           label_visibility="collapsed")
    if not query.strip():
        st.caption("只检索、不生成回答:按相关度列出原文段落,检索词高亮显示。侧栏的筛选同样适用。")
        return
    try:
        with resources.reading(warm=True) as retrieval:
            hits = retrieval.search(query, top_k=size, filters=controls.filters)
            titles = {d.doc_id: d.title for d in retrieval.documents()}
    except GovqaError as error:
        st.error(f"检索失败:{c.md(error)}")
        return
    if not hits:
        st.info(f"在{c.md(sidebar.describe_filters(controls, titles))}中没有找到与“{c.md(query)}”相关的段落。"
                "可以换个说法,或放宽侧栏的筛选。", icon=":material/search_off:")
        return
    st.caption(f"在{c.md(sidebar.describe_filters(controls, titles))}中找到 {len(hits)} 个相关段落(按相关度排序)")
    terms = Retrieval.highlight_terms(query)
    st.html("".join(
        c.passage_card(
            h.passage,
            # rank only: fused RRF scores (0.03…) mean nothing to a reader
            label=f"{h.rank}.", marks=Retrieval.term_spans(h.passage.text, terms), mark_class="gq-term",
        )
        for h in hits
    ))
