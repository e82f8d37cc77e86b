"""The withdrawals as an inline SVG chart (one bar per notice, notice to effect) and the same facts as rows.

Pure: an Analysis in, SVG text out. No JavaScript, no external resources, no fonts of its own; colours
come from Material's CSS custom properties with fallbacks, so the chart follows light mode, dark mode
and print. Same input, same text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr


from babel.dates import format_date

from ..analysis import Analysis
from ..model import PartialDate
from .. import rules
from ..rules import Withdrawal
from .i18n import N_, _, ngettext
from .text import long_date
from . import wording
from .i18n import _

# Geometry in viewBox units. The chart scales to the column's width, so these also set the text size
# relative to it: 400 units keep labels legible on a 360 px phone, and a max-width of 32em (of the page's
# text) keeps them near the body text's size on a desktop.
WIDTH = 400
LABEL_MIN, LABEL_MAX = 64, 132  # the name column grows with the longest word in a state's name
RIGHT = 10
TOP = 30
ROW = 48
BAR_Y = 6
BAR_HEIGHT = 16
AXIS = 34
FONT = 14
SMALL = 12.5
CHAR = 0.56  # average glyph width as a share of the font size, to estimate text widths

# Link colour: Material sets it to the primary colour in light mode and a lighter shade in dark mode,
# so bars keep their contrast in both; print takes the light values.
BAR_COLOUR = "var(--md-typeset-a-color, var(--md-primary-fg-color, #3f51b5))"

BLOCKED_WORDS = {
    "suspension": N_("the notice claims to suspend the treaty, which the treaty does not provide for"),
    "armed_conflict": N_("%(state)s is recorded as engaged in an armed conflict when the notice period ends"),
}


@dataclass(frozen=True)
class _Bar:
    state_id: str
    name: str
    withdrawal: Withdrawal
    kind: str
    """effective, blocked or revoked."""


def _bars(analysis: Analysis) -> list[_Bar]:
    """One bar per state with a notice, ordered by when the notice was received."""
    order = {s.id: i for i, s in enumerate(analysis.explainer.states)}
    states = analysis.states
    bars = []
    for state_id, w in ((w.state_id, w) for given in analysis.notices.values() for w in given):  # every notice, not only the latest
        if not w.has_effect:  # a notice the treaty does not provide for (or given too early) is no withdrawal: no bar
            continue
        kind = "revoked" if w.revoked_on else "effective" if w.effective else "blocked"
        bars.append(_Bar(state_id, states[state_id].name, w, kind))
    bars.sort(key=lambda b: (b.withdrawal.received.earliest, b.withdrawal.received.latest, order.get(b.state_id, 0)))
    return bars


def withdrawal_table(analysis: Analysis) -> list[dict]:
    """The chart's facts as rows, in the chart's order, for a table beside it (screen readers, print).

    Values are plain text (author text unescaped): escape them for the output format.
    """
    locale = analysis.explainer.explainer.language
    rows = []
    for bar in _bars(analysis):
        w = bar.withdrawal
        rows.append({
            "state_id": bar.state_id,
            "state": bar.name,
            "received": long_date(w.received, locale),
            "effective": wording.effective_text(w, analysis.as_of, locale),
            "status": wording.status_text(_status_after(analysis, w), locale),
        })
    return rows


def _status_after(analysis: Analysis, w: Withdrawal) -> rules.StateStatus:
    """The state's status now for its latest notice; for an earlier one, what that notice led to (a state that came back)."""
    if analysis.withdrawals.get(w.state_id) is w:
        return analysis.statuses[w.state_id]
    day = min(w.effective_latest or analysis.as_of, analysis.as_of)
    return rules.status_on(analysis.states[w.state_id], analysis.notices[w.state_id], day)


# ---------------------------------------------------------------- drawing helpers


def _num(value: float) -> str:
    """A coordinate with one decimal, no trailing zeros: stable text across platforms."""
    text = f"{value:.1f}"
    return text.removesuffix(".0")


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def _wrap(text: str, chars: int, lines: int = 3) -> list[str]:
    """Greedy word wrap to at most `lines` lines; the last is cut with an ellipsis if needed."""
    words = text.split()
    result: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if len(candidate) <= chars or not current:
            current = candidate
        else:
            result.append(current)
            current = word
    result.append(current)
    if len(result) > lines:
        result = result[:lines - 1] + [" ".join(result[lines - 1:])]
    return [line if len(line) <= chars else line[:chars - 1].rstrip() + "…" for line in result]


def _short_date(day: dt.date | PartialDate, locale: str) -> str:
    """27 Jun 2025, or Jul 2025 when only the month is known."""
    return long_date(day, locale, short=True)


def _namespace(title_id: str) -> str:
    """A prefix for ids inside this chart, unique on the page because the title's id is."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", title_id) or "chart"


def _desc(analysis: Analysis, bars: list[_Bar]) -> str:
    """The chart's facts in words, for screen readers (the desc element)."""
    locale = analysis.explainer.explainer.language
    rule = analysis.explainer.treaty.withdrawal_rule
    as_of = analysis.as_of
    sentences = [ngettext("Bar chart of %(num)d withdrawal notice. %(bars)s, computed under Article %(article)s.",
                          "Bar chart of %(num)d withdrawal notices. %(bars)s, computed under Article %(article)s.",
                          len(bars)) % {"num": len(bars), "bars": wording.chart_bar_text(rule, locale), "article": rule.article}]
    for bar in bars:
        sentences.append(_bar_sentence(bar, as_of, locale))
    for state_id, w in analysis.withdrawals.items():
        if not w.provided_for:
            words = {"state": analysis.states[state_id].name, "received": wording.on_date(w.received, locale)}
            sentences.append(_(NOT_SHOWN[w.notice.instrument.value]) % words)
    sentences.append(_("A vertical line marks %(date)s, the day the facts are checked to.") % {"date": long_date(as_of, locale)})
    return " ".join(sentences)


NOT_SHOWN = {
    "withdrawal": N_("Not shown: %(state)s gave a notice of withdrawal, received %(received)s, which the treaty does not provide for; "
                     "it has no effect, and %(state)s remains a party."),
    "suspension": N_("Not shown: %(state)s gave a notice of suspension, received %(received)s, which the treaty does not provide for; "
                     "it has no effect, and %(state)s remains a party."),
}


def _bar_sentence(bar: _Bar, as_of: dt.date, locale: str) -> str:
    """One bar in words: when the notice was received and what became of it."""
    w = bar.withdrawal
    words = {"state": bar.name, "received": wording.on_date(w.received, locale)}
    if bar.kind == "revoked":
        return _("%(state)s: notice received %(received)s; the notice was revoked on %(date)s, so it never takes effect.") % {
            **words, "date": long_date(w.revoked_on, locale)}
    if bar.kind == "blocked":
        reasons = [_(BLOCKED_WORDS[r]) % {"state": bar.name} if r in BLOCKED_WORDS else r.replace("_", " ") for r in w.blocked_reasons]
        if not reasons:
            return _("%(state)s: notice received %(received)s; there is no effective date: the withdrawal is blocked.") % words
        return _("%(state)s: notice received %(received)s; there is no effective date: the withdrawal is blocked, "
                 "because %(reasons)s.") % {**words, "reasons": _("; and because ").join(reasons)}
    if w.disputed:  # never shown as settled
        return _("%(state)s: notice received %(received)s; by the rule it would take effect on %(date)s; whether it did is "
                 "disputed.") % {**words, "date": wording.effective_span(w, locale)}
    took = (w.effective_latest or w.effective) <= as_of
    sentence = (_("%(state)s: notice received %(received)s; it took effect on %(date)s.") if took
                else _("%(state)s: notice received %(received)s; it takes effect on %(date)s."))
    return sentence % {**words, "date": wording.effective_span(w, locale)}


# ---------------------------------------------------------------- the chart


TEXT_STYLE = "fill: currentColor"
# A halo in the page's background colour keeps text readable where a grid or 'as of' line crosses it.
HALO = "paint-order: stroke; stroke: var(--md-default-bg-color, #fff); stroke-width: 3px; stroke-linejoin: round"
AXIS_LINE = "stroke: currentColor; stroke-opacity: 0.5"


@dataclass(frozen=True)
class _Frame:
    """Where things go: the time domain across the plot, and the rows above the axis."""

    start: dt.date
    end: dt.date
    x0: float
    x1: float
    axis_y: float
    height: float

    @property
    def span(self) -> int:
        return (self.end - self.start).days

    @property
    def plot(self) -> float:
        return self.x1 - self.x0

    def x(self, day: dt.date) -> float:
        return self.x0 + (day - self.start).days / self.span * self.plot


def _frame(bars: list[_Bar], as_of: dt.date) -> _Frame:
    """From the first notice's month to a month past the last date shown (room for an open end and the 'as of' line)."""
    days = [as_of]
    for bar in bars:
        w = bar.withdrawal
        days += [w.received.earliest, w.received.latest, w.expiry_latest]
        days += [d for d in (w.effective, w.effective_latest, w.revoked_on) if d]
    longest = max((min(max(len(word) for word in bar.name.split()), 16) for bar in bars), default=8)
    label_width = max(LABEL_MIN, min(LABEL_MAX, 10 + FONT * CHAR * longest))
    axis_y = TOP + max(len(bars), 1) * ROW
    return _Frame(_month_start(min(days)), _next_month(_next_month(max(days))), label_width, WIDTH - RIGHT, axis_y, axis_y + AXIS)


def _ticks(frame: _Frame, locale: str) -> list[tuple[dt.date, str, bool]]:
    """(day, label, major): month ticks labelled by quarter or by month under about three years, year ticks above."""
    ticks: list[tuple[dt.date, str, bool]] = []
    start, end, span, plot = frame.start, frame.end, frame.span, frame.plot
    if span < 3 * 366:
        months = span / 30.44
        every = 1 if plot / months >= 34 else 3 if plot / months * 3 >= 34 else 6
        day = start
        while day <= end:
            label = ""
            if (day.month - 1) % every == 0:
                label = str(day.year) if day.month == 1 or day == start else format_date(day, "MMM", locale=locale.replace("-", "_"))
            ticks.append((day, label, day.month == 1))
            day = _next_month(day)
        if start.month != 1 and ticks:
            # The first label names its year too, so the axis never starts without one.
            first = next(i for i, t in enumerate(ticks) if t[1])
            ticks[first] = (ticks[first][0], format_date(ticks[first][0], "MMM y", locale=locale.replace("-", "_")), ticks[first][2])
    else:
        years = end.year - start.year + 1
        step = next((s for s in (1, 2, 5, 10, 20, 50, 100) if plot / years * s >= 40), 100)
        for year in range(start.year if start.month == 1 else start.year + 1, end.year + 1):
            ticks.append((dt.date(year, 1, 1), str(year) if year % step == 0 else "", True))
    return ticks


def _shown_labels(frame: _Frame, ticks: list[tuple[dt.date, str, bool]]) -> set[int]:
    """The tick labels that fit: where two would overlap, years win, then the first label, then the rest."""
    first_label = next((i for i, t in enumerate(ticks) if t[1]), -1)
    placed: list[tuple[float, float]] = []
    shown: set[int] = set()
    for priority in (0, 1, 2):
        for i, (day, label, major) in enumerate(ticks):
            if not label or (0 if major else 1 if i == first_label else 2) != priority:
                continue
            width = len(label) * SMALL * CHAR
            left = frame.x(day) if day == frame.start else frame.x(day) - width / 2
            span_ = (left - 4, left + width + 4)
            if left + width > WIDTH or any(a < span_[1] and span_[0] < b for a, b in placed):
                continue
            placed.append(span_)
            shown.add(i)
    return shown


def _axis(frame: _Frame, locale: str) -> list[str]:
    """The time axis with its grid lines and the labels that fit."""
    out = ['<g class="axis" aria-hidden="true">',
           f'<line x1="{_num(frame.x0)}" y1="{_num(frame.axis_y)}" x2="{_num(frame.x1)}" y2="{_num(frame.axis_y)}" style="{AXIS_LINE}"/>']
    ticks = _ticks(frame, locale)
    shown = _shown_labels(frame, ticks)
    for i, (day, label, major) in enumerate(ticks):
        if not frame.start <= day <= frame.end:
            continue
        label = label if i in shown else ""
        tx = _num(frame.x(day))
        grid = f"stroke: currentColor; stroke-opacity: {0.35 if major else 0.15}"
        out.append(f'<line x1="{tx}" y1="{TOP - 4}" x2="{tx}" y2="{_num(frame.axis_y)}" style="{grid}"/>')
        out.append(f'<line x1="{tx}" y1="{_num(frame.axis_y)}" x2="{tx}" y2="{_num(frame.axis_y + (6 if label else 3))}" style="{AXIS_LINE}"/>')
        if label:
            anchor = "start" if day == frame.start else "middle"
            out.append(f'<text x="{tx}" y="{_num(frame.axis_y + 8 + SMALL)}" text-anchor="{anchor}" '
                       f'style="{TEXT_STYLE}; font-size: {SMALL}px">{escape(label)}</text>')
    out.append("</g>")
    return out


def _bar_end(bar: _Bar, frame: _Frame, locale: str) -> tuple[float, str]:
    """Where a bar stops, and its end in words."""
    w = bar.withdrawal
    if bar.kind == "effective":
        stop_day = w.effective_latest or w.effective
        end_text = _short_date(w.effective, locale)
        if w.effective_latest and w.effective_latest != w.effective:
            end_text += " – " + _short_date(w.effective_latest, locale)
        return (frame.x(stop_day + dt.timedelta(days=1)) if stop_day else frame.x1), end_text
    if bar.kind == "revoked":
        return frame.x(w.revoked_on), _("revoked %(date)s") % {"date": _short_date(w.revoked_on, locale)}
    return frame.x1, _(wording.BLOCKED)


def _bar_shape(bar: _Bar, frame: _Frame, top: float, stop: float, ns: str) -> list[str]:
    """The bar itself: solid (faded over an unknown day), hatched and open (blocked), or an outline (revoked)."""
    w = bar.withdrawal
    begin, certain = frame.x(w.received.earliest), frame.x(w.received.latest)
    rect = f'x="{_num(begin)}" y="{_num(top)}" width="{_num(max(stop - begin, 1))}" height="{BAR_HEIGHT}"'
    out = []
    if bar.kind == "effective":
        if certain > begin:
            # The notice's exact day is unknown: the part of the bar over that month or year is faded.
            out.append(f'<rect {rect} rx="2" style="fill: {BAR_COLOUR}; fill-opacity: 0.35"/>')
            rect = f'x="{_num(certain)}" y="{_num(top)}" width="{_num(max(stop - certain, 1))}" height="{BAR_HEIGHT}"'
        out.append(f'<rect {rect} rx="2" style="fill: {BAR_COLOUR}"/>')
    elif bar.kind == "blocked":
        # Hatched, with a dashed outline left open on the right and an arrow: no end date is known.
        open_end, bottom, mid = frame.x1 - 12, top + BAR_HEIGHT, top + BAR_HEIGHT / 2
        out.append(f'<rect x="{_num(begin)}" y="{_num(top)}" width="{_num(max(open_end - begin, 1))}" height="{BAR_HEIGHT}" '
                   f'style="fill: url(#{ns}-hatch); fill-opacity: 0.75"/>')
        out.append(f'<path d="M{_num(open_end)} {_num(top)} H{_num(begin)} V{_num(bottom)} H{_num(open_end)}" '
                   f'style="fill: none; stroke: {BAR_COLOUR}; stroke-width: 1.5; stroke-dasharray: 5 3"/>')
        out.append(f'<path d="M{_num(open_end - 2)} {_num(mid)} H{_num(frame.x1 - 1)} m-6 -6 l6 6 l-6 6" '
                   f'style="fill: none; stroke: {BAR_COLOUR}; stroke-width: 2; stroke-linecap: round; stroke-linejoin: round"/>')
    else:
        out.append(f'<rect {rect} style="fill: none; stroke: {BAR_COLOUR}; stroke-width: 1.5"/>')
        out.append(f'<path d="M{_num(stop)} {_num(top - 3)} v{BAR_HEIGHT + 6}" style="stroke: {BAR_COLOUR}; stroke-width: 2.5"/>')
    return out


def _bar(bar: _Bar, index: int, frame: _Frame, ns: str, locale: str) -> list[str]:
    """One row: the state's name, its bar, and its dates in words under the bar."""
    w = bar.withdrawal
    bar_top = TOP + index * ROW + BAR_Y
    stop, end_text = _bar_end(bar, frame, locale)
    last = (w.effective_latest or w.effective).isoformat() if bar.kind == "effective" else ""
    attrs = (f'class="bar bar-{bar.kind}" data-state={quoteattr(bar.state_id)} data-kind="{bar.kind}" '
             f'data-start="{w.received.isoformat()}" data-end="{last}"'
             + (' data-blocked="true"' if bar.kind == "blocked" else ""))
    lines = _wrap(bar.name, int((frame.x0 - 8) / (FONT * CHAR)))
    first_y = bar_top + BAR_HEIGHT / 2 + FONT * 0.35 - (len(lines) - 1) * FONT * 0.55
    spans = "".join(f'<tspan x="{_num(frame.x0 - 8)}" dy="{0 if i == 0 else _num(FONT * 1.1)}">{escape(line)}</tspan>'
                    for i, line in enumerate(lines))
    out = [f"<g {attrs}>",
           f'<text x="{_num(frame.x0 - 8)}" y="{_num(first_y)}" text-anchor="end" style="{TEXT_STYLE}">{spans}</text>',
           *_bar_shape(bar, frame, bar_top, stop, ns)]
    # Dates in words under the bar, kept inside the plot.
    begin = frame.x(w.received.earliest)
    dates = f"{_short_date(w.received, locale)} → {end_text}"
    width = len(dates) * SMALL * CHAR
    tx, anchor = (begin, "start") if begin + width <= frame.x1 else (frame.x1, "end")
    out.append(f'<text x="{_num(tx)}" y="{_num(bar_top + BAR_HEIGHT + 4 + SMALL)}" text-anchor="{anchor}" '
               f'style="{TEXT_STYLE}; {HALO}; font-size: {SMALL}px">{escape(dates)}</text>')
    out.append("</g>")
    return out


def _as_of_marker(frame: _Frame, as_of: dt.date, locale: str) -> list[str]:
    """A dashed line through every row on the facts' day, labelled at the top."""
    ax = frame.x(as_of)
    label = _("as of %(date)s") % {"date": _short_date(as_of, locale)}
    width = len(label) * SMALL * CHAR
    anchor = "start" if ax - width / 2 < frame.x0 else "end" if ax + width / 2 > WIDTH - 2 else "middle"
    return [f'<g class="as-of" data-date="{as_of.isoformat()}">',
            f'<line x1="{_num(ax)}" y1="{TOP - 10}" x2="{_num(ax)}" y2="{_num(frame.axis_y)}" '
            'style="stroke: currentColor; stroke-width: 1.5; stroke-dasharray: 4 3"/>',
            f'<text x="{_num(ax)}" y="{TOP - 14}" text-anchor="{anchor}" '
            f'style="{TEXT_STYLE}; {HALO}; font-size: {SMALL}px; font-weight: bold">{escape(label)}</text>',
            "</g>"]


def withdrawal_chart(analysis: Analysis, title_id: str = "chart-title", desc_id: str = "chart-desc") -> str:
    """An inline SVG: one bar per withdrawal notice, from receipt to effect, with an 'as of' marker.

    A blocked withdrawal (no effective date) is drawn hatched and dashed, open towards the right edge;
    a revoked notice is an outline ending on the day of revocation. `title_id` and `desc_id` must be
    unique on the page; ids inside the chart are derived from `title_id`.
    """
    for given in (title_id, desc_id):
        # aria-labelledby is a space-separated list of ids: an id with a space or a quote would break it.
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_.:-]*", given):
            raise ValueError(f"not a usable element id: {given!r}")
    locale = analysis.explainer.explainer.language
    as_of = analysis.as_of
    bars = _bars(analysis)
    ns = _namespace(title_id)
    title = _("%(treaty)s: withdrawal notices and when they take effect") % {"treaty": analysis.explainer.treaty.short_names[0]}
    desc = _desc(analysis, bars) if bars else _("No state has given notice of withdrawal as of %(date)s.") % {"date": long_date(as_of, locale)}
    frame = _frame(bars, as_of)
    out: list[str] = [
        (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_num(frame.height)}" width="100%" '
         f'role="img" aria-labelledby="{title_id} {desc_id}" class="withdrawal-chart" '
         f'data-as-of="{as_of.isoformat()}" '
         f'style="display: block; max-width: 32em; height: auto; font-family: inherit; color: inherit">'),
        f'<title id={quoteattr(title_id)}>{escape(title)}</title>',
        f'<desc id={quoteattr(desc_id)}>{escape(desc)}</desc>',
        "<defs>",
        # Hatching marks a blocked bar by pattern as well as by its dashed outline, never by colour alone.
        (f'<pattern id="{ns}-hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">'
         f'<rect width="2.5" height="6" style="fill: {BAR_COLOUR}"/></pattern>'),
        "</defs>",
        f'<g style="font-size: {FONT}px">',
        *_axis(frame, locale),
    ]
    if not bars:
        none = escape(_("No withdrawal notices."))  # outside the f-string, where pybabel finds it
        out.append(f'<text x="{_num(frame.x0)}" y="{_num(TOP + ROW / 2)}" style="{TEXT_STYLE}">{none}</text>')
    for index, bar in enumerate(bars):
        out += _bar(bar, index, frame, ns, locale)
    out += _as_of_marker(frame, as_of, locale)
    out += ["</g>", "</svg>"]
    return "\n".join(out) + "\n"
