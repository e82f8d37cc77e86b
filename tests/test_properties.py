"""Property tests: any document shaped like an events file is accepted or refused with located problems, never a crash."""

from __future__ import annotations

import calendar
import copy
import datetime as dt
import re

import yaml
from hypothesis import assume, HealthCheck, given, settings
from hypothesis import strategies as st

from support import SMALL
from explainer import model, rules
from explainer.analysis import analyse
from explainer.errors import InputError
from explainer.source import read_document
from explainer.validate import parse_explainer

BASE = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def paths(node, prefix=()):
    """Every path to a value in plain data."""
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from paths(value, prefix + (index,))


ALL_PATHS = [p for p in paths(BASE) if p]

# Dates stay within years 1000-2999 here: years 0 and 9999 are known crashes, pending in the corpus (date-year-*).
dates = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(2999, 12, 31))
date_texts = st.one_of(
    dates.map(dt.date.isoformat),
    dates.map(lambda d: d.isoformat()[:7]),
    st.from_regex(r"\A[12]\d{3}-\d{2}-\d{2}\Z"),
    st.from_regex(r"\A[12]\d{3}-\d{1,2}\Z"),
)
junk = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**30, max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40), st.text(alphabet=st.characters(codec="utf-8"), max_size=400),
    date_texts, dates,
    st.lists(st.text(max_size=10), max_size=3), st.dictionaries(st.text(max_size=8), st.text(max_size=8), max_size=3),
)


def set_at(data, path, value):
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def drop_at(data, path):
    node = data
    for part in path[:-1]:
        node = node[part]
    del node[path[-1]]


@st.composite
def mutated(draw):
    data = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        valid = [p for p in paths(data) if p]
        path = draw(st.sampled_from(valid))
        action = draw(st.sampled_from(["swap", "drop", "insert", "date"]))
        try:
            if action == "swap":
                set_at(data, path, draw(junk))
            elif action == "drop":
                drop_at(data, path)
            elif action == "insert":
                parent = data
                for part in path[:-1]:
                    parent = parent[part]
                if isinstance(parent, dict):
                    parent[draw(st.text(min_size=1, max_size=12))] = draw(junk)
                else:
                    parent.append(draw(junk))
            else:
                set_at(data, path, draw(date_texts))
        except (KeyError, IndexError, TypeError):
            pass
    return data


def check_text(text: str) -> None:
    """Read, validate and analyse; only InputError with located problems may come out."""
    try:
        document = read_document("prop.yaml", text.encode("utf-8", errors="surrogatepass"))
        analyse(parse_explainer(document))
    except InputError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.file == "prop.yaml" and problem.line >= 1 and problem.column >= 1
            assert problem.message and "\n" not in problem.message


@SETTINGS
@given(mutated())
def test_mutated_documents_are_accepted_or_refused_with_located_problems(data):
    check_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


@SETTINGS
@given(mutated(), st.sampled_from(["flow", "block"]))
def test_any_yaml_style_gives_the_same_kind_of_answer(data, style):
    check_text(yaml.safe_dump(data, allow_unicode=True, default_flow_style=style == "flow", width=60))


@SETTINGS
@given(st.text(max_size=300), st.integers(min_value=0, max_value=2000))
def test_random_text_spliced_into_the_file_never_crashes(noise, at):
    text = SMALL.read_text(encoding="utf-8")
    at = min(at, len(text))
    check_text(text[:at] + noise + text[at:])


@SETTINGS
@given(st.binary(max_size=300))
def test_random_bytes_never_crash(raw):
    try:
        read_document("prop.yaml", raw)
    except InputError as error:
        assert all(p.line >= 1 and p.column >= 1 for p in error.problems)


# ---------------------------------------------------------------- the date rule


@settings(max_examples=400, deadline=None)
@given(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9000, 12, 31)),
       st.integers(min_value=0, max_value=1200), st.sampled_from(list(model.PeriodUnit)))
def test_add_period_lands_in_the_right_month_and_clamps_only_short_months(start, amount, unit):
    assume(not (unit is model.PeriodUnit.years and amount > 100))  # the schema refuses longer periods
    period = model.Period(amount=amount, unit=unit)
    result, clamped = rules.add_period(start, period)
    if unit is model.PeriodUnit.days:
        assert result - start == dt.timedelta(days=amount) and not clamped
        return
    months = amount * (12 if unit is model.PeriodUnit.years else 1)
    index = start.year * 12 + start.month - 1 + months
    assert (result.year, result.month) == (index // 12, index % 12 + 1), "landed in the wrong month"
    last = calendar.monthrange(result.year, result.month)[1]
    assert result.day == min(start.day, last), "day must stay the same unless the month is shorter"
    assert clamped == (start.day > last), "clamped exactly when the target month is too short"


PAGE_NAME = st.text(alphabet="abcz09-", min_size=1, max_size=4).filter(lambda s: s not in (".", ".."))
PAGE = st.lists(PAGE_NAME, min_size=1, max_size=4).map(lambda parts: "/".join(parts) + ".md")


@SETTINGS
@given(PAGE, PAGE)
def test_links_between_pages_are_what_posixpath_relpath_gives(to_page, from_page):
    """Our own relative path (no OS call) for the generated pages' plain paths."""
    import posixpath

    from explainer.render.text import relative

    assert relative(from_page, to_page) == posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


# ---------------------------------------------------------------- rendering to Markdown

TEXT_FIELDS = {"title", "summary", "text", "definition", "claim", "name", "note", "question", "assessment", "correction", "publisher"}


def value_at(data, path):
    node = data
    for part in path:
        node = node[part]
    return node


TEXT_PATHS = [p for p in ALL_PATHS if p[-1] in TEXT_FIELDS and isinstance(value_at(BASE, p), str)]
FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
FOOTNOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:", re.M)


@st.composite
def retitled(draw):
    """The small fixture with author text fields replaced by any text (Markdown, HTML, footnote syntax, anything)."""
    data = copy.deepcopy(BASE)
    for path in draw(st.lists(st.sampled_from(TEXT_PATHS), min_size=1, max_size=6, unique=True)):
        # No caret: "[^id]" typed by an author is footnote syntax of its own (tests/test_injection.py), not our citation.
        set_at(data, path, draw(st.text(st.characters(exclude_characters="^"), min_size=1, max_size=60).filter(str.strip)))
    return data


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(retitled())
def test_any_author_text_renders_pages_whose_footnotes_all_have_notes(data):
    """Rendering is pure: no site is built; every footnote a page cites is defined on that page, whatever authors write."""
    from explainer.render import render_pages

    try:
        analysis = analyse(parse_explainer(read_document("prop.yaml", yaml.safe_dump(data, allow_unicode=True).encode("utf-8"))))
    except InputError:
        assume(False)  # text a field refuses (too long, blank after trimming) is the validation tests' business
    pages = render_pages(analysis)
    paths = [page.path for page in pages]
    assert len(paths) == len(set(paths)) and all(path.endswith(".md") for path in paths)
    for page in pages:
        cited, defined = set(FOOTNOTE_REF.findall(page.markdown)), set(FOOTNOTE_DEF.findall(page.markdown))
        assert cited <= defined, f"{page.path}: footnotes cited without a note: {sorted(cited - defined)}"
