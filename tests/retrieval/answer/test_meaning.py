"""Closeness in meaning of clauses to a question, with the real bundled embedding model."""

from __future__ import annotations

import pytest

from config import AnswerSettings
from retrieval.answer.evidence import from_hits
from retrieval.answer.meaning import Meaning
from retrieval.answer.query import SpanScorer, analyse
from retrieval.types import Hit, Passage

# The question shares the word 看病 with the wrong sentence only; the right one says 住院费用报销比例.
PASSAGE = (
    "城乡居民医保政策范围内住院费用报销比例稳定在70%左右，门诊慢特病实现跨省直接结算。"
    "新建社区卫生服务站12个，群众看病就医更加方便。"
)
QUESTION = "老百姓看病能报销多少？"


def test_the_clause_that_means_the_question_is_closest(embedder) -> None:
    meaning = Meaning(embedder, QUESTION)
    meaning.prepare([PASSAGE])
    answer = meaning.similarity("城乡居民医保政策范围内住院费用报销比例稳定在70%左右")
    other = meaning.similarity("新建社区卫生服务站12个")
    assert answer > other
    assert meaning.lift("城乡居民医保政策范围内住院费用报销比例稳定在70%左右") > 0


def test_a_span_is_as_close_as_its_closest_clause(embedder) -> None:
    meaning = Meaning(embedder, QUESTION)
    sentence = "城乡居民医保政策范围内住院费用报销比例稳定在70%左右，门诊慢特病实现跨省直接结算。"
    clause = "城乡居民医保政策范围内住院费用报销比例稳定在70%左右"
    other = "门诊慢特病实现跨省直接结算"
    assert meaning.similarity(sentence) == max(meaning.similarity(clause), meaning.similarity(other))


def test_meaning_lifts_the_closer_sentence_in_the_span_score(embedder) -> None:
    # "粮食产量达到732.5亿斤" answers 打了多少斤; the other sentence is about the same province only.
    question = "四川去年粮食收成咋样,打了多少斤?"
    closer = "生猪出栏6248万头，粮食产量达到732.5亿斤、创历史新高"
    farther = "2025年初，自然资源部将四川确定为试点省份之一"
    query = analyse(question)
    meaning = Meaning(embedder, query.normalised)
    lexical = SpanScorer(query, [closer, farther])
    semantic = SpanScorer(query, [closer, farther], meaning=meaning, meaning_weight=5.0)
    assert meaning.similarity(closer) > meaning.similarity(farther)
    gain = {text: semantic.score(text)[0] - lexical.score(text)[0] for text in (closer, farther)}
    assert gain[closer] > gain[farther]
    assert gain[closer] == 5.0 * meaning.lift(closer)


def test_evidence_calls_the_model_only_with_a_weight() -> None:
    class Refuses:
        def encode_queries(self, texts):
            raise AssertionError("encoded although the weight is 0")

        encode_documents = encode_queries

    hit = Hit(Passage("d", "s", "t", None, None, "", PASSAGE, 0, len(PASSAGE)), 1, 1.0)
    settings = AnswerSettings(meaning_weight=0.0)
    evidence = from_hits(analyse(QUESTION), [hit], ["t"], settings, Refuses())
    assert evidence.scorer.meaning is None and evidence.passages
    with pytest.raises(AssertionError, match="encoded"):
        from_hits(analyse(QUESTION), [hit], ["t"], AnswerSettings(meaning_weight=1.0), Refuses())
