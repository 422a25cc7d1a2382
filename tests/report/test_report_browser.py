"""The HTML report rendered by a real browser: Debian's headless Chromium takes a screenshot.

Never skipped: .ci/run installs the `chromium` package when /usr/bin/chromium is missing,
so a machine without it fails here instead of passing silently.
"""

import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
from PIL import Image

from tests.warehouse.sample_warehouse import build_sample_warehouse
from warehouse.report import render_report

WIDTH, HEIGHT = 1280, 2000
# Share of pixels darker than near-white: the 2021 page measures about 10%; a blank or
# unstyled-error page is far below this.
MIN_INK_SHARE = 0.03
# The error colour of the CSS (--error: #b42318): severity badges, fail counts and the
# failing report's border. Present only if the stylesheet was applied.
ERROR_RGB = (0xB4, 0x23, 0x18)
# Without the networking flags Chromium keeps trying to reach Google's hosts on a closed
# network; a fresh profile keeps runs independent (the machine notes' probe flags).
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def chromium_binary() -> str:
    """Return the Chromium executable, or fail: a skipped browser test would hide a broken page."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail("chromium is not installed: `apt-get install -y chromium` (.ci/run does this)")
    return found


def screenshot(page: Path, png: Path, profile: Path) -> subprocess.CompletedProcess[str]:
    """Render `page` in headless Chromium at WIDTH x HEIGHT into `png`."""
    env = {**os.environ, "HOME": str(profile)}  # Chromium writes caches under HOME, not the profile.
    return subprocess.run(
        [
            chromium_binary(),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--screenshot={png}",
            f"--window-size={WIDTH},{HEIGHT}",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )


def test_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    database = tmp_path / "nianbao.duckdb"
    build_sample_warehouse(database)
    con = duckdb.connect(str(database), read_only=True)
    try:
        html = render_report(con, 2021, generated_at=datetime(2026, 1, 1, tzinfo=UTC))
    finally:
        con.close()
    page = tmp_path / "report-2021.html"
    page.write_text(html, encoding="utf-8")
    png = tmp_path / "report-2021.png"

    done = screenshot(page, png, tmp_path / "profile")

    assert done.returncode == 0, done.stderr[-2000:]
    assert png.is_file(), done.stderr[-2000:]
    with Image.open(png) as image:
        assert image.format == "PNG"
        assert image.size == (WIDTH, HEIGHT)
        rgb = image.convert("RGB")
    gray = rgb.convert("L").histogram()
    ink = 1 - sum(gray[245:]) / (WIDTH * HEIGHT)
    assert ink > MIN_INK_SHARE, f"page looks blank: {ink:.1%} non-white pixels"
    colours = rgb.getcolors(maxcolors=WIDTH * HEIGHT) or []
    red = sum(n for n, c in colours if all(abs(a - b) <= 8 for a, b in zip(c, ERROR_RGB, strict=True)))
    assert red > 200, f"the stylesheet's error colour is missing ({red} pixels): CSS not applied?"
