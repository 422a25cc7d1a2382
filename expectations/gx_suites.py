"""Great Expectations suites generated from the rule catalogue, stored as JSON, run on pandas.

GX 1.x has no polars backend and its DuckDB route fails (shared/notes/stack-probe.md §3),
so the suites run on pandas frames pulled from the warehouse. Arithmetic is checked on the
derived `diff` column of v_identity_diffs, never with GX's exact multicolumn sums.
`import great_expectations` costs about 3 s of CPU, so only the functions that run GX import it,
with the modules it loads for expectations unused here deferred (expectations.deferred_imports).

Regenerate the committed JSON with `python -m expectations.gx_suites`.
"""

import functools
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

import pandas as pd

from expectations.deferred_imports import deferred
from expectations.schemas import FIRST_YEAR, GRID_TABLES, LAST_YEAR, T2_SIGNED_COLS, TABLE_CODES
from pipeline import catalogue, model, spec
from pipeline.collector import collector_paused

SUITES_DIR = Path(__file__).resolve().parent / "suites"
NON_NEGATIVE_RULE = "cells.non_negative_integer"
# Modules `import great_expectations` loads for expectations and renderers no suite here uses
# (KL divergence, KS tests, charts): deferred, they run only if something reads them.
GX_UNUSED_MODULES = ("scipy.stats", "altair")
# GX 1.x expectation severities for the catalogue's error / warning / info.
_GX_SEVERITY = {"error": "critical", "warning": "warning", "info": "info"}


@dataclass(frozen=True)
class SuiteOutcome:
    """What one suite run found: failing_rows are the offending rows, tagged with the expectation."""

    success: bool
    evaluated: int
    failed: int
    failing_rows: list[dict[str, Any]] = field(default_factory=list[dict[str, Any]])
    # Which expectations failed (type and arguments), to count them once over several frames.
    failed_expectations: tuple[str, ...] = ()


def suite_definitions() -> dict[str, dict[str, Any]]:
    """Return every suite as the JSON-ready dict that GX's ExpectationSuite(**d) accepts."""
    return {"fact_cells": _fact_cells_suite(), "warehouse_identities": _identities_suite()}


def suite_json(suite: dict[str, Any]) -> str:
    """Serialise a suite deterministically (sorted keys, UTF-8 statutes, trailing newline)."""
    return json.dumps(suite, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_suites(directory: Path = SUITES_DIR) -> list[Path]:
    """Write each suite to <directory>/<name>.json and return the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for name, suite in suite_definitions().items():
        path = directory / f"{name}.json"
        path.write_text(suite_json(suite), encoding="utf-8")
        paths.append(path)
    return paths


def load_suite(name: str, directory: Path = SUITES_DIR) -> dict[str, Any]:
    """Return the committed suite <directory>/<name>.json as a dict."""
    suite: dict[str, Any] = json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))
    return suite


def run_suite(name: str, pdf: pd.DataFrame) -> SuiteOutcome:
    """Validate a pandas frame against the committed suite `name` in an ephemeral GX context."""
    frame = pdf.reset_index(drop=True)  # GX reports failing rows by index label
    batch = _context().data_sources.pandas_default.read_dataframe(frame)
    result = batch.validate(_gx_suite(name), result_format={"result_format": "COMPLETE"})
    failing: list[dict[str, Any]] = []
    failed_expectations: list[str] = []
    for res in result.results:
        if not res.success:
            failing.extend(_failing_rows(frame, res))
            config = res.expectation_config
            failed_expectations.append(f"{config.type} {json.dumps(config.kwargs, sort_keys=True, default=str)}")
    stats = result.statistics
    return SuiteOutcome(
        success=bool(result.success),
        evaluated=int(stats["evaluated_expectations"]),
        failed=int(stats["unsuccessful_expectations"]),
        failing_rows=failing,
        failed_expectations=tuple(failed_expectations),
    )


def _identities_suite() -> dict[str, Any]:
    """One diff == 0 expectation per catalogue identity, over v_identity_diffs rows."""
    rules = [r for r in catalogue.load_catalogue() if r.identity is not None]
    structure = "warehouse/views/v_identity_diffs.sql"
    expectations = [
        *(_not_null(c, structure) for c in ("report_id", "year", "rule_id", "scope", "status")),
        _expect("expect_column_values_to_be_in_set", structure, column="rule_id", value_set=[r.id for r in rules]),
        _expect(
            "expect_column_values_to_be_in_set",
            structure,
            column="status",
            value_set=list(get_args(model.RuleStatus)),
        ),
        _expect("expect_compound_columns_to_be_unique", structure, column_list=["report_id", "rule_id", "scope"]),
    ]
    # not_assessable rows (a term blank or absent) are neither a pass nor a failure.
    expectations += [
        _expect(
            "expect_column_values_to_be_between",
            rule,
            column="diff",
            min_value=0,
            max_value=0,
            row_condition=_and(_cmp("rule_id", "==", rule.id), _cmp("status", "!=", "not_assessable")),
        )
        for rule in rules
    ]
    return _suite(
        "warehouse_identities",
        "v_identity_diffs: diff = sum(lhs) - sum(rhs) per report, rule, scope",
        expectations,
    )


def _fact_cells_suite() -> dict[str, Any]:
    """Keys present and unique, codes known, grid counts non-negative, over fact_cells rows."""
    rule = catalogue.rules_by_id()[NON_NEGATIVE_RULE]
    structure = "warehouse/ddl/001_tables.sql (fact_cells)"
    key = ["report_id", "table_code", "row_code", "col_code"]
    return _suite(
        "fact_cells",
        "fact_cells: one row per extracted cell, long form",
        [
            *(_not_null(c, structure) for c in [*key, "year", "raw"]),
            _expect("expect_column_values_to_be_in_set", structure, column="table_code", value_set=TABLE_CODES),
            _expect("expect_column_values_to_be_in_set", structure, column="era", value_set=list(spec.ERAS)),
            _expect(
                "expect_column_values_to_be_between",
                structure,
                column="year",
                min_value=FIRST_YEAR,
                max_value=LAST_YEAR,
            ),
            _expect("expect_compound_columns_to_be_unique", structure, column_list=key),
            # t3 and t4 hold counts only; t2 too, except the signed gov2019 本年增/减.
            _expect(
                "expect_column_values_to_be_between",
                rule,
                column="value",
                min_value=0,
                row_condition=_cmp("table_code", "IN", [t for t in GRID_TABLES if t != "t2"]),
            ),
            _expect(
                "expect_column_values_to_be_between",
                rule,
                column="value",
                min_value=0,
                row_condition=_and(_cmp("table_code", "==", "t2"), _cmp("col_code", "NOT_IN", T2_SIGNED_COLS)),
            ),
        ],
    )


def _suite(name: str, about: str, expectations: list[dict[str, Any]]) -> dict[str, Any]:
    sources = ["expectations/rule_catalogue.yaml", "expectations/annual-report-spec.yaml"]
    meta = {"about": about, "generated_by": "python -m expectations.gx_suites", "sources": sources}
    return {"name": name, "expectations": expectations, "meta": meta}


def _expect(kind: str, why: catalogue.Rule | str, **kwargs: Any) -> dict[str, Any]:
    """Return one expectation; `why` is its catalogue rule, or the contract it guards."""
    if isinstance(why, catalogue.Rule):
        meta = {"rule_id": why.id, "statute": why.statute, "formula": why.formula}
        severity = _GX_SEVERITY[why.severity]
    else:
        meta, severity = {"contract": why}, "critical"
    return {"type": kind, "kwargs": kwargs, "meta": meta, "severity": severity}


def _not_null(column: str, why: str) -> dict[str, Any]:
    return _expect("expect_column_values_to_not_be_null", why, column=column)


def _cmp(column: str, operator: str, parameter: Any) -> dict[str, Any]:
    """Serialised GX 1.9+ ComparisonCondition (string row conditions are deprecated)."""
    return {"type": "comparison", "column": {"name": column}, "operator": operator, "parameter": parameter}


def _and(*conditions: dict[str, Any]) -> dict[str, Any]:
    return {"type": "and", "conditions": list(conditions)}


@functools.cache
def _context() -> Any:
    """Return one ephemeral GX context per process: nothing written to disk, no progress bars."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    # The import builds ~300,000 long-lived objects; the collector's full passes over them
    # during it found nothing and took a quarter of its 2.3 s of CPU, paid once per run.
    with collector_paused(), deferred(GX_UNUSED_MODULES):
        import great_expectations as gx  # paid only when GX runs
        from great_expectations.data_context.types.base import ProgressBarsConfig

        ctx = gx.get_context(mode="ephemeral")
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    return ctx


@functools.cache
def _gx_suite(name: str) -> Any:
    """Return the committed suite `name` registered in the ephemeral context."""
    import great_expectations as gx

    return _context().suites.add(gx.ExpectationSuite(**load_suite(name)))


def _failing_rows(frame: pd.DataFrame, res: Any) -> list[dict[str, Any]]:
    """Return the rows one failed expectation flagged, or one row saying why it failed."""
    tag = {
        "failed_expectation": res.expectation_config.type,
        "failed_rule": res.expectation_config.meta.get("rule_id"),
    }
    index = res.result.get("unexpected_index_list") or []
    if index:
        records = frame.loc[index].to_dict("records")
        return [{**{str(k): _plain(v) for k, v in r.items()}, **tag} for r in records]
    # Table-level expectations and expectations that raised have no rows to point at.
    errors = _exception_messages(res.exception_info or {})
    detail = "; ".join(errors) if errors else res.result.get("observed_value")
    return [{**tag, "detail": None if detail is None else str(detail)}]


def _plain(value: Any) -> Any:
    """Return None for pandas' missing markers (NaN, NA, NaT) so rows serialise cleanly."""
    return None if pd.api.types.is_scalar(value) and pd.isna(value) else value


def _exception_messages(info: dict[str, Any]) -> list[str]:
    """Return the messages of an expectation's exceptions.

    GX 1.x gives either one flat dict or, when a metric raised, a dict of ExceptionInfo
    objects keyed by metric id.
    """
    if info.get("raised_exception"):
        return [str(info.get("exception_message"))]
    messages = {str(e.exception_message) for e in info.values() if getattr(e, "raised_exception", False)}
    return sorted(messages)


def main() -> None:
    """Regenerate expectations/suites/*.json from the catalogue and the spec."""
    for path in write_suites():
        print(path)  # a CLI entry point: the paths written are its output


if __name__ == "__main__":
    main()
