"""Cross-checks of valid-shaped content: a list of small named checks, each a pure function testable alone.

Each check takes the explainer and the computed withdrawals and yields findings at paths in the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator

from . import model
from .errors import Path, did_you_mean
from .model import EventKind, Instrument
from .rules import Withdrawal, add_period, entry_into_force_for, memberships, notices_of


@dataclass
class Finding:
    """A problem found in valid-shaped content, at a path in the file."""

    path: Path
    message: str
    severity: str = "error"


Found = dict[str, Withdrawal]
Check = Callable[[model.Explainer, Found], Iterator[Finding]]

SOURCE_FIELDS = ("sources", "summary_sources", "assessment_sources")
URL_FIELDS = ("url", "read_at", "archived_url")
# A Markdown link target may hold one level of balanced parentheses, as in javascript:alert(1).


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


_walked: list = [None, ()]


def fields_of(x: model.Explainer) -> tuple[tuple[Path, str, object], ...]:
    """walk(x), remembered for the last explainer: four checks read every field, and one walk is the cost of all."""
    if _walked[0] is not x:
        _walked[:] = [x, tuple(walk(x))]
    return _walked[1]


def error(path, message: str) -> Finding:
    return Finding(tuple(path), message)


def warning(path, message: str) -> Finding:
    return Finding(tuple(path), message, "warning")


def _duplicates(items, key: str, where: Path, label: str) -> Iterator[Finding]:
    first: dict[str, int] = {}
    for index, item in enumerate(items):
        value = getattr(item, key)
        if value in first:
            yield error(where + (index, key), f'duplicate id "{value}" (first used at {label}[{first[value]}]); ids must be unique.')
        first.setdefault(value, index)


def unique_ids(x: model.Explainer, found: Found) -> Iterator[Finding]:
    """Ids are unique within each list."""
    for collection in ("sources", "states", "events", "misreadings", "disagreements"):
        yield from _duplicates(getattr(x, collection), "id", (collection,), collection)
    for items in ("sides", "items"):
        yield from _duplicates(getattr(x.arguments, items), "id", ("arguments", items), f"arguments.{items}")


def unique_glossary_terms(x: model.Explainer, found: Found) -> Iterator[Finding]:
    """Each glossary term or alias is defined once."""
    terms: dict[str, int] = {}
    for index, term in enumerate(x.glossary):
        for name in [term.term, *term.aliases]:
            if name.casefold() in terms and terms[name.casefold()] != index:
                yield error(("glossary", index, "term"), f'"{name}" is already defined at glossary[{terms[name.casefold()]}]; define each term once.')
            terms.setdefault(name.casefold(), index)


def cited_sources(x: model.Explainer) -> Iterator[tuple[Path, str]]:
    """(path, source id) of every citation in the content."""
    for path, name, value in fields_of(x):
        if name in SOURCE_FIELDS and isinstance(value, list) and path != ("sources",):
            for index, source_id in enumerate(value):
                yield path + (index,), source_id


def known_sources(x: model.Explainer, found: Found) -> Iterator[Finding]:
    """Every citation names a source in the list."""
    source_ids = {s.id for s in x.sources}
    for path, source_id in cited_sources(x):
        if source_id not in source_ids:
            yield error(path, f'unknown source "{source_id}"; {did_you_mean(source_id, source_ids, "known ids include")}')


def usable_sources(x: model.Explainer, found: Found) -> Iterator[Finding]:
    """Each source can be followed, is not dated after as_of, and is cited somewhere."""
    used = {source_id for _, source_id in cited_sources(x)}
    as_of = x.explainer.as_of
    for index, source in enumerate(x.sources):
        if source.url is None and source.read_at is None:
            yield error(("sources", index), "a source needs `url` (the original) or `read_at` (a copy), so readers can follow it.")
        if source.published and source.published.earliest > as_of:
            yield warning(("sources", index, "published"), f"published {source.published.isoformat()}, after as_of {as_of}; check the date.")
        if source.id not in used:
            yield warning(("sources", index, "id"), f'source "{source.id}" is never cited; cite it or remove it.')


def treaty_dates_in_order(x: model.Explainer, found: Found) -> Iterator[Finding]:
    """Adoption, opening for signature and entry into force follow each other."""
    treaty = x.treaty
    steps = [fact.date for fact in (treaty.adopted, treaty.opened_for_signature, treaty.entry_into_force) if fact is not None]
    if any(later.latest < earlier.earliest for earlier, later in zip(steps, steps[1:])):
        yield error(("treaty", "entry_into_force"), "dates out of order: adoption, opening for signature and entry into force must follow each other.")


def joining_dates(x: model.Explainer, found: Found) -> Iterator[Finding]:
    """Each joining's signature, deposit and entry into force are in order and agree with the treaty's rule."""
    for index, state in enumerate(x.states):
        joinings = [(("states", index, "joined"), state.joined)] if state.joined else []
        joinings += [(("states", index, "joined_again", n), j) for n, j in enumerate(state.joined_again)]
        if state.joined_again and state.joined is None:
            yield error(("states", index, "joined_again"), "a state joins again only after a first joining; give `joined` first.")
        for n, (path, joined) in enumerate(joinings):
            yield from _one_joining(x, path, joined)
            if n and joined.deposited.earliest <= joinings[n - 1][1].entry_into_force.latest:
                yield error(path + ("deposited",), "a joining again must come after the earlier joining; list them oldest first.")


def _one_joining(x: model.Explainer, path: Path, joined: model.Joining) -> Iterator[Finding]:
    """One joining's dates in order, and its entry into force as the treaty's rule gives it."""
    rule = x.treaty.entry_into_force_rule
    if joined.signed and joined.signed.earliest > joined.deposited.latest:
        yield error(path + ("signed",), "signed after the instrument was deposited; check both dates.")
    if joined.deposited.earliest > joined.entry_into_force.latest:
        yield error(path + ("entry_into_force",), "entry into force is before the deposit; check both dates.")
    if rule and joined.deposited.precision == "day" and joined.entry_into_force.precision == "day":
        computed = entry_into_force_for(joined.deposited.earliest, x.treaty)
        if computed != joined.entry_into_force.earliest:
            yield warning(path + ("entry_into_force",),
                          f"{joined.entry_into_force.isoformat()} differs from {computed.isoformat()}, which Art. {rule.article} "
                          f"gives for a deposit on {joined.deposited.isoformat()}; check the sources.")


def conflict_dates(x: model.Explainer, found: Found) -> Iterator[Finding]:
    """An armed conflict does not end before it starts."""
    for index, state in enumerate(x.states):
        for c_index, conflict in enumerate(state.armed_conflicts):
            if conflict.end and conflict.end.latest < conflict.start.earliest:
                yield error(("states", index, "armed_conflicts", c_index, "end"), "ends before it starts; check both dates.")


def argument_references(x: model.Explainer, found: Found) -> Iterator[Finding]:
    """Arguments name a declared side and answer arguments of another side."""
    sides = {side.id for side in x.arguments.sides}
    argument_side = {a.id: a.side for a in x.arguments.items}
    for index, argument in enumerate(x.arguments.items):
        path = ("arguments", "items", index)
        if argument.side not in sides:
            yield error(path + ("side",), f'unknown side "{argument.side}"; {did_you_mean(argument.side, sides, "declared sides")}')
        for a_index, answered in enumerate(argument.answers):
            if answered not in argument_side:
                yield error(path + ("answers", a_index), f'unknown argument "{answered}"; {did_you_mean(answered, argument_side, "argument ids")}')
            elif argument_side[answered] == argument.side:
                yield error(path + ("answers", a_index), f'"{answered}" is on the same side; an answer must reply to another side.')


def balanced_sides(x: model.Explainer, found: Found) -> Iterator[Finding]:
    """Each side has about as many arguments as the others."""
    per_side = {side.id: 0 for side in x.arguments.sides}
    for argument in x.arguments.items:
        if argument.side in per_side:
            per_side[argument.side] += 1
    if per_side and min(per_side.values()) * 3 < max(per_side.values()) * 2:
        counts = ", ".join(f"{side}: {n}" for side, n in sorted(per_side.items()))
        yield warning(("arguments", "items"), f"the sides are unbalanced ({counts}); give each side about the same number of arguments.")


def disagreements_and_summaries(x: model.Explainer, found: Found) -> Iterator[Finding]:
    """Disagreements name known states; assessments and summaries carry their sources."""
    state_ids = {s.id for s in x.states}
    for index, disagreement in enumerate(x.disagreements):
        for s_index, state_id in enumerate(disagreement.states):
            if state_id not in state_ids:
                yield error(("disagreements", index, "states", s_index), f'unknown state "{state_id}"; {did_you_mean(state_id, state_ids, "state ids")}')
        if disagreement.assessment and not disagreement.assessment_sources:
            yield error(("disagreements", index, "assessment"), "an assessment needs `assessment_sources`.")
    for index, state in enumerate(x.states):
        if state.summary and not state.summary_sources:
            yield error(("states", index, "summary"), "a summary needs `summary_sources`.")


def event_references(x: model.Explainer, found: Found) -> Iterator[Finding]:
    """Events name known states and disagreements."""
    state_ids = {s.id for s in x.states}
    disagreement_ids = {d.id for d in x.disagreements}
    for index, event in enumerate(x.events):
        for s_index, state_id in enumerate(event.states):
            if state_id not in state_ids:
                yield error(("events", index, "states", s_index), f'unknown state "{state_id}"; {did_you_mean(state_id, state_ids, "state ids")}')
        if event.disagreement and event.disagreement not in disagreement_ids:
            yield error(("events", index, "disagreement"),
                        f'unknown disagreement "{event.disagreement}"; {did_you_mean(event.disagreement, disagreement_ids, "disagreement ids")}')


def event_dates_and_as_of(x: model.Explainer, found: Found) -> Iterator[Finding]:
    """Events after as_of are planned, and planned events are after it."""
    as_of = x.explainer.as_of
    for index, event in enumerate(x.events):
        if event.date.earliest > as_of and not event.planned:
            yield error(("events", index, "date"), f"{event.date.isoformat()} is after as_of ({as_of}); mark the event `planned: true` or check the date.")
        if event.planned and event.date.latest <= as_of:
            yield warning(("events", index, "planned"),
                          f"marked planned but dated {event.date.isoformat()}, before as_of ({as_of}); say what happened instead.")


ONE_STATE_KINDS = (EventKind.notice_received, EventKind.notice_revoked, EventKind.notice_suspended, EventKind.notice_resumed,
                   EventKind.withdrawal_effective)
NOTICE_ONLY_FIELDS = ("later_date", "stated_effective", "effect_disputed")


def notice_fields(x: model.Explainer, found: Found) -> Iterator[Finding]:
    """Notice-only fields sit on notices; notices concern one state and name a later date only where allowed."""
    rule = x.treaty.withdrawal_rule
    for index, event in enumerate(x.events):
        path = ("events", index)
        if event.kind is not EventKind.notice_received:
            for name in NOTICE_ONLY_FIELDS:
                if getattr(event, name) is not None:
                    yield error(path + (name,), f"`{name}` belongs only on a notice_received event, not on {event.kind.value}.")
            if event.instrument is not Instrument.withdrawal:
                yield error(path + ("instrument",), f"`instrument` belongs only on a notice_received event, not on {event.kind.value}.")
        if event.kind in ONE_STATE_KINDS and len(event.states) != 1:
            yield error(path + ("states",), f"a {event.kind.value} event concerns exactly one state; found {len(event.states)}.")
        if event.kind is EventKind.notice_received and event.later_date and not rule.later_date_allowed:
            yield error(path + ("later_date",), f"the withdrawal rule (Art. {rule.article}) does not let a notice name a later date; "
                                                "remove it or set treaty.withdrawal_rule.later_date_allowed.")
        elif event.kind is EventKind.notice_received and event.later_date:
            earliest = add_period(event.date.latest, rule.notice_period)[0]
            if event.later_date.latest < earliest:
                yield error(path + ("later_date",), f"{event.later_date.isoformat()} is earlier than the notice period allows "
                                                    f"({earliest.isoformat()} under Art. {rule.article}); give a later date or remove it.")
        if event.effect_disputed and event.effect_disputed not in {d.id for d in x.disagreements}:
            known = {d.id for d in x.disagreements}
            yield error(path + ("effect_disputed",), f'unknown disagreement "{event.effect_disputed}"; {did_you_mean(event.effect_disputed, known, "disagreement ids")}')


def notices_after_joining(x: model.Explainer, found: Found) -> Iterator[Finding]:
    """A state gives notice only after it joined, and not before the rule allows notice."""
    first_state: dict[str, model.State] = {}
    for state in x.states:
        first_state.setdefault(state.id, state)
    notices = notices_of(x)
    early = {w.notice.id: w for given in notices.values() for w in given if w.too_early}
    for index, event in enumerate(x.events):
        if event.kind is EventKind.notice_received and len(event.states) == 1 and event.states[0] in first_state:
            state = first_state[event.states[0]]
            joinings = [j for j in memberships(state) if j.deposited.earliest <= event.date.earliest]
            # A withdrawal that took effect after the state's last joining and before this notice: it had already left.
            left = [w.effective_latest for w in notices.get(state.id, ()) if w.effective_latest and joinings
                    and joinings[-1].deposited.earliest <= w.notice.date.earliest and w.effective_latest <= event.date.earliest]
            if not joinings or left:
                yield error(("events", index, "date"), f"{state.name} was not bound by the treaty on {event.date.isoformat()}; a notice needs an earlier joining.")
            elif event.id in early:
                rule = x.treaty.withdrawal_rule
                yield warning(("events", index, "date"), f"notice given {event.date.isoformat()}, before {early[event.id].allowed_from.isoformat()}, "
                                                         f"the first day Art. {rule.article} allows; the pages show it as without effect. Check the date.")


def notice_steps_follow_a_notice(x: model.Explainer, found: Found) -> Iterator[Finding]:
    """A suspension or resumption concerns a notice the state gave before it (a resumption, a suspension before it)."""
    earlier = {EventKind.notice_suspended: EventKind.notice_received, EventKind.notice_resumed: EventKind.notice_suspended}
    for index, event in enumerate(x.events):
        if event.kind in earlier and len(event.states) == 1:
            needed = earlier[event.kind]
            if not any(e.kind is needed and e.states == event.states and e.date.earliest <= event.date.latest for e in x.events):
                yield error(("events", index, "kind"), f"a {event.kind.value} event needs an earlier {needed.value} event of the same state; "
                                                       "add it or check the kind.")


def stated_effective_dates(x: model.Explainer, found: Found) -> Iterator[Finding]:
    """A date a source states for a withdrawal agrees with the rule, or is flagged."""
    article = x.treaty.withdrawal_rule.article
    position = {id(event): index for index, event in enumerate(x.events)}
    notices = notices_of(x)
    for given in notices.values():
        for withdrawal in given:
            if withdrawal.stated_matches is False:
                computed = withdrawal.effective.isoformat() if withdrawal.effective else "no effective date"
                yield warning(("events", position[id(withdrawal.notice)], "stated_effective"),
                              f"a source states {withdrawal.stated.date.isoformat()}, but the rule (Art. {article}) gives {computed}; the page flags the difference.")
    for index, event in enumerate(x.events):
        if event.kind is EventKind.withdrawal_effective and event.states and event.states[0] in notices:
            before = [w for w in notices[event.states[0]] if w.notice.date.earliest <= event.date.latest]
            withdrawal = before[-1] if before else notices[event.states[0]][-1]
            if withdrawal.effective is None or not event.date.earliest <= withdrawal.effective <= event.date.latest:
                yield warning(("events", index, "date"), f"a source dates the withdrawal {event.date.isoformat()}, but the rule gives "
                                                         f"{withdrawal.effective or 'no effective date'}; the page flags the difference.")


CHECKS: tuple[Check, ...] = (
    unique_ids, unique_glossary_terms, known_sources, usable_sources, treaty_dates_in_order,
    joining_dates, conflict_dates, argument_references, balanced_sides, disagreements_and_summaries, event_references,
    event_dates_and_as_of, notice_fields, notices_after_joining, notice_steps_follow_a_notice, stated_effective_dates,
)


def check(explainer: model.Explainer, found: Found) -> list[Finding]:
    """Every cross-reference, date-order and sourcing problem in the content: the findings of every check."""
    return [finding for one_check in CHECKS for finding in one_check(explainer, found)]
