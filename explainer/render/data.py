"""The machine-readable explainer: validated content plus everything computed (data/explainer.json)."""

from __future__ import annotations

import json

from .. import rules
from ..analysis import Analysis


def _day(day) -> str | None:
    return day.isoformat() if day is not None else None


def notice_data(w: rules.Withdrawal) -> dict:
    """One notice and what the rule makes of it."""
    return {
        "event": w.notice.id,
        "received": w.received.isoformat(),
        "instrument": w.notice.instrument.value,
        "later_date": _day(w.notice.later_date),
        "notice_period_ends": w.expiry_earliest.isoformat(),
        "notice_period_ends_latest": w.expiry_latest.isoformat(),
        "effective": _day(w.effective),
        "effective_latest": _day(w.effective_latest),
        "has_effect": w.has_effect,
        "notice_allowed_from": _day(w.allowed_from),
        "blocked_by": list(w.blocked_reasons),
        "revoked_on": _day(w.revoked_on),
        "suspended_on": _day(w.suspended_on),
        "resumed_on": _day(w.resumed_on),
        "effect_disputed": w.disputed,
        "stated_effective": w.stated.date.isoformat() if w.stated else None,
        "stated_effective_matches": w.stated_matches,
    }

FORMAT_VERSION = 2
"""2: every membership and every notice of a state (`memberships`, `notices`), `notice_later_date`, `party_count.treaty_ended_on` and `joined_again_since`."""


def explainer_data(analysis: Analysis) -> dict:
    """Content and computed results as plain JSON-ready data."""
    states = []
    for state in analysis.explainer.states:
        status = analysis.statuses[state.id]
        withdrawal = analysis.withdrawals.get(state.id)
        states.append({
            "id": state.id,
            "name": state.name,
            "status": status.status,
            # A notice known only to the month says so ("2025-07") rather than pretend a day.
            "status_since": (withdrawal.received.isoformat() if withdrawal and status.status in ("withdrawal_pending", "withdrawal_blocked")
                             else status.since.isoformat() if status.since else None),
            "days_remaining": status.days_remaining,
            "entry_into_force": state.joined.entry_into_force.isoformat() if state.joined else None,
            "notice_received": withdrawal.received.isoformat() if withdrawal else None,
            "notice_instrument": withdrawal.notice.instrument.value if withdrawal else None,
            "withdrawal_effective": withdrawal.effective.isoformat() if withdrawal and withdrawal.effective else None,
            "withdrawal_effective_latest": withdrawal.effective_latest.isoformat() if withdrawal and withdrawal.effective_latest else None,
            "withdrawal_blocked_by": list(withdrawal.blocked_reasons) if withdrawal else [],
            "date_clamped_to_month_end": withdrawal.clamped if withdrawal else False,
            "stated_effective": withdrawal.stated.date.isoformat() if withdrawal and withdrawal.stated else None,
            "stated_effective_matches": withdrawal.stated_matches if withdrawal else None,
            "notice_later_date": _day(withdrawal.notice.later_date) if withdrawal else None,
            "memberships": [{"consent": j.consent.value, "deposited": j.deposited.isoformat(), "entry_into_force": j.entry_into_force.isoformat()}
                            for j in rules.memberships(state)],
            "notices": [notice_data(w) for w in analysis.notices.get(state.id, ())],
        })
    count = analysis.party_count
    return {
        "format_version": FORMAT_VERSION,
        "as_of": analysis.as_of.isoformat(),
        "states": states,
        "party_count": None if count is None else {
            "count": count.count,
            "on": count.day.isoformat(),
            "computed_from": {"count": count.base.count, "on": count.base.date.isoformat(), "sources": count.base.sources},
            "withdrawals_since": [{"state": s, "effective": d.isoformat()} for s, d in count.left],
            "treaty_ended_on": _day(count.ended),
            "joined_again_since": [{"state": s, "entry_into_force": d.isoformat()} for s, d in count.returned],
        },
        "content": analysis.explainer.model_dump(mode="json"),
    }


def explainer_json(analysis: Analysis) -> str:
    """explainer.json as text: stable key order, so two builds of the same input are identical."""
    return json.dumps(explainer_data(analysis), ensure_ascii=False, separators=(",", ":")) + "\n"
