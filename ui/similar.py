"""相似举措: passages of other reports that resemble a passage (from the URL) or a free-text description,
grouped by region, each with a link into its document."""

from __future__ import annotations

import streamlit as st

from config.errors import GovqaError
from retrieval.answer.crossregion import intent_of
from retrieval.elsewhere import ElsewhereFinder
from retrieval.service import Retrieval
from retrieval.types import Hit
from ui import components as c
from ui.crossregion import findings_html
from ui.empty import require_resources

TEXT_KEY = "similar_text"


def group_by_region(hits: list[Hit]) -> list[tuple[str, list[Hit]]]:
    """Regions in the order of their best passage; passages keep their rank inside a region."""
    groups: dict[str, list[Hit]] = {}
    for hit in hits:
        groups.setdefault(c.region_label(hit.passage.region), []).append(hit)
    return list(groups.items())


def _to_text_mode() -> None:
    st.query_params.clear()


def _answer_question(question: str, resources) -> bool:
    """A question in plain words ("除了通城县，还有哪些地方…?"): the named region is the example and is excluded;
    only regions whose reports state the initiative are listed. False when the text is not such a question."""
    try:
        with resources.reading(warm=True) as retrieval:
            if intent_of(retrieval, question).kind != "elsewhere":
                return False
            result = ElsewhereFinder(retrieval).run(question)
    except GovqaError as error:
        st.error(f"查找失败:{c.md(error)}")
        return True
    excluded = f",已排除{result.excluded}" if result.probe_regions else ""
    st.caption(f"按“{c.md(result.measure)}”查找{c.md(excluded)}")
    if not result.findings:
        st.info("其他地区的报告中没有找到明确提到这项做法的内容。", icon=":material/search_off:")
        return True
    st.caption(f"{len(result.findings)} 个地区的报告提到类似做法(最可能的在前)")
    st.html(findings_html(result))
    return True


def render() -> None:
    resources = require_resources()
    params = st.query_params
    left, right = st.columns([4, 1], vertical_alignment="bottom")
    per_doc = right.selectbox("每份报告最多", [1, 2, 3], key="similar_per_doc",
                              format_func=lambda n: f"每份报告 {n} 段", label_visibility="collapsed")
    top_k = 8

    if "doc" in params:
        doc_id = params.get("doc", "")
        try:
            start, end = int(params.get("start", "")), int(params.get("end", ""))
        except ValueError:
            start = end = -1
        with resources.reading() as retrieval:
            probe = retrieval.passage(doc_id, start, end)
        if probe is None:
            st.warning("链接中的段落已不在文库中(文档可能已删除),请改用文字描述查找。", icon=":material/search_off:")
            left.button("改用文字描述查找", on_click=_to_text_mode)
            return
        left.button("改用文字描述查找", icon=":material/edit:", on_click=_to_text_mode)
        st.markdown("**与这段内容相似的其他报告中的做法:**")
        st.html(c.passage_card(probe, label="原段落", similar_link=False))
        try:
            with resources.reading(warm=True) as retrieval:
                hits = retrieval.similar.from_passage(doc_id, start, end, top_k=top_k, per_document=per_doc)
        except GovqaError as error:
            st.error(f"查找失败:{c.md(error)}")
            return
        probe_text = ""
    else:
        query = left.text_input(
            "描述一项举措", key=TEXT_KEY, label_visibility="collapsed",
            placeholder="描述一项举措、粘贴一段原文,或直接提问:浙江推行“综合查一次”,还有哪些地方也在做?",
        )
        if not query.strip():
            st.caption("在其他地区的报告中查找相似的做法。也可以在任何段落卡片上点“相似举措”。")
            return
        if _answer_question(query.strip(), resources):
            return
        probe_text = Retrieval.similar_probe(query)
        try:
            with resources.reading(warm=True) as retrieval:
                hits = retrieval.similar.from_text(probe_text, top_k=top_k, per_document=per_doc)
        except GovqaError as error:
            st.error(f"查找失败:{c.md(error)}")
            return
        if probe_text != query.strip():
            st.caption(f"按“{c.md(probe_text)}”查找")

    if not hits:
        st.info("其他报告中没有找到相似的做法。", icon=":material/search_off:")
        return
    groups = group_by_region(hits)
    st.caption(f"{len(groups)} 个地区、{len({h.passage.doc_id for h in hits})} 份报告中有相似的做法(按相似度排序)")
    terms = Retrieval.highlight_terms(probe_text) if probe_text else []
    blocks = []
    for region, region_hits in groups:
        blocks.append(f'<div class="gq-region">{c.esc(region)}</div>')
        blocks += [
            c.passage_card(h.passage, marks=Retrieval.term_spans(h.passage.text, terms), mark_class="gq-term")
            for h in region_hits
        ]
    st.html("".join(blocks))
