"""Which words of a query to mark in a result, and where they occur (the app's term highlighting).

Matching goes through the same normalisation as search (NFKC, Simplified), so a Traditional passage is
marked for a Simplified query; offsets always refer to the passage as stored.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from indexer.bm25_index import jieba
from indexer.normalize import normalize_for_matching, to_simplified

# Question words and report boilerplate: they occur everywhere, so highlighting them would mark nothing.
STOPWORDS = frozenset({
    "的", "了", "和", "与", "及", "是", "在", "有", "为", "对", "等", "哪些", "什么", "怎么", "怎样", "如何", "多少",
    "哪个", "是否", "情况", "工作", "开展", "推进", "进行",
})
_PHRASE_BREAK = re.compile(r"[\s,,。.??!!、;;::“”‘’'\"()()《》]+")


def query_terms(query: str) -> list[str]:
    """Words of a query worth highlighting in a result (two characters or more, no filler words), longest
    first so that the longest match wins."""
    normalised = normalize_for_matching(query)
    words = {w.strip() for w in jieba().lcut_for_search(normalised)}
    # A short query is often a name ("综合查一次") that jieba cuts into pieces: keep it whole as well, so the
    # longest match wins and the name is marked as one.
    words |= {p for p in _PHRASE_BREAK.split(normalised) if len(p) <= 12}
    return sorted((w for w in words if len(w) >= 2 and w not in STOPWORDS and not w.isspace()), key=len, reverse=True)


def term_spans(text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    """Where the terms occur in ``text``; Traditional text is matched through its Simplified form."""
    simplified = to_simplified(text)
    haystack = simplified if len(simplified) == len(text) else text  # offsets only carry over 1:1
    spans = []
    for term in terms:
        spans += [(m.start(), m.end()) for m in re.finditer(re.escape(term), haystack)]
    return spans
