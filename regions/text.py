"""Folding of German place names so that "muehlhausen", "Mühlhausen" and "MUHLHAUSEN" compare alike."""

import unicodedata

_GERMAN_FOLDS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss"})


def fold(text: str) -> str:
    """Lower-case, spell umlauts out (ü → ue), strip other accents and collapse whitespace."""
    lowered = text.casefold().translate(_GERMAN_FOLDS)
    decomposed = unicodedata.normalize("NFKD", lowered)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.split())


def fold_loose(text: str) -> str:
    """A second key that also matches umlauts typed without the e ("muhlhausen")."""
    lowered = unicodedata.normalize("NFKD", text.casefold().replace("ß", "ss"))
    stripped = "".join(ch for ch in lowered if not unicodedata.combining(ch))
    return " ".join(stripped.split())


def typo_distance(a: str, b: str, limit: int) -> int:
    """How many typos (a letter missing, extra or wrong, or two neighbours swapped) turn `a` into `b`; limit + 1
    when it is more than `limit`.

    Written here because the standard library has no edit distance (difflib's ratio does not count typos: it rates
    "Berlin" against "Berlingerode" like a one-letter slip of a long name) and twenty lines do not warrant a
    dependency. The optimal-string-alignment recurrence, one row band at a time, abandoned once beyond `limit`.
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return min(previous[-1], limit + 1)
