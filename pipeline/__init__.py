"""nianbao core: decode, normalise, split sections, extract cells and evaluate rules.

Nothing in this package imports an orchestrator; every function is plain Python over
text and polars frames.
"""

from pipeline.native import activate

PARSER_VERSION = "0.3.1"

# The compiled parser, when built and current (pipeline/native.py).
NATIVE = activate(__path__)
