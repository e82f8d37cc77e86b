"""The key dates as iCalendar, and every event as a Knight Lab TimelineJS story."""

from __future__ import annotations

import datetime as dt
import html

from .. import model
from ..analysis import Analysis
from ..model import EventKind, PartialDate
from . import wording
from .i18n import N_, _
from .text import long_date
from .files import is_http, json_bytes, key_dates, printable, slug, source_url


def ics_escape(text: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and line breaks escaped."""
    text = printable(text.replace("\r\n", "\n").replace("\r", "\n"))
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


PRECISION_NOTES = {
    "month": N_("%(summary)s (month only)"),
    "year": N_("%(summary)s (year only)"),
    "range": N_("%(summary)s (date range)"),
}
"""A calendar entry's title when its date is not one known day."""


def timeline_addresses(analysis: Analysis) -> dict[str, str]:
    """The public address of every timeline entry by its anchor; empty without site_url."""
    from . import timeline

    site_url = analysis.explainer.explainer.site_url
    if not site_url:
        return {}
    entries = timeline.items(analysis)
    size = analysis.explainer.explainer.timeline_split
    pages = timeline.parts(entries, len(entries) > size, size)
    return {item.anchor: f"{site_url.rstrip('/')}/{part.page[:-3]}.html#{item.anchor}" for part in pages for item in part.items}


def key_dates_ics(analysis: Analysis) -> bytes:
    """The key dates as an RFC 5545 calendar of all-day events.

    A date known only to the month (or year) becomes an event spanning that whole month (or year), with
    "(month only)" in its title: a calendar then shows the uncertainty instead of a day no source gives.
    """
    info = analysis.explainer.explainer
    domain = slug(analysis.explainer.treaty.short_names[0]) + ".explainer"
    stamp = analysis.as_of.strftime("%Y%m%dT000000Z")
    about = _("Key dates, facts checked to %(date)s.") % {"date": analysis.as_of.isoformat()}
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//explainer//key dates//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
        f"NAME:{ics_escape(info.title)}", f"X-WR-CALNAME:{ics_escape(info.title)}",
        f"DESCRIPTION:{ics_escape(about)}",
    ]
    on_the_site = timeline_addresses(analysis)
    for item in key_dates(analysis):
        summary = item.summary
        if item.precision in PRECISION_NOTES:
            summary = _(PRECISION_NOTES[item.precision]) % {"summary": summary}
        description = item.description
        if item.urls:
            description += "\n\n" + _("Sources: %(addresses)s") % {"addresses": " ".join(item.urls)}
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
        # URL: the entry on the explainer's timeline when the site's address is known (its sources are listed on
        # it and in DESCRIPTION), else the first source.
        link = on_the_site.get(item.uid) or (item.urls[0] if item.urls else None)
        if link:
            lines.append(f"URL;VALUE=URI:{link}")
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
        url = source_url(source)
        if is_http(url):
            links.append(f'<a href="{html.escape(url, quote=True)}" rel="noopener">{label}</a>')
        else:
            links.append(label)
    return ("<p>" + _("Sources: %(links)s") % {"links": "; ".join(links)} + "</p>") if links else ""


def timeline_json(analysis: Analysis) -> bytes:
    """The timeline in Knight Lab TimelineJS3's JSON format: author events plus computed effective dates."""
    x = analysis.explainer
    sources = analysis.sources
    states = analysis.states
    locale = x.explainer.language
    intro = f"{x.explainer.description} " + _("Facts checked to %(date)s.") % {"date": long_date(analysis.as_of, locale)}
    slides = []
    # The one timeline order (rules.timeline_sort_key), with computed dates after the events of their day.
    in_time = wording.timeline_order(x.events)
    sort_of = {e.id: in_time(e) for e in x.events}
    for e in analysis.timeline:
        names = [states[s].name for s in e.states if s in states]
        headline = _("%(title)s (planned)") % {"title": e.title} if e.planned else e.title
        text = "<p>" + _text(" ".join(e.summary.split())) + "</p>"
        if names:
            text = "<p><strong>" + _text(", ".join(names)) + "</strong></p>" + text
        if e.date.precision != "day":
            known = _("Only the month is known.") if e.date.precision == "month" else _("Only the year is known.")
            text += f"<p><em>{_text(known)}</em></p>"
        slides.append({
            "start_date": _tl_date(e.date, locale),
            "text": {"headline": _text(headline), "text": text + _source_links(e.sources, sources)},
            # No "group": TimelineJS gives each group a row of its own, and one per kind squeezed the story panel.
            "unique_id": e.id,
        })
    authored_effective = {e.states[0] for e in x.events if e.kind is EventKind.withdrawal_effective and e.states}
    rule = x.treaty.withdrawal_rule
    for anchor, w in sorted(wording.computed_effects(analysis.notices), key=lambda pair: pair[0]):  # every notice that took effect
        if w.state_id in authored_effective:
            continue
        name = states[w.state_id].name
        text = "<p>" + _text(_("Computed from the rule: the notice was received %(date)s; Article %(article)s gives the day "
                               "the withdrawal takes effect.") % {"date": long_date(w.received, locale), "article": rule.article}) + "</p>"
        slide = {
            "start_date": _tl_date(w.effective, locale),
            "text": {"headline": _text(_("%(state)s: withdrawal takes effect (computed)") % {"state": name}),
                     "text": text + _source_links([*w.notice.sources, *rule.sources], sources)},
            "unique_id": anchor,
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
    return json_bytes(data)
