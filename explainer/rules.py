"""Treaty mechanics as pure functions: dates that follow from a rule, status on a day, timeline order.

Nothing here reads files or knows any particular treaty: every number comes from the model.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Callable, Sequence

from dateutil.relativedelta import relativedelta

from . import model
from .model import EventKind, Instrument, PartialDate, Period

# ---------------------------------------------------------------- date arithmetic



def change_anchor(day, index: int) -> str:
    """The id of the index-th entry (from 0) of the record of changes, on the "What changed" page and in its feed."""
    return f"change-{day.isoformat()}-{index + 1}"


def computed_anchor(state_id: str) -> str:
    """The id of a state's computed 'withdrawal takes effect' entry: on the pages, in the downloads, in the collision check."""
    return f"computed-{state_id.lower()}-effective"

def add_period(start: dt.date, period: Period) -> tuple[dt.date, bool]:
    """Add a notice period; the flag says the day was clamped to the month's end (31 Aug + 6 months)."""
    amount = period.amount
    if period.unit is model.PeriodUnit.days:
        return start + dt.timedelta(days=amount), False
    months = amount * (12 if period.unit is model.PeriodUnit.years else 1)
    # relativedelta clamps to the last day of the month instead of overflowing into the next.
    result = start + relativedelta(months=months)
    return result, result.day != start.day


def entry_into_force_on(deposited: dt.date, rule: model.EntryIntoForceRule) -> dt.date:
    """The day a treaty binds a state that deposited on `deposited`, by the treaty's rule."""
    if rule.first_day_of_month:
        months = rule.period.amount * (12 if rule.period.unit is model.PeriodUnit.years else 1)
        if rule.period.unit is model.PeriodUnit.days:
            day = deposited + dt.timedelta(days=rule.period.amount)
            return day.replace(day=1)
        return deposited.replace(day=1) + relativedelta(months=months)
    return add_period(deposited, rule.period)[0]


# ---------------------------------------------------------------- withdrawals


class Status(StrEnum):
    """The statuses a state can have on a day (the values in explainer.json)."""

    party = "party"
    withdrawal_pending = "withdrawal_pending"
    withdrawn = "withdrawn"
    withdrawal_blocked = "withdrawal_blocked"
    not_party = "not_party"


STATUS_LABELS = {
    Status.party: "Party",
    Status.withdrawal_pending: "Withdrawal pending",
    Status.withdrawn: "Withdrawn",
    Status.withdrawal_blocked: "Withdrawal blocked by the armed-conflict clause",
    Status.not_party: "Not a party",
}


@dataclass(frozen=True)
class Withdrawal:
    """What a notice leads to under the treaty's rule."""

    state_id: str
    notice: model.Event
    expiry_earliest: dt.date
    expiry_latest: dt.date
    clamped: bool
    effective: dt.date | None
    """Day the withdrawal takes effect; None while it cannot (blocked), when revoked, or for a notice without effect."""
    effective_latest: dt.date | None
    blocked_reasons: tuple[str, ...] = ()
    revoked_on: dt.date | None = None
    conflict: model.ArmedConflict | None = None
    provided_for: bool = True
    """False for a notice of an instrument the treaty does not provide for (a suspension where none is allowed)."""

    @property
    def received(self) -> PartialDate:
        return self.notice.date

    @property
    def stated(self) -> model.StatedDate | None:
        return self.notice.stated_effective

    @property
    def stated_matches(self) -> bool | None:
        """Whether the date a source states equals the computed one (None if no source states one)."""
        if self.stated is None:
            return None
        return self.effective is not None and self.stated.date.earliest <= self.effective <= self.stated.date.latest and (
            self.effective_latest is None or self.effective_latest <= self.stated.date.latest
        )


def in_armed_conflict(state: model.State, day: dt.date) -> model.ArmedConflict | None:
    """The armed conflict a state is recorded as engaged in on a day, if any."""
    for conflict in state.armed_conflicts:
        if conflict.start.earliest <= day and (conflict.end is None or day <= conflict.end.latest):
            return conflict
    return None


def provided_for(notice: model.Event, rule: model.WithdrawalRule) -> bool:
    """Whether the treaty provides for the instrument a notice claims (a suspension only where allowed)."""
    return notice.instrument is not Instrument.suspension or rule.suspension_allowed


def withdrawal_of(state: model.State, notice: model.Event, revocation: model.Event | None, rule: model.WithdrawalRule) -> Withdrawal:
    """Apply the withdrawal rule to one notice."""
    expiry_earliest, clamped_a = add_period(notice.date.earliest, rule.notice_period)
    expiry_latest, clamped_b = add_period(notice.date.latest, rule.notice_period)
    if rule.later_date_allowed and notice.later_date:
        expiry_earliest = max(expiry_earliest, notice.later_date.earliest)
        expiry_latest = max(expiry_latest, notice.later_date.latest)
    revoked_on = revocation.date.earliest if revocation else None
    found = Withdrawal(state.id, notice, expiry_earliest, expiry_latest, clamped_a or clamped_b,
                       effective=expiry_earliest, effective_latest=expiry_latest, revoked_on=revoked_on)
    if not provided_for(notice, rule):
        # A notice the treaty does not provide for changes nothing: it never starts a withdrawal.
        return replace(found, effective=None, effective_latest=None, blocked_reasons=(notice.instrument.value,), provided_for=False)
    if revoked_on is not None and revoked_on < expiry_earliest:
        # Taken back before its expiry day: the armed-conflict clause never comes into play.
        return replace(found, effective=None, effective_latest=None)
    if rule.armed_conflict_clause:
        conflict = in_armed_conflict(state, expiry_earliest) or in_armed_conflict(state, expiry_latest)
        if conflict:
            ended = None if conflict.end is None else max(conflict.end.latest, expiry_latest)
            found = replace(found, effective=ended, effective_latest=ended, blocked_reasons=("armed_conflict",), conflict=conflict)
    if revoked_on is not None:
        found = replace(found, effective=None, effective_latest=None)
    return found


def withdrawals(explainer: model.Explainer) -> dict[str, Withdrawal]:
    """Each state's latest withdrawal notice and what follows from it."""
    states = {s.id: s for s in explainer.states}
    notices: dict[str, model.Event] = {}
    revocations: dict[str, model.Event] = {}
    for event in explainer.events:
        if len(event.states) != 1 or event.states[0] not in states:
            continue
        state_id = event.states[0]
        if event.kind is EventKind.notice_received:
            if state_id not in notices or notices[state_id].date.earliest <= event.date.earliest:
                notices[state_id] = event
        elif event.kind is EventKind.notice_revoked:
            revocations[state_id] = event
    result = {}
    for state_id, notice in notices.items():
        revocation = revocations.get(state_id)
        if revocation and revocation.date.earliest < notice.date.earliest:
            revocation = None
        result[state_id] = withdrawal_of(states[state_id], notice, revocation, explainer.treaty.withdrawal_rule)
    return result


@dataclass(frozen=True)
class StateStatus:
    """A state's standing under the treaty on one day, with the notice it has given, if any."""

    status: Status
    day: dt.date
    since: dt.date | None = None
    days_remaining: int | None = None
    withdrawal: Withdrawal | None = None

    @property
    def notified_without_effect(self) -> str | None:
        """The instrument a notice claimed when the treaty does not provide for it (e.g. "suspension")."""
        w = self.withdrawal
        return w.notice.instrument.value if w is not None and not w.provided_for else None

    @property
    def label(self) -> str:
        if self.notified_without_effect:
            return f"{STATUS_LABELS[self.status]} (a notice of {self.notified_without_effect} has no effect)"
        return STATUS_LABELS[self.status]


def status_on(state: model.State, withdrawal: Withdrawal | None, day: dt.date) -> StateStatus:
    """A state's status on any day, from its joining and its withdrawal notice."""
    joined = state.joined
    if joined is None or day < joined.entry_into_force.latest:
        return StateStatus(Status.not_party, day)
    since = joined.entry_into_force.latest
    if withdrawal is None or day < withdrawal.notice.date.latest:
        return StateStatus(Status.party, day, since)
    if not withdrawal.provided_for or (withdrawal.revoked_on is not None and day >= withdrawal.revoked_on):
        return StateStatus(Status.party, day, since, withdrawal=withdrawal)
    if withdrawal.effective is not None and withdrawal.effective_latest is not None and day >= withdrawal.effective_latest:
        return StateStatus(Status.withdrawn, day, withdrawal.effective_latest, withdrawal=withdrawal)
    if withdrawal.blocked_reasons and day >= withdrawal.expiry_earliest:
        return StateStatus(Status.withdrawal_blocked, day, withdrawal.notice.date.latest, withdrawal=withdrawal)
    target = withdrawal.effective or withdrawal.expiry_earliest
    return StateStatus(Status.withdrawal_pending, day, withdrawal.notice.date.latest, (target - day).days, withdrawal)


def statuses_on(explainer: model.Explainer, found: dict[str, Withdrawal], day: dt.date) -> dict[str, StateStatus]:
    """Every state's status on a day."""
    return {s.id: status_on(s, found.get(s.id), day) for s in explainer.states}


@dataclass(frozen=True)
class PartyCount:
    """A count of parties carried forward from the newest sourced count by computed withdrawals."""

    count: int
    day: dt.date
    base: model.PartyCount
    left: tuple[tuple[str, dt.date], ...]
    """(state id, effective day) of withdrawals between the sourced count and the day."""


def party_count_on(explainer: model.Explainer, found: dict[str, Withdrawal], day: dt.date) -> PartyCount | None:
    """Parties on a day: the newest sourced count up to that day, less withdrawals computed since."""
    counts = [c for c in explainer.treaty.party_counts if c.date.latest <= day]
    if not counts:
        return None
    base = max(counts, key=lambda c: c.date.latest)
    left = sorted(
        ((w.state_id, w.effective_latest) for w in found.values() if w.effective_latest and base.date.latest < w.effective_latest <= day),
        key=lambda item: (item[1], item[0]),
    )
    return PartyCount(base.count - len(left), day, base, tuple(left))


# ---------------------------------------------------------------- timeline order

# Where a kind of event stands in a state's procedure: domestic steps come before the depositary receives
# a notice, and what others do about a notice comes after. Kinds without a stage follow no procedure.
STAGES = {
    EventKind.signature: 0, EventKind.joined: 0,
    EventKind.announcement: 1, EventKind.government_decision: 1, EventKind.parliament_vote: 1, EventKind.head_of_state_decision: 1,
    EventKind.notice_received: 2,
    EventKind.notice_circulated: 3, EventKind.objection: 3, EventKind.meeting_decision: 3, EventKind.notice_revoked: 3,
    EventKind.withdrawal_effective: 3,
}
AFTER_THE_DAY, BEFORE_THE_DAY, ON_THE_DAY = 1, -1, 0


def timeline_sort_key(events: Sequence[model.Event]) -> Callable[[model.Event], tuple]:
    """The key that orders events in time for every output: a date known only to the month (or year) sorts
    just after the last step of the same state's procedure in that period that it must follow, else just before
    the first step it must precede, else at the end of the period; never before a day it must follow."""
    dated_steps: dict[str, list[tuple[dt.date, int]]] = {}
    for event in events:
        if event.date.precision == "day" and event.kind in STAGES:
            for state_id in event.states:
                dated_steps.setdefault(state_id, []).append((event.date.earliest, STAGES[event.kind]))

    def key(event: model.Event) -> tuple:
        day, place = (event.date.earliest, ON_THE_DAY) if event.date.precision == "day" else _anchor(event, dated_steps)
        return (day, place, event.date.earliest, event.id)

    return key


def _anchor(event: model.Event, dated_steps: dict[str, list[tuple[dt.date, int]]]) -> tuple[dt.date, int]:
    """Where an event with a month or year date sits among its states' dated steps in that period."""
    stage = STAGES.get(event.kind)
    window = [(day, other) for state_id in event.states for day, other in dated_steps.get(state_id, ())
              if event.date.earliest <= day <= event.date.latest]
    if stage is not None:
        follows = [day for day, other in window if other < stage]
        if follows:
            return max(follows), AFTER_THE_DAY
        precedes = [day for day, other in window if other > stage]
        if precedes:
            return min(precedes), BEFORE_THE_DAY
    return event.date.latest, AFTER_THE_DAY


def in_timeline_order(events: Sequence[model.Event]) -> list[model.Event]:
    """Events in the order every output shows them (see timeline_sort_key)."""
    return sorted(events, key=timeline_sort_key(events))
