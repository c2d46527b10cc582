#!/usr/bin/env python
"""Field suggestion benchmark: top-1 accuracy of the KldB two-digit group, the retired rule list against the field
suggester, on the same titles.

    .venv/bin/python bench/fields.py
    .venv/bin/python bench/fields.py --rules-rev 6436b98 --misses 20

Sets: a fixed random 20 % of the Bundesagentur's example job titles (jobs.field_suggest.holdout_split; the
suggester is trained without them for this row only, production learns from all), and the project's hand-labelled
posting titles (crawlers/data/field_labels.csv and the field_labels_holdout.csv written before any tuning). An
unclassified title counts as wrong. The rule list is read from the git history (`--rules-rev`, the last commit that
had it), so no retired code stays in the tree; without git that column is left out.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawlers.classify import HOLDOUT_PATH, LABELS_PATH, Accuracy, labelled_titles, measure_accuracy  # noqa: E402
from jobs.field_suggest import FieldSuggester, holdout_split, read_aliases, read_titles, suggester  # noqa: E402

RULES_REV = "6436b98"  # the last commit with the rule list (crawlers/classify.py)

Classifier = Callable[[str], str | None]


def retired_rules(rev: str) -> Classifier | None:
    try:
        source = subprocess.run(
            ["git", "show", f"{rev}:crawlers/classify.py"], cwd=ROOT, capture_output=True, check=True, text=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    module = types.ModuleType("retired_rules")
    module.__file__ = str(ROOT / "crawlers" / "classify.py")
    sys.modules[module.__name__] = module  # its dataclass looks itself up there
    exec(compile(source, "retired_rules", "exec"), module.__dict__)  # our own history, not input
    return module.classify_title  # type: ignore[no-any-return]


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

    rows = read_titles()
    train, test = holdout_split(rows)
    started = time.perf_counter()
    trained = FieldSuggester(train, read_aliases())
    build = time.perf_counter() - started
    production = suggester()
    rules = retired_rules(args.rules_rev)
    sets: list[tuple[str, list[tuple[str, str]], Classifier]] = [
        (f"BA example titles held out ({len(test)} of {len(test) + len(train)})",
         [(title, code[:2]) for code, title in test], trained.classify),
        ("crawlers/data/field_labels.csv", labelled_titles(LABELS_PATH), production.classify),
        ("crawlers/data/field_labels_holdout.csv", labelled_titles(HOLDOUT_PATH), production.classify),
    ]  # fmt: skip
    print(f"model built from {len(train)} titles in {build:.1f} s")
    for name, items, classify in sets:
        print(f"\n{name}: {len(items)} titles\n  {'':<12} {'top-1':>7} {'unclassified':>13} {'wrong':>7}")
        if rules is not None:
            print(row("old rules", measure_accuracy(items, rules)))
        started = time.perf_counter()
        accuracy = measure_accuracy(items, classify)
        per_title = (time.perf_counter() - started) / len(items) * 1000
        print(row("suggester", accuracy) + f"   ({per_title:.2f} ms per title)")
        for title, expected, got in accuracy.misses[: args.misses]:
            print(f"    {title!r}: {expected} expected, {got} suggested")


if __name__ == "__main__":
    main()
