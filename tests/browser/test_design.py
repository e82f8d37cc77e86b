"""The reader's design (issue 14) as a reader sees it, on a phone (390 x 844) and a desktop (1280 x 800):
the answer on the first screen, nothing wider than the screen, a map that says what it shows, a timeline
overview whose every marker leads to its entry, one state followed, sources filtered by kind."""

from __future__ import annotations

from urllib.parse import urldefrag

import pytest

from browser_support import Site, open_in_tabs

pytestmark = pytest.mark.browser

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
PHONE = {"has_touch": True, "is_mobile": True}


def _context(open_context, server, size: str):
    return open_context(server, viewport=SIZES[size], **(PHONE if size == "phone" else {}))[0]


@pytest.mark.parametrize("size", SIZES)
def test_key_facts_and_the_status_table_top_are_on_the_first_screen(site: Site, server, open_context, size):
    page = _context(open_context, server, size).new_page()
    page.goto(server + "index.html")
    boxes = page.evaluate("""() => ({facts: document.querySelector('#key-facts').getBoundingClientRect().top,
        table: document.querySelector('.md-typeset table').getBoundingClientRect().top, screen: innerHeight})""")
    assert 0 < boxes["facts"] < boxes["table"] < boxes["screen"], boxes


@pytest.mark.parametrize("size", SIZES)
def test_no_page_scrolls_sideways(site: Site, server, open_context, size):
    context = _context(open_context, server, size)
    wide = []
    for page, url in open_in_tabs(context, [server + path for path in site.pages], tabs=3):
        width = page.evaluate("() => { const s = document.scrollingElement; return s.scrollWidth > s.clientWidth ? s.scrollWidth : 0; }")
        if width:
            wide.append(f"{url.removeprefix(server)}: {width} px wide at {SIZES[size]['width']} px")
    assert not wide, "\n".join(wide)


@pytest.mark.parametrize("size", SIZES)
def test_the_map_has_a_title_a_description_and_one_mark_per_state(site: Site, server, open_context, size):
    page = _context(open_context, server, size).new_page()
    page.goto(server + "index.html")
    found = page.evaluate("""() => { const svg = document.querySelector('svg.ex-map');
        const ids = (svg.getAttribute('aria-labelledby') || '').split(' ').map(id => document.getElementById(id));
        const marks = [...svg.querySelectorAll('g.ex-map-state')].map(g => {
            const box = g.getBoundingClientRect(); return [g.dataset.state, box.width, box.height]; });
        const view = svg.getBoundingClientRect();
        return {role: svg.getAttribute('role'), title: ids[0] && ids[0].tagName + ':' + ids[0].textContent,
                desc: ids[1] && ids[1].tagName + ':' + ids[1].textContent, marks, width: view.width,
                legend: document.querySelector('.ex-map-legend').textContent}; }""")
    assert found["role"] == "img" and found["title"].startswith("title:Map of the states")
    assert found["desc"].startswith("desc:")
    names = {s["id"]: s["name"] for s in _states(site)}
    drawn = [state for state, width, height in found["marks"] if width >= 4 and height >= 4]  # visible, not a speck
    unplaced = [state for state in names if state not in drawn]
    assert sorted(state for state, _, _ in found["marks"]) == sorted(drawn), found["marks"]  # one mark each, all visible
    for state_id, name in names.items():  # the same facts as text: each state in the legend and the description
        assert name in found["legend"] and name in found["desc"], name
    for state_id in unplaced:
        assert "Not on the map" in found["legend"] and names[state_id] in found["legend"].split("Not on the map")[1]
    assert found["width"] <= SIZES[size]["width"]


def _states(site: Site) -> list[dict]:
    import json

    return json.loads((site.dir / "data" / "explainer.json").read_text(encoding="utf-8"))["content"]["states"]


def test_every_timeline_marker_is_a_link_that_tab_reaches_and_that_resolves(site: Site, server, open_context):
    context = _context(open_context, server, "phone")
    page = context.new_page()
    index = "timeline.html" if (site.dir / "timeline.html").is_file() else "timeline/index.html"
    page.goto(server + index)
    marks = page.evaluate("""() => [...document.querySelectorAll('a.ex-tl-mark')].map(a => {
        const box = a.getBoundingClientRect();
        return {href: a.href, w: box.width, h: box.height, focusable: a.tabIndex >= 0, name: a.textContent.trim()}; })""")
    assert marks, "no marker on the timeline"
    entries = page.evaluate("() => document.querySelectorAll('.md-content h3[data-states]').length")
    if index == "timeline.html":
        assert len(marks) == entries
    missing = []
    for mark in marks:
        assert mark["focusable"] and mark["name"] and mark["w"] >= 24 and mark["h"] >= 24, mark
        url, anchor = urldefrag(mark["href"])
        target = url.removeprefix(server)
        if not (site.dir / target).is_file() or f'id="{anchor}"' not in site.html(target):
            missing.append(mark["href"])
    assert not missing, missing
    page.focus("a.ex-tl-mark")
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.hash.length > 1")
    assert page.evaluate("() => document.getElementById(decodeURIComponent(location.hash.slice(1))) !== null")


def test_following_one_state_shows_only_its_entries_and_links_to_its_own_timeline(site: Site, server, open_context):
    page = _context(open_context, server, "desktop").new_page()
    page.goto(server + "timeline.html")
    follow = page.locator("a.ex-follow").first
    state = follow.get_attribute("data-state")
    href = follow.get_attribute("href")
    assert href == f"countries/{state}.html#timeline" and 'id="timeline"' in site.html(f"countries/{state}.html")
    total = page.evaluate("() => document.querySelectorAll('.md-content h3[data-states]').length")
    follow.click()
    shown = page.evaluate("""s => [...document.querySelectorAll('.md-content h3[data-states]')].filter(h => !h.hidden)
        .map(h => h.dataset.states.split(' ').includes(s))""", state)
    assert shown and all(shown) and len(shown) < total
    follow.click()  # a second press shows everything again
    assert page.evaluate("() => [...document.querySelectorAll('.md-content h3[data-states]')].every(h => !h.hidden)")


def test_sources_filter_by_kind_and_cite_each_page_once(site: Site, server, open_context):
    page = _context(open_context, server, "phone").new_page()
    sources = "sources.html" if (site.dir / "sources.html").is_file() else "sources/index.html"
    page.goto(server + sources)
    links = page.locator(".ex-kind-filter a[data-kind]")
    if not links.count():
        pytest.skip("the bibliography is split by letter; each letter's page has its own filter")
    kind = links.first.get_attribute("data-kind")
    links.first.click()
    visible = page.evaluate("() => [...document.querySelectorAll('.md-content h2[id^=\"kind-\"]')].filter(h => !h.hidden).map(h => h.id)")
    assert visible == [f"kind-{kind}"]
    repeated = page.evaluate("""() => [...document.querySelectorAll('p')].filter(p => p.textContent.startsWith('Cited in:'))
        .map(p => [...p.querySelectorAll('a')].map(a => a.pathname)).filter(paths => new Set(paths).size !== paths.length)""")
    assert not repeated, repeated[:3]
