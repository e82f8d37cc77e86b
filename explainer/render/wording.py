"""The words the pages, the chart and the downloads share: one phrasing for each computed fact.

Plain text in, plain text out (author text is escaped by whoever writes it into a format).
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

from babel.lists import format_list

from .. import model, rules
from ..rules import computed_anchor  # noqa: F401 (one anchor for pages, downloads and the collision check)
from ..model import ClockStart, EventKind, PartialDate, Period, SourceKind
from .i18n import _, ngettext
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
    EventKind.notice_suspended: "Notice suspended",
    EventKind.notice_resumed: "Notice resumed",
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
    SourceKind.depositary: "Depositary",
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


def recipients_text(rule: model.WithdrawalRule, locale: str) -> str | None:
    """Who receives a notice as the rule names them ('the Government of A and the Government of B'), or None for the depositary."""
    if not rule.recipients:
        return None
    return format_list(list(rule.recipients), locale=locale.replace("-", "_"))


def kind_label(kind: EventKind, rule: model.WithdrawalRule, locale: str) -> str:
    """An event kind in words, following who the rule says receives a notice."""
    recipients = recipients_text(rule, locale)
    if kind is EventKind.notice_received and recipients:
        return _("Notice given to %(recipients)s") % {"recipients": recipients}
    if kind is EventKind.notice_received and rule.clock_starts is ClockStart.notification_to_parties:
        return _("Notice notified to the parties")
    if kind is EventKind.notice_circulated and recipients:
        return _("Notice circulated")
    return EVENT_KIND_LABELS[kind]


def clock_text(rule: model.WithdrawalRule, locale: str) -> str:
    """What starts the clock, ending the sentence 'The clock starts when ...'."""
    recipients = recipients_text(rule, locale)
    if recipients and rule.clock_starts is ClockStart.receipt_by_depositary:
        return _("the notice of withdrawal is received by %(recipients)s. A parliament vote, a signature or an announcement "
                 "does not start it") % {"recipients": recipients}
    if recipients:
        return _("the notification of withdrawal reaches %(recipients)s") % {"recipients": recipients}
    return CLOCK_TEXT[rule.clock_starts]


def chart_bar_text(rule: model.WithdrawalRule, locale: str) -> str:
    """What a bar of the withdrawal chart spans, worded for who the rule says receives a notice."""
    recipients = recipients_text(rule, locale)
    if recipients:
        return _("Each bar runs from the day a state's notice was given to %(recipients)s to the day the withdrawal takes effect") % {
            "recipients": recipients}
    if rule.clock_starts is ClockStart.notification_to_parties:
        return _("Each bar runs from the day a state's notice reached the other parties to the day the withdrawal takes effect")
    return "Each bar runs from the day the depositary received a state's notice to the day the withdrawal takes effect"


def notice_given_sentence(rule: model.WithdrawalRule, when: str, locale: str, instrument: str | None = None) -> str:
    """'The depositary received the notice on 27 June 2025.', worded for who the rule says receives it."""
    recipients = recipients_text(rule, locale)
    to_parties = rule.clock_starts is ClockStart.notification_to_parties
    if instrument is not None:
        if recipients:
            return _("A notice of %(instrument)s was given to %(recipients)s %(when)s.") % {"instrument": instrument, "recipients": recipients, "when": when}
        if to_parties:
            return _("A notice of %(instrument)s reached the other parties %(when)s.") % {"instrument": instrument, "when": when}
        return _("The depositary received a notice of %(instrument)s %(when)s.") % {"instrument": instrument, "when": when}
    if recipients:
        return _("The notice was given to %(recipients)s %(when)s.") % {"recipients": recipients, "when": when}
    if to_parties:
        return _("The notice reached the other parties %(when)s.") % {"when": when}
    return _("The depositary received the notice %(when)s.") % {"when": when}


def too_early_text(w: rules.Withdrawal, rule: model.WithdrawalRule, name: str, when: str, rule_cite: str, locale: str) -> str:
    """Why a notice given before the rule allows notice has no effect."""
    return (notice_given_sentence(rule, when, locale) + " " + _(
        "Under Article %(article)s%(cite)s, notice may be given only from %(date)s, so the notice has no effect: %(state)s remains a party.")
        % {"article": rule.article, "cite": rule_cite, "date": long_date(w.allowed_from, locale), "state": name})


def later_date_text(w: rules.Withdrawal, locale: str) -> str:
    """The later date a notice names, and whether it decides the day of effect."""
    later = long_date(w.notice.later_date, locale)
    if w.notice.later_date.latest >= w.expiry_latest:
        return _("The notice names a later date, %(date)s, which the rule allows: the withdrawal takes effect then.") % {"date": later}
    return _("The notice names %(date)s, which is before the period ends, so the period decides.") % {"date": later}


def suspension_text(w: rules.Withdrawal, locale: str) -> str:
    """A notice suspended before its day, and resumed or not."""
    suspended = long_date(w.suspended_on, locale)
    if w.resumed_on is None:
        return _("The notice was suspended on %(date)s, before it took effect; while it stays suspended it has no day of effect.") % {"date": suspended}
    left = (w.expiry_earliest - w.suspended_on).days
    return ngettext("The notice was suspended on %(date)s with %(num)d day of the period left, and resumed on %(resumed)s; "
                    "counting that day from the resumption, it takes effect on %(effective)s.",
                    "The notice was suspended on %(date)s with %(num)d days of the period left, and resumed on %(resumed)s; "
                    "counting those days from the resumption, it takes effect on %(effective)s.", left) % {
        "date": suspended, "num": left, "resumed": long_date(w.resumed_on, locale), "effective": effective_span(w, locale)}


def timeline_order(events: list[model.Event]) -> Callable[[model.Event], tuple]:
    """The order of events everywhere (rules.timeline_sort_key), as a key that computed entries can share:
    (day, place on the day, 0 for an event or 1 for a computed entry, date, id)."""
    in_time = rules.timeline_sort_key(events)
    return lambda event: (*in_time(event)[:2], 0, event.date.earliest, event.id)


def computed_effects(notices: dict[str, tuple[rules.Withdrawal, ...]]) -> list[tuple[str, rules.Withdrawal]]:
    """(anchor, withdrawal) of every notice that takes or took effect: the latest under the state's own anchor, earlier ones numbered."""
    return [(computed_anchor(state_id, earlier), w) for state_id, given in notices.items()
            for earlier, w in enumerate(reversed(given)) if w.effective]


def computed_order(w: rules.Withdrawal) -> tuple:
    """Where a computed day of effect sorts among events: after the events of its day."""
    return (w.effective, rules.ON_THE_DAY, 1, w.effective, w.state_id)


def period_text(period: Period) -> str:
    """6 months; 1 year; 90 days."""
    unit = period.unit.value if period.amount != 1 else period.unit.value.rstrip("s")
    return f"{period.amount} {unit}"


def entry_into_force_when(rule: model.EntryIntoForceRule) -> str:
    """When the treaty binds a state that joins, from the rule's data (the end of a sentence: 'the treaty binds a state ...')."""
    period = period_text(rule.period)
    if rule.first_day_of_next_month:
        when = _("from the first day of the month after the end of %(period)s from the day it deposits its instrument") % {"period": period}
    elif rule.first_day_of_month:
        when = f"from the first day of the month {period} after it deposits its instrument"
    elif rule.period.amount == 0:
        when = _("on the day it deposits its instrument")
    else:
        when = f"{period} after it deposits its instrument"
    if rule.early_joiners_from_treaty_entry_into_force:
        when = _("%(when)s, or from the treaty's own entry into force for a state that joined before it") % {"when": when}
    return when


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
    if status.status == rules.Status.withdrawal_disputed and status.since:
        text = _("Withdrawal disputed (effective %(date)s by the rule)") % {"date": long_date(status.since, locale)}
    if status.status == rules.Status.withdrawal_suspended and status.since:
        text = _("Withdrawal notice suspended since %(date)s") % {"date": long_date(status.since, locale)}
    if status.status == rules.Status.treaty_terminated and status.since:
        text = _("Treaty terminated on %(date)s") % {"date": long_date(status.since, locale)}
    return text


def received_note(w: rules.Withdrawal) -> str:
    """Why a notice's day is missing, if it is."""
    if w.received.precision == "day":
        return ""
    return " (exact day not agreed)" if w.notice.disagreement else " (exact day not known)"


def expiry_text(w: rules.Withdrawal, locale: str) -> str:
    """The day the notice period ends, or the range of days when the notice's day is not known."""
    if not w.has_effect:
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
    if w.too_early:
        return _("none: notice given before %(date)s, the first day the treaty allows") % {"date": long_date(w.allowed_from, locale)}
    if w.effective is None and w.suspended_on:
        return _("none while the notice is suspended (since %(date)s)") % {"date": long_date(w.suspended_on, locale)}
    if w.effective is None:
        return BLOCKED if w.blocked_reasons else "unknown"
    if w.disputed:
        return _("%(date)s by the rule (disputed)") % {"date": effective_span(w, locale)}
    return effective_span(w, locale) + (" (due)" if w.effective > as_of else "")


def effective_span(w: rules.Withdrawal, locale: str) -> str:
    """The day (or range of days) a withdrawal takes effect, without a verdict."""
    if w.effective_latest and w.effective_latest != w.effective:
        return f"{long_date(w.effective, locale)} – {long_date(w.effective_latest, locale)}"
    return long_date(w.effective, locale)
