"""What a search says it corrected in q: each word found with one typo, spelled as the titles found spell it."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from . import analysis

# A word as people write it: letters only (digits and hyphen chains are never searched with a typo).
_LETTERS = re.compile(r"[^\W\d_]+")


def q_corrected(q: str, typo_words: Iterable[str], titles: Iterable[str]) -> str:
    """`q` with every word the backend searched with a typo (SearchResults.typo_words) replaced by the title word
    it matched, the one most of the hits' titles have; "" when no such word is in the titles.

    The backends match a typo by terms (stems), which are no words to show: so the words are read back from the
    titles of the hits, by the same test the backends apply (a title word whose stem is one edit from the typed
    word's stem, or the stem of one of its one-edit spellings, search.analysis.typo_stems).
    """
    typed = {w.surface: w.fuzzy_term for w in analysis.query_words(q) if w.fuzzy_term and w.surface in typo_words}
    if not typed:
        return ""
    found: dict[str, Counter[str]] = {surface: Counter() for surface in typed}
    for title in titles:
        for token in _LETTERS.findall(title):
            folded = analysis.fold_key(token)
            term = analysis.stem(folded)
            for surface, stem in typed.items():
                if folded != surface and (analysis.within_one_edit(stem, term) or term in analysis.typo_stems(surface)):
                    found[surface][token] += 1
    spelled = {surface: counts.most_common(1)[0][0] for surface, counts in found.items() if counts}
    if not spelled:
        return ""
    return _LETTERS.sub(lambda m: spelled.get(analysis.fold_key(m.group()), m.group()), q)
