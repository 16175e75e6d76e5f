"""Which indexed regions and years a question names ("朝天区…", "北京…", "2021年…").

Users name places the way they speak: "朝天区" for 广元市朝天区, "北京" for 北京市, "广西" for 广西壮族自治区.
Aliases are derived from the regions present in the index by general rules (administrative suffixes and
parent units), not from a list of regions, so newly indexed regions work at once. The only fixed names are
who speaks for the national level and Hong Kong (国务院, 总理, the premiers and Chief Executives: ``_SPEAKERS``)
and, for places a question names that no report is about (``places_named``), the provincial-level units people
name without a suffix.
"""

from __future__ import annotations

import re

_UNITS = r"特别行政区|壮族自治区|回族自治区|维吾尔自治区|自治区|自治州|高新区|新区|省|市|州|盟|区|县|旗"
_UNIT = re.compile(rf".+?(?:{_UNITS})")
_SUFFIX = re.compile(rf"(?:{_UNITS})$")
YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")


# Some levels are named by who reports for them: "国务院的报告", "总理在报告里…", "李克强2016年说…",
# "林郑月娥提出…". The heads of the State Council and of Hong Kong since 1997 are named here because their
# reports do not name them; a province's report names its governor beside the region, which users name too.
# Keyed by the alias of the region (全国, 香港), so an index that calls Hong Kong "香港特别行政区" matches.
_SPEAKERS = {
    "全国": {"国务院", "总理", "朱镕基", "温家宝", "李克强", "李强"},
    "香港": {"董建华", "曾荫权", "梁振英", "林郑月娥", "李家超"},
}


def region_aliases(region: str) -> set[str]:
    """广元市朝天区 → {广元市朝天区, 朝天区, 朝天}; 广元市 alone would also name its other districts."""
    aliases = {region} | _SPEAKERS.get(region, set())
    units = _UNIT.findall(region)
    if "".join(units) != region and _SUFFIX.search(region):
        units = [region]  # "贵州省", "杭州市": a name ending in 州 is not a unit of its own
    if units and "".join(units) == region:
        last = units[-1]
        aliases.add(last)
        core = _SUFFIX.sub("", last)
        if len(core) >= 2:
            aliases.add(core)
            aliases |= _SPEAKERS.get(core, set())
    return aliases


class RegionMatcher:
    def __init__(self, regions: list[str]) -> None:
        self._aliases: list[tuple[str, str]] = sorted(
            ((alias, region) for region in regions for alias in region_aliases(region)),
            key=lambda pair: -len(pair[0]),
        )

    def regions_in(self, normalised_query: str) -> set[str]:
        return {region for alias, region in self._aliases if alias in normalised_query}


def years_in(normalised_query: str) -> set[int]:
    return {int(y) for y in YEAR.findall(normalised_query)}


# Provincial-level units, which people name without a suffix ("澳门", "内蒙古"); below that level a place
# name is only taken as one with its administrative suffix ("利州区", "成都市"), because jieba also tags
# words such as 城市 or 三江 as places.
PROVINCES = frozenset({
    "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽",
    "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西",
    "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门",
})
_PLACE_SUFFIX = re.compile(rf"(?:自治县|开发区|园区|{_UNITS})")  # the region units, and three a question may add


def places_named(normalised_query: str) -> list[str]:
    """Place names in a question, whether or not they are indexed: "广元市利州区…" → [广元市, 利州区].

    jieba tags place names (ns); a name it splits from its suffix ("利州" + "区") gets the suffix back."""
    words = tagged(normalised_query)
    places: list[str] = []
    for i, (word, flag) in enumerate(words):
        following = words[i + 1][0] if i + 1 < len(words) else ""
        if flag.startswith("ns") and _PLACE_SUFFIX.fullmatch(following):
            word += following
        core = _SUFFIX.sub("", word)
        if word in PROVINCES or core in PROVINCES or (flag.startswith("ns") and core != word and len(core) >= 2):
            places.append(word)
    return places


def place_core(place: str) -> str:
    """The part of a place name that texts repeat: 成都市 → 成都, 利州区 → 利州 (澳门 stays 澳门)."""
    core = _SUFFIX.sub("", place)
    return core if len(core) >= 2 else place


def tagged(text: str) -> list[tuple[str, str]]:
    """jieba's words with their part-of-speech tags (ns: a place name)."""
    from indexer.bm25_index import jieba

    jieba()  # the dictionary loaded once, quietly
    import jieba.posseg as posseg

    return [(pair.word, pair.flag) for pair in posseg.cut(text)]
