"""timeline.json in Knight Lab's own TimelineJS 3.9 (from the npm registry), in Chromium, in the 650 px embed it documents."""

from __future__ import annotations

import html
import json
import re

import pytest

from browser_support import NODE_MODULES, Site, need

pytestmark = pytest.mark.browser

TIMELINEJS = NODE_MODULES / "@knight-lab" / "timelinejs"
EMBED_HEIGHT = 650


def test_every_slide_renders_and_the_story_keeps_most_of_the_embed(site: Site, open_context, tmp_path):
    need((TIMELINEJS / "dist" / "js" / "timeline.js").is_file(), "@knight-lab/timelinejs (npm ci)")
    assert json.loads((TIMELINEJS / "package.json").read_text())["version"].startswith("3.9.")
    data = json.loads((site.dir / "data" / "timeline.json").read_text(encoding="utf-8"))
    dist = (TIMELINEJS / "dist").resolve().as_uri()
    inline = json.dumps(data).replace("</", "<\\/")  # the data sits in a script element
    page_file = tmp_path / "embed.html"
    page_file.write_text(f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>embed</title>
<link rel="stylesheet" href="{dist}/css/timeline.css"><script src="{dist}/js/timeline.js"></script></head>
<body style="margin:0"><div id="embed" style="width:1000px;height:{EMBED_HEIGHT}px"></div>
<script>window.timeline = new TL.Timeline("embed", {inline}, {{}});</script></body></html>""", encoding="utf-8")
    context, _ = open_context("file", viewport={"width": 1000, "height": 700})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(page_file.as_uri())
    page.wait_for_selector(".tl-storyslider .tl-slide .tl-headline")
    story, nav = page.evaluate("""() => ['.tl-storyslider', '.tl-timenav'].map(s => document.querySelector(s).getBoundingClientRect().height)""")
    assert story >= 0.6 * EMBED_HEIGHT, f"story panel {story} px, timeline nav {nav} px of {EMBED_HEIGHT}"

    slides = page.evaluate("""() => [...document.querySelectorAll('.tl-storyslider .tl-slide')].map(slide => {
        const text = slide.querySelector('.tl-text-content');
        const box = slide.getBoundingClientRect(), last = text && text.lastElementChild ? text.lastElementChild.getBoundingClientRect() : box;
        const scroller = slide.querySelector('.tl-slide-scrollable-container');
        const scrolls = scroller && ['auto', 'scroll'].includes(getComputedStyle(scroller).overflowY);
        return {headline: slide.querySelector('.tl-headline') ? slide.querySelector('.tl-headline').textContent.trim() : null,
                sources: text ? text.textContent.includes('Sources:') : false, fits: last.bottom <= box.bottom + 1 || scrolls};
    })""")
    expected = [data["title"]["text"]["headline"], *(e["text"]["headline"] for e in data["events"])]
    # TimelineJS orders slides itself (by date; ties its own way): the same slides, each once.
    assert slides[0]["headline"] == html.unescape(expected[0])
    assert sorted(s["headline"] for s in slides) == sorted(html.unescape(re.sub(r"<[^>]+>", "", h)) for h in expected)
    assert all(s["sources"] for s in slides[1:]), "every event slide shows its sources"
    assert [i for i, s in enumerate(slides) if not s["fits"]] == [], "the sources line is cut off"
    # Going to a slide shows it (TimelineJS's own navigation), the last one included.
    for index in (1, len(expected) - 1):
        page.evaluate("i => window.timeline.goTo(i)", index)
        page.wait_for_function("h => document.querySelector('.tl-slide-titleslide, .tl-slide') && "
                               "[...document.querySelectorAll('.tl-timemarker-active .tl-headline')].some(e => e.textContent.includes(h.slice(0, 20)))",
                               arg=html.unescape(expected[index]))
    assert errors == []
