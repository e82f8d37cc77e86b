"""Everything the build computes from a validated explainer, gathered once before rendering."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from dataclasses import dataclass

from . import checks, model, rules
from .errors import Path, plural


_LIST_INDEX = re.compile(r"\b(events|sources)\[(\d+)\]")


@dataclass(frozen=True)
class LeftOut:
    """What an earlier --as-of day leaves out, and where what stays stands in the file."""

    as_of: dt.date
    events: int
    sources: int
    kept_events: tuple[int, ...]
    """The file's index of each event kept, in order: findings point at the file, not at the shorter list."""
    kept_sources: tuple[int, ...]
    later_sources_kept: int = 0
    """Sources published after the day but still cited by what stays (arguments, summaries, earlier events)."""

    def in_file(self, path: Path) -> Path:
        """The path in the events file of a path in the shortened explainer."""
        kept = {"events": self.kept_events, "sources": self.kept_sources}.get(path[0]) if path else None
        if kept is None or len(path) < 2 or not isinstance(path[1], int):
            return path
        return (path[0], kept[path[1]], *path[2:])

    def in_file_text(self, message: str) -> str:
        """A message with each `events[N]` or `sources[N]` it names counted in the file (duplicate ids name the first)."""
        return _LIST_INDEX.sub(lambda m: f"{m[1]}[{self.in_file((m[1], int(m[2])))[1]}]", message)

    def note(self) -> str | None:
        """One line for the author: what the earlier day leaves out, so it does not read as a mistake."""
        if not (self.events or self.sources or self.later_sources_kept):
            return None
        day = self.as_of.isoformat()
        line = f"--as-of {day}: {plural(self.events, 'event')} and {plural(self.sources, 'source')} after {day} are left out"
        if self.later_sources_kept:
            line += (f"; {plural(self.later_sources_kept, 'source')} published after {day} "
                     f"{'stays' if self.later_sources_kept == 1 else 'stay'} because what is kept cites "
                     f"{'it' if self.later_sources_kept == 1 else 'them'}")
        return line + "."


@dataclass(frozen=True)
class Analysis:
    """The content plus what follows from it on one day."""

    explainer: model.Explainer
    as_of: dt.date
    withdrawals: dict[str, rules.Withdrawal]
    statuses: dict[str, rules.StateStatus]
    party_count: rules.PartyCount | None
    findings: list[checks.Finding]
    left_out: LeftOut | None = None
    """What an earlier --as-of day leaves out of the file (None for the file's own day)."""

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


def as_it_stood(explainer: model.Explainer, as_of: dt.date) -> tuple[model.Explainer, LeftOut]:
    """The explainer as it stood on an earlier day: later events, and the sources only they cite or published later, left out."""
    kept_events = [i for i, e in enumerate(explainer.events) if e.planned or e.date.earliest <= as_of]
    events = [explainer.events[i] for i in kept_events]
    info = explainer.explainer.model_copy(update={"as_of": as_of})
    shorter = explainer.model_copy(update={"explainer": info, "events": events})
    cited_now = {source_id for _, source_id in checks.cited_sources(shorter)}
    cited_ever = {source_id for _, source_id in checks.cited_sources(explainer)}

    def later(source: model.Source) -> bool:
        if source.id in cited_now:
            return False  # still cited: leaving it out would break a citation
        return source.id in cited_ever or (source.published is not None and source.published.earliest > as_of)

    kept_sources = [i for i, s in enumerate(explainer.sources) if not later(s)]
    shorter = shorter.model_copy(update={"sources": [explainer.sources[i] for i in kept_sources]})
    left_out = LeftOut(as_of, len(explainer.events) - len(kept_events), len(explainer.sources) - len(kept_sources),
                       tuple(kept_events), tuple(kept_sources))
    return shorter, left_out


def analyse(explainer: model.Explainer, as_of: dt.date | None = None) -> Analysis:
    """Compute withdrawals, statuses and checks for `as_of` (default: the file's own)."""
    left_out = None
    if as_of is not None and as_of != explainer.explainer.as_of:
        explainer, left_out = as_it_stood(explainer, as_of)
    day = explainer.explainer.as_of
    found = rules.withdrawals(explainer)
    findings = checks.check(explainer, found)
    if left_out is not None:
        # A source published after an earlier --as-of day is the view's doing, not the author's mistake: the note counts them.
        later = [f for f in findings if f.severity == "warning" and f.path[0] == "sources" and f.path[-1] == "published"]
        left_out = dataclasses.replace(left_out, later_sources_kept=len(later))
        findings = [checks.Finding(left_out.in_file(f.path), left_out.in_file_text(f.message), f.severity)
                    for f in findings if f not in later]
    return Analysis(
        explainer=explainer,
        as_of=day,
        withdrawals=found,
        statuses=rules.statuses_on(explainer, found, day),
        party_count=rules.party_count_on(explainer, found, day),
        findings=findings,
        left_out=left_out,
    )


def staleness(analysis: Analysis, today: dt.date) -> list[str]:
    """Reasons the facts may be out of date on `today`: an old as_of, or a pending date that has passed since."""
    if analysis.left_out is not None:
        return []  # a day the author chose on purpose: the file's own age is not the question
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
