"""`serve` keeps going: a broken save shows its errors and the last good site stays up; a fix brings new pages."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from support import ROOT

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def wait_for(condition, seconds: float = 60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = condition()
            if value:
                return value
        except OSError:
            pass
        time.sleep(0.05)
    raise AssertionError("timed out")


def read_lines(stream, into: list[str]) -> threading.Thread:
    """Collect a process's output lines as they come, so a test can wait for one."""
    thread = threading.Thread(target=lambda: into.extend(iter(stream.readline, "")), daemon=True)
    thread.start()
    return thread


def test_a_broken_save_keeps_the_last_good_site_and_a_fix_brings_the_new_one(project: Path):
    port = free_port()
    events = project / "events.yaml"
    good = events.read_text()
    env = {**os.environ, "EXPLAINER_TODAY": "2026-03-01"}
    server = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port)],
                              cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/"
    lines: list[str] = []
    reader = read_lines(server.stdout, lines)
    try:
        assert "<title>The Example Accord" in wait_for(lambda: fetch(url + "index.html"))
        build = fetch(url + "__explainer_build")

        events.write_text(good.replace("kind: depositary", "kind: depository"))  # a broken save
        wait_for(lambda: any("still serving the last good site" in line for line in lines))  # the save was seen and refused
        assert "<title>The Example Accord" in fetch(url + "index.html")  # the last good site is still served
        assert fetch(url + "__explainer_build") == build

        events.write_text(good.replace("title: The Example Accord", "title: The Example Accord, revised"))
        wait_for(lambda: fetch(url + "__explainer_build") != build)
        assert "<title>The Example Accord, revised" in fetch(url + "index.html")
        assert "__explainer_build" in fetch(url + "index.html")  # the page reloads itself after a rebuild
    finally:
        server.terminate()
        server.wait(timeout=30)
        reader.join(timeout=30)
    output = "".join(lines)
    assert 'sources[1].kind: "depository" is not allowed; did you mean "depositary"?' in output
    assert "still serving the last good site" in output
    assert "__explainer_build" not in (project / "site" / "index.html").read_text()  # the built files stay clean
