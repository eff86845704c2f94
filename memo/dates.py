"""How memos write dates: 27 April 2025, Apr 2025, or the editor's own word.

Shared by the builder and every renderer, so a date reads the same in every format.
"""

from __future__ import annotations

import re
from datetime import date

_YEAR_MONTH = r"[0-9]{4}-(0[1-9]|1[0-2])\Z"  # compiled by re on first use: most dates are dates

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def format_date(value: date | str, short: bool = False) -> str:
    """27 April 2025, April 2025, or the editor's word; British order, as the memos are written."""
    if isinstance(value, date):
        month = MONTHS[value.month - 1]
        return f"{value.day} {month[:3] if short else month} {value.year}"
    if re.match(_YEAR_MONTH, value):  # ASCII digits: str.isdigit() is true of '²' too, and int('²') fails
        month = MONTHS[int(value[5:]) - 1]
        return f"{month[:3] if short else month} {value[:4]}"
    return value
