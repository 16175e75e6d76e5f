"""What a report is about: title, region, the year it covers, and when the page says it was published.

Region and year let users filter ("朝天区 2024") and let answers say which report they quote, so they are
extracted by general rules, never per file:

* title: the first short, title-like paragraph before the body starts, else the file name;
* region: an administrative name in the title, else the name that dominates the text (a report keeps
  naming its own area); State Council reports are "全国". Always Simplified, and the most specific unit
  with its parent when they are written together (广元市朝天区);
* year covered: "2023年度…报告" → 2023; a 政府工作报告 titled N reviews N-1 (its body says "N-1年工作回顾");
  Chinese-numeral years (一九九八年) are read too;
* publish date: a 发布日期/日期/时间 line, a page timestamp, else a dated issue label (第2023-11-28期).

A user can correct any of these with a sidecar ``<file>.meta.json`` or ``---`` front matter at the top of a
.txt/.md (keys title/region/year/publish_date); the sidecar wins over the front matter, both over extraction.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from indexer.cleaning import front_matter_end, is_heading
from indexer.errors import ErrorCode, IndexerError
from indexer.models import DocumentMeta, LoadedDocument, Paragraph
from indexer.normalize import normalize_for_matching, to_simplified

OVERRIDE_KEYS = ("title", "region", "year", "publish_date")
NATIONAL = "全国"
MIN_BODY_MENTIONS = 2  # a report names its own area again and again; one mention is a passing reference
_MUNICIPALITIES = ["北京", "天津", "上海", "重庆"]
_PROVINCES = [
    "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南",
    "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海", "台湾",
]
_SPECIAL = {
    "内蒙古": "内蒙古自治区", "广西": "广西壮族自治区", "西藏": "西藏自治区", "宁夏": "宁夏回族自治区",
    "新疆": "新疆维吾尔自治区", "香港": "香港特别行政区", "澳门": "澳门特别行政区",
}
# Provincial-level names: full name → itself, short name → full name.
GAZETTEER: dict[str, str] = {
    **{n + "市": n + "市" for n in _MUNICIPALITIES}, **{n: n + "市" for n in _MUNICIPALITIES},
    **{n + "省": n + "省" for n in _PROVINCES}, **{n: n + "省" for n in _PROVINCES},
    **{full: full for full in _SPECIAL.values()}, **_SPECIAL,
}
_GAZ = re.compile("|".join(sorted(map(re.escape, GAZETTEER), key=len, reverse=True)))
_UNIT = r"[\u4e00-\u9fff]{2,6}?(?:自治州|自治县|自治旗|高新区|开发区|新区|地区|林区|市|区|县|旗|盟|州)"
_CHAIN = re.compile(f"(?:{_UNIT})+")
_ONE_UNIT = re.compile(_UNIT)
_BAD_NAME_CHARS = set("的在和与对为是了委府全各我本该把将由以及等年月日省市区县届会代表国依法")
_GENERIC_ENDINGS = ("示范", "试验", "实验", "功能", "保护", "自贸", "先行", "核心", "集聚", "合作", "经济",
                    "综合", "保税", "社", "辖", "园", "景", "片", "湾")
_NOT_TITLE_END = ("。", "！", "？", "；", "：", ":", "，")  # a sentence or a salutation (各位代表：)
_TITLE_WORDS = re.compile(r"报告|情况|施政|总结|纲要|规划|意见|方案|通知|决定|公报|讲话|发言|工作")
_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "O": "0"}
_YEAR = re.compile(r"((?:19|20)\d{2}|[〇零○一二三四五六七八九]{4})年")
_DATE = r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})"
_DATE_LABELS = "发布日期|发布时间|发表时间|更新时间|成文日期|日期|时间"
_LABELED_DATE = re.compile(rf"(?:{_DATE_LABELS})\s*[:：]\s*(?:{_DATE})?")
_TIMESTAMP_LINE = re.compile(rf"^{_DATE}日?\s*\d{{1,2}}[:时]\d{{2}}")
_ISSUE_LABEL = re.compile(rf"第\s*{_DATE}\s*期")
_PAPER_LABEL = re.compile(rf"^《[^》]{{1,20}}》\s*[（(]\s*{_DATE}日?[^）)]*版\s*[）)]$")


def _iso(year: str, month: str, day: str) -> str | None:
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _year_value(token: str) -> int:
    return int("".join(_CN_DIGITS.get(c, c) for c in token))


def extract_title(text: str, paragraphs: list[Paragraph], fallback: str) -> str:
    """First title-like paragraph before the body (the first long paragraph); one naming a report wins."""
    candidates: list[str] = []
    for paragraph in paragraphs[:8]:
        line = text[paragraph.start : paragraph.end]
        if len(line) >= 80:
            break
        title_like = len(line) <= 60 and not line.endswith(_NOT_TITLE_END) and not line.startswith("—")
        if title_like and is_heading(line) is None and re.search(r"[\u4e00-\u9fff]", line):
            candidates.append(line)
    if not candidates:
        # Reports without a title line usually announce themselves: "现将××2023年度…工作情况报告如下".
        opening = "\n".join(text[p.start : p.end] for p in paragraphs[:3])
        announced = _ANNOUNCED_TITLE.search(opening)
        if announced:
            return announced.group(1)
    return next((c for c in candidates if _TITLE_WORDS.search(c)), candidates[0] if candidates else fallback)


_ANNOUNCED_TITLE = re.compile(r"(?:现将|現將)([^。，,；;：:]{6,60}?)(?:报告如下|報告如下)")


def _chains(text: str) -> list[str]:
    """Administrative-unit chains starting at a plausible word boundary (start, after non-CJK or 年/度)."""
    found = [GAZETTEER[m.group()] for m in _GAZ.finditer(text)]
    starts = {0} | {m.end() for m in re.finditer(r"[^\u4e00-\u9fff]+|(?<=\d)年度?|(?<=年)度", text)}
    starts |= {m.end() for m in _GAZ.finditer(text)}
    for start in sorted(starts):
        match = _CHAIN.match(text, start)
        if not match:
            continue
        units = [u for u in _ONE_UNIT.findall(match.group()) if _plausible_unit(u)]
        if units:
            found.append("".join(units[-2:]))
    return found


def _plausible_unit(unit: str) -> bool:
    name = re.sub(r"(?:自治州|自治县|自治旗|高新区|开发区|新区|地区|林区|市|区|县|旗|盟|州)$", "", unit)
    return not (set(name) & _BAD_NAME_CHARS) and not name.endswith(_GENERIC_ENDINGS)


def extract_region(title: str, body: str) -> str | None:
    """Region named in the title, else the one the text names most often (see module docstring)."""
    title_n, body_n = normalize_for_matching(title), normalize_for_matching(body)
    if "国务院" in title_n:
        return NATIONAL
    in_title = _chains(title_n)
    if in_title:
        return max(in_title, key=len)
    if "代表国务院" in body_n[:3000]:  # "现在，我代表国务院，向大会报告政府工作"
        return NATIONAL
    counts: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    for candidate in set(_chains(body_n)):
        aliases = [k for k, v in GAZETTEER.items() if v == candidate] or [candidate]
        counts[candidate] = max(body_n.count(a) for a in aliases)
        first_seen[candidate] = min((i for i in map(body_n.find, aliases) if i >= 0), default=len(body_n))
    frequent = [c for c, n in counts.items() if n >= MIN_BODY_MENTIONS]
    if not frequent:
        return None
    return max(frequent, key=lambda c: (counts[c], -first_seen[c]))


def extract_year(title: str, body_paragraphs: list[str], publish_date: str | None) -> int | None:
    """The year the report covers (see module docstring)."""
    title_n = normalize_for_matching(title)
    found = _YEAR.search(title_n)
    if found:
        year = _year_value(found.group(1))
        return year - 1 if "政府工作报告" in title_n else year
    body = [normalize_for_matching(p) for p in body_paragraphs]
    for paragraph in body:
        review = re.search(r"((?:19|20)\d{2})年(?:工作)?回顾", paragraph)
        if review:
            return int(review.group(1))
    for paragraph in body[:3]:
        opening = re.match(r"((?:19|20)\d{2})年(?:度)?[，,]", paragraph)
        if opening:
            return int(opening.group(1))
    limit = int(publish_date[:4]) if publish_date else 9999
    years = Counter(y for p in body for y in map(_year_value, _YEAR.findall(p)) if y <= limit)
    if years:
        return max(years, key=lambda y: (years[y], -y))
    return int(publish_date[:4]) if publish_date else None


def extract_publish_date(text: str) -> str | None:
    """ISO date from a labelled date line, a page timestamp, or a dated issue/newspaper label."""
    # Lines, and pieces of lines cut at wide-space runs (040–045 style reports put everything on one line).
    lines = [line.strip() for line in re.split(r"\n|[^\S\n]{2,}", text) if line.strip()]
    short = [line for line in lines if len(line) <= 80]
    for i, line in enumerate(short):
        match = _LABELED_DATE.match(line.lstrip("（(【["))
        if match and match.group(1):
            return _iso(*match.groups())
        if match and i + 1 < len(short):
            value = re.match(_DATE, short[i + 1])
            if value:
                return _iso(*value.groups())
    for pattern in (_TIMESTAMP_LINE, _ISSUE_LABEL, _PAPER_LABEL):
        for line in short:
            match = pattern.search(line)
            if match:
                return _iso(*match.groups()[:3])
    return None


def extract_metadata(doc: LoadedDocument, paragraphs: list[Paragraph], path: Path | None = None) -> DocumentMeta:
    """Metadata of ``doc`` from its content ``paragraphs``; front matter and sidecar overrides applied.

    ``path`` is the file on disk (its sidecar sits beside it); ``doc.source`` is used when it is omitted.
    """
    text = doc.text
    stem = Path(doc.source).stem
    title = extract_title(text, paragraphs, fallback=stem)
    bodies = [text[p.start : p.end] for p in paragraphs]
    publish_date = extract_publish_date(text)
    meta = DocumentMeta(
        title=title,
        region=extract_region(title if title != stem else "", "\n".join(bodies)),
        year=extract_year(title if title != stem else "", bodies, publish_date),
        publish_date=publish_date,
    )
    overrides = parse_front_matter(text) if doc.format == "txt" else {}
    sidecar = _sidecar_path(path or Path(doc.source))
    if sidecar.is_file():
        overrides.update(_read_sidecar(sidecar))
    return merge_overrides(meta, overrides)


def parse_front_matter(text: str) -> dict[str, Any]:
    """``key: value`` pairs of a leading ``---`` block (only the keys we know; quotes stripped)."""
    end = front_matter_end(text)
    found: dict[str, Any] = {}
    for line in text[:end].split("\n"):
        match = re.match(r"\s*([\w-]+)\s*:\s*(.*?)\s*$", line)
        if match and match.group(1) in OVERRIDE_KEYS:
            found[match.group(1)] = match.group(2).strip("'\"")
    return found


def _sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + ".meta.json")


def _read_sidecar(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise IndexerError(f"{path.name}: cannot read metadata sidecar: {error}", ErrorCode.BAD_METADATA) from None
    if not isinstance(data, dict):
        keys = ", ".join(OVERRIDE_KEYS)
        raise IndexerError(
            f"{path.name}: metadata sidecar must be a JSON object with keys {keys}",
            ErrorCode.BAD_METADATA,
        )
    return {k: v for k, v in data.items() if k in OVERRIDE_KEYS}


def load_overrides(path: Path) -> dict[str, Any]:
    """User corrections for the document at ``path``: its front matter (.txt/.md), then its sidecar on top."""
    overrides: dict[str, Any] = {}
    if path.suffix.lower() in (".txt", ".md") and path.is_file():
        from indexer.encoding import decode_bytes

        overrides.update(parse_front_matter(decode_bytes(path.read_bytes())[0]))
    sidecar = _sidecar_path(path)
    if sidecar.is_file():
        overrides.update(_read_sidecar(sidecar))
    return overrides


def merge_overrides(meta: DocumentMeta, overrides: dict[str, Any]) -> DocumentMeta:
    """``meta`` with user-given values in place; values are validated and normalised like extracted ones."""
    changes: dict[str, Any] = {}
    for key, value in overrides.items():
        if key not in OVERRIDE_KEYS or value in (None, ""):
            continue
        if key == "year":
            try:
                changes[key] = int(str(value).strip().removesuffix("年"))
            except ValueError:
                raise IndexerError(f"metadata override year={value!r} is not a year", ErrorCode.BAD_METADATA) from None
        elif key == "publish_date":
            match = re.fullmatch(_DATE + "日?", str(value).strip())
            iso = _iso(*match.groups()) if match else None
            if iso is None:
                raise IndexerError(
                    f"metadata override publish_date={value!r} is not a date (YYYY-MM-DD)",
                    ErrorCode.BAD_METADATA,
                )
            changes[key] = iso
        elif key == "region":
            changes[key] = to_simplified(str(value).strip())
        else:
            changes[key] = str(value).strip()
    return replace(meta, **changes)
