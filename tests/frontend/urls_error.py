"""The site's URLs plus one view that fails: for the 500 page test."""

from django.urls import path

from config.urls import urlpatterns as site_urlpatterns
from tests.frontend.test_region_pages import _boom

urlpatterns = [path("boom/", _boom), *site_urlpatterns]
