"""The CSV downloads: events, states and sources, one row each, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

from ..analysis import Analysis
from .files import iso, printable
from .wording import status_label


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
    # A byte-order mark, so Excel opens the file as UTF-8 (names like Türkiye, dashes in titles);
    # csv readers and pandas skip it when told encoding "utf-8-sig".
    return buffer.getvalue().encode("utf-8-sig")


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


def states_csv(analysis: Analysis) -> bytes:
    """Every state with its joining and its computed status on as_of."""
    header = ["id", "name", "signed", "consent", "deposited", "entry_into_force", "status", "status_label",
              "status_since", "status_on", "notice_received", "withdrawal_effective", "blocked_by", "notice_revoked"]
    rows = []
    for state in analysis.explainer.states:
        status = analysis.statuses[state.id]
        w = analysis.withdrawals.get(state.id)
        joined = state.joined
        # As in explainer.json: a notice known only to the month says so rather than pretend a day.
        pending = status.status in ("withdrawal_pending", "withdrawal_blocked")
        since = w.received.isoformat() if w and pending else iso(status.since)
        rows.append([
            state.id, state.name,
            iso(joined.signed) if joined else "", joined.consent.value if joined else "",
            iso(joined.deposited) if joined else "", iso(joined.entry_into_force) if joined else "",
            status.status, status_label(status), since, analysis.as_of.isoformat(),
            iso(w.received) if w else "", _effective(w), ";".join(w.blocked_reasons) if w else "",
            iso(w.revoked_on) if w else "",
        ])
    return _csv(header, rows)


SOURCE_FIELDS = ["id", "title", "publisher", "kind", "url", "read_at", "published", "accessed", "archived_url", "language", "note"]


def sources_csv(analysis: Analysis) -> bytes:
    rows = []
    for s in analysis.explainer.sources:
        rows.append([s.id, s.title, s.publisher, s.kind.value, s.url or "", s.read_at or "", iso(s.published),
                     iso(s.accessed), s.archived_url or "", s.language, s.note or ""])
    return _csv(SOURCE_FIELDS, rows)
