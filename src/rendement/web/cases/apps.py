from __future__ import annotations

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "rendement.web.cases"
    label = "cases"
    verbose_name = "Business cases"
