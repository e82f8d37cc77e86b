"""The withdrawal chart: well-formed, accessible SVG whose bars match the computed withdrawals."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from explainer import model
from explainer.analysis import analyse
from explainer.render.chart import withdrawal_chart, withdrawal_table
from explainer.pipeline import check_file

ROOT = Path(__file__).resolve().parent.parent
FILES = [ROOT / "tests" / "fixtures" / "small.yaml", ROOT / "events.yaml"]
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module", params=FILES, ids=lambda p: p.name)
def analysis(request):
    return check_file(request.param).analysis


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def bars(root: ET.Element) -> dict[str, ET.Element]:
    return {g.get("data-state"): g for g in root.iter(f"{SVG}g") if g.get("data-state")}


def extent(group: ET.Element) -> tuple[float, float]:
    """Leftmost and rightmost x of a bar's rectangles."""
    rects = list(group.iter(f"{SVG}rect"))
    return min(float(r.get("x")) for r in rects), max(float(r.get("x")) + float(r.get("width")) for r in rects)


def as_of_x(root: ET.Element) -> float:
    marker = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "as-of")
    return float(marker.find(f"{SVG}line").get("x1"))


def test_chart_is_well_formed_and_labelled(analysis):
    root = parse(withdrawal_chart(analysis))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("width") == "100%" and root.get("viewBox", "").startswith("0 0 ")
    title_id, desc_id = root.get("aria-labelledby").split()
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert (title.get("id"), desc.get("id")) == (title_id, desc_id) == ("chart-title", "chart-desc")
    assert analysis.explainer.treaty.short_names[0] in title.text
    # The description states every fact the bars show, in words.
    for state_id in analysis.withdrawals:
        assert analysis.states[state_id].name in desc.text
    assert "no effective date" in desc.text or all(w.effective for w in analysis.withdrawals.values() if w.provided_for)


def test_one_bar_per_notice_and_blocked_bars_are_marked(analysis):
    root = parse(withdrawal_chart(analysis))
    found = bars(root)
    # A notice the treaty does not provide for (a suspension) is no withdrawal: it gets no bar (issue 12).
    assert set(found) == {s for s, w in analysis.withdrawals.items() if w.provided_for}
    for state_id, group in found.items():
        w = analysis.withdrawals[state_id]
        blocked = w.effective is None and w.revoked_on is None
        assert (group.get("data-blocked") == "true") == blocked
        assert group.get("data-kind") == ("blocked" if blocked else "revoked" if w.revoked_on else "effective")
        assert group.get("data-start") == w.received.isoformat()
        left, right = extent(group)
        assert left < right
        if blocked:
            # Marked by pattern and dash, not colour alone.
            styles = " ".join(e.get("style", "") for e in group.iter())
            assert "url(#chart-title-hatch)" in styles and "stroke-dasharray" in styles


def test_bars_sit_where_their_dates_are_and_as_of_is_between(analysis):
    root = parse(withdrawal_chart(analysis))
    found = bars(root)
    marker = as_of_x(root)
    for state_id, w in analysis.withdrawals.items():
        if not w.provided_for:
            continue
        left, right = extent(found[state_id])
        assert left < marker  # every notice here was received before as_of
        if w.effective is not None:
            if w.effective > analysis.as_of:
                assert left < marker < right
            else:
                assert right <= marker
    # Bars are ordered by notice date, so their left edges never go back.
    lefts = [extent(g)[0] for g in found.values()]
    order = sorted(found, key=lambda s: analysis.withdrawals[s].received.earliest)
    assert [extent(found[s])[0] for s in order] == sorted(lefts)


def test_small_fixture_pending_bar_spans_as_of():
    analysis = check_file(FILES[0]).analysis
    root = parse(withdrawal_chart(analysis))
    left, right = extent(bars(root)["BB"])
    assert left < as_of_x(root) < right
    assert extent(bars(root)["AA"])[1] < as_of_x(root)


def test_output_is_deterministic_and_two_charts_do_not_share_ids(analysis):
    first = withdrawal_chart(analysis)
    assert withdrawal_chart(analysis) == first
    second = withdrawal_chart(analysis, title_id="other-title", desc_id="other-desc")
    def ids(svg: str) -> set[str]:
        return {e.get("id") for e in parse(svg).iter() if e.get("id")}

    assert not ids(first) & ids(second)
    assert "<script" not in first and "http" not in first.replace("http://www.w3.org/2000/svg", "")


def test_colours_follow_the_theme(analysis):
    svg = withdrawal_chart(analysis)
    assert "var(--md-" in svg and "currentColor" in svg
    assert "font-family: inherit" in svg
    assert "font-family:" not in svg.replace("font-family: inherit", "")


def test_table_has_the_same_facts(analysis):
    rows = withdrawal_table(analysis)
    root = parse(withdrawal_chart(analysis))
    assert [r["state_id"] for r in rows] == list(bars(root))
    for row in rows:
        w = analysis.withdrawals[row["state_id"]]
        assert row["state"] == analysis.states[row["state_id"]].name
        assert row["status"].startswith(analysis.statuses[row["state_id"]].label)
        if w.effective is None and not w.revoked_on:
            assert row["effective"] == "no date (blocked)"
        else:
            assert row["effective"] and row["effective"] != "no date (blocked)"


# ---------------------------------------------------------------- made-up cases


def variant(**changes) -> model.Explainer:
    return check_file(FILES[0]).analysis.explainer.model_copy(update=changes)


def test_hostile_state_names_are_escaped():
    base = variant()
    hostile = '<script>alert("x")</script> & "Alpha" \'land\''
    states = [base.states[0].model_copy(update={"name": hostile}), *base.states[1:]]
    analysis = analyse(variant(states=states))
    with pytest.raises(ValueError):
        withdrawal_chart(analysis, title_id='t"><script>')
    svg = withdrawal_chart(analysis)
    assert "<script>" not in svg
    root = parse(svg)  # still well-formed
    assert hostile in root.find(f"{SVG}desc").text
    label = "".join(bars(root)["AA"].find(f"{SVG}text").itertext())
    assert label.startswith("<script>")
    assert withdrawal_table(analysis)[0]["state"] == hostile


def test_a_revoked_notice_ends_on_its_revocation():
    base = variant()
    revoke = model.Event(id="bb-revoked", date="2025-10-01", states=["BB"], kind="notice_revoked",
                         title="Betaland revokes", summary="It revoked the notice.", sources=["union-report"])
    analysis = analyse(variant(events=[*base.events, revoke]))
    root = parse(withdrawal_chart(analysis))
    group = bars(root)["BB"]
    assert group.get("data-kind") == "revoked" and group.get("data-blocked") is None
    assert extent(group)[1] < as_of_x(root)
    assert withdrawal_table(analysis)[1]["effective"] == "never (notice revoked)"


def test_a_long_span_gets_year_ticks_and_long_names_wrap():
    base = variant()
    events = [base.events[0].model_copy(update={"date": model.PartialDate.parse("2012-03-15")}), *base.events[1:]]
    states = [base.states[0].model_copy(update={"name": "The United Kingdom of Great Britain and Northern Ireland"}), *base.states[1:]]
    analysis = analyse(variant(events=events, states=states))
    root = parse(withdrawal_chart(analysis))
    axis = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "axis")
    labels = [t.text for t in axis.iter(f"{SVG}text")]
    assert labels and all(label.isdigit() for label in labels)
    name = bars(root)["AA"].find(f"{SVG}text")
    lines = [t.text for t in name.iter(f"{SVG}tspan")]
    assert len(lines) == 3 and lines[-1].endswith("…")


def test_no_notices_still_gives_a_labelled_chart():
    base = variant()
    analysis = analyse(variant(events=[e.model_copy(update={"kind": model.EventKind.statement}) for e in base.events]))
    root = parse(withdrawal_chart(analysis))
    assert not bars(root) and "No state" in root.find(f"{SVG}desc").text
    assert withdrawal_table(analysis) == []


def test_as_of_dates_before_and_after_move_the_marker():
    explainer = check_file(FILES[0]).analysis.explainer
    early = parse(withdrawal_chart(analyse(explainer, dt.date(2025, 9, 1))))
    left, right = extent(bars(early)["BB"])
    assert left < as_of_x(early) < right
