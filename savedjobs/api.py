"""/api/v1/me/saved-jobs/: the logged-in user's list of saved postings (GET, POST) and one entry (DELETE).

Thin views: savedjobs.services judges every save; the serializers document the shapes in the OpenAPI schema."""

from __future__ import annotations

from typing import Any

from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from .models import SavedJob
from .selectors import saved_jobs_of, saved_state
from .services import saved_job_add, saved_job_remove

TAG = "me"


class SavedJobSerializer(serializers.Serializer):
    posting = serializers.IntegerField(help_text=gettext_lazy("The posting's number (see /jobs/)."))
    title = serializers.CharField(read_only=True)
    company = serializers.CharField(read_only=True)
    state = serializers.ChoiceField(
        choices=["open", "closed", "expired"],
        read_only=True,
        help_text=gettext_lazy("open: still public; closed or expired: can no longer be applied for."),
    )
    url = serializers.URLField(read_only=True, allow_null=True, help_text=gettext_lazy("While the posting is open."))
    saved_at = serializers.DateTimeField(read_only=True)


class SavedJobWriteSerializer(serializers.Serializer):
    posting = serializers.IntegerField()


def _row(saved: SavedJob, request: Request) -> dict[str, Any]:
    state = saved_state(saved)
    posting = saved.posting
    return {
        "posting": posting.pk,
        "title": posting.title,
        "company": posting.company.name,
        "state": state.code,
        # An ended posting's API detail answers 404: no link to follow.
        "url": reverse("job-detail", args=[posting.pk], request=request) if state.is_open else None,
        "saved_at": saved.created_at.isoformat(),
    }


def _private(response: Response) -> Response:
    patch_cache_control(response, no_store=True, private=True)
    return response


class MySavedJobsApi(APIView):
    """The logged-in user's saved postings, newest first; closed and expired ones stay, marked by `state`."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(operation_id="me_saved_jobs_list", tags=[TAG], responses={200: SavedJobSerializer(many=True)})
    def get(self, request: Request) -> Response:
        return _private(Response([_row(s, request) for s in saved_jobs_of(user=request.user)]))

    @extend_schema(
        operation_id="me_saved_jobs_create",
        tags=[TAG],
        request=SavedJobWriteSerializer,
        responses={
            201: SavedJobSerializer,
            200: OpenApiResponse(SavedJobSerializer, description=gettext_lazy("It was saved already.")),
            400: OpenApiResponse(description=gettext_lazy("No public posting with this number, or the list is full.")),
        },
    )
    def post(self, request: Request) -> Response:
        data = request.data if isinstance(request.data, dict) else {}
        saved, created = saved_job_add(user=request.user, posting_id=data.get("posting"))
        saved = saved_jobs_of(user=request.user).get(pk=saved.pk)
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return _private(Response(_row(saved, request), status=code))


class MySavedJobApi(APIView):
    """One posting on the logged-in user's list."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        operation_id="me_saved_jobs_destroy",
        tags=[TAG],
        responses={204: None, 404: OpenApiResponse(description=gettext_lazy("Not on your list."))},
    )
    def delete(self, request: Request, posting_id: int) -> Response:
        if not saved_job_remove(user=request.user, posting_id=posting_id):
            raise NotFound()
        return _private(Response(status=status.HTTP_204_NO_CONTENT))
