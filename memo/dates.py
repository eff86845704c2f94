"""How memos write dates: 27 April 2025, Apr 2025, or the editor's own word.

Shared by the builder and every renderer, so a date reads the same in every format.
"""

from __future__ import annotations

from datetime import date

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
    if len(value) == 7 and value[4] == "-" and value[:4].isdigit():
        month = MONTHS[int(value[5:]) - 1]
        return f"{month[:3] if short else month} {value[:4]}"
    return value
