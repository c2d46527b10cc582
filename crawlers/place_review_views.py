"""The place pick as both the company area and the operator's dashboard take it: one form, one service call, one
message; each page only says whose reviews it may decide and where to go back to."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from . import services
from .forms import PlaceReviewForm
from .models import PlaceReview


def place_review_submit(request: HttpRequest, review: PlaceReview) -> tuple[bool, PlaceReviewForm]:
    """Decide `review` by the posted form: (True, form) when the posting went live (a success message is queued),
    else (False, the form with its errors)."""
    form = PlaceReviewForm(data=request.POST, review=review)
    if not form.is_valid():
        return False, form
    try:
        services.place_review_decide(review=review, municipality_ags=form.cleaned_data["ags"], by=request.user)
    except ValidationError as exc:
        form.add_error(None, exc)
        return False, form
    messages.success(
        request, _("“%(title)s” is now at %(place)s.") % {"title": review.posting.title, "place": review.municipality}
    )
    return True, form
