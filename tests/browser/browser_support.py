"""Names the browser tests share (conftest.py holds the fixtures; a module named conftest cannot be imported
reliably when tests/ has two of them)."""

from __future__ import annotations

import asyncio
import fcntl
import os
from dataclasses import dataclass, field
from pathlib import Path

from support import IN_CI, need  # noqa: F401 (the browser tests take them from here)

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "tests" / "fixtures" / "small.yaml"
DEFAULT = ROOT / "events.yaml"
CHROMIUM = Path("/usr/bin/chromium")
NODE_MODULES = ROOT / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# Never let Playwright fetch a browser of its own: we drive the system's Chromium.
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")




@dataclass
class Site:
    """A built site, its zip, and its pages as paths relative to the site folder."""

    name: str
    data: Path
    dir: Path
    zip: Path
    pages: list[str] = field(default_factory=list)

    def html(self, page: str) -> str:
        return (self.dir / page).read_text(encoding="utf-8")


def made_once(tmp_path_factory, name: str, make) -> Path:
    """A folder that make(folder) fills once per test run, shared by pytest-xdist's workers (each waits for the first)."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # the run's folder, above the workers' own
    folder = shared / name
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / ".made").is_file():
            folder.mkdir(exist_ok=True)
            make(folder)
            (folder / ".made").touch()
    return folder


def wait_until_still(page) -> None:
    """Wait until Material's fades and slides have finished, so colours are measured as readers see them."""
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')", timeout=5000)


def batches_in_tabs(context, urls: list[str], tabs: int = 6, wait_until: str = "load", prepare=lambda tab: None):
    """Yield the URLs in batches of [(tab, url)]: a batch's pages load side by side in their own tabs, not one by one.

    Each batch is yielded once every page in it has reached `wait_until` ("load" or "networkidle"); the next batch
    reuses the tabs, so finish with a batch before asking for the next. `prepare` is called on each new tab.
    """
    opened = [context.new_page() for _ in range(min(tabs, len(urls)))]
    for tab in opened:
        prepare(tab)
    for start in range(0, len(urls), tabs):
        batch = list(zip(opened, urls[start:start + tabs]))
        for tab, url in batch:
            tab.goto(url, wait_until="commit")  # returns once the page is on its way; the others start meanwhile
        for tab, _ in batch:
            tab.wait_for_load_state(wait_until)
        yield batch


def open_in_tabs(context, urls: list[str], tabs: int = 6, wait_until: str = "load", prepare=lambda tab: None):
    """Yield (tab, url) for each URL, loaded in batches side by side (see batches_in_tabs)."""
    for batch in batches_in_tabs(context, urls, tabs, wait_until, prepare):
        yield from batch


TAB_KEY = {"key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9}


def press_tab(page, cdp, times: int) -> None:
    """Press Tab `times` times as a keyboard does, each press sent without waiting for the one before.

    Chromium handles input events in the order they arrive, so focus moves exactly as with one press at a time;
    not waiting for each acknowledgement makes 5,000 presses take seconds instead of half a minute. The sync API
    has no call for this, so it hands the presses to Playwright's own event loop (playwright is pinned in
    requirements.txt); should a new Playwright lack these internals, it presses one at a time, just slower.
    """
    presses = [{"type": kind, **TAB_KEY} for _ in range(times) for kind in ("rawKeyDown", "keyUp")]
    try:
        session, run = cdp._impl_obj, cdp._sync
    except AttributeError:
        for _ in range(times):
            page.keyboard.press("Tab")
        return

    async def send_all() -> None:
        await asyncio.gather(*(session.send("Input.dispatchKeyEvent", press, None) for press in presses))

    run(send_all())
