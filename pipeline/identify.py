"""What a report is, without reading its tables: year, era and agency from the decoded lines.

The catalogue needs only this to put a file in its year partition, and it is a small part of
a full parse (decoding plus a look at the title and the labels). `pipeline.parse` calls the
same function, so a file is always catalogued under the year its full parse finds.
"""

from dataclasses import dataclass
from typing import Final

from pipeline.decode import DEFAULT_MAX_BYTES, Decoded, DecodeError, read_text, text_to_document
from pipeline.metadata import detect_agency, detect_era, detect_year
from pipeline.model import Report
from pipeline.tokens import compact_uncached

_REPORT_WORDS: Final = ("政府信息公开", "政务公开", "信息公开")
NOT_A_REPORT: Final = "not a 政府信息公开工作年度报告: the text never mentions 信息公开"


@dataclass(frozen=True)
class Identity:
    """The year, era and agency a report's text states (None when it does not say)."""

    year: int | None
    era: str
    agency: str | None


def identify_document(doc: Decoded) -> Identity:
    """Return the identity of decoded lines, or raise DecodeError if the text is not a report."""
    lines = doc.lines
    # The words are looked for near the top: a report says what it is in its title or opening.
    if not _mentions_disclosure("".join(lines[:2000])):
        raise DecodeError(NOT_A_REPORT)
    year = detect_year(lines)
    return Identity(year, detect_era(lines, year), detect_agency(lines, year))


def identify_bytes(data: bytes, source: str, sha256: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Report:
    """Return a Report holding only the identity of report bytes: `parsed`, or `rejected` with the reason.

    Its status says whether the file reads as a report at all; a full parse may still find it partial.
    """
    try:
        text = read_text(data, max_bytes)
        identity = identify_document(text_to_document(text.text, text.encoding))
    except DecodeError as exc:
        return Report(source, sha256, "rejected", str(exc))
    except RecursionError:
        return Report(source, sha256, "rejected", "the document is nested too deeply to read")
    return Report(source, sha256, "parsed", "", identity.agency, identity.year, identity.era)


def _mentions_disclosure(text: str) -> bool:
    # A word printed whole needs no compacting, and nearly every report prints it whole:
    # compacting the whole head of the text was a tenth of the parse time of a short report.
    return any(w in text for w in _REPORT_WORDS) or any(w in compact_uncached(text) for w in _REPORT_WORDS)
