"""What every page shares: the template environment (the one escaping point), citations, links and phrases."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Iterable

import jinja2
from babel.dates import format_date

from .. import rules
from ..analysis import Analysis
from ..model import Instrument
from ..validate import anchor_slug as slug  # one function: the collision check names the same anchors
from .citations import Citations, PageCitations
from .text import GlossaryLinker, Md, date_range, inline, long_date, markdown_of, plain, relative, safe, url
from .views import KeyDate, PageCitation, StatusRow, TimelineItem, TimelinePart
from . import i18n, startpage, structured, timeline, wording
from .i18n import _, ngettext

_ANCHOR = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def anchor(name: str) -> Md:
    """An attribute list giving a heading its id (ids come from validated ids or our own words)."""
    if not _ANCHOR.fullmatch(name):
        raise ValueError(f"not an anchor: {name!r}")
    return Md("{#" + name + "}")


def entry_anchor(name: str, states: Iterable[str] = ()) -> Md:
    """A timeline entry's heading attributes: its id and the states it is about (validated ids, lower case)."""
    ids = " ".join(state.lower() for state in states)
    if not re.fullmatch(r"[a-z0-9 _-]*", ids):
        raise ValueError(f"not state ids: {ids!r}")
    return Md(anchor(name)[:-1] + f' data-states="{ids}"' + "}")


def here(name: str) -> Md:
    """A link target on the same page."""
    return Md("#" + anchor(name)[2:-1])


TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    # The one escaping point: every {{ value }} is written through markdown_of, so plain text is escaped
    # and only Md (Markdown the renderer built from escaped parts) is written as it is.
    finalize=markdown_of,
    autoescape=False,  # the output is Markdown, not HTML: markdown_of is its escape
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    undefined=jinja2.StrictUndefined,
    extensions=["jinja2.ext.i18n"],
)
# {{ _("Words about %(name)s", name=x) }} and {{ ngettext("%(num)d state", "%(num)d states", n) }}: the message is ours
# (Markdown from the catalogs in the repository); every value filled into it is escaped unless it is Md (Md.__mod__).
TEMPLATES.install_gettext_callables(gettext=lambda message: Md(i18n._(message)),
                                    ngettext=lambda singular, plural, n: Md(i18n.ngettext(singular, plural, n)), newstyle=True)
TEMPLATES.filters.update(
    safe=safe,
    inline=inline,
    url=url,
    join=lambda items, separator="": Md(separator).join(items),  # keeps Md items as they are, escapes the rest
    longdate=jinja2.pass_context(lambda context, day: long_date(day, context["locale"])),
)
TEMPLATES.globals.update(anchor=anchor, here=here, entry_anchor=entry_anchor)

BIBLIOGRAPHY = "sources.md"
NOT_PROVIDED_FOR = {
    Instrument.withdrawal: i18n.N_("The treaty provides for withdrawal only, not withdrawal%(notes)s, so the notice has no effect "
                                   "under it: %(state)s remains a party."),
    Instrument.suspension: i18n.N_("The treaty provides for withdrawal only, not suspension%(notes)s, so the notice has no effect "
                                   "under it: %(state)s remains a party."),
}
"""A notice of something the treaty does not provide for, in words."""
FOOTNOTE_REFERENCE = re.compile(r"\[\^([^\]]+)\]")
FOOTNOTES_HERE = Md("\x00footnotes\x00")
"""Where _page.md.j2 leaves the footnotes, filled in once their order is known (events files cannot hold NUL)."""
READING_TIME_HERE = Md("\x00reading\x00")
"""Where _page.md.j2 says how long the page takes to read, filled in once its text is known."""


@dataclass(frozen=True)
class Page:
    """One generated page: where it goes, its title, and its Markdown."""

    path: str
    title: str
    markdown: str
    nav_title: str | None = None
    """A shorter name for the navigation, where the page's own title is long."""


def in_reading_order(body: str, cited: Iterable[str]) -> list[str]:
    """Cited source ids in the order a reader meets their notes, so notes number 1, 2, 3 down the page."""
    first: dict[str, int] = {}
    for match in FOOTNOTE_REFERENCE.finditer(body):  # one pass, however many notes
        first.setdefault(match.group(1), len(first))
    return sorted(cited, key=lambda source_id: first.get(source_id, len(first)))


def without_extra_blank_lines(text: str) -> str:
    """At most one blank line in a row."""
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text


def in_parts(stem: str, items: list, size: int) -> list[tuple[str, list]]:
    """Items in pages of at most `size`: stem.md, then stem-2.md, stem-3.md..."""
    chunks = [items[start:start + size] for start in range(0, len(items), size)] or [[]]
    return [(f"{stem}.md" if n == 1 else f"{stem}-{n}.md", chunk) for n, chunk in enumerate(chunks, start=1)]


def comment_text(text: str) -> str:
    """Text that cannot end an HTML comment or open a tag inside it (a file name, say)."""
    return re.sub(r"[^\w .,()+-]", "_", text).replace("--", "_-")


class Site:
    """One explainer's rendering context: the analysis, the citation registry, the timeline's pages, shared phrases."""

    def __init__(self, analysis: Analysis, data_file: str = "events.yaml", pdf_name: str | None = None,
                 download_sizes: dict[str, int] | None = None):
        self.a = analysis
        self.x = analysis.explainer
        self.data_file = data_file
        self.pdf_name = pdf_name
        self.download_sizes = download_sizes or {}
        self.locale = self.x.explainer.language
        self.rule = self.x.treaty.withdrawal_rule
        self.states = analysis.states
        self.split_sources = len(self.x.sources) > self.x.explainer.sources_split
        self.source_page, self.source_page_label = self._bibliography_parts()
        self.citations = Citations(analysis.sources, self.bibliography_page, self.locale)
        self.glossary = GlossaryLinker(self.x.glossary, "glossary.md", lambda term: slug(term.term))
        self.page_terms: dict[str, object] = {}
        self.timeline_items: list[TimelineItem] = timeline.items(analysis)
        self.split_timeline = len(self.timeline_items) > self.x.explainer.timeline_split
        self.timeline_parts: list[TimelinePart] = timeline.parts(self.timeline_items, self.split_timeline, self.x.explainer.timeline_split)
        self.item_page = {item.anchor: part.page for part in self.timeline_parts for item in part.items}
        self.page_titles: dict[str, str] = {}
        """Each rendered page's (navigation) title, for the bibliography's "Cited in" (rendered last)."""

    # ------------------------------------------------------------ pages, parts and links

    def date(self, day) -> str:
        return long_date(day, self.locale)

    def on(self, day) -> str:
        return wording.on_date(day, self.locale)

    def bibliography_page(self, source_id: str) -> str:
        """sources.md, or sources/<initial>.md (sources/<initial>-2.md...) once the list is split."""
        return self.source_page.get(source_id, BIBLIOGRAPHY)

    def _bibliography_parts(self) -> tuple[dict[str, str], dict[str, str]]:
        """Once the list splits, the page of each source (one per initial, in parts of at most sources_split),
        and each page's label ('S', then 'S (part 2)'...)."""
        if not self.split_sources:
            return {}, {}
        by_initial: dict[str, list] = {}
        for source in sorted(self.x.sources, key=lambda s: (s.publisher.casefold(), s.title.casefold(), s.id)):
            initial = source.id[0]
            by_initial.setdefault(initial if initial.isalpha() else "0-9", []).append(source)
        pages, labels = {}, {}
        for initial, sources in sorted(by_initial.items()):
            for n, (page, chunk) in enumerate(in_parts(f"sources/{initial}", sources, self.x.explainer.sources_split), start=1):
                pages.update((source.id, page) for source in chunk)
                labels[page] = _("%(initial)s (part %(part)d)") % {"initial": initial.upper(), "part": n} if n > 1 else initial.upper()
        return pages, labels

    @property
    def bibliography_index(self) -> str:
        return "sources/index.md" if self.split_sources else BIBLIOGRAPHY

    @property
    def timeline_index(self) -> str:
        return "timeline/index.md" if self.split_timeline else "timeline.md"

    def page_url(self, path: str) -> str | None:
        """The public address of a generated page, or None when the site's address is not known."""
        return structured.absolute(self.a, path)

    def state_link(self, state_id: str, from_page: str) -> Md:
        return Md(f"[{plain(self.states[state_id].name)}]({relative(from_page, 'countries/' + state_id.lower() + '.md')})")

    def terms(self, path: str):
        """The glossary linker of one page (shared by text built in Python and in templates)."""
        if path not in self.page_terms:
            self.page_terms[path] = self.glossary.for_page(path)
        return self.page_terms[path]

    def key_dates(self) -> list[KeyDate]:
        """The author's key events and every computed day of effect, for the start page."""
        dates = []
        for item in self.timeline_items:
            if item.event is not None and item.event.key:
                dates.append(KeyDate(self.date(item.event.date), item.event.title, self.item_page[item.anchor], item.anchor))
            elif item.event is None:
                w = item.withdrawal
                title = _("%(state)s: withdrawal takes effect (computed)") % {"state": self.states[w.state_id].name}
                dates.append(KeyDate(self.date(w.effective), title, self.item_page[item.anchor], item.anchor))
        return dates

    # ------------------------------------------------------------ one page

    def citation(self, path: str, title: str) -> PageCitation:
        """Ready citations of a page (APA 7 and MLA 9 styles for a web page)."""
        info = self.x.explainer
        authors = ", ".join(plain(m.name) for m in info.maintainers)
        site, page_title, address = plain(info.title), plain(title), self.page_url(path)
        # Translators: a Babel date pattern for the date in an APA citation (y: year, MMMM: month, d: day).
        apa_date = format_date(self.a.as_of, _("y, MMMM d"), locale=self.locale.replace("-", "_"))
        same = page_title == site
        # Without site_url the page's public address is unknown: a bare path (countries/index.html) helps no reader.
        apa = f"{authors}. ({apa_date}). *{page_title}*." + ("" if same else f" {site}.") + (f" {address}" if address else "")
        mla = (f"{authors}. “{page_title}.”" + ("" if same else f" *{site}*,")
               + f" {self.date(self.a.as_of)}" + (f", {address}" if address else "") + ". " + _("Accessed [the day you read it]."))
        return PageCitation(Md(apa), Md(mla))

    def structured_data(self, path: str, title: str, cites: PageCitations, extra: dict | None) -> Md:
        """JSON-LD for the page: an Article citing what the page cites, plus what the page is about (structured.py)."""
        return structured.script(structured.article(self.a, path, title, list(cites.used), extra))

    def render(self, template: str, path: str, title: str, cites: PageCitations | None = None,
               structured: dict | None = None, searchable: bool = True, nav_title: str | None = None, **context) -> Page:
        """Render one page; pass `cites` when text built in Python already cited on it."""
        cites = cites or self.citations.page(path)
        self.page_titles[path] = nav_title or title
        terms = self.terms(path)
        facts = Md(_("*Facts checked to %(date)s. Every fact carries a numbered note that links to its source.*")
                   % {"date": self.date(self.a.as_of)})
        text = TEMPLATES.get_template(template).render(
            title=plain(title), front_title=Md(json.dumps(html.escape(title), ensure_ascii=False)),
            data_file=comment_text(self.data_file), facts_line=facts, cites=cites, as_of=self.a.as_of,
            locale=self.locale, info=self.x.explainer, treaty=self.x.treaty, rule=self.rule,
            link=lambda to, anchor="": Md(relative(path, to, anchor)),
            md=lambda text: terms(safe(text)),
            citation=self.citation(path, title), searchable=searchable,
            jsonld=lambda: self.structured_data(path, title, cites, structured),
            classroom=self.x.classroom, sources_page=self.bibliography_index,
            daterange=lambda a, b: date_range(a, b, self.locale), footnotes=FOOTNOTES_HERE,
            reading_time=READING_TIME_HERE,
            anchor_article=lambda article: "article-" + slug(article.number),
            **context,
        )
        body, _marker, tail = text.partition(FOOTNOTES_HERE)
        body = body.replace(READING_TIME_HERE, "*" + startpage.reading_time(body) + "*")
        text = body + cites.footnotes(in_reading_order(body, cites.notes)) + tail
        return Page(path, title, without_extra_blank_lines(text), nav_title)

    # ------------------------------------------------------------ withdrawals in words, with their sources

    def status_row(self, state, from_page: str) -> StatusRow:
        withdrawal = self.a.withdrawals.get(state.id)
        return StatusRow(
            state=state,
            status_text=wording.status_text(self.a.statuses[state.id], self.locale),
            bound=self.date(rules.memberships(state)[-1].entry_into_force) if state.joined else _("never"),  # its latest joining
            received=self.received_text(withdrawal) if withdrawal else _("none"),
            effective=self.effective_text(withdrawal) if withdrawal else "",
            expiry=wording.expiry_text(withdrawal, self.locale) if withdrawal else "",
            withdrawal=withdrawal,
        )

    def received_text(self, w) -> str:
        return self.date(w.received) + wording.received_note(w)

    def effective_text(self, w) -> str:
        return wording.effective_text(w, self.a.as_of, self.locale)

    def stated_text(self, w, page: PageCitations | str, anchor: str = "") -> Md:
        if w.stated is None:
            return Md("")
        cite = page.cite(w.stated.sources, anchor, _("Stated effective dates")) if isinstance(page, PageCitations) else ""
        verdict = _("%(date)s%(notes)s (agrees with the rule)") if w.stated_matches else _("%(date)s%(notes)s (**differs from the rule**)")
        return Md(verdict % {"date": self.date(w.stated.date), "notes": cite})

    def explanation(self, w, from_page, anchor: str = "", long: bool = False) -> Md:
        """Why the computed date is what it is, in words, with the rule's source."""
        cites = from_page if isinstance(from_page, PageCitations) else None
        cite = (lambda ids: cites.cite(ids, anchor, _("Computed withdrawal dates"))) if cites else (lambda ids: "")
        name = plain(self.states[w.state_id].name)
        rule_cite = cite(self.rule.sources)
        received = {"on": self.on(w.received), "note": wording.received_note(w), "notes": rule_cite, "state": name}
        if not w.provided_for:
            # Not a withdrawal at all: no period runs and the armed-conflict clause has nothing to hold.
            given = wording.notice_given_sentence(self.rule, f"{self.on(w.received)}{wording.received_note(w)}", self.locale,
                                                  w.notice.instrument.value)
            return Md(given + " " + _(NOT_PROVIDED_FOR[w.notice.instrument]) % {"notes": rule_cite, "state": name})
        if w.too_early:
            return wording.too_early_text(w, self.rule, name, self.on(w.received) + wording.received_note(w), rule_cite, self.locale)
        parts = []
        if long or w.blocked_reasons or w.clamped or w.revoked_on or w.stated_matches is False or w.suspended_on or w.disputed:
            parts.append(wording.notice_given_sentence(self.rule, f"{self.on(w.received)}{wording.received_note(w)}", self.locale) + " "
                         + _("Under Article %(article)s%(notes)s, %(period)s later is %(expiry)s.")
                         % {"article": plain(self.rule.article), "notes": rule_cite, "period": wording.period_text(self.rule.notice_period),
                            "expiry": wording.expiry_text(w, self.locale)})
        if w.clamped:
            parts.append(_("That month has no such day, so the rule gives the last day of the month."))
        if "armed_conflict" in w.blocked_reasons and w.conflict:
            conflict = {"state": name, "conflict": f"{plain(w.conflict.description)}{cite(w.conflict.sources)}", "notes": rule_cite}
            if w.conflict.end is None:
                parts.append(_("When that period ends, %(state)s is recorded as engaged in an armed conflict (%(conflict)s). "
                               "Under the armed-conflict clause%(notes)s, a withdrawal does not take effect before the end of the "
                               "armed conflict: there is no effective date yet.") % conflict)
            else:
                parts.append(_("When that period ends, %(state)s is recorded as engaged in an armed conflict (%(conflict)s), "
                               "which ended on %(end)s; the withdrawal takes effect then.") % {**conflict, "end": self.date(w.conflict.end)})
        if w.notice.later_date and self.rule.later_date_allowed:
            parts.append(wording.later_date_text(w, self.locale))
        if w.suspended_on:
            parts.append(wording.suspension_text(w, self.locale))
        if w.revoked_on:
            parts.append(_("The notice was revoked on %(date)s, so it never takes effect.") % {"date": self.date(w.revoked_on)})
        if w.disputed and w.effective:
            parts.append(self.dispute_text(w, cite))
        elif long and not w.blocked_reasons and not w.revoked_on and w.effective:
            took = w.effective_latest <= self.a.as_of
            parts.append((_("The withdrawal took effect on **%(date)s**.") if took else _("The withdrawal takes effect on **%(date)s**."))
                         % {"date": self.effective_text(w)})
        if w.stated is not None and cites:
            parts.append(_("A source states %(stated)s.") % {"stated": self.stated_text(w, cites, anchor)})
        return Md(" ".join(parts))

    def dispute_text(self, w, cite) -> Md:
        """A disputed effect: the rule's day, then each view with its sources, none given as settled."""
        d = next((d for d in self.x.disagreements if d.id == w.disputed), None)
        views = [_("View %(num)d: %(view)s") % {"num": n, "view": f"{plain(v.value)}{cite(v.sources)}"}
                 for n, v in enumerate(d.values if d else (), start=1)]
        return Md(" ".join([_("By the rule the withdrawal would take effect on %(date)s, but whether it did is disputed; "
                              "this explainer does not settle it.") % {"date": wording.effective_span(w, self.locale)}, *views]))

    def party_sentence(self, cites: PageCitations, anchor: str) -> Md:
        count = self.a.party_count
        if count is None:
            return Md("")
        if count.ended:
            return Md(_("The treaty ended on %(date)s, when a party's withdrawal took effect (%(state)s): it has had no parties since.")
                      % {"date": self.date(count.ended), "state": plain(self.states[rules.treaty_ended_on(self.x, self.a.notices, self.a.as_of)[1]].name)})
        base = count.base
        base_cite = cites.cite(base.sources, anchor, _("Party count"))
        if not count.left:
            return Md(ngettext("On %(date)s the newest count in the sources is **%(num)d** State Party (%(counted)s)%(notes)s.",
                               "On %(date)s the newest count in the sources is **%(num)d** States Parties (%(counted)s)%(notes)s.",
                               base.count)
                      % {"date": self.date(self.a.as_of), "num": base.count, "counted": self.date(base.date), "notes": base_cite})
        groups = []
        for day, items in groupby(count.left, key=lambda item: item[1]):
            names = [plain(self.states[state_id].name) for state_id, _state in items]
            groups.append(f"{', '.join(names)} ({self.date(day)})")
        had = ngettext("On %(date)s the treaty had **%(num)d** State Party.", "On %(date)s the treaty had **%(num)d** States Parties.",
                       count.count) % {"date": self.date(self.a.as_of), "num": count.count}
        computed = _("This is computed here, not stated by a source: %(base)d on %(counted)s%(notes)s, "
                     "less the withdrawals computed since: %(withdrawals)s.") % {
            "base": base.count, "counted": self.date(base.date), "notes": base_cite, "withdrawals": "; ".join(groups)}
        sentence = Md(f"{had} {computed}")
        if count.returned:
            back = "; ".join(f"{plain(self.states[state_id].name)} ({self.date(day)})" for state_id, day in count.returned)
            added = _("States that joined again after a withdrawal are added back: %(states)s.") % {"states": back}
            sentence = Md(f"{sentence} {added}")
        return sentence

    def rule_steps(self) -> list[str]:
        """The withdrawal rule in plain steps, worded from the rule's data."""
        r = self.rule
        steps = [wording.clock_step(r, self.locale)]
        if r.notice_earliest_after:
            steps.append(_("Notice may be given only after %(period)s from the day the treaty entered into force for the state; "
                           "an earlier notice has no effect.") % {"period": wording.period_text(r.notice_earliest_after)})
        period = {"period": wording.period_text(r.notice_period)}
        if r.notice_period.unit.value != "days":
            steps.append(_("The withdrawal takes effect %(period)s later, on the same day of the month (or, as computed here, "
                           "the month's last day when it is shorter: no source on the depositary's practice for that case was found).")
                         % period)
        else:
            steps.append(_("The withdrawal takes effect %(period)s later.") % period)
        if r.armed_conflict_clause:
            steps.append(_("If the withdrawing state is engaged in an armed conflict when that period ends, "
                           "the withdrawal does not take effect before the end of the armed conflict."))
        if r.later_date_allowed:  # only a rule that allows it is stated: the treaty's silence is no source for "cannot"
            steps.append(_("A notice may name a later date, and then takes effect on that date."))
        if r.ends_treaty:
            steps.append(_("When one party's withdrawal takes effect, the treaty ends for every party."))
        if not r.suspension_allowed:
            steps.append(_("The treaty has no clause for suspending it: a state is either bound or, after a withdrawal takes effect, "
                           "not bound."))
        return steps
