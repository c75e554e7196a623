"""Words for people: the titles written before a name and the nouns that describe a person.

Source: English titles of office, rank and religion as news writing puts them
before a name ("Defense Minister", "Sgt.", "Gov."), with their usual
abbreviations, and the common nouns news uses in apposition to a name ("Kim's
sister", "her counterpart"). General English usage. Lowercase, without the dot.
"""

from __future__ import annotations

from analysis.lexicon import word_set

# Abbreviated titles: first names too ("Gen") unless written with the dot ("Gen.").
TITLE_ABBREVIATIONS = word_set("gen gov sen rep capt prof dr lt col sgt adm rev")
# Titles that may close a role written before a name ("Defense Minister",
# "Deputy Ambassador", "Sgt."), and their abbreviations.
TITLES = TITLE_ABBREVIATIONS | word_set(
    """
    minister president premier chancellor ambassador envoy secretary chairman chairwoman
    chair director general governor senator representative congressman
    congresswoman judge justice attorney lawyer spokesman spokeswoman spokesperson
    leader chief commander king queen prince princess pope mayor sheriff officer
    detective inspector captain coach ceo founder editor professor doctor deputy
    vice sergeant lieutenant colonel major admiral marshal dictator emperor
    trooper constable patrolman
    sultan emir ayatollah cardinal bishop rabbi imam reverend councillor councilman
    councilwoman commissioner superintendent prosecutor
    """
)
# Words that open a title without being one: "Prime Minister", "Foreign Secretary".
TITLE_MODIFIERS = word_set("foreign defense defence prime state")
# Nouns in apposition to a name that say it is a person's: kin, jobs, parts one plays
# ("Kim's sister, Kim Yo Jong", "her Russian counterpart, Sergei Lavrov").
PERSON_NOUNS = word_set(
    """
    counterpart sister brother wife husband son daughter mother father uncle aunt cousin
    niece nephew widow girlfriend boyfriend partner official aide adviser advisor
    actress actor singer star player striker pitcher boxer champion candidate nominee
    spokesperson analyst expert reporter journalist photographer author writer producer
    host anchor victim suspect gunman teenager teen man woman boy girl resident student
    teacher
    """
)
# Nouns that say a person holds a part but too little to be the person's role:
# "inmate", "colleague", "the challenger".
PERSON_ROLE_NOUNS = word_set(
    """
    inmate convict escapee parolee veteran pastor member friend colleague resident native
    clerk pensioner worker executive critic fixer witness character bomber militant agent
    referee guard head boss challenger starter hander forward center catcher diplomat
    negotiator counsel advocate manager owner publicist
    """
)
# Nouns that name a person and say nothing more about them.
GENERIC_PERSON_NOUNS = word_set("man woman men women person people one guy lady individual")
# Endings of nouns that name what a person is or does: "publicist", "lawyer",
# "director", "actress", "spokesman", "stepmom".
PERSON_NOUN_ENDINGS = ("er", "or", "ist", "ian", "ess", "man", "woman", "mom", "dad", "ant")
