"""The words the pages, the chart and the downloads share: one phrasing for each computed fact.

Plain text in, plain text out (author text is escaped by whoever writes it into a format).
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

from .. import model, rules
from ..rules import computed_anchor  # noqa: F401 (one anchor for pages, downloads and the collision check)
from ..model import ClockStart, EventKind, PartialDate, Period, SourceKind
from .i18n import N_, _, ngettext
from .text import long_date

EVENT_KIND_LABELS = {
    EventKind.signature: N_("Signature"),
    EventKind.joined: N_("Joined the treaty"),
    EventKind.announcement: N_("Announcement"),
    EventKind.government_decision: N_("Government decision"),
    EventKind.parliament_vote: N_("Parliament vote"),
    EventKind.head_of_state_decision: N_("Head of state's decision"),
    EventKind.notice_received: N_("Notice received by the depositary"),
    EventKind.notice_circulated: N_("Notice circulated by the depositary"),
    EventKind.notice_revoked: N_("Notice revoked"),
    EventKind.withdrawal_effective: N_("Withdrawal takes effect"),
    EventKind.objection: N_("Objection"),
    EventKind.meeting_decision: N_("Meeting of the parties"),
    EventKind.statement: N_("Statement"),
    EventKind.report: N_("Report"),
    EventKind.production_plan: N_("Production plan"),
    EventKind.other: N_("Event"),
}

SOURCE_KIND_LABELS = {
    SourceKind.treaty_text: N_("Treaty text"),
    SourceKind.depositary: N_("Depositary (UN)"),
    SourceKind.government: N_("Government"),
    SourceKind.parliament: N_("Parliament"),
    SourceKind.international_organisation: N_("International organisation"),
    SourceKind.ngo: N_("Non-governmental organisation"),
    SourceKind.news_agency: N_("News agency"),
    SourceKind.news: N_("News media"),
    SourceKind.state_media: N_("State media of a party to a conflict"),
    SourceKind.analysis: N_("Analysis"),
    SourceKind.reference: N_("Reference"),
}

CLOCK_STEPS = {
    ClockStart.receipt_by_depositary: N_("The clock starts when the depositary receives the instrument of withdrawal. "
                                         "A parliament vote, a signature or an announcement does not start it."),
    ClockStart.notification_to_parties: N_("The clock starts when the notification of withdrawal reaches the other parties."),
}
"""The withdrawal rule's first step, by when its clock starts."""

STATUS_LABELS = {
    rules.Status.party: N_("Party"),
    rules.Status.withdrawal_pending: N_("Withdrawal pending"),
    rules.Status.withdrawn: N_("Withdrawn"),
    rules.Status.withdrawal_blocked: N_("Withdrawal blocked by the armed-conflict clause"),
    rules.Status.not_party: N_("Not a party"),
}
"""A status in words (rules.STATUS_LABELS is the English the data files keep)."""

WITHOUT_EFFECT = {
    model.Instrument.withdrawal: N_("%(status)s (a notice of withdrawal has no effect)"),
    model.Instrument.suspension: N_("%(status)s (a notice of suspension has no effect)"),
}
"""A status when the state notified something the treaty does not provide for."""

NO_EFFECT = {
    model.Instrument.withdrawal: N_("none: a withdrawal has no effect under the treaty"),
    model.Instrument.suspension: N_("none: a suspension has no effect under the treaty"),
}

CONSENT_DEPOSITED = {
    model.ConsentKind.ratification: N_("Ratification deposited"),
    model.ConsentKind.accession: N_("Accession deposited"),
    model.ConsentKind.acceptance: N_("Acceptance deposited"),
    model.ConsentKind.approval: N_("Approval deposited"),
    model.ConsentKind.succession: N_("Succession deposited"),
}

CONSENT_NAMES = {
    model.ConsentKind.ratification: N_("ratification"),
    model.ConsentKind.accession: N_("accession"),
    model.ConsentKind.acceptance: N_("acceptance"),
    model.ConsentKind.approval: N_("approval"),
    model.ConsentKind.succession: N_("succession"),
}

NOTICE_HEADINGS = {
    model.Instrument.withdrawal: N_("Notice of withdrawal, and its effect"),
    model.Instrument.suspension: N_("Notice of suspension, and its effect"),
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
    n = period.amount
    if period.unit.value == "days":
        return ngettext("%(num)d day", "%(num)d days", n) % {"num": n}
    if period.unit.value == "months":
        return ngettext("%(num)d month", "%(num)d months", n) % {"num": n}
    return ngettext("%(num)d year", "%(num)d years", n) % {"num": n}


def on_date(day: dt.date | PartialDate, locale: str) -> str:
    """'on 27 June 2025', or 'in July 2025' where only the month or year is known."""
    precise = not isinstance(day, PartialDate) or day.precision == "day"
    return (_("on %(date)s") if precise else _("in %(date)s")) % {"date": long_date(day, locale)}


def status_label(status: rules.StateStatus) -> str:
    """A state's status in a few words: 'Withdrawal pending', 'Party (a notice of suspension has no effect)'."""
    text = _(STATUS_LABELS[status.status])
    if status.notified_without_effect:
        text = _(WITHOUT_EFFECT[model.Instrument(status.notified_without_effect)]) % {"status": text}
    return text


def status_text(status: rules.StateStatus, locale: str) -> str:
    """A state's status in words: 'Withdrawal pending (14 days left)', 'Withdrawn since 27 December 2025'."""
    text = status_label(status)
    if status.status == rules.Status.withdrawal_pending and status.days_remaining is not None:
        text = ngettext("Withdrawal pending (%(num)d day left)", "Withdrawal pending (%(num)d days left)",
                        status.days_remaining) % {"num": status.days_remaining}
    if status.status == rules.Status.withdrawn and status.since:
        text = _("Withdrawn since %(date)s") % {"date": long_date(status.since, locale)}
    return text


def received_note(w: rules.Withdrawal) -> str:
    """Why a notice's day is missing, if it is."""
    if w.received.precision == "day":
        return ""
    return _(" (exact day not agreed)") if w.notice.disagreement else _(" (exact day not known)")


def expiry_text(w: rules.Withdrawal, locale: str) -> str:
    """The day the notice period ends, or the range of days when the notice's day is not known."""
    if not w.provided_for:
        return _("does not apply")
    if w.expiry_earliest == w.expiry_latest:
        return long_date(w.expiry_earliest, locale)
    return f"{long_date(w.expiry_earliest, locale)} – {long_date(w.expiry_latest, locale)}"


BLOCKED = N_("no date (blocked)")


def effective_text(w: rules.Withdrawal, as_of: dt.date, locale: str) -> str:
    """When a withdrawal takes effect, in words: a day or a range (marked 'due' while ahead), or why it has none."""
    if w.revoked_on:
        return _("never (notice revoked)")
    if not w.provided_for:
        return _(NO_EFFECT[w.notice.instrument])
    if w.effective is None:
        return _(BLOCKED) if w.blocked_reasons else _("unknown")
    span = effective_span(w, locale)
    return _("%(date)s (due)") % {"date": span} if w.effective > as_of else span


def effective_span(w: rules.Withdrawal, locale: str) -> str:
    """The day (or range of days) a withdrawal takes effect, without a verdict."""
    if w.effective_latest and w.effective_latest != w.effective:
        return f"{long_date(w.effective, locale)} – {long_date(w.effective_latest, locale)}"
    return long_date(w.effective, locale)
