"""Which sentence of a region's report states the measure asked about, and which figure in it is the answer.

Every figure of a compatible unit in the region's chosen reports is a candidate. It is scored by how well the
words right before it name the measure ("粮食产量1350.97亿斤" for 粮食产量: its label), by the embedding
similarity of measure and label context (the index's embedder), and by whether the search ranked its passage.
The figure itself is only ever *read* from the sentence: nothing here writes a number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.embedding import Embedder
from indexer.store import ChunkRecord, DocumentRecord
from retrieval.answer.text import coverage, norm, sentences, units
from retrieval.crossregion_settings import CompareSettings
from retrieval.figures import SentenceFigure, is_percent, read_figures

# A measure of change or share is answered by a percentage; any other by an amount (亿斤, 件, 万亿元…).
_PERCENT_MEASURE = re.compile(r"增长|增速|增幅|下降|降低|提高|上涨|涨幅|(?<!效)率|比重|占比|比例|百分|强度")
_CHAR_SHARE = 0.25  # character coverage next to bigram coverage: reports abbreviate (网上办理 → 网办)
# Score = coverage of the measure by the label and the words before it together (the topic is often named
# once for several figures: "收到行政复议申请26件,受理21件"), plus this share of the label's own coverage (which
# figure of the clause chain the measure names: 受理 → 21件).
_LABEL_SHARE = 0.5
# People name indicators in everyday words, reports in statistical ones. A vocabulary, not a list of cases.
_REPORT_WORDS = (
    (re.compile(r"gdp|国内生产总值|经济总量|经济(?=增|\s|$)", re.IGNORECASE), "生产总值"),
    (re.compile(r"财政收入"), "一般公共预算收入"),
    (re.compile(r"外贸"), "进出口"), (re.compile(r"增速|增幅|(?<!\S)长(?!\S)"), "增长"),
)
_SAME_UNIT = ({"件", "宗"}, {"人", "名"}, {"个", "项", "個", "項"})


@dataclass(frozen=True)
class Candidate:
    figure: SentenceFigure
    document: DocumentRecord
    sentence: str  # exactly document_text[start:end]
    start: int
    end: int
    lexical: float
    dense: float = 0.0
    score: float = 0.0


class FigurePicker:
    def __init__(self, embedder: Embedder, settings: CompareSettings) -> None:
        self.embedder = embedder
        self.settings = settings

    def candidates(
        self, measure: str, unit: str, documents: list[tuple[DocumentRecord, list[ChunkRecord]]],
        ranked_chunks: set[int],
    ) -> list[Candidate]:
        """Figures of a compatible unit in the documents' sentences, best first (score set)."""
        measures = {norm(measure), report_words(norm(measure))}
        percent = any(_PERCENT_MEASURE.search(m) for m in measures) and not unit
        found: list[Candidate] = []
        for document, chunks in documents:
            seen: set[int] = set()
            for chunk in chunks:
                bonus = self.settings.retrieval_bonus if chunk.chunk_id in ranked_chunks else 0.0
                for sentence in sentences(chunk.text):
                    start = chunk.start + sentence.start
                    if start in seen:  # overlapping chunks repeat sentences
                        continue
                    seen.add(start)
                    for figure in read_figures(sentence.text, chunk.section):
                        if not _unit_fits(figure.unit, unit, percent):
                            continue
                        lexical = max(_wording(m, figure.label, figure.context) for m in measures)
                        found.append(Candidate(figure, document, sentence.text, start, start + len(sentence.text),
                                               lexical, score=lexical + bonus))
        return self._add_dense(report_words(norm(measure)), found)

    def _add_dense(self, measure: str, found: list[Candidate]) -> list[Candidate]:
        found.sort(key=lambda c: -c.score)
        head = found[: self.settings.dense_candidates]
        if not head or self.settings.dense_weight == 0:
            return found
        vectors = self.embedder.encode_documents([norm(c.figure.context + c.figure.value) for c in head])
        probe = self.embedder.encode_queries([measure])[0]
        rescored = [
            _with_dense(c, float(vector @ probe), self.settings) for c, vector in zip(head, vectors, strict=True)
        ]
        return sorted(rescored, key=lambda c: -c.score) + found[len(head) :]


def _with_dense(candidate: Candidate, cosine: float, settings: CompareSettings) -> Candidate:
    dense = max(0.0, cosine - settings.dense_floor) / (1 - settings.dense_floor)
    return Candidate(candidate.figure, candidate.document, candidate.sentence, candidate.start, candidate.end,
                     candidate.lexical, dense, candidate.score + settings.dense_weight * dense)


def report_words(measure: str) -> str:
    """The measure in the words reports use: "经济 长" → "生产总值 增长", "财政收入增速" → "一般公共预算收入增长"."""
    for pattern, words in _REPORT_WORDS:
        measure = pattern.sub(words, measure)
    return measure


def _wording(measure: str, label: str, context: str) -> float:
    return _cover(measure, norm(label + context)) + _LABEL_SHARE * _cover(measure, norm(label))


def _cover(measure: str, normalised: str) -> float:
    chars = set(re.sub(r"\s", "", measure))
    return (1 - _CHAR_SHARE) * coverage(units(measure), units(normalised)) + _CHAR_SHARE * coverage(
        chars, set(normalised)
    )


def _unit_fits(found: str, asked: str, percent: bool) -> bool:
    if found.endswith(("个百分点", "個百分點")):  # a difference between rates, never the rate itself
        return False
    if asked:
        base = found.lstrip("万萬亿億千")
        return base == asked or found.endswith(asked) or any(asked in g and base in g for g in _SAME_UNIT)
    return is_percent(found) if percent else not is_percent(found) and found not in ("倍", "天", "小时", "岁")
