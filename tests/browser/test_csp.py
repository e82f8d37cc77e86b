"""The Content-Security-Policy in real Chromium: the site's own content runs under it, an injected handler does not.

Builds the small fixture with the real command line (no PDF), from file:// and over http.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pypdf
import pytest

from browser_support import CHROMIUM, ROOT, SMALL, need

pytestmark = pytest.mark.browser

# Runs before any page script (CDP injects it past the policy) and records every violation the page reports.
RECORD_VIOLATIONS = """window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(
  `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));"""
INJECTED_HANDLER = """<img src="x" onerror="document.title='pwned'">"""


@pytest.fixture(scope="module")
def small_site(tmp_path_factory) -> Path:
    """The small fixture built as a maintainer builds it, without the PDF."""
    site = tmp_path_factory.mktemp("csp") / "site"
    run = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--data", str(SMALL), "--site-dir", str(site),
                          "--config", str(ROOT / "mkdocs.yml"), "--docs-dir", str(ROOT / "docs"), "--no-pdf"],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    return site


def watched_page(context, console: list[str]):
    """A new page that records policy violations (events and console messages)."""
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.on("console", lambda message: console.append(message.text) if "Content Security Policy" in message.text else None)
    return page


@pytest.fixture(params=["file", "http"])
def origin(request, small_site: Path):
    """Where the pages are opened from: the folder (file://) or a local server; yields (base URL, own)."""
    if request.param == "file":
        yield small_site.as_uri() + "/", "file"
        return
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(small_site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    yield base, base
    httpd.shutdown()
    httpd.server_close()


def test_every_page_carries_the_policy_and_breaks_none_of_it(small_site: Path, origin, open_context):
    """No page reports a violation of its own policy; search, the palette toggle and the phone menu still work."""
    base, own = origin
    console: list[str] = []
    context, guard = open_context(own, viewport={"width": 1280, "height": 900})
    page = watched_page(context, console)
    violations = []
    for path in sorted(p.relative_to(small_site).as_posix() for p in small_site.rglob("*.html")):
        if path == "404.html":
            continue  # its links are absolute from the server's root; it is checked through the server below
        page.goto(base + path)
        page.wait_for_load_state("load")
        assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1, path
        violations += [f"{path}: {v}" for v in page.evaluate("window.__violations")]
    # The palette toggle switches the scheme.
    page.goto(base + "index.html")
    scheme = page.evaluate("document.body.dataset.mdColorScheme")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function("s => document.body.dataset.mdColorScheme !== s", arg=scheme)
    # Search answers, through the iframe worker from file:// and a real worker over http.
    page.keyboard.press("/")
    page.keyboard.type("accord")
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    violations += [f"index.html: {v}" for v in page.evaluate("window.__violations")]
    # Enter follows the first result; the search form is never submitted (form-action 'none' would report it).
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"[?&]h=accord"), wait_until="load")  # the result, with the words to highlight
    assert not violations and not console, "\n".join(violations + console)
    assert not guard.blocked


def test_the_phone_menu_opens_under_the_policy(small_site: Path, origin, open_context):
    """Material's drawer opens from its header button on a phone, and closes on the overlay."""
    base, own = origin
    console: list[str] = []
    context, _ = open_context(own, viewport={"width": 360, "height": 740}, has_touch=True)
    page = watched_page(context, console)
    page.goto(base + "treaty.html")
    page.locator(".ex-header-button[data-ex-for=__drawer]").click()
    page.locator("nav.md-nav--primary").first.wait_for(state="visible")
    assert page.evaluate("document.getElementById('__drawer').checked")
    assert page.evaluate("window.__violations") == [] and console == []


def inject(page_file: Path, markup: str, keep_policy: bool = True) -> None:
    """Put markup into a built page after the build, as an attacker with write access to the output would."""
    html = page_file.read_text(encoding="utf-8")
    if not keep_policy:
        html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    page_file.write_text(html.replace('<article class="md-content__inner md-typeset">',
                                      '<article class="md-content__inner md-typeset">' + markup, 1), encoding="utf-8")


def test_an_injected_handler_does_not_run_under_the_policy(small_site: Path, tmp_path: Path, open_context):
    """A handler put into a built page is refused by the page's policy; without the policy the same handler runs."""
    guarded, bare = tmp_path / "guarded.html", tmp_path / "bare.html"
    for copy, keep in ((guarded, True), (bare, False)):
        copy.write_text((small_site / "treaty.html").read_text(encoding="utf-8"), encoding="utf-8")
        inject(copy, INJECTED_HANDLER + '<a id="jsurl" href="javascript:document.title=\'pwned\'">x</a>', keep)
    context, _ = open_context("file")
    page = watched_page(context, [])
    page.goto(bare.as_uri())
    page.wait_for_function("() => document.title === 'pwned'")  # the control: the handler is real
    page.goto(guarded.as_uri())
    page.wait_for_function("() => window.__violations.some(v => v.startsWith('script-src-attr'))")
    page.click("#jsurl")
    page.wait_for_function("() => window.__violations.filter(v => v.startsWith('script-src')).length >= 2")
    assert page.title() != "pwned"


class Beacon(http.server.BaseHTTPRequestHandler):
    """A host on the network that records every request the printer makes to it."""

    seen: list[str] = []

    def do_GET(self) -> None:
        Beacon.seen.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


def test_the_pdf_printer_reads_no_file_outside_the_site_and_no_network(small_site: Path, tmp_path: Path):
    """A handout doctored after the build cannot print the machine's files or reach the network; the site's own files print."""
    need(CHROMIUM.exists(), str(CHROMIUM))
    site = tmp_path / "site"
    shutil.copytree(small_site, site)
    (site / "inside.txt").write_text("inside-the-site marker", encoding="utf-8")
    (site / "passwd.txt").symlink_to("/etc/passwd")  # inside by name, outside once followed
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Beacon)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    beacon = f"http://127.0.0.1:{httpd.server_address[1]}"
    inject(site / "handout.html", f"""<iframe src="inside.txt"></iframe>
        <iframe src="file:///etc/passwd"></iframe><object data="file:///etc/passwd" type="text/plain"></object>
        <iframe src="passwd.txt"></iframe><iframe src="data:text/html,<iframe src='file:///etc/passwd'></iframe>"></iframe>
        <script>document.write('<iframe src=file:///etc/passwd></iframe>'); document.title = 'pwned'</script>
        <img src="{beacon}/img.png"><link rel="stylesheet" href="{beacon}/style.css"><iframe src="{beacon}/frame"></iframe>""")
    pdf = tmp_path / "handout.pdf"
    try:
        run = subprocess.run([sys.executable, str(ROOT / "explainer" / "pdf.py"), "2026-03-01", str(CHROMIUM),
                              str(site / "handout.html"), str(pdf)], capture_output=True, text=True, timeout=300)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert run.returncode == 0, run.stderr
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    assert "inside-the-site marker" in text  # the control: a framed file of the site does print
    assert "root:" not in text
    assert Beacon.seen == []
