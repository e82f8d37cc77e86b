"""Live preview: build, serve on localhost, rebuild when the events file, docs/ or mkdocs.yml change.

A broken edit prints its problems and the last good site stays up. Pages served here (never the
built files) get a tiny script that reloads the browser after each successful rebuild.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import threading
import time
from pathlib import Path

from .errors import InputError
from .site import BuildError, build_site

POLL_SECONDS = 0.1
"""How often the watcher looks for a save (a few stat calls: cheap)."""
RELOAD_MS = 200
"""How often an open page asks whether a new build is there (one tiny local request)."""
RELOAD_PATH = "/__explainer_build"
RELOAD_CODE = (
    "(function(){var v=null;setInterval(function(){fetch('%s').then(function(r){return r.text()})"
    ".then(function(t){if(v!==null&&t!==v){location.reload()}v=t}).catch(function(){})},%d)})();" % (RELOAD_PATH, RELOAD_MS)
).encode()
# A script file, not inline code: each page's Content-Security-Policy runs only the site's own files.
RELOAD_SCRIPT = f'<script src="{RELOAD_PATH}.js"></script>'.encode()


def snapshot(paths: list[Path]) -> dict[str, float]:
    """Modification times of every watched file, to notice a save."""
    times: dict[str, float] = {}
    for path in paths:
        if path.is_dir():
            for child in path.rglob("*"):
                if child.is_file():
                    times[str(child)] = child.stat().st_mtime
        elif path.exists():
            times[str(path)] = path.stat().st_mtime
    return times


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the current site folder (looked up per request, so a swapped-in site shows at once)."""

    build_id = "0"

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        if self.path == RELOAD_PATH:
            return self.send_fresh(self.build_id.encode(), "text/plain")
        if self.path == RELOAD_PATH + ".js":
            return self.send_fresh(RELOAD_CODE, "text/javascript")
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            return self.send_fresh(path.read_bytes().replace(b"</body>", RELOAD_SCRIPT + b"</body>", 1), "text/html; charset=utf-8")
        super().do_GET()

    def send_fresh(self, body: bytes, content_type: str) -> None:
        """Answer with a body the browser must not cache (the next rebuild changes it)."""
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # quiet: the terminal shows builds, not requests
        pass


def serve(args: argparse.Namespace) -> int:
    """Build, then serve and rebuild on change until interrupted."""
    watched = [args.data, args.docs_dir, args.config]

    def rebuild() -> bool:
        try:
            report = build_site(args.data, args.site_dir, args.config, args.docs_dir, args.as_of, args.strict, make_pdf=False)
        except InputError as error:
            for problem in error.problems:
                print(problem, file=sys.stderr)
            print("Not rebuilt: fix the problems above; still serving the last good site.", file=sys.stderr, flush=True)
            return False
        except BuildError as error:
            print(f"Not rebuilt: {error}; still serving the last good site.", file=sys.stderr, flush=True)
            return False
        for problem in report.warnings:
            print(problem, file=sys.stderr)
        print(f"Rebuilt {report.pages} pages in {report.seconds['total']:.1f} s.", flush=True)
        return True

    if not rebuild() and not args.site_dir.exists():
        return 1
    # Load the reading-level grader's dictionary once here: each rebuild's grading process is a fork of
    # this one, so it starts with the dictionary instead of loading it again (1.2 s) beside MkDocs.
    from .render.readability import warm_up

    warm_up()
    handler = functools.partial(PreviewHandler, directory=str(args.site_dir.resolve()))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving http://127.0.0.1:{server.server_address[1]}/ ; watching {', '.join(map(str, watched))}. Ctrl+C stops.", flush=True)
    seen = snapshot(watched)
    builds = 0
    try:
        while True:
            time.sleep(POLL_SECONDS)
            now = snapshot(watched)
            if now != seen:
                seen = now
                if rebuild():
                    builds += 1
                    PreviewHandler.build_id = str(builds)
    except KeyboardInterrupt:
        print("Stopped.")
    finally:
        server.shutdown()
    return 0
