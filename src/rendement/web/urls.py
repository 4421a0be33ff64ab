"""The site's URLs: accounts (django-allauth), language switch, the cases, the client cases."""

from __future__ import annotations

from django.urls import include, path

urlpatterns = [
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("rendement.web.organisations.urls")),
    path("", include("rendement.web.cases.urls")),
    path("", include("rendement.web.cohorts.urls")),
    path("", include("rendement.web.measuring.urls")),
    path("", include("rendement.web.worksessions.urls")),
    path("", include("rendement.web.sharing.urls")),
    path("", include("rendement.web.work.urls")),
    path("", include("rendement.web.measuring.public_urls")),
]
