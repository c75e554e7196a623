"""Speakers linked through the glossary: one person under two names is one source.

Invented articles: a harbour authority's spokeswoman quoted by two outlets,
once by full name and title, once as "Ms. Varga"; and a second Varga, her
brother, who says something else.
"""

from __future__ import annotations

from pathlib import Path

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
    assert speaker_ids([a], [ILONA], "a") == {"a:0": "ent-ilona"}
    assert speaker_ids([b], [ILONA], "b") == {"b:0": "ent-ilona"}
    # Not an entity that can speak, or not in this article: no speaker id.
    place = Entity("ent-x", "Varga", "GPE", (), (), (_mention("c", "Varga", "Varga"),))
    assert speaker_ids([a], [place], "a") == {}


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
    assert speaker_ids([carried], [ILONA], "a") == {"a:100": "ent-ilona"}


def _attribution_notes(speaker_a: str | None, speaker_b: str | None) -> list[str]:
    a = _claim("a", A_TEXT, "Ilona Varga, the harbour authority's spokeswoman")
    b = _claim("b", B_TEXT, "Ms. Varga")
    fa = claim_features(a, speaker=speaker_a)
    fb = claim_features(b, speaker=speaker_b)
    found = compare_features(fa, fb, TermWeights(), threshold=0.0)
    return [r.note for r in found.reasons if r.kind == "attribution"]


def test_one_entity_is_one_source_and_two_entities_two_whatever_the_words() -> None:
    assert _attribution_notes("ent-ilona", "ent-ilona") == []
    # Two people who share a surname: the words overlap, the entities do not.
    notes = _attribution_notes("ent-ilona", "ent-brother")
    assert notes == ["the same quote given to different speakers"]
    # Without the glossary, shared words decide as before.
    assert _attribution_notes(None, None) == []


def test_align_passes_the_speakers_to_the_verdict() -> None:
    a = _claim("a", A_TEXT, "Ilona Varga")
    b = _claim("b", B_TEXT, "Ms. Varga")
    linked = align_claims([a], [b], speakers={"a:0": "ent-ilona", "b:0": "ent-ilona"})
    apart = align_claims([a], [b], speakers={"a:0": "ent-ilona", "b:0": "ent-brother"})
    assert [r.status for r in linked] == ["agree"]
    assert apart[0].status == "conflict"
    assert any(r.kind == "attribution" for r in apart[0].reasons)


def test_the_digest_follows_the_links() -> None:
    one = speakers_digest({"a:0": "ent-ilona", "b:0": "ent-ilona"})
    assert one == speakers_digest({"b:0": "ent-ilona", "a:0": "ent-ilona"})
    assert one != speakers_digest({"a:0": "ent-ilona", "b:0": "ent-brother"})


def test_a_glossary_correction_relinks_the_diffs_speakers(sample_library_path: Path) -> None:
    library = Library.open(sample_library_path)
    ids = sorted(a.id for a in library.list_articles())
    claims = {i: results.ensure_analysis(library, i).claims for i in ids}
    before = results.diff_speakers(library, ids[0], claims[ids[0]], ids[1], claims[ids[1]])
    assert before, "the sample pair names speakers the glossary knows"
    # Split one linked speaker's mentions off in one article: its claims by that
    # speaker now name another entity, and the diff's cache key changes with them.
    entity_id = next(iter(before.values()))
    entity = next(e for e in results.glossary(library) if e.id == entity_id)
    in_b = [m for m in entity.mentions if m.article == ids[1]] or [
        m for m in entity.mentions if m.article == ids[0]
    ]
    corrections.split_mentions(library, in_b, "Someone Else")
    after = results.diff_speakers(library, ids[0], claims[ids[0]], ids[1], claims[ids[1]])
    assert after != before
    assert speakers_digest(after) != speakers_digest(before)
    assert results.diff(library, ids[0], ids[1])


def test_coverage_reads_speakers_as_the_diff_does() -> None:
    from analysis.reason.coverage import cover

    a = _claim("a", A_TEXT, "Ilona Varga")
    b = _claim("b", B_TEXT, "Ms. Varga")
    claims = {"a": [a], "b": [b]}
    one = cover(claims, speakers={"a:0": "ent-ilona", "b:0": "ent-ilona"})
    two = cover(claims, speakers={"a:0": "ent-ilona", "b:0": "ent-brother"})
    assert [len(f.articles) for f in one.facts] == [2] and not one.facts[0].conflict
    assert [len(f.articles) for f in two.facts] == [2] and two.facts[0].conflict
