"""Every input file accounted for: read safely, parsed once, related to the other inputs.

`read_inputs` returns exactly one `Intake` per path it is given, in the same order, whatever
the file holds: a file that cannot be read, is too big, is binary or is not a report is a
`rejected` report with a reason; a second file with the same bytes is recorded as a
duplicate of the first and not parsed again; two different reports of the same agency and
year are both kept and point at each other in `conflict_with`.

Paths are data here: a file's name only ever becomes the `source` string (made valid UTF-8,
whatever bytes the name holds). Nothing is written anywhere under a name taken from a path.
"""

import hashlib
import os
import re
import stat
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from pipeline.decode import DEFAULT_MAX_BYTES, DecodeError, read_text
from pipeline.html_text import looks_like_html
from pipeline.identify import identify_bytes
from pipeline.model import Cell, Missing, Report
from pipeline.parse import parse_text
from pipeline.readahead import read_ahead

# What a table row is made of once its label is printed: digits, decimal and thousands
# marks, signs, separators, and line breaks (some layouts print one cell per line).
_DIGIT = re.compile(r"[0-9０-９]")
_ROW_TAIL_CHARS = frozenset("0123456789０１２３４５６７８９.．,，+-－−%％|｜ \t\u3000\u00a0\r\n")
CUT_MID_CHARACTER = "the file ends in the middle of a character: it was cut off"
_CUT_MISSING = "the file ends in the middle of this row: the value may be cut off"
# Files hinted to the kernel ahead of the one being parsed: about a quarter of a second of
# parsing, enough for the disk to have the next files ready, and nothing in process memory.
READ_AHEAD_FILES = 128


@dataclass(frozen=True)
class Intake:
    """One input file: its report, its decoded text ("" when rejected or a duplicate).

    `duplicate_of` is the source of the earlier input with the same bytes; `conflict_with`
    holds the report ids of the other reports of the same agency and year.
    """

    report: Report
    text: str = ""
    duplicate_of: str | None = None
    conflict_with: tuple[str, ...] = ()

    @property
    def report_id(self) -> str:
        """Return the report id: sha256[:16], or for a duplicate an id of (content, name)."""
        if self.duplicate_of is None:
            return self.report.sha256[:16]
        # The content's id belongs to the first copy; the duplicate row still needs its own.
        return hashlib.sha256(f"{self.report.sha256}\n{self.report.source}".encode()).hexdigest()[:16]


def source_name(path: Path) -> str:
    """Return the path as a valid UTF-8 string: name bytes that aren't UTF-8 become escapes."""
    return os.fsencode(path).decode("utf-8", errors="backslashreplace")


def read_inputs(paths: Iterable[Path], max_bytes: int = DEFAULT_MAX_BYTES) -> list[Intake]:
    """Read every path: one Intake per path, in order, duplicates and conflicts marked both ways."""
    return mark_conflicts(list(iter_inputs(paths, max_bytes)))


def iter_inputs(paths: Iterable[Path], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Intake]:
    """Read the paths one by one, in order, with the next ones hinted to the kernel (pipeline.readahead).

    Duplicates are marked as in read_inputs; `conflict_with` names only the *earlier* reports
    of the same agency and year, since the later ones are not read yet.
    """
    listed = [Path(p) for p in paths]
    # From a cold page cache each read waits on the disk; the hints overlap that with parsing.
    with read_ahead(listed, READ_AHEAD_FILES) as ahead:
        for intake in _read_in_order(listed, max_bytes):
            yield intake
            ahead.done()


def _read_in_order(paths: list[Path], max_bytes: int) -> Iterator[Intake]:
    first: dict[str, Report] = {}  # sha256 -> the first copy's report, without its cells
    seen: dict[tuple[str, int], list[str]] = defaultdict(list)  # (agency, year) -> report ids
    for path in paths:
        source = source_name(path)
        sha, data, reason = load_file(path, max_bytes)
        if sha in first:
            yield duplicate(source, first[sha])
            continue
        if data is None:
            intake = Intake(Report(source, sha, "rejected", reason))
        else:
            intake = read_bytes(data, source, max_bytes)
        r = intake.report
        first[sha] = Report(r.source, r.sha256, r.status, r.reason, r.agency, r.year, r.era)
        key = _agency_year(intake)
        if key is not None:
            earlier = tuple(seen[key])
            seen[key].append(intake.report_id)
            intake = replace(intake, conflict_with=earlier)
        yield intake


def load_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, bytes | None, str]:
    """Return (sha256, bytes, "") or, for a file that can't be used, (sha256, None, reason).

    A file that cannot be read has no content to hash: its sha256 is that of its path, so it
    still has a stable id.
    """
    try:
        return read_file(path, max_bytes)
    except OSError as exc:
        return _path_sha(path), None, f"cannot read the file: {exc.strerror or exc}"


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, bytes | None, str]:
    """Like load_file, but raise OSError for a file that cannot be read. An oversized file is hashed in chunks."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        # A FIFO or device would block or never end; a directory has no content.
        return _path_sha(path), None, "not a regular file"
    if info.st_size > max_bytes:
        return _file_sha(path), None, f"file is {info.st_size} bytes, over the {max_bytes}-byte limit"
    with path.open("rb") as fh:
        data = fh.read(max_bytes + 1)  # the file may have grown since stat()
    if len(data) > max_bytes:
        return _file_sha(path), None, f"file is over the {max_bytes}-byte limit"
    return hashlib.sha256(data).hexdigest(), data, ""


def identify_input(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Report:
    """Return the identity of one file (year, era, agency; no cells), rejected with a reason if unusable."""
    return identify_loaded(source_name(Path(path)), *load_file(Path(path), max_bytes), max_bytes)


def identify_loaded(
    source: str, sha: str, data: bytes | None, reason: str, max_bytes: int = DEFAULT_MAX_BYTES
) -> Report:
    """Return the identity of a file's bytes as load_file returned them (rejected with `reason` if None)."""
    if data is None:
        return Report(source, sha, "rejected", reason)
    return identify_bytes(data, source, sha, max_bytes)


def read_bytes(data: bytes, source: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Intake:
    """Decode and parse one input's bytes; never raises for bad input."""
    sha = hashlib.sha256(data).hexdigest()
    try:
        decoded = read_text(data, max_bytes)
    except DecodeError as exc:
        return Intake(Report(source, sha, "rejected", str(exc)))
    report = parse_checked(decoded.text, source, sha)
    if decoded.cut_mid_character and report.status != "rejected":
        report = replace(report, status="partial", reason=_join(CUT_MID_CHARACTER, report.reason))
    return Intake(report, decoded.text)


def duplicate(source: str, original: Report) -> Intake:
    """Return the Intake of a second copy of `original`'s bytes: recorded, not parsed again."""
    reason = (
        f"duplicate of {original.source}: the same content (sha256 {original.sha256[:12]}…) "
        "is read once, under that name"
    )
    report = Report(source, original.sha256, "rejected", reason, original.agency, original.year, original.era)
    return Intake(report, duplicate_of=original.source)


def mark_conflicts(intakes: list[Intake]) -> list[Intake]:
    """Point each report at the other, different reports of the same agency and year.

    Both are kept: which one is right (a correction, a mislabelled page, two bodies with one
    name) is for a person to decide, not for the pipeline to guess.
    """
    groups: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i, x in enumerate(intakes):
        key = _agency_year(x)
        if key is not None:
            groups[key].append(i)
    out = [replace(x, conflict_with=()) for x in intakes]
    for members in groups.values():
        for i in members if len(members) > 1 else ():
            others = sorted(intakes[j].report_id for j in members if j != i)
            out[i] = replace(intakes[i], conflict_with=tuple(others))
    return out


def _agency_year(x: Intake) -> tuple[str, int] | None:
    """Return the (agency, year) a read, first-copy report claims; None if it claims none."""
    r = x.report
    if r.status == "rejected" or x.duplicate_of is not None or not r.agency or r.year is None:
        return None
    return (r.agency, r.year)


# A small cache: the stage frames (pipeline.stages) are what a run keeps of a parse; this
# only spares re-parsing a text read twice in a row, and a parsed report is large.
@lru_cache(maxsize=64)
def parse_checked(text: str, source: str, sha256: str) -> Report:
    """Parse decoded text; a row cut off by the end of the file is reported missing, not read.

    The parser cannot tell "行政许可 30" cut from "行政许可 3066" from a real 30, so a text
    that stops mid-row is parsed again without that last row; if the two readings differ,
    the cells only the full text had are reported missing and the report is partial. An HTML
    page that stops inside a table is partial even when the two readings agree.
    Any text that stops on figures counts, whatever its era: a pre-2019 report may end on its
    statistics table, but nothing tells that final row from one cut inside a figure ("34"
    of "34129"), so its cells are reported missing rather than risked.
    """
    report = parse_text(text, source, sha256)
    cut = cut_point(text)
    if report.status == "rejected" or cut is None:
        return report
    html = looks_like_html(text)
    first_line = _line_of(text, cut)
    if not html and all(c.line is None or c.line < first_line for c in report.cells):
        return report  # the tail holds no value the parser read (line numbers of HTML are rendered lines)
    shorter = parse_text(text[:cut], source, sha256)
    if shorter.status == "rejected":
        return report
    if _values(shorter.cells) == _values(report.cells) and _unread(shorter) == _unread(report):
        if not html:
            return report
        # An HTML page that stops inside a table is cut, even where the row it stops in held
        # no figure yet: the rows after it are gone, and the report must not pass as whole.
        why = f"the file seems cut off: it ends inside a table (line {first_line})"
        return replace(report, status="partial", reason=_join(why, report.reason))
    kept = {_key(c) for c in shorter.cells} | _unread(shorter)
    lost = [Missing(c.table, c.row, c.col, _CUT_MISSING, c.line) for c in report.cells if _key(c) not in kept]
    lost += [m for m in report.missing if (m.table, m.row, m.col) not in kept]
    why = f"the file seems cut off: it ends in the middle of a table row (line {first_line})"
    return replace(shorter, status="partial", reason=_join(why, shorter.reason), missing=[*shorter.missing, *lost])


def cut_point(text: str) -> int | None:
    """Return where the last, possibly unfinished row of a text starts, or None if it has none.

    Plain text: the text ends in a run of figures and separators (line breaks included, for
    layouts that print one cell per line); the row starts after the last character of its
    label. HTML: a table is still open at the end, and its last row starts at the last "<tr".
    """
    tail = text[-200_000:]  # a cut row sits at the very end; bound the work
    # Plain text has no "<": lowering it (a fiftieth of a parse) would find no table.
    lower = tail.lower() if "<" in tail else ""
    if lower.count("<table") > lower.count("</table"):
        start = max(lower.rfind("<tr"), lower.rfind("<table"))
        return len(text) - len(lower) + start
    i = len(text)
    while i > 0 and text[i - 1] in _ROW_TAIL_CHARS:
        i -= 1
    # A tail of separators alone (the file's last line break) ends no row: it must hold a figure.
    return i if _DIGIT.search(text, i) else None


def _line_of(text: str, pos: int) -> int:
    """Return the 1-based line (as str.splitlines counts them) that position `pos` falls on."""
    head = text[:pos]
    lines = head.splitlines()
    ends_a_line = bool(head) and head.splitlines(keepends=True)[-1] != lines[-1]
    return len(lines) + 1 if ends_a_line or not lines else len(lines)


def _values(cells: list[Cell]) -> dict[tuple[str, str, str], object]:
    return {_key(c): c.value for c in cells}


def _unread(report: Report) -> set[tuple[str, str, str]]:
    return {(m.table, m.row, m.col) for m in report.missing}


def _key(c: Cell) -> tuple[str, str, str]:
    return (c.table, c.row, c.col)


def _join(first: str, rest: str) -> str:
    return f"{first}; {rest}" if rest else first


def _file_sha(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _path_sha(path: Path) -> str:
    return hashlib.sha256(b"unreadable file\0" + os.fsencode(path)).hexdigest()
