"""Occupational field (KldB 2010 two-digit group) of a crawled posting from its title, else its description.

The title goes to the field suggester (jobs.field_suggest, learnt from the Bundesagentur's own job titles).
`crawlers/data/field_labels*.csv` hold posting titles labelled by hand, on which the accuracy is measured
(tests/crawlers/test_classify.py, bench/fields.py): field_labels.csv, field_labels_holdout.csv (written before the
suggester, never used to tune it; one label later set to the group the Bundesagentur's list gives that title) and
field_labels_postings.csv (300 titles written the way regional postings title them, each labelled with the five-digit
class of the Bundesagentur's list it names, by someone who did not see the suggester: 98.3 % when it came; its one
miss "ZFA …" then prompted the health-care abbreviations of jobs/data/field_title_aliases.csv).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jobs.field_suggest import suggester

LABELS_PATH = Path(__file__).parent / "data" / "field_labels.csv"
HOLDOUT_PATH = LABELS_PATH.with_name("field_labels_holdout.csv")
POSTINGS_PATH = LABELS_PATH.with_name("field_labels_postings.csv")

_SENTENCES = re.compile(r"[.!?\n]|<[^>]+>")


def classify(title: str, description: str = "") -> str | None:
    """The KldB two-digit group for a posting, or None when neither title nor description says enough."""
    code = suggester().classify(title)
    if code or not description:
        return code
    # The description mentions many things; take the group most of its sentences point to, if one stands out.
    counts: Counter[str] = Counter()
    for sentence in _SENTENCES.split(description[:20000]):
        found = suggester().classify(sentence) if sentence.strip() else None
        if found:
            counts[found] += 1
    if not counts:
        return None
    (best, n), *rest = [*counts.most_common(2), ("", 0)]
    return best if n >= 2 and n > rest[0][1] else None


@dataclass(frozen=True)
class Accuracy:
    total: int
    correct: int
    unclassified: int
    misses: list[tuple[str, str, str | None]]

    @property
    def rate(self) -> float:
        return self.correct / self.total if self.total else 0.0


def labelled_titles(path: Path = LABELS_PATH) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return [(row["title"], row["code"]) for row in csv.DictReader(fh)]


def measure_accuracy(
    rows: list[tuple[str, str]] | None = None, classifier: Callable[[str], str | None] = classify
) -> Accuracy:
    """Top-1 two-digit accuracy; an unclassified title counts as wrong."""
    rows = rows if rows is not None else labelled_titles()
    misses = []
    correct = unclassified = 0
    for title, expected in rows:
        got = classifier(title)
        if got == expected:
            correct += 1
        else:
            unclassified += got is None
            misses.append((title, expected, got))
    return Accuracy(total=len(rows), correct=correct, unclassified=unclassified, misses=misses)
