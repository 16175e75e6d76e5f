"""Content paragraphs on the real seeds and corpus: chrome out, every real line (and heading) in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from indexer.cleaning import LINE_RULES, classify, classify_line, extract_paragraphs, is_heading

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "gov-reports"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"{SHARED} (shared test corpus) is absent")
SEED_FILES = sorted(SEEDS.glob("*.txt"))
CORPUS_SAMPLE = ["001", "023", "025", "030", "033", "041"]

# file → (chrome lines that must be gone, content that must be kept: exact paragraph or its start,
#         first kept paragraph starts with, last kept paragraph starts with)
EXPECTED: dict[str, tuple[list[str], list[str], str, str]] = {
    "000": (
        [],
        ["一、工作开展情况", "二、存在的问题", "三、下一步工作安排", "(一)强化统筹安排"],
        "广元市朝天区2024年法治政府建设情况",
        "2025年,我区将始终坚持以习近平法治思想为指导",
    ),
    "001": (
        [
            "首页 > 基层政务公开 > 公开领域 > 公共法律服务 > 公共法律服务平台",
            "发布日期:2022-02-23 09:59 来源:",
            "责任编辑:殷都区法治政府建设领导小组办公室",
        ],
        [
            "一、基本情况",
            "(一)依法全面履行政府职能",
            "二、存在的问题",
            "三、2022年度工作打算",
            "2021年,是实施“十四五”规划的开局之年",
        ],
        "殷都区2021年度法治政府建设工作报告",
        "(三)健全行政执法工作体系,全面推进严格规范公正文明执法",
    ),
    "002": (
        [],
        [
            "一、深入學習宣傳貫徹習近平法治思想,落實法治建設第一責任人職責",
            "(二)壓實法治建設主體責任",
            "三、2024年工作安排",
        ],
        "2023年,在市委、市政府的正確領導下",
        "圍繞仲愷人民日益增長的美好生活需要",
    ),
    "003": (
        ["日期:2024-02-26 14:37 字号:", "附件:", "• |"],
        [
            "一、党政主要负责人履行推进法治建设第一责任人职责,加强法治政府建设情况",
            "(二)强化考核激励,压实工作责任",
            "2023年,通城县坚持以习近平法治思想为指导",
            "三、下一步工作计划",
        ],
        "2023年度通城县法治政府建设工作报告",
        "(三)推动依法行政迭代升级",
    ),
    "004": (
        [
            "第一版:要闻",
            "本报记者杨瑾",
            "分享到:",
            "过往期刊",
            "• 第2023-11-28期",
            "• 第2023-11-15期",
            "分享到微信朋友圈",
        ],
        ["长治市抓好“六大举措”深入推进法治政府建设", "以推进依法行政夯基础"],
        "积法治之势 强发展之路",
        "以抓实示范创建强引领",
    ),
    "corpus/001": (
        [
            "下载",
            "打印",
            "全屏",
            "收藏",
            "【字号：",
            "加大",
            "还原",
            "减小",
            "】",
            "来源：北京日报",
            "时间：2026-02-02",
            "殷勇同志作政府工作报告。本报记者 戴冰摄",
            "相关报道：",
        ],
        [
            "——2026年1月25日在北京市第十六届人民代表大会第四次会议上",
            "北京市市长 殷勇",
            "各位代表：",
            "一、2025年工作回顾",
            "（一）深入落实城市总体规划，推动京津冀协同发展走深走实",
            "三、2026年重点工作",
        ],
        "2026年北京市政府工作报告",
        "各位代表！蓝图已经绘就，实干创造未来。",
    ),
    "corpus/023": (
        [
            "2026年02月10日 07时41分",
            "来源:",
            "四川日报",
            "【字体：",
            "大",
            "中",
            "小",
            "分享：",
            "责任编辑：",
            "李莎莎",
            "扫一扫在手机打开当前页",
            "相关附件>>",
            "相关链接>>",
            "打印本页",
            "abcd39f1fb7f426d9dfb6bd0fa1f2146:",
            "四川干部群众热议政府工作报告 以奋勇争先之姿，乘势而为",
            "关闭窗口",
            "各位代表：现在，我代表省人民政府，向大会报告工作，请予审议，并请省政协委员提出意见。",
        ],
        [
            "四川省人民政府省长 施小琳",
            "名词解释",
            "一、2025年工作回顾和“十四五”发展主要成绩",
            "1.“两重”：是指国家重大战略实施和重点领域安全能力建设。",
        ],
        "2026年四川省人民政府工作报告",
        "20.“一件事”全链条专项整治",
    ),
    "corpus/025": (
        [
            "您的位置:",
            "首页",
            ">",
            "云南要闻",
            "来源：云南日报",
            "2026-02-03 09:02:33",
            "》》点击图片进入专题《《",
            "收藏",
            "|",
            "分享到:",
            "分享到微信",
            "×",
            "相关文档：",
        ],
        [
            "——2026年1月28日在云南省第十四届人民代表大会第四次会议上",
            "省长\u3000王予波",
            "（九）统筹发展和安全，保持社会和谐稳定",
            "三、2026年重点工作",
        ],
        "2026年政府工作报告",
        "各位代表！实干兴滇，笃行致远。",
    ),
    "corpus/030": (
        [
            "当前位置：",
            "政务信息",
            "宁夏要闻",
            "发表时间：",
            "2026-02-09 09:45:30",
            "来源：",
            "宁夏日报客户端",
            "阅读量：",
            "【字体：",
            "扫一扫在手机打开当前页",
            "【",
            "打印本页",
            "关闭窗口",
        ],
        ["政府工作报告", "自治区人民政府主席 张雨浦", "各位代表：", "三、2026年重点工作"],
        "2026年宁夏回族自治区政府工作报告",
        "各位代表！“十五五”蓝图引领未来",
    ),
    "corpus/033": (
        [],
        [
            "甲 引言",
            "亞洲金融風暴",
            "1. 去年，我在這裏發表了香港特別行政區政府第一份《施政報告》。",
            "主席女士：",
        ],
        "香港特別行政區政府一九九八年施政報告",
        "171. 主席女士，各位議員",
    ),
    "corpus/041": (
        [],
        [
            "国务院总理 李克强",
            "各位代表：",
            "一、2014年工作回顾",
            "二、2015年工作总体部署",
            "六、切实加强政府自身建设",
        ],
        "2015年国务院政府工作报告",
        "时代赋予中国发展兴盛的历史机遇。",
    ),
}
# An independent, deliberately crude notion of chrome, only to decide which lines must count as content.
ORACLE = re.compile(
    r"^(?:github:|https?://)|下载|打印|全屏|收藏|加大|还原|减小|字号|字体|分享|扫一扫|关闭窗口|首页|位置|相关"
    r"|附件|往期|来源|时间|日期|编辑|记者|摄$|新华社|人民日报|^[\W\da-f]*$|^.{1,2}$"
)


def _oracle_chrome(line: str) -> bool:
    return (
        line.startswith(("github:", "http"))
        or line.endswith("摄")
        or (len(line) <= 40 and bool(ORACLE.search(line)))
    )


def _path(key: str) -> Path:
    if key.startswith("corpus/"):
        return CORPUS / f"{key.removeprefix('corpus/')}.txt"
    return next(SEEDS.glob(f"{key}_*.txt"))


def _kept(text: str) -> list[str]:
    return [text[p.start : p.end] for p in extract_paragraphs(text)]


def _all_files() -> list[Path]:
    return SEED_FILES + (sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else [])


def _case(key: str):
    marks = [needs_shared] if key.startswith("corpus/") else []
    return pytest.param(key, id=key, marks=marks)


@pytest.mark.parametrize("key", [_case(k) for k in EXPECTED])
def test_chrome_gone_and_content_kept(key: str) -> None:
    text = _path(key).read_text(encoding="utf-8")
    kept = _kept(text)
    gone, present, first, last = EXPECTED[key]
    for chrome in gone:
        assert chrome in text  # the fixture really has it…
        assert chrome not in kept  # …and it is not a paragraph any more
    for content in present:
        assert any(p == content or p.startswith(content) for p in kept), content
    assert kept[0].startswith(first)
    assert kept[-1].startswith(last)


@pytest.mark.parametrize("path", _all_files(), ids=lambda p: f"{p.parent.name[:6]}/{p.name[:3]}")
def test_spans_are_exact_and_stripped_and_no_rule_matches_kept(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    paragraphs = extract_paragraphs(text)
    assert paragraphs
    previous_end = 0
    for paragraph in paragraphs:
        body = text[paragraph.start : paragraph.end]
        assert paragraph.start >= previous_end  # in order, not overlapping
        assert body and body == body.strip() == body.strip("\u3000\u00a0\u2002\ufeff")
        assert "\n" not in body
        assert classify_line(body) is None, body
        previous_end = paragraph.end


@pytest.mark.parametrize("path", _all_files(), ids=lambda p: f"{p.parent.name[:6]}/{p.name[:3]}")
def test_at_least_95_percent_of_content_characters_kept(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    kept = "".join(_kept(text))
    pieces = [p.strip() for line in text.split("\n") for p in re.split(r"[\u3000\u00a0]{2,}", line)]
    content = [p for p in pieces if p and not _oracle_chrome(p)]
    cjk = [len(re.findall(r"[\u4e00-\u9fff]", p)) for p in content]
    kept_cjk = [n for p, n in zip(content, cjk, strict=True) if p in kept]
    assert sum(kept_cjk) >= 0.95 * sum(cjk)
    for piece in content:  # and no long line (surely content) is lost, apart from a page's residue copy
        assert len(piece) < 60 or piece in kept or piece.startswith(("各位代表：现在", "20")), piece


@needs_shared
def test_full_width_space_runs_separate_paragraphs() -> None:
    text = (CORPUS / "041.txt").read_text(encoding="utf-8")
    assert text.count("\n") == 2  # the whole report is on one line…
    kept = _kept(text)
    assert len(kept) > 100  # …but becomes paragraphs
    assert kept[1:4] == ["国务院总理 李克强", "各位代表：", kept[3]] and kept[3].startswith(
        "现在，我代表国务院"
    )


def test_rule_names_are_reported() -> None:
    text = (SEEDS / "004_41299f4c39ff3f2b.txt").read_text(encoding="utf-8")
    rules = {text[p.start : p.end]: rule for p, rule in classify(text)}
    assert rules["第一版:要闻"] == "page_label"
    assert rules["本报记者杨瑾"] == "photo_caption"
    assert rules["分享到:"] == "toolbar"
    assert rules["过往期刊"] == "tail_marker"
    assert rules["• 第2023-11-28期"] in ("tail_list", "page_label")
    assert rules["积法治之势 强发展之路"] is None
    assert {name for name, _ in LINE_RULES} >= {"breadcrumb", "metadata", "editor", "toolbar", "source_url"}


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("https://www.gov.cn/zhengce/content/2024-01/01/content_123.htm", "source_url"),
        ("首页 » 政务公开 » 法治政府建设年度报告", "breadcrumb"),
        ("当前位置：首页 > 政务公开", "breadcrumb"),
        ("发布时间：2024-03-01 10:00:00 来源：区司法局 浏览次数：1024", "metadata"),
        ("信息来源：县政府办", "metadata"),
        ("2024/03/01 10:00", "metadata"),
        ("【字号：大 中 小】 【打印】 【关闭】", "toolbar"),
        ("分享到：微信 微博 QQ空间", "toolbar"),
        ("扫一扫在手机上查看当前页面", "toolbar"),
        ("（责任编辑：王小明）", "editor"),
        ("校对：李四", "editor"),
        ("图为行政复议听证现场。 通讯员 张三 摄", "photo_caption"),
        ("新华社北京3月5日电", "newswire"),
        ("第三版：综合新闻", "page_label"),
        ("• | •", "symbols"),
        ("相关新闻：", "tail_marker"),
        ("往期回顾", "tail_marker"),
    ],
)
def test_general_chrome_rules(line: str, rule: str) -> None:
    assert classify_line(line) == rule


@pytest.mark.parametrize(
    "line",
    [
        "一、工作开展情况",
        "（二）强化考核激励",
        "1. 加强组织领导",
        "第三条 本办法自发布之日起施行。",
        "甲 引言",
        "各位代表：",
        "2024年2月26日",
        "通城县人民政府",
        "附件",
        "名词解释",
        "主席女士：",
        "政府工作报告",
        "省长\u3000王予波",
        "时代赋予中国发展兴盛的历史机遇。",
        "专项整治行动共下载执法文书模板12份，打印归档。",
    ],
)
def test_real_content_lines_are_not_chrome(line: str) -> None:
    assert classify_line(line) is None


def test_label_value_on_next_line_and_multiline_breadcrumb() -> None:
    text = "当前位置：\n首页\n>\n法治政府\n法治政府\n2024年法治政府建设情况\n来源：\n区司法局\n"
    text += "2024年，我区坚持依法行政。"
    assert _kept(text) == ["2024年法治政府建设情况", "2024年，我区坚持依法行政。"]


def test_attachment_kept_when_followed_by_content_dropped_when_empty() -> None:
    with_content = "一、工作情况\n2024年全面完成任务。\n附件\n2024年民生实事\n1.新增就业岗位1000个。"
    assert "附件" in _kept(with_content)
    empty = "一、工作情况\n2024年全面完成任务。\n附件:\n  • |\n  • |"
    assert _kept(empty) == ["一、工作情况", "2024年全面完成任务。"]


def test_tail_list_stops_at_real_content_and_front_matter_is_dropped() -> None:
    text = "---\ntitle: 测试报告\nregion: 朝天区\n---\n测试报告\n正文第一段。\n相关链接：\n新闻一\n新闻二\n"
    assert _kept(text) == ["测试报告", "正文第一段。"]


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("一、工作开展情况", 1),
        ("三、2026年重点工作", 1),
        ("第二章 总则", 1),
        ("甲 引言", 1),
        ("乙、兩年回顧", 1),
        ("一. 百業同興", 1),
        ("（一）强化统筹安排", 2),
        ("(二)把牢关键环节,切实提高依法行政水平。一是严格落实…", 2),
        ("第一节 目标", 2),
        ("1. 加强组织领导", 3),
        ("2、完善制度", 3),
        ("（1）健全机制", 3),
        ("第三条 本办法…", 3),
        ("1.医疗卫生方面。全省30万以上参保孕产妇产前检查费用政策范围内全部保障。", 3),
        ("1. 現在，我向各位議員、全體香港市民，宣讀中華人民共和國香港特別行政區政府第一個施政報告。", None),
        ("1. 这是我的第三份施政报告。", None),
        ("220.政府大力推行绿色运输", None),
        ("一是加强府院联动。", None),
        ("2024年,我区法治政府建设虽取得一定成绩", None),
        ("甲乙双方应当遵守约定，履行各自义务，不得擅自变更。", None),
    ],
)
def test_is_heading(line: str, level: int | None) -> None:
    assert is_heading(line) == level
