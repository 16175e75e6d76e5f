"""Citation markers: parse them, check every sentence against what it cites, and renumber.

A sentence ("claim") keeps a citation only if the cited passage supports it: every figure of the claim
appears in one sentence (or two adjacent ones) of the passage, and that sentence also shares enough of the
claim's character bigrams (lower bar when the figures already match). A claim whose citations fail is
re-attached to the passage that supports it best; a claim no passage supports is removed from the answer
and reported. Markers that point at nothing never survive, and the survivors are renumbered 1..n in order
of first use.

For a question that asks an amount, an answer must state an amount of the kind asked (the unit asked, a
percentage for a rate: query.asks_for) and, for a question about a year after the one the cited report covers,
the report's target rather than its review of the year before (kinds.py).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from typing import Any, Literal

from retrieval.answer.kinds import asked_kind, contradicts, flow_only, kinds_of
from retrieval.answer.query import NATIONAL, Query, asks_for, quoted_names
from retrieval.answer.text import (
    Figure,
    Span,
    amounts,
    clauses,
    coverage,
    figure_supported,
    figures,
    has_content,
    is_injection,
    norm,
    sentences,
    units,
)
from retrieval.answer.types import Citation
from retrieval.intent import FigureKind
from retrieval.places import place_named
from retrieval.regions import place_core
from retrieval.types import Hit

MARKER = re.compile(
    r"[\[【［]\s*(?:资料|来源|passage)?\s*(\d+(?:\s*(?:[,，、]|-|–|~)\s*(?:资料)?\s*\d+)*)\s*[\]】］]", re.IGNORECASE
)
_CLAIM = re.compile(r"[^。！？!?；;]*[。！？!?；;]+|[^。！？!?；;]+$")
# "朝天区：26件，通城县：62件": a new region label after a comma starts a new claim.
_LABELLED = re.compile(r"(?<=[，,])(?=[^，,。：:\[\]【】]{2,14}[：:])")
# "朝天区：26件[1]通城县：62件[2]": text after a marker, with no punctuation between, is a new claim.
_MARKER_RUN = re.compile(rf"(?:{MARKER.pattern}\s*)+", re.IGNORECASE)
_LEADING_MARKERS = re.compile(rf"\s*{_MARKER_RUN.pattern}", re.IGNORECASE)
_CONTINUES = re.compile(r"\s*(?:$|[。！？!?；;，,、：:）)」』”])")
_TERMINATOR = re.compile(r"[。！？!?；;，,]+$")
_LABEL = re.compile(r"^([^：:，,。]{1,14})[：:]\s*")
# The model (or an extractive line) stating that the material does not answer.
REFUSAL_CUE = re.compile(
    r"没有找到|未找到|没有提及|未提及|没有提到|未提到|没有相关|无相关|无法回答|不能回答|没有提供|未提供|没有说明|未说明|"
    r"没有给出|未给出|无法确定|没有具体|未披露|没有涉及|未涉及|没有包含|不包含|没有明确|未明确|没有记载|未记载"
)

# Share of the words beside a claimed figure (its clause) that the supporting window must contain, as
# bigrams, or else as characters: reports abbreviate what claims spell out ("往外省输送…绿色电力" for
# "绿电外送…输出"), and abbreviations keep the characters, while a figure of something else ("废止26件" for
# "收到行政复议申请26件") shares neither.
FIGURE_CONTEXT = 1 / 3
FIGURE_CONTEXT_CHARS = 1 / 2
_CJK = re.compile(r"[\u3400-\u9fff]")
_CLAUSE_BREAK = re.compile(r"[，,。；;！!？?]")
# "根据资料，…" / "资料显示，…": the model's lead-in, no part of what it claims.
_LEAD_IN = re.compile(r"^(?:根据|据|从)?(?:上述|以上|所给)?(?:资料|材料|报告)(?:\s*\[\d+\])?"
                      r"(?:显示|中提到|中提及|提到|指出|表明|可知|来看|中)?[，,：:]?\s*")

Status = Literal["supported", "reattached", "unsupported", "refusal", "empty"]


def parse_markers(text: str) -> list[int]:
    """[1] [1][2] [1, 2] [1，2] 【1】 [1-3] → the cited numbers in order, each once."""
    found: list[int] = []
    for match in MARKER.finditer(text):
        for part in re.split(r"\s*[,，、]\s*", match.group(1)):
            numbers = [int(x) for x in re.findall(r"\d+", part)]
            if len(numbers) == 2 and re.search(r"[-–~]", part) and 0 <= numbers[1] - numbers[0] < 20:
                numbers = list(range(numbers[0], numbers[1] + 1))
            found.extend(n for n in numbers if n not in found)
    return found


def strip_markers(text: str) -> str:
    return MARKER.sub("", text)


@dataclass(frozen=True)
class Claim:
    body: str  # the sentence without markers and without its final punctuation
    end: str  # the final punctuation ("。", "；", "" at the end of a line)
    cited: tuple[int, ...]
    line: int


def split_claims(answer: str) -> list[Claim]:
    """Sentences of the answer with the markers that belong to each (also "…。[1]" after the stop)."""
    claims: list[Claim] = []
    for line_no, line in enumerate(answer.split("\n")):
        pieces = [
            p for m in _CLAIM.finditer(line) if m.group().strip()
            for labelled in _LABELLED.split(m.group()) for p in _split_after_markers(labelled) if p
        ]
        for piece in pieces:
            leading = _LEADING_MARKERS.match(piece)
            if leading and claims and claims[-1].line == line_no:  # "。[1]": the markers close the last sentence
                last = claims[-1]
                extra = tuple(n for n in parse_markers(leading.group()) if n not in last.cited)
                claims[-1] = Claim(last.body, last.end, last.cited + extra, last.line)
                piece = piece[leading.end() :]
            text = strip_markers(piece).strip()
            if not text:
                continue
            end = _TERMINATOR.search(text)
            body = text[: end.start()].rstrip() if end else text
            claims.append(Claim(body, end.group()[:1] if end else "", tuple(parse_markers(piece)), line_no))
    return claims


def _split_after_markers(piece: str) -> list[str]:
    """Cut after a marker run that closes some text and is followed by more text, not by punctuation."""
    out: list[str] = []
    start = 0
    for run in _MARKER_RUN.finditer(piece):
        closes_text = has_content(strip_markers(piece[start : run.start()]))
        if closes_text and not _CONTINUES.match(piece, run.end()):
            out.append(piece[start : run.end()])
            start = run.end()
    out.append(piece[start:])
    return out


@dataclass(frozen=True)
class Support:
    hit: Hit
    span: Span  # offsets in hit.passage.text
    coverage: float


HELD = ("supported", "reattached")  # the statuses of a claim that stays in the answer


@dataclass
class CheckedClaim:
    claim: Claim
    status: Status
    supports: list[Support] = field(default_factory=list)


@dataclass
class Verification:
    answer: str
    citations: list[Citation]
    claims: list[CheckedClaim]
    unsupported: list[str]
    draft: str = ""  # the text as generated, before any claim was dropped: for diagnosing the verifier

    @property
    def supported(self) -> int:
        return sum(1 for c in self.claims if c.status in HELD)

    @property
    def refusals(self) -> int:
        return sum(1 for c in self.claims if c.status == "refusal")


def question_checks(query: Query) -> dict[str, Any]:
    """The Verifier's checks that follow from what the question asks: ``Verifier(…, **question_checks(q))``.
    An amount question needs an amount of the kind asked (a bare number does not contradict it); a question
    about a year after the cited report's needs a target; a question about a place that is not an indexed
    region ("利州区", "澳门") needs a passage that names it, and no figure that the passage says of another place."""
    amount = partial(asks_for, query, unit_optional=True) if query.asks_amount else None
    return {"asked_amount": amount, "asked_kind": partial(asked_kind, query), "places": query.places,
            "asks_standing": query.asks_standing, "names": query.names}


class Verifier:
    """Checks claims against the numbered prompt passages (and, for re-attachment, further retrieved hits)."""

    def __init__(self, passages: dict[int, Hit], extra: list[Hit] | None = None, support_threshold: float = 0.5,
                 figure_support_threshold: float = 0.3,
                 regions_in: Callable[[str], set[str]] | None = None, question: str = "",
                 asked_amount: Callable[[Figure], bool] | None = None,
                 asked_kind: Callable[[int | None], FigureKind | None] | None = None,
                 places: tuple[str, ...] = (), answer_spans: Sequence[tuple[Hit, Span]] = (),
                 asks_standing: bool = False, names: tuple[str, ...] = ()) -> None:
        self.passages = passages
        # Small models answer by restating the question around the figure ("有4件压根没被受理" for "不予受理
        # 4件"): words beside the figure that no passage holds. Such a claim says "the figure answers the
        # question", so it holds where the figure stands in a span that evidence selection ranked best at
        # answering (Evidence.best_spans): an independent pick of where the answer is.
        self.answer_spans = [(_key(hit), span, norm(span.text)) for hit, span in answer_spans]
        # Places the question names that no indexed report is about: a passage that does not name them is
        # about somewhere else ("利州区收到多少件…" is not answered by 朝天区's "收到申请26件").
        self.places = tuple(place_core(p) for p in places)
        # Given the year a cited report covers, the kind of figure asked (this year's target, last year's
        # result): "今年打算新增多少就业" is not answered by the review's "新增就业32.7万人" (kinds.py).
        self.asked_kind = asked_kind
        # Asked what stands now ("现在一共有多少公里"), a claim whose amounts the passage gives only as what was added
        # ("新增运营里程30公里" beside "总里程达909公里") does not answer (kinds.flow_only).
        self.asks_standing = asks_standing
        # Programmes the question quotes by name ("“湘易办”上能办多少个事项"): a passage that does not name them is
        # about something else (朝天区's "3391个事项网上可办"), and a figure stated in a clause that quotes another name
        # is that one's ("“12345”热线受理诉求4000多万件" beside "“96178”省长直通车").
        self.names = tuple(norm(n) for n in names)
        # "多少/几/比例…": an answer that states no amount of the kind asked (the unit asked, a percentage for
        # a rate) does not answer, whatever else it holds: "入境游客增长39%" for "来了多少万人次入境游客".
        self.asked_amount = asked_amount
        # Figures the question itself states ("过去五年", "2024年") are its premise, not the claim's news.
        self.question_figures = set(figures(norm(question))) if question else set()
        # Words the claim repeats from the question are its frame, not its news: "朝天区12345热线按时办完了
        # 4502件老百姓的事" is held by "按时办结4502件" (whether the passage answers is the judge's decision).
        self.question_units = units(norm(question)) - _digits(norm(question)) if question else set()
        self.candidates = list(passages.values()) + [h for h in extra or [] if h not in passages.values()]
        self.support_threshold = support_threshold
        self.figure_support_threshold = figure_support_threshold
        self.regions_in = regions_in

    def support(self, body: str, hit: Hit) -> Support | None:
        """The sentence (or clause window) of ``hit`` that best supports ``body``, if one does."""
        normalised = norm(body)
        label = _LABEL.match(normalised)
        content = normalised[label.end() :] if label else normalised
        content = _LEAD_IN.sub("", content, count=1)
        if self.regions_in and hit.passage.region:
            named = self.regions_in(normalised) - NATIONAL  # "全国第3位" compares, it names no report
            if named and hit.passage.region not in named:  # "通城县：…" cannot be supported by 长治市's report
                return None
        if self.places and not all(p in _named_in(hit) for p in self.places):
            return None
        if self.names and not all(n in _named_in(hit) for n in self.names):
            return None
        claim_figures = [f for f in figures(content) if f not in self.question_figures]
        claim_units = units(content)
        if not claim_units:
            return None
        meta = norm(f"{hit.passage.title} {hit.passage.region or ''} {hit.passage.year or ''}年")
        meta_units, meta_figures = units(meta), figures(meta)
        counted = [f for f in claim_figures if not f.is_year]
        threshold = self.figure_support_threshold if counted else self.support_threshold
        # The words beside each figure say what it counts: "收到行政复议申请26件" is not held by "废止26件".
        figure_words = [(u, set(_CJK.findall(clause)), amounts(clause))
                        for clause in _clauses_with_figures(content) if (u := units(clause) - _digits(clause))]
        if claim_units - _digits(content) <= meta_units and not counted:  # the passage's header echoed back
            return None
        news = claim_units - self.question_units
        if not news - _digits(content) and not counted:  # the question repeated back states nothing
            return None
        wanted = self.asked_kind(hit.passage.year) if self.asked_kind and counted else None
        best: Support | None = None
        for window, window_norm, window_figures, window_units in _windows(hit.passage.text):
            available = list(window_figures) + meta_figures
            if not all(figure_supported(f, available, window_norm + meta) for f in claim_figures):
                continue
            if self.places and any(_about_another_place(f, window_norm, self.places) for f in counted):
                continue
            if self.names and any(_about_another_name(f, window_norm, self.names) for f in counted):
                continue
            if wanted and any(contradicts(wanted, kinds_of(f, hit.passage.text, window.start, window.end,
                                                            hit.passage.section, hit.passage.year)) for f in counted):
                continue
            if self.asks_standing and counted and all(
                    flow_only(f, hit.passage.text, window.start, window.end, hit.passage.section, hit.passage.year)
                    for f in counted):
                continue
            # Its figures stand in the window (checked above as amounts): "290000" is held by "二十九万家".
            cov = coverage(claim_units, window_units | meta_units | _digits(content) | self.question_units)
            if not counted and not news & window_units:  # what it adds to the question must be the passage's
                continue
            if cov < threshold or not all(_beside(w, window_units | meta_units, window_norm, meta)
                                          or self._restates_question(w, window_units, hit, window)
                                          for w in figure_words):
                continue
            if best is None or (round(cov, 6), -len(window.text)) > (round(best.coverage, 6), -len(best.span.text)):
                best = Support(hit, window, cov)
        return best

    def _restates_question(self, words: tuple[set[str], set[str], list[Figure]], window_units: frozenset[str],
                           hit: Hit, window: Span) -> bool:
        """The words beside a claimed figure come from the question, and the figure stands in one of the
        best answering spans, inside this window."""
        bigrams, _, claimed = words
        if not self.answer_spans or coverage(bigrams, self.question_units | window_units) < FIGURE_CONTEXT:
            return False
        key = _key(hit)
        return any(k == key and span.start < window.end and window.start < span.end
                   and any(figure_supported(f, figures(span_norm), span_norm) for f in claimed)
                   for k, span, span_norm in self.answer_spans)

    def check(self, claim: Claim) -> CheckedClaim:
        if not has_content(claim.body) or (not claim.cited and claim.body.endswith(("：", ":"))):
            return CheckedClaim(claim, "empty")
        if REFUSAL_CUE.search(claim.body) and not amounts(norm(claim.body)):
            return CheckedClaim(claim, "refusal")
        held = [s for n in claim.cited if (hit := self.passages.get(n)) and (s := self.support(claim.body, hit))]
        if held:
            return CheckedClaim(claim, "supported", held)
        options = [s for hit in self.candidates if (s := self.support(claim.body, hit))]
        if options:
            return CheckedClaim(claim, "reattached", [max(options, key=lambda s: s.coverage)])
        return CheckedClaim(claim, "unsupported")

    def verify(self, answer: str) -> Verification:
        checked = [self.check(c) for c in split_claims(answer)]
        if self.asked_amount and not any(self._states_amount(c) for c in checked):
            checked = [CheckedClaim(c.claim, "unsupported") if c.status in HELD else c
                       for c in checked]
        return replace(render(checked), draft=answer)

    def _states_amount(self, checked: CheckedClaim) -> bool:
        if checked.status not in HELD:
            return False
        stated = figures(norm(checked.claim.body))
        fits = self.asked_amount or (lambda figure: True)
        return any(fits(f) and f not in self.question_figures for f in stated)


def render(checked: list[CheckedClaim]) -> Verification:
    """Rebuild the answer from the claims that hold (and explicit "not found" statements), renumbered."""
    numbers: dict[tuple[str, int, int], int] = {}
    spans: dict[int, tuple[Hit, int, int]] = {}
    lines: dict[int, list[str]] = {}
    unsupported: list[str] = []
    for item in checked:
        claim = item.claim
        if item.status == "unsupported":
            unsupported.append(claim.body)
            continue
        if item.status == "empty":
            continue
        markers = ""
        for support in item.supports:
            hit = support.hit
            key = (hit.passage.doc_id, hit.passage.start, hit.passage.end)
            n = numbers.setdefault(key, len(numbers) + 1)
            start, end = hit.passage.start + support.span.start, hit.passage.start + support.span.end
            if n in spans:
                _, s0, e0 = spans[n]
                start, end = min(start, s0), max(end, e0)
            spans[n] = (hit, start, end)
            if f"[{n}]" not in markers:
                markers += f"[{n}]"
        rendered = f"{claim.body}{markers}{claim.end}"
        if rendered not in lines.get(claim.line, []):  # small models repeat their sentence verbatim
            lines.setdefault(claim.line, []).append(rendered)
    text = "\n".join("".join(parts) for _, parts in sorted(lines.items()))
    citations = [Citation.from_hit(n, hit, s, e) for n, (hit, s, e) in sorted(spans.items())]
    return Verification(text.strip(), citations, checked, unsupported)


def _clauses_with_figures(normalised: str) -> list[str]:
    parts = clauses(Span(0, len(normalised), normalised)) or [Span(0, len(normalised), normalised)]
    return [p.text for p in parts if amounts(p.text)]


def _about_another_place(figure: Figure, window_norm: str, places: tuple[str, ...]) -> bool:
    """The clause stating ``figure`` names a place, and not one the question asks about: "泸州经济总量突破3000亿元"
    in Sichuan's report says nothing of 成都's, though the passage names 成都 elsewhere."""
    return _stated_of_another(figure, window_norm, places, lambda clause: place_named(clause) is not None)


def _about_another_name(figure: Figure, window_norm: str, names: tuple[str, ...]) -> bool:
    """The clause stating ``figure`` quotes a name, and none the question quotes: "“12345”热线受理诉求4000多万件" says
    nothing of the “96178” hotline named in the next sentence."""
    return _stated_of_another(figure, window_norm, names, lambda clause: bool(quoted_names(clause)))


def _stated_of_another(figure: Figure, window_norm: str, asked: tuple[str, ...],
                       names_something: Callable[[str], bool]) -> bool:
    """A clause of the window states ``figure``, names none of ``asked``, and names something else."""
    for clause in clauses(Span(0, len(window_norm), window_norm)):
        if any(a in clause.text for a in asked) or not figure_supported(figure, figures(clause.text), clause.text):
            continue
        if names_something(clause.text):
            return True
    return False


def _beside(words: tuple[set[str], set[str], list[Figure]], window_units: set[str], window_norm: str,
            meta: str) -> bool:
    """The words beside a claimed figure stand in the supporting window: as bigrams anywhere in it, or as
    characters in the clause that states the figure and the clause before it (an abbreviation is local)."""
    bigrams, chars, claimed = words
    if coverage(bigrams, window_units) >= FIGURE_CONTEXT:
        return True
    if not chars:
        return False
    parts = [p for p in _CLAUSE_BREAK.split(window_norm) if p]
    for i, part in enumerate(parts):
        if any(figure_supported(f, figures(part), part) for f in claimed):
            local = set(parts[i - 1] if i else "") | set(part) | set(meta)
            if len(chars & local) / len(chars) >= FIGURE_CONTEXT_CHARS:
                return True
    return False


@lru_cache(maxsize=256)
def _named_in_text(title: str, region: str, text: str) -> str:
    return norm(f"{title} {region} {text}")


def _named_in(hit: Hit) -> str:
    """What a passage names: its report's title and region, and its text (matching form)."""
    return _named_in_text(hit.passage.title or "", hit.passage.region or "", hit.passage.text)


def _key(hit: Hit) -> tuple[str, int]:
    return hit.passage.doc_id, hit.passage.start


def _digits(text: str) -> set[str]:
    return {u for u in units(text) if u[0].isdigit()}


@lru_cache(maxsize=256)
def _windows(text: str) -> tuple[tuple[Span, str, tuple[Figure, ...], frozenset[str]], ...]:
    """Candidate supports with their matching form: clause windows of each sentence, and pairs of adjacent
    sentences. Planted instructions never support anything. Cached: every claim is checked against every
    candidate passage."""
    parts = [s if not is_injection(s.text) else None for s in sentences(text)]
    spans: list[Span] = []
    for sentence in parts:
        pieces = clauses(sentence) if sentence else []
        for i in range(len(pieces)):
            for j in range(i, len(pieces)):
                spans.append(Span(pieces[i].start, pieces[j].end, text[pieces[i].start : pieces[j].end]))
    for first, second in itertools.pairwise(parts):
        if first and second:  # only truly adjacent sentences: a window must not span a planted one
            spans.append(Span(first.start, second.end, text[first.start : second.end]))
    out = []
    for span in spans:
        normalised = norm(span.text)
        out.append((span, normalised, tuple(figures(normalised)), frozenset(units(normalised))))
    return tuple(out)
