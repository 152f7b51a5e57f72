"""Finding mentions, dated events and attributed quotes in an article's text (pure rules)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from habeas.ingest.article import Article
from habeas.ingest.article_facts import ArticleFacts, find_facts, sentences


def facts(*paragraphs: str, published: date = date(2025, 4, 5)) -> ArticleFacts:
    return find_facts(Article("Test", tuple(paragraphs)), published)


def test_sentences_are_not_cut_after_abbreviations_or_inside_quotes() -> None:
    text = (
        'GREENBELT, Md. (WSE) — U.S. District Judge Ana Test ruled. "It is so. '
        'It is done," she said. He left at 5 p.m. Friday.'
    )
    got = [text[s:e] for s, e in sentences(text)]
    assert got == [
        "GREENBELT, Md. (WSE) — U.S. District Judge Ana Test ruled.",
        '"It is so. It is done," she said.',
        "He left at 5 p.m. Friday.",
    ]


def test_mentions_by_title_name_surname_facility_court_and_place() -> None:
    f = facts(
        "HOUSTON (WSE) — U.S. District Judge Dana Placeholder of the U.S. District Court for "
        "the Southern District of Texas heard Tomás Ejemplo Prueba, held at the Northfield "
        "Example Detention Center in Conroe since his flight from Harlingen, Texas.",
        "Placeholder said the 5th Circuit and the Supreme Court would decide. Prueba was moved.",
    )
    got = {(e.kind, e.name) for e in f.entities}
    assert got == {
        ("place", "Houston"),
        ("actor", "Dana Placeholder"),
        ("court", "txsd"),
        ("person", "Tomás Ejemplo Prueba"),
        ("facility", "Northfield Example Detention Center"),
        ("place", "Conroe"),
        ("place", "Harlingen, Texas"),
        ("court", "ca5"),
        ("court", "scotus"),
    }
    judge = f.entity("Dana Placeholder")
    assert judge is not None and judge.forms == [
        "U.S. District Judge Dana Placeholder",
        "Placeholder",
    ]


def test_an_order_sentence_gives_the_order_date_and_its_deadline() -> None:
    f = facts(
        "U.S. District Judge Paula Xinis ordered on April 4th that the government return "
        "Kilmar Abrego Garcia by Monday night at midnight."
    )
    (order,) = f.events
    assert order.kind == "order"
    assert order.when is not None and order.when.value == "2025-04-04"
    assert order.judge == "Paula Xinis"
    assert [d.day.isoformat() for d in order.deadlines] == ["2025-04-07"]
    assert order.deadlines[0].mention.midnight


@pytest.mark.parametrize(
    ("sentence", "kind", "day"),
    [
        ("Ana Test was deported on March 15 to El Salvador.", "removed", "2025-03-15"),
        (
            "Ana Test was arrested on March 12 and deported three days later.",
            "apprehended",
            "2025-03-12",
        ),
        ("Ana Test was detained on Friday at the Example County Jail.", "detained", "2025-04-04"),
        ("Ana Test was released on Thursday.", "released", "2025-04-03"),
        ("Ana Test was returned to the United States on Friday.", "returned", "2025-04-04"),
        ("A grand jury had returned an indictment on April 2.", None, None),
        ("Ana Test will be released soon.", None, None),
    ],
)
def test_custody_events_need_a_verb_and_a_date(sentence: str, kind: str | None, day: str) -> None:
    got = [(e.kind, e.when.value if e.when else None) for e in facts(sentence).events]
    assert got[:1] == ([(kind, day)] if kind else [])


def test_a_date_goes_to_the_verb_it_follows() -> None:
    f = facts("Ana Test was arrested on March 12 and deported three days later.")
    assert [(e.kind, e.when.value if e.when else None) for e in f.events] == [
        ("apprehended", "2025-03-12"),
        ("removed", "2025-03-15"),
    ]


@pytest.mark.parametrize(
    "paragraph",
    [
        '"We will appeal this order," said Secretary Dana Example.',
        '"We will appeal this order," Secretary Dana Example said on Friday.',
        '"We will appeal this order," Dana Example, the secretary, told reporters.',
        'Secretary Dana Example said that "we will appeal this order."',
        "“We will appeal this order,” according to Secretary Dana Example.",
    ],
)
def test_quotes_are_attributed_to_their_speaker(paragraph: str) -> None:
    (quote,) = facts(paragraph).quotes
    assert quote.speaker == "Dana Example"
    assert quote.text.lower().startswith("we will appeal this order")
    assert quote.excerpt == paragraph


def test_he_said_is_the_last_speaker_and_short_quotes_are_not_statements() -> None:
    f = facts(
        '"This is wrong," said Lee Exemplo, a lawyer. "We will fight it all the way," he said.',
        'The court said the government must "facilitate" it.',
    )
    assert [(q.speaker, q.text) for q in f.quotes] == [
        ("Lee Exemplo", "This is wrong"),
        ("Lee Exemplo", "We will fight it all the way"),
    ]


def test_a_quote_is_dated_by_its_passage_and_not_by_dates_inside_it() -> None:
    f = facts(
        '"We expected a ruling by Monday," said Lee Exemplo on Thursday.',
        published=date(2025, 4, 11),
    )
    (quote,) = f.quotes
    assert quote.said is not None and quote.said.value == "2025-04-10"


def test_a_quote_split_by_its_attribution_is_one_quote_and_unnamed_speakers_are_left_out() -> None:
    f = facts(
        "Judge J. Harvie Wilkinson III wrote the opinion.",
        "“The government says it cannot,” Wilkinson wrote, “but it has not shown why.”",
        'His daughter told reporters: "I never stopped believing he would come home."',
    )
    assert [(q.speaker, q.text) for q in f.quotes] == [
        ("J. Harvie Wilkinson III", "The government says it cannot … but it has not shown why."),
    ]


def test_flown_back_is_a_return_and_held_since_is_an_admission() -> None:
    f = facts(
        "Ana Test was flown back to the United States on Thursday.",
        "Ana Test has been held at the Example County Jail since March 15.",
        published=date(2025, 4, 5),
    )
    got = [(e.kind, e.when.value if e.when else None, e.facility) for e in f.events]
    assert got == [
        ("returned", "2025-04-03", None),
        ("admitted", "2025-03-15", "Example County Jail"),
    ]


def test_a_month_is_dropped_when_the_same_event_is_dated_to_a_day_of_it() -> None:
    f = facts(
        "Ana Test was deported to Guatemala in March.",
        "Ana Test was removed on March 3, according to court papers.",
        published=date(2025, 5, 2),
    )
    assert [(e.kind, e.when.value if e.when else None) for e in f.events] == [
        ("removed", "2025-03-03")
    ]


WORDS = [
    "Judge", "Ana", "Test", "said", "ordered", "on", "Monday", "April", "4", "by", "5 p.m.",
    "was", "deported", "released", "the", "U.S.", "Supreme", "Court", "CECOT", '"', "“", "”",
    ",", ".", "Dec.", "30", "three", "days", "later", "in", "Texas", "he", "told", "reporters",
]  # fmt: skip


@given(st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=40), max_size=5))
def test_any_text_gives_facts_whose_excerpts_are_exact_passages_of_it(
    paragraphs: list[list[str]],
) -> None:
    texts = tuple(" ".join(p) for p in paragraphs)
    found = find_facts(Article("T", texts), date(2025, 4, 5))
    for item in [*found.events, *found.quotes]:
        assert item.excerpt in texts[item.paragraph]
