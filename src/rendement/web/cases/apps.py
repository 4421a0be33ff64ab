from __future__ import annotations

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "rendement.web.cases"
    label = "cases"
    verbose_name = "Business cases"

    def ready(self) -> None:
        # the editing layer looks in the cache the server processes share before parsing
        from ...model import editing
        from .services import shared_tree

        editing.ELSEWHERE = shared_tree
