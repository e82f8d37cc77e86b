"""The timeline at a glance: a row per year with a marker per entry (by kind), the "as of" line, and links.

HTML built here, one line, so Markdown passes it through as a raw block; author text is HTML-escaped.
Markers are real links to their entries (Tab reaches each one), at least 24 x 24 CSS px (WCAG 2.5.8), placed
by day of the year and stacked in lanes where they would overlap. No script: explainer.js only adds the
"follow one state" filter, and without it the state links go to each state's own timeline.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from babel.dates import get_month_names

from ..model import EventKind
from .i18n import _
from .text import long_date, relative
from .views import TimelineItem

MARK_SHARE = 9.6  # a marker's width as a share (%) of the narrowest year track (250 px: a 345 px wide phone)
LANE_EM = 1.75  # a lane's height: a 24 px marker and a little room

# Four groups of kinds, each with its own shape and colour (explainer.css), so the picture reads without colour.
KIND_GROUPS = {
    "treaty": (EventKind.signature, EventKind.joined, EventKind.meeting_decision),
    "domestic": (EventKind.announcement, EventKind.government_decision, EventKind.parliament_vote,
                 EventKind.head_of_state_decision, EventKind.statement, EventKind.production_plan, EventKind.report, EventKind.other),
    "depositary": (EventKind.notice_received, EventKind.notice_circulated, EventKind.notice_revoked, EventKind.objection),
    "effect": (EventKind.withdrawal_effective,),
}
GROUP_OF = {kind: group for group, kinds in KIND_GROUPS.items() for kind in kinds}


def html_href(from_page: str, to_page: str, anchor: str = "") -> str:
    """A link written into raw HTML, which MkDocs does not rewrite: to the built .html page, or on this page."""
    if to_page == from_page and anchor:
        return "#" + anchor
    target, _sep, fragment = relative(from_page, to_page, anchor).partition("#")
    return target.removesuffix(".md") + ".html" + (f"#{fragment}" if fragment else "")


def group_labels() -> dict[str, str]:
    return {
        "treaty": _("The treaty and its meetings"),
        "domestic": _("Steps at home: announcements, votes, decisions, statements"),
        "depositary": _("Notices to the depositary"),
        "effect": _("A withdrawal takes effect"),
    }


@dataclass(frozen=True)
class Marker:
    anchor: str
    page: str
    day: dt.date
    label: str
    group: str
    planned: bool
    states: tuple[str, ...]


def markers(site, items: list[TimelineItem]) -> list[Marker]:
    """One marker per timeline entry, with its day (a month or year known only: its first day)."""
    found = []
    for item in items:
        if item.event is not None:
            e = item.event
            day = e.date.earliest
            label = f"{long_date(e.date, site.locale)}: {e.title}"
            found.append(Marker(item.anchor, site.item_page[item.anchor], day, label, GROUP_OF.get(e.kind, "domestic"),
                                e.planned, tuple(s for s in e.states)))
        else:
            w = item.withdrawal
            title = _("%(state)s's withdrawal takes effect (computed)") % {"state": site.states[w.state_id].name}
            found.append(Marker(item.anchor, site.item_page[item.anchor], w.effective,
                                f"{long_date(w.effective, site.locale)}: {title}", "effect", w.effective > site.a.as_of, (w.state_id,)))
    return found


def _lanes(positions: list[float]) -> list[int]:
    """A lane per marker, the lowest where it does not overlap the one before it in that lane."""
    ends: list[float] = []
    found = []
    for x in positions:
        lane = next((i for i, end in enumerate(ends) if end <= x), len(ends))
        if lane == len(ends):
            ends.append(0.0)
        ends[lane] = x + MARK_SHARE  # x is the marker's middle: the next may start one width on
        found.append(lane)
    return found


def _share_of_year(day: dt.date) -> float:
    start = dt.date(day.year, 1, 1)
    days = (dt.date(day.year + 1, 1, 1) - start).days
    return ((day - start).days + 0.5) / days * 100


def _year_row(year: int, marks: list[Marker], from_page: str, as_of: dt.date) -> str:
    positions = [_share_of_year(m.day) for m in marks]
    lanes = _lanes(positions)
    height = max(lanes, default=0) + 1
    links = []
    for mark, x, lane in zip(marks, positions, lanes):
        classes = f"ex-tl-mark ex-tl-{mark.group}" + (" ex-tl-planned" if mark.planned else "")
        states = html.escape(" ".join(s.lower() for s in mark.states))
        links.append(f'<a class="{classes}" href="{html.escape(html_href(from_page, mark.page, mark.anchor))}" '
                     f'data-states="{states}" style="left:calc({x:.2f}% - 12px);top:{lane * LANE_EM:.2f}em" title="{html.escape(mark.label)}">'
                     f'<span class="ex-sr">{html.escape(mark.label)}</span></a>')
    line = ""
    if as_of.year == year:
        line = f'<span class="ex-tl-asof" style="left:{_share_of_year(as_of):.2f}%"></span>'
    return (f'<li class="ex-tl-year"><span class="ex-tl-label">{year}</span>'
            f'<span class="ex-tl-track" style="height:{height * LANE_EM + 0.25:.2f}em">{"".join(links)}{line}</span></li>')


def overview(site, items: list[TimelineItem], from_page: str) -> str:
    """The whole picture as one line of HTML: month initials, a row per year with entries, gaps said in words."""
    marks = markers(site, items)
    if not marks:
        return ""
    as_of = site.a.as_of
    as_of_text = _("Facts as of %(date)s") % {"date": long_date(as_of, site.locale)}
    years = sorted({m.day.year for m in marks} | {as_of.year})
    rows = []
    months = get_month_names("narrow", locale=site.locale.replace("-", "_"))
    header = "".join(f"<span>{html.escape(months[n])}</span>" for n in range(1, 13))
    rows.append(f'<li class="ex-tl-months" aria-hidden="true"><span class="ex-tl-label"></span><span class="ex-tl-track">{header}</span></li>')
    for previous, year in zip([None] + years, years):
        if previous is not None and year - previous > 1:
            gap = _("No entries from %(first)d to %(last)d") % {"first": previous + 1, "last": year - 1} if year - previous > 2 \
                else _("No entries in %(year)d") % {"year": previous + 1}
            rows.append(f'<li class="ex-tl-gap">{html.escape(gap)}</li>')
        rows.append(_year_row(year, [m for m in marks if m.day.year == year], from_page, as_of))
    labels = group_labels()
    used = [g for g in KIND_GROUPS if any(m.group == g for m in marks)]
    legend = "".join(f'<li><span class="ex-tl-mark ex-tl-{g}" aria-hidden="true"></span>{html.escape(labels[g])}</li>' for g in used)
    legend += f'<li><span class="ex-tl-asof-key" aria-hidden="true"></span>{html.escape(as_of_text)}</li>'
    if any(m.planned for m in marks):
        legend += f'<li><span class="ex-tl-mark ex-tl-planned" aria-hidden="true"></span>{html.escape(_("Planned or still to come"))}</li>'
    title = html.escape(_("The timeline at a glance"))
    return (f'<nav class="ex-tl" aria-label="{title}"><ol class="ex-tl-rows">{"".join(rows)}</ol>'
            f'<ul class="ex-tl-legend">{legend}</ul></nav>')


def follow_links(site, from_page: str) -> str:
    """'Follow one state': a link per state to its own timeline (explainer.js filters this page instead)."""
    links = [f'<a class="ex-follow" href="{html.escape(html_href(from_page, "countries/" + s.id.lower() + ".md", "timeline"))}" '
             f'data-state="{html.escape(s.id.lower())}">{html.escape(s.name)}</a>' for s in site.x.states]
    if not links:
        return ""
    return (f'<p class="ex-follow-states"><strong>{html.escape(_("Follow one state:"))}</strong> ' + " ".join(links) + "</p>")
