"""Build the default site and photograph it on a phone and a desktop, for the README.

Usage: .venv/bin/python scripts/screenshots.py [--data events.yaml]
Writes screenshots/*.png (SHOTS: the start page, the map, the timeline at a glance, the arguments side by side).
Uses the system's Chromium (/usr/bin/chromium); never downloads a browser.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 800}
# name: (page, viewport, colour scheme, element scrolled to the top or None)
SHOTS = {
    "start-phone.png": ("index.html", PHONE, "light", None),
    "start-desktop.png": ("index.html", DESKTOP, "light", None),
    "map-desktop.png": ("index.html", DESKTOP, "dark", ".ex-map-figure"),
    "timeline-phone.png": ("timeline.html", PHONE, "dark", ".ex-tl"),
    "arguments-desktop.png": ("arguments.html", DESKTOP, "light", "#details"),
}


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--data", type=Path, default=ROOT / "events.yaml")
    options.add_argument("--out", type=Path, default=ROOT / "screenshots")
    args = options.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--no-pdf", "--data", str(args.data), "--site-dir", str(site),
                        "--config", str(ROOT / "mkdocs.yml"), "--docs-dir", str(ROOT / "docs")], cwd=ROOT, check=True)
        from playwright.sync_api import sync_playwright

        args.out.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for name, (path, viewport, scheme, element) in SHOTS.items():
                context = browser.new_context(viewport=viewport, color_scheme=scheme, is_mobile=viewport["width"] < 600)
                context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
                page = context.new_page()
                page.goto((site / path).as_uri(), wait_until="load")
                if element:  # just below the sticky header
                    page.evaluate("s => scrollTo(0, document.querySelector(s).getBoundingClientRect().top + scrollY - 64)", element)
                page.screenshot(path=str(args.out / name))
                context.close()
                print(f"Wrote {args.out / name}")
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
