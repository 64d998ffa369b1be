"""Dates with their precision: a day, a month, a year, a decade, or a range of those; maybe approximate.

Written in data as text, after ISO 8601 / EDTF: "2020-02-17", "2019-10", "2008", "1990s",
"1804~" (approximately 1804), "2024-05/2024-06" (a range). Sources are often vague; the precision
is kept so the site never shows "1 January 2008" for "2008".
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
import datetime as dt
import re
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

from .once import cached_property

_SINGLE = r"(?:\d{4}-\d{2}-\d{2}|\d{4}-\d{2}|\d{4}|\d{3}0s)"
PATTERN = rf"^{_SINGLE}~?(?:/{_SINGLE}~?)?$"
EXAMPLES = ["2020-02-17", "2019-10", "2008", "1990s", "1804~", "2024-05/2024-06"]
FORMS_HINT = "expected forms: 2020-02-17, 2019-10, 2008, 1990s, 1804~ (approximate), 2024-05/2024-06 (a range)"

MONTHS = list(calendar.month_name)


@dataclass(frozen=True)
class Point:
    precision: str  # "day" | "month" | "year" | "decade"
    year: int
    month: int = 1
    day: int = 1
    approximate: bool = False

    # Computed once, when the date is read (_in_calendar): lists sort by them again and again.
    @cached_property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, self.day)

    @cached_property
    def last_day(self) -> dt.date:
        if self.precision == "day":
            return self.first_day
        if self.precision == "month":
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        if self.precision == "year":
            return dt.date(self.year, 12, 31)
        return dt.date(self.year + 9, 12, 31)

    @property
    def iso(self) -> str:
        if self.precision == "day":
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.precision == "month":
            return f"{self.year:04d}-{self.month:02d}"
        if self.precision == "year":
            return f"{self.year:04d}"
        return f"{self.year:04d}s"

    def label(self, with_year: bool = True) -> str:
        prefix = "c. " if self.approximate else ""
        if self.precision == "day":
            text = f"{self.day} {MONTHS[self.month]}" + (f" {self.year}" if with_year else "")
        elif self.precision == "month":
            text = MONTHS[self.month] + (f" {self.year}" if with_year else "")
        elif self.precision == "year":
            text = str(self.year)
        else:
            text = f"{self.year}s"
        return prefix + text


def _in_calendar(point: Point) -> Point:
    """The point's first and last day must exist (no year 0): sorting and labels use them."""
    point.first_day, point.last_day  # noqa: B018 - raise ValueError now, not while rendering
    return point


def _parse_point(text: str) -> Point:
    approximate = text.endswith("~")
    text = text.rstrip("~")
    try:
        if text.endswith("s"):
            return _in_calendar(Point("decade", int(text[:-1]), approximate=approximate))
        parts = [int(p) for p in text.split("-")]
        if len(parts) == 1:
            return _in_calendar(Point("year", parts[0], approximate=approximate))
        if len(parts) == 2:
            if not 1 <= parts[1] <= 12:
                raise ValueError(f"month {parts[1]} does not exist")
            return _in_calendar(Point("month", parts[0], parts[1], approximate=approximate))
        dt.date(*parts)  # raises for 2020-02-30
        return _in_calendar(Point("day", parts[0], parts[1], parts[2], approximate=approximate))
    except ValueError as exc:
        raise PydanticCustomError(
            "date_impossible", "'{value}' is not a real date: {why}", {"value": text, "why": str(exc)}
        ) from None


@dataclass(frozen=True)
class FuzzyDate:
    start: Point
    end: Point | None = None  # set for ranges

    @classmethod
    def parse(cls, value: object) -> FuzzyDate:
        if isinstance(value, FuzzyDate):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise PydanticCustomError("date_type", 'a date must be text such as "2020-02-17"')
        text = value.strip()
        if not re.match(PATTERN, text):
            raise PydanticCustomError("date_format", "'{value}' is not a date this site understands", {"value": text})
        first, _, second = text.partition("/")
        start = _parse_point(first)
        end = _parse_point(second) if second else None
        if end is not None and end.last_day < start.first_day:
            raise PydanticCustomError("date_range", "the range '{value}' ends before it starts", {"value": text})
        return cls(start, end)

    @property
    def iso(self) -> str:
        s = self.start.iso + ("~" if self.start.approximate else "")
        if self.end:
            s += "/" + self.end.iso + ("~" if self.end.approximate else "")
        return s

    @property
    def precision(self) -> str:
        return "range" if self.end else self.start.precision

    @property
    def approximate(self) -> bool:
        return self.start.approximate or bool(self.end and self.end.approximate)

    @cached_property
    def sort_key(self) -> tuple[dt.date, dt.date]:
        last = (self.end or self.start).last_day
        return (self.start.first_day, last)

    @property
    def first_day(self) -> dt.date:
        return self.start.first_day

    @property
    def year(self) -> int:
        return self.start.year

    @cached_property  # printed on the entry's row, in lists, in citations …
    def label(self) -> str:
        """Human form that keeps the precision: '17 February 2020', 'October 2019', 'c. 1804', 'May–June 2024'."""
        if not self.end:
            return self.start.label()
        s, e = self.start, self.end
        same_year = s.year == e.year and s.precision in ("day", "month") and e.precision in ("day", "month")
        return f"{s.label(with_year=not same_year)}–{e.label()}"

    @property
    def html_datetime(self) -> str:
        """Value for <time datetime>: HTML accepts YYYY, YYYY-MM and YYYY-MM-DD."""
        p = self.start
        return p.iso if p.precision != "decade" else f"{p.year:04d}"

    def __str__(self) -> str:
        return self.iso

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.parse, serialization=core_schema.plain_serializer_function_ser_schema(lambda d: d.iso)
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: GetJsonSchemaHandler) -> dict[str, Any]:
        return {
            "anyOf": [{"type": "string", "pattern": PATTERN}, {"type": "integer", "minimum": 1, "maximum": 9999}],
            "description": "A date with its precision. " + FORMS_HINT[0].upper() + FORMS_HINT[1:] + ".",
            "examples": EXAMPLES,
        }
