"""Which figure of a region's reports answers a comparison: units that fit (one measure-word table with the
answer layer), percentages for measures of change, labels that name the measure, a share or a part that does
not; then the embedding rescoring (the real model)."""

from __future__ import annotations

from config import CompareSettings
from indexer.store import ChunkRecord, DocumentRecord
from retrieval.figure_picker import FigurePicker

DOCUMENT = DocumentRecord("d1", "d1.txt", "/tmp/d1.txt", "报告", "通城县", 2023, None, "hash", "txt", "utf-8")


def _candidates(measure: str, unit: str, *texts: str, ranked: set[int] = frozenset(),
                settings: CompareSettings | None = None, embedder=None, excluded: tuple[str, ...] = ()) -> list:
    text = "\n".join(texts)
    chunks, start = [], 0
    for ordinal, piece in enumerate(texts):
        chunks.append(ChunkRecord(ordinal, "d1", ordinal, start, start + len(piece), "", piece))
        start += len(piece) + 1
    picker = FigurePicker(embedder, settings or CompareSettings())
    return picker.candidates(measure, unit, [(DOCUMENT, chunks, text)], set(ranked), excluded=excluded)


def _values(candidates: list) -> list[str]:
    return [c.figure.value for c in candidates]


def test_pm25_and_fine_particles_are_one_thing_and_micrograms_per_cubic_metre_a_unit() -> None:
    # 上海 and 北京, 2026: the same indicator under its two names; "多少微克" leaves out "per cubic metre"
    text = "PM2.5年均浓度为26.3微克/立方米、下降7.4%，细颗粒物年均浓度27微克/立方米。"
    found = {c.figure.value: c.label_coverage for c in _candidates("细颗粒物 浓度", "微克", text)}
    assert set(found) == {"26.3微克/立方米", "27微克/立方米"}
    assert min(found.values()) >= CompareSettings().min_label_coverage
    assert _values(_candidates("pm二点五 浓度", "", "PM2.5浓度降至28.5微克每立方米。")) == ["28.5微克每立方米"]


def test_measure_words_that_count_the_same_things_fit_the_unit_asked() -> None:
    text = "全年收到行政复议申请26宗，组织培训300人。"
    assert _values(_candidates("行政复议申请", "件", text)) == ["26宗"]
    # 个 asks for 项/家 as well, in either script; 人 for 名/位; never for another unit
    found = _values(_candidates("基层立法联系点", "个", "新建基层立法联系点33個，服务企业290家，培训12名。"))
    assert "33個" in found and "290家" in found and "12名" not in found
    assert _values(_candidates("参训人员", "人", "培训执法人员120名，专家30位，案件5件。")) == ["120名", "30位"]


def test_percentage_points_answer_only_a_question_asking_for_them() -> None:
    text = "常住人口城镇化率五年提高3.89个百分点，达到57.5%。"
    assert _values(_candidates("城镇化率 提高", "", text)) == ["57.5%"]
    assert _values(_candidates("城镇化率 提高", "个百分点", text)) == ["3.89个百分点"]


def test_a_measure_of_change_is_answered_by_a_percentage_and_an_amount_otherwise() -> None:
    text = "地区生产总值达到5.67万亿元、增长5.4%，粮食产量比上年提高0.3个百分点。"
    assert _values(_candidates("地区生产总值增长", "", text)) == ["5.4%"]
    assert _values(_candidates("地区生产总值", "", text)) == ["5.67万亿元"]  # never "0.3个百分点"


def test_the_figure_whose_own_words_name_the_measure_ranks_first() -> None:
    found = _candidates("行政复议申请", "件", "全年办结信访事项40件，收到行政复议申请26件，受理21件。")
    assert found[0].figure.value == "26件" and found[0].score > max(c.score for c in found[1:])
    by_value = {c.figure.value: c for c in found}
    # 受理21件 is named by the subject it carries over (收到行政复议申请), 信访事项 by nothing of the measure
    assert by_value["21件"].label_coverage > by_value["40件"].label_coverage


def test_a_share_or_a_part_of_the_measure_is_not_the_measure() -> None:
    share = "高技术制造业增加值占规模以上工业增加值比重达34.7%。"
    assert _candidates("规模以上工业增加值增长", "", share) == []
    assert _values(_candidates("规模以上工业增加值比重", "", share)) == ["34.7%"]  # unless a share is asked
    part = "其中，对东盟进出口增长9.2%。全年进出口增长5.0%。"
    assert _values(_candidates("进出口增长", "", part)) == ["5.0%"]
    # a figure of a 分别 list the reader could not pair is one part's, which one is not known (江苏's 2026 report)
    unpaired = "城乡居民人均可支配收入分别达6.9万元、3.4万元，增长4.2%、5.3%。全体居民人均可支配收入增长5%。"
    found = _values(_candidates("居民人均可支配收入增长", "", unpaired))
    assert found[0] == "5%" and "4.2%" not in found
    # the measure less a part of it (甘肃's 2026 report), unless that is what is asked
    adjusted = "固定资产投资增长1.2%。扣除房地产开发投资后，固定资产投资增长2.7%。"
    assert _values(_candidates("固定资产投资增长", "", adjusted)) == ["1.2%"]
    assert "2.7%" in _values(_candidates("扣除房地产开发投资 固定资产投资增长", "", adjusted))


def test_another_measure_of_the_topic_asked_is_not_the_indicator_meant() -> None:
    # "打了多少粮食" names a topic; the indicator name it means (粮食产量) says what of it (浙江's 2026 report)
    text = "粮食播种面积1584.6万亩、总产量132.4亿斤。"
    picker = FigurePicker(None, CompareSettings())
    chunks = [ChunkRecord(0, "d1", 0, 0, len(text), "", text)]
    found = picker.candidates("粮食", "", [(DOCUMENT, chunks, text)], set(), ("粮食产量",))
    assert "1584.6万亩" not in _values(found) and "132.4亿斤" in _values(found)
    # words of one class say the same: 进出口总额 is 进出口总值
    trade = "进出口总额增长17.3%。"
    chunks = [ChunkRecord(0, "d1", 0, 0, len(trade), "", trade)]
    found = picker.candidates("外贸 增长", "", [(DOCUMENT, chunks, trade)], set(), ("进出口总值增长",))
    assert _values(found) == ["17.3%"]


def test_a_figure_in_a_passage_the_search_ranked_gets_the_bonus() -> None:
    settings = CompareSettings()
    text = "收到行政复议申请26件。"
    plain = _candidates("行政复议申请", "件", text)[0]
    ranked = _candidates("行政复议申请", "件", text, ranked={0})[0]
    assert ranked.score == plain.score + settings.retrieval_bonus


def test_meaning_rescores_the_head_of_each_region(embedder) -> None:
    texts = ("全年收到行政复议申请26件。", "全年举办普法讲座26场。")
    picker = FigurePicker(embedder, CompareSettings())
    found = _candidates("行政复议申请数量", "", *texts, embedder=embedder)
    (rescored,) = picker.add_dense("行政复议申请数量", [found])
    assert rescored[0].figure.value == "26件" and rescored[0].dense > rescored[1].dense
    assert [c.score for c in rescored] == sorted((c.score for c in rescored), reverse=True)
    (unchanged,) = FigurePicker(embedder, CompareSettings(dense_weight=0)).add_dense("行政复议申请数量", [found])
    assert all(c.dense == 0.0 for c in unchanged)


def test_a_label_need_not_repeat_the_count_noun_the_unit_already_says() -> None:
    # Chaotian's report: "受理21件" under "收到行政复议申请" answers "受理了多少行政复议案件" (案件 is what 件 counts)
    text = "2024年共收到行政复议申请26件,受理21件,不予受理4件。"
    found = {c.figure.value: c.label_coverage for c in _candidates("受理 行政复议案件", "", text)}
    assert found["21件"] >= CompareSettings().min_label_coverage > found["4件"]


def test_what_the_asker_rules_out_is_not_the_answer() -> None:
    # "…复议案子各有多少件？不要收到的申请数，也不要办结数" (retrieval.intent.ruled_out: "收到 申请", "办结")
    text = "2024年共收到行政复议申请26件,受理21件,办结18件。"
    assert sorted(_values(_candidates("复议 受理", "件", text))) == ["18件", "21件", "26件"]
    found = _candidates("复议 受理", "件", text, excluded=("收到 申请", "办结"))
    assert [c.figure.value for c in found if not c.ruled_out] == ["21件"]
    assert sorted(c.figure.value for c in found if c.ruled_out) == ["18件", "26件"]  # kept as rivals, never shown
    # a word of its own: 出口 rules out "出口增长", not "进出口增长"
    trade = "进出口增长18.2%，出口增长20%。"
    ruled = {c.figure.value: c.ruled_out for c in _candidates("外贸总额 增长", "", trade, excluded=("出口",))}
    assert ruled == {"18.2%": False, "20%": True}
    # …and a compound whose modifier is a word of its own is a kind of its head: 普通高中 of 高中 (set l, 安徽)
    places = "新增普通高中学位5.8万个，新增基础教育学位12.4万个。"
    ruled = {c.figure.value: c.ruled_out for c in _candidates("新增 学位", "个", places, excluded=("高中",))}
    assert ruled == {"5.8万个": True, "12.4万个": False}


def test_a_count_ruled_out_in_another_unit_than_asked_rules_out_that_unit() -> None:
    # set m, 天津: "城中村改了多少户？…只说改了几个村、几个项目的也不要": 180个 counts villages, not households
    text = "城中村改造180个，惠及居民3.2万户。"
    ruled = {c.figure.value: c.ruled_out
             for c in _candidates("城中村 改造", "户", text, excluded=("几个", "几个 项目"))}
    assert ruled == {"180个": True, "3.2万户": False}
    # in the unit asked, such a count says what of the thing is ruled out ("只讲几家的不算"), not the unit
    text = "全省高新技术企业总数达到1.9万家。"
    ruled = {c.figure.value: c.ruled_out for c in _candidates("高新技术企业", "家", text, excluded=("几家",))}
    assert ruled == {"1.9万家": False}


def test_a_rate_asked_is_not_ruled_out_by_level_or_growth_words_alone() -> None:
    # set m: "要增速目标，只定总额、只说正增长…的都不算" (ruled out: "总额", "增长"); a level is no candidate for a rate
    # anyway, and the growth of the total is what is asked
    text = "进出口总额增长3.5%左右，进出口总额达到8000亿元。"
    found = _candidates("外贸 进出口 增长 增速", "", text, excluded=("总额", "增长", "加工 贸易"))
    assert [(c.figure.value, c.ruled_out) for c in found] == [("3.5%左右", False)]
    # asked a level, a growth ruled out still is ("要绝对数，不是增幅")
    found = _candidates("进出口总额", "亿元", "进出口总额增长120亿元，达到8000亿元。", excluded=("增长",))
    assert {c.figure.value: c.ruled_out for c in found} == {"120亿元": True, "8000亿元": False}


def test_the_verb_that_opens_a_list_rules_out_every_item() -> None:
    # "高新企业现在各有多少家？要存量总数…新增多少都不算": "新增…中小企业7227家、高新技术企业3200家" counts new firms
    text = "新增科技型中小企业7227家、高新技术企业3200家。全省高新技术企业总数达到1.9万家。"
    ruled = {c.figure.value: c.ruled_out for c in _candidates("高新技术企业", "家", text, excluded=("新增",))}
    assert ruled == {"7227家": True, "3200家": True, "1.9万家": False}
    # a comma ends the list: the next clause is not new firms ("收到…26件，受理21件" keeps its own verb)
    text = "新增科技型中小企业7227家，高新技术企业总数3200家。"
    ruled = {c.figure.value: c.ruled_out for c in _candidates("高新技术企业", "家", text, excluded=("新增",))}
    assert ruled == {"7227家": True, "3200家": False}


def test_a_growth_is_not_a_share_and_a_figure_after_whereof_is_a_parts() -> None:
    # 福建, 2026: a growth target of R&D spending where its share of GDP is asked
    plan = "全社会研发经费投入增长10%左右，研发投入强度达到2.2%。"
    assert _values(_candidates("研发投入占GDP比重", "", plan)) == ["2.2%"]
    # 黑龙江, 2026: "其中，入境游客…" is a part of the tourists asked about, unless it is what was asked
    tourists = "接待游客人次增长10.3%，其中，入境游客人次增长47.8%。"
    assert _values(_candidates("游客人次 增长", "", tourists)) == ["10.3%"]
    assert "47.8%" in _values(_candidates("入境游客人次 增长", "", tourists))


def test_a_part_named_after_whereof_is_what_was_asked_when_the_measure_says_it() -> None:
    # 殷都区, 2021: "其中审结14起" is the part the asker wants, "其中行政诉讼案件20起" too (案件 only says "a count
    # of"); asked the cases received, the part settled is no answer
    review = "区政府作为复议机关共受理行政复议案件16起,其中审结14起;"
    assert "14起" in _values(_candidates("行政复议 审结", "件", review))
    assert _values(_candidates("行政复议 受理", "件", review)) == ["16起"]
    suits = "共参加应诉案件37起,其中行政诉讼案件20起,民事案件17起。"
    assert _values(_candidates("政府当被告 行政诉讼", "起", suits))[0] == "20起"
    # 湖南, 2026: a part that opens with 对 still names a narrower thing than the measure
    assert "12.1%" not in _values(_candidates("进出口 增长", "", "进出口增长8.2%，对东盟进出口增长12.1%。"))


def test_a_growth_in_times_answers_a_growth_rate_and_batches_are_no_amount() -> None:
    # 陕西, 2026: "入境游客增长1倍" answers "涨了几成"; "是全国的1.5倍" is a ratio, no growth
    text = "入境游客增长1倍，国内游客人次增长5.6％，人均消费是全国的1.5倍。"
    assert _values(_candidates("入境游客 增长", "", text))[0] == "1倍"
    assert "1.5倍" not in _values(_candidates("入境游客 增长", "", text))
    # 朝天区, 2024: the batch is how the review was organised, the files reviewed are the amount
    files = "组织开展行政执法案卷评查1批次共28卷。"
    assert _values(_candidates("行政执法案卷评查", "", files)) == ["28卷"]
    assert _values(_candidates("行政执法案卷评查", "本", files)) == ["28卷"]  # "多少本" counts files (卷, 份)
    night_school = "举办法治夜校12期，培训干部300人。"
    assert _values(_candidates("法治夜校", "期", night_school)) == ["12期"]  # asked "几期", the terms are the amount
    assert "12期" not in _values(_candidates("法治夜校", "", night_school))
    # units offered as alternatives ("多少户（或多少套）"): 山东 counts its 城中村 in 套, 福建 in 户
    villages = "开工城中村改造安置住房14.1万套，启动城中村改造2.6万户。"
    assert set(_values(_candidates("城中村改造", "户|套", villages))) == {"14.1万套", "2.6万户"}
    assert _values(_candidates("城中村改造", "户", villages)) == ["2.6万户"]


def test_a_figure_under_an_unnumbered_plan_heading_is_a_target() -> None:
    # 甘肃, 2026: the chunker's section is "（七）…"; the line above it says the part is next year's work
    found = _candidates("城镇新增就业", "人", "2026年甘肃省政府工作报告", "城镇新增就业31.7万人。", "2026年重点工作",
                        "三是城镇新增就业30万人。")
    assert {c.figure.value: c.figure.kind for c in found} == {"31.7万人": "actual", "30万人": "target"}


def test_a_label_need_not_say_how_much_of_it_is_asked() -> None:
    # 河南, 2026: "GDP总量" is named by "生产总值6.66万亿元"; "总量" only says a level is asked
    found = _candidates("GDP总量", "", "生产总值6.66万亿元，财政总收入7019亿元。")
    assert found[0].figure.value == "6.66万亿元" and found[0].label_coverage >= CompareSettings().min_label_coverage
    assert found[1].label_coverage < CompareSettings().min_label_coverage_alone
