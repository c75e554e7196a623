"""Domain types shared by analysis, store and tui.

Every type is a frozen dataclass with an explicit codec (``to_dict`` /
``from_dict``) to and from plain JSON-able dicts, which is what the store
persists. Screens and commands receive these objects, never raw dicts.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal


def article_id(text: str) -> str:
    """The id of an article version: the SHA-256 of its text's UTF-8 bytes, in hex."""
    # surrogatepass: a lone surrogate must not make an article impossible to identify.
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


BlockRole = Literal["headline", "byline", "dateline", "body", "caption", "credit", "chrome"]
BLOCK_ROLES: tuple[BlockRole, ...] = (
    "headline",
    "byline",
    "dateline",
    "body",
    "caption",
    "credit",
    "chrome",
)


@dataclass(frozen=True, slots=True)
class Block:
    """A span of an article's text with the role it plays on the page."""

    role: BlockRole
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"role": self.role, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Block:
        return cls(role=d["role"], start=int(d["start"]), end=int(d["end"]))


@dataclass(frozen=True, slots=True)
class PageMeta:
    """Metadata found in an article's own text (headline, outlet, byline, date)."""

    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """What the library lists: an article's metadata without its text."""

    id: str
    title: str
    outlet: str | None
    published: str | None
    source: str
    words: int
    version: int
    versions: int
    imported_at: str
    byline: str | None = None
    url: str | None = None
    story: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published,
            "source": self.source,
            "words": self.words,
            "version": self.version,
            "versions": self.versions,
            "imported_at": self.imported_at,
            "byline": self.byline,
            "url": self.url,
            "story": self.story,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ArticleSummary:
        return cls(
            id=d["id"],
            title=d.get("title") or "(untitled)",
            outlet=d.get("outlet"),
            published=d.get("published"),
            source=d.get("source", ""),
            words=int(d.get("words", 0)),
            version=int(d.get("version", 1)),
            versions=int(d.get("versions", 1)),
            imported_at=d.get("imported_at", ""),
            byline=d.get("byline"),
            url=d.get("url"),
            story=d.get("story"),
        )


@dataclass(frozen=True, slots=True)
class Article:
    """One version of one story from one outlet.

    ``text`` is the article's text as imported (decoded, control characters
    removed, line endings normalised); ``blocks`` cover it with roles, so every
    offset anywhere in claimdiff points into ``text``.
    """

    id: str
    title: str
    outlet: str | None
    published: str | None
    source: str
    text: str
    blocks: tuple[Block, ...]
    byline: str | None = None
    url: str | None = None
    version: int = 1
    versions: int = 1
    imported_at: str = ""
    story: str | None = None

    @property
    def words(self) -> int:
        return sum(
            len(self.text[b.start : b.end].split())
            for b in self.blocks
            if b.role in ("body", "caption", "headline")
        )

    def block_text(self, block: Block) -> str:
        return self.text[block.start : block.end]

    def summary(self) -> ArticleSummary:
        return ArticleSummary(
            id=self.id,
            title=self.title,
            outlet=self.outlet,
            published=self.published,
            source=self.source,
            words=self.words,
            version=self.version,
            versions=self.versions,
            imported_at=self.imported_at,
            byline=self.byline,
            url=self.url,
            story=self.story,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published,
            "source": self.source,
            "text": self.text,
            "blocks": [b.to_dict() for b in self.blocks],
            "byline": self.byline,
            "url": self.url,
            "version": self.version,
            "versions": self.versions,
            "imported_at": self.imported_at,
            "story": self.story,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        return cls(
            id=d["id"],
            title=d.get("title") or "(untitled)",
            outlet=d.get("outlet"),
            published=d.get("published"),
            source=d.get("source", ""),
            text=d.get("text", ""),
            blocks=tuple(Block.from_dict(b) for b in d.get("blocks", [])),
            byline=d.get("byline"),
            url=d.get("url"),
            version=int(d.get("version", 1)),
            versions=int(d.get("versions", 1)),
            imported_at=d.get("imported_at", ""),
            story=d.get("story"),
        )


# --- claims and entities -----------------------------------------------------

Qualifier = Literal["exact", "at_least", "at_most", "up_to", "about", "more_than", "less_than"]
ClaimKind = Literal["statement", "quote", "opinion"]


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit, e.g. "up to 400 kilometers (250 miles)".

    ``base_value``/``base_unit`` are normalised (km -> meter, miles -> meter,
    counts -> the counted noun) so that two quantities compare directly.
    ``alternates`` keeps restatements given in the same breath ("(250 miles)").
    """

    text: str
    value: float
    unit: str | None
    base_value: float
    base_unit: str | None
    counted: str | None = None
    qualifier: Qualifier = "exact"
    start: int = 0
    end: int = 0
    alternates: tuple[tuple[float, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "value": self.value,
            "unit": self.unit,
            "base_value": self.base_value,
            "base_unit": self.base_unit,
            "counted": self.counted,
            "qualifier": self.qualifier,
            "start": self.start,
            "end": self.end,
            "alternates": [list(a) for a in self.alternates],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Quantity:
        return cls(
            text=d["text"],
            value=float(d["value"]),
            unit=d.get("unit"),
            base_value=float(d.get("base_value", d["value"])),
            base_unit=d.get("base_unit"),
            counted=d.get("counted"),
            qualifier=d.get("qualifier", "exact"),
            start=int(d.get("start", 0)),
            end=int(d.get("end", 0)),
            alternates=tuple((float(v), str(u)) for v, u in d.get("alternates", [])),
        )


@dataclass(frozen=True, slots=True)
class TimeRef:
    """A time expression, resolved against the publication date when possible.

    ``value`` is an ISO date ("2024-11-01"), an ISO range
    ("2024-10-28/2024-11-03"), a month ("2024-09") or year ("2024"); ``None``
    when unresolved. ``granularity`` is day, week, month, year or unknown.
    """

    text: str
    value: str | None
    granularity: str
    start: int = 0
    end: int = 0
    weekday: str | None = None  # stated weekday, kept to check it against the date

    @property
    def resolved(self) -> bool:
        return self.value is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "value": self.value,
            "granularity": self.granularity,
            "resolved": self.resolved,
            "start": self.start,
            "end": self.end,
            "weekday": self.weekday,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TimeRef:
        return cls(
            text=d["text"],
            value=d.get("value"),
            granularity=d.get("granularity", "unknown"),
            start=int(d.get("start", 0)),
            end=int(d.get("end", 0)),
            weekday=d.get("weekday"),
        )


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who makes a claim and how: ("Gen Nakatani", "said")."""

    source: str | None
    verb: str | None
    named: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "verb": self.verb, "named": self.named}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Attribution | None:
        if not d:
            return None
        return cls(source=d.get("source"), verb=d.get("verb"), named=bool(d.get("named", True)))


@dataclass(frozen=True, slots=True)
class Claim:
    """One checkable assertion with its exact span in its article."""

    id: str
    article: str
    start: int
    end: int
    text: str
    kind: ClaimKind = "statement"
    block_role: str = "body"
    attribution: Attribution | None = None
    hedges: tuple[str, ...] = ()
    negated: bool = False
    quantities: tuple[Quantity, ...] = ()
    times: tuple[TimeRef, ...] = ()
    entities: tuple[str, ...] = ()
    caption_of: str | None = None
    # The claim's sentence embedding, int8 and base64 (analysis.reason.pairing.encode_vector):
    # computed once at analysis time so that comparing claims never loads a model.
    vector: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "article": self.article,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "block_role": self.block_role,
            "attribution": self.attribution.to_dict() if self.attribution else None,
            "hedges": list(self.hedges),
            "negated": self.negated,
            "quantities": [q.to_dict() for q in self.quantities],
            "times": [t.to_dict() for t in self.times],
            "entities": list(self.entities),
            "caption_of": self.caption_of,
            "vector": self.vector,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Claim:
        return cls(
            id=d["id"],
            article=d["article"],
            start=int(d["start"]),
            end=int(d["end"]),
            text=d["text"],
            kind=d.get("kind", "statement"),
            block_role=d.get("block_role", "body"),
            attribution=Attribution.from_dict(d.get("attribution")),
            hedges=tuple(d.get("hedges", ())),
            negated=bool(d.get("negated", False)),
            quantities=tuple(Quantity.from_dict(q) for q in d.get("quantities", ())),
            times=tuple(TimeRef.from_dict(t) for t in d.get("times", ())),
            entities=tuple(d.get("entities", ())),
            caption_of=d.get("caption_of"),
            vector=d.get("vector"),
        )


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of an entity in an article."""

    article: str
    text: str
    start: int
    end: int
    # The roles written next to this occurrence ("Senator"), so that a mention split off
    # its entry takes its roles along. Not part of what identifies the occurrence.
    roles: tuple[str, ...] = field(default=(), compare=False)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "article": self.article,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }
        if self.roles:
            d["roles"] = list(self.roles)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Mention:
        return cls(
            article=d["article"],
            text=d["text"],
            start=int(d["start"]),
            end=int(d["end"]),
            roles=tuple(d.get("roles", ())),
        )


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world thing across all articles."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = field(default=())

    @property
    def articles(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for m in self.mentions:
            seen.setdefault(m.article, None)
        return tuple(seen)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "roles": list(self.roles),
            "articles": list(self.articles),
            "mentions": [m.to_dict() for m in self.mentions],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Entity:
        return cls(
            id=d["id"],
            name=d["name"],
            type=d["type"],
            aliases=tuple(d.get("aliases", ())),
            roles=tuple(d.get("roles", ())),
            mentions=tuple(Mention.from_dict(m) for m in d.get("mentions", ())),
        )


# --- alignments ------------------------------------------------------------------

AlignStatus = Literal["agree", "compatible", "conflict", "only_a", "only_b"]
ALIGN_STATUSES: tuple[AlignStatus, ...] = ("agree", "compatible", "conflict", "only_a", "only_b")
# How a row is shown: its status, or "check" for a compatible row whose figure or
# date differs between claims that may report different events.
RowMark = Literal["agree", "compatible", "check", "conflict", "only_a", "only_b"]
ROW_MARKS: tuple[RowMark, ...] = ("agree", "compatible", "check", "conflict", "only_a", "only_b")
ReasonKind = Literal["quantity", "time", "polarity", "attribution", "hedge", "detail"]


@dataclass(frozen=True, slots=True)
class ClaimRef:
    """A claim as an alignment row shows it: its id, text and span."""

    claim: str
    text: str
    start: int
    end: int

    @classmethod
    def of(cls, claim: Claim) -> ClaimRef:
        return cls(claim=claim.id, text=claim.text, start=claim.start, end=claim.end)

    def to_dict(self) -> dict[str, Any]:
        return {"claim": self.claim, "text": self.text, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> ClaimRef | None:
        if d is None:
            return None
        return cls(claim=d["claim"], text=d["text"], start=int(d["start"]), end=int(d["end"]))


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a row has its status: which quantity, date, hedge or source differed, and how.

    ``a`` and ``b`` are what each side states, as written; ``a_value`` and
    ``b_value`` the values compared ("400 km"), ``difference`` and ``unit`` how
    far apart they are. ``template`` words the reason with placeholders for the
    sides (``{A}``, ``{B}``: their names; ``{a}``, ``{b}``, ``{av}``, ``{bv}``:
    what each states), so that it can be worded for any names and either order
    (:mod:`analysis.reason.wording`); ``note`` is it worded for sides "A" and "B".
    """

    kind: ReasonKind
    a: str
    b: str
    note: str = ""
    template: str = ""
    a_value: str = ""
    b_value: str = ""
    difference: str = ""
    unit: str = ""

    def __post_init__(self) -> None:
        if self.template and not self.note:
            object.__setattr__(self, "note", self.worded("A", "B"))
        elif self.note and not self.template:
            object.__setattr__(self, "template", self.note.replace("{", "{{").replace("}", "}}"))

    def worded(self, first: str, second: str) -> str:
        """The template with the sides called ``first`` and ``second``."""
        try:
            return self.template.format(
                A=first, B=second, a=self.a, b=self.b, av=self.a_value, bv=self.b_value
            )
        except (KeyError, IndexError, ValueError):
            return self.note or self.template

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"kind": self.kind, "a": self.a, "b": self.b, "note": self.note}
        d["template"] = self.template
        for key in ("a_value", "b_value", "difference", "unit"):
            if value := getattr(self, key):
                d[key] = value
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Reason:
        return cls(
            kind=d["kind"],
            a=d.get("a", ""),
            b=d.get("b", ""),
            note=d.get("note", "") if not d.get("template") else "",
            template=d.get("template", ""),
            a_value=d.get("a_value", ""),
            b_value=d.get("b_value", ""),
            difference=d.get("difference", ""),
            unit=d.get("unit", ""),
        )


@dataclass(frozen=True, slots=True)
class AlignmentRow:
    """One row of a claim diff: what A says, what B says, the status and why.

    ``check`` marks a ``compatible`` row whose figure, date, polarity or source differs although
    the claims may report different events: not called a conflict, but worth a
    reader's look (its reasons say how likely one event is).
    """

    status: AlignStatus
    a: ClaimRef | None
    b: ClaimRef | None
    score: float
    reasons: tuple[Reason, ...] = ()
    check: bool = False

    @property
    def mark(self) -> RowMark:
        """How the row is shown and filtered: its status, or ``check``."""
        return "check" if self.check else self.status

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "check": self.check,
            "a": self.a.to_dict() if self.a else None,
            "b": self.b.to_dict() if self.b else None,
            "score": round(self.score, 4),
            "reasons": [r.to_dict() for r in self.reasons],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> AlignmentRow:
        return cls(
            status=d["status"],
            a=ClaimRef.from_dict(d.get("a")),
            b=ClaimRef.from_dict(d.get("b")),
            score=float(d.get("score", 0.0)),
            reasons=tuple(Reason.from_dict(r) for r in d.get("reasons", ())),
            check=bool(d.get("check", False)),
        )
