from __future__ import annotations

from django.urls import path

from ..measuring import reports
from . import views

app_name = "cohorts"

urlpatterns = [
    path("casussen/", views.cohort_list, name="list"),
    path("casussen/upload/", views.cohort_upload, name="upload"),
    path("casussen/<str:uid>/", views.cohort_detail, name="detail"),
    path("casussen/<str:uid>/verwacht/", views.cohort_forecast, name="forecast"),
    path("casussen/<str:uid>/overnemen/", views.cohort_adopt, name="adopt"),
    path("casussen/<str:uid>/export.csv", views.cohort_export, name="export"),
    path("casussen/<str:uid>/rapport/<str:fmt>/", reports.cohort_report, name="report"),
    path("casussen/<str:uid>/verwijderen/", views.cohort_delete, name="delete"),
    path("casussen/<str:uid>/casus/<int:client>/", views.client_receipt, name="receipt"),
    path("casussen/<str:uid>/casus-toevoegen/", views.client_add, name="client_add"),
    path("casussen/<str:uid>/casus/<int:client>/regel/", views.client_row, name="client_row"),
    path(
        "casussen/<str:uid>/casus/<int:client>/verwijderen/",
        views.client_delete,
        name="client_delete",
    ),
]
