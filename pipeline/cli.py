"""The `nianbao` command line.

Subcommands live in the modules named in COMMAND_MODULES, each exposing
`register(subparsers)` that adds its parsers with `set_defaults(run=...)`. The registry is a
list of names, loaded at run time, because commands that read the warehouse live in
warehouse/ (which the core may not import), and a command's imports are paid only when used.
"""

import argparse
import importlib
import sys
from collections.abc import Sequence

COMMAND_MODULES: list[str] = [
    "pipeline.cli_reports",  # parse, check
    "pipeline.cli_accuracy",  # accuracy
    "pipeline.cli_synth",  # synth
    "pipeline.cli_fuzz",  # fuzz
    "warehouse.commands",  # report, export
    "warehouse.commands_backfill",  # backfill
]


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every registered subcommand."""
    parser = argparse.ArgumentParser(prog="nianbao", description="政府信息公开工作年度报告 data-quality checks")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    args = build_parser().parse_args(argv)
    code: int = args.run(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
