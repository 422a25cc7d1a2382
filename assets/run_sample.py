"""Materialise every asset and check for each report year found, then print the findings.

`python -m assets.run_sample [--reports DIR] [--database PATH]` runs in-process against the
persistent Dagster instance in $DAGSTER_HOME (default <repo>/.dagster_home), so the runs
and their check results show up in `dagster dev` afterwards. Exit code 1 if a run failed.
"""

import argparse
import os
import shutil
import sys
import unicodedata
from pathlib import Path

import dagster as dg
import polars as pl

from assets.definitions import build_defs
from assets.resources import DEFAULT_DATABASE, DEFAULT_REPORTS_DIR, REPO_ROOT, ReportsDirectory
from assets.schedules import annual_reports_job
from pipeline import stages
from warehouse import loader

DESCRIPTION = "Materialise every asset and check per report year, then print the findings."
DEFAULT_DAGSTER_HOME = REPO_ROOT / ".dagster_home"
# The console logger prints every Dagster event at DEBUG; the summary below is the output.
QUIET_RUN_CONFIG = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def prepare_dagster_home() -> Path:
    """Point DAGSTER_HOME at <repo>/.dagster_home unless set; create it with the repo's dagster.yaml."""
    home = Path(os.environ.setdefault("DAGSTER_HOME", str(DEFAULT_DAGSTER_HOME)))
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    # `make run` copies it already; a plain `python -m assets.run_sample` must not start an
    # instance with telemetry on. An existing file is the user's and is left alone.
    if not config.exists():
        shutil.copyfile(REPO_ROOT / "dagster.yaml", config)
    return home


def run_years(reports_dir: Path, database: Path, years: list[int]) -> dict[int, dg.ExecuteInProcessResult]:
    """Run the annual job for each year partition in this process; return the results."""
    job = build_defs(reports_dir, database).resolve_job_def(annual_reports_job.name)
    results: dict[int, dg.ExecuteInProcessResult] = {}
    with dg.DagsterInstance.get() as instance:
        for year in years:
            results[year] = job.execute_in_process(
                partition_key=str(year), instance=instance, raise_on_error=False, run_config=QUIET_RUN_CONFIG
            )
    return results


def describe_run(year: int, result: dg.ExecuteInProcessResult) -> str:
    """One line per run: status and the checks that did not pass."""
    evaluations = result.get_asset_check_evaluations()
    failed = [f"{e.check_name} ({e.severity.value})" for e in evaluations if not e.passed]
    status = "ok" if result.success else "FAILED"
    return f"{year}: run {status}, {len(evaluations)} checks, {len(failed)} failed" + (
        f": {', '.join(failed)}" if failed else ""
    )


def display_width(text: str) -> int:
    """Return the terminal width of `text`: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def aligned_lines(frame: pl.DataFrame) -> list[str]:
    """Render a frame as left-aligned text columns (header first), CJK-aware."""
    cells = [list(frame.columns)] + [["" if v is None else str(v) for v in row] for row in frame.iter_rows()]
    widths = [max(display_width(row[i]) for row in cells) for i in range(frame.width)]
    return [
        "  " + "  ".join(v + " " * (w - display_width(v)) for v, w in zip(row, widths, strict=True)).rstrip()
        for row in cells
    ]


def findings_summary(database: Path, report_ids: list[str]) -> str:
    """Read the warehouse and render one line per report, then per-rule counts."""
    con = loader.connect(database)
    try:
        reports = con.sql("SELECT * FROM reports").pl()
        findings = con.sql("SELECT report_id, rule_id, severity, status FROM findings").pl()
        rule_results = con.sql("SELECT report_id, rule_id, status FROM rule_results").pl()
    finally:
        con.close()
    ours = pl.col("report_id").is_in(report_ids)
    failing = (
        findings.filter(ours & (pl.col("status") == "fail"))
        .unique(["report_id", "rule_id", "severity"])
        .sort("rule_id")
        .group_by("report_id", maintain_order=True)
        .agg(failing_rules=pl.format("{} ({})", "rule_id", "severity").str.join(", "))
    )
    per_report = (
        reports.filter(ours)
        .join(failing, on="report_id", how="left")
        .sort("year", "agency", "source", nulls_last=True)
        .select(
            "agency",
            "year",
            "era",
            "status",
            cells="n_cells",
            failing_rules=pl.col("failing_rules").fill_null("-"),
            file=pl.col("source").str.extract(r"([^/\\]+)$"),
            reason="reason",
        )
    )
    status = pl.col("status")
    per_rule = (
        rule_results.filter(ours)
        .group_by("rule_id")
        .agg(
            n_pass=(status == "pass").sum(),
            n_fail=(status == "fail").sum(),
            n_not_assessable=(status == "not_assessable").sum(),
        )
        .sort("rule_id")
    )
    return "\n".join(
        ["Reports:", *aligned_lines(per_report), "", "Rules (reports per status):", *aligned_lines(per_rule)]
    )


def main(argv: list[str] | None = None) -> int:
    """Run every year of the reports directory in-process and print the findings summary."""
    parser = argparse.ArgumentParser(prog="python -m assets.run_sample", description=DESCRIPTION)
    parser.add_argument("--reports", type=Path, default=DEFAULT_REPORTS_DIR, help="directory of report files")
    parser.add_argument("--database", type=Path, default=DEFAULT_DATABASE, help="DuckDB warehouse file")
    args = parser.parse_args(argv)
    reports_dir, database = args.reports.resolve(), args.database.resolve()
    if not reports_dir.is_dir():
        parser.error(f"--reports: {reports_dir} is not a directory")

    raw = stages.read_reports(ReportsDirectory(path=str(reports_dir)).list_files())
    years = sorted(raw["year"].drop_nulls().unique().to_list())
    if not years:
        print(f"No report with a readable year under {reports_dir}: nothing to materialise.")
        return 0
    home = prepare_dagster_home()
    print(f"Materialising years {', '.join(map(str, years))} from {reports_dir} (DAGSTER_HOME={home})")
    results = run_years(reports_dir, database, years)
    for year, result in results.items():
        print(describe_run(year, result))
    print()
    print(findings_summary(database, raw["report_id"].to_list()))
    return 0 if all(r.success for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
