from django.urls import path

from legal.models import LegalPage

from . import exchange_views, saved_views, search_views, seeker_views, views

app_name = "frontend"

urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("jobs/", search_views.job_search, name="job_search"),
    path("jobs/feed/", search_views.JobSearchFeed(), name="job_feed"),
    path("jobs/<int:pk>/", views.job_detail_short, name="job_detail_short"),
    path("jobs/<int:pk>-<slug:slug>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/save/", saved_views.saved_job_toggle, name="saved_job_toggle"),
    path("companies/", views.company_list, name="company_list"),
    path("companies/<slug:slug>/", views.company_detail, name="company_detail"),
    path("netzwerke/<slug:slug>/", views.network_detail, name="network_detail"),
    path("ausbildung/", views.apprenticeships, name="apprenticeships"),
    path("impressum/", views.legal_page, {"kind": LegalPage.Kind.IMPRINT}, name="imprint"),
    path("datenschutz/", views.legal_page, {"kind": LegalPage.Kind.PRIVACY}, name="privacy"),
    path("welcome/", views.after_login, name="after_login"),
    path("seeker/", seeker_views.seeker_dashboard, name="seeker_dashboard"),
    path("seeker/profile/", seeker_views.seeker_profile_edit, name="seeker_profile"),
    path("seeker/profile/preview/", seeker_views.seeker_preview, name="seeker_preview"),
    path("seeker/cv/", seeker_views.seeker_cv, name="seeker_cv"),
    path("seeker/cv/download/", seeker_views.seeker_cv_download, name="seeker_cv_download"),
    path("seeker/cv/delete/", seeker_views.seeker_cv_delete, name="seeker_cv_delete"),
    path("seeker/requests/", exchange_views.seeker_requests, name="seeker_requests"),
    path(
        "seeker/requests/<uuid:public_id>/accept/",
        exchange_views.seeker_request_answer,
        {"answer": "accept"},
        name="seeker_request_accept",
    ),
    path(
        "seeker/requests/<uuid:public_id>/decline/",
        exchange_views.seeker_request_answer,
        {"answer": "decline"},
        name="seeker_request_decline",
    ),
    path("seeker/saved/", saved_views.seeker_saved, name="seeker_saved"),
    path("seeker/saved/ids/", saved_views.saved_job_ids, name="seeker_saved_ids"),
    path("seeker/export/", seeker_views.seeker_export, name="seeker_export"),
    path("seeker/delete/", seeker_views.seeker_account_delete, name="seeker_account_delete"),
    path("company-area/", views.dashboard, name="dashboard"),
    path("company-area/register/", views.company_register_view, name="company_register"),
    path("company-area/<slug:company_slug>/jobs/new/", views.job_create, name="job_create"),
    path("company-area/jobs/<int:pk>/edit/", views.job_edit, name="job_edit"),
    path("company-area/jobs/<int:pk>/close/", views.job_close, name="job_close"),
    path("company-area/jobs/<int:pk>/renew/", views.job_renew, name="job_renew"),
    path("company-area/jobs/<int:pk>/delete/", views.job_delete, name="job_delete"),
    path("company-area/jobs/<int:pk>/resubmit/", views.job_resubmit, name="job_resubmit"),
    path("company-area/<slug:company_slug>/candidates/", exchange_views.candidate_search, name="candidate_search"),
    path(
        "company-area/<slug:company_slug>/candidates/<uuid:public_id>/",
        exchange_views.candidate_detail,
        name="candidate_detail",
    ),
    path("company-area/<slug:company_slug>/requests/", exchange_views.company_requests, name="company_requests"),
    path("company-area/jobs/<int:pk>/candidates/", exchange_views.posting_candidates, name="posting_candidates"),
    path("company-area/<slug:company_slug>/sources/new/", views.crawl_source_new, name="crawl_source_new"),
    path("company-area/sources/<int:source_id>/crawl/", views.crawl_now, name="crawl_now"),
    path("company-area/place-reviews/<int:pk>/", views.place_review_decide, name="place_review_decide"),
]
