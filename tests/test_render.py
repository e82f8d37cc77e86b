"""Rendering details a reader relies on: glossary links, citations, the map, the timeline overview, the arguments."""

import re
from pathlib import Path

import pytest

from explainer import model
from explainer.pipeline import check_file
from explainer.render import Site, render_pages, worldmap
from explainer.render.citations import GROUP
from explainer.render.reference import argument_pairs, argument_sides
from explainer.render.startpage import reading_minutes
from explainer.render.text import GlossaryLinker
from support import ROOT, SMALL

TERMS = [
    model.GlossaryTerm(term="depositary", definition='Keeps the "treaty".', aliases=["depositaries"]),
    model.GlossaryTerm(term="State Party", definition="A state bound by it.", aliases=["States Parties"]),
]


def test_first_use_of_a_term_links_to_its_definition_once_per_page():
    link = GlossaryLinker(TERMS, "glossary.md", lambda t: t.term.lower().replace(" ", "-")).for_page("countries/ee.md")
    assert link("The depositary and the depositaries.") == (
        "The [depositary](../glossary.md#depositary \"Keeps the 'treaty'.\") and the depositaries."
    )
    assert link("Each State Party; one depositary.") == (
        'Each [State Party](../glossary.md#state-party "A state bound by it.") ; one depositary.'.replace(" ;", ";")
    )


def test_terms_inside_links_code_and_footnotes_are_left_alone():
    link = GlossaryLinker(TERMS, "glossary.md", lambda t: t.term.lower()).for_page("index.md")
    text = "[the depositary](https://example.org) `depositary` [^depositary]"
    assert link(text) == text


def test_the_glossary_page_itself_links_nothing():
    link = GlossaryLinker(TERMS, "glossary.md", lambda t: t.term.lower()).for_page("glossary.md")
    assert link("depositary") == "depositary"


# ---------------------------------------------------------------- the reader's design (issue 14)

DEFAULT = ROOT / "events.yaml"


def _analysis(path: Path):
    return check_file(path).analysis


def _shapes(svg: str) -> dict[str, str]:
    """Each state's group in the map: its data-state id and its inner SVG."""
    return dict(re.findall(r'<g class="ex-map-state [^"]*" data-state="([A-Z]{2})">(.*?)</g>', svg))


@pytest.mark.parametrize("events", [SMALL, DEFAULT], ids=["small", "default"])
def test_the_map_has_a_title_a_description_and_every_state_drawn_or_named(events):
    """Each state in the data is on the map once (a shape, or a dot when too small), or named as not on it."""
    analysis = _analysis(events)
    found = worldmap.state_map(analysis, "t", "d")
    assert found is not None
    assert re.search(r'<title id="t">[^<]+</title><desc id="d">[^<]+</desc>', found.svg)
    assert 'aria-labelledby="t d"' in found.svg
    drawn = _shapes(found.svg)
    states = analysis.explainer.states
    assert sorted(drawn) == sorted(s.id for s in states if worldmap.country(s.id) is not None)
    assert sorted(found.unplaced) == sorted(s.name for s in states if worldmap.country(s.id) is None)
    desc = re.search(r"<desc[^>]*>([^<]+)</desc>", found.svg).group(1)
    for state in states:  # the same facts as text
        assert state.name in desc


def test_states_too_small_for_the_atlas_get_a_dot_inside_the_frame_across_180_degrees():
    """Marshall Islands (171° E) and Tonga (175° W) are dots, framed with Europe on one side of the Pacific."""
    found = worldmap.state_map(_analysis(DEFAULT), "t", "d")
    width, height = map(float, re.search(r'viewBox="0 0 (\d+) (\d+)"', found.svg).groups())
    drawn = _shapes(found.svg)
    for state_id in ("MH", "TO"):
        x, y = map(float, re.search(r'<circle cx="(-?\d+)" cy="(-?\d+)"', drawn[state_id]).groups())
        assert 0 < x < width and 0 < y < height, (state_id, x, y)
    assert "<path" in drawn["EE"] and "<path" in drawn["PL"]
    assert worldmap.country("AD").dot is not None and not worldmap.country("AD").rings  # Andorra: a dot
    assert worldmap.country("AA") is None  # user-assigned, no place: named under the map instead
    assert 1.0 <= width / height <= 2.0


def test_the_map_uses_no_script_no_style_attribute_and_loads_nothing():
    svg = worldmap.state_map(_analysis(DEFAULT), "t", "d").svg
    assert "<script" not in svg and "style=" not in svg and "href" not in svg and "url(" not in svg


def test_sides_pair_by_what_answers_what_and_keep_the_declared_order():
    """Each argument of the first side sits beside the ones of the second that answer it; the file's order decides."""
    site = Site(_analysis(SMALL))
    sides = argument_sides(site)
    pairs = argument_pairs(sides)
    assert [[[v.argument.id for v in cell] for cell in pair.cells] for pair in pairs] == [[["cost"], ["harm"]]]
    site.x.arguments.sides.reverse()
    swapped = argument_pairs(argument_sides(site))
    assert [[[v.argument.id for v in cell] for cell in pair.cells] for pair in swapped] == [[["harm"], ["cost"]]]


def test_the_arguments_page_says_how_the_order_was_chosen(tmp_path):
    pages = {p.path: p.markdown for p in render_pages(_analysis(SMALL))}
    assert "The sides come in the order the data file gives. It is not a ranking." in pages["arguments.md"]
    declared = tmp_path / "events.yaml"
    declared.write_text(SMALL.read_text().replace("  items:\n", "  order: Alphabetical by title.\n  items:\n", 1))
    pages = {p.path: p.markdown for p in render_pages(_analysis(declared))}
    assert "**Order of the sides:** Alphabetical by title." in pages["arguments.md"]


def test_one_sentence_gets_one_marker_and_a_grouped_note_listing_each_source():
    site = Site(_analysis(SMALL))
    cites = site.citations.page("x.md")
    marker = cites.cite(["accord-text", "union-report"], "here", "Here")
    assert marker == f"[^accord-text{GROUP}union-report]"
    note = cites.footnotes(cites.notes)
    assert note.startswith(f"[^accord-text{GROUP}union-report]:\n    - Example Union, *Text of the Example Accord*.")
    assert note.count("[In the list of sources](sources.md#") == 2
    assert list(cites.used) == ["accord-text", "union-report"]  # each source still counts as cited (JSON-LD)


def test_cited_in_names_each_page_once_with_its_count():
    pages = {p.path: p.markdown for p in render_pages(_analysis(DEFAULT))}
    for line in re.findall(r"^\*\*Cited in:\*\* (.*)$", pages["sources.md"], re.M):
        targets = re.findall(r"\]\(([^)#]+)[^)]*\) \((\d+)\)", line)
        assert targets, line
        assert len({page for page, _ in targets}) == len(targets), line  # each page once


def test_timeline_entries_state_their_date_once_and_the_overview_links_every_entry():
    pages = {p.path: p.markdown for p in render_pages(_analysis(DEFAULT))}
    timeline = pages["timeline.md"]
    headings = re.findall(r"^### (.+?) \{#([^ }]+)", timeline, re.M)
    marks = re.findall(r'<a class="ex-tl-mark[^"]*" href="#([^"]+)"', timeline)
    assert sorted(marks) == sorted(anchor for _, anchor in headings)
    for title, anchor in headings:
        date = title.split(":")[0]
        entry = timeline.split("{#" + anchor, 1)[1].split("\n### ", 1)[0]
        assert date not in entry.split("\n", 3)[2], (anchor, date)  # the line of facts under the heading


def test_reading_time_counts_words_not_markup_or_notes():
    assert reading_minutes("word " * 400 + "[^a] <b>x</b> [link](https://example.org/long/address)") == 2
    assert reading_minutes("") == 1


def test_a_cluster_the_wide_map_shows_small_gets_a_close_up_and_a_tight_map_none():
    """Europe's six states beside two Pacific dots: a close-up of the six; the small fixture's one dot: none."""
    found = worldmap.state_map(_analysis(DEFAULT), "t", "d")
    assert sorted(_shapes(found.closeup)) == ["EE", "FI", "LT", "LV", "PL", "UA"]
    assert '<title id="t-closeup">Close-up of Estonia, Latvia, Lithuania, Finland, Poland, Ukraine</title>' in found.closeup
    assert worldmap.state_map(_analysis(SMALL), "t", "d").closeup == ""
