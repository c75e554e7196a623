"""Photo and wire agencies, as they appear in photo credits and wire prefixes.

Source: the agencies and picture libraries whose names stand in credits of
English-language news sites ("AP Photo", "Getty Images", "EPA-EFE"), plus the
generic credit words ("Handout", "File Photo"). Written as they are cased:
"AP" is an agency, "ap" is not.
"""

from __future__ import annotations

# fmt: off
PHOTO_AND_WIRE_AGENCIES = (
    "AP", "AP Photo", "Associated Press", "The Associated Press", "AFP", "Agence France-Presse",
    "Agence France Presse", "Reuters", "REUTERS", "Thomson Reuters", "Getty", "Getty Images",
    "Getty Images News", "WireImage", "FilmMagic", "EPA", "EPA-EFE", "EFE", "Shutterstock",
    "Rex", "Rex Features", "Xinhua", "Yonhap", "Yonhap News", "Kyodo", "Kyodo News", "KCNA",
    "KNS", "News1", "Newsis", "Jiji", "Jiji Press", "Yomiuri", "SOPA Images", "LightRocket",
    "Pool", "POOL", "Bloomberg", "Anadolu", "Anadolu Agency", "NurPhoto", "ZUMA", "ZUMA Press",
    "ZUMA Wire", "Zuma Press", "Alamy", "iStock", "Sipa", "Sipa USA", "Polaris", "Redux", "AAP",
    "PA", "PA Images", "PA Wire", "PA Media", "Press Association", "TASS", "ITAR-TASS",
    "Sputnik", "RIA Novosti", "dpa", "DPA", "ANP", "ANSA", "Corbis", "UPI", "Abaca", "Imagn",
    "USA TODAY Sports", "CNN", "BBC", "NYT", "The New York Times", "Handout", "HANDOUT",
    "Stringer", "STR", "Contributor", "File", "File Photo", "Wikimedia Commons",
)
# fmt: on
