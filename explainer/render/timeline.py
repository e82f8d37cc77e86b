"""The timeline: the author's events and every computed day of effect, in order, on one page or one per year."""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING

from ..analysis import Analysis
from ..model import EventKind
from .citations import PageCitations
from .text import Md, plain, relative, safe
from .i18n import _
from .views import EntryView, PartLink, TimelineItem, TimelinePart, YearGroup
from . import overview, structured, wording
from .i18n import _

if TYPE_CHECKING:
    from .context import Page, Site


def items(analysis: Analysis) -> list[TimelineItem]:
    """Author events plus one computed entry per withdrawal that takes effect, in date order."""
    in_time = wording.timeline_order(analysis.explainer.events)
    found = [(in_time(e), TimelineItem(e.id, e.date.year, event=e)) for e in analysis.timeline]
    authored = {e.states[0] for e in analysis.explainer.events if e.kind is EventKind.withdrawal_effective and e.states}
    for anchor, w in wording.computed_effects(analysis.notices):  # every notice that took effect, not only the latest
        if w.state_id not in authored:
            found.append((wording.computed_order(w), TimelineItem(anchor, w.effective.year, withdrawal=w)))
    found.sort(key=lambda pair: pair[0])
    return [item for _, item in found]


def parts(timeline: list[TimelineItem], split: bool, size: int) -> list[TimelinePart]:
    """The timeline's pages: one, or one per year once split, a busy year in parts of at most `size`."""
    from .context import in_parts

    if not split:
        return [TimelinePart("timeline.md", None, "", timeline)]
    found = []
    for year, in_year in groupby(timeline, key=lambda i: i.year):
        chunks = in_parts(f"timeline/{year}", list(in_year), size)
        found += [TimelinePart(page, year, _("%(year)d, part %(part)d of %(parts)d") % {"year": year, "part": n, "parts": len(chunks)}
                               if len(chunks) > 1 else f"{year}", chunk)
                  for n, (page, chunk) in enumerate(chunks, start=1)]
    return found


def entry_view(site: "Site", item: TimelineItem, page: str, cites: PageCitations) -> EntryView:
    """An entry as a page shows it: title, date, a line of facts, and the text with its notes."""
    if item.event is None:
        return _computed_view(site, item, page, cites)
    e = item.event
    states = ", ".join(site.state_link(s, page) for s in e.states if s in site.states)
    # The heading gives the date: the line of facts does not repeat it.
    meta = " · ".join(filter(None, [states, wording.kind_label(e.kind, site.rule, site.locale), _("planned") if e.planned else ""]))
    if e.date.precision != "day":
        meta += " · " + (_("only the month is given") if e.date.precision == "month" else _("only the year is given"))
    body = site.terms(page)(safe(e.summary)) + cites.cite(e.sources, e.id, _("Timeline: %(title)s") % {"title": e.title})
    if e.disagreement:
        question = next((d.question for d in site.x.disagreements if d.id == e.disagreement), "")
        body += Md("\n\n" + _("**Sources differ:** [%(question)s](%(link)s)")
                   % {"question": plain(question), "link": relative(page, "disagreements.md", e.disagreement)})
    given = site.a.notices.get(e.states[0], ()) if e.kind is EventKind.notice_received and e.states else ()
    w = next((w for w in given if w.notice is e), None)  # every notice of a state, not only its latest
    if w is not None:
        body += Md("\n\n" + _("**Computed:** %(explanation)s") % {"explanation": site.explanation(w, cites, item.anchor, long=True)})
    return EntryView(item.anchor, e.title, site.date(e.date), Md(meta), Md(body), tuple(e.states))


def _computed_view(site: "Site", item: TimelineItem, page: str, cites: PageCitations) -> EntryView:
    w = item.withdrawal
    due = w.effective > site.a.as_of
    name = {"state": site.states[w.state_id].name}
    title = (_("%(state)s: withdrawal takes effect (due)") if due else _("%(state)s: withdrawal takes effect")) % name
    title += _(" (by the rule; disputed)") if w.disputed else ""
    meta = f"{site.state_link(w.state_id, page)} · " + _("Computed from the rule")
    body = _("Computed from the rule: the notice was received %(on)s%(note)s ([see the notice](%(link)s)); "
             "Article %(article)s%(notes)s gives %(period)s later.") % {
        "on": site.on(w.received), "note": wording.received_note(w), "link": relative(page, site.item_page[w.notice.id], w.notice.id),
        "article": plain(site.rule.article), "notes": cites.cite(site.rule.sources, item.anchor, _("Timeline: computed dates")),
        "period": wording.period_text(site.rule.notice_period)}
    if w.resumed_on:
        body += " " + _("The clock stopped while the notice was suspended, from %(suspended)s to %(resumed)s.") % {
            "suspended": site.date(w.suspended_on), "resumed": site.date(w.resumed_on)}
    if w.notice.later_date and site.rule.later_date_allowed and w.notice.later_date.latest >= w.expiry_latest:
        body += " " + _("The notice names a later date, %(date)s, which the rule allows.") % {"date": site.date(w.notice.later_date)}
    if w.stated is not None:
        body += " " + _("A source states %(stated)s.") % {"stated": site.stated_text(w, cites, item.anchor)}
    return EntryView(item.anchor, title, site.date(w.effective), Md(meta), Md(body), (w.state_id,))


def event_list(site: "Site", page: str, views: list[EntryView], timeline: list[TimelineItem]) -> dict:
    """The events a timeline page shows, as a schema.org ItemList of Event (structured.py); an event that
    concerns no state has no place to give, which an Event needs, so it is listed by name only."""
    elements = []
    page_url = structured.absolute(site.a, page)
    for position, (view, item) in enumerate(zip(views, timeline), start=1):
        start = item.event.date.isoformat() if item.event is not None else item.withdrawal.effective.isoformat()
        state_ids = item.event.states if item.event is not None else [item.withdrawal.state_id]
        if not state_ids:
            elements.append({"@type": "ListItem", "position": position, "name": view.title})
            continue
        url = f"{page_url}#{item.anchor}" if page_url else None
        elements.append({"@type": "ListItem", "position": position,
                         "item": structured.event(site.a, view.title, start, state_ids, url)})
    return {"@type": "ItemList", "itemListElement": elements}


def pages(site: "Site") -> list["Page"]:
    """The timeline: one page, or an index and a page per year (or part of a year) once split."""
    if not site.split_timeline:
        path = "timeline.md"
        cites = site.citations.page(path)
        groups = [YearGroup(y, [entry_view(site, i, path, cites) for i in in_year])
                  for y, in_year in groupby(site.timeline_items, key=lambda i: i.year)]
        listed = event_list(site, path, [v for g in groups for v in g.items], site.timeline_items)
        return [site.render("timeline.md.j2", path, _("Timeline"), cites=cites, structured=listed, groups=groups, year_links=[],
                            glance=_glance(site, path))]
    links = [PartLink(part.label, part.page, len(part.items)) for part in site.timeline_parts]
    found = [site.render("timeline.md.j2", "timeline/index.md", _("Timeline"), groups=[], year_links=links,
                         glance=_glance(site, "timeline/index.md"))]
    for part in site.timeline_parts:
        cites = site.citations.page(part.page)
        groups = [YearGroup(part.year, [entry_view(site, i, part.page, cites) for i in part.items])]
        found.append(site.render("timeline.md.j2", part.page, _("Timeline: %(part)s") % {"part": part.label}, cites=cites, groups=groups,
                                 year_links=[], glance=Md(""), structured=event_list(site, part.page, groups[0].items, part.items)))
    return found


def _glance(site: "Site", path: str) -> Md:
    """The timeline at a glance and the links to follow one state, as raw HTML blocks (one line each)."""
    picture = overview.overview(site, site.timeline_items, path)
    follow = overview.follow_links(site, path)
    return Md("\n\n".join(block for block in (picture, follow) if block))
