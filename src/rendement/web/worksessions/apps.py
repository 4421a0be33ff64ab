from __future__ import annotations

from django.apps import AppConfig


class WorksessionsConfig(AppConfig):
    name = "rendement.web.worksessions"
    label = "worksessions"
    verbose_name = "Werksessies"
