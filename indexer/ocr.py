"""Offline OCR for scanned pages: page images in, report text and a confidence out.

Two engines, chosen by measurement (docs/benchmarks.md, "Scanned reports (OCR)"):

* ``rapidocr`` (default): RapidOCR 1.4.4 on onnxruntime with the PP-OCRv4 Chinese models that ship inside
  the wheel, so nothing is downloaded at run time. Its character set is Simplified: on a Traditional page
  it drops or simplifies the characters it lacks. A page whose recognised text is Traditional is
  therefore read again with tesseract's ``chi_tra`` model when Debian's tesseract is installed.
* ``tesseract``: Debian's tesseract-ocr with chi_sim / chi_tra, through pytesseract. It needs a clean,
  large image, so its pages are enlarged to about 300 dpi and median-filtered first.

``OcrReader`` is what the loaders use; it creates its engines on first use and keeps them for the build.
"""

from __future__ import annotations

import shutil
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Protocol

from config import settings as project_settings
from indexer.errors import DocumentLoadError
from indexer.normalize import to_simplified
from indexer.ocr_layout import PageLayout, TextBox, assemble

if TYPE_CHECKING:
    from PIL.Image import Image

    from config import IndexerSettings

PageProgress = Callable[[int, int], None]  # (pages done, pages total)
TRADITIONAL_SHARE = 0.03  # a page is Traditional when OpenCC changes at least this share of its ideographs
TESSERACT_MIN_SIDE = 3000  # pixels on the long side: about A4 at 300 dpi, where chi_sim/chi_tra read well
_CONFIGURED: dict[tuple, OcrReader] = {}


@dataclass(frozen=True)
class OcrPage:
    layout: PageLayout
    confidence: float  # character-weighted mean of the engine's line confidences, 0..1
    script: str  # "simplified" | "traditional"
    engine: str


class OcrEngine(Protocol):
    name: str

    def read(self, image: Image, script: str) -> list[TextBox]: ...


class RapidOcrEngine:
    name = "rapidocr"

    def __init__(self) -> None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError as error:
            raise DocumentLoadError(
                "OCR needs RapidOCR: pip install rapidocr-onnxruntime==1.4.4 (or set GOVQA_OCR=off)"
            ) from error
        # text_score 0: keep every line, however unsure; low confidence is reported, not dropped.
        # use_cls off: report pages are upright, and the 0/180° classifier turned noisy scanned lines upside
        # down, which the recogniser then read as nothing (3% of characters lost at 300 dpi; measured).
        self._engine = RapidOCR(text_score=0.0, use_cls=False)

    def read(self, image: Image, script: str) -> list[TextBox]:
        import numpy as np

        result, _ = self._engine(np.asarray(image.convert("RGB")))
        return [
            TextBox(text, tuple((float(x), float(y)) for x, y in box), float(score))
            for box, text, score in result or []
        ]


class TesseractEngine:
    name = "tesseract"
    _LANGUAGES: ClassVar[dict[str, str]] = {"simplified": "chi_sim", "traditional": "chi_tra"}

    def __init__(self) -> None:
        try:
            import pytesseract
        except ImportError as error:
            raise DocumentLoadError("the tesseract OCR engine needs pytesseract: pip install pytesseract") from error
        if shutil.which("tesseract") is None:
            raise DocumentLoadError(
                "the tesseract OCR engine needs Debian's tesseract: "
                "apt-get install tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-chi-tra"
            )
        self._tesseract = pytesseract

    def read(self, image: Image, script: str) -> list[TextBox]:
        from PIL import Image as PILImage
        from PIL import ImageFilter

        scale = max(1.0, TESSERACT_MIN_SIDE / max(image.size))
        if scale > 1.0:
            image = image.resize((round(image.width * scale), round(image.height * scale)), PILImage.Resampling.LANCZOS)
        image = image.convert("L").filter(ImageFilter.MedianFilter(3))  # scanner speckle confuses tesseract
        data = self._tesseract.image_to_data(
            image, lang=self._LANGUAGES[script], output_type=self._tesseract.Output.DICT
        )
        lines: dict[tuple[int, int, int], list[int]] = {}
        for i, word in enumerate(data["text"]):
            if word.strip() and float(data["conf"][i]) >= 0:
                lines.setdefault((data["block_num"][i], data["par_num"][i], data["line_num"][i]), []).append(i)
        boxes = []
        for words in lines.values():
            x0 = min(data["left"][i] for i in words) / scale
            y0 = min(data["top"][i] for i in words) / scale
            x1 = max(data["left"][i] + data["width"][i] for i in words) / scale
            y1 = max(data["top"][i] + data["height"][i] for i in words) / scale
            text = " ".join(data["text"][i] for i in words)  # spaces between ideographs go in layout
            confidence = statistics.fmean(float(data["conf"][i]) for i in words) / 100
            boxes.append(TextBox(text, ((x0, y0), (x1, y0), (x1, y1), (x0, y1)), confidence))
        return boxes


def script_of(text: str) -> str:
    """"traditional" when OpenCC t2s changes a noticeable share of the ideographs, else "simplified"."""
    ideographs = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not ideographs:
        return "simplified"
    changed = sum(a != b for a, b in zip(ideographs, to_simplified("".join(ideographs)), strict=False))
    return "traditional" if changed / len(ideographs) >= TRADITIONAL_SHARE else "simplified"


def _confidence(boxes: list[TextBox]) -> float:
    weights = [max(1, len(box.text)) for box in boxes]
    return sum(b.confidence * w for b, w in zip(boxes, weights, strict=True)) / sum(weights) if boxes else 0.0


class OcrReader:
    """Reads page images with the configured engine; engines are created once, on first use."""

    def __init__(
        self, engine: str = "rapidocr", enabled: bool = True, dpi: int = 300, min_confidence: float = 0.85
    ) -> None:
        if engine not in ("rapidocr", "tesseract"):
            raise ValueError(f"unknown OCR engine {engine!r}; use 'rapidocr' or 'tesseract'")
        if not 72 <= dpi <= 600:
            raise ValueError(f"OCR resolution {dpi} dpi is out of range (72-600)")
        self.engine_name, self.enabled, self.dpi, self.min_confidence = engine, enabled, dpi, min_confidence
        self._engines: dict[str, OcrEngine] = {}

    @classmethod
    def from_settings(cls, settings: IndexerSettings) -> OcrReader:
        return cls(settings.ocr_engine, settings.ocr != "off", settings.ocr_dpi, settings.ocr_min_confidence)

    @classmethod
    def configured(cls) -> OcrReader:
        """A reader for the current settings (environment, govqa.toml), shared by calls that pass none."""
        settings = project_settings().indexer
        key = (settings.ocr_engine, settings.ocr, settings.ocr_dpi, settings.ocr_min_confidence)
        if key not in _CONFIGURED:
            _CONFIGURED[key] = cls.from_settings(settings)
        return _CONFIGURED[key]

    def warnings(self, page: OcrPage) -> list[str]:
        """What the build summary should say about a page: low confidence, Traditional read as Simplified."""
        found = []
        if page.layout.text and page.confidence < self.min_confidence:  # (a blank page has nothing to check)
            found.append(f"OCR confidence {page.confidence:.2f} is below {self.min_confidence:.2f}; check the text")
        if page.script == "traditional" and page.engine == "rapidocr":
            found.append(
                "Traditional script read with the Simplified model; for better text install tesseract "
                "(apt-get install tesseract-ocr tesseract-ocr-chi-tra)"
            )
        return found

    def _engine(self, name: str) -> OcrEngine:
        if name not in self._engines:
            self._engines[name] = RapidOcrEngine() if name == "rapidocr" else TesseractEngine()
        return self._engines[name]

    def read_page(self, image: Image) -> OcrPage:
        engine = self._engine(self.engine_name)
        boxes = engine.read(image, "simplified")
        script = script_of("".join(box.text for box in boxes))
        if script == "traditional":
            boxes, engine = self._read_traditional(image, boxes, engine)
        return OcrPage(assemble(boxes), _confidence(boxes), script, engine.name)

    def _read_traditional(
        self, image: Image, boxes: list[TextBox], engine: OcrEngine
    ) -> tuple[list[TextBox], OcrEngine]:
        """Traditional pages go to tesseract chi_tra (RapidOCR's model lacks many Traditional characters)."""
        try:
            tesseract = self._engine("tesseract")
        except DocumentLoadError:
            return boxes, engine  # keep RapidOCR's reading; the page's confidence tells how good it is
        return tesseract.read(image, "traditional"), tesseract
