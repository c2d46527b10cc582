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
