"""The pages made for paper and the classroom: the two-page handout, the student worksheet and the teacher's guide."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from urllib.parse import unquote, urlsplit

from .. import model
from ..printing import PRINTED_PAGES
from .context import Page, Site
from .i18n import _
from .reference import argument_sides
from .text import Md, plain, safe, url
from .views import QuizItem, WorksheetRow, WorksheetSide
from . import wording

HANDOUT_DATES = (6, 8)
"""The handout lists at least this many key dates, and at most that many."""
HANDOUT_ARGUMENTS = 3
"""Arguments of each side on the handout: the first ones, in the order the events file gives."""
HANDOUT_STATES = 12
"""Past this many states the handout's table keeps only those that gave notice (the rest would not fit two pages)."""
HANDOUT_SOURCES = 5
"""Sources on the handout: the ones the explainer cites on the most pages."""


class Unnoted:
    """Citations that write no note: the handout is too short for notes and names its key sources instead."""

    used: dict = {}
    notes: dict = {}

    def cite(self, ids, anchor: str = "", label: str = "") -> Md:
        return Md("")

    def footnotes(self, order) -> str:
        return ""


@dataclass(frozen=True)
class HandoutDate:
    date: str
    titles: list[str]


@dataclass(frozen=True)
class KeySource:
    source: model.Source
    published: Md
    """" (1 December 2025)", or nothing."""
    link: Md
    """" [short address](address)", or nothing."""


@dataclass(frozen=True)
class LessonStep:
    start: int
    end: int
    title: str
    what: str


def short_address(address: str) -> str:
    """An address as a reader types it from paper: no scheme, no www., no trailing slash, but whole (explainer/pdf.py agrees)."""
    parts = urlsplit(address)
    host = (parts.hostname or "").removeprefix("www.") + (f":{parts.port}" if parts.port else "")
    return host + unquote(parts.path).rstrip("/") + (f"?{parts.query}" if parts.query else "")


def pdf_of(site: Site, path: str) -> str | None:
    """The PDF a page is also printed to, when this build prints."""
    return PRINTED_PAGES.get(path) if site.pdf_name else None


def handout_dates(site: Site) -> list[HandoutDate]:
    """6 to 8 key dates: the author's key events by day, then computed days of effect while fewer than 6; the latest kept."""
    events = [(i.event.date.earliest, site.date(i.event.date), i.event.title)
              for i in site.timeline_items if i.event is not None and i.event.key]
    effects = [(i.withdrawal.effective, site.date(i.withdrawal.effective),
                _("The withdrawal of %(state)s takes effect (computed)") % {"state": site.states[i.withdrawal.state_id].name})
               for i in site.timeline_items if i.event is None]
    by_day = lambda found: [HandoutDate(text, [title for *_, title in items])
                            for (_, text), items in groupby(found, key=lambda item: item[:2])]
    days = by_day(events)
    if len(days) < HANDOUT_DATES[0]:
        days = by_day(sorted(events + effects, key=lambda item: item[0]))
    return days[-HANDOUT_DATES[1]:]


def key_sources(site: Site) -> list[KeySource]:
    """The sources cited on the most pages, with their short addresses."""
    places = site.citations.places
    counts = {source.id: len({place.page for place in places.get(source.id, [])}) for source in site.x.sources}
    ranked = sorted(site.x.sources, key=lambda source: -counts[source.id])[:HANDOUT_SOURCES]
    found = []
    for source in ranked:
        address = source.url or source.read_at
        published = Md(f" ({plain(site.date(source.published))})") if source.published else Md("")
        # The address is its own text, short: the printed page adds no second copy after it (ex-address).
        link = Md(f" [{plain(short_address(address))}]({url(address)}){{ .ex-address }}") if address else Md("")
        found.append(KeySource(source, published, link))
    return found


def handout_page(site: Site) -> Page:
    """Two A4 pages: key facts, the rule, the status table, key dates, each side's first arguments and the key sources."""
    path = "handout.md"
    states = site.x.states
    if len(states) > HANDOUT_STATES:
        states = [state for state in states if state.id in site.a.withdrawals]
    rows = [site.status_row(state, path) for state in states]
    others = len(site.x.states) - len(rows)
    views = argument_sides(site)
    # Side by side: row n holds each side's n-th argument (None where a side has fewer).
    columns = [view.items[:HANDOUT_ARGUMENTS] for view in views]
    argument_rows = [[column[n] if n < len(column) else None for column in columns]
                     for n in range(max(map(len, columns), default=0))]
    facts = Md("*{}*".format(plain(_("Facts checked to %(date)s. Every fact here is sourced, note by note, in the whole explainer.")
                                   % {"date": site.date(site.a.as_of)})))
    return site.render("handout.md.j2", path, _("Handout: %(title)s") % {"title": site.x.explainer.title},
                       cites=Unnoted(), searchable=False, nav_title=_("Handout (2 pages)"), handout_facts=facts, pdf_name=pdf_of(site, path),
                       whole_pdf=pdf_of(site, "print.md"), party_sentence=site.party_sentence(Unnoted(), ""),
                       rule_steps=site.rule_steps(), status_rows=rows, other_states=others, key_dates=handout_dates(site),
                       sides=[view.side for view in views], argument_rows=argument_rows,
                       sources=key_sources(site), first_paragraph=safe(site.x.treaty.summary[0].text))


def worksheet_rows(site: Site) -> list[WorksheetSide]:
    """Each side's arguments, with who makes them and the kinds of source behind them, to rate."""
    sources = site.a.sources
    sides = []
    for side in site.x.arguments.sides:
        rows = []
        for argument in site.x.arguments.items:
            if argument.side == side.id:
                kinds = sorted({wording.SOURCE_KIND_LABELS[sources[i].kind] for i in argument.sources if i in sources})
                rows.append(WorksheetRow(argument.id, argument.claim, "; ".join(argument.speakers), ", ".join(kinds)))
        sides.append(WorksheetSide(side.title, rows))
    return sides


def worksheet_page(site: Site) -> Page:
    """The student's worksheet: the quiz without its answers, the arguments to rate, questions to discuss."""
    path = "worksheet.md"
    return site.render("worksheet.md.j2", path, _("Worksheet: %(title)s") % {"title": site.x.explainer.title},
                       cites=Unnoted(), searchable=False, nav_title=_("Worksheet"), pdf_name=pdf_of(site, path),
                       teacher_pdf=pdf_of(site, "teacher.md"), quiz=site.x.classroom.quiz, sides=worksheet_rows(site))


def lesson_steps(site: Site) -> list[LessonStep]:
    """A 45-minute lesson in timed steps; without a quiz its ten minutes go to the arguments."""
    has_quiz = bool(site.x.classroom.quiz)
    plan = [
        (5, _("Start"), _("Ask what students already know. Read the key facts at the top of the handout together.")),
        (10, _("The rule and the dates"), _("In pairs, students read the rule and the table on the handout and work out "
                                           "one date of effect from the day a notice was received.")),
        *([(10, _("Quiz"), _("Students answer the quiz on the worksheet alone, then compare with a partner."))] if has_quiz else []),
        (12 if has_quiz else 22, _("The arguments"),
         _("In groups, each taking one side, students rate the evidence of each argument on the worksheet.")),
        (8, _("Discussion"), _("Go through the answers with the key below, then discuss one or two of the questions.")),
    ]
    steps, start = [], 0
    for minutes, title, what in plan:
        steps.append(LessonStep(start, start + minutes, title, what))
        start += minutes
    return steps


def teacher_page(site: Site) -> Page:
    """The teacher's guide: a timed 45-minute plan, the learning goals, the answer key and how to check a source."""
    path = "teacher.md"
    cites = site.citations.page(path)
    terms = site.terms(path)
    quiz = [QuizItem(q, terms(safe(q.answer)) + cites.cite(q.sources, "answer-key", _("Teacher's guide: answer key")))
            for q in site.x.classroom.quiz]
    return site.render("teacher.md.j2", path, _("Teacher's guide: %(title)s") % {"title": site.x.explainer.title},
                       cites=cites, searchable=False, nav_title=_("Teacher's guide"), pdf_name=pdf_of(site, path),
                       worksheet_pdf=pdf_of(site, "worksheet.md"), handout_pdf=pdf_of(site, "handout.md"),
                       steps=lesson_steps(site), quiz=quiz)
