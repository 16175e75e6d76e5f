"""The miss categories of the comparison bench, on the real seed index: each expected row lands in the category
that says why it was or was not shown."""

from __future__ import annotations

from bench.compare_misses import categorise, fit_acceptance

RECEIVED = "朝天区和通城县各收到多少件行政复议申请?"  # the reports say 26件 and 62件
NOT_STATED = "朝天区和通城县各有多少个5G基站?"  # neither report states it: no row shows a figure


def _item(id_: str, question: str, chaotian: str | None, tongcheng: str | None) -> dict:
    return {"id": id_, "question": question, "rows": [
        {"region": "广元市朝天区", "value": chaotian, "source": "seeds/000_7d2528075ee80db9.txt"},
        {"region": "通城县", "value": tongcheng, "source": "seeds/003_2bfe8e35bc84f18f.txt"},
    ]}


def test_shown_rows_are_right_or_wrong_and_a_respected_trap_is_right(retrieval) -> None:
    misses = categorise(retrieval, [_item("q1", RECEIVED, "26件", "62件"), _item("q2", RECEIVED, "21件", None),
                                    _item("q3", NOT_STATED, None, None)])
    assert [(m.question, m.category) for m in misses] == [
        ("q1", "right"), ("q1", "right"),
        ("q2", "wrong figure shown"),  # 26件 where the writer expects the 21 accepted
        ("q2", "wrong figure shown"),  # a trap: any figure shown is wrong
        ("q3", "right"), ("q3", "right"),  # traps with nothing shown
    ]
    assert misses[0].asked == RECEIVED and misses[0].region == "广元市朝天区"


def test_a_row_with_nothing_shown_says_where_the_expected_figure_ranked(retrieval) -> None:
    (absent, _) = categorise(retrieval, [_item("q4", NOT_STATED, "98765个", None)])
    assert absent.category == "missed, not a candidate" and not absent.expected_is_best
    assert absent.best is not None  # the best candidate of the kind asked, kept for --fit
    (first, _) = categorise(retrieval, [_item("q5", NOT_STATED, absent.best.figure.value, None)])
    assert first.category.startswith("missed, ranked first: ") and first.expected_is_best
    assert first.category.endswith("no figure names the measure well enough")


def test_the_fit_says_when_there_is_too_little_to_fit(retrieval, capsys) -> None:
    fit_acceptance(categorise(retrieval, [_item("q1", RECEIVED, "26件", "62件")]), retrieval)
    assert "too few rows" in capsys.readouterr().out
