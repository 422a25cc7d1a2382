"""Golden tests: the cells and findings of every bundled report against reviewed JSON.

The expected files under tests/golden/expected/ were checked by hand against the source
text. When the parser changes a value, the diff must be reviewed like code:
`NIANBAO_UPDATE_GOLDEN=1 make golden` rewrites them, then `git diff tests/golden` shows what moved.
"""

import json
import os
from pathlib import Path

import pytest

from tests.golden.views import golden_view

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = Path(__file__).parent / "expected"
SAMPLES = sorted((ROOT / "data" / "sample").glob("*.txt"))


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem[:3] for p in SAMPLES])
def test_sample_matches_golden(path: Path) -> None:
    """Each sample parses to exactly its reviewed cells and findings."""
    expected_file = EXPECTED / f"{path.stem}.json"
    actual = golden_view(path)
    if os.environ.get("NIANBAO_UPDATE_GOLDEN") == "1":
        expected_file.write_text(json.dumps(actual, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    assert actual == expected


def test_every_sample_has_a_golden_file() -> None:
    """A new sample without reviewed expectations fails instead of passing silently."""
    assert SAMPLES
    assert {p.stem for p in SAMPLES} == {p.stem for p in EXPECTED.glob("*.json")}
