"""End-to-end tests of the Dagster layer (assets/): definitions and in-process runs."""
