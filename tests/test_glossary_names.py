"""Name structure in the glossary: given-name variants, honorifics' gender, modifiers, platforms."""

from __future__ import annotations

from typing import Any

from analysis.extract.entities import RawMention, mention_key
from analysis.lexicon.names import HONORIFIC_GENDER, given_name_forms, given_name_genders
from analysis.model import Entity
from analysis.reason.glossary import build_glossary


def mention(text: str, start: int, label: str = "PERSON", **kw: Any) -> RawMention:
    return RawMention(
        text=text, start=start, end=start + len(text), label=label, key=mention_key(text), **kw
    )


def owner(entities: list[Entity], article: str, text: str) -> Entity:
    return next(e for e in entities for m in e.mentions if m.article == article and m.text == text)


def test_lexicon_tables() -> None:
    forms, genders = given_name_forms(), given_name_genders()
    assert forms["dave"] == "david" and forms["bill"] == "william" and forms["liz"] == "elizabeth"
    assert "ted" not in forms  # Edward or Theodore: never guessed
    assert genders["bill"] == "m" and genders["liz"] == "f" and "pat" not in genders
    assert HONORIFIC_GENDER["mrs"] == "f" and HONORIFIC_GENDER["mr"] == "m"


def test_given_name_variants_are_one_person_across_articles() -> None:
    entities = build_glossary(
        {
            "a": [mention("Dave Okafor", 0), mention("Okafor", 40)],
            "b": [mention("David Okafor", 0), mention("Okafor", 50)],
        }
    )
    assert owner(entities, "a", "Dave Okafor") is owner(entities, "b", "David Okafor")


def test_mister_is_not_a_woman_of_the_same_surname() -> None:
    entities = build_glossary(
        {
            "a": [
                mention("Ruth Okafor", 0),
                mention("Ruth Okafor", 30),
                mention("Ruth Okafor", 60),
                mention("Mr. Okafor", 90),
            ],
        }
    )
    assert owner(entities, "a", "Mr. Okafor") is not owner(entities, "a", "Ruth Okafor")
    entities = build_glossary({"a": [mention("Ruth Okafor", 0), mention("Mrs. Okafor", 30)]})
    assert owner(entities, "a", "Mrs. Okafor") is owner(entities, "a", "Ruth Okafor")


def test_missus_and_mister_of_one_surname_are_two_people() -> None:
    # A couple in one story: each honorific finds the spouse its gender fits,
    # in the article that names both and in one that names neither.
    entities = build_glossary(
        {
            "a": [
                mention("Nora Okafor", 0),
                mention("Bill Okafor", 30),
                mention("Mrs. Okafor", 60),
                mention("Mr. Okafor", 90),
                mention("Mrs. Okafor", 120),
            ],
            "b": [mention("Mr. Okafor", 0), mention("Mrs. Okafor", 40)],
            "c": [mention("Okafors", 0), mention("Mrs. Okafor", 30), mention("Okafor", 60)],
        }
    )
    nora, bill = owner(entities, "a", "Nora Okafor"), owner(entities, "a", "Bill Okafor")
    assert nora is not bill
    assert (
        owner(entities, "a", "Mrs. Okafor") is nora and owner(entities, "a", "Mr. Okafor") is bill
    )
    assert (
        owner(entities, "b", "Mrs. Okafor") is nora and owner(entities, "b", "Mr. Okafor") is bill
    )
    # The couple together is neither of them, and does not join them either.
    assert owner(entities, "c", "Okafors") not in (nora, bill)


def test_a_surname_given_one_way_only_is_one_person_across_articles() -> None:
    # No full name anywhere, "Mr. Okafor" in one outlet and "Okafor" in the other.
    entities = build_glossary(
        {"a": [mention("Mr. Okafor", 0)], "b": [mention("Okafor", 0), mention("Okafor", 40)]}
    )
    assert owner(entities, "a", "Mr. Okafor") is owner(entities, "b", "Okafor")


def test_a_given_name_both_men_and_women_bear_clashes_with_no_honorific() -> None:
    # Short forms of a man's and of a woman's name ("Charlie": Charles or
    # Charlotte) say nothing of gender: "Ms." and "Mr." both stay possible.
    genders = given_name_genders()
    for name in ("terry", "charlie", "danny", "andy", "max", "jordan"):
        assert name not in genders, name
    for honorific in ("Ms.", "Mr."):
        entities = build_glossary(
            {
                "a": [mention("Charlie Okafor", 0), mention(f"{honorific} Okafor", 30)],
                "b": [mention("Okafor", 10)],
            }
        )
        assert owner(entities, "a", f"{honorific} Okafor") is owner(entities, "a", "Charlie Okafor")


def test_a_name_is_not_the_longer_name_it_modifies() -> None:
    entities = build_glossary(
        {
            "a": [
                mention("Ivo Brennan", 0),
                mention("Brennan", 30),
                mention("Brennan Tower Lisbon", 60, "FAC"),
                mention("Brennan", 100, "ORG"),
            ],
            "b": [mention("Green House", 0, "ORG"), mention("House", 40, "ORG")],
        }
    )
    tower = owner(entities, "a", "Brennan Tower Lisbon")
    assert {m.text for m in tower.mentions} == {"Brennan Tower Lisbon"}
    assert owner(entities, "b", "House") is not owner(entities, "b", "Green House")


def test_a_platform_is_no_person() -> None:
    entities = build_glossary({"a": [mention("Twitter", 0)], "b": [mention("Twitter", 9)]})
    assert owner(entities, "a", "Twitter").type == "ORG"


def test_a_given_name_with_a_generation_suffix_is_the_son() -> None:
    entities = build_glossary(
        {
            "a": [
                mention("Martin Whitcombe", 0),
                mention("Martin Jr.", 40),
                mention("Whitcombe", 80),
                mention("Martin Whitcombe III", 120),
            ]
        }
    )
    assert owner(entities, "a", "Martin Jr.") is not owner(entities, "a", "Martin Whitcombe")
    # A full name keeps one key with or without its suffix, and a surname with
    # a suffix is still that surname ("Whitcombe Jr.").
    assert owner(entities, "a", "Martin Whitcombe III") is owner(entities, "a", "Martin Whitcombe")
    entities = build_glossary(
        {"b": [mention("Martin Whitcombe Jr.", 0), mention("Whitcombe Jr.", 40)]}
    )
    assert owner(entities, "b", "Whitcombe Jr.") is owner(entities, "b", "Martin Whitcombe Jr.")


def test_a_body_named_after_a_house_is_not_the_house() -> None:
    entities = build_glossary(
        {
            "a": [mention("Assembly Rules Committee", 0, "ORG"), mention("Assembly", 40, "ORG")],
            "b": [mention("Assembly", 0, "ORG")],
            "c": [mention("Assembly of Delegates", 0, "ORG"), mention("Assembly", 40, "ORG")],
        }
    )
    committee = owner(entities, "a", "Assembly Rules Committee")
    assert owner(entities, "a", "Assembly") is not committee
    assert owner(entities, "b", "Assembly") is not committee
    assert owner(entities, "c", "Assembly") is owner(entities, "c", "Assembly of Delegates")


def test_a_people_or_party_named_bare_is_not_a_faction_of_it() -> None:
    entities = build_glossary(
        {
            "a": [mention("Young Liberals", 0, "NORP"), mention("Liberals", 40, "NORP")],
            "b": [mention("Liberals", 0, "NORP"), mention("Liberals", 30, "NORP")],
        }
    )
    youth = owner(entities, "a", "Young Liberals")
    assert owner(entities, "a", "Liberals") is not youth
    assert owner(entities, "b", "Liberals") is not youth
    # The tagger may call the faction a person: the plural of a party is no surname.
    entities = build_glossary(
        {
            "a": [mention("Young Liberals", 0, "PERSON"), mention("Young Liberals", 40)],
            "b": [mention("Liberals", 0, "NORP"), mention("Liberals", 30, "NORP")],
        }
    )
    assert owner(entities, "b", "Liberals") is not owner(entities, "a", "Young Liberals")


def test_a_place_s_initials_are_no_organisation_s() -> None:
    entities = build_glossary(
        {
            "a": [mention("Northern Voice", 0, "ORG"), mention("N.V.", 40, "GPE")],
            "b": [mention("N.V.", 0, "GPE"), mention("Northern Voice", 30, "ORG")],
        }
    )
    assert owner(entities, "a", "N.V.") is not owner(entities, "a", "Northern Voice")
    assert owner(entities, "b", "N.V.") is not owner(entities, "b", "Northern Voice")
