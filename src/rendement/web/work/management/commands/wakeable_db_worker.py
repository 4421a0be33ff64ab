"""``db_worker`` of django-tasks-db whose sleep between two looks for work ends when the
server sends it :data:`~rendement.web.work.waking.WAKE` (see that module): what
``rendement serve`` starts beside the web server."""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands import db_worker

from ...waking import install


class Command(db_worker.Command):
    help = "django-tasks-db's db_worker, woken by its server when a job is started"

    def handle(self, *args: Any, **options: Any) -> None:
        install()
        super().handle(*args, **options)
