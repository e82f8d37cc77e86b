"""Valid HTML (the Nu HTML Checker) and internal links, anchors and footnotes (Python's html.parser)."""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from browser_support import VNU, Site, made_once, need

pytestmark = pytest.mark.browser

# Material's toggle checkboxes carry autocomplete="off", which HTML allows only on text-like inputs; the build's
# wall (explainer/wall.py) drops it, so this message must never appear.
AUTOCOMPLETE = "Attribute \u201cautocomplete\u201d is only allowed when the input type is"


@pytest.fixture(scope="session")
def vnu_messages(site: Site, tmp_path_factory) -> list[dict]:
    need(shutil.which("java") is not None, "java (default-jre-headless)")
    need(VNU.is_file(), "node_modules/vnu-jar (npm ci)")

    def check(folder: Path) -> None:
        run = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *(str(site.dir / p) for p in site.pages)],
                             capture_output=True, text=True, timeout=300)
        (folder / "messages.json").write_text(run.stderr or run.stdout, encoding="utf-8")

    # Once per run, even when pytest-xdist's workers each ask: the checker is a Java program that takes seconds.
    return json.loads((made_once(tmp_path_factory, f"vnu-{site.name}", check) / "messages.json").read_text(encoding="utf-8"))["messages"]


def test_every_page_is_valid_html(site: Site, vnu_messages):
    errors = vnu_messages
    lines = [f"{m.get('url', '').rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']} [{m.get('extract', '').strip()[:80]}]" for m in errors]
    assert not lines, f"{len(lines)} HTML errors:\n" + "\n".join(lines)


def test_the_toggles_lose_autocomplete_off(site: Site, vnu_messages):
    """The wall drops Material's autocomplete="off" from its two toggle checkboxes, an HTML error on a checkbox."""
    assert 'id="__drawer">' in site.html("index.html") and 'id="__search">' in site.html("index.html")
    assert not [m for m in vnu_messages if m["message"].startswith(AUTOCOMPLETE)]


class Anchors(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, dict]] = []
        self.stack: list[dict] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.ids.add(a["name"])
        if tag == "a" and "href" in a:
            self.links.append((a["href"], a))


@pytest.fixture(scope="session")
def parsed(site: Site) -> dict[str, Anchors]:
    out = {}
    for page in site.pages:
        parser = Anchors()
        parser.feed(site.html(page))
        out[page] = parser
    return out


def link_problems(site: Site, parsed) -> tuple[list[str], list[str]]:
    """Broken links to files, and links to anchors missing from their page."""
    problems, anchors = [], []
    for page, doc in parsed.items():
        for href, _ in doc.links:
            parts = urlsplit(href)
            if parts.scheme in ("http", "https"):
                if not parts.netloc or " " in href:
                    problems.append(f"{page}: malformed external URL {href!r}")
                continue
            if parts.scheme in ("mailto", "tel"):
                continue
            if parts.scheme or parts.netloc:
                problems.append(f"{page}: link {href!r} is neither http(s) nor a page of the site")
                continue
            if parts.path.startswith("/"):
                # MkDocs writes 404.html with links from the site's root, as it is served for any missing address.
                target = site.dir / unquote(parts.path.lstrip("/"))
            else:
                target = (site.dir / page).parent / unquote(parts.path) if parts.path else site.dir / page
            target = target.resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file() or site.dir.resolve() not in target.parents:
                problems.append(f"{page}: {href!r} points to a missing file")
                continue
            rel = target.relative_to(site.dir.resolve()).as_posix()
            if parts.fragment and rel in parsed and unquote(parts.fragment) not in parsed[rel].ids:
                anchors.append(f"{page}: {href!r}: no id {parts.fragment!r} in {rel}")
    return problems, anchors


def test_every_internal_link_reaches_a_page_and_external_urls_are_well_formed(site: Site, parsed):
    problems, _ = link_problems(site, parsed)
    assert not problems, f"{len(problems)} broken links:\n" + "\n".join(problems)


def test_every_anchor_exists_in_its_page(site: Site, parsed):
    _, anchors = link_problems(site, parsed)
    assert not anchors, f"{len(anchors)} links to missing anchors:\n" + "\n".join(anchors)


def test_footnotes_reach_their_notes_and_the_list_of_sources(site: Site, parsed):
    problems, refs = [], 0
    for page, doc in parsed.items():
        for href, attrs in doc.links:
            if "footnote-ref" in attrs.get("class", ""):
                refs += 1
                if href[1:] not in doc.ids:
                    problems.append(f"{page}: footnote reference {href} has no footnote")
        html = site.html(page)
        for note in html.split('<li id="fn:')[1:]:
            body = note.split("</li>", 1)[0]
            if "In the list of sources</a>" not in body:
                problems.append(f"{page}: footnote fn:{note.split(chr(34))[0]} has no 'In the list of sources' link")
                continue
            href = body.rsplit('<a href="', 1)[0].rsplit('<a href="', 1)[-1] if False else body.split("In the list of sources</a>")[0].rsplit('<a href="', 1)[-1].split('"')[0]
            file, _, anchor = href.partition("#")
            target = ((site.dir / page).parent / file).resolve().relative_to(site.dir.resolve()).as_posix()
            if target not in parsed or anchor not in parsed[target].ids:
                problems.append(f"{page}: footnote fn:{note.split(chr(34))[0]} points to {href}, which is not in the list of sources")
    assert refs, "no footnote references at all: the check would prove nothing"
    assert not problems, "\n".join(problems)
