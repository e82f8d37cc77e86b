"""Pure rendering: an Analysis in, {page path: Markdown} out. Nothing here writes files."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from types import SimpleNamespace
from typing import Callable, Iterable

import jinja2

from .. import model, rules
from ..analysis import Analysis
from ..model import EventKind
from babel.dates import format_date

from .chart import withdrawal_chart
from .text import KIND_LABELS, Citations, GlossaryLinker, PageCitations, date_range, inline, long_date, relative, safe

TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=False,  # the output is Markdown; author text is escaped by the `safe` filter instead
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    undefined=jinja2.StrictUndefined,
)
TEMPLATES.filters.update(
    safe=safe,
    inline=inline,
    longdate=jinja2.pass_context(lambda context, day: long_date(day, context["locale"])),
)

EVENT_KIND_LABELS = {
    EventKind.signature: "Signature",
    EventKind.joined: "Joined the treaty",
    EventKind.announcement: "Announcement",
    EventKind.government_decision: "Government decision",
    EventKind.parliament_vote: "Parliament vote",
    EventKind.head_of_state_decision: "Head of state's decision",
    EventKind.notice_received: "Notice received by the depositary",
    EventKind.notice_circulated: "Notice circulated by the depositary",
    EventKind.notice_revoked: "Notice revoked",
    EventKind.withdrawal_effective: "Withdrawal takes effect",
    EventKind.objection: "Objection",
    EventKind.meeting_decision: "Meeting of the parties",
    EventKind.statement: "Statement",
    EventKind.report: "Report",
    EventKind.production_plan: "Production plan",
    EventKind.other: "Event",
}
CLOCK_TEXT = {
    model.ClockStart.receipt_by_depositary: "the depositary receives the instrument of withdrawal. A parliament vote, a signature or an announcement does not start it",
    model.ClockStart.notification_to_parties: "the notification of withdrawal reaches the other parties",
}

BIBLIOGRAPHY = "sources.md"


@dataclass(frozen=True)
class Page:
    """One generated page: where it goes, its title, and its Markdown."""

    path: str
    title: str
    markdown: str
    nav_title: str | None = None
    """A shorter name for the navigation, where the page's own title is long."""


FOOTNOTE_REFERENCE = re.compile(r"\[\^([^\]]+)\]")
FOOTNOTES_HERE = "\x00footnotes\x00"
"""Where _page.md.j2 leaves the footnotes, filled in once their order is known (events files cannot hold NUL)."""


def in_reading_order(body: str, cited: Iterable[str]) -> list[str]:
    """Cited source ids in the order a reader meets their notes, so notes number 1, 2, 3 down the page."""
    first: dict[str, int] = {}
    for match in FOOTNOTE_REFERENCE.finditer(body):  # one pass, however many notes
        first.setdefault(match.group(1), len(first))
    return sorted(cited, key=lambda source_id: first.get(source_id, len(first)))


def without_extra_blank_lines(text: str) -> str:
    """At most one blank line in a row (str.replace: a regex over every page cost 6% of rendering)."""
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text


def in_parts(stem: str, items: list, size: int) -> list[tuple[str, list]]:
    """Items in pages of at most `size`: stem.md, then stem-2.md, stem-3.md..."""
    chunks = [items[start:start + size] for start in range(0, len(items), size)] or [[]]
    return [(f"{stem}.md" if n == 1 else f"{stem}-{n}.md", chunk) for n, chunk in enumerate(chunks, start=1)]


def period_text(period: model.Period) -> str:
    unit = period.unit.value if period.amount != 1 else period.unit.value.rstrip("s")
    return f"{period.amount} {unit}"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "term"


class SiteRenderer:
    """Renders every page of one explainer; pages share one citation registry for back-links."""

    def __init__(self, analysis: Analysis, data_file: str = "events.yaml", pdf_name: str | None = None,
                 download_sizes: dict[str, int] | None = None):
        self.a = analysis
        self.pdf_name = pdf_name
        self.download_sizes = download_sizes or {}
        self.x = analysis.explainer
        self.data_file = data_file
        self.locale = self.x.explainer.language
        self.rule = self.x.treaty.withdrawal_rule
        self.states = analysis.states
        self.disagreement_questions = {d.id: d.question for d in self.x.disagreements}
        self.split_sources = len(self.x.sources) > self.x.explainer.sources_split
        self.source_page, self.source_page_label = self._bibliography_parts()
        self.citations = Citations(analysis.sources, self.bibliography_page, self.locale)
        self.glossary = GlossaryLinker(self.x.glossary, "glossary.md", lambda term: slug(term.term))
        self.page_terms = {}
        self.events = analysis.timeline
        self.timeline_items = self._timeline_items()
        self.split_timeline = len(self.timeline_items) > self.x.explainer.timeline_split
        self.timeline_parts = self._timeline_parts()
        self.item_page = {item.anchor: part.page for part in self.timeline_parts for item in part.items}

    # ------------------------------------------------------------ shared pieces

    def date(self, day) -> str:
        return long_date(day, self.locale)

    def bibliography_page(self, source_id: str) -> str:
        """sources.md, or sources/<initial>.md (sources/<initial>-2.md...) once the list is split."""
        return self.source_page.get(source_id, BIBLIOGRAPHY)

    def _bibliography_parts(self) -> tuple[dict[str, str], dict[str, str]]:
        """Once the list splits, the page of each source (one per initial, in parts of at most sources_split),
        and each page's label ('S', then 'S (part 2)'...)."""
        if not self.split_sources:
            return {}, {}
        by_initial: dict[str, list[model.Source]] = {}
        for source in sorted(self.x.sources, key=lambda s: (s.publisher.casefold(), s.title.casefold(), s.id)):
            initial = source.id[0]
            by_initial.setdefault(initial if initial.isalpha() else "0-9", []).append(source)
        pages, labels = {}, {}
        for initial, sources in sorted(by_initial.items()):
            for n, (page, chunk) in enumerate(in_parts(f"sources/{initial}", sources, self.x.explainer.sources_split), start=1):
                pages.update((source.id, page) for source in chunk)
                labels[page] = initial.upper() + (f" (part {n})" if n > 1 else "")
        return pages, labels

    @property
    def bibliography_index(self) -> str:
        return "sources/index.md" if self.split_sources else BIBLIOGRAPHY

    def on(self, day) -> str:
        """'on 27 June 2025', or 'in July 2025' where only the month or year is known."""
        precise = not isinstance(day, model.PartialDate) or day.precision == "day"
        return f"{'on' if precise else 'in'} {self.date(day)}"

    def _timeline_parts(self) -> list[SimpleNamespace]:
        """The timeline's pages: one, or one per year once split, a busy year in parts of at most timeline_split."""
        if not self.split_timeline:
            return [SimpleNamespace(page="timeline.md", year=None, label="", items=self.timeline_items)]
        parts = []
        for year, items in groupby(self.timeline_items, key=lambda i: i.year):
            chunks = in_parts(f"timeline/{year}", list(items), self.x.explainer.timeline_split)
            parts += [SimpleNamespace(page=page, year=year, label=f"{year}" + (f", part {n} of {len(chunks)}" if len(chunks) > 1 else ""),
                                      items=chunk) for n, (page, chunk) in enumerate(chunks, start=1)]
        return parts

    @property
    def timeline_index(self) -> str:
        return "timeline/index.md" if self.split_timeline else "timeline.md"

    def page_url(self, path: str) -> str:
        """The address of a generated page: absolute when the site's address is known."""
        html = path[:-3] + ".html"
        return f"{self.x.explainer.site_url.rstrip('/')}/{html}" if self.x.explainer.site_url else html

    def citation(self, path: str, title: str) -> SimpleNamespace:
        """Ready citations of a page (APA 7 and MLA 9 styles for a web page)."""
        info = self.x.explainer
        authors = ", ".join(inline(m.name) for m in info.maintainers)
        site, page_title, url = inline(info.title), inline(title), self.page_url(path)
        apa_date = format_date(self.a.as_of, "y, MMMM d", locale=self.locale.replace("-", "_"))
        same = page_title == site
        apa = f"{authors}. ({apa_date}). *{page_title}*." + ("" if same else f" {site}.") + f" {url}"
        mla = f"{authors}. “{page_title}.”" + ("" if same else f" *{site}*,") + f" {self.date(self.a.as_of)}, {url}. Accessed [the day you read it]."
        return SimpleNamespace(apa=apa, mla=mla)

    def structured_data(self, path: str, title: str, cites: PageCitations, extra: dict | None) -> str:
        """JSON-LD for the page: an Article citing what the page cites, plus what the page is about."""
        info = self.x.explainer
        sources = self.a.sources
        data = {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": title,
            "inLanguage": info.language,
            "dateModified": self.a.as_of.isoformat(),
            "license": info.license.url,
            "author": [{"@type": "Organization" if m.role is None else "Person", "name": m.name} for m in info.maintainers],
            "isPartOf": {"@type": "WebSite", "name": info.title},
            "citation": [
                {"@type": "CreativeWork", "name": sources[i].title, "publisher": {"@type": "Organization", "name": sources[i].publisher},
                 **({"url": sources[i].url or sources[i].read_at} if (sources[i].url or sources[i].read_at) else {})}
                for i in cites.used
            ],
        }
        if info.site_url:
            data["url"] = self.page_url(path)
        if extra:
            data["mainEntity"] = extra
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
        return f'<script type="application/ld+json">{text}</script>'

    def render(self, template: str, path: str, title: str, cites: PageCitations | None = None,
               structured: dict | None = None, searchable: bool = True, nav_title: str | None = None, **context) -> Page:
        """Render one page; pass `cites` when text built in Python already cited on it."""
        cites = cites or self.citations.page(path)
        terms = self.terms(path)
        # The theme prints a page's front-matter title as HTML: it gets escaped (front_title below).
        facts = f"*Facts checked to {self.date(self.a.as_of)}. Every fact carries a numbered note that links to its source.*"
        text = TEMPLATES.get_template(template).render(
            title=inline(title), front_title=json.dumps(html.escape(title), ensure_ascii=False), data_file=self.data_file, facts_line=facts, cites=cites, as_of=self.a.as_of,
            locale=self.locale, info=self.x.explainer, treaty=self.x.treaty, rule=self.rule,
            link=lambda to, anchor="": relative(path, to, anchor),
            md=lambda text: terms(safe(text)),
            citation=self.citation(path, title), searchable=searchable,
            jsonld=lambda: self.structured_data(path, title, cites, structured),
            classroom=self.x.classroom, sources_page=self.bibliography_index,
            daterange=lambda a, b: date_range(a, b, self.locale), footnotes=FOOTNOTES_HERE,
            anchor_article=lambda article: "article-" + slug(article.number),
            **context,
        )
        body, _, tail = text.partition(FOOTNOTES_HERE)
        text = body + cites.footnotes(in_reading_order(body, cites.used)) + tail
        return Page(path, title, without_extra_blank_lines(text), nav_title)

    def terms(self, path: str):
        """The glossary linker of one page (shared by text built in Python and in templates)."""
        if path not in self.page_terms:
            self.page_terms[path] = self.glossary.for_page(path)
        return self.page_terms[path]

    def state_link(self, state_id: str, from_page: str) -> str:
        state = self.states[state_id]
        return f"[{inline(state.name)}]({relative(from_page, 'countries/' + state_id.lower() + '.md')})"

    def status_row(self, state: model.State, from_page: str) -> SimpleNamespace:
        status = self.a.statuses[state.id]
        withdrawal = self.a.withdrawals.get(state.id)
        text = status.label
        if status.status == rules.Status.withdrawal_pending and status.days_remaining is not None:
            text += f" ({status.days_remaining} days left)"
        if status.status == rules.Status.withdrawn and status.since:
            text += f" since {self.date(status.since)}"
        return SimpleNamespace(
            state=state,
            status_text=text,
            bound=self.date(state.joined.entry_into_force) if state.joined else "never",
            received=self.received_text(withdrawal) if withdrawal else "none",
            effective=self.effective_text(withdrawal) if withdrawal else "",
            expiry=self.expiry_text(withdrawal) if withdrawal else "",
            withdrawal=withdrawal,
            # Pages that explain a withdrawal fill these with their own citations.
            stated="", explanation="", explanation_long="",
        )

    def received_note(self, w: rules.Withdrawal) -> str:
        """Why a notice's day is missing, if it is."""
        if w.received.precision == "day":
            return ""
        return " (exact day not agreed)" if w.notice.disagreement else " (exact day not known)"

    def received_text(self, w: rules.Withdrawal) -> str:
        return self.date(w.received) + self.received_note(w)

    def expiry_text(self, w: rules.Withdrawal) -> str:
        if not w.provided_for:
            return "does not apply"
        if w.expiry_earliest == w.expiry_latest:
            return self.date(w.expiry_earliest)
        return f"{self.date(w.expiry_earliest)} – {self.date(w.expiry_latest)}"

    def effective_text(self, w: rules.Withdrawal) -> str:
        if w.revoked_on:
            return "never (notice revoked)"
        if not w.provided_for:
            return f"none: a {w.notice.instrument.value} has no effect under the treaty"
        if w.effective is None:
            return "no date: blocked" if w.blocked_reasons else "unknown"
        text = self.date(w.effective) if w.effective == w.effective_latest else f"{self.date(w.effective)} – {self.date(w.effective_latest)}"
        return text + (" (due)" if w.effective > self.a.as_of else "")

    def stated_text(self, w: rules.Withdrawal, page: PageCitations | str, anchor: str = "") -> str:
        if w.stated is None:
            return ""
        verdict = "agrees with the rule" if w.stated_matches else "**differs from the rule**"
        cite = page.cite(w.stated.sources, anchor, "Stated effective dates") if isinstance(page, PageCitations) else ""
        return f"{self.date(w.stated.date)}{cite} ({verdict})"

    def explanation(self, w: rules.Withdrawal, from_page, anchor: str = "", long: bool = False) -> str:
        """Why the computed date is what it is, in words, with the rule's source."""
        cites = from_page if isinstance(from_page, PageCitations) else None
        cite = (lambda ids: cites.cite(ids, anchor, "Computed withdrawal dates")) if cites else (lambda ids: "")
        state = self.states[w.state_id]
        rule_cite = cite(self.rule.sources)
        if not w.provided_for:
            # Not a withdrawal at all: no period runs and the armed-conflict clause has nothing to hold.
            return (f"The depositary received a notice of {w.notice.instrument.value} {self.on(w.received)}{self.received_note(w)}. "
                    f"The treaty provides for withdrawal only, not {w.notice.instrument.value}{rule_cite}, so the notice has no effect "
                    f"under it: {inline(state.name)} remains a party.")
        parts = []
        if long or w.blocked_reasons or w.clamped or w.revoked_on or w.stated_matches is False:
            parts.append(f"The depositary received the notice {self.on(w.received)}{self.received_note(w)}. "
                         f"Under Article {inline(self.rule.article)}{rule_cite}, {period_text(self.rule.notice_period)} later is {self.expiry_text(w)}.")
        if w.clamped:
            parts.append("That month has no such day, so the rule gives the last day of the month.")
        if "armed_conflict" in w.blocked_reasons and w.conflict:
            conflict_cite = cite(w.conflict.sources)
            if w.conflict.end is None:
                parts.append(f"When that period ends, {inline(state.name)} is recorded as engaged in an armed conflict ({inline(w.conflict.description)}{conflict_cite}). "
                             f"Under the armed-conflict clause{rule_cite}, a withdrawal does not take effect before the end of the armed conflict: there is no effective date yet.")
            else:
                parts.append(f"When that period ends, {inline(state.name)} is recorded as engaged in an armed conflict ({inline(w.conflict.description)}{conflict_cite}), which ended on {self.date(w.conflict.end)}; the withdrawal takes effect then.")
        if w.revoked_on:
            parts.append(f"The notice was revoked on {self.date(w.revoked_on)}, so it never takes effect.")
        if long and not w.blocked_reasons and not w.revoked_on and w.effective:
            verb = "took" if w.effective_latest <= self.a.as_of else "takes"
            parts.append(f"The withdrawal {verb} effect on **{self.effective_text(w)}**.")
        if w.stated is not None and cites:
            parts.append(f"A source states {self.stated_text(w, cites, anchor)}.")
        return " ".join(parts)

    def party_sentence(self, cites: PageCitations, anchor: str) -> str:
        count = self.a.party_count
        if count is None:
            return ""
        base = count.base
        base_cite = cites.cite(base.sources, anchor, "Party count")
        if not count.left:
            return f"On {self.date(self.a.as_of)} the newest count in the sources is **{base.count}** States Parties ({self.date(base.date)}){base_cite}."
        groups = []
        for day, items in groupby(count.left, key=lambda item: item[1]):
            names = [self.states[state_id].name for state_id, _ in items]
            groups.append(f"{', '.join(map(inline, names))} ({self.date(day)})")
        return (f"On {self.date(self.a.as_of)} the treaty had **{count.count}** States Parties. "
                f"This is computed here, not stated by a source: {base.count} on {self.date(base.date)}{base_cite}, "
                f"less the withdrawals computed since: {'; '.join(groups)}.")

    # ------------------------------------------------------------ timeline

    def _timeline_items(self) -> list[SimpleNamespace]:
        """Author events plus one computed entry per withdrawal that takes effect."""
        in_time = rules.timeline_sort_key(self.x.events)
        items = [SimpleNamespace(event=e, anchor=e.id, sort=(*in_time(e)[:2], 0, e.date.earliest, e.id), year=e.date.year) for e in self.events]
        authored_effective = {e.states[0] for e in self.x.events if e.kind is EventKind.withdrawal_effective and e.states}
        for state_id, w in self.a.withdrawals.items():
            if w.effective and state_id not in authored_effective:
                items.append(SimpleNamespace(event=None, withdrawal=w, anchor=f"computed-{state_id.lower()}-effective",
                                             sort=(w.effective, rules.ON_THE_DAY, 1, w.effective, state_id), year=w.effective.year))
        items.sort(key=lambda item: item.sort)
        return items

    def item_view(self, item: SimpleNamespace, page: str, cites: PageCitations) -> SimpleNamespace:
        if item.event is None:
            w = item.withdrawal
            state = self.states[w.state_id]
            title = f"{state.name}'s withdrawal takes effect" + (" (due)" if w.effective > self.a.as_of else "")
            meta = f"**{self.effective_text(w)}** · {self.state_link(w.state_id, page)} · Computed from the rule"
            body = (f"Computed from the rule: the notice was received {self.on(w.received)}{self.received_note(w)} "
                    f"([see the notice]({relative(page, self.item_page[w.notice.id], w.notice.id)})); "
                    f"Article {inline(self.rule.article)}{cites.cite(self.rule.sources, item.anchor, 'Timeline: computed dates')} "
                    f"gives {period_text(self.rule.notice_period)} later.")
            if w.stated is not None:
                body += f" A source states {self.stated_text(w, cites, item.anchor)}."
            return SimpleNamespace(anchor=item.anchor, title=title, date_text=self.date(w.effective), meta=meta, body=body)
        e = item.event
        states = ", ".join(self.state_link(s, page) for s in e.states if s in self.states)
        meta = " · ".join(filter(None, [f"**{self.date(e.date)}**", states, EVENT_KIND_LABELS[e.kind], "planned" if e.planned else ""]))
        if e.date.precision != "day":
            meta += f" · only the {'month' if e.date.precision == 'month' else 'year'} is given"
        body = self.terms(page)(safe(e.summary)) + cites.cite(e.sources, e.id, f"Timeline: {e.title}")
        if e.disagreement:
            question = self.disagreement_questions.get(e.disagreement, "")
            body += f"\n\n**Sources differ:** [{inline(question)}]({relative(page, 'disagreements.md', e.disagreement)})"
        w = self.a.withdrawals.get(e.states[0]) if e.kind is EventKind.notice_received and e.states else None
        if w is not None and w.notice is e:
            body += "\n\n**Computed:** " + self.explanation(w, cites, item.anchor, long=True)
        return SimpleNamespace(anchor=item.anchor, title=e.title, date_text=self.date(e.date), meta=meta, body=body)

    # ------------------------------------------------------------ pages

    def pages(self) -> list[Page]:
        """Every generated page in reading order; the data page and the bibliography come last, once every citation is known."""
        pages = [self.start_page(), self.treaty_page(), self.withdrawal_page(), *self.timeline_pages(),
                 self.countries_page(), *self.state_pages(), self.arguments_page()]
        if self.x.misreadings:
            pages.append(self.misreadings_page())
        pages += [self.disagreements_page(), self.glossary_page()]
        if self.x.classroom:
            pages.append(self.lesson_page())
        pages.append(self.handout_page(self.pdf_name, self.chart("handout")))
        return pages + ([self.data_page()] if self.download_sizes else []) + self.sources_pages()

    def start_page(self) -> Page:
        path = "index.md"
        cites = self.citations.page(path)
        key_dates = []
        for item in self.timeline_items:
            if item.event is not None and item.event.key:
                key_dates.append(SimpleNamespace(date=self.date(item.event.date), title=item.event.title, page=self.item_page[item.anchor], anchor=item.anchor))
            elif item.event is None:
                w = item.withdrawal
                title = f"{self.states[w.state_id].name}'s withdrawal takes effect (computed)"
                key_dates.append(SimpleNamespace(date=self.date(w.effective), title=title, page=self.item_page[item.anchor], anchor=item.anchor))
        return self.render("index.md.j2", path, self.x.explainer.title, cites=cites, nav_title="Start here",
                                 status_rows=[self.status_row(s, path) for s in self.x.states],
                                 party_sentence=self.party_sentence(cites, ""), key_dates=key_dates,
                                 timeline_page=self.timeline_index, has_misreadings=bool(self.x.misreadings))

    def treaty_page(self) -> Page:
        path = "treaty.md"
        cites = self.citations.page(path)
        rule = self.x.treaty.entry_into_force_rule
        eif_rule, rows = "", []
        if rule:
            eif_rule = (f"Under Article {inline(rule.article)}{cites.cite(rule.sources, 'joining', 'Entry-into-force rule')}, the treaty binds a state "
                        + (f"from the first day of the month {period_text(rule.period)} after it deposits its instrument" if rule.first_day_of_month
                           else f"{period_text(rule.period)} after it deposits its instrument")
                        + ". The last column is computed from that rule.")
            for state in self.x.states:
                if state.joined:
                    j = state.joined
                    computed = rules.entry_into_force_on(j.deposited.earliest, rule) if j.deposited.precision == "day" else None
                    agrees = computed is not None and j.entry_into_force.precision == "day" and computed == j.entry_into_force.earliest
                    rows.append(SimpleNamespace(
                        state=state, signed=self.date(j.signed) if j.signed else "did not sign", signed_sources=self._signature_sources(state),
                        deposited=f"{self.date(j.deposited)} ({j.consent.value})", in_force=self.date(j.entry_into_force),
                        computed=(self.date(computed) + (" (agrees)" if agrees else " (**differs**)")) if computed else "needs a full date"))
        treaty = self.x.treaty
        legislation = {"@type": "Legislation", "name": treaty.name, "alternateName": treaty.short_names,
                       "legislationDate": treaty.adopted.date.isoformat(), "legislationLegalForce": "InForce",
                       "temporalCoverage": f"{treaty.entry_into_force.date.isoformat()}/.."}
        return self.render("treaty.md.j2", path, "The treaty", cites=cites, structured=legislation,
                                 party_sentence=self.party_sentence(cites, "who-is-party"), eif_rule=eif_rule, joining_rows=rows)

    def _signature_sources(self, state: model.State) -> list[str]:
        """The sources of a state's signature: its signature event's, where the file has one, else its joining's."""
        signed = [e for e in self.x.events if e.kind is EventKind.signature and e.states == [state.id]]
        return signed[0].sources if signed else state.joined.sources

    def withdrawal_page(self) -> Page:
        path = "withdrawal.md"
        cites = self.citations.page(path)
        r = self.rule
        steps = self.rule_steps()
        rows = [self.status_row(self.states[s], path) for s in self.states if s in self.a.withdrawals]
        for row in rows:
            row.explanation = self.explanation(row.withdrawal, cites, "worked-example")
            row.stated = self.stated_text(row.withdrawal, cites, "worked-example")
        clamp_note = ""
        if any(row.withdrawal.clamped for row in rows):
            clamp_note = ("Some month is shorter than the day the clock started on (there is no 31 February). "
                          "The rule is applied as the last day of that month; the sources cited here do not say how the depositary counts such dates.")
        return self.render("withdrawal.md.j2", path, "How withdrawal works", cites=cites, chart=self.chart("withdrawal"),
                           rule_steps=steps, withdrawal_rows=rows, clamp_note=clamp_note,
                           period_text=period_text(r.notice_period))

    def chart(self, prefix: str) -> str:
        """The withdrawal chart as a block of HTML, or nothing when no state gave notice."""
        if not self.a.withdrawals:
            return ""
        svg = withdrawal_chart(self.a, f"{prefix}-chart-title", f"{prefix}-chart-desc")
        # One line, so Markdown passes it through as a single raw HTML block.
        return '<div class="ex-chart">' + " ".join(svg.split("\n")) + "</div>"

    def data_page(self) -> Page:
        """The downloads, with what each holds, its size and the license."""
        files = [SimpleNamespace(name=name, what=DOWNLOAD_DESCRIPTIONS.get(name, ("", ""))[0],
                                 size=f"{max(1, round(size / 1024))} KB") for name, size in self.download_sizes.items()]
        dataset = {"@type": "Dataset", "name": f"{self.x.explainer.title}: data", "description": self.x.explainer.description,
                   "license": self.x.explainer.license.url, "dateModified": self.a.as_of.isoformat(),
                   "distribution": [{"@type": "DataDownload", "name": name, "contentUrl": f"data/{name}",
                                     "encodingFormat": DOWNLOAD_DESCRIPTIONS.get(name, ("", "application/octet-stream"))[1]}
                                    for name in self.download_sizes]}
        return self.render("data.md.j2", "data.md", "Data and downloads", files=files, structured=dataset)

    def rule_steps(self) -> list[str]:
        """The withdrawal rule in plain steps, worded from the rule's data."""
        r = self.rule
        steps = [f"The clock starts when {CLOCK_TEXT[r.clock_starts]}."]
        unit_note = (", on the same day of the month (or, as computed here, the month's last day when it is shorter: "
                     "no source on the depositary's practice for that case was found)") if r.notice_period.unit is not model.PeriodUnit.days else ""
        steps.append(f"The withdrawal takes effect {period_text(r.notice_period)} later{unit_note}.")
        if r.armed_conflict_clause:
            steps.append("If the withdrawing state is engaged in an armed conflict when that period ends, the withdrawal does not take effect before the end of the armed conflict.")
        if r.later_date_allowed:  # only a rule that allows it is stated: the treaty's silence is not a source for "cannot"
            steps.append("A notice may name a later date, and then takes effect on that date.")
        if not r.suspension_allowed:
            steps.append("The treaty has no clause for suspending it: a state is either bound or, after a withdrawal takes effect, not bound.")
        return steps

    def event_list(self, views: list[SimpleNamespace], items: list[SimpleNamespace]) -> dict:
        """The events a timeline page shows, as a schema.org ItemList of Event."""
        elements = []
        for position, (view, item) in enumerate(zip(views, items), start=1):
            start = item.event.date.isoformat() if item.event is not None else item.withdrawal.effective.isoformat()
            elements.append({"@type": "ListItem", "position": position,
                             "item": {"@type": "Event", "name": view.title, "startDate": start}})
        return {"@type": "ItemList", "itemListElement": elements}

    def timeline_pages(self) -> list[Page]:
        if not self.split_timeline:
            path = "timeline.md"
            cites = self.citations.page(path)
            groups = [SimpleNamespace(year=y, items=[self.item_view(i, path, cites) for i in items])
                      for y, items in groupby(self.timeline_items, key=lambda i: i.year)]
            listed = self.event_list([v for g in groups for v in g.items], self.timeline_items)
            return [self.render("timeline.md.j2", path, "Timeline", cites=cites, structured=listed, groups=groups, year_links=[])]
        links = [SimpleNamespace(year=part.label, page=part.page, count=len(part.items)) for part in self.timeline_parts]
        pages = [self.render("timeline.md.j2", "timeline/index.md", "Timeline", groups=[], year_links=links)]
        for part in self.timeline_parts:
            cites = self.citations.page(part.page)
            groups = [SimpleNamespace(year=part.year, items=[self.item_view(i, part.page, cites) for i in part.items])]
            pages.append(self.render("timeline.md.j2", part.page, f"Timeline: {part.label}", cites=cites, groups=groups, year_links=[],
                                     structured=self.event_list(groups[0].items, part.items)))
        return pages

    def countries_page(self) -> Page:
        path = "countries/index.md"
        return self.render("countries.md.j2", path, "Countries", status_rows=[self.status_row(s, path) for s in self.x.states])

    def state_pages(self) -> list[Page]:
        pages = []
        by_state: dict[str, list] = {s.id: [] for s in self.x.states}
        disputed: dict[str, list[model.Disagreement]] = {s.id: [] for s in self.x.states}
        for d in self.x.disagreements:
            for state_id in dict.fromkeys(d.states):
                if state_id in disputed:
                    disputed[state_id].append(d)
        for item in self.timeline_items:
            ids = item.event.states if item.event is not None else [item.withdrawal.state_id]
            for state_id in ids:
                if state_id in by_state:
                    by_state[state_id].append(item)
        for state in self.x.states:
            path = f"countries/{state.id.lower()}.md"
            cites = self.citations.page(path)
            row = self.status_row(state, path)
            row.explanation_long = self.explanation(row.withdrawal, cites, "withdrawal", long=True) if row.withdrawal else ""
            disagreements = disputed[state.id]
            items = [self.item_view(i, path, cites) for i in by_state[state.id]]
            pages.append(self.render("state.md.j2", path, state.name, cites=cites, state=state, row=row,
                                           items=items, disagreement_items=disagreements))
        return pages

    def arguments_page(self) -> Page:
        return self.render("arguments.md.j2", "arguments.md", "Arguments on both sides", sides=self.argument_sides())

    def argument_sides(self) -> list[SimpleNamespace]:
        """Each declared side with its arguments, what they answer and what answers them."""
        args = {a.id: a for a in self.x.arguments.items}
        answered_by: dict[str, list] = {a.id: [] for a in self.x.arguments.items}
        for a in self.x.arguments.items:
            for other in a.answers:
                if other in answered_by:
                    answered_by[other].append(a)
        sides = [SimpleNamespace(side=side, items=[
            SimpleNamespace(argument=a, answers=[args[o] for o in a.answers if o in args], answered_by=answered_by[a.id])
            for a in self.x.arguments.items if a.side == side.id]) for side in self.x.arguments.sides]
        return sides

    def misreadings_page(self) -> Page:
        return self.render("misreadings.md.j2", "misreadings.md", "Common misreadings", misreadings=self.x.misreadings)

    def disagreements_page(self) -> Page:
        path = "disagreements.md"
        cites = self.citations.page(path)
        items = [SimpleNamespace(item=d, states=[self.states[s] for s in d.states if s in self.states]) for d in self.x.disagreements]
        flagged = []
        for state_id, w in self.a.withdrawals.items():
            if w.stated_matches is False:
                flagged.append(f"{self.state_link(state_id, path)}: {self.explanation(w, cites, 'flagged-dates')}")
        return self.render("disagreements.md.j2", path, "Where sources disagree", cites=cites, disagreements=items, flagged=flagged)

    def glossary_page(self) -> Page:
        terms = [SimpleNamespace(term=t, anchor=slug(t.term)) for t in sorted(self.x.glossary, key=lambda t: t.term.casefold())]
        term_set = {"@type": "DefinedTermSet", "name": f"Glossary: {self.x.explainer.title}",
                    "hasDefinedTerm": [{"@type": "DefinedTerm", "name": t.term.term, "description": t.term.definition} for t in terms]}
        return self.render("glossary.md.j2", "glossary.md", "Glossary", terms=terms, structured=term_set)

    def lesson_page(self) -> Page:
        """Goals, discussion, a quiz with hidden answers and a key, and a worksheet on the arguments."""
        path = "lesson.md"
        cites = self.citations.page(path)
        terms = self.terms(path)
        quiz = [SimpleNamespace(item=q, answer=terms(safe(q.answer)) + cites.cite(q.sources, "quiz", "Lesson pack: quiz"))
                for q in self.x.classroom.quiz]
        sources = self.a.sources
        sides = []
        for side in self.x.arguments.sides:
            rows = []
            for argument in self.x.arguments.items:
                if argument.side == side.id:
                    kinds = sorted({KIND_LABELS[sources[i].kind] for i in argument.sources if i in sources})
                    rows.append(SimpleNamespace(id=argument.id, claim=argument.claim, speakers="; ".join(argument.speakers), kinds=", ".join(kinds)))
            sides.append(SimpleNamespace(title=side.title, rows=rows))
        return self.render("lesson.md.j2", path, "Lesson pack", cites=cites, quiz=quiz, sides=sides)

    def handout_page(self, pdf_name: str | None, chart: str = "") -> Page:
        """The whole explainer on one page, in reading order, for printing."""
        path = "handout.md"
        cites = self.citations.page(path)
        terms = self.terms(path)
        rule = self.rule
        rows = [self.status_row(self.states[s], path) for s in self.states if s in self.a.withdrawals]
        for row in rows:
            row.explanation = self.explanation(row.withdrawal, cites, "withdrawal")
        timeline = []
        # Past the size where the timeline splits, the handout keeps the key dates, so it stays printable.
        complete = len(self.timeline_items) <= self.x.explainer.timeline_split
        for item in self.timeline_items:
            if not complete and item.event is not None and not item.event.key:
                continue
            if item.event is None:
                w = item.withdrawal
                timeline.append(SimpleNamespace(
                    date_text=self.date(w.effective), title=f"{self.states[w.state_id].name}'s withdrawal takes effect",
                    summary=f"Computed from Article {inline(rule.article)}{cites.cite(rule.sources, 'timeline', 'Handout')}."))
            else:
                e = item.event
                timeline.append(SimpleNamespace(date_text=self.date(e.date), title=e.title,
                                                summary=terms(safe(e.summary)) + cites.cite(e.sources, "timeline", "Handout")))
        return self.render("handout.md.j2", path, f"Handout: {self.x.explainer.title}", cites=cites, searchable=False,
                           nav_title="Handout (print)",
                           timeline_complete=complete, timeline_page=self.timeline_index, timeline_size=len(self.timeline_items),
                           party_sentence=self.party_sentence(cites, "overview"), rule_steps=self.rule_steps(),
                           withdrawal_rows=rows, timeline=timeline, sides=self.argument_sides(),
                           misreadings=self.x.misreadings, disagreements=self.x.disagreements,
                           glossary=sorted(self.x.glossary, key=lambda t: t.term.casefold()), pdf_name=pdf_name, chart=chart)

    def cited_in(self, path: str, source_id: str) -> str:
        """Links back to every place that cites a source (built here, not in the template: 25,000 links at 10,000 events)."""
        places = self.citations.places.get(source_id)
        if not places:
            return "*Not cited on any page.*"
        return "**Cited in:** " + " · ".join(f"[{inline(p.label)}]({relative(path, p.page, p.anchor)})" for p in places)

    def sources_pages(self) -> list[Page]:
        """The bibliography, grouped by kind; one page per initial letter once it is long."""
        by_page: dict[str, list[model.Source]] = {page: [] for page in dict.fromkeys(self.source_page.values())}
        for source in sorted(self.x.sources, key=lambda s: (s.publisher.casefold(), s.title.casefold(), s.id)):
            by_page.setdefault(self.bibliography_page(source.id), []).append(source)
        labels = self.source_page_label
        pages = []
        if self.split_sources:
            links = [SimpleNamespace(year=labels[path], page=path, count=len(items)) for path, items in by_page.items()]
            pages.append(self.render("sources.md.j2", "sources/index.md", "Sources", groups=[], letters=links, no_access_dates=False))
        for path, sources in by_page.items():
            groups = []
            for kind in model.SourceKind:
                entries = [SimpleNamespace(source=s, cited_in=self.cited_in(path, s.id)) for s in sources if s.kind is kind]
                if entries:
                    groups.append(SimpleNamespace(kind=kind.value.replace("_", "-"), label=KIND_LABELS[kind], entries=entries))
            title = f"Sources: {labels[path]}" if self.split_sources else "Sources"
            pages.append(self.render("sources.md.j2", path, title, groups=groups, letters=[],
                                     no_access_dates=any(s.accessed is None for s in sources)))
        return pages


DOWNLOAD_DESCRIPTIONS = {
    "explainer.json": ("the whole content plus every computed date and status", "application/json"),
    "events.csv": ("every event: date, states, kind, title, summary, source ids", "text/csv"),
    "states.csv": ("every state with its joining dates and its computed status", "text/csv"),
    "sources.csv": ("every source: title, publisher, kind, dates, addresses", "text/csv"),
    "sources.json": ("the sources as CSL-JSON, for Zotero and other reference managers", "application/vnd.citationstyles.csl+json"),
    "sources.bib": ("the sources as BibTeX", "application/x-bibtex"),
    "key-dates.ics": ("the key dates as a calendar (iCalendar)", "text/calendar"),
    "timeline.json": ("the events in Knight Lab TimelineJS format", "application/json"),
}


def render_site(analysis: Analysis, data_file: str, pdf_name: str | None) -> tuple[list[Page], dict[str, bytes]]:
    """Every page and download of an explainer; pdf_name links the handout to its PDF."""
    from .data import explainer_json
    from .downloads import downloads

    files = {"explainer.json": explainer_json(analysis).encode("utf-8")} | downloads(analysis)
    return render_pages(analysis, data_file, pdf_name, {name: len(data) for name, data in files.items()}), files


def render_pages(analysis: Analysis, data_file: str = "events.yaml", pdf_name: str | None = None,
                 download_sizes: dict[str, int] | None = None) -> list[Page]:
    """Every generated page of an explainer, in reading order; pdf_name links the handout to its PDF."""
    return SiteRenderer(analysis, data_file, pdf_name, download_sizes or {}).pages()
