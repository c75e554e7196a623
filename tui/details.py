"""The text of the detail panels: a claim's analysis, one line per finding.

Shared by the article screen (under the text) and the fact screen (under each
column), so it lives in neither.
"""

from __future__ import annotations

from rich.text import Text

from analysis.model import Claim, Entity


def claim_detail(claim: Claim, entities: tuple[Entity, ...]) -> Text:
    """The selected claim's analysis, one line each: source, hedges, numbers, dates."""
    names = {e.id: e.name for e in entities}
    text = Text()
    kind = claim.kind + (" (caption)" if claim.block_role == "caption" else "")
    text.append(kind, style="bold")
    if claim.attribution and claim.attribution.source:
        verb = claim.attribution.verb or "says"
        text.append(f" · {claim.attribution.source} ({verb})")
    elif claim.attribution:
        text.append(f" · unnamed source ({claim.attribution.verb or 'reportedly'})")
    if claim.negated:
        text.append(" · negated", style="bold")
    if claim.hedges:
        text.append(" · hedged: " + ", ".join(claim.hedges))
    from tui.wording import quantity_words

    for q in claim.quantities:
        # Read as every screen and the CLI write it: "USD 139,000,000", never "1.39e+08".
        text.append(f"\nquantity: {q.text} → {quantity_words(q)}")
    for t in claim.times:
        text.append(f"\ntime: {t.text} → {t.value or 'unresolved'}")
    if claim.entities:
        text.append("\nentities: " + ", ".join(names.get(i, i) for i in claim.entities))
    if claim.caption_of:
        text.append("\nthis caption repeats a body claim")
    return text
