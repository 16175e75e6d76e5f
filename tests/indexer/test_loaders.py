"""Loading every supported format from real report text, and failing clearly on bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer import loaders
from indexer.errors import DocumentLoadError, UnsupportedFormatError
from indexer.loaders import SUPPORTED_EXTENSIONS, load_document, strip_tags

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEED_001 = SEEDS / "001_cabebfb8727e5438.txt"
SEED_003 = SEEDS / "003_2bfe8e35bc84f18f.txt"
TITLE = "2023年度通城县法治政府建设工作报告"
PARAGRAPHS = [line.strip() for line in SEED_003.read_text(encoding="utf-8").split("\n")[4:13] if line.strip()]


def test_txt_is_stored_exactly_as_decoded(tmp_path: Path) -> None:
    document = load_document(SEED_001)
    assert document.text == SEED_001.read_text(encoding="utf-8")
    assert (document.format, document.encoding, document.source) == ("txt", "utf-8", str(SEED_001))
    assert load_document(SEED_001, source="seeds/001.txt").source == "seeds/001.txt"


def test_gb18030_txt_with_crlf_and_bom_md(tmp_path: Path) -> None:
    text = SEED_003.read_text(encoding="utf-8")  # has U+2002 and •, which only GB18030 (not GBK) encodes
    (tmp_path / "report.txt").write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    (tmp_path / "report.md").write_bytes(text.encode("utf-8-sig"))
    gbk = load_document(tmp_path / "report.txt")
    assert (gbk.text, gbk.encoding, gbk.format) == (text, "gb18030", "txt")
    markdown = load_document(tmp_path / "report.md")
    assert (markdown.text, markdown.encoding, markdown.format) == (text, "utf-8-sig", "txt")


def _html(charset: str) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{TITLE}_通城县人民政府</title>
<script type="text/javascript">var tracker = "统计脚本不应出现在正文";</script>
<style>.nav {{ color: red; }}</style></head>
<body>
<div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt;
<a href="/fzzf">法治政府</a></div>
<div class="article"><h1>{TITLE}</h1><div class="info">日期:2024-02-26 14:37 字号:大 中 小</div>
{body}
</div>
<div class="footer">版权所有：通城县人民政府办公室 主办单位：通城县人民政府 鄂ICP备05003357号</div>
</body></html>"""


@pytest.mark.parametrize("charset", ["gbk", "utf-8"])
def test_html_keeps_main_text_with_paragraph_breaks(tmp_path: Path, charset: str) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(_html(charset).encode(charset))
    document = load_document(path)
    assert document.format == "html"
    assert document.encoding in ("gb18030", "utf-8")
    lines = document.text.split("\n")
    for paragraph in PARAGRAPHS:
        assert paragraph in lines  # one paragraph per line, exactly as written
    assert TITLE in document.text
    for chrome in ("统计脚本", "color: red", "版权所有", "鄂ICP备"):
        assert chrome not in document.text


def test_html_with_wrong_charset_declaration_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_bytes(_html("big5").encode("utf-8"))  # declares big5, is UTF-8
    assert PARAGRAPHS[0] in load_document(path).text


def test_html_falls_back_to_tag_stripping(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loaders, "_trafilatura_text", lambda html, path: "")
    path = tmp_path / "page.html"
    path.write_text(_html("utf-8"), encoding="utf-8")
    lines = load_document(path).text.split("\n")
    for paragraph in PARAGRAPHS:
        assert paragraph in lines
    assert not any("统计脚本" in line or "color: red" in line for line in lines)


def test_strip_tags_breaks_lines_at_blocks_and_skips_scripts() -> None:
    html = "<div>一、基本情况<br>区委高度重视</div><script>x=1</script><nav>首页</nav><p>二、存在的问题</p>"
    assert strip_tags(html) == "一、基本情况\n区委高度重视\n二、存在的问题"


def test_docx_paragraphs_one_per_line_and_table_rows_with_headers(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_heading(TITLE, level=1)
    for paragraph in PARAGRAPHS[:3]:
        document.add_paragraph(paragraph)
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text, table.cell(0, 1).text, table.cell(0, 2).text = "指标", "2022年", "2023年"
    table.cell(1, 0).text, table.cell(1, 1).text = "行政复议案件", "41起"
    table.cell(1, 1).merge(table.cell(1, 2))
    document.add_paragraph("三、下一步工作计划")
    path = tmp_path / "report.docx"
    document.save(str(path))

    loaded = load_document(path)
    assert loaded.format == "docx" and loaded.encoding is None
    lines = loaded.text.split("\n")
    expected = [
        TITLE,
        *PARAGRAPHS[:3],
        "指标: 行政复议案件 | 2022年: 41起 | 2023年: 41起",  # one line per row; a merged cell under each header
        "三、下一步工作计划",
    ]
    assert lines == expected


def _pdf(path: Path, lines: list[str]) -> None:
    pytest.importorskip("reportlab", reason="PDF fixtures are generated with reportlab (a test dependency)")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(path))
    y = 800
    for line in lines:
        pdf.setFont("STSong-Light", 11)
        pdf.drawString(40, y, line)
        y -= 20
    pdf.rect(40, 100, 200, 100)  # a drawing, no text
    pdf.showPage()
    pdf.save()


def test_pdf_text_layer(tmp_path: Path) -> None:
    lines = [TITLE, "一、党政主要负责人履行推进法治建设第一责任人职责", PARAGRAPHS[1][:40]]
    path = tmp_path / "report.pdf"
    _pdf(path, lines)
    loaded = load_document(path)
    assert loaded.format == "pdf"
    assert [line.strip() for line in loaded.text.split("\n") if line.strip()] == lines


def test_pdf_without_text_layer_and_nothing_for_ocr_to_read(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    _pdf(path, [])  # a drawing only: OCR reads the page and finds nothing
    with pytest.raises(DocumentLoadError, match=r"scan\.pdf: no text layer \(scanned PDF\?\), and OCR found no text"):
        load_document(path)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        (
            "broken.pdf",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >>\ngarbage",
            "not a readable PDF",
        ),
        ("broken.docx", b"PK\x03\x04 this is not really a zip archive", "not a readable .docx"),
        ("notes.docx", "一、工作开展情况".encode(), "not a readable .docx"),
        ("binary.txt", bytes(range(256)) * 8, "cannot determine the text encoding"),
    ],
)
def test_corrupt_files_name_the_file_and_the_reason(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(DocumentLoadError, match=reason) as caught:
        load_document(path)
    assert str(caught.value).startswith(f"{name}: ")


@pytest.mark.parametrize(("name", "data"), [("empty.txt", b""), ("blank.md", " \n\t\r\n\u3000".encode())])
def test_empty_or_whitespace_only(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(DocumentLoadError, match=f"{name}: "):
        load_document(path)


def test_html_with_only_markup_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><head><script>var a=1;</script></head><body> </body></html>", encoding="utf-8")
    with pytest.raises(DocumentLoadError, match=r"empty\.html: no text found"):
        load_document(path)


def test_unsupported_extension_lists_supported_ones(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(UnsupportedFormatError) as caught:
        load_document(path)
    message = str(caught.value)
    assert "report.xlsx" in message and "'.xlsx'" in message
    for extension in SUPPORTED_EXTENSIONS:
        assert extension in message
    assert isinstance(caught.value, DocumentLoadError)  # the build treats it like any unreadable file


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DocumentLoadError, match=r"gone\.txt: cannot read file"):
        load_document(tmp_path / "gone.txt")


def test_supported_extensions() -> None:
    assert set(SUPPORTED_EXTENSIONS) == {
        ".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".png", ".jpg", ".jpeg", ".tif", ".tiff"
    }
    assert load_document(SEED_001).format == "txt"
