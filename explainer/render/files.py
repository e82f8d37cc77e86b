"""What every download shares: how dates, addresses and kinds are written, and the key dates."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

from .. import model
from ..analysis import Analysis
from ..model import EventKind, PartialDate
from .i18n import _
from .text import long_date
from .wording import EVENT_KIND_LABELS, computed_effects, on_date



def kind_label(kind: EventKind) -> str:
    """An event kind in words."""
    return _(EVENT_KIND_LABELS[kind])


def iso(day: PartialDate | dt.date | None) -> str:
    return "" if day is None else day.isoformat()


def source_url(source: model.Source) -> str | None:
    """Where a reader can follow a source: the original, else the copy it was read at."""
    return source.url or source.read_at


def is_http(url: str | None) -> bool:
    return bool(url) and re.match(r"^https?://", url, re.IGNORECASE) is not None


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "explainer"


@dataclass(frozen=True)
class KeyDate:
    """One entry of the key dates: an author event marked `key`, or a computed withdrawal-effective day."""

    uid: str
    first: dt.date
    last: dt.date
    precision: str
    """day, month or year: how precisely the date is known."""
    summary: str
    description: str
    category: str
    planned: bool
    urls: tuple[str, ...]


def key_dates(analysis: Analysis) -> list[KeyDate]:
    """Events with `key: true` plus every computed withdrawal-effective date, in date order."""
    explainer = analysis.explainer
    sources = analysis.sources
    states = analysis.states
    locale = explainer.explainer.language

    def urls(ids: list[str]) -> tuple[str, ...]:
        found = (source_url(sources[i]) for i in ids if i in sources)
        return tuple(dict.fromkeys(u for u in found if is_http(u)))

    items: list[KeyDate] = []
    for event in explainer.events:
        if not event.key:
            continue
        items.append(KeyDate(
            uid=event.id, first=event.date.earliest, last=event.date.latest, precision=event.date.precision,
            summary=event.title, description=" ".join(event.summary.split()), category=kind_label(event.kind),
            planned=event.planned, urls=urls(event.sources),
        ))
    rule = explainer.treaty.withdrawal_rule
    for anchor, w in computed_effects(analysis.notices):  # every notice that took effect, not only the latest
        name = states[w.state_id].name
        last = w.effective_latest or w.effective
        words = {"state": name, "received": on_date(w.received, locale), "article": rule.article,
                 "date": long_date(w.effective, locale), "latest": long_date(last, locale)}
        description = (_("Computed from the rule: the depositary received a notice of withdrawal from %(state)s %(received)s; "
                         "under Article %(article)s it takes effect on %(date)s.") if last == w.effective else
                       _("Computed from the rule: the depositary received a notice of withdrawal from %(state)s %(received)s; "
                         "under Article %(article)s it takes effect on %(date)s at the latest %(latest)s.")) % words
        items.append(KeyDate(
            uid=anchor, first=w.effective, last=last,
            precision="day" if last == w.effective else "range",
            summary=_("%(state)s: withdrawal takes effect (computed)") % {"state": name}, description=description,
            category=kind_label(EventKind.withdrawal_effective), planned=False,
            urls=urls([*w.notice.sources, *rule.sources]),
        ))
    items.sort(key=lambda k: (k.first, k.last, k.uid))
    return items


def json_bytes(data) -> bytes:
    """Compact JSON: with indent= json.dumps runs its pure-Python encoder (1.7x slower at 10,000 events)."""
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


# Control characters have no place in any download (the model refuses them; these files escape on their own).
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Text with any control character other than a line break shown as U+FFFD, the replacement character."""
    return CONTROLS.sub("\ufffd", text)
