from __future__ import annotations

from django.urls import path

from . import views

app_name = "measuring"

CLIENT = "casussen/<str:uid>/casus/<int:client>/metingen/"

urlpatterns = [
    path("instrumenten/", views.instrument_list, name="instruments"),
    path("instrumenten/meegeleverd/", views.instrument_add_bundled, name="add_bundled"),
    path("instrumenten/eigen/", views.instrument_add_own, name="add_own"),
    path(CLIENT, views.client_measurements, name="client"),
    path(CLIENT + "starten/", views.measurement_start, name="start"),
    path(CLIENT + "intrekken/", views.consent_withdraw, name="withdraw"),
    path(CLIENT + "<str:muid>/", views.measurement_page, name="measurement"),
    path(CLIENT + "<str:muid>/toestemming/", views.measurement_consent, name="consent"),
    path(CLIENT + "<str:muid>/opslaan/", views.measurement_save, name="save"),
    path(CLIENT + "<str:muid>/verder/", views.measurement_continue, name="continue"),
    path("casussen/<str:uid>/antwoorden.csv", views.cohort_answers_export, name="export"),
]
