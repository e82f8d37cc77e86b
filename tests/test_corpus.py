"""Bad and hostile input: every file in tests/corpus/ gets exactly its expected, located messages and exit code 1.

Each tests/corpus/NAME.yaml is the valid small fixture with the defect its first line names (made by
tests/corpus/make.py); NAME.expected holds the exact stderr of `python build.py check --data tests/corpus/NAME.yaml`.
After a deliberate change to the messages, rewrite the expected files with

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_corpus.py

and read every changed file: each line must name the file, line, column, field, what was found and what is valid.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support import ROOT, SMALL

CORPUS = ROOT / "tests" / "corpus"
FILES = sorted(CORPUS.glob("*.yaml"))
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
LOCATED = re.compile(r"^tests/corpus/[a-z0-9-]+\.yaml:\d+:\d+: ")
SUMMARY = re.compile(r"^tests/corpus/[a-z0-9-]+\.yaml: failed: \d+ errors?, \d+ warnings?\.$")

# Defects the engine does not yet report, each with the reason (checked for a located message and exit code 1
# only). Once fixed they pass, which strict xfail turns into a failure: then remove the entry, write the expected
# file with UPDATE_GOLDEN=1 and review it.
PENDING: dict[str, str] = {}


def check(cli, path: Path):
    return cli("check", "--data", path.relative_to(ROOT).as_posix(), cwd=ROOT)


def test_the_corpus_is_large_and_every_file_has_its_expected_output():
    assert len(FILES) >= 40
    missing = [f.name for f in FILES if not f.with_suffix(".expected").exists() and f.stem not in PENDING]
    assert not missing or UPDATE, f"no .expected file for {missing}; run with UPDATE_GOLDEN=1 and review them"
    orphans = [f.name for f in CORPUS.glob("*.expected") if not f.with_suffix(".yaml").exists()]
    assert not orphans


@pytest.mark.parametrize(
    "path",
    [pytest.param(f, id=f.stem, marks=[pytest.mark.xfail(strict=True, reason=PENDING[f.stem])] if f.stem in PENDING else [])
     for f in FILES],
)
def test_bad_input_gets_exactly_the_expected_located_messages(cli, path: Path):
    result = check(cli, path)
    expected_file = path.with_suffix(".expected")
    if UPDATE and path.stem not in PENDING:
        expected_file.write_text(result.err, encoding="utf-8")
    assert result.code == 1, f"{path.name} was accepted:\n{result.out}{result.err}"
    assert "Traceback" not in result.err + result.out
    if path.stem not in PENDING:
        assert result.err == expected_file.read_text(encoding="utf-8")
    # Every line is located (file:line:column) or is the one-line summary; nothing else leaks out.
    lines = result.err.splitlines()
    assert lines, "no message at all"
    for line in lines:
        assert LOCATED.match(line) or SUMMARY.match(line), line
    problems = [line for line in lines if LOCATED.match(line)]
    positions = [tuple(map(int, line.split(":")[1:3])) for line in problems]
    assert positions == sorted(positions), "problems must be sorted by line and column"


def test_expected_messages_say_what_was_found_and_what_is_valid():
    """A light check on the reviewed files: no Python reprs or exception names reach a reader."""
    for expected in sorted(CORPUS.glob("*.expected")):
        text = expected.read_text(encoding="utf-8")
        for word in ("Traceback", "Error(", "<class", "pydantic", "input_value", "errors.pydantic.dev", "in \"<unicode string>\""):
            assert word not in text, f"{expected.name}: {word}"


@pytest.mark.parametrize("name", ["syntax-unclosed-list", "python-object-tag", "not-utf8-latin1", "unknown-source-id"])
def test_the_real_command_line_in_a_subprocess(name: str):
    """The same exact output from `python build.py check`, run as an author runs it."""
    path = CORPUS / f"{name}.yaml"
    run = subprocess.run([sys.executable, "build.py", "check", "--data", path.relative_to(ROOT).as_posix()],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert run.stderr == path.with_suffix(".expected").read_text(encoding="utf-8")


def test_a_50_mb_file_is_refused_before_parsing(cli, tmp_path: Path, monkeypatch):
    """50 MB of valid-looking YAML: one located message, and YAML never sees it."""
    big = tmp_path / "big.yaml"
    with big.open("wb") as stream:
        stream.write(SMALL.read_bytes())
        line = b"# " + b"x" * 1022 + b"\n"
        for _ in range(50 * 1024):
            stream.write(line)
    assert big.stat().st_size > 50 * 1024 * 1024

    import yaml

    def no_parsing(*args, **kwargs):
        raise AssertionError("YAML was asked to parse a file over the limit")

    monkeypatch.setattr(yaml, "compose", no_parsing)
    monkeypatch.setattr(yaml, "parse", no_parsing)
    started = time.perf_counter()
    result = cli("check", "--data", str(big))
    assert time.perf_counter() - started < 5
    assert result.code == 1
    assert result.err == (
        f"{big}:1:1: file is larger than 5,242,880 bytes (5 MiB), the limit for an events file. Trim the file.\n"
        f"{big}: failed: 1 error, 0 warnings.\n"
    )


def test_an_extremely_long_string_is_refused_with_its_length(cli, tmp_path: Path):
    """A 2-million-character summary (under the file limit) is named, measured and not echoed back."""
    original = "    summary: The depositary received Betaland's notice of withdrawal."
    text = SMALL.read_text(encoding="utf-8")
    line = text[: text.index(original)].count("\n") + 1
    text = text.replace(original, "    summary: " + "a" * 2_000_000, 1)
    path = tmp_path / "long.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("check", "--data", str(path))
    assert result.code == 1
    assert result.err == (
        f"{path}:{line}:5: events[1].summary: is 2,000,000 characters long; the limit is 5,000. Shorten it.\n"
        f"{path}: failed: 1 error, 0 warnings.\n"
    )


@pytest.mark.parametrize("nesting", [b"[" * 1_000_000, b"- " * 1_000_000 + b"x", b"{a: " * 500_000])
def test_pathological_nesting_is_refused_quickly_without_crashing(cli, tmp_path: Path, nesting: bytes):
    """libyaml's composer recurses until the process dies (about 100,000 levels); we must refuse first."""
    path = tmp_path / "deep.yaml"
    path.write_bytes(b"explainer:\n  title:\n    " + nesting + b"\n")
    started = time.perf_counter()
    result = cli("check", "--data", str(path))
    assert time.perf_counter() - started < 5
    assert result.code == 1
    assert re.fullmatch(rf"{re.escape(str(path))}:3:\d+: .* nested more than 40 levels deep; the schema needs far fewer\.\n"
                        rf"{re.escape(str(path))}: failed: 1 error, 0 warnings\.\n", result.err), result.err


def test_a_huge_alias_bomb_is_refused_quickly_with_few_lines(cli, tmp_path: Path):
    """A billion-laughs bomb with 20 levels of 10 aliases: refused without expanding, one line per anchor."""
    lines = ["explainer:", "  lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"  lol{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]" for i in range(1, 21)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.perf_counter()
    result = cli("check", "--data", str(path))
    assert time.perf_counter() - started < 5
    assert result.code == 1
    err = result.err.splitlines()
    assert len(err) == 21
    assert err[0] == (f'{path}:3:14: explainer.lol1: alias "*l0" repeats the value anchored at line 2 ("&l0") '
                      "(it is used 10 times); anchors and aliases are not allowed, write the value out.")


def test_a_missing_file_and_a_folder_are_located_errors(cli, tmp_path: Path):
    result = cli("check", "--data", str(tmp_path / "nope.yaml"))
    assert (result.code, result.err.splitlines()[0]) == (1, f"{tmp_path / 'nope.yaml'}:1:1: file not found; give an events file with --data FILE.")
    result = cli("check", "--data", str(tmp_path))
    assert (result.code, result.err.splitlines()[0]) == (1, f"{tmp_path}:1:1: is a folder; give an events file with --data FILE.")


def test_fifty_thousand_unknown_keys_are_each_reported_once_at_their_line(cli, tmp_path: Path):
    """Places are found in linear time: every unknown key gets its own located line (not a timing assertion)."""
    count = 50_000
    text = SMALL.read_text(encoding="utf-8").replace("  maintainers: [{name: Test team}]\n", "  maintainers: [{name: Test team}]\n"
                                                      + "".join(f"  unknown{n}: {n}\n" for n in range(count)), 1)
    first_line = text.splitlines().index("  unknown0: 0") + 1
    path = tmp_path / "many.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("check", "--data", str(path))
    assert result.code == 1
    lines = result.err.splitlines()
    assert len(lines) == count + 1
    assert lines[-1] == f"{path}: failed: {count} errors, 0 warnings."
    assert lines[0].startswith(f'{path}:{first_line}:3: explainer.unknown0: unknown key "unknown0"; ')
    assert lines[count - 1].startswith(f'{path}:{first_line + count - 1}:3: explainer.unknown{count - 1}: unknown key ')
