"""The one order of events every output shows: by date, a month- or year-only event placed by its state's procedure."""

from __future__ import annotations

import datetime as dt
from typing import Callable, Sequence

from . import model
from .model import EventKind

# Where a kind of event stands in a state's procedure: domestic steps come before the depositary receives
# a notice, and what others do about a notice comes after. Kinds without a stage follow no procedure.
STAGES = {
    EventKind.signature: 0, EventKind.joined: 0,
    EventKind.announcement: 1, EventKind.government_decision: 1, EventKind.parliament_vote: 1, EventKind.head_of_state_decision: 1,
    EventKind.notice_received: 2,
    EventKind.notice_circulated: 3, EventKind.objection: 3, EventKind.meeting_decision: 3, EventKind.notice_revoked: 3,
    EventKind.notice_suspended: 3, EventKind.notice_resumed: 3,
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
