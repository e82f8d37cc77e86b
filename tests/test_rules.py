"""The treaty mechanics, pinned by tables of real cases and edge cases."""

import datetime as dt

import pytest

from explainer import model, rules

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


def test_a_suspension_is_blocked_from_the_day_it_is_received():
    state = make_state()
    withdrawal = rules.withdrawal_of(state, make_notice("2025-07-18", instrument="suspension"), None, make_rule())
    assert withdrawal.effective is None and "suspension" in withdrawal.blocked_reasons
    assert rules.status_on(state, withdrawal, D(2025, 7, 18)).status == "withdrawal_blocked"


def test_a_revoked_notice_never_takes_effect():
    state = make_state()
    revocation = model.Event(id="r", date="2025-09-01", states=["XX"], kind="notice_revoked", title="t", summary="s", sources=["x"])
    withdrawal = rules.withdrawal_of(state, make_notice("2025-06-27"), revocation, make_rule())
    assert withdrawal.effective is None
    assert rules.status_on(state, withdrawal, D(2025, 8, 1)).status == "withdrawal_pending"
    assert rules.status_on(state, withdrawal, D(2026, 1, 1)).status == "party"


def test_a_later_date_counts_only_where_the_rule_allows_it():
    state = make_state()
    notice = make_notice("2025-06-27", later_date="2026-03-01")
    assert rules.withdrawal_of(state, notice, None, make_rule(later_date_allowed=True)).effective == D(2026, 3, 1)
    assert rules.withdrawal_of(state, notice, None, make_rule()).effective == D(2025, 12, 27)
