"""Words about organisations' names, for deciding what a short form can stand for."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Nouns that head the names of bodies and buildings found in every town or country
# ("the House", "the Court", "the Tower"): alone, such a word is not the one body a
# longer name holds it as its head ("Harbor Tower", "Supreme Court"). General English.
GENERIC_HEADS = _words(
    """
    house senate assembly parliament congress court courts tower towers building hall
    office department ministry agency bureau service services police council committee
    commission board authority university college school hospital center centre clinic
    bank company group party church cathedral museum library station airport port bridge
    street road avenue square park palace castle club team union league
    """
)
# Online platforms and services that text names as a place one posts on or an
# organisation, never a person. Widely known names, listed by hand.
PLATFORMS = _words(
    """
    twitter facebook instagram youtube tiktok snapchat reddit linkedin whatsapp telegram
    bluesky google amazon netflix spotify wikipedia
    """
)
# Nouns for one outlet of a company: "Harbor Bank's Quay Street branch" is the bank's.
OUTLET_NOUNS = _words("branch store shop outlet office supermarket")
