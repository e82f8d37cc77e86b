"""What the browser tests share: one built site per events file, one local server, one headless Chromium.

Every test here runs on the shipped `events.yaml` (and on the small fixture too with EXPLAINER_BROWSER_SITES=all). The site is built with the
real command line, exactly as a maintainer builds it, and packed into the same zip readers download.

Outside CI (CI is not "true") the tests skip when /usr/bin/chromium, Java or node_modules/ is missing;
in CI a missing tool fails the run, so a green CI always means the checks ran.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import subprocess
import sys
import threading
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from explainer.pipeline import check_file

from browser_support import (AXE, CHROMIUM, CHROMIUM_ARGS, DEFAULT, IN_CI, NODE_MODULES, ROOT, SMALL, VNU, Site,  # noqa: F401
                             made_once, need)

# The shipped explainer by default; EXPLAINER_BROWSER_SITES=all adds the small fixture (an invented treaty).
SITES = [SMALL, DEFAULT] if os.environ.get("EXPLAINER_BROWSER_SITES") == "all" else [DEFAULT]


@pytest.fixture(scope="session", params=SITES, ids=[p.stem for p in SITES])
def site(request, tmp_path_factory) -> Site:
    """The site built from one events file with the real CLI, as readers get it (plus the zip)."""
    data: Path = request.param

    def build(out: Path) -> None:
        checked = check_file(data)
        assert not checked.errors, f"{data.name} does not pass `python build.py check`: {checked.errors[0]}"
        # The real command line, in its own process: the build drives Chromium itself (the handout PDF),
        # which cannot share this process with the tests' Playwright.
        run = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--data", str(data), "--site-dir", str(out / "site"),
                              "--zip", str(out / "site.zip"), "--config", str(ROOT / "mkdocs.yml"), "--docs-dir", str(ROOT / "docs")],
                             cwd=ROOT, capture_output=True, text=True, timeout=600)
        assert run.returncode == 0, f"building {data.name} failed:\n{run.stdout}{run.stderr}"

    out = made_once(tmp_path_factory, f"site-{data.stem}", build)
    site_dir = out / "site"
    pages = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))
    return Site(data.stem, data, site_dir, out / "site.zip", pages)


@pytest.fixture(scope="session")
def unzipped(site: Site, tmp_path_factory) -> Path:
    """The zip readers download, unpacked into a fresh folder: the folder holding index.html."""
    target = tmp_path_factory.mktemp(f"unzipped-{site.name}")
    with zipfile.ZipFile(site.zip) as archive:
        archive.extractall(target)
    [index] = list(target.glob("*/index.html")) or list(target.glob("index.html"))
    return index.parent


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def server(site: Site):
    """The built site served over http from 127.0.0.1 on a free port; yields its base URL."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site.dir)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium (the system's) for the whole session."""
    need(CHROMIUM.exists(), str(CHROMIUM))
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    need(AXE.is_file(), "node_modules/axe-core (npm ci)")
    return AXE


class Guard:
    """Lets a page load only from its own site; records and aborts every other request."""

    def __init__(self, own: str):
        self.own = own  # "file" or an http origin such as http://127.0.0.1:8123
        self.blocked: list[str] = []
        self.requests: list[str] = []

    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        if self.own == "file":
            return parts.scheme in ("file", "data", "blob", "about")
        return url.startswith(self.own + "/") or url == self.own or parts.scheme in ("data", "blob", "about")

    def route(self, route) -> None:
        url = route.request.url
        self.requests.append(url)
        if self.allows(url):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort("blockedbyclient")

    def seen(self, request) -> None:
        """Any request the route did not see (none expected) is still recorded."""
        if not self.allows(request.url) and request.url not in self.blocked:
            self.blocked.append(request.url)

    def websocket(self, ws) -> None:
        self.blocked.append(ws.url)
        ws.close()


@pytest.fixture
def open_context(browser):
    """Make a browser context that can reach only its own site; the test can read what was blocked."""
    contexts = []

    def make(own: str, **options):
        options.setdefault("service_workers", "block")
        context = browser.new_context(**options)
        context.set_default_timeout(30_000)  # generous: CI machines are shared and sometimes slow
        guard = Guard(own.rstrip("/") if own != "file" else own)
        context.route(re.compile(r".*"), guard.route)
        context.route_web_socket(re.compile(r".*"), guard.websocket)
        context.on("request", guard.seen)
        contexts.append(context)
        return context, guard

    yield make
    for context in contexts:
        context.close()
