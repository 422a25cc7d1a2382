"""warehouse.cross_year: carry-over, in-force roll and copy-paste between two years of one agency."""

import hashlib
import json
from collections.abc import Iterator
from typing import Any

import duckdb
import polars as pl
import pytest

from pipeline import frames, spec
from warehouse import cross_year, loader

Key = tuple[str, str, str]
Grid = dict[Key, float | None]


def report_id(name: str, year: int) -> str:
    return hashlib.sha256(f"{name}/{year}".encode()).hexdigest()[:16]


def full_grid(seed: float = 0.0) -> Grid:
    """Every gov2021 t2/t3/t4 cell; `seed` in new_received and t2 licensing makes years differ."""
    grid: Grid = dict.fromkeys(spec.t2_keys("gov2021"), 0.0)
    grid.update({("t3", r, c): 0.0 for r in spec.t3_rows("gov2021") for c in spec.t3_cols()})
    grid.update({("t4", "cases", c): 0.0 for c in spec.t4_cols()})
    grid["t2", "licensing", "decisions"] = 100.0 + seed
    return grid


class Warehouse:
    """An in-memory warehouse loaded year by year through loader.replace_year."""

    def __init__(self) -> None:
        self.con = duckdb.connect(":memory:")
        loader.apply_ddl(self.con)
        self.reports: dict[int, list[dict[str, Any]]] = {}
        self.cells: dict[int, list[dict[str, Any]]] = {}

    def add(
        self, name: str, year: int, agency: str | None, grid: Grid, era: str = "gov2021", n_missing: int = 0
    ) -> str:
        rid = report_id(name, year)
        self.reports.setdefault(year, []).append(
            {
                "report_id": rid,
                "source": f"{name}-{year}.txt",
                "sha256": hashlib.sha256(f"{name}/{year}".encode()).hexdigest(),
                "year": year,
                "agency": agency,
                "era": era,
                "status": "partial" if n_missing else "parsed",
                "reason": "",
                "n_cells": len(grid),
                "n_missing": n_missing,
                "parser_version": "test",
            }
        )
        self.cells.setdefault(year, []).extend(
            {
                "report_id": rid,
                "year": year,
                "agency": agency,
                "era": era,
                "table_code": t,
                "row_code": r,
                "col_code": c,
                "value": v,
                "raw": "" if v is None else str(int(v)),
                "line": None if v is None else 10 + i,
                "unit": None,
                "origin": "table",
            }
            for i, ((t, r, c), v) in enumerate(grid.items())
        )
        return rid

    def load(self, year: int) -> None:
        """Replace `year` with its reports, plus one within-report finding that must survive."""
        reports = pl.DataFrame(self.reports.get(year, []), schema=frames.REPORTS_SCHEMA)
        within = reports.select("report_id", "year", "agency").with_columns(
            rule_id=pl.lit("t3.balance"), status=pl.lit("pass")
        )
        loader.replace_year(
            self.con,
            year,
            reports=reports,
            sections=pl.DataFrame(schema=frames.SECTIONS_SCHEMA),
            cells=pl.DataFrame(self.cells.get(year, []), schema=frames.CELLS_SCHEMA),
            findings=pl.DataFrame(schema=frames.FINDINGS_SCHEMA),
            rule_results=within,
            run_id=f"load-{year}",
        )

    def evaluate(self, year: int) -> dict[str, int]:
        return cross_year.evaluate_cross_year(self.con, year, run_id=f"cross-{year}")

    def status(self, rid: str, rule: str) -> str:
        rows = self.con.sql(
            "SELECT status FROM rule_results WHERE report_id = $r AND rule_id = $rule", params={"r": rid, "rule": rule}
        ).fetchall()
        assert len(rows) == 1, rows
        return str(rows[0][0])

    def findings(self, rid: str, rule: str) -> list[dict[str, Any]]:
        frame = self.con.sql(
            "SELECT * FROM findings WHERE report_id = $r AND rule_id = $rule ORDER BY scope",
            params={"r": rid, "rule": rule},
        ).pl()
        return list(frame.iter_rows(named=True))

    def cross_rows(self) -> list[tuple[Any, ...]]:
        """Every stored cross-year row, without the run id (which differs between runs)."""
        results = self.con.sql(
            "SELECT report_id, year, rule_id, status FROM rule_results WHERE rule_id LIKE 'cross_year.%' ORDER BY ALL"
        ).fetchall()
        found = self.con.sql(
            "SELECT report_id, year, rule_id, status, scope, message, expected, actual, cells, lines FROM findings "
            "WHERE rule_id LIKE 'cross_year.%' ORDER BY ALL"
        ).fetchall()
        return [*results, *found]


def carry(out: float | None = None, into: float | None = None) -> Grid:
    """A t3 grid with `out` carried out and `into` carried in, by natural persons."""
    grid = full_grid()
    if out is not None:
        grid["t3", "carried_out", "natural_person"] = grid["t3", "carried_out", "total"] = out
    if into is not None:
        grid["t3", "carried_in", "natural_person"] = grid["t3", "carried_in", "total"] = into
    return grid


def normative(grid: Grid, issued: float | None, repealed: float | None, in_force: float | None) -> Grid:
    grid["t2", "normative_docs", "issued"] = issued
    grid["t2", "normative_docs", "repealed"] = repealed
    grid["t2", "normative_docs", "in_force"] = in_force
    return grid


@pytest.fixture
def wh() -> Iterator[Warehouse]:
    warehouse = Warehouse()
    yield warehouse
    warehouse.con.close()


def load_both(wh: Warehouse) -> None:
    wh.load(2021)
    wh.load(2022)
    wh.evaluate(2021)
    wh.evaluate(2022)


# ------------------------------------------------------------------------------ carry_over


def test_carry_over_passes_when_carried_in_equals_last_years_carried_out(wh: Warehouse) -> None:
    wh.add("a", 2021, "平潭综合实验区公安局", carry(out=1))
    rid = wh.add("a", 2022, "平潭综合实验区公安局", carry(into=1))
    load_both(wh)
    assert wh.status(rid, "cross_year.carry_over") == "pass"
    assert wh.findings(rid, "cross_year.carry_over") == []


def test_carry_over_fails_per_column_with_both_years_cells(wh: Warehouse) -> None:
    prev = wh.add("b", 2021, "昆都仑区人民政府", carry(out=4))
    rid = wh.add("b", 2022, "昆都仑区", carry(into=3))
    load_both(wh)
    assert wh.status(rid, "cross_year.carry_over") == "fail"
    found = wh.findings(rid, "cross_year.carry_over")
    assert [f["scope"] for f in found] == ["natural_person", "total"]
    total = found[1]
    assert (total["status"], total["expected"], total["actual"], total["severity"]) == ("fail", 4.0, 3.0, "warning")
    assert "2022年 上年结转（总计）3" in total["message"]
    assert "2021年报告（昆都仑区人民政府）结转下年度 4" in total["message"]
    cells = json.loads(total["cells"])
    assert {(c["year"], c["report_id"], c["row"], c["col"], c["value"]) for c in cells} == {
        (2022, rid, "carried_in", "total", 3.0),
        (2021, prev, "carried_out", "total", 4.0),
    }
    assert all(c["line"] is not None for c in cells)
    # `lines` are the year-N report's, like every finding's.
    assert total["lines"] == str(next(c["line"] for c in cells if c["year"] == 2022))


def test_carry_over_with_a_blank_cell_is_not_assessable(wh: Warehouse) -> None:
    wh.add("c", 2021, "东胜区", carry(out=2))
    grid = carry(into=2)
    grid["t3", "carried_in", "research"] = None
    rid = wh.add("c", 2022, "东胜区", grid)
    load_both(wh)
    assert wh.status(rid, "cross_year.carry_over") == "not_assessable"
    (found,) = wh.findings(rid, "cross_year.carry_over")
    assert (found["status"], found["scope"]) == ("not_assessable", "research")
    assert "缺失或为空" in found["message"]


# --------------------------------------------------------------------------- in_force_roll


def test_in_force_roll_passes_when_last_year_plus_issued_minus_repealed(wh: Warehouse) -> None:
    wh.add("d", 2021, "某市", normative(full_grid(1), 0, 0, 2))
    rid = wh.add("d", 2022, "某市", normative(full_grid(2), 4, 1, 5))
    load_both(wh)
    assert wh.status(rid, "cross_year.in_force_roll") == "pass"


def test_in_force_roll_fails_like_pingtan_2021_2022(wh: Warehouse) -> None:
    wh.add("e", 2021, "平潭综合实验区公安局", normative(full_grid(1), 0, 0, 2))
    rid = wh.add("e", 2022, "平潭综合实验区公安局", normative(full_grid(2), 4, 1, 7))
    load_both(wh)
    assert wh.status(rid, "cross_year.in_force_roll") == "fail"
    (found,) = wh.findings(rid, "cross_year.in_force_roll")
    assert (found["scope"], found["expected"], found["actual"]) == ("normative_docs", 5.0, 7.0)
    assert "行政规范性文件 现行有效 7 件" in found["message"]
    assert "现行有效 2" in found["message"]
    assert "+ 本年制发 4 − 本年废止 1 = 5（相差 2）" in found["message"]
    terms = {(c["year"], c["col"]): c["value"] for c in json.loads(found["cells"])}
    assert terms == {(2022, "in_force"): 7.0, (2022, "issued"): 4.0, (2022, "repealed"): 1.0, (2021, "in_force"): 2.0}


def test_in_force_roll_needs_the_2021_format_in_both_years(wh: Warehouse) -> None:
    wh.add("f", 2021, "某县", normative(full_grid(1), 0, 0, 2), era="gov2019")
    rid = wh.add("f", 2022, "某县", normative(full_grid(2), 4, 1, 7))
    load_both(wh)
    assert wh.status(rid, "cross_year.in_force_roll") == "not_assessable"
    (found,) = wh.findings(rid, "cross_year.in_force_roll")
    assert "2021版格式" in found["message"]


def test_no_roll_rule_applies_to_a_pre_2019_pair(wh: Warehouse) -> None:
    # Its cells are not even summed (evaluate_cross_year), yet each rule says why it stops.
    wh.add("p", 2021, "某乡", full_grid(1), era="pre2019")
    rid = wh.add("p", 2022, "某乡", full_grid(2), era="pre2019")
    load_both(wh)
    for rule, why in [("cross_year.carry_over", "表三仅见于"), ("cross_year.in_force_roll", "2021版格式")]:
        assert wh.status(rid, rule) == "not_assessable"
        (found,) = wh.findings(rid, rule)
        assert why in found["message"]


def test_in_force_roll_with_a_missing_cell_is_not_assessable(wh: Warehouse) -> None:
    wh.add("g", 2021, "某镇", normative(full_grid(1), 0, 0, None))
    rid = wh.add("g", 2022, "某镇", normative(full_grid(2), 4, 1, 7))
    load_both(wh)
    assert wh.status(rid, "cross_year.in_force_roll") == "not_assessable"
    (found,) = wh.findings(rid, "cross_year.in_force_roll")
    assert found["scope"] == "normative_docs"


# ----------------------------------------------------------------------------- copy_paste


def test_copy_paste_fails_when_every_table_value_is_last_years(wh: Warehouse) -> None:
    wh.add("h", 2021, "某区", full_grid(7))
    rid = wh.add("h", 2022, "某区", full_grid(7))
    load_both(wh)
    assert wh.status(rid, "cross_year.copy_paste") == "fail"
    (found,) = wh.findings(rid, "cross_year.copy_paste")
    assert found["scope"] == "t2,t3,t4"
    assert f"全部 {len(full_grid())} 个数值与2021年度报告" in found["message"]
    years = {c["year"] for c in json.loads(found["cells"])}
    assert years == {2021, 2022}


def test_copy_paste_passes_when_one_value_changed(wh: Warehouse) -> None:
    wh.add("i", 2021, "某区", full_grid(7))
    rid = wh.add("i", 2022, "某区", full_grid(8))
    load_both(wh)
    assert wh.status(rid, "cross_year.copy_paste") == "pass"


def test_copy_paste_needs_complete_tables_in_both_years(wh: Warehouse) -> None:
    wh.add("j", 2021, "某区", full_grid(7), n_missing=3)
    rid = wh.add("j", 2022, "某区", full_grid(7))
    load_both(wh)
    assert wh.status(rid, "cross_year.copy_paste") == "not_assessable"
    (found,) = wh.findings(rid, "cross_year.copy_paste")
    assert "不完整" in found["message"]


def test_identical_all_zero_tables_are_no_evidence_of_copying(wh: Warehouse) -> None:
    zeros = full_grid()
    zeros["t2", "licensing", "decisions"] = 0.0
    wh.add("k", 2021, "某乡", dict(zeros))
    rid = wh.add("k", 2022, "某乡", dict(zeros))
    load_both(wh)
    assert wh.status(rid, "cross_year.copy_paste") == "not_assessable"


# ------------------------------------------------------------------ matching agencies


@pytest.mark.parametrize("agency", [None, "政府", "根据《条例》的要求，现将我办"])
def test_an_unreadable_agency_is_reported_unmatched_for_every_rule(wh: Warehouse, agency: str | None) -> None:
    wh.add("l", 2021, agency, carry(out=1))
    rid = wh.add("l", 2022, agency, carry(into=1))
    load_both(wh)
    for rule in cross_year.RULES:
        assert wh.status(rid, rule) == "not_assessable"
        (found,) = wh.findings(rid, rule)
        assert "unmatched" in found["message"]
    pairs = cross_year.match_reports(wh.con, 2022)
    assert pairs.filter(pl.col("report_id") == rid)["match"].to_list() == ["unmatched"]


def test_an_agency_without_last_years_report_is_not_assessable(wh: Warehouse) -> None:
    wh.add("m", 2021, "政府", carry(out=1))  # unreadable, so it can't be last year's 某区
    rid = wh.add("n", 2022, "某区", carry(into=1))
    load_both(wh)
    for rule in cross_year.RULES:
        assert wh.status(rid, rule) == "not_assessable"
        (found,) = wh.findings(rid, rule)
        assert "no previous report" in found["message"]
        assert "2021年度另有 1 份报告机关名称无法识别" in found["message"]


def test_two_previous_reports_of_one_agency_are_ambiguous(wh: Warehouse) -> None:
    wh.add("o1", 2021, "某区人民政府", carry(out=1))
    wh.add("o2", 2021, "某区政府办公室", carry(out=2))
    rid = wh.add("o", 2022, "某区", carry(into=1))
    counts = (load_both(wh), wh.evaluate(2022))[1]
    assert counts["reports_ambiguous"] == 1
    (found,) = wh.findings(rid, "cross_year.carry_over")
    assert "2 份同一机关" in found["message"]


def test_names_are_matched_through_suffixes_and_traditional_script(wh: Warehouse) -> None:
    wh.add("p", 2021, "康巴什區人民政府", carry(out=1))
    rid = wh.add("p", 2022, "康巴什区", carry(into=1))
    load_both(wh)
    assert wh.status(rid, "cross_year.carry_over") == "pass"


def test_rejected_files_take_no_part(wh: Warehouse) -> None:
    rid = wh.add("q", 2022, "某区", carry(into=1))
    wh.add("q", 2021, "某区", carry(out=1))
    wh.reports[2021][0]["status"] = "rejected"
    load_both(wh)
    assert cross_year.match_reports(wh.con, 2022)["match"].to_list() == ["no_previous"]
    assert wh.status(rid, "cross_year.carry_over") == "not_assessable"


# ------------------------------------------------------------------ writing the results


def _pingtan_like(wh: Warehouse) -> None:
    wh.add("r", 2021, "平潭综合实验区公安局", normative(carry(out=1), 0, 0, 2))
    wh.add("r", 2022, "平潭综合实验区公安局", normative(carry(into=1), 4, 1, 7))
    wh.add("s", 2022, None, carry(into=1))


def test_evaluating_a_year_twice_replaces_its_rows(wh: Warehouse) -> None:
    _pingtan_like(wh)
    load_both(wh)
    first = wh.cross_rows()
    counts = wh.evaluate(2022)
    assert wh.cross_rows() == first
    assert counts["rule_results"] == 2 * len(cross_year.RULES)
    assert (counts["reports_matched"], counts["reports_unmatched"], counts["n_fail"]) == (1, 1, 1)
    # The year's within-report rows belong to replace_year and stay.
    within = wh.con.sql("SELECT count(*) FROM rule_results WHERE rule_id = 't3.balance'").fetchall()[0][0]
    assert within == 3


def test_either_order_of_loading_the_years_gives_the_same_results(wh: Warehouse) -> None:
    _pingtan_like(wh)
    load_both(wh)
    forward = wh.cross_rows()
    other = Warehouse()
    try:
        _pingtan_like(other)
        other.load(2022)
        other.evaluate(2022)  # 2021 not there yet: no previous report
        assert other.status(report_id("r", 2022), "cross_year.in_force_roll") == "not_assessable"
        other.load(2021)
        other.evaluate(2021)
        other.evaluate(2022)  # what the automation condition re-runs once 2021 lands
        assert other.cross_rows() == forward
    finally:
        other.con.close()


def test_a_failed_write_keeps_the_previous_results(wh: Warehouse, monkeypatch: pytest.MonkeyPatch) -> None:
    _pingtan_like(wh)
    load_both(wh)
    before = wh.cross_rows()

    def broken(name: str) -> str:
        return "INSERT INTO rule_results SELECT 1 / 0" if name == "cross_year/insert_rule_results" else loader.sql(name)

    monkeypatch.setattr(cross_year, "sql", broken)
    with pytest.raises(duckdb.Error):
        wh.evaluate(2022)
    assert wh.cross_rows() == before
