"""Derive compound_words.txt (the decompounding dictionary) from the KldB 2010 classification.

    python search/data/make_compound_words.py PATH/TO/kldb2010_classification.csv > search/data/compound_words.txt

The KldB's titles, example job titles and explanations are some 35,000 distinct German words of working life. Only
nouns are kept (German capitalises them): a word counts if it is written capitalised more often than not, so that
prepositions, verbs and adjectives ("unter", "nehmen", "medizinisch") never become compound parts ("Unternehmen"
must not split into unter + nehmen). Words shorter than four letters are left out (too many false parts: "Verkauf"
is not ver + kauf); search/data/compound_heads.txt adds the few short words that are real heads ("Bau", "Koch").
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter
from pathlib import Path

_WORD = re.compile(r"[^\W\d_]+")
MIN_LETTERS = 4
# Columns of the classification with German prose (title, short title, remarks, inclusions, examples, exclusions).
_TEXT_COLUMNS = slice(2, None)


def _fold(word: str) -> str:
    return word.casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")


def nouns(path: Path) -> list[str]:
    upper: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    with path.open(encoding="utf-8") as f:
        rows = csv.reader(f, delimiter=";")
        next(rows)
        for row in rows:
            for text in row[_TEXT_COLUMNS]:
                for word in _WORD.findall(text):
                    (upper if word[0].isupper() else lower)[_fold(word)] += 1
    return sorted(w for w, n in upper.items() if n > lower[w] and len(w) >= MIN_LETTERS and w.isascii())


def main() -> None:
    print("# Decompounding dictionary: nouns of the Klassifikation der Berufe 2010 (folded, one a line).")
    print("# Made by search/data/make_compound_words.py; source and licence: search/data/SOURCES.md.")
    for word in nouns(Path(sys.argv[1])):
        print(word)


if __name__ == "__main__":
    main()
