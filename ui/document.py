"""原文: a whole document, readable, scrolled to a passage and highlighted.

The URL carries everything (``document?doc=<doc_id>&start=N&end=M``), so the view can be shared and
reopened; offsets are character offsets into the stored document text, as in every Hit and Citation.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from retrieval.types import DocumentInfo
from ui import components as c
from ui.empty import require_resources

PICK_KEY = "doc_pick"


def parse_span(text_length: int) -> tuple[int, int] | None:
    """(start, end) from the URL when both are integers inside the document, else None."""
    try:
        start, end = int(st.query_params.get("start", "")), int(st.query_params.get("end", ""))
    except ValueError:
        return None
    return (start, end) if 0 <= start < end <= text_length else None


def _open_picked() -> None:
    # Choosing another document replaces the URL, so the address bar always names what is shown.
    st.query_params.from_dict({"doc": st.session_state[PICK_KEY]})


def render() -> None:
    resources = require_resources()
    with resources.reading() as retrieval:
        documents = retrieval.documents()
        doc_id = st.query_params.get("doc", "")
        record: DocumentInfo | None = retrieval.document(doc_id) if doc_id else None
        text = retrieval.document_text(doc_id) if record else None

    if not documents:
        st.info("文库里还没有文档。请到 **文库** 页上传报告。", icon=":material/inbox:")
        return
    titles = {d.doc_id: f"{d.title}({c.region_label(d.region)} · {c.year_label(d.year)})" for d in documents}
    # The picker mirrors the URL: the document it names, or nothing when the URL names none.
    if record is not None:
        st.session_state[PICK_KEY] = record.doc_id
    else:
        st.session_state.pop(PICK_KEY, None)
    st.selectbox("选择文档", list(titles), key=PICK_KEY, format_func=titles.get, index=None,
                 placeholder="选择要阅读的报告", on_change=_open_picked, label_visibility="collapsed")

    if doc_id and record is None:
        st.warning("找不到链接中的文档:它可能已从文库中删除,或链接不完整。请在上面重新选择。",
                   icon=":material/search_off:")
        return
    if record is None or text is None:
        st.caption("选择一份报告阅读全文;在问答或检索结果中点“在原文中查看”会直接打开到对应段落。")
        for d in documents:
            st.page_link("ui/pages/document.py", label=titles[d.doc_id],
                         icon=":material/description:", query_params={"doc": d.doc_id})
        return

    span = parse_span(len(text))
    meta = [c.region_label(record.region), c.year_label(record.year)]
    if record.publish_date:
        meta.append(f"发布于 {record.publish_date}")
    meta += [f"{record.n_chunks} 个段落", record.source]
    actions = []
    if span:
        actions.append(f'<a href="{c.esc(c.similar_url(record.doc_id, *span))}" target="_blank">'
                       "查找与高亮段落相似的其他地区做法 ↗</a>")
    st.html(
        f'<h2 style="margin:.2rem 0 .1rem">{c.esc(record.title)}</h2>'
        f'<div class="gq-meta">{"".join(f"<span>{c.esc(m)}</span>" for m in meta)}</div>'
        f'<div class="gq-actions">{"".join(actions)}</div>'
    )
    if ("start" in st.query_params or "end" in st.query_params) and span is None:
        st.warning("链接中的段落位置无效(超出了文档范围),下面显示全文但不加高亮。", icon=":material/warning:")
    st.divider()
    scans = _scan_pages(record.path) if record.format in ("pdf", "image") else []
    if scans:  # a scanned report: the recognised text beside the page images, to check the OCR by eye
        text_column, scan_column = st.columns([3, 2])
        with text_column:
            st.html(c.document_html(text, *(span or (None, None))))
        with scan_column:
            for number, png in scans:
                st.image(png, caption=f"扫描原件 第 {number} 页", width="stretch")
    else:
        st.html(c.document_html(text, *(span or (None, None))))
    if span:
        c.scroll_to_highlight()


@st.cache_data(show_spinner=False, max_entries=8)
def _scan_pages(path: str) -> list[tuple[int, bytes]]:
    """PNG bytes of the pages read by OCR; [] when the file is gone or unreadable (the text still shows)."""
    import io

    from indexer.loaders import scanned_page_images

    try:
        pages = scanned_page_images(Path(path))
    except Exception:  # a moved or damaged file must not break the reading view
        return []
    encoded = []
    for number, image in pages:
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        encoded.append((number, buffer.getvalue()))
    return encoded
