"""Downloadable data for classrooms and reference managers: CSV, CSL-JSON, BibTeX, iCalendar, TimelineJS.

Pure: an Analysis in, {file name: bytes} out (the build writes them under site/data/). Every file is
deterministic: the same input gives the same bytes; the only timestamp is derived from `as_of`.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
from typing import Iterable
from dataclasses import dataclass

from .. import model
from ..analysis import Analysis
from ..model import EventKind, PartialDate
from . import wording
from .text import long_date
from .wording import computed_anchor, on_date

# ---------------------------------------------------------------- shared


def _kind_label(kind: EventKind) -> str:
    # Imported here, not at the top: the package's __init__ may import this module.
    from .wording import EVENT_KIND_LABELS

    return EVENT_KIND_LABELS[kind]


def _iso(day: PartialDate | dt.date | None) -> str:
    return "" if day is None else day.isoformat()


def _source_url(source: model.Source) -> str | None:
    """Where a reader can follow a source: the original, else the copy it was read at."""
    return source.url or source.read_at


def _http(url: str | None) -> bool:
    return bool(url) and re.match(r"^https?://", url, re.IGNORECASE) is not None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "explainer"


@dataclass(frozen=True)
class KeyDate:
    """One entry of the key dates: an author event marked `key`, or a computed withdrawal-effective day."""

    uid: str
    first: dt.date
    last: dt.date
    precision: str
    """day, month or year: how precisely the date is known."""
    summary: str
    description: str
    category: str
    planned: bool
    urls: tuple[str, ...]


def key_dates(analysis: Analysis) -> list[KeyDate]:
    """Events with `key: true` plus every computed withdrawal-effective date, in date order."""
    explainer = analysis.explainer
    sources = analysis.sources
    states = analysis.states
    locale = explainer.explainer.language

    def urls(ids: list[str]) -> tuple[str, ...]:
        found = (_source_url(sources[i]) for i in ids if i in sources)
        return tuple(dict.fromkeys(u for u in found if _http(u)))

    items: list[KeyDate] = []
    for event in explainer.events:
        if not event.key:
            continue
        items.append(KeyDate(
            uid=event.id, first=event.date.earliest, last=event.date.latest, precision=event.date.precision,
            summary=event.title, description=" ".join(event.summary.split()), category=_kind_label(event.kind),
            planned=event.planned, urls=urls(event.sources),
        ))
    rule = explainer.treaty.withdrawal_rule
    for state_id, w in analysis.withdrawals.items():
        if w.effective is None:
            continue
        name = states[state_id].name
        last = w.effective_latest or w.effective
        description = (f"Computed from the rule: the depositary received {name}'s notice of withdrawal "
                       f"{on_date(w.received, locale)}; "
                       f"under Article {rule.article} it takes effect on {long_date(w.effective, locale)}"
                       + (f" at the latest {long_date(last, locale)}" if last != w.effective else "") + ".")
        items.append(KeyDate(
            uid=computed_anchor(state_id), first=w.effective, last=last,
            precision="day" if last == w.effective else "range",
            summary=f"{name}'s withdrawal takes effect (computed)", description=description,
            category=_kind_label(EventKind.withdrawal_effective), planned=False,
            urls=urls([*w.notice.sources, *rule.sources]),
        ))
    items.sort(key=lambda k: (k.first, k.last, k.uid))
    return items


# ---------------------------------------------------------------- CSV

# A spreadsheet (Excel, LibreOffice, Google Sheets) runs a cell that starts with one of these as a
# formula: author text like "=HYPERLINK(...)" would then run on a reader's computer when they open the
# download (CSV or formula injection). A leading apostrophe makes the cell plain text; the apostrophe
# shows in programs that do not treat it so, which is the lesser harm. Tab and carriage return are
# included because some spreadsheets strip them and then read what follows as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: object) -> str:
    """A cell as text that no spreadsheet runs as a formula."""
    text = "" if cell is None else _printable(str(cell))
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
        since = w.received.isoformat() if w and pending else _iso(status.since)
        rows.append([
            state.id, state.name,
            _iso(joined.signed) if joined else "", joined.consent.value if joined else "",
            _iso(joined.deposited) if joined else "", _iso(joined.entry_into_force) if joined else "",
            status.status, status.label, since, analysis.as_of.isoformat(),
            _iso(w.received) if w else "", _effective(w), ";".join(w.blocked_reasons) if w else "",
            _iso(w.revoked_on) if w else "",
        ])
    return _csv(header, rows)


SOURCE_FIELDS = ["id", "title", "publisher", "kind", "url", "read_at", "published", "accessed", "archived_url", "language", "note"]


def sources_csv(analysis: Analysis) -> bytes:
    rows = []
    for s in analysis.explainer.sources:
        rows.append([s.id, s.title, s.publisher, s.kind.value, s.url or "", s.read_at or "", _iso(s.published),
                     _iso(s.accessed), s.archived_url or "", s.language, s.note or ""])
    return _csv(SOURCE_FIELDS, rows)


# ---------------------------------------------------------------- CSL-JSON

# CSL item types (CSL 1.0.2). A treaty's text gets CSL's own "treaty" type; news of every kind is a
# newspaper article whose container is the publisher; an organisation's publications are reports,
# government and reference pages are web pages.
CSL_TYPES = {
    model.SourceKind.treaty_text: "treaty",
    model.SourceKind.depositary: "document",
    model.SourceKind.government: "webpage",
    model.SourceKind.parliament: "document",
    model.SourceKind.international_organisation: "webpage",
    model.SourceKind.ngo: "report",
    model.SourceKind.news_agency: "article-newspaper",
    model.SourceKind.news: "article-newspaper",
    model.SourceKind.state_media: "article-newspaper",
    model.SourceKind.analysis: "report",
    model.SourceKind.reference: "webpage",
}
# Kinds whose publisher is also the author (an organisation writing in its own name), so author-date
# styles cite "Human Rights Watch 2025" rather than a title. News has unknown personal authors.
_CORPORATE_AUTHOR = {
    model.SourceKind.depositary, model.SourceKind.government, model.SourceKind.parliament,
    model.SourceKind.international_organisation, model.SourceKind.ngo, model.SourceKind.analysis,
}
_NEWS = {model.SourceKind.news_agency, model.SourceKind.news, model.SourceKind.state_media}


def _date_parts(day: PartialDate) -> dict:
    """A CSL date with only the parts that are known (year; year and month; or all three)."""
    return {"date-parts": [[p for p in (day.year, day.month, day.day) if p is not None]]}


def _note(source: model.Source) -> str | None:
    """The author's caution plus where else to read the source (addresses end a note, never a full stop)."""
    parts = []
    if source.note:
        parts.append(source.note if source.note.endswith((".", "!", "?")) else source.note + ".")
    links = []
    if source.read_at:
        links.append(f"{'Read at a copy' if source.url is None else 'Also read at'}: {source.read_at}")
    if source.archived_url:
        links.append(f"Archived copy: {source.archived_url}")
    if links:
        parts.append("; ".join(links))
    return " ".join(parts) or None


def csl_item(source: model.Source) -> dict:
    item: dict = {"id": source.id, "type": CSL_TYPES[source.kind], "title": source.title}
    if source.kind in _CORPORATE_AUTHOR:
        item["author"] = [{"literal": source.publisher}]
    if source.kind in _NEWS:
        item["container-title"] = source.publisher
    else:
        item["publisher"] = source.publisher
    url = _source_url(source)
    if url:
        item["URL"] = url
    if source.published:
        item["issued"] = _date_parts(source.published)
    if source.accessed:
        item["accessed"] = _date_parts(source.accessed)
    item["language"] = source.language
    note = _note(source)
    if note:
        item["note"] = note
    return item


def _json_bytes(data) -> bytes:
    """Compact JSON: with indent= json.dumps runs its pure-Python encoder (1.7x slower at 10,000 events)."""
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def sources_csl_json(analysis: Analysis) -> bytes:
    items = [csl_item(s) for s in analysis.explainer.sources]
    return _json_bytes(items)


# ---------------------------------------------------------------- BibTeX

# BibTeX counts every brace, escaped or not, to find where a field ends: a lone "\}" would end it early and
# let the rest of a title start an entry of its own. Braces are written as commands with balanced {}.
_BIB_SPECIAL = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}
_BIB_PATTERN = re.compile("|".join(re.escape(c) for c in _BIB_SPECIAL))
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


# Control characters have no place in any download (the model refuses them; these files escape on their own).
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _printable(text: str) -> str:
    """Text with any control character other than a line break shown as U+FFFD, the replacement character."""
    return _CONTROLS.sub("\ufffd", text)


def bib_escape(text: str) -> str:
    """Text safe inside a BibTeX field, on one line: LaTeX specials escaped, braces written as commands."""
    return _BIB_PATTERN.sub(lambda m: _BIB_SPECIAL[m.group(0)], " ".join(_printable(text).split()))


def bib_url(url: str) -> str:
    """A URL for a url field (read verbatim by biblatex and the url package): only braces and backslashes
    would unbalance the entry, so they are percent-encoded rather than escaped."""
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def bib_key(source_id: str) -> str:
    """A citation key: ids are already plain, but anything BibTeX would choke on becomes '-'."""
    return re.sub(r"[^A-Za-z0-9._:-]", "-", source_id) or "source"


def sources_bibtex(analysis: Analysis) -> bytes:
    entries = []
    used: set[str] = set()
    for s in analysis.explainer.sources:
        key = bib_key(s.id)
        base, n = key, 2
        while key in used:  # keep keys unique even if two ids sanitize alike
            key, n = f"{base}-{n}", n + 1
        used.add(key)
        entry_type = "misc" if s.kind is model.SourceKind.treaty_text else "online"
        # Double braces keep the title's capitals (country names, acronyms) in every style.
        fields = [("title", "{" + bib_escape(s.title) + "}"), ("organization", "{" + bib_escape(s.publisher) + "}")]
        if s.kind in _NEWS:
            fields.append(("journaltitle", bib_escape(s.publisher)))
        url = _source_url(s)
        if url:
            fields.append(("url", bib_url(url)))
        if s.published:
            fields.append(("date", s.published.isoformat()))
            fields.append(("year", str(s.published.year)))
        if s.accessed:
            fields.append(("urldate", s.accessed.isoformat()))
        note = _note(s)
        if note:
            fields.append(("note", bib_escape(note)))
        lines = [f"@{entry_type}{{{key},"]
        lines += [f"  {name} = {{{value}}}," for name, value in fields]
        if s.published and s.published.month:
            # An unbraced month macro (jan, feb, ...) is what classic BibTeX styles expect.
            lines.append(f"  month = {_MONTHS[s.published.month - 1]},")
        lines[-1] = lines[-1].rstrip(",")
        lines.append("}")
        entries.append("\n".join(lines))
    # Outside an entry BibTeX skips everything up to the next "@", which would start an entry: the title goes
    # on one line, without "@".
    title = bib_escape(analysis.explainer.explainer.title).replace("@", "(at)")
    header = f"% Sources of {title}, facts as of {analysis.as_of.isoformat()}.\n"
    header += "% Fields follow biblatex (date, urldate, organization); year and month are there for classic BibTeX.\n\n"
    return (header + "\n\n".join(entries) + "\n").encode("utf-8")


# ---------------------------------------------------------------- iCalendar

def ics_escape(text: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and line breaks escaped."""
    text = _printable(text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def ics_fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character."""
    if len(line) <= 75 and line.isascii():  # most lines: nothing to fold, no need to weigh each character
        return line
    parts, current, size, limit = [], "", 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = " ", 1, 75
        current += char
        size += width
    parts.append(current)
    return "\r\n".join(parts)


def _ics_date(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def key_dates_ics(analysis: Analysis) -> bytes:
    """The key dates as an RFC 5545 calendar of all-day events.

    A date known only to the month (or year) becomes an event spanning that whole month (or year), with
    "(month only)" in its title: a calendar then shows the uncertainty instead of a day no source gives.
    """
    info = analysis.explainer.explainer
    domain = _slug(analysis.explainer.treaty.short_names[0]) + ".explainer"
    stamp = analysis.as_of.strftime("%Y%m%dT000000Z")
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//explainer//key dates//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
        f"NAME:{ics_escape(info.title)}", f"X-WR-CALNAME:{ics_escape(info.title)}",
        f"DESCRIPTION:{ics_escape(f'Key dates, facts checked to {analysis.as_of.isoformat()}.')}",
    ]
    for item in key_dates(analysis):
        summary = item.summary
        if item.precision in ("month", "year"):
            summary += f" ({item.precision} only)"
        elif item.precision == "range":
            summary += " (date range)"
        description = item.description
        if item.urls:
            description += "\n\nSources: " + " ".join(item.urls)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{item.uid}@{domain}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{_ics_date(item.first)}",
            # DTEND is exclusive: the day after the last day the date can mean.
            f"DTEND;VALUE=DATE:{_ics_date(item.last + dt.timedelta(days=1))}",
            f"SUMMARY:{ics_escape(summary)}",
            f"DESCRIPTION:{ics_escape(description)}",
            f"CATEGORIES:{ics_escape(item.category)}",
            "TRANSP:TRANSPARENT",
        ]
        if item.urls:
            lines.append(f"URL;VALUE=URI:{item.urls[0]}")
        if item.planned:
            lines.append("STATUS:TENTATIVE")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return ("\r\n".join(ics_fold(line) for line in lines) + "\r\n").encode("utf-8")


# ---------------------------------------------------------------- TimelineJS

def _tl_date(day: PartialDate | dt.date, locale: str) -> dict:
    """A TimelineJS date with only the known parts; a display_date says how precise it is."""
    day = day if isinstance(day, PartialDate) else PartialDate.parse(day)
    result = {"year": str(day.year)}
    if day.month:
        result["month"] = str(day.month)
    if day.day:
        result["day"] = str(day.day)
    result["display_date"] = long_date(day, locale)
    return result


def _text(text: str) -> str:
    """Text for an HTML text node (TimelineJS inserts its fields as HTML)."""
    return html.escape(text, quote=False)


def _source_links(ids: list[str], sources: dict[str, model.Source]) -> str:
    """'Sources: <a>…</a>' built only from http(s) addresses; text and attributes escaped."""
    links = []
    for source_id in ids:
        source = sources.get(source_id)
        if source is None:
            continue
        label = _text(f"{source.publisher}: {source.title}")
        url = _source_url(source)
        if _http(url):
            links.append(f'<a href="{html.escape(url, quote=True)}" rel="noopener">{label}</a>')
        else:
            links.append(label)
    return ("<p>Sources: " + "; ".join(links) + "</p>") if links else ""


def timeline_json(analysis: Analysis) -> bytes:
    """The timeline in Knight Lab TimelineJS3's JSON format: author events plus computed effective dates."""
    x = analysis.explainer
    sources = analysis.sources
    states = analysis.states
    locale = x.explainer.language
    intro = f"{x.explainer.description} Facts checked to {long_date(analysis.as_of, locale)}."
    slides = []
    # The one timeline order (rules.timeline_sort_key), with computed dates after the events of their day.
    in_time = wording.timeline_order(x.events)
    sort_of = {e.id: in_time(e) for e in x.events}
    for e in analysis.timeline:
        names = [states[s].name for s in e.states if s in states]
        headline = e.title + (" (planned)" if e.planned else "")
        text = "<p>" + _text(" ".join(e.summary.split())) + "</p>"
        if names:
            text = "<p><strong>" + _text(", ".join(names)) + "</strong></p>" + text
        if e.date.precision != "day":
            text += f"<p><em>Only the {e.date.precision} is known.</em></p>"
        slides.append({
            "start_date": _tl_date(e.date, locale),
            "text": {"headline": _text(headline), "text": text + _source_links(e.sources, sources)},
            "group": _kind_label(e.kind),
            "unique_id": e.id,
        })
    authored_effective = {e.states[0] for e in x.events if e.kind is EventKind.withdrawal_effective and e.states}
    rule = x.treaty.withdrawal_rule
    for state_id, w in sorted(analysis.withdrawals.items()):
        if w.effective is None or state_id in authored_effective:
            continue
        name = states[state_id].name
        text = (f"<p>Computed from the rule: the notice was received {_text(long_date(w.received, locale))}; "
                f"Article {_text(rule.article)} gives the day the withdrawal takes effect.</p>")
        slide = {
            "start_date": _tl_date(w.effective, locale),
            "text": {"headline": _text(f"{name}'s withdrawal takes effect (computed)"),
                     "text": text + _source_links([*w.notice.sources, *rule.sources], sources)},
            "group": _kind_label(EventKind.withdrawal_effective),
            "unique_id": computed_anchor(state_id),
        }
        if w.effective_latest and w.effective_latest != w.effective:
            slide["end_date"] = _tl_date(w.effective_latest, locale)
        slides.append(slide)
        sort_of[slide["unique_id"]] = wording.computed_order(w)
    slides.sort(key=lambda s: sort_of[s["unique_id"]])
    data = {
        "title": {"text": {"headline": _text(x.explainer.title), "text": "<p>" + _text(intro) + "</p>"}},
        "events": slides,
    }
    return _json_bytes(data)


# ---------------------------------------------------------------- all of them


DOWNLOADS = {
    "events.csv": events_csv,
    "states.csv": states_csv,
    "sources.csv": sources_csv,
    "sources.json": sources_csl_json,
    "sources.bib": sources_bibtex,
    "key-dates.ics": key_dates_ics,
    "timeline.json": timeline_json,
}
"""Every download by file name (placed under site/data/), each made by a function of the analysis."""


def downloads(analysis: Analysis, names: Iterable[str] | None = None) -> dict[str, bytes]:
    """The downloads (or the named ones), by file name."""
    wanted = DOWNLOADS if names is None else set(names)
    return {name: make(analysis) for name, make in DOWNLOADS.items() if name in wanted}
