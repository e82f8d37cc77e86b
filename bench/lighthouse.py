"""Lighthouse (mobile) on every page of the built default explainer, served gzip: python bench/lighthouse.py

Builds the default explainer (--no-pdf) into a temporary folder, serves it on 127.0.0.1 with gzip as a static
server would, beside a page that shows the same events in Knight Lab's TimelineJS 3.9.11 (data/timeline.json,
from node_modules), and runs Lighthouse 12.2.3 (node_modules, on the system's Chromium) on each page in turn.
Prints, per page: the four scores, total blocking time, layout shift and bytes transferred, and every audit that
costs a category its 100. Targets (issue 14): performance at least 95; accessibility, best practices and SEO
100; layout shift under 0.05; the timeline blocks less than TimelineJS and transfers no more.
Exits 1 when a target is missed. Figures, not a test: they depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
TIMELINEJS = REPO / "node_modules" / "@knight-lab" / "timelinejs" / "dist"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking "
                  "--disable-component-update --disable-sync")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
CLS_LIMIT = 0.05
METRICS = ("total-blocking-time", "cumulative-layout-shift", "total-byte-weight", "largest-contentful-paint")
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")
TIMELINEJS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>TimelineJS: the same events</title><meta name="description" content="The explainer's events in TimelineJS.">
<link rel="stylesheet" href="css/timeline.css"></head>
<body><main><h1 style="font-size:1rem">TimelineJS</h1><div id="timeline-embed" style="width:100%;height:600px"></div></main>
<script src="js/timeline.js"></script>
<script>window.timeline = new TL.Timeline('timeline-embed', '../data/timeline.json');</script>
</body></html>
"""


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files, text gzipped when the browser accepts it, as a static web server is set up to do."""

    def log_message(self, format, *args):  # quiet: Lighthouse asks for many files
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSED):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return io.BytesIO(body)


def build_site(into: Path) -> Path:
    """The default explainer built without PDFs, with the TimelineJS page beside it."""
    project = into / "project"
    project.mkdir()
    for name in ("events.yaml", "mkdocs.yml", "docs", "overrides"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, project / name)
        elif source.exists():
            shutil.copy(source, project / name)
    subprocess.run([sys.executable, str(REPO / "build.py"), "build", "--no-pdf"], cwd=project, check=True,
                   stdout=subprocess.DEVNULL)
    site = project / "site"
    shutil.copytree(TIMELINEJS, site / "timelinejs")
    (site / "timelinejs" / "index.html").write_text(TIMELINEJS_PAGE, encoding="utf-8")
    return site


def pages_of(site: Path) -> list[str]:
    """Every HTML page of the site (not the 404 page), the TimelineJS page last."""
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                   if p.name != "404.html" and "timelinejs" not in p.parts)
    return pages + ["timelinejs/index.html"]


def lighthouse(url: str) -> dict:
    """One Lighthouse run (mobile, simulated throttling: its defaults), as its JSON report."""
    command = [str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROMIUM_FLAGS}"]
    run = subprocess.run(command, capture_output=True, text=True, timeout=300, env={**os.environ, "CHROME_PATH": CHROMIUM})
    if run.returncode != 0:
        raise RuntimeError(f"lighthouse failed on {url}: {run.stderr.strip()[-500:]}")
    return json.loads(run.stdout)


def measured(url: str, tries: int = 3) -> dict:
    """A Lighthouse report with every figure we read; a run that failed to measure (no paint on a busy machine) runs again."""
    for _ in range(tries):
        full = lighthouse(url)
        audits = full["audits"]
        if all("numericValue" in audits[a] for a in METRICS) and all(full["categories"][c]["score"] is not None for c in CATEGORIES):
            return full
        problem = next((audits[a].get("errorMessage") for a in METRICS if "numericValue" not in audits[a]), "no score")
    raise RuntimeError(f"Lighthouse could not measure {url} in {tries} runs: {problem}")


def figures(report: dict) -> dict:
    """What we report of one run: scores, blocking time, layout shift, bytes, and what costs a category its 100."""
    audits = report["audits"]
    scores = {c: report["categories"][c]["score"] for c in CATEGORIES}
    missing = []
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = audits[ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1 and category != "performance":
                missing.append(f"{category}: {ref['id']} ({audit['title']})")
    return {"scores": scores, "tbt": audits["total-blocking-time"]["numericValue"],
            "cls": audits["cumulative-layout-shift"]["numericValue"],
            "bytes": audits["total-byte-weight"]["numericValue"], "lcp": audits["largest-contentful-paint"]["numericValue"],
            "missing": missing}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", help="comma-separated pages to measure (default: every page)")
    parser.add_argument("--save", type=Path, help="a folder to keep each page's Lighthouse report in (JSON)")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists() or not TIMELINEJS.is_dir():
        print("Lighthouse or TimelineJS missing: run npm ci (package.json pins lighthouse 12.2.3 and @knight-lab/timelinejs 3.9.11)")
        return 2
    with tempfile.TemporaryDirectory(prefix="explainer-lighthouse-") as folder:
        site = build_site(Path(folder))
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(GzipHandler, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        try:
            pages = args.pages.split(",") if args.pages else pages_of(site)
            return report(base, pages, args.save)
        finally:
            server.shutdown()
            server.server_close()


def report(base: str, pages: list[str], save: Path | None = None) -> int:
    """Run Lighthouse on each page, print a line per page and the verdict; 1 when a target is missed."""
    print(f"Load average before: {os.getloadavg()[0]:.1f} (2 cores: above 2, other work slows the pages and the scores drop)")
    print(f"{'page':32} perf  a11y  bp   seo   TBT ms  CLS    LCP ms  KiB")
    results, failed = {}, []
    for page in pages:
        full = measured(base + page)
        if save:
            save.mkdir(parents=True, exist_ok=True)
            (save / (page.replace("/", "_") + ".json")).write_text(json.dumps(full), encoding="utf-8")
        found = results[page] = figures(full)
        s = found["scores"]
        print(f"{page:32} {s['performance'] * 100:4.0f}  {s['accessibility'] * 100:4.0f}  {s['best-practices'] * 100:4.0f} "
              f"{s['seo'] * 100:4.0f}  {found['tbt']:6.0f}  {found['cls']:.3f}  {found['lcp']:6.0f}  {found['bytes'] / 1024:5.0f}",
              flush=True)
        for line in found["missing"]:
            print(f"    {line}")
        if page.startswith("timelinejs/"):
            continue
        failed += [f"{page}: {c} {s[c] * 100:.0f} < {t * 100:.0f}" for c, t in TARGETS.items() if s[c] is None or s[c] < t]
        if found["cls"] >= CLS_LIMIT:
            failed.append(f"{page}: layout shift {found['cls']:.3f} >= {CLS_LIMIT}")
    ours, theirs = results.get("timeline.html"), results.get("timelinejs/index.html")
    if ours and theirs:
        print(f"timeline vs TimelineJS: blocking {ours['tbt']:.0f} ms vs {theirs['tbt']:.0f} ms, "
              f"transfer {ours['bytes'] / 1024:.0f} KiB vs {theirs['bytes'] / 1024:.0f} KiB")
        if ours["tbt"] >= theirs["tbt"] and ours["tbt"] > 0:
            failed.append("timeline.html blocks no less than TimelineJS")
        if ours["bytes"] > theirs["bytes"]:
            failed.append("timeline.html transfers more than TimelineJS")
    print(f"Load average after: {os.getloadavg()[0]:.1f}")
    print("\n".join(["Targets missed:", *failed]) if failed else "Every target met.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
