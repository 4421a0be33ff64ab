"""The client's one-time link: the professional's page under the client case, and the
public questionnaire under the token (every address of a link lies below its token)."""

from __future__ import annotations

from django.urls import path

from . import public_views as views

app_name = "measuring_link"

urlpatterns = [
    path("casussen/<str:uid>/casus/<int:client>/link/", views.link_page, name="page"),
    path("casussen/<str:uid>/casus/<int:client>/link/maken/", views.link_make, name="make"),
    path(
        "casussen/<str:uid>/casus/<int:client>/link/<int:pk>/intrekken/",
        views.link_revoke,
        name="revoke",
    ),
    # the public pages: the token is the whole key
    path("vragenlijst/<str:token>/", views.start, name="start"),
    path("vragenlijst/<str:token>/stap/<int:number>/", views.step, name="step"),
    path("vragenlijst/<str:token>/later/", views.later, name="later"),
    path("vragenlijst/<str:token>/<path:rest>", views.anything_else, name="other"),
]
