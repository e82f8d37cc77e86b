"""Live preview: build, serve on localhost, rebuild when the events file, docs/ or mkdocs.yml change.

A broken edit reports its problems and the last good site stays up. Pages served here (never the
built files) get a tiny script that reloads the browser after each successful rebuild. The caller
(cli.py) says what happened: this module reports through `say` and never prints.
"""

from __future__ import annotations

import argparse
import functools
import gc
import http.server
import threading
import time
from pathlib import Path
from typing import Callable

from .errors import BuildError, InputError, plural
from .pipeline import build_site, translation_files

POLL_SECONDS = 0.05
"""How often the watcher looks for a save (a few stat calls: cheap)."""
RELOAD_MS = 50
"""How often an open page asks whether a new build is there (one tiny local request)."""
RELOAD_PATH = "/__explainer_build"
RELOAD_CODE = (
    "(function(){var v=null;setInterval(function(){fetch('%s').then(function(r){return r.text()})"
    ".then(function(t){if(v!==null&&t!==v){location.reload()}v=t}).catch(function(){})},%d)})();" % (RELOAD_PATH, RELOAD_MS)
).encode()
# A script file, not inline code: each page's Content-Security-Policy runs only the site's own files.
RELOAD_SCRIPT = f'<script src="{RELOAD_PATH}.js"></script>'.encode()
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
"""The only Host headers served: a page on another site cannot reach the preview through DNS rebinding."""
MAX_PATH = 2000

Say = Callable[[str, bool], None]
"""Reports a line to the author; the flag marks a problem (cli.py prints those to stderr)."""


def snapshot(paths: list[Path]) -> dict[str, float]:
    """Modification times of every watched file, to notice a save."""
    times: dict[str, float] = {}
    for path in paths:
        try:
            children = list(path.rglob("*")) if path.is_dir() else [path] if path.exists() else []
            for child in children:
                if child.is_file():
                    times[str(child)] = child.stat().st_mtime
        except OSError:  # a file removed while we looked: the next look sees the change
            times[str(path)] = -1.0
    return times


def host_name(header: str) -> str:
    """The name in a Host header, without its port: localhost:8000 -> localhost, [::1]:8000 -> [::1]."""
    if header.startswith("["):
        return header.split("]", 1)[0].lower() + "]"
    return header.rsplit(":", 1)[0].lower()


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the current site folder (looked up per request, so a swapped-in site shows at once)."""

    build_id = "0"
    timeout = 10  # seconds an idle connection may hold a thread

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        if host_name(self.headers.get("Host", "")) not in LOOPBACK_NAMES:
            return self.send_error(403, "This preview answers only to localhost")
        if len(self.path) > MAX_PATH or "\0" in self.path or "%00" in self.path:
            return self.send_error(400, "Bad path")
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

    do_HEAD = do_GET

    def send_fresh(self, body: bytes, content_type: str) -> None:
        """Answer with a body the browser must not cache (the next rebuild changes it)."""
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # quiet: the terminal shows builds, not requests
        pass


def rebuild(args: argparse.Namespace, say: Say) -> bool:
    """Build once; report the outcome; True when a new site is in place."""
    try:
        report = build_site(args.data, args.site_dir, args.config, args.docs_dir, args.as_of, args.strict, make_pdf=False)
    except InputError as error:
        for problem in error.problems:
            say(str(problem), True)
        say("Not rebuilt: fix the problems above; still serving the last good site.", True)
        return False
    except (BuildError, OSError) as error:
        say(f"Not rebuilt: {error}; still serving the last good site.", True)
        return False
    except Exception as error:  # noqa: BLE001 - a bug must not stop the preview: say it, keep the last site
        say(f"Not rebuilt: unexpected {type(error).__name__}: {error}; still serving the last good site.", True)
        return False
    for problem in report.warnings:
        say(str(problem), True)
    say(f"Rebuilt {plural(report.pages, 'page')} in {report.seconds['total']:.1f} s.", False)
    return True


def serve(args: argparse.Namespace, say: Say) -> bool:
    """Build, then serve and rebuild on change until interrupted; False when there was never a site to serve."""
    watched = [args.data, *translation_files(args.data).values(), args.docs_dir, args.config]  # events.fr.yaml and the like too
    handler = functools.partial(PreviewHandler, directory=str(args.site_dir.resolve()))
    try:  # the port first: a port in use is said at once, not after a build
        server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    except OSError as error:
        raise BuildError(f"cannot serve on port {args.port} ({error.strerror}); choose another with --port") from None
    server.daemon_threads = True
    serving = False
    try:
        if not rebuild(args, say) and not args.site_dir.exists():
            return False
        # Load the reading-level grader's dictionary once here: each rebuild grades in a fork of this
        # process, which then starts with the dictionary instead of loading it again beside MkDocs.
        from .render.readability import warm_up

        warm_up()
        # What is loaded now (MkDocs, the theme, the dictionary) lives as long as the preview: keep it out of the
        # cycle collector's full passes, which otherwise rescan it during rebuilds (up to 0.25 s each, measured).
        gc.freeze()
        threading.Thread(target=server.serve_forever, daemon=True).start()
        serving = True
        say(f"Serving http://127.0.0.1:{server.server_address[1]}/ ; watching {', '.join(map(str, watched))}. Ctrl+C stops.", False)
        watch(args, watched, say)
    finally:
        if serving:
            server.shutdown()  # waits for serve_forever to stop: only once it has started
        server.server_close()
    return True


def watch(args: argparse.Namespace, watched: list[Path], say: Say) -> None:
    """Rebuild on every save until interrupted; a page reloads when its build id changes."""
    seen = snapshot(watched)
    builds = 0
    while True:
        time.sleep(POLL_SECONDS)
        now = snapshot(watched)
        if now != seen:
            seen = now
            if rebuild(args, say):
                builds += 1
                PreviewHandler.build_id = str(builds)
