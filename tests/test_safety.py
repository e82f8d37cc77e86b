"""Author files are sacred, output is atomic, builds are reproducible.

Builds here skip the handout PDF (--no-pdf): printing is tested in tests/test_cli.py. The one exception is the
reproducibility test, the only place that proves handout.pdf comes out byte for byte the same.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support import ROOT, author_files, tree_hashes


@pytest.mark.parametrize("args, code", [
    (["check"], 0),
    (["build", "--no-pdf"], 0),
    (["build", "--no-pdf", "--as-of", "2025-01-01"], 0),
    (["build", "--no-pdf", "--site-dir", "docs"], 1),
    (["build", "--no-pdf", "--site-dir", "docs/assets"], 1),
    (["build", "--no-pdf", "--site-dir", "docs/out"], 1),
    (["build", "--no-pdf", "--site-dir", "."], 1),
    (["build", "--no-pdf", "--config", "missing.yml"], 1),
])
def test_no_command_changes_an_author_file(cli, project: Path, args, code):
    before = author_files(project)
    assert cli(*args, cwd=project).code == code
    assert author_files(project) == before


def test_bad_input_and_a_mkdocs_failure_change_no_author_file(cli, project: Path):
    assert cli("build", "--no-pdf", cwd=project).code == 0
    before = author_files(project)
    text = (project / "events.yaml").read_text()
    (project / "events.yaml").write_text(text.replace("date: 2024-08-31", "date: 2024-02-30"))
    before = author_files(project)
    assert cli("build", "--no-pdf", cwd=project).code == 1
    assert cli("check", cwd=project).code == 1
    assert author_files(project) == before
    (project / "events.yaml").write_text(text)
    (project / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text() + "\nplugins:\n  - no-such-plugin\n")
    before = author_files(project)
    site_before = tree_hashes(project / "site")
    result = cli("build", "--no-pdf", cwd=project)
    assert result.code == 1 and "Traceback" not in result.err
    assert author_files(project) == before
    assert tree_hashes(project / "site") == site_before


# ---------------------------------------------------------------- atomic output


def build_command(as_of: str) -> list[str]:
    return [sys.executable, str(ROOT / "build.py"), "build", "--no-pdf", "--as-of", as_of]


def test_killing_a_build_at_any_moment_leaves_the_old_site_or_the_new_one(cli, project: Path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    known = {}
    for day in ("2026-03-01", "2025-01-01"):  # in this process: the same bytes as the command line's (see below), faster
        assert cli("build", "--no-pdf", "--as-of", day, cwd=project).code == 0
        known[day] = tree_hashes(project / "site")
    assert known["2025-01-01"] != known["2026-03-01"]
    started = time.perf_counter()
    subprocess.run(build_command("2026-03-01"), cwd=project, env=env, capture_output=True, check=True)
    duration = time.perf_counter() - started  # how long a whole build takes here: kills land anywhere inside it
    assert tree_hashes(project / "site") == known["2026-03-01"]
    rng = random.Random(6)
    for attempt in range(5):
        day = ("2025-01-01", "2026-03-01")[attempt % 2]
        process = subprocess.Popen(build_command(day), cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, duration))  # not a wait for something: this picks the moment of the kill
        process.send_signal(signal.SIGKILL)
        process.wait()
        site = tree_hashes(project / "site")
        assert site in (known["2025-01-01"], known["2026-03-01"]), f"attempt {attempt}: a mix of two builds"
    assert subprocess.run(build_command("2025-01-01"), cwd=project, env=env, capture_output=True).returncode == 0
    assert tree_hashes(project / "site") == known["2025-01-01"]
    assert list(project.glob(".explainer-tmp-*")) == []


def test_a_half_done_swap_is_finished_by_the_next_build(cli, project: Path):
    """A build killed between moving the old site aside and moving the new one in leaves old-site in scratch."""
    from explainer.output import TMP_PREFIX, recover

    assert cli("build", "--no-pdf", cwd=project).code == 0
    old = tree_hashes(project / "site")
    scratch = project / f"{TMP_PREFIX}dead"
    scratch.mkdir()
    (project / "site").rename(scratch / "old-site")
    recover(project / "site")
    assert tree_hashes(project / "site") == old
    assert list(project.glob(TMP_PREFIX + "*")) == []


# ---------------------------------------------------------------- reproducible


def wait_until(condition, seconds: float = 5.0) -> None:
    """Poll a condition until it holds; fail after a deadline."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_two_builds_of_the_same_input_are_byte_identical(cli, project: Path):
    """With the handout PDF: its dates are pinned to the facts' day, and this proves it."""
    assert cli("build", "--as-of", "2026-01-15", "--site-dir", "one/site", "--zip", "one/site.zip", cwd=project).code == 0
    finished = int(time.time())
    wait_until(lambda: int(time.time()) > finished)  # a clock that leaks into the output now reads another second
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "12345", "TZ": "Pacific/Kiritimati", "LC_ALL": "C"}
    env.pop("SOURCE_DATE_EPOCH", None)
    run = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--as-of", "2026-01-15", "--site-dir", "two/site", "--zip", "two/site.zip"],
                         cwd=project, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    one, two = tree_hashes(project / "one" / "site"), tree_hashes(project / "two" / "site")
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []
    assert (project / "one" / "site.zip").read_bytes() == (project / "two" / "site.zip").read_bytes()
