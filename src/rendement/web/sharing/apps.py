from __future__ import annotations

from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "rendement.web.sharing"
    label = "sharing"
    verbose_name = "Delen"
