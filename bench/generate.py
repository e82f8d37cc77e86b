"""Synthetic explainers of any size, for the benchmark: python bench/generate.py 1000 > big.yaml

Everything is invented: the Benchmark Accord, its states (two-letter codes AA..ZZ with made-up
names) and its sources (example.org addresses). The content is in proportion to the number of
events, as a real explainer grows:

    sources        1 per 2 events            states      1 per 20 events (at least 2, at most 676)
    arguments      1 per 10 events, split evenly over two sides
    glossary       1 term per 20 events      disagreements  1 per 50 events
    misreadings    1 per 100 events          notices     for about one state in four

The file is valid under the real schema and the build's checks find no error and no warning in it
(bench/run.py verifies this). The same size and seed always give the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import string
import sys

import yaml

SIZES = (10, 100, 1_000, 10_000)
AS_OF = dt.date(2026, 3, 1)
NOTICE_MONTHS = 12
EIF_DAYS = 30
SYLLABLES = ("ka", "lo", "mi", "ra", "ven", "dor", "sa", "ti", "bel", "nor", "qua", "zel", "fen", "mar", "ul", "ost")
SUFFIXES = ("land", "stan", "ia", "ovia", "mark", "eria")
FILLER = (
    "The report describes the step in plain words and gives the dates the participants named.",
    "Officials said the decision followed a review of the obligations the Accord sets out.",
    "Observers noted that the text of the decision was published on the same day.",
    "The statement was read out at a press briefing and later posted in full.",
    "A spokesperson said further steps would follow the usual parliamentary procedure.",
)
FILLER_KINDS = ("announcement", "government_decision", "parliament_vote", "statement", "report",
                "meeting_decision", "objection", "other", "signature", "production_plan")
SOURCE_KINDS = ("government", "parliament", "international_organisation", "ngo", "news_agency", "news",
                "analysis", "reference", "depositary")


def state_codes(count: int) -> list[str]:
    letters = string.ascii_uppercase
    return [a + b for a in letters for b in letters][:count]


def fictional_name(rng: random.Random, used: set[str]) -> str:
    while True:
        name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))) + rng.choice(SUFFIXES)
        name = name.capitalize()
        if name not in used:
            used.add(name)
            return name


def day(rng: random.Random, first: dt.date, last: dt.date, max_day: int = 28) -> dt.date:
    """A random day between two dates; day of month at most max_day so month arithmetic never clamps."""
    span = (last - first).days
    while True:
        found = first + dt.timedelta(days=rng.randint(0, span))
        if found.day <= max_day:
            return found


def add_months(start: dt.date, months: int) -> dt.date:
    month = start.month - 1 + months
    return start.replace(year=start.year + month // 12, month=month % 12 + 1)


def generate(events: int, seed: int = 7) -> dict:
    """One explainer with `events` events, as plain data ready for YAML."""
    if events < 10:
        raise ValueError("at least 10 events")
    rng = random.Random(f"{seed}-{events}")
    n_sources = max(3, events // 2)
    n_states = min(676, max(2, events // 20))
    n_arguments = max(2, events // 10) // 2 * 2
    n_terms = max(1, events // 20)
    n_disagreements = max(1, events // 50)
    n_misreadings = max(1, events // 100)

    source_ids = [f"src-{i:05d}" for i in range(n_sources)]
    cursor = 0

    def cite(count: int = 1) -> list[str]:
        """Source ids in turn, so every source ends up cited at least once."""
        nonlocal cursor
        ids = []
        for _ in range(count):
            ids.append(source_ids[cursor % n_sources])
            cursor += 1
        return list(dict.fromkeys(ids))

    def text(sentences: int = 2) -> str:
        return " ".join(rng.choice(FILLER) for _ in range(sentences))

    # ---------------------------------------------------------------- states
    names: set[str] = set()
    states, state_rows = [], []
    for code in state_codes(n_states):
        name = fictional_name(rng, names)
        deposited = day(rng, dt.date(2002, 2, 1), dt.date(2012, 12, 31))
        signed = deposited - dt.timedelta(days=rng.randint(30, 300))
        state = {
            "id": code,
            "name": name,
            "joined": {
                "consent": rng.choice(["ratification", "accession"]),
                "signed": signed.isoformat(),
                "deposited": deposited.isoformat(),
                "entry_into_force": (deposited + dt.timedelta(days=EIF_DAYS)).isoformat(),
                "sources": cite(),
            },
        }
        if rng.random() < 0.3:
            state["summary"] = f"{name} is an invented state used only by the benchmark. " + text(1)
            state["summary_sources"] = cite()
        states.append(state)
        state_rows.append((code, name, deposited))

    # ---------------------------------------------------------------- events
    out: list[dict] = []

    def event(kind: str, when: dt.date, state_ids: list[str], title: str, **extra) -> dict:
        item = {
            "id": f"e{len(out):05d}-{kind.replace('_', '-')}",
            "date": when.isoformat(),
            "states": state_ids,
            "kind": kind,
            "title": title,
            "summary": text(rng.randint(1, 3)),
            "sources": cite(rng.randint(1, 2)),
        }
        item.update(extra)
        out.append(item)
        return item

    for code, name, deposited in state_rows:
        if len(out) >= events:
            break
        event("joined", deposited, [code], f"{name} joins the Accord")

    # Notices for about one state in four; some revoked, some with the effective date authored.
    conflict_states: set[str] = set()
    for index, (code, name, deposited) in enumerate(state_rows):
        if index % 4 != 1 or len(out) >= events:
            continue
        received = day(rng, dt.date(2018, 1, 1), dt.date(2025, 12, 31))
        effective = add_months(received, NOTICE_MONTHS)
        extra = {}
        if index % 12 == 5:
            conflict_states.add(code)
        elif index % 8 == 1 and index % 12 != 9:
            extra["stated_effective"] = {"date": effective.isoformat(), "sources": cite()}
        event("notice_received", received, [code], f"{name}'s notice of withdrawal received", key=index % 3 == 1, **extra)
        if index % 12 == 9 and len(out) < events:
            revoked = received + dt.timedelta(days=rng.randint(10, 150))
            if revoked <= AS_OF:
                event("notice_revoked", revoked, [code], f"{name} revokes its notice")
        elif effective <= AS_OF and code not in conflict_states and index % 8 == 1 and len(out) < events:
            event("withdrawal_effective", effective, [code], f"{name}'s withdrawal takes effect")
    for index, state in enumerate(states):
        if state["id"] in conflict_states:
            state["armed_conflicts"] = [{
                "start": "2017-05", "description": "An invented border conflict.", "sources": cite()}]
            if index % 2:
                state["armed_conflicts"][0]["end"] = "2026-01-15"

    codes = [code for code, _, _ in state_rows]
    disagreement_ids = [f"dis-{i:04d}" for i in range(n_disagreements)]
    d_cursor = 0
    while len(out) < events:
        kind = rng.choice(FILLER_KINDS)
        concerned = sorted(set(rng.sample(codes, rng.randint(0, min(2, len(codes))))))
        extra = {}
        if len(out) % 25 == 3 and d_cursor < n_disagreements:
            extra["disagreement"] = disagreement_ids[d_cursor]
            d_cursor += 1
        if len(out) % 97 == 11:
            extra["key"] = True
        if len(out) % 200 == 17:
            when = day(rng, AS_OF + dt.timedelta(days=10), AS_OF + dt.timedelta(days=300))
            extra["planned"] = True
        else:
            when = day(rng, dt.date(2000, 1, 1), AS_OF)
        label = kind.replace("_", " ")
        event(kind, when, concerned, f"{label.capitalize()} no. {len(out)}", **extra)
    for item in out:
        if rng.random() < 0.05:
            item["summary"] += " See the *full text* at [the register](https://example.org/bench/register)."

    # ---------------------------------------------------------------- arguments, glossary, the rest
    sides = [
        {"id": "leave", "title": "For leaving", "description": "Arguments of governments that gave notice, in their words."},
        {"id": "stay", "title": "For staying", "description": "Arguments of the Accord's supporters, in their words."},
    ]
    arguments = []
    for i in range(n_arguments):
        side = sides[i % 2]["id"]
        item = {
            "id": f"arg-{i:04d}",
            "side": side,
            "claim": f"Claim number {i} of the side {side}.",
            "speakers": [f"Minister of Examples of {rng.choice(state_rows)[1]}"],
            "summary": text(2),
            "sources": cite(),
        }
        if i >= 1 and i % 2 == 1:
            item["answers"] = [f"arg-{i - 1:04d}"]
        arguments.append(item)

    glossary = [{"term": f"benchmark term {i}", "definition": "An invented word defined for the benchmark. " + text(1),
                 "aliases": [f"bench term {i}"] if i % 3 == 0 else [], "sources": cite() if i % 2 else []}
                for i in range(n_terms)]
    disagreements = []
    for i, d_id in enumerate(disagreement_ids):
        entry = {"id": d_id, "question": f"When exactly did step {i} happen?",
                 "values": [{"value": "On the first day given", "sources": cite()},
                            {"value": "One day later", "sources": cite(), "note": "As reported the next morning."}],
                 "states": [rng.choice(codes)]}
        if i % 2:
            entry["assessment"] = "The earlier date is the one the depositary's record gives."
            entry["assessment_sources"] = cite()
        disagreements.append(entry)
    misreadings = [{"id": f"mis-{i:04d}", "claim": f"The Accord was cancelled in year {2000 + i % 26}.",
                    "seen_in": "Several invented news reports", "correction": "It was not: " + text(1), "sources": cite()}
                   for i in range(n_misreadings)]

    # Sources are built last so their number covers every citation made above.
    sources = []
    for i, source_id in enumerate(source_ids):
        published = day(rng, dt.date(2000, 1, 1), AS_OF - dt.timedelta(days=1))
        entry = {"id": source_id, "title": f"Invented document {i}", "publisher": f"Example Publisher {i % 40}",
                 "kind": SOURCE_KINDS[i % len(SOURCE_KINDS)], "url": f"https://example.org/bench/{source_id}",
                 "published": published.isoformat() if i % 5 else published.isoformat()[:7]}
        if i % 7 == 0:
            entry["read_at"] = f"https://example.org/copies/{source_id}"
        if i % 11 == 0:
            entry["accessed"] = "2026-02-20"
        sources.append(entry)
    sources[0].update(title="Text of the Benchmark Accord", kind="treaty_text")
    core = cite(1)  # whatever comes next; the treaty cites it throughout

    return {
        "explainer": {
            "title": f"The Benchmark Accord ({events:,} events)",
            "description": "An invented explainer generated for the benchmark; none of it is real.",
            "as_of": AS_OF.isoformat(),
            "license": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
            "maintainers": [{"name": "Benchmark generator"}],
            "overview": [{"text": "Invented states joined the *Benchmark Accord*; some gave notice to leave it.", "sources": core}],
        },
        "treaty": {
            "name": "Benchmark Accord on Invented Things",
            "short_names": ["Benchmark Accord"],
            "adopted": {"date": "2001-05-10", "place": "Exampleville", "sources": core},
            "opened_for_signature": {"date": "2001-06-01", "end_date": "2001-06-02", "place": "Exampleville", "sources": core},
            "entry_into_force": {"date": "2002-01-01", "sources": core},
            "depositary": {"text": "The Secretary of the Example Union.", "sources": core},
            "summary": [{"text": "The Accord bans invented things. " + text(2), "sources": core}],
            "articles": [{"number": str(n), "title": f"Article {n}", "text": text(1), "quoted": n % 2 == 0, "sources": core}
                         for n in range(1, 6)],
            "withdrawal_rule": {
                "article": "9",
                "notice_period": {"amount": NOTICE_MONTHS, "unit": "months"},
                "armed_conflict_clause": True,
                "text": [{"number": "9", "title": "Withdrawal", "quoted": True, "sources": core,
                          "text": "A withdrawal takes effect twelve months after the depositary receives the notice."}],
                "sources": core,
            },
            "entry_into_force_rule": {"period": {"amount": EIF_DAYS, "unit": "days"}, "article": "8", "sources": core},
            "party_counts": [{"date": "2013-01-01", "count": n_states, "sources": core}],
        },
        "states": states,
        "events": out,
        "arguments": {"sides": sides, "items": arguments},
        "misreadings": misreadings,
        "disagreements": disagreements,
        "glossary": glossary,
        "sources": sources,
    }


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """Writes shared lists out in full: the events file refuses anchors and aliases."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def to_yaml(data: dict) -> str:
    dumper = _Dumper
    header = "# Generated by bench/generate.py: an invented explainer for the benchmark. Nothing in it is real.\n"
    return header + yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=1000, default_flow_style=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("events", type=int, help=f"number of events (e.g. {', '.join(map(str, SIZES))})")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("-o", "--output", default="-", help="file to write (default: standard output)")
    args = parser.parse_args(argv)
    text = to_yaml(generate(args.events, args.seed))
    if args.output == "-":
        sys.stdout.write(text)
    else:
        with open(args.output, "w", encoding="utf-8") as stream:
            stream.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
