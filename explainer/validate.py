"""Check read data against the model and say, in plain words and with a place, what is wrong."""

from __future__ import annotations

import difflib
import re
import types
import typing
from enum import Enum
from typing import Any

from babel import localedata
from pydantic import BaseModel, ValidationError

from . import links, model, rules
from .errors import InputError, Path, Problem, closest, did_you_mean, format_path, one_line
from .source import Document

PATTERN_HINTS = {
    model.ID_PATTERN: "an id is lower-case letters, digits, '.', '_' or '-', starting with a letter or digit (e.g. hrw-2025-07-24)",
    model.STATE_ID_PATTERN: "a state id is an ISO 3166-1 alpha-2 code in capitals (e.g. EE, FI)",
    model.REFUSED_HOST_PATTERN: 'a refused host is a lower-case domain such as example.com, or "*.example.com"',
}


# The model's own error kinds (PydanticCustomError), each as a sentence from (what was found, the reason, the value).
OWN_ERRORS = {
    "period_too_long": lambda found, reason, value: f"{reason}; use a shorter period.",
    "url": lambda found, reason, value: f"{found} is not a valid address: {reason}.",
    "host": lambda found, reason, value: f"{found} is not a valid host: {reason}.",
    "day_range": lambda found, reason, value: f"{found} is out of range: {reason}; use a day within those years.",
    "language": lambda found, reason, value: f"{found} is not a language the build can write dates in; {language_hint(str(value))}",
    "single_line": lambda found, reason, value: (f"holds {reason}; short text is one line, so write it on one line "
                                                 "(only multi-line fields such as summaries take line breaks)."),
}


def parse_explainer(document: Document) -> model.Explainer:
    """Validate a read document against the schema, or raise InputError with every problem."""
    try:
        explainer = model.Explainer.model_validate(document.data)
    except ValidationError as error:
        raise InputError(schema_problem(document, e) for e in error.errors(include_url=False)) from None
    problems = content_problems(document, explainer)
    if problems:
        raise InputError(problems)
    return explainer


def schema_problem(document: Document, error: dict[str, Any]) -> Problem:
    """Turn one pydantic error into a located, plain-language problem."""
    loc: Path = tuple(error["loc"])
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    found = describe(value)

    if kind == "missing":
        return document.problem(loc[:-1], f'required key "{loc[-1]}" is missing; add it.') if loc else document.problem(loc, "missing")
    if kind == "extra_forbidden":
        stepped_out = key_of_the_mapping_above(document, loc)
        if stepped_out:
            return document.problem(loc, stepped_out)
        valid = sorted(field_names(loc[:-1]))
        return document.problem(loc, f'unknown key "{one_line(loc[-1])}"; {did_you_mean(str(loc[-1]), valid, "valid keys")}')
    if kind in ("enum", "literal_error"):
        return document.problem(loc, f"{found} is not allowed; {enum_hint(str(value), enum_values(loc))}")
    if kind in OWN_ERRORS:
        return document.problem(loc, OWN_ERRORS[kind](found, error["msg"], value))
    if kind == "partial_date":
        reason = f" ({error['msg']})" if error["msg"] != "not a date" else ""
        return document.problem(loc, f"{found} is not a date{reason}; use YYYY-MM-DD, or YYYY-MM or YYYY when only that is known.")
    if kind.startswith("date"):
        reason = ""
        try:
            model.PartialDate.parse(value)
        except ValueError as why:
            reason = f" ({why})" if str(why) != "not a date" else ""
        return document.problem(loc, f"{found} is not a date{reason}; use YYYY-MM-DD.")
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        hint = PATTERN_HINTS.get(pattern) or f"it must match {pattern}"
        return document.problem(loc, f"{found} is not valid; {hint}.")
    if kind == "string_too_short":
        return document.problem(loc, "is empty; write some text.")
    if kind == "string_too_long":
        return document.problem(loc, f"is {len(value):,} characters long; the limit is {ctx.get('max_length'):,}. Shorten it.")
    if kind == "too_short":
        noun = "source id" if loc and loc[-1] == "sources" else "item"
        least = ctx.get("min_length", 1)
        return document.problem(loc, f"needs at least {least} {noun}{'s' if least != 1 else ''}; found {ctx.get('actual_length', 0)}.")
    if kind in ("string_type", "str_type"):
        return document.problem(loc, f"expected text, found {found}.")
    if kind == "int_parsing_size":
        return document.problem(loc, f"{found} is far too large a number; write a whole number with at most a few digits.")
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return document.problem(loc, f"expected a whole number, found {found}.")
    if kind in ("bool_type", "bool_parsing"):
        return document.problem(loc, f"expected true or false, found {found}.")
    if kind == "list_type":
        return document.problem(loc, f"expected a list (lines starting with '- '), found {found}.")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return document.problem(loc, f"expected a mapping (key: value lines), found {found}.")
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = next(iter(ctx.values()), "")
        words = {"greater_than_equal": "at least", "less_than_equal": "at most", "greater_than": "more than", "less_than": "less than"}
        return document.problem(loc, f"{found} is out of range; it must be {words[kind]} {bound}.")
    return document.problem(loc, f"{found}: {error['msg']}.")


# What each value of the longer vocabularies means, so a hint can say which one an author is after.
VALUE_MEANINGS = {
    "signature": "a state signs the treaty",
    "joined": "a state deposits its consent to be bound",
    "announcement": "a government says it will act",
    "government_decision": "a government decides, which does not start the clock",
    "parliament_vote": "a parliament votes, which does not start the clock",
    "head_of_state_decision": "a head of state decides or signs a law, which does not start the clock",
    "notice_received": "the depositary receives a notice of withdrawal or suspension, which starts the clock",
    "notice_circulated": "the depositary informs the other parties of a notice",
    "notice_revoked": "a state takes its notice back, so it never takes effect",
    "withdrawal_effective": "a source states the day a withdrawal takes effect, which the build compares with the rule",
    "objection": "a state objects to another state's step",
    "meeting_decision": "a meeting of the parties decides",
    "statement": "someone makes a public statement",
    "report": "a report is published",
    "production_plan": "a plan to produce what the treaty bans",
    "other": "anything else, cited",
    "treaty_text": "the treaty's text",
    "depositary": "the depositary's records, such as status lists and notifications",
    "government": "a government's own publication",
    "parliament": "a parliament's record",
    "international_organisation": "the UN, the ICRC or another international body",
    "ngo": "a non-governmental organisation",
    "news_agency": "a news agency such as Reuters, AP or AFP",
    "news": "a newspaper, broadcaster or news site",
    "state_media": "media a government controls",
    "analysis": "a think tank's or scholar's analysis",
    "reference": "a reference work",
}


def enum_hint(word: str, choices: list[str]) -> str:
    """'did you mean' for a near miss; else the three closest values with their meaning, then every valid value."""
    guess = difflib.get_close_matches(word, choices, n=1, cutoff=0.8)
    if guess or len(choices) <= 5:
        return did_you_mean(word, choices, "valid values")
    words = set(re.split(r"[\W_]+", word.casefold())) - {""}

    def likeness(choice: str) -> tuple[int, float]:
        # Shared words first ("withdrawal_notice" is a notice_received), then spelling.
        said = set(re.split(r"[\W_]+", f"{choice} {VALUE_MEANINGS.get(choice, '')}".casefold()))
        return len(words & said), difflib.SequenceMatcher(None, word.casefold(), choice).ratio()

    nearest = sorted(choices, key=likeness, reverse=True)[:3]
    shown = [f"{c} ({VALUE_MEANINGS[c]})" if c in VALUE_MEANINGS else c for c in nearest]
    return (f"the closest valid values are {', '.join(shown[:-1])} and {shown[-1]}. "
            f"All {len(choices)} valid values: {', '.join(choices)}.")


ALL_FIELD_NAMES = frozenset(name for kind in vars(model).values()
                            if isinstance(kind, type) and issubclass(kind, BaseModel) for name in kind.model_fields)


def key_of_the_mapping_above(document: Document, loc: Path) -> str | None:
    """For a key indented too little: the mapping just above, whose key it is, and the column of that mapping's keys."""
    parent, key = loc[:-1], loc[-1]
    if key not in ALL_FIELD_NAMES:  # most unknown keys are no key anywhere: answered at once (50,000 of them stay fast)
        return None
    here = document.data
    for step in parent:
        here = here[step] if isinstance(here, (dict, list)) else None
    if not isinstance(here, dict) or key not in here:
        return None
    keys = list(here)
    previous = keys[keys.index(key) - 1] if keys.index(key) > 0 else None
    inner = here.get(previous) if previous is not None else None
    if isinstance(inner, list) and inner:  # a list of mappings: the key belongs to its last item
        previous, inner = (previous, len(inner) - 1), inner[-1]
    if not isinstance(inner, dict) or not inner:
        return None
    above = parent + (previous if isinstance(previous, tuple) else (previous,))
    if key not in field_names(above):
        return None
    line, column = document.mark(above + (next(iter(inner)),))
    return (f'"{one_line(key)}" is not a key here, but it is one of {format_path(above)} just above; '
            f"indent it to column {column}, like that mapping's keys (line {line})")


LANGUAGE_EXAMPLES = "en, fr, es, de, fi, pt-BR, zh-Hant"


def language_hint(tag: str) -> str:
    """The closest language tag Babel knows, or a few valid ones; ends with its own punctuation."""
    known = [name.replace("_", "-") for name in localedata.locale_identifiers()]
    guess = closest(tag, known)
    return (f'did you mean "{guess}"? ' if guess else "") + f"valid tags include {LANGUAGE_EXAMPLES}."


def describe(value: Any) -> str:
    """Name what an author wrote, briefly, for a message."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return '"' + one_line(shown.replace("\n", " ")) + '"'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types inside Optional, list and Annotated."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (list, typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    return [annotation]


def _type_at(loc: Path) -> list[Any]:
    types_here: list[Any] = [model.Explainer]
    for part in loc:
        if isinstance(part, int):
            continue
        found: list[Any] = []
        for kind in types_here:
            if isinstance(kind, type) and issubclass(kind, BaseModel) and part in kind.model_fields:
                found += _unwrap(kind.model_fields[part].annotation)
        types_here = found
    return types_here


def field_names(loc: Path) -> set[str]:
    """Keys valid in the mapping at loc."""
    return {name for kind in _type_at(loc) if isinstance(kind, type) and issubclass(kind, BaseModel) for name in kind.model_fields}


def enum_values(loc: Path) -> list[str]:
    """Values valid for the enum field at loc."""
    return [m.value for kind in _type_at(loc) if isinstance(kind, type) and issubclass(kind, Enum) for m in kind]


# ---------------------------------------------------------------- after the schema: what the pages would make of it


def content_problems(document: Document, explainer: model.Explainer) -> list[Problem]:
    """Problems a valid-shaped file still has: refused links and hosts, and ids two elements of one page would share."""
    problems = [document.problem(path, message) for path, message in links.link_findings(explainer)]
    return problems + anchor_problems(document, explainer)


# Ids the templates give their own headings (explainer/render/templates, `{#...}`), by the page that has them.
FIXED_ANCHORS = {
    "timeline": {"joining": "the Joining section of a state's page", "withdrawal": "the withdrawal section of a state's page",
                 "armed-conflict": "the armed-conflict section of a state's page",
                 "disagreements": "the disagreements section of a state's page", "timeline": "the timeline section of a state's page"},
    "disagreements": {"flagged-dates": "the list of dates a source states differently"},
    "sources": {f"kind-{kind.value.replace('_', '-')}": f'the sources page\'s "{kind.value}" section' for kind in model.SourceKind},
    "treaty": {"joining": "the treaty page's section on joining"},
    "arguments": {"claims": "the arguments page's claims at a glance", "sides": "the arguments page's list of sides",
                  "details": "the arguments page's arguments in detail"},
}
YEAR_ANCHOR = re.compile(r"y\d+")
"""The timeline's year headings (y2025)."""


def anchor_slug(text: str) -> str:
    """The anchor of a glossary term or an article number (the pages use this function too)."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "term"


def page_anchors(explainer: model.Explainer) -> dict[str, list[tuple[str, Path, str]]]:
    """(anchor, path, raw value) of every id an author's value becomes, grouped by the page that holds it."""
    # render writes a computed effective date under this anchor, on the timeline and the state's page.
    timeline = [(rules.computed_anchor(s.id), ("states", i, "id"), s.id) for i, s in enumerate(explainer.states)]
    timeline += [(e.id, ("events", i, "id"), e.id) for i, e in enumerate(explainer.events)]
    arguments = [(s.id, ("arguments", "sides", i, "id"), s.id) for i, s in enumerate(explainer.arguments.sides)]
    arguments += [(a.id, ("arguments", "items", i, "id"), a.id) for i, a in enumerate(explainer.arguments.items)]
    return {
        "timeline": timeline,
        "arguments": arguments,
        "misreadings": [(m.id, ("misreadings", i, "id"), m.id) for i, m in enumerate(explainer.misreadings)],
        "disagreements": [(d.id, ("disagreements", i, "id"), d.id) for i, d in enumerate(explainer.disagreements)],
        "glossary": [(anchor_slug(t.term), ("glossary", i, "term"), t.term.casefold()) for i, t in enumerate(explainer.glossary)],
        "sources": [(s.id, ("sources", i, "id"), s.id) for i, s in enumerate(explainer.sources)],
        "treaty": [("article-" + anchor_slug(a.number), ("treaty", "articles", i, "number"), a.number)
                   for i, a in enumerate(explainer.treaty.articles)],
        # Made from the date and the position: never equal to one another, listed so every page id is known here.
        "changes": [(rules.change_anchor(c.date, i), ("changes", i, "date"), c.date.isoformat()) for i, c in enumerate(explainer.changes)],
    }


def anchor_problems(document: Document, explainer: model.Explainer) -> list[Problem]:
    """A problem for each author value whose anchor another value, or a heading, already has on the same page."""
    problems = []
    for page, anchors in page_anchors(explainer).items():
        fixed = FIXED_ANCHORS.get(page, {})
        first: dict[str, tuple[Path, str]] = {}
        for anchor, path, raw in anchors:
            if anchor in fixed or (page == "timeline" and YEAR_ANCHOR.fullmatch(anchor)):
                what = fixed.get(anchor, "a year heading of the timeline")
                problems.append(document.problem(path, f'makes the anchor "{anchor}", which {what} already has; choose another id.'))
            elif anchor in first:
                other, other_raw = first[anchor]
                # The same id twice in one list is a duplicate, which the cross-checks report in their own words.
                if other_raw != raw or other[:-2] != path[:-2] or page == "treaty":
                    line = document.mark(other)[0]
                    which = (f"the computed effective date of {other_raw} ({format_path(other)}, line {line})"
                             if anchor.startswith("computed-") and other[0] == "states" else f"{format_path(other)} (line {line})")
                    problems.append(document.problem(path, f'makes the anchor "{anchor}", which {which} also makes on the {page} page; '
                                                           "two elements would share one id, so links would land on the wrong one. "
                                                           "Rename one of them."))
            else:
                first[anchor] = (path, raw)
    return problems
