"""One canonical form of Chinese text for matching: BM25 tokens, embeddings and queries.

The stored text is never changed (citations quote it and offsets point into it); this form only decides
what matches what. The same question must match a report whatever its script or typography:

* NFKC folds full-width digits/letters and compatibility ideographs (１２３ → 123, ＡＢＣ → ABC);
* private-use characters (Hong Kong files carry HKSCS characters mapped into the PUA) and zero-width
  characters are dropped: they are invisible and would split words;
* spaces *between two CJK characters* are removed: text extracted from PDFs (the Hong Kong files) has
  stray line-break spaces inside words, e.g. "香港特別 行政區"; spaces elsewhere ("Policy Address 2017",
  "第 3 条"-style numbers) are kept;
* OpenCC t2s converts Traditional to Simplified, so 施政報告 matches 施政报告.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from indexer.errors import ErrorCode, IndexerError

# Ideographs (incl. extension A and compatibility), CJK symbols and punctuation, full-width forms.
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3001-\u303f\uff01-\uff60\uffe0-\uffee"
_SPACE_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}])[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+(?=[{_CJK}])")
_ZERO_WIDTH = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")


@lru_cache(maxsize=1)
def _converter() -> Any:
    """The OpenCC converter is built once: loading its dictionaries takes far longer than converting."""
    try:
        import opencc
    except ImportError as error:
        raise IndexerError(
            "Traditional→Simplified matching needs OpenCC: pip install opencc",
            ErrorCode.MISSING_DEPENDENCY,
        ) from error
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → Simplified with OpenCC (phrase-aware: 乾隆 stays, 乾淨 → 干净)."""
    return _converter().convert(text)


def normalize_for_matching(text: str) -> str:
    """The matching form of ``text`` (see module docstring). Never store or display the result."""
    text = _ZERO_WIDTH.sub("", text)
    text = _PRIVATE_USE.sub("", text)
    # Before NFKC: NFKC turns U+3000 into an ASCII space and full-width punctuation into ASCII, after
    # which "between two CJK characters" could no longer be told apart from English spacing.
    text = _SPACE_BETWEEN_CJK.sub("", text)
    text = unicodedata.normalize("NFKC", text)
    return to_simplified(text)
