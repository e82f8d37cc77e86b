"""The pages around the facts: arguments, misreadings, disagreements, glossary, lesson, handout, data and sources."""

from __future__ import annotations

from .. import model
from ..printing import PRINTED_PAGES
from .context import Page, Site, slug
from .pages import chart
from .i18n import N_, _
from .text import Md, plain, relative, safe
from .views import (ArgumentPair, ArgumentView, DisagreementView, DownloadFile, GlossaryEntry, HandoutEntry, PartLink, QuizItem,
                    SideView, SourceEntry, SourceGroup)
from .i18n import _
from . import structured, wording

DOWNLOAD_DESCRIPTIONS = {
    "explainer.json": (N_("the whole content plus every computed date and status"), "application/json"),
    "events.csv": (N_("every event: date, states, kind, title, summary, source ids"), "text/csv"),
    "states.csv": (N_("every state with its joining dates and its computed status"), "text/csv"),
    "sources.csv": (N_("every source: title, publisher, kind, dates, addresses"), "text/csv"),
    "sources.json": (N_("the sources as CSL-JSON, for Zotero and other reference managers"), "application/vnd.citationstyles.csl+json"),
    "sources.bib": (N_("the sources as BibTeX"), "application/x-bibtex"),
    "key-dates.ics": (N_("the key dates as a calendar (iCalendar)"), "text/calendar"),
    "timeline.json": (N_("the events in Knight Lab TimelineJS format"), "application/json"),
    "changes.atom": (N_("the record of changes as an Atom feed, for feed readers"), "application/atom+xml"),
}


def argument_sides(site: Site) -> list[SideView]:
    """Each declared side with its arguments, what they answer and what answers them."""
    arguments = site.x.arguments.items
    by_id = {a.id: a for a in arguments}
    answered_by: dict[str, list] = {a.id: [] for a in arguments}
    for a in arguments:
        for other in a.answers:
            if other in answered_by:
                answered_by[other].append(a)
    return [SideView(side, [ArgumentView(a, [by_id[o] for o in a.answers if o in by_id], answered_by[a.id])
                            for a in arguments if a.side == side.id])
            for side in site.x.arguments.sides]


def argument_pairs(sides: list[SideView]) -> list[ArgumentPair]:
    """Rows for two sides side by side: each argument of the first beside the arguments of the second that answer
    it or that it answers; the rest of the second side after, alone. Empty for more than two sides."""
    if len(sides) != 2:
        return []
    first, second = sides
    placed: set[str] = set()
    rows = []
    for item in first.items:
        linked = {a.id for a in item.answers} | {a.id for a in item.answered_by}
        partners = [other for other in second.items if other.argument.id in linked and other.argument.id not in placed]
        placed.update(other.argument.id for other in partners)
        rows.append(ArgumentPair([[item], partners]))
    rows += [ArgumentPair([[], [other]]) for other in second.items if other.argument.id not in placed]
    return rows


def arguments_page(site: Site) -> Page:
    sides = argument_sides(site)
    return site.render("arguments.md.j2", "arguments.md", _("Arguments on both sides"), sides=sides, pairs=argument_pairs(sides),
                       order_note=site.x.arguments.order, side_titles={side.id: side.title for side in site.x.arguments.sides})


def misreadings_page(site: Site) -> Page:
    return site.render("misreadings.md.j2", "misreadings.md", _("Common misreadings"), misreadings=site.x.misreadings)


def disagreements_page(site: Site) -> Page:
    path = "disagreements.md"
    cites = site.citations.page(path)
    items = [DisagreementView(d, [site.states[s] for s in d.states if s in site.states]) for d in site.x.disagreements]
    flagged = [Md(f"{site.state_link(state_id, path)}: {site.explanation(w, cites, 'flagged-dates')}")
               for state_id, w in site.a.withdrawals.items() if w.stated_matches is False]
    return site.render("disagreements.md.j2", path, _("Where sources disagree"), cites=cites, disagreements=items, flagged=flagged)


def glossary_page(site: Site) -> Page:
    terms = [GlossaryEntry(t, slug(t.term)) for t in sorted(site.x.glossary, key=lambda t: t.term.casefold())]
    term_set = {"@type": "DefinedTermSet", "name": _("Glossary: %(title)s") % {"title": site.x.explainer.title},
                "hasDefinedTerm": [{"@type": "DefinedTerm", "name": t.term.term, "description": t.term.definition} for t in terms]}
    return site.render("glossary.md.j2", "glossary.md", _("Glossary"), terms=terms, structured=term_set)


def lesson_page(site: Site) -> Page:
    """Goals, discussion, a quiz with hidden answers, and links to what a teacher prints (classroom.py)."""
    path = "lesson.md"
    cites = site.citations.page(path)
    terms = site.terms(path)
    quiz = [QuizItem(q, terms(safe(q.answer)) + cites.cite(q.sources, "quiz", _("Lesson pack: quiz"))) for q in site.x.classroom.quiz]
    return site.render("lesson.md.j2", path, _("Lesson pack"), cites=cites, quiz=quiz)


def handout_page(site: Site) -> Page:
    """The whole explainer on one page, in reading order, for printing (print.md; handout.md is the short handout)."""
    path = "print.md"
    cites = site.citations.page(path)
    terms = site.terms(path)
    rows = [site.status_row(site.states[s], path) for s in site.states if s in site.a.withdrawals]
    for row in rows:
        row.explanation = site.explanation(row.withdrawal, cites, "withdrawal")
    # Past the size where the timeline splits, the handout keeps the key dates, so it stays printable.
    complete = len(site.timeline_items) <= site.x.explainer.timeline_split
    entries = []
    for item in site.timeline_items:
        if item.event is None:
            w = item.withdrawal
            title = _("%(state)s: withdrawal takes effect") % {"state": site.states[w.state_id].name}
            computed = _("Computed from Article %(article)s%(notes)s.") % {
                "article": plain(site.rule.article), "notes": cites.cite(site.rule.sources, "timeline", _("The whole explainer (print)"))}
            entries.append(HandoutEntry(site.date(w.effective), title, Md(computed)))
        elif complete or item.event.key:
            e = item.event
            entries.append(HandoutEntry(site.date(e.date), e.title,
                                        terms(safe(e.summary)) + cites.cite(e.sources, "timeline", _("The whole explainer (print)"))))
    return site.render("print.md.j2", path, _("Print: %(title)s") % {"title": site.x.explainer.title}, cites=cites,
                       searchable=False, nav_title=_("The whole explainer (print)"),
                       timeline_complete=complete, timeline_page=site.timeline_index, timeline_size=len(site.timeline_items),
                       party_sentence=site.party_sentence(cites, "overview"), rule_steps=site.rule_steps(),
                       withdrawal_rows=rows, timeline=entries, sides=argument_sides(site),
                       misreadings=site.x.misreadings, disagreements=site.x.disagreements,
                       glossary=sorted(site.x.glossary, key=lambda t: t.term.casefold()),
                       pdf_name=PRINTED_PAGES[path] if site.pdf_name else None,
                       chart=chart(site, "handout"))


def data_page(site: Site) -> Page:
    """The downloads, with what each holds, its size and the license."""
    files = [DownloadFile(name, _(DOWNLOAD_DESCRIPTIONS[name][0]) if name in DOWNLOAD_DESCRIPTIONS else "",
                          _("%(size)d KB") % {"size": max(1, round(size / 1024))})
             for name, size in site.download_sizes.items()]
    dataset = structured.dataset(site.a, list(site.download_sizes), {name: kind for name, (_what, kind) in DOWNLOAD_DESCRIPTIONS.items()})
    return site.render("data.md.j2", "data.md", _("Data and downloads"), files=files, structured=dataset)


def cited_in(site: Site, path: str, source_id: str) -> Md:
    """Each page that cites a source, once, linked to its first citation there, with how many places cite it."""
    places = site.citations.places.get(source_id)
    if not places:
        return Md("*") + plain(_("Not cited on any page.")) + Md("*")
    pages: dict[str, list] = {}
    for place in places:
        pages.setdefault(place.page, []).append(place)
    links = [Md(f"[{plain(site.page_titles.get(page, page))}]({relative(path, page, found[0].anchor)}) ({len(found)})")
             for page, found in pages.items()]
    return Md("**") + plain(_("Cited in:")) + Md("** ") + Md(" · ").join(links)


def kind_filter(groups: list[SourceGroup]) -> Md:
    """Links to each kind's group (explainer.js turns them into a filter that shows one kind only)."""
    if not groups:
        return Md("")
    links = [Md(f'[{plain(g.label)} ({len(g.entries)})](#kind-{g.kind}){{: data-kind="{g.kind}" }}') for g in groups]
    return Md("**") + plain(_("Show only:")) + Md("** ") + Md(" · ").join(links) + Md("\n{: .ex-kind-filter }")


def sources_pages(site: Site) -> list[Page]:
    """The bibliography, grouped by kind; one page per initial letter once it is long."""
    by_page: dict[str, list[model.Source]] = {page: [] for page in dict.fromkeys(site.source_page.values())}
    for source in sorted(site.x.sources, key=lambda s: (s.publisher.casefold(), s.title.casefold(), s.id)):
        by_page.setdefault(site.bibliography_page(source.id), []).append(source)
    labels = site.source_page_label
    found = []
    if site.split_sources:
        links = [PartLink(labels[path], path, len(items)) for path, items in by_page.items()]
        found.append(site.render("sources.md.j2", "sources/index.md", _("Sources"), groups=[], letters=links, kinds=Md(""),
                                 no_access_dates=False))
    for path, sources in by_page.items():
        groups = []
        for kind in model.SourceKind:
            entries = [SourceEntry(s, cited_in(site, path, s.id)) for s in sources if s.kind is kind]
            if entries:
                groups.append(SourceGroup(kind.value.replace("_", "-"), _(wording.SOURCE_KIND_LABELS[kind]), entries))
        title = _("Sources: %(part)s") % {"part": labels[path]} if site.split_sources else _("Sources")
        found.append(site.render("sources.md.j2", path, title, groups=groups, letters=[], kinds=kind_filter(groups),
                                 no_access_dates=any(s.accessed is None for s in sources)))
    return found
