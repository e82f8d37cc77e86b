"""The answer first: the start page's key facts, the map of the states, and each page's reading time."""

from __future__ import annotations

import html
import re
import weakref
from dataclasses import dataclass

from babel.lists import format_list

from ..model import ClockStart
from ..rules import STATUS_LABELS
from .citations import PageCitations
from .i18n import _, ngettext
from .text import Md, plain
from .worldmap import state_map
from . import wording

WORDS_PER_MINUTE = 200  # a school reader's pace for non-fiction, rounded down
_MARKUP = re.compile(r"\[\^[^\]]+\]|<[^>]+>|\{[#.][^}]*\}|\]\([^)]*\)|[*_`#|>\[\]!]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"(])")

CLOCK_SHORT = {
    ClockStart.receipt_by_depositary: "the depositary receives the notice",
    ClockStart.notification_to_parties: "the other parties are notified",
}


@dataclass(frozen=True)
class KeyFact:
    label: str
    text: Md


def reading_minutes(markdown: str) -> int:
    """Minutes to read a page's text (notes, markup and addresses left out), at least one."""
    words = len(_MARKUP.sub(" ", markdown).split())
    return max(1, round(words / WORDS_PER_MINUTE))


def reading_time(markdown: str) -> str:
    minutes = reading_minutes(markdown)
    return ngettext("About %(num)d minute to read.", "About %(num)d minutes to read.", minutes) % {"num": minutes}


def first_sentence(text: str) -> str:
    """The first sentence of a paragraph (the whole paragraph when it has one)."""
    return _SENTENCE_END.split(" ".join(text.split()), maxsplit=1)[0]


def key_facts(site, cites: PageCitations) -> list[KeyFact]:
    """What the treaty does, what happened, where things stand, the rule in one line, and the facts' date."""
    x, a, locale = site.x, site.a, site.locale.replace("-", "_")
    facts = []
    if x.treaty.summary:
        summary = x.treaty.summary[0]
        facts.append(KeyFact(_("The treaty"), site.terms("index.md")(Md(plain(first_sentence(summary.text))))
                             + cites.cite(summary.sources, "key-facts", "Key facts")))
    happened = _what_happened(site, locale)
    if happened:
        facts.append(KeyFact(_("What happened"), Md(plain(happened))))
    if a.party_count is not None:
        count = a.party_count
        text = ngettext("%(num)d State Party on %(date)s.", "%(num)d States Parties on %(date)s.", count.count) % {
            "num": count.count, "date": site.date(a.as_of)}
        if count.left:
            text = ngettext("%(num)d State Party on %(date)s (computed).", "%(num)d States Parties on %(date)s (computed).",
                            count.count) % {"num": count.count, "date": site.date(a.as_of)}
        facts.append(KeyFact(_("Today"), Md(plain(text)) + cites.cite(count.base.sources, "key-facts", "Key facts")))
    rule = x.treaty.withdrawal_rule
    rule_text = _("Under Article %(article)s, a withdrawal takes effect %(period)s after %(clock)s.") % {
        "article": rule.article, "period": wording.period_text(rule.notice_period), "clock": CLOCK_SHORT[rule.clock_starts]}
    facts.append(KeyFact(_("The rule"), Md(plain(rule_text)) + cites.cite(rule.sources, "key-facts", "Key facts")))
    return facts


def _what_happened(site, locale: str) -> str:
    """Who gave notice, in one or two sentences built from the computed withdrawals."""
    withdrawals = [w for w in site.a.withdrawals.values()]
    leaving = [site.states[w.state_id].name for w in withdrawals if w.provided_for and not w.revoked_on]
    other = [(site.states[w.state_id].name, w.notice.instrument.value) for w in withdrawals if not w.provided_for]
    revoked = [site.states[w.state_id].name for w in withdrawals if w.revoked_on]
    sentences = []
    if leaving:
        sentences.append(ngettext("%(states)s gave notice of withdrawal.", "%(states)s gave notice of withdrawal.", len(leaving))
                         % {"states": format_list(leaving, locale=locale)})
    for name, instrument in other:
        sentences.append(_("%(state)s notified a %(instrument)s, which the treaty does not provide for.") % {
            "state": name, "instrument": instrument})
    if revoked:
        sentences.append(ngettext("%(states)s revoked its notice.", "%(states)s revoked their notices.", len(revoked))
                         % {"states": format_list(revoked, locale=locale)})
    return " ".join(sentences)


_MAPS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def map_block(site) -> Md:
    """The map of the states and its legend (the same facts as text), or nothing when no state has a place.
    Drawn once per site: the start page and the countries page show the same figure (ids are unique per page)."""
    if site not in _MAPS:
        _MAPS[site] = _map_block(site)
    return _MAPS[site]


def _map_block(site) -> Md:
    found = state_map(site.a, "map-title", "map-desc")
    if found is None:
        return Md("")
    items = []
    for status, names in found.by_status:
        label = html.escape(_("%(status)s: %(states)s") % {
            "status": STATUS_LABELS[status], "states": format_list(names, locale=site.locale.replace("-", "_"))})
        items.append(f'<li><span class="ex-swatch ex-map-{status.value}"></span>{label}</li>')
    if found.unplaced:
        items.append("<li>" + html.escape(_("Not on the map (no known place): %(states)s") % {
            "states": format_list(found.unplaced, locale=site.locale.replace("-", "_"))}) + "</li>")
    # One line, so Markdown passes it through as one raw HTML block (author text is HTML-escaped above).
    return Md(f'<figure class="ex-map-figure"><div class="ex-maps">{found.svg}{found.closeup}</div><figcaption><ul class="ex-map-legend">{"".join(items)}</ul>'
              "</figcaption></figure>")
