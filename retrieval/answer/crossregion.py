"""``ask`` for cross-region questions: "who else does X" and figures side by side, answered in those terms.

``route`` is the one hook the Answerer calls first: for a plain question it returns None and the normal
answer path runs; for the other two it returns the events of a finished answer:
- elsewhere: one line per region, "江苏省：依法推广非现场检查、“综合查一次”等执法新模式[1]";
- compare: one line per row of the table ("河南省：1350.97亿斤（2025年，实际数）[1]"), then one summary sentence,
  when every row is found; otherwise None, and the answerer answers region by region (``table_answers``).
Every line quotes its cited sentence verbatim, so each citation holds by construction; no model is called.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from retrieval.answer.types import Answer, Citation, FinalEvent, StreamEvent, TokenEvent
from retrieval.compare import KIND_LABELS, Comparer, Comparison, ComparisonRow
from retrieval.elsewhere import Elsewhere, ElsewhereFinder
from retrieval.intent import Intent, detect
from retrieval.search import Filters
from retrieval.service import Retrieval
from retrieval.types import Passage

BACKEND = "extractive"


def intent_of(retrieval: Retrieval, question: str) -> Intent:
    index = retrieval.index
    regions = sorted({d.region for d in index.documents.values() if d.region})
    return detect(question, index.regions.regions_in, regions)


def route(retrieval: Retrieval | None, question: str, filters: Filters = Filters()) -> Iterator[StreamEvent] | None:
    """The events of a cross-region answer, or None for a plain question (or one scoped by explicit filters)."""
    if retrieval is None or filters or not question.strip():
        return None
    intent = intent_of(retrieval, question)
    if intent.kind == "compare":
        comparison = Comparer(retrieval).run(question, intent=intent)
        if not table_answers(comparison, intent):
            return None  # the answerer's per-region path answers each region from its own reports instead
        return _events(compare_answer(comparison))
    if intent.kind == "elsewhere":
        return _events(elsewhere_answer(ElsewhereFinder(retrieval).run(question, intent=intent)))
    return None


def table_answers(comparison: Comparison, intent: Intent) -> bool:
    """Whether the table is the whole answer: every row found. A row the table cannot verify would show as
    "未找到" although the region's report may well answer the question in other words ("办理了多少件" for a
    report that writes "审结"), so such a question goes to the answerer's per-region path, which reads each
    region's passages itself. A table over every indexed region (各省) stays: there is no per-region path for it."""
    return intent.every_region or all(row.found for row in comparison.rows)


def _events(answer: Answer) -> Iterator[StreamEvent]:
    if answer.answer and not answer.refused:
        yield TokenEvent(answer.answer)
    yield FinalEvent(answer)


def elsewhere_answer(result: Elsewhere) -> Answer:
    started = time.perf_counter()
    if not result.findings:
        others = "其他地区" if result.probe_regions else "各地"
        return Answer(
            question=result.question, refused=True, backend=BACKEND, intent="elsewhere",
            timings=_timings(result.timings), answer=f"{others}的报告中没有找到明确提到“{result.measure}”的内容。",
            searched_documents=result.searched,
        )
    lines, citations = [], []
    for finding in result.findings:
        said = []
        for quote in finding.quotes:
            n = len(citations) + 1
            said.append(f"{quote.quote.strip().rstrip('，,；;。')}[{n}]")
            citations.append(Citation.from_hit(n, quote.hit, quote.quote_start, quote.quote_end))
        lines.append(f"{finding.region}：{'；'.join(said)}")
    head = f"除{result.excluded}外，" if result.probe_regions else ""
    text = f"{head}{len(lines)}个地区的报告提到类似做法：\n" + "\n".join(lines)
    return Answer(question=result.question, answer=text, refused=False, backend=BACKEND, citations=citations,
                  timings=_timings(result.timings, started), intent="elsewhere", searched_documents=result.searched)


def _timings(found: dict[str, float], started: float | None = None) -> dict[str, float]:
    """An answer's timings (retrieve_s, total_s, as every answer reports them): finding the regions' passages
    is all the retrieval a cross-region answer does; writing it out follows from ``started``."""
    retrieve = found.get("total_s", 0.0)
    written = time.perf_counter() - started if started is not None else 0.0
    return {**found, "retrieve_s": retrieve, "total_s": retrieve + written}


def compare_answer(comparison: Comparison) -> Answer:
    lines, citations = [], []
    by_year = comparison.by_year
    for row in comparison.rows:
        year = f"{row.year}年，" if row.year and not by_year else ""
        if row.found and row.text is not None:
            n = len(citations) + 1
            citations.append(_row_citation(n, row))
            lines.append(f"{_label(row, by_year)}：{row.value}（{year}{KIND_LABELS[row.kind or 'actual']}）[{n}]")
        else:
            lines.append(f"{_label(row, by_year)}：未找到（{row.reason}）")
    summary = summary_sentence(comparison)
    return Answer(
        question=comparison.question, answer="\n".join(lines + ([summary] if summary else [])),
        refused=not citations, backend=BACKEND, citations=citations, timings=_timings(comparison.timings),
        intent="compare", comparison=comparison, searched_documents=comparison.searched,
    )


def summary_sentence(comparison: Comparison) -> str:
    """One sentence over the found figures: highest and lowest when they share a unit, else how many were found."""
    found = [r for r in comparison.rows if r.found]
    missing = [r for r in comparison.rows if not r.found]
    by_year = comparison.by_year
    gaps = f"，{'、'.join(_label(r, by_year) for r in missing)}的报告未给出可比的数字" if missing else ""
    if not found:
        return f"{len(comparison.rows)}项均未在报告中找到{comparison.measure}的数字。"
    numbered = [r for r in found if r.number is not None]
    if comparison.shared_unit and len(numbered) >= 2:
        high = max(numbered, key=lambda r: r.number or 0.0)
        low = min(numbered, key=lambda r: r.number or 0.0)
        return (f"{len(found)}项中{_label(high, by_year)}最高（{high.value}），"
                f"{_label(low, by_year)}最低（{low.value}）{gaps}。")
    return f"共找到{len(found)}项{gaps}。"


def _label(row: ComparisonRow, by_year: bool = False) -> str:
    """Rows of one region over several years are told apart by their year."""
    return f"{row.region}{row.year}年" if by_year and row.year else row.region


def _row_citation(n: int, row: ComparisonRow) -> Citation:
    assert row.text is not None and row.start is not None and row.end is not None
    passage = Passage(
        doc_id=row.doc_id or "", source=row.source or "", title=row.title or "", region=row.region,
        year=row.year, section="", text=row.text, start=row.start, end=row.end,
    )
    return Citation(n=n, passage=passage, support_start=row.start, support_end=row.end)
