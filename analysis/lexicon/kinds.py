"""Common nouns that say what kind of thing a name names: weapons, places, bodies, events.

Source: general English usage as news writing names things ("the Larch prison
unit", "Varo Island", "the missile"), listed by hand; each list says what it holds.
"""

from __future__ import annotations

from analysis.lexicon import word_set

# Nouns for weapons and the platforms that carry them: "the Hwasong-19 missile".
WEAPON_NOUNS = word_set(
    """
    missile rocket bomber fighter jet warplane aircraft plane tank drone rifle howitzer
    launcher submarine warship destroyer frigate carrier warhead interceptor helicopter
    gunship artillery torpedo icbm slbm irbm srbm mrbm vehicle system
    """
)

# Generic heads of a place's name, which a short form may leave out ("Varo" for
# "Varo Island") and which make the place what a name before them belongs to.
PLACE_HEADS = word_set(
    """
    region province oblast county prefecture district state city island islands area
    """
)

# Common nouns for what an organisation runs or a facility is: "the Greenleaf
# store", "the Larch prison unit", "the Alma Reyes clinic". A name of a
# company or a building that modifies one of them refers to the same place.
FACILITY_NOUNS = word_set(
    """
    store supermarket shop outlet branch bank building warehouse creamery dairy plant
    factory mill facility center centre clinic hospital rehab unit prison jail
    penitentiary office firm company headquarters hotel motel restaurant bar club church
    mosque temple cathedral school college university campus station arena stadium
    theater theatre resort mall market complex home apartment residence compound base
    airport port terminal museum gallery library
    """
)

# A person's name before one of these is the person's own place, not a building's name.
DWELLING_NOUNS = word_set("home apartment residence compound house")

# Generic heads that a place's own name takes: "Varo island", "Halland
# province", "the city of Port Sella", "the Elm Row neighborhood".
PLACE_NOUNS = word_set(
    """
    island islands province state county city town village region district area
    neighborhood neighbourhood peninsula municipality prefecture oblast borough suburb
    """
)

# Bodies named after the person who leads them: "the Bush administration".
LED_BODIES = word_set("administration government regime cabinet campaign")

# Last words of the names of recurring events: "Juno Awards", "Cannes Film Festival".
EVENT_HEADS = word_set("award awards festival championships olympics")

# Nouns for what happens at a recurring event: "the Juno telecast", "Juno night".
OCCASION_NOUNS = word_set(
    """
    ceremony ceremonies telecast telecasts broadcast night gala host hosts hosting
    festivities red-carpet
    """
)

# Heads of a role for an organisation or a facility: what kind of body or place it is.
ORG_KIND_NOUNS = FACILITY_NOUNS | word_set(
    """
    agency newspaper paper tabloid magazine journal station channel network broadcaster
    website site outlet affiliate studio company firm corporation conglomerate group union
    party league team club franchise operator retailer chain supermarket bank lender
    insurer carrier airline maker manufacturer automaker carmaker producer distributor
    supplier wholesaler publisher subsidiary organization organisation association
    federation foundation charity institute institution university college school court
    ministry department service commission council committee board authority body
    regulator watchdog army navy force coalition alliance bloc brand label vessel ship
    warship tanker liner destroyer frigate freighter
    """
)

# Public services named after the area they serve ("Kesteven Police", "Ashcombe Police
# Department", "Kesteven Harbour and Coast Patrol"): the bare name is the area, not the service.
AREA_SERVICE_WORDS = word_set(
    """
    police department dept fire rescue and service services constabulary sheriff sheriffs
    office council district authority ambulance board of education schools
    """
)

# Words that make up the names of public bodies found in every town: a name made of
# these alone ("Superior Court", "Police Department", "City Council") names no one body.
GENERIC_NAME_WORDS = word_set(
    """
    court courts superior supreme district county circuit appeals appellate municipal city
    state federal high police department dept fire sheriff sheriffs office council board
    school schools hospital prison jail general attorney attorneys prosecutor prosecutors
    public safety service services commission county's sheriff's
    """
)

# Last words of names of institutions and buildings, never of a person's name.
INSTITUTION_HEADS = word_set(
    """
    center centre clinic hospital prison jail penitentiary court courthouse university college
    school academy institute foundation association department ministry agency commission
    committee council authority corporation company bank restaurant hotel motel store
    supermarket stadium arena theater theatre museum airport station facility unit complex
    """
)

# Words before a place that name a part of it rather than qualify it: "southern Iran".
COMPASS_WORDS = word_set(
    """
    north south east west northern southern eastern western northeast northwest southeast
    southwest northeastern northwestern southeastern southwestern
    """
)

# Words of renown that writers keep with a place's or a body's name: "the notorious Strait of Cora".
FAME_WORDS = word_set("famed famous notorious infamous renowned legendary storied")
