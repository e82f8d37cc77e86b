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
    EventKind.notice_suspended: N_("Notice suspended"),
    EventKind.notice_resumed: N_("Notice resumed"),
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
    SourceKind.depositary: N_("Depositary"),
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
    rules.Status.withdrawal_suspended: N_("Withdrawal notice suspended"),
    rules.Status.withdrawal_disputed: N_("Withdrawal disputed"),
    rules.Status.treaty_terminated: N_("Treaty terminated"),
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
    return _(EVENT_KIND_LABELS[kind])


def clock_step(rule: model.WithdrawalRule, locale: str) -> str:
    """The rule's first step: what starts the clock, as a whole sentence."""
    recipients = recipients_text(rule, locale)
    if recipients and rule.clock_starts is ClockStart.receipt_by_depositary:
        return _("The clock starts when the notice of withdrawal is received by %(recipients)s. A parliament vote, a signature "
                 "or an announcement does not start it.") % {"recipients": recipients}
    if recipients:
        return _("The clock starts when the notification of withdrawal reaches %(recipients)s.") % {"recipients": recipients}
    return _(CLOCK_STEPS[rule.clock_starts])


def chart_bar_text(rule: model.WithdrawalRule, locale: str) -> str:
    """What a bar of the withdrawal chart spans, worded for who the rule says receives a notice."""
    recipients = recipients_text(rule, locale)
    if recipients:
        return _("Each bar runs from the day a state's notice was given to %(recipients)s to the day the withdrawal takes effect") % {
            "recipients": recipients}
    if rule.clock_starts is ClockStart.notification_to_parties:
        return _("Each bar runs from the day a state's notice reached the other parties to the day the withdrawal takes effect")
    return _("Each bar runs from the day the depositary received a state's notice to the day the withdrawal takes effect")


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
    n = period.amount
    if period.unit.value == "days":
        return ngettext("%(num)d day", "%(num)d days", n) % {"num": n}
    if period.unit.value == "months":
        return ngettext("%(num)d month", "%(num)d months", n) % {"num": n}
    return ngettext("%(num)d year", "%(num)d years", n) % {"num": n}


def entry_into_force_when(rule: model.EntryIntoForceRule) -> str:
    """When the treaty binds a state that joins, from the rule's data (the end of a sentence: 'the treaty binds a state ...')."""
    period = period_text(rule.period)
    if rule.first_day_of_next_month:
        when = _("from the first day of the month after the end of %(period)s from the day it deposits its instrument") % {"period": period}
    elif rule.first_day_of_month:
        when = _("from the first day of the month %(period)s after it deposits its instrument") % {"period": period}
    elif rule.period.amount == 0:
        when = _("on the day it deposits its instrument")
    else:
        when = _("%(period)s after it deposits its instrument") % {"period": period}
    if rule.early_joiners_from_treaty_entry_into_force:
        when = _("%(when)s, or from the treaty's own entry into force for a state that joined before it") % {"when": when}
    return when


def on_date(day: dt.date | PartialDate, locale: str) -> str:
    """'on 27 June 2025', or 'in July 2025' where only the month or year is known."""
    precise = not isinstance(day, PartialDate) or day.precision == "day"
    return (_("on %(date)s") if precise else _("in %(date)s")) % {"date": long_date(day, locale)}


def status_label(status: rules.StateStatus) -> str:
    """A state's status in a few words: 'Withdrawal pending', 'Party (a notice of suspension has no effect)'."""
    text = _(STATUS_LABELS[status.status])
    if status.notified_without_effect:
        text = _(WITHOUT_EFFECT[model.Instrument(status.notified_without_effect)]) % {"status": text}
    elif status.withdrawal is not None and status.withdrawal.too_early and status.status is rules.Status.party:
        text = _("%(status)s (a notice given too early has no effect)") % {"status": text}
    return text


def status_text(status: rules.StateStatus, locale: str) -> str:
    """A state's status in words: 'Withdrawal pending (14 days left)', 'Withdrawn since 27 December 2025'."""
    text = status_label(status)
    if status.status == rules.Status.withdrawal_pending and status.days_remaining is not None:
        text = ngettext("Withdrawal pending (%(num)d day left)", "Withdrawal pending (%(num)d days left)",
                        status.days_remaining) % {"num": status.days_remaining}
    if status.status == rules.Status.withdrawn and status.since:
        text = _("Withdrawn since %(date)s") % {"date": long_date(status.since, locale)}
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
    return _(" (exact day not agreed)") if w.notice.disagreement else _(" (exact day not known)")


def expiry_text(w: rules.Withdrawal, locale: str) -> str:
    """The day the notice period ends, or the range of days when the notice's day is not known."""
    if not w.has_effect:
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
    if w.too_early:
        return _("none: notice given before %(date)s, the first day the treaty allows") % {"date": long_date(w.allowed_from, locale)}
    if w.effective is None and w.suspended_on:
        return _("none while the notice is suspended (since %(date)s)") % {"date": long_date(w.suspended_on, locale)}
    if w.effective is None:
        return _(BLOCKED) if w.blocked_reasons else _("unknown")
    if w.disputed:
        return _("%(date)s by the rule (disputed)") % {"date": effective_span(w, locale)}
    span = effective_span(w, locale)
    return _("%(date)s (due)") % {"date": span} if w.effective > as_of else span


def effective_span(w: rules.Withdrawal, locale: str) -> str:
    """The day (or range of days) a withdrawal takes effect, without a verdict."""
    if w.effective_latest and w.effective_latest != w.effective:
        return f"{long_date(w.effective, locale)} – {long_date(w.effective_latest, locale)}"
    return long_date(w.effective, locale)
