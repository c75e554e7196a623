"""Words that place a clause in time: future auxiliaries, scheduling verbs, time nouns.

Source: English grammar (auxiliaries and modals) and the scheduling phrases of
news writing ("is set for", "slated for", "plans to").
"""

from __future__ import annotations

# Auxiliaries of the future tense, with the forms a tokeniser splits off ("'ll").
FUTURE_AUXILIARIES = frozenset({"will", "shall", "'ll", "ll", "’ll"})
# Modals that speak of what is to come or may be: a claim under them is a forecast.
FORECAST_MODALS = frozenset({"will", "may", "might", "could", "should", "shall", "'ll", "ll"})
# Verbs whose passive or participle schedules what follows: "are scheduled for
# December 15", "is set for Friday", "elections slated for March".
SCHEDULING_VERBS = frozenset({"schedule", "set", "slate", "plan", "due", "expect", "timetable"})
# Verbs whose present tense points a "to" infinitive at the future: "plans to
# visit on Friday", "is going to vote in March".
INTENT_VERBS = frozenset(
    {"plan", "expect", "intend", "aim", "hope", "want", "seek", "prepare", "go", "schedule"}
)
# Adjectives that point a noun at the future: "the upcoming vote".
FORWARD_WORDS = frozenset({"upcoming", "coming", "next", "forthcoming", "scheduled", "planned"})
# Nouns whose date is one to come: "the deadline of March 1".
DEADLINE_NOUNS = frozenset({"deadline", "date", "target"})
# Nouns that name a stretch of time ("last week", "a moment later").
TIME_NOUNS = frozenset(
    {
        "time",
        "moment",
        "minute",
        "hour",
        "day",
        "night",
        "week",
        "weekend",
        "month",
        "year",
        "decade",
        "season",
        "morning",
        "afternoon",
        "evening",
    }
)
# Words in front of a time noun that make it a time phrase: "last month", "a few days".
TIME_MODIFIERS = frozenset({"last", "next", "this", "that", "every", "each", "short", "few"})
# Adverbs after a time noun that make it a time phrase: "a day later", "a week ago".
TIME_ADVERBS = frozenset({"later", "earlier", "ago", "after", "before"})
