"""The report-year partitioning shared by every asset and asset check."""

import warnings

import dagster as dg

# Partitioned asset checks are a preview feature in dagster 1.13, but without a
# partitions_def check results are not tied to a year. The warning is expected; silence
# only that one message so every other preview warning still shows.
warnings.filterwarnings(
    "ignore",
    message=r"Specifying a partitions_def on an AssetCheckSpec is currently in preview",
    category=dg.PreviewWarning,
)

# One partition per report year, keyed "2008", "2009", ...; end_offset=1 adds the current,
# unfinished year. Windows follow China Standard Time so that the nightly schedule, which
# runs on Asia/Shanghai time, can request the new year's partition from 1 January 00:00.
report_years = dg.TimeWindowPartitionsDefinition(
    start="2008",
    fmt="%Y",
    cron_schedule="0 0 1 1 *",
    end_offset=1,
    timezone="Asia/Shanghai",
)
