"""问答: chat-style questions; the answer streams in, its [n] markers open the cited passage, and the cited
passages follow as cards with the supporting sentence highlighted. Earlier questions stay visible."""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass, field

import streamlit as st

from config import settings as project_settings
from config.errors import GovqaError
from retrieval.answer import Answer, Answerer, Fallback, FinalEvent, TokenEvent
from ui import backends, crossregion, sidebar, state
from ui import components as c
from ui.empty import require_resources

HISTORY_KEY = "chat_history"
PENDING_KEY = "pending_question"

# Shown on an empty chat when the library holds the report they are about (seed reports by default).
EXAMPLES: list[tuple[str, str]] = [
    ("朝天区", "朝天区怎样推进行政执法规范化?"),
    ("仲恺", "仲恺高新区2023年收到多少宗行政复议案件?"),
    ("通城", "通城县有多少项证明事项可以用告知承诺代替?"),
    ("殷都", "殷都区村居法律顾问覆盖了多少个村和社区?"),
]
GENERIC_EXAMPLES = ["各地怎样推进行政执法规范化?", "哪些地区开展了府院联动?"]


@dataclass
class Turn:
    question: str
    answer: Answer | None = None
    error: str | None = None
    notices: list[str] = field(default_factory=list)  # plain Chinese: fallbacks, scope
    details: list[str] = field(default_factory=list)  # technical reasons behind the notices


def history() -> list[Turn]:
    return st.session_state.setdefault(HISTORY_KEY, [])


def citation_cards(answer: Answer, turn_index: int) -> str:
    cards = []
    for citation in answer.citations:
        # support offsets are document offsets; the card highlights relative to the passage text
        support = (citation.support_start - citation.passage.start, citation.support_end - citation.passage.start)
        cards.append(c.passage_card(citation.passage, label=f"[{citation.n}]", marks=[support],
                                    anchor=f"cite-{turn_index}-{citation.n}"))
    return "".join(cards)


def _seconds(answer: Answer) -> str:
    total = answer.timings.get("total_s")
    return f" · 用时 {total:.1f} 秒" if total is not None else ""


def render_answer(turn: Turn, turn_index: int, latest: bool) -> None:
    """The body of an assistant message (inside st.chat_message)."""
    for notice in turn.notices:
        st.caption(f":material/info: {c.md(notice)}")
    if turn.error:
        st.error(turn.error, icon=":material/warning:")
    answer = turn.answer
    if answer is None:
        return
    if answer.refused:
        st.html(
            '<div class="gq-refusal"><b>没有找到能回答这个问题的原文依据,所以不作回答。</b><br>'
            f"{c.esc(answer.answer)}<br>"
            '<span class="gq-meta">可以换个说法、放宽侧栏的筛选,或到「检索」页直接查看相关段落。</span></div>'
        )
    else:
        cited = {citation.n: citation.passage for citation in answer.citations}
        st.html(c.answer_html(answer.answer, cited))
        if answer.comparison is not None:
            crossregion.comparison_view(answer.comparison, key=f"compare-{turn_index}")
    model = answer.backend.split(":")[-1].removesuffix(".gguf")  # "llama.cpp:qwen….gguf" → "qwen…"
    label = "抽取式(摘录原文)" if answer.backend == "extractive" else f"大模型 {c.md(model)}"
    st.caption(f"{label}{_seconds(answer)} · 检索范围 {len(answer.searched_documents)} 份报告")
    if answer.unsupported_claims:
        st.caption("以下生成的内容在原文中找不到依据,已从回答中去掉:" + c.md(";".join(answer.unsupported_claims)))
    if answer.citations:
        with st.expander(f"引用的原文段落({len(answer.citations)})", expanded=latest):
            by_region = answer.intent == "elsewhere"  # "who else…": one block per region
            st.html(crossregion.region_cards(answer, turn_index) if by_region else citation_cards(answer, turn_index))
    if not answer.refused:
        crossregion.export_button(answer, key=f"markdown-{turn_index}")
    if turn.details:
        with st.expander("技术细节"):
            st.code("\n".join(turn.details), language=None)


def _welcome(resources: state.Resources) -> None:
    with resources.reading() as retrieval:
        documents = retrieval.documents()
    regions = " ".join(d.region or "" for d in documents)
    examples = [q for key, q in EXAMPLES if key in regions][:3] or GENERIC_EXAMPLES
    st.html(
        '<div style="margin:1.2rem 0 .6rem"><h3 style="margin:0 0 .3rem">向政府报告提问</h3>'
        f'<div class="gq-meta">已收录 {len(documents)} 份报告。回答只依据原文,每句都标出处;'
        "点击 [1] 这样的编号可打开原文中的对应段落。</div></div>"
    )
    st.caption("试试这些问题:")
    for i, question in enumerate(examples):  # one per line: long questions stay readable on a laptop
        st.button(question, key=f"example_{i}", icon=":material/chat_bubble:",
                  on_click=st.session_state.__setitem__, args=(PENDING_KEY, question))


def _ask(question: str, resources: state.Resources, controls: state.Controls, turn_index: int) -> Turn:
    """Stream one answer into the page and return the finished turn."""
    choice = backends.backend_for(controls.backend)
    turn = Turn(question)
    if choice.notice:
        turn.notices.append(choice.notice)
    if choice.detail:
        turn.details.append(choice.detail)
    if controls.filters:
        with resources.reading() as retrieval:
            titles = {d.doc_id: d.title for d in retrieval.documents()}
        turn.notices.append(f"只在{sidebar.describe_filters(controls, titles)}中查找")
    for notice in turn.notices:
        st.caption(f":material/info: {c.md(notice)}")
    shown = len(turn.notices)
    box = st.empty()
    box.caption("正在检索相关段落……")
    streamed = ""
    try:
        with ExitStack() as held:
            retrieval = held.enter_context(resources.reading(warm=True))
            answerer = Answerer(retrieval, choice.backend, project_settings().answer)
            for event in answerer.stream(question, filters=controls.filters, top_k=controls.top_k):
                if isinstance(event, TokenEvent):
                    # Retrieval is over once text comes: release the index so that an upload in another
                    # session can publish its new version without waiting for this (slow) generation.
                    held.close()
                    streamed += event.text
                    # raw markers still use the prompt's numbering: shown as plain text until verified
                    box.html(c.answer_html(streamed, {}, streaming=True))
                elif isinstance(event, FinalEvent):
                    turn.answer = event.answer
    except GovqaError as error:
        turn.error = "回答时出错,请稍后再试或改用抽取式回答。"
        turn.details.append(str(error))
    if turn.answer is not None and turn.answer.fallback is not None:
        turn.notices.append(FALLBACK_NOTICES[turn.answer.fallback])
    if turn.answer is not None:
        turn.details += turn.answer.notes
    box.empty()
    with box.container():
        # the notices known before streaming are on screen already; render the rest of the turn in place
        late = Turn(turn.question, turn.answer, turn.error, turn.notices[shown:], turn.details)
        render_answer(late, turn_index, latest=True)
    return turn


# One sentence per way an answer can come other than the ordinary way (retrieval.answer.types.Fallback).
FALLBACK_NOTICES = {
    Fallback.LLM_UNAVAILABLE: "大模型暂时不可用,这次改用抽取式回答。",
    Fallback.QUOTED_AFTER_MODEL_REFUSAL: "大模型没有给出有依据的回答,这里直接引用了资料中回答问题的句子。",
    Fallback.QUOTED_AFTER_FAILED_CLAIMS: "大模型的回答没有通过引用核对,这里直接引用了它所引资料中回答问题的句子。",
}


def _user_message(question: str) -> None:
    with st.chat_message("user"):
        st.html(f'<div class="gq-answer">{c.esc(question)}</div>')


def render() -> None:
    resources = require_resources()
    controls = state.controls()
    turns = history()
    question = st.chat_input("输入问题,例如:朝天区怎样推进行政执法规范化?", key="question")
    question = question or st.session_state.pop(PENDING_KEY, None)
    if not turns and not question:
        # One container: when the first question arrives, its message replaces the whole welcome at
        # once instead of leaving greyed-out example buttons under it while the answer streams.
        with st.container():
            _welcome(resources)
    for i, turn in enumerate(turns):
        _user_message(turn.question)
        with st.chat_message("assistant"):
            render_answer(turn, i, latest=(i == len(turns) - 1) and not question)
    if question and question.strip():
        _user_message(question)
        with st.chat_message("assistant"):
            turns.append(_ask(question.strip(), resources, controls, len(turns)))
