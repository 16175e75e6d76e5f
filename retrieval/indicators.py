"""The names reports give their indicators, read from the index, and the one a question's measure means.

People ask in their own words ("去年打了多少斤粮食", "社零总额", "老百姓收入涨了多少"); reports state figures
under a small set of shared names ("粮食产量", "社会消费品零售总额增长", "居民人均可支配收入增长"). The names are
read from the indexed reports themselves (the words right before a figure that several reports use), never
from a hand-made list, and the one a measure means is found by the index's embedding model:

    vocabulary = IndicatorVocabulary.of(retrieval)
    vocabulary.nearest("斤 粮食")        # Indicator("粮食产量", 0.9…)

The comparison adds that name to the measure's wordings when the similarity clears a threshold calibrated on
the train questions (``compare.indicator_min_similarity``), so a figure labelled in report words is found for
a question asked in everyday ones. The figure itself is still only read from the report's sentence.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from indexer.embedding import Embedder
from retrieval.answer.text import norm
from retrieval.figures import FIGURE_RE

if TYPE_CHECKING:
    from retrieval.service import Retrieval

# The words right before a figure, back to the previous punctuation or figure: its label.
_LABEL_BEFORE = re.compile(r"([\u3400-\u9fff“”]{2,24})$")
# Words that open a label without naming the indicator: where ("全省"), when ("全年"), how ("实现").
_LEAD = re.compile(
    r"^(?:全省|全市|全区|全县|全国|全年|全体|地方|我省|我市|我区|其中|实现|完成|达到|共|累计|今年|去年|预计|初步统计|"
    r"主要预期目标是|预期目标是|目标是|分别|同比|比上年|“|”)+"
)
# What kind of figure a label states, or how it pairs a list, is no part of the indicator's name: "固定资产投资年均
# 增长6.3%" and "固定资产投资增长6%" name one indicator, and the comparison reads the kind (an average over years, a
# running total) from the sentence itself (retrieval/figures.py). Left in, the nearest name to "固投涨跌" was the
# 年均 one, under which no report states the year's growth (docs/benchmarks.md, cross-region sixteenth pass).
_KIND_WORDS = re.compile(r"年均|累计|分别")
# "增速居全国第" (3位), "跃升至第" (5位): a rank, not an indicator
_RANK = re.compile(r"第$|居全国|位居|排名")
_MIN_CHARS = 4  # "粮食产量", "城镇新增就业": shorter labels are verbs ("新增", "建成") or fragments
_MIN_DOCUMENTS = 3  # a name at least three reports use is a shared indicator, not one report's wording
_SMALL_INDEX = 10


@dataclass(frozen=True)
class Indicator:
    name: str
    similarity: float


def labels_in(text: str) -> set[str]:
    """The labels of the figures in a report's text, each once, in matching form. Only the labels are
    normalised (normalising a whole report through OpenCC takes far longer than reading its figures)."""
    found: set[str] = set()
    for match in FIGURE_RE.finditer(text):
        if not (match["mag"] or match["unit"]):
            continue
        before = _LABEL_BEFORE.search(text, max(0, match.start() - 24), match.start())
        if before:
            label = _KIND_WORDS.sub("", _LEAD.sub("", norm(before.group(1)).replace("“", "").replace("”", "")))
            if len(label) >= _MIN_CHARS and not _RANK.search(label):
                found.add(label)
    return found


class IndicatorVocabulary:
    def __init__(self, names: list[str], embedder: Embedder) -> None:
        self.names = names
        self.embedder = embedder
        self._vectors: np.ndarray | None = None

    @classmethod
    def from_texts(cls, texts: list[str], embedder: Embedder, min_documents: int | None = None
                   ) -> IndicatorVocabulary:
        """Names used by at least ``min_documents`` reports (default: 3, or 2 in an index of a few reports)."""
        return cls.from_labels([labels_in(text) for text in texts], embedder, min_documents)

    @classmethod
    def from_labels(cls, per_document: list[set[str]], embedder: Embedder, min_documents: int | None = None
                    ) -> IndicatorVocabulary:
        """The same from each document's ``labels_in`` (what an index could store per document at build time)."""
        if min_documents is None:
            min_documents = _MIN_DOCUMENTS if len(per_document) >= _SMALL_INDEX else 2
        counts: Counter[str] = Counter()
        for labels in per_document:
            counts.update(labels)
        return cls(sorted(name for name, n in counts.items() if n >= min_documents), embedder)

    def nearest(self, measure: str, same_quantity: re.Pattern[str] | None = None) -> Indicator | None:
        """The indicator name closest in meaning to ``measure`` (cosine of the e5 embeddings). With
        ``same_quantity`` (a pattern of rate words: 增长, 率, 比重…), only names that agree with the measure on it
        qualify: "GDP总量" asks for a level, and "地区生产总值增长" names a rate, however close in meaning."""
        if not self.names or not measure.strip():
            return None
        if self._vectors is None:
            self._vectors = self.embedder.encode_documents(self.names)
        probe = self.embedder.encode_queries([norm(measure)])[0]
        scores = self._vectors @ probe
        if same_quantity is not None:
            rate = bool(same_quantity.search(norm(measure)))
            agree = np.array([bool(same_quantity.search(name)) == rate for name in self.names])
            if not agree.any():
                return None
            scores = np.where(agree, scores, -np.inf)
        best = int(np.argmax(scores))
        return Indicator(self.names[best], float(scores[best]))


def vocabulary_of(retrieval: Retrieval) -> IndicatorVocabulary:
    """The vocabulary of the opened index, read from its reports on first use (a few seconds for 50 reports)
    and kept with the loaded version (``SearchIndex.derived``): a refresh to a newer version reads it anew."""

    def read() -> IndicatorVocabulary:
        texts = [retrieval.document_text(d.doc_id) or "" for d in retrieval.documents()]
        return IndicatorVocabulary.from_texts(texts, retrieval.index.embedder)

    return retrieval.index.derived("indicator_vocabulary", read)
