"""The CSV downloads: events, states and sources, one row each, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

from ..analysis import Analysis
from .files import iso, printable


# A spreadsheet (Excel, LibreOffice, Google Sheets) runs a cell that starts with one of these as a
# formula: author text like "=HYPERLINK(...)" would then run on a reader's computer when they open the
# download (CSV or formula injection). A leading apostrophe makes the cell plain text; the apostrophe
# shows in programs that do not treat it so, which is the lesser harm. Tab and carriage return are
# included because some spreadsheets strip them and then read what follows as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: object) -> str:
    """A cell as text that no spreadsheet runs as a formula."""
    text = "" if cell is None else printable(str(cell))
    # Some spreadsheets skip leading spaces and line breaks before they look for a formula mark.
    return "'" + text if text.lstrip(" \n").startswith(_FORMULA_START) else text


def _csv(header: list[str], rows: list[list[object]]) -> bytes:
    buffer = io.StringIO(newline="")
    # RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line break, quotes doubled.
    writer = csv.writer(buffer, dialect="excel", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    # No byte-order mark: with one, Python's csv module and most tools read it into the first header
    # ("\ufeffid"). Excel users open the file with Data > From Text/CSV (UTF-8); the Data page says so.
    return buffer.getvalue().encode("utf-8")


def _precision(day) -> str:
    """How precisely a date is known (day, month or year), so a reader never fills in a 1st that no source gives."""
    return "" if day is None else getattr(day, "precision", "day")


def _dated(day) -> list[str]:
    """A date's two cells: its ISO text (YYYY, YYYY-MM or YYYY-MM-DD) and its precision."""
    return [iso(day), _precision(day)]


def _bool(value: bool) -> str:
    return "true" if value else "false"


def events_csv(analysis: Analysis) -> bytes:
    """The author's events, one row each, in date order (computed entries are in states.csv)."""
    header = ["id", "date", "date_precision", "states", "kind", "title", "summary", "sources", "planned", "key"]
    events = analysis.timeline
    rows = [[e.id, e.date.isoformat(), e.date.precision, ";".join(e.states), e.kind.value, e.title,
             e.summary.strip(), ";".join(e.sources), _bool(e.planned), _bool(e.key)] for e in events]
    return _csv(header, rows)


def _effective(w) -> str:
    """An effective day, or an ISO 8601 interval when only a range is known."""
    if w is None or w.effective is None:
        return ""
    if w.effective_latest and w.effective_latest != w.effective:
        return f"{w.effective.isoformat()}/{w.effective_latest.isoformat()}"
    return w.effective.isoformat()


def _effective_precision(w) -> str:
    """day for a known day, range for an interval (a later date the notice may name), empty when none."""
    effective = _effective(w)
    return "" if not effective else "range" if "/" in effective else "day"


def states_csv(analysis: Analysis) -> bytes:
    """Every state with its joining and its computed status on as_of."""
    header = ["id", "name", "signed", "signed_precision", "consent", "deposited", "deposited_precision",
              "entry_into_force", "entry_into_force_precision", "status", "status_label", "status_since",
              "status_since_precision", "status_on", "notice_received", "notice_received_precision",
              "withdrawal_effective", "withdrawal_effective_precision", "blocked_by", "notice_revoked", "notice_revoked_precision"]
    rows = []
    for state in analysis.explainer.states:
        status = analysis.statuses[state.id]
        w = analysis.withdrawals.get(state.id)
        joined = state.joined
        # As in explainer.json: a notice known only to the month says so rather than pretend a day.
        pending = status.status in ("withdrawal_pending", "withdrawal_blocked")
        since = w.received if w and pending else status.since
        rows.append([
            state.id, state.name, *_dated(joined and joined.signed), joined.consent.value if joined else "",
            *_dated(joined and joined.deposited), *_dated(joined and joined.entry_into_force),
            status.status, status.label, *_dated(since), analysis.as_of.isoformat(),
            *_dated(w and w.received), _effective(w), _effective_precision(w), ";".join(w.blocked_reasons) if w else "",
            *_dated(w and w.revoked_on),
        ])
    return _csv(header, rows)


SOURCE_FIELDS = ["id", "title", "publisher", "kind", "url", "read_at", "published", "published_precision", "accessed",
                 "accessed_precision", "archived_url", "language", "note"]


def sources_csv(analysis: Analysis) -> bytes:
    rows = []
    for s in analysis.explainer.sources:
        rows.append([s.id, s.title, s.publisher, s.kind.value, s.url or "", s.read_at or "", *_dated(s.published),
                     *_dated(s.accessed), s.archived_url or "", s.language, s.note or ""])
    return _csv(SOURCE_FIELDS, rows)
