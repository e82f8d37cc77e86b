"""Faults and odd input get one line and exit 1 (Ctrl-C: 130), leave the old site whole and no temporary folder."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from support import ROOT, SMALL, tree_hashes

BUILD = [sys.executable, str(ROOT / "build.py")]


def run(project: Path, *args: str, limit_file_bytes: int | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """The real command in a process of its own (optionally with files capped in size, as on a full disk)."""
    def cap() -> None:
        if limit_file_bytes is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the cap then fails with EFBIG instead of killing
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_bytes, limit_file_bytes))

    env = {**os.environ, "EXPLAINER_TODAY": "2026-03-01"}
    return subprocess.run([*BUILD, *args], cwd=project, env=env, capture_output=True, text=True, timeout=timeout, preexec_fn=cap)


def one_line_failure(result, code: int = 1) -> str:
    """The one line a failed command printed (from a process of its own, or the cli fixture's in-process run)."""
    returncode, err = (result.returncode, result.stderr) if hasattr(result, "returncode") else (result.code, result.err)
    assert returncode == code, err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


@pytest.fixture(scope="module")
def built_once(tmp_path_factory) -> Path:
    """The small project, built once per module (no PDF)."""
    folder = tmp_path_factory.mktemp("built")
    for name in ("mkdocs.yml", "docs"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, folder / name)
    shutil.copy(SMALL, folder / "events.yaml")
    assert run(folder, "build", "--no-pdf").returncode == 0
    return folder


@pytest.fixture
def built(built_once: Path, tmp_path: Path) -> Path:
    """A copy of the built small project, so a failing build has an old site to keep."""
    shutil.copytree(built_once, tmp_path / "built", symlinks=True)
    return tmp_path / "built"


@pytest.mark.parametrize("make, expected", [
    (lambda p: os.mkfifo(p), "events.yaml:1:1: is not a regular file (a pipe or a device?); give an events file with --data FILE."),
    (lambda p: p.symlink_to(p), "events.yaml:1:1: cannot be read (Too many levels of symbolic links); give a readable events file with --data FILE."),
])
def test_an_events_file_that_is_a_pipe_or_a_link_loop_is_refused_at_once(project: Path, make, expected):
    events = project / "events.yaml"
    events.unlink()
    make(events)
    result = run(project, "check", timeout=30)
    assert result.returncode == 1 and result.stderr.splitlines()[0] == expected


def test_a_full_disk_fails_in_one_line_and_keeps_the_old_site(built: Path):
    before = tree_hashes(built / "site")
    (built / "events.yaml").write_text((built / "events.yaml").read_text().replace("The Example Accord", "The Example Accord, again"))
    line = one_line_failure(run(built, "build", "--no-pdf", limit_file_bytes=20_000))
    assert line.startswith("Build failed: File too large") and line.endswith("The previous site was left as it was.")
    assert tree_hashes(built / "site") == before
    assert not list(built.glob(".explainer-tmp-*"))


def test_ctrl_c_at_any_moment_ends_in_one_line_with_130_and_keeps_the_old_site(built: Path):
    before = tree_hashes(built / "site")
    env = {**os.environ, "EXPLAINER_TODAY": "2026-03-01"}
    # From 0.3 s: before that a loaded machine may still be starting Python itself, whose own Ctrl-C is a traceback.
    for delay in (0.3, 0.5, 0.8, 1.1, 1.4):
        process = subprocess.Popen([*BUILD, "build", "--no-pdf", "--as-of", "2025-01-01"], cwd=built, env=env, text=True,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                                   preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        time.sleep(delay)  # a moment in the build, not a wait for a result
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C reaches the whole process group, as in a terminal
        _, err = process.communicate(timeout=60)
        if process.returncode == 0:
            before = tree_hashes(built / "site")  # finished first (or past its swap): the new site is now the old one
            continue
        assert process.returncode == 130 and len(err.strip().splitlines()) == 1 and "Interrupted" in err, err
        assert tree_hashes(built / "site") == before
    assert not list(built.glob(".explainer-tmp-*"))


@pytest.mark.parametrize("target, expected", [
    ("events.yaml", "--zip events.yaml would overwrite events.yaml, an author's file"),
    ("mkdocs.yml", "--zip mkdocs.yml would overwrite mkdocs.yml, an author's file"),
    ("docs/site.zip", "--zip docs/site.zip is inside docs"),
    ("site/site.zip", "--zip site/site.zip is inside site"),
    ("docs", "--zip docs is a folder"),
])
def test_zip_never_lands_on_an_author_file_or_inside_docs_or_the_site(cli, project: Path, target: str, expected: str):
    line = one_line_failure(cli("build", "--no-pdf", "--zip", target, cwd=project))
    assert line.startswith("Build failed: " + expected), line
    assert not (project / "site").exists()


def test_the_zip_message_names_the_folder_to_open(project: Path):
    result = run(project, "build", "--no-pdf", "--zip", "site.zip")
    assert result.returncode == 0 and "unzip it and open site/index.html" in result.stdout


def test_an_authors_html_page_named_like_a_generated_one_is_an_error(cli, project: Path):
    (project / "docs" / "timeline.html").write_text("<p>mine</p>")
    line = one_line_failure(cli("build", "--no-pdf", cwd=project))
    assert line.startswith("Build failed: docs/timeline.html has the name of a generated page; rename your page")


def test_a_link_in_docs_to_a_file_outside_is_not_published(cli, project: Path, tmp_path: Path):
    secret = tmp_path.parent / f"{tmp_path.name}-secret.txt"
    secret.write_text("not for the site")
    (project / "docs" / "notes.txt").symlink_to(secret)
    line = one_line_failure(cli("build", "--no-pdf", cwd=project))
    assert line == ("Build failed: docs/notes.txt is a link to a file outside docs, which the site would publish; "
                    "copy the file into docs or remove the link (1 such link).")
    assert not (project / "site").exists()


def test_a_site_dir_that_is_a_link_is_refused_with_the_folder_to_use(cli, built: Path):
    (built / "elsewhere").mkdir()
    (built / "out").symlink_to(built / "elsewhere")
    line = one_line_failure(cli("build", "--no-pdf", "--site-dir", "out", cwd=built))
    assert line == f"Build failed: --site-dir out is a symbolic link; give the folder it points to ({built / 'elsewhere'}) instead."


@pytest.mark.parametrize("config, expected", [
    ("site_name: [unclosed\n", "mkdocs.yml:2:1: MkDocs encountered an error parsing the configuration file: while parsing a flow sequence"),
    ("site_name: x\nplugins:\n  - no-such-plugin\n", "mkdocs.yml:1:1: Config value 'plugins': The \"no-such-plugin\" plugin is not installed"),
])
def test_check_refuses_a_mkdocs_config_that_build_would_stop_on(project: Path, config: str, expected: str):
    (project / "mkdocs.yml").write_text(config)
    result = run(project, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(expected), result.stderr


# ---------------------------------------------------------------- serve


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_on_a_port_in_use_says_so_in_one_line(built: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        line = one_line_failure(run(built, "serve", "--port", str(port)))
    assert line.startswith(f"Build failed: cannot serve on port {port} (Address already in use); choose another with --port")


def test_serve_answers_only_to_localhost_and_refuses_odd_paths(built: Path):
    port = free_port()
    env = {**os.environ, "EXPLAINER_TODAY": "2026-03-01"}
    server = subprocess.Popen([*BUILD, "serve", "--port", str(port)], cwd=built, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert server.stdout.readline().startswith("Rebuilt")  # the first build, then the address
        assert server.stdout.readline().startswith(f"Serving http://127.0.0.1:{port}/")

        def status(path: str, host: str = f"127.0.0.1:{port}") -> int:
            request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": host})
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    return response.status
            except urllib.error.HTTPError as error:
                return error.code

        assert status("/index.html") == 200
        assert status("/index.html", host=f"localhost:{port}") == 200
        assert status("/index.html", host="attacker.example") == 403  # DNS rebinding: a page elsewhere cannot read the preview
        assert status("/index.html%00.txt") == 400
        assert status("/" + "a" * 3000) == 400
    finally:
        server.terminate()
        server.communicate(timeout=30)
