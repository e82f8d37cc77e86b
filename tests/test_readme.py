"""The README for authors: its field reference matches the schema, and its tutorial's commands work as pasted."""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import sysconfig
import urllib.request
import zipfile
from pathlib import Path

import pytest
import yaml

from explainer import field_reference

from support import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
SCHEMA = json.loads((ROOT / "schema" / "explainer.schema.json").read_text(encoding="utf-8"))
INSTALL_LINE = "python3 -m venv .venv && .venv/bin/pip install -r requirements.txt -e ."


def section(title: str) -> str:
    """The text of one `## ` section of the README."""
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end if end != -1 else None]


def fenced_blocks(text: str) -> list[tuple[str, str]]:
    """(language, body) of every fenced code block, in order."""
    return re.findall(r"^```(\w*)\n(.*?)^```", text, re.MULTILINE | re.DOTALL)


def test_the_field_reference_is_generated_from_the_current_schema():
    assert field_reference.main(["--check"]) == 0, "run: .venv/bin/python -m explainer.field_reference"


def test_the_field_reference_check_fails_when_the_schema_gains_a_key():
    """The check can fail: a new key in the schema makes the README's section stale."""
    changed = copy.deepcopy(SCHEMA)
    changed["$defs"]["Event"]["properties"]["colour"] = {"type": "string", "description": "A new key."}
    assert field_reference.with_reference(README, SCHEMA) == README
    assert "| `colour` | text |  | A new key. |" in field_reference.with_reference(README, changed)


def test_every_key_of_every_mapping_is_in_the_reference():
    reference = section("Field reference")
    for name, body, _ in field_reference.object_definitions(SCHEMA):
        assert f"\n### {name}\n" in reference, name
        for key in body.get("properties", {}):
            assert f"| `{key}` |" in reference, f"{name}.{key}"


def test_the_tutorial_covers_every_step_of_the_first_hour():
    tutorial = section("Your first explainer")
    commands = "\n".join(body for language, body in fenced_blocks(tutorial) if language == "sh")
    for command in ("explainer new ", "explainer check", "explainer serve", "explainer build"):
        assert command in commands, command
    added = [next(iter(yaml.safe_load(body))) for language, body in fenced_blocks(tutorial) if language == "yaml"]
    assert added == ["states", "events", "sources", "arguments"]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh virtual environment with the `explainer` command installed from this folder, as step 1 does.

    Offline, pip cannot fetch the build backend or the dependencies: the environment borrows the project's
    (a .pth line) and installs with --no-build-isolation. The rest is the README's own command.
    """
    venv = tmp_path_factory.mktemp("venv") / ".venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = subprocess.run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    Path(site, "project-venv.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                    "--no-index", "-e", str(ROOT)], check=True, capture_output=True)
    assert (venv / "bin" / "explainer").is_file()
    return venv


def run_block(body: str, cwd: Path, env: dict, where_file: Path) -> tuple[Path, str]:
    """Run a shell block as pasted, in bash; the folder it ends in (a `cd` carries over) and what it printed."""
    script = f"set -euo pipefail\n{body}\npwd > {where_file}\n"
    result = subprocess.run(["bash", "-c", script], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"{body}\n{result.stdout}{result.stderr}"
    assert "Traceback" not in result.stdout + result.stderr
    return Path(where_file.read_text().strip()), result.stdout + result.stderr


def add_snippet(events_file: Path, snippet: dict) -> None:
    """Add a YAML block's items at the end of the lists it names, as the tutorial tells an author to."""
    data = yaml.safe_load(events_file.read_text())

    def merge(target: dict, addition: dict) -> None:
        for key, value in addition.items():
            if isinstance(value, list):
                target.setdefault(key, []).extend(value)
            else:
                merge(target[key], value)

    merge(data, snippet)
    events_file.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def serve_once(folder: Path, env: dict) -> str:
    """`explainer serve` as pasted, on a free port (8000 may be taken on a shared machine): its first page, then Ctrl+C."""
    server = subprocess.Popen(["explainer", "serve", "--port", "0"], cwd=folder, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        for line in server.stdout:
            found = re.search(r"Serving (http://127\.0\.0\.1:\d+/)", line)
            if found:
                with urllib.request.urlopen(found.group(1), timeout=10) as response:
                    return response.read().decode()
        raise AssertionError("serve never said where it serves")
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=20)


@pytest.mark.slow
def test_the_tutorial_runs_as_pasted_from_new_to_a_published_zip(installed, tmp_path):
    """Step 1 is done by the fixture; every later shell line runs as written, with each YAML block added where it says."""
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "PATH": f"{installed / 'bin'}:{os.environ['PATH']}", "EXPLAINER_TODAY": "2026-03-01"}
    blocks = fenced_blocks(section("Your first explainer"))
    assert blocks[0] == ("sh", f"{INSTALL_LINE}\n. .venv/bin/activate\n"), "step 1 changed: change the fixture `installed` too"
    where, printed = ROOT, {}
    for language, body in blocks[1:]:
        if language == "yaml":
            add_snippet(where / "events.yaml", yaml.safe_load(body))
            continue
        lines = body.strip().splitlines()
        runnable = "\n".join(line for line in lines if line != "explainer serve")
        where, printed[lines[0]] = run_block(runnable, home if where == ROOT else where, env, tmp_path / "where")
        if "explainer serve" in lines:
            assert "<title>" in serve_once(where, env)
    assert where == home / "my-explainer"
    assert printed["explainer new ~/my-explainer"].endswith("events.yaml: ok: 0 errors, 0 warnings (2 events, 3 sources, 2 states).\n")
    assert printed["explainer check --strict"] == "events.yaml: ok: 0 errors, 0 warnings (3 events, 4 sources, 3 states).\n"
    with zipfile.ZipFile(where / "my-explainer.zip") as archive:
        assert "site/index.html" in archive.namelist()
    state_page = (where / "site" / "countries" / "xc.html").read_text()
    assert "Third Example State" in state_page and "15 March 2026" in state_page


@pytest.mark.slow
def test_the_first_command_builds_the_default_explainer_as_pasted(tmp_path):
    """`.venv/bin/python build.py`, the end of the README's first command, in a copy of the project (the venv is the project's)."""
    first = fenced_blocks(README)[0][1].strip()
    install, _, command = first.rpartition(" && ")
    assert (install, command) == ("python3 -m venv .venv && .venv/bin/pip install -r requirements.txt", ".venv/bin/python build.py")
    for name in ("events.yaml", "mkdocs.yml", "build.py"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    (tmp_path / "explainer").symlink_to(ROOT / "explainer")
    (tmp_path / ".venv").symlink_to(Path(sys.prefix))
    result = subprocess.run(["bash", "-c", command], cwd=tmp_path, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "EXPLAINER_TODAY": "2026-03-01"})
    assert result.returncode == 0, result.stderr
    assert re.search(r"^Built \d+ pages from \d+ events and \d+ sources into site/", result.stdout, re.MULTILINE)
    title = yaml.safe_load((ROOT / "events.yaml").read_text())["explainer"]["title"]
    assert f"<title>{title}" in (tmp_path / "site" / "index.html").read_text()


def test_every_command_and_option_is_in_the_command_line_section():
    """What `explainer --help` offers, the README's "Command line" section names (a new option cannot go undocumented)."""
    import argparse

    from explainer.cli import parser

    documented = section("Command line")
    [commands] = [a for a in parser()._actions if isinstance(a, argparse._SubParsersAction)]
    for name, sub in commands.choices.items():
        assert f"explainer {name}" in documented, name
        for action in sub._actions:
            for option in action.option_strings:
                if option.startswith("--") and option != "--help":
                    assert option in documented, f"{name} {option}"
