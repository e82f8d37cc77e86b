"""The command line: exact output and exit codes, and what a build leaves on disk."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from support import ROOT, author_files, tree_hashes


def test_check_accepts_the_fixture(cli, project):
    result = cli("check", cwd=project)
    assert (result.code, result.err) == (0, "")
    assert result.out == "events.yaml: ok: 0 errors, 0 warnings (2 events, 3 sources, 2 states).\n"


def test_check_names_file_line_field_and_the_closest_id(cli, project):
    """A typo in a source id gives one located message that suggests the right id."""
    text = (project / "events.yaml").read_text()
    (project / "events.yaml").write_text(text.replace("They say so., sources: [news-report]", "They say so., sources: [news-reprot]", 1))
    result = cli("check", cwd=project)
    assert result.code == 1
    assert result.err == (
        'events.yaml:67:131: arguments.items[0].sources[0]: unknown source "news-reprot"; did you mean "news-report"?\n'
    )
    assert result.out == "events.yaml: failed: 1 errors, 0 warnings (2 events, 3 sources, 2 states).\n"


def test_a_failed_build_leaves_the_previous_site_exactly_as_it_was(cli, project):
    assert cli("build", "--no-pdf", cwd=project).code == 0
    before = tree_hashes(project / "site")
    text = (project / "events.yaml").read_text()
    (project / "events.yaml").write_text(text.replace("kind: depositary", "kind: depository"))
    result = cli("build", "--no-pdf", cwd=project)
    assert result.code == 1
    assert result.err.splitlines() == [
        'events.yaml:80:79: sources[1].kind: "depository" is not allowed; did you mean "depositary"?',
        "Build failed: 1 errors, 0 warnings in events.yaml. The previous site was left as it was.",
    ]
    assert tree_hashes(project / "site") == before
    assert not list(project.glob(".explainer-tmp-*"))


def test_build_summary_and_output(small_site):
    result = small_site.run
    assert result.code == 0 and result.err == ""
    address, reading, built = result.out.splitlines()
    assert address.startswith("Note: explainer.site_url is not set: sitemap.xml lists no addresses")  # the fixture has none
    assert re.fullmatch(r"Reading level \(Flesch-Kincaid grade\): index \d+\.\d, treaty \d+\.\d, .*, disagreements \d+\.\d, changes \d+\.\d\.", reading)
    assert re.fullmatch(
        r"Built 16 pages from 2 events and 3 sources into site/ in \d+\.\d s \(explainer \d+\.\d\d s, MkDocs \d+\.\d s\); 0 warnings\.",
        built,
    )
    pages = sorted(p.relative_to(small_site.site).as_posix() for p in small_site.site.rglob("*.html"))
    assert pages == ["404.html", "about.html", "arguments.html", "changes.html", "countries/aa.html", "countries/bb.html", "countries/index.html",
                     "data.html", "disagreements.html", "glossary.html", "handout.html", "index.html", "print.html", "sources.html", "timeline.html", "treaty.html",
                     "withdrawal.html"]


def test_docs_and_events_are_byte_identical_after_a_build(cli, small_site):
    assert small_site.author_files_after == small_site.author_files_before
    assert cli("check", cwd=small_site.project).code == 0
    assert author_files(small_site.project) == small_site.author_files_before


def test_explainer_json_has_computed_status_per_state(small_site):
    """The site built without --as-of is as of the file's own as_of (2026-03-01)."""
    data = json.loads((small_site.site / "data" / "explainer.json").read_text())
    assert data["as_of"] == "2026-03-01"
    summary = [(s["id"], s["status"], s["notice_received"], s["withdrawal_effective"]) for s in data["states"]]
    assert summary == [("AA", "withdrawn", "2024-08-31", "2025-08-31"), ("BB", "withdrawal_pending", "2025-06-15", "2026-06-15")]
    assert data["party_count"]["count"] == 9


def test_as_of_rebuilds_the_site_as_it_stood_on_another_day(cli, project):
    assert cli("build", "--no-pdf", "--as-of", "2025-01-01", cwd=project).code == 0
    states = json.loads((project / "site" / "data" / "explainer.json").read_text())["states"]
    assert [(s["id"], s["status"], s["days_remaining"]) for s in states] == [("AA", "withdrawal_pending", 242), ("BB", "party", None)]


def test_strict_turns_warnings_into_errors(cli, project):
    text = (project / "events.yaml").read_text()
    (project / "events.yaml").write_text(text.replace("stated_effective: {date: 2025-08-31", "stated_effective: {date: 2025-09-01"))
    assert cli("check", cwd=project).code == 0
    result = cli("check", "--strict", cwd=project)
    assert result.code == 1
    assert result.err == ("events.yaml:53:5: warning: events[0].stated_effective: a source states 2025-09-01, "
                          "but the rule (Art. 9) gives 2025-08-31; the page flags the difference.\n")


def test_site_dir_inside_docs_is_refused(cli, project):
    result = cli("build", "--no-pdf", "--site-dir", "docs/site", cwd=project)
    assert result.code == 1
    assert result.err == "Build failed: --site-dir docs/site is inside docs; choose a folder of its own, such as site/.\n"


def test_a_folder_not_made_by_explainer_is_never_replaced(cli, project):
    (project / "mine").mkdir()
    (project / "mine" / "notes.txt").write_text("keep me")
    result = cli("build", "--no-pdf", "--site-dir", "mine", cwd=project)
    assert result.code == 1 and "was not made by explainer" in result.err
    assert (project / "mine" / "notes.txt").read_text() == "keep me"


def test_an_author_page_with_a_generated_name_is_an_error_not_an_overwrite(cli, project):
    (project / "docs" / "glossary.md").write_text("# My glossary\n")
    result = cli("build", "--no-pdf", cwd=project)
    assert result.code == 1 and "docs/glossary.md has the name of a generated page" in result.err
    assert (project / "docs" / "glossary.md").read_text() == "# My glossary\n"


def test_missing_file_and_bad_date_option(cli, project):
    result = cli("check", "--data", "nope.yaml", cwd=project)
    assert (result.code, result.err.splitlines()[0]) == (1, "nope.yaml:1:1: file not found; give an events file with --data FILE.")
    with pytest.raises(SystemExit) as exit_info:
        cli("build", "--no-pdf", "--as-of", "2025-02-30", cwd=project)
    assert exit_info.value.code == 2


def test_the_committed_json_schema_is_up_to_date(cli):
    result = cli("schema", "--check", cwd=ROOT)
    assert result.code == 0, result.err


def test_long_timelines_and_bibliographies_split_into_bounded_pages(cli, project):
    """No page grows without bound: past the sizes set in the YAML, a page per year and per letter, a busy one in parts."""
    text = (project / "events.yaml").read_text()
    (project / "events.yaml").write_text(text.replace("  as_of: 2026-03-01\n", "  as_of: 2026-03-01\n  timeline_split: 1\n  sources_split: 1\n"))
    assert cli("build", "--no-pdf", "--strict", cwd=project).code == 0
    site = project / "site"
    data = yaml.safe_load(text)

    def headings(folder: str) -> dict[str, list[str]]:
        return {p.name: re.findall(r'<h3\b[^>]*\bid="([^"]+)"', p.read_text()) for p in (site / folder).iterdir() if p.name != "index.html"}

    timeline = headings("timeline")
    assert all(len(ids) == 1 for ids in timeline.values()), timeline
    listed = [i for ids in timeline.values() for i in ids]
    assert sorted(e["id"] for e in data["events"]) == sorted(i for i in listed if not i.startswith("computed-"))
    assert len(listed) == len(set(listed))
    # 2025 holds two entries, so it has two parts; the index links every part.
    assert sorted(timeline) == ["2024.html", "2025-2.html", "2025.html", "2026.html"]
    index = (site / "timeline" / "index.html").read_text()
    assert all(f'href="{name}"' in index for name in timeline) and "2025, part 2 of 2" in index

    sources = headings("sources")
    assert sorted(i for ids in sources.values() for i in ids) == sorted(s["id"] for s in data["sources"])
    assert all(len(ids) == 1 for ids in sources.values())
    assert 'href="../sources/n.html#news-report"' in (site / "countries" / "aa.html").read_text()
    assert not (site / "timeline.html").exists() and not (site / "sources.html").exists()


def test_stale_facts_and_passed_due_dates_are_noted(cli, project, monkeypatch):
    monkeypatch.setenv("EXPLAINER_TODAY", "2027-07-01")
    result = cli("check", cwd=project)
    assert result.code == 0 and result.err == ""
    assert result.out.splitlines()[:2] == [
        "Note: the facts are checked to 2026-03-01, 487 days ago (explainer.stale_after_days: 365); check the sources again and move as_of forward.",
        "Note: Betaland's withdrawal was due on 2026-06-15, after as_of; check that it took effect and update as_of.",
    ]
