"""Everything the build computes from a validated explainer, gathered once before rendering."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from . import checks, model, rules


@dataclass(frozen=True)
class Analysis:
    """The content plus what follows from it on one day."""

    explainer: model.Explainer
    as_of: dt.date
    withdrawals: dict[str, rules.Withdrawal]
    """Each state's latest notice (what the tables and the chart show)."""
    notices: dict[str, tuple[rules.Withdrawal, ...]]
    """Every notice of each state, oldest first (what statuses and counts are computed from)."""
    statuses: dict[str, rules.StateStatus]
    party_count: rules.PartyCount | None
    findings: list[checks.Finding]

    @functools.cached_property
    def states(self) -> dict[str, model.State]:
        return {s.id: s for s in self.explainer.states}

    @functools.cached_property
    def timeline(self) -> list[model.Event]:
        """The events in the order every output shows them (rules.timeline_sort_key)."""
        return rules.in_timeline_order(self.explainer.events)

    @functools.cached_property
    def sources(self) -> dict[str, model.Source]:
        return {s.id: s for s in self.explainer.sources}


def analyse(explainer: model.Explainer, as_of: dt.date | None = None) -> Analysis:
    """Compute withdrawals, statuses and checks for `as_of` (default: the file's own)."""
    if as_of is not None and as_of != explainer.explainer.as_of:
        # The site as it stood on that day: later events had not happened yet (planned ones stay).
        info = explainer.explainer.model_copy(update={"as_of": as_of})
        events = [e for e in explainer.events if e.planned or e.date.earliest <= as_of]
        explainer = explainer.model_copy(update={"explainer": info, "events": events})
    day = explainer.explainer.as_of
    notices = rules.notices_of(explainer)
    found = {state_id: given[-1] for state_id, given in notices.items()}
    return Analysis(
        explainer=explainer,
        as_of=day,
        withdrawals=found,
        notices=notices,
        statuses=rules.statuses_on(explainer, notices, day),
        party_count=rules.party_count_on(explainer, notices, day),
        findings=checks.check(explainer, found),
    )


def staleness(analysis: Analysis, today: dt.date) -> list[str]:
    """Reasons the facts may be out of date on `today`: an old as_of, or a pending date that has passed since."""
    info = analysis.explainer.explainer
    notes = []
    age = (today - analysis.as_of).days
    if info.stale_after_days is not None and age > info.stale_after_days:
        notes.append(f"the facts are checked to {analysis.as_of.isoformat()}, {age} days ago (explainer.stale_after_days: "
                     f"{info.stale_after_days}); check the sources again and move as_of forward.")
    for state_id, withdrawal in sorted(analysis.withdrawals.items()):
        due = withdrawal.effective_latest
        if due is not None and analysis.as_of < due <= today:
            name = analysis.states[state_id].name
            notes.append(f"{name}'s withdrawal was due on {due.isoformat()}, after as_of; check that it took effect and update as_of.")
    return notes
