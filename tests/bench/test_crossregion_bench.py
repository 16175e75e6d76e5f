"""The comparison bench's scoring: a row is right when it states the expected figure."""

from bench.crossregion_bench import same_figure


def test_a_figure_matches_whatever_words_the_writer_put_before_it() -> None:
    assert same_figure("5.4%", "下降5.4%") and same_figure("840亿斤", "超过840亿斤")
    assert same_figure("百分之五", "百分之五") and same_figure("1350.97亿斤", "1350.97亿斤")
    assert not same_figure("5.4%", "4.5%") and not same_figure("6.1%", "")
    assert not same_figure("840亿斤以上", "840亿斤")  # a target's bound is part of the figure
