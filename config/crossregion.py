"""Settings of the cross-region finders (env GOVQA_COMPARE_* / GOVQA_ELSEWHERE_*, TOML [compare] / [elsewhere]).

Thresholds were chosen on the train split of bench/data/{compare,elsewhere}_questions.jsonl (see
docs/benchmarks.md, "Cross-region questions").
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from config.base import TomlBackedSettings


class CompareSettings(TomlBackedSettings):
    model_config = SettingsConfigDict(env_prefix="GOVQA_COMPARE_", toml_table_header=("compare",), extra="ignore")

    passages: int = Field(8, ge=1, description="Passages retrieved per region (restricted to its reports).")
    dense_candidates: int = Field(
        6, ge=1, description="Best figures per region (by wording) whose context is also compared by embedding."
    )
    dense_weight: float = Field(1.0, ge=0, description="Weight of embedding similarity (cosine above its floor).")
    dense_floor: float = Field(0.75, description="Cosine similarity that counts as 'unrelated' for e5 embeddings.")
    retrieval_bonus: float = Field(0.05, ge=0, description="Bonus for a figure inside a passage the search ranked.")
    min_score: float = Field(
        0.5, description="Least score for a figure to be reported as found (lower: the row says 'not found')."
    )
    min_label_coverage: float = Field(
        0.8, ge=0, le=1,
        description="Least share of the measure's words that the words right before the figure must name.",
    )
    min_label_coverage_alone: float = Field(
        0.7, ge=0, le=1,
        description="Least label coverage of a figure that no other figure of the report comes close to (by "
        "'alone_margin'), when none reaches 'min_label_coverage': reports name an indicator in words of their own "
        "(全區行政負責人出庭應訴率 for 行政机关负责人出庭应诉率). Calibrated on train; 1 turns it off.",
    )
    alone_margin: float = Field(
        0.1, ge=0, description="Least score by which such a figure must lead every figure of another value."
    )
    indicator_min_similarity: float = Field(
        0.9, description="Least e5 cosine between a question's measure and a report indicator name (粮食产量, "
        "社会消费品零售总额增长…) for that name to count as a wording of the measure (calibrated on train; "
        "above 1 turns it off).",
    )


class ElsewhereSettings(TomlBackedSettings):
    model_config = SettingsConfigDict(env_prefix="GOVQA_ELSEWHERE_", toml_table_header=("elsewhere",), extra="ignore")

    candidates: int = Field(
        40, ge=1, description="Other reports' passages considered before grouping by region (a passage's rank among "
        "them is a listing signal: refit with python -m bench.calibrate_elsewhere after changing it).",
    )
    min_probability: float | None = Field(
        None, ge=0, le=1,
        description="Least probability that a region's best passage states the initiative, to list the region; "
        "None: the threshold fitted with the weights (retrieval/elsewhere_calibration.json, "
        "python -m bench.calibrate_elsewhere). Lower lists more regions and more that do not state it.",
    )
    max_regions: int = Field(12, ge=1, description="Most regions listed in an answer.")
    quotes_per_region: int = Field(
        2, ge=1, description="Most statements quoted per listed region: its best passage, then its other pooled "
        "passages that pass the same cut (the sentence a region states the initiative in is not always its "
        "first-ranked one; 1 quotes the best only).",
    )
    dense_floor: float = Field(
        0.75, description="Cosine similarity that counts as 'unrelated' for e5 embeddings (the meaning signal is "
        "measured from it: refit with python -m bench.calibrate_elsewhere after changing it).",
    )
    anchor_chars: int = Field(
        4, ge=2, description="Least length of a run of the question's characters that, repeated by a passage and rare "
        "in the reports, names the initiative itself (a listing signal: refit after changing it)."
    )
    anchor_max_share: float = Field(
        0.15, ge=0, le=1, description="Most share of all reports such a run may appear in (rarer is a name)."
    )
