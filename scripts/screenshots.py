"""Build the default site and photograph its start page on a phone and a desktop, for the README.

Usage: .venv/bin/python scripts/screenshots.py [--data events.yaml]
Writes screenshots/start-phone.png (390x844) and screenshots/start-desktop.png (1280x800).
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
SHOTS = {"start-phone.png": {"width": 390, "height": 844}, "start-desktop.png": {"width": 1280, "height": 800}}


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--data", type=Path, default=ROOT / "events.yaml")
    options.add_argument("--out", type=Path, default=ROOT / "screenshots")
    args = options.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--data", str(args.data), "--site-dir", str(site),
                        "--config", str(ROOT / "mkdocs.yml"), "--docs-dir", str(ROOT / "docs")], cwd=ROOT, check=True)
        from playwright.sync_api import sync_playwright

        args.out.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for name, viewport in SHOTS.items():
                context = browser.new_context(viewport=viewport, color_scheme="light", is_mobile=viewport["width"] < 600)
                context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
                page = context.new_page()
                page.goto((site / "index.html").as_uri(), wait_until="load")
                page.screenshot(path=str(args.out / name))
                context.close()
                print(f"Wrote {args.out / name}")
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
