from __future__ import annotations

from django.urls import path

from . import views

app_name = "work"

urlpatterns = [
    path(
        "cases/<str:uid>/versions/<int:number>/achtergrond/<str:kind>/",
        views.start,
        name="start",
    ),
    path(
        "cases/<str:uid>/versions/<int:number>/onzekerheid/",
        views.uncertainty_panel,
        name="uncertainty",
    ),
    path("cases/<str:uid>/werk/<int:pk>/", views.job_page, name="job"),
    path("cases/<str:uid>/werk/<int:pk>/voortgang/", views.job_progress, name="progress"),
    path("cases/<str:uid>/werk/<int:pk>/bestand/", views.job_file, name="file"),
]
