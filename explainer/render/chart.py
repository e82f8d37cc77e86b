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
from ..rules import Withdrawal
from .text import long_date
from . import wording

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
    "suspension": "the notice claims to suspend the treaty, which the treaty does not provide for",
    "armed_conflict": "{name} is recorded as engaged in an armed conflict when the notice period ends",
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
    for state_id, w in analysis.withdrawals.items():
        if not w.provided_for:  # a notice the treaty does not provide for is no withdrawal: no bar
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
            "status": wording.status_text(analysis.statuses[bar.state_id], locale),
        })
    return rows


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
    sentences = [(
        f"Bar chart of {len(bars)} withdrawal notice{'s' if len(bars) != 1 else ''}. "
        f"Each bar runs from the day the depositary received a state's notice to the day the withdrawal takes effect, "
        f"computed under Article {rule.article}."
    )]
    for bar in bars:
        w = bar.withdrawal
        received = ("on " if w.received.precision == "day" else "in ") + long_date(w.received, locale)
        if bar.kind == "revoked":
            outcome = f"the notice was revoked on {long_date(w.revoked_on, locale)}, so it never takes effect"
        elif bar.kind == "blocked":
            reasons = "; and because ".join(BLOCKED_WORDS.get(r, r.replace("_", " ")).format(name=bar.name) for r in w.blocked_reasons)
            outcome = "there is no effective date: the withdrawal is blocked" + (f", because {reasons}" if reasons else "")
        else:
            verb = "took" if (w.effective_latest or w.effective) <= as_of else "takes"
            outcome = f"it {verb} effect on {wording.effective_span(w, locale)}"
        sentences.append(f"{bar.name}: notice received {received}; {outcome}.")
    for state_id, w in analysis.withdrawals.items():
        if not w.provided_for:
            received = ("on " if w.received.precision == "day" else "in ") + long_date(w.received, locale)
            name = analysis.states[state_id].name
            sentences.append(f"Not shown: {name}'s notice of {w.notice.instrument.value}, received {received}, which the treaty "
                             f"does not provide for; it has no effect, and {name} remains a party.")
    sentences.append(f"A vertical line marks {long_date(as_of, locale)}, the day the facts are checked to.")
    return " ".join(sentences)


# ---------------------------------------------------------------- the chart


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
    short_name = analysis.explainer.treaty.short_names[0]
    as_of = analysis.as_of
    bars = _bars(analysis)
    ns = _namespace(title_id)
    title = f"{short_name}: withdrawal notices and when they take effect"
    desc = _desc(analysis, bars) if bars else f"No state has given notice of withdrawal as of {long_date(as_of, locale)}."

    # Time domain: from the first notice's month to a month past the last date shown, so the open
    # end of a blocked bar and the 'as of' line have room.
    days = [as_of]
    for bar in bars:
        w = bar.withdrawal
        days += [w.received.earliest, w.received.latest, w.expiry_latest]
        days += [d for d in (w.effective, w.effective_latest, w.revoked_on) if d]
    start = _month_start(min(days))
    end = _next_month(_next_month(max(days)))
    span = (end - start).days

    longest = max((min(max(len(word) for word in bar.name.split()), 16) for bar in bars), default=8)
    label_width = max(LABEL_MIN, min(LABEL_MAX, 10 + FONT * CHAR * longest))
    x0, x1 = label_width, WIDTH - RIGHT
    plot = x1 - x0

    def x(day: dt.date) -> float:
        return x0 + (day - start).days / span * plot

    rows = max(len(bars), 1)
    axis_y = TOP + rows * ROW
    height = axis_y + AXIS
    text_style = "fill: currentColor"
    # A halo in the page's background colour keeps text readable where a grid or 'as of' line crosses it.
    halo = "paint-order: stroke; stroke: var(--md-default-bg-color, #fff); stroke-width: 3px; stroke-linejoin: round"
    axis_line = "stroke: currentColor; stroke-opacity: 0.5"

    out: list[str] = [
        (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_num(height)}" width="100%" '
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
    ]

    # Axis: month ticks (labelled by quarter or by month) under about three years, year ticks above.
    out.append('<g class="axis" aria-hidden="true">')
    out.append(f'<line x1="{_num(x0)}" y1="{_num(axis_y)}" x2="{_num(x1)}" y2="{_num(axis_y)}" style="{axis_line}"/>')
    ticks: list[tuple[dt.date, str, bool]] = []  # (day, label, major)
    if span < 3 * 366:
        months = span / 30.44
        every = 1 if plot / months >= 34 else 3 if plot / months * 3 >= 34 else 6
        day = start
        while day <= end:
            label = ""
            if (day.month - 1) % every == 0:
                label = str(day.year) if day.month == 1 or day == start else format_date(day, "MMM", locale=locale)
            ticks.append((day, label, day.month == 1))
            day = _next_month(day)
        if start.month != 1 and ticks:
            # The first label names its year too, so the axis never starts without one.
            first = next(i for i, t in enumerate(ticks) if t[1])
            ticks[first] = (ticks[first][0], format_date(ticks[first][0], "MMM y", locale=locale), ticks[first][2])
    else:
        years = end.year - start.year + 1
        step = next((s for s in (1, 2, 5, 10, 20, 50, 100) if plot / years * s >= 40), 100)
        for year in range(start.year if start.month == 1 else start.year + 1, end.year + 1):
            ticks.append((dt.date(year, 1, 1), str(year) if year % step == 0 else "", True))
    # Labels that would overlap are dropped: years first, then the first label, then the rest.
    first_label = next((i for i, t in enumerate(ticks) if t[1]), -1)
    placed: list[tuple[float, float]] = []
    shown: set[int] = set()
    for priority in (0, 1, 2):
        for i, (day, label, major) in enumerate(ticks):
            if not label or (0 if major else 1 if i == first_label else 2) != priority:
                continue
            width = len(label) * SMALL * CHAR
            left = x(day) if day == start else x(day) - width / 2
            span_ = (left - 4, left + width + 4)
            if left + width > WIDTH or any(a < span_[1] and span_[0] < b for a, b in placed):
                continue
            placed.append(span_)
            shown.add(i)
    for i, (day, label, major) in enumerate(ticks):
        if not start <= day <= end:
            continue
        label = label if i in shown else ""
        tx = _num(x(day))
        grid = f"stroke: currentColor; stroke-opacity: {0.35 if major else 0.15}"
        out.append(f'<line x1="{tx}" y1="{TOP - 4}" x2="{tx}" y2="{_num(axis_y)}" style="{grid}"/>')
        out.append(f'<line x1="{tx}" y1="{_num(axis_y)}" x2="{tx}" y2="{_num(axis_y + (6 if label else 3))}" style="{axis_line}"/>')
        if label:
            anchor = "start" if day == start else "middle"
            out.append(f'<text x="{tx}" y="{_num(axis_y + 8 + SMALL)}" text-anchor="{anchor}" '
                       f'style="{text_style}; font-size: {SMALL}px">{escape(label)}</text>')
    out.append("</g>")

    if not bars:
        out.append(f'<text x="{_num(x0)}" y="{_num(TOP + ROW / 2)}" style="{text_style}">No withdrawal notices.</text>')

    label_chars = int((label_width - 8) / (FONT * CHAR))
    for index, bar in enumerate(bars):
        w = bar.withdrawal
        top = TOP + index * ROW
        bar_top = top + BAR_Y
        begin = x(w.received.earliest)
        certain = x(w.received.latest)
        if bar.kind == "effective":
            stop_day = w.effective_latest or w.effective
            stop = x(stop_day + dt.timedelta(days=1)) if stop_day else x1
            end_text = _short_date(w.effective, locale)
            if w.effective_latest and w.effective_latest != w.effective:
                end_text += " – " + _short_date(w.effective_latest, locale)
        elif bar.kind == "revoked":
            stop = x(w.revoked_on)
            end_text = f"revoked {_short_date(w.revoked_on, locale)}"
        else:
            stop = x1
            end_text = wording.BLOCKED
        last = (w.effective_latest or w.effective).isoformat() if bar.kind == "effective" else ""
        attrs = (f'class="bar bar-{bar.kind}" data-state={quoteattr(bar.state_id)} data-kind="{bar.kind}" '
                 f'data-start="{w.received.isoformat()}" data-end="{last}"'
                 + (' data-blocked="true"' if bar.kind == "blocked" else ""))
        out.append(f"<g {attrs}>")
        lines = _wrap(bar.name, label_chars)
        first_y = bar_top + BAR_HEIGHT / 2 + FONT * 0.35 - (len(lines) - 1) * FONT * 0.55
        spans = "".join(f'<tspan x="{_num(x0 - 8)}" dy="{0 if i == 0 else _num(FONT * 1.1)}">{escape(line)}</tspan>'
                        for i, line in enumerate(lines))
        out.append(f'<text x="{_num(x0 - 8)}" y="{_num(first_y)}" text-anchor="end" style="{text_style}">{spans}</text>')
        rect = f'x="{_num(begin)}" y="{_num(bar_top)}" width="{_num(max(stop - begin, 1))}" height="{BAR_HEIGHT}"'
        if bar.kind == "effective":
            if certain > begin:
                # The notice's exact day is unknown: the part of the bar over that month or year is faded.
                out.append(f'<rect {rect} rx="2" style="fill: {BAR_COLOUR}; fill-opacity: 0.35"/>')
                rect = f'x="{_num(certain)}" y="{_num(bar_top)}" width="{_num(max(stop - certain, 1))}" height="{BAR_HEIGHT}"'
            out.append(f'<rect {rect} rx="2" style="fill: {BAR_COLOUR}"/>')
        elif bar.kind == "blocked":
            # Hatched, with a dashed outline left open on the right and an arrow: no end date is known.
            open_end = x1 - 12
            bottom = bar_top + BAR_HEIGHT
            out.append(f'<rect x="{_num(begin)}" y="{_num(bar_top)}" width="{_num(max(open_end - begin, 1))}" height="{BAR_HEIGHT}" '
                       f'style="fill: url(#{ns}-hatch); fill-opacity: 0.75"/>')
            out.append(f'<path d="M{_num(open_end)} {_num(bar_top)} H{_num(begin)} V{_num(bottom)} H{_num(open_end)}" '
                       f'style="fill: none; stroke: {BAR_COLOUR}; stroke-width: 1.5; stroke-dasharray: 5 3"/>')
            mid = bar_top + BAR_HEIGHT / 2
            out.append(f'<path d="M{_num(open_end - 2)} {_num(mid)} H{_num(x1 - 1)} m-6 -6 l6 6 l-6 6" '
                       f'style="fill: none; stroke: {BAR_COLOUR}; stroke-width: 2; stroke-linecap: round; stroke-linejoin: round"/>')
        else:
            out.append(f'<rect {rect} style="fill: none; stroke: {BAR_COLOUR}; stroke-width: 1.5"/>')
            out.append(f'<path d="M{_num(stop)} {_num(bar_top - 3)} v{BAR_HEIGHT + 6}" style="stroke: {BAR_COLOUR}; stroke-width: 2.5"/>')
        # Dates in words under the bar, kept inside the plot.
        dates = f"{_short_date(w.received, locale)} → {end_text}"
        width = len(dates) * SMALL * CHAR
        tx, anchor = (begin, "start") if begin + width <= x1 else (x1, "end")
        out.append(f'<text x="{_num(tx)}" y="{_num(bar_top + BAR_HEIGHT + 4 + SMALL)}" text-anchor="{anchor}" '
                   f'style="{text_style}; {halo}; font-size: {SMALL}px">{escape(dates)}</text>')
        out.append("</g>")

    # The 'as of' marker: a dashed line through every row, labelled at the top.
    ax = x(as_of)
    label = f"as of {_short_date(as_of, locale)}"
    width = len(label) * SMALL * CHAR
    anchor = "middle"
    if ax - width / 2 < x0:
        anchor = "start"
    elif ax + width / 2 > WIDTH - 2:
        anchor = "end"
    out.append(f'<g class="as-of" data-date="{as_of.isoformat()}">')
    out.append(f'<line x1="{_num(ax)}" y1="{TOP - 10}" x2="{_num(ax)}" y2="{_num(axis_y)}" '
               'style="stroke: currentColor; stroke-width: 1.5; stroke-dasharray: 4 3"/>')
    out.append(f'<text x="{_num(ax)}" y="{TOP - 14}" text-anchor="{anchor}" '
               f'style="{text_style}; {halo}; font-size: {SMALL}px; font-weight: bold">{escape(label)}</text>')
    out.append("</g>")
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"
