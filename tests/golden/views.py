"""The reviewed view of a parsed report that golden files hold."""

from pathlib import Path
from typing import Any

from pipeline.stages import read_report


def golden_view(path: Path) -> dict[str, Any]:
    """Return the reviewed view of a report: metadata, cells, missing cells and rule outcomes."""
    report, _ = read_report(path)
    data = report.to_json()
    return {
        "source": path.name,
        "status": data["status"],
        "agency": data["agency"],
        "year": data["year"],
        "era": data["era"],
        "sections": data["sections"],
        "cells": [{k: c[k] for k in ("table", "row", "col", "value", "raw", "line")} for c in data["cells"]],
        "missing": data["missing"],
        "rule_results": data["rule_results"],
        "failures": [
            {k: f[k] for k in ("rule", "severity", "scope", "expected", "actual")}
            for f in data["findings"]
            if f["status"] == "fail"
        ],
    }
