from __future__ import annotations

from django.apps import AppConfig


class CohortsConfig(AppConfig):
    name = "rendement.web.cohorts"
    label = "cohorts"
    verbose_name = "Cliëntcasussen"
