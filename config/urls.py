from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import URLPattern, URLResolver, include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from accounts.api import TokenLoginApi, TokenLogoutAllApi, TokenLogoutApi
from alerts.api import MyAlertDetailApi, MyAlertListApi
from companies.api import CompanyViewSet, NetworkListApi
from config.api import not_found
from crawlers.api import CrawlStatusApi
from frontend.sitemaps import SITEMAPS, robots_txt
from jobs.api import JobPostingViewSet, OccupationalFieldListApi, OccupationalFieldSuggestApi
from ops.views import healthz, readyz
from profiles.api import MeApi, MyCvApi, MyExportApi, MyProfileApi
from profiles.candidate_api import (
    CandidateDetailApi,
    CandidateSearchApi,
    JobMatchingCandidatesApi,
    MyMatchingJobsApi,
)
from profiles.contact_api import (
    CandidateContactApi,
    CompanyContactRequestListApi,
    MyContactRequestAcceptApi,
    MyContactRequestDeclineApi,
    MyContactRequestListApi,
)
from regions.api import CountyListApi, PlaceSearchApi
from savedjobs.api import MySavedJobApi, MySavedJobsApi

router = DefaultRouter()
router.register("jobs", JobPostingViewSet, basename="job")
router.register("companies", CompanyViewSet, basename="company")

api_v1: list[URLPattern | URLResolver] = [
    path("auth/token/", TokenLoginApi.as_view(), name="auth-token"),
    path("auth/logout/", TokenLogoutApi.as_view(), name="auth-logout"),
    path("auth/logout-all/", TokenLogoutAllApi.as_view(), name="auth-logout-all"),
    path("regions/counties/", CountyListApi.as_view(), name="county-list"),
    path("regions/places/", PlaceSearchApi.as_view(), name="place-search"),
    path("fields/", OccupationalFieldListApi.as_view(), name="field-list"),
    path("fields/suggest/", OccupationalFieldSuggestApi.as_view(), name="field-suggest"),
    path("networks/", NetworkListApi.as_view(), name="network-list"),
    path("search/", include("search.urls")),
    path("companies/<slug:slug>/crawl-status/", CrawlStatusApi.as_view(), name="company-crawl-status"),
    path("me/", MeApi.as_view(), name="me"),
    path("me/profile/", MyProfileApi.as_view(), name="me-profile"),
    path("me/profile/cv/", MyCvApi.as_view(), name="me-profile-cv"),
    path("me/export/", MyExportApi.as_view(), name="me-export"),
    path("me/saved-jobs/", MySavedJobsApi.as_view(), name="me-saved-jobs"),
    path("me/saved-jobs/<int:posting_id>/", MySavedJobApi.as_view(), name="me-saved-job"),
    path("me/matching-jobs/", MyMatchingJobsApi.as_view(), name="me-matching-jobs"),
    path("me/alerts/", MyAlertListApi.as_view(), name="me-alert-list"),
    path("me/alerts/<int:pk>/", MyAlertDetailApi.as_view(), name="me-alert-detail"),
    path("jobs/<int:pk>/matching-candidates/", JobMatchingCandidatesApi.as_view(), name="job-matching-candidates"),
    path("candidates/", CandidateSearchApi.as_view(), name="candidate-list"),
    path("candidates/<uuid:public_id>/", CandidateDetailApi.as_view(), name="candidate-detail"),
    path("candidates/<uuid:public_id>/contact/", CandidateContactApi.as_view(), name="candidate-contact"),
    path("me/contact-requests/", MyContactRequestListApi.as_view(), name="my-contact-request-list"),
    path(
        "me/contact-requests/<uuid:public_id>/accept/",
        MyContactRequestAcceptApi.as_view(),
        name="my-contact-request-accept",
    ),
    path(
        "me/contact-requests/<uuid:public_id>/decline/",
        MyContactRequestDeclineApi.as_view(),
        name="my-contact-request-decline",
    ),
    path("contact-requests/", CompanyContactRequestListApi.as_view(), name="company-contact-request-list"),
    path("", include(router.urls)),
    # Any other address under the API (ending in a slash, so that one without it is still redirected): JSON 404.
    re_path(r"^.*/$", not_found),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file and our template its style: nothing inline (CSP).
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="schema", template_name="api/swagger_ui.html"),
        name="api-docs",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    # Sign-up, login (e-mail address or user name), logout, password reset and change, e-mail addresses.
    path("accounts/", include("allauth.urls")),
    path("", include("moderation.urls")),
    path("", include("alerts.urls")),
    path("", include("frontend.urls")),
]
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
