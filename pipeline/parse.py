"""One report file in, one `Report` out: decode, metadata, sections, cells, rules.

Nothing here raises on bad input: an unreadable file is a `rejected` report whose reason
names the problem, and a report read only in part is `partial` with every missing cell
listed.
"""

import hashlib
from dataclasses import replace
from pathlib import Path

from pipeline import spec
from pipeline.decode import DEFAULT_MAX_BYTES, Decoded, DecodeError, bytes_to_text, text_to_document
from pipeline.identify import identify_document
from pipeline.legacy import read_legacy
from pipeline.model import Cell, Finding, Missing, Report, Section, Status
from pipeline.regions import region_tokens
from pipeline.rules import evaluate, facts
from pipeline.sections import find_headings
from pipeline.table_t2 import read_t2
from pipeline.table_t3 import read_t3
from pipeline.table_t4 import read_t4


def parse_file(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Report:
    """Parse the report at `path`; an unreadable or oversized file is a rejected report."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            return _rejected(str(p), _sha256_head(p), f"file is {size} bytes, over the {max_bytes}-byte limit")
        data = p.read_bytes()
    except OSError as exc:
        return _rejected(str(p), "", f"cannot read the file: {exc.strerror or exc}")
    return parse_bytes(data, str(p), max_bytes)


def parse_bytes(data: bytes, source: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Report:
    """Parse report bytes; `source` names the input in the report and its messages."""
    sha = hashlib.sha256(data).hexdigest()
    try:
        text, _ = bytes_to_text(data, max_bytes)
    except DecodeError as exc:
        return _rejected(source, sha, str(exc))
    return parse_text(text, source, sha)


def parse_text(text: str, source: str, sha256: str) -> Report:
    """Parse already-decoded text (plain or HTML); `sha256` is that of the original bytes."""
    try:
        return _parse_document(text_to_document(text), source, sha256)
    except DecodeError as exc:
        return _rejected(source, sha256, str(exc))
    except RecursionError:
        return _rejected(source, sha256, "the document is nested too deeply to read")


def _parse_document(doc: Decoded, source: str, sha: str) -> Report:
    lines = doc.lines
    try:
        identity = identify_document(doc)
    except DecodeError as exc:
        return _rejected(source, sha, str(exc))
    year, era, agency = identity.year, identity.era, identity.agency
    headings = find_headings(lines)
    cells: list[Cell] = []
    missing: list[Missing] = []
    t3_rows = spec.t3_rows(era)
    if era == "pre2019":
        cells, missing = read_legacy(lines, doc.raw_lines)
    else:
        t2 = read_t2(region_tokens(lines, doc.raw_lines, headings, "proactive"), era)
        t3 = read_t3(region_tokens(lines, doc.raw_lines, headings, "requests"), era)
        t4 = read_t4(region_tokens(lines, doc.raw_lines, headings, "review_litigation"))
        t3_rows = spec.t3_rows(era, single_other=t3.single_other)
        for part in (t2, t3, t4):
            cells.extend(part.cells)
            missing.extend(part.missing)
    sections = [Section(h.code, h.index + 1) for h in headings]
    evidence = facts(agency, year, era, [s.code for s in sections], cells, missing, t3_rows, lines)
    findings, results = evaluate(evidence)
    findings = [with_context(f, doc.raw_lines) for f in findings]
    status, reason = _status(era, year, sections, missing)
    return Report(source, sha, status, reason, agency, year, era, sections, cells, missing, findings, results)


def with_context(f: Finding, raw_lines: list[str], around: int = 2) -> Finding:
    """Attach the printed lines around a failing finding's evidence, for reports to show."""
    if f.status != "fail":
        return f
    wanted: set[int] = set()
    for c in f.cells:
        line = c.get("line")
        if isinstance(line, int):
            wanted.update(range(max(1, line - around), min(len(raw_lines), line + around) + 1))
    context = tuple((n, raw_lines[n - 1][:300]) for n in sorted(wanted)[:60])
    return replace(f, context=context)


def _status(era: str, year: int | None, sections: list[Section], missing: list[Missing]) -> tuple[Status, str]:
    problems = []
    if year is None:
        problems.append("report year not found")
    if era != "pre2019":
        absent = len(spec.section_defs()) - len(sections)
        if absent:
            problems.append(f"{absent} of the 6 sections not found")
    if missing:
        tables = sorted({m.table for m in missing})
        problems.append(f"{len(missing)} cells not read ({', '.join(tables)}): {missing[0].reason}")
    return ("partial", "; ".join(problems)) if problems else ("parsed", "")


def _rejected(source: str, sha: str, reason: str) -> Report:
    return Report(source, sha, "rejected", reason)


def _sha256_head(p: Path) -> str:
    h = hashlib.sha256()
    with p.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
