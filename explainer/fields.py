"""The values an author writes inside the model: ids, text, addresses, languages and dates, each checked as it is read.

Pure data, like model.py, which builds its structures from these. Errors are PydanticCustomError kinds that
validate.py turns into plain sentences (OWN_ERRORS).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Annotated, Any, Literal

from babel import localedata
from pydantic import AfterValidator, BeforeValidator, Field, GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

from . import urls

MIN_YEAR, MAX_YEAR = 1000, 9000
"""Years a date may have: room for any treaty, and for periods added to it without leaving the calendar."""
ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
STATE_ID_PATTERN = r"^[A-Z]{2}$"
PARTIAL_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]+)?$"
REFUSED_HOST_PATTERN = r"^(\*\.)?[a-z0-9_.-]+$"
# Author text may link only to these schemes; anything else (javascript:, data:) is refused.
LINK_SCHEMES = ("https", "http", "mailto")

# Aliases carry no description: a field's own docstring would be overridden by it.
Id = Annotated[str, Field(pattern=ID_PATTERN, examples=["ee-notice"])]
StateId = Annotated[str, Field(pattern=STATE_ID_PATTERN, examples=["EE"])]
SourceIds = Annotated[
    list[Id], Field(min_length=1, description="Ids of entries in `sources` that support this; at least one.",
                    examples=[["un-treaty-collection"]])
]
OptionalSourceIds = Annotated[list[Id], Field(default_factory=list, description="Ids of entries in `sources`.")]
# Numbers and true/false are taken only as YAML 1.2 (and so every editor) reads them: "10" in quotes, or `yes`,
# is text, never silently converted (source.py reads yes/no/on/off as text too).
Flag = Annotated[bool, Field(strict=True)]


def _whole(value: Any) -> Any:
    """6.0 is the whole number 6, as JSON Schema (and so an editor) reads it; 6.5 stays an error."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def whole_number(**limits: int) -> Any:
    """A whole number as YAML writes it (12 or 12.0), within limits (ge=, le=); never text like "12"."""
    # The limits go on the int itself: placed after the validator, pydantic would neither check nor export them.
    return Annotated[int, Field(strict=True, **limits), BeforeValidator(_whole)]


class _Marker:
    """Marks what a string field holds, for the checks that walk the model (links.py)."""

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name


MARKDOWN, ADDRESS = _Marker("MARKDOWN"), _Marker("ADDRESS")

# Text: light Markdown (emphasis, links to https/http/mailto); raw HTML is shown as text.
Text = Annotated[str, Field(min_length=1, max_length=5000), MARKDOWN]


def _one_line(value: str) -> str:
    """Short text is one line: a line break or tab in a title or name is refused, not folded silently."""
    if "\n" in value or "\t" in value:
        what = "a line break" if "\n" in value else "a tab"
        raise PydanticCustomError("single_line", what)
    return value


ShortText = Annotated[str, Field(min_length=1, max_length=300), AfterValidator(_one_line)]


def _url(value: str) -> str:
    """An author's address, normalised by urls.py, or a located "url" error with its reason."""
    try:
        return urls.normalise_url(value)
    except ValueError as error:
        raise PydanticCustomError("url", str(error)) from None


def _host(value: str) -> str:
    """A refused host as urls.py writes hosts; "*." (also its subdomains) is kept."""
    wildcard = "*." if value.startswith("*.") else ""
    try:
        return wildcard + urls.normalise_host(value.removeprefix("*."))
    except ValueError as error:
        raise PydanticCustomError("host", str(error)) from None


def _known_language(value: str) -> str:
    """A language Babel has dates for, exactly (no silent fallback from en-ZZ to English)."""
    if not localedata.exists(value.replace("-", "_")):
        raise PydanticCustomError("language", "unknown language")
    return value


def _day_in_range(value: dt.date) -> dt.date:
    """A day the build can add periods to without leaving the calendar (year 10000 does not exist)."""
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise PydanticCustomError("day_range", "the year must be between {low} and {high}", {"low": MIN_YEAR, "high": MAX_YEAR})
    return value


ArticleNumber = Annotated[str, Field(min_length=1, max_length=20), AfterValidator(_one_line)]
"""An article's number as the treaty writes it, on one line (it becomes an anchor: article-20)."""

# Parsed and normalised (urls.py); the schema says only what standard JSON Schema validators can check.
Url = Annotated[str, Field(max_length=urls.MAX_LENGTH, examples=["https://www.example.org/report.html"],
                          json_schema_extra={"format": "uri", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://"}),
                AfterValidator(_url), ADDRESS]
RefusedHost = Annotated[str, Field(pattern=REFUSED_HOST_PATTERN, max_length=253), AfterValidator(_host)]


class PartialDate:
    """A calendar date known to the day, the month or only the year."""

    __slots__ = ("year", "month", "day", "earliest", "latest", "_iso")

    def __init__(self, year: int, month: int | None = None, day: int | None = None):
        self.year, self.month, self.day = year, month, day
        # Immutable, and read many times per build: work the derived values out once.
        self.earliest = dt.date(year, month or 1, day or 1)
        last_month = month or 12
        self.latest = dt.date(year, last_month, day or calendar.monthrange(year, last_month)[1])
        self._iso = "-".join([f"{year:04d}"] + [f"{p:02d}" for p in (month, day) if p is not None])

    @classmethod
    def parse(cls, value: Any) -> "PartialDate":
        """Read YYYY, YYYY-MM or YYYY-MM-DD; raise ValueError with a plain reason."""
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        text = str(value).strip()
        if not re.fullmatch(PARTIAL_DATE_PATTERN, text):
            raise ValueError("not a date")
        parts = [int(p) for p in text.split("-")]
        year, month, day = (parts + [None, None])[:3]
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValueError(f"the year must be between {MIN_YEAR} and {MAX_YEAR}")
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"there is no month {month}")
        if day is not None:
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueError(f"{calendar.month_name[month]} {year} has {last} days")
        return cls(year, month, day)

    @property
    def precision(self) -> Literal["day", "month", "year"]:
        return "day" if self.day else "month" if self.month else "year"

    def isoformat(self) -> str:
        """YYYY-MM-DD, YYYY-MM or YYYY: as precise as the date is known."""
        return self._iso

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PartialDate) and self.isoformat() == other.isoformat()

    def __hash__(self) -> int:
        return hash(self.isoformat())

    def __repr__(self) -> str:
        return f"PartialDate({self.isoformat()!r})"

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        def validate(value: Any) -> PartialDate:
            if isinstance(value, bool) or not isinstance(value, (str, int, dt.date, PartialDate)):
                raise PydanticCustomError("partial_date", "not a date")
            try:
                return cls.parse(value)
            except ValueError as error:
                raise PydanticCustomError("partial_date", str(error)) from None

        return core_schema.no_info_plain_validator_function(
            validate, serialization=core_schema.plain_serializer_function_ser_schema(lambda d: d.isoformat())
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: GetJsonSchemaHandler) -> dict[str, Any]:
        # A bare year (published: 1998) is a number to YAML, and the build accepts it: so does the schema.
        return {
            "anyOf": [{"type": "string", "pattern": PARTIAL_DATE_PATTERN},
                      {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR}],
            "description": "YYYY-MM-DD; or YYYY-MM or YYYY where only the month or year is known.",
            "examples": ["2025-06-27", "2025-07", 1997],
        }


Language = Annotated[str, Field(pattern=LANGUAGE_PATTERN, examples=["en", "pt-BR"]), AfterValidator(_known_language)]
"""A BCP 47 tag the build can write dates in (en, fr, pt-BR, zh-Hant, ...)."""
SourceLanguage = Annotated[str, Field(pattern=LANGUAGE_PATTERN, examples=["en", "fi"])]
"""A BCP 47 tag, as a label only (a source's language need not be one the build writes dates in)."""
Day = Annotated[dt.date, AfterValidator(_day_in_range), Field(examples=["2026-03-01"])]
"""A whole day within MIN_YEAR and MAX_YEAR."""
