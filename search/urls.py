from django.urls import path

from .api import JobSearchApi, JobSearchMapApi, SearchSuggestApi

urlpatterns = [
    path("jobs/", JobSearchApi.as_view(), name="search-jobs"),
    path("jobs/map/", JobSearchMapApi.as_view(), name="search-jobs-map"),
    path("suggest/", SearchSuggestApi.as_view(), name="search-suggest"),
]
