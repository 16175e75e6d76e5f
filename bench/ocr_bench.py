"""OCR quality and speed on test scans of real reports, and retrieval on scanned seeds.

    python -m bench.ocr_bench [--pages 3] [--dpi 300 150] [--retrieval-dpi 300] [--work /tmp/ocr-bench]
    python -m bench.ocr_bench --skip-retrieval      # only the engine comparison

1. Engines: report pages typeset with Noto CJK (Simplified: seeds 000 and 001; Traditional: the 2017 Hong
   Kong policy address), printed at each dpi with a slight skew and mild noise (``bench/scans.py``), read
   by RapidOCR, by tesseract (chi_sim / chi_tra) and by the default reader (RapidOCR; Traditional pages
   re-read with tesseract chi_tra). Character error rate = edit distance / reference length, on the
   matching form (NFKC, whitespace removed), so "，" and "," count as the same character.
2. Retrieval: every seed report as an image-only PDF, indexed through the real build (OCR included), and
   the seed dev questions' hit@5 compared with an index of the born-digital seeds. A hit is a passage of
   the gold report that holds the gold evidence (matching form; the fuzzy column allows OCR slips:
   partial similarity >= 90).
"""

from __future__ import annotations

import argparse
import os
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.devset import SHARED, load_questions
from bench.scans import make_scans, report_paragraphs, save_image_pdf
from indexer.ocr import OcrReader, RapidOcrEngine, TesseractEngine, script_of
from indexer.ocr_layout import assemble

ROOT = Path(__file__).resolve().parents[1]
SOURCES = {
    "simplified": [ROOT / "seeds" / "000_7d2528075ee80db9.txt", ROOT / "seeds" / "001_cabebfb8727e5438.txt"],
    "traditional": [SHARED / "corpus" / "gov-reports" / "037.txt"],
}


def matching_form(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def cer(reference: str, hypothesis: str) -> float:
    from rapidfuzz.distance import Levenshtein

    reference, hypothesis = matching_form(reference), matching_form(hypothesis)
    return Levenshtein.distance(reference, hypothesis) / max(1, len(reference))


@dataclass
class EngineScore:
    errors: float = 0.0  # character errors, summed over pages
    chars: int = 0
    seconds: float = 0.0
    pages: int = 0

    def add(self, reference: str, hypothesis: str, seconds: float) -> None:
        self.errors += cer(reference, hypothesis) * len(matching_form(reference))
        self.chars += len(matching_form(reference))
        self.seconds += seconds
        self.pages += 1

    def cell(self) -> str:
        return f"{100 * self.errors / max(1, self.chars):.2f}% ({self.seconds / max(1, self.pages):.1f} s/page)"


def _timed(read: Callable[[], list]) -> tuple[list, float]:
    started = time.perf_counter()
    boxes = read()
    return boxes, time.perf_counter() - started


def compare_engines(pages_per_script: int, dpis: list[int]) -> None:
    rapid, tesseract = RapidOcrEngine(), TesseractEngine()
    print("| script | dpi | pages | RapidOCR | tesseract | default (RapidOCR, Traditional → chi_tra) |")
    print("|---|---|---|---|---|---|")
    for script, sources in SOURCES.items():
        paragraphs = [p for source in sources for p in report_paragraphs(source)]
        for dpi in dpis:
            scores = {name: EngineScore() for name in ("rapidocr", "tesseract", "default")}
            for page in make_scans(paragraphs, dpi, script, max_pages=pages_per_script):
                rapid_boxes, rapid_s = _timed(lambda page=page: rapid.read(page.image, "simplified"))
                tess_boxes, tess_s = _timed(lambda page=page, script=script: tesseract.read(page.image, script))
                rapid_text, tess_text = assemble(rapid_boxes).text, assemble(tess_boxes).text
                scores["rapidocr"].add(page.text, rapid_text, rapid_s)
                scores["tesseract"].add(page.text, tess_text, tess_s)
                # what OcrReader does: RapidOCR first, then chi_tra if its text turns out Traditional
                if script_of(rapid_text) == "traditional":
                    scores["default"].add(page.text, tess_text, rapid_s + tess_s)
                else:
                    scores["default"].add(page.text, rapid_text, rapid_s)
            row = " | ".join(scores[name].cell() for name in ("rapidocr", "tesseract", "default"))
            print(f"| {script} | {dpi} | {scores['rapidocr'].pages} | {row} |", flush=True)


def _relevant(text: str, source: str, gold_source: str, evidence: str, fuzzy: bool) -> bool:
    from rapidfuzz import fuzz

    if Path(source).stem != Path(gold_source).stem:
        return False
    text, evidence = matching_form(text), matching_form(evidence)
    return evidence in text or (fuzzy and fuzz.partial_ratio(evidence, text) >= 90)


def retrieval_on_scans(work: Path, dpi: int) -> None:
    from config import IndexerSettings
    from indexer.pipeline import IndexBuilder
    from retrieval.service import Retrieval

    scanned = work / f"scanned-seeds-{dpi}"
    scanned.mkdir(parents=True, exist_ok=True)
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    n_pages = 0
    for seed in seeds:
        pages = make_scans(report_paragraphs(seed), dpi, "simplified", seed=len(seed.name))
        save_image_pdf(pages, scanned / f"{seed.stem}.pdf", dpi)
        n_pages += len(pages)
    settings = IndexerSettings()
    builder = IndexBuilder(settings)
    built = {}
    for label, folder in (("born-digital", ROOT / "seeds"), (f"scanned {dpi} dpi", scanned)):
        started = time.perf_counter()
        report = builder.run([str(folder)], index_dir=work / f"index-{folder.name}", rebuild=True)
        built[label] = (report, time.perf_counter() - started)
    questions = [q for q in load_questions() if q.answerable and q.kind == "seed"]
    print(f"\n{len(seeds)} seeds, {n_pages} scanned pages; {len(questions)} seed questions\n")
    print("| index | build | hit@5 (exact) | hit@5 (fuzzy) | OCR warnings |\n|---|---|---|---|---|")
    for label, folder in (("born-digital", ROOT / "seeds"), (f"scanned {dpi} dpi", scanned)):
        service = Retrieval.open(work / f"index-{folder.name}", settings, embedder=builder.embedder)
        hits = {True: 0, False: 0}
        for question in questions:
            results = service.search(question.question, top_k=5)
            for fuzzy in (False, True):
                hits[fuzzy] += any(
                    _relevant(h.passage.text, h.passage.source, g.source, g.evidence, fuzzy)
                    for h in results for g in question.gold
                )
        report, seconds = built[label]
        print(
            f"| {label} | {report.n_documents} docs, {report.n_chunks} passages, {seconds:.0f} s "
            f"| {hits[False] / len(questions):.3f} | {hits[True] / len(questions):.3f} | {len(report.warnings)} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=3, help="pages per script and dpi for the engine comparison")
    parser.add_argument("--dpi", type=int, nargs="+", default=[300, 150])
    parser.add_argument("--retrieval-dpi", type=int, default=300)
    parser.add_argument("--work", type=Path, default=Path("/tmp/ocr-bench"))
    parser.add_argument("--skip-engines", action="store_true")
    parser.add_argument("--skip-retrieval", action="store_true")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    print(f"# OCR bench — {time.strftime('%Y-%m-%d %H:%M')} — {os.cpu_count()} cores, load average {load:.1f}\n")
    if not args.skip_engines:
        compare_engines(args.pages, args.dpi)
    if not args.skip_retrieval:
        retrieval_on_scans(args.work, args.retrieval_dpi)
    print(f"\nOCR reader default: {OcrReader().engine_name}; load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
