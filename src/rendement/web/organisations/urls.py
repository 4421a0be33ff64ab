from __future__ import annotations

from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("organisations/new/", views.organisation_new, name="new"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="detail"),
    path("organisations/<slug:slug>/members/", views.organisation_member, name="member"),
]
