"""Which words of a query to mark in a result, and where they occur (the app's term highlighting).

Matching goes through the same normalisation as search (NFKC, Simplified), so a Traditional passage is
marked for a Simplified query; offsets always refer to the passage as stored.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from indexer.bm25_index import jieba
from indexer.normalize import normalize_for_matching, to_simplified
from retrieval.terms import REPORT_BOILERPLATE, without_question_words

_PHRASE_BREAK = re.compile(r"[\s,,。.??!!、;;::“”‘’'\"()()《》]+")


def query_terms(query: str) -> list[str]:
    """Words of a query worth highlighting in a result, longest first so that the longest match wins: the
    query without its question words (the answer layer's list, retrieval/terms.py), cut by jieba, two
    characters or more (single characters such as 的/和/在 would mark everything), no report boilerplate."""
    content = without_question_words(normalize_for_matching(query))
    words = {w.strip() for w in jieba().lcut_for_search(content)}
    # A short query is often a name ("综合查一次") that jieba cuts into pieces: keep it whole as well, so the
    # longest match wins and the name is marked as one.
    words |= {p for p in _PHRASE_BREAK.split(content) if len(p) <= 12}
    return sorted((w for w in words if len(w) >= 2 and w not in REPORT_BOILERPLATE), key=len, reverse=True)


def term_spans(text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    """Where the terms occur in ``text``; Traditional text is matched through its Simplified form."""
    simplified = to_simplified(text)
    haystack = simplified if len(simplified) == len(text) else text  # offsets only carry over 1:1
    spans = []
    for term in terms:
        spans += [(m.start(), m.end()) for m in re.finditer(re.escape(term), haystack)]
    return spans
