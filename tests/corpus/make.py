"""Write the corpus: each file is tests/fixtures/small.yaml (valid) with the defect its first line names.

Run `python tests/corpus/make.py` after changing the fixture, then `UPDATE_GOLDEN=1 pytest tests/test_corpus.py`
and read every changed .expected file. Large files (50 MB, 2 MB strings) are made by the tests, not kept here.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
BASE = (HERE.parent / "fixtures" / "small.yaml").read_text(encoding="utf-8")


def edit(old: str, new: str, count: int = 1) -> str:
    assert BASE.count(old) >= count, old
    return BASE.replace(old, new, count)


def edits(*pairs: tuple[str, str]) -> str:
    text = BASE
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


TEXT: dict[str, tuple[str, str]] = {
    # ---- YAML syntax
    "syntax-unclosed-list": ("a flow list that is never closed", edit("sources: [union-report]\n    stated_effective", "sources: [union-report\n    stated_effective")),
    "syntax-unclosed-quote": ("a quoted string that is never closed", edit('url: "https://example.org/accord"}', 'url: "https://example.org/accord}')),
    "syntax-bad-indent": ("a key indented less than its siblings", edit("    title: Betaland's notice received", "   title: Betaland's notice received")),
    "syntax-over-indented-key": ("a key indented more than its siblings (says where they are)",
                                 edit("    title: Betaland's notice received", "      title: Betaland's notice received")),
    "syntax-list-item-misindented": ("a list item indented one space more than the others", edit("  - id: bb-notice", "   - id: bb-notice")),
    "syntax-key-stepped-out": ("a key indented less than its siblings, noticed on the next line (names the line out of place)",
                               edit("    notice_period: {amount: 12, unit: months}\n    armed_conflict_clause: false",
                                    "    notice_period: {amount: 12, unit: months}\n  armed_conflict_clause: false")),
    "syntax-item-without-dash": ("a new list item written without its '- ' (says to add it, or where the keys are)",
                                 edit("  - id: bb-notice", "  id: bb-notice")),
    "syntax-colon-in-plain-text": ("an unquoted value holding ': '", edit("  title: The Example Accord", "  title: The Example Accord: a test")),
    "syntax-second-document": ("a second YAML document after '---'", BASE + "---\nevents: []\n"),
    "tab-indent": ("a tab used for indentation", edit("    kind: notice_received\n    title: Betaland", "    kind: notice_received\n\ttitle: Betaland")),
    "duplicate-key": ("the same key twice in one event", edit("    key: true", "    key: true\n    key: false")),
    "duplicate-top-level-key": ("a second top-level 'glossary:'", BASE + "glossary: []\n"),
    # ---- keys and types
    "key-stepped-out-of-its-mapping": ("the last key of withdrawal_rule indented as a key of treaty (valid YAML; says where it belongs)",
                                       edit("quoted: true, sources: [accord-text]}\n    sources: [accord-text]\n  entry_into_force_rule",
                                            "quoted: true, sources: [accord-text]}\n  sources: [accord-text]\n  entry_into_force_rule")),
    "unknown-key-typo": ("'kee' instead of 'key' (suggests the closest)", edit("    key: true", "    kee: true")),
    "unknown-key-no-match": ("a key with no close valid key (lists the valid ones)", edit("    key: true", "    colour: red")),
    "unknown-top-level-key": ("'event' instead of 'events'", edit("events:\n  - id: aa-notice", "event:\n  - id: aa-notice")),
    "missing-required-key": ("an event without its title", edit("    title: Betaland's notice received\n", "")),
    "wrong-type-list-for-text": ("a list where text is expected", edit("    title: Betaland's notice received", "    title: [Betaland, notice]")),
    "wrong-type-text-for-list": ("text where a list of source ids is expected", edit("    sources: [union-report]\n    stated_effective", "    sources: union-report\n    stated_effective")),
    "wrong-type-mapping-for-list": ("a mapping where the list of summary paragraphs is expected", edit("  summary:\n    - text: The Accord bans invented things.\n      sources: [accord-text]", "  summary:\n    text: The Accord bans invented things.\n    sources: [accord-text]")),
    "wrong-type-number-for-text": ("a number where text is expected", edit("    name: Alphaland", "    name: 12")),
    "wrong-type-text-for-bool": ("'maybe' where true or false is expected", edit("quoted: true", "quoted: maybe")),
    "wrong-type-text-for-number": ("words where a whole number is expected", edit("count: 10", "count: ten")),
    "wrong-type-float-for-number": ("a fraction where a whole number is expected", edit("count: 10", "count: 10.5")),
    "number-out-of-range": ("a notice period longer than allowed", edit("amount: 12, unit: months", "amount: 5000, unit: months")),
    "number-negative": ("a negative notice period", edit("amount: 12, unit: months", "amount: -1, unit: months")),
    "number-huge": ("a 5,000-digit number", edit("count: 10", "count: " + "9" * 5000)),
    "nothing-for-text": ("an empty value where text is required", edit("    name: Betaland", "    name:")),
    "empty-text": ("an empty quoted string as a title", edit("    title: Alphaland's notice received", '    title: ""')),
    "enum-typo": ("a misspelt event kind (suggests the closest)", edit("    kind: notice_received\n    title: Betaland", "    kind: notice_recieved\n    title: Betaland")),
    "enum-wrong-word": ("'withdrawal_notice' for notice_received (the closest three with their meaning, then all)",
                        edit("    kind: notice_received\n    title: Betaland", "    kind: withdrawal_notice\n    title: Betaland")),
    "source-kind-no-match": ("a source kind that is no near miss ('newspaper')", edit("kind: news, read_at", "kind: newspaper, read_at")),
    "state-id-lower-case": ("a state id in lower case", edit("  - id: BB", "  - id: bb")),
    "bad-id-characters": ("an event id with spaces and capitals", edit("  - id: bb-notice", '  - id: "BB notice"')),
    "too-long-title": ("a title of 301 characters (limit 300)", edit("    title: Alphaland's notice received", "    title: " + "A" * 301)),
    "too-long-summary": ("a summary of 5,001 characters (limit 5,000)", edit("    summary: The depositary received Betaland's notice of withdrawal.", "    summary: " + "word " * 1000 + "x")),
    "no-sources": ("an event that cites no source", edit("    sources: [union-report]\n\n", "    sources: []\n\n") if "    sources: [union-report]\n\n" in BASE else edit("    sources: [union-report]\narguments:", "    sources: []\narguments:")),
    # ---- dates
    "date-february-30": ("30 February", edit("    date: 2025-06-15", "    date: 2025-02-30")),
    "date-month-13": ("month 13", edit("    date: 2025-06-15", "    date: 2025-13")),
    "date-with-time": ("a date with a time of day", edit("    date: 2025-06-15", "    date: 2025-06-15 10:30:00")),
    "date-words": ("a date in words", edit("    date: 2025-06-15", "    date: 15 June 2025")),
    "as-of-not-a-day": ("as_of given only to the month", edit("as_of: 2026-03-01", "as_of: 2026-03")),
    "date-after-as-of": ("an event after as_of that is not marked planned", edit("    date: 2025-06-15", "    date: 2026-06-15")),
    "date-year-zero": ("the year 0", edit("    date: 2025-06-15", "    date: 0000-06-15")),
    "date-year-9999": ("a notice in 9999, whose 12-month period ends after the year 9999", edit("    date: 2025-06-15", "    date: 9999-06-15\n    planned: true")),
    # ---- ids
    "unknown-source-id": ("a misspelt source id (suggests the closest)", edit("sources: [union-report]\n    stated_effective", "sources: [union-reprot]\n    stated_effective")),
    "unknown-state-id": ("an event about a state that is not listed", edit("    states: [BB]", "    states: [BE]")),
    "unknown-side": ("an argument on a side that is not declared", edit("side: for,", "side: fro,")),
    "duplicate-event-id": ("two events with the same id", edit("  - id: bb-notice", "  - id: aa-notice")),
    "duplicate-source-id": ("two sources with the same id", BASE + '  - {id: union-report, title: Status again, publisher: Example Union, kind: depositary, url: "https://example.org/status2"}\n'),
    # ---- top level and encoding
    "empty-file": ("an empty file", ""),
    "comments-only": ("a file with only comments", "# corpus: a file with only comments\n# nothing else\n"),
    "top-level-list": ("a list at the top instead of a mapping", "- " + BASE.split("\n", 3)[3].replace("\n", "\n  ")),
    "top-level-scalar": ("a single value at the top", "The Example Accord\n"),
    "control-character": ("a BEL control character in a title", edit("    name: Betaland", "    name: Beta\x07land")),
    # ---- YAML features refused
    "alias": ("an anchor reused with an alias", edits(("sources: [accord-text]}", "sources: &texts [accord-text]}"), ("sources: [union-report]", "sources: *texts"))),
    "alias-bomb": ("billion laughs: nine levels of aliases", edit("  maintainers: [{name: Test team}]", "  maintainers: [{name: Test team}]\n" + "\n".join(
        ["  lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        + [f"  lol{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 10)]))),
    "merge-key": ("a merge key (<<)", edit("  - id: bb-notice\n", "  - id: bb-notice\n    <<: {planned: true}\n")),
    "python-object-tag": ("a !!python/object/apply tag that would run a command", edit("    name: Betaland", '    name: !!python/object/apply:os.system ["touch /tmp/pwned"]')),
    "custom-tag": ("an !include tag", edit("  - id: bb-notice", "  - !include other.yaml\n  - id: bb-notice")),
    "binary-tag": ("a !!binary value", edit("    name: Betaland", "    name: !!binary QmV0YWxhbmQ=")),
    "set-tag": ("a !!set mapping", edit("    states: [BB]", "    states: !!set {BB}")),
    "deep-nesting-flow": ("lists nested 100 deep", edit("    states: [BB]", "    states: " + "[" * 100 + "BB" + "]" * 100)),
    "deep-nesting-block": ("mappings nested 45 deep by indentation", edit("  - id: bb-notice\n", "  - id: bb-notice\n" + "".join("    " + "  " * i + f"n{i}:\n" for i in range(45)) + "    " + "  " * 45 + "x: 1\n")),
    # ---- links and hosts
    "javascript-link": ("a javascript: link in an event summary", edit("    summary: The depositary received Betaland's notice of withdrawal.", '    summary: "The depositary received [the notice](javascript:alert(1))."')),
    "javascript-link-angle": ("a javascript: link in <angle brackets> in a definition", edit("definition: The body that keeps the treaty and receives notices.", 'definition: "The body that keeps the treaty: [see](<javascript:window.pwned=1>)."')),
    "data-link": ("a data: link in an argument summary", edit("summary: They say so., sources: [news-report]}", 'summary: "They say so: [proof](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==).", sources: [news-report]}')),
    "data-autolink": ("a <data:...> autolink in the overview", edit("One withdrawal took effect; one is pending.", "One withdrawal took effect; one is pending. <data:text/html,hi>")),
    "vbscript-link": ("a VBScript: link (upper case) in a treaty summary", edit("    - text: The Accord bans invented things.", '    - text: "The Accord bans [invented](VBScript:msgbox(1)) things."')),
    "javascript-url": ("a javascript: address as a source url", edit('url: "https://example.org/accord"', 'url: "javascript:alert(1)"')),
    "url-with-quote": ("a source url with a quote and angle bracket in its host (in a path they are percent-encoded)", edit('url: "https://example.org/status"', """url: 'https://example.org"><script>alert(1)</script>'""")),
    "refused-host": ("a source on a host the file refuses", edit("  maintainers: [{name: Test team}]", "  maintainers: [{name: Test team}]\n  refused_hosts: ['*.example.com']")),
    # ---- addresses, parsed as a browser parses them (issue 11)
    "url-user-name": ("a source url with a user name before @, which disguises the host", edit('read_at: "https://example.com/copy"', 'read_at: "https://example.org@evil.example/copy"')),
    "url-backslash": ("a source url with a backslash that browsers read as /", edit('url: "https://example.org/status"', 'url: "https://evil.example\\\\@example.org/status"')),
    "url-private-host": ("a license url on the reader's own machine", edit('url: "https://creativecommons.org/licenses/by/4.0/"', 'url: "http://127.0.0.1:8797/"')),
    "url-not-ipv4": ("a host that ends in a number but is no plain IPv4 address (0x7f.1)", edit('url: "https://example.org/accord"', 'url: "http://0x7f.1/accord"')),
    "refused-host-trailing-dot": ("a refused host written with a trailing dot", edits(("  maintainers: [{name: Test team}]", "  maintainers: [{name: Test team}]\n  refused_hosts: [evil.example]"), ('read_at: "https://example.com/copy"', 'read_at: "https://EVIL.example./copy"'))),
    "refused-host-percent-encoded": ("a refused host with its dot percent-encoded", edits(("  maintainers: [{name: Test team}]", "  maintainers: [{name: Test team}]\n  refused_hosts: [evil.example]"), ('read_at: "https://example.com/copy"', 'read_at: "https://evil%2Eexample/copy"'))),
    "refused-host-full-width-dot": ("a refused host written with a full-width dot", edits(("  maintainers: [{name: Test team}]", "  maintainers: [{name: Test team}]\n  refused_hosts: [evil.example]"), ('read_at: "https://example.com/copy"', 'read_at: "https://evil\uff0eexample/copy"'))),
    "refused-host-subdomain": ("a subdomain of a refused host", edits(("  maintainers: [{name: Test team}]", "  maintainers: [{name: Test team}]\n  refused_hosts: [evil.example]"), ('read_at: "https://example.com/copy"', 'read_at: "https://www.evil.example/copy"'))),
    "refused-host-in-text": ("a link in an event summary to a refused host", edits(("  maintainers: [{name: Test team}]", "  maintainers: [{name: Test team}]\n  refused_hosts: [evil.example]"), ("    summary: The depositary received Betaland's notice of withdrawal.", '    summary: "The depositary received [the notice](https://evil.example/notice)."'))),
    "refused-host-not-a-host": ("a refused host that is no host name (two dots in a row)", edit("  maintainers: [{name: Test team}]", "  maintainers: [{name: Test team}]\n  refused_hosts: [evil..example]")),
    # ---- links, images and attributes in Markdown text
    "image-in-text": ("an image in a summary, which would load from another host", edit("    summary: The depositary received Betaland's notice of withdrawal.", '    summary: "The depositary received it. ![p](http://127.0.0.1:8797/p.png)"')),
    "reference-definition-split": ("a reference definition whose label is split over two lines", edit("    summary: The depositary received Betaland's notice of withdrawal.", '    summary: "See the [official notice].\\n\\n[\\nofficial notice]: javascript:alert(1)//"')),
    "attribute-list-handler": ("an attribute list adding onclick to inline code", edit("summary: They say so., sources: [news-report]}", 'summary: "They say `so`{onclick=alert(1)}.", sources: [news-report]}')),
    "raw-html-frame": ("a raw HTML iframe in a definition", edit("definition: The body that keeps the treaty and receives notices.", 'definition: "The body. <iframe src=https://example.org/></iframe>"')),
    "relative-link-in-text": ("a relative link in the overview (text links to full addresses, #anchors and mailto: only)", edit("One withdrawal took effect; one is pending.", "One withdrawal took effect; see [the rule](withdrawal.md).")),
    # ---- characters no text may hold
    "control-escape-sequence": ("an ESC written as a YAML escape, which would clear a terminal", edit("    title: Alphaland's notice received", '    title: "\\e[2J\\e]0;pwned\\aAlphaland"')),
    "control-nul-escape": ("a NUL written as a YAML escape", edit("    name: Betaland", '    name: "Beta\\0land"')),
    "control-c1": ("a C1 control (U+009B) written as a YAML escape", edit("    name: Betaland", '    name: "Beta\\x9bland"')),
    "bidi-override": ("a right-to-left override in a state name", edit("    name: Betaland", "    name: Beta\u202eland")),
    "control-in-key": ("an escape character in a key", edit("    key: true", '    "k\\eey": true')),
    "line-break-in-title": ("a line break in a title (short text is one line)", edit("    title: Alphaland's notice received", '    title: "Alphaland\\nnotice"')),
    "article-number-line-break": ("an article number with a line break", edit('    - {number: "1", title: Obligations', '    - {number: "1\\n2", title: Obligations')),
    # ---- ids two elements of one page would share
    "anchor-computed-effective": ("an event id equal to a computed effective date's anchor", edit("  - id: bb-notice", "  - id: computed-aa-effective")),
    "anchor-glossary-slug": ("glossary terms C and C++, whose anchors are both c", edit("  - {term: depositary,", "  - {term: C, definition: A language., sources: [accord-text]}\n  - {term: C++, definition: Another language., sources: [accord-text]}\n  - {term: depositary,")),
    "anchor-side-and-argument": ("a side id equal to an argument id", edit("{id: cost, side: for,", "{id: against, side: for,")),
    "anchor-section-heading": ("an event id equal to a state page's section id", edit("  - id: bb-notice", "  - id: joining")),
    "anchor-article-number": ("two articles whose numbers make the same anchor", edit("    - {number: \"1\", title: Obligations", "    - {number: \"1.\", title: Scope, text: Scope., sources: [accord-text]}\n    - {number: \"1\", title: Obligations")),
    # ---- what the build would crash on
    "language-unknown": ("a language Babel does not know", edit("  as_of: 2026-03-01", "  language: zz\n  as_of: 2026-03-01")),
    "language-unknown-region": ("a language with a region that does not exist", edit("  as_of: 2026-03-01", "  language: en-ZZ\n  as_of: 2026-03-01")),
    "as-of-year-9999": ("as_of on 31 December 9999, whose periods would leave the calendar", edit("as_of: 2026-03-01", "as_of: 9999-12-31")),
    # ---- several problems at once (reported together, sorted by line)
    "several-schema-problems": ("three schema problems in one file", edits(("as_of: 2026-03-01", "as_of: 2026-02-30"), ("    name: Betaland", "    name: 12"), ("    key: true", "    kee: true"))),
    "several-rule-problems": ("three cross-check problems in one file", edits(("    states: [BB]", "    states: [BE]"), ("side: for,", "side: fro,"), ("sources: [union-report]\n    stated_effective", "sources: [union-reprot]\n    stated_effective"))),
    "several-refusals": ("a tag, an alias and a duplicate key", edits(("    name: Betaland", "    name: !foo Betaland"), ("sources: [accord-text]}", "sources: &t [accord-text]}"), ("sources: [union-report]", "sources: *t"), ("    key: true", "    key: true\n    key: true"))),
}

BYTES: dict[str, tuple[str, bytes]] = {
    "not-utf8-latin1": ("a Latin-1 'ä' (not UTF-8)", edit("    name: Betaland", "    name: Betaländ").encode("latin-1")),
    "utf16": ("the file saved as UTF-16", edit("# yaml", "# yaml").encode("utf-16")),
    "binary-png": ("a PNG image instead of YAML", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"),
    "nul-byte": ("a NUL byte in a title", edit("    name: Betaland", "    name: Beta\0land").encode()),
}


def main() -> None:
    for old in HERE.glob("*.yaml"):
        old.unlink()
    for name, (what, text) in TEXT.items():
        header = f"# corpus: {what}\n" if text and not text.startswith("# corpus") else ""
        (HERE / f"{name}.yaml").write_text(header + text, encoding="utf-8")
    for name, (what, data) in BYTES.items():
        header = b"" if name in ("utf16", "binary-png") else f"# corpus: {what}\n".encode()
        (HERE / f"{name}.yaml").write_bytes(header + data)
    print(f"wrote {len(TEXT) + len(BYTES)} files")


if __name__ == "__main__":
    main()
