"""Which indexed regions and years a question names ("朝天区…", "北京…", "2021年…").

Users name places the way they speak: "朝天区" for 广元市朝天区, "北京" for 北京市, "广西" for 广西壮族自治区.
Aliases are derived from the regions present in the index by general rules (administrative suffixes and
parent units), never from a hand-made list, so newly indexed regions work at once.
"""

from __future__ import annotations

import re

_UNIT = re.compile(
    r".+?(?:特别行政区|壮族自治区|回族自治区|维吾尔自治区|自治区|自治州|高新区|新区|省|市|州|盟|区|县|旗)"
)
_SUFFIX = re.compile(
    r"(?:特别行政区|壮族自治区|回族自治区|维吾尔自治区|自治区|自治州|高新区|新区|省|市|州|盟|区|县|旗)$"
)
_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")


# The national level is named by who reports for it: "国务院的报告", "总理在报告里…".
_NATIONAL = {"全国": {"国务院", "总理"}}


def region_aliases(region: str) -> set[str]:
    """广元市朝天区 → {广元市朝天区, 朝天区, 朝天}; 广元市 alone would also name its other districts."""
    aliases = {region} | _NATIONAL.get(region, set())
    units = _UNIT.findall(region)
    if "".join(units) != region and _SUFFIX.search(region):
        units = [region]  # "贵州省", "杭州市": a name ending in 州 is not a unit of its own
    if units and "".join(units) == region:
        last = units[-1]
        aliases.add(last)
        core = _SUFFIX.sub("", last)
        if len(core) >= 2:
            aliases.add(core)
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
    return {int(y) for y in _YEAR.findall(normalised_query)}
