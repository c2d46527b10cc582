"""REST endpoints for postings and occupational fields. Thin: parse, authorize, call a service, render."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from companies.models import Company
from config.api import CachedListMixin, CachedPublicRetrieveMixin
from config.caching import Generation

from . import services
from .field_suggest import MAX_TITLE_CHARS
from .filters import JobPostingFilter
from .models import JobPosting
from .selectors import field_suggestions, fields_with_areas, job_get_readable, job_list_editable, job_list_public
from .serializers import (
    JobPostingOutputSerializer,
    JobPostingWriteSerializer,
    OccupationalFieldOutputSerializer,
)


def _company_for_create(request: Request, requested: Company | None) -> Company:
    user: Any = request.user
    acting_for = Company.objects.for_user(user)
    if requested is not None:
        if not acting_for.filter(pk=requested.pk).exists():
            raise PermissionDenied(_("You cannot post for this company."))
        return requested
    own = list(Company.objects.filter(memberships__user=user).order_by("slug"))
    if not own:
        raise PermissionDenied(_("Your account is not a member of any company."))
    if len(own) > 1:
        message = _("You act for several companies: name one by its slug (one of: %(slugs)s).")
        raise ValidationError({"company": [message % {"slugs": ", ".join(company.slug for company in own)}]})
    return own[0]


class JobPostingViewSet(
    CachedListMixin,
    CachedPublicRetrieveMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    """Published postings for everyone; company members write their own company's postings."""

    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    filterset_class = JobPostingFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    # The list shows postings with their companies, workplaces (place names) and fields (KldB names).
    list_depends_on = retrieve_depends_on = (Generation.POSTINGS, Generation.REFERENCE)

    def get_queryset(self) -> Any:
        if self.action == "list":
            return job_list_public()
        return job_list_editable(user=self.request.user)

    def get_serializer_class(self) -> Any:
        if self.action in ("create", "partial_update"):
            return JobPostingWriteSerializer
        return JobPostingOutputSerializer

    def get_public_object(self) -> JobPosting | None:
        pk = str(self.kwargs["pk"])
        return job_list_public().filter(pk=int(pk)).first() if pk.isdigit() else None

    def get_object(self) -> JobPosting:
        pk = self.kwargs["pk"]
        if not str(pk).isdigit():
            raise Http404
        if self.action == "retrieve":
            posting = job_get_readable(pk=int(pk), user=self.request.user)
            if posting is None:
                raise Http404
            return posting
        return super().get_object()  # type: ignore[no-any-return]

    @extend_schema(request=JobPostingWriteSerializer, responses={201: JobPostingOutputSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = JobPostingWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        company = _company_for_create(request, data.pop("company", None))
        posting = services.job_create(company=company, data=data, by=request.user)
        return Response(self._render(posting), status=status.HTTP_201_CREATED)

    @extend_schema(request=JobPostingWriteSerializer, responses=JobPostingOutputSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        posting = self.get_object()
        serializer = JobPostingWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "company" in data and data.pop("company") != posting.company:
            raise ValidationError({"company": [_("A posting cannot move to another company.")]})
        posting = services.job_update(job=posting, data=data, by=request.user)
        return Response(self._render(posting))

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.job_delete(job=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses=JobPostingOutputSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        posting = services.job_close(job=self.get_object(), by=request.user)
        return Response(self._render(posting))

    @extend_schema(
        request=None,
        responses={200: JobPostingOutputSerializer},
        description="Send a rejected posting (corrected with PATCH) back to the operator for review: its status "
        "becomes in_review, and the operator publishes it. Any other status answers 400 naming status.",
    )
    @action(detail=True, methods=["post"])
    def resubmit(self, request: Request, pk: str | None = None) -> Response:
        posting = services.job_resubmit(job=self.get_object(), by=request.user)
        return Response(self._render(posting))

    def _render(self, posting: JobPosting) -> Any:
        fresh = job_get_readable(pk=posting.pk, user=self.request.user)
        return JobPostingOutputSerializer(fresh, context={"request": self.request}).data


class OccupationalFieldListApi(CachedListMixin, ListAPIView):  # type: ignore[type-arg]
    permission_classes = [permissions.AllowAny]
    list_depends_on = (Generation.REFERENCE,)
    serializer_class = OccupationalFieldOutputSerializer
    pagination_class = None

    def get_queryset(self) -> Any:
        return fields_with_areas()


class FieldSuggestInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    title = serializers.CharField(max_length=MAX_TITLE_CHARS, help_text="A job title as a posting writes it.")


class FieldSuggestionOutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    code = serializers.CharField(help_text="KldB 2010 two-digit group (Berufshauptgruppe).")
    name = serializers.CharField()
    score = serializers.FloatField(help_text="Share of the evidence for this field, 0–1.")


class OccupationalFieldSuggestApi(APIView):
    """The likeliest occupational fields of a job title; an empty list when the title says too little."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[FieldSuggestInputSerializer],
        responses={200: FieldSuggestionOutputSerializer(many=True)},
        description="Up to three fields, best first, for a job title in German or English as postings write it "
        "(gender markers, 'Ausbildung zum', seniority and place are ignored). An empty list when unsure; 400 "
        f"naming title when it is missing, empty or longer than {MAX_TITLE_CHARS} characters.",
    )
    def get(self, request: Request) -> Response:
        query = FieldSuggestInputSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        found = field_suggestions(query.validated_data["title"])
        return Response(FieldSuggestionOutputSerializer(found, many=True).data)
