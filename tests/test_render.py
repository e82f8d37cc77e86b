"""Rendering details a reader relies on: glossary links and citations."""

from explainer import model
from explainer.render.text import GlossaryLinker

TERMS = [
    model.GlossaryTerm(term="depositary", definition='Keeps the "treaty".', aliases=["depositaries"]),
    model.GlossaryTerm(term="State Party", definition="A state bound by it.", aliases=["States Parties"]),
]


def test_first_use_of_a_term_links_to_its_definition_once_per_page():
    link = GlossaryLinker(TERMS, "glossary.md", lambda t: t.term.lower().replace(" ", "-")).for_page("countries/ee.md")
    assert link("The depositary and the depositaries.") == (
        "The [depositary](../glossary.md#depositary \"Keeps the 'treaty'.\") and the depositaries."
    )
    assert link("Each State Party; one depositary.") == (
        'Each [State Party](../glossary.md#state-party "A state bound by it.") ; one depositary.'.replace(" ;", ";")
    )


def test_terms_inside_links_code_and_footnotes_are_left_alone():
    link = GlossaryLinker(TERMS, "glossary.md", lambda t: t.term.lower()).for_page("index.md")
    text = "[the depositary](https://example.org) `depositary` [^depositary]"
    assert link(text) == text


def test_the_glossary_page_itself_links_nothing():
    link = GlossaryLinker(TERMS, "glossary.md", lambda t: t.term.lower()).for_page("glossary.md")
    assert link("depositary") == "depositary"
