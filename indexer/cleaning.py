"""Find the report in a document: content paragraphs as exact spans, web-page chrome left out.

Reports reach us as scraped web pages: breadcrumbs, 发布日期/来源 lines, 下载/打印/【字号】 toolbars,
photo captions, 责任编辑, 相关报道 link lists, 分享到 buttons. Indexed, this chrome pollutes passages and
answers ("来源：北京日报" is not evidence of anything). It is removed by *general* rules that hold across
sites, never by strings copied from one file, because the next site will differ in detail.

Design: the text is cut into candidate lines (newlines, and runs of wide spaces inside a line, which is
how some State Council reports separate paragraphs); each line is classified by small named rules
(``LINE_RULES``, so a test can tell which rule fired); a few context passes then handle what one line
cannot tell: a label whose value sits on the next line, multi-line breadcrumbs, 附件 with empty lists,
the run of links after 相关报道, repeated page titles. Whatever is not chrome is kept, including short
headings, titles and closing signature/date lines. Every kept paragraph is ``text[start:end]`` with no
surrounding whitespace, so citations can point into the stored text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from indexer.models import Paragraph

_CN_NUM = "一二三四五六七八九十百零〇两"
_SENTENCE_PUNCT = re.compile(r"[。！？；，,;!?]")
# Whitespace (incl. U+3000, nbsp, en/em spaces) and zero-width marks that never start or end a paragraph.
_STRIP_CHARS = " \t\r\n\f\v\u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff"
_STRIP_CHARS += "".join(map(chr, range(0x2000, 0x200C)))
_INLINE_GAP = re.compile(r"[^\S\n]{2,}")

_URL = re.compile(r"^(?:(?:https?|ftp|file)://|www\.|[a-z][a-z0-9+.-]*:[\w.-]+/[\w.-])", re.IGNORECASE)
_NAV_HOME = {"首页", "网站首页", "主页", "返回首页", "返回顶部", "返回列表", "更多", "更多>>", "更多»"}
_POSITION = re.compile(r"^(?:当前位置|您的位置|你的位置|您现在的位置|现在的位置|所在位置)\s*[:：]?")
_CRUMB_SEP = re.compile(r"\s*(?:>>?|＞|»|›|→|/)\s*")
_META_LABELS = (
    "发布日期|发布时间|发表时间|更新时间|更新日期|成文日期|印发日期|日期|时间|信息来源|文章来源|稿件来源|来源|"
    "作者|字号|字体|浏览次数|浏览量|访问量|访问次数|点击数|点击量|点击率|阅读量|阅读数|阅读次数|索引号|"
    "发文字号|发文机关|发布机构|主题分类|分类|录入|撰稿|供稿"
)
_META = re.compile(rf"^[（(【\[]?\s*(?:{_META_LABELS})\s*[:：]")
_EDITORS = "责任编辑|值班编辑|网站编辑|编辑|责编|校对|审核|审校|终审|初审|复审|编审|监制|美编"
_EDITOR = re.compile(rf"^[（(【\[]?\s*(?:{_EDITORS})\s*[:：]")
_EMPTY_LABEL = re.compile(rf"^[（(【\[]?\s*(?:{_META_LABELS}|责任编辑|编辑|责编|校对|审核)\s*[:：]\s*$")
_TIMESTAMP = re.compile(
    r"^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|\d{4}年\d{1,2}月\d{1,2}日\s*\d{1,2}[:时]\d{2}(?:分|:\d{2})?)"
    rf"(?:\s*星期.)?(?:\s+(?:{_META_LABELS})\s*[:：].*)?$"
)
_TOOL_WORDS = sorted(
    [
        "下载", "打印", "全屏", "收藏", "加大", "还原", "减小", "放大", "缩小", "默认", "大", "中",
        "小", "字号", "字体", "关闭", "关闭窗口", "关闭本页", "打印本页", "打印此页", "打印文章",
        "返回顶部", "返回", "顶部", "分享", "分享到", "微信", "微博", "新浪微博", "腾讯微博", "QQ",
        "QQ空间", "空间", "朋友圈", "好友", "豆瓣", "纠错", "我要纠错", "复制链接", "二维码", "手机版",
        "保存", "评论", "点赞", "视力保护色", "语音播报",
    ],
    key=len,
    reverse=True,
)
_TOOL_PUNCT = re.compile(r"[\s【】\[\]（）()|｜:：,，、·•/>»《》<>\-]+")
_TOOL_START = re.compile(r"^(?:扫一扫|微信扫一扫|扫描二维码|手机扫码|用手机扫|上一篇[:：]|下一篇[:：]"
                         r"|分享到)")
_CLICK = re.compile(r"^[》>»《\s]*(?:点击|点此)")
_CAPTION_BY = re.compile(r"(?:记者|摄影|通讯员|图)")
_BYLINE = re.compile(r"(?:记者|通讯员)\s*[\u4e00-\u9fff·]{2,4}(?:\s+[\u4e00-\u9fff·]{1,4})*\s*[)）]?$")
_NEWSWIRE = re.compile(
    r"^[（(]?(?:新华社|中新社|中新网|人民网|新华网|央视网|本报|本刊)[\u4e00-\u9fff]{0,10}?"
    r"(?:\d{1,2}月\d{1,2}日)?(?:电|讯)[）)]?$"
    r"|^《\s*[^》]{1,20}\s*》\s*[（(][^）)]*\d{4}年\d{1,2}月\d{1,2}日[^）)]*[）)]$"
)
_PAGE_LABEL = re.compile(rf"^(?:第[{_CN_NUM}\d]+版|[A-Z]?\d{{1,2}}版)\s*[:：]?\s*[\u4e00-\u9fff]{{0,8}}$")
_ISSUE_LABEL = re.compile(r"^[•·●]?\s*第\s*\d{4}-\d{1,2}-\d{1,2}\s*期$")
_SYMBOLS = re.compile(r"^[\s•·●○■□▪◆◇▶►\-–—_|｜×✕>＞»›<«‹/\\*#=~+【】\[\]]+$")
_ID_TOKEN = re.compile(r"^(?:[0-9a-f]{16,}|[A-Za-z0-9_-]{24,})[:：]?$")
_TAIL_MARKER = re.compile(
    r"^[【\[]?(?:相关(?:报道|链接|新闻|阅读|文章|文档|附件|专题|推荐|稿件|信息)|延伸阅读|推荐阅读|扩展阅读|热点推荐|"
    r"往期回顾|往期精彩|往期推荐|过往期刊|往期期刊|更多(?:新闻|报道|阅读)?)[】\]]?\s*[:：>》»]*$"
)
_ATTACHMENT = re.compile(r"^(?:相关)?附件\s*\d*\s*[:：>》»]*$")
_FRONT_MATTER = re.compile(
    r"\ufeff?[ \t]*---[ \t]*\n(?:[ \t]*(?:#.*|[\w\u4e00-\u9fff-]+[ \t]*:.*)?\n){0,50}?[ \t]*---[ \t]*(?:\n|$)"
)
_PAGE_END_RULES = {"toolbar", "tail_marker", "editor"}
Rules = list[str | None]  # per candidate line: the rule that drops it, None when it is content
TAIL_LINE_MAX = 40  # lines of a link list after 相关报道 are titles: short, no sentence end


def _tool_only(line: str) -> bool:
    """True when the line is nothing but toolbar words (下载 打印 【字号：加大 还原 减小】 …)."""
    rest = _TOOL_PUNCT.sub("", line)
    while rest:
        word = next((w for w in _TOOL_WORDS if rest.startswith(w)), None)
        if word is None:
            return False
        rest = rest[len(word) :]
    return _TOOL_PUNCT.sub("", line) != ""


def _is_breadcrumb(line: str) -> bool:
    if _POSITION.match(line) and len(line) <= 80:
        return True
    parts = [p for p in _CRUMB_SEP.split(line) if p]
    if len(parts) < 2 or len(line) > 100 or any(len(p) > 15 or _SENTENCE_PUNCT.search(p) for p in parts):
        return False
    return parts[0] in _NAV_HOME or (len(parts) >= 3 and not re.search(r"/", line))


def _is_caption(line: str) -> bool:
    ends_with_credit = re.search(r"摄\s*[)）]?$", line) is not None
    if ends_with_credit and (len(line) <= 40 or _CAPTION_BY.search(line)):
        return True
    return len(line) <= 80 and not line.endswith("。") and _BYLINE.search(line) is not None


# (name, predicate) — order matters only for which name is reported when several match.
LINE_RULES: list[tuple[str, Callable[[str], bool]]] = [
    ("source_url", lambda s: _URL.match(s) is not None),
    ("breadcrumb", _is_breadcrumb),
    ("nav", lambda s: s in _NAV_HOME),
    ("toolbar", lambda s: len(s) <= 40 and (_tool_only(s) or _TOOL_START.match(s) is not None)),
    ("metadata", lambda s: len(s) <= 80 and (_META.match(s) is not None or _TIMESTAMP.match(s) is not None)),
    ("editor", lambda s: len(s) <= 60 and _EDITOR.match(s) is not None),
    ("click_prompt", lambda s: len(s) <= 30 and "。" not in s and _CLICK.match(s) is not None),
    ("photo_caption", _is_caption),
    ("newswire", lambda s: _NEWSWIRE.match(s) is not None),
    ("page_label", lambda s: _PAGE_LABEL.match(s) is not None or _ISSUE_LABEL.match(s) is not None),
    ("symbols", lambda s: _SYMBOLS.match(s) is not None),
    ("id_token", lambda s: _ID_TOKEN.match(s) is not None),
    ("tail_marker", lambda s: _TAIL_MARKER.match(s) is not None),
]


def classify_line(line: str) -> str | None:
    """Name of the first line rule that calls ``line`` (already stripped) chrome, or None for content."""
    return next((name for name, rule in LINE_RULES if rule(line)), None)


def _candidates(text: str) -> list[Paragraph]:
    """Non-empty stripped pieces of lines; a line is also cut at runs of ≥2 wide or ≥4 ASCII spaces."""
    spans: list[Paragraph] = []
    offset = 0
    for line in text.split("\n"):
        cuts = [0]
        for gap in _INLINE_GAP.finditer(line):
            wide = sum(1 for c in gap.group() if c not in " \t")
            if wide >= 2 or len(gap.group()) >= 4:
                cuts += [gap.start(), gap.end()]
        cuts.append(len(line))
        for a, b in zip(cuts[::2], cuts[1::2], strict=True):
            piece = line[a:b]
            stripped = piece.strip(_STRIP_CHARS)
            if stripped:
                start = offset + a + (len(piece) - len(piece.lstrip(_STRIP_CHARS)))
                spans.append(Paragraph(start, start + len(stripped)))
        offset += len(line) + 1
    return spans


def front_matter_end(text: str) -> int:
    """Offset just past a leading ``---`` … ``---`` block of ``key: value`` lines, or 0 if there is none."""
    match = _FRONT_MATTER.match(text)
    return match.end() if match else 0


def classify(text: str) -> list[tuple[Paragraph, str | None]]:
    """Every candidate line with the rule that drops it (None: kept); ``extract_paragraphs`` keeps Nones."""
    spans = _candidates(text)
    lines = [text[p.start : p.end] for p in spans]
    rules: Rules = [classify_line(line) for line in lines]
    fm_end = front_matter_end(text)
    for i, span in enumerate(spans):
        if span.start < fm_end:
            rules[i] = "front_matter"
    _label_values(lines, rules)
    _breadcrumb_runs(lines, rules)
    _attachments_and_tails(text, spans, lines, rules)
    _duplicates(text, spans, lines, rules)
    return list(zip(spans, rules, strict=True))


def _label_values(lines: list[str], rules: Rules) -> None:
    """``来源：`` / ``责任编辑：`` with the value on the next line: the value is chrome too."""
    for i in range(len(lines) - 1):
        nxt = lines[i + 1]
        is_label = rules[i] in ("metadata", "editor") and _EMPTY_LABEL.match(lines[i]) is not None
        is_value = len(nxt) <= 20 and not _SENTENCE_PUNCT.search(nxt) and is_heading(nxt) is None
        if is_label and is_value and rules[i + 1] is None:
            rules[i + 1] = "label_value"


def _breadcrumb_runs(lines: list[str], rules: Rules) -> None:
    """A breadcrumb spread over lines: 您的位置 / 首页 / > / 云南要闻 (+ the section title repeated)."""
    i = 0
    while i < len(lines):
        if rules[i] not in ("breadcrumb", "nav"):
            i += 1
            continue
        last, after_sep, k = lines[i], False, i + 1
        while k < len(lines):
            line = lines[k]
            if _SYMBOLS.match(line) and _CRUMB_SEP.search(line):
                rules[k], after_sep = "breadcrumb", True
            elif line in _NAV_HOME:
                rules[k] = "nav"
            elif after_sep and len(line) <= 15 and not _SENTENCE_PUNCT.search(line):
                rules[k], last, after_sep = "breadcrumb", line, False
            elif line == last and rules[k] is None:
                rules[k] = "breadcrumb"
                k += 1
                break
            else:
                break
            k += 1
        i = k


def _attachments_and_tails(text: str, spans: list[Paragraph], lines: list[str], rules: Rules) -> None:
    """附件 with nothing after it; the link list after 相关报道/过往期刊 (only in the page's second half,
    so a related-links box placed above an article cannot swallow the article's headings)."""
    for i, line in enumerate(lines):
        if rules[i] is None and _ATTACHMENT.match(line):
            rest = rules[i + 1 :]
            if not rest or rest[0] == "symbols" or all(r is not None for r in rest):
                rules[i] = "attachment_empty"  # 附件: with nothing (or empty bullets) after it
        if rules[i] == "tail_marker" and spans[i].start > len(text) // 2:
            k = i + 1
            while k < len(lines) and (rules[k] is not None or _is_list_item(lines[k])):
                rules[k] = rules[k] or "tail_list"
                k += 1


def _is_list_item(line: str) -> bool:
    return len(line) <= TAIL_LINE_MAX and not line.endswith(("。", "！", "？", "；"))


def _squeeze(text: str) -> str:
    return re.sub(r"[\W_]+", "", text)


def _duplicates(text: str, spans: list[Paragraph], lines: list[str], rules: Rules) -> None:
    """Repeated page titles in the header, and copies of earlier text after the page footer."""
    seen: set[str] = set()
    for i, line in enumerate(lines):
        if rules[i] is not None:
            continue
        if len(line) >= 60:
            break
        # (a heading repeated after a table of contents is the real heading: it stays)
        if line in seen and len(line) <= 40 and is_heading(line) is None:
            rules[i] = "duplicate_header"
        seen.add(line)
    half = len(text) // 2
    footer = next((i for i, r in enumerate(rules) if r in _PAGE_END_RULES and spans[i].start > half), None)
    if footer is None:
        return
    kept_before = (line for line, rule in zip(lines[:footer], rules, strict=False) if rule is None)
    before = _squeeze("".join(kept_before))
    for i in range(footer + 1, len(lines)):
        if rules[i] is None and _squeeze(lines[i]) and _squeeze(lines[i]) in before:
            rules[i] = "duplicate_residue"


def extract_paragraphs(text: str) -> list[Paragraph]:
    """The report's content paragraphs, in order, as [start, end) spans into ``text``."""
    return [span for span, rule in classify(text) if rule is None]


_HEADING_RULES: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(rf"^[{_CN_NUM}]{{1,3}}(?:、|[.．](?!\d))")),
    (1, re.compile(rf"^第[{_CN_NUM}\d]{{1,3}}[章编部]")),
    (1, re.compile(r"^[甲乙丙丁戊己庚辛壬癸](?:、\s*|\s+)\S.{0,28}$")),
    (2, re.compile(rf"^[（(][{_CN_NUM}]{{1,3}}[）)]")),
    (2, re.compile(rf"^第[{_CN_NUM}\d]{{1,3}}节")),
    (3, re.compile(rf"^第[{_CN_NUM}\d]{{1,4}}条")),
]
_NUMBERED = re.compile(r"^(?:\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[）)])\s*")
_PHRASE_END = re.compile(r"[。；;！!？?：:]")


def is_heading(line: str) -> int | None:
    """Heading level of a paragraph: 1 for 一、/一./第X章/甲, 2 for （一）/第X节, 3 for 1./1、/（1）/第X条.

    A numbered paragraph ("1. 現在，我向各位議員…", as in the Hong Kong addresses) is not a heading: a
    1./（1） line counts only when its lead phrase is short and comma-free, and is not the whole sentence.
    """
    line = line.strip(_STRIP_CHARS)
    for level, pattern in _HEADING_RULES:
        if pattern.match(line):
            return level
    match = _NUMBERED.match(line)
    if not match:
        return None
    body = line[match.end() :]
    end = _PHRASE_END.search(body)
    phrase = body[: end.start()] if end else body
    if not phrase or re.search(r"[，,]", phrase):
        return None
    if end is None:
        return 3 if len(body) <= 40 else None
    rest = body[end.end() :].strip(_STRIP_CHARS)
    return 3 if len(phrase) <= 20 and rest else None
