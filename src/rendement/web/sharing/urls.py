from __future__ import annotations

from django.urls import path

from . import views

app_name = "sharing"

urlpatterns = [
    path("cases/<str:uid>/delen/", views.share_page, name="page"),
    path("cases/<str:uid>/delen/toevoegen/", views.share_add, name="add"),
    path("cases/<str:uid>/delen/<int:pk>/intrekken/", views.share_revoke, name="revoke"),
    path("cases/<str:uid>/delen/link/", views.link_add, name="link_add"),
    path("cases/<str:uid>/delen/link/<int:pk>/intrekken/", views.link_revoke, name="link_revoke"),
    # the public pages: the token is the whole key, every address of a link lies below it
    path("openbaar/<str:token>/", views.public_version, name="public"),
    path("openbaar/<str:token>/grafieken/", views.public_charts, name="public_charts"),
    path("openbaar/<str:token>/rapport.<str:fmt>", views.public_report, name="public_report"),
]
