"""Page furniture: the words news sites put around a story that are not the story.

Source: the generic navigation, sharing and advertising labels of English news
sites ("Trending", "See also", "ADVERTISEMENT"); nothing from any one page.
"""

from __future__ import annotations

# Whole lines that are page furniture wherever they stand (casefolded, without
# punctuation).
# fmt: off
CHROME_LINES = frozenset(
    (
        "advertisement", "advertisements", "advert", "ad", "ads", "sponsored", "sponsored content",
        "paid content", "promoted", "story continues below advertisement", "continue reading",
        "trending", "trending now", "trending stories", "trending news", "breaking",
        "breaking news", "live", "live updates", "latest", "latest news", "latest stories",
        "top stories", "top news", "most read", "most popular", "most viewed", "popular",
        "popular now", "recommended", "recommended for you", "related", "related stories",
        "related articles", "related news", "related content", "related coverage", "related topics",
        "more stories", "more news", "you may also like", "you might also like", "read more",
        "read next", "see also", "also read", "read also", "more on this story", "share",
        "share this", "share this article", "share this story", "share on facebook",
        "share on twitter", "share via email", "tweet", "email", "print", "print this article",
        "comments", "comment", "leave a comment", "show comments", "view comments", "add comment",
        "subscribe", "subscribe now", "sign up", "sign in", "log in", "login", "register",
        "newsletter", "newsletters", "follow us", "follow", "connect with us", "contact us",
        "about us", "skip to content", "skip to main content", "skip navigation", "menu",
        "main menu", "home", "search", "close", "back to top", "next", "previous", "next article",
        "previous article", "loading", "listen", "listen to this article", "watch", "watch now",
        "video", "videos", "photos", "photo", "gallery", "photo gallery", "published", "updated",
        "posted", "last updated", "first published", "cookies", "cookie settings", "accept",
        "accept cookies", "privacy policy", "terms of use", "terms of service",
        "terms and conditions", "all rights reserved", "editor's picks", "editors picks",
        "must read", "don't miss", "in case you missed it", "explore more on these topics",
        "more on this topic", "topics",
    )
)
# fmt: on
# All-caps labels that open a paragraph like a dateline's place name but are not one.
# fmt: off
NOT_A_PLACE_LABELS = frozenset(
    (
        "UPDATE", "UPDATED", "BREAKING", "EXCLUSIVE", "WATCH", "VIDEO", "PHOTOS", "OPINION",
        "ANALYSIS", "EDITORIAL", "REVIEW", "LIVE", "NOTE", "CORRECTION", "WARNING", "ALERT",
        "URGENT", "FLASH",
    )
)
# fmt: on
# fmt: off
# Phrases that open a link to another story ("See also  <title>"): a line starting
# with one is a link, after any separator.
LINK_PHRASES = (
    "see also", "read more", "read also", "also read", "read next", "more from", "more on",
    "click here", "don't miss", "must read", "recommended for you", "you may also like",
    "related stories", "related articles", "related coverage", "related news", "related content",
)
# Section labels that open a link only when a separator follows them ("Related: <title>",
# "Watch | <title>"), so that "Related charges were filed" stays a sentence.
LINK_LABELS = (
    "related", "recommended", "watch", "listen", "video", "photos", "gallery", "tags", "topics",
    "filed under", "more", "trending", "latest", "opinion", "sponsored", "advertisement",
)
# Calls to the reader that open a promotional line ("Follow us on ...", "Sign up for ...").
PROMO_OPENERS = (
    "follow", "subscribe", "sign up", "like us", "join us", "download", "get the", "visit",
    "email", "contact", "click", "tap", "watch", "listen", "read",
)
# Social networks a promotional line sends the reader to ("on Twitter").
SOCIAL_NETWORKS = ("twitter", "facebook", "instagram", "x", "linkedin", "youtube", "tiktok")
# fmt: on
