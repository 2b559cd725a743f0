"""Search keys for titles and queries: the one normalisation both sides use. Pure.

A key is a text NFKC-normalised, case-folded, without accents and without any character
of the Unicode categories Z* (spaces), P* (punctuation), S* (symbols) and C* (controls,
format and unassigned characters), so "런 온", "런온", "Run-On!" and "ＲＵＮ ＯＮ" agree in
every script. A show keeps the keys of all its titles in `Show.search_key`, each between
two SEPARATORs (a symbol, so never part of a key), and every suffix of each key as a
`search_term` row: a query word is found inside a title by a range scan on that index.
"""

import unicodedata
from collections.abc import Iterable

SEPARATOR = "|"  # Unicode Sm: a key never holds one
MAX_QUERY_WORDS = 8
MAX_TERM_LENGTH = 100
MAX_SEARCH_KEY_LENGTH = 600  # characters; a B-tree entry of at most 2,400 bytes
DROPPED_CATEGORIES = frozenset("ZPSC")
LIKE_ESCAPE = "\\"


def _kept(ch: str) -> bool:
    return unicodedata.category(ch)[0] not in DROPPED_CATEGORIES


def normalise(text: str) -> str:
    """Fold width, case and accents: 'Ｃafé' -> 'cafe'; Hangul syllables come back whole.

    NFKC folds compatibility forms (fullwidth letters); NFKD then splits accented letters
    (and Hangul syllables into jamo), dropping combining marks removes the accents, and
    NFC puts the Hangul syllables back together.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    decomposed = unicodedata.normalize("NFKD", folded)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


def title_key(text: str) -> str:
    """The key of one title or query: normalised, with spaces, punctuation, symbols and
    control characters removed ('Move to Heaven!' -> 'movetoheaven')."""
    return "".join(ch for ch in normalise(text) if _kept(ch))


def title_keys(titles: Iterable[str]) -> list[str]:
    """The distinct non-empty keys of `titles`, in order."""
    return list(dict.fromkeys(key for key in map(title_key, titles) if key))


def search_key(titles: Iterable[str]) -> str:
    """The keys of `titles`, each between SEPARATORs ('|runon|런온|'), as many whole keys
    as fit in MAX_SEARCH_KEY_LENGTH; '' for no titles."""
    joined = SEPARATOR
    for key in title_keys(titles):
        if len(joined) + len(key) + 1 > MAX_SEARCH_KEY_LENGTH:
            break
        joined += key + SEPARATOR
    return "" if joined == SEPARATOR else joined


def terms_for(titles: Iterable[str]) -> set[str]:
    """Every suffix of every title's key (at most MAX_TERM_LENGTH long): a query word that
    is a prefix of one of these occurs somewhere inside a title, across its spaces."""
    terms = set()
    for key in title_keys(titles):
        terms.update(key[start : start + MAX_TERM_LENGTH] for start in range(len(key)))
    return terms


def query_words(query: str) -> list[str]:
    """The distinct keys of the space-separated words of a query, at most MAX_QUERY_WORDS.

    'move-to heaven!' -> ['moveto', 'heaven']; a word of punctuation alone has no key and
    is left out, so '%' and '_' give no words at all.
    """
    words = (title_key(word)[:MAX_TERM_LENGTH] for word in normalise(query).split())
    return list(dict.fromkeys(word for word in words if word))[:MAX_QUERY_WORDS]


def prefix_upper_bound(prefix: str) -> str:
    """The smallest string greater than every string that starts with `prefix`."""
    return prefix + "\U0010ffff"


def escape_like(text: str) -> str:
    """`text` for a LIKE pattern with ESCAPE LIKE_ESCAPE: '%', '_' and the escape itself
    match only themselves."""
    for ch in (LIKE_ESCAPE, "%", "_"):
        text = text.replace(ch, LIKE_ESCAPE + ch)
    return text
