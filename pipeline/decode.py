"""Bytes to text: size and binary checks, BOMs, UTF-8 or GB18030, HTML to text lines.

Every failure is a `DecodeError` whose message names the reason in words a person
understands; the caller turns it into a `rejected` report.
"""

import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Final

import opencc

from pipeline.html_text import html_to_lines, looks_like_html

DEFAULT_MAX_BYTES: Final = 5 * 1024 * 1024
# Characters that exist only in traditional script and are frequent in these reports.
_TRADITIONAL_MARKERS: Final = "開報條與關於資訊區縣門網處請數會這們來時業經發實體導進務從應規據"
_TRADITIONAL_MIN: Final = 8  # markers that make a page traditional
# The characters the control share and the script are read from.
_SAMPLE: Final = 20000
# Control characters (Unicode category Cc) other than the whitespace ones, which a text report
# has few of, and the traditional markers, found in one scan. Holding CJK characters, the class
# is compiled to one table look-up per character; the control ranges alone were tested range by
# range: 13 µs a report for this scan, 32 µs for one scan of each kind.
_CONTROL_OR_TRADITIONAL: Final = re.compile(rf"[\x00-\x08\x0e-\x1f\x7f-\x9f{_TRADITIONAL_MARKERS}]")
# Pinyin glosses some mirror sites put after characters: 報(bào)告.
_PINYIN: Final = re.compile(r"\((?:[a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿ]{1,8})\)")
_BINARY_MAGIC: Final = {
    b"%PDF": "a PDF file",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP/Office archive",
    b"\xd0\xcf\x11\xe0": "an old Office document",
}


# What each codec says when the bytes stop inside a character.
_CUT_REASONS: Final = {"unexpected end of data", "incomplete multibyte sequence", "truncated data"}


class DecodeError(ValueError):
    """The bytes cannot be read as a report; the message says why."""


@dataclass(frozen=True)
class Decoded:
    """Decoded text: `raw_lines` as printed, `lines` NFKC-normalised (same count)."""

    raw_lines: list[str]
    lines: list[str]
    encoding: str
    is_html: bool


def decode_bytes(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> Decoded:
    """Decode report bytes to normalised lines, or raise DecodeError with the reason."""
    text = read_text(data, max_bytes)
    return text_to_document(text.text, text.encoding)


def text_to_document(text: str, encoding: str = "utf-8") -> Decoded:
    """Turn decoded text (plain or HTML) into printed and normalised lines."""
    controls, traditional = _sample_marks(text)
    if controls / max(min(len(text), _SAMPLE), 1) > 0.01:
        raise DecodeError("binary content: too many control characters for a text report")
    is_html = looks_like_html(text)
    raw_lines = html_to_lines(text) if is_html else text.splitlines()
    lines = _normalise_lines(raw_lines)
    if traditional >= _TRADITIONAL_MIN:
        # Matching works on simplified labels; raw_lines keep the page as it was printed.
        lines = [to_simplified(_PINYIN.sub("", x)) for x in lines]
    return Decoded(raw_lines, lines, encoding, is_html)


def to_simplified(line: str) -> str:
    """Convert traditional characters to simplified (OpenCC t2s)."""
    converted: str = _opencc().convert(line)
    return converted


@cache
def _opencc() -> "opencc.OpenCC":
    return opencc.OpenCC("t2s")


def bytes_to_text(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, str]:
    """Return (text, encoding) after the size and binary checks, or raise DecodeError."""
    text = read_text(data, max_bytes)
    return text.text, text.encoding


@dataclass(frozen=True)
class Text:
    """Decoded text; `cut_mid_character` says the bytes ended inside a multi-byte character.

    A file cut inside a character was certainly truncated (an interrupted download or copy);
    the incomplete character is dropped so that the rest still decodes in its own encoding
    instead of falling through to a wrong one.
    """

    text: str
    encoding: str
    cut_mid_character: bool = False


def read_text(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> Text:
    """Decode report bytes after the size and binary checks, or raise DecodeError."""
    if not data.strip():
        raise DecodeError("empty file")
    if len(data) > max_bytes:
        raise DecodeError(f"file is {len(data)} bytes, over the {max_bytes}-byte limit")
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise DecodeError(f"binary file ({what}), not text")
    return _to_text(data)


def normalise_line(line: str) -> str:
    """NFKC-normalise one line: full-width digits and punctuation become ASCII."""
    return unicodedata.normalize("NFKC", line).replace("\u3000", " ")


# Normalised lines by their printed text. Labels, headings and boilerplate repeat across
# reports; NFKC was a fifth of parsing (CPython's composition step scans a table per CJK
# character). Cleared when full, so memory stays bounded whatever the corpus.
_NORMALISED: Final[dict[str, str]] = {}
_NORMALISED_MAX: Final = 20_000
_NORMALISED_LONGEST: Final = 200  # a long line is prose, which seldom repeats


def _normalise_lines(raw_lines: list[str]) -> list[str]:
    # Line by line, so no mark composes across lines and the count never changes. ASCII
    # is already NFKC (`isascii` reads a flag); a line NFKC leaves alone is found by the
    # quick check, which does not compose.
    cache = _NORMALISED
    out = []
    for line in raw_lines:
        if line.isascii():
            out.append(line)
            continue
        done = cache.get(line)
        if done is None:
            done = _nfkc(line).replace("\u3000", " ")
            if len(line) <= _NORMALISED_LONGEST:
                if len(cache) >= _NORMALISED_MAX:
                    cache.clear()
                cache[line] = done
        out.append(done)
    return out


# The full-width punctuation that keeps 99.8% of non-normal report lines from being NFKC.
# Each becomes its NFKC form, one ASCII character that is also its full decomposition, so
# NFKC of the result equals NFKC of the line, and the quick check usually finds it done.
_WIDE: Final = tuple((c, unicodedata.normalize("NFKC", c)) for c in "（），：；！？％")


def _nfkc(line: str) -> str:
    if unicodedata.is_normalized("NFKC", line):
        return line
    for wide, narrow in _WIDE:
        line = line.replace(wide, narrow)
    return line if unicodedata.is_normalized("NFKC", line) else unicodedata.normalize("NFKC", line)


def _to_text(data: bytes) -> Text:
    try:
        if data.startswith(codecs.BOM_UTF8):
            return _decode(data[len(codecs.BOM_UTF8) :], "utf-8", "utf-8-sig")
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return _decode(data, "utf-16", "utf-16")
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"the byte-order mark promises an encoding the bytes don't follow (offset {exc.start})"
        ) from exc
    if b"\x00" in data:
        raise DecodeError("binary file: it contains NUL bytes")
    try:
        return _decode(data, "utf-8", "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return _decode(data, "gb18030", "gb18030")
    except UnicodeDecodeError as exc:
        raise DecodeError(f"unknown encoding: neither UTF-8 nor GB18030 (bad byte at offset {exc.start})") from exc


def _decode(data: bytes, codec: str, name: str) -> Text:
    """Decode strictly, except that a multi-byte character cut off by the end of file is dropped."""
    try:
        return Text(data.decode(codec), name)
    except UnicodeDecodeError as exc:
        # The first error sits in the last few bytes and says the input ended: everything
        # before it is valid in this encoding, and the file was cut mid-character.
        if exc.end == len(data) and len(data) - exc.start < 4 and exc.reason in _CUT_REASONS:
            return Text(data[: exc.start].decode(codec), name, cut_mid_character=True)
        raise


def _sample_marks(text: str) -> tuple[int, int]:
    """Return how many control characters and traditional markers the sample holds."""
    # One regex scan instead of unicodedata.category per character (20x faster): the control
    # part of the class is exactly Unicode category Cc (U+0000-U+001F, U+007F-U+009F) less
    # \t \n \v \f \r, checked over every code point.
    found = _CONTROL_OR_TRADITIONAL.findall(text, 0, _SAMPLE)
    if not found:
        return 0, 0
    traditional = sum(1 for c in found if c in _TRADITIONAL_MARKERS)
    return len(found) - traditional, traditional
