"""Pure rendering: an Analysis in, pages of Markdown and the downloads out. Nothing here writes files.

The rooms: context.py (the template environment, the one escaping point, and what pages share),
pages.py, reference.py and classroom.py (one function per page), timeline.py, chart.py (SVG), downloads.py and
data.py (the files under data/), wording.py (phrases every output shares), views.py (what templates get).
"""

from __future__ import annotations

from ..analysis import Analysis
from .context import Page, Site
from . import changes, classroom, pages, reference, timeline

__all__ = ["Page", "Site", "render_pages", "render_site"]


def render_pages(analysis: Analysis, data_file: str = "events.yaml", pdf_name: str | None = None,
                 download_sizes: dict[str, int] | None = None) -> list[Page]:
    """Every generated page in reading order; the data page and the bibliography come last, once every citation is known."""
    site = Site(analysis, data_file, pdf_name, download_sizes)
    found = [pages.start_page(site), pages.treaty_page(site), pages.withdrawal_page(site), *timeline.pages(site),
             pages.countries_page(site), *pages.state_pages(site), reference.arguments_page(site)]
    if site.x.misreadings:
        found.append(reference.misreadings_page(site))
    found += [reference.disagreements_page(site), reference.glossary_page(site)]
    if site.x.classroom:
        found += [reference.lesson_page(site), classroom.worksheet_page(site), classroom.teacher_page(site)]
    # The handout names the sources cited on the most pages: it comes after every page that cites.
    found += [classroom.handout_page(site), reference.handout_page(site)]
    if site.download_sizes:
        found.append(reference.data_page(site))
    found.append(changes.changes_page(site))
    return found + reference.sources_pages(site)


def render_site(analysis: Analysis, data_file: str, pdf_name: str | None) -> tuple[list[Page], dict[str, bytes]]:
    """Every page and download of an explainer; pdf_name links the handout to its PDF."""
    from .data import explainer_json
    from .downloads import downloads

    files = {"explainer.json": explainer_json(analysis).encode("utf-8")} | downloads(analysis)
    return render_pages(analysis, data_file, pdf_name, {name: len(data) for name, data in files.items()}), files
