#!/usr/bin/env python
"""Field suggestion benchmark: top-1 accuracy of the KldB two-digit group, the retired rule list and the second
round's suggester against the field suggester now, on the same titles.

    .venv/bin/python bench/fields.py
    .venv/bin/python bench/fields.py --rules-rev 6436b98 --misses 20

Sets: a fixed random 20 % of the Bundesagentur's example job titles (jobs.field_suggest.holdout_split; the
suggesters are trained without them for this row only, production learns from all) - the measured figure for job
titles the model never saw -, a second 20 % drawn with the next seed, on which the parameters were tuned, and the
project's labelled posting titles: crawlers/data/field_labels.csv, the field_labels_holdout.csv written before any
tuning, and the field_labels_postings.csv written the way regional postings title jobs by someone who did not see
the suggester (98.3 % when it came; its one miss "ZFA …" then prompted the health-care abbreviations of the title
aliases, so its figure now is no longer a blind one). An unclassified title counts as wrong. The rule list is
read from the git history (`--rules-rev`, the last commit with the rules), so no retired code stays in the tree;
without git that row is left out. The second round's figures (commit 198dd84, before the descriptions and stems) are
the recorded ones, not run again. Also prints how long the production model takes to load from its cache.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
import django  # noqa: E402

django.setup()  # for the model cache under var/

from crawlers.classify import HOLDOUT_PATH, LABELS_PATH, POSTINGS_PATH, Accuracy, labelled_titles, measure_accuracy  # noqa: E402
from jobs.field_suggest import (  # noqa: E402
    HOLDOUT_SEED,
    FieldSuggester,
    holdout_split,
    read_aliases,
    read_descriptions,
    read_titles,
    suggester,
)

RULES_REV = "6436b98"  # the last commit with the rule list (crawlers/classify.py)
# The second round's suggester (commit 198dd84) as measured then, per set (the set names below).
ROUND_2 = {
    "the measured hold-out": 0.839,
    "the tuning split": 0.855,
    "field_labels.csv": 0.980,
    "field_labels_holdout.csv": 0.938,
}

Classifier = Callable[[str], str | None]


def from_history(rev: str, path: str, name: str) -> types.ModuleType | None:
    try:
        source = subprocess.run(
            ["git", "show", f"{rev}:{path}"], cwd=ROOT, capture_output=True, check=True, text=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    module = types.ModuleType(name)
    module.__file__ = str(ROOT / path)
    sys.modules[module.__name__] = module  # its dataclasses look themselves up there
    exec(compile(source, name, "exec"), module.__dict__)  # our own history, not input
    return module


def row(name: str, accuracy: Accuracy) -> str:
    wrong = accuracy.total - accuracy.correct - accuracy.unclassified
    return (
        f"  {name:<12} {accuracy.rate:>7.1%} {accuracy.unclassified / accuracy.total:>13.1%}"
        f" {wrong / accuracy.total:>7.1%}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rules-rev", default=RULES_REV)
    parser.add_argument("--misses", type=int, default=0, help="show this many misses of the suggester per set")
    args = parser.parse_args()

    started = time.perf_counter()
    memory = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    production = suggester()
    print(
        f"production model loaded in {time.perf_counter() - started:.2f} s"
        f" (+{(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - memory) / 1024:.0f} MB peak)"
    )
    rules = from_history(args.rules_rev, "crawlers/classify.py", "retired_rules")
    rows = read_titles()
    aliases = read_aliases()
    sets: list[tuple[str, str, list[tuple[str, str]], dict[str, Classifier]]] = []
    for seed, purpose in ((HOLDOUT_SEED, "the measured hold-out"), (HOLDOUT_SEED + 1, "the tuning split")):
        train, test = holdout_split(rows, seed=seed)
        started = time.perf_counter()
        # The descriptions without the held-out titles where they name one (see read_descriptions).
        now = FieldSuggester(train, aliases, read_descriptions(without=[title for _, title in test]))
        print(f"model for {purpose} built from {len(train)} titles in {time.perf_counter() - started:.1f} s")
        classifiers: dict[str, Classifier] = {}
        if rules is not None:
            classifiers["old rules"] = rules.classify_title
        classifiers["now"] = now.classify
        items = [(title, code[:2]) for code, title in test]
        sets.append((f"BA example titles, {purpose} (seed {seed})", purpose, items, classifiers))
    production_classifiers: dict[str, Classifier] = {}
    if rules is not None:
        production_classifiers["old rules"] = rules.classify_title
    production_classifiers["now"] = production.classify
    for path in (LABELS_PATH, HOLDOUT_PATH, POSTINGS_PATH):
        sets.append((f"crawlers/data/{path.name}", path.name, labelled_titles(path), production_classifiers))
    for name, key, items, classifiers in sets:
        print(f"\n{name}: {len(items)} titles\n  {'':<12} {'top-1':>7} {'unclassified':>13} {'wrong':>7}")
        for label, classify in classifiers.items():
            if label == "now" and key in ROUND_2:
                print(f"  {'round 2':<12} {ROUND_2[key]:>7.1%}   (recorded)")
            started = time.perf_counter()
            accuracy = measure_accuracy(items, classify)
            per_title = (time.perf_counter() - started) / len(items) * 1000
            print(row(label, accuracy) + f"   ({per_title:.2f} ms per title)")
        for title, expected, got in accuracy.misses[: args.misses]:
            print(f"    {title!r}: {expected} expected, {got} suggested")


if __name__ == "__main__":
    main()
