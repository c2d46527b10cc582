from django.urls import path

from . import views

app_name = "alerts"
urlpatterns = [
    path("alerts/save/", views.alert_save, name="save"),
    path("alerts/confirm/<str:token>/", views.alert_confirm_view, name="confirm"),
    path("alerts/manage/<str:token>/", views.alert_manage, name="manage"),
    path("alerts/unsubscribe/<str:token>/", views.alert_unsubscribe_view, name="unsubscribe"),
]
