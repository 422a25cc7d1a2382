"""DuckDB warehouse of the nianbao pipeline: SQL lives in .sql files, Python only loads and binds.

`warehouse.loader` is the entry point (connect, apply_ddl, replace_year, run_check).
This package never imports an orchestrator nor `expectations`.
"""
