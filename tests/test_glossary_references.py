"""Facilities named by their kind and place ("a bank in Leeds") join the facility they fit."""

from __future__ import annotations

from typing import Any

from analysis.extract.entities import (
    DESCRIPTION,
    REFERENCE,
    RawMention,
    extract_mentions,
    line_blocks,
    mention_key,
)
from analysis.model import Entity
from analysis.reason.glossary import build_glossary


def mention(text: str, start: int, label: str = "ORG", **kw: Any) -> RawMention:
    kw.setdefault("key", mention_key(text))
    return RawMention(text=text, start=start, end=start + len(text), label=label, **kw)


def reference(text: str, start: int, kind: str, place: str) -> RawMention:
    return mention(text, start, "FAC", key=kind, kind=REFERENCE, place=place)


def owner(entities: list[Entity], article: str, text: str) -> Entity | None:
    return next(
        (e for e in entities for m in e.mentions if m.article == article and m.text == text), None
    )


def test_the_extractor_finds_kind_and_place_but_not_a_named_facility() -> None:
    from analysis.nlp.load import load_pipeline

    text = (
        "Firefighters were called to a bank in Leeds on Monday.\n"
        "The Greenleaf Bank branch in Leeds was closed, a spokesman for Greenleaf Bank said.\n"
        "Staff at the Leeds bank heard the alarm.\n"
        "A hospital van and two clinics in Denver were hit.\n"
    )
    doc = load_pipeline()(text)
    found = {
        (m.text, m.key, m.place)
        for m in extract_mentions("x", text, line_blocks(text), doc)
        if m.kind == REFERENCE
    }
    # "Greenleaf Bank branch" describes Greenleaf Bank; a van is no hospital; two clinics not one.
    assert found == {("bank in Leeds", "bank", "leeds"), ("Leeds bank", "bank", "leeds")}


def test_a_reference_joins_the_facility_of_its_place_and_kind() -> None:
    entities = build_glossary(
        {
            "a": [
                mention("Greenleaf Bank", 0),
                mention(
                    "Greenleaf Bank branch in Leeds", 40, key="greenleaf bank", kind=DESCRIPTION
                ),
                mention("Leeds", 66, "GPE"),
                mention("Ada Price", 80, "PERSON"),
            ],
            "b": [
                reference("bank in Leeds", 10, "bank", "leeds"),
                mention("Leeds", 18, "GPE"),
                mention("Harlow Clinic", 50),
                mention("Ada Price", 80, "PERSON"),  # one story: the same person in full
            ],
        }
    )
    bank = owner(entities, "a", "Greenleaf Bank")
    assert bank is not None and owner(entities, "b", "bank in Leeds") is bank
    # The town inside the phrase keeps its own entry.
    assert owner(entities, "b", "Leeds") is not bank
    assert bank.name == "Greenleaf Bank" and "bank in Leeds" not in bank.aliases


def test_kind_alone_needs_the_facility_named_in_the_same_article() -> None:
    person = mention("Ada Price", 200, "PERSON")  # one story: the same person in full
    entities = build_glossary(
        {
            "a": [mention("Harlow Hospital", 0), mention("Harlow Hospital", 30), person],
            "b": [
                reference("hospital in Denver", 0, "hospital", "denver"),
                mention("Denver", 12),
                person,
            ],
            "c": [
                person,
                mention("Ostby Hospital", 0),
                reference("Denver hospital", 40, "hospital", "denver"),
                mention("Denver", 40, "GPE"),
            ],
        }
    )
    # Harlow Hospital is named elsewhere and nowhere placed: "a hospital in Denver" stays out.
    assert owner(entities, "b", "hospital in Denver") is None
    assert owner(entities, "c", "Denver hospital") is owner(entities, "c", "Ostby Hospital")


def test_a_facility_placed_elsewhere_or_of_another_kind_takes_no_reference() -> None:
    entities = build_glossary(
        {
            "a": [
                mention("Ostby Clinic", 0),
                mention("Ostby Clinic in Leeds", 30, key="ostby clinic", kind=DESCRIPTION),
                mention("Leeds", 46, "GPE"),
                mention("Morrow Cemetery", 60, "FAC"),
                reference("clinic in Denver", 90, "clinic", "denver"),
                reference("hospital in Leeds", 120, "hospital", "leeds"),
            ],
        }
    )
    assert owner(entities, "a", "clinic in Denver") is None
    assert owner(entities, "a", "hospital in Leeds") is None


def test_two_facilities_of_one_kind_leave_a_reference_out() -> None:
    entities = build_glossary(
        {
            "a": [
                mention("Ostby Clinic", 0),
                mention("Harlow Clinic", 30),
                reference("clinic in Denver", 60, "clinic", "denver"),
            ],
        }
    )
    assert owner(entities, "a", "clinic in Denver") is None


def test_a_reference_round_trips_through_its_dict() -> None:
    m = reference("bank in Leeds", 10, "bank", "leeds")
    assert RawMention.from_dict(m.to_dict()) == m
    assert RawMention.from_dict({k: v for k, v in m.to_dict().items() if k != "place"}).place == ""
