"""The explainer's content model: what an author can say in events.yaml.

Pure data: no I/O, no rendering. Every field carries a description, which
becomes the JSON Schema text an editor shows while the author types. The values inside (ids, text,
addresses, dates) are defined and checked in fields.py.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

# Re-exported: the rest of the code reads the values an author writes as model.X.
from .fields import (  # noqa: F401
    ADDRESS, ID_PATTERN, LANGUAGE_PATTERN, LINK_SCHEMES, MARKDOWN, MAX_YEAR, MIN_YEAR, PARTIAL_DATE_PATTERN, REFUSED_HOST_PATTERN,
    STATE_ID_PATTERN, ArticleNumber, Day, Flag, Id, Language, OptionalSourceIds, PartialDate, RefusedHost, ShortText, SourceIds,
    SourceLanguage, StateId, Text, Url, whole_number,
)


class Strict(BaseModel):
    """Base for every model: unknown keys are errors, values are not coerced silently."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)  # field docstrings become the schema's descriptions


# ---------------------------------------------------------------- sources


class SourceKind(str, Enum):
    """What kind of publisher a source is, so a reader can weigh it."""

    treaty_text = "treaty_text"
    depositary = "depositary"
    government = "government"
    parliament = "parliament"
    international_organisation = "international_organisation"
    ngo = "ngo"
    news_agency = "news_agency"
    news = "news"
    state_media = "state_media"
    analysis = "analysis"
    reference = "reference"


class Source(Strict):
    id: Id
    """Short id that text cites, e.g. hrw-2025-07-24."""
    title: ShortText
    """Title of the document or article."""
    publisher: ShortText
    """Who published it originally (not the site a copy was read on)."""
    kind: SourceKind
    """What kind of publisher this is."""
    url: Url | None = None
    """Address of the original. Give `url`, `read_at` or both."""
    read_at: Url | None = None
    """Address of a copy where the text was read, when the original is not at hand."""
    published: PartialDate | None = None
    """When it was published, as precisely as known."""
    accessed: PartialDate | None = None
    """When the text was last checked. Leave out when not recorded: never guess."""
    archived_url: Url | None = None
    """An archived copy (for example a web archive snapshot)."""
    language: SourceLanguage = "en"
    """Language of the source, as a BCP 47 tag (en, fi, pl, ...)."""
    note: ShortText | None = None
    """A short caution for readers, e.g. a known error in this source."""


# ---------------------------------------------------------------- treaty


class SourcedText(Strict):
    text: Text
    """A paragraph a reader sees."""
    sources: SourceIds


class DatedFact(Strict):
    date: PartialDate
    """When it happened."""
    end_date: PartialDate | None = None
    """Last day, for something that lasted more than one day."""
    place: ShortText | None = None
    """Where it happened."""
    sources: SourceIds


class Article(Strict):
    number: ArticleNumber
    """Article number as the treaty writes it, e.g. 20 or 20(3)."""
    title: ShortText
    """The article's heading or a short description."""
    text: Text
    """What it says: a short quotation or a paraphrase."""
    quoted: Flag = False
    """True when `text` is the treaty's own words (shown as a quotation)."""
    sources: SourceIds


class PeriodUnit(str, Enum):
    days = "days"
    months = "months"
    years = "years"


class Period(Strict):
    amount: whole_number(ge=0, le=1200)
    """How many units (at most 100 years, 1200 months or 1200 days)."""
    unit: PeriodUnit
    """days, months or years."""

    @model_validator(mode="after")
    def _at_most_a_century(self) -> "Period":
        if self.unit is PeriodUnit.years and self.amount > 100:
            raise PydanticCustomError("period_too_long", "a period of {amount} years is too long; at most 100 years", {"amount": self.amount})
        return self


class ClockStart(str, Enum):
    """The event that starts a withdrawal's notice period."""

    receipt_by_depositary = "receipt_by_depositary"
    notification_to_parties = "notification_to_parties"


class WithdrawalRule(Strict):
    article: ArticleNumber
    """The article that holds the rule, e.g. 20."""
    notice_period: Period
    """How long after the clock starts a withdrawal takes effect."""
    clock_starts: ClockStart = ClockStart.receipt_by_depositary
    """What starts the clock."""
    armed_conflict_clause: Flag = False
    """True when a withdrawal cannot take effect while the state is in an armed conflict at expiry."""
    later_date_allowed: Flag = False
    """True when a notice may name a later effective date than the period gives."""
    suspension_allowed: Flag = False
    """True when the treaty lets a party suspend (rather than leave) it."""
    text: list[Article] = Field(min_length=1)
    """The rule in the treaty's words, paragraph by paragraph."""
    sources: SourceIds
    notes: list[SourcedText] = Field(default_factory=list)
    """Further explanation: what starts the clock, why the clause exists, what withdrawal does not change."""


class EntryIntoForceRule(Strict):
    period: Period
    """Time after a state's deposit until the treaty binds it."""
    first_day_of_month: Flag = False
    """True when the date is the first day of the month the period ends in (Ottawa Art. 17(2))."""
    article: ArticleNumber
    """The article that holds the rule."""
    sources: SourceIds


class PartyCount(Strict):
    date: PartialDate
    """The day the count refers to."""
    count: whole_number(ge=0, le=1000)
    """Number of States Parties on that day."""
    note: ShortText | None = None
    """What the count includes, when that matters."""
    sources: SourceIds


class Treaty(Strict):
    name: ShortText
    """Full official name."""
    short_names: list[ShortText] = Field(min_length=1)
    """Names in common use; the first is used in running text."""
    adopted: DatedFact
    """When the treaty text was adopted, and where."""
    opened_for_signature: DatedFact
    """When states could first sign it."""
    entry_into_force: DatedFact
    """When the treaty first entered into force."""
    depositary: SourcedText
    """Who keeps the treaty and receives instruments, with sources."""
    summary: list[SourcedText] = Field(min_length=1)
    """What the treaty does, in a few paragraphs."""
    articles: list[Article] = Field(min_length=1)
    """Key articles, quoted or paraphrased."""
    withdrawal_rule: WithdrawalRule
    """How a party leaves (or suspends) the treaty: the build computes every withdrawal's effective day from it."""
    entry_into_force_rule: EntryIntoForceRule | None = None
    """How long after a deposit the treaty binds a state; leave out when not needed."""
    party_counts: list[PartyCount] = Field(min_length=1)
    """Counts of States Parties, each with the day it refers to."""


# ---------------------------------------------------------------- states


class ConsentKind(str, Enum):
    ratification = "ratification"
    accession = "accession"
    acceptance = "acceptance"
    approval = "approval"
    succession = "succession"


class Joining(Strict):
    signed: PartialDate | None = None
    """Day the state signed, if it did."""
    consent: ConsentKind
    """How it consented to be bound."""
    deposited: PartialDate
    """Day its instrument of ratification or accession was deposited."""
    entry_into_force: PartialDate
    """Day the treaty began to bind it."""
    sources: SourceIds


class ArmedConflict(Strict):
    start: PartialDate
    """When the state became engaged in the armed conflict, or the earliest day a cited source records it (see `start_known`)."""
    start_known: Flag = True
    """false when `start` is only the earliest day the sources record: pages then say "ongoing since at least"."""
    end: PartialDate | None = None
    """When it ended; leave out while it goes on."""
    description: ShortText
    """What the conflict is, in neutral words."""
    sources: SourceIds


class State(Strict):
    id: StateId
    """ISO 3166-1 alpha-2 code, e.g. EE."""
    name: ShortText
    """Common English name."""
    joined: Joining | None = None
    """How and when it joined; leave out for a state that never did."""
    armed_conflicts: list[ArmedConflict] = Field(default_factory=list)
    """Armed conflicts it is recorded as engaged in (used by an armed-conflict clause)."""
    summary: Text | None = None
    """One or two sentences of context; needs `summary_sources`."""
    summary_sources: OptionalSourceIds


# ---------------------------------------------------------------- events


class EventKind(str, Enum):
    """The fixed vocabulary of events. See README for what each means."""

    signature = "signature"
    joined = "joined"
    announcement = "announcement"
    government_decision = "government_decision"
    parliament_vote = "parliament_vote"
    head_of_state_decision = "head_of_state_decision"
    notice_received = "notice_received"
    notice_circulated = "notice_circulated"
    notice_revoked = "notice_revoked"
    withdrawal_effective = "withdrawal_effective"
    objection = "objection"
    meeting_decision = "meeting_decision"
    statement = "statement"
    report = "report"
    production_plan = "production_plan"
    other = "other"


class Instrument(str, Enum):
    withdrawal = "withdrawal"
    suspension = "suspension"


class StatedDate(Strict):
    date: PartialDate
    """The date the source gives."""
    sources: SourceIds


class Event(Strict):
    id: Id
    """Unique lower-case id (letters, digits, '.', '_', '-'), e.g. ee-notice."""
    date: PartialDate
    """When it happened: YYYY-MM-DD, or YYYY-MM / YYYY where only that is known."""
    states: list[StateId] = Field(default_factory=list)
    """States concerned (ids from `states`)."""
    kind: EventKind
    """What kind of event it is (see "Event kinds" in the README)."""
    title: ShortText
    """A short headline."""
    summary: Text
    """What happened, in plain words."""
    sources: SourceIds
    instrument: Instrument = Instrument.withdrawal
    """For notice_received: what the notice claims to do."""
    later_date: PartialDate | None = None
    """For notice_received: a later effective date the notice names, where the rule allows it."""
    stated_effective: StatedDate | None = None
    """For notice_received: the effective date a source states; the build compares it with the computed one."""
    planned: Flag = False
    """True for something announced for a day after `as_of`."""
    key: Flag = False
    """True to list it among the key dates on the start page."""
    disagreement: Id | None = None
    """Id of a disagreement about this event (e.g. its exact date)."""


# ---------------------------------------------------------------- arguments


class Side(Strict):
    id: Id
    """Unique id that arguments name in `side`, e.g. security."""
    title: ShortText
    """How the page names this side, e.g. Security and deterrence."""
    description: Text
    """Who makes these arguments, in neutral words."""


class Argument(Strict):
    id: Id
    """Unique id, which other arguments name in `answers`."""
    side: Id
    """Id of one of `arguments.sides`."""
    claim: ShortText
    """The argument in one short sentence."""
    speakers: list[ShortText] = Field(min_length=1)
    """Who makes it: named people or bodies, with their role."""
    summary: Text
    """The argument as its speakers put it, paraphrased; quotes under 40 words."""
    sources: SourceIds
    answers: list[Id] = Field(default_factory=list)
    """Ids of arguments of another side that this one answers."""


class Arguments(Strict):
    sides: list[Side] = Field(min_length=2)
    """The sides, in the order the page shows them."""
    order: Text | None = None
    """How that order was chosen, in a sentence the page shows, e.g. Alphabetical by the sides' titles."""
    items: list[Argument] = Field(min_length=1)
    """The arguments, each on one side, in the order the page shows them."""


# ---------------------------------------------------------------- the rest


class GlossaryTerm(Strict):
    term: ShortText
    """The word or phrase as it appears in the text."""
    definition: Text
    """A definition a 15-year-old can follow."""
    aliases: list[ShortText] = Field(default_factory=list)
    """Other spellings or forms that should show the same definition."""
    sources: OptionalSourceIds


class DisagreementValue(Strict):
    value: ShortText
    """What these sources say."""
    sources: SourceIds
    note: ShortText | None = None
    """A short remark on this version, e.g. which day it counts from."""


class Disagreement(Strict):
    id: Id
    """Unique id, which an event names in `disagreement`."""
    question: ShortText
    """The fact on which sources differ, as a question."""
    values: list[DisagreementValue] = Field(min_length=2)
    """Each version, with its sources."""
    assessment: Text | None = None
    """What the explainer makes of it, if anything; needs `assessment_sources`."""
    assessment_sources: OptionalSourceIds
    states: list[StateId] = Field(default_factory=list)
    """States it concerns."""


class Misreading(Strict):
    id: Id
    """Unique id, the misreading's anchor on its page."""
    claim: ShortText
    """The wrong or misleading claim, as it circulated."""
    seen_in: ShortText
    """Where it circulated, described (e.g. several news reports, July 2025)."""
    correction: Text
    """The correct fact."""
    sources: SourceIds


class QuizQuestion(Strict):
    question: ShortText
    """A question a student can answer from the site."""
    choices: list[ShortText] = Field(default_factory=list)
    """Options for a multiple-choice question; leave out for an open question."""
    answer: Text
    """The answer, as the answer key shows it."""
    sources: SourceIds


class Classroom(Strict):
    learning_goals: list[ShortText] = Field(min_length=1)
    """What students should be able to do after the lesson."""
    discussion_questions: list[ShortText] = Field(default_factory=list)
    """Open questions for class discussion."""
    quiz: list[QuizQuestion] = Field(default_factory=list)
    """A short quiz; answers are hidden until opened and repeated in an answer key."""
    teacher_notes: list[Text] = Field(default_factory=list)
    """The authors' notes to teachers on how the explainer was made (what was left out, and why)."""


class Change(Strict):
    date: Day
    """The day the explainer changed."""
    summary: Text
    """What changed, in a sentence or two a reader can follow (added, corrected, updated)."""
    sources: OptionalSourceIds


class License(Strict):
    name: ShortText
    """e.g. CC BY 4.0"""
    url: Url
    """Where the license text is, e.g. https://creativecommons.org/licenses/by/4.0/"""


class Person(Strict):
    name: ShortText
    """A person's or an organisation's name."""
    role: ShortText | None = None
    """A person's role, e.g. editor; leave out for an organisation."""


class ExplainerInfo(Strict):
    title: ShortText
    """The explainer's name, shown on every page and in search results."""
    description: ShortText
    """One sentence for search engines and link previews."""
    language: Language = "en"
    """Language of the text, as a BCP 47 tag the build can write dates in (en, fr, pt-BR, zh-Hant, ...)."""
    as_of: Day
    """The day the facts are checked to; statuses are computed for this day."""
    license: License
    """The license of the text, which every page and download states."""
    maintainers: list[Person] = Field(min_length=1)
    """Who writes and checks the explainer: the authors that citations of it name."""
    overview: list[SourcedText] = Field(min_length=1)
    """What happened, in a few sentences, for the start page."""
    site_url: Url | None = None
    """Where the site is published, for citations; leave out when not known."""
    stale_after_days: whole_number(ge=1) | None = 365
    """Warn when as_of is older than this many days."""
    reading_grade_max: Annotated[float, Field(strict=True, ge=1, le=20)] | None = 11.0
    """Warn when a page's text reads above this school grade (Flesch-Kincaid)."""
    refused_hosts: list[RefusedHost] = Field(default_factory=list)
    """Hosts no address or link may point to (a source policy); each also refuses its subdomains ("*.example.com" says so)."""
    timeline_split: whole_number(ge=1) = 150
    """Split the timeline into a page per year once it has more events than this; a busier year gets parts of this size."""
    sources_split: whole_number(ge=1) = 300
    """Split the list of sources into a page per initial letter once it has more sources than this; a longer letter gets parts of this size."""


class Explainer(Strict):
    """One explainer: the whole content of events.yaml."""

    # Standard validators (check-jsonschema, ajv, yaml-language-server) need the dialect named.
    model_config = ConfigDict(title="explainer events file", json_schema_extra={
        "$schema": "https://json-schema.org/draft/2020-12/schema"})

    explainer: ExplainerInfo
    """About the explainer itself: title, language, the day facts are checked to, license, authors."""
    treaty: Treaty
    """The treaty: its dates, key articles, withdrawal rule and counts of parties."""
    states: list[State] = Field(min_length=1)
    """The states the explainer covers, with how and when each joined."""
    events: list[Event] = Field(min_length=1)
    """Dated, sourced events: the timeline."""
    arguments: Arguments
    """The arguments on each side, in neutral words, each with its sources."""
    misreadings: list[Misreading] = Field(default_factory=list)
    """Wrong or misleading claims that circulated, with the correction."""
    disagreements: list[Disagreement] = Field(default_factory=list)
    """Facts on which sources differ, each version with its sources."""
    glossary: list[GlossaryTerm] = Field(default_factory=list)
    """Terms the pages link to their definition."""
    classroom: Classroom | None = None
    """Material for a lesson: goals, discussion questions and a quiz."""
    sources: list[Source] = Field(min_length=1)
    """Every source the text cites: what `sources` lists name by id."""
    changes: list[Change] = Field(default_factory=list)
    """A record of changes to the explainer, newest or oldest first: it becomes the "What changed" page and an Atom feed."""
