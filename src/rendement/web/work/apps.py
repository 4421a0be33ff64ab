from __future__ import annotations

from django.apps import AppConfig


class WorkConfig(AppConfig):
    name = "rendement.web.work"
    label = "work"
    verbose_name = "Achtergrondwerk"
