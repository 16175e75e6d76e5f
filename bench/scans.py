"""Make test scans: report paragraphs typeset on A4 pages with the Noto CJK font, printed to an image at a
given dpi, then "scanned" (a slight skew and mild noise) and saved as an image-only PDF or picture.

Shared by the OCR tests (a page or two) and ``bench/ocr_bench.py`` (every seed). Each page keeps the
exact text drawn on it, which is the reference for the character error rate.
"""

from __future__ import annotations

import random
import re
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

A4_INCHES = (8.27, 11.69)
MARGIN_INCHES = 1.0
FONT_POINTS = 12
LINE_SPACING = 1.6
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|第.{1,3}[章节])")


@dataclass(frozen=True)
class ScannedPage:
    image: Image.Image  # greyscale, as scanned
    text: str  # what was drawn on it: one line per paragraph (or paragraph piece)


@cache
def noto_cjk_path(weight: str = "Regular") -> Path:
    """The Noto Sans CJK collection (Debian fonts-noto-cjk); a clear error when it is missing."""
    try:
        listing = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, check=False).stdout
    except FileNotFoundError:
        listing = ""
    for line in listing.splitlines():
        path = Path(line.split(":")[0].strip())
        if path.name == f"NotoSansCJK-{weight}.ttc":
            return path
    raise FileNotFoundError("the Noto CJK font is missing: apt-get install fonts-noto-cjk (make browser installs it)")


def _font(script: str, pixels: int) -> ImageFont.FreeTypeFont:
    # The .ttc holds JP, KR, SC, TC, HK faces; index 2 is SC and 3 is TC (glyph shapes follow the region).
    index = {"simplified": 2, "traditional": 3}[script]
    return ImageFont.truetype(str(noto_cjk_path()), pixels, index=index)


def report_paragraphs(path: Path, limit_chars: int | None = None) -> list[str]:
    """A report's paragraphs (non-empty stripped lines), up to about ``limit_chars`` characters."""
    paragraphs: list[str] = []
    total = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip().replace("\u3000", "")
        if not line:
            continue
        paragraphs.append(line)
        total += len(line)
        if limit_chars is not None and total >= limit_chars:
            break
    return paragraphs


def _wrap(paragraph: str, font: ImageFont.FreeTypeFont, width: float, indent: float) -> list[str]:
    lines, current, room = [], "", width - indent
    for char in paragraph:
        if current and font.getlength(current + char) > room:
            lines.append(current)
            current, room = "", width
        current += char
    if current:
        lines.append(current)
    return lines


def typeset(paragraphs: list[str], dpi: int, script: str) -> list[ScannedPage]:
    """Clean pages: a centred title, headings flush left, body paragraphs with a two-character indent."""
    font_px = round(FONT_POINTS / 72 * dpi)
    font = _font(script, font_px)
    page_w, page_h = (round(side * dpi) for side in A4_INCHES)
    margin, line_h = round(MARGIN_INCHES * dpi), round(font_px * LINE_SPACING)
    text_w = page_w - 2 * margin
    pages: list[ScannedPage] = []
    image, draw, y, drawn = None, None, 0, []

    def new_page() -> None:
        nonlocal image, draw, y, drawn
        if image is not None:
            pages.append(ScannedPage(image, "\n".join(drawn)))
        image = Image.new("L", (page_w, page_h), 255)
        draw, y, drawn = ImageDraw.Draw(image), margin, []

    new_page()
    for number, paragraph in enumerate(paragraphs):
        is_title, is_heading = number == 0, _HEADING.match(paragraph) is not None
        indent = 0 if (is_title or is_heading) else 2 * font_px
        lines = _wrap(paragraph, font, text_w, indent)
        piece: list[str] = []
        for k, line in enumerate(lines):
            if y + line_h > page_h - margin:
                if piece:
                    drawn.append("".join(piece))
                piece = []
                new_page()
            x = margin + (indent if k == 0 else 0)
            if is_title:
                x = margin + (text_w - font.getlength(line)) / 2
            draw.text((x, y), line, font=font, fill=0)
            piece.append(line)
            y += line_h
        drawn.append("".join(piece))
        y += line_h // 3 if is_title else 0
    new_page()
    return pages


def scan(page: ScannedPage, skew_degrees: float, noise: float, seed: int) -> ScannedPage:
    """A slight rotation and mild grey noise with a few specks, like an office scanner."""
    rotated = page.image.rotate(skew_degrees, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    pixels = np.asarray(rotated, dtype=np.float32)
    generator = np.random.default_rng(seed)
    pixels = pixels + generator.normal(0.0, noise, pixels.shape)
    specks = generator.random(pixels.shape) < 0.0005
    pixels[specks] = 0
    return ScannedPage(Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)), page.text)


def make_scans(
    paragraphs: list[str], dpi: int, script: str = "simplified", max_pages: int | None = None, seed: int = 0
) -> list[ScannedPage]:
    chooser = random.Random(seed)
    pages = typeset(paragraphs, dpi, script)[:max_pages]
    return [
        scan(page, skew_degrees=chooser.uniform(-1.0, 1.0), noise=8.0, seed=seed + i) for i, page in enumerate(pages)
    ]


def save_image_pdf(pages: list[ScannedPage], path: Path, dpi: int) -> Path:
    """An image-only PDF (no text layer): what a scanner produces."""
    first, *rest = [page.image for page in pages]
    first.save(path, "PDF", resolution=float(dpi), save_all=True, append_images=rest)
    return path
