"""The record of changes: the "What changed" page and its Atom feed (data/changes.atom), so readers can follow updates."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from ..analysis import Analysis
from ..rules import change_anchor
from .files import printable
from .i18n import _
from .text import long_date

if TYPE_CHECKING:  # context.py imports this module (through structured.py) for the dates
    from .context import Page, Site

PAGE = "changes.md"
FEED = "changes.atom"
"""The feed's file name under data/ (served as application/atom+xml)."""


def last_modified(analysis: Analysis) -> dt.date:
    """The day the explainer last changed: its newest recorded change, or the day its facts were checked if later."""
    return max([analysis.as_of, *(c.date for c in analysis.explainer.changes)])


def first_published(analysis: Analysis) -> dt.date:
    """The oldest recorded change, else the day the facts were checked (nothing earlier is known)."""
    return min([analysis.as_of, *(c.date for c in analysis.explainer.changes)])


def newest_first(analysis: Analysis) -> list[tuple[str, object]]:
    """(anchor, change) pairs, newest first; changes of one day keep the author's order."""
    numbered = [(change_anchor(c.date, i), i, c) for i, c in enumerate(analysis.explainer.changes)]
    numbered.sort(key=lambda n: (-n[2].date.toordinal(), n[1]))
    return [(anchor, change) for anchor, _, change in numbered]


def changes_page(site: "Site") -> "Page":
    """Every recorded change, newest first, each with its sources, and where to subscribe."""
    return site.render("changes.md.j2", PAGE, _("What changed"), changes=newest_first(site.a), feed="data/" + FEED)


def _entry_id(site_title: str, anchor: str) -> str:
    """A permanent id that does not depend on where the site is published (Atom wants one per entry)."""
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"explainer:{site_title}#{anchor}"))


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def atom_feed(analysis: Analysis) -> bytes:
    """RFC 4287 Atom: one entry per change; links absolute with site_url, else relative to data/."""
    info = analysis.explainer.explainer
    locale = info.language
    base = info.site_url.rstrip("/") + "/" if info.site_url else "../"
    page = base + "changes.html"
    title = printable(info.title)
    lines = ['<?xml version="1.0" encoding="utf-8"?>', f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(locale)}>',
             f"  <id>{_entry_id(title, 'feed')}</id>",
             f"  <title>{escape(_('%(title)s: what changed') % {'title': title})}</title>",
             f"  <updated>{_timestamp(last_modified(analysis))}</updated>",
             f"  <link rel=\"alternate\" type=\"text/html\" href={quoteattr(page)}/>"]
    if info.site_url:
        lines.append(f"  <link rel=\"self\" type=\"application/atom+xml\" href={quoteattr(base + 'data/' + FEED)}/>")
    lines += [f"  <author><name>{escape(printable(m.name))}</name></author>" for m in info.maintainers]
    lines.append(f"  <rights>{escape(printable(info.license.name))}</rights>")
    for anchor, change in newest_first(analysis):
        summary = " ".join(printable(change.summary).split())
        lines += ["  <entry>", f"    <id>{_entry_id(title, anchor)}</id>",
                  f"    <title>{escape(_('Changed on %(date)s') % {'date': long_date(change.date, locale)})}</title>",
                  f"    <updated>{_timestamp(change.date)}</updated>",
                  f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(page + '#' + anchor)}/>",
                  f"    <content type=\"text\">{escape(summary)}</content>", "  </entry>"]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")
