"""Downloadable data for classrooms and reference managers: CSV, CSL-JSON, BibTeX, iCalendar, TimelineJS.

Pure: an Analysis in, {file name: bytes} out (the build writes them under site/data/). Every file is
deterministic: the same input gives the same bytes; the only timestamp is derived from `as_of`.
"""

from __future__ import annotations

from typing import Iterable

from ..analysis import Analysis
from .calendar import ics_fold, key_dates_ics, timeline_json
from .changes import atom_feed
from .files import key_dates
from .references import bib_escape, sources_bibtex, sources_csl_json
from .tables import events_csv, neutralise, sources_csv, states_csv

__all__ = ["DOWNLOADS", "bib_escape", "downloads", "ics_fold", "key_dates", "neutralise"]

DOWNLOADS = {
    "events.csv": events_csv,
    "states.csv": states_csv,
    "sources.csv": sources_csv,
    "sources.json": sources_csl_json,
    "sources.bib": sources_bibtex,
    "key-dates.ics": key_dates_ics,
    "timeline.json": timeline_json,
    "changes.atom": atom_feed,
}
"""Every download by file name (placed under site/data/), each made by a function of the analysis."""


def downloads(analysis: Analysis, names: Iterable[str] | None = None) -> dict[str, bytes]:
    """The downloads (or the named ones), by file name."""
    wanted = DOWNLOADS if names is None else set(names)
    return {name: make(analysis) for name, make in DOWNLOADS.items() if name in wanted}
