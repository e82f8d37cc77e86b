"""Treaty mechanics as pure functions: dates that follow from a rule, status on a day, timeline order.

Nothing here reads files or knows any particular treaty: every number comes from the model.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Sequence

from dateutil.relativedelta import relativedelta

from . import model
from .model import EventKind, Instrument, PartialDate, Period
# Re-exported: the order of events is read as rules.X by every output.
from .order import AFTER_THE_DAY, BEFORE_THE_DAY, ON_THE_DAY, STAGES, in_timeline_order, timeline_sort_key  # noqa: F401

# ---------------------------------------------------------------- date arithmetic



def change_anchor(day, index: int) -> str:
    """The id of the index-th entry (from 0) of the record of changes, on the "What changed" page and in its feed."""
    return f"change-{day.isoformat()}-{index + 1}"


def computed_anchor(state_id: str, earlier: int = 0) -> str:
    """The id of a state's computed 'withdrawal takes effect' entry (its latest notice; `earlier` counts back to older ones):
    on the pages, in the downloads, in the collision check."""
    return f"computed-{state_id.lower()}-effective" + (f"-{earlier}" if earlier else "")

def add_period(start: dt.date, period: Period) -> tuple[dt.date, bool]:
    """Add a notice period; the flag says the day was clamped to the month's end (31 Aug + 6 months)."""
    amount = period.amount
    if period.unit is model.PeriodUnit.days:
        return start + dt.timedelta(days=amount), False
    months = amount * (12 if period.unit is model.PeriodUnit.years else 1)
    # relativedelta clamps to the last day of the month instead of overflowing into the next.
    result = start + relativedelta(months=months)
    return result, result.day != start.day


def entry_into_force_on(deposited: dt.date, rule: model.EntryIntoForceRule, treaty_in_force: dt.date | None = None) -> dt.date:
    """The day a treaty binds a state that deposited on `deposited`, by the treaty's rule (never before the treaty's own entry into force)."""
    if rule.first_day_of_next_month:
        end = add_period(deposited, rule.period)[0]
        day = end.replace(day=1) + relativedelta(months=1)
    elif rule.first_day_of_month:
        if rule.period.unit is model.PeriodUnit.days:
            day = (deposited + dt.timedelta(days=rule.period.amount)).replace(day=1)
        else:
            months = rule.period.amount * (12 if rule.period.unit is model.PeriodUnit.years else 1)
            day = deposited.replace(day=1) + relativedelta(months=months)
    else:
        day = add_period(deposited, rule.period)[0]
    # A state that joined before the treaty itself entered into force is bound from that day (its own clock ran out earlier).
    return max(day, treaty_in_force) if treaty_in_force else day


def entry_into_force_for(deposited: dt.date, treaty: model.Treaty) -> dt.date | None:
    """The day the treaty's own rule binds a state that deposited on `deposited` (None without a rule)."""
    rule = treaty.entry_into_force_rule
    if rule is None:
        return None
    treaty_day = treaty.entry_into_force.date
    in_force = treaty_day.earliest if rule.early_joiners_from_treaty_entry_into_force and treaty_day.precision == "day" else None
    return entry_into_force_on(deposited, rule, in_force)


# ---------------------------------------------------------------- withdrawals


class Status(StrEnum):
    """The statuses a state can have on a day (the values in explainer.json)."""

    party = "party"
    withdrawal_pending = "withdrawal_pending"
    withdrawal_suspended = "withdrawal_suspended"
    withdrawn = "withdrawn"
    withdrawal_disputed = "withdrawal_disputed"
    withdrawal_blocked = "withdrawal_blocked"
    treaty_terminated = "treaty_terminated"
    not_party = "not_party"


STATUS_LABELS = {
    Status.party: "Party",
    Status.withdrawal_pending: "Withdrawal pending",
    Status.withdrawal_suspended: "Withdrawal notice suspended",
    Status.withdrawn: "Withdrawn",
    Status.withdrawal_disputed: "Withdrawal disputed",
    Status.withdrawal_blocked: "Withdrawal blocked by the armed-conflict clause",
    Status.treaty_terminated: "Treaty terminated",
    Status.not_party: "Not a party",
}


BOUND = (Status.party, Status.withdrawal_pending, Status.withdrawal_suspended, Status.withdrawal_blocked)
"""The statuses of a state the treaty still binds."""


@dataclass(frozen=True)
class Withdrawal:
    """What a notice leads to under the treaty's rule."""

    state_id: str
    notice: model.Event
    expiry_earliest: dt.date
    expiry_latest: dt.date
    clamped: bool
    effective: dt.date | None
    """Day the withdrawal takes effect; None while it cannot (blocked, suspended), when revoked, or for a notice without effect."""
    effective_latest: dt.date | None
    blocked_reasons: tuple[str, ...] = ()
    revoked_on: dt.date | None = None
    conflict: model.ArmedConflict | None = None
    provided_for: bool = True
    """False for a notice of an instrument the treaty does not provide for (a suspension where none is allowed)."""
    allowed_from: dt.date | None = None
    """Set when the notice came too early: the first day the rule allowed notice (the notice then has no effect)."""
    suspended_on: dt.date | None = None
    resumed_on: dt.date | None = None
    disputed: str | None = None
    """Id of the disagreement on whether the notice took effect, if the parties dispute it."""

    @property
    def received(self) -> PartialDate:
        return self.notice.date

    @property
    def too_early(self) -> bool:
        return self.allowed_from is not None

    @property
    def has_effect(self) -> bool:
        """Whether the notice can lead to a withdrawal at all (provided for, not too early)."""
        return self.provided_for and not self.too_early

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


def memberships(state: model.State) -> list[model.Joining]:
    """Each time the state joined, oldest first: its first joining and every joining after a withdrawal."""
    return ([state.joined] if state.joined else []) + list(state.joined_again)


def notice_allowed_from(state: model.State, notice: model.Event, rule: model.WithdrawalRule) -> dt.date | None:
    """The first day the rule let this state give notice, when `notice` came before it; else None."""
    if rule.notice_earliest_after is None:
        return None
    joinings = [j for j in memberships(state) if j.deposited.earliest <= notice.date.latest]
    if not joinings:
        return None
    allowed = add_period(joinings[-1].entry_into_force.earliest, rule.notice_earliest_after)[0]
    return allowed if notice.date.latest < allowed else None


@dataclass(frozen=True)
class NoticeSteps:
    """What happened to one notice after it was given: revoked, suspended, resumed."""

    revocation: model.Event | None = None
    suspension: model.Event | None = None
    resumption: model.Event | None = None


def withdrawal_of(state: model.State, notice: model.Event, revocation: model.Event | None, rule: model.WithdrawalRule,
                  steps: NoticeSteps | None = None) -> Withdrawal:
    """Apply the withdrawal rule to one notice."""
    steps = steps or NoticeSteps(revocation=revocation)
    revocation = revocation or steps.revocation
    expiry_earliest, clamped_a = add_period(notice.date.earliest, rule.notice_period)
    expiry_latest, clamped_b = add_period(notice.date.latest, rule.notice_period)
    if rule.later_date_allowed and notice.later_date:
        expiry_earliest = max(expiry_earliest, notice.later_date.earliest)
        expiry_latest = max(expiry_latest, notice.later_date.latest)
    revoked_on = revocation.date.earliest if revocation else None
    # Only a day-precise notice can land on a day its month lacks; a range of days says nothing about "that month".
    clamped = (clamped_a or clamped_b) and notice.date.precision == "day"
    found = Withdrawal(state.id, notice, expiry_earliest, expiry_latest, clamped, effective=expiry_earliest,
                       effective_latest=expiry_latest, revoked_on=revoked_on, disputed=notice.effect_disputed)
    if not provided_for(notice, rule):
        # A notice the treaty does not provide for changes nothing: it never starts a withdrawal.
        return replace(found, effective=None, effective_latest=None, blocked_reasons=(notice.instrument.value,), provided_for=False)
    allowed = notice_allowed_from(state, notice, rule)
    if allowed is not None:
        return replace(found, effective=None, effective_latest=None, allowed_from=allowed)
    if revoked_on is not None and revoked_on < expiry_earliest:
        # Taken back before its expiry day: the armed-conflict clause never comes into play.
        return replace(found, effective=None, effective_latest=None)
    found = _suspended(found, steps)
    if found.effective is not None and rule.armed_conflict_clause:
        conflict = in_armed_conflict(state, found.effective) or in_armed_conflict(state, found.effective_latest)
        if conflict:
            ended = None if conflict.end is None else max(conflict.end.latest, found.effective_latest)
            found = replace(found, effective=ended, effective_latest=ended, blocked_reasons=("armed_conflict",), conflict=conflict)
    if revoked_on is not None:
        found = replace(found, effective=None, effective_latest=None)
    return found


def _suspended(found: Withdrawal, steps: NoticeSteps) -> Withdrawal:
    """A notice suspended before its day: the clock stops, and on resumption the days that remained run again."""
    if steps.suspension is None or steps.suspension.date.earliest >= found.expiry_earliest:
        return found
    suspended = steps.suspension.date.earliest
    if steps.resumption is None or steps.resumption.date.earliest < suspended:
        return replace(found, effective=None, effective_latest=None, suspended_on=suspended)
    resumed = steps.resumption.date.earliest
    return replace(found, suspended_on=suspended, resumed_on=resumed,
                   effective=resumed + (found.expiry_earliest - suspended), effective_latest=resumed + (found.expiry_latest - suspended))


def notices_of(explainer: model.Explainer) -> dict[str, tuple[Withdrawal, ...]]:
    """Every state's notices, oldest first, each with what follows from it (revocations and suspensions apply to the notice before them)."""
    states = {s.id: s for s in explainer.states}
    per_state: dict[str, list[model.Event]] = {}
    for event in in_timeline_order([e for e in explainer.events if len(e.states) == 1 and e.states[0] in states]):
        per_state.setdefault(event.states[0], []).append(event)
    # States in the order of their first notice in the file, as every output listed them before a state could give several.
    first_notice = {}
    for index, event in enumerate(explainer.events):
        if event.kind is EventKind.notice_received and event.states and event.states[0] in per_state:
            first_notice.setdefault(event.states[0], index)
    result = {}
    for state_id, events in sorted(per_state.items(), key=lambda item: first_notice.get(item[0], len(explainer.events))):
        notices: list[tuple[model.Event, dict[str, model.Event]]] = []
        for event in events:
            if event.kind is EventKind.notice_received:
                notices.append((event, {}))
            elif notices and event.kind in (EventKind.notice_revoked, EventKind.notice_suspended, EventKind.notice_resumed):
                notices[-1][1].setdefault(event.kind.value, event)
        if notices:
            rule = explainer.treaty.withdrawal_rule
            result[state_id] = tuple(withdrawal_of(states[state_id], notice, None, rule, NoticeSteps(
                steps.get("notice_revoked"), steps.get("notice_suspended"), steps.get("notice_resumed"))) for notice, steps in notices)
    return result


def withdrawals(explainer: model.Explainer) -> dict[str, Withdrawal]:
    """Each state's latest withdrawal notice and what follows from it."""
    return {state_id: found[-1] for state_id, found in notices_of(explainer).items()}


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
        if self.withdrawal is not None and self.withdrawal.too_early and self.status is Status.party:
            return f"{STATUS_LABELS[self.status]} (a notice given too early has no effect)"
        return STATUS_LABELS[self.status]


def _period_of(state: model.State, day: dt.date) -> tuple[model.Joining, model.Joining | None] | None:
    """The joining in force for the state on `day` (the latest begun by then) and the next joining, if any."""
    joinings = sorted(memberships(state), key=lambda j: j.entry_into_force.latest)
    begun = [i for i, j in enumerate(joinings) if j.entry_into_force.latest <= day]
    if not begun:
        return None
    index = begun[-1]
    return joinings[index], joinings[index + 1] if index + 1 < len(joinings) else None


def status_on(state: model.State, notices: Withdrawal | Sequence[Withdrawal] | None, day: dt.date) -> StateStatus:
    """A state's status on any day, from its joinings and every notice it gave."""
    period = _period_of(state, day)
    if period is None:
        return StateStatus(Status.not_party, day)
    joining, following = period
    since = joining.entry_into_force.latest
    found = [notices] if isinstance(notices, Withdrawal) else list(notices or ())
    given = [w for w in found if joining.deposited.earliest <= w.notice.date.earliest
             and (following is None or w.notice.date.earliest < following.deposited.earliest) and w.notice.date.latest <= day]
    for w in given:
        if w.effective is not None and w.effective_latest is not None and day >= w.effective_latest:
            return StateStatus(Status.withdrawal_disputed if w.disputed else Status.withdrawn, day, w.effective_latest, withdrawal=w)
    if not given:
        return StateStatus(Status.party, day, since)
    w = given[-1]
    if not w.has_effect or (w.revoked_on is not None and day >= w.revoked_on):
        return StateStatus(Status.party, day, since, withdrawal=w)
    if w.suspended_on is not None and day >= w.suspended_on and (w.resumed_on is None or day < w.resumed_on):
        return StateStatus(Status.withdrawal_suspended, day, w.suspended_on, withdrawal=w)
    if w.blocked_reasons and day >= w.expiry_earliest:
        return StateStatus(Status.withdrawal_blocked, day, w.notice.date.latest, withdrawal=w)
    before_suspension = w.suspended_on is not None and day < w.suspended_on
    target = w.expiry_earliest if before_suspension else w.effective or w.expiry_earliest
    since = w.notice.date.latest if before_suspension or w.resumed_on is None else w.resumed_on
    # Inside the range of days a month- or year-only notice gives, the days left are not known: never a negative count.
    remaining = (target - day).days if target >= day and (w.effective_latest in (None, w.effective) or day < target) else None
    return StateStatus(Status.withdrawal_pending, day, since, remaining, w)


def treaty_ended_on(explainer: model.Explainer, notices: dict[str, tuple[Withdrawal, ...]], day: dt.date) -> tuple[dt.date, str] | None:
    """(day, state id) of the first withdrawal that ended a treaty that ends with one party's withdrawal, by `day`."""
    if not explainer.treaty.withdrawal_rule.ends_treaty:
        return None
    ends = [(w.effective_latest, w.state_id) for found in notices.values() for w in found
            if w.effective_latest is not None and w.effective is not None and not w.disputed and w.effective_latest <= day]
    return min(ends) if ends else None


def statuses_on(explainer: model.Explainer, notices: dict[str, tuple[Withdrawal, ...]] | dict[str, Withdrawal], day: dt.date) -> dict[str, StateStatus]:
    """Every state's status on a day; once a treaty that ends with a withdrawal has ended, the other parties' too."""
    result = {s.id: status_on(s, notices.get(s.id), day) for s in explainer.states}
    ended = treaty_ended_on(explainer, {k: v if isinstance(v, tuple) else (v,) for k, v in notices.items()}, day)
    if ended:
        end_day, leaver = ended
        for state in explainer.states:
            was_bound = status_on(state, notices.get(state.id), end_day - dt.timedelta(days=1)).status in BOUND
            if state.id != leaver and was_bound:
                result[state.id] = StateStatus(Status.treaty_terminated, day, end_day)
    return result


@dataclass(frozen=True)
class PartyCount:
    """A count of parties carried forward from the newest sourced count by computed withdrawals."""

    count: int
    day: dt.date
    base: model.PartyCount
    left: tuple[tuple[str, dt.date], ...]
    """(state id, effective day) of withdrawals between the sourced count and the day."""
    ended: dt.date | None = None
    """The day the treaty itself ended (a treaty that ends with one party's withdrawal); it then has no parties."""
    returned: tuple[tuple[str, dt.date], ...] = ()
    """(state id, day bound again) of states that joined again after a withdrawal, between the sourced count and the day."""


def party_count_on(explainer: model.Explainer, found: dict[str, Withdrawal] | dict[str, tuple[Withdrawal, ...]], day: dt.date) -> PartyCount | None:
    """Parties on a day: the newest sourced count up to that day, less withdrawals computed since (a disputed one is not counted)."""
    counts = [c for c in explainer.treaty.party_counts if c.date.latest <= day]
    if not counts:
        return None
    notices = {k: v if isinstance(v, tuple) else (v,) for k, v in found.items()}
    base = max(counts, key=lambda c: c.date.latest)
    left = sorted(
        ((w.state_id, w.effective_latest) for ws in notices.values() for w in ws
         if w.effective_latest and w.effective is not None and not w.disputed and base.date.latest < w.effective_latest <= day),
        key=lambda item: (item[1], item[0]),
    )
    returned = tuple(sorted(((s.id, j.entry_into_force.latest) for s in explainer.states for j in s.joined_again
                             if base.date.latest < j.entry_into_force.latest <= day), key=lambda item: (item[1], item[0])))
    ended = treaty_ended_on(explainer, notices, day)
    if ended:
        return PartyCount(0, day, base, tuple(left), ended[0], returned)
    return PartyCount(base.count - len(left) + len(returned), day, base, tuple(left), returned=returned)
