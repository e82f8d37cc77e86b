"""The pages about the treaty and the states: start, treaty, withdrawal, countries and one page per state."""

from __future__ import annotations

from .. import rules
from ..model import EventKind
from .chart import withdrawal_chart
from .context import Page, Site
from .text import Md, plain
from .views import JoiningRow
from . import startpage, timeline, wording


def start_page(site: Site) -> Page:
    path = "index.md"
    cites = site.citations.page(path)
    return site.render("index.md.j2", path, site.x.explainer.title, cites=cites, nav_title="Start here",
                       status_rows=[site.status_row(s, path) for s in site.x.states],
                       key_facts=startpage.key_facts(site, cites), state_map=startpage.map_block(site),
                       party_sentence=site.party_sentence(cites, ""), key_dates=site.key_dates(),
                       timeline_page=site.timeline_index, has_misreadings=bool(site.x.misreadings),
                       has_worksheet=bool(site.x.classroom))


def treaty_page(site: Site) -> Page:
    path = "treaty.md"
    cites = site.citations.page(path)
    rule = site.x.treaty.entry_into_force_rule
    eif_rule, rows = Md(""), []
    if rule:
        when = (f"from the first day of the month {wording.period_text(rule.period)} after it deposits its instrument"
                if rule.first_day_of_month else f"{wording.period_text(rule.period)} after it deposits its instrument")
        eif_rule = Md(f"Under Article {plain(rule.article)}{cites.cite(rule.sources, 'joining', 'Entry-into-force rule')}, "
                      f"the treaty binds a state {when}. The last column is computed from that rule.")
        rows = [_joining_row(site, state, rule) for state in site.x.states if state.joined]
    treaty = site.x.treaty
    legislation = {"@type": "Legislation", "name": treaty.name, "alternateName": treaty.short_names,
                   "legislationDate": treaty.adopted.date.isoformat(), "legislationLegalForce": "InForce",
                   "temporalCoverage": f"{treaty.entry_into_force.date.isoformat()}/.."}
    return site.render("treaty.md.j2", path, "The treaty", cites=cites, structured=legislation,
                       party_sentence=site.party_sentence(cites, "who-is-party"), eif_rule=eif_rule, joining_rows=rows)


def _joining_row(site: Site, state, rule) -> JoiningRow:
    """A state's joining dates, with the day the entry-into-force rule gives and whether it agrees."""
    j = state.joined
    computed = rules.entry_into_force_on(j.deposited.earliest, rule) if j.deposited.precision == "day" else None
    agrees = computed is not None and j.entry_into_force.precision == "day" and computed == j.entry_into_force.earliest
    verdict = Md(site.date(computed) + (" (agrees)" if agrees else " (**differs**)")) if computed else Md("needs a full date")
    signature = [e for e in site.x.events if e.kind is EventKind.signature and e.states == [state.id]]
    return JoiningRow(state, site.date(j.signed) if j.signed else "did not sign",
                      f"{site.date(j.deposited)} ({j.consent.value})", site.date(j.entry_into_force), verdict,
                      tuple(signature[0].sources if signature else j.sources))


def withdrawal_page(site: Site) -> Page:
    path = "withdrawal.md"
    cites = site.citations.page(path)
    rows = [site.status_row(site.states[s], path) for s in site.states if s in site.a.withdrawals]
    for row in rows:
        row.explanation = site.explanation(row.withdrawal, cites, "worked-example")
        row.stated = site.stated_text(row.withdrawal, cites, "worked-example")
    clamp_note = ""
    if any(row.withdrawal.clamped for row in rows):
        clamp_note = ("Some month is shorter than the day the clock started on (there is no 31 February). "
                      "The rule is applied as the last day of that month; the sources cited here do not say how the depositary counts such dates.")
    return site.render("withdrawal.md.j2", path, "How withdrawal works", cites=cites, chart=chart(site, "withdrawal"),
                       rule_steps=site.rule_steps(), withdrawal_rows=rows, clamp_note=clamp_note,
                       period_text=wording.period_text(site.rule.notice_period))


def chart(site: Site, prefix: str) -> Md:
    """The withdrawal chart as a block of HTML, or nothing when no state gave notice."""
    if not site.a.withdrawals:
        return Md("")
    svg = withdrawal_chart(site.a, f"{prefix}-chart-title", f"{prefix}-chart-desc")  # escapes its own text
    # One line, so Markdown passes it through as a single raw HTML block.
    return Md('<div class="ex-chart">' + " ".join(svg.split("\n")) + "</div>")


def countries_page(site: Site) -> Page:
    path = "countries/index.md"
    return site.render("countries.md.j2", path, "Countries", status_rows=[site.status_row(s, path) for s in site.x.states],
                       state_map=startpage.map_block(site))


def state_pages(site: Site) -> list[Page]:
    """One page per state: status, joining, the computed withdrawal, conflicts, disagreements and its timeline."""
    by_state: dict[str, list] = {s.id: [] for s in site.x.states}
    disputed: dict[str, list] = {s.id: [] for s in site.x.states}
    for d in site.x.disagreements:
        for state_id in dict.fromkeys(d.states):
            if state_id in disputed:
                disputed[state_id].append(d)
    for item in site.timeline_items:
        for state_id in (item.event.states if item.event is not None else [item.withdrawal.state_id]):
            if state_id in by_state:
                by_state[state_id].append(item)
    found = []
    for state in site.x.states:
        path = f"countries/{state.id.lower()}.md"
        cites = site.citations.page(path)
        row = site.status_row(state, path)
        if row.withdrawal:
            row.explanation_long = site.explanation(row.withdrawal, cites, "withdrawal", long=True)
        entries = [timeline.entry_view(site, i, path, cites) for i in by_state[state.id]]
        found.append(site.render("state.md.j2", path, state.name, cites=cites, state=state, row=row,
                                 items=entries, disagreement_items=disputed[state.id]))
    return found
