"""Names the browser tests share (conftest.py holds the fixtures; a module named conftest cannot be imported
reliably when tests/ has two of them)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "tests" / "fixtures" / "small.yaml"
DEFAULT = ROOT / "events.yaml"
CHROMIUM = Path("/usr/bin/chromium")
NODE_MODULES = ROOT / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
IN_CI = os.environ.get("CI") == "true"

# Never let Playwright fetch a browser of its own: we drive the system's Chromium.
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")


def need(condition: bool, what: str) -> None:
    """Skip outside CI when a tool is missing; in CI a missing tool is a failure, never a silent skip."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{what} is missing, and CI must run the browser checks (scripts/test installs it)", pytrace=False)
    pytest.skip(f"{what} is missing; run bash scripts/test to install it (CI never skips these tests)")


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


def wait_until_still(page) -> None:
    """Wait until Material's fades and slides have finished, so colours are measured as readers see them."""
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')", timeout=5000)
