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
    assert result.out == "events.yaml: failed: 1 error, 0 warnings (2 events, 3 sources, 2 states).\n"


def test_a_failed_build_leaves_the_previous_site_exactly_as_it_was(cli, project):
    assert cli("build", "--no-pdf", cwd=project).code == 0
    before = tree_hashes(project / "site")
    text = (project / "events.yaml").read_text()
    (project / "events.yaml").write_text(text.replace("kind: depositary", "kind: depository"))
    result = cli("build", "--no-pdf", cwd=project)
    assert result.code == 1
    assert result.err.splitlines() == [
        'events.yaml:80:79: sources[1].kind: "depository" is not allowed; did you mean "depositary"?',
        "Build failed: 1 error, 0 warnings in events.yaml. The previous site was left as it was.",
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


def add_a_later_event_and_an_unused_source(project) -> None:
    """Before every kept event, an event and its source from after 2025-01-01; a stated date that warns; an uncited source last."""
    text = (project / "events.yaml").read_text()
    text = text.replace("events:\n", "events:\n  - {id: cc-later, date: 2025-12-01, states: [BB], kind: statement, title: A later statement, "
                                      "summary: Betaland spoke., sources: [later-news]}\n", 1)
    text = text.replace("stated_effective: {date: 2025-08-31", "stated_effective: {date: 2025-09-01")
    text = text.replace("sources:\n  - {id: accord-text", '''sources:
  - {id: later-news, title: Later news, publisher: Example News, kind: news, url: "https://example.com/later", published: 2025-12-01}
  - {id: accord-text''')
    last_source = next(line for line in text.splitlines() if line.startswith("  - {id: news-report, "))
    text = text.replace(last_source, last_source + '\n  - {id: spare, title: Not cited, publisher: Example News, kind: news, url: "https://example.com/spare"}')
    (project / "events.yaml").write_text(text)


def test_an_earlier_as_of_is_one_note_not_warnings_and_problems_keep_their_place_in_the_file(cli, project):
    """Leaving out later events and sources shifts the lists; the warnings still name the file's own lines and indexes."""
    add_a_later_event_and_an_unused_source(project)
    result = cli("check", "--as-of", "2025-01-01", cwd=project)
    assert result.code == 0
    assert result.err.splitlines() == [
        "events.yaml:54:5: warning: events[1].stated_effective: a source states 2025-09-01, but the rule (Art. 9) gives 2025-08-31; "
        "the page flags the difference.",
        'events.yaml:84:6: warning: sources[4].id: source "spare" is never cited; cite it or remove it.',
    ]
    lines = (project / "events.yaml").read_text().splitlines()
    assert lines[53].startswith("    stated_effective: ") and "id: spare" in lines[83]
    assert result.out.splitlines() == [
        "Note: --as-of 2025-01-01: 2 events and 1 source after 2025-01-01 are left out; "
        "1 source published after 2025-01-01 stays because what is kept cites it.",
        "events.yaml: ok: 0 errors, 2 warnings (1 event, 4 sources, 2 states).",
    ]


def test_the_as_of_note_is_said_once_by_a_build_and_is_not_a_warning(cli, project):
    result = cli("build", "--no-pdf", "--as-of", "2025-01-01", cwd=project)
    assert result.code == 0 and result.err == ""
    notes = [line for line in result.out.splitlines() if line.startswith("Note: --as-of")]
    assert notes == ["Note: --as-of 2025-01-01: 1 event and 0 sources after 2025-01-01 are left out; "
                     "1 source published after 2025-01-01 stays because what is kept cites it."]
    assert result.out.splitlines()[-1].endswith("; 0 warnings.")


def test_strict_failing_on_warnings_alone_says_so_with_counts_in_the_right_form(cli, project):
    text = (project / "events.yaml").read_text()
    (project / "events.yaml").write_text(text.replace("stated_effective: {date: 2025-08-31", "stated_effective: {date: 2025-09-01"))
    assert cli("check", cwd=project).out == "events.yaml: ok: 0 errors, 1 warning (2 events, 3 sources, 2 states).\n"
    assert cli("check", "--strict", cwd=project).out == "events.yaml: failed: 1 warning (strict), 0 errors (2 events, 3 sources, 2 states).\n"
    result = cli("build", "--no-pdf", "--strict", cwd=project)
    assert result.code == 1
    assert result.err.splitlines()[-1] == "Build failed: 1 warning (strict), 0 errors in events.yaml. The previous site was left as it was."


def test_check_format_json_gives_the_same_problems_for_machines_with_the_same_exit_codes(cli, project):
    add_a_later_event_and_an_unused_source(project)
    text_result = cli("check", "--strict", cwd=project)
    json_result = cli("check", "--strict", "--format", "json", cwd=project)
    assert (text_result.code, json_result.code, json_result.err) == (1, 1, "")
    report = json.loads(json_result.out)
    assert (report["ok"], report["errors"], report["warnings"], report["file"]) == (False, 0, 2, "events.yaml")
    assert report["problems"][1] == {
        "file": "events.yaml", "line": 84, "column": 6, "path": "sources[4].id", "message": 'source "spare" is never cited.',
        "suggestion": "cite it or remove it.", "severity": "warning",
    }
    # The same problems, place for place, as the lines a person reads.
    places = [f'{p["file"]}:{p["line"]}:{p["column"]}: ' for p in report["problems"]]
    assert [line[:len(place)] for line, place in zip(text_result.err.splitlines(), places)] == places
    assert len(report["problems"]) == len(text_result.err.splitlines())
    assert json.loads(cli("check", "--format", "json", cwd=project).out)["ok"] is True


def test_check_format_json_reports_a_syntax_error_too(cli, project):
    text = (project / "events.yaml").read_text()
    (project / "events.yaml").write_text(text.replace("  title: The Example Accord", "  title: The Example Accord: a test"))
    result = cli("check", "--format", "json", cwd=project)
    assert (result.code, result.err) == (1, "")
    [problem] = json.loads(result.out)["problems"]
    assert (problem["line"], problem["column"], problem["severity"]) == (5, 28, "error")
    assert problem["message"].startswith("YAML syntax error: mapping values are not allowed")
    assert problem["suggestion"] == "a value holds ': ' or starts on the key's line; put the value in double quotes"


def test_schema_says_when_nothing_changed(cli, tmp_path):
    target = tmp_path / "schema.json"
    assert cli("schema", "--output", str(target)).out == f"Wrote {target}.\n"
    assert cli("schema", "--output", str(target)).out == f"{target} is up to date; nothing written.\n"


def test_an_earlier_as_of_names_the_files_own_index_inside_messages_too(cli, project):
    """A duplicate id's message points at the first one by its index in the file, not in the shortened list."""
    add_a_later_event_and_an_unused_source(project)
    text = (project / "events.yaml").read_text()
    (project / "events.yaml").write_text(text.replace("  - id: bb-notice", "  - id: aa-notice"))
    result = cli("check", "--as-of", "2025-07-01", cwd=project)
    assert result.code == 1
    assert 'events[2].id: duplicate id "aa-notice" (first used at events[1]); ids must be unique.' in result.err


def test_check_format_json_is_ascii_so_no_author_character_reaches_a_terminal_raw(cli, project):
    text = (project / "events.yaml").read_text()
    (project / "events.yaml").write_text(text.replace("kind: depositary", "kind: dépositaire"))
    result = cli("check", "--format", "json", cwd=project)
    assert result.code == 1 and result.out.isascii()
    assert json.loads(result.out)["problems"][0]["message"] == '"dépositaire" is not allowed.'
