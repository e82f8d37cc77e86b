"""Treaty mechanics as pure functions: dates that follow from a rule, status on a day, cross-checks.

Nothing here reads files or knows any particular treaty: every number comes from the model.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterator

from dateutil.relativedelta import relativedelta

from . import model
from .errors import Path, did_you_mean
from .model import EventKind, Instrument, PartialDate, Period

# ---------------------------------------------------------------- date arithmetic


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


class Status:
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
    Status.withdrawal_blocked: "Withdrawal blocked or contested",
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
    """Day the withdrawal takes effect; None while it cannot (blocked) or when revoked."""
    effective_latest: dt.date | None
    blocked_reasons: tuple[str, ...] = ()
    revoked_on: dt.date | None = None
    conflict: model.ArmedConflict | None = None

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


def withdrawal_of(state: model.State, notice: model.Event, revocation: model.Event | None, rule: model.WithdrawalRule) -> Withdrawal:
    """Apply the withdrawal rule to one notice."""
    expiry_earliest, clamped_a = add_period(notice.date.earliest, rule.notice_period)
    expiry_latest, clamped_b = add_period(notice.date.latest, rule.notice_period)
    if rule.later_date_allowed and notice.later_date:
        expiry_earliest = max(expiry_earliest, notice.later_date.earliest)
        expiry_latest = max(expiry_latest, notice.later_date.latest)
    effective, effective_latest = expiry_earliest, expiry_latest
    reasons: list[str] = []
    conflict = None
    if notice.instrument is Instrument.suspension and not rule.suspension_allowed:
        reasons.append("suspension")
        effective = effective_latest = None
    if rule.armed_conflict_clause:
        conflict = in_armed_conflict(state, expiry_earliest) or in_armed_conflict(state, expiry_latest)
        if conflict:
            reasons.append("armed_conflict")
            if conflict.end is None or effective is None:
                effective = effective_latest = None
            else:
                effective = effective_latest = max(conflict.end.latest, expiry_latest)
    revoked_on = revocation.date.earliest if revocation else None
    if revoked_on is not None:
        effective = effective_latest = None
    return Withdrawal(
        state_id=state.id,
        notice=notice,
        expiry_earliest=expiry_earliest,
        expiry_latest=expiry_latest,
        clamped=clamped_a or clamped_b,
        effective=effective,
        effective_latest=effective_latest,
        blocked_reasons=tuple(reasons),
        revoked_on=revoked_on,
        conflict=conflict,
    )


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
    """A state's standing under the treaty on one day."""

    status: str
    day: dt.date
    since: dt.date | None = None
    days_remaining: int | None = None
    withdrawal: Withdrawal | None = None

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


def status_on(state: model.State, withdrawal: Withdrawal | None, day: dt.date) -> StateStatus:
    """A state's status on any day, from its joining and its withdrawal notice."""
    joined = state.joined
    if joined is None or day < joined.entry_into_force.latest:
        return StateStatus(Status.not_party, day)
    since = joined.entry_into_force.latest
    if withdrawal is None or day < withdrawal.notice.date.latest:
        return StateStatus(Status.party, day, since)
    if withdrawal.revoked_on is not None and day >= withdrawal.revoked_on:
        return StateStatus(Status.party, day, since, withdrawal=withdrawal)
    if withdrawal.effective is not None and withdrawal.effective_latest is not None and day >= withdrawal.effective_latest:
        return StateStatus(Status.withdrawn, day, withdrawal.effective_latest, withdrawal=withdrawal)
    if "suspension" in withdrawal.blocked_reasons or (withdrawal.blocked_reasons and day >= withdrawal.expiry_earliest):
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


# ---------------------------------------------------------------- cross-checks


@dataclass
class Finding:
    """A problem found in valid-shaped content, at a path in the file."""

    path: Path
    message: str
    severity: str = "error"


SOURCE_FIELDS = ("sources", "summary_sources", "assessment_sources")
# A Markdown link target may hold one level of balanced parentheses, as in javascript:alert(1).
LINK = re.compile(r"\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))*)|<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>")
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def walk(node: object, path: Path = ()) -> Iterator[tuple[Path, str, object]]:
    """Every (path, field name, value) in a model tree."""
    if isinstance(node, model.Strict):
        for name in type(node).model_fields:
            value = getattr(node, name)
            yield path + (name,), name, value
            if isinstance(value, (model.Strict, list)):
                yield from walk(value, path + (name,))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            if isinstance(item, model.Strict):
                yield from walk(item, path + (index,))


def check(explainer: model.Explainer, found: dict[str, Withdrawal]) -> list[Finding]:
    """Every cross-reference, date-order and sourcing problem in the content."""
    findings: list[Finding] = []
    add = lambda path, message, severity="error": findings.append(Finding(tuple(path), message, severity))  # noqa: E731
    as_of = explainer.explainer.as_of
    source_ids = {s.id for s in explainer.sources}
    state_ids = {s.id for s in explainer.states}
    used_sources: set[str] = set()

    for collection, key in (
        ("sources", "id"), ("states", "id"), ("events", "id"), ("misreadings", "id"), ("disagreements", "id"),
    ):
        first: dict[str, int] = {}
        for index, item in enumerate(getattr(explainer, collection)):
            value = getattr(item, key)
            if value in first:
                add((collection, index, key), f'duplicate id "{value}" (first used at {collection}[{first[value]}]); ids must be unique.')
            first.setdefault(value, index)
    for where, items in (("arguments", "sides"), ("arguments", "items")):
        first = {}
        for index, item in enumerate(getattr(explainer.arguments, items)):
            if item.id in first:
                add((where, items, index, "id"), f'duplicate id "{item.id}" (first used at {where}.{items}[{first[item.id]}]); ids must be unique.')
            first.setdefault(item.id, index)
    terms: dict[str, int] = {}
    for index, term in enumerate(explainer.glossary):
        for name in [term.term, *term.aliases]:
            if name.casefold() in terms and terms[name.casefold()] != index:
                add(("glossary", index, "term"), f'"{name}" is already defined at glossary[{terms[name.casefold()]}]; define each term once.')
            terms.setdefault(name.casefold(), index)

    refused = [h.lower() for h in explainer.explainer.refused_hosts]
    for path, name, value in walk(explainer):
        if name in SOURCE_FIELDS and isinstance(value, list) and path != ("sources",):
            for index, source_id in enumerate(value):
                used_sources.add(source_id)
                if source_id not in source_ids:
                    add(path + (index,), f'unknown source "{source_id}"; {did_you_mean(source_id, source_ids, "known ids include")}')
        elif isinstance(value, str) and ("](" in value or "<" in value) and name not in ("url", "read_at", "archived_url"):
            for match in LINK.finditer(value):
                target = (match.group(1) or match.group(2) or "").strip()
                scheme = SCHEME.match(target)
                if scheme and scheme.group(1).lower() not in model.LINK_SCHEMES:
                    add(path, f'link to "{target[:40]}" is not allowed; links may use only {", ".join(model.LINK_SCHEMES)}.')
        elif name in ("url", "read_at", "archived_url") and isinstance(value, str) and refused:
            host = re.sub(r"^https?://([^/:?#]+).*$", r"\1", value).lower()
            for pattern in refused:
                if host == pattern or (pattern.startswith("*.") and (host.endswith(pattern[1:]) or host == pattern[2:])):
                    add(path, f'"{host}" is a refused host (explainer.refused_hosts: {pattern}); cite another source.')

    for index, source in enumerate(explainer.sources):
        if source.url is None and source.read_at is None:
            add(("sources", index), "a source needs `url` (the original) or `read_at` (a copy), so readers can follow it.")
        if source.published and source.published.earliest > as_of:
            add(("sources", index, "published"), f"published {source.published.isoformat()}, after as_of {as_of}; check the date.", "warning")
        if source.id not in used_sources:
            add(("sources", index, "id"), f'source "{source.id}" is never cited; cite it or remove it.', "warning")

    treaty = explainer.treaty
    if not treaty.adopted.date.earliest <= treaty.opened_for_signature.date.latest <= treaty.entry_into_force.date.latest:
        add(("treaty", "entry_into_force"), "dates out of order: adoption, opening for signature and entry into force must follow each other.")

    rule = treaty.entry_into_force_rule
    for index, state in enumerate(explainer.states):
        joined = state.joined
        if joined is None:
            continue
        path = ("states", index, "joined")
        if joined.signed and joined.signed.earliest > joined.deposited.latest:
            add(path + ("signed",), "signed after the instrument was deposited; check both dates.")
        if joined.deposited.earliest > joined.entry_into_force.latest:
            add(path + ("entry_into_force",), "entry into force is before the deposit; check both dates.")
        if rule and joined.deposited.precision == "day" and joined.entry_into_force.precision == "day":
            computed = entry_into_force_on(joined.deposited.earliest, rule)
            if computed != joined.entry_into_force.earliest:
                add(path + ("entry_into_force",),
                    f"{joined.entry_into_force.isoformat()} differs from {computed.isoformat()}, which Art. {rule.article} gives for a deposit on {joined.deposited.isoformat()}; check the sources.",
                    "warning")
        for c_index, conflict in enumerate(state.armed_conflicts):
            if conflict.end and conflict.end.latest < conflict.start.earliest:
                add(("states", index, "armed_conflicts", c_index, "end"), "ends before it starts; check both dates.")

    sides = {side.id for side in explainer.arguments.sides}
    argument_side = {a.id: a.side for a in explainer.arguments.items}
    per_side = {side: 0 for side in sides}
    for index, argument in enumerate(explainer.arguments.items):
        path = ("arguments", "items", index)
        if argument.side not in sides:
            add(path + ("side",), f'unknown side "{argument.side}"; {did_you_mean(argument.side, sides, "declared sides")}')
        else:
            per_side[argument.side] += 1
        for a_index, answered in enumerate(argument.answers):
            if answered not in argument_side:
                add(path + ("answers", a_index), f'unknown argument "{answered}"; {did_you_mean(answered, argument_side, "argument ids")}')
            elif argument_side[answered] == argument.side:
                add(path + ("answers", a_index), f'"{answered}" is on the same side; an answer must reply to another side.')
    if per_side and min(per_side.values()) * 3 < max(per_side.values()) * 2:
        counts = ", ".join(f"{side}: {n}" for side, n in sorted(per_side.items()))
        add(("arguments", "items"), f"the sides are unbalanced ({counts}); give each side about the same number of arguments.", "warning")

    disagreement_ids = {d.id for d in explainer.disagreements}
    for index, disagreement in enumerate(explainer.disagreements):
        for s_index, state_id in enumerate(disagreement.states):
            if state_id not in state_ids:
                add(("disagreements", index, "states", s_index), f'unknown state "{state_id}"; {did_you_mean(state_id, state_ids, "state ids")}')
        if disagreement.assessment and not disagreement.assessment_sources:
            add(("disagreements", index, "assessment"), "an assessment needs `assessment_sources`.")
    for index, state in enumerate(explainer.states):
        if state.summary and not state.summary_sources:
            add(("states", index, "summary"), "a summary needs `summary_sources`.")

    rule_w = treaty.withdrawal_rule
    first_state: dict[str, model.State] = {}
    for state in explainer.states:
        first_state.setdefault(state.id, state)
    for index, event in enumerate(explainer.events):
        path = ("events", index)
        for s_index, state_id in enumerate(event.states):
            if state_id not in state_ids:
                add(path + ("states", s_index), f'unknown state "{state_id}"; {did_you_mean(state_id, state_ids, "state ids")}')
        if event.disagreement and event.disagreement not in disagreement_ids:
            add(path + ("disagreement",), f'unknown disagreement "{event.disagreement}"; {did_you_mean(event.disagreement, disagreement_ids, "disagreement ids")}')
        if event.date.earliest > as_of and not event.planned:
            add(path + ("date",), f"{event.date.isoformat()} is after as_of ({as_of}); mark the event `planned: true` or check the date.")
        if event.planned and event.date.latest <= as_of:
            add(path + ("planned",), f"marked planned but dated {event.date.isoformat()}, before as_of ({as_of}); say what happened instead.", "warning")
        is_notice = event.kind is EventKind.notice_received
        if not is_notice:
            for name in ("later_date", "stated_effective"):
                if getattr(event, name) is not None:
                    add(path + (name,), f"`{name}` belongs only on a notice_received event, not on {event.kind.value}.")
            if event.instrument is not Instrument.withdrawal:
                add(path + ("instrument",), f"`instrument` belongs only on a notice_received event, not on {event.kind.value}.")
        if event.kind in (EventKind.notice_received, EventKind.notice_revoked, EventKind.withdrawal_effective) and len(event.states) != 1:
            add(path + ("states",), f"a {event.kind.value} event concerns exactly one state; found {len(event.states)}.")
        if is_notice and event.later_date and not rule_w.later_date_allowed:
            add(path + ("later_date",), f"the withdrawal rule (Art. {rule_w.article}) does not let a notice name a later date; remove it or set treaty.withdrawal_rule.later_date_allowed.")
        if is_notice and len(event.states) == 1 and event.states[0] in state_ids:
            state = first_state[event.states[0]]
            if state.joined is None or event.date.earliest < state.joined.deposited.earliest:
                add(path + ("date",), f"{state.name} was not bound by the treaty on {event.date.isoformat()}; a notice needs an earlier joining.")

    first_event: dict[str, int] = {}
    for index, event in enumerate(explainer.events):
        first_event.setdefault(event.id, index)
    for state_id, withdrawal in found.items():
        # list.index compares models field by field: once per notice over every event (quadratic).
        # Any event equal to the notice has its id, so the first event with that id is the answer when it matches.
        index = first_event[withdrawal.notice.id]
        if explainer.events[index] != withdrawal.notice:
            index = explainer.events.index(withdrawal.notice)
        if withdrawal.stated_matches is False:
            computed = withdrawal.effective.isoformat() if withdrawal.effective else "no effective date"
            add(("events", index, "stated_effective"),
                f"a source states {withdrawal.stated.date.isoformat()}, but the rule (Art. {rule_w.article}) gives {computed}; the page flags the difference.",
                "warning")
    for index, event in enumerate(explainer.events):
        if event.kind is EventKind.withdrawal_effective and event.states and event.states[0] in found:
            withdrawal = found[event.states[0]]
            if withdrawal.effective is None or not event.date.earliest <= withdrawal.effective <= event.date.latest:
                add(("events", index, "date"), f"a source dates the withdrawal {event.date.isoformat()}, but the rule gives {withdrawal.effective or 'no effective date'}; the page flags the difference.", "warning")
    return findings
