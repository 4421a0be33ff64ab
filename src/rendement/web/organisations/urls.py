from __future__ import annotations

from django.urls import path

from ..audit import views as audit_views
from . import views

app_name = "organisations"

urlpatterns = [
    path("organisations/new/", views.organisation_new, name="new"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="detail"),
    path("organisations/<slug:slug>/logboek/", audit_views.audit_log, name="log"),
    path("organisations/<slug:slug>/logboek.csv", audit_views.audit_log_csv, name="log_csv"),
    path(
        "organisations/<slug:slug>/second-factor/",
        views.organisation_second_factor,
        name="second_factor",
    ),
    path("organisations/<slug:slug>/invite/", views.organisation_invite, name="invite"),
    path(
        "organisations/<slug:slug>/invitations/<int:pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("organisations/<slug:slug>/members/<int:pk>/", views.member_change, name="member"),
    path(
        "organisations/<slug:slug>/members/<int:pk>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path("organisations/<slug:slug>/leave/", views.member_leave, name="leave"),
    path("invitations/<str:token>/", views.invitation_detail, name="invitation"),
    path("invitations/<str:token>/accept/", views.invitation_accept, name="accept"),
    path("invitations/<str:token>/decline/", views.invitation_decline, name="decline"),
]
