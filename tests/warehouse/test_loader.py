"""warehouse.loader: DDL, replace_year's transaction, identity terms and the views."""

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest

from pipeline import PARSER_VERSION, catalogue, frames, spec
from warehouse import gx_inputs, loader

TABLES = ["reports", "sections", "fact_cells", "unread_cells", "findings", "rule_results", "quarantine"]


def sha(name: str) -> str:
    """Return a deterministic sha256 for a fake input file."""
    return hashlib.sha256(name.encode()).hexdigest()


def report(name: str, year: int | None, era: str | None = "gov2021", status: str = "parsed") -> dict[str, Any]:
    """Return one REPORTS_SCHEMA row for the fake file `name`."""
    return {
        "report_id": sha(name)[:16],
        "source": f"{name}.txt",
        "sha256": sha(name),
        "year": year,
        "agency": None if year is None else f"agency {name}",
        "era": era,
        "status": status,
        "reason": "undecodable" if status == "rejected" else "",
        "n_cells": 0,
        "n_missing": 0,
        "parser_version": PARSER_VERSION,
    }


def cells(name: str, year: int | None, era: str, values: dict[tuple[str, str, str], float | None]) -> pl.DataFrame:
    """Return CELLS_SCHEMA rows of one report from {(table, row, col): value}."""
    rows = [
        {
            "report_id": sha(name)[:16],
            "year": year,
            "agency": f"agency {name}",
            "era": era,
            "table_code": t,
            "row_code": r,
            "col_code": c,
            "value": v,
            "raw": "" if v is None else str(int(v)),
            "line": i + 1,
            "unit": None,
            "origin": "table",
        }
        for i, ((t, r, c), v) in enumerate(values.items())
    ]
    return pl.DataFrame(rows, schema=frames.CELLS_SCHEMA)


def t3_grid(era: str, single_other: bool = False) -> dict[tuple[str, str, str], float | None]:
    """Return a t3 grid satisfying every identity: each result leaf is 1 per applicant type."""
    rows = spec.t3_rows(era, single_other)
    results = spec.results_rows(rows, era)
    applicants = [c for c in spec.t3_cols() if c != "total"]
    grid: dict[tuple[str, str, str], float | None] = {}
    for row in rows:
        per_col = {
            "new_received": float(len(results)),
            "total_handled": float(len(results)),
            "carried_in": 0.0,
            "carried_out": 0.0,
        }.get(row, 1.0)
        for col in applicants:
            grid["t3", row, col] = per_col
        grid["t3", row, "total"] = per_col * len(applicants)
    return grid


def t4_grid() -> dict[tuple[str, str, str], float | None]:
    """Return a consistent t4 row: upheld 1, corrected 2, other 0, pending 1, total 4."""
    parts = {"upheld": 1.0, "corrected": 2.0, "other": 0.0, "pending": 1.0, "total": 4.0}
    return {("t4", "cases", col): parts[col.split(".")[1]] for col in spec.t4_cols()}


def empty(schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Return a typed frame with no rows."""
    return pl.DataFrame(schema=schema)


def finding(name: str, year: int | None, rule_id: str | None = "t3.balance") -> dict[str, Any]:
    """Return one FINDINGS_SCHEMA row."""
    return {
        "report_id": sha(name)[:16],
        "year": year,
        "agency": None,
        "rule_id": rule_id,
        "severity": "error",
        "status": "fail",
        "scope": "total",
        "message": "new_received + carried_in != total_handled + carried_out",
        "expected": 10.0,
        "actual": 9.0,
        "cells": "[]",
        "lines": "",
    }


def load(con: duckdb.DuckDBPyConnection, year: int, run_id: str = "run-1", **given: pl.DataFrame) -> dict[str, int]:
    """Call replace_year with empty frames for whatever `given` leaves out."""
    defaults = {
        "reports": empty(frames.REPORTS_SCHEMA),
        "sections": empty(frames.SECTIONS_SCHEMA),
        "cells": empty(frames.CELLS_SCHEMA),
        "findings": empty(frames.FINDINGS_SCHEMA),
        "rule_results": empty(frames.RULE_RESULTS_SCHEMA),
    }
    return loader.replace_year(con, year, run_id=run_id, **(defaults | given))


def snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[Any, ...]]]:
    """Return every table's rows, sorted, for before/after comparisons."""
    return {t: sorted(con.sql(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}


def year_2021(con: duckdb.DuckDBPyConnection, run_id: str = "run-1") -> dict[str, int]:
    """Load a small 2021: one gov2021 report with t3 + t4, one finding, one rejected file."""
    reps = pl.DataFrame(
        [report("a", 2021), report("junk", None, era=None, status="rejected")], schema=frames.REPORTS_SCHEMA
    )
    sections = pl.DataFrame(
        [{"report_id": sha("a")[:16], "year": 2021, "section_code": "overview", "line": 1}],
        schema=frames.SECTIONS_SCHEMA,
    )
    rules = pl.DataFrame(
        [
            {
                "report_id": sha("a")[:16],
                "year": 2021,
                "agency": "agency a",
                "rule_id": "t3.balance",
                "status": "fail",
            }
        ],
        schema=frames.RULE_RESULTS_SCHEMA,
    )
    return load(
        con,
        2021,
        run_id,
        reports=reps,
        sections=sections,
        cells=cells("a", 2021, "gov2021", t3_grid("gov2021") | t4_grid()),
        findings=pl.DataFrame([finding("a", 2021)], schema=frames.FINDINGS_SCHEMA),
        rule_results=rules,
        unread=pl.DataFrame(
            [
                {
                    "report_id": sha("a")[:16],
                    "year": 2021,
                    "agency": "agency a",
                    "table_code": "t2",
                    "row_code": "regulations",
                    "col_code": "issued",
                    "reason": "glued digits can be split in more than one way",
                    "line": 40,
                }
            ],
            schema=frames.UNREAD_SCHEMA,
        ),
    )


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield an in-memory warehouse with the DDL applied."""
    connection = loader.connect(":memory:")
    loader.apply_ddl(connection)
    yield connection
    connection.close()


def test_apply_ddl_is_idempotent(con: duckdb.DuckDBPyConnection) -> None:
    year_2021(con)
    before = snapshot(con)
    terms = con.sql("SELECT count(*) FROM identity_terms").fetchall()
    loader.apply_ddl(con)
    assert snapshot(con) == before
    assert con.sql("SELECT count(*) FROM identity_terms").fetchall() == terms
    names = {r[0] for r in con.sql("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {
        *TABLES,
        "identity_terms",
        "v_t3_wide",
        "v_t4_wide",
        "v_rule_pass_rate",
        "v_identity_diffs",
    } <= names


def test_apply_ddl_on_a_current_database_writes_nothing(tmp_path: Path) -> None:
    # Every warehouse step applies the DDL first; on a current file that must not be a write.
    path = tmp_path / "warehouse.duckdb"
    with loader.connect(path) as first:
        loader.apply_ddl(first)
        assert loader.applied_digest(first) == loader.ddl_digest()
        stamped = first.sql("SELECT applied_at FROM schema_state").fetchall()
    with loader.connect(path) as again:
        loader.apply_ddl(again)
        assert again.sql("SELECT applied_at FROM schema_state").fetchall() == stamped
        assert again.sql("SELECT count(*) FROM duckdb_views() WHERE view_name LIKE 'v_%'").fetchall() != [(0,)]
    assert not path.with_name(path.name + ".wal").exists()  # nothing left to checkpoint


def test_apply_ddl_reapplies_when_its_sources_change(
    con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    con.execute("DROP VIEW v_t3_wide")
    loader.apply_ddl(con)  # same sources: the drop stays
    assert con.sql("SELECT count(*) FROM duckdb_views() WHERE view_name = 'v_t3_wide'").fetchall() == [(0,)]
    monkeypatch.setattr(loader, "ddl_digest", lambda: "a newer schema")
    loader.apply_ddl(con)
    assert con.sql("SELECT count(*) FROM duckdb_views() WHERE view_name = 'v_t3_wide'").fetchall() == [(1,)]
    assert loader.applied_digest(con) == "a newer schema"


def test_the_digest_covers_every_ddl_and_view_file_and_the_identity_terms(
    monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    request.addfinalizer(loader.ddl_digest.cache_clear)  # the next caller computes the real digest again
    before = loader.ddl_digest()
    real_sql, terms = loader.sql, loader.identity_terms_frame()
    monkeypatch.setattr(loader, "sql", lambda name: real_sql(name) + (" " if name == "views/v_t4_wide" else ""))
    loader.ddl_digest.cache_clear()
    assert loader.ddl_digest() != before
    monkeypatch.setattr(loader, "sql", real_sql)
    monkeypatch.setattr(loader, "identity_terms_frame", lambda: terms.head(len(terms) - 1))
    loader.ddl_digest.cache_clear()
    assert loader.ddl_digest() != before


def test_fail_rates_of_other_years_leave_the_year_and_the_unassessable_out(con: duckdb.DuckDBPyConnection) -> None:
    results = [
        ("a", 2019, "t2.fee_unit", "pass"),
        ("b", 2019, "t2.fee_unit", "fail"),
        ("c", 2020, "t2.fee_unit", "pass"),
        ("d", 2021, "t2.fee_unit", "fail"),  # the year asked about
        ("e", 2020, "t3.balance", "not_assessable"),  # no rate: nothing was assessable
    ]
    for report_id, year, rule_id, status in results:
        con.execute(
            "INSERT INTO rule_results (report_id, year, agency, rule_id, status) VALUES (?, ?, '某区', ?, ?)",
            [report_id, year, rule_id, status],
        ).fetchall()

    assert loader.fail_rates_of_other_years(con, 2021) == {"t2.fee_unit": [0.5, 0.0]}
    assert loader.fail_rates_of_other_years(con, 2019) == {"t2.fee_unit": [0.0, 1.0]}


def test_identity_terms_come_from_the_catalogue() -> None:
    terms = loader.identity_terms_frame()
    identity_rules = {r.id for r in catalogue.load_catalogue() if r.identity is not None}
    assert set(terms["rule_id"]) == identity_rules
    assert set(terms["variant"]) == {"gov2021", "gov2019", "gov2021_single_other"}
    t4 = terms.filter(pl.col("table_code") == "t4").drop("variant").unique().sort(pl.all())
    for variant in ("gov2021", "gov2019", "gov2021_single_other"):
        mine = terms.filter((pl.col("table_code") == "t4") & (pl.col("variant") == variant)).drop("variant")
        assert mine.sort(pl.all()).equals(t4)
    single = set(terms.filter(pl.col("variant") == "gov2021_single_other")["row_code"])
    assert "other" in single
    assert not any(r.startswith("other.") for r in single)


def test_view_columns_follow_the_spec(con: duckdb.DuckDBPyConnection) -> None:
    t3 = con.sql("SELECT * FROM v_t3_wide").columns
    t4 = con.sql("SELECT * FROM v_t4_wide").columns
    assert t3[5:] == spec.t3_cols()
    assert t4[4:] == [c.replace(".", "__") for c in spec.t4_cols()]


def test_replace_year_counts_and_lineage(con: duckdb.DuckDBPyConnection) -> None:
    counts = year_2021(con, run_id="run-7")
    n_cells = len(t3_grid("gov2021")) + len(spec.t4_cols())
    assert counts == {
        "reports": 2,
        "sections": 1,
        "fact_cells": n_cells,
        "unread_cells": 1,
        "findings": 1,
        "rule_results": 1,
        "quarantine": 1,
    }
    for table in ("reports", "fact_cells", "findings", "rule_results"):
        lineage = con.sql(f"SELECT DISTINCT run_id, parser_version FROM {table}").fetchall()
        assert lineage == [("run-7", PARSER_VERSION)]
    leftovers = con.sql("SELECT count(*) FROM duckdb_views() WHERE view_name LIKE 'incoming_%'").fetchall()
    assert leftovers == [(0,)]


def test_replace_year_twice_gives_identical_tables(con: duckdb.DuckDBPyConnection) -> None:
    year_2021(con)
    first = snapshot(con)
    year_2021(con)
    assert snapshot(con) == first


def test_replace_year_leaves_other_years_alone(con: duckdb.DuckDBPyConnection) -> None:
    year_2021(con)
    load(con, 2022, reports=pl.DataFrame([report("b", 2022)], schema=frames.REPORTS_SCHEMA))
    load(con, 2021, reports=pl.DataFrame([report("c", 2021)], schema=frames.REPORTS_SCHEMA))
    kept = con.sql("SELECT source, year FROM reports ORDER BY source").fetchall()
    # The rejected file has no year: it stays until a load brings it again.
    assert kept == [("b.txt", 2022), ("c.txt", 2021), ("junk.txt", None)]
    assert con.sql("SELECT count(*) FROM fact_cells").fetchall() == [(0,)]


def test_rejected_files_are_upserted_by_sha256_and_quarantined(con: duckdb.DuckDBPyConnection) -> None:
    year_2021(con, run_id="run-1")
    seen = con.sql("SELECT first_seen FROM quarantine").fetchall()
    year_2021(con, run_id="run-2")
    assert con.sql("SELECT count(*) FROM reports WHERE year IS NULL").fetchall() == [(1,)]
    assert con.sql("SELECT sha256, reason, run_id FROM quarantine").fetchall() == [
        (sha("junk"), "undecodable", "run-2")
    ]
    assert con.sql("SELECT first_seen FROM quarantine").fetchall() == seen
    # A later parser reads the file after all: it leaves quarantine.
    load(con, 2021, reports=pl.DataFrame([report("junk", 2021)], schema=frames.REPORTS_SCHEMA))
    assert con.sql("SELECT count(*) FROM quarantine").fetchall() == [(0,)]
    assert con.sql("SELECT source, year FROM reports").fetchall() == [("junk.txt", 2021)]


def test_failing_write_keeps_the_previous_rows(con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch) -> None:
    year_2021(con)
    before = snapshot(con)
    real_run = loader._run

    def run_then_fail(c: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None) -> int:
        # Fail after the deletes and the first inserts have run inside the transaction.
        if name == "load/insert_findings":
            raise RuntimeError("disk full")
        return real_run(c, name, params)

    monkeypatch.setattr(loader, "_run", run_then_fail)
    with pytest.raises(RuntimeError, match="disk full"):
        load(con, 2021, reports=pl.DataFrame([report("z", 2021)], schema=frames.REPORTS_SCHEMA))
    monkeypatch.undo()
    assert snapshot(con) == before
    # The connection is usable again: no transaction left open, no view left registered.
    year_2021(con)
    assert snapshot(con) == before


def test_constraint_violation_rolls_back(con: duckdb.DuckDBPyConnection) -> None:
    year_2021(con)
    before = snapshot(con)
    bad = pl.DataFrame([finding("a", 2021, rule_id=None)], schema=frames.FINDINGS_SCHEMA)
    with pytest.raises(duckdb.ConstraintException):
        load(con, 2021, reports=pl.DataFrame([report("a", 2021)], schema=frames.REPORTS_SCHEMA), findings=bad)
    assert snapshot(con) == before


def test_rows_of_another_year_are_refused(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(ValueError, match=r"fact_cells has rows of year\(s\) \[2020\]"):
        load(con, 2021, cells=cells("a", 2020, "gov2021", t4_grid()))
    with pytest.raises(ValueError, match="lacks column"):
        load(con, 2021, reports=pl.DataFrame({"report_id": ["x"]}))
    assert all(rows == [] for rows in snapshot(con).values())


def test_int32_year_is_accepted(con: duckdb.DuckDBPyConnection) -> None:
    # pl.lit(2021) is Int32; the loader casts to the frame contract rather than failing.
    reps = pl.DataFrame([report("a", 2021)], schema=frames.REPORTS_SCHEMA).with_columns(pl.lit(2021).alias("year"))
    assert load(con, 2021, reports=reps)["reports"] == 1


def test_identity_diffs_statuses_and_variants(con: duckdb.DuckDBPyConnection) -> None:
    broken = t3_grid("gov2021") | t4_grid()
    broken["t3", "granted", "total"] = 99.0  # breaks t3.row_total(granted) and t3.results_sum(total)
    broken["t4", "cases", "suit_direct.pending"] = None  # printed 「/」: not assessable
    reps = [report(n, 2021, era) for n, era in [("ok", "gov2021"), ("bad", "gov2021"), ("one", "gov2021")]]
    reps += [report("old", 2021, "gov2019"), report("pre", 2021, "pre2019")]
    frame = pl.concat(
        [
            cells("ok", 2021, "gov2021", t3_grid("gov2021") | t4_grid()),
            cells("bad", 2021, "gov2021", broken),
            cells("one", 2021, "gov2021", t3_grid("gov2021", single_other=True) | t4_grid()),
            cells("old", 2021, "gov2019", t3_grid("gov2019") | t4_grid()),
            cells("pre", 2021, "pre2019", {("legacy", "requests_received", "value"): 5.0}),
        ]
    )
    load(con, 2021, reports=pl.DataFrame(reps, schema=frames.REPORTS_SCHEMA), cells=frame)
    diffs = loader.identity_diffs(con, 2021)
    by_report = diffs.groupby("report_id")
    variants = {rid: g["variant"].iloc[0] for rid, g in by_report}
    assert variants == {
        sha("ok")[:16]: "gov2021",
        sha("bad")[:16]: "gov2021",
        sha("one")[:16]: "gov2021_single_other",
        sha("old")[:16]: "gov2019",
    }
    for name in ("ok", "one", "old"):
        assert set(diffs[diffs.report_id == sha(name)[:16]]["status"]) == {"pass"}
    bad = diffs[diffs.report_id == sha("bad")[:16]]
    failing = bad[bad.status == "fail"][["rule_id", "scope", "diff"]].to_records(index=False).tolist()
    assert sorted(failing) == [("t3.results_sum", "total", -93.0), ("t3.row_total", "granted", 93.0)]
    na = bad[bad.status == "not_assessable"].iloc[0]
    assert (na.rule_id, na.scope, na.n_terms, na.n_present) == ("t4.group_total", "suit_direct", 5, 4)
    assert na["diff"] != na["diff"]  # NaN: no diff for a partial equation


def test_identity_diffs_of_a_report_whose_year_could_not_be_read(con: duckdb.DuckDBPyConnection) -> None:
    # The view joins a report's cells by year, and a NULL year never equals another.
    broken = t3_grid("gov2021") | t4_grid()
    broken["t3", "granted", "total"] = 99.0
    frame = pl.concat(
        [cells("dated", 2021, "gov2021", t3_grid("gov2021") | t4_grid()), cells("undated", None, "gov2021", broken)]
    )
    reps = pl.DataFrame([report("dated", 2021), report("undated", None)], schema=frames.REPORTS_SCHEMA)
    load(con, 2021, reports=reps, cells=frame)
    undated = con.sql("SELECT * FROM v_identity_diffs WHERE year IS NULL").pl()
    assert set(undated["report_id"]) == {sha("undated")[:16]}
    assert undated["n_present"].to_list() == undated["n_terms"].to_list()
    failing = undated.filter(pl.col("status") == "fail").select("rule_id", "scope", "diff").sort("rule_id").rows()
    assert failing == [("t3.results_sum", "total", -93.0), ("t3.row_total", "granted", 93.0)]
    assert set(loader.identity_diffs(con, 2021)["status"]) == {"pass"}


def test_wide_views_and_pass_rate(con: duckdb.DuckDBPyConnection) -> None:
    year_2021(con)
    wide = con.sql("SELECT * FROM v_t3_wide WHERE row_code = 'granted'").pl()
    assert wide.select(spec.t3_cols()).row(0) == (1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 6.0)
    assert con.sql("SELECT review__total, suit_after_review__upheld FROM v_t4_wide").fetchall() == [(4.0, 1.0)]
    rules = pl.DataFrame(
        [
            {"report_id": sha(n)[:16], "year": 2022, "agency": None, "rule_id": "t3.balance", "status": s}
            for n, s in [("p", "pass"), ("q", "pass"), ("r", "fail"), ("s", "not_assessable")]
        ],
        schema=frames.RULE_RESULTS_SCHEMA,
    )
    load(con, 2022, rule_results=rules)
    rate = con.sql("SELECT * FROM v_rule_pass_rate WHERE year = 2022").fetchall()
    assert rate == [(2022, "t3.balance", 2, 1, 1, pytest.approx(2 / 3))]


def test_warehouse_file_survives_reconnect(tmp_path: Path) -> None:
    path = tmp_path / "warehouse.duckdb"
    first = loader.connect(path)
    loader.apply_ddl(first)
    year_2021(first)
    expected = snapshot(first)
    first.close()
    again = loader.connect(path)
    assert snapshot(again) == expected
    again.close()


def test_gx_inputs_split_a_year_by_whole_reports(
    con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    names = ["a", "b", "c", "d", "e", "f"]
    reps = pl.DataFrame([report(n, 2021) for n in names], schema=frames.REPORTS_SCHEMA)
    grid = t3_grid("gov2021") | t4_grid()
    load(con, 2021, reports=reps, cells=pl.concat([cells(n, 2021, "gov2021", grid) for n in names]))
    counts = gx_inputs.write_inputs(con, 2021, tmp_path / "whole")
    whole = list(gx_inputs.read_parts(tmp_path / "whole", "fact_cells", 2021))
    monkeypatch.setattr(gx_inputs, "GX_PART_ROWS", len(grid))  # one report's cells per part, on average
    gx_inputs.write_inputs(con, 2021, tmp_path / "parts")
    parts = list(gx_inputs.read_parts(tmp_path / "parts", "fact_cells", 2021))

    assert len(whole) == 1
    assert counts["fact_cells"] == len(whole[0]) == len(names) * len(grid)
    # Six parts by a hash of the report id; a part the hash leaves empty is not written.
    assert 1 < len(parts) <= len(names)
    assert all(len(p) for p in parts)
    seen = [set(p["report_id"]) for p in parts]
    assert sum(len(s) for s in seen) == len(set().union(*seen)) == len(names)  # each report in exactly one part
    assert sum(len(p) for p in parts) == len(whole[0])
    assert sorted(gx_inputs.read_names(tmp_path / "whole", 2021)["report_id"]) == sorted(reps["report_id"])


def test_derived_suite_rows_are_the_view_on_the_warehouse(
    con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # v_identity_diffs is not written: it is evaluated off the lock from the rows written for
    # it, and must give the rows the warehouse gives, split by whole reports.
    names = ["a", "b", "c", "d"]
    grid = t3_grid("gov2021") | t4_grid()
    bad = next(k for k in grid if k[0] == "t3")
    reps = pl.DataFrame([report(n, 2021) for n in names], schema=frames.REPORTS_SCHEMA)
    year_cells = [cells(n, 2021, "gov2021", grid | ({bad: 7.0} if n == "a" else {})) for n in names]
    load(con, 2021, reports=reps, cells=pl.concat(year_cells))
    expected = pl.from_pandas(loader.identity_diffs(con, 2021))
    monkeypatch.setattr(gx_inputs, "GX_PART_ROWS", expected.height // len(names))
    counts = gx_inputs.write_inputs(con, 2021, tmp_path)

    with gx_inputs.derived(tmp_path, 2021) as mem:
        parts = [pl.from_pandas(p) for p in gx_inputs.derived_parts(mem, "warehouse_identities")]

    assert "warehouse_identities" not in counts
    assert not (tmp_path / "2021" / "warehouse_identities").exists()
    assert len(parts) > 1
    assert all(isinstance(p.schema[c], pl.Categorical) for p in parts for c in ("report_id", "rule_id", "status"))
    seen = [set(p["report_id"]) for p in parts]
    assert sum(len(s) for s in seen) == len(set().union(*seen)) == len(names)  # each report in exactly one part
    got = pl.concat([p.with_columns(pl.col(pl.Categorical).cast(pl.String)) for p in parts])
    assert got.schema == expected.schema
    assert sorted(got.rows()) == sorted(expected.rows())
    assert "fail" in set(got["status"])


def test_gx_suites_read_the_parts_and_name_the_failing_cells(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    # The parts are read as pandas Categoricals for speed: GX must still see every value.
    from expectations import gx_suites

    grid = t3_grid("gov2021") | t4_grid()
    bad = next(k for k in grid if k[0] == "t3")
    reps = pl.DataFrame([report(n, 2021) for n in ("a", "b")], schema=frames.REPORTS_SCHEMA)
    load(
        con,
        2021,
        reports=reps,
        cells=pl.concat([cells("a", 2021, "gov2021", grid | {bad: -2.0}), cells("b", 2021, "gov2021", grid)]),
    )
    gx_inputs.write_inputs(con, 2021, tmp_path)

    [part] = list(gx_inputs.read_parts(tmp_path, "fact_cells", 2021))
    outcome = gx_suites.run_suite("fact_cells", part)

    assert not outcome.success
    assert outcome.failed == 1
    [row] = outcome.failing_rows
    assert (row["report_id"], row["table_code"], row["row_code"], row["col_code"], row["value"]) == (
        sha("a")[:16],
        *bad,
        -2.0,
    )
    assert row["failed_rule"] == "cells.non_negative_integer"


def test_gx_inputs_of_a_year_are_replaced_whole(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    grid = t3_grid("gov2021") | t4_grid()
    for names in (["a", "b", "c"], ["d"]):
        reps = pl.DataFrame([report(n, 2021) for n in names], schema=frames.REPORTS_SCHEMA)
        load(con, 2021, reports=reps, cells=pl.concat([cells(n, 2021, "gov2021", grid) for n in names]))
        gx_inputs.write_inputs(con, 2021, tmp_path)

    frames_read = list(gx_inputs.read_parts(tmp_path, "fact_cells", 2021))
    assert {r for f in frames_read for r in f["report_id"]} == {reps["report_id"][0]}
    assert [p.name for p in tmp_path.iterdir()] == ["2021"]  # no temporary folder left behind


def test_gx_inputs_missing_name_the_year_to_load(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="materialise warehouse_gx_inputs for 2030"):
        list(gx_inputs.read_parts(tmp_path, "fact_cells", 2030))


def test_a_warehouse_file_is_opened_with_a_memory_limit(tmp_path: Path) -> None:
    # DuckDB's default (80% of RAM) would let two year runs at once exceed the 2 GiB budget.
    con = loader.connect(tmp_path / "warehouse.duckdb")
    limit = con.sql("SELECT current_setting('memory_limit')").fetchone()
    con.close()

    assert limit is not None
    assert limit[0] in {"512.0 MiB", "488.2 MiB"}


def test_unread_cells_are_counted_by_kind_of_reason(con: duckdb.DuckDBPyConnection) -> None:
    year_2021(con)
    con.execute(
        "INSERT INTO unread_cells (report_id, year, table_code, row_code, col_code, reason) VALUES"
        " ('b', 2021, 't3', 'granted', 'total', '2 values where the row has 7 columns'),"
        " ('c', 2021, 't3', 'granted', 'other_org', '3 values where the row has 7 columns')"
    ).fetchall()
    rows = con.sql("SELECT table_code, reason, n_cells, n_reports FROM v_unread_by_reason ORDER BY ALL").fetchall()
    assert rows == [
        ("t2", "glued digits can be split in more than one way", 1, 1),
        ("t3", "N values where the row has N columns", 2, 2),
    ]
