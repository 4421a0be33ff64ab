from __future__ import annotations

from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "rendement.web.organisations"
    label = "organisations"
    verbose_name = "Organisaties"
