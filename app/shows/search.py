"""Search keys for titles: case- and accent-insensitive, Hangul and Latin alike. Pure."""

import re
import unicodedata
from collections.abc import Iterable

WORD = re.compile(r"\w+")
MAX_QUERY_WORDS = 8
MAX_TERM_LENGTH = 100


def normalise(text: str) -> str:
    """Fold case and drop accents: 'Café' -> 'cafe'; Hangul syllables come back whole.

    NFKD splits accented letters (and Hangul syllables into jamo); dropping combining
    marks removes the accents, and NFC then puts the Hangul syllables back together.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


def words(text: str) -> list[str]:
    """The normalised words of `text`."""
    return WORD.findall(normalise(text))


def terms_for(titles: Iterable[str]) -> set[str]:
    """Every suffix of every word of `titles`: a query word that is a prefix of one of
    these occurs somewhere inside a title word."""
    terms = set()
    for title in titles:
        for word in words(title):
            word = word[:MAX_TERM_LENGTH]
            terms.update(word[start:] for start in range(len(word)))
    return terms


def query_words(query: str) -> list[str]:
    """The distinct words of a search query, at most MAX_QUERY_WORDS of them."""
    unique = dict.fromkeys(word[:MAX_TERM_LENGTH] for word in words(query))
    return list(unique)[:MAX_QUERY_WORDS]


def prefix_upper_bound(prefix: str) -> str:
    """The smallest string greater than every string that starts with `prefix`."""
    return prefix + "\U0010ffff"
