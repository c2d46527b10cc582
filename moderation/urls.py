from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    path("operator/", views.dashboard, name="operator_dashboard"),
    path("operator/companies/<int:pk>/approve/", views.company_approve, name="company_approve"),
    path("operator/companies/<int:pk>/suspend/", views.company_suspend, name="company_suspend"),
    path("operator/postings/<int:pk>/approve/", views.posting_approve, name="posting_approve"),
    path("operator/postings/<int:pk>/reject/", views.posting_reject, name="posting_reject"),
    path("operator/postings/<int:pk>/dismiss-reports/", views.reports_dismiss, name="reports_dismiss"),
    path("operator/sources/<int:pk>/approve/", views.source_approve, name="source_approve"),
    path("operator/sources/<int:pk>/crawl/", views.source_crawl, name="source_crawl"),
    path("operator/place-reviews/<int:pk>/", views.place_review_decide, name="place_review_decide"),
    path("jobs/<int:pk>/report/", views.posting_report, name="posting_report"),
]
