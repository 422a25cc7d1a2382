"""Properties of the reader that must hold for any input, checked with hypothesis.

- parse_bytes and the pipeline's intake never raise: any bytes or text gives a Report with
  a status (and a reason unless it parsed cleanly);
- normalisation is idempotent: a normalised line normalises to itself;
- compacting drops exactly whitespace and the label punctuation, as its regex definition;
- the tokenizer's number pattern finds what its readable form finds;
- the same input gives the same output, within a process and across processes whose hash
  seeds differ (set and dict order must not leak into cells or findings).

Examples are bounded so the folder runs in well under a minute; the strategies splice real
report lines and table markup with noise so that the parser's deep paths are reached, not
only "not a report".
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline.decode import DecodeError, normalise_line, text_to_document
from pipeline.intake import read_bytes
from pipeline.parse import parse_bytes
from pipeline.tokens import _NUM, compact_uncached

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = sorted((ROOT / "data" / "sample").glob("*.txt"))
SAMPLE_LINES = sorted({line for p in SAMPLE for line in p.read_text(encoding="utf-8").splitlines() if line.strip()})
STATUSES = ("parsed", "partial", "rejected")
BOUNDED = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

noise = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
figures = st.integers(min_value=-5, max_value=10**7).map(str)
report_lines = st.lists(st.one_of(st.sampled_from(SAMPLE_LINES), noise, figures), min_size=1, max_size=80)
markup = st.lists(
    st.one_of(
        st.sampled_from(["<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th>", "<p>", "</p>", "<br>"]),
        st.sampled_from(['<td rowspan="3">', "<td colspan=200>", "<!--", "-->", "<!DOCTYPE x [<!ENTITY a 'b'>]>"]),
        st.sampled_from(["&nbsp;", "&lol;", "&#20013;", "&#99999999;", "<script>", "</script>", "<"]),
        st.sampled_from(SAMPLE_LINES),
        figures,
    ),
    max_size=120,
)


def assert_a_status(report_status: str, reason: str) -> None:
    assert report_status in STATUSES
    assert reason or report_status == "parsed"


@BOUNDED
@given(st.binary(max_size=4096))
def test_arbitrary_bytes_give_a_status(data: bytes) -> None:
    report = parse_bytes(data, "any.bin")
    assert_a_status(report.status, report.reason)
    intake = read_bytes(data, "any.bin")
    assert_a_status(intake.report.status, intake.report.reason)


@BOUNDED
@given(report_lines, st.sampled_from(["utf-8", "gb18030", "utf-16"]), st.integers(min_value=0, max_value=3))
def test_report_like_text_gives_a_status(lines: list[str], codec: str, cut: int) -> None:
    data = "\n".join(lines).encode(codec, errors="replace")
    data = data[: len(data) - cut] if cut else data  # sometimes cut inside a character
    for report in (parse_bytes(data, "r.txt"), read_bytes(data, "r.txt").report):
        assert_a_status(report.status, report.reason)
        assert all(c.line is None or c.line >= 1 for c in report.cells)


@BOUNDED
@given(markup)
def test_html_like_text_gives_a_status(parts: list[str]) -> None:
    page = "<html><body>" + "".join(parts)
    report = read_bytes(page.encode("utf-8"), "r.html").report
    assert_a_status(report.status, report.reason)


@BOUNDED
@given(st.text(max_size=200))
def test_normalise_line_is_idempotent(line: str) -> None:
    once = normalise_line(line)
    assert normalise_line(once) == once


@BOUNDED
@given(report_lines)
def test_document_lines_are_already_normalised(lines: list[str]) -> None:
    try:
        doc = text_to_document("\n".join(lines))
    except DecodeError:
        return  # control characters: refused as binary, nothing to normalise
    assert [normalise_line(x) for x in doc.lines] == doc.lines
    assert len(doc.lines) == len(doc.raw_lines)


@BOUNDED
@given(report_lines)
def test_same_input_same_output(lines: list[str]) -> None:
    data = "\n".join(lines).encode("utf-8")
    assert parse_bytes(data, "a").to_json() == parse_bytes(data, "a").to_json()
    assert read_bytes(data, "a").report.to_json() == read_bytes(data, "a").report.to_json()


def test_same_output_whatever_the_hash_seed() -> None:
    """Two processes with different PYTHONHASHSEED read every sample report identically."""
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from pipeline.intake import read_bytes\n"
        "out = [read_bytes(Path(p).read_bytes(), Path(p).name).report.to_json() for p in sys.argv[1:]]\n"
        "print(json.dumps(out, ensure_ascii=False, sort_keys=False))\n"
    )
    runs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", script, *map(str, SAMPLE)], cwd=ROOT, env=env, capture_output=True, check=True
        )
        runs.append(json.loads(done.stdout))
    assert runs[0] == runs[1]


# The definition compact_uncached must keep: every regex \s and the label punctuation, dropped.
NOT_COMPACT = re.compile(r"[\s()\[\]【】《》“”\"'‘’:;,.、·•|/_\-—]")
SPACES = "".join(chr(c) for c in range(0x3020) if chr(c).isspace() or NOT_COMPACT.match(chr(c)))


@given(st.text(alphabet=st.sampled_from(SPACES + "0本年新收（）:、—abc\u00a0\u3000\u200b\ufeff")))
def test_compact_drops_what_its_regex_matches(text: str) -> None:
    assert compact_uncached(text) == NOT_COMPACT.sub("", text)


# The number pattern as written for people; pipeline.tokens._NUM is rewritten for speed.
READABLE_NUM = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|[-+]?\d+(?:\.\d+)?")


def _numbers(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


# Pieces that make the thousands shape, its near misses, signs, decimals and glued runs.
number_text = st.lists(
    st.sampled_from(["1", "12", "123", "1234", ",", ",000", ",00", ".", ".5", "-", "+", " ", "年", "件", "a"]),
    max_size=12,
).map("".join)


@BOUNDED
@given(number_text)
@example("-1,234,567.89件")
@example("123,4567")
@example("+,1")
def test_number_pattern_finds_what_its_readable_form_finds(text: str) -> None:
    assert _numbers(_NUM, text) == _numbers(READABLE_NUM, text)
