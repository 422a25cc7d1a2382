"""Printed numbers to values."""


def parse_number(text: str) -> int | float:
    """Parse a printed number: thousands separators allowed, a decimal point makes a float.

    >>> parse_number("1,234")
    1234
    >>> parse_number("181.3537")
    181.3537
    >>> parse_number("+12")
    12
    """
    # Callers split on commas that are not thousands separators before they get here.
    t = text.replace(",", "")
    if "." in t:
        return float(t)
    return int(t)


def decimals(text: str) -> int:
    """Return how many digits follow the decimal point in a printed number."""
    return len(text.split(".", 1)[1]) if "." in text else 0
