"""Other treaties in YAML alone: each fixture under tests/fixtures/treaties/ is checked, rendered and built as an author would.

The fixtures are test data (see each file's header), one per capability of the format. Golden explainer.json files:
refresh with UPDATE_GOLDEN=1 python -m pytest tests/test_treaties.py, then read the diff.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from html.parser import HTMLParser

import pytest

from support import FIXTURES, ROOT
from explainer import model
from explainer.analysis import analyse
from explainer.pipeline import check_file
from explainer.source import read_document
from explainer.render import render_pages
from explainer.render.data import explainer_data
from explainer.render.downloads import downloads

TREATIES = FIXTURES / "treaties"
GOLDEN = ROOT / "tests" / "golden" / "treaties"
STRICT_CLEAN = ["paris-rejoin", "npt-suspended", "rome-eif", "inf-bilateral"]
ALL = sorted(p.stem for p in TREATIES.glob("*.yaml"))

# Words of the default explainer (the Ottawa Convention and its withdrawals) that no other explainer's pages may show
# unless its own YAML says them.
DEFAULT_WORDS = ["Ottawa", "mine", "mines", "landmine", "landmines", "anti-personnel", "Mine Ban", "United Nations", "UN",
                 "Ukraine", "Poland", "Estonia", "Latvia", "Lithuania", "Finland", "Tonga", "Marshall Islands",
                 "what it bans", "armed conflict", "Depositary (UN)", "archived copy"]


def analysis_of(name: str):
    return check_file(TREATIES / f"{name}.yaml").analysis


def pages_of(name: str) -> dict[str, str]:
    return {page.path: page.markdown for page in render_pages(analysis_of(name))}


@pytest.mark.parametrize("name", STRICT_CLEAN)
def test_each_treaty_is_strict_clean(name, cli):
    """An author writes the treaty in YAML alone and `check --strict` finds nothing."""
    result = cli("check", "--data", str(TREATIES / f"{name}.yaml"), "--strict", cwd=ROOT)
    assert result.code == 0, result.err
    assert "0 errors, 0 warnings" in result.out


def test_a_notice_given_too_early_is_a_located_warning_and_has_no_effect(cli):
    """Paris Art. 28(1)-style rule: notice before three years from entry into force is flagged, never a withdrawal."""
    result = cli("check", "--data", "tests/fixtures/treaties/paris-early-notice.yaml", cwd=ROOT)
    assert result.err.splitlines()[0] == (
        "tests/fixtures/treaties/paris-early-notice.yaml:50:21: warning: events[0].date: notice given 2022-06-01, before 2023-04-09, "
        "the first day Art. 28 allows; the pages show it as without effect. Check the date.")
    assert cli("check", "--data", str(TREATIES / "paris-early-notice.yaml"), "--strict", cwd=ROOT).code == 1
    analysis = analysis_of("paris-early-notice")
    assert analysis.statuses["XA"].status == "party"
    page = pages_of("paris-early-notice")["countries/xa.md"]
    assert "Party (a notice given too early has no effect)" in page
    assert "notice may be given only from 9 April 2023, so the notice has no effect: Examplia (invented) remains a party." in page


def test_a_later_date_shows_on_the_pages_and_in_the_data():
    """A notice naming a later date (allowed by the rule) takes effect then; page and explainer.json say so."""
    analysis = analysis_of("paris-early-notice")
    state = next(s for s in explainer_data(analysis)["states"] if s["id"] == "XB")
    assert (state["notice_later_date"], state["withdrawal_effective"]) == ("2025-09-30", "2025-09-30")
    assert state["notices"][0]["later_date"] == "2025-09-30"
    page = pages_of("paris-early-notice")["countries/xb.md"]
    assert "The notice names a later date, 30 September 2025, which the rule allows: the withdrawal takes effect then." in page


def test_every_notice_of_a_state_that_came_back_is_explained():
    """The latest notice in the table, each earlier one below it and on the state's page."""
    pages = pages_of("paris-rejoin")
    earlier = ("The depositary received the notice on 4 November 2019. Under Article 28[^treaty-text], 1 year later is 4 November 2020. "
               "The withdrawal took effect on **4 November 2020**.")
    assert f"- **United States, an earlier notice:** {earlier}" in pages["withdrawal.md"]
    assert f"## Earlier notices {{#earlier-notices}}\n\n- {earlier}" in pages["countries/us.md"]
    assert "| Bound by the treaty again from | 19 February 2021 |" in pages["countries/us.md"]
    assert "States that joined again after a withdrawal are added back: United States (19 February 2021)." in pages["index.md"]
    assert "### 4 November 2020: United States: withdrawal takes effect {#computed-us-effective-1 data-states=\"us\"}" in pages["timeline.md"]
    assert "- **4 November 2020**: [United States: withdrawal takes effect (computed)](timeline.md#computed-us-effective-1)" in pages["index.md"]


def test_notice_sentences_follow_the_rules_recipients():
    """NPT-style notice to all parties and a body: no page says "the depositary received" it."""
    pages = pages_of("npt-suspended")
    text = "\n".join(pages.values())
    assert "depositary received" not in text and "Notices to the depositary" not in text
    assert ("The notice was given to all other Parties to the Treaty and the United Nations Security Council on 12 March 1993."
            in pages["countries/kp.md"])
    assert ("The clock starts when the notification of withdrawal reaches all other Parties to the Treaty and the United Nations "
            "Security Council.") in pages["withdrawal.md"]
    assert "Notice given to all other Parties to the Treaty and the United Nations Security Council" in pages["timeline.md"]
    inf = "\n".join(pages_of("inf-bilateral").values())
    assert "depositary received" not in inf and "The notice was given to the other Party on 2 February 2019." in inf


def test_a_suspended_notice_and_a_disputed_effect_are_shown_as_such():
    """The clock stops while a notice is suspended; a disputed effect shows each view with its sources, not a verdict."""
    page = pages_of("npt-suspended")["countries/kp.md"]
    assert "Withdrawal disputed (effective 11 January 2003 by the rule)" in page
    assert ("The notice was suspended on 11 June 1993 with 1 day of the period left, and resumed on 10 January 2003; "
            "counting that day from the resumption, it takes effect on 11 January 2003.") in page
    assert "View 1: It took effect the day after the resumption.[^view-a] View 2: Its status under the Treaty is unresolved.[^view-b]" in page
    assert "Withdrawn" not in page
    chart = pages_of("npt-suspended")["withdrawal.md"]
    assert "North Korea: notice received on 12 March 1993; by the rule it would take effect on 11 January 2003; whether it did is disputed." in chart
    notice = explainer_data(analysis_of("npt-suspended"))["states"][0]["notices"][0]
    assert (notice["suspended_on"], notice["resumed_on"], notice["effect_disputed"]) == ("1993-06-11", "2003-01-10", "kp-effect")


def test_a_bilateral_treaty_ends_for_the_other_party():
    """INF-style: the other party's treaty ended; never "withdrawal blocked", never "1 States Parties"."""
    pages = pages_of("inf-bilateral")
    text = "\n".join(pages.values())
    assert "Treaty terminated on 2 August 2019" in pages["countries/ru.md"]
    assert "blocked" not in text.lower() and "1 States Parties" not in text
    assert "The treaty ended on 2 August 2019, when a party's withdrawal took effect (United States): it has had no parties since." in text
    data = explainer_data(analysis_of("inf-bilateral"))
    assert [s["status"] for s in data["states"]] == ["withdrawn", "treaty_terminated"]
    assert (data["party_count"]["count"], data["party_count"]["treaty_ended_on"]) == (0, "2019-08-02")


def test_entry_into_force_variants_show_no_false_difference():
    """Rome Art. 126(2) (first day of the month after the 60th day) and a state that joined before the treaty's own entry into force."""
    page = pages_of("rome-eif")["treaty.md"]
    assert "(**differs**)" not in page and page.count("(agrees)") == 3
    assert "from the first day of the month after the end of 60 days from the day it deposits its instrument" in page


def test_only_signed_treaties_need_no_adoption_date():
    page = pages_of("inf-bilateral")["treaty.md"]
    assert "| Entered into force | 1 June 1988" in page and "Adopted" not in page and "Opened for signature" not in page


@pytest.mark.parametrize("name", ALL)
def test_explainer_json_matches_golden(name):
    """Every computed fact of each fixture, byte for byte (format_version 2: memberships and notices per state)."""
    text = json.dumps(explainer_data(analysis_of(name)), ensure_ascii=False, indent=1) + "\n"
    golden = GOLDEN / f"{name}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def _words_absent(text: str, yaml_text: str, words: list[str] = DEFAULT_WORDS) -> list[str]:
    """The default explainer's words that `text` shows although the fixture's own YAML never says them."""
    found = []
    for word in words:
        pattern = re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])", 0 if word == "UN" else re.IGNORECASE)
        if not pattern.search(yaml_text) and pattern.search(text):
            found.append(word)
    return found


@pytest.mark.parametrize("name", ALL)
def test_no_word_of_the_default_explainer_in_generated_pages(name):
    """Nothing of the Ottawa Convention outside its YAML: every generated page of another treaty, checked word by word."""
    yaml_text = (TREATIES / f"{name}.yaml").read_text(encoding="utf-8")
    leaks = {path: _words_absent(text, yaml_text) for path, text in pages_of(name).items()}
    assert {path: words for path, words in leaks.items() if words} == {}


class _Text(HTMLParser):
    """The text a reader sees (and hovers, in title attributes) on a page: scripts and styles left out."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        self.parts += [value for name, value in attrs if name in ("title", "alt", "aria-label") and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def test_a_built_site_of_another_treaty_shows_nothing_of_the_default(project, cli):
    """A real MkDocs build of the NPT fixture with the project's docs/: no page, generated or hand-written, speaks of the default."""
    shutil.copy(TREATIES / "npt-suspended.yaml", project / "events.yaml")
    result = cli("build", "--no-pdf", cwd=project)
    assert result.code == 0, result.err
    yaml_text = (TREATIES / "npt-suspended.yaml").read_text(encoding="utf-8")
    leaks = {}
    for page in sorted((project / "site").rglob("*.html")):
        parser = _Text()
        parser.feed(page.read_text(encoding="utf-8"))
        words = _words_absent(" ".join(parser.parts), yaml_text)
        if words:
            leaks[page.relative_to(project / "site").as_posix()] = words
    assert leaks == {}
    assert (project / "site" / "about.html").exists()


def _readme_examples() -> list[str]:
    """The YAML examples of the README's "Writing an explainer" section."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Writing an explainer", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```yaml\n(.*?)```", section, re.DOTALL)


MODELS = {"withdrawal_rule": model.WithdrawalRule, "entry_into_force_rule": model.EntryIntoForceRule}


@pytest.mark.parametrize("example", _readme_examples(), ids=lambda text: text.split(":", 1)[0])
def test_readme_examples_validate_as_pasted(example):
    """Each field example an author copies from the README is valid, read as the build reads an events file."""
    data = read_document("README.md", example.encode("utf-8")).data
    (key, value), = data.items()
    if key == "states":
        assert [model.State.model_validate(state).id for state in value] == ["US"]
    else:
        MODELS[key].model_validate(value)


def test_several_depositaries_receive_the_notice(tmp_path):
    """Open Skies-style: two depositary governments; each sentence names both, none says "the depositary received"."""
    text = (TREATIES / "paris-rejoin.yaml").read_text(encoding="utf-8").replace(
        "    later_date_allowed: true\n", "    later_date_allowed: true\n    recipients: [the Government of Canada, the Government of Hungary]\n")
    (tmp_path / "two.yaml").write_text(text, encoding="utf-8")
    pages = {page.path: page.markdown for page in render_pages(check_file(tmp_path / "two.yaml").analysis)}
    assert "depositary received" not in "\n".join(pages.values())
    assert "The notice was given to the Government of Canada and the Government of Hungary on 27 January 2025." in pages["countries/us.md"]
    assert ("The clock starts when the notice of withdrawal is received by the Government of Canada and the Government of Hungary."
            in pages["withdrawal.md"])
    assert "Notice given to the Government of Canada and the Government of Hungary" in pages["timeline.md"]
    assert "| [United States](us.md) | 19 February 2021 |" in pages["countries/index.md"]  # bound since its latest joining


def test_code_templates_docs_and_schema_name_nothing_of_the_default():
    """The tool is generic: the default explainer's words live in its YAML only (not in code, templates, docs/ or the schema)."""
    words = [w for w in DEFAULT_WORDS if w not in ("armed conflict", "UN", "what it bans", "archived copy")]
    files = [*(ROOT / "explainer").rglob("*.py"), *(ROOT / "explainer").rglob("*.j2"), *(ROOT / "docs").rglob("*.md"),
             ROOT / "schema" / "explainer.schema.json"]
    leaks = {p.relative_to(ROOT).as_posix(): found for p in files if (found := _words_absent(p.read_text(encoding="utf-8"), "", words))}
    assert leaks == {}


def test_an_event_id_cannot_take_the_anchor_of_an_earlier_computed_withdrawal(tmp_path, cli):
    """Each earlier notice's computed entry has an anchor of its own; an author id equal to it is refused, located."""
    text = (TREATIES / "paris-rejoin.yaml").read_text(encoding="utf-8").replace("id: us-rejoined,", "id: computed-us-effective-1,")
    (tmp_path / "events.yaml").write_text(text, encoding="utf-8")
    result = cli("check", "--data", "events.yaml", cwd=tmp_path)
    assert result.code == 1
    assert "computed-us-effective-1" in result.err and "the computed effective date of US" in result.err


def test_the_site_as_it_stood_after_the_state_came_back():
    """--as-of 2021-03-01 (the brief's case): the United States is a party again, and the count adds it back."""
    analysis = analyse(analysis_of("paris-rejoin").explainer, dt.date(2021, 3, 1))
    assert (analysis.statuses["US"].status, analysis.statuses["US"].since) == ("party", dt.date(2021, 2, 19))
    assert analysis.party_count.count == 180
    assert "| [United States](countries/us.md) | Party | 4 November 2019 | 4 November 2020 |" in {p.path: p.markdown for p in render_pages(analysis)}["index.md"]


def test_downloads_carry_every_withdrawal_that_took_effect():
    """key-dates.ics and timeline.json list the first withdrawal of a state that came back, under its own id."""
    files = downloads(analysis_of("paris-rejoin"))
    uids = [line for line in files["key-dates.ics"].decode("utf-8").splitlines() if line.startswith("UID:")]
    assert uids == ["UID:computed-us-effective-1@paris-agreement.explainer", "UID:computed-us-effective@paris-agreement.explainer"]
    slides = json.loads(files["timeline.json"])["events"]
    assert [s["unique_id"] for s in slides if s["unique_id"].startswith("computed-")] == ["computed-us-effective-1", "computed-us-effective"]


@pytest.mark.parametrize("notice_date", ["2025", "2025-03"])
def test_a_notice_known_to_the_month_or_year_never_shows_negative_days_or_a_missing_day(tmp_path, notice_date):
    """Inside the range of days a month- or year-only notice gives: no "-14 days left", no "That month has no such day"."""
    text = (FIXTURES / "small.yaml").read_text(encoding="utf-8").replace("    date: 2025-06-15\n", f"    date: {notice_date}\n")
    (tmp_path / "events.yaml").write_text(text, encoding="utf-8")
    analysis = check_file(tmp_path / "events.yaml").analysis
    assert (analysis.statuses["BB"].status, analysis.statuses["BB"].days_remaining) == ("withdrawal_pending", None)
    text = "\n".join(page.markdown for page in render_pages(analysis))
    assert "days left" not in text and "no such day" not in text
    assert "| [Betaland](countries/bb.md) | Withdrawal pending |" in text


def test_one_party_left_is_never_1_states_parties(tmp_path):
    """The same two-party treaty without `ends_treaty`: one party remains, and the sentence says so in the singular."""
    text = (TREATIES / "inf-bilateral.yaml").read_text(encoding="utf-8").replace("ends_treaty: true", "ends_treaty: false")
    (tmp_path / "events.yaml").write_text(text, encoding="utf-8")
    pages = {page.path: page.markdown for page in render_pages(check_file(tmp_path / "events.yaml").analysis)}
    assert "On 1 March 2026 the treaty had **1** State Party." in pages["treaty.md"]
    assert "1 States Parties" not in "\n".join(pages.values())
