"""English number words: spelled-out numbers and scale words.

Source: English cardinal numbers, with the scale abbreviations of financial
news ("$2bn", "3.5 mln").
"""

from __future__ import annotations

from analysis.lexicon import word_set

# fmt: off
# Spelled-out numbers a larger number is composed of ("twenty-five").
CARDINALS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
# Scale words and their abbreviations -> factor.
SCALES = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "k": 1e3, "m": 1e6,
    "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12,
}
# fmt: on
# Abbreviated scales that are letters too: a scale only right after a currency ("$2m").
MONEY_ONLY_SCALES = frozenset({"k", "m", "b"})
# How many a count written with a small number word stands for ("a week ago",
# "three days ago"): the articles and the numbers up to twelve.
SMALL_COUNTS = {"a": 1, "an": 1} | {word: n for word, n in CARDINALS.items() if 1 <= n <= 12}
# Words that say how many without a digit, in any form: the cardinals but "one"
# (a pronoun as often as a number), the scales and their plurals.
NUMBER_WORDS = (frozenset(CARDINALS) - {"one"}) | word_set(
    "hundred thousand million billion trillion dozen dozens hundreds thousands millions"
)
