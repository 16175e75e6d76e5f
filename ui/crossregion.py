"""Cross-region answers on the page: a comparison as a table (with a bar chart when the figures share a unit,
CSV and Excel downloads), "who else" answers grouped by region, and the Markdown export of any answer.

Layout only: the table, the exports and the findings come from retrieval/ (compare.py, export.py, elsewhere.py).
"""

from __future__ import annotations

import streamlit as st

from retrieval.answer import Answer
from retrieval.compare import KIND_LABELS, Comparison, ComparisonRow
from retrieval.elsewhere import Elsewhere
from retrieval.export import answer_markdown, comparison_csv, comparison_xlsx
from ui import components as c

TABLE_CSS = """
<style>
.gq-compare { border-collapse: collapse; width: 100%; font-size: .95rem; }
.gq-compare th, .gq-compare td { border-bottom: 1px solid var(--gq-line); padding: .4rem .5rem; text-align: left;
  vertical-align: top; }
.gq-compare td.gq-value { font-weight: 700; white-space: nowrap; }
.gq-compare td.gq-missing { color: #6b6f76; }
.gq-compare .gq-quote { color: #4b4f56; font-size: .85rem; }
</style>
"""


def _row_html(row: ComparisonRow) -> str:
    year = c.esc(f"{row.year}年") if row.year else ""
    if row.found and row.doc_id and row.start is not None and row.end is not None:
        link = f'<a href="{c.esc(c.document_url(row.doc_id, row.start, row.end))}" target="_blank">原文 ↗</a>'
        quote = f'<div class="gq-quote">{c.esc(row.text or "")}</div>'
        return (f"<tr><td>{c.esc(row.region)}</td><td>{year}</td><td class=\"gq-value\">{c.esc(row.value)}</td>"
                f"<td>{c.esc(KIND_LABELS.get(row.kind or '', ''))}</td><td>{link}{quote}</td></tr>")
    nearest = ""
    if row.doc_id and row.start is not None and row.end is not None:  # the sentence that came closest
        href = c.esc(c.document_url(row.doc_id, row.start, row.end))
        nearest = f' <a href="{href}" target="_blank">最接近的原文 ↗</a>'
    return (f"<tr><td>{c.esc(row.region)}</td><td>{year}</td><td class=\"gq-missing\">未找到</td><td></td>"
            f"<td class=\"gq-missing\">{c.esc(row.reason or '')}{nearest}</td></tr>")


def table_html(comparison: Comparison) -> str:
    head = "<tr><th>地区</th><th>年份</th><th>数值</th><th>类型</th><th>依据</th></tr>"
    body = "".join(_row_html(row) for row in comparison.rows)
    return f'{TABLE_CSS}<table class="gq-compare" data-testid="gq-compare">{head}{body}</table>'


def _chart_data(comparison: Comparison) -> dict[str, list] | None:
    """Bars only for figures written in one unit (亿斤 next to 亿斤, never next to %)."""
    if comparison.shared_unit is None:
        return None
    rows = [r for r in comparison.rows if r.found and r.number is not None]
    if len(rows) < 2:
        return None
    labels = [f"{r.region}{r.year}年" if comparison.by_year and r.year else r.region for r in rows]
    return {"地区": labels, comparison.shared_unit: [r.number for r in rows]}


def comparison_view(comparison: Comparison, key: str) -> None:
    st.caption(c.md(comparison.understood))  # how the question was read: a misreading shows before the figures
    data = _chart_data(comparison)
    if data is None:
        st.html(table_html(comparison))
    else:
        left, right = st.columns([3, 2])
        with left:
            st.html(table_html(comparison))
        with right:
            unit = comparison.shared_unit or ""
            st.bar_chart(data, x="地区", y=unit, y_label=unit, x_label="", horizontal=True, sort=False)
    csv_col, xlsx_col, _ = st.columns([1, 1, 3])
    csv_col.download_button("下载 CSV", comparison_csv(comparison), file_name="对比.csv", mime="text/csv",
                            key=f"{key}-csv", icon=":material/download:", on_click="ignore")
    xlsx_col.download_button(
        "下载 Excel", comparison_xlsx(comparison), file_name="对比.xlsx", key=f"{key}-xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", icon=":material/download:",
        on_click="ignore",
    )


def region_cards(answer: Answer, turn_index: int) -> str:
    """A "who else" answer's citations under their region's name, the stating sentence highlighted."""
    blocks, region = [], None
    for citation in answer.citations:
        support = (citation.support_start - citation.passage.start, citation.support_end - citation.passage.start)
        if citation.passage.region != region:  # a region quoted twice keeps one heading
            region = citation.passage.region
            blocks.append(f'<div class="gq-region">{c.esc(c.region_label(region))}</div>')
        blocks.append(c.passage_card(citation.passage, label=f"[{citation.n}]", marks=[support],
                                     anchor=f"cite-{turn_index}-{citation.n}"))
    return "".join(blocks)


def findings_html(result: Elsewhere) -> str:
    """The 相似举措 page's view of a question in plain words: one block per region, the sentence highlighted."""
    blocks = []
    for finding in result.findings:
        blocks.append(f'<div class="gq-region">{c.esc(c.region_label(finding.region))}</div>')
        for quote in finding.quotes:
            mark = (quote.quote_start - quote.hit.passage.start, quote.quote_end - quote.hit.passage.start)
            blocks.append(c.passage_card(quote.hit.passage, marks=[mark]))
    return "".join(blocks)


def export_button(answer: Answer, key: str) -> None:
    st.download_button("导出 Markdown", answer_markdown(answer), file_name="回答.md", mime="text/markdown",
                       key=key, icon=":material/description:", on_click="ignore")
