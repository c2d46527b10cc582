"""The picker of a crawled posting's place (PlaceReview): one of the municipalities sharing its postal code, or any
place typed with the search form's suggestions. Used by the company area and the operator's dashboard alike."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regions.selectors import municipality_candidates, municipality_label

from .models import PlaceReview


class PlaceReviewForm(forms.Form):
    municipality = forms.ChoiceField(
        label=gettext_lazy("Municipality"), required=False, widget=forms.RadioSelect, choices=()
    )
    place = forms.CharField(
        label=gettext_lazy("Another place"),
        required=False,
        max_length=120,
        help_text=gettext_lazy("Town or municipality, e.g. Bleicherode, or postal code and town."),
    )

    def __init__(self, *args: Any, review: PlaceReview, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"review{review.pk}")  # several pickers on one page keep apart
        super().__init__(*args, **kwargs)
        self.review = review
        field: Any = self.fields["municipality"]
        field.choices = [(m.ags, municipality_label(m)) for m in getattr(review, "candidate_places", [])]
        if not field.choices:
            del self.fields["municipality"]
        self.fields["place"].widget.attrs.update(
            {
                "autocomplete": "off",
                "list": f"review{review.pk}-place-suggestions",
                "data-suggest": reverse_lazy("place-search"),
                "data-suggest-kind": "place",
            }
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        place = (cleaned.get("place") or "").strip()
        if place:
            found = municipality_candidates(query=place)
            if len(found) != 1:
                message = (
                    _("“%(place)s” could mean several places; choose one.")
                    if found
                    else _("“%(place)s” is not a municipality in Thuringia we know; check the spelling.")
                )
                self.add_error("place", message % {"place": place})
            else:
                cleaned["ags"] = found[0].ags
        elif cleaned.get("municipality"):
            cleaned["ags"] = cleaned["municipality"]
        else:
            field = "municipality" if "municipality" in self.fields else "place"
            self.add_error(field, _("Pick the municipality where the job is."))
        return cleaned
