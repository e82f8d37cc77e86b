"""The sources for reference managers: CSL-JSON (Zotero and others) and BibTeX."""

from __future__ import annotations

import re

from .. import model
from ..analysis import Analysis
from ..model import PartialDate
from .files import json_bytes, printable, source_url


# CSL item types (CSL 1.0.2). A treaty's text gets CSL's own "treaty" type; news of every kind is a
# newspaper article whose container is the publisher; an organisation's publications are reports,
# government and reference pages are web pages.
CSL_TYPES = {
    model.SourceKind.treaty_text: "treaty",
    model.SourceKind.depositary: "document",
    model.SourceKind.government: "webpage",
    model.SourceKind.parliament: "document",
    model.SourceKind.international_organisation: "webpage",
    model.SourceKind.ngo: "report",
    model.SourceKind.news_agency: "article-newspaper",
    model.SourceKind.news: "article-newspaper",
    model.SourceKind.state_media: "article-newspaper",
    model.SourceKind.analysis: "report",
    model.SourceKind.reference: "webpage",
}
# Kinds whose publisher is also the author (an organisation writing in its own name), so author-date
# styles cite "Human Rights Watch 2025" rather than a title. News has unknown personal authors.
_CORPORATE_AUTHOR = {
    model.SourceKind.depositary, model.SourceKind.government, model.SourceKind.parliament,
    model.SourceKind.international_organisation, model.SourceKind.ngo, model.SourceKind.analysis,
}
_NEWS = {model.SourceKind.news_agency, model.SourceKind.news, model.SourceKind.state_media}


def _date_parts(day: PartialDate) -> dict:
    """A CSL date with only the parts that are known (year; year and month; or all three)."""
    return {"date-parts": [[p for p in (day.year, day.month, day.day) if p is not None]]}


def _note(source: model.Source) -> str | None:
    """The author's caution plus where else to read the source (addresses end a note, never a full stop)."""
    parts = []
    if source.note:
        parts.append(source.note if source.note.endswith((".", "!", "?")) else source.note + ".")
    links = []
    if source.read_at:
        links.append(f"{'Read at a copy' if source.url is None else 'Also read at'}: {source.read_at}")
    if source.archived_url:
        links.append(f"Archived copy: {source.archived_url}")
    if links:
        parts.append("; ".join(links))
    return " ".join(parts) or None


def csl_item(source: model.Source) -> dict:
    item: dict = {"id": source.id, "type": CSL_TYPES[source.kind], "title": source.title}
    if source.kind in _CORPORATE_AUTHOR:
        item["author"] = [{"literal": source.publisher}]
    if source.kind in _NEWS:
        item["container-title"] = source.publisher
    else:
        item["publisher"] = source.publisher
    url = source_url(source)
    if url:
        item["URL"] = url
    if source.published:
        item["issued"] = _date_parts(source.published)
    if source.accessed:
        item["accessed"] = _date_parts(source.accessed)
    item["language"] = source.language
    note = _note(source)
    if note:
        item["note"] = note
    return item


def sources_csl_json(analysis: Analysis) -> bytes:
    items = [csl_item(s) for s in analysis.explainer.sources]
    return json_bytes(items)


# ---------------------------------------------------------------- BibTeX

# BibTeX counts every brace, escaped or not, to find where a field ends: a lone "\}" would end it early and
# let the rest of a title start an entry of its own. Braces are written as commands with balanced {}.
_BIB_SPECIAL = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}
_BIB_PATTERN = re.compile("|".join(re.escape(c) for c in _BIB_SPECIAL))
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def bib_escape(text: str) -> str:
    """Text safe inside a BibTeX field, on one line: LaTeX specials escaped, braces written as commands."""
    return _BIB_PATTERN.sub(lambda m: _BIB_SPECIAL[m.group(0)], " ".join(printable(text).split()))


def bib_url(url: str) -> str:
    """A URL for a url field (read verbatim by biblatex and the url package): only braces and backslashes
    would unbalance the entry, so they are percent-encoded rather than escaped."""
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def bib_key(source_id: str) -> str:
    """A citation key: ids are already plain, but anything BibTeX would choke on becomes '-'."""
    return re.sub(r"[^A-Za-z0-9._:-]", "-", source_id) or "source"


def _bib_fields(source: model.Source) -> list[tuple[str, str]]:
    """A source as @misc fields every reader knows: classic BibTeX (plain, plainnat), biblatex/biber, pandoc."""
    # Double braces keep capitals (country names, acronyms) and keep an organisation's name one "last name".
    fields = []
    if source.kind in _CORPORATE_AUTHOR:
        fields.append(("author", "{" + bib_escape(source.publisher) + "}"))
    else:
        # What classic BibTeX styles sort an entry without author by (they warn without it).
        fields.append(("key", bib_escape(source.publisher)))
    fields.append(("title", "{" + bib_escape(source.title) + "}"))
    # One field for the publisher or outlet: with organization beside it, pandoc printed the outlet twice.
    fields.append(("howpublished", bib_escape(source.publisher)))
    url = source_url(source)
    if url:
        fields.append(("url", bib_url(url)))
    if source.published:
        # year (and month below) rather than date: classic BibTeX reads only these, and biber warns when both are given.
        fields.append(("year", str(source.published.year)))
    else:
        # EDTF "XXXX", an unspecified year: biber's data model wants a date on every entry, pandoc prints "n.d.",
        # and classic BibTeX ignores the field. Never a guessed year.
        fields.append(("date", "XXXX"))
    if source.accessed:
        fields.append(("urldate", source.accessed.isoformat()))
    note = _note(source)
    if note:
        fields.append(("note", bib_escape(note)))
    return fields


def sources_bibtex(analysis: Analysis) -> bytes:
    entries = []
    used: set[str] = set()
    for s in analysis.explainer.sources:
        key = bib_key(s.id)
        base, n = key, 2
        while key in used:  # keep keys unique even if two ids sanitize alike
            key, n = f"{base}-{n}", n + 1
        used.add(key)
        lines = [f"@misc{{{key},"]
        lines += [f"  {name} = {{{value}}}," for name, value in _bib_fields(s)]
        if s.published and s.published.month:
            # An unbraced month macro (jan, feb, ...): what classic BibTeX styles expect, and biber reads.
            lines.append(f"  month = {_MONTHS[s.published.month - 1]},")
        lines[-1] = lines[-1].rstrip(",")
        lines.append("}")
        entries.append("\n".join(lines))
    # Outside an entry BibTeX skips everything up to the next "@", which would start an entry: the title goes
    # on one line, without "@".
    title = bib_escape(analysis.explainer.explainer.title).replace("@", "(at)")
    header = f"% Sources of {title}, facts as of {analysis.as_of.isoformat()}.\n"
    # No "@" in a comment line: BibTeX would start an entry there.
    header += "% Entries of type misc with howpublished, url and urldate: classic BibTeX, biblatex/biber, pandoc and Zotero read them.\n\n"
    return (header + "\n\n".join(entries) + "\n").encode("utf-8")
