"""What the validator accepts (issue 11, the input side), tested on the pure layers: urls.py, links.py, source.py, validate.py.

Whole files with their exact messages are in tests/corpus/; these tests pin the rules behind them, with
Hypothesis where a law exists. (Named apart from tests/browser/test_hostile_input.py: pytest needs distinct names.)
"""

from __future__ import annotations

import re
import string
import unicodedata
from urllib.parse import urlsplit

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from support import SMALL, start_tags
from explainer import model, urls
from explainer.analysis import analyse
from explainer.errors import InputError, Problem
from explainer.links import EXTENSIONS, text_problems
from explainer.render import render_pages
from explainer.render.downloads import downloads
from explainer.source import read_document
from explainer.validate import FIXED_ANCHORS, YEAR_ANCHOR, page_anchors, parse_explainer

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ---------------------------------------------------------------- addresses


@pytest.mark.parametrize("written, normalised", [
    ("https://example.org/a", "https://example.org/a"),
    ("HTTPS://Example.ORG:443/a?b#c", "https://example.org/a?b#c"),
    ("http://example.org:80/", "http://example.org/"),
    ("https://example.org:8443/", "https://example.org:8443/"),
    ("https://evil.example./", "https://evil.example/"),
    ("https://evil%2Eexample/", "https://evil.example/"),
    ("https://evil\uff0eexample/", "https://evil.example/"),
    ("https://\uff45\uff56\uff49\uff4c\u3002example/", "https://evil.example/"),
    ("https://bücher.example/", "https://xn--bcher-kva.example/"),
    ("https://example.org/ä", "https://example.org/%C3%A4"),
    ("https://example.org/100%", "https://example.org/100%25"),
    ("https://example.org/%41", "https://example.org/%41"),
    ("https://creativecommons.org/licenses/by/4.0/)![i](x){onerror='alert(document.domain)'}",
     "https://creativecommons.org/licenses/by/4.0/%29!%5Bi%5D%28x%29%7Bonerror=%27alert%28document.domain%29%27%7D"),
    ('https://example.org/"><script>', "https://example.org/%22%3E%3Cscript%3E"),
    ("https://example.org/`a`|b", "https://example.org/%60a%60%7Cb"),
    ("https://[2001:4860:4860:0::8888]/", "https://[2001:4860:4860::8888]/"),
])
def test_addresses_are_normalised_as_a_browser_reads_them(written, normalised):
    assert urls.normalise_url(written) == normalised


@pytest.mark.parametrize("written, reason", [
    ("javascript:alert(1)", "javascript: address"),
    ("JaVaScRiPt:alert(1)", "javascript: address"),
    ("data:text/html,x", "data: address"),
    ("//example.org/", "not an address"),
    ("example.org", "not an address"),
    ("https:example.org", "followed by //"),
    ("https://x@evil.example/", "user name"),
    ("https://evil.example\\@good.example/", "backslash"),
    (" https://example.org/", "a space"),
    ("https://example.org/a b", "a space"),
    ("https://example.org/\t", "U+0009"),
    ("https://example.org/\u202e", "U+202E"),
    ("https://example.org/\u200b", "U+200B"),
    ("https://exa mple.org/", "a space"),
    ("https://exa<mple.org/", "not a valid name"),
    ("https://%252e.example/", "twice"),
    ("https://%ff.example/", "not UTF-8"),
    ("https://localhost/", "no dot"),
    ("http://127.0.0.1:8797/p.png", "private or local"),
    ("http://10.0.0.1/", "private or local"),
    ("http://[::1]/", "private or local"),
    ("http://0x7f.1/", "IPv4"),
    ("http://2130706433/", "IPv4"),
    ("https://example.org:0/", "port"),
    ("https://example.org:99999/", "port"),
    ("https://example.org:http/", "port"),
    ("https://xn--zz.example/", "punycode"),
    ("https://a..example/", "not a valid name"),
    ("https:///path", "no host"),
    ("https://[::1/", "unbalanced"),
    ("https://example.org/" + "a" * 2000, "longer than"),
])
def test_addresses_that_are_not_public_http_are_refused_with_a_plain_reason(written, reason):
    with pytest.raises(ValueError, match=None) as refused:
        urls.normalise_url(written)
    assert reason in str(refused.value)


@pytest.mark.parametrize("host, refused, entry", [
    ("evil.example", ["evil.example"], "evil.example"),
    ("www.evil.example", ["evil.example"], "evil.example"),
    ("a.b.evil.example", ["*.evil.example"], "*.evil.example"),
    ("evil.example", ["*.evil.example"], "*.evil.example"),
    ("notevil.example", ["evil.example"], None),
    ("evil.example.org", ["evil.example"], None),
    ("example", ["evil.example"], None),
])
def test_a_refused_host_also_refuses_its_subdomains(host, refused, entry):
    assert urls.host_refused(host, refused) == entry


# Characters that matter to a URL parser, to Markdown or to a terminal, and a few that look like others.
URL_CHARACTERS = st.sampled_from(list(string.printable) + ["\u00a0", "\u3002", "\uff0e", "\uff61", "\u202e", "\u200b", "\x00",
                                                           "\x1b", "\x85", "\u2028", "ä", "\uff45", "%2E", "%25", "@", "\\"])
URL_TEXT = st.builds(lambda start, rest: start + rest,
                     st.sampled_from(["https://", "http://", "HTTPS://", "javascript:", "https:", "", "https://example.org/",
                                      "https://ex%41mple.org", "http://[", "https://a.example:"]),
                     st.lists(URL_CHARACTERS, max_size=40).map("".join))


@SETTINGS
@given(URL_TEXT)
def test_any_string_is_refused_or_becomes_a_normalised_http_address_markdown_cannot_read(text):
    """The property the pages rely on: an accepted address is http(s), ASCII, free of Markdown-active
    characters, whitespace and controls, names its host plainly, and normalising it again changes nothing."""
    try:
        address = urls.normalise_url(text)
    except ValueError as refused:
        assert str(refused) and "\n" not in str(refused)
        return
    assert address.startswith(("http://", "https://"))
    assert address.isascii() and address.isprintable()
    assert not set(address) & (urls.MARKDOWN_ACTIVE | set(string.whitespace) | {"\\"})
    parts = urlsplit(address)
    assert "@" not in parts.netloc and parts.hostname and not parts.hostname.endswith(".")
    assert parts.hostname == parts.hostname.lower()
    assert urls.normalise_url(address) == address


@SETTINGS
@given(URL_TEXT)
def test_the_model_accepts_only_what_urls_py_normalises(text):
    """Every address field goes through the same parser: the model stores the normalised form or refuses."""
    try:
        license = model.License(name="CC BY 4.0", url=text)
    except ValidationError as error:
        assert all(e["type"] in ("url", "string_too_long") for e in error.errors())
        return
    assert license.url == urls.normalise_url(text)


# ---------------------------------------------------------------- links in Markdown text


@pytest.mark.parametrize("text, found", [
    ("See the [official notice].\n\n[\nofficial notice]: javascript:alert(1)//", "javascript: address"),
    ("[click][r]\n\n  [r]:\n  javascript:x", "javascript: address"),
    ("[a](JAVASCRIPT:x)", "javascript: address"),
    ("[a](java&#115;cript:x)", "javascript: address"),
    ("[a](java\tscript:x)", "not a full address"),
    ("[a](timeline.md)", "not a full address"),
    ("<a href='vbscript:x'>a</a>", "vbscript: address"),
    ("<javascript:alert(1)>", "javascript: address"),
    ("![p](http://127.0.0.1:8797/p.png)", "an image is not allowed"),
    ("<img src=x onerror=alert(1)>", "an image is not allowed"),
    ("<iframe src=https://example.org/></iframe>", "<iframe>"),
    ("<base href=https://evil.example/>", "<base>"),
    ("<meta http-equiv=refresh content='0;url=https://evil.example/'>", "<meta>"),
    ("<svg onload=alert(1)></svg>", "onload"),
    ("<script src=https://example.org/x.js></script>", "src=... loads a file"),
    ("`a`{onclick=alert(1)}", "onclick"),
    ("Text\n{: onmouseover=alert(1) }", "onmouseover"),
    ("<div style='background:url(https://evil.example/p)'>x</div>", "style attribute"),
    ("<video poster=https://example.org/p.png></video>", "<video>"),
    ("<div data=https://example.org/x>x</div>", "loads a file"),
    ("[a](https://x@evil.example/)", "user name"),
    ("[a](https://evil\uff0eexample/)", "refused host"),
    ("[a](https://www.evil.example/)", "refused host"),
    ("<https://evil.example/>", "refused host"),
])
def test_links_embeds_and_handlers_in_text_are_refused(text, found):
    problems = text_problems(text, ["evil.example"])
    assert problems and found in problems[0], problems


@pytest.mark.parametrize("text", [
    "Plain text with *emphasis*, 50% and a < b.",
    "See [the report](https://example.org/r?a=1&b=2) and [mail](mailto:desk@example.org).",
    "[Back to the top](#top) and a footnote-like [^1] mark.",
    "<script>alert(1)</script> is shown as text by the pages, and names nothing to load.",
    '--8<-- "mkdocs.yml" is shown as text by the pages (tests/test_injection.py), never included.',
    "#1 priority heading",
    "[a](https://example.org/(balanced))",
])
def test_ordinary_text_and_links_pass(text):
    assert text_problems(text, ["evil.example"]) == []


@SETTINGS
@given(st.lists(st.sampled_from(list("[]()<>{}!:#*`'\"= \n\tjavascript:@./ahx") + ["https://", "onclick", "![", "]: "]),
               max_size=60).map("".join))
def test_reading_links_never_fails_on_any_text(text):
    """Whatever the text, the check answers with plain one-line reasons (never an exception)."""
    for problem in text_problems(text, ["evil.example"]):
        assert problem and "\n" not in problem


# ---------------------------------------------------------------- characters no text may hold


SMALL_TEXT = SMALL.read_text(encoding="utf-8")


def problems_of(text: str) -> list[str]:
    """The messages `check` would print for an events file (read, validated), or [] when it is accepted."""
    try:
        parse_explainer(read_document("events.yaml", text.encode("utf-8")))
    except InputError as error:
        return [str(problem) for problem in error.problems]
    return []


REFUSED = [chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, 0x0D, *range(0x0E, 0x20), *range(0x7F, 0xA0)]] + [
    "\u2028", "\u2029", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]


@SETTINGS
@given(st.sampled_from(REFUSED), st.sampled_from(["    name: Betaland", "    title: Betaland's notice received",
                                                   "    summary: The depositary received Betaland's notice of withdrawal."]))
def test_control_and_bidi_characters_written_as_yaml_escapes_are_refused_at_their_place(char, line):
    key, _, value = line.partition(": ")
    escaped = line.replace(value, '"' + value[:4] + f"\\u{ord(char):04x}" + value[4:] + '"')
    text = SMALL_TEXT.replace(line, escaped, 1)
    number = text.splitlines().index(escaped) + 1
    problems = problems_of(text)
    assert len(problems) == 1
    assert problems[0].startswith(f"events.yaml:{number}:{len(key) + 3}: ")
    assert f"U+{ord(char):04X}" in problems[0] and problems[0].isprintable()


def test_line_breaks_and_tabs_are_kept_in_multi_line_text_only():
    summary = "    summary: The depositary received Betaland's notice of withdrawal."
    assert problems_of(SMALL_TEXT.replace(summary, '    summary: "Line one.\\n\\tLine two."', 1)) == []
    title = "    title: Betaland's notice received"
    refused = problems_of(SMALL_TEXT.replace(title, '    title: "Betaland\\tnotice"', 1))
    assert len(refused) == 1 and "holds a tab; short text is one line" in refused[0]


def test_messages_show_author_text_inert():
    """Whatever reaches a message (a file name, a key, a value) cannot drive the terminal."""
    problem = Problem("ev\x1b]0;x\x07.yaml", 3, 4, 'events[0]["k\x1b[2J"]', "found \"\x1b[2J\u202e\"", "error")
    shown = str(problem)
    assert shown.isprintable()
    assert shown == 'ev\\x1b]0;x\\x07.yaml:3:4: events[0]["k\\x1b[2J"]: found "\\x1b[2J\\u202e"'


# ---------------------------------------------------------------- anchors, languages, dates


def test_every_id_a_page_gives_is_one_the_collision_check_knows():
    """Each {#id} of the generated pages is an author id the check compares, or one it keeps free for a heading."""
    explainer = parse_explainer(read_document("events.yaml", SMALL.read_bytes()))
    known = {anchor for anchors in page_anchors(explainer).values() for anchor, _, _ in anchors}
    known |= {anchor for fixed in FIXED_ANCHORS.values() for anchor in fixed}
    # The printed pages' section ids hold no author id (they list facts without anchors); the withdrawal page's neither.
    own_sections = {"overview", "treaty", "withdrawal", "timeline", "arguments", "disagreements", "glossary", "sources",
                    "the-rule", "steps", "worked-example", "key-facts", "rule", "status", "key-dates", "key-sources",
                    "quiz", "discussion", "plan", "goals", "answer-key", "teacher-note"}
    for page in render_pages(analyse(explainer)):
        for anchor in re.findall(r"\{#([^} ]+)", page.markdown):  # a timeline entry's id is followed by its data-states
            assert anchor in known or anchor in own_sections or YEAR_ANCHOR.fullmatch(anchor), (page.path, anchor)


@pytest.mark.parametrize("language, accepted", [("en", True), ("en-GB", True), ("pt-BR", True), ("zh-Hant", True),
                                                ("fi", True), ("zz", False), ("en-ZZ", False), ("xx-Latn", False)])
def test_only_languages_babel_writes_dates_in_are_accepted(language, accepted):
    text = SMALL_TEXT.replace("  as_of: 2026-03-01", f"  language: {language}\n  as_of: 2026-03-01", 1)
    problems = problems_of(text)
    assert (problems == []) is accepted, problems


def test_the_latest_dates_the_model_accepts_render_every_page_and_download():
    """as_of and events in the year 9000 with the longest period (100 years) stay inside the calendar."""
    text = (SMALL_TEXT.replace("as_of: 2026-03-01", "as_of: 9000-12-31")
            .replace("notice_period: {amount: 12, unit: months}", "notice_period: {amount: 100, unit: years}")
            .replace("    date: 2025-06-15", "    date: 9000-12-31"))
    explainer = parse_explainer(read_document("events.yaml", text.encode("utf-8")))
    analysis = analyse(explainer)
    assert analysis.withdrawals["BB"].effective.year == 9100
    assert render_pages(analysis) and downloads(analysis)
    assert problems_of(text.replace("as_of: 9000-12-31", "as_of: 9001-01-01"))[0].endswith(
        "the year must be between 1000 and 9000; use a day within those years.")


def test_unicode_categories_refused_in_addresses_are_the_invisible_ones():
    for char in ("\u00a0", "\u3000", "\u200b", "\ufeff", "\u202e", "\x85"):
        assert unicodedata.category(char) in urls.INVISIBLE


MARKDOWN_PIECES = st.sampled_from(["[", "]", "(", ")", "<", ">", "{", "}", ":", "!", "`", "'", '"', "=", " ", "\n", "\t", "#",
                                   "&#115;", "javascript", "java\tscript", "https://", "http://evil.example/", "x", "a",
                                   "onclick", "src", "img", "href", "style", "*", "^", "-8<-", "@", "mailto:"])


@SETTINGS
@given(st.lists(MARKDOWN_PIECES, max_size=40).map("".join))
def test_text_the_check_accepts_has_no_handler_load_or_script_link_even_as_raw_markdown(text):
    """Even rendered without the pages' escaping, accepted text makes no on* attribute, loads nothing and links only to
    http(s) addresses off the refused hosts, #anchors and mailto: (the pages' escaping is the second wall)."""
    if text_problems(text, ["evil.example"]):
        return
    for tag, attributes in start_tags(markdown.markdown(text, extensions=EXTENSIONS)):
        assert tag not in ("img", "iframe", "object", "embed", "base", "meta"), (text, tag)
        for name, value in attributes.items():
            assert not name.startswith("on") and name not in ("src", "srcset", "style", "data"), (text, tag, name)
            if name == "href":
                assert value.startswith(("#", "https://", "http://", "mailto:")), (text, value)
                assert "evil.example" not in urlsplit(value).netloc, (text, value)


def test_a_file_saved_with_windows_line_ends_keeps_its_multi_line_text():
    """CRLF line ends are line breaks, not refused carriage returns: YAML reads them as \\n."""
    text = SMALL_TEXT.replace("    summary: The depositary received Betaland's notice of withdrawal.",
                              "    summary: |\n      Line one.\n      Line two.", 1)
    explainer = parse_explainer(read_document("events.yaml", text.replace("\n", "\r\n").encode("utf-8")))
    assert explainer.events[1].summary == "Line one.\nLine two.\n"
