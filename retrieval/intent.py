"""What kind of question this is: a plain ask, "who else does X" (elsewhere) or a figure compared across regions.

    intent = detect("上海推行'一网通办'，还有哪些地方也在做类似的政务服务改革?", index.regions.regions_in, all_regions)
    intent.kind == "elsewhere"; intent.probe_regions == ("上海市",); intent.measure == "推行'一网通办' 政务服务改革"

The cues are general Chinese phrasing (还有哪些/其他/除了…外/也/类似/像…一样 for elsewhere; 对比/分别/各/哪个更多
over two or more regions, or 各省/各地 for every indexed region, for comparisons), and regions are found with the
index's own matcher (``retrieval.regions``), so no list of places or initiatives is written by hand.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from indexer.normalize import normalize_for_matching
from retrieval.regions import region_aliases, tagged, years_in
from retrieval.terms import QUANTITY_WORDS, ROUND_MARK, relative_year_words
from retrieval.units import COUNTED_UNITS

Kind = Literal["ask", "elsewhere", "compare"]
FigureKind = Literal["actual", "target", "cumulative", "average"]

# "多少件", "多少斤", "多少万吨": the unit is asked, it is no part of the measure; "多少本" (卷宗, 台账) asks what
# reports count in 卷 or 份 (本 is no figure unit for answers: "一本账", "一本通")
_COUNTED = "|".join((*COUNTED_UNITS, "本", "册"))
# Batches, terms and rounds ("办了多少期") are a unit a comparison may ask, and shows only when asked
# (figure_picker._ONLY_WHEN_ASKED); not by themselves a sign that a figure is wanted ("分几批推进").
_ASKABLE = f"{_COUNTED}|批次|批|期|轮|届"
# Words for a region ("哪些省", "各地区"); a "place" may also be a government or unit ("还有哪些单位"), which is
# never "every region" (各单位 are one region's offices).
_REGION_WORDS = (
    "省区市", "省市区", "地区", "地方", "省份", "省区", "省市", "省", "市", "县", "区", "城市", "地市", "区县",
)
_REGIONS = f"(?:{'|'.join(_REGION_WORDS)})"
_PLACE = f"(?:{'|'.join((*_REGION_WORDS, '政府', '兄弟单位', '单位'))})"
# "Which places" (plural: a list of regions is the answer; "哪个区…" asks for one and is a plain question).
_WHICH_PLACES = re.compile(rf"(?:哪些|哪几个){_PLACE}|哪里|哪儿|还有谁|有谁")
# "Other places": the region named is an example, not the scope.
_OTHER_PLACES = re.compile(rf"(?:还有|其他|其它|别的|其余|另外)(?:哪些|哪几个|哪个|哪一个|的)?{_PLACE}|还有谁")
# "Which one place": a plain question by itself ("哪个区开展了…"), "who else" with 也/还有 ("哪个省也在办…").
_WHICH_ONE_PLACE = re.compile(rf"哪(?:个|一个){_PLACE}")
# "Others / as well / similar": the region named is an example, not the scope.
# Weaker cues, enough together with a "which places" question: "除了X，哪些地方…", "哪些省也…".
_OTHERS = re.compile(r"还有|其他|其它|别的|另外|除了|除.{1,12}?(?:外|以外|之外)|也|类似|相似|一样|同样|相同|借鉴")
# "Compare": side by side, each, which is more.
_COMPARE = re.compile(
    r"对比|比较|相比|比一比|排一排|排个序|分别|各自|各是|各有|各为|哪个更|谁更|哪个最|谁最|哪家|排名|排序|高低|多少|"
    r"百分之几|几个点|几个百分点|几成|"
    r"什么水平|多高|多快|多大|"
    r"[^\w]各|和.{1,12}?各|与.{1,12}?各|、.{1,12}?各"
)
# Every region of the index ("各省", "所有地方"): places only. "各单位", "各政府部门" are the bodies of the region named
# ("仲恺高新区各单位…办了多少宗案子" asks one region), not the regions of the index.
_EVERY_REGION = re.compile(rf"各{_REGIONS}|各个{_REGIONS}|所有{_REGIONS}|全部{_REGIONS}|每个{_REGIONS}")
# A figure is asked for: an amount, a rate, a measured quantity.
_FIGURE = re.compile(
    rf"多少|几(?:[个件项次名位人家条所万亿]|{_COUNTED})|比例|比重|占比|[增速税费]率|增速|增幅|增长|下降|总值|总额|总量|产量|产值|规模|金额|"
    r"收入|支出|投资|人口|面积|数量|数额|件数|人数|户数|GDP|gdp|指标|数据|数字|几成|率|强度|密度|百分之几|几个点|多大|多高|多快"
)
# Asking for an amount: "多少", "几个百分点", "百分之几", "多大/多高/多快". Unlike _FIGURE it holds no topic nouns
# (指标, 收入, 投资 …), which a "which places do X" question may name as what is done ("买卖排污指标的交易").
_ASKS_AMOUNT = re.compile(
    rf"多少|几(?:[个件项次名位人家条所万亿成]|{_COUNTED})|百分之几|几个点|多大|多高|多快|多重|多长|多远|什么水平"
)
# Asking how fast or by what percentage ("要跑多快", "涨了百分之几"): a rate is asked even when the measure names
# only the thing ("GDP要跑多快" is GDP growth, not GDP).
_ASKS_RATE = re.compile(r"多快|百分之(?:几|多少)|几个点|几个百分点|几成|[涨跌降]了?多少|是涨是跌|涨幅|增幅|增速")
_RATE_WORD = re.compile(r"增长|增速|增幅|下降|涨|降|率|比重|占比|比例")
# "全国第一", "居全国前列": a rank, not the national reports as a region.
_NATIONAL_RANK = re.compile(r"(?:居|在|占|列|位居)?全国(?=第|首|前|领先|最|排名|之最|一流)")
# A plan, in the report's words or the asker's ("打算增长多少", "定在多少", "要控制在什么水平").
# 预期寿命 (life expectancy) is an indicator name, not a plan; so are 实际使用/利用外资 and 实际到位资金: the words
# stay in the measure.
# 定 as "set (a target)", not in 认定/确定/规定/稳定… ("国家认定的高新技术企业" is no plan)
_SET = r"(?<![认确规决制指约鉴评审判否核稳一肯固特法])定[的在了为下]"
# 今年/明年: asked now (the reports were given this year and review the last) or in a report's own words ("今年赤字率
# 拟按3%安排"), this year is the one a report sets targets for; 今年以来 ("so far this year") reviews it.
_TARGET = re.compile(
    rf"目标|预期(?!寿命)|计划|力争|预计|安排|打算|准备|{_SET}|要控制|控制在|拟|今年(?!以来|上半年)|明年|(?<!前)后年"
)
# An average over years is asked by 年均/平均每年, or by 平均/均值 over a span of years ("五年平均涨了多少"); a plain
# "失业率平均是多少" asks for the year's rate, which reports write as "平均为5.2%" (see retrieval.figures).
# (not 去年平均每个居民: last year's figure per resident)
# 年均浓度 names an indicator (a year's mean concentration), not an average over years
_AVERAGE = re.compile(r"(?<![去今前明当全每])年(?:均|平均)(?!浓度)|平均每年|每年平均|平均增长|平均增速|平均递增")
_PLAIN_AVERAGE = re.compile(r"平均|均值")
# "“十四五”末实际达到的水平" asks the level at the plan's end, not its five years' total
_CUMULATIVE = re.compile(r"累计|五年|十[三四]五(?!”?(?:期末|末))|共计|总共")
# Asking for the figure itself ("要具体数", "具体金额"); 准确 only with what it qualifies (not 预报准确率)
_EXACT = re.compile(r"(?:具体|确切|精确)的?(?:数字|数额|数值|金额|数|值)?|准确的?(?:数字|数额|数值|金额|数)|实数|准数")
# Framing that carries no content of the measure (removed, longest first, after the region names).
_FRAMING = re.compile(
    r"^(?:请问|请|帮我|帮忙|要(?![求是]))|一下|对比|比较|相比|比一比|排一排|排个序|分别|各自|各是|各有|各为|哪个更多|哪个更高|哪个更快|哪个更大|哪个最多|"
    r"哪个最高|谁更多|谁更高|哪个更|谁更|哪个最|谁最|排名|排序|高低|"
    rf"(?:是|有)?(?:多少|几)(?:万亿|亿|万|千)?(?:个?百分点|{_COUNTED})?|"
    # colloquial asking: "是涨是跌", "谁涨得快", "哪家高", "什么水平", "跑出了…", "打了…"
    r"是涨是跌|涨是跌|[增涨长高多快大低]得(?:快|慢|高|低|多|少)|谁|哪家|什么水平|什么|怎么|"
    rf"{_SET}|(?:要)?控制在|准备|要求|给(?=\S)|"  # a plan's verbs: the kind says it (figure_kind target)
    # how big or fast: the asking, not the measure
    r"盘子|(?:要)?跑(?=多)|多高|多快|多大|百分之(?:几|多少)|几个百分点|几个点|"
    r"情况|怎样|怎么样|怎么|如何|我(?:想|要)?(?:问的?是|知道|问|要)|搞了?|"  # "我问的是产量", "棚改搞了多少套"
    r"(?:也)?就是(?:常说的?|平常说的?|俗称的?|所谓的?)?|俗称|所谓|常说的?|"  # a gloss's "that is": "就是常说的pm二点五"
    r"(?:比|较|比起)(?:上年|去年|上一年|前一年)|同比|"  # "比上年涨了几个点": the growth asked, said by its baseline
    rf"(?:要|给)?(?:{_EXACT.pattern})|"  # how exact, not what ("要2025年总产量的具体数"; ``Intent.exact``)
    rf"还有哪些{_PLACE}?|哪些{_PLACE}?|哪几个{_PLACE}?|哪个{_PLACE}?|哪里|哪儿|还有谁|有谁|其他{_PLACE}?|其它{_PLACE}?|"
    rf"别的{_PLACE}?|另外|除了|除|以外|之外|也在做|也在|也有|也都|也|类似的?|相似的?|一样的?|同样的?|相同的?|像|借鉴|"
    rf"还有|各{_PLACE}|各个{_PLACE}|所有{_PLACE}|全部{_PLACE}|每个{_PLACE}|做法|举措|措施|政府工作报告|施政报告|报告|中的|里的|"
    r"有没有|是否|有无|这件事|这个政策|这个|这么搞|这么做|这样做|这样|那样|这种|那种|这类|那类|这么|已经|打算|正在|在搞|在推|在做|提到|显示|实际(?!使用|利用|引进|到位)|预期目标|目标|预期(?!寿命)|年均|平均|均值|累计|吗|呢|吧|了|的|和|与|及|、|各|年度|年(?=的|[\s,，。?？]|$)|(?<=[\s\d])年|\?|？|!|！|。"
)
_ASKED_UNIT = re.compile(
    rf"(?<![这那])(?:多少|几)(?:万亿|亿|万|千)?(个?百分点|{_ASKABLE})(?!{_PLACE}|地|点)"  # "涨了几个点": a rate
)
# "多少个娃", "几个老人": 个 is the everyday measure word for anything, people too, whom reports count in 人/名/位.
_PEOPLE = re.compile(
    r"个(?:人|娃|孩子|小孩|儿童|婴幼儿|婴儿|学生|老人|群众|农民|村民|居民|职工|工人|干部|员工|患者|游客)"
)
# "多少户（或多少套）", "多少卷（份）": another unit offered in brackets right after the one asked
_OTHER_UNIT = re.compile(rf"\s*[（(]\s*(?:或者|或|也可以是)?\s*(?:多少|几)?(?:万|亿)?({_ASKABLE})\s*[)）]")


def _asked_unit(asked: str) -> str:
    """The unit a question asks its figure in ("多少件" → 件), or "" when it names none; units offered as
    alternatives are joined by "|" ("多少户（或多少套）" → 户|套, "多少卷（份）" → 卷|份)."""
    if not (m := _ASKED_UNIT.search(asked)):
        return ""
    unit = "人" if m.group(1) == "个" and _PEOPLE.match(asked, m.end(1) - 1) else m.group(1)
    if (other := _OTHER_UNIT.match(asked, m.end())) and other.group(1) != unit:
        unit += f"|{other.group(1)}"
    return unit


_YEAR_TOKEN = re.compile(r"(?<!\d)(?:19|20)\d\d(?:年度|年)?")
_YEAR_RANGE = re.compile(r"(?<!\d)((?:19|20)\d\d)年?\s*(?:到|至|-|—|~|～)\s*((?:19|20)\d\d)(?!\d)")
# A question is often several clauses: a group name ("长三角这几个省市"), a list of places, and the clause
# that asks for the figure. The measure comes from the clauses that ask.
_CLAUSE = re.compile(r"[,，:：;；?？!！。()（）【】]+")
_RELATIVE_YEAR = re.compile(
    r"(?:过去|这|近|最近)[一二三四五六七八九十几]年[来里间]?|这些年|[一二三四五六七八九十]年[来里间前]|"
    rf"{relative_year_words()}|历年|当年|全年|一年|"
    r"这一年|近年|每年"
)
_GROUP = re.compile(
    rf"(?:这些|这几个|这几|几个|那些)[^\s,，:：;；?？]{{0,4}}?{_PLACE}|省区市|省市区|省区|省市|"
    r"[东西南北中]部|西北|西南|东北|华东|华南|华北|华中|长三角|珠三角|京津冀|成渝|国务院|回顾|"
    rf"[一二两三四五六七八九十几]个?(?:省区市|省市区|省区|省市|省份|省|地市|城市|市|区县|县|区|{_PLACE})|"
    r"[\u4e00-\u9fff]{1,2}(?:大省|强省|大市|强市|大县|强县)"  # "工业大省", "产粮大省": who, not what
)
_SPACES = re.compile(r"[\s,，;；:：]+")


@dataclass(frozen=True)
class Intent:
    kind: Kind
    question: str
    measure: str = ""  # what is done or counted, without places, years and question words
    regions: tuple[str, ...] = ()  # compare: the regions to tabulate, in the question's order
    probe_regions: tuple[str, ...] = ()  # elsewhere: the regions named as the example (excluded from answers)
    every_region: bool = False  # compare over 各省/各地: every region in the index
    year: int | None = None
    years: tuple[int, ...] = ()  # compare over years ("2014到2018年"): one row per region and year
    region_years: tuple[int | None, ...] = ()  # "朝天区2024年和通城县2023年": the year written after each region
    figure_kind: FigureKind = "actual"  # compare: the kind of figure asked for
    unit: str = ""  # compare: the unit asked for ("多少件" → 件)
    wordings: tuple[str, ...] = ()  # compare: the measure's clauses when it is said more than once, each a wording
    excluded: tuple[str, ...] = ()  # compare: what the asker rules out, as words ("不要收到的申请数" → "收到 申请")
    # compare: the figure itself is asked ("要具体数", "“突破多少”这种说法不算"): a mark passed ("突破620亿斤") is none
    exact: bool = False


def detect(
    question: str,
    regions_in: Callable[[str], set[str]],
    all_regions: list[str] | None = None,
) -> Intent:
    """The intent of ``question``; ``regions_in`` is the index's region matcher, ``all_regions`` what 各省 means."""
    normalised = normalize_for_matching(question)
    named = _ordered(normalised, regions_in(_NATIONAL_RANK.sub("  ", normalised)))
    years = years_of(normalised)
    asked, excluded = ruled_out(normalised)  # "…，也不要办结数": neither 也 nor 办结 is asked
    wants_figure = bool(_FIGURE.search(asked))
    every = bool(_EVERY_REGION.search(asked))
    others = bool(_OTHERS.search(asked))
    which_places = bool(_WHICH_PLACES.search(asked))
    other_places = bool(_OTHER_PLACES.search(normalised))
    which_one = bool(_WHICH_ONE_PLACE.search(normalised))
    # "其他/也/类似" make the named regions examples only when places are what is asked ("还有哪些省也…"); in
    # "…宁夏，再把天津、青海也带上" 也 adds regions to the table
    places_asked = others and (which_places or which_one or other_places)
    clauses = _measure_clauses(asked, named, asking_only=True)
    measure = " ".join(part for part, _ in clauses)
    over_years = len(named) == 1 and len(years) >= 2
    if wants_figure and not places_asked and (len(named) >= 2 or every or over_years) and _COMPARE.search(normalised):
        if measure and _ASKS_RATE.search(asked) and not _RATE_WORD.search(measure):
            measure += " 增长"
        return Intent(
            "compare", question, measure, tuple(all_regions or ()) if every and len(named) < 2 else named,
            every_region=every and len(named) < 2, year=years[-1] if len(years) == 1 else None,
            years=tuple(years) if over_years else (), figure_kind=_figure_kind(asked),
            region_years=_region_years(normalised, named) if len(named) >= 2 and len(years) >= 2 else (),
            unit=_asked_unit(asked),
            wordings=_wordings(clauses), excluded=excluded, exact=_asks_exact(asked, excluded),
        )
    measure = measure_of(normalised, named)
    as_example = other_places or ((which_places or which_one) and others)  # the named region is an example
    lists_places = which_places and not _ASKS_AMOUNT.search(normalised) and not named
    if measure and (as_example or lists_places):
        return Intent("elsewhere", question, measure, probe_regions=named, year=years[-1] if years else None)
    return Intent("ask", question, measure, regions=named, year=years[-1] if years else None)


# A clause that rules something out: "不要增速", "要绝对数，不是增幅", "也不要办结数", "不分城乡", "光有出口的别算".
_RULES_OUT = re.compile(
    r"^(?:也|并且|而且|但|而)?(?:不要|不是|不算|不含|不包括|不包含|不分|不用|不看|并非|而非|别(?![的处人家样]))|"
    r"(?:别算|不算|除外|不要|不用|不看)$"  # 别 as "don't", not 别的 ("other"); "预期目标不要"
)
_CLAUSES = re.compile(r"[^,，:：;；?？!！。()（）【】]+")
# "…都别拿来凑", "…不要算进去": a "don't" inside a clause that asks for nothing, with the verb after it
_DONT = re.compile(r"(?:都|也)?(?:不要|不算|不用|别(?![的处人家样]))[\u3400-\u9fff]{0,4}$")
_LIST_ITEM = re.compile(r"[、/]|或者|或|以及|还有|和|及|都|也")
# a clause that is an item of such a list: a thing described ("只给增长了百分之几的", "还有只报服务贸易的"), not
# what is wanted ("要当年新增的")
_LIST_CLAUSE = re.compile(r"^(?!\s*(?:我|只|就)?要)[^要]*的[”\"]?\s*$")
# how it is said, not what is ruled out ("光有出口的" → 出口)
_NOT_WHAT = re.compile(r"光有|只有|只是|光|只|单|一部分|部分|这种|这类|那种|这样|口径|的|多少|数$")


def ruled_out(normalised: str) -> tuple[str, tuple[str, ...]]:
    """The question without the clauses that rule something out, and what each rules out (its words, space-joined):
    asked "…各收了多少亿？要绝对数，不是增幅", a growth rate is not the answer; asked "不要收到的申请数", a figure
    labelled "收到…申请" is not either."""
    clauses = list(_CLAUSES.finditer(normalised))
    ruled: list[re.Match[str]] = []
    for i, clause in enumerate(clauses):
        said = clause.group().strip()
        if _RULES_OUT.search(said) or (_DONT.search(said) and not _ASKS_AMOUNT.search(said)):
            ruled.append(clause)
            # "只给增速的、只说“突破”的，还有只报服务贸易的，都不算": a bare "都不算" rules out the list said before it
            if not _ruled_items(said):
                before = i - 1
                while before >= 0 and _LIST_CLAUSE.search(clauses[before].group()) and re.fullmatch(
                        r"[,，、\s]*", normalised[clauses[before].end() : clauses[before + 1].start()]):
                    ruled.append(clauses[before])
                    before -= 1
    kept, phrases = normalised, []
    for clause in sorted({c.start(): c for c in ruled}.values(), key=lambda c: c.start()):
        kept = kept[: clause.start()] + " " * len(clause.group()) + kept[clause.end() :]
        phrases += _ruled_items(clause.group().strip())
    return kept, tuple(dict.fromkeys(phrases))


def _ruled_items(said: str) -> list[str]:
    """"每万人拥有量、增长倍数都不算": each item of a list is ruled out by itself."""
    items = []
    for item in _LIST_ITEM.split(_NOT_WHAT.sub(" ", _DONT.sub(" ", _RULES_OUT.sub("", said)))):
        words = [w for w, _ in tagged(item) if len(w) >= 2 and re.search(r"[\u3400-\u9fff]", w)]
        if words:
            items.append(" ".join(words))
    return items


def _asks_exact(asked: str, excluded: tuple[str, ...]) -> bool:
    """"要具体数", "要实数", or a round mark ruled out ("“突破多少”这种说法不算", "只说超过多少的不算")."""
    return bool(_EXACT.search(asked)) or any(ROUND_MARK.search(word) for phrase in excluded for word in phrase.split())


def years_of(normalised: str) -> list[int]:
    """Years named, ranges spelled out: "2012、2014到2018年" → [2012, 2014, 2015, 2016, 2017, 2018]."""
    found = set(years_in(normalised))
    for first, last in _YEAR_RANGE.findall(normalised):
        if 0 < int(last) - int(first) <= 30:
            found.update(range(int(first), int(last) + 1))
    return sorted(found)


def measure_of(normalised: str, regions: tuple[str, ...], asking_only: bool = False) -> str:
    """The question without its places, years and framing: "对比河南、山东2025年的粮食产量" → "粮食产量"."""
    return " ".join(measure_parts(normalised, regions, asking_only))


def measure_parts(normalised: str, regions: tuple[str, ...], asking_only: bool = False) -> list[str]:
    """The measure clause by clause: "老百姓的收入涨了多少？…居民人均可支配收入各增长多少" says it twice, in everyday
    words and in the report's ("老百姓 收入涨", "居民人均可支配收入 增长")."""
    return [part for part, _ in _measure_clauses(normalised, regions, asking_only)]


def _measure_clauses(normalised: str, regions: tuple[str, ...], asking_only: bool) -> list[tuple[str, str]]:
    """Each clause's words of the measure, with the clause as asked."""
    # where to look is no part of the measure: "这几份法治报告里", "几个区县年度报告里审结…", "…案件数在年度报告中"
    text = _IN_THE_REPORTS.sub(" ", normalised)
    for region in regions:
        for alias in sorted(region_aliases(region), key=len, reverse=True):
            text = text.replace(alias, " ")
    text = _GROUP.sub(" ", _RELATIVE_YEAR.sub(" ", _YEAR_TOKEN.sub(" ", _YEAR_RANGE.sub(" ", text))))
    text = re.sub(r"(?<!增)各?长了(?=多少|几|百分之)", "增长", text)  # "经济各长了多少" asks how much it grew
    text = re.sub(r"多来了?(?=多少|几|百分之)", "增长", text)  # "游客比前年多来了几成": how much more came
    # a gloss inside a noun phrase ("调成（化解成功）的矛盾纠纷") does not cut the phrase in two
    text = re.sub(r"[（(][^（）()]*[）)](?=的)", " ", text)
    clauses = [(_SPACES.sub(" ", _FRAMING.sub(" ", raw)).strip(), raw) for raw in _CLAUSE.split(text)]
    asking = [(p, raw) for p, raw in clauses if p and _FIGURE.search(raw)]
    # "执法证年审，各通过了多少": the asking clause names only a verb; "外贸（进出口）定了增长多少的目标？要增速目标":
    # only what of the topic is asked (增长, 增速). Either way the topic is said in the other clauses.
    if not asking_only or _content([p for p, _ in asking]) < _VERB_ONLY \
            or not _content([_QUANTITY_WORDS.sub("", p) for p, _ in asking]):
        asking = []
    kept = [(" ".join(w for w in part.split() if len(w) > 1 or not re.match(r"[\u3400-\u9fff]", w)), raw)  # no "市"
            for part, raw in (asking or [(p, raw) for p, raw in clauses if p])]
    return [(part, raw) for part, raw in kept if part]


# 在/这/那/各/几 opens where to look, and it ends at the reports; 中心, 中期, 上的 are words of their own
_IN_THE_REPORTS = re.compile(
    r"[在从这那各几]+[^,，:：;；?？!！。()（）【】在从这那各几]{0,10}报告(?:里|中|上|内)(?![的心期间])"
)


def _wordings(clauses: list[tuple[str, str]]) -> tuple[str, ...]:
    """The clauses that each name the measure by themselves, when there are several. A verb alone ("收到", "通过")
    names nothing, and neither does a quantity without its topic ("规上工业（规模以上企业）的增加值增速": "增加值增速"
    is what of the topic is asked, and matches every industry's)."""
    named = tuple(part for part, _ in clauses
                  if _content([part]) >= _VERB_ONLY and _content([_QUANTITY_WORDS.sub("", part)]) >= 2)
    return named if len(named) > 1 else ()


# What of a topic is measured ("增加值增速", "总额", "增长"): no topic by itself.
_QUANTITY_WORDS = re.compile(rf"增加值|总值|产值|{QUANTITY_WORDS}|各|分别")


_VERB_ONLY = 3  # an asking clause with fewer characters of measure ("通过") leaves the topic to other clauses


def _content(parts: list[str]) -> int:
    return len(re.sub(r"[\s\W]", "", "".join(parts)))


def _figure_kind(normalised: str) -> FigureKind:
    if _AVERAGE.search(normalised) or (_PLAIN_AVERAGE.search(normalised) and _CUMULATIVE.search(normalised)):
        return "average"
    if _CUMULATIVE.search(normalised):
        return "cumulative"
    if _TARGET.search(normalised):
        return "target"
    return "actual"


def _position(normalised: str, region: str) -> int:
    found = [normalised.find(alias) for alias in region_aliases(region) if alias in normalised]
    return min(found, default=len(normalised))


def _ordered(normalised: str, regions: set[str]) -> tuple[str, ...]:
    return tuple(sorted(regions, key=lambda r: (_position(normalised, r), r)))


def _region_years(normalised: str, regions: tuple[str, ...]) -> tuple[int | None, ...]:
    """The year written between a region's name and the next region's, if any."""
    starts = [_position(normalised, r) for r in regions] + [len(normalised)]
    return tuple(
        (sorted(years_in(normalised[starts[i] : starts[i + 1]])) or [None])[0] for i in range(len(regions))
    )
