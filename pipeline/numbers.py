"""Printed numbers to values."""

import re

_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$")


def parse_number(text: str) -> int | float:
    """Parse a printed number: thousands separators allowed, a decimal point makes a float.

    >>> parse_number("1,234")
    1234
    >>> parse_number("181.3537")
    181.3537
    >>> parse_number("+12")
    12
    """
    t = text.replace(",", "") if _THOUSANDS.match(text) else text.replace(",", "")
    if "." in t:
        return float(t)
    return int(t)


def decimals(text: str) -> int:
    """Return how many digits follow the decimal point in a printed number."""
    return len(text.split(".", 1)[1]) if "." in text else 0
