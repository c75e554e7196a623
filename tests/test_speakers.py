"""Speakers linked through the glossary: one person under two names is one source.

Invented articles: a harbour authority's spokeswoman quoted by two outlets,
once by full name and title, once as "Ms. Varga"; and a second Varga, her
brother, who says something else.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.model import Attribution, Claim, Entity, Mention
from analysis.reason.align import align_claims
from analysis.reason.compare import TermWeights, claim_features, compare_features
from analysis.reason.speakers import speaker_ids, speakers_digest
from store import corrections, results
from store.library import Library

A_TEXT = (
    "The ferry will not sail before spring, said Ilona Varga, the harbour authority's spokeswoman."
)
B_TEXT = "\u201cThe ferry will not sail before spring,\u201d Ms. Varga said."
# The same words given to her brother by name.
BROTHER_TEXT = "\u201cThe ferry will not sail before spring,\u201d Tomas Varga said."


def _mention(article: str, text: str, whole: str) -> Mention:
    start = whole.index(text)
    return Mention(article, text, start, start + len(text))


def _claim(article: str, text: str, source: str) -> Claim:
    return Claim(
        id=f"{article}:0",
        article=article,
        start=0,
        end=len(text),
        text=text,
        kind="quote",
        attribution=Attribution(source, "said"),
    )


ILONA = Entity(
    "ent-ilona",
    "Ilona Varga",
    "PERSON",
    ("Ilona Varga", "Ms. Varga"),
    ("spokeswoman",),
    (_mention("a", "Ilona Varga", A_TEXT), _mention("b", "Ms. Varga", B_TEXT)),
)


def test_the_speaker_is_the_entity_the_attribution_names() -> None:
    a = _claim("a", A_TEXT, "Ilona Varga")
    b = _claim("b", B_TEXT, "Ms. Varga")
    assert speaker_ids({"a": [a], "b": [b]}, [ILONA]) == {"a:0": "ent-ilona", "b:0": "ent-ilona"}
    # Not an entity that can speak: no speaker id, whatever its words.
    dock = Entity("ent-dock", "Varga", "FAC", (), (), (_mention("a", "Ilona Varga", A_TEXT),))
    assert speaker_ids({"a": [a]}, [dock]) == {}
    # A person of another article only: not this claim's speaker.
    elsewhere = Entity(
        "ent-x", "Ilona Varga", "PERSON", (), (), (Mention("c", "Ilona Varga", 0, 11),)
    )
    assert speaker_ids({"a": [a]}, [elsewhere]) == {}


def test_names_match_as_whole_words_and_an_exact_name_wins() -> None:
    text = "\u201cThe yard will close,\u201d said Ms. Russo, who spoke for the US yard owners."
    us = Entity("ent-us", "United States", "GPE", ("US",), (), (_mention("a", "US", text),))
    russo = Entity("ent-russo", "Ms. Russo", "PERSON", (), (), (_mention("a", "Ms. Russo", text),))
    claim = _claim("a", text, "Ms. Russo")
    # "us" is inside "russo" as letters, not as a word.
    assert speaker_ids({"a": [claim]}, [us]) == {}
    assert speaker_ids({"a": [claim]}, [us, russo]) == {"a:0": "ent-russo"}
    # The firm named after the person holds her name; the exact name is hers.
    text = "\u201cVarga Shipping will cut 200 jobs,\u201d said Varga."
    firm = Entity(
        "ent-f", "Varga Shipping", "ORG", (), (), (_mention("a", "Varga Shipping", text),)
    )
    person = Entity(
        "ent-p", "Varga", "PERSON", (), (), (Mention("a", "Varga", len(text) - 6, len(text) - 1),)
    )
    assert speaker_ids({"a": [_claim("a", text, "Varga")]}, [firm, person]) == {"a:0": "ent-p"}
    # A pronoun names nobody.
    assert speaker_ids({"a": [_claim("a", A_TEXT, "she")]}, [ILONA]) == {}


def test_the_person_a_source_names_speaks_not_the_body_named_beside_them() -> None:
    # "The Harbour Workers Union President Ilona Varga said": the union's name
    # is the longer mention, but she is the one who speaks.
    text = "The Harbour Workers Union President Ilona Varga said the ferry will not sail."
    source = "The Harbour Workers Union President Ilona Varga"
    union = Entity(
        "ent-u",
        "Harbour Workers Union",
        "ORG",
        (),
        (),
        (_mention("a", "The Harbour Workers Union", text),),
    )
    ilona = Entity("ent-i", "Ilona Varga", "PERSON", (), (), (_mention("a", "Ilona Varga", text),))
    claim = _claim("a", text, source)
    assert speaker_ids({"a": [claim]}, [union, ilona]) == {"a:0": "ent-i"}
    # With no person named, the body speaks for its unnamed spokesman.
    text = "A spokesman for the Harbour Workers Union said the ferry will not sail."
    union = Entity(
        "ent-u",
        "Harbour Workers Union",
        "ORG",
        (),
        (),
        (_mention("a", "Harbour Workers Union", text),),
    )
    claim = _claim("a", text, "A spokesman for the Harbour Workers Union")
    assert speaker_ids({"a": [claim]}, [union]) == {"a:0": "ent-u"}


def test_a_source_named_in_another_sentence_is_found_by_its_words() -> None:
    text = "The ferry will not sail before spring, she said."
    carried = Claim(
        "a:100",
        "a",
        100,
        100 + len(text),
        text,
        kind="quote",
        attribution=Attribution("Ilona Varga", "said"),
    )
    assert speaker_ids({"a": [carried]}, [ILONA]) == {"a:100": "ent-ilona"}


def _attribution_notes(
    speaker_a: str | None, speaker_b: str | None, b_text: str = B_TEXT, b_source: str = "Ms. Varga"
) -> list[str]:
    a = _claim("a", A_TEXT, "Ilona Varga, the harbour authority's spokeswoman")
    b = _claim("b", b_text, b_source)
    fa = claim_features(a, speaker=speaker_a)
    fb = claim_features(b, speaker=speaker_b)
    found = compare_features(fa, fb, TermWeights(), threshold=0.0)
    return [r.note for r in found.reasons if r.kind == "attribution"]


def test_one_entity_is_one_source_and_two_entities_two_whatever_the_words() -> None:
    assert _attribution_notes("ent-ilona", "ent-ilona") == []
    # Two people who share a surname, each named in full: a conflict of attribution.
    notes = _attribution_notes("ent-ilona", "ent-brother", BROTHER_TEXT, "Tomas Varga")
    assert notes == ["the same quote given to different speakers"]
    # "Ms. Varga" may be either: the glossary's word is shown, not taken as a conflict.
    notes = _attribution_notes("ent-ilona", "ent-brother")
    assert notes == ["the same quote, given to speakers the glossary tells apart"]
    # Without the glossary, shared words decide as before.
    assert _attribution_notes(None, None) == []


def test_a_surname_the_glossary_could_not_settle_names_no_one() -> None:
    # One article names two Vargas and then quotes "Varga": the glossary keeps
    # that short form apart, which says nothing of who it is. The same quote
    # given by another outlet to Ilona Varga is no conflict of attribution.
    text = "\u201cThe ferry will not sail before spring,\u201d Varga said."
    short = Entity("ent-short", "Varga", "PERSON", (), (), (_mention("c", "Varga", text),))
    tomas = Entity("ent-tomas", "Tomas Varga", "PERSON", (), (), ())
    a = _claim("a", A_TEXT, "Ilona Varga")
    b = _claim("c", text, "Varga")
    found = speaker_ids({"a": [a], "c": [b]}, [ILONA, tomas, short])
    assert found == {"a:0": "ent-ilona"}
    rows = align_claims([a], [b], speakers=found)
    assert rows[0].status != "conflict"
    assert not any(r.kind == "attribution" for r in rows[0].reasons)
    # A short form with an honorific is settled enough to speak ("Ms. Varga").
    polite = Entity("ent-ms", "Ms. Varga", "PERSON", (), (), (_mention("c", "Varga", text),))
    assert speaker_ids({"c": [b]}, [ILONA, tomas, polite]) == {"c:0": "ent-ms"}


def test_align_passes_the_speakers_to_the_verdict() -> None:
    a = _claim("a", A_TEXT, "Ilona Varga")
    b = _claim("b", B_TEXT, "Ms. Varga")
    brother = _claim("b", BROTHER_TEXT, "Tomas Varga")
    linked = align_claims([a], [b], speakers={"a:0": "ent-ilona", "b:0": "ent-ilona"})
    apart = align_claims([a], [brother], speakers={"a:0": "ent-ilona", "b:0": "ent-brother"})
    assert [r.status for r in linked] == ["agree"]
    assert apart[0].status == "conflict"
    assert any(r.kind == "attribution" for r in apart[0].reasons)


def test_the_digest_follows_the_links() -> None:
    one = speakers_digest({"a:0": "ent-ilona", "b:0": "ent-ilona"})
    assert one == speakers_digest({"b:0": "ent-ilona", "a:0": "ent-ilona"})
    assert one != speakers_digest({"a:0": "ent-ilona", "b:0": "ent-brother"})


def test_a_glossary_correction_relinks_the_diffs_speakers(
    sample_library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = Library.open(sample_library_path)
    ids = sorted(a.id for a in library.list_articles())
    claims = {i: results.ensure_analysis(library, i).claims for i in ids}
    before = results.speakers_of(library, claims)
    assert before, "the sample pair names speakers the glossary knows"
    # The diff is computed once, then read from the cache.
    seen: list[dict[str, str]] = []
    real = results.speakers_of

    def spy(lib: Library, found: dict) -> dict[str, str]:  # type: ignore[type-arg]
        seen.append(real(lib, found))
        return seen[-1]

    monkeypatch.setattr(results, "speakers_of", spy)
    results.diff(library, ids[0], ids[1])
    results.diff(library, ids[0], ids[1])
    assert len(seen) <= 1
    # Split one linked speaker's mentions off in one article: its claims there
    # now name the new entry, and the diff is made anew with it.
    entity_id = next(iter(before.values()))
    entity = next(e for e in results.glossary(library) if e.id == entity_id)
    moved = [m for m in entity.mentions if m.article == ids[1]] or [
        m for m in entity.mentions if m.article == ids[0]
    ]
    corrections.split_mentions(library, moved, "Someone Else")
    seen.clear()
    results.diff(library, ids[0], ids[1])
    assert len(seen) == 1
    after = seen[0]
    relinked = {c for c, e in before.items() if e == entity_id and after.get(c) != e}
    assert relinked and all(after.get(c) not in (None, entity_id) for c in relinked)


def test_coverage_reads_speakers_as_the_diff_does() -> None:
    from analysis.reason.coverage import cover

    a = _claim("a", A_TEXT, "Ilona Varga")
    b = _claim("b", B_TEXT, "Ms. Varga")
    brother = _claim("b", BROTHER_TEXT, "Tomas Varga")
    one = cover({"a": [a], "b": [b]}, speakers={"a:0": "ent-ilona", "b:0": "ent-ilona"})
    two = cover({"a": [a], "b": [brother]}, speakers={"a:0": "ent-ilona", "b:0": "ent-brother"})
    assert [len(f.articles) for f in one.facts] == [2] and not one.facts[0].conflict
    assert [len(f.articles) for f in two.facts] == [2] and two.facts[0].conflict
