from django.urls import path

from .api import JobSearchApi, SearchSuggestApi

urlpatterns = [
    path("jobs/", JobSearchApi.as_view(), name="search-jobs"),
    path("suggest/", SearchSuggestApi.as_view(), name="search-suggest"),
]
