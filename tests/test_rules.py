"""The treaty mechanics, pinned by tables of real cases and edge cases."""

import copy
import datetime as dt
from pathlib import Path

import pytest
import yaml

from explainer import checks, model, rules

D = dt.date
SIX_MONTHS = model.Period(amount=6, unit="months")


@pytest.mark.parametrize(
    "received, effective, clamped",
    [
        # Real cases from the fact sheet (§4): Estonia, Latvia, Lithuania; Finland; Poland.
        (D(2025, 6, 27), D(2025, 12, 27), False),
        (D(2025, 7, 10), D(2026, 1, 10), False),
        (D(2025, 8, 20), D(2026, 2, 20), False),
        # Month ends: clamp to the last day, never overflow into March.
        (D(2025, 8, 29), D(2026, 2, 28), True),
        (D(2025, 8, 30), D(2026, 2, 28), True),
        (D(2025, 8, 31), D(2026, 2, 28), True),
        (D(2027, 8, 31), D(2028, 2, 29), True),  # leap year
        (D(2027, 8, 29), D(2028, 2, 29), False),
        (D(2025, 12, 31), D(2026, 6, 30), True),
        (D(2025, 3, 31), D(2025, 9, 30), True),
        (D(2025, 1, 31), D(2025, 7, 31), False),
    ],
)
def test_six_months_after_receipt(received, effective, clamped):
    """Six months run to the same day, or the month's last day when it has no such day."""
    assert rules.add_period(received, SIX_MONTHS) == (effective, clamped)


@pytest.mark.parametrize(
    "amount, unit, start, expected",
    [
        (12, "months", D(2024, 2, 29), D(2025, 2, 28)),
        (1, "years", D(2024, 2, 29), D(2025, 2, 28)),
        (30, "days", D(2001, 8, 31), D(2001, 9, 30)),
        (90, "days", D(2025, 12, 1), D(2026, 3, 1)),
    ],
)
def test_other_notice_periods(amount, unit, start, expected):
    """Other treaties' periods (months, years, days) use the same arithmetic."""
    assert rules.add_period(start, model.Period(amount=amount, unit=unit))[0] == expected


ART_17 = model.EntryIntoForceRule(period=SIX_MONTHS, first_day_of_month=True, article="17(2)", sources=["x"])


@pytest.mark.parametrize(
    "deposited, in_force",
    [  # Art. 17(2) cases from the fact sheet: the first day of the sixth month after deposit.
        (D(2003, 5, 12), D(2003, 11, 1)),
        (D(2004, 5, 12), D(2004, 11, 1)),
        (D(2005, 7, 1), D(2006, 1, 1)),
        (D(2005, 12, 27), D(2006, 6, 1)),
        (D(2012, 1, 9), D(2012, 7, 1)),
        (D(2012, 12, 27), D(2013, 6, 1)),
        (D(2025, 3, 12), D(2025, 9, 1)),
        (D(2025, 6, 25), D(2025, 12, 1)),
        (D(2025, 6, 26), D(2025, 12, 1)),
    ],
)
def test_entry_into_force_for_joining_states(deposited, in_force):
    assert rules.entry_into_force_on(deposited, ART_17) == in_force


def make_state(conflicts=()):
    return model.State(
        id="XX", name="Examplia",
        joined=model.Joining(consent="accession", deposited="2005-01-10", entry_into_force="2005-07-01", sources=["x"]),
        armed_conflicts=[model.ArmedConflict(start=s, end=e, description="c", sources=["x"]) for s, e in conflicts],
    )


def make_notice(date, instrument="withdrawal", later_date=None):
    return model.Event(id="n", date=date, states=["XX"], kind="notice_received", title="t", summary="s",
                       sources=["x"], instrument=instrument, later_date=later_date)


def make_rule(**changes):
    fields = dict(article="20", notice_period=SIX_MONTHS, armed_conflict_clause=True, sources=["x"],
                  text=[model.Article(number="20", title="t", text="t", sources=["x"])])
    fields.update(changes)
    return model.WithdrawalRule(**fields)


@pytest.mark.parametrize(
    "day, status, since, days_left",
    [
        (D(2005, 6, 30), "not_party", None, None),
        (D(2005, 7, 1), "party", D(2005, 7, 1), None),
        (D(2025, 6, 26), "party", D(2005, 7, 1), None),
        (D(2025, 6, 27), "withdrawal_pending", D(2025, 6, 27), 183),
        (D(2025, 12, 26), "withdrawal_pending", D(2025, 6, 27), 1),
        (D(2025, 12, 27), "withdrawn", D(2025, 12, 27), None),
        (D(2030, 1, 1), "withdrawn", D(2025, 12, 27), None),
    ],
)
def test_status_on_any_day(day, status, since, days_left):
    """One function answers for every day, so --as-of can rebuild the site as it stood then."""
    state = make_state()
    withdrawal = rules.withdrawal_of(state, make_notice("2025-06-27"), None, make_rule())
    result = rules.status_on(state, withdrawal, day)
    assert (result.status, result.since, result.days_remaining) == (status, since, days_left)


def test_armed_conflict_at_expiry_blocks_the_withdrawal():
    """Art. 20(3)-style clause: in armed conflict on the expiry day means no effective date."""
    state = make_state(conflicts=[("2022-02-24", None)])
    withdrawal = rules.withdrawal_of(state, make_notice("2025-07"), None, make_rule())
    assert withdrawal.effective is None and withdrawal.blocked_reasons == ("armed_conflict",)
    assert (withdrawal.expiry_earliest, withdrawal.expiry_latest) == (D(2026, 1, 1), D(2026, 1, 31))
    assert rules.status_on(state, withdrawal, D(2025, 12, 1)).status == "withdrawal_pending"
    assert rules.status_on(state, withdrawal, D(2026, 3, 1)).status == "withdrawal_blocked"


def test_a_conflict_that_ended_moves_the_date_to_its_end():
    state = make_state(conflicts=[("2025-01-01", "2026-05-15")])
    withdrawal = rules.withdrawal_of(state, make_notice("2025-06-27"), None, make_rule())
    assert withdrawal.effective == D(2026, 5, 15)


def test_without_the_clause_a_conflict_changes_nothing():
    """Another treaty without the clause: the same facts give a plain six-month date."""
    state = make_state(conflicts=[("2022-02-24", None)])
    withdrawal = rules.withdrawal_of(state, make_notice("2025-06-27"), None, make_rule(armed_conflict_clause=False))
    assert withdrawal.effective == D(2025, 12, 27) and withdrawal.blocked_reasons == ()


@pytest.mark.parametrize("day", [D(2025, 7, 17), D(2025, 7, 18), D(2026, 1, 18), D(2030, 1, 1)])
def test_a_suspension_the_treaty_does_not_allow_never_changes_the_status(day):
    """A notice of an instrument the treaty does not provide for: the state stays a party, the notice recorded.

    (Until this change a suspension showed as "withdrawal_blocked"; issue 12 found that untrue.)"""
    state = make_state(conflicts=[("2022-02-24", None)])
    withdrawal = rules.withdrawal_of(state, make_notice("2025-07-18", instrument="suspension"), None, make_rule())
    assert withdrawal.effective is None and withdrawal.blocked_reasons == ("suspension",)
    assert not withdrawal.provided_for and withdrawal.conflict is None  # the armed-conflict clause is for withdrawals
    result = rules.status_on(state, withdrawal, day)
    assert (result.status, result.since, result.days_remaining) == ("party", D(2005, 7, 1), None)
    if day >= D(2025, 7, 18):
        assert result.withdrawal is withdrawal and result.notified_without_effect == "suspension"
        assert result.label == "Party (a notice of suspension has no effect)"
    else:
        assert result.withdrawal is None and result.label == "Party"


def test_a_suspension_counts_where_the_treaty_allows_it():
    """Another treaty that allows suspension: the notice runs its period like a withdrawal."""
    state = make_state()
    withdrawal = rules.withdrawal_of(state, make_notice("2025-07-18", instrument="suspension"), None,
                                     make_rule(suspension_allowed=True))
    assert withdrawal.provided_for and withdrawal.effective == D(2026, 1, 18)
    assert rules.status_on(state, withdrawal, D(2025, 8, 1)).status == "withdrawal_pending"


def test_a_revoked_notice_never_takes_effect():
    state = make_state()
    revocation = model.Event(id="r", date="2025-09-01", states=["XX"], kind="notice_revoked", title="t", summary="s", sources=["x"])
    withdrawal = rules.withdrawal_of(state, make_notice("2025-06-27"), revocation, make_rule())
    assert withdrawal.effective is None
    assert rules.status_on(state, withdrawal, D(2025, 8, 1)).status == "withdrawal_pending"
    assert rules.status_on(state, withdrawal, D(2026, 1, 1)).status == "party"


def test_a_notice_revoked_before_its_expiry_is_never_held_by_the_armed_conflict_clause():
    """The clause applies only to a withdrawal that reaches its expiry day."""
    state = make_state(conflicts=[("2022-02-24", None)])
    revocation = model.Event(id="r", date="2025-09-01", states=["XX"], kind="notice_revoked", title="t", summary="s", sources=["x"])
    withdrawal = rules.withdrawal_of(state, make_notice("2025-06-27"), revocation, make_rule())
    assert (withdrawal.effective, withdrawal.blocked_reasons, withdrawal.conflict) == (None, (), None)
    assert rules.status_on(state, withdrawal, D(2026, 3, 1)).status == "party"


@pytest.mark.parametrize(
    "conflicts, received, effective, reasons",
    [
        ([("2022-02-24", None)], "2025-06-27", None, ("armed_conflict",)),         # ongoing at expiry: no date
        ([("2025", None)], "2025-06-27", None, ("armed_conflict",)),               # start known only to the year
        ([("2026-01-01", None)], "2025-06-27", D(2025, 12, 27), ()),              # begins after the expiry day
        ([("2024-01-01", "2025-12-01")], "2025-06-27", D(2025, 12, 27), ()),      # ended before the expiry day
        ([("2024-01-01", "2026-05-15")], "2025-06-27", D(2026, 5, 15), ("armed_conflict",)),  # ends later: then
        ([("2024-01-01", "2026-05")], "2025-06-27", D(2026, 5, 31), ("armed_conflict",)),     # ends in a month: its last day
    ],
)
def test_the_armed_conflict_clause_looks_at_the_expiry_day(conflicts, received, effective, reasons):
    """In armed conflict on the expiry day: not before the conflict ends; otherwise the period decides."""
    withdrawal = rules.withdrawal_of(make_state(conflicts=conflicts), make_notice(received), None, make_rule())
    assert (withdrawal.effective, withdrawal.blocked_reasons) == (effective, reasons)


def test_a_later_date_counts_only_where_the_rule_allows_it():
    state = make_state()
    notice = make_notice("2025-06-27", later_date="2026-03-01")
    assert rules.withdrawal_of(state, notice, None, make_rule(later_date_allowed=True)).effective == D(2026, 3, 1)
    assert rules.withdrawal_of(state, notice, None, make_rule()).effective == D(2025, 12, 27)


def event(event_id, date, kind="other", states=("XX",)):
    return model.Event(id=event_id, date=date, states=list(states), kind=kind, title="t", summary="s", sources=["x"])


@pytest.mark.parametrize(
    "events, order",
    [
        # A month-only notice follows the vote that authorised it and precedes its circulation (issue 12: Ukraine).
        ([event("vote", "2025-07-15", "parliament_vote"), event("notice", "2025-07", "notice_received"),
          event("circulated", "2025-07-21", "notice_circulated"), event("early", "2025-07-02")],
         ["early", "vote", "notice", "circulated"]),
        # A month-only domestic step precedes the notice it leads to (Finland's President, "early July").
        ([event("notice", "2025-07-10", "notice_received"), event("president", "2025-07", "head_of_state_decision"),
          event("plan", "2025-07-09", "production_plan")],
         ["plan", "president", "notice"]),
        # Nothing to follow or precede: the end of the month, after every dated day (Tonga, "late June").
        ([event("joined", "2025-06", "joined", ["TO"]), event("vote", "2025-06-25", "parliament_vote", ["PL"]),
          event("next", "2025-07-01")],
         ["vote", "joined", "next"]),
        # Only the state's own steps count; a year-only event sorts at the end of its year.
        ([event("other-state", "2025-07-20", "parliament_vote", ["YY"]), event("notice", "2025-07", "notice_received"),
          event("year", "2025"), event("january", "2026-01-01")],
         ["other-state", "notice", "year", "january"]),
        # Day-precise events keep their day; ties break by id.
        ([event("b", "2025-07-15"), event("a", "2025-07-15"), event("c", "2025-07-14")], ["c", "a", "b"]),
    ],
)
def test_timeline_order(events, order):
    """One sort key for every output: a month-only event never sorts before a day it must follow."""
    assert [e.id for e in rules.in_timeline_order(events)] == order
    assert [e.id for e in sorted(events, key=rules.timeline_sort_key(events))] == order


# ---------------------------------------------------------------- cross-checks, one table per check

SMALL = yaml.safe_load((Path(__file__).parent / "fixtures" / "small.yaml").read_text(encoding="utf-8"))


def small_with(edit=None) -> model.Explainer:
    """The small fixture, with one edit to its raw data."""
    data = copy.deepcopy(SMALL)
    if edit:
        edit(data)
    return model.Explainer.model_validate(data)


def findings_of(one_check, edit=None) -> list[tuple[tuple, str, str]]:
    x = small_with(edit)
    return [(f.path, f.severity, f.message) for f in one_check(x, rules.withdrawals(x))]


def _set(path, value):
    def edit(data):
        node = data
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = value
    return edit


def _append(path, value):
    def edit(data):
        node = data
        for step in path:
            node = node[step]
        node.append(value)
    return edit


NEW_EVENT = {"id": "x-event", "date": "2025-01-01", "kind": "other", "title": "t", "summary": "s", "sources": ["union-report"]}


CHECK_CASES = [
        (checks.unique_ids, _append(("events",), dict(NEW_EVENT, id="aa-notice")),
         [(("events", 2, "id"), "error", 'duplicate id "aa-notice" (first used at events[0]); ids must be unique.')]),
        (checks.unique_ids, _append(("arguments", "items"), dict(SMALL["arguments"]["items"][0])),
         [(("arguments", "items", 2, "id"), "error", 'duplicate id "cost" (first used at arguments.items[0]); ids must be unique.')]),
        (checks.unique_glossary_terms, _append(("glossary",), {"term": "Depositary", "definition": "d"}),
         [(("glossary", 1, "term"), "error", '"Depositary" is already defined at glossary[0]; define each term once.')]),
        (checks.known_sources, _set(("events", 1, "sources"), ["union-reprot"]),
         [(("events", 1, "sources", 0), "error", 'unknown source "union-reprot"; did you mean "union-report"?')]),
        (checks.usable_sources, _set(("sources", 1, "published"), "2027"),
         [(("sources", 1, "published"), "warning", "published 2027, after as_of 2026-03-01; check the date.")]),
        (checks.usable_sources, _append(("sources",), {"id": "spare", "title": "t", "publisher": "p", "kind": "news", "url": "https://e.com"}),
         [(("sources", 3, "id"), "warning", 'source "spare" is never cited; cite it or remove it.')]),
        (checks.treaty_dates_in_order, _set(("treaty", "entry_into_force", "date"), "2000-01-01"),
         [(("treaty", "entry_into_force"), "error",
           "dates out of order: adoption, opening for signature and entry into force must follow each other.")]),
        (checks.joining_dates, _set(("states", 1, "joined", "entry_into_force"), "2003-02-10"),
         [(("states", 1, "joined", "entry_into_force"), "warning",
           "2003-02-10 differs from 2003-02-09, which Art. 8 gives for a deposit on 2003-01-10; check the sources.")]),
        (checks.joining_dates, _set(("states", 0, "joined", "signed"), "2001-09-01"),
         [(("states", 0, "joined", "signed"), "error", "signed after the instrument was deposited; check both dates.")]),
        (checks.conflict_dates, _set(("states", 0, "armed_conflicts"), [{"start": "2020", "end": "2019", "description": "d", "sources": ["union-report"]}]),
         [(("states", 0, "armed_conflicts", 0, "end"), "error", "ends before it starts; check both dates.")]),
        (checks.argument_references, _set(("arguments", "items", 1, "answers"), ["harm"]),
         [(("arguments", "items", 1, "answers", 0), "error", '"harm" is on the same side; an answer must reply to another side.')]),
        (checks.balanced_sides, _append(("arguments", "items"), dict(SMALL["arguments"]["items"][0], id="cost-2")),
         [(("arguments", "items"), "warning",
           "the sides are unbalanced (against: 1, for: 2); give each side about the same number of arguments.")]),
        (checks.disagreements_and_summaries, _set(("disagreements", 0, "assessment"), "An assessment."),
         [(("disagreements", 0, "assessment"), "error", "an assessment needs `assessment_sources`.")]),
        (checks.event_references, _set(("events", 1, "disagreement"), "bb-dat"),
         [(("events", 1, "disagreement"), "error", 'unknown disagreement "bb-dat"; did you mean "bb-date"?')]),
        (checks.event_dates_and_as_of, _set(("events", 1, "date"), "2026-04-01"),
         [(("events", 1, "date"), "error", "2026-04-01 is after as_of (2026-03-01); mark the event `planned: true` or check the date.")]),
        (checks.notice_fields, _append(("events",), dict(NEW_EVENT, instrument="suspension")),
         [(("events", 2, "instrument"), "error", "`instrument` belongs only on a notice_received event, not on other.")]),
        (checks.notice_fields, _set(("events", 1, "later_date"), "2027-01-01"),
         [(("events", 1, "later_date"), "error", "the withdrawal rule (Art. 9) does not let a notice name a later date; "
                                                 "remove it or set treaty.withdrawal_rule.later_date_allowed.")]),
        (checks.notices_after_joining, _set(("events", 1, "date"), "2002-01-01"),
         [(("events", 1, "date"), "error", "Betaland was not bound by the treaty on 2002-01-01; a notice needs an earlier joining.")]),
        (checks.stated_effective_dates, _set(("events", 0, "stated_effective", "date"), "2025-09-01"),
         [(("events", 0, "stated_effective"), "warning",
           "a source states 2025-09-01, but the rule (Art. 9) gives 2025-08-31; the page flags the difference.")]),
]


@pytest.mark.parametrize("one_check, edit, expected", CHECK_CASES,
                         ids=lambda value: value.__name__ if getattr(value, "__module__", "") == "explainer.checks" else None)
def test_each_check_alone(one_check, edit, expected):
    """Each named check finds its problem, and only its problem, in an otherwise clean file."""
    assert findings_of(one_check) == []
    assert findings_of(one_check, edit) == expected


def test_check_runs_every_named_check():
    """rules' old single check is now the list: the clean fixture gives nothing, each check is in it once."""
    assert checks.check(small_with(), rules.withdrawals(small_with())) == []
    assert len(set(checks.CHECKS)) == len(checks.CHECKS)
    assert {case[0] for case in CHECK_CASES} == set(checks.CHECKS)  # each check has a case of its own above


# ---------------------------------------------------------------- other treaties (tests/fixtures/treaties, test data)

TREATIES = Path(__file__).parent / "fixtures" / "treaties"


def treaty(name: str) -> model.Explainer:
    return model.Explainer.model_validate(yaml.safe_load((TREATIES / f"{name}.yaml").read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    "name, state_id, day, status, since, days_left",
    [
        # Leaving and coming back (Paris Agreement, United States): every membership and every notice counts.
        ("paris-rejoin", "US", D(2016, 11, 3), "not_party", None, None),
        ("paris-rejoin", "US", D(2016, 11, 4), "party", D(2016, 11, 4), None),
        ("paris-rejoin", "US", D(2019, 11, 4), "withdrawal_pending", D(2019, 11, 4), 366),
        ("paris-rejoin", "US", D(2020, 11, 3), "withdrawal_pending", D(2019, 11, 4), 1),
        ("paris-rejoin", "US", D(2020, 11, 4), "withdrawn", D(2020, 11, 4), None),
        ("paris-rejoin", "US", D(2021, 2, 18), "withdrawn", D(2020, 11, 4), None),
        ("paris-rejoin", "US", D(2021, 3, 1), "party", D(2021, 2, 19), None),
        ("paris-rejoin", "US", D(2025, 1, 27), "withdrawal_pending", D(2025, 1, 27), 365),
        ("paris-rejoin", "US", D(2026, 1, 27), "withdrawn", D(2026, 1, 27), None),
        # A notice before the rule allows notice has no effect; one naming a later date takes effect then.
        ("paris-early-notice", "XA", D(2022, 6, 1), "party", D(2020, 4, 9), None),
        ("paris-early-notice", "XA", D(2030, 1, 1), "party", D(2020, 4, 9), None),
        ("paris-early-notice", "XB", D(2025, 3, 1), "withdrawal_pending", D(2024, 3, 1), 213),
        ("paris-early-notice", "XB", D(2025, 9, 30), "withdrawn", D(2025, 9, 30), None),
        # Suspended the day before its effect, resumed ten years later: the day that remained runs again; the effect is disputed.
        ("npt-suspended", "KP", D(1993, 3, 12), "withdrawal_pending", D(1993, 3, 12), 92),
        ("npt-suspended", "KP", D(1993, 6, 11), "withdrawal_suspended", D(1993, 6, 11), None),
        ("npt-suspended", "KP", D(2003, 1, 9), "withdrawal_suspended", D(1993, 6, 11), None),
        ("npt-suspended", "KP", D(2003, 1, 10), "withdrawal_pending", D(2003, 1, 10), 1),
        ("npt-suspended", "KP", D(2003, 1, 11), "withdrawal_disputed", D(2003, 1, 11), None),
        # A bilateral treaty ends with one withdrawal: the other party is not "blocked" but the treaty is gone.
        ("inf-bilateral", "US", D(2019, 8, 1), "withdrawal_pending", D(2019, 2, 2), 1),
        ("inf-bilateral", "US", D(2019, 8, 2), "withdrawn", D(2019, 8, 2), None),
        ("inf-bilateral", "RU", D(2019, 8, 1), "party", D(1988, 6, 1), None),
        ("inf-bilateral", "RU", D(2019, 8, 2), "treaty_terminated", D(2019, 8, 2), None),
        # Entry into force by other rules (Rome Art. 126(2), and before the Statute's own entry into force).
        ("rome-eif", "JP", D(2007, 9, 30), "not_party", None, None),
        ("rome-eif", "JP", D(2007, 10, 1), "party", D(2007, 10, 1), None),
        ("rome-eif", "IE", D(2002, 6, 30), "not_party", None, None),
        ("rome-eif", "IE", D(2002, 7, 1), "party", D(2002, 7, 1), None),
        ("rome-eif", "BI", D(2017, 10, 26), "withdrawal_pending", D(2016, 10, 27), 1),
        ("rome-eif", "BI", D(2017, 10, 27), "withdrawn", D(2017, 10, 27), None),
    ],
)
def test_status_of_other_treaties_on_any_day(name, state_id, day, status, since, days_left):
    """One table for every capability of the format: the status, since when, and the days left, on given days."""
    x = treaty(name)
    result = rules.statuses_on(x, rules.notices_of(x), day)[state_id]
    assert (result.status, result.since, result.days_remaining) == (status, since, days_left)


@pytest.mark.parametrize(
    "deposited, rule, treaty_in_force, expected",
    [
        # Rome Art. 126(2): the first day of the month after the 60th day following the deposit.
        (D(2007, 7, 17), dict(period=dict(amount=60, unit="days"), first_day_of_next_month=True), None, D(2007, 10, 1)),
        (D(2004, 9, 21), dict(period=dict(amount=60, unit="days"), first_day_of_next_month=True), None, D(2004, 12, 1)),
        (D(2002, 4, 11), dict(period=dict(amount=60, unit="days"), first_day_of_next_month=True), None, D(2002, 7, 1)),
        # Joined before the treaty entered into force: bound from that day, not from the end of its own period.
        (D(2016, 9, 3), dict(period=dict(amount=30, unit="days")), D(2016, 11, 4), D(2016, 11, 4)),
        (D(2021, 1, 20), dict(period=dict(amount=30, unit="days")), D(2016, 11, 4), D(2021, 2, 19)),
        (D(1985, 12, 12), dict(period=dict(amount=0, unit="days")), None, D(1985, 12, 12)),
    ],
)
def test_entry_into_force_by_other_rules(deposited, rule, treaty_in_force, expected):
    assert rules.entry_into_force_on(deposited, model.EntryIntoForceRule(article="1", sources=["x"], **rule), treaty_in_force) == expected


@pytest.mark.parametrize(
    "received, day, days_left",
    [
        ("2025-07", D(2025, 12, 31), 1),      # before the range: days to its first day
        ("2025-07", D(2026, 1, 1), None),     # the first day it may take effect: how many days are left is not known
        ("2025-07", D(2026, 1, 15), None),    # inside the range of days: not known, never negative
        ("2025", D(2026, 3, 1), None),        # a year-only notice, well inside its range
    ],
)
def test_days_remaining_is_never_negative(received, day, days_left):
    """Month- or year-only notices: no "-14 days left" inside the range the rule gives."""
    state = make_state()
    result = rules.status_on(state, rules.withdrawal_of(state, make_notice(received), None, make_rule(armed_conflict_clause=False)), day)
    assert (result.status, result.days_remaining) == ("withdrawal_pending", days_left)


@pytest.mark.parametrize("received, clamped", [("2025-08-31", True), ("2025-08", False), ("2025", False)])
def test_only_a_day_precise_notice_is_clamped_to_a_months_end(received, clamped):
    """"That month has no such day" is never said of a date known only to the month or the year."""
    assert rules.withdrawal_of(make_state(), make_notice(received), None, make_rule()).clamped is clamped


REJOINED = {"consent": "accession", "deposited": "2026-01-10", "entry_into_force": "2026-02-09", "sources": ["union-report"]}

CHECK_CASES += [
        (checks.notice_fields, lambda data: (_set(("treaty", "withdrawal_rule", "later_date_allowed"), True)(data),
                                             _set(("events", 1, "later_date"), "2026-01-01")(data)),
         [(("events", 1, "later_date"), "error",
           "2026-01-01 is earlier than the notice period allows (2026-06-15 under Art. 9); give a later date or remove it.")]),
        (checks.joining_dates, _set(("states", 0, "joined_again"), [dict(REJOINED, deposited="2001-09-01", entry_into_force="2001-10-01")]),
         [(("states", 0, "joined_again", 0, "deposited"), "error",
           "a joining again must come after the earlier joining; list them oldest first.")]),
        (checks.notices_after_joining, _set(("treaty", "withdrawal_rule", "notice_earliest_after"), {"amount": 30, "unit": "years"}),
         [(("events", 0, "date"), "warning",
           "notice given 2024-08-31, before 2031-09-30, the first day Art. 9 allows; the pages show it as without effect. Check the date."),
          (("events", 1, "date"), "warning",
           "notice given 2025-06-15, before 2033-02-09, the first day Art. 9 allows; the pages show it as without effect. Check the date.")]),
        (checks.notice_fields, _set(("events", 1, "effect_disputed"), "bb-dat"),
         [(("events", 1, "effect_disputed"), "error", 'unknown disagreement "bb-dat"; did you mean "bb-date"?')]),
        (checks.notice_steps_follow_a_notice, _append(("events",), dict(NEW_EVENT, kind="notice_resumed", states=["BB"])),
         [(("events", 2, "kind"), "error", "a notice_resumed event needs an earlier notice_suspended event of the same state; add it or check the kind.")]),
        # Left (its withdrawal took effect on 2025-08-31) and never joined again: a later notice is an error.
        (checks.notices_after_joining, _append(("events",), dict(NEW_EVENT, id="aa-notice-2", date="2025-12-01", kind="notice_received", states=["AA"])),
         [(("events", 2, "date"), "error", "Alphaland was not bound by the treaty on 2025-12-01; a notice needs an earlier joining.")]),
]
