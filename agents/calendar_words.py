"""English month and weekday names, lower case: one list for the classifier's time rules
(a month tells background: "displaced since December") and the format parsers' dates and
datelines. The parsers' other languages stay with them (``agents.formats.rss``, ``newsml``)."""

from __future__ import annotations

from typing import Final

MONTHS: Final = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
                 "october", "november", "december")
#: The abbreviations wire copy and feeds write ("Sept. 3"); "may" is its own.
MONTH_ABBREVIATIONS: Final = ("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")
WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY_ABBREVIATIONS: Final = ("mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun")

#: The month names as a regex alternation ("january|february|...|december"), for case-blind patterns.
MONTHS_PATTERN: Final = "|".join(MONTHS)
