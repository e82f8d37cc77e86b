"""The words the pages, the chart and the downloads share: one phrasing for each computed fact.

Plain text in, plain text out (author text is escaped by whoever writes it into a format).
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

from .. import model, rules
from ..rules import computed_anchor  # noqa: F401 (one anchor for pages, downloads and the collision check)
from ..model import ClockStart, EventKind, PartialDate, Period, SourceKind
from .text import long_date

EVENT_KIND_LABELS = {
    EventKind.signature: "Signature",
    EventKind.joined: "Joined the treaty",
    EventKind.announcement: "Announcement",
    EventKind.government_decision: "Government decision",
    EventKind.parliament_vote: "Parliament vote",
    EventKind.head_of_state_decision: "Head of state's decision",
    EventKind.notice_received: "Notice received by the depositary",
    EventKind.notice_circulated: "Notice circulated by the depositary",
    EventKind.notice_revoked: "Notice revoked",
    EventKind.withdrawal_effective: "Withdrawal takes effect",
    EventKind.objection: "Objection",
    EventKind.meeting_decision: "Meeting of the parties",
    EventKind.statement: "Statement",
    EventKind.report: "Report",
    EventKind.production_plan: "Production plan",
    EventKind.other: "Event",
}

SOURCE_KIND_LABELS = {
    SourceKind.treaty_text: "Treaty text",
    SourceKind.depositary: "Depositary (UN)",
    SourceKind.government: "Government",
    SourceKind.parliament: "Parliament",
    SourceKind.international_organisation: "International organisation",
    SourceKind.ngo: "Non-governmental organisation",
    SourceKind.news_agency: "News agency",
    SourceKind.news: "News media",
    SourceKind.state_media: "State media of a party to a conflict",
    SourceKind.analysis: "Analysis",
    SourceKind.reference: "Reference",
}

CLOCK_TEXT = {
    ClockStart.receipt_by_depositary: "the depositary receives the instrument of withdrawal. A parliament vote, a signature or an announcement does not start it",
    ClockStart.notification_to_parties: "the notification of withdrawal reaches the other parties",
}


def timeline_order(events: list[model.Event]) -> Callable[[model.Event], tuple]:
    """The order of events everywhere (rules.timeline_sort_key), as a key that computed entries can share:
    (day, place on the day, 0 for an event or 1 for a computed entry, date, id)."""
    in_time = rules.timeline_sort_key(events)
    return lambda event: (*in_time(event)[:2], 0, event.date.earliest, event.id)


def computed_order(w: rules.Withdrawal) -> tuple:
    """Where a computed day of effect sorts among events: after the events of its day."""
    return (w.effective, rules.ON_THE_DAY, 1, w.effective, w.state_id)


def period_text(period: Period) -> str:
    """6 months; 1 year; 90 days."""
    unit = period.unit.value if period.amount != 1 else period.unit.value.rstrip("s")
    return f"{period.amount} {unit}"


def on_date(day: dt.date | PartialDate, locale: str) -> str:
    """'on 27 June 2025', or 'in July 2025' where only the month or year is known."""
    precise = not isinstance(day, PartialDate) or day.precision == "day"
    return f"{'on' if precise else 'in'} {long_date(day, locale)}"


def status_text(status: rules.StateStatus, locale: str) -> str:
    """A state's status in words: 'Withdrawal pending (14 days left)', 'Withdrawn since 27 December 2025'."""
    text = status.label
    if status.status == rules.Status.withdrawal_pending and status.days_remaining is not None:
        text += f" ({status.days_remaining} days left)"
    if status.status == rules.Status.withdrawn and status.since:
        text += f" since {long_date(status.since, locale)}"
    return text


def received_note(w: rules.Withdrawal) -> str:
    """Why a notice's day is missing, if it is."""
    if w.received.precision == "day":
        return ""
    return " (exact day not agreed)" if w.notice.disagreement else " (exact day not known)"


def expiry_text(w: rules.Withdrawal, locale: str) -> str:
    """The day the notice period ends, or the range of days when the notice's day is not known."""
    if not w.provided_for:
        return "does not apply"
    if w.expiry_earliest == w.expiry_latest:
        return long_date(w.expiry_earliest, locale)
    return f"{long_date(w.expiry_earliest, locale)} – {long_date(w.expiry_latest, locale)}"


BLOCKED = "no date (blocked)"


def effective_text(w: rules.Withdrawal, as_of: dt.date, locale: str) -> str:
    """When a withdrawal takes effect, in words: a day or a range (marked 'due' while ahead), or why it has none."""
    if w.revoked_on:
        return "never (notice revoked)"
    if not w.provided_for:
        return f"none: a {w.notice.instrument.value} has no effect under the treaty"
    if w.effective is None:
        return BLOCKED if w.blocked_reasons else "unknown"
    return effective_span(w, locale) + (" (due)" if w.effective > as_of else "")


def effective_span(w: rules.Withdrawal, locale: str) -> str:
    """The day (or range of days) a withdrawal takes effect, without a verdict."""
    if w.effective_latest and w.effective_latest != w.effective:
        return f"{long_date(w.effective, locale)} – {long_date(w.effective_latest, locale)}"
    return long_date(w.effective, locale)
