"""`new FOLDER`: the exact output, a starter that builds at once, and folders it refuses."""

from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml

from explainer.new import STARTER, schema_text

from support import ROOT, author_files, tree_hashes


def python_and_build_py(folder: Path) -> str:
    """What `new` tells an author to type in the new folder when run as build.py: this Python and the path to build.py."""
    return f"{os.path.relpath(sys.executable, folder)} {os.path.relpath(ROOT / 'build.py', folder)}"


def test_new_writes_a_starter_and_says_what_to_edit_first(cli, tmp_path):
    result = cli("new", "my-explainer", cwd=tmp_path)
    assert (result.code, result.err) == (0, "")
    assert result.out.splitlines() == [
        "Created my-explainer/: a starter explainer that builds as it is.",
        "  my-explainer/events.yaml                   your facts: edit this first, top to bottom (explainer, treaty, states, events, sources)",
        "  my-explainer/docs/about.md                 a page you write by hand",
        "  my-explainer/mkdocs.yml                    the site's settings (theme, colours)",
        "  my-explainer/schema/explainer.schema.json  lets an editor check events.yaml as you type",
        f"Next: cd my-explainer && {python_and_build_py(tmp_path / 'my-explainer')} serve   "
        "(a preview on http://127.0.0.1:8000/ that rebuilds when you save)",
    ]
    folder = tmp_path / "my-explainer"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
        "docs/about.md", "docs/assets/explainer.css", "docs/assets/explainer.js", "docs/assets/vendor/iframe-worker-LICENSE.txt",
        "docs/assets/vendor/iframe-worker-shim.js", "events.yaml", "mkdocs.yml", "schema/explainer.schema.json",
    ]


def test_the_starter_is_dated_today_and_its_schema_line_points_at_the_schema_it_wrote(cli, tmp_path):
    cli("new", "x", cwd=tmp_path)
    events = (tmp_path / "x" / "events.yaml").read_text()
    first = events.splitlines()[0]
    assert first == "# yaml-language-server: $schema=schema/explainer.schema.json"
    schema_file = tmp_path / "x" / first.split("$schema=")[1]
    assert schema_file.read_text() == schema_text()
    assert "$defs" in json.loads(schema_file.read_text())
    assert yaml.safe_load(events)["explainer"]["as_of"].isoformat() == os.environ["EXPLAINER_TODAY"]  # pinned by the cli fixture


def test_the_starter_is_strictly_valid_and_builds_at_once(cli, tmp_path):
    cli("new", "x", cwd=tmp_path)
    folder = tmp_path / "x"
    check = cli("check", "--strict", cwd=folder)
    assert (check.code, check.err, check.out) == (0, "", "events.yaml: ok: 0 errors, 0 warnings (2 events, 3 sources, 2 states).\n")
    before = author_files(folder)
    build = cli("build", "--no-pdf", "--strict", cwd=folder)
    assert (build.code, build.err) == (0, "")
    assert re.match(r"Built \d+ pages from 2 events and 3 sources into site/ .*; 0 warnings\.$", build.out.splitlines()[-1])
    assert author_files(folder) == before
    index = (folder / "site" / "index.html").read_text()
    assert "The Example Treaty explained" in index and "Example State" in index
    about = (folder / "site" / "about.html").read_text()
    assert "This page is written by hand" in about


def test_new_refuses_a_folder_that_holds_anything_and_changes_nothing(cli, tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    result = cli("new", "mine", cwd=tmp_path)
    assert (result.code, result.out) == (1, "")
    assert result.err == ("mine:1:1: is a folder that is not empty; give the name of a new folder "
                          "(new never writes into a folder that holds files, so nothing was changed).\n")
    assert tree_hashes(tmp_path / "mine") == {"notes.txt": tree_hashes(tmp_path / "mine")["notes.txt"]}
    (tmp_path / "file").write_text("x")
    result = cli("new", "file", cwd=tmp_path)
    assert (result.code, result.err) == (1, "file:1:1: exists and is not a folder; give the name of a new folder for the explainer.\n")
    assert (tmp_path / "file").read_text() == "x"


def test_new_fills_an_empty_folder(cli, tmp_path):
    (tmp_path / "empty").mkdir()
    assert cli("new", "empty", cwd=tmp_path).code == 0
    assert (tmp_path / "empty" / "events.yaml").is_file()


def test_the_starter_is_generic():
    """Nothing about one real treaty: the starter is for any explainer."""
    text = " ".join(p.read_text() for p in STARTER.rglob("*") if p.is_file() and p.suffix in (".yaml", ".md", ".yml"))
    for word in ("Ottawa", "mine", "landmine", "Estonia", "Finland", "Ukraine", "1997"):
        assert not re.search(rf"\b{word}\b", text, re.IGNORECASE), word


def test_the_starter_site_files_are_the_projects():
    """The starter's mkdocs.yml and docs/assets are copies of the project's; after a change there, copy them again:
    cp mkdocs.yml explainer/starter/ && rm -r explainer/starter/docs/assets && cp -r docs/assets explainer/starter/docs/"""
    assert (STARTER / "mkdocs.yml").read_text() == (ROOT / "mkdocs.yml").read_text()
    comparison = filecmp.dircmp(ROOT / "docs" / "assets", STARTER / "docs" / "assets")

    def differences(c: filecmp.dircmp) -> list[str]:
        return c.left_only + c.right_only + c.diff_files + [d for sub in c.subdirs.values() for d in differences(sub)]

    assert not differences(comparison)


def test_the_package_declares_the_pinned_runtime_dependencies_and_the_command():
    """`pip install .` gives the same pins as requirements.txt and an `explainer` command."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = [line.split("#")[0].strip() for line in (ROOT / "requirements.txt").read_text().splitlines()]
    assert project["dependencies"] == [pin for pin in pins if pin]
    assert project["scripts"] == {"explainer": "explainer.cli:main_exit"}


@pytest.mark.parametrize("name", ["events.yaml", "docs/about.md"])
def test_the_starter_files_are_the_ones_new_writes(cli, tmp_path, name):
    cli("new", "x", cwd=tmp_path)
    written = (tmp_path / "x" / name).read_text()
    original = (STARTER / name).read_text()
    if name == "events.yaml":
        original = re.sub(r"(?m)^  as_of: \S+", f"  as_of: {os.environ['EXPLAINER_TODAY']}", original, count=1)
    assert written == original


def test_new_where_no_folder_can_be_made_is_one_line_and_leaves_nothing(cli, tmp_path):
    (tmp_path / "notes.txt").write_text("keep me")
    result = cli("new", "notes.txt/x", cwd=tmp_path)
    assert (result.code, result.out) == (1, "")
    assert result.err == "notes.txt/x:1:1: could not be created (File exists (notes.txt)); choose a folder you may write in.\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


@pytest.mark.slow
def test_the_installed_package_carries_every_file_the_tool_reads(tmp_path):
    """A wheel (what `pip install .` installs) holds the templates, the starter and every other data file under explainer/."""
    source = tmp_path / "source"  # setuptools builds inside the source folder: a copy keeps build/ out of the project
    shutil.copytree(ROOT / "explainer", source / "explainer", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
                    str(source), "-w", str(tmp_path)], check=True, capture_output=True, cwd=tmp_path)
    [wheel] = tmp_path.glob("explainer-*.whl")
    packed = set(zipfile.ZipFile(wheel).namelist())
    data_files = {p.relative_to(ROOT).as_posix() for p in (ROOT / "explainer").rglob("*")
                  if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts}
    assert data_files and not data_files - packed, "add them to [tool.setuptools.package-data] in pyproject.toml"
    assert "explainer/starter/events.yaml" in packed


def test_new_dot_fills_the_current_folder_when_it_is_empty(cli, tmp_path):
    here = tmp_path / "here"
    here.mkdir()
    result = cli("new", ".", cwd=here)
    assert result.code == 0, result.err
    assert sorted(p.name for p in here.iterdir()) == ["docs", "events.yaml", "mkdocs.yml", "schema"]
    assert result.out.splitlines()[1].startswith("  events.yaml ")
    assert result.out.splitlines()[-1].startswith(f"Next: {python_and_build_py(here)} serve ")
