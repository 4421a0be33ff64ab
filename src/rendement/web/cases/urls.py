from __future__ import annotations

from django.urls import path

from . import guide, price_views, views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("cases/new/", views.case_new, name="new"),
    path("cases/import/", views.case_import, name="import"),
    path("cases/<str:uid>/", views.case_detail, name="detail"),
    path("cases/<str:uid>/edit/", views.case_edit, name="edit"),
    path("cases/<str:uid>/add/<str:kind>/", views.case_add, name="add"),
    path("cases/<str:uid>/remove/", views.case_remove, name="remove"),
    path("cases/<str:uid>/prices/", views.price_search, name="prices"),
    path("cases/<str:uid>/prices/chosen/", price_views.price_chosen, name="price_chosen"),
    path("cases/<str:uid>/prices/set/", price_views.price_set, name="price_set"),
    path("cases/<str:uid>/prices/add/", price_views.price_add, name="price_add"),
    path("cases/<str:uid>/versions/<int:number>/charts/", views.case_charts, name="charts"),
    path("cases/<str:uid>/versions/", views.case_versions, name="versions"),
    path("cases/<str:uid>/versions/<int:number>.yaml", views.version_yaml, name="yaml"),
    path("cases/<str:uid>/download/<str:fmt>/", views.case_download, name="download"),
    path("cases/<str:uid>/delete/", views.case_delete, name="delete"),
    path("cases/<str:uid>/duplicate/", views.case_duplicate, name="duplicate"),
    path("cases/<str:uid>/stap/", guide.guide_start, name="guide_start"),
    path("cases/<str:uid>/stap/<str:step>/", guide.guide_step, name="guide"),
]

from . import method_views  # noqa: E402  (the method's forms, after the case's own views)

urlpatterns += [
    path("begrippen/", method_views.glossary, name="glossary"),
    path("cases/<str:uid>/setting/", method_views.case_setting, name="setting"),
    path("cases/<str:uid>/optional/", method_views.case_optional, name="optional"),
    path("cases/<str:uid>/uncertain/", method_views.case_uncertain, name="uncertain"),
    path("cases/<str:uid>/sensitivity/", method_views.case_sensitivity, name="sensitivity"),
    path("cases/<str:uid>/audit/", method_views.case_audit, name="audit"),
]

from . import history_views  # noqa: E402  (the history: one version, restore, vastgesteld)

urlpatterns += [
    path("cases/<str:uid>/versions/<int:number>/", history_views.version_detail, name="version"),
    path(
        "cases/<str:uid>/versions/<int:number>/restore/",
        history_views.version_restore,
        name="restore",
    ),
    path("cases/<str:uid>/versions/<int:number>/agree/", history_views.version_agree, name="agree"),
    path(
        "cases/<str:uid>/versions/<int:number>/download/<str:fmt>/",
        history_views.version_download,
        name="version_download",
    ),
]

from . import compare_views  # noqa: E402  (two versions compared, read only)

urlpatterns += [
    path("cases/<str:uid>/compare/", compare_views.compare_pick, name="compare_pick"),
    path("cases/<str:uid>/compare/<int:a>/<int:b>/", compare_views.case_compare, name="compare"),
]

from . import overview_views  # noqa: E402  (archiving a case, from the overview)

urlpatterns += [
    path("cases/<str:uid>/archive/", overview_views.case_archive, name="archive"),
    path("cases/<str:uid>/unarchive/", overview_views.case_unarchive, name="unarchive"),
]
