"""Author files are sacred, output is atomic, builds are reproducible."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support import ROOT, tree_hashes


def author_state(project: Path) -> dict[str, str]:
    """Hashes of everything an author wrote: docs/, the events file, mkdocs.yml."""
    state = {"docs/" + k: v for k, v in tree_hashes(project / "docs").items()}
    for name in ("events.yaml", "mkdocs.yml"):
        state[name] = hashlib.sha256((project / name).read_bytes()).hexdigest()
    return state


@pytest.mark.parametrize("args, code", [
    (["check"], 0),
    (["build"], 0),
    (["build", "--as-of", "2025-01-01"], 0),
    (["build", "--site-dir", "docs"], 1),
    (["build", "--site-dir", "docs/assets"], 1),
    (["build", "--site-dir", "docs/out"], 1),
    (["build", "--site-dir", "."], 1),
    (["build", "--config", "missing.yml"], 1),
])
def test_no_command_changes_an_author_file(cli, project: Path, args, code):
    before = author_state(project)
    assert cli(*args, cwd=project).code == code
    assert author_state(project) == before


def test_bad_input_and_a_mkdocs_failure_change_no_author_file(cli, project: Path):
    assert cli("build", cwd=project).code == 0
    before = author_state(project)
    text = (project / "events.yaml").read_text()
    (project / "events.yaml").write_text(text.replace("date: 2024-08-31", "date: 2024-02-30"))
    before = author_state(project)
    assert cli("build", cwd=project).code == 1
    assert cli("check", cwd=project).code == 1
    assert author_state(project) == before
    (project / "events.yaml").write_text(text)
    (project / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text() + "\nplugins:\n  - no-such-plugin\n")
    before = author_state(project)
    site_before = tree_hashes(project / "site")
    result = cli("build", cwd=project)
    assert result.code == 1 and "Traceback" not in result.err
    assert author_state(project) == before
    assert tree_hashes(project / "site") == site_before


# ---------------------------------------------------------------- atomic output


def build_command(project: Path, as_of: str) -> list[str]:
    return [sys.executable, str(ROOT / "build.py"), "build", "--as-of", as_of]


def test_killing_a_build_at_any_moment_leaves_the_old_site_or_the_new_one(project: Path, tmp_path: Path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    known = {}
    for day in ("2025-01-01", "2026-03-01"):
        assert subprocess.run(build_command(project, day), cwd=project, env=env, capture_output=True).returncode == 0
        known[day] = tree_hashes(project / "site")
    assert known["2025-01-01"] != known["2026-03-01"]
    started = time.perf_counter()
    subprocess.run(build_command(project, "2026-03-01"), cwd=project, env=env, capture_output=True, check=True)
    duration = time.perf_counter() - started
    rng = random.Random(6)
    for attempt in range(5):
        day = ("2025-01-01", "2026-03-01")[attempt % 2]
        process = subprocess.Popen(build_command(project, day), cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, duration))
        process.send_signal(signal.SIGKILL)
        process.wait()
        site = tree_hashes(project / "site")
        assert site in (known["2025-01-01"], known["2026-03-01"]), f"attempt {attempt}: a mix of two builds"
    assert subprocess.run(build_command(project, "2025-01-01"), cwd=project, env=env, capture_output=True).returncode == 0
    assert tree_hashes(project / "site") == known["2025-01-01"]
    assert list(project.glob(".explainer-tmp-*")) == []


def test_a_half_done_swap_is_finished_by_the_next_build(cli, project: Path):
    """A build killed between moving the old site aside and moving the new one in leaves old-site in scratch."""
    from explainer.output import TMP_PREFIX, recover

    assert cli("build", cwd=project).code == 0
    old = tree_hashes(project / "site")
    scratch = project / f"{TMP_PREFIX}dead"
    scratch.mkdir()
    (project / "site").rename(scratch / "old-site")
    recover(project / "site")
    assert tree_hashes(project / "site") == old
    assert list(project.glob(TMP_PREFIX + "*")) == []


# ---------------------------------------------------------------- reproducible


def test_two_builds_of_the_same_input_are_byte_identical(cli, project: Path, tmp_path: Path):
    assert cli("build", "--as-of", "2026-01-15", "--site-dir", "one/site", "--zip", "one/site.zip", cwd=project).code == 0
    time.sleep(1.1)  # a clock that leaks into the output would now differ
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "12345", "TZ": "Pacific/Kiritimati", "LC_ALL": "C"}
    env.pop("SOURCE_DATE_EPOCH", None)
    run = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--as-of", "2026-01-15", "--site-dir", "two/site", "--zip", "two/site.zip"],
                         cwd=project, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    one, two = tree_hashes(project / "one" / "site"), tree_hashes(project / "two" / "site")
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []
    assert (project / "one" / "site.zip").read_bytes() == (project / "two" / "site.zip").read_bytes()
