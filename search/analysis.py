"""German text analysis shared by every backend, so the index and the query see words the same way.

Pipeline per word: fold (ä → ae, ß → ss, lower case) → job-title gender forms to one form (Kauffrau → Kaufmann)
→ Snowball German stem (Erzieherin → erzieh) → compound parts, front and head, from a dictionary (the KldB's nouns
and a hand list: Hotelfachmann → hotel + fachmann, so both "Hotel" and "Fachmann" find it). Backends index the
resulting terms as plain whitespace-separated tokens (a title's whole words apart from its compound parts, which
rank lower) and search with the same expansions (synonyms, compound parts), which is what makes both backends give
the same answers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import chain, filterfalse
from pathlib import Path

import snowballstemmer

from jobs.text import strip_gender_marker
from regions.text import fold

from .query import (
    MAX_QUERY_WORDS,
    MAX_TYPO_LETTERS,
    MAX_TYPO_SPELLINGS,
    MAX_TYPO_WORDS,
    MAX_WORD_PIECES,
    MIN_TYPO_LETTERS,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
SYNONYMS_FILE = DATA_DIR / "synonyms.txt"
HEADS_FILE = DATA_DIR / "compound_heads.txt"
WORDS_FILE = DATA_DIR / "compound_words.txt"

# A word: letters/digits, optionally joined by hyphens ("LKW-Fahrer", "Kfz-Mechatroniker").
_WORD = re.compile(r"[0-9a-z]+(?:-[0-9a-z]+)*")
# Nouns that end in -in without being a female form: leave them alone.
_NOT_FEMININE = frozenset(
    {"termin", "medizin", "benzin", "berlin", "kamin", "magazin", "disziplin", "vitamin", "urin", "protein",
     "insulin", "zeppelin", "kaffein", "koffein", "origin", "admin", "login", "pin", "in", "vin", "bin"}
)  # fmt: skip
STOPWORDS = frozenset(
    [
        "und",
        "oder",
        "der",
        "die",
        "das",
        "des",
        "dem",
        "den",
        "ein",
        "eine",
        "einer",
        "eines",
        "einem",
        "einen",
        "für",
        "fur",
        "fuer",
        "mit",
        "von",
        "zu",
        "zum",
        "zur",
        "im",
        "in",
        "am",
        "an",
        "auf",
        "als",
        "bei",
        "bis",
        "aus",
        "nach",
        "ab",
        "sowie",
        "wir",
        "sie",
        "ihr",
        "ihre",
        "unser",
        "unsere",
        "unseren",
        "unserer",
        "ist",
        "sind",
        "wird",
        "werden",
        "auch",
        "nicht",
        "oder",
        "mwd",
        "m",
        "w",
        "d",
    ]
)


@cache
def _stemmer() -> snowballstemmer.stemmer:  # type: ignore[valid-type]
    return snowballstemmer.stemmer("german")


@cache
def _uncached_stemmer() -> snowballstemmer.stemmer:  # type: ignore[valid-type]
    """The stemmer for throw-away words (typo spellings): PyStemmer's own cache made each stem 5× slower there."""
    stemmer = snowballstemmer.stemmer("german")
    if hasattr(stemmer, "maxCacheSize"):
        stemmer.maxCacheSize = 0
    return stemmer


_GENDER_ENDINGS = ("frauen", "frau", "leute", "maenner", "innen", "in")


def _gender_base(word: str) -> str:
    """Female and male job-title forms become one: Kauffrau/Kaufleute → Kaufmann, Erzieherin → Erzieher."""
    if not word.endswith(_GENDER_ENDINGS):  # most words: one check instead of six
        return word
    for female, male in (("frauen", "mann"), ("frau", "mann"), ("leute", "mann"), ("maenner", "mann")):
        if word.endswith(female) and len(word) > len(female) + 2:
            return word[: -len(female)] + male
    if word not in _NOT_FEMININE:
        if word.endswith("innen") and len(word) > 8:
            return word[:-5]
        if word.endswith("in") and len(word) > 6 and word[-3] not in "aeiou":
            return word[:-2]
    return word


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The index term of one folded word (no hyphens)."""
    return str(_stemmer().stemWord(_gender_base(word)))


@dataclass(frozen=True)
class _Dictionary:
    words: frozenset[str]  # folded
    heads: tuple[str, ...]  # the hand list's heads, longest first: they split off whatever stands before them
    optional: frozenset[str]  # stems of parts a query's compound may do without
    longest: int  # letters of the longest word


@cache
def _dictionary() -> _Dictionary:
    """The decompounding dictionary.

    compound_words.txt: the nouns of the official job classification (KldB 2010; see make_compound_words.py);
    compound_heads.txt: hand additions (short heads such as "Bau", everyday words the classification lacks), and
    the optional parts.
    """
    words = set(_lines(WORDS_FILE))  # folded already (make_compound_words.py)
    heads: set[str] = set()
    optional: set[str] = set()
    target = heads
    for line in _lines(HEADS_FILE):
        if line == "[optional]":
            target = optional
            continue
        target.add(fold(line))
    words |= heads | optional
    return _Dictionary(
        words=frozenset(words),
        heads=tuple(sorted(heads, key=len, reverse=True)),
        optional=frozenset(stem(w) for w in optional),
        longest=max(map(len, words)),
    )


def _lines(path: Path) -> Iterator[str]:
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            yield line


_LINKS = ("es", "en", "s", "n")
_INFLECTIONS = ("e", "en", "n", "s", "es", "er", "ern", "innen", "in")
# A part of a compound has at least this many letters, unless the hand list names it: "Verkauf" is not ver + kauf.
_MIN_PART = 4
_MIN_SHORT_PART = 3
# A dictionary word whose parts would all be shorter than this stays whole: "Software" is not soft + ware,
# "Kaufmann" not kauf + mann.
_MIN_LONGEST_PART = 5
# Longer "words" (garbage, a pasted chain) are not split: each costs work in proportion to its length squared.
_MAX_COMPOUND_LETTERS = 80


def _is_word(part: str, *, inflected: bool = False) -> bool:
    words = _dictionary().words
    if len(part) < _MIN_PART:
        return len(part) >= _MIN_SHORT_PART and part in words
    if part in words:
        return True
    # A compound's head is inflected ("Fachkräften"): the word without a usual ending.
    return inflected and any(part.endswith(e) and part[: -len(e)] in words for e in _INFLECTIONS)


def _modifier(part: str) -> str | None:
    """A compound's front part as a dictionary word, without its linking letters ("verfahrens" → "verfahren")."""
    if _is_word(part):
        return part
    for link in _LINKS:
        if part.endswith(link) and _is_word(base := part[: -len(link)]):
            return base
    return None


@lru_cache(maxsize=200_000)
def split_compound(word: str) -> tuple[str, ...]:
    """A folded word as the fewest dictionary words it is made of, front to head ("hotelfachmann" → hotel,
    fachmann); () if it is not a compound.

    Written here rather than taken from a library: the compound splitters on PyPI guess splits from letter
    statistics (no dictionary check, so "Berlin" or "Verkauf" may split); this only splits into words of the
    dictionary, of at least _MIN_PART letters (or short words the hand list names). A word that ends in one of
    the hand list's heads also splits when its front is not in the dictionary ("Zerspanungsmechaniker").
    """
    best: tuple[str, ...] = ()
    if len(word) > _MAX_COMPOUND_LETTERS:
        return best
    longest = min(len(word) - _MIN_SHORT_PART, _dictionary().longest)
    for i in range(longest, _MIN_SHORT_PART - 1, -1):  # the longest front part first
        front = _modifier(word[:i])
        if front is None:
            continue
        rest = word[i:]
        tail = (rest,) if _is_word(rest, inflected=True) else split_compound(rest)
        if tail and (not best or len(tail) + 1 < len(best)):
            best = (front, *tail)
            if len(best) == 2:
                break
    if best and word in _dictionary().words and max(map(len, best)) < _MIN_LONGEST_PART:
        return ()
    if not best:
        for head in _dictionary().heads:
            if word.endswith(head) and len(word) - len(head) >= _MIN_PART:
                front = word[: -len(head)]
                return (_modifier(front) or _unlinked(front), head)
    return best


def _unlinked(front: str) -> str:
    for link in _LINKS:
        if front.endswith(link) and len(front) - len(link) >= _MIN_PART:
            return front[: -len(link)]
    return front


@lru_cache(maxsize=200_000)
def _compound_terms(word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The stems of a folded word's parts at every level (hotelfachmann → hotel, fachmann, fach, mann: a part may be
    a compound itself), and of its smallest parts alone (for a query: hotel, fach, mann); both () if no compound."""
    word = _gender_base(word)
    parts = split_compound(word)
    if not parts:
        return (), ()
    every: list[str] = []
    leaves: list[str] = []
    at = 0
    for i, part in enumerate(parts):
        at = word.find(part, at)
        # A part with everything after it ("fachkraft" in pflege+fach+kraft) is a part too.
        if 0 < i < len(parts) - 1 and at > 0:
            every.append(stem(word[at:]))
        at += len(part)
        every.append(stem(part))
        inner_every, inner_leaves = _compound_terms(part)
        every.extend(inner_every)
        leaves.extend(inner_leaves or (stem(part),))
    whole = stem(word)
    return tuple(t for t in dict.fromkeys(every) if t != whole), tuple(dict.fromkeys(leaves))


def compound_parts(word: str) -> tuple[str, ...]:
    """Index terms of a folded word's compound parts (every level); () if it is not a compound."""
    return _compound_terms(word)[0]


def compound_leaves(word: str) -> tuple[str, ...]:
    """Stems of a folded word's smallest compound parts, front to head; () if it is not a compound."""
    return _compound_terms(word)[1]


def fold_key(text: str) -> str:
    """regions.text.fold (the same result), fast for the usual plain-letter text."""
    lowered = text.casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    if lowered.isascii():
        return " ".join(lowered.split())
    return fold(text)


def fold_text(text: str) -> str:
    """regions.text.fold for long texts: the same words, without per-character work when the text is plain."""
    # str.replace is far faster than str.translate with a dict on long texts.
    lowered = text.casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    if lowered.isascii():
        return lowered
    return fold(text)


@lru_cache(maxsize=200_000)
def _word_split(word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Index terms of one folded (possibly hyphenated) word: its whole stems (each piece's and the joined form's),
    and the stems of its compound parts that are not whole stems too."""
    pieces = [p for p in word.split("-") if p]
    wholes = [stem(piece) for piece in pieces]
    parts: list[str] = []
    for piece in pieces:
        parts.extend(compound_parts(piece))
    if len(pieces) > 1:
        joined = "".join(pieces)
        wholes.append(stem(joined))
        parts.extend(compound_parts(joined))
    return tuple(wholes), tuple(t for t in dict.fromkeys(parts) if t not in wholes)


@lru_cache(maxsize=200_000)
def _word_terms(word: str) -> tuple[str, ...]:
    """Index terms of one folded (possibly hyphenated) word: the whole stems and the compound parts."""
    wholes, parts = _word_split(word)
    return wholes + parts


def title_terms(text: str) -> tuple[list[str], list[str]]:
    """A title's whole-word terms and its compound-part terms, apart: a title that has the query's word itself
    ranks above one that only has it as a part of a compound ("Hotel" above "Hotelfachmann")."""
    wholes: list[str] = []
    parts: list[str] = []
    for word in _content_words(text):
        w, p = _word_split(word)
        wholes.extend(w)
        parts.extend(p)
    return wholes, parts


@lru_cache(maxsize=200_000)
def _word_text(word: str) -> str:
    """_word_terms(word) joined by spaces (a word has at least one term, so joining these is joining the terms)."""
    return " ".join(_word_terms(word))


def words(text: str) -> list[str]:
    return _WORD.findall(fold_text(text))


def _content_words(text: str) -> Iterator[str]:
    # Iterator plumbing rather than a Python loop: this runs for every word of every posting at reindex.
    return filterfalse(STOPWORDS.__contains__, words(text))


def _terms_iter(text: str) -> Iterator[str]:
    return chain.from_iterable(map(_word_terms, _content_words(text)))


def index_terms(text: str) -> list[str]:
    """The tokens stored for a text, in order (stop words dropped)."""
    return list(_terms_iter(text))


def index_text(text: str) -> str:
    """index_terms(text) joined by spaces; one cached string per word rather than chaining each word's terms."""
    return " ".join(map(_word_text, _content_words(text)))


@lru_cache(maxsize=50_000)
def title_searchable(title: str) -> str:
    """The title as search sees it: without "(m/w/d)" and its kin."""
    # Cached: titles repeat (a reindex sees each distinct one many times) and the marker pattern is slow.
    return strip_gender_marker(title)


# ---- queries ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueryWord:
    """One word the user typed, and every way a posting may satisfy it.

    A posting matches the word if it contains any term of `any_of`, or all terms of one group in `all_of`.
    `fuzzy_term` is set for the words that may match with one typo (see query_words).
    """

    surface: str
    any_of: tuple[str, ...]
    all_of: tuple[tuple[str, ...], ...] = ()
    fuzzy_term: str | None = None
    highlight: frozenset[str] = field(default_factory=frozenset)


def _phrase_terms(phrase: str) -> tuple[str, ...]:
    """Terms a synonym phrase stands for: its whole stems (parts are implied by the index)."""
    out: list[str] = []
    for word in words(phrase):
        if word in STOPWORDS:
            continue
        pieces = [p for p in word.split("-") if p]
        out.append(stem("".join(pieces)))
    return tuple(out)


@cache
def synonym_groups() -> tuple[tuple[tuple[str, ...], ...], ...]:
    """The synonym list as groups of term tuples (a phrase is a tuple of terms that must all occur)."""
    groups = []
    for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        phrases = [p.strip() for p in line.split(",") if p.strip()]
        groups.append(tuple(t for t in (_phrase_terms(p) for p in phrases) if t))
    return tuple(groups)


def load() -> None:
    """Read the word lists now (a search calls this before its time budget starts: the first read takes a while)."""
    _dictionary()
    synonym_groups()


def synonyms_reload() -> None:
    """Forget the cached list, after the file was edited in a running process."""
    synonym_groups.cache_clear()


def _synonyms_of(term: str) -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []
    for group in synonym_groups():
        if (term,) in group:
            found.extend(p for p in group if p != (term,))
    return found


def _without_optional(parts: tuple[str, ...]) -> tuple[str, ...]:
    optional = _dictionary().optional
    kept = tuple(p for p in parts if p not in optional)
    return kept if len(kept) >= 1 else parts


def query_words(q: str) -> list[QueryWord]:
    """The user's text as words with their alternatives; stop words, repeats and gender markers are dropped.

    Bounded whatever was typed (the limits live in search.query): at most MAX_QUERY_WORDS words, a hyphen chain of
    more than MAX_WORD_PIECES pieces is taken as separate words, and only the first MAX_TYPO_WORDS words of
    MIN_TYPO_LETTERS to MAX_TYPO_LETTERS letters whose spellings fit in MAX_TYPO_SPELLINGS may match with a typo.
    """
    out: list[QueryWord] = []
    seen: set[str] = set()
    typo_words = spellings = 0
    for word in _query_tokens(q):
        if word in STOPWORDS or word in seen:
            continue
        seen.add(word)
        pieces = [p for p in word.split("-") if p]
        if not pieces:
            continue
        if len(out) >= MAX_QUERY_WORDS:
            break
        whole = stem("".join(pieces))
        any_of: list[str] = [whole]
        all_of: list[tuple[str, ...]] = []
        if len(pieces) > 1:
            all_of.append(tuple(stem(p) for p in pieces))
        parts = compound_leaves(_gender_base("".join(pieces)))
        if parts:
            kept = _without_optional(parts)
            if len(kept) == 1:
                any_of.append(kept[0])
            else:
                all_of.append(kept)
        for phrase in _synonyms_of(whole):
            if len(phrase) == 1:
                any_of.append(phrase[0])
            else:
                all_of.append(phrase)
        letters = sum(len(p) for p in pieces)
        typo = (
            len(pieces) == 1
            and MIN_TYPO_LETTERS <= letters <= MAX_TYPO_LETTERS
            and typo_words < MAX_TYPO_WORDS
            and spellings + typo_spellings(letters) <= MAX_TYPO_SPELLINGS
        )
        if typo:
            typo_words += 1
            spellings += typo_spellings(letters)
        highlight = frozenset({*any_of, *(t for g in all_of for t in g)})
        out.append(
            QueryWord(
                surface=word,
                any_of=tuple(dict.fromkeys(any_of)),
                all_of=tuple(dict.fromkeys(all_of)),
                fuzzy_term=whole if typo else None,
                highlight=highlight,
            )
        )
    return out


def _query_tokens(q: str) -> Iterator[str]:
    """The folded words of a query; a long hyphen chain ("a-b-c-d-e") is not one compound but separate words."""
    for word in words(strip_gender_marker(q)):
        if word.count("-") >= MAX_WORD_PIECES:
            yield from word.split("-")
        else:
            yield word


def within_one_edit(a: str, b: str) -> bool:
    """True if a and b differ by at most one insertion, deletion, substitution or swap of neighbours."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    if la > lb:
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


def deletions(term: str) -> set[str]:
    """The term with one letter left out, every way: keys that find terms one edit away (SymSpell)."""
    return {term[:i] + term[i + 1 :] for i in range(len(term))}


_ALPHABET = "abcdefghijklmnopqrstuvwxyz"
# The longest ending the German stemmer and the gender forms take off ("lichkeiten", "frauen"): a typo there may
# change what is taken off.
TYPO_ENDING_LETTERS = 10


def typo_spellings(letters: int) -> int:
    """How many spellings typo_stems tries for a word of this many letters (at most; repeats are dropped)."""
    edited = min(letters, TYPO_ENDING_LETTERS)  # the positions where a typo is undone
    deletions, swaps = edited, edited - 1
    replacements, insertions = len(_ALPHABET) * edited, len(_ALPHABET) * (edited + 1)
    return deletions + swaps + replacements + insertions


@lru_cache(maxsize=2048)
def typo_stems(word: str) -> frozenset[str]:
    """Stems of the spellings one edit (delete, swap, replace, insert) away from a folded word in its ending.

    Comparing stems alone misses typos that change the suffix the stemmer strips ("Mechanikre"), so the typo is
    undone on the word first and each candidate stemmed; the index then says which of these terms exist. Only the
    last TYPO_ENDING_LETTERS letters are edited: a typo before them leaves the suffix alone, so the typed word's
    stem is one edit from the right one, which the backends find without this (SymSpell, fuzzy); and this way a
    word costs at most typo_spellings(TYPO_ENDING_LETTERS) stems however long it is.
    """
    variants: set[str] = set()
    n = len(word)
    for i in range(max(0, n - TYPO_ENDING_LETTERS), n + 1):
        head, tail = word[:i], word[i:]
        if tail:
            variants.add(head + tail[1:])
            if len(tail) > 1:
                variants.add(head + tail[1] + tail[0] + tail[2:])
            variants.update(head + c + tail[1:] for c in _ALPHABET)
        variants.update(head + c + tail for c in _ALPHABET)
    variants.discard(word)
    # Stemmed in one call (the C stemmer's loop), not through stem(): these are mostly not words, and would only
    # crowd the real words out of its cache.
    stems: list[str] = _uncached_stemmer().stemWords([_gender_base(v) for v in variants])
    return frozenset(s for s in stems if len(s) >= 4)
