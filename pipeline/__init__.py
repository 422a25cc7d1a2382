"""nianbao core: decode, normalise, split sections, extract cells and evaluate rules.

Nothing in this package imports an orchestrator; every function is plain Python over
text and polars frames.
"""

PARSER_VERSION = "0.3.1"
