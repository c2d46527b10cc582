"""The occupational-field rules measured on labelled German titles."""

from __future__ import annotations

from crawlers.classify import LABELS_PATH, classify, labelled_titles, measure_accuracy

HOLDOUT = LABELS_PATH.with_name("field_labels_holdout.csv")


def test_labelled_set_is_big_enough_and_uses_real_groups(db) -> None:  # type: ignore[no-untyped-def]
    from jobs.models import OccupationalField

    rows = labelled_titles()
    assert len(rows) >= 150
    assert {code for _, code in rows} <= set(OccupationalField.objects.values_list("code", flat=True))


def test_accuracy_on_the_labelled_set() -> None:
    accuracy = measure_accuracy()
    print(f"\nfield classification: {accuracy.correct}/{accuracy.total} = {accuracy.rate:.1%}")
    assert accuracy.rate >= 0.95, accuracy.misses


def test_accuracy_on_the_holdout_set_written_before_tuning() -> None:
    # These titles were written after the rules and never used to tune them: the honest estimate.
    accuracy = measure_accuracy(labelled_titles(HOLDOUT))
    print(f"\nfield classification (holdout): {accuracy.correct}/{accuracy.total} = {accuracy.rate:.1%}")
    assert accuracy.total >= 80 and accuracy.rate >= 0.85, accuracy.misses


def test_description_decides_when_the_title_says_nothing() -> None:
    assert classify("Mitarbeiter (m/w/d)") is None
    text = "<p>Sie arbeiten im Lager.</p><p>Kommissionierung mit Scanner.</p><p>Staplerschein? Gerne.</p>"
    assert classify("Mitarbeiter (m/w/d)", text) == "51"
