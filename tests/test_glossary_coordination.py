"""Coordinated names and acronyms in the glossary: two names joined by "and" are two
entries, an acronym is its expansion's, and two acronyms are never one entry.

Every name here is invented.
"""

from __future__ import annotations

from typing import Any

from analysis.extract.entities import NAME, RawMention, extract_mentions, line_blocks, mention_key
from analysis.model import Entity
from analysis.reason.glossary import build_glossary


def mention(text: str, start: int, label: str = "ORG", **kw: Any) -> RawMention:
    return RawMention(
        text=text, start=start, end=start + len(text), label=label, key=mention_key(text), **kw
    )


def owner(entities: list[Entity], article: str, text: str) -> Entity:
    return next(e for e in entities for m in e.mentions if m.article == article and m.text == text)


def extracted(text: str) -> list[RawMention]:
    from analysis.nlp.load import load_pipeline

    return extract_mentions("x", text, line_blocks(text), load_pipeline()(text))


def test_two_acronyms_joined_by_and_are_two_mentions() -> None:
    found = extracted("NTSB & FAA investigators reached the crash site on Monday.")
    names = {m.text for m in found if m.kind == NAME}
    assert {"NTSB", "FAA"} <= names
    assert not any("&" in m.text for m in found)


def test_a_name_and_its_bracketed_acronym_are_one_entry() -> None:
    text = "The Office of Water Safety (OWS) said on Monday that OWS staff had left."
    found = extracted(text)
    assert "Office of Water Safety" in {m.text for m in found}
    assert not any(m.text.startswith("(") or "(" in m.text for m in found)
    entities = build_glossary({"x": found})
    assert owner(entities, "x", "Office of Water Safety") is owner(entities, "x", "OWS")


def test_coordinated_names_the_library_knows_are_cut_apart() -> None:
    entities = build_glossary(
        {
            "a": [mention("Ivers & Lund", 0)],
            "b": [mention("Ivers", 0, "PERSON"), mention("Lund", 20, "PERSON")],
            "c": [mention("NORAD and the NSB", 0)],
            "d": [mention("NORAD", 0), mention("NSB", 20)],
        }
    )
    assert not any("&" in e.name or " and " in e.name for e in entities)
    assert owner(entities, "a", "Ivers") is not owner(entities, "a", "Lund")
    assert owner(entities, "a", "Ivers") is owner(entities, "b", "Ivers")


def test_a_firm_named_by_two_words_with_and_stays_whole() -> None:
    entities = build_glossary({"a": [mention("Harbison & Vell", 0)], "b": [mention("Vell", 0)]})
    assert any(e.name == "Harbison & Vell" for e in entities)


def test_acronyms_join_their_expansion_with_or_without_dots_and_small_words() -> None:
    entities = build_glossary(
        {
            "a": [mention("Bureau of Coastal Survey", 0), mention("BCS", 40)],
            "b": [mention("B.C.S.", 0), mention("Ministry of Inland Waters", 20)],
            "c": [mention("MOIW", 0), mention("BCS", 20)],
        }
    )
    bureau = owner(entities, "a", "Bureau of Coastal Survey")
    assert owner(entities, "a", "BCS") is bureau
    assert owner(entities, "b", "B.C.S.") is bureau
    assert owner(entities, "c", "BCS") is bureau
    assert owner(entities, "c", "MOIW") is owner(entities, "b", "Ministry of Inland Waters")
    assert owner(entities, "c", "MOIW") is not bureau


def test_two_different_acronyms_never_share_an_entry() -> None:
    entities = build_glossary(
        {
            "a": [mention("NTSB & FAA", 0), mention("NTSB", 30), mention("FAA", 50)],
            "b": [mention("FAA", 0), mention("NTSB", 20)],
        }
    )
    for e in entities:
        acronyms = {mention_key(m.text) for m in e.mentions if m.text.isupper()}
        assert len(acronyms) <= 1, e


def test_an_entrys_type_is_what_its_full_names_say() -> None:
    """Short forms the tagger calls a nationality or a firm do not outvote the full name."""
    article = [mention("Oleksa Brevnyk", 0, "PERSON")] + [
        mention("Brevnyk", 20 + 10 * i, "NORP" if i % 3 else "ORG") for i in range(9)
    ]
    (entity,) = build_glossary({"a": article})
    assert entity.type == "PERSON"
    # Without a full name, the short form's own labels decide.
    (alone,) = build_glossary({"a": [mention("Brevnyk", 0, "NORP"), mention("Brevnyk", 9, "NORP")]})
    assert alone.type == "NORP"
