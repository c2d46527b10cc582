"""REST endpoints of contact requests. Thin: parse, authorize, call a service or selector, render.

A company member asks a candidate (by the candidate's opaque id) to get in touch; the seeker lists, accepts or
declines their requests; the company lists the requests it sent, with the candidate's contact once accepted.
Answers carry personal data: no cache keeps them (`never_cache`).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from companies.models import Company
from jobs.models import JobPosting

from . import contact
from .contact_selectors import (
    contact_companies_of,
    contact_request_company_view,
    contact_request_of_user,
    contact_requests_of_companies,
    contact_requests_of_profile,
    profile_reachable_get,
)
from .models import CONTACT_MESSAGE_MAX_CHARS, ContactRequest, ContactStatus, SeekerProfile

# --- Serializers ----------------------------------------------------------------------------------------------------


class ContactRequestWriteSerializer(serializers.Serializer):
    # The length and the text itself are checked by the service (one place for the rules); the field only says so.
    message = serializers.CharField(
        trim_whitespace=False,
        allow_blank=True,
        help_text=f"Plain text, at most {CONTACT_MESSAGE_MAX_CHARS} characters; control characters are removed.",
    )
    posting = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, help_text="The id of one of the company's published postings."
    )
    company = serializers.SlugField(
        required=False, help_text="The company's slug; needed only by members of several approved companies."
    )


class ContactDeclineSerializer(serializers.Serializer):
    block_company = serializers.BooleanField(
        required=False, default=False, help_text="Also block the company: it never finds or asks you again."
    )


class ContactCompanySerializer(serializers.ModelSerializer[Company]):
    class Meta:
        model = Company
        fields = ["slug", "name"]


class ContactPostingSerializer(serializers.ModelSerializer[JobPosting]):
    class Meta:
        model = JobPosting
        fields = ["id", "title"]


class CandidateBriefSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text="The candidate's opaque id.")
    headline = serializers.CharField(required=False)


class CandidateContactSerializer(serializers.Serializer):
    name = serializers.CharField()
    email = serializers.EmailField()
    phone = serializers.CharField(allow_blank=True)


class _ContactRequestBaseSerializer(serializers.ModelSerializer[ContactRequest]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    company = ContactCompanySerializer(read_only=True)
    posting = ContactPostingSerializer(read_only=True, allow_null=True)
    revealed_at = serializers.SerializerMethodField(
        help_text="When the candidate accepted and their identity was shown to the company; null before."
    )

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_revealed_at(self, obj: ContactRequest) -> Any:
        if obj.status != ContactStatus.ACCEPTED or obj.answered_at is None:
            return None
        return serializers.DateTimeField().to_representation(obj.answered_at)

    class Meta:
        model = ContactRequest
        fields = [
            "id", "company", "message", "posting", "status", "created_at", "expires_at", "answered_at", "revealed_at",
        ]  # fmt: skip


class SeekerContactRequestSerializer(_ContactRequestBaseSerializer):
    """A request as the seeker sees it."""

    company_blocked = serializers.SerializerMethodField(help_text="Whether your profile blocks this company now.")

    def get_company_blocked(self, obj: ContactRequest) -> bool:
        blocked: set[int] = self.context.get("blocked", set())
        return obj.company_id in blocked

    class Meta(_ContactRequestBaseSerializer.Meta):
        fields = [*_ContactRequestBaseSerializer.Meta.fields, "company_blocked"]


class CompanyContactRequestSerializer(_ContactRequestBaseSerializer):
    """A request as the asking company sees it: the candidate's contact only once accepted."""

    candidate = serializers.SerializerMethodField()
    contact = serializers.SerializerMethodField()

    def _view(self, obj: ContactRequest) -> dict[str, Any]:
        views: dict[int, dict[str, Any]] = self.context.setdefault("company_views", {})
        if obj.pk not in views:
            views[obj.pk] = contact_request_company_view(obj)
        return views[obj.pk]

    @extend_schema_field(CandidateBriefSerializer)
    def get_candidate(self, obj: ContactRequest) -> Any:
        return self._view(obj)["candidate"]

    @extend_schema_field(CandidateContactSerializer(allow_null=True))
    def get_contact(self, obj: ContactRequest) -> Any:
        return self._view(obj)["contact"]

    class Meta(_ContactRequestBaseSerializer.Meta):
        fields = [*_ContactRequestBaseSerializer.Meta.fields, "candidate", "contact"]


# --- Views ----------------------------------------------------------------------------------------------------------

_NOT_FOUND = OpenApiResponse(description="No such candidate, or one your company may not see.")
_LIMIT = OpenApiResponse(description="Your company reached its daily number of requests; see Retry-After.")


def _acting_company(user: Any, slug: str | None, *, refusal: str | None = None) -> Company:
    """The approved company a member acts for: the one named, or their only one. `refusal` says what a user who is
    no member of an approved company may not do (403)."""
    companies = list(contact_companies_of(user=user))
    if not companies:
        raise exceptions.PermissionDenied(
            refusal or _("Only members of an approved company can ask candidates to get in touch.")
        )
    if slug:
        for company in companies:
            if company.slug == slug:
                return company
        raise exceptions.ValidationError(
            {"company": [_("Not one of your approved companies: %(slug)s.") % {"slug": slug}]}
        )
    if len(companies) > 1:
        message = _("You act for several companies: name one by its slug (one of: %(slugs)s).")
        raise exceptions.ValidationError({"company": [message % {"slugs": ", ".join(c.slug for c in companies)}]})
    return companies[0]


@method_decorator(never_cache, name="dispatch")
class CandidateContactApi(APIView):
    """Ask a candidate to get in touch (members of approved companies). The candidate gets an e-mail; the company
    learns their name and contact only if they accept."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=ContactRequestWriteSerializer,
        responses={201: CompanyContactRequestSerializer, 404: _NOT_FOUND, 429: _LIMIT},
    )
    def post(self, request: Request, public_id: Any) -> Response:
        serializer = ContactRequestWriteSerializer(data=request.data)
        body = request.data if isinstance(request.data, dict) else {}
        company = _acting_company(request.user, str(body.get("company") or "") or None)
        profile = profile_reachable_get(company=company, public_id=public_id)
        if profile is None:
            raise Http404
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        posting = None
        if data.get("posting") is not None:
            posting = JobPosting.objects.filter(pk=data["posting"]).first()
            if posting is None:
                raise exceptions.ValidationError({"posting": [_("Not one of your company's published postings.")]})
        try:
            sent = contact.contact_request_send(
                company=company, profile=profile, message=data["message"], posting=posting, by=request.user
            )
        except SeekerProfile.DoesNotExist as exc:
            raise Http404 from exc
        except contact.ContactRequestLimit as exc:
            raise exceptions.Throttled(wait=exc.retry_after, detail=str(exc)) from exc
        fresh = contact_requests_of_companies(companies=Company.objects.filter(pk=company.pk)).get(pk=sent.pk)
        return Response(CompanyContactRequestSerializer(fresh).data, status=status.HTTP_201_CREATED)


def _own_profile(user: Any) -> SeekerProfile | None:
    return SeekerProfile.objects.filter(user=user).first()


def _seeker_context(profile: SeekerProfile | None) -> dict[str, Any]:
    blocked = set(profile.blocked_companies.values_list("pk", flat=True)) if profile else set()
    return {"blocked": blocked}


@method_decorator(never_cache, name="dispatch")
class MyContactRequestListApi(ListAPIView):  # type: ignore[type-arg]
    """The contact requests companies sent to your profile, newest first."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = SeekerContactRequestSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        return contact_requests_of_profile(profile=_own_profile(self.request.user))

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), **_seeker_context(_own_profile(self.request.user))}


class _AnswerApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    def _request(self, public_id: Any) -> ContactRequest:
        found = contact_request_of_user(user=self.request.user, public_id=public_id)
        if found is None:
            raise Http404
        return found

    def _render(self, answered: ContactRequest) -> Response:
        profile = _own_profile(self.request.user)
        fresh = contact_requests_of_profile(profile=profile).get(pk=answered.pk)
        return Response(SeekerContactRequestSerializer(fresh, context=_seeker_context(profile)).data)


@method_decorator(never_cache, name="dispatch")
class MyContactRequestAcceptApi(_AnswerApi):
    """Accept a request: the company sees your name, e-mail address and phone (if given) from now on and gets them
    by e-mail. Recorded: which company, when."""

    @extend_schema(request=None, responses={200: SeekerContactRequestSerializer})
    def post(self, request: Request, public_id: Any) -> Response:
        return self._render(contact.contact_request_accept(request=self._request(public_id), by=request.user))


@method_decorator(never_cache, name="dispatch")
class MyContactRequestDeclineApi(_AnswerApi):
    """Decline a request (the company gets a neutral notice); `block_company` also blocks the company."""

    @extend_schema(request=ContactDeclineSerializer, responses={200: SeekerContactRequestSerializer})
    def post(self, request: Request, public_id: Any) -> Response:
        found = self._request(public_id)
        serializer = ContactDeclineSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        declined = contact.contact_request_decline(
            request=found, by=request.user, block_company=serializer.validated_data["block_company"]
        )
        return self._render(declined)


@method_decorator(never_cache, name="dispatch")
@extend_schema(
    parameters=[
        OpenApiParameter(
            "company", OpenApiTypes.STR, description="Only this company's requests (a slug of one of yours)."
        )
    ]
)
class CompanyContactRequestListApi(ListAPIView):  # type: ignore[type-arg]
    """The contact requests your approved companies sent, newest first, with their status; the candidate's name,
    e-mail address and phone once they accepted, else only the pseudonymous summary."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = CompanyContactRequestSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        companies = contact_companies_of(user=self.request.user)
        if not companies.exists():
            raise exceptions.PermissionDenied(_("Only members of an approved company see contact requests."))
        slug = self.request.query_params.get("company")
        if slug is not None:
            if not companies.filter(slug=slug).exists():
                raise exceptions.ValidationError(
                    {"company": [_("Not one of your approved companies: %(slug)s.") % {"slug": slug}]}
                )
            companies = companies.filter(slug=slug)
        return contact_requests_of_companies(companies=companies)
