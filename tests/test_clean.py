"""Page cleaning: role-tagged blocks and page metadata (analysis.ingest.clean).

Exact expectations on the two bundled articles, unit cases for each kind of
block, invariants as properties, and quality figures measured over the ECB+
development articles in ../shared (skipped when it is absent).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.ingest.clean import find_page_meta, segment
from analysis.model import BLOCK_ROLES, Block, PageMeta

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_A = ROOT / "articles" / "000_b7a825bcfb9ad92a.txt"
SAMPLE_B = ROOT / "articles" / "003_ba1738edffcacda2.txt"
ECB_DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "ecbplus-dev"
needs_ecb = pytest.mark.skipif(not ECB_DEV.is_dir(), reason="../shared/eval is not present")


def check_invariants(text: str, blocks: Sequence[Block]) -> None:
    """Blocks cover all non-whitespace, in order, without overlap or edge whitespace."""
    covered = [False] * len(text)
    previous_end = 0
    for b in blocks:
        assert b.role in BLOCK_ROLES
        assert previous_end <= b.start < b.end <= len(text), (b, previous_end)
        assert not text[b.start].isspace() and not text[b.end - 1].isspace(), b
        covered[b.start : b.end] = [True] * (b.end - b.start)
        previous_end = b.end
    outside = "".join(c for c, inside in zip(text, covered, strict=True) if not inside)
    assert outside.isspace() or not outside, repr(outside[:80])


def roles_and_texts(text: str) -> list[tuple[str, str]]:
    blocks = segment(text)
    check_invariants(text, blocks)
    return [(b.role, text[b.start : b.end]) for b in blocks]


def assert_blocks(text: str, expected: Sequence[tuple[str, str]]) -> None:
    """Every block as expected: body blocks by their opening words, others exactly."""
    got = roles_and_texts(text)
    assert [r for r, _ in got] == [r for r, _ in expected], got
    for (role, block_text), (_, want) in zip(got, expected, strict=True):
        if role == "body":
            assert block_text.startswith(want), (block_text, want)
        else:
            assert block_text == want


# --- the bundled sample pair -----------------------------------------------------------

SAMPLE_A_BLOCKS = [
    ("chrome", "Connect with us"),
    ("chrome", "Breaking News"),
    (
        "headline",
        "North Korea fires a barrage of ballistic missiles toward the sea ahead of US election",
    ),
    ("chrome", "Published"),
    ("chrome", "on"),
    (
        "chrome",
        "North Korea fires a barrage of ballistic missiles toward the sea ahead of US election",
    ),
    ("body", "North Korea conducted a series of short-range ballistic missile launches"),
    ("body", "Japanese Defense Minister Gen Nakatani confirmed that at least seven"),
    (
        "caption",
        "Japanese Defense Minister Gen Nakatani said at least seven North Korean missiles flew"
        " as far as 250 miles with a maximum altitude of 60 miles.",
    ),
    ("credit", "JEON HEON-KYUN/EPA-EFE/Shutterstock"),
    ("body", "“North Korea’s actions, including a series of repeated missile launches"),
    ("body", "South Korea’s military also detected multiple missile launches"),
    ("body", "The short-range North Korean missiles have the capability"),
    ("body", "These launches followed North Korean leader Kim Jong Un’s supervision"),
    ("body", "In reaction to the ICBM test, the United States conducted"),
    ("body", "In a statement, Kim’s sister, Kim Yo Jong, accused"),
    (
        "caption",
        "The launches came days after North Korean leader Kim Jong Un supervised a flight test"
        " of\xa0the country’s newest intercontinental ballistic missile designed to reach the"
        " U.S. mainland.",
    ),
    ("credit", "POOL/AFP via Getty Images"),
    (
        "caption",
        "A TV screen shows a report of North Korea’s multiple short-range ballistic missiles with"
        " file footage during a news program at the Seoul Railway Station in Seoul, South Korea.",
    ),
    ("credit", "AP"),
    ("body", "Amid the U.S. presidential election, South Korean officials"),
    ("body", "South Korea’s military intelligence agency reported last week"),
    ("body", "Experts believe North Korea aims to leverage"),
    ("chrome", "See also\xa0 Michel Barnier: ‘Monsieur Brexit’ to France’s PM"),
    ("body", "There is a prevailing belief that Kim Jong Un prefers"),
    ("body", "During her campaign, Harris made it clear"),
    ("body", "North Korea claimed that the Hwasong-19 missile tested on Oct. 31"),
    ("body", "Key technologies required for a functional ICBM"),
    ("body", "Tensions between North and South Korea have escalated"),
    ("body", "Reports suggest that up to 10,000 North Korean soldiers"),
    ("body", "If engaged in combat, this would mark"),
    ("body", "Following a meeting in Seoul, South Korean and EU officials"),
    (
        "caption",
        "10,000 North Korean soldiers were in Russia’s Kursk region near Ukraine’s border and were"
        " preparing to join Moscow’s fight against Ukraine, according to reports.",
    ),
    ("credit", "AP"),
    ("body", "In response to North Korea’s nuclear threats"),
    ("body", "At a U.N. Security Council meeting, North Korea defended"),
    ("chrome", "See also\xa0 CISA looks to global collaboration as fraught US election begins"),
    (
        "caption",
        "South Korea’s military also detected several missile launches by North Korea and"
        " subsequently boosted its surveillance posture.",
    ),
    ("credit", "AFP via Getty Images"),
    ("body", "U.S. Deputy Ambassador Robert Wood emphasized"),
    ("body", "Wood also reiterated the call for Russia"),
    ("body", "“We’re not in a court here,” responded Russian Deputy Ambassador"),
    ("chrome", "Trending"),
]

SAMPLE_B_BLOCKS = [
    ("chrome", "ADVERTISEMENT"),
    ("chrome", "International"),
    ("headline", "North Korea Fires Suspected Ballistic Missile Before US Vote"),
    (
        "caption",
        "A monitor displays a test launch for a new intercontinental ballistic missile (ICBM) from"
        " an undisclosed place in North Korea, during a news broadcast in Seoul on Nov. 1.",
    ),
    (
        "credit",
        "Photographer: Kim Jae-Hwan/SOPA Images/LightRocket/Getty Images (Kim Jae-Hwan/SOPA"
        " Images/LightRo/Photographer: Kim Jae-Hwan/SOPA )",
    ),
    ("chrome", "(Bloomberg) --"),
    ("body", "North Korea fired multiple short-range ballistic missiles off its east coast"),
    ("body", "The missiles were fired from an area south of Pyongyang"),
    ("body", "The firing of the missiles comes a day after"),
    ("body", "Following the latest launch, South Korea’s military said"),
    ("body", "North Korean leader Kim Jong Un has been trying"),
    ("body", "Democratic Vice President Kamala Harris is seen"),
    ("body", "A Donald Trump victory could lead to a change in tack"),
    ("body", "Trump has also questioned why the US is spending"),
    ("body", "Pyongyang’s actions are gaining increasing international attention"),
    ("body", "Choe said during a meeting with her Russian counterpart"),
    ("body", "North Korea is dispatching about 10,000 troops to Russia"),
    ("body", "Kyiv said Monday it attacked North Korean troops"),
    ("body", "In return for sending troops, there’s a “high chance”"),
    ("body", "Seoul has also warned for months"),
    ("body", "On Sunday, the US flew a B-1B bomber"),
    (
        "chrome",
        "(Adds more details on stances of US presidential candidates, recent trilateral drill)",
    ),
    ("chrome", "©2024 Bloomberg L.P."),
]


def test_sample_aggregator_copy_blocks() -> None:
    assert_blocks(SAMPLE_A.read_text(encoding="utf-8"), SAMPLE_A_BLOCKS)


def test_sample_bloomberg_blocks() -> None:
    assert_blocks(SAMPLE_B.read_text(encoding="utf-8"), SAMPLE_B_BLOCKS)


def test_sample_body_blocks_are_whole_paragraphs() -> None:
    # Every real news paragraph is body, whole: no sentence of it is lost to chrome.
    # A body block may start later than its line only where a wire prefix or a
    # dateline ("(Agency) -- ", "CITY - ") opens the line as a block of its own.
    for path in (SAMPLE_A, SAMPLE_B):
        text = path.read_text(encoding="utf-8")
        blocks = segment(text)
        for block in blocks:
            if block.role != "body":
                continue
            line_start = text.rfind("\n", 0, block.start) + 1
            line_end = text.find("\n", block.end)
            line_end = len(text) if line_end < 0 else line_end
            where = f"{path.name}: {text[block.start : block.end][:40]!r}"
            assert text[block.end : line_end].strip() == "", where
            before = [b for b in blocks if line_start <= b.start and b.end <= block.start]
            assert all(b.role in ("chrome", "dateline") for b in before), where
            covered = "".join(text[b.start : b.end] for b in before)
            assert covered.split() == text[line_start : block.start].split(), where


def test_sample_page_meta() -> None:
    text_a = SAMPLE_A.read_text(encoding="utf-8")
    text_b = SAMPLE_B.read_text(encoding="utf-8")
    headline_a = (
        "North Korea fires a barrage of ballistic missiles toward the sea ahead of US election"
    )
    assert find_page_meta(text_a, segment(text_a)) == PageMeta(title=headline_a)
    assert find_page_meta(text_b, segment(text_b)) == PageMeta(
        title="North Korea Fires Suspected Ballistic Missile Before US Vote", outlet="Bloomberg"
    )


# --- unit cases ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", " ", "\n\n  \n\t\u00a0\n"])
def test_empty_text_has_no_blocks(text: str) -> None:
    assert segment(text) == []
    assert find_page_meta(text, []) == PageMeta()


def test_one_sentence_is_body() -> None:
    text = "  North Korea fired at least seven ballistic missiles on Tuesday.\n"
    assert roles_and_texts(text) == [
        ("body", "North Korea fired at least seven ballistic missiles on Tuesday.")
    ]
    assert find_page_meta(text, segment(text)) == PageMeta()


HTML_EXTRACT = """\
Politics
Senate passes budget bill after all-night session
By Jane Doe and John Smith, Reuters
Updated March 3, 2024 at 6:15 a.m. EST

WASHINGTON (Reuters) — The Senate passed the budget bill early on Sunday after an all-night \
session, sending it to the president's desk.

Sen. Maria Lopez speaks to reporters at the Capitol on Saturday. Photo: Jane Roe/Getty Images

"This is a good day for the country," Lopez said.

Subscribe to our newsletter at www.example.com
Share this article
© 2024 Example News Corp. All rights reserved.
"""


def test_html_extracted_page_with_byline() -> None:
    assert roles_and_texts(HTML_EXTRACT) == [
        ("chrome", "Politics"),
        ("headline", "Senate passes budget bill after all-night session"),
        ("byline", "By Jane Doe and John Smith, Reuters"),
        ("dateline", "Updated March 3, 2024 at 6:15 a.m. EST"),
        ("dateline", "WASHINGTON (Reuters) —"),
        (
            "body",
            "The Senate passed the budget bill early on Sunday after an all-night session,"
            " sending it to the president's desk.",
        ),
        ("caption", "Sen. Maria Lopez speaks to reporters at the Capitol on Saturday."),
        ("credit", "Photo: Jane Roe/Getty Images"),
        ("body", '"This is a good day for the country," Lopez said.'),
        ("chrome", "Subscribe to our newsletter at www.example.com"),
        ("chrome", "Share this article"),
        ("chrome", "© 2024 Example News Corp. All rights reserved."),
    ]
    assert find_page_meta(HTML_EXTRACT, segment(HTML_EXTRACT)) == PageMeta(
        title="Senate passes budget bill after all-night session",
        outlet="Reuters",
        byline="Jane Doe and John Smith",
        published="2024-03-03",
    )


def test_wire_dateline_in_first_paragraph_and_copyright_year() -> None:
    text = (
        "North Korea fires missiles before US vote\n\n"
        "SEOUL, Nov 5 (Reuters) - North Korea fired several short-range ballistic missiles"
        " off its east coast on Tuesday, South Korea's military said.\n\n"
        "Japan's defence minister said at least seven missiles were fired.\n\n"
        "© 2024 Thomson Reuters.\n"
    )
    assert [r for r, _ in roles_and_texts(text)] == [
        "headline",
        "dateline",
        "body",
        "body",
        "chrome",
    ]
    assert roles_and_texts(text)[1] == ("dateline", "SEOUL, Nov 5 (Reuters) -")
    meta = find_page_meta(text, segment(text))
    # The dateline has no year; the copyright line gives it.
    assert meta == PageMeta(
        title="North Korea fires missiles before US vote", outlet="Reuters", published="2024-11-05"
    )


def test_copyright_line_names_the_outlet() -> None:
    text = (
        "Marsh withdraws from the race\n"
        "March 11, 2031\n"
        "Ivo Marsh has withdrawn from the mayoral race, his campaign told reporters on Tuesday.\n"
        "Copyright 2031 The Associated Press. All rights reserved.\n"
    )
    assert find_page_meta(text, segment(text)) == PageMeta(
        title="Marsh withdraws from the race", outlet="The Associated Press", published="2031-03-11"
    )


@pytest.mark.parametrize(
    ("stamp", "iso"),
    [
        ("June 07, 2031", "2031-06-07"),
        ("PUBLISHED: TUESDAY, MARCH 11, 2031, 4:05 PM", "2031-03-11"),
        ("03 / 11 / 2031", "2031-03-11"),
        ("3:47 p. m. EDT March 11, 2031", "2031-03-11"),
        ("UPDATED 03 / 12 / 2031 at 10:00 AM EDT", "2031-03-12"),
        ("Wed., Mar. 12, 2031 10:25 AM PDT", "2031-03-12"),
        ("9 / 4 / 29 at 2:15 PM", "2029-09-04"),
        ("14 / 06 / 2029", "2029-06-14"),
        ("8:41 AM, WED 17 OCT 2029", "2029-10-17"),
        ("published: 2028-02-09 10:31:52", "2028-02-09"),
        ("Article posted on 04.09.2028", "2028-09-04"),
        ("18 November 2029, 09:00 (GMT+04: 00)", "2029-11-18"),
        ("Saturday, October 13-2007 at 15:48", "2007-10-13"),
        ("Posted on February 21, 2010 5:12:44 PM GMT+01: 0", "2010-02-21"),
        ("Updated 7:15 p. m. ET", None),
        ("Lyon, Feb 23 -", None),
    ],
)
def test_dateline_formats(stamp: str, iso: str | None) -> None:
    text = (
        f"Marsh withdraws from the race\n{stamp}\nIvo Marsh has withdrawn from the mayoral race.\n"
    )
    assert [r for r, _ in roles_and_texts(text)] == ["headline", "dateline", "body"]
    assert find_page_meta(text, segment(text)).published == iso


def test_published_stamp_wins_over_update_stamp() -> None:
    text = (
        "Marsh withdraws from the race\n"
        "UPDATED: WEDNESDAY, MARCH 12, 2031, 8:40 AM\n"
        "PUBLISHED: TUESDAY, MARCH 11, 2031, 4:05 PM\n"
        "Ivo Marsh has withdrawn from the mayoral race, his campaign told reporters on Tuesday.\n"
    )
    assert find_page_meta(text, segment(text)).published == "2031-03-11"


@pytest.mark.parametrize(
    ("line", "caption", "credit"),
    [
        (
            "Rescue workers search the rubble in Qeshm on Monday. (AP Photo/Vahid Salemi)",
            "Rescue workers search the rubble in Qeshm on Monday.",
            "(AP Photo/Vahid Salemi)",
        ),
        (
            "Protesters clash with police in Athens. REUTERS/John Kolesidis",
            "Protesters clash with police in Athens.",
            "REUTERS/John Kolesidis",
        ),
        (
            "Kim Jong Un watches a launch. KCNA via REUTERS",
            "Kim Jong Un watches a launch.",
            "KCNA via REUTERS",
        ),
        (
            "Smoke rises over the city. Photograph: Ahmed Salem/Xinhua",
            "Smoke rises over the city.",
            "Photograph: Ahmed Salem/Xinhua",
        ),
        (
            "Fans gather outside the arena in Mannheim. Yonhap",
            "Fans gather outside the arena in Mannheim.",
            "Yonhap",
        ),
    ],
)
def test_caption_with_glued_credit(line: str, caption: str, credit: str) -> None:
    text = (
        "A headline for the story here\n\n"
        "The first paragraph of the story says what happened on Tuesday in the capital.\n\n"
        f"{line}\n\n"
        "The last paragraph of the story adds what officials said about it afterwards.\n"
    )
    got = roles_and_texts(text)
    assert ("caption", caption) in got and ("credit", credit) in got


@pytest.mark.parametrize(
    "line",
    [
        "The report was first published by the AP.",
        "He served for 20 years in the U.S. Army",
        "By the time rescue boats arrived, the pier was gone.",
        "Copyright law was changed in 1998, the court said in its ruling.",
        "Related charges were filed against two other men on Friday, police said.",
        "On Nov. 3, he left the country with his family and never came back.",
    ],
)
def test_body_sentences_that_resemble_chrome_stay_body(line: str) -> None:
    text = (
        "A headline for the story here\n\n"
        "The first paragraph of the story says what happened on Tuesday in the capital.\n\n"
        f"{line}\n\n"
        "The last paragraph of the story adds what officials said about it afterwards.\n"
    )
    assert ("body", line) in roles_and_texts(text)


@pytest.mark.parametrize(
    "line",
    [
        "Advertisement",
        "Read more: Japan's yen slides as election looms",
        "Related: Five things to know about the vote",
        "(Updates with minister's comments in paragraph 3)",
        "(Corrects spelling of name in paragraph 5)",
        "Follow us on Twitter @example",
        "Sign up",
    ],
)
def test_chrome_phrases(line: str) -> None:
    text = (
        "A headline for the story here\n\n"
        "The first paragraph of the story says what happened on Tuesday in the capital.\n\n"
        f"{line}\n\n"
        "The last paragraph of the story adds what officials said about it afterwards.\n"
    )
    assert ("chrome", line) in roles_and_texts(text)


def test_lede_sentence_first_is_body_not_headline() -> None:
    text = (
        "Rosalind Ashby, the jazz singer whose recordings delighted Europeans in the 1960s, has"
        " died, her agent said.\n"
        "She was 88.\n"
    )
    assert [r for r, _ in roles_and_texts(text)] == ["body", "body"]
    assert find_page_meta(text, segment(text)).title is None


def test_section_label_above_headline_is_chrome() -> None:
    text = (
        "World News\n"
        "Storm floods harbour towns on Greek island of Pelinos\n"
        "A violent storm struck the Aegean coast on Tuesday, killing at least 7 people.\n"
    )
    assert [r for r, _ in roles_and_texts(text)] == ["chrome", "headline", "body"]


def test_hard_wrapped_paragraph_is_one_block() -> None:
    text = (
        "A violent storm struck the Aegean coast on Tuesday, flooding several harbours\n"
        "and killing at least seven people, state radio reported.\n"
    )
    assert roles_and_texts(text) == [("body", text.strip())]


@pytest.mark.parametrize(
    "text",
    [
        "A sentence here. " + "/".join(["AB"] * 400),
        "(" * 5000 + "A" + ")" * 5000,
        "A. " * 5000,
        "By " + " ".join(["Abc"] * 40) + ", " * 40 + "x",
        "SEOUL, " * 3000 + "(Reuters) - x",
        "\n".join(["By A B C D E", "AP", "March 11, 2031", "x"] * 2000),
    ],
)
def test_adversarial_input_stays_fast(text: str) -> None:
    # A guard against catastrophic backtracking (minutes), not a speed figure:
    # these take milliseconds; the bound is loose enough for any loaded machine.
    started = time.perf_counter()
    check_invariants(text, segment(text))
    assert time.perf_counter() - started < 10.0


@given(st.text(alphabet=st.sampled_from("ab AB.,:/()-—©\n\t\u00a0\u2028\r1905MayP"), max_size=300))
@settings(max_examples=300, deadline=None)
def test_invariants_on_any_text(text: str) -> None:
    check_invariants(text, segment(text))
    find_page_meta(text, segment(text))


@given(
    st.lists(st.sampled_from(SAMPLE_A.read_text(encoding="utf-8").split("\n")[:40]), max_size=30)
)
@settings(max_examples=100, deadline=None)
def test_invariants_on_shuffled_page_lines(lines: list[str]) -> None:
    text = "\n".join(lines)
    check_invariants(text, segment(text))


# --- ECB+ development articles ---------------------------------------------------------------


@lru_cache(maxsize=1)
def ecb_corpus() -> list[tuple[str, str, list[Block], dict[str, object]]]:
    """(doc_id, text, blocks, document record) for every ECB+ dev article."""
    docs: dict[str, dict[str, object]] = {}
    for gold in ECB_DEV.glob("*/gold.json"):
        for doc in json.loads(gold.read_text(encoding="utf-8"))["documents"]:
            docs[doc["doc_id"]] = doc
    out = []
    for path in sorted(ECB_DEV.glob("*/*.txt")):
        if path.stem not in docs:
            continue
        text = path.read_text(encoding="utf-8")
        out.append((path.stem, text, segment(text), docs[path.stem]))
    return out


@needs_ecb
def test_ecb_invariants_on_every_article() -> None:
    corpus = ecb_corpus()
    assert len(corpus) >= 400
    for _, text, blocks, _ in corpus:
        check_invariants(text, blocks)


@needs_ecb
def test_ecb_headline_is_the_first_line_of_the_page() -> None:
    # ECB+ 2013-era articles (*ecbplus) open with a headline, sometimes under a time
    # stamp. Measured: 194 of 204 have the first line that is not a stamp as the
    # headline; the other ten have no headline in the file (they open on the lede).
    plus = [(t, b) for doc, t, b, _ in ecb_corpus() if doc.endswith("ecbplus")]
    first_is_headline = sum(
        1 for _, blocks in plus if [b for b in blocks if b.role != "dateline"][0].role == "headline"
    )
    assert first_is_headline / len(plus) >= 0.95


@needs_ecb
def test_ecb_headline_matches_the_url_slug() -> None:
    # Where the source URL spells the headline ("lindsay-lohan-checks-into-...") and
    # one of the first lines matches it, the headline block must match it too.
    # Measured: 115 of 119; the four misses are slugs that differ from the printed
    # headline (or a page without one).
    def words(s: str) -> set[str]:
        return {w for w in re.findall(r"[a-z]+", s.lower()) if len(w) > 2}

    checked = agreed = 0
    for _, text, blocks, doc in ecb_corpus():
        url = doc.get("source_url")
        if not isinstance(url, str):
            continue
        path = re.sub(r"^https?://[^/]+", "", url)
        slug = max(re.split(r"[/?&=.]", path), key=lambda s: s.count("-") + s.count("_"))
        slug_words = words(slug.replace("_", " ").replace("-", " "))
        first_lines = [line for line in text.split("\n")[:4] if line.strip()]
        if len(slug_words) < 3 or not first_lines:
            continue
        if max(len(slug_words & words(line)) for line in first_lines) < 0.6 * len(slug_words):
            continue
        checked += 1
        headlines = [text[b.start : b.end] for b in blocks if b.role == "headline"]
        agreed += bool(headlines) and len(slug_words & words(headlines[0])) >= 0.5 * len(slug_words)
    assert checked >= 100
    assert agreed / checked >= 0.95


@needs_ecb
def test_ecb_running_sentences_are_not_headlines() -> None:
    # The older ECB articles (*ecb) open on the lede sentence, not on a headline: a
    # long first line that ends a sentence must stay body.
    for doc, text, blocks, _ in ecb_corpus():
        if not doc.endswith("ecb"):
            continue
        for b in blocks:
            s = text[b.start : b.end]
            if b.role == "headline":
                assert not (len(s.split()) >= 15 and s.rstrip("'\"”’").endswith(".")), doc


@needs_ecb
def test_ecb_gold_mentions_fall_in_body_or_headline() -> None:
    # Measured: 2817 of 2818 gold entity mentions of annotated sentences (the one
    # miss is a date in a dateline run into its headline: "14 / 06 / 2029 - Norland to hold ...").
    texts = {doc: (text, blocks) for doc, text, blocks, _ in ecb_corpus()}
    total = inside = 0
    for gold in ECB_DEV.glob("*/gold.json"):
        for cluster in json.loads(gold.read_text(encoding="utf-8"))["entity_clusters"]:
            for m in cluster["mentions"]:
                if not m["in_annotated_sentence"] or m["doc_id"] not in texts:
                    continue
                _, blocks = texts[m["doc_id"]]
                total += 1
                inside += any(
                    b.start <= m["char_start"] and m["char_end"] <= b.end
                    for b in blocks
                    if b.role in ("body", "headline")
                )
    assert total >= 2500
    assert inside / total >= 0.998


@needs_ecb
def test_ecb_published_date_from_dateline() -> None:
    # Measured: 172 of the 177 articles with a dateline block get a date (the rest
    # print no year, as in "Aug. 3 6:14 PM EDT", "SEP 19", "Lyon, Feb 23 -"); where
    # the URL carries a date, 37 of 43 agree with it exactly (the others are a day
    # apart: the page's local date against the URL's).
    with_dateline = dated = url_dated = url_agree = 0
    for _, text, blocks, doc in ecb_corpus():
        if not any(b.role == "dateline" for b in blocks):
            continue
        with_dateline += 1
        published = find_page_meta(text, blocks).published
        if published is None:
            continue
        dated += 1
        m = re.search(r"/((?:19|20)\d\d)[/-](\d\d)[/-](\d\d)[/_-]", str(doc.get("source_url")))
        if m:
            url_dated += 1
            url_agree += published == f"{m[1]}-{m[2]}-{m[3]}"
    assert with_dateline >= 150
    assert dated / with_dateline >= 0.95
    assert url_dated >= 30 and url_agree / url_dated >= 0.8
