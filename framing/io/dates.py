"""Reading a date as given into ISO form, keeping its precision: the one date reader of framing.

:func:`read_date` gives ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (the precision of the value),
or ``""`` with a problem (``unreadable``, ``ambiguous``, ``implausible``).

Read without options
    ``2021-10-18`` (with or without a time after ``T`` or a space, any offset: the date as
    written is kept, not converted to UTC), ``2021/10/18``, ``20211018``, ``18 Oct 2021``,
    ``October 18, 2021`` (a weekday before and a time after are allowed), ``October 2021`` and
    ``2021-10`` (month), ``2021`` (year).
Read only with an option
    ``07/02/2010`` (``/``, ``.`` or ``-`` between numbers, the year last, 2 or 4 digits):
    ``dayfirst=True`` (day/month/year) or ``False`` (month/day/year); a two-digit year is
    19YY from 69 on, else 20YY (Python's ``%y``).  ``date_format``: a :func:`time.strptime`
    format tried first (precision: day if it has ``%d`` or ``%j``, month if ``%m``/``%b``/``%B``,
    else year); a value it does not fit is read by the rules above.
Implausible
    A year before :data:`FIRST_YEAR` or after next year.
"""

from __future__ import annotations

import datetime as dt
import re

#: Earliest plausible year of a news document.
FIRST_YEAR = 1800

#: Problems :func:`read_date` reports.
DATE_PROBLEMS = ("unreadable", "ambiguous", "implausible")

_MONTHS = {m: i for i, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], start=1) for m in names}  # fmt: skip
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august" \
         r"|september|october|november|december)\.?"  # fmt: skip
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_TIME = r"(?:[,\s]+(?:at\s+)?\d{1,2}[:.]\d{2}\b.*)?"
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T\s].*)?")
_SLASH_DAY = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_ISO_MONTH = re.compile(r"(\d{4})[-/](\d{2})")
_YEAR = re.compile(r"(\d{4})")
_DAY_NAMED = re.compile(_WEEKDAY + r"(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(\d{4})" + _TIME, re.I)
_NAMED_DAY = re.compile(_WEEKDAY + _MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})" + _TIME, re.I)
_NAMED_MONTH = re.compile(_MONTH + r",?\s+(\d{4})", re.I)
_NUMERIC = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})")


def last_plausible_year() -> int:
    """Next year: a later date is implausible for a published document."""
    return dt.date.today().year + 1


def read_date(value, date_format: str | None = None, dayfirst: bool | None = None) -> tuple[str, str]:
    """``(iso, problem)`` of ``value``: ``iso`` is ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or ``""``.

    ``problem`` is ``""`` (read, or the value is empty), or one of :data:`DATE_PROBLEMS`
    (``iso`` is then ``""``).  See the module docstring for the forms read.
    """
    text = "" if value is None else str(value).strip()
    if not text or text in ("NaT", "nan", "None"):
        return "", ""
    parts = _parse(text, date_format, dayfirst)
    if isinstance(parts, str):
        return "", parts
    year = parts[0]
    if not FIRST_YEAR <= year <= last_plausible_year():
        return "", "implausible"
    if len(parts) == 3:
        try:
            dt.date(*parts)
        except ValueError:
            return "", "unreadable"
        return f"{year:04d}-{parts[1]:02d}-{parts[2]:02d}", ""
    if len(parts) == 2:
        return (f"{year:04d}-{parts[1]:02d}", "") if 1 <= parts[1] <= 12 else ("", "unreadable")
    return f"{year:04d}", ""


def _parse(text: str, date_format: str | None, dayfirst: bool | None) -> tuple | str:
    """(year, month, day), (year, month), (year,) or a problem."""
    if date_format:
        try:
            when = dt.datetime.strptime(text, date_format)
        except ValueError:
            pass
        else:
            if re.search(r"%[dj]", date_format):
                return when.year, when.month, when.day
            if re.search(r"%[mbB]", date_format):
                return when.year, when.month
            return (when.year,)
    for pattern in (_ISO_DAY, _SLASH_DAY, _COMPACT):
        m = pattern.fullmatch(text)
        if m:
            return int(m[1]), int(m[2]), int(m[3])
    m = _DAY_NAMED.fullmatch(text)
    if m:
        return int(m[3]), _MONTHS[m[2].lower()], int(m[1])
    m = _NAMED_DAY.fullmatch(text)
    if m:
        return int(m[3]), _MONTHS[m[1].lower()], int(m[2])
    m = _NAMED_MONTH.fullmatch(text)
    if m:
        return int(m[2]), _MONTHS[m[1].lower()]
    m = _ISO_MONTH.fullmatch(text)
    if m:
        return int(m[1]), int(m[2])
    m = _YEAR.fullmatch(text)
    if m:
        return (int(m[1]),)
    m = _NUMERIC.fullmatch(text)
    if m:
        if dayfirst is None:
            return "ambiguous"
        first, second, year = int(m[1]), int(m[3]), int(m[4])
        if len(m[4]) == 2:
            year += 1900 if year >= 69 else 2000
        return (year, second, first) if dayfirst else (year, first, second)
    return "unreadable"


def date_problem_detail(raw: str, problem: str) -> str:
    """The report's sentence for a date ``raw`` that :func:`read_date` did not read."""
    if problem == "implausible":
        return (f"date {raw!r} is outside {FIRST_YEAR}-{last_plausible_year()}; the document is treated as "
                f"undated")  # fmt: skip
    if problem == "ambiguous":
        m = _NUMERIC.fullmatch(raw.strip())
        only = ""
        if m and int(m[1]) > 12 >= int(m[3]):
            only = " (it reads only as day/month/year)"
        elif m and int(m[3]) > 12 >= int(m[1]):
            only = " (it reads only as month/day/year)"
        return (f"date {raw!r} could be month/day/year or day/month/year{only}; pass dayfirst=False (month first) "
                f"or dayfirst=True, or date_format= (CLI: --no-dayfirst, --dayfirst, --date-format); left undated")
    return (f"date {raw!r} cannot be read (expected e.g. 2021-10-18, 2021/10/18, 20211018, 18 Oct 2021, "
            f"October 18, 2021, 2021-10 or 2021; or pass date_format=); left undated")
