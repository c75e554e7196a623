"""Verbs and nouns of saying and thinking, and the words that modify them.

Source: English reporting verbs as news writing uses them ("said", "warned",
"according to"), gathered from newswire style guides' lists of attribution verbs.
"""

from __future__ import annotations

from analysis.lexicon import verb_forms, word_set

# Verbs that report what someone said, wrote or thinks (lemmas).
SPEECH_VERBS = word_set(
    """
    say tell add confirm report announce state claim warn accuse allege deny insist note
    explain argue suggest believe think expect anticipate predict estimate question
    doubt fear hope emphasize emphasise stress reiterate respond reply express pledge
    vow promise write tweet post acknowledge admit assert declare urge indicate reveal
    disclose maintain contend concede testify inform remark comment describe conclude
    forecast agree recall signal underline mention caution speculate assess consider
    quote cite complain demand ask criticize criticise condemn praise dismiss reject
    boast charge repeat counter suspect worry estimate
    """
)
# Past tenses the regular rules of English get wrong for those verbs.
IRREGULAR_PAST = {
    "say": "said",
    "tell": "told",
    "think": "thought",
    "write": "wrote",
    "forecast": "forecast",
    "speak": "spoke",
}
# Verbs that double their last consonant before "-ed" and "-ing" ("admitted").
DOUBLING_VERBS = frozenset({"admit", "signal"})
# Verbs of speaking that name the act, not what was said: "spoke", "answered".
SPEAKING_VERBS = word_set("speak answer")
# Every inflected form of a verb of saying or speaking ("say", "says", "said",
# "saying"), for matching surface text without a parser.
SPEECH_VERB_FORMS = frozenset(
    form
    for lemma in SPEECH_VERBS | SPEAKING_VERBS
    for form in verb_forms(lemma, IRREGULAR_PAST.get(lemma), lemma in DOUBLING_VERBS)
)
# Of the speech verbs, those that give a view or a forecast rather than report a fact.
OPINION_VERBS = word_set(
    """
    believe think expect anticipate predict estimate question doubt fear hope speculate
    suspect assess consider forecast argue worry feel see view
    """
)
# Verbs whose passive gives a view: "is seen as", "is expected to".
PASSIVE_OPINION_VERBS = frozenset({"see", "expect", "believe", "think", "consider", "view"})
# Nouns that make "there is a ... that" a view: "there is a prevailing belief that".
OPINION_NOUNS = word_set(
    """
    belief view expectation chance likelihood possibility consensus fear concern hope
    risk perception sense feeling
    """
)
# Verbs that negate the act they govern: "declined to comment".
NEGATING_VERBS = frozenset({"decline", "refuse", "deny", "fail"})
# Personal pronouns a speaker may be named by.
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})
# Of the speech verbs, those whose date is the date of the saying when one follows
# them: "announced Saturday", "said in a statement on Tuesday".
TELLING_VERBS = word_set(
    """
    say announce add state report confirm write tweet post testify declare insist explain
    note warn acknowledge admit deny disclose reveal claim suggest argue vow pledge promise
    urge
    """
)
# Speech verbs whose listener comes next: "told reporters Monday".
ADDRESSING_VERBS = frozenset({"tell"})


def reported_forms(lemmas: frozenset[str]) -> tuple[str, ...]:
    """The third-person and past forms of ``lemmas`` ("says", "said"), longest first."""
    forms = {
        form
        for lemma in lemmas
        for form in verb_forms(lemma, IRREGULAR_PAST.get(lemma), lemma in DOUBLING_VERBS)[1:3]
    }
    return tuple(sorted(forms, key=lambda f: (-len(f), f)))
