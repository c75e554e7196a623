"""Stop words: the words each step of analysis skips, one list per purpose.

Source: general English stop-word lists (spaCy's ``spacy/lang/en/stop_words.py``,
NLTK's English list), cut down or extended for each purpose below (reporting verbs and calendar
words added where they never say what a text is about).
"""

from __future__ import annotations

from analysis.lexicon import word_set

# Words that never say what a claim is about: function words, reporting verbs,
# honorifics (claim similarity skips them).
# fmt: off
CLAIM_STOP_WORDS = word_set("""
a about above across after afterwards again against all almost alone along already also
although always am among amongst an and another any anyhow anyone anything anyway anywhere
are around as at be became because become becomes becoming been before beforehand behind
being below beside besides between beyond both but by can cannot could did do does doing done
down due during each either else elsewhere enough etc even ever every everyone everything
everywhere except few for former formerly from further had has have having he hence her here
hereafter hereby herein hereupon hers herself him himself his how however i if in indeed into
is it its itself just last latter latterly least less made make many may me meanwhile might
mine more moreover most mostly much must my myself namely neither never nevertheless next no
nobody none noone nor not nothing now nowhere of off often on once one only onto or other
others otherwise our ours ourselves out over own per perhaps please put quite rather re really
same see seem seemed seeming seems several she should show since so some somehow someone
something sometime sometimes somewhere still such than that the their theirs them themselves
then thence there thereafter thereby therefore therein thereupon these they this those though
through throughout thru thus to together too toward towards under unless until up upon us
used using various very via was we well were what whatever when whence whenever where
whereafter whereas whereby wherein whereupon wherever whether which while whither who whoever
whole whom whose why will with within without would yet you your yours yourself yourselves
s t ll ve d m re don doesn didn isn wasn weren aren couldn wouldn shouldn won hasn haven hadn
said say says saying told tell tells added adds according stated noted reportedly
mr mrs ms dr
""")
# fmt: on
# Words that never say what an event is about: function words, reporting verbs,
# calendar and number words (story grouping skips them).
STORY_STOP_WORDS = word_set(
    """a about above after again against all also am an and any are around as at be because
    been before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how i if
    in into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up very
    was we were what when where which while who whom why will with would you your yours
    yourself yourselves said says say saying told tells according reported reports report
    news yesterday today tomorrow tonight monday tuesday wednesday thursday friday saturday
    sunday week weeks month months year years day days time times new one two three first last
    may might must shall us get got going go goes went make made take took like since still
    even back well way many much another including whether though although however mr mrs ms
    percent per cent four five six seven eight nine ten dozen dozens hundred hundreds thousand
    thousands million millions billion"""
)
# Words that end the search for the thing a number counts, when no parse is at hand.
# fmt: off
COUNT_STOP_WORDS = frozenset({
    "a", "an", "the", "of", "in", "on", "at", "to", "from", "by", "for", "with", "and", "or",
    "but", "that", "which", "who", "were", "was", "is", "are", "be", "been", "has", "have", "had",
    "will", "would", "could", "can", "may", "might", "as", "than", "into", "after", "before",
    "since", "during", "per", "each", "more", "less", "its", "their", "his", "her", "it", "they",
    "we", "he", "she", "this", "these", "those", "not", "also", "about", "around", "up", "over",
    "under",
})
# fmt: on
# Words a title-case headline leaves in lower case.
# fmt: off
TITLE_CASE_SMALL_WORDS = frozenset(
    (
        "a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "but", "with", "by",
        "from", "as", "vs", "via", "into", "over", "after", "before", "about", "is", "are", "was",
        "be", "his", "her", "its", "their", "off", "up", "out",
    )
)
# fmt: on
# Capitalised words after which a number is still a plain number, not part of a
# name (sentence starts, qualifiers): "About 300", "The 12".
NOT_NAMES_BEFORE_NUMBERS = frozenset(
    {
        "At",
        "About",
        "Around",
        "Up",
        "Some",
        "Nearly",
        "Almost",
        "More",
        "Over",
        "Only",
        "Just",
        "The",
        "A",
        "An",
        "And",
        "But",
        "Of",
        "In",
        "On",
        "Than",
        "To",
        "By",
        "For",
        "With",
        "Roughly",
        "Approximately",
        "Fewer",
        "Less",
        "Under",
        "Below",
        "Above",
        "As",
        "All",
        "Another",
        "Those",
        "These",
        "Its",
        "Their",
        "His",
        "Her",
        "Our",
        "Estimated",
        "Least",
        "Most",
        "From",
        "After",
        "Before",
        "Since",
        "US",
        "U.S.",
        "UK",
    }
)
