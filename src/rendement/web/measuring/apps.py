from __future__ import annotations

from django.apps import AppConfig


class MeasuringConfig(AppConfig):
    name = "rendement.web.measuring"
    label = "measuring"
    verbose_name = "Metingen"
