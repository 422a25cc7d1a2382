"""pandera (polars) contracts of the pipeline's frames: dtypes, codes, ranges and keys.

Codes come from annual-report-spec.yaml and rule ids from rule_catalogue.yaml, never from
literals here. The catalogue rule `cells.non_negative_integer` is stated here, as the
CellsFrame check of that name. Validate eager frames only: a LazyFrame silently skips
data checks (shared/notes/stack-probe.md §2).
"""

from typing import Any, get_args

import pandera.polars as pa
import polars as pl
from pandera.errors import SchemaErrors

from pipeline import catalogue, model, spec

# 《政府信息公开条例》 (2007) took effect on 2008-05-01; the first annual reports cover 2008.
FIRST_YEAR, LAST_YEAR = 2008, 2100
GRID_TABLES = sorted({table for table, _, _ in spec.valid_keys()})  # t2, t3, t4
TABLE_CODES = [*GRID_TABLES, "legacy"]
ORIGINS = ["table", "prose"]
REPORT_STATUSES = list(get_args(model.Status))
RULE_STATUSES = list(get_args(model.RuleStatus))
RULE_IDS = [r.id for r in catalogue.load_catalogue()]
SEVERITY_BY_RULE = {r.id: r.severity for r in catalogue.load_catalogue()}
SECTION_CODES = [s["code"] for s in spec.section_defs()]
CELL_KEY = ["report_id", "table_code", "row_code", "col_code"]

FAILURE_CASES_SCHEMA: dict[str, pl.DataType] = {
    "failure_case": pl.String(),
    "schema_context": pl.String(),
    "column": pl.String(),
    "check": pl.String(),
    "check_number": pl.Int32(),
    "index": pl.Int32(),
}


def _t2_cols_labelled(fragment: str) -> list[str]:
    """Return the t2 col codes (any era) whose printed label contains `fragment`."""
    return sorted(
        {
            col
            for era in ("gov2021", "gov2019")
            for block in spec.t2_blocks(era)
            for col, label in block["cols"].items()
            if fragment in label
        }
    )


# Read from the printed labels, as the catalogue states the rule: 金额 columns are
# decimal amounts (万元 or the literal unit); 本年增/减 (gov2019) is a signed count.
T2_AMOUNT_COLS = _t2_cols_labelled("金额")
T2_SIGNED_COLS = _t2_cols_labelled("增/减")
_VALID_KEYS = sorted("|".join(key) for key in spec.valid_keys())


def _year() -> Any:
    """Return the Field of a report year (NULL when the file's year could not be read)."""
    return pa.Field(nullable=True, ge=FIRST_YEAR, le=LAST_YEAR)


class _ReportKeyed(pa.DataFrameModel):
    """Shared checks of the frames with one row per input file (pipeline.intake).

    A file's report id is the first 16 hex digits of its sha256; a duplicate (a second
    file with the same bytes, `duplicate_of` set) has an id of its own, since the content's
    id belongs to the first copy. Each content is read once: among first copies, sha256 is
    unique.
    """

    report_id: str = pa.Field(unique=True, str_matches=r"^[0-9a-f]{16}$")
    source: str
    sha256: str = pa.Field(str_matches=r"^[0-9a-f]{64}$")
    year: int = _year()
    agency: str = pa.Field(nullable=True)
    era: str = pa.Field(nullable=True, isin=spec.ERAS)
    status: str = pa.Field(isin=REPORT_STATUSES)
    duplicate_of: str = pa.Field(nullable=True)
    conflict_with: str = pa.Field(nullable=True, str_matches=r"^[0-9a-f]{16}(,[0-9a-f]{16})*$")

    @pa.dataframe_check(name="report_id_is_sha256_prefix")
    def report_id_is_sha256_prefix(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """Return True where report_id == sha256[:16] (pipeline.intake.Intake.report_id), or a duplicate."""
        prefix = pl.col("report_id") == pl.col("sha256").str.slice(0, 16)
        return data.lazyframe.select((prefix | pl.col("duplicate_of").is_not_null()).alias("ok"))

    @pa.dataframe_check(name="content_read_once")
    def content_read_once(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """Return True unless two first copies (duplicate_of null) share a sha256."""
        first = pl.col("duplicate_of").is_null()
        n_first = first.cast(pl.Int64).sum().over("sha256")
        return data.lazyframe.select((~first | (n_first == 1)).alias("ok"))

    @pa.dataframe_check(name="duplicate_is_rejected")
    def duplicate_is_rejected(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """Return True unless a duplicate row claims a status other than rejected (it is not loaded)."""
        return data.lazyframe.select((pl.col("duplicate_of").is_null() | (pl.col("status") == "rejected")).alias("ok"))


class RawFrame(_ReportKeyed):
    """One row per input file as decoded by pipeline.stages.read_reports (RAW_SCHEMA)."""

    reason: str = pa.Field(nullable=True)
    text: str = pa.Field(nullable=True)  # no text for a file that could not be decoded

    class Config:
        """Exact column set; dtypes are checked, never coerced."""

        strict = True


class ReportsFrame(_ReportKeyed):
    """One row per input file with its final status (pipeline.frames.REPORTS_SCHEMA)."""

    reason: str
    n_cells: int = pa.Field(ge=0)
    n_missing: int = pa.Field(ge=0)
    parser_version: str

    class Config:
        """Exact column set; dtypes are checked, never coerced."""

        strict = True


class SectionsFrame(pa.DataFrameModel):
    """One row per statutory section heading found (pipeline.frames.SECTIONS_SCHEMA)."""

    report_id: str
    year: int = _year()
    section_code: str = pa.Field(isin=SECTION_CODES)
    line: int = pa.Field(ge=1)

    class Config:
        """Exact column set; dtypes are checked, never coerced."""

        strict = True


class CellsFrame(pa.DataFrameModel):
    """One row per extracted cell, long form (pipeline.frames.CELLS_SCHEMA)."""

    report_id: str
    year: int = _year()
    agency: str = pa.Field(nullable=True)
    era: str = pa.Field(nullable=True, isin=spec.ERAS)
    table_code: str = pa.Field(isin=TABLE_CODES)
    row_code: str
    col_code: str
    value: float = pa.Field(nullable=True)  # blank, 「/」 or 「—」 cells carry no value
    raw: str
    line: int = pa.Field(nullable=True, ge=1)
    unit: str = pa.Field(nullable=True)
    origin: str = pa.Field(isin=ORIGINS)

    class Config:
        """Exact column set; dtypes are checked, never coerced."""

        strict = True

    @pa.dataframe_check(name="cells.non_negative_integer")
    def non_negative_integer(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """Return True where a t2-t4 value is a finite count >= 0 (catalogue rule of this name).

        Cites 国办公开办函〔2021〕30号 附件 表二至表四: counts are integers >= 0; gov2019 t2
        本年增/减 may be negative; t2 金额 columns are decimals >= 0. Legacy cells are free.
        """
        value, table, col = pl.col("value"), pl.col("table_code"), pl.col("col_code")
        signed = (table == "t2") & col.is_in(T2_SIGNED_COLS)
        amount = (table == "t2") & col.is_in(T2_AMOUNT_COLS)
        ok = value.is_finite() & (signed | (value >= 0)) & (amount | (value == value.floor()))
        exempt = ~table.is_in(GRID_TABLES) | value.is_null()
        return data.lazyframe.select((exempt | ok).alias("ok"))

    @pa.dataframe_check(name="cells.key_in_spec")
    def key_in_spec(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """Return True where a t2-t4 (table, row, col) is a cell annual-report-spec.yaml defines."""
        key = pl.concat_str(["table_code", "row_code", "col_code"], separator="|")
        return data.lazyframe.select((~pl.col("table_code").is_in(GRID_TABLES) | key.is_in(_VALID_KEYS)).alias("ok"))

    @pa.dataframe_check(name="cells.one_value_per_key")
    def one_value_per_key(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """Return True where no other row has the same (report_id, table, row, col).

        A window expression, because the polars backend ignores `groupby=`.
        """
        return data.lazyframe.select((pl.len().over(CELL_KEY) == 1).alias("ok"))


class UnreadFrame(pa.DataFrameModel):
    """One row per cell the parser could not read with certainty (pipeline.frames.UNREAD_SCHEMA)."""

    report_id: str
    year: int = _year()
    agency: str = pa.Field(nullable=True)
    table_code: str = pa.Field(isin=TABLE_CODES)
    row_code: str
    col_code: str
    reason: str = pa.Field(str_length={"min_value": 1})
    line: int = pa.Field(nullable=True, ge=1)

    class Config:
        """Exact column set; dtypes are checked, never coerced."""

        strict = True

    @pa.dataframe_check(name="unread.one_row_per_key")
    def one_row_per_key(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """Return True where no other row names the same (report_id, table, row, col)."""
        return data.lazyframe.select((pl.len().over(CELL_KEY) == 1).alias("ok"))


class FindingsFrame(pa.DataFrameModel):
    """One row per failing or not-assessable rule scope (pipeline.frames.FINDINGS_SCHEMA)."""

    report_id: str
    year: int = _year()
    agency: str = pa.Field(nullable=True)
    rule_id: str = pa.Field(isin=RULE_IDS)
    severity: str = pa.Field(isin=sorted(set(SEVERITY_BY_RULE.values())))
    status: str = pa.Field(isin=RULE_STATUSES)
    scope: str
    message: str
    expected: float = pa.Field(nullable=True)
    actual: float = pa.Field(nullable=True)
    cells: str  # JSON list of the cells involved
    lines: str
    context: str  # JSON list of {line, text} around the evidence

    class Config:
        """Exact column set; dtypes are checked, never coerced."""

        strict = True

    @pa.dataframe_check(name="findings.severity_matches_catalogue")
    def severity_matches_catalogue(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """Return True where the finding's severity is its rule's severity in the catalogue."""
        expected = pl.col("rule_id").replace_strict(SEVERITY_BY_RULE, default=None, return_dtype=pl.String)
        return data.lazyframe.select((expected == pl.col("severity")).fill_null(False).alias("ok"))


class RuleResultsFrame(pa.DataFrameModel):
    """One row per (report, rule) outcome (pipeline.frames.RULE_RESULTS_SCHEMA)."""

    report_id: str
    year: int = _year()
    agency: str = pa.Field(nullable=True)
    rule_id: str = pa.Field(isin=RULE_IDS)
    status: str = pa.Field(isin=RULE_STATUSES)

    class Config:
        """Exact column set; dtypes are checked, never coerced."""

        strict = True

    @pa.dataframe_check(name="rule_results.one_per_report_rule")
    def one_per_report_rule(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """Return True where the (report_id, rule_id) pair occurs once."""
        return data.lazyframe.select((pl.len().over(["report_id", "rule_id"]) == 1).alias("ok"))


def find_schema_violations(df: pl.DataFrame, schema_model: type[pa.DataFrameModel]) -> pl.DataFrame:
    """Validate an eager frame lazily (every failure) and return pandera's failure cases.

    Columns: FAILURE_CASES_SCHEMA (failure_case, schema_context, column, check — the
    check name, e.g. a rule id —, check_number, index). Empty when the frame is valid.
    """
    if not isinstance(df, pl.DataFrame):
        raise TypeError(f"validate eager polars DataFrames only, got {type(df).__name__}")
    try:
        schema_model.validate(df, lazy=True)
    except SchemaErrors as err:
        cases: pl.DataFrame = err.failure_cases
        return cases.select([pl.col(c).cast(t) for c, t in FAILURE_CASES_SCHEMA.items()])
    return pl.DataFrame(schema=FAILURE_CASES_SCHEMA)
