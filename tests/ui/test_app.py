"""The app's flows through streamlit's AppTest: ask, cite, open a document, similar initiatives, filters,
search only, the library (upload good and bad files, remove), and the empty and error states."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from streamlit.testing.v1 import AppTest

from retrieval.service import Retrieval
from retrieval.types import DocumentInfo
from tests.ui.conftest import AppEnv

QUESTION = "朝天区2024年收到了多少件行政复议申请?"
GOOD_REPORT = (
    "重庆市江津区2024年法治政府建设工作报告\n"
    "2024年,江津区坚持以习近平法治思想为指导,全面推进法治政府建设,各项工作取得积极成效。现将有关情况报告如下。\n"
    "一、主要做法\n"
    "(一)推行“综合查一次”联合检查。江津区整合市场监管、应急管理、生态环境等部门的涉企检查事项,对同一企业的"
    "多项检查合并为一次进行,全年减少入企检查312次,企业满意率达98%。<script>alert(\"x\")</script>"
    "这一段包含网页代码,应当原样显示为文字。\n"
    "(二)深化府院联动。与区人民法院建立联席会议制度,全年召开会议4次,化解行政争议27件。\n"
    "二、存在问题\n"
    "基层执法力量仍然不足,执法人员培训有待加强。\n"
)


def page_html(at: AppTest) -> str:
    return "\n".join(element.value for element in at.html)


def texts(elements: Iterable[Any]) -> str:
    """The Markdown of the elements as a reader sees it (backslash escapes removed)."""
    return re.sub(r"\\(.)", r"\1", "\n".join(str(element.value) for element in elements))


def cite_links(at: AppTest) -> list[dict[str, str]]:
    """The [n] markers of the answers on the page as {n, doc, start, end}."""
    links = []
    for href, n in re.findall(r'<a href="([^"]+)" target="_blank" data-cite="(\d+)">', page_html(at)):
        query = parse_qs(urlparse(html.unescape(href)).query)
        links.append({"n": n, "path": urlparse(html.unescape(href)).path, **{k: v[0] for k, v in query.items()}})
    return links


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input(key="question").set_value(question).run()
    assert not at.exception, at.exception
    return at


def open_document(at: AppTest, doc_id: str, start: int | None = None, end: int | None = None) -> AppTest:
    at.switch_page("ui/pages/document.py")
    at.query_params.clear()
    at.query_params["doc"] = doc_id
    if start is not None:
        at.query_params.update(start=str(start), end=str(end))
    at.run()
    assert not at.exception, at.exception
    return at


def seed_doc(retrieval: Retrieval, region_part: str) -> DocumentInfo:
    return next(d for d in retrieval.documents() if d.region and region_part in d.region)


# -- ask and cite ---------------------------------------------------------------------------------------
def test_welcome_offers_example_questions(app_env: AppEnv) -> None:
    at = app_env.app().run()
    assert not at.exception
    assert "向政府报告提问" in page_html(at)
    examples = [b for b in at.button if b.key and b.key.startswith("example_")]
    assert examples, "an empty chat shows example questions"
    examples[0].click().run()  # a newcomer's first question is one click
    assert not at.exception
    assert [m.name for m in at.chat_message] == ["user", "assistant"]


def test_app_runs_without_streamlit_magic(app_env: AppEnv) -> None:
    # .streamlit/config.toml turns magic off: its per-rerun ast.parse of app.py races the warm-up thread on
    # CPython 3.11 ("AST constructor recursion depth mismatch"). The app must be run with that config.
    from streamlit import config

    at = app_env.app().run()
    assert not at.exception
    assert config.get_option("runner.magicEnabled") is False


def test_ask_answers_with_clickable_citations_and_cards(app_env: AppEnv, retrieval: Retrieval) -> None:
    at = ask(app_env.app().run(), QUESTION)
    assert [m.name for m in at.chat_message] == ["user", "assistant"]
    body = page_html(at)
    assert "26件" in body
    links = cite_links(at)
    assert links and links[0]["n"] == "1"
    assert links[0]["path"] == "document"
    doc_id, start, end = links[0]["doc"], int(links[0]["start"]), int(links[0]["end"])
    text = retrieval.document_text(doc_id)
    # the card of [1]: title, region, year, section path, with the supporting sentence highlighted
    card = re.search(r'<div class="gq-card" id="cite-0-1">.*?</div></div>', body, re.S)
    assert card, body
    record = next(d for d in retrieval.documents() if d.doc_id == doc_id)
    assert html.escape(record.title) in card.group(0)
    assert "广元市朝天区" in card.group(0) and "2024年" in card.group(0)
    marked = re.search(r"<mark>(.*?)</mark>", card.group(0)).group(1)
    assert "26件" in html.unescape(marked) and html.unescape(marked) in text[start:end]
    assert any("抽取式" in c for c in [c.value for c in at.caption])


def test_earlier_questions_stay_visible(app_env: AppEnv) -> None:
    at = ask(app_env.app().run(), QUESTION)
    ask(at, "仲恺高新区2023年收到多少宗行政复议案件?")
    assert [m.name for m in at.chat_message] == ["user", "assistant", "user", "assistant"]
    body = page_html(at)
    assert QUESTION in body and "仲恺高新区2023年收到多少宗行政复议案件?" in body
    assert 'id="cite-0-1"' in body and 'id="cite-1-1"' in body  # both answers keep their citations


def test_an_answer_stating_one_of_two_asked_amounts_is_completed(app_env: AppEnv, retrieval: Retrieval,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # several.py in the app: the scripted model states one of the two figures the question asks for.
    from tests.retrieval.answer.conftest import ScriptedServer
    from tests.retrieval.answer.test_answerer import _prompt_passages

    question = "朝天区2024年办理了多少件人大代表建议和政协提案?"
    answering = next(n for n, (_, text) in _prompt_passages(retrieval, question).items() if "人大代表建议62件" in text)
    server = ScriptedServer()
    try:
        server.reply = f"62件[{answering}]"
        monkeypatch.setenv("GOVQA_LLM_BACKEND", "openai")
        monkeypatch.setenv("GOVQA_LLM_OPENAI_BASE_URL", server.base_url)
        at = ask(app_env.app().run(), question)
    finally:
        server.close()
    answer = re.search(r'class="gq-answer">([^<]*)<span class="gq-cite">', page_html(at))
    assert answer and "人大代表建议62件、政协提案81件" in answer.group(1)  # the answer, not a card of its passage
    assert cite_links(at)  # the quote keeps its citation


def test_question_without_support_is_refused_with_what_was_searched(app_env: AppEnv) -> None:
    at = ask(app_env.app().run(), "火星基地的氧气工厂什么时候建成?")
    body = page_html(at)
    assert "gq-refusal" in body and "没有找到能回答这个问题的原文依据" in body
    assert "已检索" in body
    assert not cite_links(at)


def test_no_llm_falls_back_to_extractive_with_a_notice(app_env: AppEnv, monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:
    monkeypatch.setenv("GOVQA_LLM_BACKEND", "auto")
    monkeypatch.setenv("GOVQA_LLM_LOCAL_MODEL", str(tmp_path / "missing.gguf"))
    at = app_env.app().run()
    assert at.selectbox(key="backend").value == "auto"  # the configured backend is the default
    ask(at, QUESTION)
    assert "本机未安装大模型" in texts(at.caption)
    assert cite_links(at)
    # asking for the local model explicitly says it is unavailable and still answers
    at.selectbox(key="backend").set_value("local").run()
    ask(at, QUESTION)
    assert "暂不可用,已改用抽取式回答" in texts(at.caption)
    assert len(cite_links(at)) >= 2


# -- the document view -----------------------------------------------------------------------------------
def test_citation_opens_document_scrolled_and_highlighted(app_env: AppEnv, retrieval: Retrieval) -> None:
    at = ask(app_env.app().run(), QUESTION)
    link = cite_links(at)[0]
    doc_id, start, end = link["doc"], int(link["start"]), int(link["end"])
    open_document(at, doc_id, start, end)
    body = page_html(at)
    text = retrieval.document_text(doc_id)
    first_line_of_span = text[start:end].split("\n")[0]
    assert f'<mark id="hl">{html.escape(first_line_of_span)}</mark>' in body
    assert 'class="gq-hit"' in body
    assert 'getElementById("hl")' in body and "scrollIntoView" in body
    # the whole document is there, not only the passage
    assert html.escape(text.split("\n")[-1].strip() or text.split("\n")[-2].strip()) in body
    assert at.query_params["doc"] == doc_id and at.query_params["start"] == str(start)


def test_document_view_handles_bad_links(app_env: AppEnv, retrieval: Retrieval) -> None:
    doc = seed_doc(retrieval, "朝天")
    at = open_document(app_env.app().run(), doc.doc_id, 10, 10**7)
    assert "段落位置无效" in texts(at.warning)
    assert 'id="hl"' not in page_html(at)
    open_document(at, "no-such-document")
    assert "找不到链接中的文档" in texts(at.warning)


def test_document_picker_without_link(app_env: AppEnv, retrieval: Retrieval) -> None:
    at = app_env.app().run()
    at.switch_page("ui/pages/document.py").run()
    assert not at.exception
    doc = seed_doc(retrieval, "仲恺")
    at.selectbox(key="doc_pick").set_value(doc.doc_id).run()
    assert at.query_params.get("doc") == doc.doc_id
    assert html.escape(doc.title) in page_html(at)


# -- similar initiatives --------------------------------------------------------------------------------
def test_similar_from_a_passage_is_grouped_by_region(app_env: AppEnv, retrieval: Retrieval) -> None:
    hit = retrieval.search("行政复议", top_k=1)[0]
    at = app_env.app().run()
    at.switch_page("ui/pages/similar.py")
    at.query_params.update(doc=hit.passage.doc_id, start=str(hit.passage.start), end=str(hit.passage.end))
    at.run()
    assert not at.exception
    body = page_html(at)
    assert "原段落" in body
    regions = re.findall(r'<div class="gq-region">(.*?)</div>', body)
    assert regions, body
    assert len(regions) == len(set(regions))  # one group per region
    results = body.split('<div class="gq-region">', 1)[1]
    assert f"doc={hit.passage.doc_id}&amp;" not in results  # the passage's own report is not "similar"
    assert "在原文中查看" in results


def test_similar_from_free_text(app_env: AppEnv) -> None:
    at = app_env.app().run()
    at.switch_page("ui/pages/similar.py").run()
    at.text_input(key="similar_text").input("找和'府院联动'类似的做法").run()
    assert not at.exception
    assert "按“府院联动”查找" in texts(at.caption)
    assert '<div class="gq-region">' in page_html(at)


def test_answer_cards_link_to_similar(app_env: AppEnv) -> None:
    at = ask(app_env.app().run(), QUESTION)
    assert re.search(r'href="similar\?doc=\w+&amp;start=\d+&amp;end=\d+"', page_html(at))


# -- filters and search only ------------------------------------------------------------------------------
def test_region_filter_limits_answers_and_search(app_env: AppEnv, retrieval: Retrieval) -> None:
    region = seed_doc(retrieval, "仲恺").region
    at = app_env.app().run()
    at.multiselect(key="f_regions").set_value([region]).run()
    ask(at, "行政复议案件有多少?")
    assert "只在" in texts(at.caption) and region in texts(at.caption)
    allowed = {d.doc_id for d in retrieval.documents() if d.region == region}
    assert cite_links(at) and {link["doc"] for link in cite_links(at)} <= allowed
    at.switch_page("ui/pages/search.py").run()
    at.text_input(key="search_q").input("行政复议").run()
    docs = set(re.findall(r'href="document\?doc=(\w+)', page_html(at)))
    assert docs and docs <= allowed


def test_year_and_document_filters(app_env: AppEnv, retrieval: Retrieval) -> None:
    doc = seed_doc(retrieval, "朝天")
    at = app_env.app().run()
    at.multiselect(key="f_years").set_value([doc.year]).run()
    at.multiselect(key="f_docs").set_value([doc.doc_id]).run()
    at.switch_page("ui/pages/search.py").run()
    at.text_input(key="search_q").input("法治政府建设").run()
    docs = set(re.findall(r'href="document\?doc=(\w+)', page_html(at)))
    assert docs == {doc.doc_id}


def test_top_k_and_backend_controls(app_env: AppEnv) -> None:
    at = app_env.app().run()
    at.slider(key="top_k").set_value(2).run()
    assert at.session_state["_controls"].top_k == 2
    at.selectbox(key="backend").set_value("extractive").run()
    ask(at, QUESTION)
    assert "本机未安装大模型" not in texts(at.caption)


def test_search_only_lists_ranked_passages_with_highlights(app_env: AppEnv) -> None:
    at = app_env.app().run()
    at.switch_page("ui/pages/search.py").run()
    at.text_input(key="search_q").input("行政复议").run()
    assert not at.exception
    body = page_html(at)
    assert body.count('<div class="gq-card"') >= 5
    assert '<mark class="gq-term">行政复议</mark>' in body
    assert '<span class="gq-num">1.</span>' in body and '<span class="gq-num">5.</span>' in body
    assert not at.chat_message  # no answer on this page


def test_search_with_nothing_found_says_so(app_env: AppEnv, retrieval: Retrieval) -> None:
    at = app_env.app().run()
    at.switch_page("ui/pages/search.py").run()
    assert "只检索、不生成回答" in texts(at.caption)  # the empty page explains itself
    # filters that exclude each other leave nothing to search
    at.multiselect(key="f_regions").set_value([seed_doc(retrieval, "仲恺").region]).run()
    at.multiselect(key="f_docs").set_value([seed_doc(retrieval, "朝天").doc_id]).run()
    at.text_input(key="search_q").input("行政复议").run()
    assert "没有找到与“行政复议”相关的段落" in texts(at.info)
    assert '<div class="gq-card"' not in page_html(at)


# -- library ----------------------------------------------------------------------------------------------
def upload(at: AppTest, files: list[tuple[str, bytes, str]]) -> AppTest:
    at.switch_page("ui/pages/library.py").run()
    at.file_uploader[0].set_value(files).run()  # choosing files reruns the page and enables the button
    at.button(key="upload_go").click().run()
    assert not at.exception, at.exception
    return at


def uploaded_doc_id(at: AppTest) -> str:
    """The doc_id of the uploaded 江津区 report, read from the library table's link column."""
    table = at.dataframe[0].value
    link = table[table["标题"].str.contains("江津区")]["原文"].iloc[0]
    return parse_qs(urlparse(link).query)["doc"][0]


def test_library_lists_documents_and_statistics(app_env: AppEnv, retrieval: Retrieval) -> None:
    at = app_env.app().run()
    at.switch_page("ui/pages/library.py").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == len(retrieval.documents())
    assert {"标题", "地区", "年份", "段落数"} <= set(table.columns)
    assert sorted(table["段落数"]) == sorted(d.n_chunks for d in retrieval.documents())
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["报告"] == str(len(retrieval.documents()))
    body = texts(at.markdown)
    assert "检索模型" in body and "multilingual-e5-small" in body


def test_upload_good_and_bad_files(app_env: AppEnv) -> None:
    at = upload(app_env.app().run(), [
        ("江津区报告.txt", GOOD_REPORT.encode(), "text/plain"),
        ("broken.pdf", b"not a pdf at all", "application/pdf"),
        ("empty.txt", b"", "text/plain"),
    ])
    assert "已加入索引:江津区报告.txt" in texts(at.success)
    errors = texts(at.error)
    assert "broken.pdf" in errors and "PDF" in errors
    assert "empty.txt" in errors
    # the good file is indexed and searchable at once; the bad ones leave nothing behind
    assert sorted(p.name for p in app_env.library_dir.iterdir()) == ["江津区报告.txt"]
    assert len(at.dataframe[0].value) == 6
    at.switch_page("ui/pages/search.py").run()
    at.text_input(key="search_q").input("综合查一次").run()
    body = page_html(at)
    assert "重庆市江津区2024年法治政府建设工作报告" in body
    # a report containing markup shows the characters; nothing of it becomes HTML
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body
    assert '<script>alert("x")' not in body


def _docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf(lines: list[str]) -> bytes:
    pytest.importorskip("reportlab", reason="PDF fixtures are generated with reportlab (a test dependency)")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for i, line in enumerate(lines):
        pdf.setFont("STSong-Light", 11)
        pdf.drawString(40, 800 - 20 * i, line)
    pdf.rect(40, 100, 200, 100)  # a drawing: a PDF without any line of text is a "scan"
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_upload_html_docx_and_pdf_at_once(app_env: AppEnv) -> None:
    html_page = (
        "<html><head><meta charset='utf-8'><title>重庆市铜梁区2024年法治政府建设情况报告</title></head><body>"
        "<nav>首页 > 政务公开</nav><article><h1>重庆市铜梁区2024年法治政府建设情况报告</h1>"
        "<p>2024年,铜梁区坚持以习近平法治思想为指导,扎实推进法治政府建设。现将有关情况报告如下。</p>"
        "<p>一、推行“一件事一次办”。整合部门审批事项,全年办理“一件事”套餐2150件,办理时限平均压缩60%。</p>"
        "</article><footer>版权所有</footer></body></html>"
    )
    docx_bytes = _docx([
        "重庆市綦江区2024年法治政府建设工作报告",
        "2024年,綦江区全面推进法治政府建设,各项工作取得积极成效。现将有关情况报告如下。",
        "一、推行“容缺受理”。对基本条件具备、次要材料欠缺的申请先行受理,全年容缺办理事项1260件。",
    ])
    pdf_bytes = _pdf([
        "重庆市璧山区2024年法治政府建设工作报告",
        "2024年,璧山区扎实推进法治政府建设,现将有关情况报告如下。",
        "一、深化府院联动,全年召开联席会议6次,化解行政争议33件。",
    ])
    at = upload(app_env.app().run(), [
        ("铜梁区.html", html_page.encode(), "text/html"),
        ("綦江区.docx", docx_bytes, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("璧山区.pdf", pdf_bytes, "application/pdf"),
        ("scan.pdf", _pdf([]), "application/pdf"),
    ])
    added = texts(at.success)
    assert all(name in added for name in ("铜梁区.html", "綦江区.docx", "璧山区.pdf")), added
    assert "scan.pdf" in texts(at.error) and "文字识别" in texts(at.error)
    regions = set(at.dataframe[0].value["地区"])
    assert {"重庆市铜梁区", "重庆市綦江区", "重庆市璧山区"} <= regions


def test_uploaded_report_opens_escaped_in_document_view(app_env: AppEnv) -> None:
    at = upload(app_env.app().run(), [("江津区报告.txt", GOOD_REPORT.encode(), "text/plain")])
    open_document(at, uploaded_doc_id(at))
    body = page_html(at)
    assert "&lt;script&gt;" in body and '<script>alert("x")' not in body


def test_remove_document(app_env: AppEnv, retrieval: Retrieval) -> None:
    at = upload(app_env.app().run(), [("江津区报告.txt", GOOD_REPORT.encode(), "text/plain")])
    at.selectbox(key="remove_pick").set_value(uploaded_doc_id(at)).run()
    at.checkbox(key="remove_sure").check().run()
    at.button(key="remove_go").click().run()
    assert not at.exception
    assert len(at.dataframe[0].value) == len(retrieval.documents())
    assert not (app_env.library_dir / "江津区报告.txt").exists()  # an uploaded file goes with it
    # a seed document can be removed from the index too (its file stays in seeds/)
    seed = seed_doc(retrieval, "朝天")
    at.selectbox(key="remove_pick").set_value(seed.doc_id).run()
    at.checkbox(key="remove_sure").check().run()
    at.button(key="remove_go").click().run()
    assert len(at.dataframe[0].value) == len(retrieval.documents()) - 1
    assert Path(seed.path).exists()
    # the sidebar filter and the ask page follow without a restart
    assert seed.region not in at.multiselect(key="f_regions").options


# -- empty and error states -------------------------------------------------------------------------------
def test_no_index_explains_and_offers_to_build(empty_env: AppEnv) -> None:
    at = empty_env.app().run()
    assert not at.exception
    assert "还没有索引" in texts(at.info)
    assert at.button(key="build_seeds")
    for page in ("search", "similar", "document"):
        at.switch_page(f"ui/pages/{page}.py").run()
        assert not at.exception and "还没有索引" in texts(at.info)
    at.switch_page("ui/pages/library.py").run()
    assert at.file_uploader  # uploading is how a library starts without the seeds


@pytest.mark.slow
def test_build_seed_index_from_the_app(empty_env: AppEnv) -> None:
    at = empty_env.app().run()
    at.button(key="build_seeds").click().run()
    assert not at.exception, at.exception
    assert "向政府报告提问" in page_html(at)  # the ask page, ready to use
    assert (empty_env.index_dir / "current" / "manifest.json").is_file()


def test_upload_into_an_empty_library(empty_env: AppEnv) -> None:
    at = upload(empty_env.app().run(), [("江津区报告.txt", GOOD_REPORT.encode(), "text/plain")])
    assert "已加入索引" in texts(at.success)
    at.switch_page("ui/pages/ask.py").run()
    ask(at, "江津区全年减少入企检查多少次?")
    assert "312次" in page_html(at)
