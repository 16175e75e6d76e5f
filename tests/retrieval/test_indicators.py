"""Report indicator names read from real reports, and the one an everyday measure means (real e5 model)."""

from __future__ import annotations

from retrieval.indicators import IndicatorVocabulary, labels_in
from tests.conftest import require_shared


def _reports(numbers: range) -> list[str]:
    folder = require_shared() / "corpus" / "gov-reports"
    return [(folder / f"{n:03d}.txt").read_text(encoding="utf-8") for n in numbers]


def test_labels_are_the_words_right_before_figures() -> None:
    (henan,) = _reports(range(16, 17))
    labels = labels_in(henan)
    assert {"粮食产量", "社会消费品零售总额增长", "城镇新增就业"} <= labels
    assert not any(label.endswith("第") for label in labels)  # "增速居全国第" is a rank, not an indicator
    assert all(len(label) >= 4 for label in labels)  # "新增", "建成": verbs, not names


def test_a_label_names_the_indicator_without_the_kind_of_figure_it_states() -> None:
    assert labels_in("固定资产投资年均增长6.3%，") == {"固定资产投资增长"}
    assert labels_in("城乡居民人均可支配收入分别增长4.2%、5.3%") == {"城乡居民人均可支配收入增长"}
    assert labels_in("累计新增城镇就业320万人") == {"新增城镇就业"}


def test_an_average_and_a_year_s_figure_count_as_one_shared_name(embedder) -> None:
    reports = ["固定资产投资年均增长6.3%。", "固定资产投资增长6%。"]  # a small index: two reports share a name
    assert IndicatorVocabulary.from_texts(reports, embedder).names == ["固定资产投资增长"]


def test_traditional_reports_give_simplified_labels() -> None:
    (hong_kong,) = _reports(range(33, 34))
    assert all(label == label.replace("業", "业") for label in labels_in(hong_kong))


def test_everyday_words_find_the_indicator_the_reports_use(embedder) -> None:
    vocabulary = IndicatorVocabulary.from_texts(_reports(range(1, 32)), embedder)
    assert "粮食产量" in vocabulary.names and "一般公共预算收入增长" in vocabulary.names
    assert vocabulary.nearest("社零总额增速").name.startswith("社会消费品零售总额")
    assert vocabulary.nearest("生产总值 跑出 增长").name.endswith("生产总值增长")
    nearest = vocabulary.nearest("老百姓 收入涨")
    assert "居民人均可支配收入" in nearest.name and 0 < nearest.similarity <= 1
    assert vocabulary.nearest("") is None


def test_the_vocabulary_is_read_once_per_loaded_index_version(tmp_path, indexer_settings, embedder) -> None:
    from indexer.pipeline import IndexBuilder
    from retrieval.indicators import vocabulary_of
    from retrieval.service import Retrieval

    corpus = tmp_path / "docs"
    corpus.mkdir()
    (corpus / "a.txt").write_text("通城县2023年法治政府建设工作报告\n全年共办理行政复议案件62件。\n", encoding="utf-8")
    builder = IndexBuilder(indexer_settings, embedder)
    assert not builder.run([str(corpus)], index_dir=tmp_path / "index").failed
    retrieval = Retrieval.open(tmp_path / "index", indexer_settings, embedder=embedder)
    first = vocabulary_of(retrieval)
    assert vocabulary_of(retrieval) is first and first.names == []  # one report: no shared name yet
    (corpus / "b.txt").write_text("朝天区2024年法治政府建设工作报告\n全年共办理行政复议案件26件。\n", encoding="utf-8")
    assert not builder.run([str(corpus)], index_dir=tmp_path / "index").failed
    assert retrieval.index.refresh()
    assert vocabulary_of(retrieval).names == ["办理行政复议案件"]  # read anew from the new version
