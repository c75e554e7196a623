"""Verbs that tell what a name is by what is done with it: hosting, aiming at.

Source: general English usage, every inflected form written out, listed by hand.
"""

from __future__ import annotations

from analysis.lexicon import word_set

HOSTING_VERBS = word_set("host hosts hosted hosting emcee emceed attend attends attended attending")

# Verbs that aim something at someone: "lashed out at Obama" names a person.
AIMING_VERBS = word_set(
    """
    look looked looks looking shoot shot shoots shooting aim aimed aims lash lashed lashes
    laugh laughed laughs yell yelled point pointed points fire fired fires swing swung hit
    hits throw threw thrown throws jab jabbed stare stared staring glance glanced smile
    smiled wink winked nod nodded bark barked scream screamed shout shouted shouting
    angry upset mad furious
    """
)
