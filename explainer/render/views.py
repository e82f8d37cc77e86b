"""What the templates are given: small typed records, built by the page modules from the analysis.

Fields typed `Md` hold Markdown the renderer built (author text already escaped); any other string is
plain text, which the templates escape on output.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import model, rules
from .text import Md


@dataclass
class StatusRow:
    """One state's line in the status tables."""

    state: model.State
    status_text: str
    bound: str
    received: str
    effective: str
    expiry: str
    withdrawal: rules.Withdrawal | None
    stated: Md = Md("")
    explanation: Md = Md("")
    explanation_long: Md = Md("")


@dataclass(frozen=True)
class TimelineItem:
    """An author's event, or a withdrawal's computed day of effect, in timeline order."""

    anchor: str
    year: int
    event: model.Event | None = None
    withdrawal: rules.Withdrawal | None = None


@dataclass(frozen=True)
class TimelinePart:
    """One page of the timeline: all of it, or one year (or part of a busy year) once it is split."""

    page: str
    year: int | None
    label: str
    items: list[TimelineItem]


@dataclass(frozen=True)
class EntryView:
    """A timeline entry as a page shows it."""

    anchor: str
    title: str
    date_text: str
    meta: Md
    body: Md
    states: tuple[str, ...] = ()
    """The ids of the states the entry is about (the timeline's "follow one state" filter reads them)."""


@dataclass(frozen=True)
class YearGroup:
    year: int | None
    items: list[EntryView]


@dataclass(frozen=True)
class PartLink:
    """A link to one part of a split list (a year of the timeline, a letter of the sources)."""

    year: str
    page: str
    count: int


@dataclass(frozen=True)
class KeyDate:
    date: str
    title: str
    page: str
    anchor: str


@dataclass(frozen=True)
class JoiningRow:
    state: model.State
    signed: str
    deposited: str
    in_force: str
    computed: Md
    signed_sources: tuple[str, ...] = ()
    """The signature's sources: its signature event's, where the file has one, else the joining's."""


@dataclass(frozen=True)
class PageCitation:
    """Ready-made citations of a page (APA 7 and MLA 9 styles for a web page)."""

    apa: Md
    mla: Md


@dataclass(frozen=True)
class DownloadFile:
    name: str
    what: str
    size: str


@dataclass(frozen=True)
class ArgumentView:
    argument: model.Argument
    answers: list[model.Argument]
    answered_by: list[model.Argument]


@dataclass(frozen=True)
class SideView:
    side: model.Side
    items: list[ArgumentView]


@dataclass(frozen=True)
class ArgumentPair:
    """A row of the side-by-side view: each side's arguments that answer one another (a cell may be empty)."""

    cells: list[list[ArgumentView]]


@dataclass(frozen=True)
class DisagreementView:
    item: model.Disagreement
    states: list[model.State]


@dataclass(frozen=True)
class GlossaryEntry:
    term: model.GlossaryTerm
    anchor: str


@dataclass(frozen=True)
class QuizItem:
    item: model.QuizQuestion
    answer: Md


@dataclass(frozen=True)
class WorksheetRow:
    id: str
    claim: str
    speakers: str
    kinds: str


@dataclass(frozen=True)
class WorksheetSide:
    title: str
    rows: list[WorksheetRow] = field(default_factory=list)


@dataclass(frozen=True)
class HandoutEntry:
    date_text: str
    title: str
    summary: Md


@dataclass(frozen=True)
class SourceEntry:
    source: model.Source
    cited_in: Md


@dataclass(frozen=True)
class SourceGroup:
    kind: str
    label: str
    entries: list[SourceEntry]
