from __future__ import annotations

from django.urls import path

from . import views

app_name = "worksessions"

urlpatterns = [
    path("casussen/<str:uid>/werksessies/", views.session_list, name="list"),
    path("werksessies/<str:uid>/", views.session_detail, name="detail"),
    path("werksessies/<str:uid>/deelnemer/", views.participant_add, name="participant"),
    path("werksessies/<str:uid>/post/<int:item>/oordeel/", views.judgement_add, name="judge"),
    path("werksessies/<str:uid>/post/<int:item>/vaststellen/", views.item_agree, name="agree"),
    path("werksessies/<str:uid>/business-case/", views.case_apply, name="apply"),
    path("werksessies/<str:uid>/werksessie.yaml", views.session_export, name="export"),
]
