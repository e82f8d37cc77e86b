"""Translations of the content: a file per language beside the events file that translates its text fields by id.

`events.fr.yaml` beside `events.yaml` translates it into French: the same keys as the events file, where a list of
things with an id (events, states, sources, arguments, glossary terms by their term, articles by their number)
becomes a mapping from that id to the translated fields, and other lists stay lists, item by item. Only text a
reader reads is translatable; ids, dates, addresses and sources stay in the events file, so the facts cannot
differ between languages. What a file leaves out falls back to the original language and is marked as such.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any, Iterator

from pydantic import TypeAdapter

from . import model
from .errors import InputError, Path, Problem, did_you_mean, format_path
from .fields import LANGUAGE_PATTERN
from .source import Document
from .validate import describe, language_hint, parse_explainer

TEXT = "text"
"""A translatable text field."""


@dataclass(frozen=True)
class ById:
    """A list whose items are named by `key` in the translation file (a mapping from that key to the fields)."""

    key: str
    fields: dict


@dataclass(frozen=True)
class InOrder:
    """A list translated item by item, in the same order (`~` leaves an item untranslated)."""

    item: Any


_SOURCED = {"text": TEXT}
_ARTICLES = ById("number", {"title": TEXT, "text": TEXT})
SPEC: dict = {
    "explainer": {"title": TEXT, "description": TEXT, "overview": InOrder(_SOURCED), "maintainers": InOrder({"role": TEXT})},
    "treaty": {
        "name": TEXT, "short_names": InOrder(TEXT), "adopted": {"place": TEXT}, "opened_for_signature": {"place": TEXT},
        "entry_into_force": {"place": TEXT}, "depositary": _SOURCED, "summary": InOrder(_SOURCED), "articles": _ARTICLES,
        "withdrawal_rule": {"text": _ARTICLES, "notes": InOrder(_SOURCED), "recipients": InOrder(TEXT)},
        "party_counts": InOrder({"note": TEXT}),
    },
    "states": ById("id", {"name": TEXT, "summary": TEXT, "armed_conflicts": InOrder({"description": TEXT})}),
    "events": ById("id", {"title": TEXT, "summary": TEXT}),
    "arguments": {"order": TEXT, "sides": ById("id", {"title": TEXT, "description": TEXT}),
                  "items": ById("id", {"claim": TEXT, "summary": TEXT, "speakers": InOrder(TEXT)})},
    "misreadings": ById("id", {"claim": TEXT, "seen_in": TEXT, "correction": TEXT}),
    "disagreements": ById("id", {"question": TEXT, "assessment": TEXT, "values": InOrder({"value": TEXT, "note": TEXT})}),
    "glossary": ById("term", {"term": TEXT, "definition": TEXT, "aliases": InOrder(TEXT)}),
    "classroom": {"learning_goals": InOrder(TEXT), "discussion_questions": InOrder(TEXT), "teacher_notes": InOrder(TEXT),
                  "quiz": InOrder({"question": TEXT, "choices": InOrder(TEXT), "answer": TEXT})},
    "changes": InOrder({"summary": TEXT}),
    # A source keeps its title as published (what a reader looks for); only the note to readers is translated.
    "sources": ById("id", {"note": TEXT}),
}
"""What a translation file may translate, shaped like the events file."""

KEPT_AS_WRITTEN = {
    "sources.title": "a source keeps the title it was published under, which is what a reader looks for",
    "sources.publisher": "a publisher keeps its own name",
    "explainer.maintainers.name": "a person's name is the same in every language",
    "explainer.license.name": "a license keeps the name its authors give it (CC BY 4.0)",
    **dict.fromkeys(["treaty.articles.number", "treaty.withdrawal_rule.text.number", "treaty.withdrawal_rule.article",
                     "treaty.entry_into_force_rule.article"], "an article keeps its number, which names it in this file too"),
}
"""The text fields that are not translatable, each with the reason an author is told."""

SUGGESTIONS = 100
"""Unknown ids that get a "did you mean"; past these, the message only says the id is unknown."""

TRANSLATION_NAME = re.compile(LANGUAGE_PATTERN.removeprefix("^").removesuffix("$"))


class Untranslated(str):
    """Text shown in the original language because the translation file leaves it out; `lang` names that language."""

    __slots__ = ("lang",)

    def __new__(cls, text: str, lang: str) -> "Untranslated":
        value = super().__new__(cls, text)
        value.lang = lang
        return value


@dataclass
class Completeness:
    """How much of the events file's text a translation covers."""

    language: str
    file: str
    translated: int
    total: int
    missing: list[str] = field(default_factory=list)
    """Each untranslated field as the translation file would name it (events.ee-notice.summary)."""

    def summary(self, shown: int = 6) -> str:
        """One line: N of M text fields translated, and the first few missing."""
        line = f"{self.language} ({self.file}): {self.translated} of {self.total} text fields translated"
        if not self.missing:
            return line + "."
        more = f" and {len(self.missing) - shown} more" if len(self.missing) > shown else ""
        return line + f"; not yet translated (shown in the original language): {', '.join(self.missing[:shown])}{more}."


@dataclass
class Translation:
    """One language's explainer: the original with the translation file's text in place, and what it left out."""

    language: str
    explainer: model.Explainer
    completeness: Completeness


def translation_language(file_name: str, events_name: str) -> str | None:
    """The language a file beside the events file translates into (events.fr.yaml -> fr), or None if it is not one."""
    stem, _, suffix = events_name.rpartition(".")
    if not stem or not file_name.startswith(stem + ".") or not file_name.endswith(("." + suffix, ".yaml", ".yml")):
        return None
    middle = file_name[len(stem) + 1:].rpartition(".")[0]
    return middle if TRANSLATION_NAME.fullmatch(middle) else None


def translate(original: Document, explainer: model.Explainer, language: str, translation: Document) -> Translation:
    """The explainer in `language`, or InputError with every problem of the translation file, located in it."""
    source_language = explainer.explainer.language
    if language == source_language:
        raise InputError([Problem(translation.file, 1, 1, "", f'translates into "{language}", the events file\'s own language; '
                                                             "name it after another language (events.fr.yaml) or remove it.")])
    overlay = _Overlay(translation)
    if not isinstance(translation.data, dict):
        raise InputError([translation.problem((), f"expected a mapping (key: value lines) at the top, found {describe(translation.data)}.")])
    overlay.mapping(SPEC, original.data, translation.data, (), ())
    if overlay.problems:
        raise InputError(overlay.problems)
    merged = copy.deepcopy(original.data)
    for main_path, (_, text) in overlay.moved.items():
        _put(merged, main_path, text)
    merged["explainer"]["language"] = language
    if explainer.explainer.site_url:  # (build --site-url's, if given) the pages' addresses in their own language
        merged["explainer"]["site_url"] = explainer.explainer.site_url.rstrip("/") + "/" + language + "/"
    translated = parse_explainer(_Relocated(original, translation, merged, overlay.moved))
    everything = list(text_fields(SPEC, original.data, (), ()))
    missing = [(path, label) for path, label in everything if path not in overlay.moved]
    for path, _ in missing:
        _mark_untranslated(translated, path, source_language)
    completeness = Completeness(language, translation.file, len(everything) - len(missing), len(everything),
                                [format_path(label) for _, label in missing])
    return Translation(language, translated, completeness)


def language_problem(file: str, language: str) -> Problem | None:
    """Why a translation file's language (from its name) cannot be built, or None."""
    try:
        TypeAdapter(model.Language).validate_python(language)
    except ValueError:
        return Problem(file, 1, 1, "", f'"{language}" in the file\'s name is not a language the build can write dates in; '
                                       f"{language_hint(language)} Rename the file, or move it away from the events file.")
    return None


def text_fields(spec: Any, value: Any, path: Path, label: Path) -> Iterator[tuple[Path, Path]]:
    """Every translatable text of the events file: its path there, and its name in a translation file."""
    if spec == TEXT:
        if isinstance(value, str):
            yield path, label
    elif isinstance(spec, dict) and isinstance(value, dict):
        for key, inner in spec.items():
            yield from text_fields(inner, value.get(key), path + (key,), label + (key,))
    elif isinstance(spec, (ById, InOrder)) and isinstance(value, list):
        for index, item in enumerate(value):
            name = _item_key(spec, item, index)
            inner = spec.fields if isinstance(spec, ById) else spec.item
            yield from text_fields(inner, item, path + (index,), label + (name,))


def _item_key(spec: ById | InOrder, item: Any, index: int) -> str | int:
    """An item's name in a translation file: its id (or term, or number), or its position."""
    if isinstance(spec, ById) and isinstance(item, dict) and item.get(spec.key) is not None:
        return str(item[spec.key])
    return index


class _Overlay:
    """Walks a translation file beside the events file: which text goes where, and what is refused."""

    def __init__(self, translation: Document):
        self.translation = translation
        self.problems: list[Problem] = []
        self.unknown = 0
        self.moved: dict[Path, tuple[Path, str]] = {}
        """Path in the events file -> (path in the translation file, the translated text)."""

    def refuse(self, where: Path, message: str) -> None:
        self.problems.append(self.translation.problem(where, message))

    def value(self, spec: Any, original: Any, given: Any, path: Path, where: Path) -> None:
        if given is None:
            return  # "~" or an empty entry: left untranslated on purpose
        if spec == TEXT:
            if not isinstance(given, str):
                self.refuse(where, f"expected the translated text, found {describe(given)}.")
            elif isinstance(original, str):
                self.moved[path] = (where, given)
            else:
                self.refuse(where, "the events file has no text here to translate; remove this line.")
        elif isinstance(spec, dict):
            self.mapping(spec, original if isinstance(original, dict) else {}, given, path, where)
        elif isinstance(spec, ById):
            self.by_id(spec, original if isinstance(original, list) else [], given, path, where)
        else:
            self.in_order(spec, original if isinstance(original, list) else [], given, path, where)

    def mapping(self, spec: dict, original: dict, given: Any, path: Path, where: Path) -> None:
        if not isinstance(given, dict):
            self.refuse(where, f"expected a mapping (key: value lines), found {describe(given)}.")
            return
        for key, inner in given.items():
            if key in spec:
                self.value(spec[key], original.get(key), inner, path + (key,), where + (key,))
            elif key in original or _is_model_field(path, key):
                field_name = ".".join([*(step for step in path if isinstance(step, str)), key])
                why = KEPT_AS_WRITTEN.get(field_name, "ids, dates, addresses and sources stay as the events file has them")
                self.refuse(where + (key,), f'"{key}" is not translatable ({why}); translatable here: {", ".join(spec)}.')
            else:
                self.refuse(where + (key,), f'unknown key "{key}"; {did_you_mean(str(key), spec, "translatable keys")}')

    def by_id(self, spec: ById, original: list, given: Any, path: Path, where: Path) -> None:
        if not isinstance(given, dict):
            self.refuse(where, f"expected a mapping from each {spec.key} to its translated fields ({spec.key}: {{...}}), "
                               f"found {describe(given)}.")
            return
        index = {str(item.get(spec.key)): n for n, item in enumerate(original) if isinstance(item, dict)}
        for key, inner in given.items():
            if key not in index:
                self.unknown += 1
                # Suggestions cost a fuzzy match against every id: a file of 50,000 wrong ids gets them for the first few.
                hint = did_you_mean(key, index, "known ones") if self.unknown <= SUGGESTIONS else "check the id in the events file."
                self.refuse(where + (key,), f'unknown {spec.key} "{key}": the events file has none; {hint}')
                continue
            self.value(spec.fields, original[index[key]], inner, path + (index[key],), where + (key,))

    def in_order(self, spec: InOrder, original: list, given: Any, path: Path, where: Path) -> None:
        if not isinstance(given, list):
            self.refuse(where, f"expected a list translated item by item, found {describe(given)}.")
            return
        for n, inner in enumerate(given):
            if n >= len(original):
                self.refuse(where + (n,), f"the events file has {len(original)} item{'s' if len(original) != 1 else ''} here, "
                                          "so there is nothing to translate; remove the extra items.")
                break
            self.value(spec.item, original[n], inner, path + (n,), where + (n,))


def _is_model_field(path: Path, key: str) -> bool:
    """Whether the events file could hold `key` at `path` (so it exists, but is not translatable)."""
    node: Any = model.Explainer
    for step in path:
        if isinstance(step, int):
            continue
        annotation = node.model_fields[step].annotation if step in getattr(node, "model_fields", {}) else None
        node = next((t for t in _types(annotation) if isinstance(t, type) and issubclass(t, model.BaseModel)), None)
        if node is None:
            return False
    return key in getattr(node, "model_fields", {})


def _types(annotation: Any) -> Iterator[Any]:
    """The types inside an annotation (list[X], X | None)."""
    yield annotation
    for inner in getattr(annotation, "__args__", ()):
        yield from _types(inner)


def _put(data: Any, path: Path, text: str) -> None:
    for step in path[:-1]:
        data = data[step]
    data[path[-1]] = text


def _mark_untranslated(explainer: model.Explainer, path: Path, language: str) -> None:
    """Make the value at `path` an Untranslated string, so the pages mark it (the models are frozen, so set it directly)."""
    holder: Any = explainer
    for step in path[:-1]:
        holder = holder[step] if isinstance(step, int) else getattr(holder, step)
    last = path[-1]
    if isinstance(last, int):
        holder[last] = Untranslated(holder[last], language)
    else:
        object.__setattr__(holder, last, Untranslated(getattr(holder, last), language))


class _Relocated:
    """The merged data, as parse_explainer reads it, with each problem in a translated text placed in the translation file."""

    def __init__(self, original: Document, translation: Document, data: Any, moved: dict[Path, tuple[Path, str]]):
        self.file, self.data = original.file, data
        self.original, self.translation, self.moved = original, translation, moved

    def problem(self, path: Path, message: str, severity: str = "error") -> Problem:
        for length in range(len(path), 0, -1):
            place = self.moved.get(tuple(path[:length]))
            if place is not None:
                return self.translation.problem(place[0] + tuple(path[length:]), message, severity)
        return self.original.problem(path, message, severity)
