"""Big explainers render in two processes: the pages and downloads must be exactly those of one process."""

from __future__ import annotations

import pytest

from explainer.site import check_file, in_second_process, render_site
from support import ROOT, SMALL

SPLIT = "  as_of: 2026-03-01\n"


@pytest.fixture(params=["small", "small, split into parts", "default"])
def data_file(request, tmp_path):
    if request.param == "default":
        return ROOT / "events.yaml"
    if request.param == "small":
        return SMALL
    # Timeline and bibliography split into one page per entry: the most places for the merge to order.
    path = tmp_path / "events.yaml"
    path.write_text(SMALL.read_text().replace(SPLIT, SPLIT + "  timeline_split: 1\n  sources_split: 1\n"))
    return path


def test_two_processes_render_what_one_renders(data_file):
    one_pages, one_files = render_site(check_file(data_file).analysis, "events.yaml", "handout.pdf", parallel=False)
    two_pages, two_files = render_site(check_file(data_file).analysis, "events.yaml", "handout.pdf", parallel=True)
    assert [p.path for p in two_pages] == [p.path for p in one_pages]
    for one, two in zip(one_pages, two_pages):
        assert two == one, f"{two.path} differs when rendered in two processes"
    assert two_files == one_files


def test_a_failing_helper_process_reports_its_error():
    wait = in_second_process(lambda: 1 / 0)
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        wait()
