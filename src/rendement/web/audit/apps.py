from __future__ import annotations

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "rendement.web.audit"
    label = "audit"
    verbose_name = "Logboek"
