"""Cross-region answers in the app (AppTest, seed index): a comparison as a table with a chart and downloads,
"who else" answers grouped by region, plain-word questions on the 相似举措 page, the Markdown export."""

from __future__ import annotations

from tests.ui.conftest import AppEnv
from tests.ui.test_app import ask, page_html

COMPARE = "朝天区和通城县各收到多少件行政复议申请?"
ELSEWHERE = "朝天区推行府院联动，还有哪些地方也在做?"


def _downloads(at) -> dict[str, object]:
    return {button.label: button for button in at.get("download_button")}


def test_comparison_shows_a_table_a_chart_and_downloads(app_env: AppEnv) -> None:
    at = ask(app_env.app().run(), COMPARE)
    html = page_html(at)
    assert 'class="gq-compare"' in html
    table = html[html.index('class="gq-compare"') :]
    assert "26件" in table and "62件" in table and "实际数" in table
    assert any(str(caption.value).startswith("按“") and "比较实际数" in str(caption.value) for caption in at.caption)
    assert 'href="document?doc=' in table  # each figure links to its sentence, highlighted
    assert at.get("vega_lite_chart"), "figures in one unit (件) get a bar chart"
    labels = {b.proto.label for b in at.get("download_button")}
    assert {"下载 CSV", "下载 Excel", "导出 Markdown"} <= labels


def test_elsewhere_answer_is_grouped_by_region_without_the_probe(app_env: AppEnv) -> None:
    at = ask(app_env.app().run(), ELSEWHERE)
    html = page_html(at)
    assert '<div class="gq-region">通城县</div>' in html
    assert '<div class="gq-region">广元市朝天区</div>' not in html  # the example is not an answer


def test_similar_page_takes_a_question_in_plain_words(app_env: AppEnv) -> None:
    at = app_env.app()
    at.switch_page("ui/pages/similar.py").run()
    at.text_input(key="similar_text").input(ELSEWHERE).run()
    assert not at.exception, at.exception
    html = page_html(at)
    assert '<div class="gq-region">通城县</div>' in html and "广元市朝天区</div>" not in html
    assert any("已排除广元市朝天区" in str(caption.value) for caption in at.caption)


def test_similar_page_names_an_example_given_by_district(app_env: AppEnv) -> None:
    at = app_env.app()
    at.switch_page("ui/pages/similar.py").run()
    at.text_input(key="similar_text").input("上党区被推荐创建法治政府示范，其他地方呢?").run()
    assert not at.exception, at.exception
    assert any("已排除上党区（长治市）" in str(caption.value) for caption in at.caption)
    assert "长治市</div>" not in page_html(at)
