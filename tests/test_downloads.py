"""The downloads (CSV, CSL-JSON, BibTeX, iCalendar, TimelineJS) read back with real parsers, on both explainers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import icalendar
import pytest

from explainer.analysis import analyse
from explainer.render.downloads import bib_escape, downloads, ics_fold, key_dates, neutralise
from explainer.pipeline import check_file

ROOT = Path(__file__).resolve().parent.parent
FILES = [ROOT / "tests" / "fixtures" / "small.yaml", ROOT / "events.yaml"]
NAMES = {"events.csv", "states.csv", "sources.csv", "sources.json", "sources.bib", "key-dates.ics", "timeline.json", "changes.atom"}


@pytest.fixture(scope="module", params=FILES, ids=lambda p: p.name)
def case(request):
    analysis = check_file(request.param).analysis
    return analysis, downloads(analysis)


def read_csv(data: bytes) -> list[dict[str, str]]:
    """Rows as Python's csv module reads the file with plain UTF-8 (no byte-order mark to strip)."""
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


@pytest.mark.parametrize("name", ["events.csv", "states.csv", "sources.csv"])
def test_csv_has_no_byte_order_mark_and_a_precision_column_beside_every_date(case, name):
    _, files = case
    assert not files[name].startswith(b"\xef\xbb\xbf")
    rows = read_csv(files[name])
    header = list(rows[0])
    assert header[0] == "id"
    dated = [c for c in header if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", rows[0].get(c) or "") and c != "status_on"]
    dated += [c for c in ("published", "accessed", "signed", "deposited", "notice_received", "date") if c in header]
    for column in set(dated):
        assert f"{column}_precision" in header, column
        for row in rows:
            expected = {4: "year", 7: "month", 10: "day", 21: "range"}.get(len(row[column]), "")
            assert row[f"{column}_precision"] == expected, (column, row[column])


def test_every_file_is_there_and_the_same_input_gives_the_same_bytes(case):
    analysis, files = case
    assert set(files) == NAMES
    assert all(isinstance(v, bytes) and v for v in files.values())
    assert downloads(analysis) == files


def test_events_csv_has_one_row_per_author_event(case):
    analysis, files = case
    rows = read_csv(files["events.csv"])
    assert sorted(r["id"] for r in rows) == sorted(e.id for e in analysis.explainer.events)
    by_id = {e.id: e for e in analysis.explainer.events}
    for row in rows:
        event = by_id[row["id"]]
        assert row["date"] == event.date.isoformat()
        assert row["date_precision"] == event.date.precision
        assert row["states"].split(";") == (event.states or [""])
        assert row["sources"].split(";") == event.sources
        assert row["kind"] == event.kind.value
        assert row["planned"] == ("true" if event.planned else "false")
    # RFC 4180: CRLF between records.
    assert files["events.csv"].count(b"\r\n") >= len(rows) + 1


def test_states_csv_carries_the_computed_status(case):
    analysis, files = case
    rows = read_csv(files["states.csv"])
    assert [r["id"] for r in rows] == [s.id for s in analysis.explainer.states]
    for row in rows:
        status = analysis.statuses[row["id"]]
        w = analysis.withdrawals.get(row["id"])
        assert row["status"] == status.status
        assert row["status_on"] == analysis.as_of.isoformat()
        assert row["notice_received"] == (w.received.isoformat() if w else "")
        if w and w.effective:
            assert row["withdrawal_effective"].startswith(w.effective.isoformat())
        else:
            assert row["withdrawal_effective"] == ""
        assert row["blocked_by"] == (";".join(w.blocked_reasons) if w else "")


def test_sources_csv_lists_every_source(case):
    analysis, files = case
    rows = read_csv(files["sources.csv"])
    assert [r["id"] for r in rows] == [s.id for s in analysis.explainer.sources]
    for row, source in zip(rows, analysis.explainer.sources):
        assert row["url"] == (source.url or "") and row["read_at"] == (source.read_at or "")
        assert row["kind"] == source.kind.value


def test_csl_json_has_an_item_per_source_with_the_known_date_parts(case):
    analysis, files = case
    items = json.loads(files["sources.json"])
    assert [i["id"] for i in items] == [s.id for s in analysis.explainer.sources]
    for item, source in zip(items, analysis.explainer.sources):
        assert {"id", "type", "title", "language"} <= set(item)
        assert "publisher" in item or "container-title" in item
        assert item.get("URL") == (source.url or source.read_at)
        if source.published:
            parts = item["issued"]["date-parts"][0]
            assert len(parts) == {"year": 1, "month": 2, "day": 3}[source.published.precision]
            assert parts[0] == source.published.year
        else:
            assert "issued" not in item
        if source.accessed:
            assert item["accessed"]["date-parts"][0][0] == source.accessed.year


def test_bibtex_has_an_entry_per_source_and_balanced_braces(case):
    analysis, files = case
    text = files["sources.bib"].decode("utf-8")
    keys = re.findall(r"^@misc\{([^,\s]+),$", text, re.MULTILINE)
    assert keys == [s.id for s in analysis.explainer.sources]
    assert [key for key, _ in bibtex_entries(text)] == keys


def bibtex_entries(text: str) -> list[tuple[str, str]]:
    """(key, body) of each entry, read as BibTeX reads a file: every brace counts, escaped or not, and
    outside an entry anything but "@" is a comment."""
    entries, index = [], 0
    while (start := text.find("@", index)) != -1:
        opening = text.index("{", start)
        depth, position = 0, opening
        for position in range(opening, len(text)):
            depth += {"{": 1, "}": -1}.get(text[position], 0)
            if depth == 0:
                break
        assert depth == 0, f"unbalanced entry at {start}"
        body = text[opening + 1:position]
        entries.append((body.split(",", 1)[0], body))
        index = position + 1
    return entries


def test_key_dates_calendar_parses_with_the_right_events_dates_and_uids(case):
    analysis, files = case
    data = files["key-dates.ics"]
    # CRLF only, and no line longer than 75 octets.
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    calendar = icalendar.Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids))
    by_uid = {str(e["UID"]).split("@")[0]: e for e in events}

    expected = {e.id: e for e in analysis.explainer.events if e.key}
    computed = {f"computed-{s.lower()}-effective": w for s, w in analysis.withdrawals.items() if w.effective}
    assert set(by_uid) == set(expected) | set(computed)
    stamp = dt.datetime.combine(analysis.as_of, dt.time(), dt.UTC)
    for uid, event in expected.items():
        vevent = by_uid[uid]
        assert vevent.decoded("DTSTART") == event.date.earliest
        assert vevent.decoded("DTEND") == event.date.latest + dt.timedelta(days=1)
        assert vevent.decoded("DTSTAMP") == stamp
        summary = str(vevent["SUMMARY"])
        assert summary.startswith(event.title)
        assert ("(month only)" in summary) == (event.date.precision == "month")
    for uid, w in computed.items():
        vevent = by_uid[uid]
        assert vevent.decoded("DTSTART") == w.effective
        assert "(computed)" in str(vevent["SUMMARY"])
    # Each description ends with the sources' addresses, which survive escaping and folding.
    for item in key_dates(analysis):
        description = str(by_uid[item.uid]["DESCRIPTION"])
        for url in item.urls:
            assert url in description


def test_the_real_file_spans_month_only_key_dates_over_their_month():
    analysis = check_file(FILES[1]).analysis
    month_only = [e for e in analysis.explainer.events if e.key and e.date.precision == "month"]
    assert month_only, "events.yaml has a key event known only to the month"
    calendar = icalendar.Calendar.from_ical(downloads(analysis)["key-dates.ics"])
    by_uid = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    for event in month_only:
        assert by_uid[event.id].decoded("DTSTART") == event.date.earliest
        assert by_uid[event.id].decoded("DTEND") - event.date.earliest >= dt.timedelta(days=28)


def test_timeline_json_has_every_event_and_computed_effective_dates(case):
    analysis, files = case
    data = json.loads(files["timeline.json"])
    assert {"headline", "text"} <= set(data["title"]["text"])
    slides = data["events"]
    ids = [s["unique_id"] for s in slides]
    assert len(ids) == len(set(ids))
    by_id = {s["unique_id"]: s for s in slides}
    for event in analysis.explainer.events:
        slide = by_id[event.id]
        assert {"start_date", "text", "unique_id"} <= set(slide) and "group" not in slide  # a row per group squeezes the story
        start = slide["start_date"]
        assert int(start["year"]) == event.date.year
        assert ("month" in start) == (event.date.month is not None)
        assert ("day" in start) == (event.date.day is not None)
        assert {"headline", "text"} <= set(slide["text"])
    for state_id, w in analysis.withdrawals.items():
        if w.effective:
            assert f"computed-{state_id.lower()}-effective" in by_id or any(
                e.kind.value == "withdrawal_effective" and e.states == [state_id] for e in analysis.explainer.events)
    for slide in slides:
        for href in re.findall(r'href="([^"]*)"', slide["text"]["text"]):
            assert href.startswith(("https://", "http://"))


# ---------------------------------------------------------------- hostile author text


def hostile_analysis():
    """The small fixture with author text that tries formulas, markup and BibTeX/ICS specials."""
    explainer = check_file(FILES[0]).analysis.explainer
    event = explainer.events[0].model_copy(update={
        "title": '=HYPERLINK("https://evil.example","click")',
        "summary": "<script>alert(1)</script> 50% & {braces}; commas, backslash \\ and\nnew line",
        "key": True,
    })
    state = explainer.states[0].model_copy(update={"name": "-2+3 <b>Alpha</b>"})
    source = explainer.sources[0].model_copy(update={"title": "@SUM(A1) 100% {unbalanced & $_#~^\\", "note": "+note"})
    explainer = explainer.model_copy(update={
        "events": [event, *explainer.events[1:]],
        "states": [state, *explainer.states[1:]],
        "sources": [source, *explainer.sources[1:]],
    })
    return analyse(explainer)


def test_formula_like_cells_are_neutralised():
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("+1") == "'+1" and neutralise("-1") == "'-1" and neutralise("@A1") == "'@A1"
    assert neutralise("\t=1") == "'\t=1"
    assert neutralise("plain = text") == "plain = text" and neutralise(None) == ""
    files = downloads(hostile_analysis())
    events = read_csv(files["events.csv"])
    assert any(r["title"] == "'=HYPERLINK(\"https://evil.example\",\"click\")" for r in events)
    states = read_csv(files["states.csv"])
    assert states[0]["name"] == "'-2+3 <b>Alpha</b>"
    sources = read_csv(files["sources.csv"])
    assert sources[0]["title"].startswith("'@SUM") and sources[0]["note"] == "'+note"
    # Dates and ids are left alone: nothing else starts with a formula mark.
    for name in ("events.csv", "states.csv", "sources.csv"):
        for row in read_csv(files[name]):
            for value in row.values():
                assert not value.startswith(("=", "+", "-", "@")), value


def test_hostile_text_is_escaped_in_every_format():
    files = downloads(hostile_analysis())
    timeline = json.loads(files["timeline.json"])
    text = json.dumps(timeline)
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "<b>Alpha" not in text
    bib = files["sources.bib"].decode()
    assert r"100\% \textbraceleft{}unbalanced \& \$\_\#\textasciitilde{}\textasciicircum{}\textbackslash{}" in bib
    assert bib_escape("a{b}") == r"a\textbraceleft{}b\textbraceright{}"
    calendar = icalendar.Calendar.from_ical(files["key-dates.ics"])
    descriptions = [str(e["DESCRIPTION"]) for e in calendar.walk("VEVENT")]
    assert any("commas, backslash \\ and new line" in d for d in descriptions)
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert '=HYPERLINK("https://evil.example","click")' in summaries


def test_folding_never_splits_a_character():
    line = "SUMMARY:" + "Šakalienė " * 30
    folded = ics_fold(line).encode("utf-8")
    for physical in folded.split(b"\r\n"):
        assert len(physical) <= 75
        physical.decode("utf-8")  # raises if a character was cut
    assert folded.replace(b"\r\n ", b"").decode() == line


def test_a_title_cannot_inject_a_bibtex_entry_or_a_calendar_event():
    """The model refuses line breaks in titles; the files escape their own syntax anyway (built here without the model's checks)."""
    explainer = check_file(FILES[0]).analysis.explainer
    title = 'x}\n@misc{injected, title={owned}}\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:injected\x1b[2J'
    source = explainer.sources[0].model_copy(update={"title": title, "publisher": "} @misc{p2,"})
    event = explainer.events[0].model_copy(update={"title": title, "summary": "a;b,c\\d\ne", "key": True})
    info = explainer.explainer.model_copy(update={"title": "T\n@misc{fromheader,}"})
    analysis = analyse(explainer.model_copy(update={"explainer": info, "sources": [source, *explainer.sources[1:]],
                                                    "events": [event, *explainer.events[1:]]}))
    files = downloads(analysis)
    entries = bibtex_entries(files["sources.bib"].decode("utf-8"))
    assert [key for key, _ in entries] == [s.id for s in analysis.explainer.sources]
    assert "\x1b" not in files["sources.bib"].decode() and "\x1b" not in files["key-dates.ics"].decode()
    calendar = icalendar.Calendar.from_ical(files["key-dates.ics"])
    events = calendar.walk("VEVENT")
    assert len(events) == len(key_dates(analysis))
    summaries = [str(e["SUMMARY"]) for e in events]
    assert title.replace("\x1b", "\ufffd") in summaries
    assert any(str(e["DESCRIPTION"]).startswith("a;b,c\\d e\n\nSources: ") for e in events)
    assert not any(line.startswith("SUMMARY:injected") for line in files["key-dates.ics"].decode().split("\r\n"))


def test_cells_that_start_a_formula_after_spaces_or_line_breaks_are_neutralised():
    assert neutralise("  =1+1") == "'  =1+1" and neutralise("\n@SUM(A1)") == "'\n@SUM(A1)"
    assert neutralise("a\x07b") == "a\ufffdb"


def test_with_site_url_each_key_date_links_back_to_its_timeline_entry():
    explainer = check_file(FILES[0]).analysis.explainer
    info = explainer.explainer.model_copy(update={"site_url": "https://example.org/accord/"})
    analysis = analyse(explainer.model_copy(update={"explainer": info}))
    calendar = icalendar.Calendar.from_ical(downloads(analysis, ["key-dates.ics"])["key-dates.ics"])
    links = {str(e["UID"]).split("@")[0]: str(e["URL"]) for e in calendar.walk("VEVENT")}
    assert links and all(url == f"https://example.org/accord/timeline.html#{uid}" for uid, url in links.items())


def test_a_change_cannot_break_out_of_the_feed():
    from xml.etree import ElementTree

    explainer = check_file(FILES[0]).analysis.explainer
    hostile = '</content></entry><entry><title>owned</title> & <script>alert(1)</script> ]]>'
    change = explainer.changes[0].model_copy(update={"summary": hostile})
    analysis = analyse(explainer.model_copy(update={"changes": [change]}))
    feed = ElementTree.fromstring(downloads(analysis, ["changes.atom"])["changes.atom"])
    atom = "{http://www.w3.org/2005/Atom}"
    entries = feed.findall(f"{atom}entry")
    assert len(entries) == 1 and entries[0].find(f"{atom}content").text == hostile
