"""Golden tests of every complete report of the real corpus (data/real, index.jsonl complete=true).

Each expected file was reviewed against its source text and the corpus gold notes. Where a
report's own arithmetic fails (洪泽区 2023 t4, 平潭 2021 t3 balance) the golden file keeps the
failure: the gold checks the numbers as printed. `NIANBAO_UPDATE_GOLDEN=1` rewrites them;
review the diff before committing.
"""

import json
import os
from pathlib import Path

import pytest

from tests.golden.views import golden_view

REAL = Path(__file__).resolve().parents[2] / "data" / "real"
EXPECTED = Path(__file__).parent / "expected_real"
COMPLETE = [
    json.loads(line)["file"]
    for line in (REAL / "index.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip() and json.loads(line).get("complete")
] + ["004.html"]


@pytest.mark.parametrize("name", COMPLETE)
def test_complete_real_report_matches_golden(name: str) -> None:
    """Each complete real report parses to exactly its reviewed cells, missing cells and findings."""
    expected_file = EXPECTED / f"{name}.json"
    actual = golden_view(REAL / name)
    if os.environ.get("NIANBAO_UPDATE_GOLDEN") == "1":
        expected_file.write_text(json.dumps(actual, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert actual == json.loads(expected_file.read_text(encoding="utf-8"))


def test_every_complete_post2019_report_has_full_t3_and_t4_grids() -> None:
    """Complete post-2019 reports yield 7×25 (or 7×23) t3 cells and the 15 t4 cells."""
    for name in COMPLETE:
        view = json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))
        if view["era"] == "pre2019":
            continue
        t3 = [c for c in view["cells"] if c["table"] == "t3"]
        t4 = [c for c in view["cells"] if c["table"] == "t4"]
        assert len(t3) in (7 * 25, 7 * 23), name
        assert len(t4) == 15, name
