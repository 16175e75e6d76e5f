"""Turn the bytes of a text file into ``str`` without guessing wrong on Chinese encodings.

Government reports arrive as UTF-8, UTF-8 with a BOM (Windows Notepad), GBK/GB2312/GB18030 (mainland
sites and Word "save as text"), Big5/CP950 (Hong Kong, Taiwan) and now and then UTF-16 (Word "Unicode
text"), sometimes without a BOM. A wrong guess does not fail loudly: it produces mojibake that is then
indexed and never matches a query. So the order is: BOMs (certain), strict UTF-8 (almost never valid by
accident for CJK bytes), then charset-normalizer restricted to the Chinese encodings and UTF-16, and every
candidate must pass a plausibility check. There is deliberately no latin-1 fallback: latin-1 decodes any
byte string, so it would turn every undetectable file into silent garbage instead of a clear error.

Line endings: ``\\r\\n`` becomes ``\\n`` here and only here, because every offset in the index refers to the
decoded text; everything else is kept exactly as decoded.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from indexer.errors import DocumentLoadError, ErrorCode

# (BOM, codec used to decode the rest, name reported). UTF-32 LE must be tested before UTF-16 LE: its BOM
# starts with the UTF-16 LE BOM.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)

# What charset-normalizer may choose from. gb18030 is a superset of GBK and GB2312, so it decodes both
# (and reports "gb18030"); cp950 is Microsoft's Big5 with extensions.
CHINESE_ENCODINGS: tuple[str, ...] = ("gb18030", "big5", "cp950", "utf_16_le", "utf_16_be")
# Tried by hand when charset-normalizer finds nothing: Hong Kong files may use HKSCS characters.
_LAST_RESORT: tuple[str, ...] = ("gb18030", "big5hkscs", "cp950")

MAX_IMPLAUSIBLE_RATIO = 0.02  # share of control / unassigned / replacement characters we tolerate


def _implausible_ratio(text: str) -> float:
    """Share of characters that real report text does not contain (controls, NUL, U+FFFD, unassigned).

    Private-use characters are tolerated: Hong Kong files encode a few HKSCS characters that way.
    """
    if not text:
        return 0.0
    bad = 0
    for char in text:
        if char in "\n\r\t\f":
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cn", "Cs") or char == "\ufffd":
            bad += 1
    return bad / len(text)


# An ideograph wedged between two Latin letters ("Gr黶e aus M黱chen") is what Latin-1 text read as GBK
# looks like; real Chinese text almost never has one.
_WEDGED_IDEOGRAPH = re.compile(r"(?<=[A-Za-z])[\u3400-\u9fff](?=[A-Za-z])")


def is_plausible(text: str) -> bool:
    """True when ``text`` looks like a decoded document rather than bytes read with the wrong codec."""
    if _implausible_ratio(text) > MAX_IMPLAUSIBLE_RATIO:
        return False
    wedged = len(_WEDGED_IDEOGRAPH.findall(text))
    return wedged == 0 or wedged < 0.05 * sum(1 for c in text if "\u3400" <= c <= "\u9fff")


def _finish(text: str, encoding: str) -> tuple[str, str]:
    return text.replace("\r\n", "\n"), encoding


def _normalise_name(name: str) -> str:
    """Report Python codec names in the usual spelling ("utf-16-le", "gb18030", "big5")."""
    return codecs.lookup(name).name.replace("_", "-")


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding name)``.

    Raises DocumentLoadError when no encoding yields plausible text (binary data, or an encoding we do
    not support), rather than returning mojibake.
    """
    if not data:
        return "", "utf-8"
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return _finish(data[len(bom) :].decode(codec), name)
            except UnicodeDecodeError as error:
                message = f"starts with a {name} byte-order mark but is not valid {name}: {error}"
                raise DocumentLoadError(message, ErrorCode.ENCODING) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        # NUL bytes are valid UTF-8 but never occur in text: they mean UTF-16 without a BOM.
        if "\x00" not in text and is_plausible(text):
            return _finish(text, "utf-8")

    guess = _charset_normalizer_guess(data)
    if guess is not None:
        return _finish(*guess)
    for codec in _LAST_RESORT:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if is_plausible(text) and _has_cjk(text) and chinese_score(text) >= MIN_CHINESE_SCORE:
            return _finish(text, _normalise_name(codec))
    raise DocumentLoadError(
        "cannot determine the text encoding (tried UTF-8/UTF-16 byte-order marks, UTF-8, GB18030/GBK, "
        "Big5/CP950 and UTF-16): the file may be binary or in an unsupported encoding; "
        "save it as UTF-8 and try again",
        ErrorCode.BINARY if looks_binary(data) else ErrorCode.ENCODING,
    )


def looks_binary(data: bytes) -> bool:
    """Control bytes other than tab, newline, form feed and carriage return do not occur in text."""
    head = data[:8192]
    controls = sum(1 for byte in head if byte < 0x20 and byte not in b"\t\n\x0c\r")
    return controls > 0.01 * len(head)


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf" for char in text)


def _expected_char(char: str) -> bool:
    """Characters a Chinese report is made of; others (Hangul, rare symbols…) hint at a wrong codec."""
    code = ord(char)
    return (
        (code < 0x80 and (char.isprintable() or char in "\n\r\t"))
        or 0x4E00 <= code <= 0x9FFF  # CJK ideographs
        or 0x3400 <= code <= 0x4DBF  # extension A
        or 0x3000 <= code <= 0x303F  # CJK punctuation
        or 0xFF00 <= code <= 0xFFEF  # full-width forms
        or 0x2000 <= code <= 0x206F  # general punctuation (“” — …)
        or 0x00A0 <= code <= 0x00FF  # Latin-1 punctuation (· × nbsp)
        or 0x2460 <= code <= 0x25FF  # circled numbers, box drawing, shapes (① ● ■)
        or 0xE000 <= code <= 0xF8FF  # private use (Hong Kong HKSCS characters)
    )


def chinese_score(text: str) -> float:
    """Share of ``text`` made of characters expected in a Chinese report (1.0 for real text)."""
    return sum(map(_expected_char, text)) / len(text) if text else 0.0


MIN_CHINESE_SCORE = 0.9
_TIE = 0.01  # within this, trust charset-normalizer's ranking (it weighs character frequencies)


def _charset_normalizer_guess(data: bytes) -> tuple[str, str] | None:
    """Best plausible decoding among the Chinese encodings and UTF-16, or None.

    charset-normalizer ranks by "chaos" and language coherence, which cannot separate a short GBK title
    from the same bytes read as UTF-16 (Hangul, no chaos); our score of expected characters can.
    """
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # the hand-run fallback still covers GBK/Big5
        return None
    candidates: list[tuple[float, str, str]] = []
    for match in from_bytes(data, cp_isolation=list(CHINESE_ENCODINGS)):
        text = str(match)
        if text and "\x00" not in text and is_plausible(text):
            candidates.append((chinese_score(text), text, _normalise_name(match.encoding)))
    if not candidates:
        return None
    best = max(score for score, _, _ in candidates)
    if best < MIN_CHINESE_SCORE:
        return None
    return next((text, name) for score, text, name in candidates if score >= best - _TIE)
