"""The claim diff measured on edits we make ourselves: a perturbation suite over real articles.

Each article (one sentence per line, as in ``shared/eval/ecbplus-dev``) gets a
second version with known edits, each on its own sentence:

- ``number``: a number changed beyond rounding (must be a conflict);
- ``date``: a weekday or a day of the month changed (must be a conflict);
- ``removed``: sentences left out (must be ``only_a``);
- ``added``: sentences of an article on another topic put in (must be ``only_b``);
- ``unit``: a quantity restated in another unit, "400 kilometers" -> "249 miles"
  (must pair, as ``agree`` or ``compatible``);
- ``hedge``: "about" or "at least" put before a number (must pair, not as a conflict).

Where an article has no sentence fit for an edit (no number, no date, no
convertible unit), a sentence carrying one is inserted into *both* versions
and the edit made there. Everything is seeded, so a run is repeatable.

``python -m evaluation.perturb [--shared PATH] [--limit N]`` prints the figures:
recall of injected conflicts, the share of untouched sentences wrongly flagged
as conflicts, recall of removed and added sentences, and how many unit
restatements and added hedges are read as the same fact.
"""

from __future__ import annotations

import argparse
import bisect
import json
import random
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from analysis.extract.quantities import parse_number
from analysis.model import AlignmentRow, Article, Claim, Quantity, TimeRef

EditKind = Literal["number", "date", "removed", "added", "unit", "hedge"]
EDIT_KINDS: tuple[EditKind, ...] = ("number", "date", "removed", "added", "unit", "hedge")
DEFAULT_SEED = 20241105
MIN_BODY_SENTENCES = 6
_REMOVED_PER_ARTICLE = 2
_ADDED_PER_ARTICLE = 2

# --- versions and edits ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Edit:
    """One known change: which sentence of A (``line_a``) became which of B (``line_b``)."""

    kind: EditKind
    line_a: int | None
    line_b: int | None
    before: str
    after: str
    inserted: bool = False  # made on a sentence inserted into both versions


@dataclass(frozen=True, slots=True)
class PerturbedPair:
    """An article and its edited version, with the line mapping between them."""

    name: str
    text_a: str
    text_b: str
    published: str | None
    edits: tuple[Edit, ...]
    # line of B -> line of A for every sentence carried over (edited or not)
    b_to_a: dict[int, int] = field(default_factory=dict)

    def untouched_lines_a(self) -> set[int]:
        """Lines of A carried into B unchanged."""
        edited = {e.line_a for e in self.edits if e.line_a is not None}
        return {a for a in self.b_to_a.values() if a not in edited}


_UNIT_WORDS: dict[str, tuple[str, str]] = {
    # pint unit -> (the unit it is restated in, the word written for that unit)
    "kilometer": ("mile", "miles"),
    "mile": ("kilometer", "kilometers"),
    "meter": ("foot", "feet"),
    "foot": ("meter", "meters"),
    "kilogram": ("pound", "pounds"),
    "pound": ("kilogram", "kilograms"),
    "mile_per_hour": ("kilometer_per_hour", "kilometers per hour"),
    "kilometer_per_hour": ("mile_per_hour", "mph"),
}
_FACTORS = {
    "kilometer": 1000.0,
    "mile": 1609.344,
    "meter": 1.0,
    "foot": 0.3048,
    "kilogram": 1.0,
    "pound": 0.45359237,
    "mile_per_hour": 0.44704,
    "kilometer_per_hour": 1 / 3.6,
}
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_NUMBER_IN_TEXT = re.compile(
    r"\d[\d,]*(?:\.\d+)?|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|"
    r"sixty|seventy|eighty|ninety|hundred)\b",
    re.IGNORECASE,
)
_MONTH_DAY = re.compile(
    r"\b(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+(?P<day>\d{1,2})\b"
)
_WEEKDAY_IN_TEXT = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b")

# Sentences inserted into both versions when an article has nothing to edit.
# fmt: off
_NUMBER_TEMPLATES = (
    "Officials said {n} people had been questioned by the end of the day.",
    "The company reported {n} complaints from customers in the region.",
    "Organisers counted {n} volunteers at the site.",
)
_DATE_TEMPLATES = (
    "The local council discussed the matter at a meeting on {day}.",
    "A spokesman confirmed the details in a statement on {day}.",
)
_UNIT_TEMPLATES = (
    ("The convoy had travelled {v} {u} before it stopped.", "kilometer", (60, 90, 120, 250, 400)),
    ("Rescue teams searched an area stretching {v} {u} along the coast.", "mile", (5, 12, 30)),
    ("The shipment weighed {v} {u}, according to customs records.", "kilogram", (40, 75, 300)),
    ("The wall stands {v} {u} high at its tallest point.", "meter", (3, 8, 15)),
)
_UNIT_SURFACE = {"kilometer": "kilometers", "mile": "miles", "kilogram": "kilograms",
                 "meter": "meters"}
_HEDGE_TEMPLATES = (
    "Police said {n} officers were sent to the scene.",
    "The agency received {n} calls about the incident.",
)
# fmt: on


@dataclass
class _Entry:
    """One sentence of version A and what becomes of it in B."""

    text_a: str
    text_b: str | None  # None: removed from B
    kind: EditKind | None = None
    inserted: bool = False
    body: bool = False


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for m in re.finditer("\n", text):
        starts.append(m.end())
    return starts


def _line_of(starts: Sequence[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset) - 1


def _claims_by_line(article_text: str, claims: Sequence[Claim]) -> dict[int, list[Claim]]:
    starts = _line_starts(article_text)
    out: dict[int, list[Claim]] = {}
    for c in claims:
        out.setdefault(_line_of(starts, c.start), []).append(c)
    return out


_SMALL_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty",
)  # fmt: skip


def _format_like(original: str, value: float) -> str:
    """``value`` written the way ``original`` was: words, digits, thousands separators."""
    if value != round(value):
        return f"{value:.1f}"
    n = round(value)
    if original[:1].isalpha() and n < len(_SMALL_WORDS):
        word = _SMALL_WORDS[n]
        return word.capitalize() if original[:1].isupper() else word
    if "," in original or n >= 10000:
        return f"{n:,}"
    return str(n)


def _changed_number(value: float, rng: random.Random) -> float:
    """A value that differs from ``value`` beyond any rounding: at least 40 % and 3 apart."""
    factor = rng.choice((0.5, 1.6, 2.0, 2.5, 3.0)) if value >= 4 else rng.choice((2.0, 3.0))
    new = round(value * factor)
    if abs(new - value) < 3:
        new = round(value + rng.choice((3, 4, 5)))
    return float(new)


def _editable_quantity(q: Quantity) -> bool:
    """Whether a quantity is a plain number we can change: "48", "300 delegates", "5 km".

    Ranges, restatements, numbers glued to a word ("12-gauge") and counts of
    a proper noun (a misread "round three Klitschko") are left alone.
    """
    text = q.text
    m = _NUMBER_IN_TEXT.search(text)
    return (
        m is not None
        and text[m.end() : m.end() + 1] != "-"
        and not re.match(r"\s+[A-Z]", text[m.end() :])
        and not re.search(r"\d\s*[-–]\s*\d|\d,\s+\d|\bbetween\b|\bto\b|\bor\b", text)
        and q.value >= 1
        and (q.unit is None or q.unit.isupper() or q.unit in _FACTORS or q.unit == "percent")
        and not q.alternates
    )


def _replace(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


def _number_span(q: Quantity, line_start: int) -> tuple[int, int, str] | None:
    """The offsets (within its line) of the number in a quantity's text, and the number."""
    m = _NUMBER_IN_TEXT.search(q.text)
    if m is None:
        return None
    start = q.start - line_start + m.start()
    return start, start + len(m.group(0)), m.group(0)


def _edit_number(
    line: str, line_start: int, claims: Sequence[Claim], rng: random.Random
) -> str | None:
    quantities = [q for c in claims for q in c.quantities if _editable_quantity(q)]
    if not quantities:
        return None
    q = rng.choice(quantities)
    found = _number_span(q, line_start)
    if found is None:
        return None
    start, end, number = found
    written = parse_number(number)  # "160" of "$160 million": change what is written
    if written is None:
        return None
    new = _format_like(number, _changed_number(written, rng))
    return _replace(line, start, end, new)


def _edit_hedge(
    line: str, line_start: int, claims: Sequence[Claim], rng: random.Random
) -> str | None:
    quantities = [
        q
        for c in claims
        for q in c.quantities
        if _editable_quantity(q) and q.qualifier == "exact" and q.text[:1].isdigit()
    ]
    if not quantities:
        return None
    q = rng.choice(quantities)
    start = q.start - line_start
    return _replace(line, start, start, rng.choice(("about ", "at least ", "nearly ")))


def _edit_date(
    line: str, line_start: int, claims: Sequence[Claim], rng: random.Random
) -> str | None:
    refs: list[TimeRef] = [
        t for c in claims for t in c.times if t.granularity == "day" or t.weekday is not None
    ]
    rng.shuffle(refs)
    for t in refs:
        local = line[t.start - line_start : t.end - line_start]
        if m := _WEEKDAY_IN_TEXT.search(local):
            i = _WEEKDAYS.index(m.group(1))
            new = _WEEKDAYS[(i + rng.choice((2, 3, 4, 5))) % 7]
            start = t.start - line_start + m.start()
            return _replace(line, start, start + len(m.group(1)), new)
        if m := _MONTH_DAY.search(local):
            day = int(m.group("day"))
            new_day = day + 3 if day <= 20 else day - 5
            start = t.start - line_start + m.start("day")
            return _replace(line, start, start + len(m.group("day")), str(new_day))
    return None


def _restated(value: float, unit: str, rng: random.Random) -> tuple[str, str]:
    target, word = _UNIT_WORDS[unit]
    converted = value * _FACTORS[unit] / _FACTORS[target]
    digits = rng.choice((2, 3))
    magnitude = len(str(int(abs(converted)))) if converted >= 1 else 1
    rounded = round(converted, max(0, digits - magnitude))
    text = f"{rounded:,.0f}" if rounded == round(rounded) else f"{rounded:.{max(1, digits - 1)}f}"
    return text, word


def _edit_unit(
    line: str, line_start: int, claims: Sequence[Claim], rng: random.Random
) -> str | None:
    quantities = [
        q
        for c in claims
        for q in c.quantities
        if q.unit in _UNIT_WORDS and not q.alternates and _NUMBER_IN_TEXT.search(q.text)
    ]
    if not quantities:
        return None
    q = rng.choice(quantities)
    found = _number_span(q, line_start)
    if found is None:
        return None
    start, _, _ = found
    end = q.end - line_start
    assert q.unit is not None
    number, word = _restated(q.value, q.unit, rng)
    return _replace(line, start, end, f"{number} {word}")


_EDITORS = {"number": _edit_number, "date": _edit_date, "unit": _edit_unit, "hedge": _edit_hedge}


def _template(kind: EditKind, rng: random.Random) -> tuple[str, str]:
    """A sentence for both versions and its edited form, for an article with nothing to edit."""
    if kind == "number":
        n = rng.choice((12, 25, 40, 150, 300))
        template = rng.choice(_NUMBER_TEMPLATES)
        return template.format(n=n), template.format(
            n=_format_like(str(n), _changed_number(n, rng))
        )
    if kind == "date":
        i = rng.randrange(7)
        template = rng.choice(_DATE_TEMPLATES)
        return (
            template.format(day=_WEEKDAYS[i]),
            template.format(day=_WEEKDAYS[(i + rng.choice((2, 3))) % 7]),
        )
    if kind == "hedge":
        n = rng.choice((15, 30, 80, 200))
        template = rng.choice(_HEDGE_TEMPLATES)
        hedge = rng.choice(("about ", "at least ", "nearly "))
        return template.format(n=n), template.format(n=hedge + str(n))
    template, unit, values = rng.choice(_UNIT_TEMPLATES)
    value = rng.choice(values)
    number, word = _restated(float(value), unit, rng)
    return template.format(v=value, u=_UNIT_SURFACE[unit]), template.format(v=number, u=word)


def perturb(
    name: str,
    article: Article,
    claims: Sequence[Claim],
    donors: Sequence[str],
    rng: random.Random,
) -> PerturbedPair:
    """Make the edited version of one analysed article (see the module docstring).

    ``donors`` are sentences from articles on other topics, for the ``added``
    edits. Version A is the article's text plus any inserted sentences; B is A
    with the edits.
    """
    text = article.text
    lines = text.split("\n")
    starts = _line_starts(text)
    by_line = _claims_by_line(text, [c for c in claims if c.block_role == "body"])
    body_lines = [i for i in sorted(by_line) if lines[i].strip()]
    entries = [_Entry(t, t, body=i in by_line) for i, t in enumerate(lines)]
    free = body_lines[:]
    rng.shuffle(free)

    pending: list[tuple[EditKind, str, str]] = []
    for kind in ("date", "number", "unit", "hedge"):
        editor = _EDITORS[kind]
        for i in free:
            if entries[i].kind is not None:
                continue
            edited = editor(lines[i], starts[i], by_line[i], rng)
            if edited is not None and edited != lines[i]:
                entries[i].kind, entries[i].text_b = kind, edited
                break
        else:
            pending.append((kind, *_template(kind, rng)))
    for i in [i for i in free if entries[i].kind is None][:_REMOVED_PER_ARTICLE]:
        entries[i].kind, entries[i].text_b = "removed", None

    # Sentences carrying an edit the article had no place for go into both versions.
    for kind, before, after in pending:
        anchors = [k for k, e in enumerate(entries) if e.body and not e.inserted]
        position = (rng.choice(anchors) if anchors else len(entries) - 1) + 1
        entries.insert(position, _Entry(before, after, kind, inserted=True, body=True))

    b_lines: list[tuple[str, int | None]] = [
        (e.text_b, k) for k, e in enumerate(entries) if e.text_b is not None
    ]
    for donor in rng.sample(list(donors), min(_ADDED_PER_ARTICLE, len(donors))):
        body_positions = [
            j for j, (_, k) in enumerate(b_lines) if k is not None and entries[k].body
        ]
        after_j = rng.choice(body_positions) if body_positions else len(b_lines) - 1
        b_lines.insert(after_j + 1, (donor, None))

    edits: list[Edit] = []
    b_to_a: dict[int, int] = {}
    for j, (line_text, k) in enumerate(b_lines):
        if k is None:
            edits.append(Edit("added", None, j, "", line_text))
            continue
        b_to_a[j] = k
        e = entries[k]
        if e.kind is not None:
            edits.append(Edit(e.kind, k, j, e.text_a, line_text, e.inserted))
    edits += [
        Edit("removed", k, None, e.text_a, "") for k, e in enumerate(entries) if e.text_b is None
    ]
    return PerturbedPair(
        name=name,
        text_a="\n".join(e.text_a for e in entries),
        text_b="\n".join(t for t, _ in b_lines),
        published=article.published,
        edits=tuple(edits),
        b_to_a=b_to_a,
    )


# --- scoring -------------------------------------------------------------------------------


@dataclass
class Tally:
    """Hits and trials per measure, summed over articles."""

    hits: dict[str, int] = field(default_factory=dict)
    trials: dict[str, int] = field(default_factory=dict)

    def add(self, measure: str, hit: bool) -> None:
        """Count one trial of ``measure``."""
        self.trials[measure] = self.trials.get(measure, 0) + 1
        self.hits[measure] = self.hits.get(measure, 0) + int(hit)

    def rate(self, measure: str) -> float:
        """hits / trials, or NaN when there was no trial."""
        n = self.trials.get(measure, 0)
        return self.hits.get(measure, 0) / n if n else float("nan")


def score_pair(
    pair: PerturbedPair,
    claims_a: Sequence[Claim],
    claims_b: Sequence[Claim],
    rows: Sequence[AlignmentRow],
    tally: Tally,
) -> None:
    """Check one diff against the edits that made it, adding to ``tally``."""
    starts_a, starts_b = _line_starts(pair.text_a), _line_starts(pair.text_b)
    line_a = {c.id: _line_of(starts_a, c.start) for c in claims_a}
    line_b = {c.id: _line_of(starts_b, c.start) for c in claims_b}
    rows_of_a: dict[int, list[AlignmentRow]] = {}
    rows_of_b: dict[int, list[AlignmentRow]] = {}
    for row in rows:
        if row.a is not None and row.a.claim in line_a:
            rows_of_a.setdefault(line_a[row.a.claim], []).append(row)
        if row.b is not None and row.b.claim in line_b:
            rows_of_b.setdefault(line_b[row.b.claim], []).append(row)

    def between(i: int | None, j: int | None) -> list[AlignmentRow]:
        if i is None:
            return []
        return [r for r in rows_of_a.get(i, []) if r.b is not None and line_b.get(r.b.claim) == j]

    for e in pair.edits:
        if e.kind in ("number", "date"):
            if not rows_of_a.get(e.line_a or -1):
                continue  # the sentence gave no claim: nothing to find
            tally.add("conflict", any(r.status == "conflict" for r in between(e.line_a, e.line_b)))
            tally.add(
                f"conflict:{e.kind}",
                any(r.status == "conflict" for r in between(e.line_a, e.line_b)),
            )
        elif e.kind == "removed":
            found = rows_of_a.get(e.line_a or -1, [])
            if found:
                tally.add("removed", all(r.status == "only_a" for r in found))
        elif e.kind == "added":
            found = rows_of_b.get(e.line_b or -1, [])
            if found:
                tally.add("added", all(r.status == "only_b" for r in found))
        elif e.kind in ("unit", "hedge"):
            if not rows_of_a.get(e.line_a or -1):
                continue
            ok = any(r.status in ("agree", "compatible") for r in between(e.line_a, e.line_b))
            tally.add(e.kind, ok)
            if e.kind == "hedge":
                tally.add(
                    "hedge_conflict",
                    any(r.status == "conflict" for r in between(e.line_a, e.line_b)),
                )
    for i in pair.untouched_lines_a():
        found = rows_of_a.get(i, [])
        if found:
            tally.add("false_conflict", any(r.status == "conflict" for r in found))
            j = next(j for j, k in pair.b_to_a.items() if k == i)
            tally.add(
                "untouched_paired",
                all(r.b is not None and line_b.get(r.b.claim) == j for r in found),
            )


# --- the run --------------------------------------------------------------------------------


def default_shared() -> Path:
    """``shared/`` beside the repository."""
    return Path(__file__).resolve().parents[2] / "shared"


def eval_articles(
    shared: Path, *, limit: int | None = None, seed: int = DEFAULT_SEED
) -> list[Path]:
    """The ECB+ articles (``*ecbplus``) the suite runs on, in a seeded order, ``limit`` first."""
    paths = sorted((shared / "eval" / "ecbplus-dev").glob("t*_ecbplus/*ecbplus.txt"))
    rng = random.Random(seed)
    rng.shuffle(paths)
    return paths[:limit] if limit else paths


def _topic(path: Path) -> str:
    return path.parent.name.split("_")[0]


def _build(text: str, name: str, published: str | None) -> Article:
    from analysis.ingest.article import build_article
    from analysis.ingest.formats import SourceDocument

    meta = {"published": published} if published else {}
    return build_article(SourceDocument(text=text, meta=meta), source=name, fallback_title=name)


def run(
    shared: Path, *, limit: int | None = None, seed: int = DEFAULT_SEED
) -> tuple[Tally, dict[str, Any]]:
    """Run the suite: build, analyse, perturb, analyse again, align and score.

    Only articles with at least :data:`MIN_BODY_SENTENCES` body sentences take
    part; ``limit`` caps how many (the seeded order decides which).
    """
    from analysis.nlp.pipeline import analyze_articles
    from analysis.reason.align import align_claims

    started = time.perf_counter()
    articles: list[tuple[Path, Article]] = []
    for path in eval_articles(shared, seed=seed):
        article = _build(path.read_text(encoding="utf-8"), path.name, None)
        if sum(b.role == "body" for b in article.blocks) >= MIN_BODY_SENTENCES:
            articles.append((path, article))
    if limit:
        articles = articles[:limit]
    analyses = list(analyze_articles(a for _, a in articles))
    donor_pool: dict[str, list[str]] = {}
    for (path, article), analysis in zip(articles, analyses, strict=True):
        for c in analysis.claims:
            if c.block_role == "body" and c.text.count(" ") >= 5:
                line = article.text[c.start : c.end]
                donor_pool.setdefault(_topic(path), []).append(line)

    rng = random.Random(seed)
    pairs: list[PerturbedPair] = []
    for (path, article), analysis in zip(articles, analyses, strict=True):
        donors = [s for topic, lines in donor_pool.items() if topic != _topic(path) for s in lines]
        pairs.append(perturb(path.name, article, analysis.claims, donors, rng))
    versions = [
        _build(text, f"{p.name}:{side}", p.published)
        for p in pairs
        for side, text in (("a", p.text_a), ("b", p.text_b))
    ]
    analysed = list(analyze_articles(versions))
    analysis_seconds = time.perf_counter() - started
    tally = Tally()
    align_seconds = 0.0
    for k, pair in enumerate(pairs):
        ca, cb = analysed[2 * k].claims, analysed[2 * k + 1].claims
        t0 = time.perf_counter()
        rows = align_claims(ca, cb, published_a=pair.published, published_b=pair.published)
        align_seconds += time.perf_counter() - t0
        score_pair(pair, ca, cb, rows, tally)
    info = {
        "articles": len(pairs),
        "inserted_edits": sum(e.inserted for p in pairs for e in p.edits),
        "edits": sum(len(p.edits) for p in pairs),
        "analysis_seconds": round(analysis_seconds, 2),
        "align_seconds": round(align_seconds, 3),
    }
    return tally, info


def real_pairs(shared: Path) -> dict[str, float]:
    """Pairing on real reports of one event by two outlets, judged by ECB+'s event clusters.

    Each ``*ecbplus`` folder holds articles from many outlets on one event;
    consecutive articles of a folder are aligned. A pair of claims both on
    annotated sentences counts as right when the two sentences mention a common
    event cluster (the gold's "same happening"): a proxy for pairing precision.
    Also reported: how many conflicts a pair of real articles shows on average.
    """
    from analysis.nlp.pipeline import analyze_articles
    from analysis.reason.align import align_claims

    folders = sorted((shared / "eval" / "ecbplus-dev").glob("t*_ecbplus"))
    articles: list[tuple[Path, Article]] = []
    for folder in folders:
        for path in sorted(folder.glob("*ecbplus.txt")):
            articles.append((path, _build(path.read_text(encoding="utf-8"), path.name, None)))
    analyses = list(analyze_articles(a for _, a in articles))
    events: dict[tuple[str, int], set[str]] = {}
    annotated: set[tuple[str, int]] = set()
    for folder in folders:
        gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
        for doc in gold["documents"]:
            annotated.update((doc["doc_id"], n) for n in doc["annotated_sentences"])
        for cluster in gold["event_clusters"]:
            for m in cluster["mentions"]:
                events.setdefault((m["doc_id"], m["sentence"]), set()).add(cluster["cluster_id"])
    judged = right = conflicts = pairs = 0
    for k in range(len(articles) - 1):
        (path_a, a), (path_b, b) = articles[k], articles[k + 1]
        if path_a.parent != path_b.parent:
            continue
        pairs += 1
        rows = align_claims(
            analyses[k].claims,
            analyses[k + 1].claims,
            published_a=a.published,
            published_b=b.published,
        )
        conflicts += sum(r.status == "conflict" for r in rows)
        starts_a, starts_b = _line_starts(a.text), _line_starts(b.text)
        for row in rows:
            if row.a is None or row.b is None:
                continue
            # gold sentence numbers count the file's lines from 1
            sa = (path_a.stem, _line_of(starts_a, row.a.start) + 1)
            sb = (path_b.stem, _line_of(starts_b, row.b.start) + 1)
            if sa in annotated and sb in annotated:
                judged += 1
                right += bool(events.get(sa, set()) & events.get(sb, set()))
    return {
        "article_pairs": pairs,
        "judged_claim_pairs": judged,
        "event_precision": right / judged if judged else float("nan"),
        "conflicts_per_pair": conflicts / pairs if pairs else float("nan"),
    }


# Each headline figure and the tally measure it is the rate of.
FIGURE_MEASURES = {
    "conflict_recall": "conflict",
    "number_conflict_recall": "conflict:number",
    "date_conflict_recall": "conflict:date",
    "false_conflict_rate": "false_conflict",
    "removed_recall": "removed",
    "added_recall": "added",
    "unit_compatible_rate": "unit",
    "hedge_compatible_rate": "hedge",
    "hedge_conflict_rate": "hedge_conflict",
    "untouched_paired_rate": "untouched_paired",
}


def figures(tally: Tally) -> dict[str, float]:
    """The suite's headline figures from a tally (see :data:`FIGURE_MEASURES`)."""
    return {name: tally.rate(measure) for name, measure in FIGURE_MEASURES.items()}


def main(argv: Sequence[str] | None = None) -> int:
    """The command line: run the suite and print its figures."""
    parser = argparse.ArgumentParser(
        prog="python -m evaluation.perturb",
        description="Measure the claim diff on seeded edits of real articles.",
    )
    parser.add_argument("--shared", type=Path, default=default_shared(), help="the shared/ folder")
    parser.add_argument("--limit", type=int, default=None, help="use at most N articles")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--real-pairs",
        action="store_true",
        help="also align real reports of one event by two outlets and judge the pairs "
        "by the gold event clusters (analyses every ECB+ article: slower)",
    )
    args = parser.parse_args(argv)
    if not (args.shared / "eval" / "ecbplus-dev").is_dir():
        print(f"error: {args.shared / 'eval' / 'ecbplus-dev'} not found", file=sys.stderr)
        return 2
    tally, info = run(args.shared, limit=args.limit, seed=args.seed)
    result = figures(tally)
    real = real_pairs(args.shared) if args.real_pairs else None
    if args.json:
        out = {"figures": result, "trials": tally.trials, **info}
        if real is not None:
            out["real_pairs"] = real
        print(json.dumps(out, indent=1))
        return 0
    print(
        f"articles: {info['articles']} (edits: {info['edits']}, "
        f"{info['inserted_edits']} on inserted sentences)"
    )
    for key, value in result.items():
        measure = FIGURE_MEASURES[key]
        hits, trials = tally.hits.get(measure, 0), tally.trials.get(measure, 0)
        print(f"{key:24} {value:6.1%}  ({hits}/{trials})")
    print(f"analysis {info['analysis_seconds']} s, alignment {info['align_seconds']} s")
    if real is not None:
        print(
            f"real pairs: {real['article_pairs']} article pairs, "
            f"{real['judged_claim_pairs']} claim pairs on annotated sentences, "
            f"{real['event_precision']:.1%} sharing a gold event; "
            f"{real['conflicts_per_pair']:.2f} conflicts per article pair"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
