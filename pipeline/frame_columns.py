"""The columns of the cells frame as Python lists, in compiled code (pipeline.native).

Kept apart from pipeline.frames so that the compiled build never type-checks polars: with
frames compiled, the build took three times as long.
"""

from typing import Any

from pipeline.model import Report


def report_id(report: Report) -> str:
    """Return the stable id of a report: the first 16 hex digits of its sha256."""
    return report.sha256[:16]


def cell_columns(reports: list[Report]) -> list[list[Any]]:
    """Return the columns of CELLS_SCHEMA, in its order, one value per cell of every report."""
    # Typed local lists: a dict per cell was a quarter of a run's time outside the parser,
    # and a dict of lists cost a look-up per value.
    ids: list[str] = []
    years: list[int | None] = []
    agencies: list[str | None] = []
    eras: list[str | None] = []
    tables: list[str] = []
    rows: list[str] = []
    cols: list[str] = []
    values: list[float | None] = []
    raws: list[str] = []
    lines: list[int | None] = []
    units: list[str | None] = []
    origins: list[str] = []
    for r in reports:
        n = len(r.cells)
        ids.extend([report_id(r)] * n)
        years.extend([r.year] * n)
        agencies.extend([r.agency] * n)
        eras.extend([r.era] * n)
        for c in r.cells:
            tables.append(c.table)
            rows.append(c.row)
            cols.append(c.col)
            values.append(None if c.value is None else float(c.value))
            raws.append(c.raw)
            lines.append(c.line)
            units.append(c.unit)
            origins.append(c.origin)
    return [ids, years, agencies, eras, tables, rows, cols, values, raws, lines, units, origins]
