"""The seeker's own profile, CV, data export and account deletion: /api/v1/me/…, for the logged-in user only.

Thin views: profile_clean (via the services) is the one check of a write; the serializers here only document the
shapes in the OpenAPI schema.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.parsers import BoundedJSONParser
from config.throttling import ScopedThrottle

from .export import account_export
from .models import (
    ABOUT_MAX_CHARS,
    HEADLINE_MAX,
    MAX_COMMUTE_KM,
    MAX_SALARY_EXPECTATION,
    PHONE_MAX,
    ContractPreference,
    Licence,
    Remote,
    SchoolQualification,
    Visibility,
    VocationalQualification,
)
from .selectors import profile_read
from .services import account_delete, profile_cv_delete, profile_cv_upload, profile_get_or_create, profile_update
from .validation import WRITE_FIELDS

TAG = "me"
# Room for the multipart envelope around a CV of the largest allowed size.
CV_UPLOAD_OVERHEAD_BYTES = 64 * 1024


# ---- shapes (documentation only) -----------------------------------------------------------------------------------


class OccupationSerializer(serializers.Serializer):
    title = serializers.CharField()
    field = serializers.CharField(help_text=gettext_lazy("KldB 2010 occupational field, two digits (see /fields/)."))
    experience_years = serializers.IntegerField(min_value=0)


class LanguageSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=gettext_lazy("ISO 639-1, e.g. de"))
    level = serializers.CharField(help_text=gettext_lazy("A1 to C2, or native"))


class ProfileWriteSerializer(serializers.Serializer):
    headline = serializers.CharField(max_length=HEADLINE_MAX, allow_blank=True, required=False)
    occupations = OccupationSerializer(many=True, required=False)
    offer_types = serializers.ListField(child=serializers.CharField(), required=False)
    employment_types = serializers.ListField(child=serializers.CharField(), required=False)
    contract = serializers.ChoiceField(ContractPreference.choices, required=False)
    available_from = serializers.DateField(allow_null=True, required=False)
    remote = serializers.ChoiceField(Remote.choices, required=False)
    home_municipality = serializers.CharField(
        allow_null=True, allow_blank=True, required=False, help_text=gettext_lazy("AGS of the municipality")
    )
    home_postal_code = serializers.CharField(allow_blank=True, required=False)
    commute_km = serializers.IntegerField(min_value=0, max_value=MAX_COMMUTE_KM, required=False)
    counties = serializers.ListField(child=serializers.CharField(), required=False)
    about = serializers.CharField(max_length=ABOUT_MAX_CHARS, allow_blank=True, required=False)
    school_qualification = serializers.ChoiceField(SchoolQualification.choices, allow_blank=True, required=False)
    vocational_qualification = serializers.ChoiceField(
        VocationalQualification.choices, allow_blank=True, required=False
    )
    skills = serializers.ListField(child=serializers.CharField(), required=False)
    languages = LanguageSerializer(many=True, required=False)
    licences = serializers.ListField(child=serializers.ChoiceField(Licence.choices), required=False)
    salary_expectation = serializers.IntegerField(
        min_value=0, max_value=MAX_SALARY_EXPECTATION, allow_null=True, required=False
    )
    phone = serializers.CharField(max_length=PHONE_MAX, allow_blank=True, required=False)
    visibility = serializers.ChoiceField(Visibility.choices, required=False)
    blocked_companies = serializers.ListField(
        child=serializers.CharField(), required=False, help_text=gettext_lazy("Slugs of companies")
    )
    first_name = serializers.CharField(
        max_length=150, allow_blank=True, required=False,
        help_text=gettext_lazy("Shown to companies with the visibility named, or after a contact request you accept."),
    )  # fmt: skip
    last_name = serializers.CharField(max_length=150, allow_blank=True, required=False)
    consent = serializers.BooleanField(
        required=False,
        help_text=gettext_lazy("true agrees to the current consent text; needed to make a profile findable."),
    )


class ConsentSerializer(serializers.Serializer):
    version = serializers.CharField(allow_null=True)
    given_at = serializers.DateTimeField(allow_null=True)


class CvSerializer(serializers.Serializer):
    size = serializers.IntegerField()
    uploaded_at = serializers.DateTimeField(allow_null=True)
    url = serializers.CharField()


class ProfileReadSerializer(ProfileWriteSerializer):
    id = serializers.UUIDField(help_text="The profile's opaque id (the one companies see), never the user's.")
    consent = ConsentSerializer()  # type: ignore[assignment]
    cv = CvSerializer(allow_null=True)
    updated_at = serializers.DateTimeField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    preview = serializers.DictField(
        allow_null=True,
        help_text=gettext_lazy(
            "What an approved company sees: null while hidden; without name, e-mail, phone and CV when pseudonymous."
        ),
    )


class CvUploadSerializer(serializers.Serializer):
    cv = serializers.FileField(help_text=gettext_lazy("A PDF file."))


# ---- views ---------------------------------------------------------------------------------------------------------


class _MeApi(APIView):
    permission_classes = (IsAuthenticated,)
    # Throttled by this scope (besides the default write throttles) on the methods named.
    scoped_methods: tuple[str, ...] = ()

    def get_throttles(self) -> list[Any]:
        throttles = super().get_throttles()
        if self.request.method in self.scoped_methods:
            throttles.append(ScopedThrottle())
        return throttles


def _no_store(response: Any) -> Any:
    patch_cache_control(response, no_store=True, private=True)
    return response


class MyProfileApi(_MeApi):
    """The logged-in user's seeker profile (created, hidden and empty, on the first GET)."""

    parser_classes = (BoundedJSONParser,)

    @extend_schema(operation_id="me_profile_retrieve", tags=[TAG], responses={200: ProfileReadSerializer})
    def get(self, request: Request) -> Response:
        return _no_store(Response(profile_read(profile_get_or_create(user=request.user))))

    @extend_schema(
        operation_id="me_profile_update",
        tags=[TAG],
        request=ProfileWriteSerializer,
        responses={200: ProfileReadSerializer},
        description=gettext_lazy("Replace the whole profile; a field left out is set to its empty value."),
    )
    def put(self, request: Request) -> Response:
        return self._write(request, given=None)

    @extend_schema(
        operation_id="me_profile_partial_update",
        tags=[TAG],
        request=ProfileWriteSerializer,
        responses={200: ProfileReadSerializer},
        description=gettext_lazy("Change the fields sent; the others stay."),
    )
    def patch(self, request: Request) -> Response:
        return self._write(request, given=set(request.data) if isinstance(request.data, dict) else set())

    def _write(self, request: Request, *, given: set[str] | None) -> Response:
        data = request.data
        if not isinstance(data, dict):
            message = _("Expected an object with the fields %(fields)s.") % {"fields": ", ".join(WRITE_FIELDS)}
            raise exceptions.ValidationError({"non_field_errors": [message]})
        profile = profile_get_or_create(user=request.user)
        profile = profile_update(profile=profile, data=dict(data), by=request.user, given=given)
        return _no_store(Response(profile_read(profile)))


class MyCvApi(_MeApi):
    """The logged-in seeker's CV: upload (replacing one before), download, delete."""

    parser_classes = (MultiPartParser,)
    throttle_scope = "me-cv-upload"
    scoped_methods = ("POST",)

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        # A body far beyond the limit is refused before it is read.
        if request.method == "POST":
            length = request.META.get("CONTENT_LENGTH") or "0"
            limit = settings.PROFILES_CV_MAX_BYTES
            if length.isdigit() and int(length) > limit + CV_UPLOAD_OVERHEAD_BYTES:
                raise CvTooLarge()

    @extend_schema(
        operation_id="me_profile_cv_retrieve",
        tags=[TAG],
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            404: OpenApiResponse(description=gettext_lazy("No CV uploaded.")),
        },
    )
    def get(self, request: Request) -> Any:
        profile = profile_get_or_create(user=request.user)
        if not profile.cv:
            raise Http404
        try:
            handle = profile.cv.open("rb")
        except OSError as exc:
            raise Http404 from exc
        response = FileResponse(handle, as_attachment=True, filename="cv.pdf", content_type="application/pdf")
        return _no_store(response)

    @extend_schema(
        operation_id="me_profile_cv_upload",
        tags=[TAG],
        request={"multipart/form-data": CvUploadSerializer},
        responses={
            200: ProfileReadSerializer,
            413: OpenApiResponse(description=gettext_lazy("The file is too big (the answer names cv).")),
        },
    )
    def post(self, request: Request) -> Response:
        profile = profile_get_or_create(user=request.user)
        profile = profile_cv_upload(profile=profile, file=request.FILES.get("cv"), by=request.user)
        return _no_store(Response(profile_read(profile)))

    @extend_schema(operation_id="me_profile_cv_destroy", tags=[TAG], responses={204: None})
    def delete(self, request: Request) -> Response:
        profile = profile_get_or_create(user=request.user)
        profile_cv_delete(profile=profile, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CvTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "cv_too_large"

    def __init__(self) -> None:
        from django.template.defaultfilters import filesizeformat

        super().__init__(
            {
                "cv": [
                    _("The file is too big: a CV may have at most %(size)s.")
                    % {"size": filesizeformat(settings.PROFILES_CV_MAX_BYTES)}
                ]
            }
        )


class MyExportApi(_MeApi):
    """Everything stored about the logged-in user, as one JSON file (GDPR Art. 15 and 20)."""

    renderer_classes = (JSONRenderer,)
    throttle_scope = "me-export"
    scoped_methods = ("GET",)

    @extend_schema(operation_id="me_export", tags=[TAG], responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        response = Response(account_export(user=request.user))
        response["Content-Disposition"] = 'attachment; filename="regiojobs-data.json"'
        return _no_store(response)


class MeApi(_MeApi):
    """The logged-in user's account."""

    @extend_schema(
        operation_id="me_destroy",
        tags=[TAG],
        request=None,
        responses={
            204: OpenApiResponse(description=gettext_lazy("The account and everything tied to it are deleted.")),
            400: OpenApiResponse(
                description=gettext_lazy("The account cannot be deleted now (e.g. the last owner of a company).")
            ),
        },
        description=gettext_lazy(
            "Deletes the account with the profile, CV, memberships, tokens, e-mail addresses and sessions."
        ),
    )
    def delete(self, request: Request) -> Response:
        user = request.user
        account_delete(user=user, by=user)
        # A session this request came with is deleted with the others; its cookie is ended here too.
        session = getattr(request._request, "session", None)
        if session is not None and session.get("_auth_user_id"):
            session.flush()
        return Response(status=status.HTTP_204_NO_CONTENT)
